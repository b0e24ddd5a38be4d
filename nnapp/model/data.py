"""The data a document names: from its ``"data"`` section to a Dataset.

A file's data section names a built-in dataset (``{"dataset": "gender"}``),
a CSV file (``{"csv": path, "inputs": [...], "targets": [...]}``), the IDX
files of an MNIST-style database (``{"idx": {"train_images": path,
"train_labels": path, "test_images": path, "test_labels": path}, "options":
{"split": "train"}}``) or holds the rows inline. Relative file paths start at
the document's folder. :func:`dataset_for` turns any of them into an engine
:class:`~nnapp.engine.datasets.Dataset` and checks that its columns fit the
network.

A section may also say how the input columns are normalised before they
reach the network: ``"normalise": {"method": "standardise", "shift": [...],
"scale": [...]}`` means x' = (x − shift) / scale, column by column. The
numbers are computed once, from the training rows, when the user chooses a
method (:func:`normalisation_for`), and stored, so every later use of the
data — training, a sample fed on the canvas, the command line — sees the
same x'. Without the key the inputs are used as they are.

:class:`SetData` is the undoable edit that chooses the data (and, if asked,
the validation split and seed that go with it).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import threading
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from nnapp.engine.csvdata import CsvError, read_csv
from nnapp.engine.datasets import Dataset, DatasetError, dataset_options, load_dataset
from nnapp.engine.idx import PAIRS, IdxError, mnist_dataset
from nnapp.engine.metrics import is_classification
from nnapp.engine.network import Network
from nnapp.engine.serialize import NORMALISE_METHODS, FileFormatError, check_data
from nnapp.engine.settings import SettingsError

from .commands import Command
from .document import Document
from .errors import EditError, ShapeMismatch, ValueRefused

# --- reading ------------------------------------------------------------------------


def load_section(section: dict, base: Path | None = None, net: Network | None = None) -> Dataset:
    """The rows a data section names, as they are (not normalised, not checked
    against a network).

    The Datasets of built-in datasets, CSV files and IDX files are kept in a
    small cache (:data:`CACHE_MAX_ENTRIES` of them, :data:`CACHE_MAX_BYTES`
    together), so the views that show the data after a change do not read
    the files again. An entry is used only while every file it was read
    from has the same path, inode, size and modification time. The cached
    Dataset is shared: its arrays are read-only, and callers must not
    change it (:func:`normalise` and ``Dataset.subset`` make new ones).

    Parameters
    ----------
    section : dict
        A data section (not None).
    base : Path or None
        The folder relative CSV and IDX paths start from.
    net : Network or None
        Gives the column names of rows written in the file (x1, x2 …, o1 …);
        without it they are called "input 1" … and "target 1" ….

    Returns
    -------
    Dataset
        ``X`` shape (n_samples, n_columns), ``Y`` shape (n_samples, n_targets).

    Raises
    ------
    DatasetError, CsvError
        The dataset, the CSV file or the IDX files cannot be read or used.
    """
    key = _cache_key(section, base)
    if key is None:
        return _read_section(section, base, net)
    with _cache_lock:
        hit = _cache.pop(key, None)
        if hit is not None:
            _cache[key] = hit          # the most recently used comes last
            return hit
    ds = _read_section(section, base, net)
    _freeze(ds)
    _remember(key, ds)
    return ds


def _read_section(section: dict, base: Path | None, net: Network | None) -> Dataset:
    if "dataset" in section:
        return load_dataset(section["dataset"], **dict(section.get("options") or {}))
    if "idx" in section:
        try:
            return mnist_dataset(idx_paths(section, base), idx_split(section))
        except IdxError as e:
            raise DatasetError(str(e)) from None
    if "csv" in section:
        path = csv_path(section, base)
        table = read_csv(path, has_header=section.get("header"))
        return table.to_dataset(
            section["inputs"], section["targets"], name=path.stem,
            one_hot_target=bool(section.get("one_hot", False)),
        )
    X = np.asarray(section["inputs"], dtype=np.float64)
    Y = np.asarray(section["targets"], dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 2:
        raise DatasetError("rows written in the file must be lists of numbers, one list per sample")
    if net is not None and (X.shape[1], Y.shape[1]) == (net.n_inputs, net.n_outputs):
        names = net.all_neuron_names()
        input_names, target_names = names[0], names[-1]
    else:
        input_names = [f"input {j + 1}" for j in range(X.shape[1])]
        target_names = [f"target {j + 1}" for j in range(Y.shape[1])]
    classification = is_classification(Y)
    return Dataset(
        name="data", title="the rows in the file", X=X, Y=Y,
        input_names=input_names, target_names=target_names, row_labels=section.get("row_labels"),
        task="classification" if classification else "regression",
        class_names=(["0", "1"] if Y.shape[1] == 1 else list(target_names)) if classification else None,
    )



# --- the cache of read data ---------------------------------------------------------

CACHE_MAX_ENTRIES = 4
"""Datasets kept by :func:`load_section`."""

CACHE_MAX_BYTES = 512 * 1024 * 1024
"""Bytes of arrays kept by :func:`load_section` together; a larger Dataset is not kept."""

_cache: dict[tuple, Dataset] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every Dataset :func:`load_section` keeps."""
    with _cache_lock:
        _cache.clear()


def cached_bytes() -> int:
    """Bytes of arrays the cache of :func:`load_section` holds."""
    with _cache_lock:
        return sum(_nbytes(ds) for ds in _cache.values())


def _cache_key(section: dict, base: Path | None) -> tuple | None:
    """What a read of ``section`` depends on: the section (without its
    normalisation, which reading ignores), file paths made absolute, and the
    identity of each file; None when it is not worth keeping (rows written
    in the section) or a file cannot be looked at (the read says why)."""
    if not isinstance(section, dict):
        return None
    keyed = {k: v for k, v in section.items() if k != "normalise"}
    try:
        if "dataset" in section:
            files: list[Path] = []
        elif "csv" in section:
            files = [csv_path(section, base)]
            keyed["csv"] = os.path.abspath(files[0])
        elif "idx" in section and isinstance(section["idx"], dict):
            paths = idx_paths(section, base)
            files = [paths[role] for role in sorted(paths)]
            keyed["idx"] = {role: os.path.abspath(p) for role, p in paths.items()}
        else:
            return None
        identities = []
        for path in files:
            st = os.stat(path)
            identities.append((os.path.abspath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        text = json.dumps(keyed, sort_keys=True, allow_nan=True)
    except (OSError, TypeError, ValueError, RecursionError):
        return None
    return text, tuple(identities)


def _nbytes(ds: Dataset) -> int:
    return int(ds.X.nbytes + ds.Y.nbytes + sum(np.asarray(row).nbytes for row in ds.extra.values()))


def _freeze(ds: Dataset) -> None:
    """Make the arrays of a Dataset that is about to be shared read-only."""
    for a in (ds.X, ds.Y, *ds.extra.values()):
        if isinstance(a, np.ndarray):
            a.setflags(write=False)


def _remember(key: tuple, ds: Dataset) -> None:
    size = _nbytes(ds)
    if size > CACHE_MAX_BYTES:
        return
    with _cache_lock:
        _cache.pop(key, None)
        _cache[key] = ds
        while len(_cache) > CACHE_MAX_ENTRIES:
            del _cache[next(iter(_cache))]          # the least recently used
        total = sum(_nbytes(d) for d in _cache.values())
        while total > CACHE_MAX_BYTES:
            largest = max((k for k in _cache if k != key), key=lambda k: _nbytes(_cache[k]))
            total -= _nbytes(_cache.pop(largest))


def csv_path(section: dict, base: Path | None = None) -> Path:
    """The CSV file of a section; a relative path starts at ``base``."""
    path = Path(section["csv"])
    if not path.is_absolute() and base is not None:
        path = base / path
    return path


def idx_paths(section: dict, base: Path | None = None) -> dict[str, Path]:
    """The IDX files of a section by role ("train_images" …); a relative path starts at ``base``."""
    paths = {}
    for role, name in section["idx"].items():
        path = Path(name)
        if not path.is_absolute() and base is not None:
            path = base / path
        paths[role] = path
    return paths


def idx_split(section: dict) -> str:
    """The rows an IDX section gives: "train" (the default), "test" or "all"."""
    return (section.get("options") or {}).get("split", "train")


def describe_source(section: dict, base: Path | None = None) -> str:
    """How messages name the data: "the dataset 'gender'", a CSV path, "the
    IDX files in /data/mnist", "the data in the file"."""
    if "dataset" in section:
        return f"the dataset {section['dataset']!r}"
    if "csv" in section:
        return str(csv_path(section, base))
    if "idx" in section:
        paths = idx_paths(section, base)
        folders = {p.parent for p in paths.values()}
        if len(folders) == 1:
            return f"the IDX files in {folders.pop()}"
        return "the IDX files " + ", ".join(str(p) for p in paths.values())
    return "the data in the file"


def fixed_test_section(section: dict | None) -> dict | None:
    """The data section of the fixed test rows that go with ``section``, or None.

    A built-in dataset with a ``split`` option (the digit sets) and IDX files
    with a test pair have test rows kept apart from training: the answer is
    ``section`` with ``options.split`` set to "test" (its normalisation kept).
    Other data has none.
    """
    if not section:
        return None
    if "dataset" in section:
        try:
            has_split = "split" in dataset_options(section["dataset"])
        except DatasetError:
            return None
        if not has_split:
            return None
    elif "idx" in section:
        if not all(role in section["idx"] for role in PAIRS["test"]):
            return None
    else:
        return None
    test = copy.deepcopy(section)
    test["options"] = {**(test.get("options") or {}), "split": "test"}
    return test


def absolute_paths(section: dict | None, folder: Path) -> dict | None:
    """A copy of ``section`` whose relative CSV and IDX paths start at ``folder``
    (a document holds absolute paths while it is open)."""
    if not section:
        return section
    section = copy.deepcopy(section)
    if "csv" in section:
        section["csv"] = str(csv_path(section, folder))
    if isinstance(section.get("idx"), dict):
        section["idx"] = {role: str(path) for role, path in idx_paths(section, folder).items()}
    return section


def relative_paths(section: dict | None, folder: Path) -> dict | None:
    """A copy of ``section`` whose absolute CSV and IDX paths are relative to
    ``folder`` (as a file writes them, so the two can be moved together).
    A path on another drive stays absolute."""
    if not section:
        return section
    section = copy.deepcopy(section)

    def relative(name: str) -> str:
        if not Path(name).is_absolute():
            return name
        try:
            return Path(os.path.relpath(name, folder)).as_posix()
        except ValueError:    # another drive on Windows
            return name

    if "csv" in section:
        section["csv"] = relative(section["csv"])
    if isinstance(section.get("idx"), dict):
        section["idx"] = {role: relative(name) for role, name in section["idx"].items()}
    return section


def dataset_for(section: dict, net: Network, base: Path | None = None, *, normalised: bool = True) -> Dataset:
    """The Dataset a data section names; relative CSV and IDX paths start at ``base``.

    Parameters
    ----------
    section : dict
    net : Network
        The inputs and outputs the data must fit.
    base : Path or None
    normalised : bool
        Apply the section's ``"normalise"`` entry to ``X`` and to the extra
        rows (the default), or give the inputs as they are.

    Returns
    -------
    Dataset
        ``X`` shape (n_samples, net.n_inputs), ``Y`` shape (n_samples, net.n_outputs).

    Raises
    ------
    ShapeMismatch
        The data has another number of input or target columns than the
        network has inputs or outputs, or the normalisation another number
        of columns than the data.
    DatasetError, CsvError, OSError
        The dataset or the CSV file cannot be read.
    """
    ds = load_section(section, base, net)
    check_shape(ds, net, describe_source(section, base))
    if normalised and section.get("normalise") is not None:
        ds = normalise(ds, section["normalise"])
    return ds


def check_shape(ds: Dataset, net: Network, source: str) -> None:
    """Raise :class:`ShapeMismatch` unless ``ds`` fits the inputs and outputs
    of ``net``; ``source`` names the data in the message."""
    if ds.n_inputs != net.n_inputs:
        raise ShapeMismatch(
            f"{source} has {_plural(ds.n_inputs, 'input column')}, but the network has "
            f"{_plural(net.n_inputs, 'input')}"
        )
    if ds.n_outputs != net.n_outputs:
        raise ShapeMismatch(
            f"{source} has {_plural(ds.n_outputs, 'target column')}, but the network has "
            f"{_plural(net.n_outputs, 'output')}"
        )


def shape_problem(ds: Dataset, net: Network, section: dict | None = None) -> str | None:
    """Why ``ds`` does not fit ``net``, with the two ways to fix it; None if it fits.

    E.g. "the network has 2 inputs, the data has 3 input columns: add an
    input neuron or choose 2 columns". ``section`` (the data section ``ds``
    comes from) tailors the second fix: columns for a CSV file, other data
    for a built-in dataset.
    """
    csv = section is not None and "csv" in section
    one_hot = csv and bool(section.get("one_hot"))
    if ds.n_inputs != net.n_inputs:
        have, want = net.n_inputs, ds.n_inputs
        fix = _neuron_fix(have, want, "input")
        other = (f"choose {_plural(have, 'input column')}" if csv
                 else f"choose data with {_plural(have, 'input column')}")
        return (f"the network has {_plural(have, 'input')}, the data has "
                f"{_plural(want, 'input column')}: {fix} or {other}")
    if ds.n_outputs != net.n_outputs:
        have, want = net.n_outputs, ds.n_outputs
        fix = _neuron_fix(have, want, "output")
        if one_hot:
            columns = f"{want} target columns (one per class)"
            other = ("leave the labels as one column (not one-hot)" if have == 1
                     else f"choose a label column with {have} classes")
        else:
            columns = _plural(want, "target column")
            other = (f"choose {_plural(have, 'target column')}" if csv
                     else f"choose data with {_plural(have, 'target column')}")
        return f"the network has {_plural(have, 'output')}, the data has {columns}: {fix} or {other}"
    return None


def _neuron_fix(have: int, want: int, role: str) -> str:
    d = abs(want - have)
    neurons = f"an {role} neuron" if d == 1 else f"{d} {role} neurons"
    return f"add {neurons}" if want > have else f"remove {neurons}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# --- normalisation ----------------------------------------------------------------------


def training_rows(ds: Dataset, validation_split: float, seed: int) -> np.ndarray:
    """Indices, shape (n_train,), of the rows training uses with this split and seed
    (every row for a split of 0); see :meth:`Dataset.split_indices`."""
    return ds.split_indices(validation_split, seed)[0]


def normalisation_for(ds: Dataset, method: str, rows: Sequence[int] | np.ndarray | None = None) -> dict:
    """The ``"normalise"`` entry of a data section for ``method``, computed from some rows.

    Parameters
    ----------
    ds : Dataset
        The data as read, not normalised; ``X`` shape (n_samples, n_inputs).
    method : str
        "none"; "standardise": shift = mean, scale = standard deviation
        (population, ÷ n), so the column gets mean 0 and standard deviation
        1; "minmax": shift = min, scale = max − min, so it runs from 0 to 1.
    rows : sequence of int, or None
        The rows to compute from — the training rows, so validation rows stay
        unseen (see :func:`training_rows`); None = every row.

    Returns
    -------
    dict
        ``{"method": "none"}``, or ``{"method": m, "shift": [...], "scale": [...]}``
        with one float per input column. A column whose values are all the
        same gets scale 1 (it becomes all 0), so nothing is divided by 0.
    """
    if method not in NORMALISE_METHODS:
        raise ValueRefused(
            f"unknown normalisation {method!r}; choose one of {', '.join(NORMALISE_METHODS)}"
        )
    if method == "none":
        return {"method": "none"}
    X = ds.X if rows is None else ds.X[np.asarray(rows, dtype=np.int64)]
    if X.shape[0] == 0:
        raise ValueRefused("a normalisation needs at least one row to compute from")
    if method == "standardise":
        shift = X.mean(axis=0)
        scale = X.std(axis=0)
    else:
        shift = X.min(axis=0)
        scale = X.max(axis=0) - shift
    # a constant column (or one whose spread is lost in rounding) is only shifted
    scale = np.where(scale > 1e-12 * np.maximum(1.0, np.abs(shift)), scale, 1.0)
    return {"method": method, "shift": [float(v) for v in shift], "scale": [float(v) for v in scale]}


def normalise_rows(X, normalisation: dict | None) -> np.ndarray:
    """x' = (x − shift) / scale for every row of ``X``.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_inputs) or (n_inputs,)
    normalisation : dict or None
        A ``"normalise"`` entry; None or method "none" returns ``X`` as floats.

    Returns
    -------
    ndarray, same shape as ``X``, float64
    """
    X = np.asarray(X, dtype=np.float64)
    if not normalisation or normalisation.get("method", "none") == "none":
        return X.copy()
    shift = np.asarray(normalisation["shift"], dtype=np.float64)
    scale = np.asarray(normalisation["scale"], dtype=np.float64)
    if X.shape[-1] != shift.size or scale.size != shift.size:
        raise ShapeMismatch(
            f"the normalisation has {_plural(shift.size, 'column')}, the data has "
            f"{_plural(X.shape[-1], 'input column')}: choose the normalisation again"
        )
    return (X - shift) / scale


def normalise(ds: Dataset, normalisation: dict | None) -> Dataset:
    """A copy of ``ds`` whose ``X`` and extra rows are normalised (see :func:`normalise_rows`)."""
    if not normalisation or normalisation.get("method", "none") == "none":
        return ds
    return dataclasses.replace(
        ds,
        X=normalise_rows(ds.X, normalisation),
        extra={name: normalise_rows(row, normalisation) for name, row in ds.extra.items()},
    )


def normalisation_method(section: dict | None) -> str:
    """The section's normalisation method ("none" when it has none)."""
    entry = (section or {}).get("normalise") or {}
    return entry.get("method", "none")


# --- the command ------------------------------------------------------------------------


class SetData(Command):
    """Choose the document's data: a new ``doc.data`` section, undoable.

    Parameters
    ----------
    section : dict or None
        A data section as the file format holds it (None: no data). Its
        ``"normalise"`` entry may give only the method
        (``{"method": "standardise"}``): the shift and scale are then
        computed from the training rows, with the split and seed below.
    text : str
        What the undo history calls the edit.
    validation_split, seed : float, int or None
        New ``doc.training.validation_split`` and ``seed``; None keeps the
        document's.
    base : Path or None
        Folder of relative CSV and IDX paths; by default the document's folder.

    Raises (from :meth:`do`, before anything changes)
    ------
    ShapeMismatch
        The data's columns do not fit the network's inputs and outputs; the
        message says how to fix it.
    EditError
        The section is malformed, or its dataset or CSV file cannot be read.
    ValueRefused
        The split or the seed is out of range.
    """

    def __init__(self, section: dict | None, text: str = "Choose data", *,
                 validation_split: float | None = None, seed: int | None = None,
                 base: Path | None = None) -> None:
        self.section = copy.deepcopy(section)
        self.text = text
        self.validation_split = validation_split
        self.seed = seed
        self.base = base
        self.dataset: Dataset | None = None
        """The data as read (not normalised), after the first ``do``."""
        self._old: tuple[dict | None, Any] | None = None
        self._new: tuple[dict | None, Any] | None = None

    def do(self, doc: Document) -> None:
        if self._new is None:
            new = self._prepare(doc)
            self._old = (copy.deepcopy(doc.data), doc.training)
            self._new = new
        data, training = self._new
        _set(doc, data, training)

    def undo(self, doc: Document) -> None:
        assert self._old is not None, "undo before do"
        data, training = self._old
        _set(doc, data, training)

    def _prepare(self, doc: Document) -> tuple[dict | None, Any]:
        """(checked section, training settings) for the first do; raises before any change."""
        training = doc.training
        changes = {}
        if self.validation_split is not None:
            changes["validation_split"] = self.validation_split
        if self.seed is not None:
            changes["seed"] = self.seed
        if changes:
            try:
                training = dataclasses.replace(training, **changes).validate()
            except SettingsError as e:
                raise ValueRefused(str(e)) from None
        section = self.section
        if section is None:
            return None, training
        if not isinstance(section, dict):
            raise EditError(f"a data section is a dict, not {type(section).__name__}")
        net = doc.network()
        base = self.base if self.base is not None else (Path(doc.path).parent if doc.path else None)
        normalisation = section.get("normalise")
        bare = {k: v for k, v in section.items() if k != "normalise"}
        try:
            check_data(bare)
        except FileFormatError as e:
            raise EditError(str(e)) from None
        try:
            ds = load_section(bare, base, net)
        except (DatasetError, CsvError, OSError) as e:
            raise EditError(f"{describe_source(bare, base)} cannot be used: {e}") from None
        if net is not None:
            problem = shape_problem(ds, net, bare)
            if problem is not None:
                raise ShapeMismatch(problem)
        self.dataset = ds
        if isinstance(normalisation, dict) and set(normalisation) == {"method"}:
            method = normalisation["method"]
            if method != "none":
                try:
                    rows = training_rows(ds, training.validation_split, training.seed)
                except DatasetError as e:
                    raise EditError(str(e)) from None
                normalisation = normalisation_for(ds, method, rows)
        if normalisation is not None:
            bare["normalise"] = normalisation
        try:
            checked = check_data(bare, net)
            if normalisation is not None:
                _check_normalisation_width(normalisation, ds.n_inputs)
        except FileFormatError as e:
            raise EditError(str(e)) from None
        return checked, training


def _check_normalisation_width(normalisation: dict, n_inputs: int) -> None:
    shift = normalisation.get("shift")
    if shift is not None and len(shift) != n_inputs:
        raise ShapeMismatch(
            f"data.normalise.shift has {_plural(len(shift), 'value')}, the data has "
            f"{_plural(n_inputs, 'input column')}"
        )


def _set(doc: Document, data: dict | None, training) -> None:
    if training != doc.training:
        doc.set_training(training)
    doc.set_data(copy.deepcopy(data))
