"""Whether a finished training run went wrong, and what to try instead.

Training can end without a NaN and still have failed: with a learning rate
far too large, sigmoid outputs jump to 0 or 1 and stay there, where their
slope is almost 0, so the loss stops changing at a value worse than where
it began (the XOR network at η = 1000 ends with every output 0 and the sum
of squared errors at 1, up from 0.75). :func:`training_trouble` looks at the
loss before and after training, the last epoch losses and the final outputs
and says so in a sentence, with a smaller learning rate to try; the
Trainer attaches it to its last report, so the window and the command line
say the same thing. :func:`learning_rate_advice` is the suggestion, shared
with the message of a run that diverged.

This module decides; it does not train or compute losses (``training.py``).
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from nnapp.text import tr

from .activations import ACTIVATIONS
from .losses import get_loss

WORSE_BY = 1.05
"""The loss at the end is "worse" when it is more than 5 % above the loss at the start."""

FLAT_EPOCHS = 10
"""Epoch losses looked at to decide that the loss stopped changing."""
MIN_FLAT_EPOCHS = 5
"""Fewer epochs than this: too few to call the loss flat."""
FLAT_SPREAD = 1e-6
"""The loss is flat when its last epochs differ by at most this, relative to the loss."""
STUCK_SHARE = 0.5
"""Stuck only when the loss fell by less than half from where it started."""

PINNED = 1e-4
"""An output within this of a limit of its activation counts as pinned there."""
PINNED_SHARE = 0.5
"""Outputs are "pinned" when at least this share of them is."""

def _limits_text(output_range: tuple[float, float]) -> str:
    """The finite ends of an output range as text: "0 or 1", "−1 or 1", "0"."""
    ends = [f"{end:g}".replace("-", "−") for end in output_range if math.isfinite(end)]
    if len(ends) == 2:
        return tr("{low} or {high}").format(low=ends[0], high=ends[1])
    return ends[0]


LIMITS = {name: _limits_text(act.output_range) for name, act in ACTIVATIONS.items()
          if act.trainable and act.output_range is not None}
"""Output activations that flatten out (the trainable ones with a bounded
side, from the registry's ``output_range``), and the limits where their
slope is (almost) 0: sigmoid "0 or 1", tanh "−1 or 1", ReLU "0" …"""

LARGEST_SUGGESTION = 0.1
"""The learning rate suggested is never above this."""


def suggested_learning_rate(learning_rate: float) -> float:
    """A round learning rate about ten times smaller, at most 0.1.

    The largest of 1, 2 or 5 × 10ᵏ not above ``learning_rate / 10``, capped
    at :data:`LARGEST_SUGGESTION`: 1000 → 0.1, 0.5 → 0.05, 0.03 → 0.002.

    Parameters
    ----------
    learning_rate : float
        The learning rate that went wrong, > 0.
    """
    target = min(learning_rate / 10.0, LARGEST_SUGGESTION)
    if not (math.isfinite(target) and target > 0):
        return LARGEST_SUGGESTION
    power = 10.0 ** math.floor(math.log10(target))
    for step in (5.0, 2.0, 1.0):
        if step * power <= target * (1 + 1e-12):
            return float(f"{step * power:.12g}")
    return float(f"{power:.12g}")


def learning_rate_advice(learning_rate: float) -> str:
    """"Try a learning rate smaller than 1000, such as 0.1 or less"."""
    return tr("Try a learning rate smaller than {rate:g}, such as {smaller:g} or less").format(
        rate=learning_rate, smaller=suggested_learning_rate(learning_rate))


def pinned_share(outputs: np.ndarray, activation: str) -> float:
    """The share of output values that sit at a limit of their activation.

    Parameters
    ----------
    outputs : ndarray, shape (n_samples, n_outputs)
        The network's outputs a = f(z).
    activation : str
        The output layer's activation; one without flat limits gives 0.

    Returns
    -------
    float in [0, 1]
    """
    a = np.asarray(outputs, dtype=np.float64)
    if activation not in LIMITS or a.size == 0 or not np.all(np.isfinite(a)):
        return 0.0
    if activation == "relu":
        pinned = a <= 0.0
    elif activation == "tanh":
        pinned = np.abs(a) >= 1.0 - PINNED
    elif activation == "softmax":
        # a row is pinned when one class takes (almost) all: every value is then at 0 or 1
        pinned = np.broadcast_to(a.max(axis=-1, keepdims=True) >= 1.0 - PINNED, a.shape)
    else:
        pinned = (a <= PINNED) | (a >= 1.0 - PINNED)
    return float(np.mean(pinned))


def _loss_text(x: float) -> str:
    return f"{x:.4g}"


def training_trouble(start_loss: float, final_loss: float, recent_losses: Sequence[float],
                     outputs: np.ndarray, activation: str, learning_rate: float,
                     loss: str | None = None) -> str | None:
    """What went wrong in a training run that ended with finite numbers, or None.

    Two cases are told, each with a smaller learning rate to try
    (:func:`learning_rate_advice`):

    - **worse**: the loss at the end is more than :data:`WORSE_BY` times the
      loss at the start (the message adds that the outputs are pinned, when
      they are);
    - **stuck**: the last epoch losses are flat (they differ by at most
      :data:`FLAT_SPREAD` of the loss), the loss fell by less than half, and
      most outputs (:data:`PINNED_SHARE`) sit at a limit of a sigmoid, tanh,
      softmax or ReLU output, where the slope is almost 0 and nothing changes.

    Parameters
    ----------
    start_loss : float
        The loss of the weights training started from.
    final_loss : float
        The loss of the weights it ended with (on the same rows).
    recent_losses : sequence of float
        The last epochs' losses, oldest first (up to :data:`FLAT_EPOCHS`
        are used).
    outputs : ndarray, shape (n_samples, n_outputs)
        The network's outputs with the final weights.
    activation : str
        The output layer's activation.
    learning_rate : float
        The learning rate at the end of training.
    loss : str or None
        The loss's name. A loss fused with the output activation (binary
        cross-entropy after sigmoid, categorical after softmax) cancels the
        flat slope, so its outputs are never called pinned.

    Returns
    -------
    str or None
        Sentences for the user, or None when nothing looks wrong.
    """
    if not (math.isfinite(start_loss) and math.isfinite(final_loss)):
        return None
    advice = tr("{advice}, starting again from the weights before training.").format(
        advice=learning_rate_advice(learning_rate))
    fused = loss is not None and get_loss(loss).is_fused(activation)
    pinned = not fused and pinned_share(outputs, activation) >= PINNED_SHARE
    where = ""
    if pinned:
        where = tr("the {activation} outputs sit at {limits}, where they can no longer learn").format(
            activation=activation, limits=_limits_text(ACTIVATIONS[activation].output_range))
    if final_loss > start_loss * WORSE_BY and final_loss - start_loss > 1e-12:
        if pinned:
            return tr("Training made the network worse: the loss rose from {start} to {end}, and {where}. "
                      "{advice}").format(start=_loss_text(start_loss), end=_loss_text(final_loss),
                                         where=where, advice=advice)
        return tr("Training made the network worse: the loss rose from {start} to {end}. {advice}").format(
            start=_loss_text(start_loss), end=_loss_text(final_loss), advice=advice)
    recent = [float(x) for x in list(recent_losses)[-FLAT_EPOCHS:]]
    if len(recent) < MIN_FLAT_EPOCHS or not all(math.isfinite(x) for x in recent):
        return None
    flat = max(recent) - min(recent) <= FLAT_SPREAD * max(abs(final_loss), 1e-12)
    if not flat or not pinned or final_loss < start_loss * STUCK_SHARE or final_loss <= 1e-12:
        return None
    return tr("Training got stuck: the loss stopped changing at {loss} while {where}. {advice}").format(
        loss=_loss_text(final_loss), where=where, advice=advice)
