"""Training tied to the window: start, pause, step, stop, reset.

The :class:`TrainingController` builds a :class:`~nnapp.engine.training.
Trainer` on a copy of the document's network and data, runs it in a
:class:`~nnapp.ui.training.worker.TrainingWorker` on its own thread (a
large network: a :class:`~nnapp.ui.training.worker.ProcessTrainingWorker`,
in a process of its own), and follows it from the GUI thread:

- snapshots of the weights are shown on the canvas as they come (written
  into the document's arrays without an undo step: the document is locked
  for editing while training runs);
- when training ends (finished, stopped or diverged) the weights before and
  after become one undoable edit, "Train 1000 epochs";
- Reset puts back the weights the last run started from;
- the document's training settings reach the run as they change (an edit
  in the panel, an undo): loss, optimizer, learning rate and L2 from the
  next batch, batch size from the next epoch, epochs at once.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, Signal

from nnapp.engine.network import NetworkError
from nnapp.engine.settings import SettingsError
from nnapp.engine.training import CHANGEABLE, Progress, Trainer
from nnapp.model.errors import EditError
from nnapp.model.training import (ApplyParameters, parameter_arrays, show_training_snapshot, training_data,
                                  training_result)
from nnapp.text import sentence, tr

from ..editor import Editor
from nnapp.model.training_run import spare
from .gui_garbage import GuiThreadGarbage
from nnapp.model.training_run.loop import LARGE_NETWORK, snapshot_interval_for
from .worker import ProcessTrainingWorker, TrainingWorker

STOP_WAIT_MS = 1000
PROCESS_ABOVE: int | None = LARGE_NETWORK
"""Networks with more parameters than this train in a process of their own
(:class:`~.worker.ProcessTrainingWorker`), smaller ones in a thread, which
starts at once; None: always in a thread."""
SPARE_PROCESS = True
"""Keep a training process waiting while the document's network is large
(:mod:`nnapp.model.training_run.spare`): Start then shows the first report about 0.3 s sooner."""


class TrainingController(QObject):
    """Runs training for one editor's document.

    Signals
    -------
    started()
    reported(list of Progress)
        Passed on from the worker, for the loss plot and the progress line.
    state_changed(str)
        "idle", "running" or "paused".
    finished(Progress or None)
    message(str)
        A sentence for the user (why training could not start, why it stopped).
    parameters_shown(list of ndarray)
        Weights just shown on the canvas (for the decision map).
    weights_reset()
        Reset went back to the weights before training.
    """

    started = Signal()
    reported = Signal(object)
    state_changed = Signal(str)
    finished = Signal(object)
    message = Signal(str)
    parameters_shown = Signal(object)
    weights_reset = Signal()

    def __init__(self, editor: Editor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.thread: QThread | None = None
        self.worker: TrainingWorker | None = None
        self.trainer: Trainer | None = None
        self.data = None
        self.state = "idle"
        self.epochs_done = 0
        self._before: list | None = None
        self._last_weights: list | None = None
        self._garbage = GuiThreadGarbage(self)
        self._start_weights: list | None = None
        self._closing = False
        editor.doc.events.reset.connect(self._forget_start)
        editor.doc.events.structure_changed.connect(self._forget_start)
        editor.doc.events.reset.connect(self._prepare_process)
        editor.doc.events.structure_changed.connect(self._prepare_process)
        editor.doc.events.settings_changed.connect(self._follow_settings)

    def _forget_start(self) -> None:
        """Another network (or another shape): Reset has nothing to go back to."""
        if self.worker is None:
            self._start_weights = None

    def _trains_in_a_process(self, net) -> bool:
        return net is not None and PROCESS_ABOVE is not None and net.n_parameters() > PROCESS_ABOVE

    def _prepare_process(self) -> None:
        """A large network: have a training process wait for it."""
        if (SPARE_PROCESS and not self._closing and self.worker is None
                and self._trains_in_a_process(self.doc.network())):
            spare.prepare()

    @property
    def doc(self):
        return self.editor.doc

    def is_running(self) -> bool:
        return self.worker is not None

    # --- commands from the panel --------------------------------------------

    def start(self, paused: bool = False) -> bool:
        """Start training the document's network; False (with a message) if
        it cannot start."""
        if self.worker is not None:
            self.resume()
            return True
        try:
            data = training_data(self.doc)
            net = self.doc.network().copy()
            trainer = Trainer(net, data.X, data.Y, self.doc.training, data.X_val, data.Y_val)
        except (EditError, SettingsError, NetworkError, ValueError, OSError) as e:
            text = str(e)
            self.message.emit(sentence(text))
            return False
        self.data, self.trainer = data, trainer
        self._before = [a.copy() for a in parameter_arrays(self.doc)]
        self._start_weights = self._start_weights or [a.copy() for a in self._before]
        self.editor.locked = tr("training is running: pause or stop it to edit the network")
        interval = snapshot_interval_for(trainer)
        worker_class = ProcessTrainingWorker if self._trains_in_a_process(net) else TrainingWorker
        self.worker = worker_class(trainer, start_paused=paused, snapshot_interval=interval)
        self._last_weights = None
        self.thread = QThread(self)
        self.thread.setObjectName("training")
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.reported.connect(self._on_reported)
        self.worker.snapshot.connect(self._on_snapshot)
        self.worker.paused_changed.connect(self._on_paused)
        self.worker.failed.connect(self.message)
        self.worker.refused.connect(self.message)
        self.worker.finished.connect(self._on_finished)
        self._garbage.start()
        self.thread.start()
        self._set_state("paused" if paused else "running")
        self.started.emit()
        return True

    def pause(self) -> None:
        if self.worker is not None:
            self.worker.pause()

    def resume(self) -> None:
        if self.worker is not None:
            self.worker.resume()

    def step(self, unit: str) -> None:
        """One more batch or epoch (starting training paused if needed)."""
        if self.worker is None and not self.start(paused=True):
            return
        self.worker.step(unit)

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()

    def refuses(self, settings) -> str | None:
        """Why the running training could not follow ``settings`` (a loss
        its targets do not fit), or None; None too when nothing runs."""
        if self.worker is None or self.trainer is None:
            return None
        try:
            self.trainer.check_settings(settings)
        except ValueError as e:
            text = str(e)
            return sentence(text)
        return None

    def _follow_settings(self, change) -> None:
        """The document's settings changed: the run follows those it can
        change while it runs (a copy of them all is sent). This is the one way
        a setting reaches a run: the panel pushes ``SetTraining``."""
        if self.worker is not None and not set(CHANGEABLE).isdisjoint(change.names):
            self.worker.set_settings(dataclasses.replace(self.doc.training))

    def can_reset(self) -> bool:
        """True when there are weights from before training to go back to."""
        return self.worker is None and self._start_weights is not None

    def reset(self) -> None:
        """Back to the weights the first run started from (one undo step)."""
        if self.worker is not None or self._start_weights is None:
            return
        if self.editor.push(ApplyParameters(self._start_weights, tr("Reset to the weights before training"))):
            self._start_weights = None
            self.epochs_done = 0
            self.weights_reset.emit()

    def shutdown(self) -> None:
        """Stop, wait for the thread, and take in its last reports (closing
        the window): the weights trained so far become the usual undoable
        edit, so "save changes?" knows of them. No process waits for another run."""
        self._closing = True
        if self.worker is not None and self.thread is not None:
            self.worker.stop()
            self.thread.quit()
            self.thread.wait(STOP_WAIT_MS)
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        spare.discard()

    # --- from the worker ----------------------------------------------------

    def _on_reported(self, chunk: list[Progress]) -> None:
        for p in chunk:
            if p.epoch_finished:
                self.epochs_done = p.epoch
        self.reported.emit(chunk)

    def _on_snapshot(self, arrays) -> None:
        if self.worker is None:
            return
        if not show_training_snapshot(self.doc, arrays):
            return
        self._last_weights = arrays
        self.parameters_shown.emit(arrays)

    def _on_paused(self, paused: bool) -> None:
        if self.worker is not None:
            self._set_state("paused" if paused else "running")

    def _on_finished(self, last: Progress | None) -> None:
        worker, thread = self.worker, self.thread
        self.worker = self.thread = None
        self.editor.locked = None
        if thread is not None:
            thread.quit()
            thread.wait(STOP_WAIT_MS)
            thread.deleteLater()
        self._garbage.stop()
        if worker is not None:
            worker.deleteLater()
        # a thread trained the trainer's own network; a process sent its weights last before finishing
        trained = self.trainer.network.arrays() if isinstance(worker, TrainingWorker) else self._last_weights
        after = [a.copy() for a in (trained if trained is not None else self._before)]
        if last is not None and last.step > 0:
            epochs = last.epoch if last.epoch_finished else max(last.epoch - 1, 0)
            self.editor.push(training_result(after, self._before, epochs, last.step))
        else:
            show_training_snapshot(self.doc, self._before)
        self._set_state("idle")
        self._prepare_process()     # for the next run
        if last is not None and last.message:
            self.message.emit(last.message)
        self.finished.emit(last)

    def _set_state(self, state: str) -> None:
        self.state = state
        self.state_changed.emit(state)
