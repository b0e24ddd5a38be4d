"""The training process: what runs in the Python process a large network trains in.

:func:`serve` is the process's entry point (started ahead of its job by
:mod:`.spare` with ``multiprocessing``'s "spawn" start method): it waits
for the :class:`Job`, the first thing the window sends, and hands it to
:func:`main`. That builds a :class:`~nnapp.engine.training.Trainer` from
the :class:`Job`, runs a :class:`~.loop.TrainingLoop` and sends every
message of the loop to the window through a pipe, ending with
``("finished", last report)`` or ``("failed", sentence)``; a thread of its
own does the sending, so the loop never waits for the window. A small thread
reads the window's requests from the other pipe — ``("stop",)``,
``("pause",)``, ``("resume",)``, ``("step", "batch" | "epoch")``,
``("settings", TrainingSettings)`` — and
passes them to the loop; when that pipe
closes (the window went away) the run stops.

Only numpy, the engine and nnapp's texts are imported here: no Qt, so the process starts
in well under a second. Both pipes carry nnapp's own objects between two of
its processes, never data read from a file.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Trainer

from nnapp.engine.blas_threads import limited_threads
from nnapp.engine.cores import pin_threads
from nnapp.language import LanguageError, current_language, use_language
from nnapp.text import tr
from .loop import TrainingLoop


@dataclass
class Job:
    """Everything the training process needs, sent to it once at its start."""

    network: Network
    X: np.ndarray
    Y: np.ndarray
    settings: TrainingSettings
    X_val: np.ndarray | None
    Y_val: np.ndarray | None
    start_paused: bool
    snapshot_interval: float
    blas_threads: int | None
    cores: set[int] | None = None
    """The cores to train on (None: wherever the system puts the process)."""
    language: str | None = None
    """The language the process words its messages in (the window's; None: English)."""

    @classmethod
    def from_trainer(cls, trainer: Trainer, start_paused: bool, snapshot_interval: float,
                     blas_threads: int | None, cores: set[int] | None = None) -> "Job":
        return cls(trainer.network, trainer.X, trainer.Y, trainer.settings, trainer.X_val, trainer.Y_val,
                   start_paused, snapshot_interval, blas_threads, cores, current_language())

    def trainer(self) -> Trainer:
        return Trainer(self.network, self.X, self.Y, self.settings, self.X_val, self.Y_val)


def _follow_requests(requests, loop: TrainingLoop) -> None:
    """Pass the window's requests to the loop until the pipe closes (then stop it)."""
    while True:
        try:
            request = requests.recv()
        except (EOFError, OSError):
            loop.stop()
            return
        kind = request[0] if isinstance(request, tuple) and request else None
        if kind == "stop":
            loop.stop()
        elif kind == "pause":
            loop.pause()
        elif kind == "resume":
            loop.resume()
        elif kind == "step" and len(request) == 2 and request[1] in ("batch", "epoch"):
            loop.step(request[1])
        elif kind == "settings" and len(request) == 2 and isinstance(request[1], TrainingSettings):
            loop.set_settings(request[1])


def _deliver(outbox: queue.SimpleQueue, messages, loop_box: list) -> None:
    """Send what the loop put in ``outbox`` until the end mark (None); stop the loop if the window is gone."""
    while True:
        item = outbox.get()
        if item is None:
            return
        try:
            messages.send(item)
        except (OSError, ValueError):
            if loop_box:
                loop_box[0].stop()
            return


def serve(requests, messages) -> None:
    """Wait for the :class:`Job` on ``requests``, then run it (:func:`main`);
    return if the window closes the pipe first."""
    try:
        job = requests.recv()
    except (EOFError, OSError):
        return
    if isinstance(job, Job):
        if job.language and job.language != current_language():
            try:
                use_language(job.language)    # this process words its messages in the window's language
            except LanguageError:
                pass                          # no catalogue: English
        main(job, requests, messages)


def main(job: Job, requests, messages) -> None:
    """Run ``job``; read requests from ``requests``, send messages to ``messages``.

    The loop hands its messages to a sending thread: a snapshot of a large
    network is bigger than a pipe holds, and the loop should not wait while
    the window, busy painting, reads it.
    """
    if job.cores:
        pin_threads(job.cores)    # BLAS's threads included; threads started below inherit the cores
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    loop_box: list[TrainingLoop] = []
    sender = threading.Thread(target=_deliver, args=(outbox, messages, loop_box), name="messages", daemon=True)
    sender.start()

    def send(kind: str, payload: Any) -> None:
        outbox.put((kind, payload))

    try:
        trainer = job.trainer()
        trainer.threads = job.blas_threads   # the window chose them for this process (None: BLAS as it is)
        loop = TrainingLoop(trainer, job.start_paused, job.snapshot_interval)
        loop_box.append(loop)
        threading.Thread(target=_follow_requests, args=(requests, loop), name="requests", daemon=True).start()
        with limited_threads(job.blas_threads):
            last = loop.run(send)
        send("finished", last)
    except Exception as e:  # noqa: BLE001 - told to the window, which stays up
        send("failed", tr("Training stopped by an error: {e}").format(e=e))
    finally:
        outbox.put(None)
        sender.join()
