"""Training off the GUI thread.

A :class:`TrainingWorker` lives in its own ``QThread`` and drives the
engine's training generator (:meth:`nnapp.engine.training.Trainer.run`) on a
copy of the network. It never touches the document or any widget: it sends
what happened as signals, which Qt queues to the GUI thread.

- Reports are sent in chunks, at most every :data:`REPORT_INTERVAL` seconds,
  so thousands of batches a second do not flood the event loop.
- A copy of the weights is sent at most every :data:`SNAPSHOT_INTERVAL`
  seconds (and at the end), for the canvas and the decision map.
- Pause, step (one batch or one epoch), stop and a new learning rate are
  requests set from the GUI thread and read by the worker between two
  batches; a paused worker sleeps on an event, it does not spin.

Why a thread and not a process: the batch work is numpy, which releases the
GIL inside BLAS, and the GUI thread gets the GIL back at least every few
milliseconds (Python's switch interval); bench/ui_responsiveness.py measures
the event loop's lateness while training. While it trains, numpy's BLAS
keeps one core free for the GUI thread (:data:`BLAS_THREADS`): a matrix
product split over every core stalls whenever the window paints.
"""

from __future__ import annotations

import sys
import threading
import time

from PySide6.QtCore import QObject, Signal, Slot

from nnapp.engine.training import Progress, Trainer

from .blas_threads import limited_threads, spare_cores

REPORT_INTERVAL = 0.05
SNAPSHOT_INTERVAL = 0.2
LARGE_SNAPSHOT_INTERVAL = 0.5
"""For networks of more than :data:`LARGE_NETWORK` parameters: showing their
weights costs the GUI thread more, and what it spends, training loses."""
LARGE_NETWORK = 10_000
SWITCH_INTERVAL = 0.002
"""Python's GIL switch interval while training runs (default 5 ms): the GUI
thread waits at most about this long for the GIL."""
BLAS_THREADS: int | None = spare_cores()
"""Threads numpy's BLAS may use while the worker trains: one core fewer than
the machine has, so that the GUI thread never takes a core from the middle of
a matrix product (see :mod:`.blas_threads`); None leaves BLAS as it is."""


class TrainingWorker(QObject):
    """Runs one :class:`Trainer` to its end (or until stopped).

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
    """

    reported = Signal(object)
    snapshot = Signal(object)
    paused_changed = Signal(bool)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, trainer: Trainer, start_paused: bool = False,
                 snapshot_interval: float = SNAPSHOT_INTERVAL) -> None:
        super().__init__()
        self.trainer = trainer
        self.blas_threads = BLAS_THREADS
        self.snapshot_interval = snapshot_interval
        self._stop = threading.Event()
        self._running = threading.Event()
        if not start_paused:
            self._running.set()
        self._lock = threading.Lock()
        self._step: str | None = None
        self._learning_rate: float | None = None

    # --- requests from the GUI thread (thread-safe) ---------------------------

    def stop(self) -> None:
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        with self._lock:
            self._step = None
        self._running.set()

    def step(self, unit: str) -> None:
        """Run one more "batch" or "epoch", then pause again."""
        with self._lock:
            self._step = unit
        self._running.set()

    def set_learning_rate(self, value: float) -> None:
        with self._lock:
            self._learning_rate = float(value)

    def is_paused(self) -> bool:
        return not self._running.is_set()

    # --- the loop (in the worker thread) --------------------------------------

    @Slot()
    def run(self) -> None:
        old_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        last: Progress | None = None
        try:
            with limited_threads(self.blas_threads):
                last = self._loop()
        except Exception as e:  # noqa: BLE001 - reported to the user, the window stays up
            self.failed.emit(f"Training stopped by an error: {e}")
        finally:
            sys.setswitchinterval(old_interval)
        self.finished.emit(last)

    def _loop(self) -> Progress | None:
        trainer = self.trainer
        batches = -(-trainer.X.shape[0] // trainer.batch_size)
        report = "batch" if batches > 1 else "epoch"
        chunk: list[Progress] = []
        last: Progress | None = None
        sent = snapped = time.perf_counter()
        if not self._wait_if_paused(chunk):
            return None
        generator = trainer.run(report=report)
        for progress in generator:
            last = progress
            chunk.append(progress)
            now = time.perf_counter()
            if progress.stopped is not None:
                break
            if now - sent >= REPORT_INTERVAL:
                self.reported.emit(chunk)
                chunk, sent = [], now
            if now - snapped >= self.snapshot_interval:
                self.snapshot.emit([a.copy() for a in trainer.network.arrays()])
                snapped = now
            with self._lock:
                lr, self._learning_rate = self._learning_rate, None
                step = self._step
            if lr is not None:
                trainer.learning_rate = lr
            if step is not None and (step == "batch" or progress.epoch_finished):
                with self._lock:
                    self._step = None
                self._running.clear()
            if not self._wait_if_paused(chunk):
                generator.close()
                last.stopped = last.stopped or "stopped"
                last.message = last.message or "Stopped."
                break
        if chunk:
            self.reported.emit(chunk)
        self.snapshot.emit([a.copy() for a in trainer.network.arrays()])
        return last

    def _wait_if_paused(self, chunk: list[Progress]) -> bool:
        """Block while paused (after flushing the reports); False if stopped."""
        if self._stop.is_set():
            return False
        if not self._running.is_set():
            if chunk:
                self.reported.emit(list(chunk))
                chunk.clear()
            self.snapshot.emit([a.copy() for a in self.trainer.network.arrays()])
            self.paused_changed.emit(True)
            self._running.wait()
            self.paused_changed.emit(False)
        return not self._stop.is_set()
