"""Which cores the window and its training process run on.

While a large network trains in a process of its own, the scheduler may
still put the window's threads on the core the training runs on — a thread
woken by a message from the training process may be placed right beside
it — and every paint or timer tick there pauses a batch. :func:`split_cores`
keeps one core for the window and gives the training process the rest;
:class:`PinnedThreads` holds all threads of a process to a set of cores
and puts their old cores back afterwards.

Linux only (``os.sched_setaffinity``); elsewhere, or with a single core,
nothing is pinned and the scheduler decides as before. No Qt here: the
training process uses this module too.
"""

from __future__ import annotations

import os
import threading


def usable_cores() -> set[int]:
    """The cores this process may run on (empty when the system cannot tell)."""
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return set()


def split_cores(cores: set[int] | None = None) -> tuple[set[int], set[int]] | None:
    """``(window cores, training cores)``: the lowest core for the window, the
    others for training; None when there are fewer than two cores to split."""
    cores = usable_cores() if cores is None else set(cores)
    if len(cores) < 2:
        return None
    window = {min(cores)}
    return window, cores - window


def _thread_ids(pid: int | None) -> list[int]:
    """The ids of all threads of process ``pid`` (None: this process); [0] for
    the calling thread alone when /proc cannot be read."""
    folder = f"/proc/{'self' if pid is None else pid}/task"
    try:
        return [int(name) for name in os.listdir(folder)]
    except (OSError, ValueError):
        return [0] if pid is None else [pid]


def pin_threads(cores: set[int], pid: int | None = None) -> dict[int, set[int]]:
    """Hold every thread of process ``pid`` (None: this one) to ``cores``;
    each pinned thread's cores from before, by thread id. Threads that
    ended meanwhile, or may not be moved, are left out."""
    before: dict[int, set[int]] = {}
    if not hasattr(os, "sched_setaffinity") or not cores:
        return before
    for tid in _thread_ids(pid):
        try:
            old = set(os.sched_getaffinity(tid))
            os.sched_setaffinity(tid, cores)
        except OSError:
            continue
        before[tid] = old
    return before


class PinnedThreads:
    """All threads of this process on ``cores`` until :meth:`release`.

    Threads started meanwhile inherit the pinned cores from the thread
    that starts them. Holds may overlap: when the last one is released,
    every thread of the process gets back the cores the process had before
    the first.
    """

    _lock = threading.Lock()
    _holds = 0
    _everywhere: set[int] = set()

    def __init__(self, cores: set[int]) -> None:
        cls = type(self)
        with cls._lock:
            if cls._holds == 0:
                cls._everywhere = usable_cores()
            self._pinned = bool(pin_threads(cores))
            cls._holds += self._pinned

    @property
    def pinned(self) -> bool:
        return self._pinned

    def release(self) -> None:
        cls = type(self)
        with cls._lock:
            if not self._pinned:
                return
            self._pinned = False
            cls._holds -= 1
            if cls._holds == 0:
                pin_threads(cls._everywhere)


__all__ = ["PinnedThreads", "pin_threads", "split_cores", "usable_cores"]
