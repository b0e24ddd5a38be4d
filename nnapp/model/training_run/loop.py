"""The training loop the window drives, without Qt.

:class:`TrainingLoop` runs one :class:`~nnapp.engine.training.Trainer` to
its end and can be paused, stepped (one batch or one epoch), stopped and
given new settings (learning rate, loss, optimizer, L2, batch size, epochs)
from another thread; they reach the trainer between two batches
(:meth:`~nnapp.engine.training.Trainer.apply_settings`). What happens goes
out through a callback ``send(kind, payload)``:

- ``("reported", [Progress, …])`` — the reports since the last chunk, at
  most every :data:`REPORT_INTERVAL` seconds;
- ``("snapshot", [ndarray, …])`` — a copy of the weights, at most every
  ``snapshot_interval`` seconds, when pausing and at the end;
- ``("paused", bool)``;
- ``("refused", sentence)`` — settings the trainer could not follow.

A run stopped before its end says on its last report, as a finished one
does, when it made the network worse or got it stuck
(:meth:`Trainer.trouble`).

The same loop runs in a worker thread of the window
(:mod:`nnapp.ui.training.worker`) and in a training process (:mod:`.child`); this module
imports no Qt so that the process starts without it.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Progress, Trainer
from nnapp.text import sentence, tr

REPORT_INTERVAL = 0.05
SNAPSHOT_INTERVAL = 0.2
LARGE_SNAPSHOT_INTERVAL = 0.5
"""For networks of more than :data:`LARGE_NETWORK` parameters: showing their
weights costs the GUI thread more, and what it spends, training loses."""
LARGE_NETWORK = 10_000

Send = Callable[[str, Any], None]


def snapshot_interval_for(trainer: Trainer) -> float:
    """Seconds between two weight snapshots for this trainer's network."""
    return LARGE_SNAPSHOT_INTERVAL if trainer.network.n_parameters() > LARGE_NETWORK else SNAPSHOT_INTERVAL


class TrainingLoop:
    """One training run that other threads can pause, step, stop and steer.

    Parameters
    ----------
    trainer : Trainer
    start_paused : bool
        Wait for :meth:`resume` or :meth:`step` before the first batch.
    snapshot_interval : float or None
        Seconds between weight snapshots (None: :func:`snapshot_interval_for`).
    """

    def __init__(self, trainer: Trainer, start_paused: bool = False,
                 snapshot_interval: float | None = None) -> None:
        self.trainer = trainer
        self.snapshot_interval = snapshot_interval_for(trainer) if snapshot_interval is None else snapshot_interval
        self._stop = threading.Event()
        self._running = threading.Event()
        if not start_paused:
            self._running.set()
        self._lock = threading.Lock()
        self._step: str | None = None
        self._settings: TrainingSettings | None = None

    # --- requests from other threads --------------------------------------------

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

    def set_settings(self, settings: TrainingSettings) -> None:
        """Train with these settings from the next batch on (the batch size
        from the next epoch): see :meth:`Trainer.apply_settings`."""
        with self._lock:
            self._settings = settings

    def is_paused(self) -> bool:
        return not self._running.is_set()

    # --- the loop -----------------------------------------------------------------

    def run(self, send: Send) -> Progress | None:
        """Train to the end, or until stopped; the last report (None if stopped before the first batch)."""
        trainer = self.trainer
        chunk: list[Progress] = []
        last: Progress | None = None
        sent = snapped = time.perf_counter()
        if not self._wait_if_paused(chunk, send):
            return None
        self._apply_requests(send)      # set while paused before the first batch
        generator = trainer.run(report="auto")     # batch reports when an epoch has several batches
        for progress in generator:
            last = progress
            chunk.append(progress)
            now = time.perf_counter()
            if progress.stopped is not None:
                break
            if now - sent >= REPORT_INTERVAL:
                send("reported", chunk)
                chunk, sent = [], now
            if now - snapped >= self.snapshot_interval:
                send("snapshot", self._weights())
                snapped = now
            with self._lock:
                step = self._step
            if step is not None and (step == "batch" or progress.epoch_finished):
                with self._lock:
                    self._step = None
                self._running.clear()
            if not self._wait_if_paused(chunk, send):
                generator.close()
                if last.stopped is None:
                    last.stopped = "stopped"
                    last.warning = trainer.trouble() or ""
                    last.message = (tr("Stopped. {warning}").format(warning=last.warning) if last.warning
                                    else tr("Stopped."))
                break
            # after a pause too: what was set while paused applies from the next batch
            self._apply_requests(send)
        if chunk:
            send("reported", chunk)
        send("snapshot", self._weights())
        return last

    def _apply_requests(self, send: Send) -> None:
        """Hand the settings asked for since the last batch to the trainer."""
        with self._lock:
            settings, self._settings = self._settings, None
        try:
            if settings is not None:
                self.trainer.apply_settings(settings)
        except ValueError as e:
            text = str(e)
            send("refused", sentence(text))

    def _weights(self) -> list:
        return [a.copy() for a in self.trainer.network.arrays()]

    def _wait_if_paused(self, chunk: list[Progress], send: Send) -> bool:
        """Block while paused (after sending the reports and the weights); False if stopped."""
        if self._stop.is_set():
            return False
        if not self._running.is_set():
            if chunk:
                send("reported", list(chunk))
                chunk.clear()
            send("snapshot", self._weights())
            send("paused", True)
            self._running.wait()
            send("paused", False)
        return not self._stop.is_set()
