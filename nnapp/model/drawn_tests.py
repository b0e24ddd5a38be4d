"""The style-diverse test set of mouse-drawn digits, as test rows for a digit network.

``resources/datasets/drawn_test.npz`` holds drawings made the way a person
draws on the digit pad (a round pen on a 280×280 pad, shrunk to 112×112), in
many styles of writing each digit. Its arrays:

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

:func:`drawn_test_rows` prepares every drawing exactly as the pad prepares
one for the document's network (:func:`~nnapp.engine.preprocess.preprocess`
for its input picture, then :func:`~nnapp.model.digits.input_vector`) and
returns :class:`~nnapp.model.evaluation.TestRows` that
:func:`~nnapp.model.evaluation.evaluate` scores like any others. Preparing
takes a second or two, so the pictures are kept per (file, input picture)
and the rows per normalisation as well: switching sources, or between the
two digit networks, is then instant.

A window must not wait that long: :class:`DrawnTestPreparer` reads and
prepares the set a piece at a time (``step(max_seconds)``), reports how
far it is, and keeps what it prepared where :func:`drawn_test_rows` finds
it. The one-go functions are the same work run to the end
(:func:`read_drawn_set` is a :class:`DrawnSetReader`,
:func:`prepare_drawings` a :class:`DrawingPreparer`).

A sibling file, ``drawn_validation.npz``, is for choosing training settings;
it is deliberately not read here. This module draws nothing.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnapp.engine.datasets import DATASETS_DIR
from nnapp.engine.preprocess import preprocess

from .digits import N_DIGITS, digit_image_shape, digit_problem
from .data import normalise_rows
from .document import Document
from .errors import EditError
from .evaluation import EvaluationError, TestRows

DRAWN_TEST_PATH = DATASETS_DIR / "drawn_test.npz"
"""The drawn test set that ships with nnapp."""

DRAWN_KEYS = ("images", "labels", "styles", "style_names", "pen")
"""The arrays a drawn test set holds."""

CACHE_SIZE = 4
"""Prepared sets (and row sets) kept: both digit pictures of one or two files."""
READ_BLOCK = 64
"""Pictures read (decompressed) at a time: 64 of 112×112 take a few milliseconds."""


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


_prepared: dict[tuple, PreparedDrawings] = {}
_rows: dict[tuple, TestRows] = {}


def drawn_test_rows(doc: Document, path: str | Path | None = None) -> TestRows:
    """The drawn test set as test rows for the document's digit network.

    Parameters
    ----------
    doc : Document
        Its network must read digits (see :func:`~nnapp.model.digits.digit_problem`).
    path : str or Path or None
        The ``.npz`` file; None = :data:`DRAWN_TEST_PATH`.

    Returns
    -------
    TestRows
        ``inputs`` (n, 784 or 64) as the pad feeds them, ``images`` the
        prepared pictures (n, 28, 28) or (n, 8, 8), class names "0"…"9",
        ``row_notes`` the style of every drawing, ``row_name`` "drawing".
        The same object again while the file, the input picture and the
        data's normalisation stay the same.

    Raises
    ------
    EvaluationError
        The network does not read digits, or the file is missing or damaged.
    """
    path, shape, file_key = _target(doc, path)
    normalisation = (doc.data or {}).get("normalise")
    key = (file_key, shape, _normalisation_key(normalisation))
    rows = _rows.get(key)
    if rows is not None:
        return rows
    prepared = _prepared.get((file_key, shape))
    if prepared is None:
        prepared = DrawnTestPreparer(doc, path).run()
    n = prepared.labels.size
    try:
        inputs = normalise_rows(prepared.finals.reshape(n, -1), normalisation)
    except EditError as e:           # a normalisation for other columns
        raise EvaluationError(str(e)) from None
    rows = TestRows(inputs, prepared.labels, prepared.finals, [str(d) for d in range(N_DIGITS)],
                    f"{n:,} drawn digit" + ("" if n == 1 else "s") + " (style-diverse test set)",
                    row_notes=prepared.notes, row_name="drawing")
    _remember(_rows, key, rows)
    return rows


def drawn_rows_ready(doc: Document, path: str | Path | None = None) -> bool:
    """True when :func:`drawn_test_rows` would answer at once (nothing to read or prepare)."""
    try:
        _, shape, file_key = _target(doc, path)
    except EvaluationError:
        return True                  # it answers at once: with the error
    return (file_key, shape) in _prepared


def _target(doc: Document, path: str | Path | None) -> tuple[Path, tuple[int, int], tuple]:
    """(the file, the network's input picture, the file as it is now) for the document's drawn rows.

    Raises
    ------
    EvaluationError
        The network does not read digits, or the file is missing.
    """
    shape = digit_image_shape(doc)
    if shape is None:
        raise EvaluationError(digit_problem(doc))
    path = Path(DRAWN_TEST_PATH if path is None else path)
    return path, shape, _file_key(path)


# --- preparing a piece at a time -------------------------------------------------------------


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


class DrawingPreparer(_Pieces):
    """The drawings of a drawn test set prepared for one input picture, one drawing a piece.

    Parameters
    ----------
    arrays : dict
        :func:`read_drawn_set`'s arrays.
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
        notes = np.array([f"style: {names[s]}, brush {2 * r:.0f} px"
                          for s, r in zip(self.arrays["styles"], self.arrays["pen"])], dtype=str)
        self.result = PreparedDrawings(self._finals, self.arrays["labels"], notes)


class DrawnTestPreparer(_Pieces):
    """The drawn test set read and prepared for a document's network, a piece at a time.

    Made for the document's network as it is now (reading the small arrays
    and checking the file at once); :meth:`step` then reads the pictures a
    block at a time and prepares them a drawing at a time. When it has
    finished, the prepared set is kept where :func:`drawn_test_rows` looks,
    so that it, and :func:`drawn_rows_ready`, answer at once.

    Parameters
    ----------
    doc : Document
    path : str or Path or None
        The ``.npz`` file; None = :data:`DRAWN_TEST_PATH`.

    Attributes
    ----------
    shape : tuple of int
        The input picture it prepares for.
    done, total : int
        Drawings prepared so far (0 while the pictures are read), and in all.
    result : PreparedDrawings or None
        The prepared set, once :attr:`finished`.

    Raises
    ------
    EvaluationError
        The network does not read digits, or the file is missing or damaged
        (as :func:`drawn_test_rows` says it); :meth:`step` raises it too
        when the pictures turn out damaged.
    """

    def __init__(self, doc: Document, path: str | Path | None = None) -> None:
        self.path, self.shape, self._file_key = _target(doc, path)
        self.done = 0
        self._reader: DrawnSetReader | None = None
        self._preparer: DrawingPreparer | None = None
        kept = _prepared.get(self._key)
        if kept is not None:
            self.total, self.done, self.result = kept.labels.size, kept.labels.size, kept
        else:
            self._reader = DrawnSetReader(self.path)
            self.total = self._reader.total

    @property
    def _key(self) -> tuple:
        return (self._file_key, self.shape)

    def serves(self, doc: Document, path: str | Path | None = None) -> bool:
        """True when this is what :func:`drawn_test_rows` needs for ``doc`` and ``path``
        (the same file, not written since, and the same input picture)."""
        try:
            _, shape, file_key = _target(doc, path)
        except EvaluationError:
            return False
        return (file_key, shape) == self._key

    def _piece(self) -> None:
        if self._preparer is None:
            self._reader.step(max_pieces=1)
            if self._reader.finished:
                self._preparer = DrawingPreparer(self._reader.result, self.shape)
                self._reader = None
            return
        self._preparer.step(max_drawings=1)
        self.done = self._preparer.done
        if self._preparer.finished:
            self.result = self._preparer.result
            _remember(_prepared, self._key, self.result)


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
            raise EvaluationError(f"the drawn test set is missing: there is no file {path}")
        self._stream = self._archive = None
        try:
            self._archive = np.load(io.BytesIO(path.read_bytes()), allow_pickle=False)
            if not isinstance(self._archive, np.lib.npyio.NpzFile):
                raise ValueError("it holds one array, not an .npz archive of them")
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
        return EvaluationError(f"the drawn test set {self.name} cannot be read ({e}): it is damaged")

    def _check(self, arrays: dict[str, np.ndarray]) -> None:
        """Raise an EvaluationError saying what is wrong with ``arrays``, if anything is
        (the pictures' values are not looked at: any uint8 is ink)."""
        def damaged(why: str) -> EvaluationError:
            return EvaluationError(f"the drawn test set {self.name} is damaged: {why}")

        missing = [key for key in DRAWN_KEYS if key not in arrays]
        if missing:
            raise damaged("it has no " + ", ".join(repr(k) for k in missing) + " array")
        images, labels, styles, names, pen = (arrays[k] for k in DRAWN_KEYS)
        if images.ndim != 3 or images.shape[0] == 0 or 0 in images.shape[1:]:
            raise damaged(f"its images have shape {images.shape}, not (drawings, rows, columns)")
        n = images.shape[0]
        for key, a in (("labels", labels), ("styles", styles), ("pen", pen)):
            if a.shape != (n,):
                raise damaged(f"{n:,} images but {key} of shape {a.shape}")
        if names.ndim != 1 or names.dtype.kind != "U":
            raise damaged("its style names are not a list of texts")
        if images.dtype != np.uint8:
            raise damaged(f"its images are {images.dtype}, not 0…255 (uint8)")
        if labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= N_DIGITS:
            raise damaged("a label is not a digit 0…9")
        if styles.dtype.kind not in "iu" or styles.min() < 0 or styles.max() >= names.size:
            raise damaged(f"a style index is outside its {names.size} style names")
        if pen.dtype.kind not in "iuf" or not np.all(np.isfinite(pen)):
            raise damaged("a pen radius is not a number")

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


def prepare_drawings(arrays: dict[str, np.ndarray], shape: tuple[int, int]) -> PreparedDrawings:
    """Every drawing of :func:`read_drawn_set`'s ``arrays`` prepared as the pad
    prepares one for a network reading ``shape`` (28, 28) or (8, 8) pictures
    (a :class:`DrawingPreparer` run to the end)."""
    return DrawingPreparer(arrays, shape).run()


# --- the caches ------------------------------------------------------------------------------


def _file_key(path: Path) -> tuple:
    """The file as it is now: a file rewritten since is read again."""
    try:
        stat = path.stat()
    except OSError:
        raise EvaluationError(f"the drawn test set is missing: there is no file {path}") from None
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _normalisation_key(entry: dict | None) -> str:
    if not entry or entry.get("method", "none") == "none":
        return ""
    return json.dumps(entry, sort_keys=True, default=lambda a: np.asarray(a).tolist())


def _remember(cache: dict, key: tuple, value) -> None:
    cache.pop(key, None)
    cache[key] = value
    while len(cache) > CACHE_SIZE:
        del cache[next(iter(cache))]


def forget_prepared() -> None:
    """Empty the caches (tests that time or count the preparing use it)."""
    _prepared.clear()
    _rows.clear()


__all__ = ["CACHE_SIZE", "DRAWN_KEYS", "DRAWN_TEST_PATH", "READ_BLOCK", "DrawingPreparer", "DrawnSetReader",
           "DrawnTestPreparer", "PreparedDrawings", "drawn_rows_ready", "drawn_test_rows", "forget_prepared",
           "prepare_drawings", "read_drawn_set"]
