"""Does the window stay responsive while a large network trains in it?

Run from the project root::

    .venv/bin/python bench/ui_responsiveness.py            # about three minutes
    .venv/bin/python bench/ui_responsiveness.py --rounds 30 # about 15 minutes: the figures in bench/README.md
    .venv/bin/python bench/ui_responsiveness.py --epochs 10 --rounds 3  # quicker, noisier
    .venv/bin/python bench/ui_responsiveness.py --load     # beside a process that keeps a core busy

Not part of the test suite. A 784-128-10 network (ReLU, softmax +
categorical cross-entropy, SGD η = 0.1, float32, batches of 32) trains on
4000 × 784 fixed random data:

- headless: the engine's ``Trainer.run()`` in this thread, no window, with
  all BLAS threads (numpy's default) and with as many as the window's
  training process uses;
- in the window: the same training started from the window's training
  controller (a network this large trains in a process of its own, on
  cores the window leaves it; the canvas follows the weights), while a
  1 ms ``QTimer`` on the GUI thread records how late each of its ticks
  comes (lateness = time between two ticks − 1 ms). Throughput is the
  trainer's own samples per second, as headless; the time the start takes
  on the GUI thread (checking and splitting the data: 4000 inline rows
  here), the time from Start to the first report (the process starting)
  and the samples per second counted from Start to the end are reported on
  their own lines.

The runs are interleaved (headless, window with the probe timer, window
without it, headless with fewer BLAS threads, window with the cores not
split, …) and the medians compared; the run without the probe shows what
the 1 ms timer itself costs. Targets: event-loop lateness p99 ≤ 20 ms and
max ≤ 50 ms; training throughput in the window ≥ 90 % of headless, judged
against the faster of the two headless medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import environment_lines, format_table, use_project_root, verdict  # noqa: E402

use_project_root()

import numpy as np  # noqa: E402

from nnapp.engine.network import Network  # noqa: E402
from nnapp.engine.settings import TrainingSettings  # noqa: E402
from nnapp.engine.training import Trainer  # noqa: E402
from nnapp.engine.blas_threads import blas_threads, limited_threads  # noqa: E402
from nnapp.engine.cores import split_cores  # noqa: E402


def load_window_modules() -> None:
    """Qt and the window, imported by :func:`main` only: the window's training
    process (started with "spawn") imports this script again, and should not
    pay for Qt."""
    global QApplication, QEventLoop, QSettings, Qt, QTimer, MainWindow, worker_module
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from nnapp.ui.main_window import MainWindow
    from nnapp.ui.training import worker as worker_module

N, SIZES = 4000, [784, 128, 10]
FIRST_REPORT: list[float] = []
"""Seconds from Start to the first report of each run in the window (a training process starts first)."""
WALL: list[float] = []
"""Samples per second of each run in the window counted from Start to the end (the start included)."""


def make_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (N, SIZES[0]))
    labels = rng.integers(0, SIZES[-1], N)
    Y = np.eye(SIZES[-1])[labels]
    return X, Y


def settings(epochs: int) -> TrainingSettings:
    return TrainingSettings(loss="cce", optimizer="sgd", learning_rate=0.1, epochs=epochs, batch_size=32,
                            dtype="float32", seed=0)


def network() -> Network:
    net = Network.dense(SIZES, ["relu", "softmax"], init="he", rng=0)
    net.layers[0].image_shape = (28, 28)
    return net


def headless(X, Y, epochs: int, threads: int | None = None) -> float:
    """Samples per second of the engine alone (with at most ``threads`` BLAS threads)."""
    trainer = Trainer(network(), X, Y, settings(epochs))
    with limited_threads(threads):
        start = time.perf_counter()
        for _ in trainer.run(report="batch"):
            pass
        return N * epochs / (time.perf_counter() - start)


def in_window(app: QApplication, window: MainWindow, epochs: int, probe: bool = True) -> tuple[float, list[float], float]:
    """Samples per second in the window (the worker's own count), the 1 ms
    timer's lateness (ms) while training ran, and the time (s) the start
    took on the GUI thread (checking and splitting the data, copying the
    network)."""
    doc = window.doc
    doc.replace(network(), data=doc.data, training=settings(epochs))
    window.files.ask_to_save = lambda: "discard"
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    result: dict = {}

    def started() -> None:
        result["started"] = time.perf_counter()
        if probe:
            timer.start(1)

    def finished(last) -> None:
        timer.stop()
        result["last"] = last
        result["end"] = time.perf_counter()
        loop.quit()

    def reported(chunk) -> None:
        result.setdefault("first", time.perf_counter())

    window.training.started.connect(started)
    window.training.finished.connect(finished)
    window.training.reported.connect(reported)
    clicked = time.perf_counter()
    if not window.training.start():
        raise SystemExit("training did not start")
    loop.exec()
    window.training.started.disconnect(started)
    window.training.finished.disconnect(finished)
    window.training.reported.disconnect(reported)
    lateness = [(b - a) * 1e3 - 1.0 for a, b in zip(ticks, ticks[1:])]
    FIRST_REPORT.append(result["first"] - clicked)
    WALL.append(N * epochs / (result["end"] - clicked))
    return result["last"].samples_per_second, lateness, result["started"] - clicked


def busy_process() -> subprocess.Popen:
    """Another program that keeps one core busy (for ``--load``)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def in_window_unsplit(app, window, epochs: int, probe: bool = True):
    """:func:`in_window` with the window and the training process on any core."""
    saved = worker_module.SPLIT_CORES
    worker_module.SPLIT_CORES = False
    try:
        return in_window(app, window, epochs, probe)
    finally:
        worker_module.SPLIT_CORES = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30, help="epochs per measurement (default 30)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--load", action="store_true",
                        help="run a busy-looping process beside it (another program using one core)")
    args = parser.parse_args(argv)
    load_window_modules()
    app = QApplication.instance() or QApplication(sys.argv)
    settings_file = QSettings(os.path.join(os.environ.get("TMPDIR", "/tmp"), "nnapp-bench.ini"),
                              QSettings.Format.IniFormat)
    window = MainWindow(settings_file)
    window.resize(1280, 820)
    window.show()
    app.processEvents()
    X, Y = make_data()
    window.doc.replace(network())
    window.doc.set_data({"inputs": X.tolist(), "targets": Y.tolist()})

    print("\n".join(environment_lines()))
    all_threads, worker_threads = blas_threads(), worker_module.BLAS_THREADS
    print(f"784-128-10, {N} samples, batch 32, float32, {args.epochs} epochs per run, {args.rounds} rounds")
    print(f"BLAS threads: {all_threads} headless; the window's worker uses {worker_threads}"
          + (" (--load: another process keeps one core busy)" if args.load else ""))
    split = split_cores()
    print("cores: " + (f"the window {sorted(split[0])}, its training process {sorted(split[1])}" if split
                       else "not split (fewer than two)") + "\n")
    load = busy_process() if args.load else None
    try:
        headless(X, Y, 1)                       # warm-up: first calls, caches, thread pools
        in_window(app, window, 1)
        head, win, quiet, late, starts = [], [], [], [], []
        head_few, unsplit = [], []
        for r in range(args.rounds):
            head.append(headless(X, Y, args.epochs))
            speed, lateness, start = in_window(app, window, args.epochs)
            win.append(speed)
            late += lateness
            starts.append(start)
            quiet.append(in_window(app, window, args.epochs, probe=False)[0])
            head_few.append(headless(X, Y, args.epochs, worker_threads))
            unsplit.append(in_window_unsplit(app, window, args.epochs)[0])
            print(f"round {r + 1}: headless {head[-1]:,.0f} samples/s, window {speed:,.0f} samples/s "
                  f"(without the 1 ms probe {quiet[-1]:,.0f}), "
                  f"lateness p99 {np.percentile(lateness, 99):.1f} ms, max {max(lateness):.1f} ms, "
                  f"start {start * 1e3:.0f} ms; headless with {worker_threads} BLAS threads "
                  f"{head_few[-1]:,.0f}, window with the cores not split {unsplit[-1]:,.0f}", flush=True)
    finally:
        if load is not None:
            load.kill()
            load.wait()
    median = statistics.median
    reference = max(median(head), median(head_few))
    ratio = median(win) / reference
    p99, worst = float(np.percentile(late, 99)), max(late)
    print()
    print(format_table(
        ["measure", "value", "target", ""],
        [[f"headless, {all_threads} BLAS threads (median)", f"{median(head):,.0f}", "", ""],
         [f"headless, {worker_threads} BLAS threads (median)", f"{median(head_few):,.0f}", "", ""],
         ["window samples/s (median)", f"{median(win):,.0f}", "", ""],
         ["window / faster headless", f"{ratio:.2f}", "≥ 0.90", verdict(ratio >= 0.9)],
         ["window without the probe timer (median)", f"{median(quiet):,.0f}", "", ""],
         ["  / faster headless", f"{median(quiet) / reference:.2f}", "≥ 0.90",
          verdict(median(quiet) / reference >= 0.9)],
         ["event-loop lateness p50 (ms)", f"{np.percentile(late, 50):.2f}", "", ""],
         ["event-loop lateness p99 (ms)", f"{p99:.2f}", "≤ 20", verdict(p99 <= 20)],
         ["event-loop lateness max (ms)", f"{worst:.2f}", "≤ 50", verdict(worst <= 50)],
         ["timer ticks measured", f"{len(late)}", "", ""],
         ["start on the GUI thread (ms, median)", f"{median(starts) * 1e3:.0f}", "", ""],
         ["Start → first report (ms, median)", f"{median(FIRST_REPORT) * 1e3:.0f}", "", ""],
         ["window samples/s from Start to the end (median)", f"{median(WALL):,.0f}", "", ""],
         ["window, cores not split (median)", f"{median(unsplit):,.0f}", "", ""],
         ["  / faster headless", f"{median(unsplit) / reference:.2f}", "", ""]],
        align="<>><",
    ))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
