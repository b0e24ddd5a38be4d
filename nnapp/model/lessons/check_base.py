"""What every kind of check shares: the record of a check, its result, and limits on a number.

A check is written in a lesson file as one object whose first key names
its kind and holds its main argument, the other keys its options:
``{"value": "o1", "below": 0.5}``. Each kind is a frozen dataclass derived
from :class:`Check` (``network_checks.py``, ``record_checks.py``) with

- ``kind`` and ``options``: its key and the other keys it allows;
- :meth:`Check.parse`: the check read from the file's object, or a
  :class:`~.reading.LessonFileError`;
- :meth:`Check.run`: a pure function of a
  :class:`~.state.LessonState` giving a :class:`CheckResult`, whether it
  passes and a short status for the dock ("o1 = 0.73, needs to be below
  0.5"), translated through the catalogue;
- :meth:`Check.references`: the neurons, parameters and data rows it
  names, so a lesson can be checked against the document it opens.

:class:`Bounds` is the ``above`` / ``below`` / ``near`` + ``tolerance``
that several kinds put on a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator

from nnapp.engine.steps import fmt
from nnapp.text import tr

from .reading import fail, number, obj, positive
from .state import LessonState

DEFAULT_TOLERANCE = 0.01
"""``tolerance`` of ``near`` when the file gives none."""

BOUND_KEYS = ("above", "below", "near", "tolerance")


@dataclass(frozen=True)
class CheckResult:
    """Whether a check passes, and what the dock says about it.

    Attributes
    ----------
    passed : bool
    status : str
        One short line in the program's language: "o1 = 0.73, needs to be
        below 0.5".
    """

    passed: bool
    status: str


@dataclass(frozen=True)
class Reference:
    """A name a check uses, and what it must name in the document.

    ``what`` is "quantity" (a neuron, a parameter, "loss" or "data_loss"),
    "parameter", "neuron", "output" (a neuron of the output layer), "row"
    (a labelled row of the data or one of its rows to predict) or
    "step_target" (a neuron, a parameter or "L").
    """

    what: str
    name: str


class Check:
    """One kind of check (subclasses are frozen dataclasses).

    Attributes
    ----------
    kind : str
        Its key in the file ("value").
    options : tuple of str
        The other keys it allows.
    """

    kind: ClassVar[str] = ""
    options: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def parse(cls, raw: dict, where: str, task: str) -> "Check":
        """The check of the file's object ``raw`` (its keys are already known
        to be ``kind`` and ``options``); ``task`` is the id of its task."""
        raise NotImplementedError

    def run(self, state: LessonState) -> CheckResult:
        raise NotImplementedError

    def references(self) -> tuple[Reference, ...]:
        return ()

    def children(self) -> tuple["Check", ...]:
        """The checks inside a combinator (none for the others)."""
        return ()

    def walk(self) -> Iterator["Check"]:
        """This check and every check inside it, depth first."""
        yield self
        for child in self.children():
            yield from child.walk()


@dataclass(frozen=True)
class Bounds:
    """Limits on a number: above, below, or near a value within a tolerance.

    ``above`` and ``below`` are strict; ``near`` holds within ``tolerance``
    (inclusive).
    """

    above: float | None = None
    below: float | None = None
    near: float | None = None
    tolerance: float = DEFAULT_TOLERANCE

    def holds(self, value: float) -> bool:
        if value != value:  # nan meets no limit
            return False
        if self.near is not None:
            return abs(value - self.near) <= self.tolerance
        return ((self.above is None or value > self.above)
                and (self.below is None or value < self.below))

    def goal(self) -> str:
        """The limits in words: "below 0.5", "between 0.2 and 0.4", "within 0.01 of 2.25"."""
        if self.near is not None:
            return tr("within {tolerance} of {near}").format(tolerance=limit(self.tolerance), near=limit(self.near))
        if self.above is not None and self.below is not None:
            return tr("between {low} and {high}").format(low=limit(self.above), high=limit(self.below))
        if self.above is not None:
            return tr("above {limit}").format(limit=limit(self.above))
        return tr("below {limit}").format(limit=limit(self.below))


def read_bounds(raw: dict, where: str) -> Bounds:
    """The :class:`Bounds` of the ``above`` / ``below`` / ``near`` /
    ``tolerance`` keys of ``raw`` (other keys are left alone).

    Raises
    ------
    LessonFileError
        No limit at all, ``near`` together with ``above`` or ``below``, a
        ``tolerance`` without ``near``, or ``above`` not below ``below``.
    """
    got = {k: number(raw[k], f"{where}.{k}") for k in BOUND_KEYS if k in raw}
    if not {"above", "below", "near"} & set(got):
        raise fail(tr("{where} needs a limit: \"above\", \"below\" or \"near\"").format(where=where))
    if "near" in got and ({"above", "below"} & set(got)):
        raise fail(tr("{where} has \"near\" and \"above\" or \"below\": give one or the other").format(where=where))
    if "tolerance" in got and "near" not in got:
        raise fail(tr("{where} has a \"tolerance\" without \"near\"").format(where=where))
    if "tolerance" in got:
        positive(raw["tolerance"], f"{where}.tolerance")
    if "above" in got and "below" in got and not got["above"] < got["below"]:
        raise fail(tr("{where}: \"above\" must be less than \"below\"").format(where=where))
    return Bounds(got.get("above"), got.get("below"), got.get("near"), got.get("tolerance", DEFAULT_TOLERANCE))


def read_bounds_object(value: Any, where: str) -> Bounds:
    """:func:`read_bounds` of an object holding only limits, such as ``{"below": 0.01}``."""
    return read_bounds(obj(value, where, BOUND_KEYS), where)


def shown_number(x: float, bounds: Bounds | None = None) -> str:
    """A value a check found, for people: four decimals, "−" for minus
    ("0.7216", "1.6×10⁻⁵"); more when four would round it onto a whole
    number it is not (0.99997, not "1") or to the other side of ``bounds``."""
    x = float(x)
    decimals = 4
    if bounds is not None and bounds.near is not None:
        decimals = max(decimals, int(math.ceil(-math.log10(bounds.tolerance))) + 1)
    while decimals < 12 and math.isfinite(x):
        rounded = round(x, decimals)
        misleading = rounded != 0 and rounded == round(rounded) and x != rounded and abs(x) < 1e6
        if bounds is not None:
            misleading = misleading or bounds.holds(rounded) != bounds.holds(x)
        if not misleading:
            break
        decimals += 1
    return fmt(x, decimals)


def limit(x: float) -> str:
    """A number a lesson wrote, for people, as written ("0.5", "0.997853", "0.00001")."""
    return fmt(x, 12)


__all__ = ["BOUND_KEYS", "Bounds", "Check", "CheckResult", "DEFAULT_TOLERANCE", "Reference", "limit",
           "read_bounds", "read_bounds_object", "shown_number"]
