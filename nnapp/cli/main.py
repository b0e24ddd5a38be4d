"""``nnapp``: compute, trace and train networks from the command line.

``nnapp`` with no command opens the window, and so do ``nnapp FILE.nnapp``
and ``nnapp window [OPTIONS]`` (:mod:`nnapp.launcher` chooses; this module
never opens it). Sub-commands::

    nnapp examples
    nnapp trace NETWORK --input 2,3 [--target 1] [--lr 0.1] [--loss NAME]
                        [--format text|markdown|latex|json] [--decimals N]
    nnapp trace NETWORK --row Alice            (a row of the network's data)
    nnapp trace NETWORK --rows all             (a mini-batch: all, 1-4, Alice,Bob …)
    nnapp train NETWORK [--data NAME|FILE.csv] [--epochs N] [--batch-size B]
                        [--lr η] [--optimizer sgd|momentum|adam] [--loss NAME]
                        [--seed S] [--every K] [--out FILE]
    nnapp predict NETWORK --input 1,2[;3,4…]

NETWORK is a ``.nnapp`` file or the name of a built-in example
(``nnapp examples`` lists them). Numbers are typed as a student types them:
``--input -2,-1`` works as written (the command line is pre-processed so
that a value starting with a minus sign after ``--input``, ``--target`` or
``--lr`` is not taken for an option), commas or spaces separate the values
of one sample (``--input -2 -1`` works too), semicolons separate samples, and "−" (U+2212, as printed by
nnapp) is read as a minus sign.

Errors in what was typed or in a file give one line on stderr,
``nnapp: error: …``, and exit status 2: whatever reading or writing a file
raises is worded by :func:`nnapp.model.file_errors.file_problem` and names
the file. ``--debug`` (anywhere on the line) shows the traceback instead. An
unexpected failure gives status 1. ``train`` exits with status 3 when
training went wrong: it diverged, ended worse than it started, or got stuck
with its outputs pinned at their limits (the message says which, and what
learning rate to try; ``--out`` still saves the result). ``train --out``
checks that the file can be written before training starts.

This module imports the engine only: no Qt, no display needed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

import numpy as np

from nnapp.model.data import check_shape, dataset_for, normalisation_method, normalise_rows
from nnapp.model.data_source import BuiltinData, CsvData, DataSource, source_from_dict
from nnapp.model.file_errors import file_problem
from nnapp.text import counted, plural, tr

PROG = "nnapp"

EXIT_OK = 0
EXIT_FAILURE = 1
"""An unexpected failure (a bug)."""
EXIT_BAD_INPUT = 2
"""A mistake in what was typed, or a file that cannot be read or written."""
EXIT_TRAINING_WENT_WRONG = 3
"""``train``: training diverged, ended worse than it started, or got stuck."""

#: Options whose value may start with a minus sign (a negative number).
VALUE_OPTIONS = ("--input", "--target", "--lr")

#: Options taking numbers that may also be typed as separate words: --input -2 -1.
LIST_OPTIONS = ("--input", "--target")

_LOOKS_NEGATIVE = re.compile(r"^[-−](\d|\.\d|inf|nan)", re.IGNORECASE)
_LOOKS_NUMERIC = re.compile(r"^(?=.*\d)[-−+0-9.,;eE\s]+$")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NUMBER_HINT = "write numbers like 2,3 or -2.5,1; separate samples with ';'"


class CliError(Exception):
    """A mistake in what was typed: printed as ``nnapp: error: …``, status 2."""


class FileProblem(CliError):
    """A file that could not be read or written, worded by ``file_problem``;
    ``--debug`` shows the ``original`` exception instead."""

    def __init__(self, message: str, original: BaseException) -> None:
        super().__init__(message)
        self.original = original


@contextmanager
def file_work(path):
    """Turn whatever reading or writing ``path`` raises into a :class:`FileProblem`
    (one line that names the file, worded by ``file_problem``).

    A :class:`CliError` passes unchanged, and so does a ValueError raised on
    purpose with its own words (a damaged file, data that does not fit),
    except the two whose words are Python's own: text that is not UTF-8 and
    a NUL in a file name.
    """
    try:
        yield
    except CliError:
        raise
    except ValueError as e:
        if isinstance(e, UnicodeError) or "null" in str(e).lower():
            raise FileProblem(_worded(e, path), e) from e
        raise
    except Exception as e:  # noqa: BLE001 - any failure of file work is worded for the user
        raise FileProblem(_worded(e, path), e) from e


def _worded(e: BaseException, path=None) -> str:
    """``file_problem(e, path)``, with the file's name as it was typed (a
    sentence starts with a capital letter, a file name keeps its own)."""
    text = file_problem(e, path)
    name = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
    if name and text[:1] == name[:1].upper() and text[1:len(name)] == name[1:len(name)]:
        text = name[:1] + text[1:]
    return text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: one line, no usage block
        raise CliError(tr("{message} (see '{prog} --help')").format(message=message, prog=self.prog))


# --- argv ---------------------------------------------------------------------


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
        raise CliError(tr("{what}: no numbers given ({number_hint})").format(what=what, number_hint=_NUMBER_HINT))
    values = []
    for p in parts:
        if not _NUMBER.fullmatch(p):
            raise CliError(tr("{what}: {p!r} is not a number ({number_hint})")
                           .format(what=what, p=p, number_hint=_NUMBER_HINT))
        v = float(p)
        if not math.isfinite(v):
            raise CliError(tr("{what}: {p!r} is too large a number").format(what=what, p=p))
        values.append(v)
    return values


def parse_samples(text: str, what: str, n_values: int) -> np.ndarray:
    """"1,2;3,4" → [[1, 2], [3, 4]], each sample checked to have ``n_values`` numbers."""
    rows = [r for r in text.split(";") if r.strip()]
    if not rows:
        raise CliError(tr("{what}: no numbers given ({number_hint})").format(what=what, number_hint=_NUMBER_HINT))
    out = []
    for k, row in enumerate(rows):
        values = parse_numbers(row, what)
        if len(values) != n_values:
            sample = f" in sample {k + 1}" if len(rows) > 1 else ""
            raise CliError(
                tr("{what}: the network has {value}, "
                   "but {format}{sample} "
                   "({row})")
                .format(what=what, value=counted(n_values, 'input', 'inputs', grouped=False) if what == '--input' else counted(n_values, 'output', 'outputs', grouped=False), format=plural(len(values), '{n} number was given', '{n} numbers were given').format(n=len(values)), sample=sample, row=row.strip())
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


# --- networks and data ---------------------------------------------------------


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


# --- output helpers --------------------------------------------------------------


def _write(text: str = "") -> None:
    print(text, flush=True)


def _fmt(x, decimals=4) -> str:
    from nnapp.engine.steps import fmt

    return fmt(x, decimals)


def _class_of(ds, outputs: np.ndarray) -> str:
    if ds.task != "classification" or not ds.class_names:
        return ""
    k = int(outputs[0] >= 0.5) if outputs.size == 1 else int(np.argmax(outputs))
    return ds.class_names[k] if k < len(ds.class_names) else ""


def _row_text(values, decimals=None) -> str:
    return "(" + ", ".join(_fmt(v, decimals) for v in values) + ")"


def _output_text(net, outputs, decimals) -> str:
    names = net.neuron_names(len(net.layers) - 1)
    return ", ".join(f"{n} = {_fmt(o, decimals)}" for n, o in zip(names, outputs))


# --- commands -----------------------------------------------------------------------


def cmd_examples(args) -> int:
    from nnapp.engine.examples import EXAMPLES_DIR, example_names, load_example

    names = example_names()
    if not names:
        raise CliError(tr("no built-in examples were found (there are none in {examples_dir}); install nnapp again")
                       .format(examples_dir=EXAMPLES_DIR))
    width = max(len(n) for n in names)
    for name in names:
        _write(f"{name:<{width}}  {load_example(name).title}")
    _write()
    _write(tr("Use a name wherever a network file is expected, e.g. '{prog} trace gender --row Alice'.")
           .format(prog=PROG))
    return 0


def _decimals(value: int) -> int:
    if not 0 <= value <= 15:
        raise CliError(tr("--decimals must be between 0 and 15, not {value}").format(value=value))
    return value


def cmd_trace(args) -> int:
    from nnapp.engine.losses import get_loss
    from nnapp.engine.trace import trace
    from nnapp.engine.worksheet import worksheet_title

    decimals = _decimals(args.decimals)
    if args.max_terms < 1:
        raise CliError(tr("--max-terms must be at least 1, not {max_terms}").format(max_terms=args.max_terms))
    nf, base, label = open_network(args.network)
    net = nf.network
    batch = _batch(args, nf, base)
    if batch is not None:
        return _trace_batch(args, nf, label, *batch, decimals)
    y = None
    row_name = ""
    if args.row is not None:
        if args.input is not None:
            raise CliError(tr("give either --input or --row, not both"))
        ds, _ = network_data(nf, base, args.data)
        r = _find_row(ds, args.row)
        x = ds.X[r]
        y = ds.Y[r]
        row_name = ds.row_labels[r] if ds.row_labels else f"row {r + 1}"
    elif args.input is not None:
        X = parse_samples(args.input, "--input", net.n_inputs)
        x, normalised = _normalised_input(nf, X)
        x = x[0]
        if normalised:
            row_name = "inputs normalised as the file's data says"
    else:
        raise CliError(tr("trace needs the sample: --input 2,3 (or --row NAME for a row of the network's data, "
                          "--rows all for a mini-batch of them)"))
    if args.target is not None:
        y = parse_samples(args.target, "--target", net.n_outputs)[0]
    loss = get_loss(args.loss or nf.training.loss).name
    lr = parse_learning_rate(args.lr)
    if lr is None:
        lr = nf.training.learning_rate
    with np.errstate(over="ignore", invalid="ignore"):
        t = trace(net, x, y, loss=loss, learning_rate=lr, l2=nf.training.l2)
    if not np.all(np.isfinite(t.output)):
        raise CliError(tr("the inputs are too large: the network's output is not a finite number"))
    title = worksheet_title(nf.title or label, t, row_name)
    _write_trace(args, t, title, decimals)
    return 0


def _write_trace(args, t, title: str, decimals: int) -> None:
    """Print a trace (one sample's or a mini-batch's) in the format asked for."""
    from nnapp.engine.steps import build_steps, describe_trace, render_latex, render_markdown, render_text

    if args.format == "json":
        _write(json.dumps(t.to_dict(), indent=2, ensure_ascii=False))
        return
    steps = build_steps(t, max_terms=args.max_terms, decimals=decimals)
    if args.format == "markdown":
        _write(render_markdown(t, steps, decimals, title=title, hide_results=args.hide_results))
    elif args.format == "latex":
        _write(render_latex(t, steps, decimals, title=title))
    else:
        _write(title)
        for what, value in describe_trace(t, decimals):
            _write(f"  {what}: {value}")
        _write()
        _write(render_text(steps, decimals, trace=t).rstrip("\n"))


def _batch(args, nf, base):
    """(X, Y, labels) of a mini-batch: ``--rows`` of the data, or several
    samples typed with ``--input`` and ``--target``; None for one sample."""
    from nnapp.model.batch_rows import parse_rows

    net = nf.network
    if args.rows is not None:
        if args.input is not None or args.row is not None:
            raise CliError(tr("give one of --input, --row or --rows"))
        if args.target is not None:
            raise CliError(tr("--rows takes the targets from the data; leave out --target"))
        ds, _ = network_data(nf, base, args.data)
        labels = list(ds.row_labels) if ds.row_labels else [f"row {i + 1}" for i in range(ds.n_samples)]
        try:
            rows = parse_rows(args.rows, labels)
        except ValueError as e:
            raise CliError(tr("--rows: {e}").format(e=e)) from None
        index = [r - 1 for r in rows]
        return ds.X[index], ds.Y[index], [labels[i] for i in index]
    if args.input is None:
        return None
    X = parse_samples(args.input, "--input", net.n_inputs)
    if X.shape[0] == 1:
        return None
    if args.target is None:
        raise CliError(tr("--input: a trace without a target follows one sample, but {shape} were given; "
                          "with a target for each (--target 1;0;…, separated by ';') they make a mini-batch")
                       .format(shape=X.shape[0]))
    Y = parse_samples(args.target, "--target", net.n_outputs)
    if Y.shape[0] != X.shape[0]:
        raise CliError(tr("--target: {shape} samples but {shape2} targets (separate them by ';')")
                       .format(shape=X.shape[0], shape2=Y.shape[0]))
    X, _ = _normalised_input(nf, X)
    return X, Y, [f"sample {s + 1}" for s in range(X.shape[0])]


def _trace_batch(args, nf, label: str, X, Y, labels, decimals: int) -> int:
    from nnapp.engine.batch_trace import batch_trace
    from nnapp.engine.losses import get_loss
    from nnapp.engine.worksheet import worksheet_title

    net = nf.network
    loss = get_loss(args.loss or nf.training.loss).name
    lr = parse_learning_rate(args.lr)
    if lr is None:
        lr = nf.training.learning_rate
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            bt = batch_trace(net, X, Y, loss=loss, learning_rate=lr, l2=nf.training.l2, labels=labels)
    except ValueError as e:
        raise CliError(tr("a mini-batch cannot be traced: {e}").format(e=e)) from None
    if not all(np.all(np.isfinite(t.output)) for t in bt.samples):
        raise CliError(tr("the inputs are too large: the network's output is not a finite number"))
    _write_trace(args, bt, worksheet_title(nf.title or label, bt), decimals)
    return 0


def _find_row(ds, key: str) -> int:
    labels = ds.row_labels or []
    for r, name in enumerate(labels):
        if name.lower() == key.strip().lower():
            return r
    if key.strip().isdigit() and 1 <= int(key) <= ds.n_samples:
        return int(key) - 1
    named = f" ({', '.join(labels)})" if labels else ""
    raise CliError(
        tr("--row: {key!r} is not a row of {title}; give a row number from 1 to {n_samples}{named}")
        .format(key=key, title=ds.title, n_samples=ds.n_samples, named=named)
    )


def cmd_predict(args) -> int:
    from nnapp.engine.propagation import predict

    decimals = _decimals(args.decimals)
    nf, _, _ = open_network(args.network)
    net = nf.network
    X = parse_samples(args.input, "--input", net.n_inputs)
    X_net, normalised = _normalised_input(nf, X)
    with np.errstate(over="ignore", invalid="ignore"):
        out = predict(net, X_net)
    if not np.all(np.isfinite(out)):
        raise CliError(tr("the inputs are too large: the network's output is not a finite number"))
    if normalised:
        _write(tr("(the inputs are normalised as the file's data says: x' = (x − shift) / scale)"))
    for x, o in zip(X, out):
        _write(f"{_row_text(x)} → {_output_text(net, o, decimals)}")
    return 0


def _normalised_input(nf, X: np.ndarray) -> tuple[np.ndarray, bool]:
    """``X`` as the network sees it when the file's data section normalises
    its inputs (x' = (x − shift) / scale), and whether it does."""
    source = file_source(nf)
    if normalisation_method(source) == "none":
        return X, False
    return normalise_rows(X, source.normalise), True


def cmd_train(args) -> int:
    from nnapp.engine.initializers import initialize
    from nnapp.engine.losses import get_loss
    from nnapp.engine.metrics import accuracy
    from nnapp.engine.propagation import forward, loss_value
    from nnapp.engine.serialize import NetworkFile
    from nnapp.model.files import save_file
    from nnapp.engine.settings import TrainingSettings
    from nnapp.engine.training import Trainer

    decimals = _decimals(args.decimals)
    nf, base, label = open_network(args.network)
    net = nf.network
    settings = TrainingSettings(**nf.training.to_dict())
    lr = parse_learning_rate(args.lr)
    if lr is not None:
        settings.learning_rate = lr
    if args.loss is not None:
        settings.loss = get_loss(args.loss).name
    for name in ("epochs", "batch_size", "optimizer", "seed"):
        value = getattr(args, name)
        if value is not None:
            setattr(settings, name, value)
    settings.validate()
    if args.every is not None and args.every < 1:
        raise CliError(tr("--every must be at least 1, not {every}").format(every=args.every))
    if args.out:
        check_writable(args.out)
    ds, source = network_data(nf, base, args.data)
    train_ds, val_ds = ds.split(settings.validation_split, settings.seed)
    if args.reinit:
        initialize(net, settings.init, settings.seed)
    trainer = Trainer(
        net, train_ds.X, train_ds.Y, settings,
        None if val_ds is None else val_ds.X, None if val_ds is None else val_ds.Y,
    )
    epochs = settings.epochs
    every = args.every or max(1, math.ceil(epochs / 20))
    batch = (tr("full batch") if trainer.batch_size == train_ds.n_samples
             else tr("batch size {size}").format(size=trainer.batch_size))
    _write(tr("Training {label}: {summary}").format(label=label, summary=net.summary()))
    held = ("" if val_ds is None else
            tr(", {n} held out for validation").format(n=val_ds.n_samples))
    _write(tr("  on {title} ({rows}{held}); loss {loss}, {optimizer}, η = {rate:g}, {batch}, {epochs}").format(
        title=ds.title, rows=counted(train_ds.n_samples, "row", "rows", grouped=False), held=held,
        loss=settings.loss, optimizer=settings.optimizer, rate=settings.learning_rate, batch=batch,
        epochs=counted(epochs, "epoch", "epochs", grouped=False)))
    width = len(str(epochs))
    status = EXIT_OK
    last = None
    for p in trainer.run():
        last = p
        if p.stopped == "diverged":
            _write(p.message)
            status = EXIT_TRAINING_WENT_WRONG
            break
        if p.epoch == 1 or p.epoch % every == 0 or p.stopped:
            line = tr("epoch {epoch:>{width}}/{epochs}  loss {loss:.6g}").format(
                epoch=p.epoch, width=width, epochs=epochs, loss=p.loss)
            if p.accuracy is not None:
                line += tr("  accuracy {accuracy:.0%}").format(accuracy=p.accuracy)
            if p.val_loss is not None:
                line += tr("  validation loss {loss:.6g}").format(loss=p.val_loss)
            if p.val_accuracy is not None:
                line += tr("  validation accuracy {accuracy:.0%}").format(accuracy=p.val_accuracy)
            _write(line)
    if last is not None and last.stopped == "finished":
        _write(tr("Done in {elapsed:.2f} s.").format(elapsed=last.elapsed))
        if last.warning:
            _write(tr("Warning: {warning}").format(warning=last.warning))
            status = EXIT_TRAINING_WENT_WRONG
    _report(net, ds, train_ds, val_ds, settings.loss, decimals, forward, loss_value, accuracy)
    if args.out:
        out = Path(args.out)
        trained = NetworkFile(
            network=net, training=settings, data=source.relative(out.resolve().parent).to_dict(),
            title=nf.title, description=nf.description, extra=nf.extra,
        )
        with file_work(args.out):
            save_file(trained, out)      # a failure names args.out, never the temporary file beside it
        _write(tr("Saved the trained network to {out}.").format(out=out))
    return status


def check_writable(out: str) -> None:
    """Refuse ``--out PATH`` before training when PATH cannot be written.

    Its folder must exist and take a new file (a temporary file is created
    there and removed at once, so permissions, read-only disks and the like
    all show); PATH itself may be missing or an ordinary file, not a folder
    or a special file (a FIFO, a device).

    Raises
    ------
    CliError
        One line that names PATH as typed.
    """
    try:
        target = os.path.realpath(out)      # save() writes where a symbolic link points
        folder = os.path.dirname(target) or "."
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and stat.S_ISDIR(mode):
            raise CliError(tr("--out: {out} is a folder; give a file name such as trained.nnapp").format(out=out))
        if mode is not None and not stat.S_ISREG(mode):
            raise CliError(tr("--out: {out} is not an ordinary file (it is {kind}); "
                              "give the name of a file to write").format(out=out, kind=_kind(mode)))
        if not os.path.isdir(folder):
            raise CliError(tr("--out: cannot write {out}: the folder {folder} does not exist")
                           .format(out=out, folder=folder))
        with tempfile.TemporaryFile(dir=folder):
            pass
    except CliError:
        raise
    except Exception as e:  # noqa: BLE001 - e.g. no permission, a read-only disk, a NUL in the name
        if isinstance(e, OSError):      # about the folder or the probe file, not about PATH itself
            e = OSError(e.errno, e.strerror)
        reason = file_problem(e).rstrip(".")
        raise CliError(tr("--out: cannot write {out}: {value}.")
                       .format(out=out, value=reason[:1].lower() + reason[1:])) from None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO, a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _report(net, ds, train_ds, val_ds, loss, decimals, forward, loss_value, accuracy) -> None:
    """The final metrics and predictions; losses as the mean per sample, as training reports them."""
    from nnapp.engine.losses import get_loss

    per_sample = get_loss(loss).per_sample
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        fp = forward(net, train_ds.X)
        final = per_sample(loss_value(net, fp, train_ds.Y, loss), train_ds.n_samples)
    _write()
    _write(tr("Final loss on the training rows: {final:.6g}").format(final=final))
    if train_ds.task == "classification":
        acc = accuracy(train_ds.Y, fp.output)
        right = round(acc * train_ds.n_samples)
        _write(tr("Accuracy on the training rows: {acc:.1%} ({right} of {n_samples} right)")
               .format(acc=acc, right=right, n_samples=train_ds.n_samples))
    if val_ds is not None:
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            vfp = forward(net, val_ds.X)
            val_loss = per_sample(loss_value(net, vfp, val_ds.Y, loss), val_ds.n_samples)
            _write(tr("Validation loss: {val_loss:.6g}").format(val_loss=val_loss))
        if val_ds.task == "classification":
            _write(tr("Validation accuracy: {accuracy:.1%}").format(accuracy=accuracy(val_ds.Y, vfp.output)))
    if train_ds.n_samples <= 20:
        _write()
        _write(tr("Predictions:"))
        labels = train_ds.row_labels or [f"row {r + 1}" for r in range(train_ds.n_samples)]
        rows = []
        for name, x, y, o in zip(labels, train_ds.X, train_ds.Y, fp.output):
            cls = _class_of(train_ds, o)
            target = _row_text(y) if y.size > 1 else _fmt(y[0], None)
            rows.append([name, _row_text(x), f"target {target}",
                         f"→ {_output_text(net, o, decimals)}" + (f"  ({cls})" if cls else "")])
        _table(rows)
    if ds.extra:
        _write()
        _write(tr("New rows (not trained on):"))
        rows = []
        for name, x in ds.extra.items():
            o = forward(net, x).output[0]
            cls = _class_of(ds, o)
            rows.append([name, _row_text(x), f"→ {_output_text(net, o, decimals)}" + (f"  ({cls})" if cls else "")])
        _table(rows)


def _table(rows: list[list[str]]) -> None:
    """Rows of cells, every column but the last padded to its widest cell."""
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    for r in rows:
        cells = [cell.ljust(w) for cell, w in zip(r, widths)] + [r[-1]]
        _write("  " + "  ".join(cells))


# --- the parser ------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=tr("nnapp: see how a neural network computes and learns, one number at a time."),
        epilog=(
            "NETWORK is a .nnapp file or a built-in example name (see 'nnapp examples'). "
            "Negative numbers work as typed: --input -2,-1. Add --debug anywhere to see a "
            "traceback instead of a one-line error. With no command, nnapp opens the window; "
            "'nnapp FILE.nnapp' opens a file in it, and 'nnapp window --help' lists the "
            "window's options (--example NAME, --screenshot PNG …)."
        ),
        allow_abbrev=False,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("examples", help=tr("list the built-in example networks"), allow_abbrev=False)
    p.set_defaults(func=cmd_examples)

    p = sub.add_parser(
        "trace", allow_abbrev=False,
        help=tr("every number of one sample (or a mini-batch): forward pass, loss, backpropagation, update"),
        description=(
            tr("Show every computation for one sample: the forward pass and, with a target, the "
               "loss, backpropagation (δ, ∂L/∂w, ∂L/∂b) and one gradient-descent update.")
        ),
    )
    p.add_argument("network", metavar="NETWORK", help=tr("a .nnapp file or a built-in example name"))
    p.add_argument("--input", metavar="X", help=tr("the inputs, e.g. 2,3 or -2,-1"))
    p.add_argument("--target", metavar="Y", help=tr("the target output(s), e.g. 1; without it only the forward pass"))
    p.add_argument("--row", metavar="NAME",
                   help=tr("take inputs and target from a row of the network's data (a name such as Alice, "
                           "or a number from 1)"))
    p.add_argument("--rows", metavar="ROWS",
                   help=tr("a mini-batch of rows of the network's data: all, 1-4, 1,3 or names such as Alice,Bob; "
                           "each sample's steps in turn, then the batch's loss and gradient (their average) and the "
                           "update. Several samples typed with --input and --target (separated by ';') also make one"))
    p.add_argument("--data", metavar="NAME|FILE.csv", help=tr("the data for --row or --rows (default: the file's data)"))
    p.add_argument("--lr", metavar="η", help=tr("learning rate of the update (default: the file's)"))
    p.add_argument("--loss", metavar="NAME", help=tr("mse, sse, bce or cce (default: the file's)"))
    p.add_argument("--format", choices=("text", "markdown", "latex", "json"), default="text",
                   help=tr("text (default), markdown (a printable worksheet), latex, or json (all numbers)"))
    p.add_argument("--decimals", type=int, default=4, metavar="N", help=tr("decimals shown (default 4)"))
    p.add_argument("--max-terms", type=int, default=8, metavar="N",
                   help=tr("longest sum written out in full (default 8)"))
    p.add_argument("--hide-results", action="store_true",
                   help=tr("markdown: leave the numbers and results empty (an exercise sheet)"))
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser(
        "train", allow_abbrev=False,
        help=tr("train a network and show its progress and final metrics"),
        description=(
            tr("Train with the settings stored in the network file, changed by the options given. "
               "The data is the file's data section unless --data is given.")
        ),
        epilog=(
            f"Exit status: {EXIT_OK} when training finished; {EXIT_TRAINING_WENT_WRONG} when it went wrong "
            "(it diverged, ended with a higher loss than it started with, or got stuck with its "
            "outputs pinned at their limits; a message says which and suggests a smaller learning "
            f"rate, and --out still saves the result); {EXIT_BAD_INPUT} for a mistake in the options "
            f"or a file that cannot be read or written (checked before training starts); "
            f"{EXIT_FAILURE} for an unexpected failure."
        ),
    )
    p.add_argument("network", metavar="NETWORK", help=tr("a .nnapp file or a built-in example name"))
    p.add_argument("--data", metavar="NAME|FILE.csv",
                   help=tr("a built-in dataset (gender, xor, …) or a CSV file of numbers whose last "
                           "column is the target and all other columns are the inputs "
                           "(for several outputs: the last column holds class labels 0, 1, 2 …)"))
    p.add_argument("--epochs", type=int, metavar="N", help=tr("passes over the data"))
    p.add_argument("--batch-size", type=int, metavar="B", help=tr("samples per update; 0 = all of them"))
    p.add_argument("--lr", metavar="η", help=tr("learning rate"))
    p.add_argument("--optimizer", choices=("sgd", "momentum", "adam"))
    p.add_argument("--loss", metavar="NAME", help=tr("mse, sse, bce or cce"))
    p.add_argument("--seed", type=int, metavar="S", help=tr("seed of the shuffling, the validation split and --reinit"))
    p.add_argument("--reinit", action="store_true",
                   help=tr("start from new random weights (the file's initialiser and the seed) "
                           "instead of the file's weights"))
    p.add_argument("--every", type=int, metavar="K",
                   help=tr("print a progress line every K epochs (default: about 20 lines in all)"))
    p.add_argument("--decimals", type=int, default=4, metavar="N", help=tr("decimals of the predictions (default 4)"))
    p.add_argument("--out", metavar="FILE",
                   help=tr("save the trained network (with its settings and data) here; "
                           "checked for writing before training starts"))
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("predict", allow_abbrev=False, help=tr("the network's outputs for some inputs"))
    p.add_argument("network", metavar="NETWORK", help=tr("a .nnapp file or a built-in example name"))
    p.add_argument("--input", metavar="X", required=True,
                   help=tr("one or more samples: 1,2 or 1,2;3,4 (quote the ';' in a shell)"))
    p.add_argument("--decimals", type=int, default=4, metavar="N", help=tr("decimals shown (default 4)"))
    p.set_defaults(func=cmd_predict)
    return parser


def _error(message: str) -> None:
    message = " ".join(str(message).split())
    # a control character in a file name (NUL, ESC …) is shown as an escape, never sent to the terminal
    message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    print(tr("{prog}: error: {message}").format(prog=PROG, message=message), file=sys.stderr, flush=True)


def _reconfigure_streams() -> None:
    """Never fail on a console that cannot show "σ" or "−": replace what it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: 0 ok, 2 bad input or a
    file that cannot be read or written, 3 training went wrong, 1 an
    unexpected failure."""
    from nnapp.engine.examples import ExampleError

    _reconfigure_streams()
    argv, debug = preprocess(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_BAD_INPUT
        return args.func(args)
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except CliError as e:
        if debug and isinstance(e, FileProblem):
            raise e.original
        _error(str(e))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(tr("{prog}: interrupted").format(prog=PROG), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1
    except (ValueError, ExampleError) as e:
        if debug:
            raise
        _error(str(e))
        return EXIT_BAD_INPUT
    except OSError as e:
        if debug:
            raise
        _error(file_problem(e))
        return EXIT_BAD_INPUT
    except Exception as e:  # a bug, not a mistake of the user
        if debug:
            raise
        _error(f"unexpected {type(e).__name__}: {e} (run again with --debug to see where it happened)")
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
