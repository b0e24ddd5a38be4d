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

For the fast training plan (``compiled.py``) the squared losses and the
softmax + cross-entropy pair also have in-place forms that write into
preallocated arrays and return the loss before its scale:
``residual_into(a, y, g)`` (g ← ŷ − y, returns Σ (ŷ − y)², one dot
product) and ``fused_into(z, a, y, ysum, g, s)`` (see :func:`_cce_softmax_ops`),
each made from the list of numpy calls that ``residual_ops`` /
``fused_ops`` give (the plan splices those into its own);
``value_scale(m, k)`` and ``delta_scale(m, k)`` turn them into the total and
into dL/dŷ (or δ) for a batch of m rows and k outputs.

Reductions follow PyTorch: ``mse`` is the mean over samples *and* outputs
(``torch.nn.MSELoss``), ``bce`` likewise (``BCELoss``), ``cce`` the mean over
samples of the per-sample sum (``CrossEntropyLoss``). ``sse`` is half the sum
of squared errors, the loss behind the perceptron and XOR tutorials, whose
update ``w += Xᵀ·(error·σ′)`` is exactly gradient descent on it.

Training reports a loss of any kind as the loss of one sample averaged over
the samples (:meth:`Loss.per_sample`): the same number as ``value`` for the
"mean" losses, ``value`` divided by the number of rows for ``sse``, so that
sets of different sizes compare.

Targets a loss cannot use are refused, not trained on: ``check_targets(Y)``
raises :class:`TargetError` with a sentence that says what is wrong and
which loss would fit. Categorical cross-entropy is the one loss with such a
rule: softmax + cross-entropy assumes one class per sample, so every target
row must hold numbers from 0 to 1 that sum to 1 (a one-hot row, or class
probabilities). Its fused δ = ŷ − y is the gradient only then: for a row
summing to s the gradient would be s·ŷ − y. Rows such as (0, 0) or (1, 1)
are therefore refused, by the Trainer when training starts and by the cce
gradients themselves (so a traced step refuses them too), with a pointer to
binary cross-entropy for several labels at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from nnapp.text import marked, plural, tr


class TargetError(ValueError):
    """Targets the chosen loss cannot be computed with, with the reason."""


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


def _squared_error_ops(a, y, g, p) -> list:
    """The calls that write g ← ŷ − y and p ← Σ (ŷ − y)² (one dot product).

    ``a``, ``y``, ``g`` of shape (n_samples, n_outputs), ``g`` C-contiguous;
    ``p`` a 0-d array of their dtype."""
    return [(np.subtract, (a, y, g)), (np.dot, (g.reshape(-1), g.reshape(-1), p))]


# --- half sum of squared errors ---------------------------------------------

def _sse_terms(a, y, z=None):
    return 0.5 * (a - y) ** 2


def _sse_value(a, y, z=None):
    return 0.5 * np.sum((a - y) ** 2)


def _sse_grad(a, y):
    return a - y


# --- binary cross-entropy ---------------------------------------------------

def _softplus(x: float) -> float:
    """log(1 + eˣ) of a Python float, overflow-free."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _bce_scalar_term(a: float, y: float, z: float | None = None) -> float:
    if z is not None:
        # −[y·log σ(z) + (1−y)·log σ(−z)] from the logit, exact for saturated σ
        log_p, log_q = -_softplus(-z), -_softplus(z)
    else:
        q = min(max(a, 1e-12), 1.0 - 1e-12)
        log_p, log_q = math.log(q), math.log(1.0 - q)
    return -(y * log_p + (1.0 - y) * log_q)


def _bce_scalar_grad(a: float, y: float) -> float:
    q = min(max(a, 1e-12), 1.0 - 1e-12)
    return (q - y) / (q * (1.0 - q))


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

def _row_text(row: np.ndarray) -> str:
    return "(" + ", ".join(f"{float(v):g}" for v in row) + ")"


def _cce_targets_problem(y: np.ndarray) -> str | None:
    """Why the rows of ``y`` (n_samples, n_outputs) are not one class each, or None."""
    y = np.asarray(y)
    if y.ndim != 2 or y.size == 0:
        return None
    tol = 1e-4 if y.dtype == np.float32 else 1e-6
    sums = y.sum(axis=1)
    outside = np.any((y < 0) | (y > 1), axis=1)
    bad = outside | ~(np.abs(sums - 1.0) <= tol)
    if not np.any(bad):
        return None
    first = int(np.argmax(bad))
    n_bad, n = int(np.count_nonzero(bad)), y.shape[0]
    rows = (plural(n, "{bad} of {n} target row do not", "{bad} of {n} target rows do not").format(bad=n_bad, n=n)
            if n > 1 else tr("the target row does not"))
    what = (tr("holds a number outside 0 to 1") if outside[first]
            else tr("sums to {total:g}").format(total=float(sums[first])))
    return (
        tr("categorical cross-entropy needs one class per sample: each target row must hold "
           "numbers from 0 to 1 that sum to 1, such as (0, 1, 0), but {rows}; "
           "{row} {what}. For several labels at once (or none), "
           "choose binary cross-entropy (bce) with sigmoid outputs")
        .format(rows=rows, row=_row_text(y[first]), what=what)
    )


def _cce_check(y: np.ndarray) -> None:
    problem = _cce_targets_problem(y)
    if problem is not None:
        raise TargetError(problem)

def _cce_terms(a, y, z=None):
    if z is not None:
        return -y * _log_softmax(z)
    return -y * np.log(np.clip(a, _eps(a), None))


def _cce_value(a, y, z=None):
    return np.sum(_cce_terms(a, y, z)) / a.shape[0]


def _cce_grad(a, y):
    _cce_check(y)
    return -y / np.clip(a, _eps(a), None) / a.shape[0]


def _cce_fused(z, a, y):
    # ŷ − y is dL/dz only for rows summing to 1: other rows are refused
    _cce_check(y)
    return (a - y) / a.shape[0]


def _cce_softmax_ops(z, a, y, ysum, g, s, p, q) -> list:
    """Softmax and cross-entropy from the logits, in place, as bound calls.

    With the logits shifted by their row maximum, z′ = z − max_i, the total
    times n is ``p − q`` with ``p = Σ_i s_i·log Σ_k e^(z′_ik)`` and
    ``q = Σ y·z′`` (s_i = Σ_k y_ik, the sums as dot products), and δ·n = ŷ − y.

    Parameters
    ----------
    z : ndarray, shape (n_samples, n_outputs), C-contiguous
        The logits; overwritten with z′.
    a : ndarray, shape like z
        Receives ŷ = softmax(z); may be ``z`` itself.
    y : ndarray, shape like z, C-contiguous
    ysum : ndarray, shape (n_samples, 1), C-contiguous
        The row sums of ``y`` (ones for one-hot rows).
    g : ndarray, shape like z
        Receives ŷ − y.
    s : activations.Scratch
        Its ``r`` (n_samples, 1) and ``ones`` (n_outputs,) are used.
    p, q : 0-d ndarray of the dtype
        Receive the two sums.

    Returns
    -------
    list of (function, args)
        Run as ``for f, args in ops: f(*args)``.
    """
    r = s.r
    return [
        (_max_rows, (z, 1, None, r, True)),
        (np.subtract, (z, r, z)),
        (np.dot, (z.reshape(-1), y.reshape(-1), q)),   # before exp: a may be z
        (np.exp, (z, a)),
        (np.dot, (a, s.ones, r.reshape(-1))),        # Σ_k e^(z′_k) per row, as a product
        (np.divide, (a, r, a)),
        (np.log, (r, r)),
        (np.subtract, (a, y, g)),
        (np.dot, (r.reshape(-1), ysum.reshape(-1), p)),
    ]


def _totals(dtype) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((), dtype), np.zeros((), dtype)


def _squared_error_into(a, y, g) -> float:
    """g ← ŷ − y; returns Σ (ŷ − y)² (:func:`_squared_error_ops` run once)."""
    p, _ = _totals(g.dtype)
    work = g if g.flags.c_contiguous else np.empty(g.shape, g.dtype)
    for f, args in _squared_error_ops(a, y, work, p):
        f(*args)
    if work is not g:
        np.copyto(g, work)
    return float(p)


def _cce_softmax_into(z, a, y, ysum, g, s) -> float:
    """:func:`_cce_softmax_ops` run once; returns the total times n."""
    p, q = _totals(z.dtype)
    for f, args in _cce_softmax_ops(z, a, np.ascontiguousarray(y), np.ascontiguousarray(ysum), g, s, p, q):
        f(*args)
    return float(p) - float(q)


_max_rows = np.maximum.reduce  # bound once: called every batch


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
    targets_problem : callable or None
        ``targets_problem(Y) -> str or None``: why this loss cannot use the
        targets ``Y`` (n_samples, n_outputs); None for a loss that takes any.
    residual_into : callable or None
        ``residual_into(a, y, g) -> float``: in place, g ← ŷ − y, and the
        loss before its scale (squared losses).
    residual_ops : callable or None
        ``residual_ops(a, y, g, p) -> [(function, args), …]``: the calls
        ``residual_into`` makes, the loss before its scale written into the
        0-d array ``p`` (the fast plan splices them).
    fused_into : callable or None
        ``fused_into(z, a, y, ysum, g, s) -> float``: the fused output
        activation and the loss in place, from the logits
        (:func:`_cce_softmax_into`).
    fused_ops : callable or None
        ``fused_ops(z, a, y, ysum, g, s, p, q) -> [(function, args), …]``:
        the calls ``fused_into`` makes, the loss before its scale being
        ``p − q`` (0-d arrays; :func:`_cce_softmax_ops`).
    value_scale, delta_scale : callable or None
        ``(m, k) -> float`` for a batch of m rows and k outputs: the factor
        from the in-place result to the total, and from ŷ − y to dL/dŷ (to
        δ for the fused pair).
    scalar_term : callable or None
        ``scalar_term(a, y, z=None) -> float``: the term of one output of one
        sample on Python floats (from the logit ``z`` for the fused pair);
        the sample's loss is their sum, divided by the number of outputs for
        a "mean" loss (the one-sample path, ``scalar.py``).
    scalar_grad : callable or None
        ``scalar_grad(a, y) -> float``: d(term)/dŷ on Python floats (for the
        fused pair, d(term)/dz is ŷ − y).
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
    targets_problem: Callable[[np.ndarray], str | None] | None = None
    residual_into: Callable[[np.ndarray, np.ndarray, np.ndarray], float] | None = None
    fused_into: Callable[..., float] | None = None
    residual_ops: Callable[..., list] | None = None
    fused_ops: Callable[..., list] | None = None
    value_scale: Callable[[int, int], float] | None = None
    delta_scale: Callable[[int, int], float] | None = None
    scalar_term: Callable[..., float] | None = None
    scalar_grad: Callable[[float, float], float] | None = None

    def check_targets(self, Y) -> None:
        """Refuse targets this loss cannot use.

        Parameters
        ----------
        Y : ndarray, shape (n_samples, n_outputs)

        Raises
        ------
        TargetError
            With a sentence that says which row is wrong and what would fit.
        """
        if self.targets_problem is not None:
            problem = self.targets_problem(np.asarray(Y))
            if problem is not None:
                raise TargetError(problem)

    def default_target(self, n_outputs: int) -> np.ndarray:
        """A target to show when none is given, shape (n_outputs,): zeros,
        or for a loss with a rule on its targets the first class (1, 0, …, 0)."""
        y = np.zeros(n_outputs)
        if self.targets_problem is not None and n_outputs > 0:
            y[0] = 1.0
        return y

    def is_fused(self, activation: str) -> bool:
        return self.fused_with is not None and activation == self.fused_with

    def per_sample(self, total: float, n_samples: int) -> float:
        """The loss of one sample averaged over the samples, from the total.

        Every loss has a loss per sample (``sse``: ½·Σ(ŷ − y)² over the
        sample's outputs; ``mse`` and ``bce``: the mean of its terms over the
        outputs; ``cce``: −Σ y·ln ŷ over the outputs). The totals of the
        "mean" losses are already that loss averaged over the samples; the
        total of a "sum" loss grows with the number of samples and is divided
        by it. Losses of sets with different numbers of rows (training and
        validation, a batch and an epoch) are then on one scale. For one
        sample the result is the total itself.

        Parameters
        ----------
        total : float
            ``value(a, y)`` of ``n_samples`` rows.
        n_samples : int
            Rows the total was taken over (at least 1).

        Returns
        -------
        float
        """
        if self.reduction == "sum":
            return float(total) / max(int(n_samples), 1)
        return float(total)

    def mean_per_sample(self, a, y, z=None) -> float:
        """:meth:`per_sample` of ``value(a, y, z)``; ``a`` and ``y`` of shape
        (n_samples, n_outputs)."""
        return self.per_sample(self.value(a, y, z), np.shape(a)[0])


LOSSES: dict[str, Loss] = {
    "mse": Loss(
        "mse", marked("mean squared error"),
        "L = (1/(n·k)) Σ (ŷ − y)²", "(ŷ − y)²",
        _mse_terms, _mse_value, _mse_grad,
        residual_into=_squared_error_into, residual_ops=_squared_error_ops,
        value_scale=lambda m, k: 1.0 / (m * k), delta_scale=lambda m, k: 2.0 / (m * k),
        scalar_term=lambda a, y, z=None: (a - y) * (a - y), scalar_grad=lambda a, y: 2.0 * (a - y),
    ),
    "sse": Loss(
        "sse", marked("half sum of squared errors"),
        "L = ½ Σ (ŷ − y)²", "½(ŷ − y)²",
        _sse_terms, _sse_value, _sse_grad, reduction="sum",
        residual_into=_squared_error_into, residual_ops=_squared_error_ops,
        value_scale=lambda m, k: 0.5, delta_scale=lambda m, k: 1.0,
        scalar_term=lambda a, y, z=None: 0.5 * (a - y) * (a - y), scalar_grad=lambda a, y: a - y,
    ),
    "bce": Loss(
        "bce", marked("binary cross-entropy"),
        "L = −(1/(n·k)) Σ [y·ln ŷ + (1 − y)·ln(1 − ŷ)]", "−[y·ln ŷ + (1 − y)·ln(1 − ŷ)]",
        _bce_terms, _bce_value, _bce_grad, "sigmoid", _bce_fused,
        scalar_term=_bce_scalar_term, scalar_grad=_bce_scalar_grad,
    ),
    "cce": Loss(
        "cce", marked("categorical cross-entropy"),
        "L = −(1/n) Σ y·ln ŷ", "−y·ln ŷ",
        _cce_terms, _cce_value, _cce_grad, "softmax", _cce_fused,
        targets_problem=_cce_targets_problem, fused_into=_cce_softmax_into, fused_ops=_cce_softmax_ops,
        value_scale=lambda m, k: 1.0 / m, delta_scale=lambda m, k: 1.0 / m,
    ),
}

"""The losses by name. ``cce`` refuses target rows that are not one class
each (numbers from 0 to 1 summing to 1): :meth:`Loss.check_targets` when
training starts, and its gradients ``dL_da`` and ``fused_delta`` whenever
they are computed, so no path back-propagates ŷ − y for a row it is not the
gradient of. The others take any finite targets."""

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
        raise ValueError(tr("unknown loss {name!r} (known: {known})").format(name=name, known=known)) from None


def mse(y_true, y_pred) -> float:
    """Mean squared error of two equal-length sequences, as in the tutorial.

    >>> mse([1, 0, 0, 1], [0, 0, 0, 0])
    0.5
    """
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return float(np.mean((y_true - y_pred) ** 2))
