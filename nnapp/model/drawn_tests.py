"""The style-diverse test set of mouse-drawn digits, as test rows for a digit network.

:func:`drawn_test_rows` gives the drawings of a drawn set (by default
:data:`DRAWN_TEST_PATH`, the one nnapp ships) prepared exactly as the pad
prepares one for the document's network (:func:`~nnapp.engine.preprocess.preprocess`
for its input picture, then :func:`~nnapp.model.digits.input_vector`) as
:class:`~nnapp.model.evaluation.TestRows` that
:func:`~nnapp.model.evaluation.evaluate` scores like any others. Preparing
takes a second or two, so the pictures are kept per (file, input picture)
and the rows per normalisation as well: switching sources, or between the
two digit networks, is then instant.

A window must not wait that long: :class:`DrawnTestPreparer` reads and
prepares the set a piece at a time (``step(max_seconds)``), reports how
far it is, and keeps what it prepared where :func:`drawn_test_rows` finds
it; :func:`drawn_rows_ready` says whether it has, :func:`forget_prepared`
empties what is kept.

This module does not read or check the file (the file's arrays, and the
sentences saying what is wrong with them, are in
:mod:`~nnapp.model.drawn_set_file`) nor prepare a single drawing
(:mod:`~nnapp.model.prepared_drawings`): it ties the two to a document and
keeps what they made. A sibling file, ``drawn_validation.npz``, is for
choosing training settings; it is deliberately not read here. This module
draws nothing.
"""

from __future__ import annotations

from pathlib import Path

from nnapp.engine.datasets import DATASETS_DIR
from nnapp.text import tr

from .digits import N_DIGITS, digit_image_shape, digit_problem
from .data import normalise_rows
from .data_source import Normalisation, normalisation_of
from .document import Document
from .drawn_set_file import DrawnSetReader, _Pieces
from .errors import EditError
from .evaluation import EvaluationError, TestRows
from .prepared_drawings import DrawingPreparer, PreparedDrawings
from .words import counted

DRAWN_TEST_PATH = DATASETS_DIR / "drawn_test.npz"
"""The drawn test set that ships with nnapp."""

CACHE_SIZE = 4
"""Prepared sets (and row sets) kept: both digit pictures of one or two files."""


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
    normalisation = normalisation_of(doc.data_source)
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
                    tr("{digits} (style-diverse test set)").format(digits=counted(n, "drawn digit", "drawn digits")),
                    row_notes=prepared.notes, row_name="drawing", rows_name="drawings")
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


# --- the caches ------------------------------------------------------------------------------


def _file_key(path: Path) -> tuple:
    """The file as it is now: a file rewritten since is read again."""
    try:
        stat = path.stat()
    except OSError:
        raise EvaluationError(tr("the drawn test set is missing: there is no file {path}").format(path=path)) from None
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _normalisation_key(normalisation: Normalisation | None) -> Normalisation | None:
    return normalisation if normalisation is not None and normalisation.applies else None


def _remember(cache: dict, key: tuple, value) -> None:
    cache.pop(key, None)
    cache[key] = value
    while len(cache) > CACHE_SIZE:
        del cache[next(iter(cache))]


def forget_prepared() -> None:
    """Empty the caches (tests that time or count the preparing use it)."""
    _prepared.clear()
    _rows.clear()


__all__ = ["CACHE_SIZE", "DRAWN_TEST_PATH", "DrawnTestPreparer", "drawn_rows_ready", "drawn_test_rows",
           "forget_prepared"]
