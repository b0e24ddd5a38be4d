"""What the checks of a lesson look at: a plain record the window fills.

A :class:`LessonState` gathers everything a task can be about: the
document, the parameter values when the current task began, where the
step-through panel is, the answers given, the last training run, the last
gradient-descent run, the digit pad's last reading and how many drawings
were taught. The checks (``checks.py``) are pure functions of it; the
Lessons dock makes a new one (:func:`dataclasses.replace`) whenever one of
its parts changes and checks the current task again.

The helpers fill the parts that need the model: :func:`parameter_values`
(the start values), :func:`step_place` (from a
:class:`~nnapp.model.stepping.Stepper`), :func:`training_run` (from the last
:class:`~nnapp.engine.progress.Progress` of a run) and :func:`digit_read`
(from a :class:`~nnapp.model.digits.DigitReading`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, NamedTuple

from nnapp.engine.descent import DescentRun
from nnapp.engine.progress import Progress

from ..document import Document

MAX_FOLLOWED = 20_000
"""Networks with more parameters than this have no start values kept (a
check on which parameters changed says it cannot follow so many)."""

MAX_REACHED = 2_000
"""At most this many steps up to the current one count as reached (the steps
a lesson asks for are those of small networks; on a network of hundreds of
thousands of steps, looking further back would slow every move)."""


class TrainingRun(NamedTuple):
    """How the last training run ended.

    Attributes
    ----------
    loss : float
        The training loss of its last report (the mean per sample).
    diverged : bool
        It stopped because the numbers stopped being finite.
    epochs : int
        Epochs it trained.
    """

    loss: float
    diverged: bool
    epochs: int


class DigitRead(NamedTuple):
    """The digit pad's last reading: the digit and its probability (0…1)."""

    digit: int
    probability: float


@dataclass(frozen=True)
class StepPlace:
    """Where the step-through panel is.

    Attributes
    ----------
    kind : str
        The current step's kind: "input", "sum", "activation", "loss_term",
        "loss_total", "dL_da", "delta", "grad_w", "grad_b", "update_w",
        "update_b".
    target : str
        What it is about, by name: a neuron ("h1"), a parameter ("w1",
        "b3") or "L" for the loss.
    reached : frozenset of (str, str)
        (kind, target) of every step up to the current one, itself included
        (the last :data:`MAX_REACHED` at most).
    """

    kind: str
    target: str
    reached: frozenset = frozenset()

    def has_reached(self, kind: str, target: str) -> bool:
        return (kind, target) == (self.kind, self.target) or (kind, target) in self.reached


@dataclass(frozen=True)
class LessonState:
    """Everything the checks of a task look at.

    Attributes
    ----------
    doc : Document
        The open document (its network, input, data and settings).
    start : mapping of str to float
        Every parameter's value ("w1" → 0.5) when the current task began
        (:func:`parameter_values`); empty for a network too large to follow.
    target : tuple of float or None
        The target of the input row, as the step-through panel uses it;
        None: the target of the data row with the same inputs, if any.
    step : StepPlace or None
        Where the step-through panel is (None: before its first step).
    answers : mapping of str to int
        Task id → the choice the student picked (numbered from 1).
    training : TrainingRun or None
        The last training run of this task (None: none yet).
    descent : DescentRun or None
        The last gradient-descent run of this task.
    digit : DigitRead or None
        The digit pad's last reading of a drawing.
    taught : int
        Drawings taught to the network during this task.
    """

    doc: Document
    start: Mapping[str, float] = field(default_factory=dict)
    target: tuple[float, ...] | None = None
    step: StepPlace | None = None
    answers: Mapping[str, int] = field(default_factory=dict)
    training: TrainingRun | None = None
    descent: DescentRun | None = None
    digit: DigitRead | None = None
    taught: int = 0


def parameter_values(doc: Document) -> dict[str, float]:
    """Every parameter of the document's network by name ("w1" → 0.0, "b1" → 4.0).

    Empty when there is no network yet, or more than :data:`MAX_FOLLOWED`
    parameters.
    """
    net = doc.network()
    if net is None or net.n_parameters() > MAX_FOLLOWED:
        return {}
    return {ref.name: net.get(ref) for ref in net.parameters()}


def target_name(doc: Document, target: tuple) -> str:
    """The name of a step's target: a neuron's name, a parameter's, or "L"."""
    kind = target[0]
    if kind == "neuron":
        _, k, j = target
        return doc.neuron_name(doc.neuron_ids[k][j])
    if kind == "weight":
        _, li, i, j = target
        s, d = doc.link_ends(li)
        return doc.weight_name(doc.neuron_ids[s][i], doc.neuron_ids[d][j])
    if kind == "bias":
        _, k, j = target
        return doc.bias_name(doc.neuron_ids[k][j])
    return "L"


def step_place(stepper) -> StepPlace | None:
    """Where a :class:`~nnapp.model.stepping.Stepper` is, by names; None
    before its first step, without steps, or when its trace no longer fits
    the document (the next rebuild brings it back)."""
    steps, position = stepper.steps, stepper.position
    if steps is None or position is None:
        return None
    doc = stepper.doc
    try:
        reached = set()
        for index in range(max(0, position - MAX_REACHED + 1), position + 1):
            kind, target = steps.locate(index)
            reached.add((kind, target_name(doc, target)))
        kind, target = steps.locate(position)
        return StepPlace(kind, target_name(doc, target), frozenset(reached))
    except (IndexError, KeyError, ValueError):
        return None


def training_run(last: Progress) -> TrainingRun:
    """The :class:`TrainingRun` of a run's last report."""
    return TrainingRun(float(last.loss), last.stopped == "diverged", int(last.epoch))


def digit_read(reading) -> DigitRead | None:
    """The :class:`DigitRead` of a :class:`~nnapp.model.digits.DigitReading`
    (None for an empty drawing)."""
    if reading is None or reading.empty:
        return None
    return DigitRead(int(reading.digit), float(reading.confidence))


__all__ = ["DigitRead", "LessonState", "MAX_FOLLOWED", "MAX_REACHED", "StepPlace", "TrainingRun", "digit_read",
           "parameter_values", "step_place", "target_name", "training_run"]
