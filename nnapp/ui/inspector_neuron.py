"""The inspector's page for one neuron: its name, layer, activation, bias,
z, a and incoming weights (an editable table).

Only this page; the form it is built on is ``inspector_page``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHeaderView, QLabel, QLineEdit, QStyledItemDelegate, QTableWidget,
    QTableWidgetItem,
)

from nnapp.model import commands as cmd
from nnapp.text import sentence, tr, tr_in

from .inspector_layer import shown_role

from .fields import mark_invalid
from .numbers import format_editable, format_exact, format_number, parse_number
from .inspector_page import INPUT_NOTE, Page, _fit_height, _row, _show_number


MAX_ROWS = 100
"""Most incoming weights listed for one neuron (select its layer for all)."""


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
            value = parse_number(editor.text(), tr_in("number field", "weight"))
        except ValueError as e:
            self.refused.emit(sentence(str(e)))
            return
        if value != index.data(Qt.ItemDataRole.UserRole):
            self.committed.emit(index.row(), value)

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                try:
                    parse_number(editor.text(), tr_in("number field", "weight"))
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
        self.form.addRow(tr("Name"), self.name)
        self.layer = self.value_label("inspector_layer")
        self.form.addRow(tr("Layer"), self.layer)
        self.activation, self.formula = self.activation_combo(k)
        if self.is_input:
            self.note(tr(INPUT_NOTE), "inspector_input_note")
        else:
            self.bias_name = QLabel()
            self.bias = self.number_field("inspector_bias", tr_in("number field", "bias"), self._set_bias)
            self.bias_frozen = QCheckBox(tr("frozen"))
            self.bias_frozen.setObjectName("inspector_bias_frozen")
            self.bias_frozen.setToolTip(tr("A frozen bias keeps its value when the network is trained."))
            self.bias_frozen.clicked.connect(self._freeze_bias)
            self.bias_row = _row(self.bias_name, self.bias, self.bias_frozen)
            self.form.addRow(tr("Bias"), self.bias_row)
            self.bias.refused.disconnect()
            self.bias.refused.connect(lambda text: self.show_error(text, self.bias_row))
        self.z = self.value_label("inspector_z")
        self.a = self.value_label("inspector_a")
        if not self.is_input:
            self.z.setToolTip(tr("The weighted sum z = b + Σ a·w for the current input"))
            self.form.addRow(tr("z (weighted sum)"), self.z)
        self.form.addRow(tr("a (input value)") if self.is_input else "a = f(z)", self.a)
        self.connections = [] if self.is_input else doc.incoming(uid)
        self.table: QTableWidget | None = None
        if not self.is_input:
            self._build_table()
        self.refresh()
        self.refresh_outputs()

    def _build_table(self) -> None:
        self.heading(tr("Incoming weights"))
        if not self.connections:
            self.note(tr("None yet: drag from a neuron on the left to this one to connect them."))
            return
        shown = self.connections[:MAX_ROWS]
        table = QTableWidget(len(shown), 4)
        table.setObjectName("inspector_incoming")
        table.setHorizontalHeaderLabels([tr_in("column", "from"), tr_in("column", "weight"), tr_in("column", "value"),
                                         tr_in("column", "frozen")])
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
            self.note(tr("The first {MAX_ROWS} of {n} incoming weights; select the layer for statistics of all of them.").format(MAX_ROWS=MAX_ROWS, n=len(self.connections)))

    def refresh(self) -> None:
        doc, uid = self.doc, self.uid
        k, j = doc.where(uid)
        name = doc.neuron_name(uid)
        self.title.setText(tr("Neuron {name}").format(name=name))
        self.name.set_value(name)
        title, role = doc.layer_title(k), shown_role(doc.role(k))
        self.layer.setText(tr("{title} ({role} layer)").format(title=title, role=role) if doc.layers[k].name else tr("{title} layer").format(title=title))
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
