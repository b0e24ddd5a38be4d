"""Forward and backward passes over a batch.

Samples are rows. For every layer j after the input, in order::

    z_j = b_j + Σ_links a_src @ W        (absent connections hold W = 0)
    a_j = f_j(z_j)

Backward keeps the names of the maths: ``deltas[j]`` is δ_j = dL/dz_j,
``dL_da[j]`` is dL/da_j, ``grad_W[k]`` is dL/dW of link k and ``grad_b[j]``
is dL/db_j. For the output layer δ comes from the loss (fused with sigmoid
or softmax where the loss allows); for every other layer
``dL/da_j = Σ_outgoing δ_dst @ Wᵀ`` and δ_j follows from the activation.

Shapes: ``X`` (n_samples, n_inputs); ``zs[j]``, ``activations[j]``,
``deltas[j]`` (n_samples, size_j); ``grad_W[k]`` like ``links[k].W``;
``grad_b[j]`` (size_j,). Entry 0 of ``zs``, ``deltas`` and ``grad_b`` is None
(the input layer has no z, δ or bias).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnapp.text import tr

from .activations import ACTIVATIONS
from .losses import Loss, get_loss
from .network import Network


@dataclass
class ForwardPass:
    """``zs`` and ``activations`` per layer; ``activations[0]`` is X."""

    zs: list[np.ndarray | None]
    activations: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.activations[-1]


@dataclass
class BackwardPass:
    """Gradients of one batch. See the module docstring for shapes."""

    dL_da: list[np.ndarray | None]
    deltas: list[np.ndarray | None]
    grad_W: list[np.ndarray]
    grad_b: list[np.ndarray | None]

    def arrays(self) -> list[np.ndarray]:
        """Gradients in the order of :meth:`Network.arrays`."""
        return list(self.grad_W) + [g for g in self.grad_b[1:]]


def as_batch(net: Network, X) -> np.ndarray:
    """``X`` as a 2-D array of the network's dtype, one sample per row."""
    X = np.asarray(X, dtype=net.dtype)
    if X.ndim == 1:
        X = X[None, :]
    if X.ndim != 2 or X.shape[1] != net.n_inputs:
        got = X.shape[-1] if X.ndim else 1
        raise ValueError(tr("the network has {n_inputs} inputs, the data has {got} values per sample")
                         .format(n_inputs=net.n_inputs, got=got))
    return X


def forward(net: Network, X) -> ForwardPass:
    """Run the network on a batch.

    Parameters
    ----------
    net : Network
    X : array_like, shape (n_samples, n_inputs) or (n_inputs,)

    Returns
    -------
    ForwardPass
    """
    X = as_batch(net, X)
    L = len(net.layers)
    zs: list[np.ndarray | None] = [None] * L
    acts: list[np.ndarray] = [X] + [None] * (L - 1)  # type: ignore[list-item]
    links = net.links
    for j in range(1, L):
        layer = net.layers[j]
        z = None
        for li, s in net.incoming(j):
            if z is None:
                z = acts[s] @ links[li].W
            else:
                z += acts[s] @ links[li].W
        if z is None:
            z = np.zeros((X.shape[0], layer.size), dtype=X.dtype)
        z += layer.bias
        zs[j] = z
        acts[j] = ACTIVATIONS[layer.activation].f(z)
    return ForwardPass(zs, acts)


def predict(net: Network, X) -> np.ndarray:
    """The output layer's activations, shape (n_samples, n_outputs)."""
    return forward(net, X).output


def loss_value(net: Network, fp: ForwardPass, Y, loss: str | Loss) -> np.floating:
    """The loss of a forward pass against targets ``Y`` (n_samples, n_outputs),
    as a numpy scalar of the network's dtype."""
    loss = get_loss(loss) if isinstance(loss, str) else loss
    Y = as_targets(net, Y, fp.output.shape[0])
    z = fp.zs[-1] if loss.is_fused(net.layers[-1].activation) else None
    return loss.value(fp.output, Y, z)


def as_targets(net: Network, Y, n_samples: int) -> np.ndarray:
    """``Y`` as a 2-D array (n_samples, n_outputs) of the network's dtype."""
    Y = np.asarray(Y, dtype=net.dtype)
    if Y.ndim == 0:
        Y = Y.reshape(1, 1)
    elif Y.ndim == 1:
        # one target per sample for a single output, else one sample's targets
        Y = Y.reshape(-1, 1) if net.n_outputs == 1 else Y.reshape(1, -1)
    if Y.shape[0] != n_samples:
        raise ValueError(tr("{n_samples} samples but {shape} targets").format(n_samples=n_samples, shape=Y.shape[0]))
    if Y.shape != (n_samples, net.n_outputs):
        raise ValueError(
            tr("the network has {n_outputs} outputs, the targets have {shape} values per sample")
            .format(n_outputs=net.n_outputs, shape=Y.shape[1])
        )
    return Y


def backward(
    net: Network,
    fp: ForwardPass,
    Y,
    loss: str | Loss,
    *,
    keep_dL_da: bool = False,
) -> BackwardPass:
    """Backpropagate the loss of a forward pass.

    Parameters
    ----------
    net : Network
    fp : ForwardPass
        The result of :func:`forward` on the same network.
    Y : array_like, shape (n_samples, n_outputs)
    loss : str or Loss
    keep_dL_da : bool
        Also keep dL/da of every layer (the trace wants it; training does not).

    Returns
    -------
    BackwardPass
    """
    loss = get_loss(loss) if isinstance(loss, str) else loss
    zs, acts = fp.zs, fp.activations
    n = acts[0].shape[0]
    Y = as_targets(net, Y, n)
    L = len(net.layers)
    links = net.links
    ends = net.link_ends()
    dL_da: list[np.ndarray | None] = [None] * L
    deltas: list[np.ndarray | None] = [None] * L
    out = L - 1
    out_act = net.layers[out].activation
    if loss.is_fused(out_act):
        deltas[out] = loss.fused_delta(zs[out], acts[out], Y)
        if keep_dL_da:
            dL_da[out] = loss.dL_da(acts[out], Y)
    else:
        g = loss.dL_da(acts[out], Y)
        dL_da[out] = g
        deltas[out] = ACTIVATIONS[out_act].backward(zs[out], acts[out], g)
    for j in range(out - 1, 0, -1):
        g = None
        for li, d in net.outgoing(j):
            t = deltas[d] @ links[li].W.T
            if g is None:
                g = t
            else:
                g += t
        if g is None:
            g = np.zeros_like(acts[j])
        if keep_dL_da:
            dL_da[j] = g
        deltas[j] = ACTIVATIONS[net.layers[j].activation].backward(zs[j], acts[j], g)
    grad_W = []
    for link, (s, d) in zip(links, ends):
        gw = acts[s].T @ deltas[d]
        if link.mask is not None:
            gw *= link.mask
        grad_W.append(gw)
    grad_b: list[np.ndarray | None] = [None] + [deltas[j].sum(axis=0) for j in range(1, L)]
    return BackwardPass(dL_da, deltas, grad_W, grad_b)

