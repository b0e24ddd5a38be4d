"""Menus, dialogs and files of the window, driven as a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QSpinBox

from nnapp.engine.network import Network
from nnapp.ui.app import parse_arguments
from nnapp.ui.canvas.layer_items import BandItem, LayerBlock
from nnapp.ui.dialogs import AddLayerDialog
from nnapp.ui.selection import Selection

from .helpers import double_click


@pytest.fixture
def gender(window):
    window.files.open_example("gender")
    return window


def test_add_layer_dialog_by_keyboard(qtbot, gender):
    window = gender
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(AddLayerDialog) is not None and window.findChild(AddLayerDialog).isVisible())
    dialog = window.findChild(AddLayerDialog)
    size = dialog.findChild(QSpinBox, "layer_size")
    size.selectAll()
    qtbot.keyClicks(size, "4")
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert [l.size for l in window.doc.layers] == [2, 2, 1, 4]
    assert window.doc.layers[-1].activation == "sigmoid"
    # select one of the new neurons and fully connect its layer to the one before
    uid = window.doc.neuron_ids[3][0]
    window.scene.select(Selection(neurons=(uid,)))
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.n_connections() == 6 + 4
    assert window.summary_label.text().startswith("2-2-1-4")


def test_freeze_draws_dashed_and_is_one_undo_step(qtbot, gender):
    window = gender
    x, h, o = window.doc.neuron_ids
    window.scene.select(Selection(connections=((x[0], h[0]),)))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.doc.is_weight_frozen(x[0], h[0])
    assert window.scene.connections[(x[0], h[0])].frozen
    window.editor.stack.undo()
    assert not window.scene.connections[(x[0], h[0])].frozen


def test_context_menu_on_a_neuron_offers_its_actions(qtbot, gender):
    window = gender
    uid = window.doc.neuron_ids[1][0]
    menus = []
    window.scene.context_menu_requested.connect(lambda kind, pos: menus.append(kind))
    viewport = window.view.viewport()
    pos = window.view.mapFromScene(window.scene.neurons[uid].pos() + QPointF(0, -8))
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)))
    assert menus == ["neuron"]
    assert window.scene.selection().neurons == (uid,)
    menu = window.findChildren(QMenu, "canvas_menu")[-1]
    texts = [a.text() for a in menu.actions()]
    assert "&Fully Connect" in texts and "&Delete" in texts
    menu.close()


def test_export_png_and_svg(qtbot, gender, tmp_path):
    window = gender
    png, svg = tmp_path / "net.png", tmp_path / "net.svg"
    assert window.files.export_png(str(png))
    assert window.files.export_svg(str(svg))
    assert png.stat().st_size > 5000
    text = svg.read_text()
    assert text.startswith("<?xml") and "o1" in text


def test_recent_files_are_kept_in_the_settings_and_reopened(qtbot, gender, tmp_path):
    window = gender
    path = str(tmp_path / "g.nnapp")
    window.files.choose_save_path = lambda *a: path
    assert window.files.save_as()
    window.files.new()
    assert window.doc.is_empty()
    window.recent_menu.aboutToShow.emit()
    entries = [a for a in window.recent_menu.actions() if a.text() == "g.nnapp"]
    assert entries
    entries[0].trigger()
    assert [l.size for l in window.doc.layers] == [2, 2, 1]
    assert window.windowTitle() == "g.nnapp[*] — nnapp"


def test_large_layers_draw_collapsed_and_expand_on_double_click(qtbot, window):
    net = Network.dense([784, 128, 10], ["relu", "softmax"], init="he", rng=0)
    net.layers[0].image_shape = (28, 28)
    window.doc.replace(net)
    scene = window.scene
    assert set(scene.blocks) == {net.layers[0].id, net.layers[1].id}
    assert len(scene.neurons) == 10 and len(scene.bands) == 2
    assert "100,352 connections" in scene.bands[0].toolTip()
    block = scene.blocks[net.layers[1].id]
    pos = window.view.mapFromScene(block.pos())
    double_click(qtbot, window.view.viewport(), pos)
    assert not window.doc.is_collapsed(1)
    assert len(scene.neurons) == 138
    window.editor.stack.undo()
    assert isinstance(scene.blocks[net.layers[1].id], LayerBlock)


def test_bands_show_weight_statistics(qtbot, window):
    net = Network.dense([64, 30, 10], ["relu", "softmax"], init="he", rng=0)
    window.doc.replace(net)
    band = window.scene.bands[0]
    assert isinstance(band, BandItem)
    W = net.links[0].W
    assert band.n == W.size and band.mean == pytest.approx(W.mean())
    assert len(window.scene.connections) == 300


def test_refused_edits_reach_the_status_bar(qtbot, gender):
    window = gender
    window.editor.refused.emit("Test reason")
    assert window.statusBar().currentMessage() == "Test reason"


def test_command_line_arguments():
    args = parse_arguments(["--example", "gender", "--screenshot", "x.png"])
    assert args.example == "gender" and args.screenshot == "x.png" and args.file is None
    assert parse_arguments(["net.nnapp"]).file == "net.nnapp"


def test_help_dialog_lists_the_gestures(qtbot, window):
    window.actions["shortcuts"].trigger()
    box = QApplication.activeModalWidget() or window.findChild(object, "help_dialog")
    assert "Drag from ⊕" in box.text()
    box.close()


def test_hovering_shows_values_and_the_tooltip_names_them(qtbot, gender):
    window = gender
    window.view.resetTransform()          # 100 %: values are not written everywhere
    assert not window.scene.show_values
    x, h, o = window.doc.neuron_ids
    item = window.scene.neurons[h[0]]
    window.view.centerOn(item)
    viewport = window.view.viewport()
    qtbot.mouseMove(viewport, window.view.mapFromScene(item.pos() + QPointF(-120, -150)))  # off the item first
    qtbot.mouseMove(viewport, window.view.mapFromScene(item.pos() + QPointF(0, -8)))
    qtbot.waitUntil(lambda: item.hovered)
    assert "b1 = 1.304" in item.toolTip() and "a = sigmoid(z)" in item.toolTip()
    line = window.scene.connections[(x[0], h[0])]
    assert line.toolTip().startswith("<b>w1</b>: x1 → h1")
