"""Gradient check: backpropagation against central differences.

For each parameter p, the numerical estimate is the central difference
``(L(p + h) − L(p − h)) / (2h)`` or, by default, its five-point refinement
``(−L(p + 2h) + 8L(p + h) − 8L(p − h) + L(p − 2h)) / (12h)``, whose error
shrinks like h⁴ instead of h². The losses are evaluated on a copy of the
network in numpy's extended precision (``longdouble``: 64-bit mantissa on
x86), so rounding does not swamp small gradients; where the platform has no
extended type this is plain float64. The step-through panel shows it beside each ∂L/∂w; the tests use it
to check every activation × loss.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .network import Network
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
        raise ValueError("points must be 3 or 5")
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
        original = np.longdouble(work.get(ref))

        def at(offset: float) -> np.longdouble:
            work.set(ref, original + offset)
            return loss_value(work, forward(work, X), Y, loss)

        if points == 3:
            numeric[k] = (at(h) - at(-h)) / (2.0 * h)
        else:
            numeric[k] = (-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12.0 * h)
        work.set(ref, original)
    return GradientCheck([r.name for r in refs], analytic, numeric)
