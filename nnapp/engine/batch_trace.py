"""The trace of a mini-batch: each sample's own trace, and the batch's gradient.

One step of mini-batch training follows the gradient of the batch loss. For
a loss that averages over the samples (mse, bce, cce) that gradient is the
average of the samples' own gradients::

    L      = (1/n)·Σ_s L⁽ˢ⁾
    ∂L/∂w  = (1/n)·Σ_s a_src⁽ˢ⁾·δ_dst⁽ˢ⁾
    ∂L/∂b  = (1/n)·Σ_s δ⁽ˢ⁾

where L⁽ˢ⁾, a⁽ˢ⁾ and δ⁽ˢ⁾ are sample s's loss, activations and δ = ∂L⁽ˢ⁾/∂z
traced on their own (:func:`~nnapp.engine.trace.trace`). For sse, which adds
over the samples, the same sums have no 1/n.

A :class:`BatchTrace` keeps the n per-sample traces and these averages,
computed from them, and the network after one gradient-descent step with the
averaged gradient. The averages equal what :func:`~.propagation.backward`
gives on the whole batch (to rounding; the tests check it), and the update
is one step of :class:`~.training.Trainer` with that batch. Nothing here
formats text; see ``steps/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nnapp.text import tr

from .losses import get_loss
from .network import Network, ParamRef
from .propagation import BackwardPass, as_batch, as_targets
from .trace import sgd_step, trace


@dataclass
class BatchTrace:
    """Every number of one training step on a mini-batch.

    Attributes
    ----------
    network : Network
        A copy of the network *before* the update.
    X : ndarray, shape (n_samples, n_inputs)
    Y : ndarray, shape (n_samples, n_outputs)
    samples : list of Trace
        Sample s's own trace (forward, its loss, its δ and gradients), with
        no update.
    labels : list of str
        A name per sample ("Alice", "row 3").
    loss : str
        Loss key.
    loss_total : float
        The batch loss: the mean of the samples' losses (their sum for sse).
    grad_W : list of ndarray
        Per link, shape like ``W``: the samples' ∂L/∂W averaged (summed for sse).
    grad_b : list of ndarray or None
        Per layer (entry 0 None), shape (size,): likewise.
    learning_rate : float or None
    l2 : float
    after : Network or None
        The network after ``w ← w − η·(∂L/∂w + λ·w)`` with the batch's
        gradient; frozen parameters are unchanged.
    """

    network: Network
    X: np.ndarray
    Y: np.ndarray
    samples: list
    labels: list
    loss: str
    loss_total: float
    grad_W: list = field(default_factory=list)
    grad_b: list | None = None
    learning_rate: float | None = None
    l2: float = 0.0
    after: Network | None = None

    @property
    def n(self) -> int:
        """The number of samples."""
        return len(self.samples)

    @property
    def averaged(self) -> bool:
        """Whether the batch averages its samples (False: sse adds them)."""
        return get_loss(self.loss).reduction == "mean"

    @property
    def scale(self) -> float:
        """1/n for a loss that averages over the samples, 1 for sse."""
        return 1.0 / self.n if self.averaged else 1.0

    @property
    def has_backward(self) -> bool:
        return True

    @property
    def y(self) -> np.ndarray:
        return self.Y

    def gradient(self, ref: ParamRef) -> float:
        """∂L/∂p of one named parameter, for the batch."""
        if ref.kind == "w":
            return float(self.grad_W[ref.link][ref.i, ref.j])
        return float(self.grad_b[ref.layer][ref.j])

    def to_dict(self) -> dict:
        """Plain-Python values: ``samples`` (each sample's
        :meth:`Trace.to_dict` with its ``label``), ``loss`` {"name",
        "total", "per_sample"}, ``gradients`` {parameter: value} of the
        batch, and with an update ``learning_rate`` and ``update``
        {parameter: {"before", "after", "frozen"}}."""
        net = self.network
        out: dict = {
            "samples": [{"label": label, **t.to_dict()} for label, t in zip(self.labels, self.samples)],
            "loss": {
                "name": self.loss,
                "total": self.loss_total,
                "per_sample": {label: t.loss_total for label, t in zip(self.labels, self.samples)},
            },
        }
        refs = net.parameters()
        out["gradients"] = {r.name: self.gradient(r) for r in refs}
        if self.after is not None:
            out["learning_rate"] = self.learning_rate
            out["update"] = {
                r.name: {"before": net.get(r), "after": self.after.get(r), "frozen": not net.is_trainable(r)}
                for r in refs
            }
        return out


def batch_trace(
    net: Network,
    X,
    Y,
    *,
    loss: str = "mse",
    learning_rate: float | None = 0.1,
    l2: float = 0.0,
    labels=None,
) -> BatchTrace:
    """Trace one training step on a mini-batch.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n_samples, n_inputs)
    Y : array_like, shape (n_samples, n_outputs)
        A target for every sample (a batch is traced for training).
    loss : str
    learning_rate : float or None
        η of the traced update; None leaves the update out.
    l2 : float
        L2 decay λ of the update.
    labels : sequence of str, optional
        A name per sample; by default "sample 1", "sample 2" …

    Returns
    -------
    BatchTrace
    """
    X = as_batch(net, X)
    n = X.shape[0]
    if n == 0:
        raise ValueError(tr("a mini-batch needs at least one sample"))
    Y = as_targets(net, Y, n)
    net.check_trainable()
    loss_fn = get_loss(loss)
    labels = [tr("sample {n}").format(n=s + 1) for s in range(n)] if labels is None else [str(v) for v in labels]
    if len(labels) != n:
        raise ValueError(tr("{n} samples but {n_labels} labels").format(n=n, n_labels=len(labels)))
    before = net.copy()
    samples = [trace(net, X[s], Y[s], loss=loss_fn.name, learning_rate=None, before=before) for s in range(n)]
    scale = 1.0 / n if loss_fn.reduction == "mean" else 1.0
    grad_W = [_combined([t.grad_W[li] for t in samples], scale) for li in range(len(net.links))]
    grad_b = [None] + [_combined([t.grad_b[k] for t in samples], scale) for k in range(1, len(net.layers))]
    total = _combined([np.asarray(t.loss_total, dtype=np.float64) for t in samples], scale)
    bt = BatchTrace(
        network=before, X=X.copy(), Y=Y.copy(), samples=samples, labels=labels,
        loss=loss_fn.name, loss_total=float(total), grad_W=grad_W, grad_b=grad_b,
    )
    if learning_rate is not None:
        bt.learning_rate = float(learning_rate)
        bt.l2 = float(l2)
        bp = BackwardPass(dL_da=[], deltas=[], grad_W=grad_W, grad_b=grad_b)
        bt.after = sgd_step(net, bp, learning_rate, l2)
    return bt


def _combined(arrays: list[np.ndarray], scale: float) -> np.ndarray:
    """``scale · Σ arrays``, the samples added in their order."""
    total = arrays[0].copy()
    for a in arrays[1:]:
        total += a
    if scale != 1.0:
        total *= scale
    return total


__all__ = ["BatchTrace", "batch_trace"]
