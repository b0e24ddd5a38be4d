"""Activation functions and their derivatives.

Each activation is an :class:`Activation` in the registry ``ACTIVATIONS``,
pairing the function ``f(z)`` with its backward rule: given ``z``, ``a = f(z)``
and the upstream gradient ``dL/da``, return ``δ = dL/dz``. Elementwise
activations do this with their derivative ``f'(z)``; softmax uses its full
Jacobian-vector product. ``step`` has no useful derivative and is marked
not trainable.

Arrays are batches: ``z`` and ``a`` have shape (n_samples, n_neurons). Every
function is stable for |z| up to 1e4 and raises no numpy warnings.

This module is not the place for losses (``losses.py``) or for the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """One activation function with its backward rule.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"sigmoid"``.
    formula : str
        The function in symbols, for the step-through panel.
    derivative_formula : str
        ``f'(z)`` in symbols (empty for softmax and step).
    f : callable
        ``f(z) -> a``, both of shape (n_samples, n_neurons).
    backward : callable or None
        ``backward(z, a, dL_da) -> delta``, all of shape
        (n_samples, n_neurons); None when the activation cannot be trained.
    derivative : callable or None
        ``derivative(z, a) -> f'(z)`` for elementwise activations.
    elementwise : bool
        False for softmax, whose outputs depend on the whole row.
    """

    name: str
    formula: str
    derivative_formula: str
    f: Callable[[np.ndarray], np.ndarray]
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    elementwise: bool = True

    @property
    def trainable(self) -> bool:
        return self.backward is not None


def _elementwise(derivative: Callable[[np.ndarray, np.ndarray], np.ndarray]):
    def backward(z: np.ndarray, a: np.ndarray, dL_da: np.ndarray) -> np.ndarray:
        return dL_da * derivative(z, a)

    return backward


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^(−z)).

    Written exactly as the formula (so the tutorials' digits come out bit for
    bit), with z clipped first (±700 in float64, ±80 in float32) so that
    e^(−z) never overflows.
    """
    z = np.asarray(z)
    limit = 80.0 if z.dtype == np.float32 else 700.0
    return 1.0 / (1.0 + np.exp(-np.clip(z, -limit, limit)))


def _sigmoid_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return a * (1.0 - a)


def identity(z: np.ndarray) -> np.ndarray:
    return np.array(z, copy=True)


def _identity_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


def _identity_backward(z: np.ndarray, a: np.ndarray, dL_da: np.ndarray) -> np.ndarray:
    return np.array(dL_da, copy=True)


def _tanh_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return 1.0 - a * a


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def _relu_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return (z > 0).astype(z.dtype)


def _relu_backward(z: np.ndarray, a: np.ndarray, dL_da: np.ndarray) -> np.ndarray:
    return np.where(z > 0, dL_da, 0.0).astype(dL_da.dtype, copy=False)


def leaky_relu(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def _leaky_relu_derivative(z: np.ndarray, a: np.ndarray) -> np.ndarray:
    return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(z.dtype)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax, shifted by the row maximum so it never overflows."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def _softmax_backward(z: np.ndarray, a: np.ndarray, dL_da: np.ndarray) -> np.ndarray:
    # Jacobian-vector product: δ_j = a_j (g_j − Σ_k g_k a_k)
    return a * (dL_da - np.sum(dL_da * a, axis=-1, keepdims=True))


def step(z: np.ndarray) -> np.ndarray:
    """Heaviside step: 1 where z ≥ 0, else 0."""
    z = np.asarray(z)
    return (z >= 0).astype(z.dtype if z.dtype.kind == "f" else np.float64)


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation(
        "identity", "f(z) = z", "f′(z) = 1",
        identity, _identity_backward, _identity_derivative,
    ),
    "sigmoid": Activation(
        "sigmoid", "σ(z) = 1 / (1 + e^(−z))", "σ′(z) = σ(z)·(1 − σ(z))",
        sigmoid, _elementwise(_sigmoid_derivative), _sigmoid_derivative,
    ),
    "tanh": Activation(
        "tanh", "tanh(z)", "tanh′(z) = 1 − tanh²(z)",
        np.tanh, _elementwise(_tanh_derivative), _tanh_derivative,
    ),
    "relu": Activation(
        "relu", "ReLU(z) = max(0, z)", "ReLU′(z) = 1 if z > 0 else 0",
        relu, _relu_backward, _relu_derivative,
    ),
    "leaky_relu": Activation(
        "leaky_relu", f"LeakyReLU(z) = z if z > 0 else {LEAKY_SLOPE}·z",
        f"LeakyReLU′(z) = 1 if z > 0 else {LEAKY_SLOPE}",
        leaky_relu, _elementwise(_leaky_relu_derivative), _leaky_relu_derivative,
    ),
    "softmax": Activation(
        "softmax", "softmax(z)_j = e^(z_j) / Σ_k e^(z_k)", "",
        softmax, _softmax_backward, None, elementwise=False,
    ),
    "step": Activation(
        "step", "step(z) = 1 if z ≥ 0 else 0", "",
        step, None, None,
    ),
}


def get_activation(name: str) -> Activation:
    """Look up an activation by name, with a clear error for unknown names."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None
