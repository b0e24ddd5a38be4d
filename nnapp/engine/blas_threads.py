"""How many threads numpy's BLAS may use for a stretch of work (the window's training, the benches).

numpy's matrix products run in OpenBLAS, which starts one thread per core
and splits every product between them; each thread spins until the others
are done. When a core is also wanted by something else — the GUI thread
painting the canvas, another program — one part of the product waits for
its core and the whole product with it. On a machine with two cores that
can make the small products of batch training many times slower (measured
in bench/ui_responsiveness.py). :func:`limited_threads` lowers the number
of BLAS threads for a stretch of work and puts it back afterwards.

OpenBLAS is found among the libraries this process has loaded (Linux:
``/proc/self/maps``) and asked through its ``openblas_get/set_num_threads``
functions, whatever prefix and suffix numpy's build gave them. Where there
is no such library (another BLAS, another system) nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

_NAMES = [
    (f"{prefix}openblas_get_num_threads{suffix}", f"{prefix}openblas_set_num_threads{suffix}")
    for prefix in ("", "scipy_")
    for suffix in ("", "64_", "_64")
]

_lock = threading.Lock()
_controls: list[tuple[Callable[[], int], Callable[[int], None]]] | None = None


def _loaded_openblas() -> list[str]:
    """Paths of the OpenBLAS libraries mapped into this process (Linux only)."""
    if not sys.platform.startswith("linux"):
        return []
    paths: list[str] = []
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                if len(fields) == 6:
                    path = fields[5].strip()
                    if "openblas" in os.path.basename(path).lower() and path not in paths:
                        paths.append(path)
    except OSError:
        return []
    return paths


def _find_controls() -> list[tuple[Callable[[], int], Callable[[int], None]]]:
    import numpy  # noqa: F401 - loads numpy's BLAS, so that it is among the mapped libraries

    found = []
    for path in _loaded_openblas():
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for get_name, set_name in _NAMES:
            get = getattr(library, get_name, None)
            put = getattr(library, set_name, None)
            if get is not None and put is not None:
                get.restype, get.argtypes = ctypes.c_int, []
                put.restype, put.argtypes = None, [ctypes.c_int]
                found.append((get, put))
                break
    return found


def _blas() -> list[tuple[Callable[[], int], Callable[[int], None]]]:
    global _controls
    with _lock:
        if _controls is None:
            _controls = _find_controls()
        return _controls


def blas_threads() -> int | None:
    """The number of threads numpy's OpenBLAS uses now; None when it cannot be told."""
    controls = _blas()
    return int(controls[0][0]()) if controls else None


def set_blas_threads(n: int) -> bool:
    """Let OpenBLAS use ``n`` (≥ 1) threads from now on; False when there is no OpenBLAS to ask."""
    controls = _blas()
    for _, put in controls:
        put(max(1, int(n)))
    return bool(controls)


@contextmanager
def limited_threads(n: int | None) -> Iterator[None]:
    """At most ``n`` BLAS threads inside the ``with`` block (None: leave them as they are)."""
    before = blas_threads() if n is not None else None
    if before is None or n >= before:
        yield
        return
    set_blas_threads(n)
    try:
        yield
    finally:
        set_blas_threads(before)


def switch_threads(n: int | None) -> int | None:
    """Let OpenBLAS use exactly ``n`` threads from now on; the count to put
    back with :func:`restore_threads` (None: nothing was changed, because
    ``n`` is None, it is the count already, or BLAS cannot be told)."""
    if n is None:
        return None
    before = blas_threads()
    if before is None or before == n:
        return None
    set_blas_threads(n)
    return before


def restore_threads(before: int | None) -> None:
    """Undo :func:`switch_threads` (given what it returned)."""
    if before is not None:
        set_blas_threads(before)

def spare_cores() -> int:
    """Cores this process may use, less one kept for the GUI thread; at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


__all__ = ["blas_threads", "limited_threads", "restore_threads", "set_blas_threads", "spare_cores",
           "switch_threads"]
