"""Opening hostile and damaged files in the window: a message, never a hang.

The file is read on a worker thread while the window keeps answering: a
20 ms timer ticks throughout, and the longest gap between two ticks stays
under 100 ms. Whatever goes wrong, the open document, its title, its undo
history and the recent files stay as they were, and a dialog says why.
"""

from __future__ import annotations

import errno
import json
import os
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton

from nnapp.engine.examples import example_path
from nnapp.engine.serialize import FileFormatError
from nnapp.model import commands as C
from nnapp.model.files import read_document
from nnapp.ui import file_controller, file_loading

LONGEST_GAP_S = 0.100


class Ticks:
    """A 20 ms timer that notes when it fires."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))

    def __enter__(self) -> "Ticks":
        self.times.append(time.monotonic())
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        self.times.append(time.monotonic())

    def longest_gap(self) -> float:
        return max(b - a for a, b in zip(self.times, self.times[1:]))


def network_with_data(folder: Path, name: str, data: dict) -> Path:
    """The xor example with ``data`` as its data section."""
    tree = json.loads(Path(example_path("xor")).read_text(encoding="utf-8"))
    tree["data"] = data
    path = folder / name
    path.write_text(json.dumps(tree), encoding="utf-8")
    return path


def press_cancel(dialog) -> None:
    """Click the progress dialog's Cancel button as a person would."""
    button = dialog.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def error_text(window) -> str:
    box = window.findChild(QMessageBox, "error_dialog")
    assert box is not None, "no error dialog"
    text = box.text()
    box.close()
    box.deleteLater()
    return text


@pytest.fixture
def opened(window, qtbot):
    """The window holding the gender example with one edit on the undo stack."""
    assert window.files.open_example("gender")
    window.editor.push(C.SetBias(window.doc.neuron_ids[1][0], 0.25))
    assert window.editor.stack.count() == 1
    return window


def snapshot(window):
    doc = window.doc
    return (doc.state(), doc.path, doc.title, json.dumps(doc.data, sort_keys=True), window.windowTitle(),
            window.editor.stack.count(), window.editor.stack.index(), window.files.recent_files())


def test_a_data_path_that_is_a_fifo_is_refused_at_once_and_the_window_answers(opened, tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    path = network_with_data(tmp_path, "fifo.nnapp", {"csv": str(fifo), "inputs": ["a", "b"], "targets": ["c"]})
    before = snapshot(opened)
    started = time.monotonic()
    with Ticks() as ticks:
        assert opened.files.open_path(str(path), ask=False) is False
    assert time.monotonic() - started < 2.0
    assert ticks.longest_gap() < LONGEST_GAP_S
    text = error_text(opened)
    assert "fifo.nnapp could not be opened; the open network is unchanged" in text
    assert "pipe" in text.lower() or "fifo" in text.lower()
    assert snapshot(opened) == before


def test_a_data_path_that_is_dev_zero_is_refused_at_once(opened, tmp_path):
    path = network_with_data(tmp_path, "zero.nnapp", {"csv": "/dev/zero", "inputs": ["a", "b"], "targets": ["c"]})
    before = snapshot(opened)
    started = time.monotonic()
    with Ticks() as ticks:
        assert opened.files.open_path(str(path), ask=False) is False
    assert time.monotonic() - started < 2.0
    assert ticks.longest_gap() < LONGEST_GAP_S
    assert "device" in error_text(opened)
    assert snapshot(opened) == before


def test_a_network_file_that_is_a_fifo_never_hangs_the_window(opened, tmp_path):
    # read without a writer, a FIFO waits for ever: either the reader refuses it by its
    # kind at once, or the progress dialog comes up and Cancel leaves everything as it was
    fifo = tmp_path / "net.nnapp"
    os.mkfifo(fifo)
    before = snapshot(opened)
    cancelled = []

    def cancel_when_shown():
        reading = file_loading.current
        if reading is not None and reading.dialog is not None and reading.dialog.isVisible():
            cancelled.append(reading.dialog.labelText())
            press_cancel(reading.dialog)
        elif reading is not None:
            QTimer.singleShot(20, cancel_when_shown)

    QTimer.singleShot(20, cancel_when_shown)
    with Ticks() as ticks:
        assert opened.files.open_path(str(fifo), ask=False) is False
    assert ticks.longest_gap() < LONGEST_GAP_S
    if cancelled:
        assert "Opening net.nnapp" in cancelled[0]
        assert opened.findChild(QMessageBox, "error_dialog") is None
        # let the waiting thread go: it ends, and what it read is dropped
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    else:
        assert "net.nnapp could not be opened" in error_text(opened)
    assert snapshot(opened) == before


def test_a_slow_read_keeps_the_window_answering_then_replaces_the_document(opened, tmp_path, monkeypatch, qtbot):
    release = threading.Event()

    def slow_read(path, **kwargs):
        release.wait(10)
        return read_document(path, **kwargs)

    monkeypatch.setattr(file_controller, "read_document", slow_read)
    QTimer.singleShot(600, release.set)
    shown = []
    QTimer.singleShot(450, lambda: shown.append(file_loading.current.dialog is not None
                                                and file_loading.current.dialog.isVisible()))
    with qtbot.waitSignal(opened.files.opened, timeout=5000) as signal, Ticks() as ticks:
        assert opened.files.open_path(str(example_path("xor")), ask=False) is True
    assert signal.args == [str(example_path("xor"))]
    assert ticks.longest_gap() < LONGEST_GAP_S
    assert len(ticks.times) > 20                  # it really ticked all along (600 ms / 20 ms)
    assert shown == [True]                        # the progress dialog was up after 300 ms
    assert opened.doc.path == str(example_path("xor"))
    assert opened.editor.stack.count() == 0
    assert "xor.nnapp" in opened.windowTitle()
    assert file_loading.current is None


def test_cancel_during_a_slow_read_leaves_the_document_as_it_was(opened, monkeypatch, qtbot):
    release = threading.Event()
    finished = threading.Event()

    def blocked_read(path, **kwargs):
        release.wait(10)
        try:
            return read_document(path, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(file_controller, "read_document", blocked_read)
    before = snapshot(opened)

    QTimer.singleShot(100, lambda: press_cancel(file_loading.current.show_dialog()))
    with Ticks() as ticks:
        assert opened.files.open_path(str(example_path("xor")), ask=False) is False
    assert ticks.longest_gap() < LONGEST_GAP_S
    release.set()                                  # the read ends after the cancel …
    assert finished.wait(5)
    qtbot.wait(50)                                 # … and its result, delivered, is dropped
    assert snapshot(opened) == before
    assert opened.findChild(QMessageBox, "error_dialog") is None


EXCEPTIONS = [
    FileFormatError("network.layers: expected a list"),
    OSError(errno.EIO, "Input/output error"),
    MemoryError(),
    RecursionError("maximum recursion depth exceeded"),
    OverflowError("int too large to convert to float"),
    ValueError("Exceeds the limit (4300 digits) for integer string conversion"),
    TypeError("unhashable type: 'dict'"),
    UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
]


def test_whatever_reading_raises_a_dialog_says_so_and_nothing_changes(opened, tmp_path, monkeypatch):
    target = tmp_path / "some.nnapp"
    target.write_text("{}")
    before = snapshot(opened)
    for exc in EXCEPTIONS:
        def failing_read(path, exc=exc, **kwargs):
            raise exc

        monkeypatch.setattr(file_controller, "read_document", failing_read)
        assert opened.files.open_path(str(target), ask=False) is False, type(exc).__name__
        text = error_text(opened)
        assert text.startswith("some.nnapp could not be opened; the open network is unchanged"), text
        assert "Traceback" not in text
        assert snapshot(opened) == before, type(exc).__name__


def test_a_view_that_fails_while_the_new_document_is_installed_puts_the_old_one_back(opened, monkeypatch):
    real_install = file_controller.install

    def install_then_fail(doc, contents):
        real_install(doc, contents)
        raise OverflowError("Python int too large to convert to C int")

    monkeypatch.setattr(file_controller, "install", install_then_fail)
    before = snapshot(opened)
    assert opened.files.open_path(str(example_path("xor")), ask=False) is False
    assert "OverflowError" in error_text(opened)
    assert snapshot(opened) == before
    bias_before = float(opened.doc.layers[1].bias[0])
    opened.editor.stack.undo()                     # the old history still fits the old document
    assert float(opened.doc.layers[1].bias[0]) != bias_before


def test_a_network_too_large_for_the_window_is_refused_with_the_limit(opened, tmp_path):
    from nnapp.model.limits import WINDOW_MAX_NEURONS

    tree = json.loads(Path(example_path("xor")).read_text(encoding="utf-8"))
    layers = tree["network"]["layers"]
    wide = WINDOW_MAX_NEURONS + 1
    layers[1]["size"] = wide
    for key in ("bias", "neuron_names", "bias_trainable"):
        layers[1].pop(key, None)
    tree["network"]["links"] = []
    tree.pop("layout", None)
    path = tmp_path / "wide.nnapp"
    path.write_text(json.dumps(tree), encoding="utf-8")
    before = snapshot(opened)
    assert opened.files.open_path(str(path), ask=False) is False
    text = error_text(opened)
    assert f"{WINDOW_MAX_NEURONS:,}" in text
    assert snapshot(opened) == before


def test_saving_where_no_file_can_be_shows_a_message_and_changes_nothing(opened, tmp_path, monkeypatch):
    before = snapshot(opened)
    opened.files.choose_save_path = lambda *a, **k: str(tmp_path / "bad\0name.nnapp")
    assert opened.files.save_as() is False
    assert "NUL" in error_text(opened)
    assert snapshot(opened) == before
    assert not any(tmp_path.iterdir())


def test_a_text_that_cannot_be_written_is_reported_when_saving(opened, tmp_path, monkeypatch):
    def cannot_encode(doc, path):
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(file_controller, "save_document", cannot_encode)
    before = snapshot(opened)
    opened.files.choose_save_path = lambda *a, **k: str(tmp_path / "out.nnapp")
    assert opened.files.save_as() is False
    text = error_text(opened)
    assert "cannot be encoded" in text and "The file on disk is unchanged" in text
    assert snapshot(opened) == before


def test_a_title_that_cannot_be_written_is_named_when_saving(opened, tmp_path):
    opened.doc.title = "bad \ud800 title"
    before = snapshot(opened)
    opened.files.choose_save_path = lambda *a, **k: str(tmp_path / "out.nnapp")
    assert opened.files.save_as() is False
    text = error_text(opened)
    assert "title" in text and "The file on disk is unchanged" in text
    assert snapshot(opened) == before
    assert not (tmp_path / "out.nnapp").exists()


def test_an_example_that_cannot_be_read_leaves_the_document_as_it_was(opened, monkeypatch):
    def no_memory(path, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(file_controller, "read_document", no_memory)
    before = snapshot(opened)
    assert opened.files.open_example("xor") is False
    text = error_text(opened)
    assert text.startswith("The example could not be opened; the open network is unchanged")
    assert "not enough memory" in text
    assert snapshot(opened) == before


def test_opening_a_path_no_file_can_have_says_so(opened):
    before = snapshot(opened)
    assert opened.files.open_path("bad\0name.nnapp", ask=False) is False
    assert "could not be opened" in error_text(opened)
    assert snapshot(opened) == before
