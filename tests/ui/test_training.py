"""Training in the window: it runs off the GUI thread, can be paused,
stepped and stopped, and its result is one undoable edit."""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer, Qt

from nnapp.model.commands import AddLayer
from nnapp.model.training import SetTraining, parameter_arrays
from nnapp.ui.selection import Selection

from .helpers import find, type_into


@pytest.fixture
def xor(window):
    window.files.open_example("xor")
    window.training_dock.raise_()
    return window


def weights(doc):
    return [a.copy() for a in parameter_arrays(doc)]


def set_epochs(window, epochs):
    """Set the epochs as a person would: through a command the panel follows.

    Start trains with what the panel shows, so a value written straight into
    ``doc.training`` (no event) would be replaced by the panel's own.
    """
    doc = window.doc
    assert window.editor.push(SetTraining(dataclasses.replace(doc.training, epochs=epochs)))
    assert window.training_panel.epochs_box.value() == epochs


def test_training_xor_keeps_the_event_loop_serving_and_undo_restores(qtbot, xor):
    window = xor
    doc = window.doc
    before = weights(doc)
    reports, ticks = [], []
    window.training.reported.connect(lambda chunk: reports.extend(chunk))
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(5)
    with qtbot.waitSignal(window.training.finished, timeout=30000):
        qtbot.mouseClick(window.training_panel.start_button, Qt.MouseButton.LeftButton)
        assert window.training.state == "running"
        assert not window.view.isInteractive()
    timer.stop()
    assert len(reports) == 10000 and reports[-1].stopped == "finished"
    assert len(ticks) >= 5                       # the GUI thread went on serving timers meanwhile
    assert reports[-1].loss < 0.01
    assert window.editor.stack.undoText() == "Train 10000 epochs"
    trained = weights(doc)
    assert not all(np.array_equal(a, b) for a, b in zip(before, trained))
    assert window.view.isInteractive()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(np.array_equal(a, b) for a, b in zip(before, weights(doc)))


def test_pause_step_and_stop(qtbot, xor):
    window, controller = xor, xor.training
    set_epochs(window, 1_000_000)
    reports = []
    controller.reported.connect(lambda chunk: reports.extend(chunk))
    qtbot.mouseClick(window.training_panel.start_button, Qt.MouseButton.LeftButton)
    assert controller.trainer.settings.epochs == 1_000_000
    qtbot.waitUntil(lambda: len(reports) > 0)
    # the plot is drawn from its timer while training goes on
    qtbot.waitUntil(lambda: window.loss_plot.epoch_curve.getData()[1] is not None
                    and len(window.loss_plot.epoch_curve.getData()[1]) > 0)
    assert controller.state == "running"
    with qtbot.waitSignal(controller.state_changed, check_params_cb=lambda s: s == "paused"):
        qtbot.mouseClick(window.training_panel.pause_button, Qt.MouseButton.LeftButton)
    n = len(reports)
    qtbot.mouseClick(window.training_panel.step_epoch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(reports) == n + 1)
    assert reports[-1].epoch_finished
    # editing is refused while training runs, with the reason
    assert not window.editor.push(AddLayer(2))
    assert "training is running" in window.statusBar().currentMessage().lower()
    start = time.perf_counter()
    with qtbot.waitSignal(controller.finished, timeout=2000):
        qtbot.mouseClick(window.training_panel.stop_button, Qt.MouseButton.LeftButton)
    assert time.perf_counter() - start < 0.2 * 5   # generous on a loaded machine; typically a few ms
    assert controller.state == "idle"
    assert window.editor.stack.undoText().startswith("Train")


def test_stop_takes_effect_quickly_on_a_running_network(qtbot, xor):
    window, controller = xor, xor.training
    set_epochs(window, 1_000_000)
    qtbot.mouseClick(window.training_panel.start_button, Qt.MouseButton.LeftButton)
    assert controller.trainer.settings.epochs == 1_000_000
    qtbot.waitUntil(lambda: controller.epochs_done > 10)
    start = time.perf_counter()
    controller.stop()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=2000)
    assert time.perf_counter() - start < 0.2


def test_closing_the_window_while_training_exits_cleanly(qtbot, xor):
    window, controller = xor, xor.training
    set_epochs(window, 1_000_000)
    qtbot.mouseClick(window.training_panel.start_button, Qt.MouseButton.LeftButton)
    assert controller.trainer.settings.epochs == 1_000_000
    qtbot.waitUntil(lambda: controller.epochs_done > 10)
    thread = controller.thread
    start = time.perf_counter()
    window.close()
    assert time.perf_counter() - start < 1.0
    assert thread.isFinished()
    assert window.editor.stack.undoText().startswith("Train")


def test_learning_rate_field_refuses_nonsense_and_reaches_the_document(qtbot, xor):
    panel = xor.training_panel
    lr = find(panel, type(panel.lr_edit), "train_lr")
    type_into(qtbot, lr, "abc")
    assert "learning rate" in panel.error_label.text()
    assert xor.doc.training.learning_rate == 0.5
    type_into(qtbot, lr, "0.25")
    assert xor.doc.training.learning_rate == 0.25
    assert xor.editor.stack.undoText() == "Set learning rate"


def test_divergence_stops_with_an_explanation(qtbot, xor):
    window = xor
    doc = window.doc
    from nnapp.model.commands import SetActivation

    window.editor.push(SetActivation(doc.layers[-1].id, "identity"))   # an output that can run away
    doc.training.learning_rate = 50.0
    with qtbot.waitSignal(window.training.finished, timeout=10000) as blocker:
        window.training.start()
    last = blocker.args[0]
    assert last.stopped == "diverged"
    assert "learning rate smaller than" in window.training_panel.status_label.text()
    assert all(np.all(np.isfinite(a)) for a in parameter_arrays(doc))


def test_no_data_is_explained(qtbot, window):
    window.files.open_example("feedforward")
    window.training.start()
    assert "choose the data" in window.statusBar().currentMessage().lower()
    assert window.training.state == "idle"


def test_the_loss_plot_follows_training(qtbot, xor):
    window = xor
    with qtbot.waitSignal(window.training.finished, timeout=30000):
        window.training.start()
    window.loss_plot.refresh()
    assert window.loss_plot.n_epoch_points == 10000
    x, y = window.loss_plot.epoch_curve.getData()
    assert len(y) > 0 and y[-1] < 0.01


def test_reset_goes_back_to_the_weights_before_the_first_run(qtbot, xor):
    window, controller = xor, xor.training
    before = weights(window.doc)
    window.doc.training.epochs = 50
    for _ in range(2):
        with qtbot.waitSignal(controller.finished, timeout=10000):
            controller.start()
    assert controller.can_reset()
    assert window.loss_plot.n_epoch_points == 50
    window.training_panel.reset_same_action.trigger()
    assert all(np.array_equal(a, b) for a, b in zip(before, weights(window.doc)))
    assert window.loss_plot.n_epoch_points == 0
    assert window.editor.stack.undoText() == "Reset to the weights before training"
    assert not controller.can_reset()


def test_the_decision_map_follows_training_and_the_selected_neuron(qtbot, xor):
    window = xor
    boundary = window.boundary
    window.boundary_dock.show()
    window.boundary_dock.raise_()
    assert boundary.net is not None and len(boundary._data[0]) == 4
    first = boundary.n_refreshes
    with qtbot.waitSignal(window.training.finished, timeout=30000):
        window.training.start()
    qtbot.waitUntil(lambda: boundary.n_refreshes > first)
    boundary.refresh()
    grid = boundary.grid_values()
    assert grid.min() < 0.1 and grid.max() > 0.9          # trained xor: both classes on the map
    h1 = window.doc.neuron_ids[1][0]
    window.scene.select(Selection(neurons=(h1,)))
    assert boundary.neuron() == (1, 0)


def test_choosing_data_in_the_data_dock_then_training(qtbot, window):
    from nnapp.engine.network import Network

    window.doc.replace(Network.dense([2, 4, 1], "sigmoid", rng=1))
    panel = window.data_panel
    combo = find(panel, type(panel.findChild(object, "data_dataset")), "data_dataset")
    index = combo.findData("circle") if combo.findData("circle") >= 0 else next(
        i for i in range(combo.count()) if "circle" in combo.itemText(i).lower())
    combo.setCurrentIndex(index)
    combo.activated.emit(index)          # what a click in its list sends
    qtbot.waitUntil(lambda: window.doc.data is not None and window.doc.data.get("dataset") == "circle")
    window.doc.training.epochs = 5
    window.doc.training.loss = "bce"
    with qtbot.waitSignal(window.training.finished, timeout=10000) as blocker:
        window.training.start()
    assert blocker.args[0].stopped == "finished"
    assert window.boundary.net is not None and len(window.boundary._data[0]) > 0


def test_garbage_is_collected_on_the_gui_thread_while_training_runs(qtbot, xor):
    # Qt objects collected by the worker thread could deadlock it against the GUI thread
    import gc

    window, controller = xor, xor.training
    window.doc.training.epochs = 1_000_000
    assert gc.isenabled() and gc.get_freeze_count() == 0
    controller.start()
    qtbot.waitUntil(lambda: controller.epochs_done > 10)
    # what existed before is left alone while training runs
    assert not gc.isenabled() and gc.get_freeze_count() > 0
    with qtbot.waitSignal(controller.finished, timeout=2000):
        controller.stop()
    assert gc.isenabled() and gc.get_freeze_count() == 0
