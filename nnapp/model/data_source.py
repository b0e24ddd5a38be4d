"""The data a document names, as typed values: the ``"data"`` section read.

A file's data section is one of four kinds, each a frozen dataclass here:

- :class:`BuiltinData` — a built-in dataset and its options,
  ``{"dataset": "circle", "options": {"noise": 0.1}}``;
- :class:`CsvData` — columns of a CSV file, ``{"csv": path, "inputs":
  [...], "targets": [...], "header": true, "one_hot": false}``;
- :class:`IdxData` — the IDX files of an MNIST-style database,
  ``{"idx": {"train_images": path, …}, "options": {"split": "train"}}``;
- :class:`InlineData` — rows written in the file, ``{"inputs": rows,
  "targets": rows, "row_labels": [...]}``.

Each may carry a :class:`Normalisation` (``"normalise"``). :func:`source_from_dict`
checks a section (``data_checks.py``) and builds its source; ``to_dict`` gives
back the section exactly as the file holds it (same keys, same order, same
numbers), so opening and saving a file changes no byte of it. Relative file
paths start at the document's folder (``base``); an open document holds them
absolute (:meth:`DataSource.absolute`) and a saved file relative
(:meth:`DataSource.relative`).

Only this module, ``data_checks.py``, the file reader and writer
(``files.py``) and ``data.py`` (whose functions take a section dict where
they take a source, for scripts and tests) look inside the section's JSON;
everything else reads these types. Reading the rows is ``data.py``'s
(:func:`nnapp.model.data.load_source`, one cache for the whole program).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Union

from nnapp.engine.datasets import DatasetError, dataset_info
from nnapp.engine.idx import PAIRS
from nnapp.engine.network import Network
from nnapp.text import tr

from .data_checks import check_data


@dataclass(frozen=True)
class Normalisation:
    """How input columns are rescaled before they reach the network: x' = (x − shift) / scale.

    Attributes
    ----------
    method : str
        "none", "standardise" or "minmax" (``data_checks.NORMALISE_METHODS``).
    shift, scale : tuple of float, length n_inputs, or None
        None for the method "none", or while only the method is chosen
        (the numbers are then computed from the training rows).
    """

    method: str
    shift: tuple[float, ...] | None = None
    scale: tuple[float, ...] | None = None

    @property
    def applies(self) -> bool:
        """True when it changes the inputs (a method other than "none", with numbers)."""
        return self.method != "none" and self.shift is not None

    def to_dict(self) -> dict:
        """``{"method": …, "shift": [...], "scale": [...]}`` as a file holds it."""
        out: dict[str, Any] = {"method": self.method}
        if self.shift is not None:
            out["shift"] = list(self.shift)
        if self.scale is not None:
            out["scale"] = list(self.scale)
        return out

    @classmethod
    def from_dict(cls, raw: dict) -> "Normalisation":
        """The normalisation of a checked ``"normalise"`` entry."""
        shift, scale = raw.get("shift"), raw.get("scale")
        return cls(raw["method"], None if shift is None else tuple(shift), None if scale is None else tuple(scale))


@dataclass(frozen=True, kw_only=True)
class DataSource:
    """What every kind of data section has: an optional normalisation."""

    normalise: Normalisation | None = None

    # --- the file format ----------------------------------------------------------

    def to_dict(self) -> dict:
        """The section as the file holds it (a new dict, shared with nothing)."""
        out = self._fields()
        if self.normalise is not None:
            out["normalise"] = self.normalise.to_dict()
        return out

    def _fields(self) -> dict:
        raise NotImplementedError

    # --- changes --------------------------------------------------------------------

    def with_normalise(self, normalise: Normalisation | None) -> "DataSource":
        """The same data with another normalisation (None: none)."""
        return replace(self, normalise=normalise)

    def absolute(self, folder: Path) -> "DataSource":
        """The same data whose relative file paths start at ``folder``."""
        return self

    def relative(self, folder: Path) -> "DataSource":
        """The same data whose absolute file paths are relative to ``folder`` (a
        path on another drive stays absolute)."""
        return self

    # --- what it is -----------------------------------------------------------------

    def files(self, base: Path | None = None) -> list[Path]:
        """The files the rows are read from (none for a built-in dataset or rows in the file)."""
        return []

    @property
    def options(self) -> dict:
        """The options (a built-in dataset's, or the IDX files' split); {} when none."""
        return {}

    @property
    def split(self) -> str:
        """The rows a source with fixed test rows gives: "train" (the default), "test" or "all"."""
        return str(self.options.get("split", "train"))

    def describe(self, base: Path | None = None) -> str:
        """How messages name the data: "the dataset 'gender'", a CSV path, "the
        IDX files in /data/mnist", "the data in the file"."""
        raise NotImplementedError

    def label(self, base: Path | None = None) -> str:
        """What the data chooser shows: the dataset's title, "CSV: people.csv" …"""
        raise NotImplementedError

    def fixed_test(self) -> "DataSource | None":
        """The fixed test rows that go with this data (its normalisation kept), or None.

        A built-in dataset with a ``split`` option (the digit sets) and IDX files
        with a test pair have test rows kept apart from training: the answer is
        this source with the split "test". Other data has none.
        """
        return None


@dataclass(frozen=True, kw_only=True)
class _WithOptions(DataSource):
    """A source that takes options (``"options": {...}``).

    Attributes
    ----------
    given_options : dict or None
        The options as the section gives them (None: no ``"options"`` key);
        :attr:`options` reads them.
    """

    given_options: dict | None = None

    @property
    def options(self) -> dict:
        return dict(self.given_options or {})

    def with_options(self, options: dict) -> "DataSource":
        """The same data with these options."""
        return replace(self, given_options=dict(options))

    def _with_options_key(self, out: dict) -> dict:
        if self.given_options is not None:
            out["options"] = copy.deepcopy(self.given_options)
        return out

    def _test_rows(self) -> "DataSource":
        return replace(self, given_options={**self.options, "split": "test"})


@dataclass(frozen=True, kw_only=True)
class BuiltinData(_WithOptions):
    """A built-in dataset (``nnapp.engine.datasets.DATASETS``).

    Attributes
    ----------
    name : str
    given_options : dict or None
        Its options (see :class:`_WithOptions`).
    """

    name: str

    def _fields(self) -> dict:
        return self._with_options_key({"dataset": self.name})

    def describe(self, base: Path | None = None) -> str:
        return tr("the dataset {name!r}").format(name=self.name)

    def label(self, base: Path | None = None) -> str:
        try:
            info = dataset_info(self.name)
            return tr(info.title)
        except DatasetError:
            return str(self.name)

    def fixed_test(self) -> "DataSource | None":
        try:
            has_split = any(option.name == "split" for option in dataset_info(self.name).options)
        except DatasetError:
            return None
        return self._test_rows() if has_split else None


@dataclass(frozen=True, kw_only=True)
class CsvData(DataSource):
    """Columns of a CSV file.

    Attributes
    ----------
    path : str
        As the section gives it; relative paths start at the document's folder.
    inputs, targets : tuple of str or int
        Column names or numbers (0, 1, …).
    header : bool or None
        Whether the first line names the columns; None: guessed from the file.
    one_hot : bool or None
        Whether the one target column holds class labels to spread over one
        column per class; None (not given) is the same as False.
    """

    path: str
    inputs: tuple
    targets: tuple
    header: bool | None = None
    one_hot: bool | None = None

    def _fields(self) -> dict:
        out: dict[str, Any] = {"csv": self.path, "inputs": list(self.inputs), "targets": list(self.targets)}
        if self.header is not None:
            out["header"] = self.header
        if self.one_hot is not None:
            out["one_hot"] = self.one_hot
        return out

    def file(self, base: Path | None = None) -> Path:
        """The CSV file; a relative path starts at ``base``."""
        return _resolved(self.path, base)

    def files(self, base: Path | None = None) -> list[Path]:
        return [self.file(base)]

    def absolute(self, folder: Path) -> "CsvData":
        return replace(self, path=str(self.file(folder)))

    def relative(self, folder: Path) -> "CsvData":
        return replace(self, path=_relative(self.path, folder))

    def describe(self, base: Path | None = None) -> str:
        return str(self.file(base))

    def label(self, base: Path | None = None) -> str:
        return tr("CSV: {name}").format(name=self.file(base).name)


@dataclass(frozen=True, kw_only=True)
class IdxData(_WithOptions):
    """The IDX files of an MNIST-style database.

    Attributes
    ----------
    roles : tuple of (str, str)
        (role, path) in the section's order; roles are "train_images",
        "train_labels", "test_images", "test_labels" (whole pairs).
    given_options : dict or None
        ``{"split": …}`` as the section gives it (None: no ``"options"`` key).
    """

    roles: tuple[tuple[str, str], ...]

    def _fields(self) -> dict:
        return self._with_options_key({"idx": dict(self.roles)})

    def paths(self, base: Path | None = None) -> dict[str, Path]:
        """The files by role ("train_images" …); a relative path starts at ``base``."""
        return {role: _resolved(name, base) for role, name in self.roles}

    def files(self, base: Path | None = None) -> list[Path]:
        return list(self.paths(base).values())

    def has_pair(self, part: str) -> bool:
        """True when the files of ``part`` ("train" or "test") are named."""
        named = dict(self.roles)
        return all(role in named for role in PAIRS[part])

    def absolute(self, folder: Path) -> "IdxData":
        return replace(self, roles=tuple((role, str(_resolved(name, folder))) for role, name in self.roles))

    def relative(self, folder: Path) -> "IdxData":
        return replace(self, roles=tuple((role, _relative(name, folder)) for role, name in self.roles))

    def describe(self, base: Path | None = None) -> str:
        paths = self.paths(base)
        folders = {p.parent for p in paths.values()}
        if len(folders) == 1:
            return tr("the IDX files in {folder}").format(folder=folders.pop())
        return tr("the IDX files {paths}").format(paths=", ".join(str(p) for p in paths.values()))

    def label(self, base: Path | None = None) -> str:
        folders = {path.parent for path in self.paths(base).values()}
        if len(folders) == 1:
            return tr("IDX files: {folder}").format(folder=folders.pop().name)
        return tr("IDX files: several folders")

    def fixed_test(self) -> "DataSource | None":
        return self._test_rows() if self.has_pair("test") else None


@dataclass(frozen=True, kw_only=True)
class InlineData(DataSource):
    """Rows written in the file.

    Attributes
    ----------
    inputs : list of list of float, shape (n_samples, n_inputs)
    targets : list of list of float, shape (n_samples, n_outputs)
    row_labels : list of str, length n_samples, or None
        The numbers as the file gives them (kept as lists: a file may hold
        thousands of rows, and ``to_dict`` copies them).
    """

    inputs: list
    targets: list
    row_labels: list | None = None

    def _fields(self) -> dict:
        out: dict[str, Any] = {"inputs": copy.deepcopy(self.inputs), "targets": copy.deepcopy(self.targets)}
        if self.row_labels is not None:
            out["row_labels"] = list(self.row_labels)
        return out

    def describe(self, base: Path | None = None) -> str:
        return tr("the data in the file")

    def label(self, base: Path | None = None) -> str:
        return tr("Rows written in the file")


Source = Union[BuiltinData, CsvData, IdxData, InlineData]
"""Any data source."""


def source_from_dict(raw: Any, net: Network | None = None, where: str = "data", *,
                     checked: bool = False) -> DataSource | None:
    """The source of a data section (None for null).

    Parameters
    ----------
    raw : dict or None
        The section as a file holds it.
    net : Network or None
        With a network, the section's numbers of columns must fit its inputs
        and outputs; without, only the form is checked.
    where : str
        The section's place in messages.
    checked : bool
        ``raw`` was checked already (by :func:`~nnapp.model.data_checks.check_data`).

    Raises
    ------
    FileFormatError
        Naming the first problem, e.g. ``data.normalise.scale[1] is 0: …``.
    """
    if raw is None:
        return None
    if not checked:
        check_data(raw, net, where, copied=False)
    normalise = Normalisation.from_dict(raw["normalise"]) if "normalise" in raw else None
    options = copy.deepcopy(raw["options"]) if "options" in raw else None
    if "dataset" in raw:
        return BuiltinData(name=raw["dataset"], given_options=options, normalise=normalise)
    if "csv" in raw:
        return CsvData(path=raw["csv"], inputs=tuple(raw["inputs"]), targets=tuple(raw["targets"]),
                       header=raw.get("header"), one_hot=raw.get("one_hot"), normalise=normalise)
    if "idx" in raw:
        return IdxData(roles=tuple(raw["idx"].items()), given_options=options, normalise=normalise)
    labels = raw.get("row_labels")
    return InlineData(inputs=copy.deepcopy(raw["inputs"]), targets=copy.deepcopy(raw["targets"]),
                      row_labels=None if labels is None else list(labels), normalise=normalise)


def normalisation_of(source: DataSource | None) -> Normalisation | None:
    """The normalisation of ``source`` (None for no data or no normalisation)."""
    return None if source is None else source.normalise


def as_source(data: DataSource | dict | None) -> DataSource | None:
    """``data`` as a source: a source as it is, a section dict read (its form checked)."""
    if data is None or isinstance(data, DataSource):
        return data
    return source_from_dict(data)


def to_dict(source: DataSource | None) -> dict | None:
    """The section of ``source`` as a file holds it (None for no data)."""
    return None if source is None else source.to_dict()


def _resolved(name: str, base: Path | None) -> Path:
    path = Path(name)
    if not path.is_absolute() and base is not None:
        path = base / path
    return path


def _relative(name: str, folder: Path) -> str:
    if not Path(name).is_absolute():
        return name
    try:
        return Path(os.path.relpath(name, folder)).as_posix()
    except ValueError:    # another drive on Windows
        return name


__all__ = [
    "BuiltinData", "CsvData", "DataSource", "IdxData", "InlineData", "Normalisation", "Source",
    "as_source", "normalisation_of", "source_from_dict", "to_dict",
]
