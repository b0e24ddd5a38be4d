"""The drawings of a drawn set prepared for a network, a piece at a time.

:class:`DrawingPreparer` takes the arrays that
:func:`~nnapp.model.drawn_set_file.read_drawn_set` gives and prepares every
drawing exactly as the digit pad prepares one for a network reading (28, 28)
or (8, 8) pictures (:func:`~nnapp.engine.preprocess.preprocess`, the pad's
``final``), one drawing a piece, so that a window need not wait;
:func:`prepare_drawings` is the same work run to the end. What it makes is
a :class:`PreparedDrawings`: the pictures, the labels and a note naming
every drawing's style and brush.

This module does not read or check the file
(:mod:`~nnapp.model.drawn_set_file` does), and does not normalise the
pictures into test rows for a document or keep anything between calls
(:mod:`~nnapp.model.drawn_tests` does). It draws nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnapp.engine.preprocess import preprocess
from nnapp.text import tr

from .drawn_set_file import _Pieces


@dataclass(eq=False)
class PreparedDrawings:
    """A drawn test set prepared for one input picture.

    Attributes
    ----------
    finals : ndarray, shape (n, rows, cols), float64
        Every drawing as the network sees it, values 0…1 (the pad's ``final``).
    labels : ndarray of int64, shape (n,)
    notes : ndarray of str, shape (n,)
        "style: <name>, brush <diameter> px" for every drawing (the brush as
        the pad's Brush box gives it: the pen's diameter).
    """

    finals: np.ndarray
    labels: np.ndarray
    notes: np.ndarray


class DrawingPreparer(_Pieces):
    """The drawings of a drawn test set prepared for one input picture, one drawing a piece.

    Parameters
    ----------
    arrays : dict
        :func:`~nnapp.model.drawn_set_file.read_drawn_set`'s arrays.
    shape : tuple of int
        The network's input picture, (28, 28) or (8, 8).

    Attributes
    ----------
    done, total : int
        Drawings prepared so far, and in all.
    result : PreparedDrawings or None
        The prepared set, once :attr:`finished`.
    """

    def __init__(self, arrays: dict[str, np.ndarray], shape: tuple[int, int]) -> None:
        self.arrays = arrays
        self.shape = tuple(shape)
        self.total = arrays["images"].shape[0]
        self.done = 0
        self._finals = np.empty((self.total, *self.shape), dtype=np.float64)
        if self.total == 0:
            self._finish()

    def step(self, max_seconds: float | None = None, max_drawings: int | None = None) -> bool:
        """Prepare at least one more drawing, then more while less than ``max_seconds`` have
        passed and fewer than ``max_drawings`` are prepared (None: no limit); True when all are."""
        return super().step(max_seconds, max_drawings)

    def _piece(self) -> None:
        i = self.done
        self._finals[i] = preprocess(self.arrays["images"][i], self.shape).final
        self.done = i + 1
        if self.done == self.total:
            self._finish()

    def _finish(self) -> None:
        names = self.arrays["style_names"]
        note = tr("style: {style}, brush {diameter:.0f} px")
        notes = np.array([note.format(style=names[s], diameter=2 * r)
                          for s, r in zip(self.arrays["styles"], self.arrays["pen"])], dtype=str)
        self.result = PreparedDrawings(self._finals, self.arrays["labels"], notes)


def prepare_drawings(arrays: dict[str, np.ndarray], shape: tuple[int, int]) -> PreparedDrawings:
    """Every drawing of :func:`~nnapp.model.drawn_set_file.read_drawn_set`'s
    ``arrays`` prepared as the pad prepares one for a network reading
    ``shape`` (28, 28) or (8, 8) pictures (a :class:`DrawingPreparer` run to
    the end)."""
    return DrawingPreparer(arrays, shape).run()


__all__ = ["DrawingPreparer", "PreparedDrawings", "prepare_drawings"]
