"""The current step's whole layer in matrix form, below the step.

For one sample, the layer as row vectors (:func:`~nnapp.engine.matrix_view.layer_view`);
in a mini-batch, a sample's own step shows that sample's layer, and a step
about the whole batch shows the batch as matrices with one row per sample
(:func:`~nnapp.engine.matrix_view.batch_layer_view`).
"""

from __future__ import annotations

from nnapp.engine.batch_trace import BatchTrace
from nnapp.engine.matrix_view import batch_layer_view, layer_view, render_layer_view
from nnapp.engine.steps import Step
from nnapp.model.stepping import Stepper
from nnapp.text import tr


def step_layer(step: Step, net) -> int:
    """The layer a step is about (a weight: its destination layer; the loss:
    the output layer)."""
    kind = step.target[0]
    if kind in ("neuron", "bias"):
        return step.target[1]
    if kind == "weight":
        return net.link_ends()[step.target[1]][1]
    return len(net.layers) - 1


def layer_matrices_text(stepper: Stepper, step: Step, decimals: int) -> str:
    """The text below the step: a heading, then the layer's lines."""
    t = stepper.trace
    k = step_layer(step, t.network)
    if not isinstance(t, BatchTrace):
        return tr("Layer {k} as matrices (one sample = one row):\n").format(k=k) + render_layer_view(layer_view(t, k, decimals))
    if step.sample is not None:
        label = t.labels[step.sample]
        return (tr("Layer {k} as matrices for sample {value} ({label}):\n").format(k=k, value=step.sample + 1, label=label)
                + render_layer_view(layer_view(t.samples[step.sample], k, decimals)))
    if k == 0:
        k = 1
    return (tr("Layer {k} as matrices for the mini-batch (one row per sample, {n} rows):\n").format(k=k, n=t.n)
            + render_layer_view(batch_layer_view(t, k, decimals)))
