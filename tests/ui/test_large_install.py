"""Opening a deep, wide network and changing to a large data set keep the window answering.

A 10 ms timer ticks while the window opens a 2-1500-1500-1500-1 network
(4.5 million weights), until the step-through panel shows its steps (a
network this large is traced on a worker thread); after a CSV import the
views that show the data read nothing again (the worker's read is kept by
``load_section``).
"""

from __future__ import annotations

import gc
import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from nnapp.engine.network import Network
from nnapp.engine.serialize import NetworkFile, save
from nnapp.model import data
from nnapp.model.document import Document
from nnapp.model.files import install, read_document
from nnapp.ui.csv_import import CsvImportDialog
from nnapp.ui.file_controller import FileController

from .helpers import find

SIZES = [2, 1500, 1500, 1500, 1]

# The longest gaps between two ticks of a 10 ms timer while the window opens
# the file. 100 ms is the aim; the bounds are looser for a busy machine of
# two cores. With another session's tests running beside it, the longest gap
# from the install on was 85-260 ms: the install itself (the canvas, the
# decision map's copy of the network) and the first paint of the new canvas;
# the step-through panel traces on a worker thread (with the trace inside the
# install: 90-250 ms for this file, whose trace is the forward pass only).
LONGEST_INSTALL_GAP_S = 0.4
LONGEST_OPEN_GAP_S = 0.5


@pytest.fixture(scope="module")
def deep_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("deep") / "deep.nnapp"
    save(NetworkFile(Network.dense(SIZES, rng=0)), path)
    return path


class Ticks:
    """A 10 ms timer's tick times, to find the longest the event loop was away."""

    def __init__(self) -> None:
        self.times = [time.perf_counter()]
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self.times.append(time.perf_counter())
        return max(b - a for a, b in zip(self.times, self.times[1:]))


def test_installing_a_read_deep_network_costs_little(deep_file):
    contents = read_document(deep_file)
    gc.collect()   # the parse's garbage is collected now, not inside the install being timed
    doc = Document()
    started = time.perf_counter()
    install(doc, contents)
    took = time.perf_counter() - started
    print(f"\ninstall of {'-'.join(map(str, SIZES))}: {took * 1000:.1f} ms")
    assert took < 0.1
    assert doc.weight_name(doc.neuron_ids[3][-1], doc.neuron_ids[4][0]) == f"w{2 * 1500 + 2 * 1500 * 1500 + 1500}"


def test_the_window_opens_a_deep_network_while_answering(window, deep_file, qtbot, monkeypatch):
    installing = []
    real = FileController.install_contents

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return real(self, *args, **kwargs)
        finally:
            installing.append((started, time.perf_counter()))

    monkeypatch.setattr(FileController, "install_contents", timed)
    panel = window.steps_panel
    assert panel.isVisible()
    ticks = Ticks()
    started = time.perf_counter()
    assert window.files.open_path(str(deep_file), ask=False)
    opened = time.perf_counter() - started
    # the step-through panel shows the new network's steps once its trace has come
    qtbot.waitUntil(lambda: not panel.is_tracing(), timeout=10_000)
    qtbot.wait(200)       # whatever the views do after the open is counted too
    longest = ticks.stop()
    assert [l.size for l in window.doc.layers] == SIZES
    trace = panel.stepper.trace
    assert trace is not None and [a.size for a in trace.activations] == SIZES
    assert panel.model.rowCount() == len(panel.stepper) > sum(SIZES)
    assert window.doc.weight_name(window.doc.neuron_ids[0][0], window.doc.neuron_ids[1][0]) == "w1"
    (begin, end), = installing
    # the gaps from the install on: what the GUI thread does with the read document
    after = [b - a for a, b in zip(ticks.times, ticks.times[1:]) if b >= begin]
    print(f"\nopen of {'-'.join(map(str, SIZES))}: {opened:.2f} s; longest gap {longest * 1000:.0f} ms, "
          f"{max(after) * 1000:.0f} ms from the install on (install {(end - begin) * 1000:.0f} ms)")
    assert max(after) < LONGEST_INSTALL_GAP_S, f"longest gap from the install on {max(after) * 1000:.0f} ms"
    assert longest < LONGEST_OPEN_GAP_S, f"longest gap {longest * 1000:.0f} ms"


@pytest.fixture
def wide_csv(tmp_path):
    """200,000 rows of two inputs and a 0/1 target (about 5 MB)."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2_000, 2))
    block = "".join(f"{a:.6f},{b:.6f},{int(a * b > 0)}\n" for a, b in X)
    path = tmp_path / "rows.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("weight,height,female\n")
        for _ in range(100):
            f.write(block)
    return path


def test_after_a_csv_import_the_views_read_nothing_again(window, wide_csv, qtbot, monkeypatch):
    assert window.files.open_example("gender")
    data.clear_cache()
    reads = []
    real = data.read_csv

    def counting(path, *args, **kwargs):
        reads.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(data, "read_csv", counting)
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(wide_csv))
    dialog = window.data_panel.import_csv()
    qtbot.waitUntil(lambda: dialog.table is not None, timeout=20_000)
    ticks = Ticks()
    find(dialog, QPushButton, "csv_import").click()
    qtbot.wait(100)
    longest = ticks.stop()
    assert window.doc.data["csv"] == str(wide_csv.resolve())
    assert reads == [str(wide_csv.resolve())]        # the worker's read only
    assert window.input_row.sample.count() > 1000    # the rows offered come from the kept read
    print(f"\nimport of a 200,000-row CSV: longest gap {longest * 1000:.0f} ms")
    window.editor.stack.undo()
    window.editor.stack.redo()
    assert len(reads) == 1
