"""Importing MNIST's IDX files from the data panel: a folder or each file,
what the files hold, a message in the dialog for every file that cannot be
used, and the data in the panel afterwards.

The network is the mnist example (784 inputs → 128 → 10 outputs); the files
hold 20 training and 5 test pictures of every digit from the built-in mnist5k
set, written by the tests in the standard MNIST names.
"""

from __future__ import annotations

import gzip
import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.model.training import training_data
from nnapp.ui.data_panel import DataPanel
from nnapp.ui.editor import Editor
from nnapp.ui.idx_import import IdxImportDialog
from tests.model.test_idx_data import fresh_cache, idx_bytes, write_mnist  # noqa: F401 - fresh_cache: autouse here too

from .helpers import find, type_into


@pytest.fixture
def editor():
    doc = Document()
    open_example(doc, "mnist")
    return Editor(doc)


def make_panel(qtbot, editor):
    p = DataPanel(editor)
    qtbot.addWidget(p)
    p.resize(340, 480)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def panel(qtbot, editor):
    return make_panel(qtbot, editor)


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_dialog(qtbot, panel) -> IdxImportDialog:
    """Click "Import MNIST…" in the data panel."""
    click(qtbot, find(panel, QPushButton, "data_import_idx"))
    dialog = panel.idx_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def choose_folder(qtbot, dialog, monkeypatch, folder) -> None:
    """Click "Choose folder…" and answer the folder chooser with ``folder``."""
    monkeypatch.setattr(IdxImportDialog, "choose_folder_path", lambda self: str(folder))
    click(qtbot, find(dialog, QPushButton, "idx_choose_folder"))


def note(dialog, role) -> str:
    return find(dialog, QLabel, f"idx_note_{role}").text()


def error(dialog) -> str:
    label = find(dialog, QLabel, "idx_error")
    return label.text() if label.isVisible() else ""


def state(editor):
    return json.dumps(editor.doc.data, sort_keys=True), editor.doc.training, editor.stack.count()


# --- a good folder -------------------------------------------------------------------------


def test_a_folder_is_read_shown_and_imported(qtbot, panel, editor, tmp_path, monkeypatch):
    paths = write_mnist(tmp_path / "mnist", gz=True)
    dialog = open_dialog(qtbot, panel)
    import_button = find(dialog, QPushButton, "idx_import")
    assert not import_button.isEnabled()
    choose_folder(qtbot, dialog, monkeypatch, tmp_path / "mnist")
    # every field holds the file of its standard name, and says what it holds
    for role, path in paths.items():
        assert find(dialog, QLineEdit, f"idx_{role}").text() == str(path)
    assert note(dialog, "train_images") == "200 pictures of 28×28 pixels"
    assert note(dialog, "train_labels") == "200 labels, 0–9"
    assert note(dialog, "test_images") == "50 pictures of 28×28 pixels"
    assert find(dialog, QLabel, "idx_result").text() == (
        "200 rows to train on: 28×28 pixels → 784 inputs, labels 0–9 → 10 outputs (one per label); "
        "50 test pictures kept apart. The network has 784 inputs → 10 outputs: it fits.")
    assert error(dialog) == "" and import_button.isEnabled()

    click(qtbot, import_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    doc = editor.doc
    assert doc.data == {"idx": {role: str(path.resolve()) for role, path in paths.items()},
                        "options": {"split": "train"}}
    # the panel shows the IDX data like any other
    assert find(panel, QComboBox, "data_dataset").currentText() == "IDX files: mnist"
    assert find(panel, QLabel, "data_summary").text().startswith("200 rows · 784 inputs → 10 targets")
    assert find(panel, QComboBox, "data_option_split").currentData() == "train"
    assert not find(panel, QLabel, "data_error").isVisible()
    data = training_data(doc)
    assert data.X.shape == (200, 784) and data.Y.shape == (200, 10)
    assert data.dataset.image_shape == (28, 28)
    # one undoable edit
    editor.stack.undo()
    assert doc.data == {"dataset": "mnist5k", "options": {"split": "train"}}
    assert find(panel, QComboBox, "data_dataset").currentData() == "mnist5k"


def test_the_rows_choice_switches_between_the_training_and_test_files(qtbot, panel, editor, tmp_path, monkeypatch):
    write_mnist(tmp_path, test=False)
    dialog = open_dialog(qtbot, panel)
    choose_folder(qtbot, dialog, monkeypatch, tmp_path)
    split = find(dialog, QComboBox, "idx_split")
    # without test files there are no test rows to choose
    assert not split.model().item(split.findData("test")).isEnabled()
    assert note(dialog, "test_images") == ""
    click(qtbot, find(dialog, QPushButton, "idx_import"))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    rows = panel.option_boxes["split"]
    assert not rows.model().item(rows.findData("test")).isEnabled()
    # the test files added later (opening the dialog again shows the files in use)
    paths = write_mnist(tmp_path, test=True)
    dialog = open_dialog(qtbot, panel)
    assert find(dialog, QLineEdit, "idx_train_images").text() == str(paths["train_images"].resolve())
    assert find(dialog, QLineEdit, "idx_test_images").text() == ""
    monkeypatch.setattr(IdxImportDialog, "choose_file_path", lambda self, role: str(paths[role]))
    click(qtbot, find(dialog, QPushButton, "idx_browse_test_images"))
    click(qtbot, find(dialog, QPushButton, "idx_browse_test_labels"))
    assert note(dialog, "test_labels") == "50 labels, 0–9"
    click(qtbot, find(dialog, QPushButton, "idx_import"))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    rows = panel.option_boxes["split"]
    assert rows.model().item(rows.findData("test")).isEnabled()
    rows.setCurrentIndex(rows.findData("test"))
    rows.activated.emit(rows.findData("test"))
    assert editor.doc.data["options"] == {"split": "test"}
    assert training_data(editor.doc).X.shape == (50, 784)
    assert find(panel, QLabel, "data_summary").text().startswith("50 rows")


# --- files that cannot be used ---------------------------------------------------------------


BROKEN = {
    "labels given as images": (
        lambda p: p["train_images"].write_bytes(p["train_labels"].read_bytes()),
        "train_images",
        "train-images-idx3-ubyte: this is not an IDX image file: its magic number is 0x00000801, "
        "that of a label file; image files start with 0x00000803"),
    "not IDX": (
        lambda p: p["train_labels"].write_bytes(b"weight,height,female\n-2,-1,1\n"),
        "train_labels",
        "train-labels-idx1-ubyte: this is not an IDX label file: its magic number is 0x77656967 "
        "(not an IDX file at all); label files start with 0x00000801"),
    "truncated": (
        lambda p: p["test_images"].write_bytes(p["test_images"].read_bytes()[:1000]),
        "test_images",
        "t10k-images-idx3-ubyte: the file is truncated: its header announces 50 × 28 × 28 numbers "
        "(39,200 bytes) but only 984 bytes follow"),
    "gzip damaged": (
        lambda p: p["test_labels"].write_bytes(gzip.compress(p["test_labels"].read_bytes())[:-30]),
        "test_labels",
        "t10k-labels-idx1-ubyte: the gzip data is damaged or cut short"),
    "wrong dimensionality": (
        lambda p: p["train_images"].write_bytes(idx_bytes(np.zeros((200, 784), np.uint8))),
        "train_images",
        "train-images-idx3-ubyte: this is not an IDX image file: its magic number is 0x00000802, "
        "that of 2-dimensional unsigned bytes; image files start with 0x00000803"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_file_is_described_under_its_field(qtbot, panel, editor, tmp_path, monkeypatch, name):
    paths = write_mnist(tmp_path)
    damage, role, message = BROKEN[name]
    damage(paths)
    before = state(editor)
    dialog = open_dialog(qtbot, panel)
    choose_folder(qtbot, dialog, monkeypatch, tmp_path)
    assert note(dialog, role).startswith(message)
    assert error(dialog) == "A file above cannot be used: choose another one."
    assert not find(dialog, QPushButton, "idx_import").isEnabled()
    click(qtbot, find(dialog, QPushButton, "idx_import"))
    assert dialog.isVisible() and state(editor) == before


def test_files_that_do_not_belong_together_are_explained(qtbot, panel, editor, tmp_path, monkeypatch):
    paths = write_mnist(tmp_path)
    paths["test_labels"].write_bytes(idx_bytes(np.zeros(49, np.uint8)))
    before = state(editor)
    dialog = open_dialog(qtbot, panel)
    choose_folder(qtbot, dialog, monkeypatch, tmp_path)
    assert note(dialog, "test_labels") == "49 labels, 0–0"
    assert error(dialog) == ("t10k-images-idx3-ubyte holds 50 images but t10k-labels-idx1-ubyte holds 49 labels: "
                             "they do not belong together")
    # a picture file without its labels
    dialog.set_file("test_labels", "")
    assert error(dialog) == "The test images file is chosen but not the test labels file"
    dialog.set_file("test_images", "")
    assert error(dialog) == "" and find(dialog, QPushButton, "idx_import").isEnabled()
    assert state(editor) == before


def test_a_missing_file_and_an_empty_folder(qtbot, panel, editor, tmp_path, monkeypatch):
    write_mnist(tmp_path / "mnist")
    dialog = open_dialog(qtbot, panel)
    choose_folder(qtbot, dialog, monkeypatch, tmp_path)          # the folder above the files
    assert error(dialog).startswith(f"No MNIST file in {tmp_path}: the names looked for are train-images-idx3-ubyte")
    choose_folder(qtbot, dialog, monkeypatch, tmp_path / "mnist")
    edit = find(dialog, QLineEdit, "idx_test_labels")
    type_into(qtbot, edit, str(tmp_path / "mnist" / "t10k-labels.gz"))     # Enter reads it, and no more
    assert dialog.isVisible() and edit.text() == str(tmp_path / "mnist" / "t10k-labels.gz")
    assert note(dialog, "test_labels") == "t10k-labels.gz: there is no such file"
    assert not find(dialog, QPushButton, "idx_import").isEnabled()
    # typed right, Enter reads the file; the dialog stays open until Import
    type_into(qtbot, edit, str(tmp_path / "mnist" / "t10k-labels-idx1-ubyte"))
    assert note(dialog, "test_labels") == "50 labels, 0–9"
    assert dialog.isVisible() and find(dialog, QPushButton, "idx_import").isEnabled()


def test_data_that_does_not_fit_the_network_is_explained(qtbot, tmp_path, monkeypatch):
    doc = Document()
    open_example(doc, "gender")                                  # 2 inputs → 1 output
    editor = Editor(doc)
    panel = make_panel(qtbot, editor)
    write_mnist(tmp_path)
    before = state(editor)
    dialog = open_dialog(qtbot, panel)
    choose_folder(qtbot, dialog, monkeypatch, tmp_path)
    assert find(dialog, QLabel, "idx_result").text().endswith(
        "The network has 2 inputs → 1 output: it does not fit yet.")
    click(qtbot, find(dialog, QPushButton, "idx_import"))
    assert dialog.isVisible()
    assert error(dialog) == ("The network has 2 inputs, the data has 784 input columns: "
                             "add 782 input neurons or choose data with 2 input columns")
    assert state(editor) == before
