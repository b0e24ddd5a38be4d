"""How many BLAS threads the engine's training uses, chosen by measuring.

OpenBLAS splits every matrix product between all its threads. For the
small products of batch training (a batch of 32 rows through a layer of 128
neurons) handing the pieces out and waiting for the slowest can cost more
than the second core gives back; for large products it is the other way
round, and which one wins depends on the machine and on what else runs.
So the engine measures, on the training itself: a :class:`ThreadTrial`
runs the first batches alternately at one thread and at all of them, times
each, and from then on answers the faster count. The choice is kept for the
process per shape of work (:func:`work_key`), so later runs of the same
network and batch size start with it.

Where numpy's BLAS cannot be told how many threads to use (not OpenBLAS, or
one core) nothing is measured and the answer is None: BLAS as it is.
"""

from __future__ import annotations

import threading
from typing import Sequence

import numpy as np

from .blas_threads import blas_threads

AUTO = "auto"
"""Let a :class:`ThreadTrial` choose (the default of :class:`~nnapp.engine.training.Trainer`)."""

TRIAL_BATCHES = 8
"""Batches timed at each thread count before choosing."""

MARGIN = 1.1
"""All threads are chosen only when they are this much faster than one
(one thread leaves the other cores to the rest of the machine)."""

SINGLE_THREAD_WORK = 4 * 65536
"""Matrix products of at most this many multiply-adds (m·n·k) OpenBLAS runs
on one thread whatever it may use (its ``GEMM_MULTITHREAD_THRESHOLD`` times
``SMP_THRESHOLD_MIN``): for work made only of such products there is nothing
to choose."""

_chosen: dict[tuple, int] = {}
_lock = threading.Lock()


def work_key(sizes: Sequence[int], batch: int, dtype) -> tuple:
    """What the choice depends on: the layer sizes, the batch size and the
    number type (and, added by :class:`ThreadTrial`, the threads there are)."""
    return (tuple(int(s) for s in sizes), int(batch), np.dtype(dtype).str)


def threads_matter(shapes: Sequence[tuple[int, int]], batch: int) -> bool:
    """Whether a batch of ``batch`` rows through weight matrices of these
    shapes (n_src, n_dst) has a product large enough for OpenBLAS to split
    between threads (more than :data:`SINGLE_THREAD_WORK`)."""
    return any(int(batch) * int(a) * int(b) > SINGLE_THREAD_WORK for a, b in shapes)


class ThreadTrial:
    """Chooses 1 or all BLAS threads for one shape of work by timing it.

    Parameters
    ----------
    key : tuple
        From :func:`work_key`.
    override : int or None or "auto"
        An int: always that many threads; None: leave BLAS as it is;
        ``AUTO``: measure.

    Notes
    -----
    Use: ``n = trial.threads()``; run one batch at ``n`` threads (see
    :func:`~nnapp.engine.blas_threads.switch_threads`); ``trial.record(n,
    seconds)``. While measuring, :meth:`threads` alternates between 1 and
    all; after ``TRIAL_BATCHES`` batches at each it keeps the faster (by
    each count's fastest batch).
    """

    def __init__(self, key: tuple, override: int | str | None = AUTO) -> None:
        self.most = blas_threads()
        self.key = (*key, self.most)
        self.override = override
        self._times: dict[int, list[float]] = {}
        self._turn = 0

    @property
    def chosen(self) -> int | None:
        """The thread count chosen for this work (None: not yet, or nothing to choose)."""
        if self.override != AUTO:
            return None if self.override is None else max(1, int(self.override))
        with _lock:
            return _chosen.get(self.key)

    def measuring(self) -> bool:
        """True while batches are still being timed."""
        return self.override == AUTO and self.most is not None and self.most > 1 and self.chosen is None

    def threads(self) -> int | None:
        """Threads for the next batch (None: leave BLAS as it is)."""
        if self.override != AUTO:
            return self.chosen
        if self.most is None or self.most <= 1:
            return None
        chosen = self.chosen
        if chosen is not None:
            return chosen
        self._turn += 1
        return 1 if self._turn % 2 else self.most

    def record(self, threads: int | None, seconds: float) -> None:
        """One batch took ``seconds`` at ``threads``; choose once both counts have their batches."""
        if not self.measuring() or threads not in (1, self.most):
            return
        self._times.setdefault(threads, []).append(seconds)
        if all(len(self._times.get(n, [])) >= TRIAL_BATCHES for n in (1, self.most)):
            one, all_ = min(self._times[1]), min(self._times[self.most])
            with _lock:
                _chosen.setdefault(self.key, 1 if one <= all_ * MARGIN else self.most)


def chosen_so_far() -> dict[tuple, int]:
    """Every choice made in this process: work key (with the thread count) → threads."""
    with _lock:
        return dict(_chosen)


def forget() -> None:
    """Drop every choice (tests; a bench that measures again)."""
    with _lock:
        _chosen.clear()


__all__ = ["AUTO", "SINGLE_THREAD_WORK", "ThreadTrial", "chosen_so_far", "forget", "threads_matter", "work_key"]
