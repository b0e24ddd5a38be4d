"""Checks of what the student did: an answer, a training run, a descent run,
a drawing read and drawings taught.

- ``{"answer": 2, "choices": [{…}, {…}, {…}]}``: a question with its
  choices (numbered from 1) and the right one; it passes once the student
  has answered (right or wrong: the dock shows which, and the right one);
- ``{"trained": {"below": 0.01}}``: the last training run did not diverge
  and ended with its loss within the limits;
- ``{"diverged": "training"}``: the last training run (``"descent"``: the
  last descent run; ``"any"``: either) diverged;
- ``{"descent": "converged", "x": {"near": 2.25, "tolerance": 0.001}}``:
  the last gradient-descent run stopped so ("converged", "diverged",
  "max_steps" or "any"), with optional ``function``, ``x0``,
  ``learning_rate`` (a number, or limits), ``x`` and ``steps`` (limits);
- ``{"recognised": {"above": 0.9}}``: the digit pad's last reading has a
  probability within the limits (``"digit": 7``: and is that digit);
- ``{"taught": 1}``: at least this many drawings were taught.

Each is a pure function of a :class:`~.state.LessonState`.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnapp.engine.descent import FUNCTIONS, STOPPED
from nnapp.engine.steps import fmt
from nnapp.text import counted, marked, plural, tr

from .check_base import Bounds, Check, CheckResult, limit, read_bounds_object, shown_number
from .lesson_text import LessonText, read_text
from .reading import fail, number, one_of, place, shown, whole

MAX_CHOICES = 8

OUTCOMES = {
    "converged": marked("converged"),
    "diverged": marked("diverged"),
    "max_steps": marked("ran out of steps"),
}
"""How a descent run stopped, in words (marked; translated where used)."""


@dataclass(frozen=True)
class AnswerCheck(Check):
    """A multiple-choice question; passes once the student answered it.

    Attributes
    ----------
    right : int
        The right choice, numbered from 1.
    choices : tuple of LessonText
    task : str
        The id of its task (``LessonState.answers`` is keyed by it).
    """

    kind = "answer"
    options = ("choices",)
    right: int
    choices: tuple[LessonText, ...]
    task: str

    @classmethod
    def parse(cls, raw, where, task):
        here = place(where, "choices")
        if "choices" not in raw:
            raise fail(tr("{where} has no {key!r}").format(where=where, key="choices"))
        choices = raw["choices"]
        if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
            raise fail(tr("{where} must be a list of {low} to {high} choices, not {found}")
                       .format(where=here, low=2, high=MAX_CHOICES, found=shown(choices)))
        read = tuple(read_text(c, place(here, i), longest=500) for i, c in enumerate(choices))
        right = whole(raw["answer"], place(where, "answer"), 1, len(read))
        return cls(right, read, task)

    def is_right(self, choice: int | None) -> bool | None:
        """Whether ``choice`` (numbered from 1) is the right one; None when not answered."""
        return None if choice is None else choice == self.right

    def run(self, state):
        chosen = state.answers.get(self.task)
        if chosen is None:
            return CheckResult(False, tr("choose an answer"))
        right = self.choices[self.right - 1].text_in()
        if chosen == self.right:
            return CheckResult(True, tr("right: {choice}").format(choice=right))
        return CheckResult(True, tr("not quite: the answer is {choice}").format(choice=right))


@dataclass(frozen=True)
class TrainedCheck(Check):
    """The last training run did not diverge and ended with its loss within limits."""

    kind = "trained"
    bounds: Bounds

    @classmethod
    def parse(cls, raw, where, task):
        return cls(read_bounds_object(raw["trained"], place(where, "trained")))

    def run(self, state):
        run = state.training
        if run is None:
            return CheckResult(False, tr("not trained yet: press Start in the Training panel"))
        if run.diverged:
            return CheckResult(False, tr("the last run diverged: try a smaller learning rate"))
        loss = shown_number(run.loss, self.bounds)
        if self.bounds.holds(run.loss):
            return CheckResult(True, tr("the last run ended with the loss {loss}, {goal}")
                               .format(loss=loss, goal=self.bounds.goal()))
        return CheckResult(False, tr("the last run ended with the loss {loss}; it needs to be {goal}")
                           .format(loss=loss, goal=self.bounds.goal()))


@dataclass(frozen=True)
class DivergedCheck(Check):
    """The last training run, the last descent run, or either, diverged."""

    kind = "diverged"
    of: str

    @classmethod
    def parse(cls, raw, where, task):
        return cls(one_of(raw["diverged"], place(where, "diverged"), ("training", "descent", "any")))

    def run(self, state):
        training = self.of in ("training", "any") and state.training is not None and state.training.diverged
        descent = self.of in ("descent", "any") and state.descent is not None and state.descent.diverged
        if training or descent:
            return CheckResult(True, tr("the run diverged: its numbers ran away"))
        return CheckResult(False, tr("no run has diverged yet: try a larger learning rate"))


def _rate(value, where: str) -> float | Bounds:
    """A learning rate: a number (that one), or limits such as ``{"below": 0.005}``."""
    if isinstance(value, dict):
        return read_bounds_object(value, where)
    v = number(value, where)
    if v <= 0:
        raise fail(tr("{where} must be greater than 0, not {found}").format(where=where, found=shown(value)))
    return v


@dataclass(frozen=True)
class DescentCheck(Check):
    """The last gradient-descent run stopped as asked, with the settings and result asked."""

    kind = "descent"
    options = ("function", "x0", "learning_rate", "x", "steps")
    outcome: str
    function: str | None = None
    x0: float | None = None
    learning_rate: float | Bounds | None = None
    x: Bounds | None = None
    steps: Bounds | None = None

    @classmethod
    def parse(cls, raw, where, task):
        outcome = one_of(raw["descent"], place(where, "descent"), STOPPED + ("any",))
        function = one_of(raw["function"], place(where, "function"), FUNCTIONS) if "function" in raw else None
        x0 = number(raw["x0"], place(where, "x0")) if "x0" in raw else None
        rate = _rate(raw["learning_rate"], place(where, "learning_rate")) if "learning_rate" in raw else None
        x = read_bounds_object(raw["x"], place(where, "x")) if "x" in raw else None
        steps = read_bounds_object(raw["steps"], place(where, "steps")) if "steps" in raw else None
        return cls(outcome, function, x0, rate, x, steps)

    def run(self, state):
        run = state.descent
        if run is None:
            return CheckResult(False, tr("no descent run yet: choose η and press Run"))
        if self.function is not None and run.function != self.function:
            return CheckResult(False, tr("the last run was on {have}; this task is about {want}").format(
                have=FUNCTIONS[run.function].formula, want=FUNCTIONS[self.function].formula))
        if self.x0 is not None and run.x0 != self.x0:
            return CheckResult(False, tr("the last run started at x0 = {have}; start at x0 = {want}")
                               .format(have=limit(run.x0), want=limit(self.x0)))
        if isinstance(self.learning_rate, Bounds) and not self.learning_rate.holds(run.learning_rate):
            return CheckResult(False, tr("the last run used η = {have}; this task needs η {goal}")
                               .format(have=limit(run.learning_rate), goal=self.learning_rate.goal()))
        if isinstance(self.learning_rate, float) and run.learning_rate != self.learning_rate:
            return CheckResult(False, tr("the last run used η = {have}; this task needs η = {want}")
                               .format(have=limit(run.learning_rate), want=limit(self.learning_rate)))
        if self.outcome != "any" and run.stopped != self.outcome:
            return CheckResult(False, tr("the last run {have}; this task needs a run that {want}").format(
                have=tr(OUTCOMES[run.stopped]), want=tr(OUTCOMES[self.outcome])))
        took = counted(run.steps, "step", "steps")
        if self.x is not None and (run.diverged or not self.x.holds(run.x)):
            return CheckResult(False, tr("the last run stopped at x = {x} after {steps}; x needs to be {goal}")
                               .format(x=fmt(run.x, 6), steps=took, goal=self.x.goal()))
        if self.steps is not None and not self.steps.holds(run.steps):
            return CheckResult(False, tr("the last run took {steps}; this task needs a number of steps {goal}")
                               .format(steps=took, goal=self.steps.goal()))
        if run.diverged:
            return CheckResult(True, tr("the run diverged after {steps}").format(steps=took))
        return CheckResult(True, tr("the run {how} at x = {x} after {steps}").format(
            how=tr(OUTCOMES[run.stopped]), x=fmt(run.x, 6), steps=took))


@dataclass(frozen=True)
class RecognisedCheck(Check):
    """The digit pad's last reading is sure enough (and, if asked, is that digit)."""

    kind = "recognised"
    options = ("digit",)
    bounds: Bounds
    digit: int | None = None

    @classmethod
    def parse(cls, raw, where, task):
        digit = whole(raw["digit"], place(where, "digit"), 0, 9) if "digit" in raw else None
        return cls(read_bounds_object(raw["recognised"], place(where, "recognised")), digit)

    def run(self, state):
        read = state.digit
        if read is None:
            return CheckResult(False, tr("draw a digit on the pad") if self.digit is None
                               else tr("draw a {digit} on the pad").format(digit=self.digit))
        p = shown_number(read.probability, self.bounds)
        if self.digit is not None and read.digit != self.digit:
            return CheckResult(False, tr("the network reads {digit}; draw a {want}").format(digit=read.digit, want=self.digit))
        if self.bounds.holds(read.probability):
            return CheckResult(True, tr("the network reads {digit} with the probability {p}").format(digit=read.digit, p=p))
        return CheckResult(False, tr("the network reads {digit} with the probability {p}; it needs to be {goal}")
                           .format(digit=read.digit, p=p, goal=self.bounds.goal()))


@dataclass(frozen=True)
class TaughtCheck(Check):
    """At least this many drawings were taught to the network."""

    kind = "taught"
    at_least: int

    @classmethod
    def parse(cls, raw, where, task):
        return cls(whole(raw["taught"], place(where, "taught"), 1, 10_000))

    def run(self, state):
        taught = counted(state.taught, "drawing", "drawings")
        if state.taught >= self.at_least:
            return CheckResult(True, tr("taught: {taught}").format(taught=taught))
        need = plural(self.at_least, "teach the network at least {n} drawing", "teach the network at least {n} drawings")
        return CheckResult(False, tr("taught so far: {taught}; {need}").format(taught=taught,
                                                                             need=need.format(n=self.at_least)))


KINDS = (AnswerCheck, TrainedCheck, DivergedCheck, DescentCheck, RecognisedCheck, TaughtCheck)
"""The kinds of this module."""

__all__ = ["AnswerCheck", "DescentCheck", "DivergedCheck", "KINDS", "MAX_CHOICES", "OUTCOMES", "RecognisedCheck",
           "TaughtCheck", "TrainedCheck"]
