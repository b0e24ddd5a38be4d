"""The "Test results" and "First-layer weights" docks on the digit examples:
what a student sees after opening or training a digit network."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnapp.model.data import SetData
from nnapp.model.evaluation import evaluate
from nnapp.model.training import parameter_arrays

from .helpers import double_click


@pytest.fixture
def digits(qtbot, window):
    """The window with the digits8 example open and its test results in sight."""
    window.files.open_example("digits8")
    window.evaluation_dock.raise_()
    panel = window.evaluation_panel
    qtbot.waitUntil(lambda: panel.evaluation is not None)     # it evaluates by itself once in sight
    # the window makes room for the results (the bottom docks take the corner from the digit pad)
    area = window.evaluation_dock.widget()
    qtbot.waitUntil(lambda: panel.width() == area.viewport().width() >= panel.minimumSizeHint().width())
    return window


def click(qtbot, widget, point):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point.toPoint() if hasattr(point, "toPoint") else point)


def test_evaluate_shows_the_accuracy_the_matrix_and_the_mistakes(qtbot, digits):
    panel = digits.evaluation_panel
    expected = evaluate(digits.doc)
    with qtbot.waitSignal(panel.evaluated):
        click(qtbot, panel.evaluate_button, panel.evaluate_button.rect().center())
    ev = panel.evaluation
    assert panel.accuracy_label.text() == f"{100 * expected.accuracy:.1f} %"
    assert expected.accuracy >= 0.95
    assert panel.source_label.text() == "359 test rows of Digits 8×8"
    n_wrong = 359 - np.trace(ev.confusion)
    assert panel.counts_label.text() == f"{359 - n_wrong} right, {n_wrong} wrong"
    assert np.array_equal(panel.matrix.counts, expected.confusion) and panel.matrix.isVisible()
    # the gallery holds every mistake, most confident first
    assert panel.gallery.count() == n_wrong == len(expected.mistakes())
    assert panel.gallery.keys() == list(expected.mistakes())
    assert panel.gallery_title.text() == f"Mistakes: {n_wrong} of 359, most confident first"
    first = panel.gallery.model().index(0).data(Qt.ItemDataRole.DisplayRole)
    r = expected.mistakes()[0]
    assert first == (f"{expected.labels[r]} → {expected.predicted[r]}\n"
                     f"p = {expected.probabilities[r].max():.2f}")


def test_a_click_on_a_cell_shows_exactly_its_images(qtbot, digits):
    panel = digits.evaluation_panel
    ev = panel.evaluation
    matrix = panel.matrix
    i, j = (int(a) for a in np.argwhere((ev.confusion > 0) & ~np.eye(10, dtype=bool))[0])
    centre = matrix.cell_rect(i, j).center()
    qtbot.mouseMove(matrix, centre.toPoint())
    qtbot.waitUntil(lambda: panel.hover_label.text() != "")
    count = ev.confusion[i, j]
    assert panel.hover_label.text() == f"true {i}, predicted {j}: {count} row" + ("s" if count != 1 else "")
    click(qtbot, matrix, centre)
    assert panel.gallery.keys() == list(ev.cell(i, j))
    assert panel.gallery_title.text() == panel.hover_label.text()
    assert matrix.selected == (i, j)
    # a cell on the diagonal: the fours the network gets right (34 of the 36)
    click(qtbot, matrix, matrix.cell_rect(4, 4).center())
    assert panel.gallery.count() == ev.confusion[4, 4] == 34
    assert all(ev.labels[k] == 4 and ev.predicted[k] == 4 for k in panel.gallery.keys())
    # and back to the mistakes
    assert panel.mistakes_button.isVisible()
    click(qtbot, panel.mistakes_button, panel.mistakes_button.rect().center())
    assert panel.gallery.keys() == list(ev.mistakes()) and matrix.selected is None


def test_a_click_on_a_picture_feeds_that_row_to_the_network(qtbot, digits):
    panel = digits.evaluation_panel
    ev = panel.evaluation
    gallery = panel.gallery
    index = gallery.model().index(1)
    row = gallery.keys()[1]
    click(qtbot, gallery.viewport(), gallery.visualRect(index).center())
    assert np.array_equal(digits.doc.input, ev.rows.inputs[row])
    # the canvas computes it: the output the document shows is the network's answer for that row
    assert int(np.argmax(digits.doc.forward().output[0])) == ev.predicted[row]
    assert f"Test row {row + 1}" in digits.statusBar().currentMessage()


def test_the_first_layer_weights_are_30_pictures_and_a_click_selects_the_neuron(qtbot, digits):
    digits.weight_images_dock.raise_()
    view = digits.weight_images
    qtbot.waitUntil(lambda: view.grid.count() == 30)
    assert view.grid.names[:3] == ["h1", "h2", "h3"]
    assert view.grid.rgb.shape == (30, 8, 8, 3)
    # the example opens with its hidden layer as a strip: a click says how to reach one neuron
    assert digits.doc.is_collapsed(1)
    click(qtbot, view.grid, view.grid.tile_rect(2).center())
    assert "expand the layer" in digits.statusBar().currentMessage()
    # expanded (a double-click on the strip), the click selects the neuron
    block = digits.scene.blocks[digits.doc.layers[1].id]
    double_click(qtbot, digits.view.viewport(), digits.view.mapFromScene(block.pos()))
    assert not digits.doc.is_collapsed(1)
    click(qtbot, view.grid, view.grid.tile_rect(2).center())
    h3 = digits.doc.neuron_ids[1][2]
    assert digits.scene.selection().neurons == (h3,)
    assert view.grid.selected == 2
    # the picture's colours are the weights into h3: orange where W > 0, blue where W < 0
    W = digits.doc.links[0].W[:, 2].reshape(8, 8)
    rgb = view.grid.rgb[2].astype(int)
    assert np.all((rgb[..., 2] < rgb[..., 0])[W > 0.1 * np.abs(W).max()])    # orange: more red than blue
    assert np.all((rgb[..., 2] > rgb[..., 0])[W < -0.1 * np.abs(W).max()])   # blue: more blue than red
    # one scale for all: the key shows its ±|w|, and a neuron weaker than the typical one looks paler
    assert view.key.scale is None
    click(qtbot, view.shared_box, view.shared_box.rect().center())
    assert view.shared_box.isChecked() and view.key.scale == view.weights.shared_scale
    weakest = int(np.argmin(view.weights.scales))
    paleness = view.grid.rgb[weakest].astype(int).sum()
    click(qtbot, view.shared_box, view.shared_box.rect().center())
    assert view.grid.rgb[weakest].astype(int).sum() < paleness                # its own scale: stronger colours


def test_training_updates_the_results_and_the_weight_pictures(qtbot, digits):
    window, panel = digits, digits.evaluation_panel
    before = panel.evaluation
    window.doc.training.epochs = 1
    results = []
    panel.evaluated.connect(results.append)
    with qtbot.waitSignal(window.training.finished, timeout=30000):
        window.training.start()
    qtbot.waitUntil(lambda: results and results[-1] is not None
                    and np.array_equal(results[-1].probabilities, evaluate(window.doc).probabilities))
    assert not np.allclose(panel.evaluation.probabilities, before.probabilities)
    assert panel.gallery.count() == panel.evaluation.n_rows - panel.evaluation.n_correct
    # the weight pictures were out of sight: they follow when shown
    window.weight_images_dock.raise_()
    view = window.weight_images
    qtbot.waitUntil(lambda: view.weights is not None and np.array_equal(
        view.weights.images.reshape(30, 64).T, parameter_arrays(window.doc)[0]))


def test_data_without_pictures_shows_the_matrix_only(qtbot, window):
    window.files.open_example("gender")
    panel = window.evaluation_panel
    with qtbot.waitSignal(panel.evaluated):
        window.evaluation_dock.raise_()
    assert panel.evaluation is None and panel.problem_label.isVisible()
    assert "Gender from weight and height has no test rows" in panel.problem_label.text()
    assert not panel.matrix.isVisible()
    window.editor.push(SetData({"dataset": "gender"}, validation_split=0.5))
    qtbot.waitUntil(lambda: panel.evaluation is not None)
    assert panel.source_label.text() == "2 validation rows of Gender from weight and height"
    assert panel.matrix.isVisible() and panel.matrix.names == ["male", "female"]
    assert not panel.gallery_box.isVisible() and not panel.problem_label.isVisible()
    window.weight_images_dock.raise_()
    qtbot.waitUntil(lambda: window.weight_images.problem != "")
    assert "not the pixels of an image" in window.weight_images.title.text()
