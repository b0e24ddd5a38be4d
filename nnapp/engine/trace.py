"""The trace of one sample: every number of forward, loss, backward and update.

A :class:`Trace` is what the step-through panel and the command line's
``trace`` render. It is computed by the same :func:`forward` and
:func:`backward` as training (on a batch of one), so the numbers a student
reads are the numbers the network learns from. Nothing here formats text;
see ``steps.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from nnapp.text import tr

from .losses import get_loss
from .network import Network, ParamRef
from .optimizers import SGD
from .propagation import as_batch, as_targets, backward, forward


@dataclass
class Trace:
    """Every intermediate value for one sample.

    Attributes
    ----------
    network : Network
        A copy of the network *before* the update.
    x : ndarray, shape (n_inputs,)
    y : ndarray, shape (n_outputs,) or None
        Target; without it the trace holds the forward pass only.
    zs, activations : list of ndarray
        Per layer, shape (size,); ``zs[0]`` is None, ``activations[0]`` is x.
    loss : str or None
        Loss key.
    loss_terms : ndarray, shape (n_outputs,) or None
        The loss term of each output (see ``losses.py``).
    loss_total : float or None
    dL_da, deltas : list of ndarray or None
        Per layer (entry 0 None), shape (size,).
    grad_W : list of ndarray
        Per link, shape like ``W``.
    grad_b : list of ndarray or None
        Per layer (entry 0 None), shape (size,).
    learning_rate : float or None
    l2 : float
    after : Network or None
        The network after one gradient-descent step
        ``w ← w − η·(∂L/∂w + λ·w)``; frozen parameters are unchanged.
    """

    network: Network
    x: np.ndarray
    y: np.ndarray | None
    zs: list
    activations: list
    loss: str | None = None
    loss_terms: np.ndarray | None = None
    loss_total: float | None = None
    dL_da: list | None = None
    deltas: list | None = None
    grad_W: list = field(default_factory=list)
    grad_b: list | None = None
    learning_rate: float | None = None
    l2: float = 0.0
    after: Network | None = None

    @property
    def has_backward(self) -> bool:
        return self.deltas is not None

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]

    def gradient(self, ref: ParamRef) -> float:
        """∂L/∂p of one named parameter."""
        if ref.kind == "w":
            return float(self.grad_W[ref.link][ref.i, ref.j])
        return float(self.grad_b[ref.layer][ref.j])

    def to_dict(self) -> dict:
        """Plain-Python values keyed by display names.

        Keys: ``forward`` {neuron: {"z", "a"}} (inputs with "a" only); with a
        target also ``loss`` {"name", "total", "per_output"}, ``backward``
        {neuron: {"dL_da", "delta"}}, ``gradients`` {parameter: value}, and
        ``update`` {parameter: {"before", "after", "frozen"}}.
        """
        net = self.network
        names = net.all_neuron_names()
        out: dict = {"forward": {}}
        for k, layer_names in enumerate(names):
            for j, name in enumerate(layer_names):
                entry = {"a": float(self.activations[k][j])}
                if k > 0:
                    entry = {"z": float(self.zs[k][j]), "a": entry["a"]}
                out["forward"][name] = entry
        if not self.has_backward:
            return out
        out_names = names[-1]
        out["loss"] = {
            "name": self.loss,
            "total": self.loss_total,
            "per_output": {n: float(v) for n, v in zip(out_names, self.loss_terms)},
        }
        out["backward"] = {}
        for k in range(len(names) - 1, 0, -1):
            for j, name in enumerate(names[k]):
                out["backward"][name] = {
                    "dL_da": float(self.dL_da[k][j]),
                    "delta": float(self.deltas[k][j]),
                }
        refs = net.parameters()
        out["gradients"] = {r.name: self.gradient(r) for r in refs}
        if self.after is not None:
            out["learning_rate"] = self.learning_rate
            out["update"] = {
                r.name: {
                    "before": net.get(r),
                    "after": self.after.get(r),
                    "frozen": not net.is_trainable(r),
                }
                for r in refs
            }
        return out


def trace(
    net: Network,
    x,
    y=None,
    *,
    loss: str = "mse",
    learning_rate: float | None = 0.1,
    l2: float = 0.0,
    before: Network | None = None,
) -> Trace:
    """Compute the trace of one sample.

    Parameters
    ----------
    net : Network
    x : array_like, shape (n_inputs,)
    y : array_like, shape (n_outputs,), optional
        Without a target only the forward pass is traced.
    loss : str
    learning_rate : float or None
        η of the traced update; None leaves the update out.
    l2 : float
        L2 decay λ of the traced update.
    before : Network, optional
        A copy of ``net`` to keep as :attr:`Trace.network` (by default one
        is made; the samples of a mini-batch share one).

    Returns
    -------
    Trace
    """
    X = as_batch(net, x)
    if X.shape[0] != 1:
        raise ValueError(tr("a trace follows one sample; give one row of inputs"))
    fp = forward(net, X)
    t = Trace(
        network=net.copy() if before is None else before,
        x=X[0].copy(),
        y=None,
        zs=[None] + [z[0] for z in fp.zs[1:]],
        activations=[a[0] for a in fp.activations],
    )
    if y is None:
        return t
    net.check_trainable()
    loss_fn = get_loss(loss)
    Y = as_targets(net, y, 1)
    fused = loss_fn.is_fused(net.layers[-1].activation)
    z_out = fp.zs[-1] if fused else None
    bp = backward(net, fp, Y, loss_fn, keep_dL_da=True)
    t.y = Y[0].copy()
    t.loss = loss_fn.name
    t.loss_terms = loss_fn.terms(fp.output, Y, z_out)[0]
    t.loss_total = float(loss_fn.value(fp.output, Y, z_out))
    t.dL_da = [None] + [g[0] for g in bp.dL_da[1:]]
    t.deltas = [None] + [d[0] for d in bp.deltas[1:]]
    t.grad_W = bp.grad_W
    t.grad_b = bp.grad_b
    if learning_rate is not None:
        t.learning_rate = float(learning_rate)
        t.l2 = float(l2)
        t.after = sgd_step(net, bp, learning_rate, l2)
    return t


def sgd_step(net: Network, bp, learning_rate: float, l2: float = 0.0) -> Network:
    """A copy of ``net`` after ``w ← w − η·(∂L/∂w + λ·w)``, ``b ← b − η·∂L/∂b``.

    Frozen parameters and absent connections keep their values.
    """
    after = net.copy()
    n_links = len(net.links)
    decay = [k < n_links for k in range(len(after.arrays()))]
    grads = [np.array(g, copy=True) for g in bp.arrays()]  # the update overwrites its gradients
    SGD(learning_rate, l2).step(after.arrays(), grads, net.trainable_masks(), decay)
    return after
