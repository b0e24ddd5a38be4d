"""Stepping through one sample's trace, or a mini-batch's: where a student is, and what it is about.

A :class:`Stepper` holds a document's trace for one sample (a row of its data,
or the input row with a target the student types) or for a mini-batch of
rows (:meth:`Stepper.choose_batch`), its steps as a
:class:`~nnapp.engine.steps.StepSequence` (a
:class:`~nnapp.engine.steps.BatchStepSequence`), and a position in
them, like a debugger: next, back, to the end of the phase, to the end,
reset, or any step. It knows which neurons and connections the current step
is about (document ids, for the canvas to light up), which values have been
computed so far (activations, δ, ∂L/∂w, new weights: :meth:`known_values`,
:meth:`canvas_marks`), and which step is about a neuron or connection the
student clicks. :meth:`Stepper.apply_update` is the undoable edit that puts
the traced update into the document (for a batch, the averaged one).

Nothing here recomputes the maths of a step: every number comes from the
engine's :func:`~nnapp.engine.trace.trace`. The one exception is the
gradient check (:meth:`Stepper.numeric_gradient`), which is meant to be an
independent estimate: the central difference ``(L(p + h) − L(p − h)) / 2h``
of :func:`~nnapp.engine.gradcheck.central_difference`.

The samples and the typed target are in ``step_samples.py``, the canvas's
marks and the mapping between step targets and canvas items in
``step_marks.py``. The module is longer than 500 lines because
:class:`Stepper` is one state (the samples, the trace, the position) that
all of its methods read and change; split, its parts would pass that state
to each other.

No Qt here; the step-through panel (``nnapp/ui/steps/``) shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from nnapp.engine.batch_trace import BatchTrace, batch_trace
from nnapp.engine.datasets import Dataset
from nnapp.engine.gradcheck import central_difference
from nnapp.engine.network import Network
from nnapp.engine.steps import PHASES, Step, StepSequence, batch_label, step_sequence
from nnapp.engine.trace import Trace, trace
from nnapp.text import marked, sentence, tr

from .batch_rows import default_rows
from .data import dataset_for
from .document import Document
from .events import Event
from .step_marks import StepMarks, canvas_items, reached_deltas, target_of  # noqa: F401 (target_of: for importers)
from .step_samples import Sample, format_target, input_key, parse_target  # noqa: F401 (for importers)
from .training import ApplyParameters

INPUT_ROW = 0
"""The sample index of the input row (the values on the canvas): the first sample."""

MAX_SAMPLES = 1000
"""Rows of the data offered as samples."""

MAX_TERMS = 8
"""Longest sum a step writes out in full."""

NO_TARGET = marked("No target: the forward pass only. Type a target to see the loss and backpropagation.")
"""What the panel says when the input row has no target (marked English; :attr:`Stepper.problem`
holds it translated, ``tr(NO_TARGET)``)."""

GRADCHECK_H = 1e-6
"""Step h of the central difference of the gradient check."""


@dataclass
class TraceJob:
    """What one trace follows, gathered by :meth:`Stepper.start_rebuild`:
    the network, one sample (``x`` of shape (n_inputs,), ``y`` or None) or a
    mini-batch (``x``, ``y`` of shape (n, ·) with ``labels``), the loss and
    the update's η and λ, and the position to keep (``before``)."""

    net: Network
    x: np.ndarray
    y: np.ndarray | None
    loss: str
    learning_rate: float | None
    l2: float
    labels: list[str] | None = None
    before: tuple | None = None

    def run(self) -> "tuple[Trace | BatchTrace, str]":
        """The trace, and why it has no backward pass ("" when it has one).
        Reads nothing but this job."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.labels is not None:
                try:
                    return batch_trace(self.net, self.x, self.y, loss=self.loss, learning_rate=self.learning_rate,
                                       l2=self.l2, labels=self.labels), ""
                except ValueError as e:  # NotTrainableError (a step layer)
                    return trace(self.net, self.x[0]), sentence(
                        tr("a mini-batch is traced for training, so only the forward pass of "
                           "{sample} is shown: {e}").format(sample=self.labels[0], e=e))
            try:
                return trace(self.net, self.x, self.y, loss=self.loss, learning_rate=self.learning_rate,
                             l2=self.l2), ""
            except ValueError as e:  # NotTrainableError (a step layer), a target of the wrong size
                return trace(self.net, self.x), sentence(tr("forward pass only: {e}").format(e=e))


class Stepper:
    """One sample's trace of a document, its steps, and a position in them.

    Parameters
    ----------
    doc : Document

    Attributes
    ----------
    trace : Trace, BatchTrace or None
        None when there is nothing to trace (see :attr:`problem`).
    steps : StepSequence, BatchStepSequence or None
    position : int or None
        The current step; None before the first one (nothing computed yet).
    problem : str
        Why there is no trace, or why it has no backward pass ("" if none).
    samples : list of Sample
        The input row, then the rows of the document's data.
    sample : int
        The index in :attr:`samples` of the sample followed
        (:data:`INPUT_ROW`, 0, is the input row).
    rebuilt : Event()
        The trace and its steps were made again (or are gone: see
        :attr:`problem`); sent by :meth:`rebuild`, :meth:`finish_rebuild`,
        and :meth:`start_rebuild` when there is nothing to trace.
    moved : Event(position: int or None)
        A move (:meth:`go`, :meth:`next`, :meth:`back`, :meth:`phase_end`,
        :meth:`run_end`, :meth:`reset`, :meth:`jump_to`) changed
        :attr:`position`. A rebuild keeps the position on the same step and
        sends no ``moved``.
    batch : list of int or None
        In mini-batch mode, the rows of the batch (numbered from 1, which is
        also their index in :attr:`samples`); None when one sample is
        followed.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.trace: Trace | None = None
        self.steps: StepSequence | None = None
        self.position: int | None = None
        self.problem = ""
        self.sample = INPUT_ROW
        self.samples: list[Sample] = []
        self.data_problem = ""
        self._typed_target: np.ndarray | None = None
        self._data_key: object = None
        self._dataset: Dataset | None = None
        self._check: dict = {}
        self._check_net: Network | None = None
        self.batch: list[int] | None = None
        self._last_batch: list[int] | None = None
        self._start_label: str | None = None
        self.rebuilt = Event("rebuilt")
        self.moved = Event("moved")

    # --- samples ------------------------------------------------------------

    def load_samples(self) -> list[Sample]:
        """The samples: the input row, then the data's rows (those it only
        predicts last, without a target); reloaded only when the data, the
        file or the network's ends change."""
        doc = self.doc
        net = doc.network()
        key = (doc.data_revision, doc.path, None if net is None else (net.n_inputs, net.n_outputs))
        if key == self._data_key:
            return self.samples
        self._data_key = key
        self._dataset = None
        self.data_problem = ""
        samples = [Sample(tr("Input row"), None, None)]
        if doc.data_source is None:
            self.data_problem = tr("This network has no data chosen")
        elif net is None:
            self.data_problem = tr("The network needs a second layer before it can use data")
        else:
            base = Path(doc.path).parent if doc.path else None
            try:
                self._dataset = ds = dataset_for(doc.data_source, net, base)
            except Exception as e:  # any broken data section: offer no rows, say why
                self.data_problem = tr("The data cannot be used: {e}").format(e=e)
            else:
                for i in range(min(ds.n_samples, MAX_SAMPLES)):
                    label = ds.row_labels[i] if ds.row_labels else tr("row {n}").format(n=i + 1)
                    samples.append(Sample(label, np.asarray(ds.X[i], dtype=float), np.asarray(ds.Y[i], dtype=float)))
                for name, row in ds.extra.items():
                    samples.append(Sample(tr("{name} (no target)").format(name=name), np.asarray(row, dtype=float), None))
        old = self.samples[self.sample].label if 0 <= self.sample < len(self.samples) else None
        old_batch = [self.samples[r].label for r in self.batch if r < len(self.samples)] if self.batch else []
        self.samples = samples
        labels = [s.label for s in samples]
        if self.sample != INPUT_ROW:
            self.sample = labels.index(old) if old in labels else INPUT_ROW
        if self._start_label is not None:
            self.sample = labels.index(self._start_label) if self._start_label in labels else INPUT_ROW
            self._start_label = None
        if self.batch is not None:
            rows = self.batch_rows()
            kept = [r for r in rows if samples[r].label in old_batch]
            self.batch = kept or (self.default_batch() if rows else None)
        return samples

    # --- a mini-batch ------------------------------------------------------------

    def batch_rows(self) -> list[int]:
        """The rows that can be in a batch (those with a target), numbered
        from 1; row r is ``samples[r]``."""
        rows = []
        for r in range(1, len(self.samples)):
            if self.samples[r].y is None:
                break
            rows.append(r)
        return rows

    def default_batch(self) -> list[int]:
        """Every row of a small data set; else its first rows (see
        :func:`~nnapp.model.batch_rows.default_rows`)."""
        return default_rows(len(self.batch_rows()), self.doc.training.batch_size)

    @property
    def in_batch(self) -> bool:
        """Whether a mini-batch is followed (else one sample)."""
        return self.batch is not None

    def choose_batch(self, rows: Sequence[int] | None = None) -> None:
        """Follow a mini-batch of these rows (None: the rows chosen last, or
        :meth:`default_batch`) and trace it again, keeping the position;
        rows that do not exist are left out."""
        self.load_samples()
        valid = set(self.batch_rows())
        if rows is None:
            rows = self.batch or self._last_batch or self.default_batch()
        chosen = sorted({int(r) for r in rows} & valid)
        self.batch = chosen or None
        if chosen:
            self._last_batch = chosen
        self.rebuild()

    def batch_label(self) -> str:
        """The batch in a few words: "4 samples: Alice, Bob, Charlie, Diana"."""
        return batch_label([self.samples[r].label for r in self.batch or ()])

    def step_sample(self) -> int | None:
        """The sample (its place in the batch) the current step is about;
        None for a one-sample trace, before the first step, and for the
        batch's own steps."""
        if self.steps is None or self.position is None or not isinstance(self.trace, BatchTrace):
            return None
        return self.steps.sample_of(self.position)

    def sample_trace(self) -> Trace | None:
        """The one-sample trace the current step is about: the trace itself,
        or in a batch the current step's sample's (None for the batch's own
        steps)."""
        if not isinstance(self.trace, BatchTrace):
            return self.trace
        s = self.step_sample()
        return None if s is None else self.trace.samples[s]

    @property
    def dataset(self) -> Dataset | None:
        return self._dataset

    def choose_sample(self, index: int) -> None:
        """Follow sample ``index`` of :attr:`samples` (:data:`INPUT_ROW` is the
        input row) and trace it again, keeping the position; ends
        mini-batch mode."""
        self.load_samples()
        self.sample = index if 0 <= index < len(self.samples) else INPUT_ROW
        self.batch = None
        self.rebuild()

    def current_sample(self) -> Sample:
        if 0 < self.sample < len(self.samples):
            return self.samples[self.sample]
        return Sample(tr("Input row"), None, None)

    def x(self) -> np.ndarray:
        s = self.current_sample()
        return np.array(self.doc.input if s.x is None else s.x, dtype=float)

    def y(self) -> np.ndarray | None:
        """The target traced: the row's, or for the input row the typed one
        (by default the target of a row of the data with the same inputs,
        else none: the forward pass only)."""
        s = self.current_sample()
        if s.x is not None:
            return s.y
        net = self.doc.network()
        if net is None:
            return None
        if self._typed_target is not None and len(self._typed_target) == net.n_outputs:
            return self._typed_target
        return self.default_target()

    def default_target(self) -> np.ndarray | None:
        """The input row's target until one is typed: that of the data row
        with the same inputs; None when no row has them (a drawing, an
        input typed by hand, a network without data)."""
        net = self.doc.network()
        if net is None:
            return None
        x = np.asarray(self.doc.input, dtype=float)
        by_input, _ = self._targets_by_input()
        y = by_input.get(input_key(x))
        if y is not None and y.shape == (net.n_outputs,):
            return y
        return None

    def has_no_target(self) -> bool:
        """Whether the input row is followed without a target (so the trace
        is the forward pass only)."""
        return (self.batch is None and self.current_sample().x is None and self.doc.network() is not None
                and self.y() is None)

    def _targets_by_input(self) -> tuple[dict[bytes, np.ndarray], np.ndarray | None]:
        """The data rows' targets by their inputs (the first row of equal
        inputs wins) and the first target; made once per list of samples, so
        that looking the input up costs one hash, not a pass over the rows."""
        cached = getattr(self, "_by_input", None)
        if cached is not None and cached[0] is self.samples:
            return cached[1], cached[2]
        by_input: dict[bytes, np.ndarray] = {}
        first = None
        for s in self.samples[1:]:
            if s.y is None:
                continue
            if first is None:
                first = s.y
            by_input.setdefault(input_key(s.x), s.y)
        self._by_input = (self.samples, by_input, first)
        return by_input, first

    def target_is_typed(self) -> bool:
        """Whether the input row's target was typed (not the default)."""
        return self._typed_target is not None

    def set_target(self, y: Sequence[float] | None) -> None:
        """The input row's target (None: back to the default; with several
        outputs a single whole number k is the class k); traces again when
        the input row is followed."""
        self._typed_target = None if y is None else np.array(y, dtype=float)
        net = self.doc.network()
        t = self._typed_target
        if (t is not None and net is not None and net.n_outputs > 1 and t.shape == (1,)
                and float(t[0]).is_integer() and 0 <= t[0] < net.n_outputs):
            self._typed_target = np.eye(net.n_outputs)[int(t[0])]
        if self.current_sample().x is None and self.batch is None:
            self.rebuild()

    # --- the trace ------------------------------------------------------------

    def rebuild(self, keep: bool = True) -> None:
        """Trace the sample again (after any change of the document); keep
        the position on the step of the same kind about the same thing, or
        else at the same index."""
        job = self.start_rebuild(keep)
        if job is not None:
            self.forget()
            self.finish_rebuild(job, job.run())

    def start_rebuild(self, keep: bool = True) -> "TraceJob | None":
        """The first part of :meth:`rebuild`: gather what to trace (the trace
        and the position stay as they were). Returns the job whose
        :meth:`TraceJob.run` computes the trace (it reads only the job, so
        it may run on another thread); :meth:`finish_rebuild` then takes its
        result. None when there is nothing to trace: the trace is gone and
        :attr:`problem` says why."""
        before = None
        if keep and self.steps is not None and self.position is not None:
            before = (self.position, self.steps.locate(self.position), self.steps.sample_of(self.position))
        doc = self.doc
        self.load_samples()
        net = doc.network()
        if net is None:
            self.forget()
            self.problem = tr("There is no network to step through yet: it needs an input layer and one more layer.")
            self.position = None
            self.rebuilt.emit()
            return None
        if self.batch is not None and not self.batch_rows():
            self.batch = None
        settings = self.doc.training
        if self.batch is not None:
            rows = [self.samples[r] for r in self.batch]
            return TraceJob(net, np.array([s.x for s in rows]), np.array([s.y for s in rows]), settings.loss,
                            settings.learning_rate, settings.l2, [s.label for s in rows], before)
        return TraceJob(net, self.x(), self.y(), settings.loss, settings.learning_rate, settings.l2, None, before)

    def forget(self) -> None:
        """No trace and no steps (until the next :meth:`finish_rebuild`)."""
        self.trace = self.steps = None
        self.problem = ""
        self._check = {}
        self._check_net = None

    def finish_rebuild(self, job: "TraceJob", result: "tuple[Trace | BatchTrace, str]") -> None:
        """The last part of :meth:`rebuild`: take the trace ``job.run()`` made."""
        self.forget()
        t, self.problem = result
        outputs = [s.output for s in t.samples] if isinstance(t, BatchTrace) else [t.output]
        if not all(np.all(np.isfinite(o)) for o in outputs) or (t.has_backward and not np.isfinite(t.loss_total)):
            self.problem = tr("The numbers are too large: the network's output or loss is not a finite number. "
                              "Smaller inputs or weights will do.")
        if not self.problem and self.has_no_target():
            self.problem = tr(NO_TARGET)
        self.trace = t
        self.steps = step_sequence(t, max_terms=MAX_TERMS)
        if job.before is None:
            self.position = None
        else:
            index, (kind, target), sample = job.before
            found = self.steps.index_of(kind, target, sample=sample)
            self.position = found if found is not None else min(index, len(self.steps) - 1)
        self.rebuilt.emit()

    def ensure(self) -> None:
        """Trace if there is no trace yet."""
        if self.steps is None and not self.problem:
            self.rebuild()

    # --- moving ---------------------------------------------------------------

    def __len__(self) -> int:
        return 0 if self.steps is None else len(self.steps)

    @property
    def current(self) -> Step | None:
        if self.steps is None or self.position is None:
            return None
        return self.steps[self.position]

    def go(self, index: int | None) -> None:
        """Go to step ``index`` (clipped to the steps; None: before the first)."""
        if index is None or not len(self):
            self._move_to(None)
            return
        self._move_to(max(0, min(int(index), len(self) - 1)))

    def _move_to(self, position: int | None) -> None:
        if position != self.position:
            self.position = position
            self.moved.emit(position)

    def next(self) -> None:
        self.go(0 if self.position is None else self.position + 1)

    def back(self) -> None:
        if self.position is not None:
            self.go(None if self.position == 0 else self.position - 1)

    def phase_end(self) -> None:
        """To the last step of the current phase; from there, to the last step
        of the next phase (before the first step: the end of the forward pass)."""
        if not len(self):
            return
        if self.position is None:
            self.go(self.steps.phase_range("forward")[-1])
            return
        phases = self.steps.phases
        phase = self.steps.phase_of(self.position)
        stop = self.steps.phase_range(phase)[-1]
        if self.position < stop:
            self.go(stop)
            return
        later = phases[phases.index(phase) + 1:]
        if later:
            self.go(self.steps.phase_range(later[0])[-1])

    def run_end(self) -> None:
        if len(self):
            self.go(len(self) - 1)

    def reset(self) -> None:
        self._move_to(None)

    def restart(self, sample: str | None = None, target: Sequence[float] | None = None) -> None:
        """Before the first step, on the input row with its default target
        (for a new document); or where a file says to start: following the
        data row labelled ``sample`` (once the samples are loaded; a label
        the data does not have: the input row), with ``target`` as the input
        row's target."""
        self.position = None
        self.sample = INPUT_ROW
        self.batch = self._last_batch = None
        self._typed_target = None if target is None else np.array(target, dtype=float)
        self._start_label = sample

    def at_start(self) -> bool:
        return self.position is None

    def at_end(self) -> bool:
        return not len(self) or self.position == len(self) - 1

    def phase(self) -> str | None:
        return None if self.position is None else self.steps.phase_of(self.position)

    def jump_to(self, target: tuple) -> int | None:
        """Go to the first step about ``target`` (see
        :meth:`StepSequence.first_about`; in a batch, of the current step's
        sample); None (and no move) if there is none."""
        if self.steps is None or target is None:
            return None
        found = self.steps.first_about(target, sample=self.step_sample())
        if found is not None:
            self._move_to(found)
        return found

    # --- what the canvas shows -----------------------------------------------------

    def lit(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Neuron ids and connections the current step is about."""
        step = self.current
        return ([], []) if step is None else canvas_items(self.doc, step.target)

    def known_values(self) -> dict[str, float] | None:
        """Activations computed up to the current step (neuron id → a), of
        the current step's sample (none for a batch's own steps); None
        before the first step (the canvas shows its usual values)."""
        if self.steps is None or self.position is None:
            return None
        t = self.sample_trace()
        if t is None:
            return {}
        counts = self.steps.known_counts(self.position)
        values: dict[str, float] = {}
        for k, n in enumerate(counts):
            if n:
                ids = self.doc.neuron_ids[k][:n]
                values.update(zip(ids, t.activations[k][:n].tolist()))
        return values

    def canvas_marks(self) -> StepMarks | None:
        """The δ, ∂L/∂w and new weights reached by the current step (see
        :class:`~nnapp.model.step_marks.StepMarks`); None before the first
        step."""
        if self.steps is None or self.position is None:
            return None
        return StepMarks(self.steps, self.position, self._reached_deltas())

    def marks_key(self) -> tuple | None:
        """Changes exactly when :meth:`canvas_marks` shows something else
        (nothing is shown before backprop begins)."""
        if self.steps is None or self.position is None:
            return None
        if self.steps.phase_of(self.position) in ("forward", "loss"):
            return ("none",)
        return (self.position,)

    def _reached_deltas(self) -> dict[str, float]:
        sample = self.step_sample()
        if isinstance(self.trace, BatchTrace) and sample is None:
            return {}
        return reached_deltas(self.steps, self.position, sample, self.doc.neuron_ids, self.sample_trace())

    # --- the update -----------------------------------------------------------------

    def can_apply(self) -> bool:
        return self.trace is not None and self.trace.after is not None

    def apply_update(self) -> ApplyParameters | None:
        """The undoable edit that gives the document the weights after the
        traced step (None without an update)."""
        if not self.can_apply():
            return None
        eta = self.trace.learning_rate
        if isinstance(self.trace, BatchTrace):
            text = tr("One gradient step on a mini-batch of {n} (η = {eta:g})").format(n=self.trace.n, eta=eta)
        else:
            text = tr("One gradient step on {sample} (η = {eta:g})").format(sample=self.current_sample().label, eta=eta)
        return ApplyParameters(self.trace.after.arrays(), text)

    # --- the gradient check ----------------------------------------------------------------

    def numeric_gradient(self, step: Step, h: float = GRADCHECK_H) -> float | None:
        """The central difference (L(p + h) − L(p − h)) / 2h of the parameter
        of a ∂L/∂w or ∂L/∂b step (None for other steps), in extended
        precision; for a mini-batch, of the batch's loss."""
        t = self.trace
        if t is None or not t.has_backward or step.kind not in ("grad_w", "grad_b"):
            return None
        key = (step.kind, step.target, h)
        if key not in self._check:
            if self._check_net is None:
                self._check_net = t.network.astype(np.longdouble)
            net = self._check_net
            if isinstance(t, BatchTrace):
                X, Y = np.asarray(t.X, dtype=np.longdouble), np.asarray(t.Y, dtype=np.longdouble)
            else:
                X = np.asarray(t.x, dtype=np.longdouble)[None, :]
                Y = np.asarray(t.y, dtype=np.longdouble)[None, :]
            if step.kind == "grad_w":
                _, li, i, j = step.target
                array, where = net.links[li].W, (i, j)
            else:
                _, k, j = step.target
                array, where = net.layers[k].bias, (j,)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                estimate = central_difference(net, array, where, X, Y, t.loss, h, points=3)
            self._check[key] = float(estimate)
        return self._check[key]


__all__ = [
    "INPUT_ROW",
    "NO_TARGET",
    "PHASES",
    "Sample",
    "Stepper",
    "TraceJob",
    "canvas_items",
    "format_target",
    "parse_target",
    "target_of",
]
