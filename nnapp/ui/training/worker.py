"""Training off the GUI thread: in a worker thread, or in a process of its own.

Both workers drive a :class:`~.loop.TrainingLoop` on a copy of the network
and never touch the document or a widget: what happened comes out as Qt
signals, queued to the GUI thread. Their ``run`` slot runs in a ``QThread``
the controller starts; pause, step, stop and new settings (learning rate,
loss, optimizer, L2, batch size, epochs) may be asked from the GUI thread at
any time.

- :class:`TrainingWorker` runs the loop in that thread. It suits small
  networks: it starts at once, and numpy's matrix products release the GIL.
- :class:`ProcessTrainingWorker` runs it in a separate Python process
  (:mod:`nnapp.model.training_run.child`), and its thread only passes the messages on. A large
  network trains there: the batches of a 784-128-10 network hold the GIL
  between their matrix products, so in a thread every paint or timer of the
  window, which needs the GIL too, held the training up.

While it trains, numpy's BLAS leaves one core to the window
(:data:`BLAS_THREADS`): a matrix product split over every core stalls
whenever the window paints. A training process also gets cores of its own:
the window keeps one (:mod:`nnapp.engine.cores`), so its threads never pause a batch.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time

from PySide6.QtCore import QObject, Signal, Slot

from nnapp.engine.training import Progress, Trainer

from nnapp.model.training_run import child, spare
from nnapp.engine.blas_threads import limited_threads, spare_cores
from nnapp.engine.cores import PinnedThreads, split_cores
from nnapp.model.training_run.loop import LARGE_SNAPSHOT_INTERVAL, SNAPSHOT_INTERVAL, TrainingLoop
from nnapp.text import tr

SWITCH_INTERVAL = 0.002
"""Python's GIL switch interval while a thread trains (default 5 ms): the GUI
thread waits at most about this long for the GIL."""
BLAS_THREADS: int | None = spare_cores()
"""Threads numpy's BLAS may use while training: one core fewer than the
machine has (see :mod:`nnapp.engine.blas_threads`); None leaves BLAS as it is."""
STOP_GRACE = 0.5
"""Seconds a training process has to end by itself after Stop before it is ended."""
SPLIT_CORES = True
"""Whether a training process and the window run on cores of their own (see :mod:`nnapp.engine.cores`)."""
START_TIMEOUT = 30.0
"""Seconds a training process may take to send its first message."""


class _Signals(QObject):
    """The signals both workers send.

    Signals
    -------
    reported(list of Progress)
        The reports since the last chunk.
    snapshot(list of ndarray)
        A copy of the weights (``Network.arrays`` order).
    paused_changed(bool)
    finished(Progress or None)
        The last report (``stopped`` = "finished", "diverged" or "stopped"),
        None if training stopped before its first batch.
    failed(str)
        An unexpected error, as a sentence.
    refused(str)
        Settings the trainer could not follow, as a sentence (training goes on).
    """

    reported = Signal(object)
    snapshot = Signal(object)
    paused_changed = Signal(bool)
    finished = Signal(object)
    failed = Signal(str)
    refused = Signal(str)

    def _send(self, kind: str, payload) -> None:
        if kind == "reported":
            self.reported.emit(payload)
        elif kind == "snapshot":
            self.snapshot.emit(payload)
        elif kind == "paused":
            self.paused_changed.emit(bool(payload))
        elif kind == "refused":
            self.refused.emit(str(payload))


class TrainingWorker(_Signals):
    """Runs one :class:`Trainer` to its end (or until stopped) in the thread of :meth:`run`."""

    def __init__(self, trainer: Trainer, start_paused: bool = False,
                 snapshot_interval: float = SNAPSHOT_INTERVAL) -> None:
        super().__init__()
        self.trainer = trainer
        self.loop = TrainingLoop(trainer, start_paused, snapshot_interval)
        self.blas_threads = BLAS_THREADS

    # --- requests from the GUI thread (thread-safe) ---------------------------

    def stop(self) -> None:
        self.loop.stop()

    def pause(self) -> None:
        self.loop.pause()

    def resume(self) -> None:
        self.loop.resume()

    def step(self, unit: str) -> None:
        self.loop.step(unit)

    def set_settings(self, settings) -> None:
        self.loop.set_settings(settings)

    def is_paused(self) -> bool:
        return self.loop.is_paused()

    # --- in the worker thread --------------------------------------------------

    @Slot()
    def run(self) -> None:
        old_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        last: Progress | None = None
        # the window's own choice of BLAS threads overrides the Trainer's trial (None: BLAS as it is)
        self.trainer.threads = self.blas_threads
        try:
            with limited_threads(self.blas_threads):
                last = self._loop()
        except Exception as e:  # noqa: BLE001 - reported to the user, the window stays up
            self.failed.emit(tr("Training stopped by an error: {e}").format(e=e))
        finally:
            sys.setswitchinterval(old_interval)
        self.finished.emit(last)

    def _loop(self) -> Progress | None:
        return self.loop.run(self._send)


class ProcessTrainingWorker(_Signals):
    """Runs one :class:`Trainer` in a training process; :meth:`run` passes its messages on.

    The trainer built here (which checked the settings and the data) gives
    the process its network, data and settings as a :class:`~.child.Job`;
    the process builds its own trainer from them. :meth:`run` takes a
    training process (the spare one if it is waiting, :mod:`nnapp.model.training_run.spare`) and
    sends it the job; requests asked before that wait and follow the job.
    If the process dies, ``failed`` says so and ``finished`` comes with None.
    """

    def __init__(self, trainer: Trainer, start_paused: bool = False,
                 snapshot_interval: float = LARGE_SNAPSHOT_INTERVAL) -> None:
        super().__init__()
        self.trainer = trainer
        self._paused = start_paused
        self._stopped = False
        self._cores = split_cores() if SPLIT_CORES else None
        self.job = child.Job.from_trainer(trainer, start_paused, snapshot_interval, BLAS_THREADS,
                                          self._cores[1] if self._cores else None)
        self.training_process: spare.TrainingProcess | None = None
        self._lock = threading.Lock()
        self._waiting: list[tuple] | None = []       # requests asked before the job was sent; None after

    @property
    def process(self) -> multiprocessing.Process | None:
        """The training process (None until :meth:`run` has taken one)."""
        return None if self.training_process is None else self.training_process.process

    # --- requests from the GUI thread ------------------------------------------

    def _ask(self, *request) -> None:
        with self._lock:
            if self._waiting is not None:
                self._waiting.append(request)
                return
            if self.training_process is None:     # there never was a process: nothing to ask
                return
            try:
                self.training_process.requests.send(request)
            except (OSError, ValueError):  # the process has ended: nothing to ask
                pass

    def stop(self) -> None:
        self._stopped = True
        self._ask("stop")

    def pause(self) -> None:
        self._ask("pause")

    def resume(self) -> None:
        self._ask("resume")

    def step(self, unit: str) -> None:
        self._ask("step", unit)

    def set_settings(self, settings) -> None:
        self._ask("settings", settings)

    def is_paused(self) -> bool:
        return self._paused

    # --- in the worker thread --------------------------------------------------

    @Slot()
    def run(self) -> None:
        last: Progress | None = None
        pinned = job_sender = None
        try:
            self.training_process = spare.take()
            # a process still starting reads its job only when it is ready: meanwhile the relay watches the time
            job_sender = threading.Thread(target=self._send_job, name="training-job", daemon=True)
            job_sender.start()
            if self._cores:
                pinned = PinnedThreads(self._cores[0])
            # the window's own products then get as many BLAS threads as it has cores
            with limited_threads(len(self._cores[0]) if pinned and pinned.pinned else None):
                last = self._relay()
        except Exception as e:  # noqa: BLE001 - reported to the user, the window stays up
            self.failed.emit(tr("Training stopped by an error: {e}").format(e=e))
        finally:
            with self._lock:
                self._waiting = None
            if self.training_process is not None:
                self.training_process.end(STOP_GRACE)
            if job_sender is not None:
                job_sender.join(STOP_GRACE)
            if pinned is not None:
                pinned.release()
        self.finished.emit(last)

    def _send_job(self) -> None:
        """Send the job, then the requests asked meanwhile (in a thread of its
        own: this waits until the process reads)."""
        requests = self.training_process.requests
        try:
            requests.send(self.job)
        except (OSError, ValueError, TypeError):
            return          # the process is gone, or was ended: the relay says why
        with self._lock:
            waiting, self._waiting = self._waiting or [], None
            try:
                for request in waiting:
                    requests.send(request)
            except (OSError, ValueError, TypeError):
                pass

    def _relay(self) -> Progress | None:
        """Pass the process's messages on until it finishes; its last report.

        After Stop the process has :data:`STOP_GRACE` seconds to finish by
        itself; then it is ended (a process that never started its loop
        cannot hold the window up)."""
        messages, process = self.training_process.messages, self.training_process.process
        stop_seen: float | None = None
        heard = False
        started = time.perf_counter()
        while True:
            now = time.perf_counter()
            if self._stopped and stop_seen is None:
                stop_seen = now
            if stop_seen is not None and now - stop_seen > STOP_GRACE:
                return None
            if not heard and now - started > START_TIMEOUT:
                self.failed.emit(tr("Training stopped: the training process did not start within {start_timeout:g} s.")
                                 .format(start_timeout=START_TIMEOUT))
                return None
            try:
                if not messages.poll(0.05):
                    if not process.is_alive():
                        raise EOFError
                    continue
                heard = True
                kind, payload = messages.recv()
            except (EOFError, OSError):
                code = process.exitcode
                if not self._stopped:
                    self.failed.emit(tr("Training stopped: the training process ended unexpectedly "
                                        "(exit code {code}).").format(code=code) if code
                                     else tr("Training stopped: the training process ended unexpectedly."))
                return None
            if kind == "finished":
                return payload
            if kind == "failed":
                self.failed.emit(payload)
                return None
            if kind == "paused":
                self._paused = bool(payload)
            self._send(kind, payload)
