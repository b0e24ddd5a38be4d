"""Importing a CSV file from the data panel: preview, header, column roles,
and a clear message in the dialog for every file that cannot be used.

The network is the tutorial's 2-2-1 gender example (2 inputs, 1 output). The
good file is its four people with a header: weight, height, female.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QTableWidget

from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.model.training import training_data
from nnapp.ui.csv_import import PREVIEW_ROWS, CsvImportDialog
from nnapp.ui.data_panel import DataPanel
from nnapp.ui.editor import Editor

from .helpers import find

PEOPLE = "weight,height,female\n-2,-1,1\n25,6,0\n17,4,0\n-15,-6,1\n"


@pytest.fixture
def editor():
    doc = Document()
    open_example(doc, "gender")
    return Editor(doc)


@pytest.fixture
def panel(qtbot, editor):
    p = DataPanel(editor)
    qtbot.addWidget(p)
    p.resize(360, 480)
    p.show()
    qtbot.waitExposed(p)
    return p


def write(tmp_path, content, name="people.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def open_dialog(qtbot, panel, monkeypatch, path) -> CsvImportDialog:
    """Click "Import CSV…" and answer the file chooser with ``path``."""
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(path))
    qtbot.mouseClick(find(panel, QPushButton, "data_import_csv"), Qt.MouseButton.LeftButton)
    dialog = panel.csv_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def state(editor):
    doc = editor.doc
    return json.dumps(doc.data, sort_keys=True), doc.training, editor.stack.count()


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def import_button(dialog):
    return find(dialog, QPushButton, "csv_import")


# --- a good file -------------------------------------------------------------------------


def test_a_good_file_is_previewed_and_imported(qtbot, panel, editor, tmp_path, monkeypatch):
    path = write(tmp_path, PEOPLE)
    dialog = open_dialog(qtbot, panel, monkeypatch, path)
    preview = find(dialog, QTableWidget, "csv_preview")
    assert (preview.rowCount(), preview.columnCount()) == (4, 3)
    assert [preview.horizontalHeaderItem(c).text() for c in range(3)] == ["weight", "height", "female"]
    assert preview.item(3, 0).text() == "-15"
    assert preview.verticalHeaderItem(0).text() == "2"    # the line in the file, below the header
    assert find(dialog, QCheckBox, "csv_header").isChecked()
    assert "4 rows × 3 columns, comma-separated, header in the first row" in find(dialog, QLabel, "csv_summary").text()
    # the last column is the target, the others are inputs: that fits the network
    assert [find(dialog, QComboBox, f"csv_role_{c}").currentText() for c in range(3)] == ["input", "input", "target"]
    result = find(dialog, QLabel, "csv_result").text()
    assert "4 rows: 2 inputs → 1 target, classification (classes 0, 1)" in result and "it fits" in result
    assert not find(dialog, QLabel, "csv_error").isVisible()

    click(qtbot, import_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    doc = editor.doc
    assert doc.data == {"csv": str(path.resolve()), "inputs": ["weight", "height"], "targets": ["female"],
                        "header": True}
    data = training_data(doc)
    np.testing.assert_array_equal(data.X, [[-2, -1], [25, 6], [17, 4], [-15, -6]])
    np.testing.assert_array_equal(data.Y, [[1], [0], [0], [1]])
    assert find(panel, QComboBox, "data_dataset").currentText() == "CSV: people.csv"
    assert find(panel, QLabel, "data_summary").text().startswith("4 rows · 2 inputs (weight, height) → 1 target")
    editor.stack.undo()
    assert doc.data == {"dataset": "gender"}


def test_an_imported_file_is_normalised_as_chosen(qtbot, panel, editor, tmp_path, monkeypatch):
    box = find(panel, QComboBox, "data_normalise")
    panel.normalise_box.setCurrentIndex(box.findData("minmax"))   # the choice applies to the next data
    path = write(tmp_path, PEOPLE)
    dialog = open_dialog(qtbot, panel, monkeypatch, path)
    click(qtbot, import_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # weights −2, 25, 17, −15: min −15, range 40; heights −1, 6, 4, −6: min −6, range 12
    assert editor.doc.data["normalise"] == {"method": "minmax", "shift": [-15.0, -6.0], "scale": [40.0, 12.0]}
    np.testing.assert_array_equal(training_data(editor.doc).X,
                                  [[13 / 40, 5 / 12], [1, 1], [32 / 40, 10 / 12], [0, 0]])
    assert editor.stack.count() == 1


def test_a_long_file_shows_its_first_rows(qtbot, panel, tmp_path, monkeypatch):
    rows = "\n".join(f"{i},{i % 2}" for i in range(PREVIEW_ROWS + 30))
    dialog = open_dialog(qtbot, panel, monkeypatch, write(tmp_path, "x,y\n" + rows + "\n"))
    assert find(dialog, QTableWidget, "csv_preview").rowCount() == PREVIEW_ROWS
    assert f"(showing the first {PREVIEW_ROWS})" in find(dialog, QLabel, "csv_summary").text()


# --- the header -----------------------------------------------------------------------------


def test_the_header_guess_can_be_corrected(qtbot, panel, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, panel, monkeypatch, write(tmp_path, "1,2,3\n4,5,6\n7,8,9\n"))
    header = find(dialog, QCheckBox, "csv_header")
    preview = find(dialog, QTableWidget, "csv_preview")
    assert not header.isChecked() and preview.rowCount() == 3
    assert preview.horizontalHeaderItem(0).text() == "column 1"
    click(qtbot, header)   # "the first row is a header" after all
    assert header.isChecked() and preview.rowCount() == 2
    assert [preview.horizontalHeaderItem(c).text() for c in range(3)] == ["1", "2", "3"]
    assert dialog.section()["inputs"] == ["1", "2"] and dialog.section()["header"] is True
    click(qtbot, header)
    assert preview.rowCount() == 3 and dialog.section()["inputs"] == [0, 1] and dialog.section()["header"] is False


def test_a_header_read_as_data_is_explained_and_can_be_put_back(qtbot, panel, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, panel, monkeypatch, write(tmp_path, PEOPLE))
    header = find(dialog, QCheckBox, "csv_header")
    click(qtbot, header)
    error = find(dialog, QLabel, "csv_error")
    assert error.isVisible()
    assert error.text() == "people.csv: line 1, column 1: 'weight' is not a number"
    assert not import_button(dialog).isEnabled()
    click(qtbot, header)
    assert not error.isVisible() and import_button(dialog).isEnabled()


# --- roles ------------------------------------------------------------------------------------


def test_columns_that_do_not_fit_are_refused_in_the_dialog_with_the_fix(qtbot, panel, editor, tmp_path, monkeypatch):
    path = write(tmp_path, "weight,height,age,female\n-2,-1,30,1\n25,6,41,0\n17,4,20,0\n-15,-6,33,1\n")
    before = state(editor)
    dialog = open_dialog(qtbot, panel, monkeypatch, path)
    assert "it does not fit yet" in find(dialog, QLabel, "csv_result").text()
    click(qtbot, import_button(dialog))
    error = find(dialog, QLabel, "csv_error")
    message = ("The network has 2 inputs, the data has 3 input columns: "
               "add an input neuron or choose 2 input columns")
    assert dialog.isVisible() and error.isVisible() and error.text() == message
    assert find(panel, QLabel, "data_error").text() == message
    assert state(editor) == before
    # age is ignored: now it fits
    find(dialog, QComboBox, "csv_role_2").setCurrentIndex(2)
    assert find(dialog, QComboBox, "csv_role_2").currentText() == "ignore"
    assert not error.isVisible()
    click(qtbot, import_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.doc.data["inputs"] == ["weight", "height"] and editor.doc.data["targets"] == ["female"]
    assert not find(panel, QLabel, "data_error").isVisible()


def test_class_labels_made_one_hot(qtbot, panel, editor, tmp_path, monkeypatch):
    path = write(tmp_path, "a,b,label\n0,0,3\n0,1,5\n1,0,9\n1,1,5\n")
    dialog = open_dialog(qtbot, panel, monkeypatch, path)
    one_hot = find(dialog, QCheckBox, "csv_one_hot")
    assert one_hot.isEnabled() and not one_hot.isChecked()   # the network has a single output
    click(qtbot, one_hot)
    assert "3 targets, classification (classes 3, 5, 9)" in find(dialog, QLabel, "csv_result").text()
    click(qtbot, import_button(dialog))
    assert find(dialog, QLabel, "csv_error").text() == (
        "The network has 1 output, the data has 3 target columns (one per class): "
        "add 2 output neurons or leave the labels as one column (not one-hot)")
    dialog.reject()
    # with 3 output neurons the same choice is imported, and one-hot is ticked from the start
    out = editor.doc.layers[-1].id
    editor.push(C.AddNeuron(out))
    editor.push(C.AddNeuron(out))
    dialog = open_dialog(qtbot, panel, monkeypatch, path)
    assert find(dialog, QCheckBox, "csv_one_hot").isChecked()
    click(qtbot, import_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.doc.data["one_hot"] is True
    np.testing.assert_array_equal(training_data(editor.doc).Y, [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0]])


def test_one_hot_needs_exactly_one_target_column(qtbot, panel, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, panel, monkeypatch, write(tmp_path, "a,b,c\n1,0,1\n0,1,0\n"))
    one_hot = find(dialog, QCheckBox, "csv_one_hot")
    find(dialog, QComboBox, "csv_role_1").setCurrentIndex(1)   # b is a second target
    assert not one_hot.isEnabled()
    find(dialog, QComboBox, "csv_role_0").setCurrentIndex(1)   # no input left
    assert not import_button(dialog).isEnabled()
    assert find(dialog, QLabel, "csv_result").text() == (
        "Give at least one column the role input and one the role target.")
    click(qtbot, find(dialog, QPushButton, "csv_last_target"))
    assert dialog.column_roles() == ["input", "input", "target"] and one_hot.isEnabled()


# --- files that cannot be used -------------------------------------------------------------------

BROKEN = [
    ("ragged rows", "a,b,c\n1,2,3\n4,5\n",
     "people.csv: line 3 has 2 values, the header has 3 columns (comma-separated)"),
    ("text in a number column", "a,b,c\n1,2,3\n4,tall,6\n",
     "people.csv: line 3, column 'b': 'tall' is not a number"),
    ("decimal comma", "a;b;c\n1;2,5;3\n4;5;6\n",
     "people.csv: line 2, column 'b': '2,5' is not a number (use a decimal point: 1.5, not 1,5)"),
    ("empty file", "", "people.csv is empty: there is no row to read"),
    ("only blank lines", "\n\n  \n", "people.csv is empty: there is no row to read"),
    ("a header only", "a,b,c\n", "people.csv has a header (line 1) but no data rows below it"),
    ("a single row", "a,b,c\n1,2,3\n",
     "people.csv: only 1 data row: training needs at least 2 rows (and a validation split at least 3)"),
    ("a single column", "a\n1\n2\n",
     "people.csv: only one column ('a'): the data needs at least one input column and one target column"),
    ("NaN", "a,b,c\n1,NaN,3\n4,5,6\n", "people.csv: line 2, column 'b': missing or not finite ('NaN')"),
    ("an empty cell", "a,b,c\n1,,3\n4,5,6\n",
     "people.csv: line 2, column 'b': missing or not finite (the cell is empty)"),
    ("not UTF-8", "weight,height\n1,2\ncafé,3\n".encode("latin-1"),
     "people.csv is not UTF-8 text: byte 0xe9 on line 3 cannot be decoded. "
     "Save the file as UTF-8 (CSV UTF-8) and try again"),
]


@pytest.mark.parametrize("content, message", [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_a_file_that_cannot_be_used_is_explained_and_changes_nothing(
        qtbot, panel, editor, tmp_path, monkeypatch, content, message):
    before = state(editor)
    dialog = open_dialog(qtbot, panel, monkeypatch, write(tmp_path, content))
    error = find(dialog, QLabel, "csv_error")
    assert error.isVisible()
    assert error.text() == message
    assert not import_button(dialog).isEnabled()
    assert find(dialog, QTableWidget, "csv_preview").rowCount() == 0
    qtbot.keyClick(dialog, Qt.Key.Key_Return)            # Enter does not import either
    assert dialog.isVisible() and state(editor) == before
    dialog.reject()
    assert state(editor) == before


def test_a_file_that_does_not_exist(qtbot, panel, editor, tmp_path, monkeypatch):
    before = state(editor)
    dialog = open_dialog(qtbot, panel, monkeypatch, tmp_path / "gone.csv")
    assert find(dialog, QLabel, "csv_error").text() == "gone.csv does not exist (no such file)"
    assert not import_button(dialog).isEnabled() and state(editor) == before


def test_a_bad_file_then_a_good_one(qtbot, panel, editor, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, panel, monkeypatch, write(tmp_path, "a,b\n1\n", "bad.csv"))
    assert find(dialog, QLabel, "csv_error").isVisible()
    good = write(tmp_path, PEOPLE)
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: str(good))
    click(qtbot, find(dialog, QPushButton, "csv_choose"))
    assert not find(dialog, QLabel, "csv_error").isVisible()
    assert find(dialog, QTableWidget, "csv_preview").rowCount() == 4
    click(qtbot, import_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.doc.data["csv"] == str(good.resolve())


def test_cancelling_the_file_chooser_closes_the_dialog(qtbot, panel, editor, monkeypatch):
    before = state(editor)
    monkeypatch.setattr(CsvImportDialog, "choose_csv_path", lambda self: "")
    click(qtbot, find(panel, QPushButton, "data_import_csv"))
    assert not panel.csv_dialog.isVisible() and state(editor) == before


def test_the_dialog_alone_emits_the_section(qtbot, tmp_path):
    dialog = CsvImportDialog(n_inputs=2, n_outputs=1)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.load_path(write(tmp_path, PEOPLE))
    with qtbot.waitSignal(dialog.imported) as signal:
        click(qtbot, import_button(dialog))
    assert signal.args[0]["targets"] == ["female"]
    assert not dialog.isVisible()
