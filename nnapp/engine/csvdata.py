"""CSV files of numbers: read a table, then choose its input and target columns.

:func:`read_csv` turns a UTF-8 text file (a leading byte-order mark is
allowed) whose cells are all numbers into a :class:`CsvTable`: column names
and a float64 array ``values`` of shape (n_rows, n_cols). The delimiter
(comma, semicolon or tab) and the presence of a header row are detected
unless given. Numbers use a decimal point ("1.5", "-2", "1e-3"); spaces
around a cell are ignored. :meth:`CsvTable.to_dataset` then picks input and
target columns and returns a :class:`~nnapp.engine.datasets.Dataset`.

The file is read a line at a time and kept as numbers only, within limits
that say what they are (:data:`MAX_CSV_COLUMNS`, :data:`MAX_CSV_ROWS`,
:data:`MAX_CSV_VALUES`, :data:`MAX_CSV_LINE`); a path naming a FIFO, a
device or a folder is refused at once.

Every problem raises :class:`CsvError` with a message naming the file, the
line (as numbered in a text editor, from 1) and the column. Only the
standard library ``csv`` module and numpy parse the file; nothing in it is
ever executed or unpickled. Text columns (names, categories) are not
supported: the file must be numbers only.

Longer than most modules: reading a CSV file within its limits (delimiter and
header detection, line by line) and the :class:`CsvTable` it gives are one
format's reader, whose messages and limits change together.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

import numpy as np

from nnapp.text import counted, marked, plural, tr

from .datasets import Dataset
from .metrics import is_classification
from .regular_files import NotAFileError, open_regular

#: Delimiters tried when none is given, in order of preference when several fit.
DELIMITERS = ("\t", ";", ",")

_DELIMITER_NAMES = {",": marked("comma-separated"), ";": marked("semicolon-separated"), "\t": marked("tab-separated")}

#: What a mistake in choosing the columns says, by the role of the columns ("input" or "target").
_CHOOSE_ONE = {"input": marked("{source}: choose at least one input column"),
               "target": marked("{source}: choose at least one target column")}
_CHOSEN_TWICE = {"input": marked("{source}: column {columns!r} is chosen twice as input"),
                 "target": marked("{source}: column {columns!r} is chosen twice as target")}
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
                    tr("{source}: column index {key} is out of range; the table has "
                       "{n_cols} columns, numbered 0 to {value}")
                    .format(source=self.source, key=key, n_cols=self.n_cols, value=self.n_cols - 1)
                )
            return int(key)
        if isinstance(key, str):
            if key in self.columns:
                return self.columns.index(key)
            stripped = key.strip()
            if stripped in self.columns:
                return self.columns.index(stripped)
            raise CsvError(
                tr("{source}: there is no column named {key!r}; the columns are: {columns}")
                .format(source=self.source, key=key, columns=", ".join(repr(c) for c in self.columns))
            )
        raise CsvError(tr("{source}: a column is chosen by its name or its index from 0, not {key!r}")
                       .format(source=self.source, key=key))

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
                tr("{source}: column {columns!r} is used both as an input and as "
                   "a target; a column can only be one of them")
                .format(source=self.source, columns=self.columns[both[0]])
            )
        if self.n_rows < 2:
            raise CsvError(
                tr("{source}: only {n_rows} data row; training and the validation split "
                   "need at least 2 rows").format(source=self.source, n_rows=self.n_rows)
            )
        X = self.values[:, inputs]
        Y = self.values[:, targets]
        input_names = [self.columns[i] for i in inputs]
        target_names = [self.columns[i] for i in targets]
        class_names: list[str] | None = None
        if one_hot_target:
            if len(targets) != 1:
                raise CsvError(
                    tr("{source}: one-hot targets are made from one column of class labels, "
                       "but {n_targets} target columns were chosen")
                    .format(source=self.source, n_targets=len(targets))
                )
            column = target_names[0]
            labels = Y[:, 0]
            not_whole = np.flatnonzero(labels != np.round(labels))
            if not_whole.size:
                r = int(not_whole[0])
                raise CsvError(
                    tr("{source}: column {column!r} holds {labels:g} in data row {value}, "
                       "not a whole-number class label")
                    .format(source=self.source, column=column, labels=labels[r], value=r + 1)
                )
            distinct, codes = np.unique(labels, return_inverse=True)
            if distinct.size < 2:
                raise CsvError(
                    tr("{source}: column {column!r} holds a single label ({distinct:g}); "
                       "classification needs at least 2 different classes")
                    .format(source=self.source, column=column, distinct=distinct[0])
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
            description=plural(self.n_rows, "Read from {source}: {n} row.", "Read from {source}: {n} rows.")
            .format(source=self.source, n=self.n_rows),
            licence="",
        )

    def _indices(self, keys, role: str) -> list[int]:
        if isinstance(keys, (str, int, np.integer)):
            keys = [keys]
        indices = [self.column_index(k) for k in keys]
        if not indices:
            raise CsvError(tr(_CHOOSE_ONE[role]).format(source=self.source))
        for i in indices:
            if indices.count(i) > 1:
                raise CsvError(tr(_CHOSEN_TWICE[role]).format(source=self.source, columns=self.columns[i]))
        return indices


# --- reading ------------------------------------------------------------------


MAX_CSV_COLUMNS = 10_000
"""Most columns a CSV file may have (MNIST as CSV has 785). A wider file is
refused at its first line."""

MAX_CSV_ROWS = 5_000_000
"""Most data rows a CSV file may have."""

MAX_CSV_VALUES = 50_000_000
"""Most numbers a CSV file may hold in all (rows × columns): 400 MB as
float64. MNIST's 60,000 training rows of 785 columns hold 47,100,000."""

MAX_CSV_LINE = 4 * 1024 * 1024
"""Longest line of a CSV file, in bytes (4 MB)."""

_BLOCK_ROWS = 4096
_NOT_NUMBER_CHARS = str.maketrans("", "", "0123456789.eE+- \t")


Progress = Callable[[int, int], None]
"""Called now and then while a file is read, with (bytes read, bytes in all)."""


def read_csv(path_or_text, *, delimiter: str | None = None, has_header: bool | None = None,
             progress: Progress | None = None) -> CsvTable:
    """Read a table of numbers.

    The file is read a line at a time, so memory follows the numbers kept
    (8 bytes each), not the text; the limits :data:`MAX_CSV_COLUMNS`,
    :data:`MAX_CSV_ROWS`, :data:`MAX_CSV_VALUES` and :data:`MAX_CSV_LINE`
    are checked as the lines come. A path that names a FIFO, a device or a
    folder is refused at once.

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
    progress : callable or None
        Called every few thousand rows with (bytes read, bytes in all), for a
        progress bar. It may raise (to cancel): the reading then stops and
        the exception goes to the caller.

    Returns
    -------
    CsvTable

    Raises
    ------
    CsvError
        The file is missing, unreadable, a special file, not UTF-8, empty,
        only a header, ragged, larger than the limits, or holds a cell that
        is not a finite number.
    """
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\"\r\n"):
        raise CsvError(tr("the delimiter must be one character such as ',' ';' or a tab, not {delimiter!r}")
                       .format(delimiter=delimiter))
    source_lines = _open_lines(path_or_text)
    lines, source, close = source_lines.lines, source_lines.source, source_lines.close
    report = None
    if progress is not None:
        report = lambda: progress(source_lines.position(), source_lines.total)  # noqa: E731
    try:
        return _read_table(lines, source, delimiter, has_header, report)
    except OSError as exc:
        raise CsvError(tr("{source} cannot be read: {value}").format(source=source, value=exc.strerror or exc)) from None
    finally:
        close()


def _read_table(lines: Iterator[str], source: str, delimiter: str | None, has_header: bool | None,
                report: Callable[[], None] | None = None) -> CsvTable:
    # the first non-blank lines: for the width check and the delimiter
    buffered: list[str] = []
    sample: list[str] = []
    for line in lines:
        buffered.append(line)
        if line.strip():
            if not sample:
                _check_width(line, delimiter, source, len(buffered))
            sample.append(line)
            if len(sample) >= _SNIFF_ROWS:
                break
    if not sample:
        raise CsvError(tr("{source} is empty: there is no row to read").format(source=source))
    if delimiter is None:
        delimiter = _sniff_delimiter("".join(sample))
    rows = _rows(itertools.chain(buffered, lines), delimiter, source)
    first = next(rows, None)
    if first is None:
        raise CsvError(tr("{source} is empty: there is no row to read").format(source=source))
    second = next(rows, None)
    head = [first] if second is None else [first, second]
    if has_header is None:
        has_header = _looks_like_header(head)
    if has_header:
        header_line, header = first
        if second is None:
            raise CsvError(
                tr("{source} has a header (line {header_line}) but no data rows below it")
                .format(source=source, header_line=header_line)
            )
        columns = []
        seen: dict[str, int] = {}
        for k, cell in enumerate(header):
            name = cell.strip() or f"column {k + 1}"
            if name in seen:
                raise CsvError(
                    tr("{source}, line {header_line}: two columns are named {name!r} "
                       "(columns {value} and {value2}); give them different names")
                    .format(source=source, header_line=header_line, name=name, value=seen[name] + 1, value2=k + 1)
                )
            seen[name] = k
            columns.append(name)
        width_from = None
        data = itertools.chain([second], rows)
    else:
        columns = [f"column {k + 1}" for k in range(len(first[1]))]
        width_from = first[0]
        data = itertools.chain(head, rows)

    n_cols = len(columns)
    _check_columns(n_cols, source, first[0])
    max_rows = min(MAX_CSV_ROWS, MAX_CSV_VALUES // max(n_cols, 1))
    names = columns if has_header else None
    blocks: list[np.ndarray] = []
    block: list[list[float]] = []
    n_rows = 0
    for line, cells in data:
        if len(cells) != n_cols:
            if width_from is None:
                message = tr("{source}: line {line} has {values}, the header has {columns} ({separated})")
            else:
                message = tr("{source}: line {line} has {values}, line {first} has {columns} ({separated})")
            separated = (tr(_DELIMITER_NAMES[delimiter]) if delimiter in _DELIMITER_NAMES
                         else tr("{delimiter!r}-separated").format(delimiter=delimiter))
            raise CsvError(message.format(
                source=source, line=line, values=counted(len(cells), 'value', 'values', grouped=False),
                first=width_from, columns=counted(n_cols, 'column', 'columns', grouped=False), separated=separated))
        n_rows += 1
        if n_rows > max_rows:
            raise CsvError(_too_many_rows(source, line, n_cols, max_rows))
        block.append(_row_numbers(cells, source, line, names))
        if len(block) >= _BLOCK_ROWS:
            blocks.append(_block(block))
            block = []
            if report is not None:
                report()
    if block:
        blocks.append(_block(block))
    if report is not None:
        report()
    if not blocks:
        values = np.empty((0, n_cols), dtype=np.float64)
    elif len(blocks) == 1:
        values = blocks[0]
    else:
        values = np.concatenate(blocks)
    del blocks
    return CsvTable(columns=columns, values=values, source=source, has_header=bool(has_header),
                    delimiter=delimiter)


def _check_width(line: str, delimiter: str | None, source: str, number: int) -> None:
    """Refuse a first line of more than ``MAX_CSV_COLUMNS`` cells before anything else is read."""
    marks = (delimiter,) if delimiter is not None else DELIMITERS
    if max(line.count(d) for d in marks) < MAX_CSV_COLUMNS:
        return  # cheap: fewer delimiters than the limit means fewer cells
    for d in marks:
        try:
            n = len(next(csv.reader([line], delimiter=d), []))
        except csv.Error:
            continue
        _check_columns(n, source, number)


def _check_columns(n_cols: int, source: str, line: int) -> None:
    if n_cols > MAX_CSV_COLUMNS:
        raise CsvError(
            tr("{source}: line {line} has {n_cols:,} columns; nnapp reads CSV files of up to "
               "{max_csv_columns:,} columns (MNIST as CSV has 785)")
            .format(source=source, line=line, n_cols=n_cols, max_csv_columns=MAX_CSV_COLUMNS)
        )


def _too_many_rows(source: str, line: int, n_cols: int, max_rows: int) -> str:
    if max_rows == MAX_CSV_ROWS:
        return (tr("{source}: line {line}: the file has more than {max_rows:,} data rows; "
                   "nnapp reads CSV files of up to {max_rows:,} rows")
                .format(source=source, line=line, max_rows=MAX_CSV_ROWS))
    return (tr("{source}: line {line}: the file has more than {max_rows:,} rows of {n_cols:,} columns; "
               "nnapp reads CSV files of up to {max_values:,} numbers in all (rows × columns)")
            .format(source=source, line=line, max_rows=max_rows, n_cols=n_cols, max_values=MAX_CSV_VALUES))


def _row_numbers(cells: list[str], source: str, line: int, names: list[str] | None) -> list[float]:
    """The numbers of one row; a cell that is not one raises :class:`CsvError` naming it."""
    if not "".join(cells).translate(_NOT_NUMBER_CHARS):
        # only digits, signs, points, exponents and spaces: float() reads exactly what _NUMBER allows
        try:
            values = list(map(float, cells))
        except ValueError:
            values = None
        if values is not None:
            total = sum(values)
            if total - total == 0.0:  # every value finite (else the slow path names the cell)
                return values
    return [_number(cell, source, line, names[c] if names is not None else None, c)
            for c, cell in enumerate(cells)]


def _block(rows: list[list[float]]) -> np.ndarray:
    """Rows of finite numbers as an array, shape (n_rows, n_cols)."""
    return np.array(rows, dtype=np.float64)


@dataclass
class _Lines:
    """The lines of a CSV source (with their endings), where they come from,
    and how far the reading has got."""

    lines: Iterator[str]
    source: str
    close: Callable[[], None]
    position: Callable[[], int]
    total: int


def _open_lines(path_or_text) -> _Lines:
    if isinstance(path_or_text, (bytes, bytearray)):
        stream = io.BytesIO(bytes(path_or_text))
        return _Lines(_byte_lines(stream, "<bytes>"), "<bytes>", lambda: None, stream.tell, len(path_or_text))
    if isinstance(path_or_text, str) and ("\n" in path_or_text or "\r" in path_or_text):
        text = path_or_text.removeprefix("\ufeff")
        stream = io.StringIO(text, newline="")
        return _Lines(iter(stream), "<text>", lambda: None, stream.tell, len(text))
    if not isinstance(path_or_text, (str, os.PathLike)):
        raise CsvError(tr("read_csv needs a path, CSV text or bytes, not {name}")
                       .format(name=type(path_or_text).__name__))
    path = os.fspath(path_or_text)
    if path == "":
        raise CsvError(tr("no file name was given"))
    try:
        f, info = open_regular(path)
    except NotAFileError as exc:
        if exc.folder:
            raise CsvError(tr("{path} is a folder, not a CSV file").format(path=path)) from None
        raise CsvError(tr("{path} {problem}: a CSV file is an ordinary file of text")
                       .format(path=path, problem=exc.problem)) from None
    except FileNotFoundError:
        raise CsvError(tr("{path} does not exist (no such file)").format(path=path)) from None
    except PermissionError:
        raise CsvError(tr("{path} cannot be read: permission denied").format(path=path)) from None
    except OSError as exc:
        raise CsvError(tr("{path} cannot be read: {value}").format(path=path, value=exc.strerror or exc)) from None
    except ValueError as exc:  # a NUL in the name
        raise CsvError(tr("{path!r} cannot be read: {exc}").format(path=path, exc=exc)) from None
    return _Lines(_byte_lines(f, path), path, f.close, f.tell, info.st_size)


def _byte_lines(f: BinaryIO, source: str) -> Iterator[str]:
    """The lines of a binary stream decoded as UTF-8, each at most ``MAX_CSV_LINE`` bytes.

    A line ends at "\\n", "\\r\\n" or a lone "\\r" (as in a text editor).
    """
    number = 0
    while True:
        raw = f.readline(MAX_CSV_LINE + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_CSV_LINE:
            raise CsvError(
                tr("{source}: line {number} is longer than {value} MB; "
                   "nnapp reads CSV files whose lines are shorter")
                .format(source=source, number=number, value=MAX_CSV_LINE // (1024 * 1024))
            )
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            at = exc.start + (3 if number == 1 and raw.startswith(b"\xef\xbb\xbf") else 0)
            raise CsvError(
                tr("{source} is not UTF-8 text: byte 0x{raw:02x} on line {number} cannot be "
                   "decoded. Save the file as UTF-8 (CSV UTF-8) and try again")
                .format(source=source, raw=raw[at], number=number)
            ) from None
        if "\r" in line.rstrip("\r\n"):
            parts = _LONE_CR.split(line)
            number += len(parts) - 1
            yield from parts
        else:
            yield line


_LONE_CR = re.compile(r"(?<=\r)(?!\n|$)")


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


def _rows(lines: Iterable[str], delimiter: str, source: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows as (first line number, cells), one at a time."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    line = 1  # line on which the next row starts
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            yield start, cells
    except csv.Error as exc:
        raise CsvError(
            tr("{source}, line {line_num}: the row cannot be split into cells ({exc}); "
               "check its quote marks").format(source=source, line_num=reader.line_num, exc=exc)
        ) from None


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
    where = (tr("{source}: line {line}, column {column!r}").format(source=source, line=line, column=column)
             if column is not None else
             tr("{source}: line {line}, column {column}").format(source=source, line=line, column=c + 1))
    s = cell.strip()
    if not s:
        raise CsvError(tr("{where}: missing or not finite (the cell is empty)").format(where=where))
    if _NUMBER.fullmatch(s):
        value = float(s)
        if np.isfinite(value):
            return value
        raise CsvError(tr("{where}: missing or not finite ({s!r} is too large)").format(where=where, s=s))
    if _NOT_FINITE.fullmatch(s):
        raise CsvError(tr("{where}: missing or not finite ({s!r})").format(where=where, s=s))
    if _DECIMAL_COMMA.fullmatch(s):
        raise CsvError(tr("{where}: {s!r} is not a number (use a decimal point: 1.5, not 1,5)").format(where=where, s=s))
    raise CsvError(tr("{where}: {s!r} is not a number").format(where=where, s=s))
