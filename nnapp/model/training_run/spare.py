"""Training processes, and one started before it is needed.

Starting a Python process and importing numpy and the engine into it takes
about half a second, all of it between Start and the first point on the
loss plot. A :class:`TrainingProcess` waits for its job instead
(:func:`~.child.serve`), so one started beforehand — while the student
looks at the network just opened, or at the result of the last run — takes
its job at once. :func:`prepare` starts such a spare process,
:func:`take` hands it over (or starts a new one when there is none), and
:func:`discard` ends it.

No Qt here; every function may be called from any thread.
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import Callable

from . import child

class TrainingProcess:
    """A spawned training process and the two pipes to it.

    ``requests`` carries the :class:`~.child.Job` first, then the requests
    (window → process); ``messages`` what happens (process → window).

    Parameters
    ----------
    target : callable
        The process's entry point, called with its ends of the two pipes
        (:func:`~.child.serve`; tests give one that never trains).
    """

    def __init__(self, target: Callable = child.serve) -> None:
        context = multiprocessing.get_context("spawn")
        requests_child, self.requests = context.Pipe(duplex=False)   # (receiving end, sending end)
        self.messages, messages_child = context.Pipe(duplex=False)
        self.process = context.Process(target=target, name="nnapp-training", daemon=True,
                                       args=(requests_child, messages_child))
        self.process.start()
        requests_child.close()
        messages_child.close()

    def is_alive(self) -> bool:
        return self.process.is_alive()

    def end(self, grace: float) -> None:
        """Close the requests (the process stops at that), give it ``grace``
        seconds to finish, then end it."""
        self.requests.close()
        self.process.join(grace)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(grace)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(grace)
        self.messages.close()


_lock = threading.Lock()
_spare: TrainingProcess | None = None


def prepare() -> None:
    """Start a spare training process, unless one is waiting already."""
    global _spare
    with _lock:
        if _spare is not None and _spare.is_alive():
            return
        old, _spare = _spare, TrainingProcess()
    if old is not None:
        old.end(0)


def take() -> TrainingProcess:
    """The spare process if one is waiting (it is no longer spare), else a new one."""
    global _spare
    with _lock:
        spare, _spare = _spare, None
    if spare is not None and spare.is_alive():
        return spare
    if spare is not None:
        spare.end(0)
    return TrainingProcess()


def discard() -> None:
    """End the spare process, if there is one."""
    global _spare
    with _lock:
        spare, _spare = _spare, None
    if spare is not None:
        spare.end(0)


def has_spare() -> bool:
    with _lock:
        return _spare is not None and _spare.is_alive()


__all__ = ["TrainingProcess", "discard", "has_spare", "prepare", "take"]
