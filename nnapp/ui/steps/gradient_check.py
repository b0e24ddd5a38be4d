"""The gradient check beside a ∂L/∂w or ∂L/∂b step: backprop's number and
the central difference (L(p + h) − L(p − h)) / 2h, computed apart from it
(:meth:`~nnapp.model.stepping.Stepper.numeric_gradient`; for a mini-batch,
of the batch's loss). The list of steps shows the estimate in its own
column (``table.py``)."""

from __future__ import annotations

from nnapp.engine.steps import Step, fmt
from nnapp.model.stepping import GRADCHECK_H, Stepper
from nnapp.text import tr

CHECKED = ("grad_w", "grad_b")
"""Kinds of step the check applies to."""


def gradient_check_text(stepper: Stepper, step: Step, decimals: int) -> str | None:
    """The sentence shown below a gradient step; None for other steps."""
    if step.kind not in CHECKED:
        return None
    estimate = stepper.numeric_gradient(step)
    if estimate is None:
        return None
    p = step.parameter
    diff = abs(estimate - step.value)
    return (tr("Gradient check: (L({p} + h) − L({p} − h)) / 2h = {estimate}   (h = {h}; backprop gave {backprop}, difference {difference})").format(p=p, estimate=fmt(estimate, decimals), h=fmt(GRADCHECK_H, None), backprop=fmt(step.value, decimals), difference=fmt(diff, 2)))
