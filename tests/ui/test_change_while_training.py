"""Every training knob turns while training runs: the optimizer, L2, loss
and batch size changed in the panel reach the running training (in a thread,
and in a process of its own), each change is one undoable edit of the
document, and the loss plot marks where it took effect."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Trainer
from nnapp.model.training import SetTraining
from nnapp.ui.training import controller as controller_module
from nnapp.model.training_run import spare
from nnapp.model.training_run.loop import TrainingLoop
from nnapp.ui.training.worker import ProcessTrainingWorker, TrainingWorker

from .helpers import type_into


def changes(reports):
    return {c.name: c for p in reports for c in p.changes}


def choose(box, key):
    """Pick the item whose data is ``key``, as a click in the list would."""
    index = box.findData(key)
    assert index >= 0
    box.setCurrentIndex(index)


def start_long_run(qtbot, window, epochs):
    reports = []
    window.training.reported.connect(lambda chunk: reports.extend(chunk))
    assert window.editor.push(SetTraining(dataclasses.replace(window.doc.training, epochs=epochs)))
    qtbot.mouseClick(window.training_panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(reports) > 2, timeout=15000)
    return reports


def stop(qtbot, window):
    with qtbot.waitSignal(window.training.finished, timeout=10000):
        qtbot.mouseClick(window.training_panel.stop_button, Qt.MouseButton.LeftButton)


def test_optimizer_and_l2_change_while_xor_trains(qtbot, window):
    window.files.open_example("xor")
    window.training_dock.raise_()
    panel, controller = window.training_panel, window.training
    reports = start_long_run(qtbot, window, 1_000_000)
    assert isinstance(controller.worker, TrainingWorker)
    # every setting but the seed can be turned while it runs
    for box in (panel.loss_box, panel.optimizer_box, panel.batch_box, panel.epochs_box, panel.l2_edit):
        assert box.isEnabled()
    assert not panel.seed_box.isEnabled()

    choose(panel.optimizer_box, "momentum")
    qtbot.waitUntil(lambda: "optimizer" in changes(reports), timeout=5000)
    assert window.editor.stack.undoText() == "Set optimizer"
    type_into(qtbot, panel.l2_edit, "0.001")
    qtbot.waitUntil(lambda: "l2" in changes(reports), timeout=5000)
    assert window.editor.stack.undoText() == "Set l2"
    assert controller.state == "running"
    # the trainer trains with them, and the document holds them
    trainer = controller.trainer
    assert trainer.optimizer.name == "momentum" and trainer.optimizer.l2 == 0.001
    assert trainer.settings.optimizer == "momentum" and trainer.settings.l2 == 0.001
    assert window.doc.training.optimizer == "momentum" and window.doc.training.l2 == 0.001
    seen = changes(reports)
    assert (seen["optimizer"].old, seen["optimizer"].new) == ("sgd", "momentum")
    assert seen["optimizer"].step < seen["l2"].step          # in the order they were made

    # undo while it runs: the training follows the document back to no decay
    window.editor.stack.undo()
    assert window.doc.training.l2 == 0.0
    qtbot.waitUntil(lambda: sum(c.name == "l2" for p in reports for c in p.changes) == 2, timeout=5000)
    assert [c.new for p in reports for c in p.changes if c.name == "l2"] == [0.001, 0.0]
    stop(qtbot, window)

    window.loss_plot.refresh()
    labels = [label for _, label in window.loss_plot.marks]
    assert labels == ["optimizer momentum", "L2 0.001", "L2 0"]
    xs = [x for x, _ in window.loss_plot.marks]
    assert xs == sorted(xs) and 0 < xs[0] <= reports[-1].epoch       # xor trains full batches: x in epochs
    assert all(line.isVisible() for *_, line in window.loss_plot._marks)


def test_a_loss_the_targets_do_not_fit_is_refused_while_training(qtbot, window):
    window.files.open_example("xor")
    window.training_dock.raise_()
    panel = window.training_panel
    reports = start_long_run(qtbot, window, 1_000_000)
    undo_text = window.editor.stack.undoText()
    choose(panel.loss_box, "cce")          # xor has one output of 0 or 1: not one class per row
    assert panel.error_label.isVisible() and panel.error_label.text()
    assert panel.loss_box.currentData() == "sse" and window.doc.training.loss == "sse"
    assert window.editor.stack.undoText() == undo_text
    choose(panel.loss_box, "mse")
    qtbot.waitUntil(lambda: "loss" in changes(reports), timeout=5000)
    assert window.training.trainer.loss.name == "mse"
    stop(qtbot, window)
    assert [label for _, label in window.loss_plot.marks] == ["loss mse"]


@pytest.fixture
def spare_processes(monkeypatch):
    monkeypatch.setattr(controller_module, "SPARE_PROCESS", True)
    spare.discard()
    yield
    spare.discard()


def test_optimizer_l2_and_batch_size_change_in_a_training_process(qtbot, window, spare_processes):
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, (64, 784))
    Y = np.eye(10)[rng.integers(0, 10, 64)]
    net = Network.dense([784, 16, 10], ["relu", "softmax"], init="he", rng=2)    # 12,730 parameters
    window.doc.replace(net, data={"inputs": X.tolist(), "targets": Y.tolist()},
                       training=TrainingSettings(loss="cce", learning_rate=0.1, epochs=5, batch_size=16, seed=4))
    window.training_dock.raise_()
    panel, controller = window.training_panel, window.training
    reports = start_long_run(qtbot, window, 100_000)
    assert isinstance(controller.worker, ProcessTrainingWorker)

    choose(panel.optimizer_box, "adam")
    type_into(qtbot, panel.l2_edit, "0.0001")
    panel.batch_box.setValue(32)
    panel.batch_box.editingFinished.emit()
    qtbot.waitUntil(lambda: {"optimizer", "l2", "batch_size"} <= set(changes(reports)), timeout=10000)
    seen = changes(reports)
    assert seen["optimizer"].new == "adam" and seen["l2"].new == 0.0001 and seen["batch_size"].new == 32
    # the batch size waits for an epoch to end, then an epoch has 2 batches of 32
    assert seen["batch_size"].epoch == int(seen["batch_size"].epoch)
    qtbot.waitUntil(lambda: reports[-1].batches == 2, timeout=5000)
    assert window.doc.training.optimizer == "adam" and window.doc.training.batch_size == 32
    stop(qtbot, window)
    window.loss_plot.refresh()
    labels = {label for _, label in window.loss_plot.marks}
    assert {"optimizer adam", "L2 0.0001", "batch 32"} <= {part for label in labels for part in label.split(", ")}
    xs = [x for x, _ in window.loss_plot.marks]
    assert window.loss_plot.x_unit == "batch" and all(0 < x <= reports[-1].step for x in xs)


def test_tooltips_say_what_the_setting_does_and_when_it_applies(window):
    panel = window.training_panel
    assert "next batch" in panel.loss_box.toolTip() and "error" in panel.loss_box.toolTip()
    assert "next batch" in panel.optimizer_box.toolTip() and "momentum" in panel.optimizer_box.toolTip()
    assert "next epoch" in panel.batch_box.toolTip()
    assert "times training goes through" in panel.epochs_box.toolTip()
    assert "next batch" in panel.l2_edit.toolTip() and "next batch" in panel.lr_edit.toolTip()


def run_loop(trainer, settings):
    """A paused TrainingLoop given ``settings`` before its first batch, then
    let go; the messages it sent and its last report."""
    loop = TrainingLoop(trainer, start_paused=True)
    loop.set_settings(settings)
    messages = []
    loop.resume()
    last = loop.run(lambda kind, payload: messages.append((kind, payload)))
    return messages, last


def xor_trainer():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [1], [1], [0]], float)
    net = Network.dense([2, 2, 1], ["sigmoid", "sigmoid"], init="xavier", rng=0)
    return Trainer(net, X, Y, TrainingSettings(loss="mse", epochs=3, batch_size=0, shuffle=False))


def test_the_loop_follows_settings_given_before_the_first_batch():
    trainer = xor_trainer()
    messages, last = run_loop(trainer, dataclasses.replace(trainer.settings, optimizer="adam", epochs=5))
    reports = [p for kind, payload in messages if kind == "reported" for p in payload]
    first = reports[0]
    assert [(c.name, c.new, c.step) for c in first.changes] == [("optimizer", "adam", 0)]
    assert last.epoch == 5 and trainer.optimizer.name == "adam" and trainer.optimizer.t == 5


def test_the_loop_says_which_settings_it_cannot_follow_and_goes_on():
    trainer = xor_trainer()
    messages, last = run_loop(trainer, dataclasses.replace(trainer.settings, loss="cce", l2=0.5))
    refused = [payload for kind, payload in messages if kind == "refused"]
    assert len(refused) == 1 and refused[0][:1].isupper()
    assert last.stopped == "finished" and trainer.loss.name == "mse" and trainer.optimizer.l2 == 0.0
