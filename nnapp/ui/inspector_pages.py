"""The pages of the inspector: one per kind of selection.

Each page is a form built for one selection (nothing, a neuron, a connection,
a layer, several things). :meth:`Page.refresh` shows the document's current
values again and :meth:`Page.refresh_outputs` the values of the forward pass
(z and a); the :class:`~nnapp.ui.inspector.Inspector` calls them when the
document says something changed. Pages change the document only through
:meth:`Page.push`, which goes to the editor.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QSizePolicy, QStyledItemDelegate, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from nnapp.engine.activations import ACTIVATIONS
from nnapp.model import commands as cmd
from nnapp.model.commands import MAX_NAME, Command
from nnapp.model.document import Document
from nnapp.model.layout import expand_refusal
from nnapp.model.words import counted
from nnapp.text import sentence

from .fields import ERROR_STYLE, FieldEdit, NameEdit, NumberEdit, mark_invalid
from .numbers import format_editable, format_exact, format_number, parse_number

MAX_ROWS = 100
"""Most incoming weights listed for one neuron (select its layer for all)."""

VISIBLE_ROWS = 8
"""Rows of the incoming-weights table shown before it scrolls."""

COLLAPSED_TIP = "Draw the layer as one block instead of a circle per neuron."

INPUT_NOTE = "An input passes its value on unchanged: it has no activation and no bias."


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
        edit.setPlaceholderText("automatic name")
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
            combo.setPlaceholderText("none")
            combo.setCurrentIndex(-1)
            combo.setToolTip(INPUT_NOTE)
        else:
            combo.activated.connect(lambda i: self._set_activation(combo, lid))
        formula.setStyleSheet("color: palette(placeholder-text);")
        self.form.addRow("Activation", _column(combo, formula))
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


# --- nothing and several ----------------------------------------------------------


class SummaryPage(Page):
    """Nothing selected: the network in one line and how to begin."""

    def __init__(self, doc, push) -> None:
        super().__init__(doc, push)
        self.heading("Network")
        self.summary = QLabel()
        self.summary.setObjectName("inspector_summary")
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.note(
            "Click a neuron, a connection or a collapsed layer on the canvas to see its numbers "
            "here and change them. Type a number and press Enter; Esc puts the old value back.",
            "inspector_hint",
        )
        self.refresh()

    def refresh(self) -> None:
        self.summary.setText(summary_text(self.doc))


def summary_text(doc: Document) -> str:
    """"2-2-1, 9 parameters" and the layers, as rich text lines."""
    if not doc.layers:
        return "The network is empty: place neurons on the canvas to begin."
    sizes = "-".join(str(layer.size) for layer in doc.layers)
    if len(doc.layers) == 1:
        return f"{sizes} inputs and no other layer yet."
    n_weights = sum(link.n_connections() for link in doc.links)
    n_params = n_weights + sum(layer.size for layer in doc.layers[1:])
    frozen = sum(int(np.count_nonzero(link.connected() & ~link.trainable))
                 for link in doc.links if link.trainable is not None)
    frozen += sum(int(np.count_nonzero(~layer.bias_trainable))
                  for layer in doc.layers if layer.bias_trainable is not None)
    lines = [f"<b>{sizes}</b>, {counted(n_params, 'parameter', 'parameters')} ({counted(n_weights, 'weight', 'weights')})"]
    if frozen:
        lines.append(f"{frozen} frozen")
    for k, layer in enumerate(doc.layers):
        what = counted(layer.size, "neuron", "neurons") + ("" if k == 0 else f", {layer.activation}")
        lines.append(f"{_escape(doc.layer_title(k))}: {what}")
    return "<br>".join(lines)


def _count(what: str, n: int) -> str:
    """``n`` of the things a selection counts ("neuron", "connection", "layer")."""
    if what == "neuron":
        return counted(n, "neuron", "neurons")
    if what == "connection":
        return counted(n, "connection", "connections")
    return counted(n, "layer", "layers")


class ManyPage(Page):
    """Several things selected: how many of each."""

    def __init__(self, doc, push, counts: dict[str, int]) -> None:
        super().__init__(doc, push)
        parts = [_count(what, n) for what, n in counts.items() if n]
        self.heading(_join(parts) + " selected", "inspector_count")
        self.note("Select one of them to see and edit its values.")


# --- one neuron ---------------------------------------------------------------


class WeightDelegate(QStyledItemDelegate):
    """Edits the value column of the incoming-weights table: exact value in
    the editor, Enter on bad text refused with the editor left open.

    Signals: ``committed(row, value)``, ``refused(text)``, ``reverted()``.
    """

    committed = Signal(int, float)
    refused = Signal(str)
    reverted = Signal()

    def createEditor(self, parent, option, index) -> QLineEdit:
        editor = QLineEdit(parent)
        editor.setObjectName("inspector_cell_editor")
        return editor

    def setEditorData(self, editor, index) -> None:
        editor.setText(format_editable(index.data(Qt.ItemDataRole.UserRole)))
        editor.selectAll()

    def setModelData(self, editor, model, index) -> None:
        try:
            value = parse_number(editor.text(), "weight")
        except ValueError as e:
            self.refused.emit(sentence(str(e)))
            return
        if value != index.data(Qt.ItemDataRole.UserRole):
            self.committed.emit(index.row(), value)

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                try:
                    parse_number(editor.text(), "weight")
                except ValueError as e:
                    mark_invalid(editor, True)
                    self.refused.emit(sentence(str(e)))
                    return True
            elif event.key() == Qt.Key.Key_Escape:
                self.reverted.emit()
        return super().eventFilter(editor, event)


class NeuronPage(Page):
    """One neuron: name, layer, activation, bias, z, a and incoming weights."""

    FROM, NAME, VALUE, FROZEN = range(4)

    def __init__(self, doc, push, uid: str) -> None:
        super().__init__(doc, push)
        self.uid = uid
        k, _ = doc.where(uid)
        self.is_input = k == 0
        self.title = self.heading("", "inspector_title")
        self.name = self.name_field("inspector_name", self._rename)
        self.form.addRow("Name", self.name)
        self.layer = self.value_label("inspector_layer")
        self.form.addRow("Layer", self.layer)
        self.activation, self.formula = self.activation_combo(k)
        if self.is_input:
            self.note(INPUT_NOTE, "inspector_input_note")
        else:
            self.bias_name = QLabel()
            self.bias = self.number_field("inspector_bias", "bias", self._set_bias)
            self.bias_frozen = QCheckBox("frozen")
            self.bias_frozen.setObjectName("inspector_bias_frozen")
            self.bias_frozen.setToolTip("A frozen bias keeps its value when the network is trained.")
            self.bias_frozen.clicked.connect(self._freeze_bias)
            self.bias_row = _row(self.bias_name, self.bias, self.bias_frozen)
            self.form.addRow("Bias", self.bias_row)
            self.bias.refused.disconnect()
            self.bias.refused.connect(lambda text: self.show_error(text, self.bias_row))
        self.z = self.value_label("inspector_z")
        self.a = self.value_label("inspector_a")
        if not self.is_input:
            self.z.setToolTip("The weighted sum z = b + Σ a·w for the current input")
            self.form.addRow("z (weighted sum)", self.z)
        self.form.addRow("a (input value)" if self.is_input else "a = f(z)", self.a)
        self.connections = [] if self.is_input else doc.incoming(uid)
        self.table: QTableWidget | None = None
        if not self.is_input:
            self._build_table()
        self.refresh()
        self.refresh_outputs()

    def _build_table(self) -> None:
        self.heading("Incoming weights")
        if not self.connections:
            self.note("None yet: drag from a neuron on the left to this one to connect them.")
            return
        shown = self.connections[:MAX_ROWS]
        table = QTableWidget(len(shown), 4)
        table.setObjectName("inspector_incoming")
        table.setHorizontalHeaderLabels(["from", "weight", "value", "frozen"])
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = table.horizontalHeader()
        for col in (self.FROM, self.NAME, self.FROZEN):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.VALUE, QHeaderView.ResizeMode.Stretch)
        self.delegate = WeightDelegate(table)
        table.setItemDelegateForColumn(self.VALUE, self.delegate)
        self.delegate.committed.connect(self._set_weight)
        self.delegate.refused.connect(lambda text: self.show_error(text, table))
        self.delegate.reverted.connect(self.clear_error)
        self._filling = True
        for row in range(len(shown)):
            for col in range(4):
                item = QTableWidgetItem()
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if col == self.VALUE:
                    flags |= Qt.ItemFlag.ItemIsEditable
                if col == self.FROZEN:
                    flags |= Qt.ItemFlag.ItemIsUserCheckable
                    item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(flags)
                table.setItem(row, col, item)
        self._filling = False
        table.itemChanged.connect(self._item_changed)
        self.table = table
        self.form.addRow(table)
        if len(self.connections) > MAX_ROWS:
            self.note(f"The first {MAX_ROWS} of {len(self.connections)} incoming weights; "
                      "select the layer for statistics of all of them.")

    def refresh(self) -> None:
        doc, uid = self.doc, self.uid
        k, j = doc.where(uid)
        name = doc.neuron_name(uid)
        self.title.setText(f"Neuron {name}")
        self.name.set_value(name)
        title, role = doc.layer_title(k), doc.role(k)
        self.layer.setText(f"{title} ({role} layer)" if doc.layers[k].name else f"{title} layer")
        self.show_activation(self.activation, self.formula, k)
        if not self.is_input:
            self.bias_name.setText(doc.bias_name(uid) + " =")
            self.bias.set_value(doc.bias(uid))
            self.bias_frozen.setChecked(doc.is_bias_frozen(uid))
        if self.table is not None:
            self._fill_table()

    def refresh_outputs(self) -> None:
        if not self.is_input:
            _show_number(self.z, self.doc.z_of(self.uid))
        _show_number(self.a, self.doc.activation_of(self.uid))

    def _fill_table(self) -> None:
        doc, table = self.doc, self.table
        self._filling = True
        try:
            for row, c in enumerate(self.connections[:MAX_ROWS]):
                value = doc.weight(c.src, c.dst)
                table.item(row, self.FROM).setText(doc.neuron_name(c.src))
                table.item(row, self.NAME).setText(doc.weight_name(c.src, c.dst))
                item = table.item(row, self.VALUE)
                item.setText(format_number(value))
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setToolTip(format_exact(value))
                frozen = Qt.CheckState.Checked if doc.is_weight_frozen(c.src, c.dst) else Qt.CheckState.Unchecked
                table.item(row, self.FROZEN).setCheckState(frozen)
        finally:
            self._filling = False
        _fit_height(table)

    # --- edits ----------------------------------------------------------------

    def _rename(self, text: str) -> None:
        k, j = self.doc.where(self.uid)
        custom = (self.doc.layers[k].neuron_names or [""] * (j + 1))[j]
        self.commit_name(self.name, self.doc.neuron_name(self.uid), custom,
                         lambda name: cmd.RenameNeuron(self.uid, name))

    def _set_bias(self, value: float) -> None:
        self.push(lambda: cmd.SetBias(self.uid, value), self.bias_row)

    def _freeze_bias(self, frozen: bool) -> None:
        if not self.push(lambda: cmd.SetFrozen(biases=[self.uid], frozen=frozen), self.bias_row):
            self.refresh()

    def _set_weight(self, row: int, value: float) -> None:
        c = self.connections[row]
        self.push(lambda: cmd.SetWeight(c.src, c.dst, value), self.table)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != self.FROZEN:
            return
        c = self.connections[item.row()]
        frozen = item.checkState() == Qt.CheckState.Checked
        if frozen != self.doc.is_weight_frozen(c.src, c.dst):
            if not self.push(lambda: cmd.SetFrozen(weights=[(c.src, c.dst)], frozen=frozen), self.table):
                self.refresh()


# --- one connection -------------------------------------------------------------


class ConnectionPage(Page):
    """One connection: its name, weight, frozen state and the signal it carries."""

    def __init__(self, doc, push, src: str, dst: str) -> None:
        super().__init__(doc, push)
        self.src, self.dst = src, dst
        self.title = self.heading("", "inspector_title")
        self.name = self.value_label("inspector_weight_name")
        self.form.addRow("Name", self.name)
        self.weight = self.number_field("inspector_weight", "weight", self._set_weight)
        self.frozen = QCheckBox("frozen")
        self.frozen.setObjectName("inspector_weight_frozen")
        self.frozen.setToolTip("A frozen weight keeps its value when the network is trained.")
        self.frozen.clicked.connect(self._freeze)
        self.row = _row(self.weight, self.frozen)
        self.weight.refused.disconnect()
        self.weight.refused.connect(lambda text: self.show_error(text, self.row))
        self.form.addRow("Value", self.row)
        self.signal = self.value_label("inspector_signal")
        self.form.addRow("a·w", self.signal)
        self.signal_note = self.note("")
        self.refresh()
        self.refresh_outputs()

    def refresh(self) -> None:
        doc = self.doc
        a, b = doc.neuron_name(self.src), doc.neuron_name(self.dst)
        self.title.setText(f"Connection {a} → {b}")
        self.name.setText(doc.weight_name(self.src, self.dst))
        self.weight.set_value(doc.weight(self.src, self.dst))
        self.frozen.setChecked(doc.is_weight_frozen(self.src, self.dst))
        self.signal_note.setText(f"What this connection adds to the weighted sum z of {b} "
                                 f"for the current input: {a}'s output times the weight.")

    def refresh_outputs(self) -> None:
        a = self.doc.activation_of(self.src)
        if a is None:
            self.signal.setText("–")
            return
        w = self.doc.weight(self.src, self.dst)
        self.signal.setText(f"{format_number(a)} × {format_number(w)} = {format_number(a * w)}")
        self.signal.setToolTip(format_exact(a * w))

    def _set_weight(self, value: float) -> None:
        self.push(lambda: cmd.SetWeight(self.src, self.dst, value), self.row)

    def _freeze(self, frozen: bool) -> None:
        if not self.push(lambda: cmd.SetFrozen(weights=[(self.src, self.dst)], frozen=frozen), self.row):
            self.refresh()


# --- one layer --------------------------------------------------------------------


STATS = ("count", "mean", "std", "min", "max")


class LayerPage(Page):
    """One (collapsed) layer: name, size, activation, drawing and statistics."""

    def __init__(self, doc, push, layer_id: str) -> None:
        super().__init__(doc, push)
        self.layer_id = layer_id
        k = doc.layer_index(layer_id)
        self.title = self.heading("", "inspector_title")
        self.name = self.name_field("inspector_layer_name", self._rename)
        self.form.addRow("Name", self.name)
        self.size = self.value_label("inspector_layer_size")
        self.form.addRow("Size", self.size)
        self.activation, self.formula = self.activation_combo(k)
        self.collapsed = QCheckBox("draw collapsed")
        self.collapsed.setObjectName("inspector_collapsed")
        self.collapsed.clicked.connect(self._collapse)
        self.collapsed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.form.addRow("Canvas", self.collapsed)
        self.heading("Statistics")
        grid_widget = QWidget()
        grid_widget.setObjectName("inspector_stats")
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for c, text in enumerate(("weights in", "biases"), start=1):
            grid.addWidget(QLabel(text), 0, c, Qt.AlignmentFlag.AlignRight)
        self.stats: dict[tuple[str, str], QLabel] = {}
        for r, stat in enumerate(STATS, start=1):
            grid.addWidget(QLabel(stat), r, 0)
            for c, kind in enumerate(("weights", "biases"), start=1):
                label = self.value_label(f"inspector_{kind}_{stat}")
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(label, r, c)
                self.stats[kind, stat] = label
        self.form.addRow(grid_widget)
        self.refresh()

    def refresh(self) -> None:
        doc = self.doc
        k = doc.layer_index(self.layer_id)
        layer = doc.layers[k]
        title, role = doc.layer_title(k), doc.role(k)
        self.title.setText(f"Layer {title}" + ("" if title == role else f" ({role})"))
        self.name.set_value(title)
        size = counted(layer.size, "neuron", "neurons")
        if layer.image_shape is not None:
            size += f", a {layer.image_shape[0]}×{layer.image_shape[1]} image"
        self.size.setText(size)
        self.show_activation(self.activation, self.formula, k)
        self.collapsed.setChecked(doc.is_collapsed(k))
        refusal = expand_refusal(layer.size)
        self.collapsed.setToolTip(sentence(refusal) + "." if refusal else COLLAPSED_TIP)
        weights = [link.W[link.connected()] if link.mask is not None else link.W.ravel()
                   for link in doc.links if link.dst == self.layer_id]
        w = np.concatenate(weights) if weights else np.zeros(0)
        b = layer.bias if k > 0 else np.zeros(0)
        for kind, values in (("weights", w), ("biases", b)):
            for stat, value in zip(STATS, _stats(values)):
                label = self.stats[kind, stat]
                if stat == "count":
                    label.setText(f"{value:,}")
                else:
                    _show_number(label, value)

    def _rename(self, text: str) -> None:
        k = self.doc.layer_index(self.layer_id)
        self.commit_name(self.name, self.doc.layer_title(k), self.doc.layers[k].name,
                         lambda name: cmd.RenameLayer(self.layer_id, name))

    def _collapse(self, collapsed: bool) -> None:
        refusal = None if collapsed else expand_refusal(self.doc.layers[self.doc.layer_index(self.layer_id)].size)
        if refusal is not None:
            self.collapsed.setChecked(True)
            self.show_error(sentence(refusal), self.collapsed)
            return
        if not self.push(lambda: cmd.SetCollapsed(self.layer_id, collapsed), self.collapsed):
            self.refresh()


# --- helpers ----------------------------------------------------------------------


def _stats(values: np.ndarray) -> tuple:
    if values.size == 0:
        return (0, None, None, None, None)
    return (values.size, float(values.mean()), float(values.std()), float(values.min()), float(values.max()))


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



def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts) or "Nothing"
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

