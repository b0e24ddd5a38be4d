"""``nnapp trace`` and ``nnapp predict``: one sample's (or a mini-batch's)
every number, and the network's outputs for typed inputs.

The numbers come from the engine (``trace``, ``batch_trace``, ``predict``)
and the texts from ``nnapp.engine.steps``; this module only chooses the
samples and prints. Training is ``nnapp.cli.train_command``.
"""

from __future__ import annotations

import json

import numpy as np

from nnapp.text import plural, tr, tr_known

from .errors import CliError
from .inputs import _decimals, _normalised_input, network_data, open_network, parse_learning_rate, parse_samples
from .output import _output_text, _row_text, _write


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
        row_name = ds.row_labels[r] if ds.row_labels else tr("row {n}").format(n=r + 1)
    elif args.input is not None:
        X = parse_samples(args.input, "--input", net.n_inputs)
        x, normalised = _normalised_input(nf, X)
        x = x[0]
        if normalised:
            row_name = tr("inputs normalised as the file's data says")
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
    title = worksheet_title(tr_known(nf.title) or label, t, row_name)
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
        labels = list(ds.row_labels) if ds.row_labels else [tr("row {n}").format(n=i + 1) for i in range(ds.n_samples)]
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
        raise CliError(plural(X.shape[0],
                              "--input: a trace without a target follows one sample, but {n} was given; "
                              "with a target for each (--target 1;0;…, separated by ';') they make a mini-batch",
                              "--input: a trace without a target follows one sample, but {n} were given; "
                              "with a target for each (--target 1;0;…, separated by ';') they make a mini-batch")
                       .format(n=X.shape[0]))
    Y = parse_samples(args.target, "--target", net.n_outputs)
    if Y.shape[0] != X.shape[0]:
        raise CliError(tr("--target: {samples} samples but {targets} targets (separate them by ';')")
                       .format(samples=X.shape[0], targets=Y.shape[0]))
    X, _ = _normalised_input(nf, X)
    return X, Y, [tr("sample {n}").format(n=s + 1) for s in range(X.shape[0])]


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
    _write_trace(args, bt, worksheet_title(tr_known(nf.title) or label, bt), decimals)
    return 0


def _find_row(ds, key: str) -> int:
    labels = ds.row_labels or []
    for r, name in enumerate(labels):
        if name.lower() == key.strip().lower():
            return r
    if key.strip().isdigit() and 1 <= int(key) <= ds.n_samples:
        return int(key) - 1
    if labels:
        message = tr("--row: {key!r} is not a row of {title}; give a row number from 1 to {n_samples} ({names})")
    else:
        message = tr("--row: {key!r} is not a row of {title}; give a row number from 1 to {n_samples}")
    raise CliError(message.format(key=key, title=ds.title, n_samples=ds.n_samples, names=", ".join(labels)))


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
