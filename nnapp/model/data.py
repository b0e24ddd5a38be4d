"""The data a document names, read: from its :mod:`data source <nnapp.model.data_source>` to a Dataset.

A document's data is a typed source (:class:`~nnapp.model.data_source.BuiltinData`,
``CsvData``, ``IdxData``, ``InlineData``); relative file paths start at the
document's folder. :func:`load_source` reads the rows a source names, through
the one cache of read data; :func:`dataset_for` also checks that the columns
fit the network and applies the source's normalisation
(``normalisation.py``); :func:`derived` keeps values computed from the rows
(the training split) beside them in the same cache.

:class:`SetData` is the undoable edit that chooses the data (and, if asked,
the validation split and seed that go with it).

The functions that take a ``section`` accept a source or the file format's
section dict (read with :func:`~nnapp.model.data_source.as_source`), for
scripts and tests that write sections by hand.

Longer than most modules: reading a source, the one cache of read data and the
checks that data fits the network are one path that every reader of data
takes, and :class:`SetData` applies the same checks as it edits.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

import numpy as np

from nnapp.language import current_language
from nnapp.engine.csvdata import CsvError, read_csv
from nnapp.engine.datasets import Dataset, DatasetError, load_dataset
from nnapp.engine.idx import IdxError, mnist_dataset
from nnapp.engine.json_checks import FileFormatError
from nnapp.engine.metrics import is_classification
from nnapp.engine.network import Network
from nnapp.engine.settings import SettingsError
from nnapp.text import counted, plural, tr

from .commands import Command
from .data_source import BuiltinData, CsvData, DataSource, IdxData, InlineData, as_source, source_from_dict
from .document import Document
from .errors import EditError, ShapeMismatch, ValueRefused
from .normalisation import (  # noqa: F401 - the normalisation's functions are part of this module's interface
    normalisation_for, normalisation_method, normalise, normalise_rows, training_rows,
)

T = TypeVar("T")

# --- reading ------------------------------------------------------------------------


def load_source(source: DataSource | dict, base: Path | None = None, net: Network | None = None) -> Dataset:
    """The rows a source names, as they are (not normalised, not checked
    against a network).

    The Datasets are kept in one small cache (:data:`CACHE_MAX_ENTRIES` of
    them, :data:`CACHE_MAX_BYTES` together), so the window, the step panel,
    test results, training and the command line read a file once. An entry
    is keyed by the source (without its normalisation, which reading
    ignores), its files made absolute from ``base``, and the path, inode,
    size and modification time of every file; rows written in the file are
    keyed by the source object itself. The cached Dataset is shared: its
    arrays are read-only, and callers must not change it (:func:`normalise`
    and ``Dataset.subset`` make new ones).

    Parameters
    ----------
    source : DataSource or dict
        Not None; a dict is read as a data section.
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
    FileFormatError
        A section dict is malformed.
    """
    source = as_source(source)
    key = _cache_key(source, base, net)
    if key is None:
        return _read(source, base, net)
    with _cache_lock:
        hit = _cache.pop(key, None)
        if hit is not None:
            _cache[key] = hit          # the most recently used comes last
            return hit.dataset
    entry = _Entry(_read(source, base, net), source)
    _freeze(entry.dataset)
    _remember(key, entry)
    return entry.dataset


load_section = load_source
"""The old name of :func:`load_source` (it took only section dicts)."""


def _read(source: DataSource, base: Path | None, net: Network | None) -> Dataset:
    if isinstance(source, BuiltinData):
        return load_dataset(source.name, **source.options)
    if isinstance(source, IdxData):
        try:
            return mnist_dataset(source.paths(base), source.split)
        except IdxError as e:
            raise DatasetError(str(e)) from None
    if isinstance(source, CsvData):
        path = source.file(base)
        table = read_csv(path, has_header=source.header)
        return table.to_dataset(
            list(source.inputs), list(source.targets), name=path.stem, one_hot_target=bool(source.one_hot),
        )
    assert isinstance(source, InlineData)
    X = np.asarray(source.inputs, dtype=np.float64)
    Y = np.asarray(source.targets, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 2:
        raise DatasetError(tr("rows written in the file must be lists of numbers, one list per sample"))
    if net is not None and (X.shape[1], Y.shape[1]) == (net.n_inputs, net.n_outputs):
        names = net.all_neuron_names()
        input_names, target_names = names[0], names[-1]
    else:
        input_names = [tr("input {value}").format(value=j + 1) for j in range(X.shape[1])]
        target_names = [tr("target {value}").format(value=j + 1) for j in range(Y.shape[1])]
    classification = is_classification(Y)
    return Dataset(
        name="data", title=tr("the rows in the file"), X=X, Y=Y,
        input_names=input_names, target_names=target_names, row_labels=source.row_labels,
        task="classification" if classification else "regression",
        class_names=(["0", "1"] if Y.shape[1] == 1 else list(target_names)) if classification else None,
    )


def derived(source: DataSource, base: Path | None, net: Network | None, key: tuple,
            make: Callable[[Dataset], T], nbytes: Callable[[T], int]) -> T:
    """A value computed from the rows of ``source`` (e.g. the training split),
    kept beside them in the cache and forgotten with them.

    Parameters
    ----------
    source, base, net
        As for :func:`load_source`.
    key : tuple
        What else the value depends on (the split, the seed …); its first
        item names the kind of value, and one value of each kind is kept
        (the last asked for).
    make : callable
        ``make(dataset) -> value``, called on the rows as read.
    nbytes : callable
        The bytes of arrays a value holds; a value that would make its
        entry larger than :data:`CACHE_MAX_BYTES` is not kept.
    """
    ds = load_source(source, base, net)
    cache_key = _cache_key(source, base, net)
    with _cache_lock:
        entry = _cache.get(cache_key) if cache_key is not None else None
        kept = entry.derived.get(key[0]) if entry is not None and entry.dataset is ds else None
        if kept is not None and kept[0] == key:
            return kept[1]
    value = make(ds)
    size = nbytes(value)
    with _cache_lock:
        if entry is not None and entry.dataset is ds:
            entry.derived.pop(key[0], None)
            if entry.nbytes() + size <= CACHE_MAX_BYTES:
                entry.derived[key[0]] = (key, value, size)
    return value


# --- the cache of read data ---------------------------------------------------------

CACHE_MAX_ENTRIES = 4
"""Datasets kept by :func:`load_source`."""

CACHE_MAX_BYTES = 512 * 1024 * 1024
"""Bytes of arrays kept by :func:`load_source` together; a larger Dataset is not kept."""


@dataclasses.dataclass(eq=False)
class _Entry:
    """A Dataset as read, the source it was read for, and values derived from it."""

    dataset: Dataset
    source: DataSource
    derived: dict = dataclasses.field(default_factory=dict)

    def nbytes(self) -> int:
        return _nbytes(self.dataset) + sum(size for _, _, size in self.derived.values())


_cache: dict[tuple, _Entry] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every Dataset :func:`load_source` keeps."""
    with _cache_lock:
        _cache.clear()


def cached_bytes() -> int:
    """Bytes of arrays the cache of :func:`load_source` holds."""
    with _cache_lock:
        return sum(entry.nbytes() for entry in _cache.values())


def _cache_key(source: DataSource, base: Path | None, net: Network | None) -> tuple | None:
    """What a read of ``source`` depends on: the source without its
    normalisation, file paths made absolute, and the identity of each file
    (rows in the file: the source object and the network's column names),
    and the language (a dataset's title and column names are words); None
    when a file cannot be looked at (the read says why)."""
    if isinstance(source, InlineData):
        names = None if net is None else (tuple(net.all_neuron_names()[0]), tuple(net.all_neuron_names()[-1]))
        return ("inline", id(source), names, current_language())
    try:
        bare = source.with_normalise(None).absolute(Path(os.path.abspath(base if base is not None else ".")))
        identities = []
        for path in bare.files():
            st = os.stat(path)
            identities.append((str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        text = json.dumps(bare.to_dict(), sort_keys=True, allow_nan=True)
    except (OSError, TypeError, ValueError, RecursionError):
        return None
    return text, tuple(identities), current_language()


def _nbytes(ds: Dataset) -> int:
    return int(ds.X.nbytes + ds.Y.nbytes + sum(np.asarray(row).nbytes for row in ds.extra.values()))


def _freeze(ds: Dataset) -> None:
    """Make the arrays of a Dataset that is about to be shared read-only."""
    for a in (ds.X, ds.Y, *ds.extra.values()):
        if isinstance(a, np.ndarray):
            a.setflags(write=False)


def _remember(key: tuple, entry: _Entry) -> None:
    if entry.nbytes() > CACHE_MAX_BYTES:
        return
    with _cache_lock:
        _cache.pop(key, None)
        _cache[key] = entry
        while len(_cache) > CACHE_MAX_ENTRIES:
            del _cache[next(iter(_cache))]          # the least recently used
        total = sum(e.nbytes() for e in _cache.values())
        while total > CACHE_MAX_BYTES:
            largest = max((k for k in _cache if k != key), key=lambda k: _cache[k].nbytes())
            total -= _cache.pop(largest).nbytes()


# --- sections written by hand -----------------------------------------------------------


def describe_source(section: DataSource | dict, base: Path | None = None) -> str:
    """How messages name the data: "the dataset 'gender'", a CSV path, "the
    IDX files in /data/mnist", "the data in the file"."""
    return as_source(section).describe(base)


def fixed_test_section(section: DataSource | dict | None) -> DataSource | dict | None:
    """The fixed test rows that go with ``section``, of the same kind (source or dict), or None;
    see :meth:`DataSource.fixed_test`."""
    return _same_kind(section, lambda source: source.fixed_test())


def absolute_paths(section: DataSource | dict | None, folder: Path) -> DataSource | dict | None:
    """A copy of ``section`` whose relative CSV and IDX paths start at ``folder``
    (a document holds absolute paths while it is open)."""
    return _same_kind(section, lambda source: source.absolute(folder))


def relative_paths(section: DataSource | dict | None, folder: Path) -> DataSource | dict | None:
    """A copy of ``section`` whose absolute CSV and IDX paths are relative to
    ``folder`` (as a file writes them, so the two can be moved together).
    A path on another drive stays absolute."""
    return _same_kind(section, lambda source: source.relative(folder))


def _same_kind(section, change: Callable[[DataSource], DataSource | None]):
    if not section:
        return section
    changed = change(as_source(section))
    return changed.to_dict() if isinstance(section, dict) and changed is not None else changed


# --- fitting the network ------------------------------------------------------------------


def dataset_for(section: DataSource | dict, net: Network, base: Path | None = None, *,
                normalised: bool = True) -> Dataset:
    """The Dataset a source names; relative CSV and IDX paths start at ``base``.

    Parameters
    ----------
    section : DataSource or dict
    net : Network
        The inputs and outputs the data must fit.
    base : Path or None
    normalised : bool
        Apply the source's normalisation to ``X`` and to the extra rows
        (the default), or give the inputs as they are.

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
    source = as_source(section)
    ds = load_source(source, base, net)
    check_shape(ds, net, source.describe(base))
    if normalised and source.normalise is not None:
        ds = normalise(ds, source.normalise)
    return ds


def check_shape(ds: Dataset, net: Network, source: str) -> None:
    """Raise :class:`ShapeMismatch` unless ``ds`` fits the inputs and outputs
    of ``net``; ``source`` names the data in the message."""
    if ds.n_inputs != net.n_inputs:
        raise ShapeMismatch(
            tr("{source} has {input_columns}, but the network has "
               "{inputs}")
            .format(source=source, input_columns=counted(ds.n_inputs, 'input column', 'input columns', grouped=False), inputs=counted(net.n_inputs, 'input', 'inputs', grouped=False))
        )
    if ds.n_outputs != net.n_outputs:
        raise ShapeMismatch(
            tr("{source} has {target_columns}, but the network has "
               "{outputs}")
            .format(source=source, target_columns=counted(ds.n_outputs, 'target column', 'target columns', grouped=False), outputs=counted(net.n_outputs, 'output', 'outputs', grouped=False))
        )


def shape_problem(ds: Dataset, net: Network, section: DataSource | dict | None = None) -> str | None:
    """Why ``ds`` does not fit ``net``, with the two ways to fix it; None if it fits.

    E.g. "the network has 2 inputs, the data has 3 input columns: add an
    input neuron or choose 2 columns". ``section`` (the source ``ds`` comes
    from) tailors the second fix: columns for a CSV file, other data for a
    built-in dataset.
    """
    source = as_source(section)
    csv = isinstance(source, CsvData)
    one_hot = csv and bool(source.one_hot)
    if ds.n_inputs != net.n_inputs:
        have, want = net.n_inputs, ds.n_inputs
        fix = _neuron_fix(have, want, "input")
        columns = counted(have, 'input column', 'input columns', grouped=False)
        other = (tr("choose {columns}").format(columns=columns) if csv
                 else tr("choose data with {columns}").format(columns=columns))
        return (tr("the network has {inputs}, the data has "
                   "{input_columns}: {fix} or {other}").format(inputs=counted(have, 'input', 'inputs', grouped=False), input_columns=counted(want, 'input column', 'input columns', grouped=False), fix=fix, other=other))
    if ds.n_outputs != net.n_outputs:
        have, want = net.n_outputs, ds.n_outputs
        fix = _neuron_fix(have, want, "output")
        if one_hot:
            columns = plural(want, "{n} target column (one per class)",
                             "{n} target columns (one per class)").format(n=want)
            other = (tr("leave the labels as one column (not one-hot)") if have == 1
                     else plural(have, "choose a label column with {n} class",
                                 "choose a label column with {n} classes").format(n=have))
        else:
            columns = counted(want, "target column", "target columns", grouped=False)
            wanted = counted(have, 'target column', 'target columns', grouped=False)
            other = (tr("choose {columns}").format(columns=wanted) if csv
                     else tr("choose data with {columns}").format(columns=wanted))
        return tr("the network has {outputs}, the data has {columns}: {fix} or {other}").format(outputs=counted(have, 'output', 'outputs', grouped=False), columns=columns, fix=fix, other=other)
    return None


def _neuron_fix(have: int, want: int, role: str) -> str:
    d = abs(want - have)
    if want > have and role == "input":
        return plural(d, "add an input neuron", "add {n} input neurons").format(n=d)
    if want > have:
        return plural(d, "add an output neuron", "add {n} output neurons").format(n=d)
    if role == "input":
        return plural(d, "remove an input neuron", "remove {n} input neurons").format(n=d)
    return plural(d, "remove an output neuron", "remove {n} output neurons").format(n=d)


# --- the command ------------------------------------------------------------------------


class SetData(Command):
    """Choose the document's data: a new ``doc.data_source``, undoable.

    Parameters
    ----------
    section : DataSource, dict or None
        The data (None: no data), as a source or as the file format's
        section. Its normalisation may give only the method
        (``Normalisation("standardise")``, ``{"method": "standardise"}``):
        the shift and scale are then computed from the training rows, with
        the split and seed below.
    text : str or None
        What the undo history calls the edit (None: "Choose data").
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

    def __init__(self, section: DataSource | dict | None, text: str | None = None, *,
                 validation_split: float | None = None, seed: int | None = None,
                 base: Path | None = None) -> None:
        self.section = copy.deepcopy(section) if isinstance(section, dict) else section
        self.text = text if text is not None else tr("Choose data")
        self.validation_split = validation_split
        self.seed = seed
        self.base = base
        self.dataset: Dataset | None = None
        """The data as read (not normalised), after the first ``do``."""
        self._old: tuple[DataSource | None, Any] | None = None
        self._new: tuple[DataSource | None, Any] | None = None

    def do(self, doc: Document) -> None:
        if self._new is None:
            new = self._prepare(doc)
            self._old = (doc.data_source, doc.training)
            self._new = new
        data, training = self._new
        _set(doc, data, training)

    def undo(self, doc: Document) -> None:
        assert self._old is not None, "undo before do"
        data, training = self._old
        _set(doc, data, training)

    def _prepare(self, doc: Document) -> tuple[DataSource | None, Any]:
        """(checked source, training settings) for the first do; raises before any change."""
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
        if isinstance(section, DataSource):
            normalisation = None if section.normalise is None else section.normalise.to_dict()
            bare = section.with_normalise(None)
        elif isinstance(section, dict):
            normalisation = section.get("normalise")
            try:
                bare = source_from_dict({k: v for k, v in section.items() if k != "normalise"})
            except FileFormatError as e:
                raise EditError(str(e)) from None
        else:
            raise EditError(tr("a data section is a dict, not {name}").format(name=type(section).__name__))
        net = doc.network()
        base = self.base if self.base is not None else (Path(doc.path).parent if doc.path else None)
        try:
            ds = load_source(bare, base, net)
        except (DatasetError, CsvError, OSError) as e:
            raise EditError(tr("{found} cannot be used: {e}").format(found=bare.describe(base), e=e)) from None
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
        whole = bare.to_dict()
        if normalisation is not None:
            whole["normalise"] = normalisation
        try:
            checked = source_from_dict(whole, net)
            if normalisation is not None:
                _check_normalisation_width(normalisation, ds.n_inputs)
        except FileFormatError as e:
            raise EditError(str(e)) from None
        return checked, training


def _check_normalisation_width(normalisation: dict, n_inputs: int) -> None:
    shift = normalisation.get("shift")
    if shift is not None and len(shift) != n_inputs:
        raise ShapeMismatch(
            tr("data.normalise.shift has {values}, the data has "
               "{input_columns}")
            .format(values=counted(len(shift), 'value', 'values', grouped=False), input_columns=counted(n_inputs, 'input column', 'input columns', grouped=False))
        )


def _set(doc: Document, data: DataSource | None, training) -> None:
    if training != doc.training:
        doc.set_training(training)
    doc.set_data(data)
