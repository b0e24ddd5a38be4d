"""The input row feeds values to the input layer: typed, or a sample of the data.

The network is the tutorial's 2-2-1 gender example; its data section names
the built-in "gender" dataset: Alice (−2, −1), Bob (25, 6), Charlie (17, 4),
Diana (−15, −6), and Emily (−7, −3) and Frank (20, 2) to predict.
"""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from nnapp.engine.network import Network
from nnapp.model.commands import AddNeuron, RenameNeuron
from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.ui.editor import Editor
from nnapp.ui.input_row import InputRow

from .helpers import find, type_into


def make_row(qtbot, editor):
    row = InputRow(editor)
    qtbot.addWidget(row)
    row.resize(700, 60)
    row.show()
    qtbot.waitExposed(row)
    return row


@pytest.fixture
def row(qtbot, editor):
    return make_row(qtbot, editor)


def items(combo):
    return [combo.itemText(i) for i in range(combo.count())]


def test_a_field_per_input_showing_its_value(row, editor):
    editor.doc.set_input([-2, -1])
    assert find(row, QLineEdit, "input_x1").text() == "-2"
    assert find(row, QLineEdit, "input_x2").text() == "-1"
    assert find(row, QLineEdit, "input_x1").toolTip() == "-2.0"


def test_typing_the_inputs(qtbot, row, editor):
    type_into(qtbot, find(row, QLineEdit, "input_x1"), "2")
    type_into(qtbot, find(row, QLineEdit, "input_x2"), "3")
    assert editor.doc.input.tolist() == [2.0, 3.0]
    assert editor.stack.count() == 0  # the input is not an edit of the network


def test_a_typed_input_is_what_the_network_computes(qtbot, row, editor):
    doc = editor.doc
    type_into(qtbot, find(row, QLineEdit, "input_x1"), "-2")
    type_into(qtbot, find(row, QLineEdit, "input_x2"), "-1")
    # Alice: h1 = σ(0.4121) = 0.6016, h2 = σ(0.9470 + 0.2642 − 0.1049) = σ(1.1063) = 0.7514,
    # o1 = σ(−0.7037 − 0.5357·0.6016 + 0.3616·0.7514) = σ(−0.7543) = 0.3199
    assert round(doc.activation_of(doc.neuron_ids[2][0]), 4) == 0.3199


def test_text_that_is_not_a_number_is_refused_in_place(qtbot, row, editor):
    before = editor.doc.state()
    field = find(row, QLineEdit, "input_x2")
    type_into(qtbot, field, "tall")
    error = find(row, QLabel, "input_error")
    assert error.isVisible()
    assert error.text() == "The input x2 must be a number such as 0.5 or -2 (not 'tall')"
    assert field.property("invalid") is True and field.text() == "tall"
    assert editor.doc.state() == before
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "0" and not error.isVisible()


def test_the_samples_of_the_data(row):
    combo = find(row, QComboBox, "input_sample")
    assert combo.isVisible()
    assert items(combo) == ["Typed values", "Alice", "Bob", "Charlie", "Diana",
                            "Emily (not trained on)", "Frank (not trained on)"]
    assert combo.currentText() == "Typed values"
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == "weight − 135 = -2, height − 66 = -1; female = 1"


def test_choosing_alice_feeds_her_to_the_network(qtbot, row, editor):
    combo = find(row, QComboBox, "input_sample")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Typed values → Alice
    assert combo.currentText() == "Alice"
    assert editor.doc.input.tolist() == [-2.0, -1.0]
    assert find(row, QLineEdit, "input_x1").text() == "-2"
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert editor.doc.input.tolist() == [20.0, 2.0]  # Frank


def test_the_chooser_follows_the_input(qtbot, row, editor):
    combo = find(row, QComboBox, "input_sample")
    editor.doc.set_input([25, 6])
    assert combo.currentText() == "Bob"
    type_into(qtbot, find(row, QLineEdit, "input_x1"), "24")
    assert combo.currentText() == "Typed values"


def test_no_data_no_chooser(qtbot):
    doc = Document()
    open_example(doc, "feedforward")  # a network without data
    row = make_row(qtbot, Editor(doc))
    assert not find(row, QComboBox, "input_sample").isVisible()
    assert find(row, QLineEdit, "input_x1").isVisible()


def test_data_that_cannot_be_loaded_offers_nothing(qtbot):
    doc = Document()
    open_example(doc, "gender")
    doc.data = {"csv": "/nonexistent/people.csv", "inputs": ["a"], "targets": ["b"]}
    row = make_row(qtbot, Editor(doc))
    combo = find(row, QComboBox, "input_sample")
    assert combo.count() == 0 and not combo.isVisible()
    assert "cannot be used" in combo.toolTip()
    doc.set_data({"dataset": "no such thing"})
    assert combo.count() == 0
    doc.set_data({"dataset": "gender"})
    assert combo.count() == 7


def test_data_of_another_shape_offers_nothing(qtbot, editor, row):
    editor.push(AddNeuron("input"))  # now 3 inputs; the gender data has 2 columns
    assert find(row, QLineEdit, "input_x3").text() == "0"
    assert find(row, QComboBox, "input_sample").count() == 0


def test_the_fields_follow_the_names(editor, row):
    editor.push(RenameNeuron(editor.doc.neuron_ids[0][0], "weight"))
    assert find(row, QLineEdit, "input_weight")
    assert row.findChild(QLineEdit, "input_x1") is None


def test_a_large_input_layer_shows_its_size_and_the_chooser(qtbot):
    doc = Document()
    doc.replace(Network.dense([784, 16, 10]))
    doc.set_input(np.ones(784))
    row = make_row(qtbot, Editor(doc))
    assert find(row, QLabel, "input_count").text() == "784 inputs"
    assert row.findChildren(QLineEdit) == []  # no field per pixel
    combo = find(row, QComboBox, "input_sample")
    assert items(combo) == ["zeros"] and combo.currentIndex() == -1  # ones: not a listed sample
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert not doc.input.any() and combo.currentText() == "zeros"


def test_screenshot(qtbot, row, editor):
    editor.doc.set_input([-2, -1])
    assert row.grab().save("/tmp/input_row.png")


def test_a_large_sorted_data_set_offers_rows_of_every_class(qtbot):
    # mnist5k's 4,000 training rows are sorted by digit: the first thousand would all be 0, 1 or 2
    doc = Document()
    open_example(doc, "mnist")
    row = make_row(qtbot, Editor(doc))
    combo = row.findChild(QComboBox)
    rows = [t for t in items(combo) if t.startswith("row ")]
    assert len(rows) == 1000
    assert rows[0] == "row 1 (0)" and rows[-1] == "row 4000 (9)"
    assert {t.split("(")[1].rstrip(")") for t in rows} == {str(d) for d in range(10)}
    # choosing one feeds exactly that row of the data
    from nnapp.engine.datasets import load_dataset

    ds = load_dataset("mnist5k")
    index = items(combo).index(rows[500])
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # as a choice from the list does
    r = int(rows[500].split()[1]) - 1
    np.testing.assert_array_equal(doc.input, ds.X[r])
    assert rows[500] == f"row {r + 1} ({ds.labels()[r]})"
