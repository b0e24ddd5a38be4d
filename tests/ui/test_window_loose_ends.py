"""Limits and recovery seen from the window's other doors.

- A layer too large to draw neuron by neuron is not "expanded" by Ctrl+E or
  by the inspector's box: the reason is shown and no undo step is pushed.
- Restoring a recovery copy goes through the same one-step install as File ▸
  Open: a view that fails puts the window's old document back and keeps the
  copy.
- The data panel's fields accept what the engine accepts, no more.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QMessageBox, QSpinBox

from nnapp.engine import datasets, settings as engine_settings
from nnapp.engine.network import Network
from nnapp.model.commands import SetCollapsed
from nnapp.model.layout import EXPAND_LIMIT
from nnapp.model.recovery import find_recoveries
from nnapp.ui.selection import Selection

from .helpers import find
from .test_autosave import edit, first_weight, left_copy, make_window
from .test_data_panel import choose, make_panel


@pytest.fixture
def wide(window):
    """The window holding a 2-500-1 network (its hidden layer is over the
    expand limit), with nothing to undo."""
    window.doc.replace(Network.dense([2, 500, 1], "sigmoid", rng=0))
    window.editor.stack.clear()
    assert window.doc.layers[1].size > EXPAND_LIMIT and window.doc.is_collapsed(1)
    return window


def test_ctrl_e_on_a_huge_layer_says_why_and_pushes_nothing(qtbot, wide):
    window = wide
    hidden = window.doc.layers[1].id
    window.scene.select(Selection(layers=(hidden,)))
    window.network_actions.toggle_collapsed()
    assert window.doc.is_collapsed(1)
    assert window.editor.stack.count() == 0            # no undo step that does nothing
    message = window.statusBar().currentMessage()
    assert message.startswith("This layer has 500 neurons; layers of more than 200 are always drawn as one block")


def test_ctrl_e_expands_the_small_layers_of_a_selection_and_names_the_huge_one(qtbot, window):
    window.doc.replace(Network.dense([2, 500, 3], "sigmoid", rng=0))
    window.editor.stack.clear()
    doc = window.doc
    output = doc.layers[2].id
    assert window.editor.push(SetCollapsed(output, True))
    window.scene.select(Selection(layers=(doc.layers[1].id, output)))
    window.network_actions.toggle_collapsed()
    assert not doc.is_collapsed(2) and doc.is_collapsed(1)
    assert window.editor.stack.count() == 2            # the collapse above, then the expand of the output layer
    assert "500 neurons" in window.statusBar().currentMessage()


def test_the_inspector_box_of_a_huge_layer_stays_checked_with_the_reason(qtbot, wide):
    window = wide
    inspector = window.inspector
    inspector.set_selection(Selection(layers=(window.doc.layers[1].id,)))
    box = find(inspector, QCheckBox, "inspector_collapsed")
    assert box.isChecked() and box.toolTip().startswith("This layer has 500 neurons")
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked() and window.doc.is_collapsed(1)
    assert window.editor.stack.count() == 0
    error = find(inspector, QLabel, "inspector_error")
    assert error.isVisible()
    assert error.text().startswith("This layer has 500 neurons; layers of more than 200")


def test_the_inspector_box_still_expands_a_small_layer(qtbot, window):
    window.doc.replace(Network.dense([2, 40, 1], "sigmoid", rng=0))   # over 32: collapsed by default
    window.editor.stack.clear()
    window.inspector.set_selection(Selection(layers=(window.doc.layers[1].id,)))
    box = find(window.inspector, QCheckBox, "inspector_collapsed")
    assert box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not window.doc.is_collapsed(1) and window.editor.stack.count() == 1


# --- restore ---------------------------------------------------------------------


def test_a_view_failing_during_restore_puts_the_old_document_back_and_keeps_the_copy(
        qtbot, settings, tmp_path):
    folder = tmp_path / "recovery"
    copy = left_copy(folder, 0.5)
    [info] = find_recoveries(folder).offered
    window = make_window(qtbot, settings, folder)          # the gender example
    edit(window, 0.25)                                     # one edit to undo
    title, weight = window.windowTitle(), first_weight(window.doc)
    assert weight == 0.25

    def failing_view():
        if window.doc.layers and first_weight(window.doc) == 0.5:    # only while the copy is in
            raise RuntimeError("a view could not follow")

    window.doc.events.reset.connect(failing_view)
    assert window.restore_recovered(info) is False
    # the window shows its old document, with its history
    assert first_weight(window.doc) == 0.25 and window.windowTitle() == title
    assert window.editor.stack.canUndo()
    window.editor.stack.undo()
    assert first_weight(window.doc) != 0.25
    # the copy is kept and the dialog says where
    assert copy.exists()
    box = window.findChild(QMessageBox, "error_dialog")
    assert box is not None and box.windowTitle() == "Cannot restore"
    assert "could not be restored" in box.text() and str(copy) in box.text()
    assert "a view could not follow" in box.text()
    box.close()
    # nothing adopted the copy: a later restore still finds it
    window.doc.events.reset.disconnect(failing_view)
    assert [r.file for r in find_recoveries(folder).offered] == [copy]


def test_restore_and_open_share_one_install(qtbot, settings, tmp_path):
    folder = tmp_path / "recovery"
    left_copy(folder, 0.5)
    [info] = find_recoveries(folder).offered
    window = make_window(qtbot, settings, folder, example=None)
    used = []
    real = window.files.install_contents
    window.files.install_contents = lambda *a, **k: used.append(1) or real(*a, **k)
    assert window.restore_recovered(info)
    assert used == [1] and first_weight(window.doc) == 0.5
    assert window.editor.is_modified()


# --- the data panel's ranges ------------------------------------------------------------


def test_the_data_panel_fields_take_the_engine_limits(qtbot, editor):
    panel = make_panel(qtbot, editor)
    assert (panel.validation_box.minimum(), panel.validation_box.maximum()) == (0, 90)
    assert panel.validation_box.maximum() == round(engine_settings.MAX_VALIDATION_SPLIT * 100)
    assert (panel.seed_box.minimum(), panel.seed_box.maximum()) == (0, engine_settings.MAX_SEED)
    choose(qtbot, find(panel, QComboBox, "data_dataset"), "circle")
    points = find(panel, QSpinBox, "data_option_n_samples")
    noise = find(panel, QDoubleSpinBox, "data_option_noise")
    seed = find(panel, QSpinBox, "data_option_seed")
    assert (points.minimum(), points.maximum()) == (2, datasets.MAX_GENERATED_SAMPLES)
    assert (noise.minimum(), noise.maximum()) == (0.0, datasets.MAX_NOISE)
    assert (seed.minimum(), seed.maximum()) == (0, engine_settings.MAX_SEED)
    # the engine accepts each end of each field
    for n, sd, s in ((2, 0.0, 0), (datasets.MAX_GENERATED_SAMPLES, datasets.MAX_NOISE, engine_settings.MAX_SEED)):
        assert datasets.load_dataset("circle", n_samples=n, noise=sd, seed=s).X.shape[0] == n
