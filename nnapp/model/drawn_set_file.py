"""The drawn-set ``.npz`` file: reading it and checking what it holds.

A drawn set (``nnapp/resources/datasets/drawn_test.npz`` is the one nnapp ships)
holds drawings made the way a person draws on the digit pad (a round pen on
a 280×280 pad, shrunk to 112×112), in many styles of writing each digit.
Its arrays:

``images``
    uint8, shape (n, 112, 112): ink high (0 paper, 255 full ink).
``labels``
    uint8, shape (n,): the digit drawn, 0…9.
``styles``
    int16, shape (n,): every drawing's index into ``style_names``.
``style_names``
    unicode, shape (n_styles,): e.g. "6 print-like, curled top".
``pen``
    float32, shape (n,): the pen's radius in pad pixels.

:class:`DrawnSetReader` checks the file and its small arrays at once and
decompresses the pictures a block of :data:`READ_BLOCK` at a time, so a
window need not wait; :func:`read_drawn_set` is the same reading run to the
end. Every problem is an :class:`~nnapp.model.evaluation.EvaluationError`
whose sentence says what is wrong with the file. ``_Pieces``, the
piece-at-a-time base the reader is made on, lives here too: the preparers
of :mod:`~nnapp.model.prepared_drawings` and :mod:`~nnapp.model.drawn_tests`
build on it.

This module does not prepare the drawings for a network
(:mod:`~nnapp.model.prepared_drawings` does), make test rows or keep
anything between calls (:mod:`~nnapp.model.drawn_tests` does), and knows
no default file. It draws nothing.
"""

from __future__ import annotations

import io
import time
import zipfile
import zlib
from pathlib import Path

import numpy as np

from nnapp.text import grouped_number, plural, tr

from .digits import N_DIGITS
from .evaluation import EvaluationError

DRAWN_KEYS = ("images", "labels", "styles", "style_names", "pen")
"""The arrays a drawn test set holds."""

READ_BLOCK = 64
"""Pictures read (decompressed) at a time: 64 of 112×112 take a few milliseconds."""


# --- work done a piece at a time -------------------------------------------------------------


class _Pieces:
    """Work done a piece at a time: :meth:`step` does the next pieces, :meth:`run` the rest.

    Attributes
    ----------
    done, total : int
        Pictures read or prepared so far, and in all.
    result
        What the work makes (None until :attr:`finished`).
    """

    done: int = 0
    total: int = 0
    result = None

    @property
    def finished(self) -> bool:
        return self.result is not None

    def step(self, max_seconds: float | None = None, max_pieces: int | None = None) -> bool:
        """Do at least one piece of the work, then more while less than ``max_seconds`` have
        passed and fewer than ``max_pieces`` are done (None: no limit).

        Returns
        -------
        bool
            True when the work is finished (:attr:`result` holds what it made).
        """
        start = time.perf_counter()
        pieces = 0
        while not self.finished:
            self._piece()
            pieces += 1
            if max_pieces is not None and pieces >= max_pieces:
                break
            if max_seconds is not None and time.perf_counter() - start >= max_seconds:
                break
        return self.finished

    def run(self):
        """Finish the work in one go and return its :attr:`result`."""
        self.step()
        return self.result

    def _piece(self) -> None:
        """Do the next piece of the work (and set :attr:`result` after the last)."""
        raise NotImplementedError


# --- reading ---------------------------------------------------------------------------------


def read_drawn_set(path: str | Path) -> dict[str, np.ndarray]:
    """The checked arrays of a drawn test set (see the module docstring).

    Returns
    -------
    dict
        ``images`` uint8 (n, h, w), ``labels`` int64 (n,), ``styles`` int64
        (n,), ``style_names`` str (n_styles,), ``pen`` float64 (n,).

    Raises
    ------
    EvaluationError
        The file is missing, cannot be read, lacks an array or holds
        arrays of the wrong shape or values.
    """
    return DrawnSetReader(path).run()


class DrawnSetReader(_Pieces):
    """A drawn test set read a block of :data:`READ_BLOCK` pictures at a time.

    Made, it has read the file, its small arrays and the pictures' header,
    and checked them all; :meth:`step` decompresses the pictures.

    Parameters
    ----------
    path : str or Path

    Attributes
    ----------
    done, total : int
        Pictures read so far, and in all.
    result : dict or None
        :func:`read_drawn_set`'s arrays, once :attr:`finished`.

    Raises
    ------
    EvaluationError
        The file is missing, cannot be read, lacks an array or holds
        arrays of the wrong shape or values; :meth:`step` raises it when
        the pictures cannot be decompressed.
    """

    def __init__(self, path: str | Path) -> None:
        path = Path(path)
        self.name = path.name
        if not path.is_file():
            raise EvaluationError(tr("the drawn test set is missing: there is no file {path}").format(path=path))
        self._stream = self._archive = None
        try:
            self._archive = np.load(io.BytesIO(path.read_bytes()), allow_pickle=False)
            if not isinstance(self._archive, np.lib.npyio.NpzFile):
                raise ValueError(tr("it holds one array, not an .npz archive of them"))
            arrays = {key: self._archive[key] for key in self._archive.files
                      if key in DRAWN_KEYS and key != "images"}
            if "images" in self._archive.files:
                images = self._open_images()
                arrays["images"] = images if images is not None else self._archive["images"]
        except (OSError, ValueError, zipfile.BadZipFile, EOFError, KeyError, zlib.error) as e:
            self._close()
            raise self._unreadable(e) from None
        try:
            self._check(arrays)
        except EvaluationError:
            self._close()
            raise
        self.arrays = arrays
        self.total = arrays["images"].shape[0]
        self.done = 0 if self._stream is not None else self.total
        if self._stream is None:
            self._finish()

    def _open_images(self) -> np.ndarray | None:
        """An empty array for the pictures, to be filled from :attr:`_stream`; None when
        they are stored in a way it does not stream (then they are read whole)."""
        member = "images.npy" if "images.npy" in self._archive.zip.namelist() else "images"
        stream = self._archive.zip.open(member)
        version = np.lib.format.read_magic(stream)
        if version in ((1, 0), (2, 0)):
            read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                           else np.lib.format.read_array_header_2_0)
            shape, fortran_order, dtype = read_header(stream)
            if not fortran_order and dtype == np.uint8 and len(shape) == 3:
                self._stream = stream
                return np.empty(shape, dtype=np.uint8)
        stream.close()               # read whole: np.load says what is wrong, or reads it
        return None

    def _unreadable(self, e: Exception) -> EvaluationError:
        return EvaluationError(tr("the drawn test set {name} cannot be read ({e}): it is damaged")
                               .format(name=self.name, e=e))

    def _check(self, arrays: dict[str, np.ndarray]) -> None:
        """Raise an EvaluationError saying what is wrong with ``arrays``, if anything is
        (the pictures' values are not looked at: any uint8 is ink)."""
        def damaged(why: str) -> EvaluationError:
            return EvaluationError(tr("the drawn test set {name} is damaged: {why}").format(name=self.name, why=why))

        missing = [key for key in DRAWN_KEYS if key not in arrays]
        if missing:
            raise damaged(tr("it has no {names} array").format(names=", ".join(repr(k) for k in missing)))
        images, labels, styles, names, pen = (arrays[k] for k in DRAWN_KEYS)
        if images.ndim != 3 or images.shape[0] == 0 or 0 in images.shape[1:]:
            raise damaged(tr("its images have shape {shape}, not (drawings, rows, columns)").format(shape=images.shape))
        n = images.shape[0]
        for key, a in (("labels", labels), ("styles", styles), ("pen", pen)):
            if a.shape != (n,):
                raise damaged(plural(n, "{count} image but {key} of shape {shape}",
                                     "{count} images but {key} of shape {shape}")
                              .format(count=grouped_number(n), key=key, shape=a.shape))
        if names.ndim != 1 or names.dtype.kind != "U":
            raise damaged(tr("its style names are not a list of texts"))
        if images.dtype != np.uint8:
            raise damaged(tr("its images are {dtype}, not 0…255 (uint8)").format(dtype=images.dtype))
        if labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= N_DIGITS:
            raise damaged(tr("a label is not a digit 0…9"))
        if styles.dtype.kind not in "iu" or styles.min() < 0 or styles.max() >= names.size:
            raise damaged(plural(names.size, "a style index is outside its {n} style name",
                                 "a style index is outside its {n} style names").format(n=names.size))
        if pen.dtype.kind not in "iuf" or not np.all(np.isfinite(pen)):
            raise damaged(tr("a pen radius is not a number"))

    def _piece(self) -> None:
        images = self.arrays["images"]
        start, stop = self.done, min(self.done + READ_BLOCK, self.total)
        block = images[start:stop]
        try:
            data = self._stream.read(block.nbytes)
            if len(data) != block.nbytes:
                raise EOFError(f"EOF: reading array data, expected {block.nbytes} bytes got {len(data)}")
            block[...] = np.frombuffer(data, dtype=np.uint8).reshape(block.shape)
        except (OSError, ValueError, zipfile.BadZipFile, EOFError, zlib.error) as e:
            self._close()
            raise self._unreadable(e) from None
        self.done = stop
        if stop == self.total:
            self._finish()

    def _finish(self) -> None:
        self._close()
        images, labels, styles, names, pen = (self.arrays[k] for k in DRAWN_KEYS)
        self.result = {"images": images, "labels": labels.astype(np.int64), "styles": styles.astype(np.int64),
                       "style_names": names.astype(str), "pen": pen.astype(np.float64)}

    def _close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if self._archive is not None:
            self._archive.close()


__all__ = ["DRAWN_KEYS", "READ_BLOCK", "DrawnSetReader", "read_drawn_set"]
