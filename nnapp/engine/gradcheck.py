"""Gradient check: backpropagation against central differences.

For each parameter p, the numerical estimate is the central difference
``(L(p + h) − L(p − h)) / (2h)`` or, by default, its five-point refinement
``(−L(p + 2h) + 8L(p + h) − 8L(p − h) + L(p − 2h)) / (12h)``, whose error
shrinks like h⁴ instead of h². The losses are evaluated on a copy of the
network in numpy's extended precision (``longdouble``: 64-bit mantissa on
x86), so rounding does not swamp small gradients; where the platform has no
extended type this is plain float64. :func:`central_difference` is the
estimate for one parameter (the step-through panel shows it beside each
∂L/∂w), :func:`numeric_gradient` compares every parameter with backprop
(the tests use it to check every activation × loss).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnapp.text import tr

from .network import Network, ParamRef
from .propagation import backward, forward, loss_value


@dataclass
class GradientCheck:
    """Analytic and numerical gradients, one entry per parameter.

    Attributes
    ----------
    names : list of str
        Display names (w1…, b1…), in ``Network.parameters()`` order.
    analytic, numeric : ndarray, shape (n_parameters,)
    """

    names: list[str]
    analytic: np.ndarray
    numeric: np.ndarray

    def relative_errors(self, floor: float = 1e-8) -> np.ndarray:
        """|a − n| / max(|a|, |n|, floor) per parameter."""
        scale = np.maximum(np.maximum(np.abs(self.analytic), np.abs(self.numeric)), floor)
        return np.abs(self.analytic - self.numeric) / scale

    def max_relative_error(self, floor: float = 1e-8) -> float:
        errors = self.relative_errors(floor)
        return float(errors.max()) if errors.size else 0.0


def parameter_slot(net: Network, ref: ParamRef) -> tuple[np.ndarray, tuple]:
    """The array of ``net`` that holds parameter ``ref``, and its place in it."""
    if ref.kind == "w":
        return net.links[ref.link].W, (ref.i, ref.j)
    return net.layers[ref.layer].bias, (ref.j,)


def central_difference(net: Network, array: np.ndarray, where: tuple, X, Y, loss: str, h: float = 1e-4,
                       points: int = 5) -> np.longdouble:
    """∂L/∂p by a central difference, for the parameter p at ``array[where]``.

    Parameters
    ----------
    net : Network
        The network the loss is of, in the precision to compute in
        (``longdouble`` for the check); ``array`` is one of its weight
        matrices or bias vectors. Changed while this runs, then restored.
    array : ndarray
    where : tuple
        The parameter's index in ``array``.
    X, Y, loss, h
        As for :func:`numeric_gradient` (``X`` and ``Y`` in ``net``'s precision).
    points : {3, 5}
        ``(L(p + h) − L(p − h)) / 2h`` or the five-point refinement
        ``(−L(p + 2h) + 8L(p + h) − 8L(p − h) + L(p − 2h)) / 12h``.

    Returns
    -------
    longdouble
        In the precision of ``net``.
    """
    if points not in (3, 5):
        raise ValueError(tr("points must be 3 or 5"))
    original = array[where]

    def at(offset: float):
        array[where] = original + offset
        return loss_value(net, forward(net, X), Y, loss)

    try:
        if points == 3:
            return (at(h) - at(-h)) / (2.0 * h)
        return (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12.0 * h)
    finally:
        array[where] = original


def numeric_gradient(
    net: Network, X, Y, loss: str, h: float = 1e-4, points: int = 5
) -> GradientCheck:
    """Compare ∂L/∂p from backprop with central differences.

    Parameters
    ----------
    net : Network
        Not modified.
    X : array_like, shape (n_samples, n_inputs)
    Y : array_like, shape (n_samples, n_outputs)
    loss : str
    h : float
        Step of the difference.
    points : {3, 5}
        The three-point or the five-point central difference.
    """
    if points not in (3, 5):
        raise ValueError(tr("points must be 3 or 5"))
    exact = net.astype(np.float64)
    bp = backward(exact, forward(exact, X), Y, loss)
    work = net.astype(np.longdouble)
    X = np.asarray(X, dtype=np.longdouble)
    Y = np.asarray(Y, dtype=np.longdouble)
    refs = work.parameters()
    analytic = np.empty(len(refs))
    numeric = np.empty(len(refs))
    for k, ref in enumerate(refs):
        analytic[k] = bp.grad_W[ref.link][ref.i, ref.j] if ref.kind == "w" else bp.grad_b[ref.layer][ref.j]
        numeric[k] = central_difference(work, *parameter_slot(work, ref), X, Y, loss, h, points)
    return GradientCheck([r.name for r in refs], analytic, numeric)


__all__ = ["GradientCheck", "central_difference", "numeric_gradient", "parameter_slot"]
