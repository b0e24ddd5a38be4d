"""Loss functions and their gradients with respect to the network output.

Each loss in ``LOSSES`` gives, for a batch of outputs ``a`` (the prediction
ŷ) and targets ``y``, both of shape (n_samples, n_outputs):

- ``terms(a, y)``: the loss term of every sample and output, shape
  (n_samples, n_outputs);
- ``value(a, y)``: the total (the reduction of the terms), a numpy scalar of
  the arrays' dtype, so a gradient check in extended precision keeps it;
- ``dL_da(a, y)``: the gradient of the total, shape (n_samples, n_outputs);
- ``fused_delta(z, a, y)``: for the output activations it pairs with
  (sigmoid for binary cross-entropy, softmax for categorical cross-entropy),
  δ = dL/dz directly, which is both simpler (δ = ŷ − y, scaled) and stable.

When logits ``z`` are given to ``terms``/``value`` for a fused pair, the
logarithms are computed from them (log-sigmoid, log-softmax), so the loss is
finite even for saturated outputs.

Reductions follow PyTorch: ``mse`` is the mean over samples *and* outputs
(``torch.nn.MSELoss``), ``bce`` likewise (``BCELoss``), ``cce`` the mean over
samples of the per-sample sum (``CrossEntropyLoss``). ``sse`` is half the sum
of squared errors, the loss behind the perceptron and XOR tutorials, whose
update ``w += Xᵀ·(error·σ′)`` is exactly gradient descent on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


def _eps(a: np.ndarray) -> float:
    return 1e-7 if a.dtype == np.float32 else 1e-12


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    # log σ(z) = −log(1 + e^(−z)) = −logaddexp(0, −z), exact and overflow-free
    return -np.logaddexp(0.0, -z)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# --- mean squared error -----------------------------------------------------

def _mse_terms(a, y, z=None):
    return (a - y) ** 2


def _mse_value(a, y, z=None):
    return np.mean((a - y) ** 2)


def _mse_grad(a, y):
    return (2.0 / a.size) * (a - y)


# --- half sum of squared errors ---------------------------------------------

def _sse_terms(a, y, z=None):
    return 0.5 * (a - y) ** 2


def _sse_value(a, y, z=None):
    return 0.5 * np.sum((a - y) ** 2)


def _sse_grad(a, y):
    return a - y


# --- binary cross-entropy ---------------------------------------------------

def _bce_terms(a, y, z=None):
    if z is not None:
        return -(y * _log_sigmoid(z) + (1.0 - y) * _log_sigmoid(-z))
    eps = _eps(a)
    p = np.clip(a, eps, 1.0 - eps)
    return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p))


def _bce_value(a, y, z=None):
    return np.mean(_bce_terms(a, y, z))


def _bce_grad(a, y):
    eps = _eps(a)
    p = np.clip(a, eps, 1.0 - eps)
    return (p - y) / (p * (1.0 - p)) / a.size


def _bce_fused(z, a, y):
    return (a - y) / a.size


# --- categorical cross-entropy ----------------------------------------------

def _cce_terms(a, y, z=None):
    if z is not None:
        return -y * _log_softmax(z)
    return -y * np.log(np.clip(a, _eps(a), None))


def _cce_value(a, y, z=None):
    return np.sum(_cce_terms(a, y, z)) / a.shape[0]


def _cce_grad(a, y):
    return -y / np.clip(a, _eps(a), None) / a.shape[0]


def _cce_fused(z, a, y):
    return (a - y) / a.shape[0]


@dataclass(frozen=True)
class Loss:
    """A loss with its gradient.

    Attributes
    ----------
    name : str
        Registry key.
    title : str
        Human name, e.g. "mean squared error".
    formula : str
        The total in symbols (n samples, k outputs).
    term_formula : str
        One term in symbols, for one output of one sample.
    terms, value, dL_da : callable
        See the module docstring.
    fused_with : str or None
        Output activation for which ``fused_delta`` applies.
    fused_delta : callable or None
        ``fused_delta(z, a, y) -> δ`` of shape (n_samples, n_outputs).
    reduction : {"mean", "sum"}
        How the total grows with the number of samples ("sum" for sse).
    """

    name: str
    title: str
    formula: str
    term_formula: str
    terms: Callable[..., np.ndarray]
    value: Callable[..., np.floating]
    dL_da: Callable[[np.ndarray, np.ndarray], np.ndarray]
    fused_with: str | None = None
    fused_delta: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None
    reduction: str = "mean"

    def is_fused(self, activation: str) -> bool:
        return self.fused_with is not None and activation == self.fused_with


LOSSES: dict[str, Loss] = {
    "mse": Loss(
        "mse", "mean squared error",
        "L = (1/(n·k)) Σ (ŷ − y)²", "(ŷ − y)²",
        _mse_terms, _mse_value, _mse_grad,
    ),
    "sse": Loss(
        "sse", "half sum of squared errors",
        "L = ½ Σ (ŷ − y)²", "½(ŷ − y)²",
        _sse_terms, _sse_value, _sse_grad, reduction="sum",
    ),
    "bce": Loss(
        "bce", "binary cross-entropy",
        "L = −(1/(n·k)) Σ [y·ln ŷ + (1 − y)·ln(1 − ŷ)]", "−[y·ln ŷ + (1 − y)·ln(1 − ŷ)]",
        _bce_terms, _bce_value, _bce_grad, "sigmoid", _bce_fused,
    ),
    "cce": Loss(
        "cce", "categorical cross-entropy",
        "L = −(1/n) Σ y·ln ŷ", "−y·ln ŷ",
        _cce_terms, _cce_value, _cce_grad, "softmax", _cce_fused,
    ),
}

LOSS_ALIASES = {
    "mean_squared_error": "mse",
    "binary_cross_entropy": "bce",
    "cross_entropy": "cce",
    "categorical_cross_entropy": "cce",
}


def get_loss(name: str) -> Loss:
    """Look up a loss by name or alias, with a clear error for unknown names."""
    key = LOSS_ALIASES.get(name, name)
    try:
        return LOSSES[key]
    except KeyError:
        known = ", ".join(LOSSES)
        raise ValueError(f"unknown loss {name!r} (known: {known})") from None


def mse(y_true, y_pred) -> float:
    """Mean squared error of two equal-length sequences, as in the tutorial.

    >>> mse([1, 0, 0, 1], [0, 0, 0, 0])
    0.5
    """
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return float(np.mean((y_true - y_pred) ** 2))
