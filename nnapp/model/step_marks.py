"""What the canvas shows of backprop and the update, up to the current step.

While a student steps through a trace, the canvas shows the values computed
so far and nothing of later steps. The activations are
:meth:`Stepper.known_values`; :class:`StepMarks` is the rest:

- δ of every neuron whose δ step has been reached (of the sample the
  current step is about; a mini-batch's own steps have no single sample, so
  none);
- ∂L/∂w of every connection whose gradient step has been reached (a
  mini-batch's: the average);
- the new value of every weight and bias whose update step has been reached.

The values are the trace's own. A view asks for the neurons and connections
it draws, by their place in the network, so that a network of 100,000
weights costs only what is on screen.

:func:`canvas_items` turns a step's target into the document's neuron ids
and connections it lights up; :func:`target_of` turns a clicked canvas item
back into a step target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .document import Document


class StepMarks:
    """The δ, ∂L/∂w and new weights reached by step ``position``.

    Parameters
    ----------
    steps : StepSequence or BatchStepSequence
    position : int
        The current step.
    deltas : dict
        Neuron id → δ reached (see :func:`reached_deltas`).
    """

    def __init__(self, steps, position: int, deltas: dict[str, float]) -> None:
        self.steps = steps
        self.position = position
        self.deltas = deltas
        self._trace = steps.trace

    def _reached(self, index: int) -> bool:
        return 0 <= index <= self.position

    def delta(self, uid: str) -> float | None:
        """δ of neuron ``uid`` if its δ step has been reached."""
        return self.deltas.get(uid)

    def gradient(self, link: int, i: int, j: int) -> float | None:
        """∂L/∂w of connection (i → j) of ``link`` if its step has been reached."""
        try:
            index = int(self.steps.weight_steps("grad_w", link)[i, j])
        except (IndexError, KeyError):
            return None
        return float(self._trace.grad_W[link][i, j]) if self._reached(index) else None

    def new_weight(self, link: int, i: int, j: int) -> float | None:
        """The weight after the update, if its update step has been reached."""
        if self._trace.after is None:
            return None
        try:
            index = int(self.steps.weight_steps("update_w", link)[i, j])
        except (IndexError, KeyError):
            return None
        return float(self._trace.after.links[link].W[i, j]) if self._reached(index) else None

    def new_bias(self, layer: int, j: int) -> float | None:
        """The bias of neuron j of ``layer`` after the update, if its update
        step has been reached."""
        if self._trace.after is None:
            return None
        try:
            index = int(self.steps.neuron_steps("update_b", layer)[j])
        except (IndexError, KeyError):
            return None
        return float(self._trace.after.layers[layer].bias[j]) if self._reached(index) else None


def reached_deltas(steps, position: int, sample: int | None, neuron_ids, trace) -> dict[str, float]:
    """Neuron id → δ of ``trace`` (one sample) for the δ steps of
    ``sample`` reached by ``position``."""
    out: dict[str, float] = {}
    if trace is None or trace.deltas is None:
        return out
    for k in range(1, len(neuron_ids)):
        indices = steps.neuron_steps("delta", k) if sample is None else steps.neuron_steps("delta", k, sample)
        reached = np.flatnonzero((indices >= 0) & (indices <= position))
        ids = neuron_ids[k]
        for j in reached.tolist():
            out[ids[j]] = float(trace.deltas[k][j])
    return out



def canvas_items(doc: Document, target: tuple) -> tuple[list[str], list[tuple[str, str]]]:
    """The neuron ids and connections ((src id, dst id)) a step target is about.

    ``("neuron", k, j)`` and ``("bias", k, j)`` are a neuron, ``("weight",
    link, i, j)`` a connection, ``("loss",)`` every output neuron. Targets
    that no longer exist give nothing.
    """
    try:
        kind = target[0]
        if kind in ("neuron", "bias"):
            return [doc.neuron_ids[target[1]][target[2]]], []
        if kind == "weight":
            s, d = doc.link_ends(target[1])
            return [], [(doc.neuron_ids[s][target[2]], doc.neuron_ids[d][target[3]])]
        if kind == "loss":
            return list(doc.neuron_ids[-1]), []
    except (IndexError, KeyError):
        pass
    return [], []


def target_of(doc: Document, item: tuple[str, object]) -> tuple | None:
    """The step target of a canvas item: ``("neuron", uid)`` → ``("neuron", k,
    j)``, ``("connection", (src, dst))`` → ``("weight", link, i, j)``, a
    collapsed ``("layer", id)`` → its first neuron; None for anything else."""
    kind, key = item
    if kind == "layer":
        ids = [layer.id for layer in doc.layers]
        return ("neuron", ids.index(key), 0) if key in ids else None
    if kind == "neuron" and doc.has_neuron(key):
        k, j = doc.where(key)
        return ("neuron", k, j)
    if kind == "connection":
        c = doc.connection(*key)
        if c is not None:
            return ("weight", c.link, c.i, c.j)
    return None


__all__ = ["StepMarks", "canvas_items", "reached_deltas", "target_of"]
