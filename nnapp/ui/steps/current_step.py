"""The current step, big: where it is, its formula, the numbers, the result.

Below them, when asked for, the gradient check's sentence (kept in sight:
the area scrolls to it), then a note (why δ = ŷ − y, "frozen" …) and the
layer as matrices. Above them a line for what
concerns the whole trace (forward pass only, training is running, a target
that was refused).
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from nnapp.engine.steps import PHASE_NAMES, Step
from nnapp.model.stepping import Stepper

from ..fields import ERROR_STYLE
from .gradient_check import gradient_check_text
from .layer_matrices import layer_matrices_text
from nnapp.text import counted, tr

NOTE_STYLE = "color: #9a5b00;"
"""The colour of a note about the whole trace (forward only, training runs)."""

MATH_FONT = "DejaVu Sans"
"""Draws σ′, ∂, Σ, δ, ŷ, η and subscripts."""

_SUBSCRIPT = re.compile(r"_([A-Za-z0-9]+)")
_SAMPLE = re.compile(r"⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾")
_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def math_html(text: str) -> str:
    """A formula as rich text: ``z_h1`` → z<sub>h1</sub>, a mini-batch's
    ``x1⁽²⁾`` → x1<sup>(2)</sup> (the rest escaped)."""
    text = _SUBSCRIPT.sub(r"<sub>\1</sub>", html.escape(text, quote=False))
    return _SAMPLE.sub(lambda m: f"<sup>({m.group(1).translate(_DIGITS)})</sup>", text)


def font_size(length: int) -> int:
    """Points for a formula of ``length`` characters: big while it fits on a
    line or two, smaller for the long sums of wide layers and batches."""
    return 15 if length <= 44 else 13 if length <= 90 else 11


def where_text(stepper: Stepper, step: Step) -> str:
    """"Backward pass · step 23 of 32"; in a mini-batch also whose step it is."""
    phase = tr(PHASE_NAMES[step.phase])
    where = tr("{phase} · step {value:,} of {n:,}").format(phase=phase, value=step.index + 1, n=len(stepper))
    t = stepper.trace
    if stepper.in_batch and hasattr(t, "labels"):
        if step.sample is None:
            return tr("{phase} · the whole batch of {n} · step {step:,} of {steps:,}").format(phase=phase, n=t.n, step=step.index + 1, steps=len(stepper))
        return (tr("{phase} · sample {sample} of {n} ({labels}) · step {step:,} of {steps:,}").format(phase=phase, sample=step.sample + 1, n=t.n, labels=t.labels[step.sample], step=step.index + 1, steps=len(stepper)))
    return where


def _big_label(name: str, size: int, *, bold: bool = False, rich: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    font = QFont(MATH_FONT, size)
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    return label


def _small_label(name: str, style: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(style)
    return label


class CurrentStep(QScrollArea):
    """The current step in large type (object name ``steps_current``; its
    labels ``steps_status``, ``steps_where``, ``steps_formula``,
    ``steps_numbers``, ``steps_result``, ``steps_note``, ``steps_numeric``
    and ``steps_matrix``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps_current")
        self.status = _small_label("steps_status", NOTE_STYLE)
        self.status.hide()
        self.where = _small_label("steps_where", tr("color: #5f6368;"))
        self.formula = _big_label("steps_formula", 15, rich=True)
        self.numbers = _big_label("steps_numbers", 15)
        self.result = _big_label("steps_result", 16, bold=True)
        self.note = _small_label("steps_note", tr("color: #5f6368; font-style: italic;"))
        self.numeric = _small_label("steps_numeric", tr("color: #1b5e20;"))
        self.numeric.hide()
        self.matrix = _small_label("steps_matrix", tr("color: #1f3a5f; font-family: 'DejaVu Sans Mono', monospace;"))
        self.matrix.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.matrix.hide()

        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(3)
        for w in (self.status, self.where, self.formula, self.numbers, self.result, self.numeric, self.note,
                  self.matrix):
            box.addWidget(w)
        box.addStretch(1)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setWidget(content)
        self.setStyleSheet("QScrollArea#steps_current > QWidget > QWidget { background: white; }")
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.setInterval(0)
        self._reveal.timeout.connect(self.reveal_check)

    def reveal_check(self) -> None:
        """Scroll so the gradient check's sentence is in sight (once the labels
        have their new heights)."""
        if self.numeric.isVisible():
            self.widget().layout().activate()
            self.ensureWidgetVisible(self.numeric, 0, 4)

    def show_status(self, text: str, error: bool = False) -> None:
        """The line about the whole trace ("" hides it)."""
        self.status.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_step(self, stepper: Stepper, decimals: int, *, gradcheck: bool = False,
                  matrices: bool = False) -> None:
        """The stepper's current step (before the first: how to begin)."""
        step = stepper.current
        self.numeric.hide()
        self.matrix.hide()
        if step is None:
            self._show_start(stepper)
            return
        self.where.setText(where_text(stepper, step))
        numbers = step.numbers_at(decimals)
        size = font_size(max(len(step.formula), len(numbers)))
        for label in (self.formula, self.numbers):
            if label.font().pointSize() != size:
                font = label.font()
                font.setPointSize(size)
                label.setFont(font)
        self.formula.setText(math_html(step.formula))
        self.numbers.setText(numbers)
        self.numbers.setVisible(bool(numbers))
        self.result.setText(f"= {step.result_at(decimals)}")
        self.note.setText(step.note if step.kind != "input" else tr("an input: the sample's value"))
        if gradcheck:
            text = gradient_check_text(stepper, step, decimals)
            if text:
                self.numeric.setText(text)
                self.numeric.show()
                self._reveal.start()
        if matrices and stepper.trace is not None:
            self.matrix.setText(layer_matrices_text(stepper, step, decimals))
            self.matrix.show()

    def _show_start(self, stepper: Stepper) -> None:
        if stepper.steps is None:
            self.where.setText("")
            self.formula.setText("")
        else:
            phases = " → ".join(tr(PHASE_NAMES[p]).lower() for p in stepper.steps.phases)
            steps = counted(len(stepper), "step", "steps")
            if stepper.in_batch:
                where = tr("{steps}: {phases}; a mini-batch of {batch_label}").format(
                    steps=steps, phases=phases, batch_label=stepper.batch_label())
            else:
                where = tr("{steps}: {phases}").format(steps=steps, phases=phases)
            self.where.setText(where)
            self.formula.setText(tr("Press <b>Next</b> (F10) to start, or pick a step in the list."))
        self.numbers.setText("")
        self.result.setText("")
        self.note.setText(tr("Then click a neuron or a connection on the canvas to jump to its step.")
                          if stepper.steps is not None else "")
