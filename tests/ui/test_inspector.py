"""The inspector shows what is selected and edits it through the undo stack.

Every edit is typed with real key events, as a student would: the field is
focused, its text selected, the new text typed and Enter pressed. The
network is the tutorial's 2-2-1 gender example: inputs x1 x2, hidden h1 h2,
output o1, weights w1…w6, biases b1 (h1) b2 (h2) b3 (o1).
"""


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QTableWidget

from nnapp.engine.network import Network
from nnapp.model.commands import RemoveItems
from nnapp.model.document import Document
from nnapp.ui.editor import Editor
from nnapp.ui.inspector import Inspector
from nnapp.ui.numbers import format_exact
from nnapp.ui.selection import Selection

from .helpers import find, type_into, uid


@pytest.fixture
def inspector(qtbot, editor):
    widget = Inspector(editor)
    qtbot.addWidget(widget)
    widget.resize(320, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def select_neuron(inspector, name):
    inspector.set_selection(Selection(neurons=(uid(inspector.doc, name),)))


# --- nothing selected ---------------------------------------------------------


def test_nothing_selected_summarises_the_network(inspector):
    text = find(inspector, QLabel, "inspector_summary").text()
    assert "2-2-1" in text and "9 parameters" in text  # 6 weights + 3 biases
    assert "Click a neuron" in find(inspector, QLabel, "inspector_hint").text()


def test_an_empty_document_says_so(qtbot):
    widget = Inspector(Editor(Document()))
    qtbot.addWidget(widget)
    assert "empty" in find(widget, QLabel, "inspector_summary").text()


# --- one neuron -----------------------------------------------------------------


def test_a_hidden_neuron_shows_its_numbers(inspector):
    doc = inspector.doc
    doc.set_input([-2, -1])  # Alice
    select_neuron(inspector, "h1")
    assert find(inspector, QLineEdit, "inspector_name").text() == "h1"
    assert find(inspector, QComboBox, "inspector_activation").currentText() == "sigmoid"
    assert find(inspector, QLineEdit, "inspector_bias").text() == "1.304"  # b1 = 1.3040000451…
    assert "b1" in inspector.page.bias_name.text()
    # z = b1 + x1·w1 + x2·w2 = 1.3040 − 2·0.12573 − 1·0.64042 = 0.4121; a = σ(0.4121) = 0.6016
    assert find(inspector, QLabel, "inspector_z").text() == "0.4121"
    assert find(inspector, QLabel, "inspector_a").text() == "0.6016"
    assert find(inspector, QLabel, "inspector_a").toolTip() == format_exact(doc.activation_of(uid(doc, "h1")))
    table = find(inspector, QTableWidget, "inspector_incoming")
    rows = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert rows == [["x1", "w1", "0.1257"], ["x2", "w2", "0.6404"]]


def test_z_and_a_follow_the_input(inspector):
    doc = inspector.doc
    select_neuron(inspector, "h1")
    doc.set_input([0, 0])
    assert find(inspector, QLabel, "inspector_z").text() == "1.304"  # z = b1 alone
    doc.set_input([-2, -1])
    assert find(inspector, QLabel, "inspector_z").text() == "0.4121"


def test_an_input_neuron_has_no_activation_and_no_bias(inspector):
    select_neuron(inspector, "x2")
    assert not find(inspector, QComboBox, "inspector_activation").isEnabled()
    assert "no activation" in find(inspector, QLabel, "inspector_input_note").text()
    assert inspector.findChild(QLineEdit, "inspector_bias") is None
    assert inspector.findChild(QTableWidget, "inspector_incoming") is None


def test_typing_a_bias_sets_it_and_undo_shows_the_old_one(qtbot, inspector, editor):
    doc = editor.doc
    h1 = uid(doc, "h1")
    old = doc.bias(h1)
    select_neuron(inspector, "h1")
    bias = find(inspector, QLineEdit, "inspector_bias")
    type_into(qtbot, bias, "0.5")
    assert doc.bias(h1) == 0.5
    assert editor.stack.count() == 1 and editor.stack.text(0) == "Set b1 = 0.5"
    editor.stack.undo()
    assert doc.bias(h1) == old
    assert bias.text() == format_exact(old)  # focused: the exact value
    editor.stack.redo()
    assert bias.text() == "0.5"


def test_a_bias_typed_the_way_people_write_numbers(qtbot, inspector, editor):
    select_neuron(inspector, "o1")
    type_into(qtbot, find(inspector, QLineEdit, "inspector_bias"), "-2,5")
    assert editor.doc.bias(uid(editor.doc, "o1")) == -2.5


def test_text_that_is_not_a_number_is_refused_in_place(qtbot, inspector, editor):
    doc = editor.doc
    before = doc.state()
    select_neuron(inspector, "h1")
    bias = find(inspector, QLineEdit, "inspector_bias")
    type_into(qtbot, bias, "abc")
    error = find(inspector, QLabel, "inspector_error")
    assert error.isVisible()
    assert error.text() == "The bias must be a number such as 0.5 or -2 (not 'abc')"
    assert bias.property("invalid") is True and "border" in bias.styleSheet()
    assert bias.text() == "abc"
    assert doc.state() == before and editor.stack.count() == 0
    qtbot.keyClick(bias, Qt.Key.Key_Escape)
    assert bias.text() == format_exact(doc.bias(uid(doc, "h1")))
    assert not error.isVisible() and bias.property("invalid") is False
    assert doc.state() == before and editor.stack.count() == 0


def test_the_error_line_sits_under_the_refused_field(qtbot, inspector):
    select_neuron(inspector, "h1")
    type_into(qtbot, find(inspector, QLineEdit, "inspector_bias"), "1e999")
    error = find(inspector, QLabel, "inspector_error")
    assert "too large" in error.text()
    bias_row = inspector.page.bias_row
    assert error.mapTo(inspector.page, error.rect().topLeft()).y() >= bias_row.geometry().bottom()
    assert error.geometry().top() < find(inspector, QLabel, "inspector_z").geometry().top()


def test_an_unchanged_value_pushes_nothing(qtbot, inspector, editor):
    select_neuron(inspector, "h1")
    bias = find(inspector, QLineEdit, "inspector_bias")
    bias.setFocus()
    qtbot.waitUntil(bias.hasFocus)
    qtbot.keyClick(bias, Qt.Key.Key_Return)
    assert editor.stack.count() == 0


def test_editing_an_incoming_weight_in_the_table(qtbot, inspector, editor):
    doc = editor.doc
    x2, h1 = uid(doc, "x2"), uid(doc, "h1")
    old = doc.weight(x2, h1)
    select_neuron(inspector, "h1")
    table = find(inspector, QTableWidget, "inspector_incoming")
    item = table.item(1, 2)  # w2, from x2
    table.editItem(item)
    cell = table.findChild(QLineEdit, "inspector_cell_editor")
    assert cell is not None and cell.text() == format_exact(old)
    cell.selectAll()
    qtbot.keyClicks(cell, "-1.5")
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the view commits once back in the event loop
    qtbot.waitUntil(lambda: doc.weight(x2, h1) == -1.5)
    assert editor.stack.text(0) == "Set w2 = -1.5"
    assert table.item(1, 2).text() == "-1.5"
    editor.stack.undo()
    assert table.item(1, 2).text() == "0.6404"
    assert table.item(1, 2).toolTip() == format_exact(old)


def test_bad_text_in_a_weight_cell_is_refused(qtbot, inspector, editor):
    before = editor.doc.state()
    select_neuron(inspector, "h1")
    table = find(inspector, QTableWidget, "inspector_incoming")
    table.editItem(table.item(0, 2))
    cell = table.findChild(QLineEdit, "inspector_cell_editor")
    cell.selectAll()
    qtbot.keyClicks(cell, "two")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    assert find(inspector, QLabel, "inspector_error").text() == (
        "The weight must be a number such as 0.5 or -2 (not 'two')")
    assert cell.isVisible() and cell.property("invalid") is True  # still open, red
    assert editor.doc.state() == before and editor.stack.count() == 0
    qtbot.keyClick(cell, Qt.Key.Key_Escape)
    assert not find(inspector, QLabel, "inspector_error").isVisible()
    assert editor.doc.state() == before


def test_freezing_a_bias_and_an_incoming_weight(qtbot, inspector, editor):
    doc = editor.doc
    h2, x1 = uid(doc, "h2"), uid(doc, "x1")
    select_neuron(inspector, "h2")
    box = find(inspector, QCheckBox, "inspector_bias_frozen")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert doc.is_bias_frozen(h2)
    table = find(inspector, QTableWidget, "inspector_incoming")
    table.item(0, 3).setCheckState(Qt.CheckState.Checked)
    assert doc.is_weight_frozen(x1, h2)
    assert editor.stack.count() == 2
    editor.stack.undo()
    editor.stack.undo()
    assert not box.isChecked()
    assert table.item(0, 3).checkState() == Qt.CheckState.Unchecked


def test_choosing_an_activation(qtbot, inspector, editor):
    select_neuron(inspector, "o1")
    combo = find(inspector, QComboBox, "inspector_activation")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # sigmoid → identity, the one above it
    assert editor.doc.layers[2].activation == "identity"
    assert "f(z) = z" in find(inspector, QLabel, "inspector_formula").text()
    editor.stack.undo()
    assert combo.currentText() == "sigmoid"


def test_renaming_a_neuron(qtbot, inspector, editor):
    doc = editor.doc
    x1 = uid(doc, "x1")
    select_neuron(inspector, "x1")
    name = find(inspector, QLineEdit, "inspector_name")
    type_into(qtbot, name, "weight")
    assert doc.neuron_name(x1) == "weight"
    assert find(inspector, QLabel, "inspector_title").text() == "Neuron weight"
    type_into(qtbot, name, "")  # empty: back to the automatic name
    assert doc.neuron_name(x1) == "x1" and name.text() == "x1"
    assert editor.stack.count() == 2


def test_a_name_the_document_refuses_is_explained(qtbot, inspector, editor):
    before = editor.doc.state()
    select_neuron(inspector, "x1")
    name = find(inspector, QLineEdit, "inspector_name")
    type_into(qtbot, name, "h2")
    assert find(inspector, QLabel, "inspector_error").text() == "Another neuron is already called h2"
    assert name.property("invalid") is True
    assert editor.doc.state() == before and editor.stack.count() == 0


# --- one connection, one layer, several ---------------------------------------------


def test_a_connection(qtbot, inspector, editor):
    doc = editor.doc
    h2, o1 = uid(doc, "h2"), uid(doc, "o1")
    inspector.set_selection(Selection(connections=((h2, o1),)))
    assert find(inspector, QLabel, "inspector_title").text() == "Connection h2 → o1"
    assert find(inspector, QLabel, "inspector_weight_name").text() == "w6"
    weight = find(inspector, QLineEdit, "inspector_weight")
    assert weight.text() == "0.3616" and weight.toolTip() == format_exact(doc.weight(h2, o1))
    type_into(qtbot, weight, "2")
    assert doc.weight(h2, o1) == 2.0
    qtbot.mouseClick(find(inspector, QCheckBox, "inspector_weight_frozen"), Qt.MouseButton.LeftButton)
    assert doc.is_weight_frozen(h2, o1)
    editor.stack.undo()
    editor.stack.undo()
    assert weight.text() == "0.3616"  # the focus went to the check box: short again


def test_a_layer_with_statistics(qtbot, inspector, editor):
    doc = editor.doc
    inspector.set_selection(Selection(layers=("hidden",)))
    assert find(inspector, QLabel, "inspector_layer_size").text() == "2 neurons"
    # weights into the hidden layer: w1…w4 = 0.1257, −0.1321, 0.6404, 0.1049
    assert find(inspector, QLabel, "inspector_weights_count").text() == "4"
    assert find(inspector, QLabel, "inspector_weights_mean").text() == "0.1847"
    assert find(inspector, QLabel, "inspector_weights_min").text() == "-0.1321"
    assert find(inspector, QLabel, "inspector_biases_max").text() == "1.304"
    collapsed = find(inspector, QCheckBox, "inspector_collapsed")
    qtbot.mouseClick(collapsed, Qt.MouseButton.LeftButton)
    assert doc.is_collapsed(1) and collapsed.isChecked()
    type_into(qtbot, find(inspector, QLineEdit, "inspector_layer_name"), "features")
    assert doc.layer_title(1) == "features"
    editor.stack.undo()
    editor.stack.undo()
    assert not collapsed.isChecked()
    assert find(inspector, QLineEdit, "inspector_layer_name").text() == "hidden"


def test_a_large_layer_shows_statistics_and_a_bounded_table(qtbot):
    doc = Document()
    doc.replace(Network.dense([784, 128, 10]))
    widget = Inspector(Editor(doc))
    qtbot.addWidget(widget)
    widget.show()
    widget.set_selection(Selection(layers=(doc.layers[1].id,)))
    assert find(widget, QLabel, "inspector_weights_count").text() == "100,352"  # 784 × 128
    widget.set_selection(Selection(neurons=(doc.neuron_ids[1][0],)))
    assert find(widget, QTableWidget, "inspector_incoming").rowCount() == 100  # of 784


def test_several_things_selected(inspector):
    doc = inspector.doc
    inspector.set_selection(Selection(neurons=(uid(doc, "h1"), uid(doc, "h2")),
                                      connections=((uid(doc, "x1"), uid(doc, "h1")),)))
    assert find(inspector, QLabel, "inspector_count").text() == "2 neurons and 1 connection selected"


# --- following the document ---------------------------------------------------------


def test_a_deleted_neuron_leaves_the_inspector(inspector, editor):
    select_neuron(inspector, "h1")
    editor.push(RemoveItems(neurons=[uid(editor.doc, "h1")]))
    assert "2-1-1" in find(inspector, QLabel, "inspector_summary").text()
    editor.stack.undo()  # the selection was dropped; the network is back
    assert "2-2-1" in find(inspector, QLabel, "inspector_summary").text()


def test_a_hidden_inspector_catches_up_when_shown(qtbot, inspector, editor):
    select_neuron(inspector, "h1")
    inspector.hide()
    editor.doc.set_input([-2, -1])
    assert find(inspector, QLabel, "inspector_z").text() == "1.304"  # not refreshed while hidden
    inspector.show()
    assert find(inspector, QLabel, "inspector_z").text() == "0.4121"


def test_screenshot(qtbot, inspector):
    inspector.doc.set_input([-2, -1])
    select_neuron(inspector, "h1")
    assert inspector.grab().save("/tmp/inspector.png")
