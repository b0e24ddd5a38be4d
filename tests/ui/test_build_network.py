"""A student builds the tutorial's 2-2-1 network with mouse and keyboard only.

Five double-clicks place x1, x2 (input), h1, h2 (hidden) and o1 (output);
six drags from a neuron's ⊕ port connect them; the inspector takes every
weight (the tutorial's w = [0, 1] for each neuron) and bias (0); the input
row takes [2, 3]. Then o1 reads

    h1 = h2 = σ(0·2 + 1·3) = σ(3) = 0.95257…
    o1 = σ(0·h1 + 1·h2) = σ(0.95257…) = 0.7216…

as in the first tutorial. Then w1 is edited, undone and redone; the network
is saved, the window closed, and the file opened again in a new window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from nnapp.ui.canvas.neuron_item import RADIUS
from nnapp.ui.main_window import MainWindow
from nnapp.ui.numbers import format_number

from .helpers import double_click, type_into

POSITIONS = [(0, 0), (0, 80), (240, 0), (240, 80), (480, 40)]


def at(window, x: float, y: float):
    """Viewport coordinates of the scene point (x, y)."""
    return window.view.mapFromScene(QPointF(x, y))


def place(qtbot, window, x, y):
    double_click(qtbot, window.view.viewport(), at(window, x, y))


def click(qtbot, window, x, y, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, modifier, at(window, x, y))


def drag(qtbot, window, start, end):
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(window, *start))
    mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    qtbot.mouseMove(viewport, at(window, *mid))
    qtbot.mouseMove(viewport, at(window, *end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(window, *end))


def connect(qtbot, window, a, b):
    """Drag from the ⊕ port on the right of neuron ``a`` to neuron ``b``."""
    (ax, ay), (bx, by) = POSITIONS[a], POSITIONS[b]
    drag(qtbot, window, (ax + RADIUS, ay), (bx, by))


@pytest.fixture
def window(window):
    """The main window at 100 % zoom, centred on where the neurons go."""
    window.view.resetTransform()
    window.view.centerOn(240, 40)
    return window


def build(qtbot, window):
    for x, y in POSITIONS:
        place(qtbot, window, x, y)
    doc = window.doc
    assert [l.size for l in doc.layers] == [2, 2, 1]
    for a, b in [(0, 2), (1, 2), (0, 3), (1, 3), (2, 4), (3, 4)]:
        connect(qtbot, window, a, b)
    assert doc.n_connections() == 6
    return doc


def select_neuron(qtbot, window, n):
    x, y = POSITIONS[n]
    click(qtbot, window, x, y - 8)   # on the circle, away from the port and the bias badge


def select_connection(qtbot, window, a, b, t=0.3):
    (ax, ay), (bx, by) = POSITIONS[a], POSITIONS[b]
    sx, ex = ax + RADIUS, bx - RADIUS
    click(qtbot, window, sx + (ex - sx) * t, ay + (by - ay) * t)


def inspector_field(window, name) -> QLineEdit:
    field = window.inspector.findChild(QLineEdit, name)
    assert field is not None and field.isVisible(), name
    return field


def test_build_the_tutorial_network_and_read_0_7216(qtbot, window, tmp_path):
    doc = build(qtbot, window)
    names = [doc.neuron_name(u) for ids in doc.neuron_ids for u in ids]
    assert names == ["x1", "x2", "h1", "h2", "o1"]

    # every neuron gets w = [0, 1] and b = 0, typed into the inspector
    for a, b, w in [(0, 2, "0"), (1, 2, "1"), (0, 3, "0"), (1, 3, "1"), (2, 4, "0"), (3, 4, "1")]:
        select_connection(qtbot, window, a, b)
        assert window.scene.selection().connections, f"connection {a}→{b} not selected"
        type_into(qtbot, inspector_field(window, "inspector_weight"), w)
    for n in (2, 3, 4):
        select_neuron(qtbot, window, n)
        type_into(qtbot, inspector_field(window, "inspector_bias"), "0")

    x1, x2 = window.input_row.findChild(QLineEdit, "input_x1"), window.input_row.findChild(QLineEdit, "input_x2")
    type_into(qtbot, x1, "2")
    type_into(qtbot, x2, "3")

    o1 = window.scene.neurons[doc.neuron_ids[2][0]]
    assert format_number(o1.a) == "0.7216"
    assert o1.a == pytest.approx(0.7216325609518421, abs=1e-12)
    select_neuron(qtbot, window, 4)
    assert "0.7216" in window.inspector.findChild(object, "inspector_a").text()

    # edit w1, undo, redo
    x, h, o = doc.neuron_ids
    assert doc.weight_name(x[0], h[0]) == "w1"
    select_connection(qtbot, window, 0, 2)
    type_into(qtbot, inspector_field(window, "inspector_weight"), "0.5")
    assert doc.weight(x[0], h[0]) == 0.5
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.weight(x[0], h[0]) == 0.0
    assert format_number(o1.a) == "0.7216"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert doc.weight(x[0], h[0]) == 0.5
    assert window.isWindowModified()

    # save, close, reopen
    path = str(tmp_path / "mine.nnapp")
    window.files.choose_save_path = lambda *args: path
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert window.windowTitle() == "mine.nnapp[*] — nnapp"
    state = doc.state()
    window.close()

    again = MainWindow(window.settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    qtbot.waitUntil(again.isActiveWindow)
    again.files.choose_open_path = lambda: path
    again.view.setFocus()
    qtbot.keyClick(again.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert again.doc.state()["layers"] == state["layers"]
    assert again.doc.state()["links"] == state["links"]
    assert again.doc.input.tolist() == [2.0, 3.0]
    assert format_number(again.scene.neurons[again.doc.neuron_ids[2][0]].a) == "0.7216"
    assert again.files.recent_files()[0].endswith("mine.nnapp")


def test_connecting_right_to_left_is_refused_with_the_reason(qtbot, window):
    doc = build(qtbot, window)
    before = doc.state()
    drag(qtbot, window, (POSITIONS[4][0] + RADIUS, POSITIONS[4][1]), POSITIONS[0])
    assert doc.state() == before
    assert "right to left" in window.statusBar().currentMessage()
    drag(qtbot, window, (POSITIONS[2][0] + RADIUS, POSITIONS[2][1]), POSITIONS[3])
    assert "same layer" in window.statusBar().currentMessage()


def test_dragging_a_neuron_moves_it_in_its_column_as_one_undo_step(qtbot, window):
    doc = build(qtbot, window)
    uid = doc.neuron_ids[1][0]
    start = window.editor.stack.count()
    drag(qtbot, window, (240, -8), (262, 150))
    assert doc.neuron_position(uid) == (240.0, 158.0)       # x snapped back to the column
    assert window.scene.neurons[uid].pos() == QPointF(240, 158)
    assert window.editor.stack.count() == start + 1
    window.editor.stack.undo()
    assert doc.neuron_position(uid) == (240.0, 0.0)


def test_dropping_between_columns_makes_a_new_layer(qtbot, window):
    doc = build(qtbot, window)
    drag(qtbot, window, (240, 72), (360, 200))
    assert [l.size for l in doc.layers] == [2, 1, 1, 1]


def test_delete_key_and_rubber_band(qtbot, window):
    doc = build(qtbot, window)
    # a rubber band around the output neuron, then Delete
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at(window, 430, -40))
    qtbot.mouseMove(viewport, at(window, 470, 0))
    qtbot.mouseMove(viewport, at(window, 530, 120))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at(window, 530, 120))
    assert window.scene.selection().neurons == (doc.neuron_ids[2][0],)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert [l.size for l in doc.layers] == [2, 2]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [l.size for l in doc.layers] == [2, 2, 1]


def test_copy_paste_and_fully_connect_by_keys(qtbot, window):
    doc = build(qtbot, window)
    select_neuron(qtbot, window, 2)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert [l.size for l in doc.layers] == [2, 3, 1]
    pasted = window.scene.selection().neurons
    assert len(pasted) == 1 and doc.where(pasted[0])[0] == 1
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert doc.n_connections() == 2 * 3 + 3 * 1


def test_wheel_zoom_is_clamped_and_fit_shows_everything(qtbot, window):
    build(qtbot, window)
    view = window.view
    for _ in range(40):
        view.zoom_by(1.5)
    assert view.scale_factor() == pytest.approx(5.0)
    assert window.scene.show_values
    qtbot.keyClick(view, Qt.Key.Key_F)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(window.scene.itemsBoundingRect())


def test_opening_a_corrupted_file_shows_the_error_and_keeps_the_document(qtbot, window, tmp_path):
    doc = build(qtbot, window)
    before = doc.state()
    bad = tmp_path / "broken.nnapp"
    bad.write_text('{"format_version": 1, "network": {"dtype": "float64", "layers": [], "links": []}}')
    window.files.ask_to_save = lambda: "discard"
    window.files.choose_open_path = lambda: str(bad)
    window.actions["open"].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox)
                    or window.findChild(QMessageBox, "error_dialog") is not None)
    box = window.findChild(QMessageBox, "error_dialog")
    assert "broken.nnapp could not be opened" in box.text()
    assert "layers" in box.text()
    assert doc.state() == before
    box.close()


def test_open_example_from_the_menu_and_unsaved_changes_are_asked_about(qtbot, window):
    build(qtbot, window)
    asked = []
    window.files.ask_to_save = lambda: asked.append(True) or "cancel"
    window.findChild(object, "action_example_gender").trigger()
    assert asked and len(window.doc.layers) == 3 and window.doc.title == ""
    window.files.ask_to_save = lambda: "discard"
    window.findChild(object, "action_example_gender").trigger()
    assert window.doc.title.startswith("Predict gender")
    assert not window.isWindowModified()
