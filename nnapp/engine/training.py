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
wants to keep the original trains a copy. Knobs such as the learning
rate may be changed between reports.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from .compiled import CompiledPlan
from .datasets import labels_from_one_hot
from .losses import get_loss
from .metrics import accuracy, is_classification
from .network import DTYPES, Network
from .optimizers import make_optimizer
from .propagation import as_batch, as_targets, backward, forward, loss_value
from .scalar import ScalarNetwork
from .settings import TrainingSettings
from .training_health import FLAT_EPOCHS, learning_rate_advice, training_trouble

HEALTH_ROWS = 2000
"""At most this many training rows (evenly spread) measure the loss before and
after a run to tell whether it made things worse: a forward pass or two,
cheap next to training."""


@dataclass
class Progress:
    """One report from the training loop.

    Attributes
    ----------
    epoch : int
        Current epoch, counted from 1.
    epochs : int
        Epochs asked for.
    batch, batches : int
        Batch within the epoch (from 1) and batches per epoch.
    step : int
        Parameter updates so far.
    loss : float
        Training loss, as the mean per sample (each sample's loss averaged
        over the rows): of the last batch for a batch report, of the whole
        epoch (batch losses combined) for an epoch report.
    epoch_finished : bool
        True when this report closes an epoch.
    val_loss, accuracy, val_accuracy : float or None
        Filled at the end of an epoch where they apply; ``val_loss`` is the
        mean per sample over the validation rows, on the scale of ``loss``.
    elapsed : float
        Seconds since training started.
    samples_per_second : float
    snapshot : list of ndarray or None
        Copies of the parameter arrays (``Network.arrays`` order) when asked.
    stopped : str or None
        None while running; "finished" or "diverged" on the last report.
    message : str
        A sentence for the status line (why training stopped, if it did),
        ending with ``warning`` when there is one.
    warning : str
        On the last report of a run that made the network worse or got
        stuck: what happened and the learning rate to try instead; else "".
    """

    epoch: int
    epochs: int
    batch: int
    batches: int
    step: int
    loss: float
    epoch_finished: bool
    val_loss: float | None = None
    accuracy: float | None = None
    val_accuracy: float | None = None
    elapsed: float = 0.0
    samples_per_second: float = 0.0
    snapshot: list[np.ndarray] | None = None
    stopped: str | None = None
    message: str = ""
    warning: str = ""


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
    """

    def __init__(self, net: Network, X, Y, settings: TrainingSettings, X_val=None, Y_val=None):
        self.settings = settings.validate()
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
            raise ValueError("there are no samples to train on")
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
        self.epoch = 0
        #: The loss on :meth:`health_rows` when the current run started.
        self.start_loss: float | None = None
        #: The last epoch losses of the current run (for :meth:`trouble`).
        self.recent_losses: deque[float] = deque(maxlen=FLAT_EPOCHS)
        self._scalar = ScalarNetwork.compile(self.network, self.loss.name) if self._scalar_fits() else None

    @property
    def learning_rate(self) -> float:
        return self.optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: float) -> None:
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"the learning rate must be a positive number, not {value!r}")
        self.optimizer.learning_rate = float(value)

    @property
    def batch_size(self) -> int:
        n = self.X.shape[0]
        bs = self.settings.batch_size
        return n if bs == 0 else min(bs, n)

    def _scalar_fits(self) -> bool:
        s = self.settings
        return (
            self.batch_size == 1
            and s.optimizer == "sgd"
            and self.network.dtype == np.float64
            and ScalarNetwork.supports(self.network, self.loss.name)
        )

    def run(self, report: str = "epoch", snapshot_every: int = 0) -> Iterator[Progress]:
        """Train, yielding progress.

        Parameters
        ----------
        report : {"epoch", "batch"}
            Report after every epoch, or after every batch as well.
        snapshot_every : int
            Attach a copy of the weights to every n-th epoch report (0: never;
            the final report always carries one when n > 0).
        """
        if report not in ("epoch", "batch"):
            raise ValueError("report must be 'epoch' or 'batch'")
        self._start = time.perf_counter()
        self._seen = 0
        self.start_loss = self._health_loss()[0]
        self.recent_losses.clear()
        if self._scalar is not None and report == "epoch":
            epochs = self._scalar_epochs()
        else:
            epochs = self._numpy_epochs(report == "batch")
        params = self.network.arrays()
        for item in epochs:
            if isinstance(item, Progress):
                yield item
                continue
            epoch_loss, correct, diverged = item
            epoch_loss = self.loss.per_sample(epoch_loss, self.X.shape[0])
            epoch = self.epoch
            if diverged:
                yield self._diverged(snapshot_every)
                return
            self.recent_losses.append(float(epoch_loss))
            last = epoch == self.settings.epochs
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
                progress.message = f"Finished {self.settings.epochs} epochs; training loss {epoch_loss:.6g}."
                progress.warning = self.trouble() or ""
                if progress.warning:
                    progress.message += " " + progress.warning
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
        return Progress(
            self.epoch, self.settings.epochs, batches if batch is None else batch, batches,
            self.step_count, float(loss), epoch_finished,
            elapsed=elapsed, samples_per_second=self._seen / max(elapsed, 1e-9),
        )

    def _diverged(self, snapshot_every: int) -> Progress:
        progress = self._progress(float("nan"), True)
        progress.stopped = "diverged"
        progress.message = (
            f"Training diverged in epoch {self.epoch}: the loss became infinite or not a number. "
            f"The weights from the end of epoch {self.epoch - 1} were kept. "
            f"{learning_rate_advice(self.optimizer.learning_rate)}."
        )
        if snapshot_every:
            progress.snapshot = [p.copy() for p in self.network.arrays()]
        return progress

    def _scalar_epochs(self):
        """Epochs of one-sample SGD in Python floats; yields (loss, correct, diverged)."""
        rows, targets = self.X.tolist(), self.Y.tolist()
        n = len(rows)
        for self.epoch in range(self.epoch + 1, self.settings.epochs + 1):
            order = self.rng.permutation(n).tolist() if self.settings.shuffle else None
            result = self._scalar.sgd_epoch(
                self.network, rows, targets, order, self.optimizer.learning_rate, self.optimizer.l2
            )
            self.step_count += n
            self._seen += n
            yield result

    def _numpy_epochs(self, report_batches: bool):
        """Epochs of mini-batch descent; yields batch Progress and (loss, correct, diverged).

        The loss of such a tuple is the epoch's total as the loss reduces it
        (for ``sse`` the sum over the rows): :meth:`run` reports it per sample.

        Through a :class:`CompiledPlan` built now (so it sees the network's
        arrays, masks and activations as they are at the start of the run),
        or the general loop when the plan does not cover the case.
        """
        plan = None
        if self.compiled and CompiledPlan.unsupported(self.network, self.loss, self.optimizer) is None:
            plan = CompiledPlan(self.network, self.X, self.Y, self.loss, self.optimizer,
                                self.batch_size, self.labels)
        if plan is None:
            yield from self._general_epochs(report_batches)
            return
        s = self.settings
        n = self.X.shape[0]
        bs = self.batch_size
        batches = plan.batches
        params = plan.params
        backup = [p.copy() for p in params]
        summed = plan.summed
        ignore = dict(over="ignore", invalid="ignore", divide="ignore")
        for self.epoch in range(self.epoch + 1, s.epochs + 1):
            order = self.rng.permutation(n) if s.shuffle else None
            if report_batches:
                with np.errstate(**ignore):
                    plan.begin_epoch(order)
                epoch_loss = 0.0
                seen = 0
                diverged = False
                for b in range(batches):
                    with np.errstate(**ignore):
                        batch_loss = plan.train_batch(b)
                    if not math.isfinite(batch_loss):
                        diverged = True
                        break
                    m = min(bs, n - seen)
                    seen += m
                    self.step_count += 1
                    self._seen += m
                    epoch_loss += batch_loss if summed else batch_loss * (m / n)
                    yield self._progress(self.loss.per_sample(batch_loss, m), False, b + 1)
            else:
                with np.errstate(**ignore):
                    plan.begin_epoch(order)
                    epoch_loss, done, seen, diverged = plan.train_epoch()
                self.step_count += done
                self._seen += seen
            correct = plan.correct(seen)
            if diverged or not plan.parameters_finite():
                for p, saved in zip(params, backup):
                    np.copyto(p, saved)
                yield float("nan"), correct, True
                return
            for p, saved in zip(params, backup):
                np.copyto(saved, p)
            yield epoch_loss, correct, False

    def _general_epochs(self, report_batches: bool):
        """The general loop: ``forward``, ``loss_value``, ``backward`` and
        ``Optimizer.step`` per batch. Same yields as :meth:`_numpy_epochs`."""
        s = self.settings
        net, X, Y = self.network, self.X, self.Y
        n = X.shape[0]
        bs = self.batch_size
        batches = -(-n // bs)
        params = net.arrays()
        masks = net.trainable_masks()
        decay = [True] * len(net.links) + [False] * (len(net.layers) - 1)
        backup = [p.copy() for p in params]
        summed = self.loss.reduction == "sum"
        for self.epoch in range(self.epoch + 1, s.epochs + 1):
            order = self.rng.permutation(n) if s.shuffle else None
            epoch_loss = 0.0
            correct = 0.0
            diverged = False
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                for b in range(batches):
                    idx = order[b * bs:(b + 1) * bs] if order is not None else slice(b * bs, (b + 1) * bs)
                    Xb, Yb = X[idx], Y[idx]
                    m = Xb.shape[0]
                    fp = forward(net, Xb)
                    batch_loss = float(loss_value(net, fp, Yb, self.loss))
                    if not math.isfinite(batch_loss):
                        diverged = True
                        break
                    bp = backward(net, fp, Yb, self.loss)
                    self.optimizer.step(params, bp.arrays(), masks, decay)
                    self.step_count += 1
                    self._seen += m
                    epoch_loss += batch_loss if summed else batch_loss * (m / n)
                    if self.classification:
                        correct += accuracy(Yb, fp.output) * m
                    if report_batches:
                        yield self._progress(self.loss.per_sample(batch_loss, m), False, b + 1)
            if diverged or not all(np.all(np.isfinite(p)) for p in params):
                for p, saved in zip(params, backup):
                    p[...] = saved
                yield float("nan"), correct, True
                return
            for p, saved in zip(params, backup):
                saved[...] = p
            yield epoch_loss, correct, False


def train(net: Network, X, Y, settings: TrainingSettings, **kwargs) -> Iterator[Progress]:
    """Shorthand for ``Trainer(net, X, Y, settings, X_val, Y_val).run(...)``.

    Keyword arguments ``X_val`` and ``Y_val`` go to the Trainer, the rest to
    :meth:`Trainer.run`.
    """
    X_val = kwargs.pop("X_val", None)
    Y_val = kwargs.pop("Y_val", None)
    return Trainer(net, X, Y, settings, X_val, Y_val).run(**kwargs)


def fit(net: Network, X, Y, settings: TrainingSettings, **kwargs) -> Progress:
    """Train to the end and return the last progress report."""
    last = None
    for last in train(net, X, Y, settings, **kwargs):
        pass
    return last
