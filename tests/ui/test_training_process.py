"""A large network trains in a process of its own: the same weights as the
engine alone, pause, step, stop, a new learning rate, closing the window,
and a process that dies."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Trainer
from nnapp.model.training import SetTraining, parameter_arrays
from nnapp.ui.training import controller as controller_module
from nnapp.model.training_run import spare
from nnapp.engine.cores import split_cores, usable_cores
from nnapp.ui.training.worker import ProcessTrainingWorker, TrainingWorker

N_ROWS = 64


def data():
    rng = np.random.default_rng(3)
    X = rng.uniform(0, 1, (N_ROWS, 784))
    Y = np.eye(10)[rng.integers(0, 10, N_ROWS)]
    return X, Y


def settings(epochs: int) -> TrainingSettings:
    return TrainingSettings(loss="cce", optimizer="sgd", learning_rate=0.1, epochs=epochs, batch_size=16,
                            shuffle=True, seed=4)


def network() -> Network:
    # 784·16 + 16 + 16·10 + 10 = 12,730 parameters: more than a thread takes
    return Network.dense([784, 16, 10], ["relu", "softmax"], init="he", rng=2)


@pytest.fixture(autouse=True)
def spare_processes(monkeypatch):
    """Training processes wait ahead of time, as in the app; none is left over."""
    monkeypatch.setattr(controller_module, "SPARE_PROCESS", True)
    spare.discard()
    yield
    spare.discard()


@pytest.fixture
def big(window):
    X, Y = data()
    window.doc.replace(network(), data={"inputs": X.tolist(), "targets": Y.tolist()}, training=settings(5))
    assert window.doc.network().n_parameters() > controller_module.PROCESS_ABOVE
    window.training_dock.raise_()
    return window


def weights(doc):
    return [a.copy() for a in parameter_arrays(doc)]


def test_a_large_network_trains_in_a_process_to_the_engines_weights(qtbot, big):
    window, controller = big, big.training
    before = weights(window.doc)
    reports = []
    controller.reported.connect(lambda chunk: reports.extend(chunk))
    with qtbot.waitSignal(controller.finished, timeout=30000):
        qtbot.mouseClick(window.training_panel.start_button, Qt.MouseButton.LeftButton)
        assert isinstance(controller.worker, ProcessTrainingWorker)
    assert reports[-1].stopped == "finished" and reports[-1].epoch == 5
    assert window.editor.stack.undoText() == "Train 5 epochs"
    # the same run with the engine alone, in this process
    X, Y = data()
    trainer = Trainer(network(), X, Y, settings(5))
    for _ in trainer.run():
        pass
    for got, want in zip(weights(window.doc), trainer.network.arrays()):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-10)
    window.editor.stack.undo()
    assert all(np.array_equal(a, b) for a, b in zip(before, weights(window.doc)))


def test_a_small_network_still_trains_in_a_thread(qtbot, window):
    window.files.open_example("xor")
    window.doc.training.epochs = 10
    with qtbot.waitSignal(window.training.finished, timeout=10000):
        window.training.start()
        assert isinstance(window.training.worker, TrainingWorker)


def test_pause_step_a_new_learning_rate_and_stop(qtbot, big):
    window, controller = big, big.training
    window.doc.training.epochs = 100_000
    reports, snapshots = [], []
    controller.reported.connect(lambda chunk: reports.extend(chunk))
    controller.parameters_shown.connect(snapshots.append)
    controller.start(paused=True)
    qtbot.waitUntil(lambda: controller.state == "paused" and len(snapshots) > 0, timeout=10000)
    assert reports == []
    # one batch, then paused again
    controller.step("batch")
    qtbot.waitUntil(lambda: len(reports) == 1 and controller.state == "paused", timeout=5000)
    assert reports[-1].step == 1
    # a learning rate of 1e-12 barely moves the weights over a whole epoch
    shown = len(snapshots)
    # the one way a setting reaches a run: a SetTraining command on the document
    assert window.editor.push(SetTraining(dataclasses.replace(window.doc.training, learning_rate=1e-12)))
    controller.step("epoch")
    qtbot.waitUntil(lambda: reports[-1].epoch_finished and len(snapshots) > shown, timeout=5000)
    qtbot.waitUntil(lambda: controller.state == "paused", timeout=5000)
    for a, b in zip(snapshots[shown - 1], snapshots[-1]):
        assert np.max(np.abs(a - b)) < 1e-9
    start = time.perf_counter()
    with qtbot.waitSignal(controller.finished, timeout=3000):
        qtbot.mouseClick(window.training_panel.stop_button, Qt.MouseButton.LeftButton)
    assert time.perf_counter() - start < 1.0
    assert controller.state == "idle" and window.editor.stack.undoText().startswith("Train")


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(usable_cores()) < 2,
                    reason="needs a system that pins threads to cores, and two cores")
def test_the_process_trains_on_cores_the_window_leaves_it(qtbot, big):
    window, controller = big, big.training
    window.doc.training.epochs = 100_000
    everywhere = usable_cores()
    window_cores, training_cores = split_cores(everywhere)
    controller.start()
    qtbot.waitUntil(lambda: controller.epochs_done > 0, timeout=10000)
    pid = controller.worker.process.pid
    child_threads = [set(os.sched_getaffinity(int(tid))) for tid in os.listdir(f"/proc/{pid}/task")]
    window_threads = [set(os.sched_getaffinity(int(tid))) for tid in os.listdir("/proc/self/task")]
    with qtbot.waitSignal(controller.finished, timeout=3000):
        controller.stop()
    assert child_threads and all(cores == training_cores for cores in child_threads)
    assert all(cores == window_cores for cores in window_threads)
    # every thread of the window may use every core again
    assert all(set(os.sched_getaffinity(int(tid))) == everywhere for tid in os.listdir("/proc/self/task"))


def test_a_spare_process_waits_for_a_large_network_and_takes_its_run(qtbot, big):
    window, controller = big, big.training
    assert spare.has_spare()        # started when the large network came in
    waiting = spare._spare.process
    with qtbot.waitSignal(controller.finished, timeout=30000):
        controller.start()
    assert window.editor.stack.undoText() == "Train 5 epochs"
    assert not waiting.is_alive()       # it trained, and ended
    # another one waits for the next run
    assert spare.has_spare() and spare._spare.process.pid != waiting.pid


def test_no_spare_process_for_a_small_network(qtbot, window):
    window.files.open_example("xor")
    assert not spare.has_spare()


def test_stop_takes_effect_quickly_in_a_process(qtbot, big):
    window, controller = big, big.training
    window.doc.training.epochs = 100_000
    controller.start()
    qtbot.waitUntil(lambda: controller.epochs_done > 2, timeout=10000)
    start = time.perf_counter()
    controller.stop()
    qtbot.waitUntil(lambda: controller.state == "idle", timeout=2000)
    assert time.perf_counter() - start < 0.2
    assert window.editor.stack.undoText().startswith("Train")


def test_stop_right_after_start_reaches_the_process(qtbot, big):
    # the stop is asked before the job is even sent: it waits, and follows the job
    controller = big.training
    big.doc.training.epochs = 100_000
    with qtbot.waitSignal(controller.finished, timeout=5000) as blocker:
        controller.start()
        controller.stop()
    last = blocker.args[0]
    assert last is None or last.stopped == "stopped"
    assert controller.state == "idle"


def test_closing_the_window_while_a_process_trains(qtbot, big):
    window, controller = big, big.training
    window.doc.training.epochs = 100_000
    controller.start()
    qtbot.waitUntil(lambda: controller.epochs_done > 2, timeout=10000)
    process = controller.worker.process
    start = time.perf_counter()
    window.close()
    assert time.perf_counter() - start < 1.5
    process.join(1.0)
    assert not process.is_alive()
    assert window.editor.stack.undoText().startswith("Train")
    assert not spare.has_spare()        # nothing waits for a window that is gone


def test_a_process_that_dies_is_reported_and_the_weights_go_back(qtbot, big):
    window, controller = big, big.training
    window.doc.training.epochs = 100_000
    before = weights(window.doc)
    messages = []
    controller.message.connect(messages.append)
    controller.start()
    qtbot.waitUntil(lambda: controller.epochs_done > 0, timeout=10000)
    with qtbot.waitSignal(controller.finished, timeout=5000):
        controller.worker.process.kill()
    assert any("ended unexpectedly" in m for m in messages)
    assert controller.state == "idle" and not window.editor.locked
    # a run that failed leaves no edit behind: the weights from before it
    assert window.editor.stack.count() == 0
    assert all(np.array_equal(a, b) for a, b in zip(before, weights(window.doc)))


def test_the_training_process_imports_no_qt():
    code = ("import sys; import nnapp.model.training_run.child; "
            "print(any(m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def sleep_holding_the_pipes(requests, messages) -> None:
    """A training process that never trains (it keeps the pipes open, reads nothing and sleeps)."""
    time.sleep(60)


def stuck_worker(monkeypatch, timeout: float):
    """A process worker whose process never reads its job."""
    from nnapp.ui.training import worker as worker_module

    monkeypatch.setattr(worker_module, "START_TIMEOUT", timeout)
    monkeypatch.setattr(spare, "take", lambda: spare.TrainingProcess(target=sleep_holding_the_pipes))
    X, Y = data()
    worker = ProcessTrainingWorker(Trainer(network(), X, Y, settings(1)))
    failed, finished = [], []
    worker.failed.connect(failed.append)
    worker.finished.connect(finished.append)
    return worker, failed, finished


def test_a_process_that_never_starts_is_given_up(monkeypatch):
    worker, failed, finished = stuck_worker(monkeypatch, 1.0)
    start = time.perf_counter()
    worker.run()        # in this thread: the signals arrive at once
    assert time.perf_counter() - start < 1.0 + 2.0
    assert failed and "did not start" in failed[0] and finished == [None]
    assert not worker.process.is_alive()


def test_stop_ends_a_process_that_does_not_answer(monkeypatch):
    worker, failed, finished = stuck_worker(monkeypatch, 30.0)
    worker.stop()
    start = time.perf_counter()
    worker.run()
    assert time.perf_counter() - start < 2.0
    assert failed == [] and finished == [None]
    assert not worker.process.is_alive()
