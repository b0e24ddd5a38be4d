"""The steps of a mini-batch: each sample in turn, then the batch as a whole.

:class:`BatchStepSequence` lists the steps of a
:class:`~nnapp.engine.batch_trace.BatchTrace` phase by phase, the way the
batch is computed:

1. **forward** — sample 1's forward pass, then sample 2's, …;
2. **loss** — each sample's loss (``L⁽²⁾ = ℓ_o1``), then the batch's:
   ``L = (1/n)·(L⁽¹⁾ + … + L⁽ⁿ⁾)``;
3. **backward** — each sample's ∂L⁽ˢ⁾/∂a and δ, then for every parameter
   the batch's gradient with every sample's term written out (see
   ``batch_builder.py``);
4. **update** — every parameter, ``w1 ← w1 − η·∂L/∂w1`` with the batch's
   gradient.

A sample's own steps are those of its one-sample trace (without its ∂L/∂w,
which the batch's steps write out), made with :attr:`Step.sample` saying
whose they are; ``x⁽ˢ⁾`` is sample s's value. Every value is the batch
trace's own number. Steps are made only when asked for, as in
:class:`~.sequence.StepSequence`, whose interface this follows
(``index_of`` and ``first_about`` take the sample a per-sample step is
about).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..batch_trace import BatchTrace
from .batch_builder import BatchBuilder
from .record import PHASES, Step
from .sequence import LazySteps, StepSequence

PER_SAMPLE = ("input", "sum", "activation", "loss_term", "dL_da", "delta")
"""Kinds of step that every sample of a batch has."""


class _WholeBatch(StepSequence):
    """The batch's gradient and update steps (no forward pass, loss or δ)."""

    _builder = BatchBuilder

    def __init__(self, bt: BatchTrace, *, max_terms: int, decimals: int | None) -> None:
        super().__init__(bt, max_terms=max_terms, decimals=decimals, forward=False, loss=False, deltas=False)


@dataclass(frozen=True)
class _Part:
    """A run of steps taken from one sequence: ``count`` steps from index
    ``offset`` of ``source`` (None: the batch's loss), about ``sample``."""

    start: int
    count: int
    phase: str
    source: StepSequence | None
    offset: int
    sample: int | None


class BatchStepSequence(LazySteps):
    """The steps of a :class:`BatchTrace` (see the module docstring).

    Parameters
    ----------
    trace : BatchTrace
    max_terms, decimals
        As for :class:`~.sequence.StepSequence`; ``max_terms`` also
        bounds the samples written out in a batch's sum.

    Attributes
    ----------
    per_sample : list of StepSequence
        Each sample's forward, loss and δ steps.
    whole : StepSequence
        The batch's gradient and update steps.
    """

    def __init__(self, trace: BatchTrace, *, max_terms: int = 8, decimals: int | None = 4) -> None:
        self.trace = trace
        self.max_terms = max_terms
        self.decimals = decimals
        self.sizes = list(trace.network.sizes)
        self.per_sample = [StepSequence(t, max_terms=max_terms, decimals=decimals, gradients=False, sample=s)
                           for s, t in enumerate(trace.samples)]
        self.whole = _WholeBatch(trace, max_terms=max_terms, decimals=decimals)
        self._parts: list[_Part] = []
        self._where: dict[tuple[int, str], _Part] = {}     # (sample or −1, phase) → its part
        self._n = 0
        self._cache: dict[int, Step] = {}
        for phase in PHASES:
            for s, seq in enumerate(self.per_sample):
                r = seq.phase_range(phase)
                self._add(phase, seq, r.start, len(r), s)
            if phase == "loss":
                self._loss_index = self._n
                self._add(phase, None, 0, 1, None)
            else:
                r = self.whole.phase_range(phase)
                self._add(phase, self.whole, r.start, len(r), None)
        self._starts = np.array([p.start for p in self._parts], dtype=np.int64)

    def _add(self, phase: str, source, offset: int, count: int, sample: int | None) -> None:
        if count <= 0:
            return
        part = _Part(self._n, count, phase, source, offset, sample)
        self._parts.append(part)
        self._where[(-1 if sample is None else sample, phase)] = part
        self._n += count

    def _part(self, index: int) -> _Part:
        if not 0 <= index < self._n:
            raise IndexError("step index out of range")
        return self._parts[int(np.searchsorted(self._starts, index, side="right")) - 1]

    def _global(self, sample: int | None, phase: str, child: int | None) -> int | None:
        """The index here of step ``child`` of a sample's sequence (or of the batch's)."""
        if child is None:
            return None
        part = self._where.get((-1 if sample is None else sample, phase))
        if part is None or not part.offset <= child < part.offset + part.count:
            return None
        return part.start + child - part.offset

    # --- the sequence ---------------------------------------------------------

    def make(self, index: int) -> Step:
        """Step ``index`` made afresh (not kept)."""
        part = self._part(index)
        if part.source is None:
            return self.whole._b.batch_loss(index)
        step = part.source[part.offset + index - part.start]
        return dataclasses.replace(step, index=index)

    # --- where things are -----------------------------------------------------

    def locate(self, index: int) -> tuple[str, tuple]:
        """(kind, target) of step ``index``, without making the step."""
        part = self._part(index)
        if part.source is None:
            return "loss_total", ("loss",)
        return part.source.locate(part.offset + index - part.start)

    def sample_of(self, index: int) -> int | None:
        """The sample (its position in the batch) step ``index`` is about;
        None for the batch's own steps."""
        return self._part(index).sample

    def phase_of(self, index: int) -> str:
        return self._part(index).phase

    @property
    def phases(self) -> list[str]:
        return [p for p in PHASES if any(part.phase == p for part in self._parts)]

    def phase_range(self, phase: str) -> range:
        parts = [p for p in self._parts if p.phase == phase]
        if not parts:
            return range(0)
        return range(parts[0].start, parts[-1].start + parts[-1].count)

    def index_of(self, kind: str, target: tuple, sample: int | None = None) -> int | None:
        """The index of the step of this kind about ``target``: for a step
        every sample has (``PER_SAMPLE`` and a sample's loss) that of
        ``sample`` (None: the first sample; for "loss_total", the batch's
        loss), else the batch's."""
        target = tuple(target)
        if kind == "loss_total" and sample is None:
            return self._loss_index if target == ("loss",) else None
        if kind in PER_SAMPLE or kind == "loss_total":
            s = 0 if sample is None else int(sample)
            if not 0 <= s < len(self.per_sample):
                return None
            seq = self.per_sample[s]
            child = seq.index_of(kind, target)
            return None if child is None else self._global(s, seq.phase_of(child), child)
        child = self.whole.index_of(kind, target)
        return None if child is None else self._global(None, self.whole.phase_of(child), child)

    def first_about(self, target: tuple, sample: int | None = None) -> int | None:
        """The first step about ``target``: a neuron's weighted sum in
        ``sample`` (None: the first), a weight's or a bias's gradient for
        the batch, the batch's loss."""
        target = tuple(target)
        if target[0] == "neuron":
            kind = "input" if int(target[1]) == 0 else "sum"
            return self.index_of(kind, target, sample)
        if target[0] == "loss":
            return self.index_of("loss_total", target)
        if target[0] in ("weight", "bias"):
            return self.index_of("grad_w" if target[0] == "weight" else "grad_b", target)
        return None

    def known_counts(self, index: int) -> list[int]:
        """How many of the activations of step ``index``'s sample are known
        once it is done (see :meth:`StepSequence.known_counts`); none for
        the batch's own steps."""
        if index < 0:
            return [0] * len(self.sizes)
        part = self._part(index)
        if part.sample is None:
            return [0] * len(self.sizes)
        return part.source.known_counts(part.offset + index - part.start)

    def neuron_steps(self, kind: str, k: int, sample: int | None = None) -> np.ndarray:
        """As :meth:`StepSequence.neuron_steps`: "delta" of ``sample``
        (None: the first), "grad_b" and "update_b" of the batch."""
        if kind == "delta":
            s = 0 if sample is None else int(sample)
            child = self.per_sample[s].neuron_steps(kind, k)
            return self._mapped(child, s, "backward")
        return self._mapped(self.whole.neuron_steps(kind, k), None, "backward" if kind == "grad_b" else "update")

    def weight_steps(self, kind: str, li: int) -> np.ndarray:
        """As :meth:`StepSequence.weight_steps`, for the batch's steps."""
        return self._mapped(self.whole.weight_steps(kind, li), None, "backward" if kind == "grad_w" else "update")

    def _mapped(self, child: np.ndarray, sample: int | None, phase: str) -> np.ndarray:
        part = self._where.get((-1 if sample is None else sample, phase))
        if part is None:
            return np.full(child.shape, -1, dtype=np.int64)
        return np.where(child >= 0, child - part.offset + part.start, -1)


__all__ = ["BatchStepSequence", "PER_SAMPLE"]
