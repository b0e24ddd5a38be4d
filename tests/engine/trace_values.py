"""Where each step's number lives in its trace (for tests that check every
number a step shows is exactly the trace's)."""

from __future__ import annotations


def trace_value(t, step):
    """The trace ``t``'s own number for ``step`` (a ``Step`` of ``build_steps(t)``)."""
    kind, target = step.kind, step.target
    if kind == "input":
        return t.x[target[2]]
    if kind == "sum":
        return t.zs[target[1]][target[2]]
    if kind == "activation":
        return t.activations[target[1]][target[2]]
    if kind == "loss_term":
        return t.loss_terms[target[2]]
    if kind == "loss_total":
        return t.loss_total
    if kind == "dL_da":
        return t.dL_da[target[1]][target[2]]
    if kind == "delta":
        return t.deltas[target[1]][target[2]]
    if kind == "grad_w":
        return t.grad_W[target[1]][target[2], target[3]]
    if kind == "grad_b":
        return t.grad_b[target[1]][target[2]]
    ref = next(r for r in t.network.parameters() if r.name == step.label)
    return t.after.get(ref)
