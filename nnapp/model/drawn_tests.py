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

A sibling file, ``drawn_validation.npz``, is for choosing training settings;
it is deliberately not read here. This module draws nothing.
"""

from __future__ import annotations

import json
import zipfile
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
    shape = digit_image_shape(doc)
    if shape is None:
        raise EvaluationError(digit_problem(doc))
    path = Path(DRAWN_TEST_PATH if path is None else path)
    file_key = _file_key(path)
    normalisation = (doc.data or {}).get("normalise")
    key = (file_key, shape, _normalisation_key(normalisation))
    rows = _rows.get(key)
    if rows is not None:
        return rows
    prepared = _prepared.get((file_key, shape))
    if prepared is None:
        prepared = prepare_drawings(read_drawn_set(path), shape)
        _remember(_prepared, (file_key, shape), prepared)
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
    shape = digit_image_shape(doc)
    if shape is None:
        return True                  # it answers at once: with an error
    try:
        file_key = _file_key(Path(DRAWN_TEST_PATH if path is None else path))
    except EvaluationError:
        return True
    return (file_key, shape) in _prepared


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
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise EvaluationError(f"the drawn test set is missing: there is no file {path}")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files if key in DRAWN_KEYS}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError, KeyError) as e:
        raise EvaluationError(f"the drawn test set {name} cannot be read ({e}): it is damaged") from None

    def damaged(why: str) -> EvaluationError:
        return EvaluationError(f"the drawn test set {name} is damaged: {why}")

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
    return {"images": images, "labels": labels.astype(np.int64), "styles": styles.astype(np.int64),
            "style_names": names.astype(str), "pen": pen.astype(np.float64)}


def prepare_drawings(arrays: dict[str, np.ndarray], shape: tuple[int, int]) -> PreparedDrawings:
    """Every drawing of :func:`read_drawn_set`'s ``arrays`` prepared as the pad
    prepares one for a network reading ``shape`` (28, 28) or (8, 8) pictures."""
    images = arrays["images"]
    finals = np.empty((images.shape[0], *shape), dtype=np.float64)
    for i, picture in enumerate(images):
        finals[i] = preprocess(picture, shape).final
    names = arrays["style_names"]
    notes = np.array([f"style: {names[s]}, brush {2 * r:.0f} px"
                      for s, r in zip(arrays["styles"], arrays["pen"])], dtype=str)
    return PreparedDrawings(finals, arrays["labels"], notes)


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


__all__ = ["CACHE_SIZE", "DRAWN_KEYS", "DRAWN_TEST_PATH", "PreparedDrawings", "drawn_rows_ready",
           "drawn_test_rows", "forget_prepared", "prepare_drawings", "read_drawn_set"]
