"""Checks of the document's network: a value, which parameters changed, the
input, a prediction, and where the step-through panel is.

- ``{"value": "o1", "below": 0.5}``: a neuron's activation, a parameter
  ("w1", "b3"), "loss" (the loss of the input row and its target) or
  "data_loss" (the mean loss per row over the document's data), with
  ``above`` / ``below`` / ``near`` + ``tolerance``;
- ``{"only_changed": ["b1"]}``: these parameters may differ from their
  values when the task began, no others (``[]``: none may);
- ``{"input": [-7, -3]}``: the input row holds these values;
- ``{"predicts": "Emily", "above": 0.9}``: the network's output for a row
  of the data named by its label (or for the inputs given as a list), with
  an ``output`` neuron to read when there are several;
- ``{"step": "delta", "target": "h1"}``: the step-through panel is at, or
  has passed, the step of this kind about this neuron or parameter.

Each is a pure function of a :class:`~.state.LessonState`; numbers come
from the engine (``forward``, the losses' registry), nothing is computed
by hand here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnapp.engine.losses import get_loss
from nnapp.engine.propagation import forward
from nnapp.text import list_separator, tr

from ..data import dataset_for
from ..document import Document
from .check_base import BOUND_KEYS, Bounds, Check, CheckResult, Reference, read_bounds, shown_number
from .reading import fail, names, number, numbers, one_of, place, shown, text
from .state import LessonState, parameter_values

LOSS, DATA_LOSS = "loss", "data_loss"

STEP_KINDS = ("input", "sum", "activation", "loss_term", "loss_total", "dL_da", "delta", "grad_w", "grad_b",
              "update_w", "update_b")
"""The kinds of step the step-through panel shows (``nnapp.engine.steps``)."""

SAME = 1e-12
"""Two parameter values closer than this (relative to their size) are the same."""


# --- reading the document -------------------------------------------------------


def neuron_id(doc: Document, name: str) -> str | None:
    """The id of the neuron called ``name`` ("h1"), or None."""
    for k, ids in enumerate(doc.neuron_ids):
        names_k = doc.neuron_names(k)
        if name in names_k:
            return ids[names_k.index(name)]
    return None


def parameter_value(doc: Document, name: str) -> float | None:
    """The value of the parameter ``name`` ("w1", "b3"), or None."""
    return parameter_values(doc).get(name)


def dataset_of(doc: Document):
    """The document's data as a Dataset (normalised as its data section says).

    Raises
    ------
    ValueError
        No network or no data; anything the data raises when it is read.
    """
    net = doc.network()
    if net is None:
        raise ValueError(tr("there is no network yet"))
    if doc.data_source is None:
        raise ValueError(tr("this network has no data chosen"))
    return dataset_for(doc.data_source, net, Path(doc.path).parent if doc.path else None)


def _loss_of(doc: Document, X: np.ndarray, Y: np.ndarray) -> float:
    """The mean loss per row of the document's network on rows X, Y, by its loss."""
    net = doc.network()
    loss = get_loss(doc.training.loss)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        fp = forward(net, X)
        z = fp.zs[-1] if loss.is_fused(net.layers[-1].activation) else None
        return loss.mean_per_sample(fp.output, Y, z)


def input_target(state: LessonState) -> np.ndarray | None:
    """The input row's target: the state's, else that of the data row with the same inputs."""
    if state.target is not None:
        return np.asarray(state.target, dtype=float)
    doc = state.doc
    try:
        ds = dataset_of(doc)
    except Exception:  # noqa: BLE001 - no data, or data that cannot be read: no target either way
        return None
    x = np.asarray(doc.input, dtype=float)
    X = np.asarray(ds.X, dtype=float)
    if X.ndim != 2 or X.shape[1] != x.size:
        return None
    rows = np.flatnonzero(np.all(X == x, axis=1))
    return None if rows.size == 0 else np.asarray(ds.Y[rows[0]], dtype=float)


def quantity(state: LessonState, name: str) -> tuple[float | None, str]:
    """The number ``name`` stands for, or None and why there is none."""
    doc = state.doc
    net = doc.network()
    if net is None:
        return None, tr("there is no network yet")
    if name == LOSS:
        y = input_target(state)
        if y is None or y.size != net.n_outputs:
            return None, tr("the input row has no target: type one in Step through")
        try:
            return _loss_of(doc, np.asarray(doc.input, dtype=float)[None, :], y[None, :]), ""
        except ValueError as e:
            return None, str(e)
    if name == DATA_LOSS:
        try:
            ds = dataset_of(doc)
            return _loss_of(doc, np.asarray(ds.X, dtype=float), np.asarray(ds.Y, dtype=float)), ""
        except Exception as e:  # noqa: BLE001 - any data that cannot be used: say why
            return None, tr("the data cannot be used: {problem}").format(problem=e)
    uid = neuron_id(doc, name)
    if uid is not None:
        return doc.activation_of(uid), ""
    value = parameter_value(doc, name)
    if value is None:
        return None, tr("this network has no neuron or parameter called {name}").format(name=name)
    return value, ""


def quantity_name(name: str) -> str:
    """How a status names a quantity: "o1", "the loss L", "the data loss"."""
    if name == LOSS:
        return tr("the loss L")
    if name == DATA_LOSS:
        return tr("the data loss")
    return name


def shown_list(values) -> str:
    """Numbers as a list for people: "[−7, −3]"."""
    return "[" + list_separator().join(shown_number(v) for v in values) + "]"


# --- the kinds ----------------------------------------------------------------------


@dataclass(frozen=True)
class ValueCheck(Check):
    """A neuron's activation, a parameter, the loss or the data loss, within limits."""

    kind = "value"
    options = BOUND_KEYS
    name: str
    bounds: Bounds

    @classmethod
    def parse(cls, raw, where, task):
        return cls(text(raw["value"], place(where, "value"), longest=64).strip(), read_bounds(raw, where))

    def run(self, state):
        value, problem = quantity(state, self.name)
        if value is None:
            return CheckResult(False, problem)
        what = quantity_name(self.name)
        if self.bounds.holds(value):
            return CheckResult(True, tr("{name} = {value}, {goal}").format(
                name=what, value=shown_number(value, self.bounds), goal=self.bounds.goal()))
        return CheckResult(False, tr("{name} = {value}, needs to be {goal}").format(
            name=what, value=shown_number(value, self.bounds), goal=self.bounds.goal()))

    def references(self):
        return (Reference("quantity", self.name),)


@dataclass(frozen=True)
class OnlyChangedCheck(Check):
    """Only these parameters differ from their values when the task began."""

    kind = "only_changed"
    allowed: tuple[str, ...]

    @classmethod
    def parse(cls, raw, where, task):
        return cls(names(raw["only_changed"], place(where, "only_changed")))

    def run(self, state):
        if not state.start:
            return CheckResult(False, tr("the parameters' values at the start are not known "
                                         "(no network, or too many parameters to follow)"))
        now = parameter_values(state.doc)
        changed = [n for n, v in now.items()
                   if n not in state.start or abs(v - state.start[n]) > SAME * max(1.0, abs(v))]
        changed += [n for n in state.start if n not in now]
        extra = [n for n in changed if n not in self.allowed]
        allowed = ", ".join(self.allowed)
        if extra:
            if not self.allowed:
                return CheckResult(False, tr("{names} changed: leave every weight and bias as it was")
                                   .format(names=", ".join(extra)))
            return CheckResult(False, tr("{names} changed too: change only {allowed}")
                               .format(names=", ".join(extra), allowed=allowed))
        if not self.allowed:
            return CheckResult(True, tr("no weight or bias changed"))
        return CheckResult(True, tr("nothing but {allowed} changed").format(allowed=allowed))

    def references(self):
        return tuple(Reference("parameter", n) for n in self.allowed)


@dataclass(frozen=True)
class InputCheck(Check):
    """The input row holds these values."""

    kind = "input"
    options = ("tolerance",)
    values: tuple[float, ...]
    tolerance: float = 1e-9

    @classmethod
    def parse(cls, raw, where, task):
        values = numbers(raw["input"], place(where, "input"))
        tolerance = number(raw.get("tolerance", 1e-9), place(where, "tolerance"))
        if tolerance < 0:
            raise fail(tr("{where} must not be negative").format(where=place(where, "tolerance")))
        return cls(values, tolerance)

    def run(self, state):
        have = np.asarray(state.doc.input, dtype=float)
        want = shown_list(self.values)
        if have.shape == (len(self.values),) and np.all(np.abs(have - np.array(self.values)) <= self.tolerance):
            return CheckResult(True, tr("the input is {want}").format(want=want))
        return CheckResult(False, tr("the input is {have}, needs to be {want}").format(have=shown_list(have), want=want))


@dataclass(frozen=True)
class PredictsCheck(Check):
    """The network's output for a row of the data (or given inputs), within limits."""

    kind = "predicts"
    options = BOUND_KEYS + ("output",)
    row: str | None
    values: tuple[float, ...] | None
    bounds: Bounds
    output: str | None = None

    @classmethod
    def parse(cls, raw, where, task):
        value = raw["predicts"]
        here = place(where, "predicts")
        if isinstance(value, list):
            row, values = None, numbers(value, here)
        elif isinstance(value, str):
            row, values = text(value, here, longest=200), None
        else:
            raise fail(tr("{where} must name a row of the data, such as \"Emily\", or give its inputs, "
                          "such as [1, 0, 0]; not {found}").format(where=here, found=shown(value)))
        output = text(raw["output"], place(where, "output"), longest=64) if "output" in raw else None
        return cls(row, values, read_bounds(raw, where), output)

    def run(self, state):
        doc = state.doc
        net = doc.network()
        if net is None:
            return CheckResult(False, tr("there is no network yet"))
        what = self.row if self.row is not None else shown_list(self.values)
        if self.row is not None:
            try:
                x = _row(dataset_of(doc), self.row)
            except Exception as e:  # noqa: BLE001 - any data that cannot be used: say why
                return CheckResult(False, tr("the data cannot be used: {problem}").format(problem=e))
            if x is None:
                return CheckResult(False, tr("the data has no row called {row}").format(row=self.row))
        else:
            x = np.array(self.values, dtype=float)
        if x.size != net.n_inputs:
            return CheckResult(False, tr("{row} does not fit the network's inputs").format(row=what))
        j = 0
        if self.output is not None:
            outputs = doc.neuron_names(len(doc.layers) - 1)
            if self.output not in outputs:
                return CheckResult(False, tr("the network has no output called {name}").format(name=self.output))
            j = outputs.index(self.output)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            value = float(forward(net, x[None, :].astype(net.dtype)).output[0, j])
        if self.bounds.holds(value):
            return CheckResult(True, tr("for {row} the network gives {value}, {goal}").format(
                row=what, value=shown_number(value, self.bounds), goal=self.bounds.goal()))
        return CheckResult(False, tr("for {row} the network gives {value}, needs to be {goal}").format(
            row=what, value=shown_number(value, self.bounds), goal=self.bounds.goal()))

    def references(self):
        found = [] if self.row is None else [Reference("row", self.row)]
        if self.output is not None:
            found.append(Reference("output", self.output))
        return tuple(found)


def _row(ds, label: str) -> np.ndarray | None:
    """The inputs of the data row labelled ``label``, or of its row to predict of that name."""
    if ds.row_labels and label in ds.row_labels:
        return np.asarray(ds.X[list(ds.row_labels).index(label)], dtype=float)
    if label in ds.extra:
        return np.asarray(ds.extra[label], dtype=float)
    return None


def step_label(kind: str, target: str) -> str:
    """The symbol of a step, as the step-through panel writes it: "δ_h1", "∂L/∂w1", "z_o1"."""
    return {
        "sum": f"z_{target}", "loss_term": f"ℓ_{target}", "loss_total": "L", "dL_da": f"∂L/∂{target}",
        "delta": f"δ_{target}", "grad_w": f"∂L/∂{target}", "grad_b": f"∂L/∂{target}",
        "update_w": f"{target} ← {target} − η·∂L/∂{target}", "update_b": f"{target} ← {target} − η·∂L/∂{target}",
    }.get(kind, target)


@dataclass(frozen=True)
class StepCheck(Check):
    """The step-through panel is at, or has passed, a step of this kind about this target."""

    kind = "step"
    options = ("target",)
    step_kind: str
    target: str

    @classmethod
    def parse(cls, raw, where, task):
        if "target" not in raw:
            raise fail(tr("{where} has no {key!r}").format(where=where, key="target"))
        kind = one_of(raw["step"], place(where, "step"), STEP_KINDS)
        target = text(raw["target"], place(where, "target"), longest=64).strip()
        if kind == "loss_total" and target != "L":
            raise fail(tr("{where} must be \"L\" for the step \"loss_total\"").format(where=place(where, "target")))
        return cls(kind, target)

    def run(self, state):
        want = step_label(self.step_kind, self.target)
        here = state.step
        if here is None:
            return CheckResult(False, tr("press Next in Step through and go on to {step}").format(step=want))
        if here.has_reached(self.step_kind, self.target):
            return CheckResult(True, tr("{step} reached").format(step=want))
        return CheckResult(False, tr("Step through is at {here}: go on to {step}").format(
            here=step_label(here.kind, here.target), step=want))

    def references(self):
        return () if self.target == "L" else (Reference("step_target", self.target),)


KINDS = (ValueCheck, OnlyChangedCheck, InputCheck, PredictsCheck, StepCheck)
"""The kinds of this module."""

__all__ = ["DATA_LOSS", "InputCheck", "KINDS", "LOSS", "OnlyChangedCheck", "PredictsCheck", "STEP_KINDS",
           "StepCheck", "ValueCheck", "input_target", "neuron_id", "parameter_value", "quantity", "step_label"]
