"""Gradient descent on a function of one variable, step by step.

The tutorials show gradient descent first on a plain function before they
use it on a network: to find the minimum of f(x) = x⁴ − 3x³ + 2, start at
some x₀ and repeat

    x ← x − η·f′(x)

until a step moves x by no more than a chosen precision. With x₀ = 6,
η = 0.01 and the precision 1e−5 this stops after 70 steps at
x = 2.2499646…, close to the true minimum x = 9/4 = 2.25 (f′(x) = 4x³ − 9x²
= x²(4x − 9) is zero there; f(2.25) = −6.54296875). With η = 0.1 the first
steps overshoot further and further and x runs off to infinity.

:data:`FUNCTIONS` is the registry of functions a lesson may use (each with
its derivative, its formula texts and where its minimum is);
:func:`descend` runs the loop and returns a :class:`DescentRun` holding
every x, f(x) and f′(x) met and how the run stopped. The loop runs on
Python floats and stops as soon as x leaves ``[−DIVERGED_BEYOND,
DIVERGED_BEYOND]`` or stops being a finite number, so a diverging run never
overflows (and never warns).

This module neither plots nor knows of documents or lessons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from nnapp.text import marked, tr

DIVERGED_BEYOND = 1e6
"""A run whose x leaves [−1e6, 1e6] (or is not a finite number) has diverged."""

MAX_STEPS = 1_000_000
"""The most steps one run may be asked for."""

STOPPED = ("converged", "diverged", "max_steps")
"""How a run can stop: a step moved x by no more than the precision; x left
the bound or stopped being finite; the steps ran out."""


@dataclass(frozen=True)
class Function1D:
    """A function of one variable with its derivative.

    Attributes
    ----------
    name : str
        Registry key ("quartic").
    title : str
        A few words for people (marked English; translate with ``tr``).
    formula, derivative_formula : str
        "f(x) = x⁴ − 3x³ + 2", "f′(x) = 4x³ − 9x²".
    f, df : callable
        f(x) and f′(x) of a float or of an ndarray of any shape (elementwise).
    minimum : float
        The x of its (global) minimum.
    view : tuple of float
        A range of x that shows its shape, for a plot.
    """

    name: str
    title: str
    formula: str
    derivative_formula: str
    f: Callable
    df: Callable
    minimum: float
    view: tuple[float, float]


def _quartic(x):
    return x * x * x * x - 3.0 * x * x * x + 2.0


def _quartic_slope(x):
    return 4.0 * x * x * x - 9.0 * x * x


def _parabola(x):
    return x * x


def _parabola_slope(x):
    return 2.0 * x


FUNCTIONS: dict[str, Function1D] = {
    "quartic": Function1D(
        "quartic", marked("the tutorial's quartic"),
        "f(x) = x⁴ − 3x³ + 2", "f′(x) = 4x³ − 9x²",
        _quartic, _quartic_slope, minimum=2.25, view=(-1.5, 4.0),
    ),
    "parabola": Function1D(
        "parabola", marked("a parabola"),
        "f(x) = x²", "f′(x) = 2x",
        _parabola, _parabola_slope, minimum=0.0, view=(-3.0, 3.0),
    ),
}
"""The functions by name. The quartic is the tutorial's: its minimum is at
x = 2.25, and at x = 0 its slope is zero too (a flat step, not a minimum)."""


def get_function(name: str | Function1D) -> Function1D:
    """The registry entry ``name`` (an entry is returned as it is).

    Raises
    ------
    ValueError
        An unknown name; the message lists the known ones.
    """
    if isinstance(name, Function1D):
        return name
    try:
        return FUNCTIONS[name]
    except (KeyError, TypeError):
        raise ValueError(tr("unknown function {name!r} (known: {known})")
                         .format(name=name, known=", ".join(FUNCTIONS))) from None


@dataclass(frozen=True, eq=False)
class DescentRun:
    """One run of gradient descent, every step kept.

    Attributes
    ----------
    function : str
        The registry name of f.
    x0, learning_rate, precision : float
        x₀, η and the precision the run was started with.
    max_steps : int
    xs : ndarray, shape (n,)
        Every x met, x₀ first; read-only. n = steps + 1, except for a
        diverged run, whose last step left the bound and is not kept (its x
        is :attr:`escaped`): there n = steps.
    fs : ndarray, shape (n,)
        f(x) at each of ``xs``.
    gradients : ndarray, shape (n,)
        f′(x) at each of ``xs`` (``gradients[i]`` made step i + 1).
    steps : int
        Updates x ← x − η·f′(x) made.
    stopped : str
        "converged" (the last step moved x by at most ``precision``),
        "diverged" (the last step left [−DIVERGED_BEYOND, DIVERGED_BEYOND]
        or gave a number that is not finite) or "max_steps".
    escaped : float or None
        Where the step that diverged went (may be ±inf or nan); None unless
        ``stopped == "diverged"``.
    """

    function: str
    x0: float
    learning_rate: float
    precision: float
    max_steps: int
    xs: np.ndarray
    fs: np.ndarray
    gradients: np.ndarray
    steps: int
    stopped: str
    escaped: float | None = None

    @property
    def x(self) -> float:
        """The last x kept: where a converged run stopped."""
        return float(self.xs[-1])

    @property
    def converged(self) -> bool:
        return self.stopped == "converged"

    @property
    def diverged(self) -> bool:
        return self.stopped == "diverged"


def descend(function: str | Function1D, x0: float, learning_rate: float, precision: float = 1e-5,
            max_steps: int = 10_000) -> DescentRun:
    """Run gradient descent x ← x − η·f′(x) from ``x0``.

    Parameters
    ----------
    function : str or Function1D
        A name of :data:`FUNCTIONS` ("quartic") or an entry.
    x0 : float
        The start x₀, within [−DIVERGED_BEYOND, DIVERGED_BEYOND].
    learning_rate : float
        η > 0.
    precision : float
        The run has converged when a step moves x by no more than this
        (> 0).
    max_steps : int
        The most updates made (1 … MAX_STEPS).

    Returns
    -------
    DescentRun

    Raises
    ------
    ValueError
        An unknown function, or a start, learning rate, precision or number
        of steps that cannot be used (the message says which).

    Examples
    --------
    >>> run = descend("quartic", 6.0, 0.01)
    >>> run.stopped, run.steps, round(run.x, 6)
    ('converged', 70, 2.249965)
    >>> descend("quartic", 6.0, 0.1).stopped
    'diverged'
    """
    fn = get_function(function)
    x = _number(x0, "x0")
    eta = _number(learning_rate, "learning_rate")
    eps = _number(precision, "precision")
    if abs(x) > DIVERGED_BEYOND:
        raise ValueError(tr("the start x0 must lie between −{bound:g} and {bound:g}, not {x0!r}")
                         .format(bound=DIVERGED_BEYOND, x0=x0))
    if eta <= 0:
        raise ValueError(tr("the learning rate must be greater than 0, not {value!r}").format(value=learning_rate))
    if eps <= 0:
        raise ValueError(tr("the precision must be greater than 0, not {value!r}").format(value=precision))
    if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or not 1 <= max_steps <= MAX_STEPS:
        raise ValueError(tr("the number of steps must be a whole number from 1 to {most:,}, not {value!r}")
                         .format(most=MAX_STEPS, value=max_steps))
    f, df = fn.f, fn.df
    xs, fs, gs = [x], [float(f(x))], [float(df(x))]
    stopped, escaped, steps = "max_steps", None, 0
    while steps < max_steps:
        new = x - eta * gs[-1]
        steps += 1
        if not math.isfinite(new) or abs(new) > DIVERGED_BEYOND:
            stopped, escaped = "diverged", float(new)
            break
        xs.append(new)
        fs.append(float(f(new)))
        gs.append(float(df(new)))
        if abs(new - x) <= eps:
            stopped = "converged"
            break
        x = new
    return DescentRun(fn.name, float(x0), eta, eps, int(max_steps), _frozen(xs), _frozen(fs), _frozen(gs),
                      steps, stopped, escaped)


_ARGUMENT_NAMES = {"x0": marked("the start x0"), "learning_rate": marked("the learning rate"),
                   "precision": marked("the precision")}
"""How messages name the numbers :func:`descend` takes (marked; translated where used)."""


def _number(value, what: str) -> float:
    """``value`` as a finite float; ``what`` is its key in :data:`_ARGUMENT_NAMES`."""
    if isinstance(value, bool):
        raise ValueError(tr("{what} must be a number, not {value!r}")
                         .format(what=tr(_ARGUMENT_NAMES[what]), value=value))
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(tr("{what} must be a number, not {value!r}")
                         .format(what=tr(_ARGUMENT_NAMES[what]), value=value)) from None
    if not math.isfinite(v):
        raise ValueError(tr("{what} must be a finite number, not {value!r}")
                         .format(what=tr(_ARGUMENT_NAMES[what]), value=value))
    return v


def _frozen(values: list[float]) -> np.ndarray:
    a = np.array(values, dtype=np.float64)
    a.flags.writeable = False
    return a


__all__ = ["DIVERGED_BEYOND", "FUNCTIONS", "MAX_STEPS", "STOPPED", "DescentRun", "Function1D", "descend",
           "get_function"]
