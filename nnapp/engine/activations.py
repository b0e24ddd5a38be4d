"""Activation functions: the registry ``ACTIVATIONS``, one entry per function.

Each :class:`Activation` is the one home of its function's maths. Its rule
is written once, in place, in the style of scikit-learn's
``neural_network/_base.py``, as the numpy calls that do it:
``forward_ops(z, out, s)`` gives the calls that write ``a = f(z)`` into a
preallocated ``out`` (which may be ``z`` itself), and ``backward_ops(a, g, s)``
those that turn ``g = dL/da`` into ``δ = dL/dz`` in place, reading only
``a``; ``forward_into`` / ``backward_into`` make the calls. The allocating
forms every other path uses — ``f(z)``, ``backward(z, a, dL_da)`` and
``derivative(z, a)`` — are made from those (:func:`allocating`), and the
fast training plan (``compiled.py``) splices the calls into its own list of
bound calls on its buffers. ``s`` is a :class:`Scratch` of arrays and
constants shaped like ``z``.

For the one-sample paths each elementwise entry also holds a scalar form
(``scalar_f(z)``, ``scalar_derivative(z, a)`` on Python floats), and for the
step-through panel its symbols: ``symbol`` ("σ"), ``formula``,
``derivative_formula`` and ``derivative_pieces`` (f′ written with the
neuron's output, see :data:`OUTPUT`). Its properties say what it is:
``elementwise``, ``trainable`` (a backward rule exists; ``step`` has none),
``output_range`` and ``probabilities``.

Arrays are batches: ``z`` and ``a`` have shape (n_samples, n_neurons). Every
function is stable for |z| up to 1e4 and raises no numpy warnings.

Adding an activation is one entry in ``ACTIVATIONS`` (its in-place forward
and backward, scalar forms and symbols), its name in the file schema's enum
(``nnapp/resources/schema/network.schema.json``) and its tests
(``tests/engine/test_registry.py`` checks every entry).

This module is not the place for losses (``losses.py``) or for the network.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from nnapp.text import tr

LEAKY_SLOPE = 0.01
"""The slope of leaky ReLU for z ≤ 0."""

OUTPUT = "a"
"""The marker in ``Activation.derivative_pieces`` that stands for the neuron's output."""


def sigmoid_limit(dtype) -> float:
    """|z| beyond which σ(z) is clipped so e^(−z) never overflows: 80 in
    float32, 700 otherwise."""
    return 80.0 if np.dtype(dtype) == np.float32 else 700.0


class Scratch:
    """Work arrays and constants for the in-place rules of one layer.

    Parameters
    ----------
    like : ndarray, shape (n_samples, n_neurons)
        Gives the shape and dtype.

    Attributes
    ----------
    t : ndarray, shape like ``like``
        Scratch values.
    r : ndarray, shape (n_samples, 1)
        One value per row (softmax's maximum and sum).
    ones : ndarray, shape (n_neurons,)
        Ones (a row sum as a matrix-vector product).
    mask : ndarray of bool, shape like ``like``
    zero, one, inf, slope, limit, neg_limit : 0-d ndarray of the dtype
        0, 1, ∞, LEAKY_SLOPE and ±:func:`sigmoid_limit` (0-d arrays are
        faster arguments to numpy's functions than Python floats).
    """

    __slots__ = ("t", "r", "ones", "mask", "zero", "one", "inf", "slope", "limit", "neg_limit")

    def __init__(self, like: np.ndarray) -> None:
        shape, dtype = like.shape, like.dtype
        self.t = np.empty(shape, dtype)
        self.r = np.empty(shape[:-1] + (1,), dtype)
        self.ones = np.ones(shape[-1:], dtype)
        self.mask = np.empty(shape, bool)
        c = lambda v: np.array(v, dtype)  # noqa: E731
        limit = sigmoid_limit(dtype)
        self.zero, self.one, self.inf, self.slope = c(0.0), c(1.0), c(np.inf), c(LEAKY_SLOPE)
        self.limit, self.neg_limit = c(limit), c(-limit)


# --- the in-place rules, as bound numpy calls ---------------------------------------
#
# Each rule returns the calls that do it, ``[(function, args), …]``, to run as
# ``for f, args in ops: f(*args)`` (:func:`run`). forward: out = f(z) (out may
# be z). backward: g = dL/da becomes δ = g·f′(z), in place, from a = f(z) alone.
# numpy's ufuncs take ``out`` as their last positional argument (maximum and
# minimum warn about it, so bounds go through ``clip``, a ufunc with
# ``out`` in that place too); ``where=`` wants a keyword, given by
# :func:`multiply_where`.


def run(ops) -> None:
    """Make the calls ``ops`` (a list of ``(function, args)``) in order."""
    for f, args in ops:
        f(*args)


def _clip_ufunc():
    """numpy's ``clip`` ufunc, ``clip(x, low, high, out)`` (what ``np.clip`` calls), or a function
    doing the same where this numpy has none."""
    umath = getattr(getattr(np, "_core", None), "umath", None)
    clip = getattr(umath, "clip", None)
    if isinstance(clip, np.ufunc):
        return clip

    def clip_into(x, low, high, out):
        np.clip(x, low, high, out=out)
    return clip_into


clip_into = _clip_ufunc()
"""``clip_into(x, low, high, out)``: out = min(max(x, low), high) elementwise, NaN kept."""


def multiply_where(x1, x2, out, where):
    """``out = x1·x2`` where ``where`` is True; elsewhere ``out`` is kept."""
    np.multiply(x1, x2, out=out, where=where)


def _identity_forward(z, out, s):
    return [] if out is z else [(np.copyto, (out, z))]


def _identity_backward(a, g, s):
    return []  # f′(z) = 1


def _sigmoid_forward(z, out, s):
    # σ(z) = 1 / (1 + e^(−z)), with z clipped to ±limit first, written exactly
    # as the formula so the tutorials' digits come out bit for bit
    return [
        (clip_into, (z, s.neg_limit, s.limit, out)),
        (np.negative, (out, out)),
        (np.exp, (out, out)),
        (np.add, (out, s.one, out)),
        (np.divide, (s.one, out, out)),
    ]


def _sigmoid_backward(a, g, s):
    # δ = g·σ′(z) = g·a·(1 − a)
    return [
        (np.subtract, (s.one, a, s.t)),
        (np.multiply, (a, s.t, s.t)),
        (np.multiply, (g, s.t, g)),
    ]


def _tanh_forward(z, out, s):
    return [(np.tanh, (z, out))]


def _tanh_backward(a, g, s):
    # δ = g·(1 − a²)
    return [
        (np.multiply, (a, a, s.t)),
        (np.subtract, (s.one, s.t, s.t)),
        (np.multiply, (g, s.t, g)),
    ]


def _relu_forward(z, out, s):
    # max(0, z), as z clipped to [0, ∞)
    return [(clip_into, (z, s.zero, s.inf, out))]


def _relu_backward(a, g, s):
    # f′(z) = 1 where z > 0, i.e. exactly where a = max(z, 0) > 0; else 0
    return [
        (np.greater, (a, s.zero, s.mask)),
        (np.multiply, (g, s.mask, g)),
    ]


def _leaky_relu_forward(z, out, s):
    # max(z, slope·z) is z where z > 0 and slope·z elsewhere (0 < slope < 1)
    return [
        (np.multiply, (z, s.slope, s.t)),
        (np.fmax, (z, s.t, out)),          # NaN only where z is NaN, so fmax = max
    ]


def _leaky_relu_backward(a, g, s):
    # f′(z) = slope where z ≤ 0, i.e. where a ≤ 0; else 1
    return [
        (np.less_equal, (a, s.zero, s.mask)),
        (multiply_where, (g, s.slope, g, s.mask)),
    ]


def _softmax_forward(z, out, s):
    # e^(z_j − max) / Σ_k e^(z_k − max), shifted by the row maximum so it never overflows
    return [
        (np.maximum.reduce, (z, 1, None, s.r, True)),
        (np.subtract, (z, s.r, out)),
        (np.exp, (out, out)),
        (np.add.reduce, (out, 1, None, s.r, True)),
        (np.divide, (out, s.r, out)),
    ]


def _softmax_backward(a, g, s):
    # Jacobian-vector product: δ_j = a_j·(g_j − Σ_k g_k·a_k)
    return [
        (np.multiply, (g, a, s.t)),
        (np.add.reduce, (s.t, 1, None, s.r, True)),
        (np.subtract, (g, s.r, g)),
        (np.multiply, (a, g, g)),
    ]


def _step_forward(z, out, s):
    # 1 where z ≥ 0, else 0
    return [
        (np.greater_equal, (z, s.zero, s.mask)),
        (np.copyto, (out, s.mask)),
    ]


# --- scalar forms (one sample, Python floats) -------------------------------------


def _sigmoid_scalar(z: float) -> float:
    z = -700.0 if z < -700.0 else (700.0 if z > 700.0 else z)
    return 1.0 / (1.0 + math.exp(-z))


# --- the allocating forms, made from the in-place rules ----------------------------


def _as_float(z) -> np.ndarray:
    z = np.asarray(z)
    return z if z.dtype.kind == "f" else z.astype(np.float64)


def allocating(forward_ops: Callable, backward_ops: Callable | None):
    """``(f, backward, derivative)`` made from the in-place rules.

    Returns
    -------
    f : callable
        ``f(z) -> a``, a new array; integer ``z`` is taken as float64.
    backward : callable or None
        ``backward(z, a, dL_da) -> δ``, a new array.
    derivative : callable or None
        ``derivative(z, a) -> f′(z)`` (``backward`` of ones; meaningful for
        elementwise activations).
    """

    def f(z):
        z = _as_float(z)
        out = np.empty_like(z)
        run(forward_ops(z, out, Scratch(z)))
        return out

    if backward_ops is None:
        return f, None, None

    def backward(z, a, dL_da):
        g = np.array(dL_da, copy=True)
        run(backward_ops(a, g, Scratch(g)))
        return g

    def derivative(z, a):
        return backward(z, a, np.ones_like(a))

    return f, backward, derivative


@dataclass(frozen=True)
class Activation:
    """One activation function: its maths, properties and symbols.

    Attributes
    ----------
    name : str
        Registry key, e.g. ``"sigmoid"``.
    formula : str
        The function in symbols, for the step-through panel; in symbols
        only, no words, so it reads the same in every language (a piecewise
        function as "1 (z > 0); 0 (z ≤ 0)").
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
    forward_ops : callable or None
        ``forward_ops(z, out, s) -> [(function, args), …]``: the numpy calls
        that write ``f(z)`` into ``out`` (which may be ``z``), ``s`` a
        :class:`Scratch` like ``z``; :meth:`forward_into` makes them. None
        for an activation known only by ``f`` (the fast plan then calls
        ``f``).
    backward_ops : callable or None
        ``backward_ops(a, g, s) -> [(function, args), …]``: the calls that
        turn ``g`` (dL/da) into δ in place, from ``a`` alone;
        :meth:`backward_into` makes them. None when the rule needs ``z`` or
        there is none.
    symbol : str
        The function's name in formulas ("σ", "ReLU"); "" means ``name``.
    derivative_pieces : tuple of str or None
        f′(z) written with the output: text pieces, :data:`OUTPUT` standing
        for the neuron's output, e.g. ``("a", "·(1 − ", "a", ")")`` for σ.
        None when f′ is piecewise (then ``scalar_derivative`` gives it).
    scalar_f : callable or None
        ``scalar_f(z) -> a`` on Python floats (elementwise activations).
    scalar_derivative : callable or None
        ``scalar_derivative(z, a) -> f′(z)`` on Python floats.
    output_range : (float, float) or None
        The least and greatest output (``math.inf`` for a side that is not
        bounded), when bounded on one side at least.
    probabilities : bool
        Outputs read as probabilities (sigmoid, softmax).
    """

    name: str
    formula: str
    derivative_formula: str
    f: Callable[[np.ndarray], np.ndarray]
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    elementwise: bool = True
    forward_ops: Callable[[np.ndarray, np.ndarray, Scratch], list] | None = None
    backward_ops: Callable[[np.ndarray, np.ndarray, Scratch], list] | None = None
    symbol: str = ""
    derivative_pieces: tuple[str, ...] | None = None
    scalar_f: Callable[[float], float] | None = None
    scalar_derivative: Callable[[float, float], float] | None = None
    output_range: tuple[float, float] | None = None
    probabilities: bool = False

    @property
    def trainable(self) -> bool:
        return self.backward is not None

    @property
    def in_place(self) -> bool:
        """Both rules run in place from ``a`` alone, so ``a`` may overwrite ``z``."""
        return self.forward_ops is not None and self.backward_ops is not None

    def forward_into(self, z: np.ndarray, out: np.ndarray, s: Scratch) -> None:
        """``out = f(z)`` in place (``out`` may be ``z``); ``s`` like ``z``."""
        run(self.forward_ops(z, out, s))

    def backward_into(self, a: np.ndarray, g: np.ndarray, s: Scratch) -> None:
        """``g`` (dL/da) becomes δ = dL/dz in place, from ``a = f(z)``."""
        run(self.backward_ops(a, g, s))

    @property
    def shown_as(self) -> str:
        """The function's name in formulas: ``symbol``, else ``name``."""
        return self.symbol or self.name


def _entry(name, formula, derivative_formula, forward_ops, backward_ops, **properties) -> Activation:
    f, backward, derivative = allocating(forward_ops, backward_ops)
    return Activation(name, formula, derivative_formula, f, backward, derivative,
                      forward_ops=forward_ops, backward_ops=backward_ops, **properties)


ACTIVATIONS: dict[str, Activation] = {
    "identity": _entry(
        "identity", "f(z) = z", "f′(z) = 1", _identity_forward, _identity_backward,
        derivative_pieces=("1",),
        scalar_f=lambda z: z, scalar_derivative=lambda z, a: 1.0,
    ),
    "sigmoid": _entry(
        "sigmoid", "σ(z) = 1 / (1 + e^(−z))", "σ′(z) = σ(z)·(1 − σ(z))", _sigmoid_forward, _sigmoid_backward,
        symbol="σ", derivative_pieces=(OUTPUT, "·(1 − ", OUTPUT, ")"),
        scalar_f=_sigmoid_scalar, scalar_derivative=lambda z, a: a * (1.0 - a),
        output_range=(0.0, 1.0), probabilities=True,
    ),
    "tanh": _entry(
        "tanh", "tanh(z)", "tanh′(z) = 1 − tanh²(z)", _tanh_forward, _tanh_backward,
        symbol="tanh", derivative_pieces=("(1 − ", OUTPUT, "²)"),
        scalar_f=math.tanh, scalar_derivative=lambda z, a: 1.0 - a * a,
        output_range=(-1.0, 1.0),
    ),
    "relu": _entry(
        "relu", "ReLU(z) = max(0, z)", "ReLU′(z) = 1 (z > 0); 0 (z ≤ 0)", _relu_forward, _relu_backward,
        symbol="ReLU",
        scalar_f=lambda z: z if z > 0.0 else 0.0, scalar_derivative=lambda z, a: 1.0 if z > 0.0 else 0.0,
        output_range=(0.0, math.inf),
    ),
    "leaky_relu": _entry(
        "leaky_relu", f"LeakyReLU(z) = z (z > 0); {LEAKY_SLOPE}·z (z ≤ 0)",
        f"LeakyReLU′(z) = 1 (z > 0); {LEAKY_SLOPE} (z ≤ 0)", _leaky_relu_forward, _leaky_relu_backward,
        symbol="LeakyReLU",
        scalar_f=lambda z: z if z > 0.0 else LEAKY_SLOPE * z,
        scalar_derivative=lambda z, a: 1.0 if z > 0.0 else LEAKY_SLOPE,
    ),
    "softmax": _entry(
        "softmax", "softmax(z)_j = e^(z_j) / Σ_k e^(z_k)", "", _softmax_forward, _softmax_backward,
        elementwise=False, output_range=(0.0, 1.0), probabilities=True,
    ),
    "step": _entry(
        "step", "step(z) = 1 (z ≥ 0); 0 (z < 0)", "", _step_forward, None,
        symbol="step", scalar_f=lambda z: 1.0 if z >= 0.0 else 0.0, output_range=(0.0, 1.0),
    ),
}

# the allocating forms under their names, for callers that want the function alone
identity, sigmoid, relu, leaky_relu, softmax, step = (
    ACTIVATIONS[k].f for k in ("identity", "sigmoid", "relu", "leaky_relu", "softmax", "step"))


def get_activation(name: str) -> Activation:
    """Look up an activation by name, with a clear error for unknown names."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(tr("unknown activation {name!r} (known: {known})").format(name=name, known=known)) from None
