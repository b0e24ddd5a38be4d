"""The step record: one computation of a trace, as facts, and how numbers are written.

A :class:`Step` holds what a step is (its phase and kind, the neuron,
connection or parameter it is about, whether that parameter is frozen, the
sample of a mini-batch it belongs to), its symbols and its numbers (kept as
tokens, so that it can be printed with any number of decimals), its value
(the trace's own number) and its note with the key that says what the note
is about. The render functions (``render.py``) and the step-through panel
print from these fields; nothing reads them back out of printed text.

:func:`fmt` writes a number for people, with a real minus sign "−";
:func:`sample_mark` and :func:`batch_label` write a mini-batch's samples.

This module is the bottom layer of the steps: it imports none of the others.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from nnapp.text import counted, decimal, marked

PHASES = ("forward", "loss", "backward", "update")

PHASE_TITLES = {
    "forward": marked("Forward pass"),
    "loss": marked("Loss"),
    "backward": marked("Backward pass (backpropagation)"),
    "update": marked("Update (one step of gradient descent)"),
}

PHASE_NAMES = {
    "forward": marked("Forward pass"),
    "loss": marked("Loss"),
    "backward": marked("Backward pass"),
    "update": marked("Update"),
}
"""Each phase in a few words, where its title is too long."""

_SUPERSCRIPTS = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


# --- numbers ----------------------------------------------------------------


def fmt(x: float, decimals: int | None = 4, *, paren: bool = False) -> str:
    """A number for people.

    Parameters
    ----------
    x : float
    decimals : int or None
        Digits after the decimal point; trailing zeros are dropped (1.5000 →
        "1.5", 2.0 → "2"). A non-zero number that would round to 0 is
        written in scientific form ("3.21×10⁻⁷"). None writes the shortest
        text that reads back as the same float.
    paren : bool
        Put a negative number in parentheses, as when it is substituted into
        a formula: ``1·(−2)``.

    Returns
    -------
    str
        With a real minus sign "−" (U+2212).
    """
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        text = "∞"
    elif x == 0:
        return "0"
    elif decimals is None:
        text = repr(abs(x))
        if text.endswith(".0"):
            text = text[:-2]
        if "e" in text:
            text = _scientific(text)
    else:
        decimals = max(int(decimals), 0)
        ax = abs(x)
        if ax >= 1e15:
            text = _scientific(f"{ax:.{max(decimals, 1)}e}")
        else:
            text = f"{ax:.{decimals}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            if text == "0":
                text = _scientific(f"{ax:.{max(decimals - 1, 1)}e}")
    text = decimal(text)
    if x < 0:
        text = "−" + text
        if paren:
            text = f"({text})"
    return text


def _scientific(text: str) -> str:
    """"3.2100e-07" → "3.21×10⁻⁷"."""
    mantissa, exponent = text.split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    exponent = str(int(exponent)).translate(_SUPERSCRIPTS)
    return f"{mantissa}×10{exponent}"


@dataclass(frozen=True)
class Num:
    """A number inside a step's ``numbers``, formatted when rendered."""

    value: float
    paren: bool = True


def num(x, paren: bool = True) -> Num:
    """``x`` as a :class:`Num` token (a float; in parentheses when negative unless ``paren`` is False)."""
    return Num(float(x), paren)


def render_tokens(tokens, decimals: int | None) -> str:
    """Text and :class:`Num` tokens as one text, the numbers with ``decimals``."""
    return "".join(
        fmt(t.value, decimals, paren=t.paren) if isinstance(t, Num) else t for t in tokens
    )


# --- the samples of a mini-batch ------------------------------------------------

_SAMPLE_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sample_mark(s: int) -> str:
    """The superscript of sample ``s`` (from 0) of a batch: 0 → "⁽¹⁾"."""
    return f"⁽{str(s + 1).translate(_SAMPLE_DIGITS)}⁾"


def batch_label(labels: Sequence[str], shown: int = 4) -> str:
    """A batch in a few words: "4 samples: Alice, Bob, Charlie, Diana",
    "32 samples: row 1, row 2, row 3, … row 32"."""
    n = len(labels)
    names = list(labels) if n <= shown else [*labels[: shown - 1], "…", labels[-1]]
    return f"{counted(n, 'sample', 'samples', grouped=False)}: " + ", ".join(names).replace("…,", "…")


# --- the step record --------------------------------------------------------

UPDATES = ("update_w", "update_b")
"""Kinds of step whose result is a parameter's new value."""


@dataclass
class Step:
    """One computation a student can do by hand.

    Attributes
    ----------
    index : int
        Position in the list, from 0.
    phase : str
        "forward", "loss", "backward" or "update".
    kind : str
        "input", "sum", "activation" (forward); "loss_term", "loss_total";
        "dL_da", "delta", "grad_w", "grad_b" (backward); "update_w",
        "update_b".
    target : tuple
        What lights up on the canvas: ``("neuron", layer, j)``,
        ``("weight", link, i, j)``, ``("bias", layer, j)`` or ``("loss",)``.
        A loss term targets its output neuron.
    label : str
        The symbol of the result, the left side of ``formula``: "z_h1",
        "h1", "ℓ_o1", "L", "∂L/∂h1", "δ_h1", "∂L/∂w1", "w1" …
    formula : str
        In symbols: "z_h1 = w1·x1 + w2·x2 + b1".
    numbers : str
        The same with values: "= 1·(−2) + 1·(−1) + 0" (rendered with the
        ``decimals`` the steps were made with; see :meth:`numbers_at`).
        Empty for an input.
    value : float
        The result, exactly the trace's number.
    note : str
        Optional remark: "frozen", why δ = ŷ − y, the activation's formula …
    sample : int or None
        In the steps of a mini-batch: the position in the batch of the
        sample the step is about; None for a step about the whole batch
        (and for every step of a one-sample trace).
    frozen : bool
        The step's parameter is frozen: its gradient is computed but not
        applied, its update leaves it as it is.
    parameter : str
        The weight or bias ("w1", "b2") a ∂L/∂w, ∂L/∂b or update step is
        about; "" for the other steps.
    note_key : str
        What ``note`` says, as a key ("" without a note): "input",
        "activation", "identity", "fused_loss", "loss", "loss_derivative",
        "backprop_sum", "derivative", "piecewise_derivative", "softmax_delta",
        "fused_delta", "frozen_gradient", "frozen", "batch_loss",
        "batch_gradient", "sample_loss".
    """

    index: int
    phase: str
    kind: str
    target: tuple
    label: str
    formula: str
    numbers: str
    value: float
    note: str = ""
    sample: int | None = None
    frozen: bool = False
    parameter: str = ""
    note_key: str = ""
    _tokens: tuple = field(default=(), repr=False, compare=False)

    @property
    def tokens(self) -> tuple:
        """The ``numbers`` as text and :class:`Num` tokens."""
        return self._tokens

    def numbers_at(self, decimals: int | None = 4) -> str:
        """The ``numbers`` text with ``decimals`` digits after the point."""
        if not self._tokens:
            return self.numbers
        return render_tokens(self._tokens, decimals)

    def result_at(self, decimals: int | None = 4) -> str:
        """The value as text: "0.0215"."""
        return fmt(self.value, decimals)

    def named_result_at(self, decimals: int | None = 4) -> str:
        """The value as text, an update's with its parameter's name: "w1 = 0.998"."""
        if self.kind in UPDATES:
            return f"{self.label} = {fmt(self.value, decimals)}"
        return fmt(self.value, decimals)


__all__ = [
    "PHASES",
    "PHASE_NAMES",
    "PHASE_TITLES",
    "Num",
    "Step",
    "batch_label",
    "fmt",
    "num",
    "render_tokens",
    "sample_mark",
]
