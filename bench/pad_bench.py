"""How quickly the digit pad answers, and how well the digit examples read digits.

Run from the project root::

    .venv/bin/python bench/pad_bench.py                       # about a minute
    .venv/bin/python bench/pad_bench.py --rounds 1 --moves 20  # quicker

Not part of the test suite.

Latency, in the real window (offscreen), for the 784-256-10 MNIST example
and the 64-30-10 8×8 example. A hand is imitated: a precise 16 ms timer
(a mouse reports about 60 moves a second) posts mouse events to the pad's
event queue — five digits of 40 moves each: pen down, 40 moves, pen up,
320 ms to reach the Clear button, Clear, 320 ms back to the pad. Each case
is run with the panel's way of feeding the canvas (when the pen rests, and
at least every second while it moves, and at pen-up) and with the canvas
fed only at pen-up. For every move the latency is the time from the moment the
move was due until the bars had been given the new scores (``bars set``),
and until the bar chart had next been painted (``bars painted``); ``queued``
is the time from the move being due to the pad receiving it. A move
that waits in the queue because the GUI thread is busy (feeding the canvas,
say) waits in the measurement too. Target: median and 95th percentile of
``bars set`` ≤ 15 ms. Beside them: the time of one reading in the model
(preprocessing + one forward pass) and of one feed of the input to the
document (``doc.set_input``: every view of the document follows).

Accuracy: the MNIST example on the test rows of mnist5k (1,000), the 8×8
example on the test rows of digits8 (359), and both on the 2,400 drawings of
the style-diverse drawn test set (``drawn_test.npz``) read through the pad's
path (:func:`nnapp.model.digits.read_digit`: preprocessing, normalisation,
one forward pass); ``bench/digits_eval.py`` breaks these down.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import OtherLoad, environment_lines, format_table, use_project_root, verdict, wait_for_quiet  # noqa: E402

use_project_root()

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QObject, QPointF, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnapp.engine.datasets import DATASETS_DIR, load_dataset  # noqa: E402
from nnapp.engine.propagation import predict  # noqa: E402
from nnapp.model.digits import read_digit  # noqa: E402
from nnapp.model.document import Document  # noqa: E402
from nnapp.model.files import open_example  # noqa: E402
from nnapp.ui.digits.strokes import stroke_points  # noqa: E402
from nnapp.ui.main_window import MainWindow  # noqa: E402

TARGET_MS = 15.0
TICK_MS = 16
HAND_TRAVEL = 20  # ticks (320 ms) from the pad to the Clear button, and back
MOVE_STAMP = 1_000_000  # our moves carry MOVE_STAMP + their number as timestamp
DIGITS = (0, 2, 3, 5, 8)
EXAMPLES = (("mnist", "784-256-10", "mnist5k"), ("digits8", "64-30-10", "digits8"))


def percentile(values, q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def resample(points, n: int) -> list[tuple[float, float]]:
    """``n`` points evenly along a polyline."""
    p = np.asarray(points, dtype=float)
    seg = np.hypot(*np.diff(p, axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    t = np.linspace(0, s[-1], n)
    return list(zip(np.interp(t, s, p[:, 0]), np.interp(t, s, p[:, 1])))


def hand(pad, moves_per_digit: int) -> list[tuple[str, QPointF]]:
    """The events of a hand drawing the digits: ("press" | "move" | "release" | "pause" | "clear", position)."""
    square = pad.paper_rect()
    script = []
    for digit in DIGITS:
        line = [p for stroke in stroke_points(digit, square.width() * 0.8, square.x() + square.width() * 0.1,
                                               square.y() + square.height() * 0.1) for p in stroke]
        points = [QPointF(x, y) for x, y in resample(line, moves_per_digit + 1)]
        script.append(("press", points[0]))
        script += [("move", p) for p in points[1:]]
        rest = [("pause", None)] * HAND_TRAVEL
        script += [("release", points[-1])] + rest + [("clear", None)] + rest
    return script


def mouse(kind: str, pad, pos: QPointF) -> QMouseEvent:
    types = {"press": QEvent.Type.MouseButtonPress, "move": QEvent.Type.MouseMove,
             "release": QEvent.Type.MouseButtonRelease}
    button = Qt.MouseButton.NoButton if kind == "move" else Qt.MouseButton.LeftButton
    held = Qt.MouseButton.NoButton if kind == "release" else Qt.MouseButton.LeftButton
    return QMouseEvent(types[kind], pos, QPointF(pad.mapToGlobal(pos.toPoint())), button, held,
                       Qt.KeyboardModifier.NoModifier)


def measure_window(app: QApplication, window: MainWindow, example: str, moves_per_digit: int,
                   feed_interval: float | None) -> dict:
    """Latencies (ms) of the moves of :func:`hand`, with the example open in the window.

    The hand keeps its own clock: the n-th event is due at start + n·16 ms whatever the window is
    doing (a tick that comes late posts every event due by then, as a queue of mouse reports would
    hold them). A move counts as answered by the first new bars set after the pad received it, or
    a later move (a pad that reads only the newest position answers the older ones too).
    """
    window.files.open_example(example)
    window.digit_dock.raise_()
    panel = window.digit_panel
    pad, bars = panel.pad, panel.bars
    panel.feed_interval = feed_interval
    for _ in range(20):
        app.processEvents()

    received: dict[int, float] = {}
    latest = {"move": -1}
    sets: list[tuple[float, int]] = []       # (time, newest move received by then)
    paint_times: list[float] = []
    feed_times: list[float] = []
    read_times: list[float] = []
    original_set, original_paint = bars.set_scores, bars.bars.paint
    original_feed, original_read = panel.feed_input, panel._read

    def timed_set(*args, **kwargs):
        original_set(*args, **kwargs)
        sets.append((time.perf_counter(), latest["move"]))

    def timed_paint(*args, **kwargs):
        original_paint(*args, **kwargs)
        paint_times.append(time.perf_counter())

    def timed_feed(*args, **kwargs):
        start = time.perf_counter()
        fed_before = window.doc.input
        original_feed(*args, **kwargs)
        if window.doc.input is not fed_before:
            feed_times.append(time.perf_counter() - start)

    def timed_read(*args, **kwargs):
        start = time.perf_counter()
        original_read(*args, **kwargs)
        read_times.append(time.perf_counter() - start)

    class Reception(QObject):
        """Notes when each of our moves (numbered in its timestamp) reaches the pad."""

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.MouseMove and event.timestamp() >= MOVE_STAMP:
                n = event.timestamp() - MOVE_STAMP
                received[n] = time.perf_counter()
                latest["move"] = max(latest["move"], n)
            return False

    reception = Reception()
    pad.installEventFilter(reception)
    bars.set_scores, bars.bars.paint = timed_set, timed_paint
    panel.feed_input, panel._read = timed_feed, timed_read
    panel.feed_timer.timeout.disconnect()
    panel.feed_timer.timeout.connect(panel.feed_input)

    script = hand(pad, moves_per_digit)
    due_moves: list[float] = []
    state = {"i": 0, "start": 0.0}
    loop = QEventLoop()
    clock = QTimer()
    clock.setSingleShot(True)
    clock.setTimerType(Qt.TimerType.PreciseTimer)

    def tick():
        now = time.perf_counter()
        while state["i"] < len(script) and state["start"] + state["i"] * TICK_MS / 1000 <= now:
            i = state["i"]
            state["i"] = i + 1
            kind, pos = script[i]
            if kind == "clear":
                pad.clear()
            elif kind != "pause":
                event = mouse(kind, pad, pos)
                if kind == "move":
                    event.setTimestamp(MOVE_STAMP + len(due_moves))
                    due_moves.append(state["start"] + i * TICK_MS / 1000)
                QApplication.postEvent(pad, event)
        if state["i"] >= len(script):
            QTimer.singleShot(300, loop.quit)
            return
        wait = state["start"] + state["i"] * TICK_MS / 1000 - time.perf_counter()
        clock.start(max(0, int(wait * 1000)))

    clock.timeout.connect(tick)
    state["start"] = time.perf_counter() + 0.05
    clock.start(50)
    loop.exec()

    pad.removeEventFilter(reception)
    bars.set_scores, bars.bars.paint = original_set, original_paint
    panel.feed_input, panel._read = original_feed, original_read
    panel.feed_timer.timeout.disconnect()
    panel.feed_timer.timeout.connect(panel.feed_input)

    paints = np.array(paint_times)
    to_set, to_paint, queued = [], [], []
    for n, due in enumerate(due_moves):
        if n in received:
            queued.append((received[n] - due) * 1000)
        answer = next((t for t, newest in sets if newest >= n), None)
        if answer is None:
            continue
        to_set.append((answer - due) * 1000)
        j = np.searchsorted(paints, answer)
        if j < len(paints):
            to_paint.append((paints[j] - due) * 1000)
    return {"set": to_set, "paint": to_paint, "queued": queued, "feed": [t * 1000 for t in feed_times],
            "read": [t * 1000 for t in read_times], "moves": len(due_moves)}


def accuracy_rows() -> list[list[str]]:
    with np.load(DATASETS_DIR / "drawn_test.npz", allow_pickle=False) as f:
        images, labels = f["images"], f["labels"].astype(np.int64)
    rows = []
    for example, sizes, dataset in EXAMPLES:
        doc = Document()
        open_example(doc, example)
        test = load_dataset(dataset, split="test")
        test_acc = float(np.mean(np.argmax(predict(doc.network(), test.X), axis=1) == test.labels()))
        start = time.perf_counter()
        read = np.array([read_digit(doc, image).digit for image in images])
        per_drawing = (time.perf_counter() - start) / len(images) * 1000
        drawn_acc = float(np.mean(read == labels))
        rows.append([f"{example} ({sizes})", f"{dataset} test ({test.n_samples})", f"{test_acc:.1%}",
                     f"{drawn_acc:.1%}", f"{per_drawing:.2f} ms"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--moves", type=int, default=40, help="moves per digit (5 digits; default 40)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of every case, interleaved (default 2)")
    parser.add_argument("--wait", type=float, default=20, help="seconds to wait for a quiet machine first")
    args = parser.parse_args()

    print("Digit pad benchmark")
    for line in environment_lines():
        print("  " + line)
    print("  " + wait_for_quiet(args.wait))
    print()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = tempfile.mkdtemp(prefix="nnapp-bench-")
    window = MainWindow(QSettings(os.path.join(folder, "nnapp.ini"), QSettings.Format.IniFormat))
    window.files.ask_to_save = lambda: "discard"
    window.resize(1280, 820)
    window.show()
    for _ in range(10):
        app.processEvents()

    rows = []
    default = window.digit_panel.feed_interval
    configs = [(example, sizes, interval) for example, sizes, _ in EXAMPLES for interval in (default, None)]
    results = {c: {"set": [], "paint": [], "queued": [], "feed": [], "read": [], "moves": 0, "others": []}
               for c in configs}
    for _ in range(args.rounds):  # interleaved, so that a busy moment of the machine is shared out
        for config in configs:
            example, _, interval = config
            with OtherLoad() as load:
                r = measure_window(app, window, example, args.moves, interval)
            for key in ("set", "paint", "queued", "feed", "read"):
                results[config][key] += r[key]
            results[config]["moves"] += r["moves"]
            if load.others is not None:
                results[config]["others"].append(load.others)
    for (example, sizes, interval), r in results.items():
        ok = statistics.median(r["set"]) <= TARGET_MS and percentile(r["set"], 95) <= TARGET_MS
        canvas = f"at rest, ≥ every {interval:g} s" if interval else "at pen-up only"
        others = f"{statistics.mean(r['others']) * 100:.0f} %" if r["others"] else "?"
        rows.append([f"{example} ({sizes})", canvas, r["moves"],
                     f"{statistics.median(r['queued']):.1f}", f"{percentile(r['queued'], 95):.1f}",
                     f"{statistics.median(r['set']):.1f}", f"{percentile(r['set'], 95):.1f}",
                     f"{statistics.median(r['paint']):.1f}", f"{percentile(r['paint'], 95):.1f}",
                     f"{statistics.median(r['read']):.1f}",
                     f"{statistics.median(r['feed']):.1f} ({len(r['feed'])}×)" if r["feed"] else "-",
                     others, verdict(ok)])
    print(f"Move → bars, in the window (ms; a move every {TICK_MS} ms; target: median and p95 of "
          f"'bars set' ≤ {TARGET_MS:g})")
    print(format_table(["network", "canvas fed", "moves", "queued median", "queued p95", "set median", "set p95",
                        "painted median", "painted p95",
                        "one reading", "one feed (count)", "other load", "target"], rows))
    window.close()
    print()
    print("Accuracy (one forward pass per picture; drawn digits through the pad's path)")
    print(format_table(["example", "test rows", "test accuracy", "drawn test (2,400)", "pad path per drawing"],
                       accuracy_rows()))


if __name__ == "__main__":
    main()
