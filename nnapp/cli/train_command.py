"""``nnapp train``: train a network, print its progress and final metrics,
and save it with ``--out`` (checked for writing before training starts).

Training itself is ``nnapp.engine.training``; this module reads the
options, prints and saves. Tracing and predicting are
``nnapp.cli.trace_commands``.
"""

from __future__ import annotations

import math
import os
import stat
import tempfile
from pathlib import Path

import numpy as np

from nnapp.model.file_errors import file_problem
from nnapp.text import counted, tr

from .errors import EXIT_OK, EXIT_TRAINING_WENT_WRONG, CliError, file_work
from .inputs import _decimals, network_data, open_network, parse_learning_rate
from .output import _class_of, _fmt, _output_text, _row_text, _table, _write


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
    rows = counted(train_ds.n_samples, "row", "rows", grouped=False)
    if val_ds is not None:
        rows = tr("{rows}, {n} held out for validation").format(rows=rows, n=val_ds.n_samples)
    _write(tr("  on {title} ({rows}); loss {loss}, {optimizer}, η = {rate:g}, {batch}, {epochs}").format(
        title=ds.title, rows=rows,
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
        return tr("a FIFO, a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return tr("a device")
    if stat.S_ISSOCK(mode):
        return tr("a socket")
    return tr("a special file")


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
        labels = train_ds.row_labels or [tr("row {n}").format(n=r + 1) for r in range(train_ds.n_samples)]
        rows = []
        for name, x, y, o in zip(labels, train_ds.X, train_ds.Y, fp.output):
            cls = _class_of(train_ds, o)
            target = _row_text(y) if y.size > 1 else _fmt(y[0], None)
            rows.append([name, _row_text(x), tr("target {target}").format(target=target),
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
