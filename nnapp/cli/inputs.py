"""What the command line reads: the typed numbers, the network and its data.

:func:`preprocess` attaches negative values to their option before argparse
sees them; :func:`parse_numbers`, :func:`parse_samples` and
:func:`parse_learning_rate` read numbers as a student types them;
:func:`open_network` opens a file or a built-in example and
:func:`network_data` the data to trace or train on (``--data`` or the file's
data section).

It runs no command (``nnapp.cli.trace_commands``, ``nnapp.cli.train_command``)
and prints nothing.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from pathlib import Path
from typing import Sequence

import numpy as np

from nnapp.model.data import check_shape, dataset_for, normalisation_method, normalise_rows
from nnapp.model.data_source import BuiltinData, CsvData, DataSource, source_from_dict
from nnapp.text import counted, marked, plural, tr

from .errors import CliError, file_work


#: Options whose value may start with a minus sign (a negative number).
VALUE_OPTIONS = ("--input", "--target", "--lr")

#: Options taking numbers that may also be typed as separate words: --input -2 -1.
LIST_OPTIONS = ("--input", "--target")

_LOOKS_NEGATIVE = re.compile(r"^[-−](\d|\.\d|inf|nan)", re.IGNORECASE)
_LOOKS_NUMERIC = re.compile(r"^(?=.*\d)[-−+0-9.,;eE\s]+$")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NUMBER_HINT = marked("write numbers like 2,3 or -2.5,1; separate samples with ';'")


def preprocess(argv: Sequence[str]) -> tuple[list[str], bool]:
    """Attach negative values to their option and take out ``--debug``.

    ``["trace", "x", "--input", "-2,-1"]`` becomes
    ``["trace", "x", "--input=-2,-1"]``, so argparse does not read "-2,-1"
    as an option. The numbers of ``--input`` and ``--target`` may also be
    separate words (``--input -2 -1`` → ``--input=-2 -1``). Returns
    (new argv, debug).
    """
    out: list[str] = []
    debug = False
    i = 0
    argv = list(argv)
    while i < len(argv):
        a = argv[i]
        if a == "--":
            out += argv[i:]
            break
        if a == "--debug":
            debug = True
        elif a in LIST_OPTIONS and i + 1 < len(argv) and _LOOKS_NUMERIC.match(argv[i + 1]):
            values = []
            while i + 1 < len(argv) and _LOOKS_NUMERIC.match(argv[i + 1]):
                values.append(argv[i + 1])
                i += 1
            out.append(f"{a}={' '.join(values)}")
        elif a in VALUE_OPTIONS and i + 1 < len(argv) and _LOOKS_NEGATIVE.match(argv[i + 1]):
            out.append(f"{a}={argv[i + 1]}")
            i += 1
        else:
            out.append(a)
        i += 1
    return out, debug


def parse_numbers(text: str, what: str) -> list[float]:
    """"2, 3" or "-2 -1" → [2.0, 3.0]; CliError for anything but finite numbers."""
    cleaned = text.replace("−", "-").strip()
    parts = [p for p in re.split(r"[,\s]+", cleaned) if p]
    if not parts:
        raise CliError(tr("{what}: no numbers given ({number_hint})").format(what=what, number_hint=tr(_NUMBER_HINT)))
    values = []
    for p in parts:
        if not _NUMBER.fullmatch(p):
            raise CliError(tr("{what}: {p!r} is not a number ({number_hint})")
                           .format(what=what, p=p, number_hint=tr(_NUMBER_HINT)))
        v = float(p)
        if not math.isfinite(v):
            raise CliError(tr("{what}: {p!r} is too large a number").format(what=what, p=p))
        values.append(v)
    return values


def parse_samples(text: str, what: str, n_values: int) -> np.ndarray:
    """"1,2;3,4" → [[1, 2], [3, 4]], each sample checked to have ``n_values`` numbers."""
    rows = [r for r in text.split(";") if r.strip()]
    if not rows:
        raise CliError(tr("{what}: no numbers given ({number_hint})").format(what=what, number_hint=tr(_NUMBER_HINT)))
    out = []
    for k, row in enumerate(rows):
        values = parse_numbers(row, what)
        if len(values) != n_values:
            if len(rows) > 1:
                message = tr("{what}: the network has {value}, but {format} in sample {sample} ({row})")
            else:
                message = tr("{what}: the network has {value}, but {format} ({row})")
            raise CliError(
                message.format(what=what, value=counted(n_values, 'input', 'inputs', grouped=False) if what == '--input' else counted(n_values, 'output', 'outputs', grouped=False), format=plural(len(values), '{n} number was given', '{n} numbers were given').format(n=len(values)), sample=k + 1, row=row.strip())
            )
        out.append(values)
    return np.array(out, dtype=np.float64)


def parse_learning_rate(text: str | None) -> float | None:
    if text is None:
        return None
    cleaned = text.replace("−", "-").strip()
    if not _NUMBER.fullmatch(cleaned) or not math.isfinite(float(cleaned)) or float(cleaned) <= 0:
        raise CliError(tr("--lr: the learning rate must be a positive number such as 0.1, not {text!r}")
                       .format(text=text))
    return float(cleaned)


def open_network(spec: str):
    """(NetworkFile, folder for relative paths, display name) of a file or example."""
    from nnapp.engine.examples import example_names, example_path, load_example
    from nnapp.model.files import load_file, read_data

    with file_work(spec):
        path = Path(spec)
        exists = path.exists()
    if exists:
        with file_work(spec):
            return load_file(path), path.resolve().parent, spec
    names = example_names()
    if spec in names:
        with file_work(example_path(spec)):
            nf = load_example(spec)
            read_data(nf, str(example_path(spec)))
            return nf, example_path(spec).parent, spec
    known = ", ".join(names)
    if path.suffix or os.sep in spec or "/" in spec:
        raise CliError(tr("{spec}: there is no such file (built-in examples: {known})")
                       .format(spec=spec, known=known))
    raise CliError(tr("there is no network file or built-in example named {spec!r} (built-in examples: {known})")
                   .format(spec=spec, known=known))


def data_from_option(value: str, net):
    """(Dataset, data source) for ``--data NAME`` or ``--data FILE.csv``.

    A CSV file's last column is the target, all the others are inputs; for a
    network with several outputs the last column holds class labels, made
    one-hot.
    """
    from nnapp.engine.csvdata import read_csv
    from nnapp.engine.datasets import dataset_names, load_dataset

    with file_work(value):
        path = Path(value)
        is_file, exists = path.is_file(), path.exists()
    if value in dataset_names() and not is_file:
        with file_work(value):
            ds = load_dataset(value)
        source = BuiltinData(name=value)
        check_shape(ds, net, source.describe())
        return ds, source
    if not (path.suffix.lower() in (".csv", ".txt", ".tsv") or exists):
        raise CliError(
            tr("--data: {value!r} is neither a built-in dataset ({dataset_names}) "
               "nor a .csv file").format(value=value, dataset_names=', '.join(dataset_names()))
        )
    with file_work(value):
        table = read_csv(path)
    one_hot = net.n_outputs > 1
    if table.n_cols != net.n_inputs + 1:
        raise CliError(
            tr("{value} has {columns}; the network has "
               "{inputs}, so the file needs {value2} columns "
               "(the inputs first, the target last)")
            .format(value=value, columns=counted(table.n_cols, 'column', 'columns', grouped=False), inputs=counted(net.n_inputs, 'input', 'inputs', grouped=False), value2=net.n_inputs + 1)
        )
    inputs, targets = table.columns[:-1], [table.columns[-1]]
    ds = table.to_dataset(inputs, targets, name=path.stem, one_hot_target=one_hot)
    check_shape(ds, net, value)
    source = CsvData(path=str(path.resolve()), inputs=tuple(inputs), targets=tuple(targets),
                     one_hot=True if one_hot else None)
    return ds, source


def file_source(nf) -> DataSource | None:
    """The data source of a network file opened by :func:`open_network` (its section is checked)."""
    return source_from_dict(nf.data, checked=True)


def network_data(nf, base: Path | None, option: str | None):
    """(Dataset, data source) from ``--data`` or else from the file's data section."""
    if option is not None:
        return data_from_option(option, nf.network)
    source = file_source(nf)
    if source is None:
        raise CliError(
            tr("the network file names no data; give --data with a built-in dataset name or a CSV file")
        )
    if isinstance(source, CsvData) and base is not None and not Path(source.path).is_absolute():
        source = dataclasses.replace(source, path=str((base / source.path).resolve()))
    elif base is not None:
        source = source.absolute(base)
    with file_work(source.path if isinstance(source, CsvData) else None):
        return dataset_for(source, nf.network), source


def _decimals(value: int) -> int:
    if not 0 <= value <= 15:
        raise CliError(tr("--decimals must be between 0 and 15, not {value}").format(value=value))
    return value


def _normalised_input(nf, X: np.ndarray) -> tuple[np.ndarray, bool]:
    """``X`` as the network sees it when the file's data section normalises
    its inputs (x' = (x − shift) / scale), and whether it does."""
    source = file_source(nf)
    if normalisation_method(source) == "none":
        return X, False
    return normalise_rows(X, source.normalise), True
