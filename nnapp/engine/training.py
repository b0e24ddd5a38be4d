"""Training as a generator of progress reports.

:class:`Trainer` runs mini-batch gradient descent on a network and yields a
:class:`Progress` after every epoch (or every batch). The consumer decides
how long it runs: it stops asking, and training stops. A non-finite loss or
weight stops training with ``stopped == "diverged"`` and puts back the
weights from the end of the last finite epoch. A run that ends with
finite numbers but made the network worse, or got stuck with its outputs
pinned at their limits, says so on its last report (``Progress.warning``,
decided by :func:`~.training_health.training_trouble`).

Every loss it reports (of a batch, of an epoch, of the validation rows, and
before and after a run) is the loss of one sample averaged over the rows it
was taken on (:meth:`~.losses.Loss.per_sample`): for ``sse``, ½·Σ(ŷ − y)²
of a row averaged over the rows, not their sum. A training set of 150 rows
and a validation set of 50 are then on one scale. The loss a trace shows for
one sample is that sample's loss, the same number.

Mini-batch epochs run through a :class:`~.compiled.CompiledPlan` (the
lean loop with preallocated arrays), built at the start of every
:meth:`Trainer.run`; the general loop over ``propagation.forward`` /
``backward`` and ``Optimizer.step`` remains for what the plan does not cover
(:meth:`CompiledPlan.unsupported`: optimizers other than SGD, momentum and
Adam). One-sample SGD on tiny float64 networks takes the scalar path of
``scalar.py``.

The network given to the Trainer is trained in place (its arrays are first
converted to the dtype the settings ask for, if they differ). A caller who
wants to keep the original trains a copy.

Every knob may be turned between two reports, while a run goes on
(:meth:`Trainer.apply_settings`, or one setter each): the learning rate,
the loss, the optimizer and the L2 decay take effect at the next batch (a
new optimizer starts with no state: no velocity, Adam's moments at zero);
the batch size at the next epoch (an epoch's batches are cut when it
starts); the number of epochs when the current epoch ends. Each change
that took effect is listed once, on the next report
(:attr:`Progress.changes`), with where it happened.

The numpy path's batches run at the BLAS thread count of
:mod:`~.thread_choice` (measured once per shape of work, or as the
``threads`` argument says), set around the batches only.

The reports themselves are in ``progress.py``. This module stays above
~500 lines because the run loop, the knobs that turn while it runs and the
thread choice all read and change one Trainer's state mid-epoch.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import deque
from typing import Iterator

import numpy as np

from nnapp.text import plural, tr

from . import blas_threads
from .compiled import CompiledPlan
from .datasets import labels_from_one_hot
from .losses import LOSS_ALIASES, get_loss
from .metrics import accuracy, is_classification
from .network import DTYPES, Network
from .optimizers import make_optimizer
from .progress import Progress, SettingChange
from .propagation import as_batch, as_targets, backward, forward, loss_value
from .scalar import ScalarNetwork
from .thread_choice import AUTO, ThreadTrial, threads_matter, work_key
from .settings import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_L2, OPTIMIZERS, TrainingSettings
from .training_health import FLAT_EPOCHS, learning_rate_advice, training_trouble

HEALTH_ROWS = 2000
"""At most this many training rows (evenly spread) measure the loss before and
after a run to tell whether it made things worse: a forward pass or two,
cheap next to training."""


CHANGEABLE = ("loss", "optimizer", "learning_rate", "l2", "batch_size", "epochs")
"""The settings a running Trainer follows (:meth:`Trainer.apply_settings`)."""


class Trainer:
    """Train a network on arrays.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n_samples, n_inputs)
    Y : array_like, shape (n_samples, n_outputs)
    settings : TrainingSettings
    X_val, Y_val : array_like, optional
        Validation data, evaluated at the end of each epoch.
    threads : int or None or "auto"
        BLAS threads for the batches of the numpy path: ``AUTO`` (default)
        lets a :class:`~.thread_choice.ThreadTrial` time the first batches
        at one thread and at all of them and keep the faster (for work whose
        products OpenBLAS splits at all); an int forces that many; None
        leaves BLAS as it is. The count is set around the batches only and
        put back before every report is yielded.
    """

    def __init__(self, net: Network, X, Y, settings: TrainingSettings, X_val=None, Y_val=None,
                 threads: int | str | None = AUTO):
        # a copy: the setters below change it, never the caller's record
        self.settings = dataclasses.replace(settings).validate()
        settings = self.settings
        net.check_trainable()
        dtype = DTYPES[settings.dtype]
        if net.dtype != dtype:
            for layer in net.layers:
                layer.bias = layer.bias.astype(dtype)
            for link in net.links:
                link.W = link.W.astype(dtype)
        self.network = net
        self.X = as_batch(self.network, X)
        self.Y = as_targets(self.network, Y, self.X.shape[0])
        if self.X.shape[0] == 0:
            raise ValueError(tr("there are no samples to train on"))
        self.X_val = self.Y_val = None
        if X_val is not None and len(X_val):
            self.X_val = as_batch(self.network, X_val)
            self.Y_val = as_targets(self.network, Y_val, self.X_val.shape[0])
        self.loss = get_loss(settings.loss)
        self.loss.check_targets(self.Y)
        if self.Y_val is not None:
            self.loss.check_targets(self.Y_val)
        self.optimizer = make_optimizer(settings)
        self.rng = np.random.default_rng(settings.seed)
        self.classification = is_classification(self.Y)
        self.labels = labels_from_one_hot(self.Y) if self.classification else None
        self.step_count = 0
        #: Run mini-batch epochs through a CompiledPlan when it covers the
        #: case (False: always the general loop; the tests compare the two).
        self.compiled = True
        #: BLAS threads for the batches (see the class docstring); may be changed between runs.
        self.threads = threads
        self._trial: tuple | None = None
        self.epoch = 0
        #: The loss on :meth:`health_rows` when the current run started.
        self.start_loss: float | None = None
        #: The last epoch losses of the current run (for :meth:`trouble`).
        self.recent_losses: deque[float] = deque(maxlen=FLAT_EPOCHS)
        #: The batch size (as in the settings, 0 = the full set) of the current epoch.
        self._epoch_batch_size = settings.batch_size
        #: Bumped by every change a compiled plan must be rebuilt for.
        self._version = 0
        #: Epochs trained so far, with the fraction of the current one.
        self._position = 0.0
        #: Changes that took effect since the last report.
        self._changes: list[SettingChange] = []
        self._scalar = ScalarNetwork.compile(self.network, self.loss.name) if self._scalar_fits() else None

    # --- knobs that turn while training runs ------------------------------------

    @property
    def learning_rate(self) -> float:
        """η, from the next batch on."""
        return self.optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(tr("the learning rate must be a positive number, not {value!r}").format(value=value))
        old = self.optimizer.learning_rate
        self.optimizer.learning_rate = float(value)
        self.settings.learning_rate = float(value)
        self._note("learning_rate", old, float(value))

    def set_loss(self, name: str) -> None:
        """Train with another loss from the next batch on.

        The loss before and after the run (for :meth:`trouble`) is measured
        with the new loss from here on, and the epoch of the change reports
        its loss as the batches' losses combined, each with its own loss.

        Raises
        ------
        ValueError
            An unknown loss, or targets it cannot use (cce with rows that are
            not one class each).
        """
        loss = self._checked_loss(name)
        if loss is self.loss:
            return
        old = self.loss.name
        self.loss = loss
        self.settings.loss = loss.name
        self._version += 1
        self._scalar = None
        if self.start_loss is not None:     # a run is going: judge it from here on
            self.start_loss = self._health_loss()[0]
            self.recent_losses.clear()
        self._note("loss", old, loss.name)

    def set_optimizer(self, name: str) -> None:
        """Update with another optimizer from the next batch on. Its state
        starts afresh (no velocity; Adam's moments at zero, its step count at
        0); the learning rate and L2 decay stay as they are."""
        if name not in OPTIMIZERS:
            raise ValueError(tr("unknown optimizer {name!r} (choose {optimizers})")
                             .format(name=name, optimizers=', '.join(OPTIMIZERS)))
        if name == self.optimizer.name:
            return
        old = self.optimizer.name
        self.settings = dataclasses.replace(self.settings, optimizer=name,
                                            learning_rate=self.optimizer.learning_rate, l2=self.optimizer.l2)
        self.optimizer = make_optimizer(self.settings)
        self._version += 1
        self._note("optimizer", old, name)

    def set_l2(self, value: float) -> None:
        """L2 decay λ (λ·w added to every weight's gradient) from the next batch on."""
        if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= MAX_L2):
            raise ValueError(tr("the L2 decay must be a number from 0 to {max_l2:g}, not {value!r}")
                             .format(max_l2=MAX_L2, value=value))
        old = self.optimizer.l2
        if float(value) == old:
            return
        self.optimizer.l2 = float(value)
        self.settings.l2 = float(value)
        self._version += 1
        self._note("l2", old, float(value))

    def set_batch_size(self, value: int) -> None:
        """Rows per update (0: the full set) from the next epoch on: an
        epoch's batches are cut when it starts, so the change waits for the
        current epoch to end; it is reported when it takes effect."""
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= MAX_BATCH_SIZE:
            raise ValueError(tr("the batch size must be a whole number from 0 to {max_batch_size}, not {value!r}")
                             .format(max_batch_size=MAX_BATCH_SIZE, value=value))
        self.settings.batch_size = int(value)

    def set_epochs(self, value: int) -> None:
        """Epochs to train in all; the run ends when an epoch ends at or past it."""
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= MAX_EPOCHS:
            raise ValueError(tr("the number of epochs must be a whole number from 1 to {max_epochs}, not {value!r}")
                             .format(max_epochs=MAX_EPOCHS, value=value))
        self.settings.epochs = int(value)

    def check_settings(self, settings: TrainingSettings) -> None:
        """Raise ValueError (with the reason) if :meth:`apply_settings` would
        refuse ``settings``; change nothing."""
        settings = dataclasses.replace(settings).validate()
        self._checked_loss(settings.loss)

    def apply_settings(self, settings: TrainingSettings) -> list[str]:
        """Follow ``settings`` in what a run can change (:data:`CHANGEABLE`);
        the other fields (seed, shuffling, Adam's constants …) apply from the
        next Trainer. Nothing changes if one is refused (ValueError).

        Returns
        -------
        list of str
            The names of the settings that changed.
        """
        self.check_settings(settings)
        settings = dataclasses.replace(settings).validate()
        changed = [name for name in CHANGEABLE if getattr(settings, name) != getattr(self.settings, name)]
        if "loss" in changed:
            self.set_loss(settings.loss)
        if "optimizer" in changed:
            self.set_optimizer(settings.optimizer)
        if "learning_rate" in changed:
            self.learning_rate = settings.learning_rate
        if "l2" in changed:
            self.set_l2(settings.l2)
        if "batch_size" in changed:
            self.set_batch_size(settings.batch_size)
        if "epochs" in changed:
            self.set_epochs(settings.epochs)
        return changed

    def _checked_loss(self, name: str):
        loss = get_loss(LOSS_ALIASES.get(name, name))
        if loss is not self.loss:
            loss.check_targets(self.Y)
            if self.Y_val is not None:
                loss.check_targets(self.Y_val)
        return loss

    def _note(self, name: str, old, new) -> None:
        """Keep a change for the next report; a second change of the same
        setting before it took effect replaces the first."""
        if self._changes and self._changes[-1].name == name and self._changes[-1].step == self.step_count:
            old = self._changes.pop().old
        if old != new:
            self._changes.append(SettingChange(name, old, new, self.step_count, self._position))

    def _begin_epoch_batch_size(self) -> None:
        """At an epoch boundary: the batch size asked for takes effect."""
        new = self.settings.batch_size
        if new != self._epoch_batch_size:
            old, self._epoch_batch_size = self._epoch_batch_size, new
            self._note("batch_size", old, new)

    @property
    def batch_size(self) -> int:
        """Rows per update in the current epoch (a new batch size asked for
        in the settings applies from the next epoch)."""
        n = self.X.shape[0]
        bs = self._epoch_batch_size
        return n if bs == 0 else min(bs, n)

    def _scalar_fits(self) -> bool:
        return (
            self.batch_size == 1
            and self.optimizer.name == "sgd"
            and self.network.dtype == np.float64
            and ScalarNetwork.supports(self.network, self.loss.name)
        )

    def run(self, report: str = "epoch", snapshot_every: int = 0) -> Iterator[Progress]:
        """Train, yielding progress.

        Parameters
        ----------
        report : {"epoch", "batch", "auto"}
            Report after every epoch, or after every batch as well, or
            ("auto") after every batch of the epochs that have more than one.
        snapshot_every : int
            Attach a copy of the weights to every n-th epoch report (0: never;
            the final report always carries one when n > 0).
        """
        if report not in ("epoch", "batch", "auto"):
            raise ValueError(tr("report must be 'epoch', 'batch' or 'auto'"))
        self._start = time.perf_counter()
        self._seen = 0
        self.start_loss = self._health_loss()[0]
        self.recent_losses.clear()
        self._general = None
        one_batch = self.X.shape[0] == 1      # one-sample SGD then has one batch an epoch
        if self._scalar is not None and (report == "epoch" or (report == "auto" and one_batch)):
            epochs = self._scalar_epochs(report)
        else:
            epochs = self._numpy_epochs(report)
        params = self.network.arrays()
        for item in epochs:
            if isinstance(item, Progress):
                yield item
                continue
            epoch_loss, correct, diverged = item     # the loss already per sample
            epoch = self.epoch
            if diverged:
                yield self._diverged(snapshot_every)
                return
            self.recent_losses.append(float(epoch_loss))
            last = epoch >= self.settings.epochs
            progress = self._progress(epoch_loss, True)
            if self.classification:
                progress.accuracy = correct / self.X.shape[0]
            if self.X_val is not None:
                with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                    fp = forward(self.network, self.X_val)
                    progress.val_loss = self.loss.per_sample(
                        loss_value(self.network, fp, self.Y_val, self.loss), self.X_val.shape[0])
                if self.classification:
                    progress.val_accuracy = accuracy(self.Y_val, fp.output)
            if snapshot_every and (epoch % snapshot_every == 0 or last):
                progress.snapshot = [p.copy() for p in params]
            if last:
                progress.stopped = "finished"
                finished = plural(epoch, "Finished {n} epoch; training loss {loss:.6g}.",
                                  "Finished {n} epochs; training loss {loss:.6g}.").format(n=epoch, loss=epoch_loss)
                progress.warning = self.trouble() or ""
                if progress.warning:
                    finished = tr("{finished} {warning}").format(finished=finished, warning=progress.warning)
                progress.message = finished
            yield progress

    def health_rows(self) -> np.ndarray | slice:
        """The training rows that measure the loss before and after a run:
        all of them, or :data:`HEALTH_ROWS` spread evenly over them."""
        n = self.X.shape[0]
        if n <= HEALTH_ROWS:
            return slice(None)
        return np.linspace(0, n - 1, HEALTH_ROWS).round().astype(np.intp)

    def _health_loss(self) -> tuple[float, np.ndarray]:
        """(loss, outputs) of the current weights on :meth:`health_rows`,
        the loss as the mean per sample (on the scale of the epoch losses)."""
        rows = self.health_rows()
        X, Y = self.X[rows], self.Y[rows]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            fp = forward(self.network, X)
            loss = self.loss.per_sample(loss_value(self.network, fp, Y, self.loss), X.shape[0])
        return loss, fp.output

    def trouble(self) -> str | None:
        """Whether the current run so far made the network worse or got it
        stuck (:func:`~.training_health.training_trouble`), measured on
        :meth:`health_rows` with the current weights; None if not, or if no
        run has started."""
        if self.start_loss is None:
            return None
        final, outputs = self._health_loss()
        return training_trouble(self.start_loss, final, list(self.recent_losses), outputs,
                                self.network.layers[-1].activation, self.optimizer.learning_rate,
                                self.loss.name)

    def _progress(self, loss: float, epoch_finished: bool, batch: int | None = None) -> Progress:
        elapsed = time.perf_counter() - self._start
        batches = -(-self.X.shape[0] // self.batch_size)
        changes, self._changes = tuple(self._changes), []
        return Progress(
            self.epoch, max(self.settings.epochs, self.epoch), batches if batch is None else batch, batches,
            self.step_count, float(loss), epoch_finished,
            elapsed=elapsed, samples_per_second=self._seen / max(elapsed, 1e-9), changes=changes,
        )

    def _diverged(self, snapshot_every: int) -> Progress:
        progress = self._progress(float("nan"), True)
        progress.stopped = "diverged"
        progress.message = tr(
            "Training diverged in epoch {epoch}: the loss became infinite or not a number. "
            "The weights from the end of epoch {previous} were kept. {advice}."
        ).format(epoch=self.epoch, previous=self.epoch - 1, advice=learning_rate_advice(self.optimizer.learning_rate))
        if snapshot_every:
            progress.snapshot = [p.copy() for p in self.network.arrays()]
        return progress

    def _scalar_epochs(self, report: str):
        """Epochs of one-sample SGD in Python floats; yields (loss per sample,
        correct, diverged). Once a change leaves one-sample SGD (another
        optimizer or batch size, a loss the scalar path lacks), the remaining
        epochs run through :meth:`_numpy_epochs`."""
        rows, targets = self.X.tolist(), self.Y.tolist()
        n = len(rows)
        while self.epoch < self.settings.epochs:
            self._begin_epoch_batch_size()
            fits = self._scalar_fits()
            if fits and self._scalar is None:
                self._scalar = ScalarNetwork.compile(self.network, self.loss.name)
            if not fits:
                yield from self._numpy_epochs(report)
                return
            self.epoch += 1
            order = self.rng.permutation(n).tolist() if self.settings.shuffle else None
            loss, correct, diverged = self._scalar.sgd_epoch(
                self.network, rows, targets, order, self.optimizer.learning_rate, self.optimizer.l2
            )
            self.step_count += n
            self._seen += n
            self._position = float(self.epoch)
            yield self.loss.per_sample(loss, n), correct, diverged

    def _numpy_epochs(self, report: str):
        """Epochs of mini-batch descent; yields batch Progress and (loss per
        sample, correct, diverged) at the end of every epoch.

        Batches run through a :class:`CompiledPlan` (the lean loop) when it
        covers the case, else through the general loop (:meth:`_general_batch`).
        A plan is built at the first batch of a run (so it sees the network's
        arrays, masks and activations as they are then) and again at the
        next batch after a change of the loss, the optimizer, the L2 decay or
        the batch size.
        """
        params = self.network.arrays()
        backup = [p.copy() for p in params]
        n = self.X.shape[0]
        self._plan = self._plan_key = None
        while self.epoch < self.settings.epochs:
            self._begin_epoch_batch_size()
            self.epoch += 1
            bs = self.batch_size
            report_batches = report == "batch" or (report == "auto" and -(-n // bs) > 1)
            order = self.rng.permutation(n) if self.settings.shuffle else None
            epoch_loss, correct, diverged = yield from self._epoch(order, bs, report_batches)
            if diverged or not all(np.all(np.isfinite(p)) for p in params):
                for p, saved in zip(params, backup):
                    np.copyto(p, saved)
                yield float("nan"), correct, True
                return
            for p, saved in zip(params, backup):
                np.copyto(saved, p)
            self._position = float(self.epoch)
            yield epoch_loss, correct, False

    def _current_plan(self, bs: int) -> CompiledPlan | None:
        """The compiled plan for the settings as they are now (built when they
        changed), or None when the general loop trains."""
        key = (self._version, bs)
        if key != self._plan_key:
            self._plan_key = key
            self._plan = None
            if self.compiled and CompiledPlan.unsupported(self.network, self.loss, self.optimizer) is None:
                self._plan = CompiledPlan(self.network, self.X, self.Y, self.loss, self.optimizer, bs, self.labels)
        return self._plan

    def _epoch(self, order, bs: int, report_batches: bool):
        """One epoch of batches of ``bs`` rows in ``order`` (None: as given).

        A generator: yields a batch Progress after every batch when
        ``report_batches``; returns (loss per sample, correct, diverged). The
        settings are read before every batch, so a change made at a report
        applies from the next batch; an epoch in which the loss changed
        reports the batches' losses combined, each per sample.
        """
        n = self.X.shape[0]
        batches = -(-n // bs)
        ignore = dict(over="ignore", invalid="ignore", divide="ignore")
        plan = self._current_plan(bs)
        trial = self._thread_trial(bs)
        if plan is not None and not report_batches and (trial is None or not trial.measuring()):
            # no report until the epoch ends, so no change either: all batches in one go
            before = blas_threads.switch_threads(None if trial is None else trial.threads())
            try:
                with np.errstate(**ignore):
                    plan.begin_epoch(order)
                    total, done, seen, diverged = plan.train_epoch()
            finally:
                blas_threads.restore_threads(before)
            self.step_count += done
            self._seen += seen
            return self.loss.per_sample(total, n), plan.correct(seen), diverged or not plan.parameters_finite()
        if plan is not None:
            with np.errstate(**ignore):
                plan.begin_epoch(order)
        plan_start = 0                   # the row of the epoch where this plan took over
        closed = 0.0                     # per sample: the batches before the last change of loss
        loss, total = self.loss, 0.0     # the loss since then, and its batches combined as it reduces
        seen = 0
        correct = 0.0
        diverged = False
        for b in range(batches):
            if self.loss is not loss:
                closed += loss.per_sample(total, n)
                loss, total = self.loss, 0.0
            fresh = self._current_plan(bs)
            if fresh is not plan:
                if plan is not None:
                    correct += plan.correct(seen, plan_start)
                plan, plan_start = fresh, seen
                if plan is not None:
                    with np.errstate(**ignore):
                        plan.begin_epoch(order)
            m = min(bs, n - seen)
            threads = None if trial is None else trial.threads()
            before = blas_threads.switch_threads(threads)
            try:
                start = time.perf_counter()
                with np.errstate(**ignore):
                    if plan is not None:
                        batch_loss = plan.train_batch(b)
                    else:
                        idx = order[seen:seen + m] if order is not None else slice(seen, seen + m)
                        batch_loss, right = self._general_batch(idx)
                        correct += right
                seconds = time.perf_counter() - start
            finally:
                blas_threads.restore_threads(before)
            if trial is not None:
                trial.record(threads, seconds)
            if not math.isfinite(batch_loss):
                diverged = True
                break
            seen += m
            self.step_count += 1
            self._seen += m
            total += batch_loss if loss.reduction == "sum" else batch_loss * (m / n)
            self._position = self.epoch - 1 + seen / n
            if report_batches:
                yield self._progress(loss.per_sample(batch_loss, m), False, b + 1)
        if plan is not None:
            correct += plan.correct(seen, plan_start)
        return closed + loss.per_sample(total, n), correct, diverged

    def _thread_trial(self, bs: int) -> ThreadTrial | None:
        """The choice of BLAS threads for batches of ``bs`` rows (None: leave
        BLAS as it is, because :attr:`threads` is None, or it is ``AUTO`` and
        every product is too small for OpenBLAS to split)."""
        key = (self.threads, bs, self.network.dtype)
        if self._trial is None or self._trial[0] != key:
            net = self.network
            if self.threads is None or (self.threads == AUTO and not threads_matter(
                    [link.W.shape for link in net.links], bs)):
                trial = None
            else:
                trial = ThreadTrial(work_key([layer.size for layer in net.layers], bs, net.dtype), self.threads)
            self._trial = (key, trial)
        return self._trial[1]

    def _general_batch(self, idx) -> tuple[float, float]:
        """The general loop's batch: ``forward``, ``loss_value``, ``backward``
        and ``Optimizer.step`` on the rows ``idx``; (batch loss, right answers).
        A loss that is not finite is returned without an update."""
        net = self.network
        if self._general is None:
            self._general = (net.arrays(), net.trainable_masks(),
                             [True] * len(net.links) + [False] * (len(net.layers) - 1))
        params, masks, decay = self._general
        Xb, Yb = self.X[idx], self.Y[idx]
        fp = forward(net, Xb)
        batch_loss = float(loss_value(net, fp, Yb, self.loss))
        if not math.isfinite(batch_loss):
            return batch_loss, 0.0
        bp = backward(net, fp, Yb, self.loss)
        self.optimizer.step(params, bp.arrays(), masks, decay)
        right = accuracy(Yb, fp.output) * Xb.shape[0] if self.classification else 0.0
        return batch_loss, right


def train(net: Network, X, Y, settings: TrainingSettings, **kwargs) -> Iterator[Progress]:
    """Shorthand for ``Trainer(net, X, Y, settings, X_val, Y_val).run(...)``.

    Keyword arguments ``X_val``, ``Y_val`` and ``threads`` go to the Trainer, the rest to
    :meth:`Trainer.run`.
    """
    X_val = kwargs.pop("X_val", None)
    Y_val = kwargs.pop("Y_val", None)
    threads = kwargs.pop("threads", AUTO)
    return Trainer(net, X, Y, settings, X_val, Y_val, threads=threads).run(**kwargs)


def fit(net: Network, X, Y, settings: TrainingSettings, **kwargs) -> Progress:
    """Train to the end and return the last progress report."""
    last = None
    for last in train(net, X, Y, settings, **kwargs):
        pass
    return last
