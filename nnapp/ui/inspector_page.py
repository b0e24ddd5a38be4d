"""The inspector's page: the form every page of the inspector is built on.

:class:`Page` is a form for one selection with the error line under a field;
:meth:`Page.refresh` shows the document's current values again and
:meth:`Page.refresh_outputs` the values of the forward pass (z and a). Pages
change the document only through :meth:`Page.push`, which goes to the
editor. The helpers here lay out and fill the rows every page uses.

The pages for each kind of selection are modules of their own
(``inspector_summary``, ``inspector_neuron``, ``inspector_connection``,
``inspector_layer``; all importable from ``inspector_pages``).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QTableWidget, QVBoxLayout, QWidget,
)

from nnapp.engine.activations import ACTIVATIONS
from nnapp.model import commands as cmd
from nnapp.model.commands import MAX_NAME, Command
from nnapp.model.document import Document

from .fields import ERROR_STYLE, FieldEdit, NameEdit, NumberEdit
from .numbers import format_exact, format_number
from nnapp.text import marked, tr


VISIBLE_ROWS = 8
"""Rows of the incoming-weights table shown before it scrolls."""


INPUT_NOTE = marked("An input passes its value on unchanged: it has no activation and no bias.")


class Page(QWidget):
    """A form for one selection, with the error line shown under a field.

    ``push(command, anchor)`` is given by the inspector; ``anchor`` is the
    form field the command came from, under which a refusal is shown.
    """

    def __init__(self, doc: Document, push: Callable[[Callable[[], Command], QWidget], bool]) -> None:
        super().__init__()
        self.doc = doc
        self._push = push
        outer = QVBoxLayout(self)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.error = QLabel(self)
        self.error.setObjectName("inspector_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.anchor: QWidget | None = None

    # --- called by the inspector ----------------------------------------------

    def refresh(self) -> None:
        """Show the document's current values."""

    def refresh_outputs(self) -> None:
        """Show the current forward pass (z, a)."""

    def push(self, make: Callable[[], Command], anchor: QWidget) -> bool:
        self.anchor = anchor
        return self._push(make, anchor)

    def show_error(self, text: str, anchor: QWidget | None = None) -> None:
        """Show ``text`` in red on the line under ``anchor`` (a form field)."""
        anchor = anchor or self.anchor
        if self.form.indexOf(self.error) >= 0:
            self.form.takeRow(self.error)
        row = self.form.rowCount() - 1
        if anchor is not None:
            row, _ = self.form.getWidgetPosition(anchor)
        self.form.insertRow(row + 1, self.error)
        self.error.setText(text)
        self.error.show()
        if isinstance(anchor, FieldEdit):
            anchor.show_refused()

    def clear_error(self) -> None:
        self.error.hide()
        self.error.clear()

    # --- building -------------------------------------------------------------

    def heading(self, text: str, name: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        label.setWordWrap(True)
        if self.form.rowCount():
            label.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(label)
        return label

    def note(self, text: str, name: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setStyleSheet("color: palette(placeholder-text);")
        self.form.addRow(label)
        return label

    def value_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def number_field(self, name: str, what: str, commit: Callable[[float], None]) -> NumberEdit:
        edit = NumberEdit(what)
        edit.setObjectName(name)
        edit.committed.connect(commit)
        edit.refused.connect(lambda text, e=edit: self.show_error(text, e))
        edit.reverted.connect(self.clear_error)
        return edit

    def name_field(self, name: str, commit: Callable[[str], None]) -> NameEdit:
        edit = NameEdit()
        edit.setObjectName(name)
        edit.setMaxLength(MAX_NAME)
        edit.setPlaceholderText(tr("automatic name"))
        edit.committed.connect(commit)
        edit.reverted.connect(self.clear_error)
        return edit

    def activation_combo(self, layer_index: int) -> tuple[QComboBox, QLabel]:
        """The activation chooser of layer ``layer_index`` and the formula under it."""
        combo = QComboBox()
        combo.setObjectName("inspector_activation")
        for name, act in ACTIVATIONS.items():
            combo.addItem(name, name)
            combo.setItemData(combo.count() - 1, act.formula, Qt.ItemDataRole.ToolTipRole)
        formula = QLabel()
        formula.setObjectName("inspector_formula")
        formula.setWordWrap(True)
        lid = self.doc.layers[layer_index].id
        if layer_index == 0:
            combo.setEnabled(False)
            combo.setPlaceholderText(tr("none"))
            combo.setCurrentIndex(-1)
            combo.setToolTip(tr(INPUT_NOTE))
        else:
            combo.activated.connect(lambda i: self._set_activation(combo, lid))
        formula.setStyleSheet("color: palette(placeholder-text);")
        self.form.addRow(tr("Activation"), _column(combo, formula))
        return combo, formula

    def show_activation(self, combo: QComboBox, formula: QLabel, layer_index: int) -> None:
        if layer_index == 0:
            formula.setText("")
            formula.hide()
            return
        name = self.doc.layers[layer_index].activation
        combo.setCurrentIndex(combo.findData(name))
        formula.setText(ACTIVATIONS[name].formula if name in ACTIVATIONS else "")

    def _set_activation(self, combo: QComboBox, lid: str) -> None:
        name = combo.currentData()
        k = self.doc.layer_index(lid)
        if name != self.doc.layers[k].activation and not self.push(lambda: cmd.SetActivation(lid, name), combo):
            self.refresh()

    def commit_name(self, edit: NameEdit, current: str, custom: str, make: Callable[[str], Command]) -> None:
        """Rename from ``edit``: the shown name (``current``) changes nothing,
        empty goes back to the automatic name (``custom`` = the user's name)."""
        text = edit.text().strip()
        if text == current or (not text and not custom):
            edit.set_value(current)
            return
        self.push(lambda: make(text), edit)


def _show_number(label: QLabel, value: float | None) -> None:
    label.setText(format_number(value))
    label.setToolTip("" if value is None else format_exact(value))


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w, 1 if isinstance(w, QLineEdit) else 0)
    return row


def _column(*widgets: QWidget) -> QWidget:
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    for w in widgets:
        layout.addWidget(w)
    return column


def _fit_height(table: QTableWidget) -> None:
    rows = min(table.rowCount(), VISIBLE_ROWS)
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(rows))
    table.setFixedHeight(height)
