"""What a student meets in the first minutes: a status bar that follows the
network, numbers that stay as typed, and a square decision map at the usual
laptop sizes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit

from nnapp.model import commands as cmd
from nnapp.ui.boundary import BoundaryMap
from nnapp.ui.fields import NumberEdit
from nnapp.ui.selection import Selection

from .helpers import find, type_into, uid


def summary(window) -> str:
    return find(window, QLabel, "status_summary").text()


# --- the status bar follows the document --------------------------------------------


def test_the_status_bar_follows_an_activation_chosen_in_the_inspector(window, qtbot):
    window.files.open_example("xor")
    assert summary(window) == "2-2-1 (sigmoid, sigmoid), 9 parameters"
    window.scene.select(Selection(neurons=(uid(window.doc, "h1"),)))
    window.inspector_dock.raise_()
    combo = find(window.inspector, QComboBox, "inspector_activation")
    index = combo.findText("tanh")
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)   # what a click on "tanh" in the list does
    assert window.doc.layers[1].activation == "tanh"
    assert summary(window) == "2-2-1 (tanh, sigmoid), 9 parameters"
    window.editor.stack.undo()
    assert summary(window) == "2-2-1 (sigmoid, sigmoid), 9 parameters"


def test_the_status_bar_follows_commands_and_a_new_network(window):
    window.files.open_example("xor")
    out = window.doc.layers[-1].id
    window.editor.push(cmd.SetActivation(out, "relu"))
    assert summary(window) == "2-2-1 (sigmoid, relu), 9 parameters"
    window.files.open_example("and")
    assert summary(window) == window.doc.network().summary()
    assert "relu" not in summary(window)


# --- numbers as typed ----------------------------------------------------------------


def test_a_typed_whole_number_stays_as_typed_while_the_field_has_the_focus(window, qtbot):
    window.files.open_example("xor")
    field = find(window.input_row, QLineEdit, "input_x1")
    type_into(qtbot, field, "3")
    assert window.doc.input[0] == 3.0
    assert field.hasFocus() and field.text() == "3"
    type_into(qtbot, field, "0.50")
    assert window.doc.input[0] == 0.5 and field.text() == "0.50"
    find(window.input_row, QLineEdit, "input_x2").setFocus()
    qtbot.waitUntil(lambda: not field.hasFocus())
    assert field.text() == "0.5"   # the field's own decimals once the focus leaves


def test_a_number_field_shows_whole_numbers_without_a_decimal_point_when_focused(qtbot):
    edit = NumberEdit("bias")
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitExposed(edit)
    edit.set_value(-2.0)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    assert edit.text() == "-2"
    edit.set_value(0.1 + 0.2)   # not a whole number: all of it, to be edited exactly
    assert edit.text() == "0.30000000000000004"


# --- a square decision map --------------------------------------------------------------


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_the_decision_map_is_square_at_laptop_sizes(window, qtbot, tmp_path, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    window.files.open_example("xor")
    qtbot.waitUntil(lambda: window.boundary.isVisible())
    vb = window.boundary.plot_item.getViewBox()
    dock, graphics, combo = window.boundary_dock, window.boundary.graphics, window.boundary.neuron_combo

    def inside(widget) -> bool:
        return dock.rect().contains(widget.mapTo(dock, widget.rect().bottomRight()))

    def settled():
        QApplication.processEvents()
        r = vb.sceneBoundingRect()
        return r.height() >= 150 and abs(r.width() / r.height() - 1) <= 0.2 and inside(graphics)

    qtbot.waitUntil(settled)
    r = vb.sceneBoundingRect()
    assert r.height() >= 150 and abs(r.width() / r.height() - 1) <= 0.2
    assert inside(graphics) and inside(combo)   # the whole plot and the controls beside it
    assert window.grab().save(str(tmp_path / f"window_{size[0]}.png"))


@pytest.mark.parametrize("size, wide", [((520, 240), True), ((300, 520), False)])
def test_the_map_stays_square_in_a_wide_or_a_tall_place(qtbot, size, wide):
    from nnapp.engine.network import Network

    view = BoundaryMap()
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.set_network(Network.dense([2, 2, 1], "sigmoid", rng=0))
    view.set_data([[0, 0], [1, 1]], [[0], [1]])
    vb = view.plot_item.getViewBox()

    def square():
        QApplication.processEvents()
        r = vb.sceneBoundingRect()
        return r.height() >= 150 and abs(r.width() / r.height() - 1) <= 0.05

    qtbot.waitUntil(square)
    page = view.stack.currentWidget()
    assert page.is_wide() is wide
    assert view.minimumSizeHint().height() <= 300   # a narrow or low window stays possible


def test_the_status_bar_counts_input_neurons_in_words(window):
    window.files.new()
    assert summary(window) == "empty network"
    window.editor.push(cmd.AddLayer(1))
    assert summary(window) == "1 input neuron: add a layer to the right"
    window.editor.push(cmd.AddNeuron(window.doc.layers[0].id))
    assert summary(window) == "2 input neurons: add a layer to the right"
