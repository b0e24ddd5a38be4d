"""“This is a …”: label drawings and teach the network with them.

Under the digit pad's bars: ten buttons 0…9 that label the current drawing
and keep it in a personal set (its size and a strip of the latest
thumbnails are shown; Clear set empties it), and two lessons:

- **One step** — one backpropagation step on the current drawing with its
  label;
- **Practise 5 epochs** — five epochs on the personal set (each drawing
  with a few slightly changed copies) mixed with rows of the example's
  training data.

Each lesson is one undoable edit (:mod:`nnapp.model.digit_lessons`); the
bars then show the new scores with the old ones as dashed outlines, so the
student sees how every bar moved. While training runs the network is locked,
and the lessons are refused with the reason.
"""

from __future__ import annotations

import textwrap
from typing import Callable

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget,
)

from nnapp.model.digit_lessons import PRACTICE_EPOCHS, PersonalSet, one_step, practice
from nnapp.model.digits import DigitReading
from nnapp.model.errors import EditError
from nnapp.text import sentence, tr

from ..editor import Editor
from ..fields import push_button as _button
from .pictures import grey_image
from .probability_bars import ProbabilityBars

THUMBNAILS = 8
"""Latest drawings of the personal set shown in the strip."""
THUMBNAIL = 30
STATUS_WIDTH = 46
"""Characters per line of the status text (broken here, not by the label: see ``status``)."""
LABEL_COLOUR = QColor("#08519c")


class TeachBox(QWidget):
    """Label the drawing, keep a personal set, teach the network with it.

    Parameters
    ----------
    editor : Editor
    reading : callable
        ``reading()`` → the panel's current :class:`DigitReading` (or None).
    bars : ProbabilityBars
        Where the scores before a lesson are outlined.

    Signals
    -------
    message(str)

    Attributes
    ----------
    personal : PersonalSet
    label : int or None
        The label given to the current drawing (None until one is given).
    """

    message = Signal(str)
    step_through_requested = Signal(object, int)
    """(input vector, label): show this drawing's backprop step in the step-through panel."""

    def __init__(self, editor: Editor, reading: Callable[[], DigitReading | None], bars: ProbabilityBars,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digit_teach")
        self.editor = editor
        self._reading = reading
        self._bars = bars
        self.personal = PersonalSet()
        self.label: int | None = None
        self._labelled: DigitReading | None = None

        title = QLabel(tr("This drawing is a"))
        self.digit_buttons = QButtonGroup(self)
        self.digit_buttons.setExclusive(True)
        digits = QGridLayout()
        digits.setContentsMargins(0, 0, 0, 0)
        digits.setHorizontalSpacing(2)
        for k in range(10):
            button = QToolButton()
            button.setObjectName(f"digit_label_{k}")
            button.setText(str(k))
            button.setCheckable(True)
            button.setMinimumWidth(24)
            button.setToolTip(tr("This drawing is a {k}: keep it, with that label, in your set").format(k=k))
            self.digit_buttons.addButton(button, k)
            digits.addWidget(button, 0, k)
        self.digit_buttons.idClicked.connect(self.label_drawing)

        self.count = QLabel()
        self.count.setObjectName("digit_set_count")
        self.strip = QHBoxLayout()
        self.strip.setContentsMargins(0, 0, 0, 0)
        self.strip.setSpacing(2)
        self.thumbnails: list[QLabel] = []
        for _ in range(THUMBNAILS):
            thumb = QLabel()
            thumb.setFixedSize(THUMBNAIL, THUMBNAIL)
            thumb.hide()
            self.strip.addWidget(thumb)
            self.thumbnails.append(thumb)
        self.strip.addStretch(1)

        self.step_button = _button(tr("One step"), "digit_one_step", self.one_step,
                                   tr("One backpropagation step on this drawing with its label (undo takes it back)"))
        self.practice_button = _button(tr("Practise {PRACTICE_EPOCHS} epochs").format(PRACTICE_EPOCHS=PRACTICE_EPOCHS), "digit_practise", self.practise,
                                       tr("{PRACTICE_EPOCHS} epochs on your set (each drawing with a few slightly changed copies) and rows of the training data, so nothing else is forgotten (undo takes it back)").format(PRACTICE_EPOCHS=PRACTICE_EPOCHS))
        self.clear_button = _button(tr("Clear set"), "digit_clear_set", self.clear_set, tr("Forget your labelled drawings"))
        self.walk_button = _button(tr("Step through"), "digit_step_through", self.step_through,
                                   tr("Walk through this drawing's forward pass, loss, backprop and update, number by "
                                   "number, in the step-through panel"))
        lessons = QGridLayout()     # two rows, so the dock need not be wider than the pad's
        lessons.setContentsMargins(0, 0, 0, 0)
        lessons.addWidget(self.step_button, 0, 0)
        lessons.addWidget(self.walk_button, 0, 1)
        lessons.addWidget(self.practice_button, 1, 0)
        lessons.addWidget(self.clear_button, 1, 1)
        lessons.setColumnStretch(2, 1)
        self.status = QLabel()
        self.status.setObjectName("digit_teach_status")
        # lines break where the text says: a wrapping label would make the panel ask for a height
        # for its width, and the dock's scroll area would then never squeeze it
        self.status.setWordWrap(False)
        self.status.setStyleSheet("color: #555555")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(title)
        layout.addLayout(digits)
        set_row = QHBoxLayout()
        set_row.setContentsMargins(0, 0, 0, 0)
        set_row.addWidget(self.count)
        set_row.addLayout(self.strip, 1)
        layout.addLayout(set_row)
        layout.addLayout(lessons)
        layout.addWidget(self.status)
        self._show_set()
        self.drawing_changed()

    # --- following the panel -------------------------------------------------------------------

    def drawing_changed(self) -> None:
        """A new drawing (or none): it has no label yet."""
        reading = self._reading()
        if reading is not self._labelled:
            self.label = None
            self._labelled = None
            self.digit_buttons.setExclusive(False)
            for button in self.digit_buttons.buttons():
                button.setChecked(False)
            self.digit_buttons.setExclusive(True)
        can_label = reading is not None and not reading.empty
        for button in self.digit_buttons.buttons():
            button.setEnabled(can_label)
        self.step_button.setEnabled(self.label is not None)
        self.walk_button.setEnabled(self.label is not None)

    def network_changed(self, n_inputs: int | None) -> None:
        """Another network: drawings made for another input size are forgotten."""
        if self.personal.examples and self.personal.examples[0].vector.shape != (n_inputs,):
            self.personal.clear()
            self._show_set()
        self.drawing_changed()

    # --- actions ---------------------------------------------------------------------------------

    def label_drawing(self, digit: int) -> None:
        """The current drawing is ``digit``: keep it in the set (once; a new label replaces the old)."""
        reading = self._reading()
        if reading is None or reading.empty:
            return
        if self._labelled is reading and self.personal.examples:
            self.personal.examples.pop()  # the same drawing, labelled again
        self.personal.add(reading.vector, digit, reading.preprocessed.final)
        self.label, self._labelled = int(digit), reading
        self.digit_buttons.button(digit).setChecked(True)
        self.step_button.setEnabled(True)
        self.walk_button.setEnabled(True)
        self._show_set()
        self._say(tr("Kept as a {digit}. One step teaches the network this drawing; Practise trains on your whole set.").format(digit=digit))

    def one_step(self) -> bool:
        """One backpropagation step on the current drawing and its label."""
        reading = self._reading()
        if reading is None or reading.empty or self.label is None or self._labelled is not reading:
            self._say(tr("Label the drawing first: press the digit it shows."))
            return False
        if self._refused():
            return False
        before = reading.scores.copy()
        label = self.label
        try:
            command = one_step(self.editor.doc, reading.vector, label)
        except EditError as e:
            self._say(sentence(str(e)))
            return False
        if not self.editor.push(command):
            return False
        after = self._reading().scores
        self._bars.set_previous(before)
        self._say(tr("One step on this {label}: its probability went from {before} to {after} (dashed bars: before). Undo takes the step back.").format(label=label, before=_percent(before[label]), after=_percent(after[label])))
        return True

    def step_through(self) -> bool:
        """Ask for this drawing and its label in the step-through panel."""
        reading = self._reading()
        if reading is None or reading.empty or self.label is None or self._labelled is not reading:
            self._say(tr("Label the drawing first: press the digit it shows."))
            return False
        self.step_through_requested.emit(reading.vector.copy(), int(self.label))
        self._say(tr("The step-through panel now follows this {label}: press Next (F10) there.").format(label=self.label))
        return True

    def practise(self) -> bool:
        """A few epochs on the personal set, its changed copies and training rows."""
        if not len(self.personal):
            self._say(tr("Label some drawings first: press the digit a drawing shows."))
            return False
        if self._refused():
            return False
        reading = self._reading()
        before = None if reading is None or reading.empty else reading.scores.copy()
        try:
            command = practice(self.editor.doc, self.personal)
        except EditError as e:
            self._say(sentence(str(e)))
            return False
        if not self.editor.push(command):
            return False
        if before is not None:
            self._bars.set_previous(before)
        said = (tr("{done}. Dashed bars: before. Undo takes it back.") if before is not None
                else tr("{done}. Undo takes it back."))
        self._say(said.format(done=command.text))
        return True

    def clear_set(self) -> None:
        self.personal.clear()
        self.label, self._labelled = None, None
        self.drawing_changed()
        self._show_set()
        self._say("")

    # --- showing ---------------------------------------------------------------------------------

    def _refused(self) -> bool:
        reason = self.editor.locked
        if reason:
            self._say(sentence(reason))
            return True
        return False

    def _say(self, text: str) -> None:
        self.status.setText(textwrap.fill(text, STATUS_WIDTH))
        if text:
            self.message.emit(text)

    def _show_set(self) -> None:
        n = len(self.personal)
        self.count.setText(tr("Your set: {n}").format(n=n) if n else tr("Your set: empty"))
        latest = self.personal.examples[-THUMBNAILS:]
        for thumb, example in zip(self.thumbnails, latest):
            thumb.setPixmap(_thumbnail(example.picture, example.label))
            thumb.setToolTip(tr("labelled {label}").format(label=example.label))
            thumb.show()
        for thumb in self.thumbnails[len(latest):]:
            thumb.hide()
        self.practice_button.setEnabled(n > 0)
        self.clear_button.setEnabled(n > 0)


def _thumbnail(picture: np.ndarray, label: int) -> QPixmap:
    """The input picture, enlarged with square pixels, with its label in the corner."""
    pixmap = QPixmap(THUMBNAIL, THUMBNAIL)
    pixmap.fill(QColor("white"))
    painter = QPainter(pixmap)
    painter.drawImage(pixmap.rect(), grey_image(picture))
    font = QFont(painter.font())
    font.setPixelSize(11)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(LABEL_COLOUR)
    painter.drawText(pixmap.rect().adjusted(1, 0, -1, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                     str(label))
    painter.setPen(QColor("#b0b0b0"))
    painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
    painter.end()
    return pixmap


def _percent(p: float) -> str:
    if p >= 0.99995:
        return "> 99.99 %"
    return f"{p * 100:.1f} %" if p < 0.995 else f"{p * 100:.2f} %"
