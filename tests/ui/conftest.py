"""UI fixtures: settings in a temporary file, never the user's own, and no
question that would wait for a person (a test that cares answers itself)."""

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "nnapp.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """Closing a window with unsaved changes would ask and wait; in tests the
    answer is "discard" unless a test sets another."""
    from nnapp.ui.file_controller import FileController

    monkeypatch.setattr(FileController, "ask_to_save", lambda self: "discard")


@pytest.fixture(autouse=True)
def no_spare_training_process(monkeypatch):
    """No training process is started ahead of time (tests of training in a
    process turn it back on): a spare one would start beside every test that
    opens a large network."""
    from nnapp.ui.training import controller

    monkeypatch.setattr(controller, "SPARE_PROCESS", False)


@pytest.fixture
def window(qtbot, settings):
    """The main window, 1200 × 800, shown and active (so shortcuts reach it)."""
    from nnapp.ui.main_window import MainWindow

    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


@pytest.fixture
def editor():
    """An editor holding the gender example, fed [0, 0] (a known start,
    whatever the example opens with)."""
    from nnapp.model.document import Document
    from nnapp.model.files import open_example
    from nnapp.ui.editor import Editor

    doc = Document()
    open_example(doc, "gender")
    doc.set_input([0, 0])
    return Editor(doc)
