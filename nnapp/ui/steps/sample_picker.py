"""What the step-through panel traces: one sample, or a mini-batch of rows.

The chooser lists the input row (the values on the canvas, with a target
typed beside it), every row of the data, and last "Mini-batch of rows". For
the input row the target field can be typed in; for a mini-batch the rows
field says which rows ("all", "1-4", "1, 3", "Alice, Bob"), and the ▾ menu
beside it ticks rows on and off.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolButton, QWidget

from nnapp.model.batch_rows import format_rows, parse_rows
from nnapp.model.step_samples import parse_target

from ..fields import FieldEdit
from nnapp.text import marked, tr

BATCH_ITEM = marked("Mini-batch of rows")
"""The chooser's last item."""

MENU_ROWS = 64
"""Rows the ▾ menu lists (the rows field takes any)."""


class TargetEdit(FieldEdit):
    """The input row's target: "1", or "0, 1, 0", or a class number."""

    def __init__(self, n_outputs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._n_outputs = n_outputs

    def text_for(self, value, editing: bool) -> str:
        return "" if value is None else ", ".join(f"{v:g}" for v in value)

    def parse(self, text: str):
        """The typed target; () for an empty field (back to the default)."""
        if not text.strip():
            return ()
        return tuple(parse_target(text, self._n_outputs()).tolist())


class RowsEdit(FieldEdit):
    """The rows of a mini-batch: "all", "1-4", "1, 3", "Alice, Bob"."""

    def __init__(self, labels, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels = labels

    def text_for(self, value, editing: bool) -> str:
        return "" if value is None else format_rows(value, len(self._labels()))

    def parse(self, text: str):
        return tuple(parse_rows(text, self._labels()))


class SamplePicker(QWidget):
    """The sample chooser, the target field and the rows of a mini-batch.

    Signals
    -------
    sample_chosen(int)
        A sample of the stepper's list (0: the input row).
    batch_chosen(object)
        A mini-batch: a list of rows (numbered from 1), or None for the
        rows chosen last.
    target_typed(object)
        The input row's target, as a tuple of numbers (empty: back to the
        default).
    refused(str)
        What was typed is not a target or rows (the sentence says why).
    reverted()
        Escape put the field back.
    """

    sample_chosen = Signal(int)
    batch_chosen = Signal(object)
    target_typed = Signal(object)
    refused = Signal(str)
    reverted = Signal()

    def __init__(self, n_outputs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = []
        self._row_labels: list[str] = []
        self._batch: list[int] = []

        self.combo = QComboBox()
        self.combo.setObjectName("steps_sample")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(8)
        self.combo.setToolTip(tr("The sample to trace: the input row (the values on the canvas), a row of the data, "
                              "or a mini-batch of rows"))
        self.combo.activated.connect(self._on_activated)
        sample_label = QLabel(tr("Sample"))
        sample_label.setBuddy(self.combo)

        self.target = TargetEdit(n_outputs)
        self.target.setObjectName("steps_target")
        self.target.setMinimumWidth(70)
        self.target.setMaximumWidth(200)
        self.target.committed.connect(lambda value: self.target_typed.emit(value))
        self.target_label = QLabel(tr("Target"))
        self.target_label.setBuddy(self.target)

        self.rows = RowsEdit(lambda: self._row_labels)
        self.rows.setObjectName("steps_batch_rows")
        self.rows.setMinimumWidth(70)
        self.rows.setMaximumWidth(200)
        self.rows.setToolTip(tr("The rows of the mini-batch: all, 1-4, 1, 3, or row names; Enter traces again"))
        self.rows.committed.connect(lambda rows: self.batch_chosen.emit(list(rows)))
        self.rows_label = QLabel(tr("Rows"))
        self.rows_label.setBuddy(self.rows)
        self.menu = QMenu(self)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.menu_button = QToolButton()
        self.menu_button.setObjectName("steps_batch_menu")
        self.menu_button.setText("▾")
        self.menu_button.setToolTip(tr("Tick the rows of the mini-batch"))
        self.menu_button.setMenu(self.menu)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for edit in (self.target, self.rows):
            edit.refused.connect(self.refused)
            edit.reverted.connect(self.reverted)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(sample_label)
        row.addWidget(self.combo)
        row.addSpacing(6)
        for w in (self.target_label, self.target, self.rows_label, self.rows, self.menu_button):
            row.addWidget(w)
        self._show_batch_fields(False)

    # --- showing the stepper ------------------------------------------------------------

    def show_samples(self, stepper) -> None:
        """The chooser's items and current item, from the stepper."""
        labels = [s.label for s in stepper.samples] or [tr("Input row")]
        self._row_labels = [stepper.samples[r].label for r in stepper.batch_rows()]
        if self._row_labels:
            labels = labels + [tr(BATCH_ITEM)]
        if labels != self._labels:
            self._labels = labels
            blocked = self.combo.blockSignals(True)
            self.combo.clear()
            self.combo.addItems(labels)
            self.combo.blockSignals(blocked)
            tip = stepper.data_problem
            self.combo.setItemData(0, tr("The values in the input row above the canvas ({why})").format(why=tip) if tip
                                   else tr("The values in the input row above the canvas"),
                                   Qt.ItemDataRole.ToolTipRole)
            if self._row_labels:
                self.combo.setItemData(len(labels) - 1, tr("Several rows at once: each sample's steps in turn, then "
                                       "the batch's loss and gradient, their average"), Qt.ItemDataRole.ToolTipRole)
        current = len(labels) - 1 if stepper.in_batch else stepper.sample
        if self.combo.currentIndex() != current:
            self.combo.setCurrentIndex(current)

    def show_target(self, stepper) -> None:
        """The target field (one sample) or the rows field (a mini-batch)."""
        self._show_batch_fields(stepper.in_batch)
        if stepper.in_batch:
            self._batch = list(stepper.batch)
            self.rows.set_value(tuple(stepper.batch))
            return
        sample = stepper.current_sample()
        y = stepper.y()
        self.target.setReadOnly(sample.x is not None)
        self.target.set_value(None if y is None else tuple(float(v) for v in y))
        self.target.setPlaceholderText(tr("none: type one") if sample.x is None else "")
        if sample.x is None and y is None:
            self.target.setToolTip(tr("No target for these inputs: only the forward pass is traced. Type one "
                                   "number per output, or a class number, and press Enter to see the loss "
                                   "and backpropagation"))
        elif sample.x is None:
            if stepper.target_is_typed():
                tip = tr("The target for the input row: one number per output, or a class number; Enter traces "
                         "again; empty the field to go back")
            else:
                tip = tr("The target for the input row: one number per output, or a class number (found in the "
                         "data for these inputs); Enter traces again; empty the field to go back")
            self.target.setToolTip(tip)
        elif y is None:
            self.target.setToolTip(tr("This row has no target: it is traced forward only"))
        else:
            self.target.setToolTip(tr("The target of {label} in the data").format(label=sample.label))

    def labels(self) -> list[str]:
        """The chooser's items."""
        return list(self._labels)

    def controls(self) -> list[QWidget]:
        return [self.combo, self.target, self.rows, self.menu_button]

    # --- inside ---------------------------------------------------------------------------

    def _show_batch_fields(self, batch: bool) -> None:
        for w in (self.target_label, self.target):
            w.setVisible(not batch)
        for w in (self.rows_label, self.rows, self.menu_button):
            w.setVisible(batch)

    def _on_activated(self, index: int) -> None:
        if self._row_labels and index == len(self._labels) - 1:
            self.batch_chosen.emit(None)
        else:
            self.sample_chosen.emit(index)

    def _fill_menu(self) -> None:
        self.menu.clear()
        chosen = set(self._batch)
        every = self.menu.addAction(tr("Every row"))
        every.triggered.connect(lambda: self.batch_chosen.emit(list(range(1, len(self._row_labels) + 1))))
        self.menu.addSeparator()
        for r, label in enumerate(self._row_labels[:MENU_ROWS], start=1):
            action = QAction(f"{r}. {label}", self.menu)
            action.setCheckable(True)
            action.setChecked(r in chosen)
            action.toggled.connect(lambda on, r=r: self._toggle(r, on))
            self.menu.addAction(action)
        if len(self._row_labels) > MENU_ROWS:
            more = self.menu.addAction(tr("… {value:,} more rows: type them in the field").format(value=len(self._row_labels) - MENU_ROWS))
            more.setEnabled(False)

    def _toggle(self, r: int, on: bool) -> None:
        rows = set(self._batch)
        rows = rows | {r} if on else rows - {r}
        if rows:                                   # a batch keeps at least one row
            self.batch_chosen.emit(sorted(rows))
