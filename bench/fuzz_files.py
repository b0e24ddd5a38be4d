"""Damaged and hostile network files through the command line and the window.

Usage::

    .venv/bin/python bench/fuzz_files.py            # 1,000 mutants + the named cases
    .venv/bin/python bench/fuzz_files.py --mutants 200 --no-large

Every file goes through two paths, each in worker processes of its own:

- the command line, ``nnapp trace FILE --row 1`` (reads the network and its data);
- the window's open path (File ▸ Open on a window holding the gender example).

Counted per path: files opened, files refused with a message, tracebacks
(an exception that escaped, or the command line's "unexpected …" line),
hangs (no answer within ``--timeout`` seconds: the worker is killed), the
largest peak memory of any file under 10 MB, and, in the window, refusals
after which the document was no longer the one that was open before.
The suite runs a sample of the same cases (``tests/cli/test_fuzz_sample.py``,
``tests/ui/test_open_fuzz_sample.py``).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.hostile_files import hostile_cases, mutants  # noqa: E402

SMALL = 10 * 1024 * 1024


def peak_reset() -> None:
    """Start measuring this process's peak memory afresh (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# --- the command line ------------------------------------------------------------


def cli_case(path: str) -> dict:
    import contextlib
    import io

    from nnapp.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["trace", path, "--row", "1", "--max-terms", "2"])
    except BaseException as e:  # noqa: BLE001 - what escaped is what is counted
        return {"outcome": "traceback", "text": f"{type(e).__name__}: {e}"[:300]}
    text = err.getvalue().strip()
    if code == 0:
        return {"outcome": "opened", "text": ""}
    if "unexpected" in text or "Traceback" in text:
        return {"outcome": "traceback", "text": text[:300]}
    return {"outcome": "refused", "text": text[:300]}


# --- the window -------------------------------------------------------------------


class WindowBench:
    """One window holding the gender example; opens files and checks the outcome."""

    def __init__(self, folder: str) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from nnapp.ui.file_controller import FileController
        from nnapp.ui.main_window import MainWindow
        from nnapp.ui.training import controller

        controller.SPARE_PROCESS = False
        FileController.ask_to_save = lambda self: "discard"
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(lambda *args: None)   # the offscreen platform's notices are not results
        self.app = QApplication.instance() or QApplication([])
        self.escaped: list[str] = []
        sys.excepthook = lambda kind, value, tb: self.escaped.append(f"{kind.__name__}: {value}"[:300])
        self.window = MainWindow(QSettings(os.path.join(folder, "bench.ini"), QSettings.Format.IniFormat))
        self.window.resize(1280, 800)
        self.window.show()
        self.files = self.window.files

    def snapshot(self) -> tuple:
        from nnapp.engine.serialize import dumps
        from nnapp.model.files import to_network_file

        doc = self.files.doc
        return (dumps(to_network_file(doc)), doc.title, doc.path, self.files.editor.stack.count())

    def case(self, path: str) -> dict:
        from PySide6.QtWidgets import QMessageBox

        self.files.open_example("gender")
        self.settle()
        before = self.snapshot()
        self.escaped.clear()
        self.files.open_path(path, ask=False)
        self.settle()
        boxes = [b for b in self.window.findChildren(QMessageBox) if b.isVisible()]
        text = " / ".join(f"{b.text()} {b.informativeText()}".replace("\n", " ") for b in boxes)[:300]
        for box in boxes:
            box.close()
            box.deleteLater()
        self.settle()
        if self.escaped:
            return {"outcome": "traceback", "text": self.escaped[0]}
        if self.files.doc.path and Path(self.files.doc.path) == Path(path):
            return {"outcome": "opened", "text": ""}
        changed = self.snapshot() != before
        return {"outcome": "refused", "text": text, "changed": changed, "said": bool(boxes)}

    def settle(self) -> None:
        """Process events until no read is running (the open path may read on a thread)."""
        deadline = time.monotonic() + 60
        busy = getattr(self.files, "is_busy", lambda: False)
        while True:
            self.app.processEvents()
            if not busy() or time.monotonic() > deadline:
                break
            time.sleep(0.005)
        self.app.processEvents()


# --- workers ----------------------------------------------------------------------


def worker(conn, mode: str, folder: str) -> None:
    bench = WindowBench(folder) if mode == "window" else None
    while True:
        path = conn.recv()
        if path is None:
            return
        peak_reset()
        start = time.perf_counter()
        result = bench.case(path) if bench else cli_case(path)
        result["seconds"] = time.perf_counter() - start
        result["peak_mb"] = peak_mb()
        conn.send(result)


class Pool:
    """Worker processes that are replaced when one hangs."""

    def __init__(self, mode: str, folder: str, timeout: float) -> None:
        self.mode, self.folder, self.timeout = mode, folder, timeout
        self.ctx = mp.get_context("spawn")
        self.proc = None
        self.conn = None

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=worker, args=(child, self.mode, self.folder), daemon=True)
        self.proc.start()
        self.conn = parent

    def run(self, path: str) -> dict:
        if self.proc is None or not self.proc.is_alive():
            self.start()
        self.conn.send(path)
        if self.conn.poll(self.timeout):
            try:
                return self.conn.recv()
            except EOFError:
                pass
        died = self.proc.is_alive()
        self.proc.kill()
        self.proc.join()
        self.proc = None
        return {"outcome": "hang" if died else "crash", "text": "", "seconds": self.timeout, "peak_mb": float("nan")}

    def close(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            self.conn.send(None)
            self.proc.join(5)
            self.proc.kill()


def summarise(mode: str, rows: list[tuple[str, int, dict]]) -> None:
    counts: dict[str, int] = {}
    for _, _, r in rows:
        counts[r["outcome"]] = counts.get(r["outcome"], 0) + 1
    small = [r["peak_mb"] for _, size, r in rows if size < SMALL and r["peak_mb"] == r["peak_mb"]]
    changed = sum(1 for _, _, r in rows if r.get("changed"))
    silent = sum(1 for _, _, r in rows if r["outcome"] == "refused" and mode == "window" and not r.get("said"))
    slowest = max(rows, key=lambda row: row[2]["seconds"])
    print(f"\n{mode}: {len(rows)} files: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"  peak memory, files under 10 MB: max {max(small, default=0):.0f} MB")
    print(f"  slowest: {slowest[0]} {slowest[2]['seconds']:.2f} s")
    if mode == "window":
        print(f"  refusals that changed the document: {changed}; refusals without a message: {silent}")
    for name, _, r in rows:
        if r["outcome"] in ("traceback", "hang", "crash") or r.get("changed"):
            print(f"  ! {name}: {r['outcome']} {r['text']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mutants", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--no-large", action="store_true", help="leave out the 199 MB file")
    ap.add_argument("--only", choices=("cli", "window"), default=None)
    ap.add_argument("--verbose", action="store_true", help="one line per named case")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="nnapp-fuzz-") as folder:
        base = Path(folder)
        cases = [(name, str(p)) for name, p in hostile_cases(base / "hostile", large=not args.no_large)]
        (base / "mutants").mkdir()
        for name, data in mutants(args.mutants, args.seed):
            path = base / "mutants" / f"{name}.nnapp"
            path.write_bytes(data)
            cases.append((name, str(path)))
        for mode in ("cli", "window"):
            if args.only and args.only != mode:
                continue
            pool = Pool(mode, folder, args.timeout)
            rows = []
            start = time.perf_counter()
            for name, path in cases:
                size = os.stat(path).st_size if Path(path).is_file() else 0
                r = pool.run(path)
                rows.append((name, size, r))
                if args.verbose and not name[:4].isdigit():
                    print(f"  {mode:6} {name:32} {r['outcome']:9} {r['seconds']:6.2f} s "
                          f"{r['peak_mb']:7.0f} MB  {r['text'][:90]}", flush=True)
            pool.close()
            summarise(mode, rows)
            print(f"  ({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
