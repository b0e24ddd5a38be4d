"""The steps of a one-sample trace as a sequence whose items are made when asked for.

:class:`StepSequence` knows where every step is — its phase, its kind and
what it is about — from a few arrays of counts, and asks
:class:`~.builder.StepBuilder` for a step only when it is looked at: a
784-128-10 network has about 205,000 steps, and a panel shows a handful at a
time. The order is that of the maths:

1. **forward** — each input (``x1 = −2``), then layer by layer, neuron by
   neuron, the weighted sum (``z_h1 = w1·x1 + w2·x2 + b1``) and the
   activation (``h1 = σ(z_h1)``);
2. **loss** — one term per output (``ℓ_o1 = (o1 − y)²``) and the total;
3. **backward** — the output layer first, then the hidden layers from right
   to left; for each neuron ∂L/∂a (from the loss, or ``Σ w·δ`` over the
   outgoing connections), δ = ∂L/∂z with the chain rule written out, then
   ∂L/∂w = a_src·δ for every incoming weight and ∂L/∂b = δ;
4. **update** — every parameter, ``w1 ← w1 − η·∂L/∂w1`` (frozen ones stay).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..trace import Trace
from .builder import StepBuilder
from .record import PHASES, Step


@dataclass(frozen=True)
class _Segment:
    """A run of steps of one phase laid out by a rule (see :class:`StepSequence`)."""

    start: int
    count: int
    phase: str
    locate: object
    """offset → (kind, target)"""


STEP_CACHE = 4096
"""Steps a :class:`StepSequence` keeps once made."""


class LazySteps(Sequence):
    """A sequence of steps made when first asked for and then kept (up to
    :data:`STEP_CACHE` of them). Subclasses set ``_n`` and ``_cache = {}``
    and give :meth:`make`."""

    _n: int
    _cache: dict

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._n))]
        index = int(index)
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("step index out of range")
        step = self._cache.get(index)
        if step is None:
            if len(self._cache) >= STEP_CACHE:
                self._cache.clear()
            step = self._cache[index] = self.make(index)
        return step

    def __iter__(self):
        for i in range(self._n):
            yield self[i]

    def make(self, index: int) -> Step:
        """Step ``index`` made afresh (not kept)."""
        raise NotImplementedError


class StepSequence(LazySteps):
    """The steps of a trace as a sequence whose items are made when asked for.

    ``StepSequence(trace)[i]`` is the same :class:`~.record.Step` as
    ``build_steps(trace)[i]``, but only the steps that are looked at are
    made: a 784-128-10 network has about 205,000 steps (one ∂L/∂w and one
    update per weight), and a panel shows a handful at a time. Knowing
    where each step is costs a few arrays of counts.

    Parameters
    ----------
    trace : Trace
    max_terms, decimals
        As for :func:`~.dispatch.build_steps`.
    forward, loss, deltas, gradients : bool
        Which steps to have (all by default): the forward pass, the loss,
        the ∂L/∂a and δ steps of backprop, its ∂L/∂w and ∂L/∂b steps. The
        steps of a mini-batch (``batch_sequence.py``) are made of sequences
        with some of them left out.
    sample : int or None
        For one sample's steps within a mini-batch: its place in the batch
        (see :class:`~.builder.StepBuilder`).

    Besides the sequence protocol: :meth:`locate` (a step's kind and target
    without making it), :meth:`index_of` and :meth:`first_about` (from a
    target to its step), :meth:`phase_range`, :meth:`known_counts` (which
    activations have been computed by a step), :meth:`neuron_steps` and
    :meth:`weight_steps` (where the δ, gradient and update of every neuron
    and connection are).
    """

    _builder = StepBuilder
    """The class that makes the steps."""

    def __init__(self, trace: Trace, *, max_terms: int = 8, decimals: int | None = 4, forward: bool = True,
                 loss: bool = True, deltas: bool = True, gradients: bool = True, sample: int | None = None) -> None:
        self.trace = trace
        self.max_terms = max_terms
        self.decimals = decimals
        self._b = b = self._builder(trace, max_terms, decimals, sample)
        self._deltas = deltas
        self._gradients = gradients
        self._located: dict[tuple[str, str, int], np.ndarray] = {}   # neuron_steps and weight_steps, kept
        net = trace.network
        sizes = net.sizes
        self.sizes = list(sizes)
        self._segments: list[_Segment] = []
        self._phase_start: dict[str, int] = {}
        self._phase_stop: dict[str, int] = {}
        self._sum_start: dict[int, int] = {}
        self._act_start: dict[int, int] = {}
        self._back: dict[int, tuple[int, np.ndarray, int]] = {}
        self._update_w_start: dict[int, int] = {}
        self._update_b_start = 0
        self._n = 0
        self._cache: dict[int, Step] = {}
        out = b.out

        if forward:
            self._add("forward", sizes[0], lambda o: ("input", ("neuron", 0, o)))
            for k in range(1, len(sizes)):
                self._sum_start[k] = self._n
                self._add("forward", sizes[k], lambda o, k=k: ("sum", ("neuron", k, o)))
                self._act_start[k] = self._n
                self._add("forward", sizes[k], lambda o, k=k: ("activation", ("neuron", k, o)))
        if trace.has_backward:
            if loss:
                self._add("loss", sizes[out], lambda o: ("loss_term", ("neuron", out, o)))
                self._add("loss", 1, lambda o: ("loss_total", ("loss",)))
            for k in range(out, 0, -1):
                pre = (0 if b.fused(k) else 1) if deltas else 0
                blocks = np.zeros(sizes[k], dtype=np.int64)
                if deltas:
                    blocks += pre + 1
                if gradients:
                    blocks += b.fan_in[k] + 1
                starts = np.concatenate([[0], np.cumsum(blocks)]).astype(np.int64)
                self._back[k] = (self._n, starts, pre)
                self._add("backward", int(starts[-1]), lambda o, k=k: self._locate_backward(k, o))
            if trace.after is not None:
                for k in range(1, len(sizes)):
                    self._update_w_start[k] = self._n
                    self._add("update", int(b.fan_in[k].sum()), lambda o, k=k: self._locate_update_w(k, o))
                self._update_b_start = self._n
                bias_starts = np.asarray(b.b_before[1:len(sizes)], dtype=np.int64)

                def bias(o: int) -> tuple:
                    k = int(np.searchsorted(bias_starts, o, side="right"))
                    return "update_b", ("bias", k, o - int(bias_starts[k - 1]))

                self._add("update", b.b_before[len(sizes)], bias)
        self._starts = np.array([s.start for s in self._segments], dtype=np.int64)

    def _add(self, phase: str, count: int, locate) -> None:
        if count <= 0:
            return
        self._segments.append(_Segment(self._n, count, phase, locate))
        self._phase_start.setdefault(phase, self._n)
        self._n += count
        self._phase_stop[phase] = self._n

    def _delta_block(self, k: int) -> int:
        """Steps of a neuron's block of backprop before its ∂L/∂w steps."""
        return self._back[k][2] + 1 if self._deltas else 0

    def _locate_backward(self, k: int, o: int) -> tuple:
        _start, starts, pre = self._back[k]
        j = int(np.searchsorted(starts, o, side="right")) - 1
        r = o - int(starts[j])
        if self._deltas:
            if r < pre:
                return "dL_da", ("neuron", k, j)
            if r == pre:
                return "delta", ("neuron", k, j)
        m = r - self._delta_block(k)
        if m < int(self._b.fan_in[k][j]):
            li, i = self._b.nth_incoming(k, j, m)
            return "grad_w", ("weight", li, i, j)
        return "grad_b", ("bias", k, j)

    def _locate_update_w(self, k: int, o: int) -> tuple:
        col_start = self._b.col_start[k]
        j = int(np.searchsorted(col_start, o, side="right")) - 1
        li, i = self._b.nth_incoming(k, j, o - int(col_start[j]))
        return "update_w", ("weight", li, i, j)

    # --- the sequence ---------------------------------------------------------

    def make(self, index: int) -> Step:
        """Step ``index`` made afresh (not kept)."""
        return self._b.build(index, *self.locate(index))

    # --- where things are -----------------------------------------------------

    def locate(self, index: int) -> tuple[str, tuple]:
        """(kind, target) of step ``index``, without making the step."""
        if not 0 <= index < self._n:
            raise IndexError("step index out of range")
        seg = self._segments[int(np.searchsorted(self._starts, index, side="right")) - 1]
        return seg.locate(index - seg.start)

    def sample_of(self, index: int) -> int | None:
        """The sample of a mini-batch step ``index`` is about: always None
        here (one sample)."""
        return None

    def phase_of(self, index: int) -> str:
        """The phase of step ``index``."""
        seg = self._segments[int(np.searchsorted(self._starts, index, side="right")) - 1]
        return seg.phase

    @property
    def phases(self) -> list[str]:
        """The phases present, in order."""
        return [p for p in PHASES if p in self._phase_start]

    def phase_range(self, phase: str) -> range:
        """The indices of the steps of ``phase`` (empty if it is absent)."""
        if phase not in self._phase_start:
            return range(0)
        return range(self._phase_start[phase], self._phase_stop[phase])

    def index_of(self, kind: str, target: tuple, sample: int | None = None) -> int | None:
        """The index of the step of this kind about ``target``, or None.

        ``sample`` is for the steps of a mini-batch (which sample's step);
        a one-sample trace has one of each and ignores it.
        """
        target = tuple(target)
        b = self._b
        try:
            if target[0] == "neuron":
                k, j = int(target[1]), int(target[2])
                if not (0 <= k < len(self.sizes) and 0 <= j < self.sizes[k]):
                    return None
                if kind == "input":
                    return j if k == 0 else None
                if k == 0:
                    return None
                if kind == "sum":
                    return self._sum_start[k] + j
                if kind == "activation":
                    return self._act_start[k] + j
                if not self.trace.has_backward:
                    return None
                if kind == "loss_term":
                    return self._phase_start["loss"] + j if k == b.out else None
                start, starts, pre = self._back[k]
                if kind == "dL_da" and self._deltas:
                    return start + int(starts[j]) if pre else None
                if kind == "delta" and self._deltas:
                    return start + int(starts[j]) + pre
                return None
            if target[0] == "loss":
                return self._phase_stop["loss"] - 1 if kind == "loss_total" and self.trace.has_backward else None
            if target[0] == "weight":
                li, i, j = (int(v) for v in target[1:])
                if not self.trace.has_backward or not self._b.connected(li)[i, j]:
                    return None
                k = b.ends[li][1]
                m = b.column_position(li, i, j)
                if kind == "grad_w" and self._gradients:
                    start, starts, _pre = self._back[k]
                    return start + int(starts[j]) + self._delta_block(k) + m
                if kind == "update_w" and self.trace.after is not None:
                    return self._update_w_start[k] + int(b.col_start[k][j]) + m
                return None
            if target[0] == "bias":
                k, j = int(target[1]), int(target[2])
                if not self.trace.has_backward or not (1 <= k < len(self.sizes) and 0 <= j < self.sizes[k]):
                    return None
                if kind == "grad_b" and self._gradients:
                    start, starts, _pre = self._back[k]
                    return start + int(starts[j + 1]) - 1
                if kind == "update_b" and self.trace.after is not None:
                    return self._update_b_start + b.b_before[k] + j
                return None
        except (IndexError, KeyError, ValueError):
            return None
        return None

    def first_about(self, target: tuple, sample: int | None = None) -> int | None:
        """The first step about ``target``: a neuron's weighted sum (its
        value for an input), a weight's or a bias's gradient (without
        backward: the weighted sum the weight or bias is part of), the
        total loss. ``sample`` as for :meth:`index_of`."""
        target = tuple(target)
        if target[0] == "neuron":
            kind = "input" if int(target[1]) == 0 else "sum"
            return self.index_of(kind, target)
        if target[0] == "loss":
            return self.index_of("loss_total", target)
        if target[0] == "weight":
            found = self.index_of("grad_w", target)
            if found is None:
                li, _i, j = (int(v) for v in target[1:])
                found = self.index_of("sum", ("neuron", self._b.ends[li][1], j))
            return found
        if target[0] == "bias":
            found = self.index_of("grad_b", target)
            return found if found is not None else self.index_of("sum", ("neuron",) + tuple(target[1:]))
        return None

    def known_counts(self, index: int) -> list[int]:
        """How many activations of each layer are known once step ``index``
        is done: the inputs and activations computed at or before it (all
        of them after the forward pass; none before step 0)."""
        sizes = self.sizes
        if "forward" not in self._phase_stop or index >= self._phase_stop["forward"] - 1:
            return list(sizes)
        if index < 0:
            return [0] * len(sizes)
        counts = [min(sizes[0], index + 1)]
        for k in range(1, len(sizes)):
            counts.append(max(0, min(sizes[k], index - self._act_start[k] + 1)))
        return counts

    def neuron_steps(self, kind: str, k: int) -> np.ndarray:
        """The index of the ``kind`` step ("delta", "grad_b" or "update_b")
        of every neuron of layer ``k``, shape (size,); −1 where there is none."""
        key = ("neuron", kind, k)
        if key not in self._located:
            size = self.sizes[k]
            found = [self.index_of(kind, ("neuron" if kind == "delta" else "bias", k, j)) for j in range(size)]
            self._located[key] = np.array([-1 if i is None else i for i in found], dtype=np.int64)
        return self._located[key]

    def weight_steps(self, kind: str, li: int) -> np.ndarray:
        """The index of the ``kind`` step ("grad_w" or "update_w") of every
        connection of link ``li``, shape like its ``W``; −1 for absent
        connections and where there is no such step. Worked out for the
        whole matrix at once, and kept."""
        key = ("weight", kind, li)
        found = self._located.get(key)
        if found is not None:
            return found
        b = self._b
        link = b.net.links[li]
        k = b.ends[li][1]
        found = np.full(link.W.shape, -1, dtype=np.int64)
        connected = b.connected(li)
        before = b.col_counts[k][:b.link_pos[li]].sum(axis=0)   # connections into j from earlier links
        if link.mask is None:
            within = np.broadcast_to(np.arange(link.W.shape[0])[:, None], link.W.shape)
        else:
            within = np.cumsum(connected, axis=0) - 1
        position = before + within                       # among the connections into j, in weight order
        if kind == "grad_w" and self._gradients and self.trace.has_backward:
            start, starts, _pre = self._back[k]
            first = start + starts[:-1] + self._delta_block(k)
        elif kind == "update_w" and self.trace.after is not None:
            first = self._update_w_start[k] + b.col_start[k][:-1]
        else:
            self._located[key] = found
            return found
        found[connected] = (first[None, :] + position)[connected]
        self._located[key] = found
        return found


__all__ = ["LazySteps", "STEP_CACHE", "StepSequence"]
