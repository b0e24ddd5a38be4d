"""Training in the window that went wrong says so where its result is shown,
the way a diverged run does; targets the loss cannot use stop it at Start."""

from __future__ import annotations

import pytest

from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.model.commands import SetActivation


@pytest.fixture
def xor(window):
    window.files.open_example("xor")
    window.training_dock.raise_()
    return window


def train_to_the_end(qtbot, window):
    with qtbot.waitSignal(window.training.finished, timeout=20000) as blocker:
        assert window.training.start()
    return blocker.args[0]


def test_a_huge_learning_rate_ends_with_a_warning_then_a_good_run_clears_it(qtbot, xor):
    window, panel = xor, xor.training_panel
    window.doc.training.learning_rate = 1000.0
    window.doc.training.epochs = 200
    last = train_to_the_end(qtbot, window)
    assert last.stopped == "finished"
    status = panel.status_label.text()
    assert status.startswith("Finished 200 epochs; training loss 0.25")
    assert "Training made the network worse: the loss rose from 0.1877 to 0.25" in status
    assert "such as 0.1 or less" in status
    assert panel.status_label.property("warning") is True
    assert "made the network worse" in window.statusBar().currentMessage()
    # the result is still one undoable edit, and Reset goes back to where it started
    assert window.editor.stack.undoText() == "Train 200 epochs"

    window.training.reset()
    window.doc.training.learning_rate = 0.5
    last = train_to_the_end(qtbot, window)
    assert last.warning == ""
    assert panel.status_label.property("warning") is False
    assert "worse" not in panel.status_label.text()


def test_stopping_a_run_that_got_worse_says_so(qtbot, xor):
    window, controller = xor, xor.training
    window.doc.training.learning_rate = 1000.0
    window.doc.training.epochs = 1_000_000
    assert controller.start()
    qtbot.waitUntil(lambda: controller.epochs_done >= 20, timeout=10000)
    with qtbot.waitSignal(controller.finished, timeout=10000) as blocker:
        controller.stop()
    last = blocker.args[0]
    assert last.stopped == "stopped"
    assert last.warning.startswith("Training made the network worse")
    text = window.training_panel.status_label.text()
    assert text.startswith("Stopped. Training made the network worse")
    assert window.training_panel.status_label.property("warning") is True


def test_a_diverged_run_looks_the_same(qtbot, xor):
    window = xor
    window.editor.push(SetActivation(window.doc.layers[-1].id, "identity"))
    window.doc.training.learning_rate = 50.0
    last = train_to_the_end(qtbot, window)
    assert last.stopped == "diverged"
    assert "such as 0.1 or less" in window.training_panel.status_label.text()
    assert window.training_panel.status_label.property("warning") is True


def test_targets_of_no_class_are_refused_at_start(qtbot, window):
    window.doc.replace(
        Network.dense([2, 2], "softmax", rng=0),
        training=TrainingSettings(loss="cce", learning_rate=0.1, epochs=5),
        data={"inputs": [[0, 0], [1, 1]], "targets": [[1, 0], [1, 1]]},
    )
    assert not window.training.start()
    assert window.training.state == "idle"
    text = window.training_panel.status_label.text()
    assert text.startswith("Categorical cross-entropy needs one class per sample")
    assert "(1, 1) sums to 2" in text and "binary cross-entropy (bce)" in text
