"""Timing helpers shared by the scripts in ``bench/``.

Nothing here is part of nnapp or of its test suite. The helpers exist because
on a small (two-core) machine the speed of two-thread BLAS swings a lot from
one process to the next and from one second to the next, so implementations
are compared *inside one process*, interleaved round by round (a, b, c, a, b,
c, …), and summarised by medians and by per-round ratios.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent


def use_project_root() -> None:
    """Make ``import nnapp`` work when a script is run as ``python bench/x.py``."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


@dataclass
class Series:
    """The measurements of one implementation, in seconds per unit of work."""

    name: str
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def spread(self) -> float:
        """(max − min) / median: how much the rounds disagreed."""
        return (max(self.times) - min(self.times)) / self.median


def interleave(
    steppers: dict[str, Callable[[], float]],
    rounds: int,
    *,
    warmup: int = 1,
    settle: float = 0.0,
    rotate: bool = True,
) -> dict[str, Series]:
    """Run every stepper once per round, in turn, ``warmup + rounds`` times.

    Each stepper does one unit of work (say one epoch) and returns the seconds
    it took per unit — it times itself, so that it can leave its own set-up
    out of the measurement (a generator's bookkeeping, the benchmark's, …).
    The first ``warmup`` rounds are thrown away. With ``rotate`` the order
    shifts by one each round (a b c, b c a, c a b, …) so that no
    implementation always runs right after the same other one. ``settle``
    seconds of sleep before every measurement let the spinning worker threads
    of the previous implementation (OpenBLAS pthreads, OpenMP) go idle so
    they do not steal a core from the next one.
    """
    names = list(steppers)
    out = {name: Series(name) for name in names}
    for r in range(warmup + rounds):
        k = r % len(names) if rotate else 0
        for name in names[k:] + names[:k]:
            gc.collect()
            if settle:
                time.sleep(settle)
            dt = steppers[name]()
            if r >= warmup:
                out[name].times.append(dt)
    return out


def paired_ratio(num: Series, den: Series) -> float:
    """Median over rounds of num/den measured in the same round."""
    return statistics.median(a / b for a, b in zip(num.times, den.times))


def timed_next(gen) -> Callable[[], float]:
    """A stepper that times ``next(gen)``: the work between two yields."""

    def step() -> float:
        t0 = time.perf_counter()
        next(gen)
        return time.perf_counter() - t0

    return step


def timed_call(fn: Callable[[], object]) -> Callable[[], float]:
    """A stepper that times one call of ``fn``."""

    def step() -> float:
        t0 = time.perf_counter()
        fn()
        return time.perf_counter() - t0

    return step


def micro(fn: Callable[[], object], *, repeat: int = 7, number: int = 0, budget: float = 0.05,
          best: bool = False) -> float:
    """Seconds of one call of ``fn``: median (or, with ``best``, minimum) of
    ``repeat`` timeit-style loops of ``number`` calls (autoranged to fill
    about ``budget / 5`` seconds)."""
    if number <= 0:
        number = 1
        while True:
            t0 = time.perf_counter()
            for _ in range(number):
                fn()
            if time.perf_counter() - t0 >= budget / 5 or number >= 1 << 20:
                break
            number *= 2
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - t0) / number)
    return min(samples) if best else statistics.median(samples)


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> str:
    """A plain-text table; ``align`` has one of "<" / ">" per column (default: first left)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(header))]
    align = align or "<" + ">" * (len(header) - 1)
    lines = []
    for i, row in enumerate(cells):
        lines.append("  ".join(f"{c:{a}{w}}" for c, a, w in zip(row, align, widths)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def environment_lines() -> list[str]:
    """numpy / torch versions and the thread pools each one will use."""
    import numpy as np

    lines = [
        f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} logical CPUs",
        f"numpy {np.__version__}",
    ]
    try:
        import torch

        lines.append(
            f"torch {torch.__version__}: intra-op threads {torch.get_num_threads()}, "
            f"inter-op threads {torch.get_num_interop_threads()}"
        )
    except ImportError:
        lines.append("torch: not installed")
    try:
        from threadpoolctl import threadpool_info

        for pool in threadpool_info():
            owner = "numpy" if "numpy" in pool["filepath"] else ("torch" if "torch" in pool["filepath"] else "?")
            lines.append(
                f"thread pool ({owner}): {pool.get('internal_api')} {pool.get('version') or ''} "
                f"{pool.get('threading_layer', '')}, {pool['num_threads']} threads".replace("  ", " ")
            )
    except ImportError:
        lines.append("threadpoolctl not installed: BLAS thread counts unknown")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        if var in os.environ:
            lines.append(f"{var}={os.environ[var]}")
    return lines


def _proc_stat() -> tuple[int, int, int] | None:
    """(busy, steal, total) clock ticks of all CPUs since boot, or None."""
    try:
        with open("/proc/stat") as fh:
            f = [int(x) for x in fh.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    if len(f) < 8:
        return None
    idle = f[3] + f[4]
    return sum(f) - idle, f[7], sum(f)


def _own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


class OtherLoad:
    """How much of the machine other processes used during a ``with`` block.

    ``others`` is the share of all CPUs busy with anything but this process
    (its threads included) and ``steal`` the share the hypervisor kept for
    other guests; both None where /proc/stat is missing.
    """

    def __enter__(self) -> "OtherLoad":
        self.others = self.steal = None
        self._stat, self._own = _proc_stat(), _own_cpu_seconds()
        return self

    def __exit__(self, *exc) -> None:
        end, own = _proc_stat(), _own_cpu_seconds()
        if self._stat is None or end is None:
            return
        hz = os.sysconf("SC_CLK_TCK")
        busy, steal, total = (e - s for e, s in zip(end, self._stat))
        if total <= 0:
            return
        self.others = max(0.0, (busy / hz - (own - self._own)) / (total / hz))
        self.steal = steal / total

    def line(self) -> str:
        if self.others is None:
            return "load from other processes: unknown"
        warn = "   (!) busy machine: 2-thread BLAS timings are unreliable" if self.others > 0.15 else ""
        return (f"other processes used {self.others * 100:.0f} % of the CPUs meanwhile "
                f"(hypervisor steal {self.steal * 100:.0f} %){warn}")


def busy_fraction(seconds: float = 0.5) -> float | None:
    """Share of all CPUs busy with other work over ``seconds`` (None if unknown)."""
    with OtherLoad() as load:
        time.sleep(seconds)
    return load.others


def wait_for_quiet(max_wait: float, threshold: float = 0.2) -> str:
    """Sleep until other processes use less than ``threshold`` of the CPUs,
    for at most ``max_wait`` seconds; say what happened."""
    t0 = time.perf_counter()
    busy = busy_fraction()
    if busy is None:
        return ""
    while busy > threshold and time.perf_counter() - t0 < max_wait:
        busy = busy_fraction(1.0)
    waited = time.perf_counter() - t0
    if busy > threshold:
        return f"machine still {busy * 100:.0f} % busy with other work after waiting {waited:.0f} s; going on"
    return f"waited {waited:.0f} s for a quiet machine" if waited > 1.5 else ""


def load_line() -> str:
    busy = busy_fraction()
    parts = []
    if busy is not None:
        parts.append(f"CPUs busy with other work: {busy * 100:.0f} %")
    if hasattr(os, "getloadavg"):
        parts.append("load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return "; ".join(parts) or "machine load unknown"
