"""CSV files of numbers: read a table, then choose its input and target columns.

:func:`read_csv` turns a UTF-8 text file (a leading byte-order mark is
allowed) whose cells are all numbers into a :class:`CsvTable`: column names
and a float64 array ``values`` of shape (n_rows, n_cols). The delimiter
(comma, semicolon or tab) and the presence of a header row are detected
unless given. Numbers use a decimal point ("1.5", "-2", "1e-3"); spaces
around a cell are ignored. :meth:`CsvTable.to_dataset` then picks input and
target columns and returns a :class:`~nnapp.engine.datasets.Dataset`.

Every problem raises :class:`CsvError` with a message naming the file, the
line (as numbered in a text editor, from 1) and the column. Only the
standard library ``csv`` module and numpy parse the file; nothing in it is
ever executed or unpickled. Text columns (names, categories) are not
supported: the file must be numbers only.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .datasets import Dataset
from .metrics import is_classification

#: Delimiters tried when none is given, in order of preference when several fit.
DELIMITERS = ("\t", ";", ",")

_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_SNIFF_ROWS = 20


class CsvError(ValueError):
    """A CSV file that cannot be read or used, with the line and column at fault."""


@dataclass(eq=False)
class CsvTable:
    """A table of numbers read from a CSV file.

    Attributes
    ----------
    columns : list of str
        Column names from the header, or "column 1", "column 2" … without one.
    values : ndarray, shape (n_rows, n_cols), float64
        All finite.
    source : str
        The file path, or "<text>" for text given directly.
    has_header : bool
        Whether the first row was read as the column names (given or detected).
    delimiter : str
        The character between cells (given or detected).
    """

    columns: list[str]
    values: np.ndarray
    source: str
    has_header: bool = False
    delimiter: str = ","

    @property
    def n_rows(self) -> int:
        return int(self.values.shape[0])

    @property
    def n_cols(self) -> int:
        return int(self.values.shape[1])

    def column_index(self, key: str | int) -> int:
        """Index (from 0) of a column given by name or by index from 0."""
        if isinstance(key, (int, np.integer)) and not isinstance(key, bool):
            if not 0 <= key < self.n_cols:
                raise CsvError(
                    f"{self.source}: column index {key} is out of range; the table has "
                    f"{self.n_cols} columns, numbered 0 to {self.n_cols - 1}"
                )
            return int(key)
        if isinstance(key, str):
            if key in self.columns:
                return self.columns.index(key)
            stripped = key.strip()
            if stripped in self.columns:
                return self.columns.index(stripped)
            raise CsvError(
                f"{self.source}: there is no column named {key!r}; the columns are: "
                + ", ".join(repr(c) for c in self.columns)
            )
        raise CsvError(f"{self.source}: a column is chosen by its name or its index from 0, not {key!r}")

    def to_dataset(
        self,
        input_columns: Sequence[str | int],
        target_columns: Sequence[str | int],
        *,
        name: str,
        one_hot_target: bool = False,
    ) -> Dataset:
        """The chosen columns as a :class:`Dataset`.

        Parameters
        ----------
        input_columns, target_columns : sequence of str or int
            Columns by name or by index from 0 (a single name or index is
            accepted too). A column cannot be both an input and a target.
        name : str
            Name and title of the dataset.
        one_hot_target : bool
            With exactly one target column of whole-number class labels:
            replace it by k one-hot columns, one per distinct label in
            increasing order (labels 3, 5, 9 become classes 0, 1, 2 named
            "3", "5", "9").

        Returns
        -------
        Dataset
            ``task`` is "classification" when the targets are 0/1 (one
            column) or one-hot, "regression" otherwise.
        """
        inputs = self._indices(input_columns, "input")
        targets = self._indices(target_columns, "target")
        both = sorted(set(inputs) & set(targets))
        if both:
            raise CsvError(
                f"{self.source}: column {self.columns[both[0]]!r} is used both as an input and as "
                "a target; a column can only be one of them"
            )
        if self.n_rows < 2:
            raise CsvError(
                f"{self.source}: only {self.n_rows} data row; training and the validation split "
                "need at least 2 rows"
            )
        X = self.values[:, inputs]
        Y = self.values[:, targets]
        input_names = [self.columns[i] for i in inputs]
        target_names = [self.columns[i] for i in targets]
        class_names: list[str] | None = None
        if one_hot_target:
            if len(targets) != 1:
                raise CsvError(
                    f"{self.source}: one-hot targets are made from one column of class labels, "
                    f"but {len(targets)} target columns were chosen"
                )
            column = target_names[0]
            labels = Y[:, 0]
            not_whole = np.flatnonzero(labels != np.round(labels))
            if not_whole.size:
                r = int(not_whole[0])
                raise CsvError(
                    f"{self.source}: column {column!r} holds {labels[r]:g} in data row {r + 1}, "
                    "not a whole-number class label"
                )
            distinct, codes = np.unique(labels, return_inverse=True)
            if distinct.size < 2:
                raise CsvError(
                    f"{self.source}: column {column!r} holds a single label ({distinct[0]:g}); "
                    "classification needs at least 2 different classes"
                )
            class_names = [f"{v:g}" for v in distinct]
            Y = np.zeros((labels.size, distinct.size))
            Y[np.arange(labels.size), codes.reshape(-1)] = 1.0
            target_names = [f"{column} = {c}" for c in class_names]
        task = "classification" if is_classification(Y) else "regression"
        if task == "classification" and class_names is None:
            class_names = ["0", "1"] if Y.shape[1] == 1 else list(target_names)
        return Dataset(
            name=name,
            title=name,
            X=X,
            Y=Y,
            input_names=input_names,
            target_names=target_names,
            row_labels=None,
            task=task,
            class_names=class_names,
            description=f"Read from {self.source}: {self.n_rows} rows.",
            licence="",
        )

    def _indices(self, keys, role: str) -> list[int]:
        if isinstance(keys, (str, int, np.integer)):
            keys = [keys]
        indices = [self.column_index(k) for k in keys]
        if not indices:
            raise CsvError(f"{self.source}: choose at least one {role} column")
        for i in indices:
            if indices.count(i) > 1:
                raise CsvError(f"{self.source}: column {self.columns[i]!r} is chosen twice as {role}")
        return indices


# --- reading ------------------------------------------------------------------


def read_csv(path_or_text, *, delimiter: str | None = None, has_header: bool | None = None) -> CsvTable:
    """Read a table of numbers.

    Parameters
    ----------
    path_or_text : str, os.PathLike or bytes
        A path; or CSV text, which is any str containing a line break
        (use a path for a file name, text for pasted data); or the bytes
        of a file.
    delimiter : str or None
        One character; None = detect among comma, semicolon and tab.
    has_header : bool or None
        None = detect: the first row is a header when it has more cells
        that are not numbers than the second row (so a first row of names
        above a row of numbers is a header). A file of a single row is a
        header only if that row holds text.

    Returns
    -------
    CsvTable

    Raises
    ------
    CsvError
        The file is missing, unreadable, not UTF-8, empty, only a header,
        ragged, or holds a cell that is not a finite number.
    """
    text, source = _load_text(path_or_text)
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\"\r\n"):
        raise CsvError(f"the delimiter must be one character such as ',' ';' or a tab, not {delimiter!r}")
    if not text.strip():
        raise CsvError(f"{source} is empty: there is no row to read")
    if delimiter is None:
        delimiter = _sniff_delimiter(text)
    rows = _rows(text, delimiter, source)
    if not rows:
        raise CsvError(f"{source} is empty: there is no row to read")

    if has_header is None:
        has_header = _looks_like_header(rows)
    if has_header:
        header_line, header = rows[0]
        data = rows[1:]
        if not data:
            raise CsvError(
                f"{source} has a header (line {header_line}) but no data rows below it"
            )
        columns = []
        for k, cell in enumerate(header):
            name = cell.strip() or f"column {k + 1}"
            if name in columns:
                raise CsvError(
                    f"{source}, line {header_line}: two columns are named {name!r} "
                    f"(columns {columns.index(name) + 1} and {k + 1}); give them different names"
                )
            columns.append(name)
        width_from = "the header has"
    else:
        data = rows
        columns = [f"column {k + 1}" for k in range(len(rows[0][1]))]
        width_from = f"line {rows[0][0]} has"

    n_cols = len(columns)
    values = np.empty((len(data), n_cols), dtype=np.float64)
    for r, (line, cells) in enumerate(data):
        if len(cells) != n_cols:
            raise CsvError(
                f"{source}: line {line} has {len(cells)} values, {width_from} {n_cols} "
                f"column{'s' if n_cols != 1 else ''} ({_DELIMITER_NAMES.get(delimiter, repr(delimiter))}-separated)"
            )
        for c, cell in enumerate(cells):
            values[r, c] = _number(cell, source, line, columns[c] if has_header else None, c)
    return CsvTable(columns=columns, values=values, source=source, has_header=bool(has_header),
                    delimiter=delimiter)


def _load_text(path_or_text) -> tuple[str, str]:
    """(decoded text, source name)."""
    if isinstance(path_or_text, (bytes, bytearray)):
        return _decode(bytes(path_or_text), "<bytes>"), "<bytes>"
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "\r" in path_or_text):
        return path_or_text.removeprefix("\ufeff"), "<text>"
    if not isinstance(path_or_text, (str, os.PathLike)):
        raise CsvError(f"read_csv needs a path, CSV text or bytes, not {type(path_or_text).__name__}")
    path = os.fspath(path_or_text)
    if path == "":
        raise CsvError("no file name was given")
    if os.path.isdir(path):
        raise CsvError(f"{path} is a folder, not a CSV file")
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise CsvError(f"{path} does not exist (no such file)") from None
    except PermissionError:
        raise CsvError(f"{path} cannot be read: permission denied") from None
    except OSError as exc:
        raise CsvError(f"{path} cannot be read: {exc.strerror or exc}") from None
    return _decode(raw, path), path


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CsvError(
            f"{source} is not UTF-8 text: byte 0x{raw[exc.start]:02x} on line {line} cannot be "
            "decoded. Save the file as UTF-8 (CSV UTF-8) and try again"
        ) from None


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the same number (≥ 2) of cells."""
    sample_lines = [ln for ln in text.splitlines() if ln.strip()][:_SNIFF_ROWS]
    sample = "\n".join(sample_lines)
    best, best_count = ",", 1
    for d in DELIMITERS:
        try:
            counts = {len(row) for row in csv.reader(io.StringIO(sample), delimiter=d) if row}
        except csv.Error:
            continue
        if len(counts) == 1 and counts.pop() > 1:
            return d  # consistent over every sampled row; DELIMITERS is in preference order
    # no delimiter is consistent (ragged file): take the one giving most cells on row 1
    first = sample_lines[0] if sample_lines else ""
    for d in DELIMITERS:
        try:
            n = len(next(csv.reader([first], delimiter=d), []))
        except csv.Error:
            continue
        if n > best_count:
            best, best_count = d, n
    return best


def _rows(text: str, delimiter: str, source: str) -> list[tuple[int, list[str]]]:
    """Non-blank rows as (first line number, cells)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1  # line on which the next row starts
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            rows.append((start, cells))
    except csv.Error as exc:
        raise CsvError(
            f"{source}, line {reader.line_num}: the row cannot be split into cells ({exc}); "
            "check its quote marks"
        ) from None
    return rows


def _is_number(cell: str) -> bool:
    return _NUMBER.fullmatch(cell.strip()) is not None


def _looks_like_header(rows: list[tuple[int, list[str]]]) -> bool:
    """More non-number cells in row 1 than in row 2 (empty and nan/inf cells count as numbers)."""

    def words(cells: list[str]) -> int:
        return sum(
            1 for c in cells
            if c.strip() and not _is_number(c) and not _NOT_FINITE.fullmatch(c.strip())
        )

    first = words(rows[0][1])
    second = words(rows[1][1]) if len(rows) > 1 else 0
    return first > second


def _number(cell: str, source: str, line: int, column: str | None, c: int) -> float:
    where = f"{source}: line {line}, column " + (repr(column) if column is not None else str(c + 1))
    s = cell.strip()
    if not s:
        raise CsvError(f"{where}: missing or not finite (the cell is empty)")
    if _NUMBER.fullmatch(s):
        value = float(s)
        if np.isfinite(value):
            return value
        raise CsvError(f"{where}: missing or not finite ({s!r} is too large)")
    if _NOT_FINITE.fullmatch(s):
        raise CsvError(f"{where}: missing or not finite ({s!r})")
    hint = " (use a decimal point: 1.5, not 1,5)" if _DECIMAL_COMMA.fullmatch(s) else ""
    raise CsvError(f"{where}: {s!r} is not a number{hint}")
