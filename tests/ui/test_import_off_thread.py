"""Importing CSV and IDX files reads them on a worker thread.

While a large CSV file is read, a 20 ms timer keeps ticking (the longest
gap between two ticks stays under 100 ms on an idle machine); while the
progress dialog is up, the other windows take no clicks; Cancel leaves the
dialog and the document as they were; whatever a read raises (MemoryError
included) becomes a message, not a traceback.
"""

from __future__ import annotations

import json
import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget

from nnapp.ui import csv_import, data_panel, file_loading, idx_import
from nnapp.ui.csv_import import CsvImportDialog
from nnapp.ui.idx_import import IdxImportDialog

from .helpers import find
from .test_csv_import import editor, panel  # noqa: F401 - the same gender editor and data panel

LONGEST_GAP_S = 0.100
# Measured on a 2-core machine: longest gap 31-44 ms idle, 28-60 ms beside another session's
# tests, 51-133 ms with a busy loop on one core (before the window held input back with Qt
# instead of an event filter in Python: 0.06-0.44 s, and 0.2-1 s when the progress dialog first
# showed in a process)
LONGEST_GAP_LOADED_S = 0.250
PEOPLE = "weight,height,female\n-2,-1,1\n25,6,0\n17,4,0\n-15,-6,1\n"


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """About 20 MB: 1,000,000 rows of two inputs and a 0/1 target."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10_000, 2))
    block = "".join(f"{a:.7f},{b:.7f},{int(a * b > 0)}\n" for a, b in X)
    path = tmp_path_factory.mktemp("csv") / "big.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("weight,height,female\n")
        for _ in range(100):
            f.write(block)
    return path




def state(editor):
    doc = editor.doc
    return json.dumps(doc.data, sort_keys=True), doc.training, editor.stack.index()


def press_cancel_when_reading(delay_ms: int = 50) -> None:
    """Press Cancel on the progress dialog of the read going on in ``delay_ms``."""
    def press():
        reading = file_loading.current
        assert reading is not None, "no read going on"
        button = reading.show_dialog().findChild(QPushButton)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(delay_ms, press)


def test_a_20_mb_csv_file_is_read_while_the_window_answers(qtbot, panel, big_csv, tmp_path, monkeypatch):
    assert big_csv.stat().st_size > 19_000_000
    small = tmp_path / "people.csv"
    small.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(small))
    dialog = panel.import_csv()
    qtbot.waitExposed(dialog)
    ticks = [time.monotonic()]
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.perf_counter()
    assert dialog.load_path(big_csv)
    took = time.perf_counter() - started
    timer.stop()
    ticks.append(time.monotonic())
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert dialog.table is not None and dialog.table.n_rows == 1_000_000
    assert find(dialog, QTableWidget, "csv_preview").rowCount() > 0
    assert "1,000,000 rows" in find(dialog, QLabel, "csv_result").text()
    print(f"\n20 MB CSV read in {took:.1f} s; median gap {np.median(gaps) * 1000:.0f} ms, longest gaps "
          f"{[round(g * 1000) for g in sorted(gaps)[-3:]]} ms")
    # the window keeps answering: its timer fires all along, most gaps are its 20 ms, and none
    # is long (the progress dialog showing included); the bound leaves room for a busy machine
    assert len(ticks) > took / LONGEST_GAP_S
    assert np.median(gaps) < LONGEST_GAP_S / 2
    assert max(gaps) < LONGEST_GAP_LOADED_S, f"longest gap {max(gaps) * 1000:.0f} ms in {took:.1f} s"


def test_while_the_progress_dialog_is_up_the_window_takes_no_clicks(qtbot, panel):
    clicks = []
    other = QPushButton("elsewhere")
    qtbot.addWidget(other)
    other.clicked.connect(lambda: clicks.append("other"))
    other.show()
    qtbot.waitExposed(other)
    release = threading.Event()
    seen = []

    def click_other():
        # as a person clicks: through the window system (a click sent to the widget itself
        # would skip the window's modal check)
        QTest.mouseClick(other.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         other.rect().center())

    def click_then_cancel():
        reading = file_loading.current
        dialog = reading.show_dialog()
        seen.append(dialog.isVisible())
        click_other()                                           # held back: the dialog is modal
        seen.append(clicks[:])
        QTest.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, click_then_cancel)
    outcome = file_loading.run_off_thread(lambda: release.wait(10), panel, title="Wait", label="Waiting…")
    release.set()
    assert outcome.cancelled
    assert seen == [True, []]
    assert clicks == []
    click_other()                                               # and afterwards it takes them again
    assert clicks == ["other"]


def test_cancel_during_a_csv_read_leaves_the_dialog_as_it_was(qtbot, panel, editor, tmp_path, monkeypatch):
    good = tmp_path / "people.csv"
    good.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(good))
    dialog = panel.import_csv()
    assert dialog.table is not None and dialog.path == str(good)
    release = threading.Event()
    real = csv_import.read_csv

    def blocked(path, **kwargs):
        release.wait(10)
        return real(path, **kwargs)

    monkeypatch.setattr(csv_import, "read_csv", blocked)
    press_cancel_when_reading()
    assert dialog.load_path(tmp_path / "other.csv") is False
    release.set()
    assert dialog.path == str(good) and dialog.table is not None
    assert find(dialog, QPushButton, "csv_import").isEnabled()
    assert state(editor)[2] == 0


@pytest.mark.parametrize("exc", [MemoryError(), OSError(5, "Input/output error"), RecursionError("too deep")])
def test_whatever_a_csv_read_raises_is_said_in_the_dialog(qtbot, panel, tmp_path, monkeypatch, exc):
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")

    def failing(*args, **kwargs):
        raise exc

    monkeypatch.setattr(csv_import, "read_csv", failing)
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(path))
    dialog = panel.import_csv()
    text = find(dialog, QLabel, "csv_error").text()
    assert dialog.table is None and not find(dialog, QPushButton, "csv_import").isEnabled()
    assert text.startswith("people.csv: "), text
    assert {"MemoryError": "not enough memory", "OSError": "Input/output error",
            "RecursionError": "too deeply"}[type(exc).__name__] in text


def test_importing_a_csv_file_checks_it_off_the_gui_thread_and_can_be_undone(qtbot, panel, editor, tmp_path,
                                                                              monkeypatch):
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(path))
    before = state(editor)
    threads = []
    real = data_panel.run_off_thread

    def noting(work, *args, **kwargs):
        threads.append(kwargs.get("title"))
        return real(work, *args, **kwargs)

    monkeypatch.setattr(data_panel, "run_off_thread", noting)
    dialog = panel.import_csv()
    find(dialog, QPushButton, "csv_import").click()
    assert threads == ["Import data"]
    assert editor.doc.data["csv"] == str(path.resolve())
    assert panel.current_dataset().n_samples == 4     # what the check read, kept by the panel
    editor.stack.undo()
    assert state(editor) == before
    editor.stack.redo()
    assert editor.doc.data["csv"] == str(path.resolve())


def test_cancel_while_the_data_is_checked_changes_nothing(qtbot, panel, editor, tmp_path, monkeypatch):
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(path))
    dialog = panel.import_csv()
    before = state(editor)
    release = threading.Event()
    real = data_panel.Document

    class SlowDocument(real):
        def replace(self, *args, **kwargs):
            release.wait(10)
            return super().replace(*args, **kwargs)

    monkeypatch.setattr(data_panel, "Document", SlowDocument)
    press_cancel_when_reading()
    find(dialog, QPushButton, "csv_import").click()
    release.set()
    assert state(editor) == before
    assert "cancelled" in find(dialog, QLabel, "csv_error").text()
    assert dialog.isVisible()


def test_a_memory_error_while_the_data_is_checked_is_a_message(qtbot, panel, editor, tmp_path, monkeypatch):
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(path))
    dialog = panel.import_csv()
    before = state(editor)

    def no_memory(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr("nnapp.model.data.read_csv", no_memory)
    find(dialog, QPushButton, "csv_import").click()
    assert state(editor) == before
    assert "not enough memory" in find(dialog, QLabel, "csv_error").text()


def test_idx_files_are_read_off_the_gui_thread_and_failures_are_said(qtbot, editor, tmp_path, monkeypatch):
    dialog = IdxImportDialog(None, files={}, folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    images = tmp_path / "train-images-idx3-ubyte"
    images.write_bytes(b"\0" * 16)

    def no_memory(path):
        raise MemoryError()

    monkeypatch.setattr(idx_import, "cached_images", no_memory)
    dialog.set_file("train_images", images)
    text = find(dialog, QLabel, "idx_note_train_images").text()
    assert "not enough memory" in text and "train-images-idx3-ubyte" in text
    assert not find(dialog, QPushButton, "idx_import").isEnabled()

    release = threading.Event()

    def blocked(path):
        release.wait(10)
        raise MemoryError()

    monkeypatch.setattr(idx_import, "cached_images", blocked)
    press_cancel_when_reading()
    dialog.set_file("train_images", images)
    release.set()
    assert "cancelled" in find(dialog, QLabel, "idx_error").text()
    assert not find(dialog, QPushButton, "idx_import").isEnabled()


def test_the_decision_map_reads_csv_data_in_the_background(qtbot, editor, tmp_path):
    from nnapp.model.data import SetData
    from nnapp.ui.boundary import BoundaryMap
    from nnapp.ui.boundary_follow import BoundaryFollower

    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    boundary = BoundaryMap()
    qtbot.addWidget(boundary)
    follower = BoundaryFollower(editor, boundary)
    assert editor.push(SetData({"csv": str(path), "inputs": ["weight", "height"], "targets": ["female"]}))
    qtbot.waitUntil(lambda: len(boundary.scatter.data) == 4)   # drawn when the read has ended
    assert sorted(boundary.scatter.data["x"].tolist()) == [-15, -2, 17, 25]
    # a newer choice wins over a read still going on: built-in data, drawn at once
    path.write_text(PEOPLE + "30,7,0\n", encoding="utf-8")
    assert editor.push(SetData({"csv": str(path), "inputs": ["weight", "height"], "targets": ["female"]}))
    assert editor.push(SetData({"inputs": [[0, 0], [1, 1], [2, 2]], "targets": [[0], [1], [0]]}))
    assert len(boundary.scatter.data) == 3
    qtbot.waitUntil(lambda: not follower.background.busy())
    assert len(boundary.scatter.data) == 3
