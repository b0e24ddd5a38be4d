"""The data panel: what the document trains on, chosen with the mouse and keys.

The network is the tutorial's 2-2-1 gender example; its data is the built-in
"gender" set: four people, inputs weight − 135 and height − 66, target female.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QSpinBox

from nnapp.engine.datasets import load_dataset
from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.model.training import training_data
from nnapp.ui.data_panel import DataPanel
from nnapp.ui.editor import Editor

from .helpers import find, type_into


def make_panel(qtbot, editor):
    p = DataPanel(editor)
    qtbot.addWidget(p)
    p.resize(360, 520)
    p.show()
    qtbot.waitExposed(p)
    p.activateWindow()
    qtbot.waitUntil(p.isActiveWindow)
    return p


@pytest.fixture
def panel(qtbot, editor):
    return make_panel(qtbot, editor)


def choose(qtbot, combo, data):
    """Open ``combo``'s list and click the entry whose data is ``data``."""
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    view.scrollTo(view.model().index(index, 0))
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())
    combo.window().activateWindow()      # the list was a window of its own
    qtbot.waitUntil(combo.window().isActiveWindow)


def state(editor):
    return json.dumps(editor.doc.data, sort_keys=True), editor.doc.training, editor.stack.count()


def error_text(panel):
    label = find(panel, QLabel, "data_error")
    return label.text() if label.isVisible() else ""


# --- showing ---------------------------------------------------------------------------------


def test_the_panel_shows_the_data_of_the_document(panel):
    assert find(panel, QComboBox, "data_dataset").currentText() == "Gender from weight and height"
    assert find(panel, QLabel, "data_summary").text() == (
        "4 rows · 2 inputs (weight − 135, height − 66) → 1 target (female) · classification (male, female)")
    assert find(panel, QComboBox, "data_normalise").currentData() == "none"
    assert find(panel, QSpinBox, "data_validation").value() == 0
    assert find(panel, QLabel, "data_split_info").text() == "4 rows to train on, none held out"
    assert error_text(panel) == ""
    assert panel.findChild(QSpinBox, "data_option_n_samples") is None   # the people are not generated


def test_an_empty_document_has_no_data_yet(qtbot):
    panel = make_panel(qtbot, Editor(Document()))
    assert find(panel, QComboBox, "data_dataset").currentText() == "No data"
    assert find(panel, QLabel, "data_summary").text().startswith("No data chosen")
    assert not find(panel, QComboBox, "data_normalise").isEnabled()
    choose(qtbot, find(panel, QComboBox, "data_dataset"), "xor")   # without a network anything goes
    assert panel.doc.data == {"dataset": "xor"}


# --- choosing ------------------------------------------------------------------------------------


def test_choosing_a_built_in_dataset_is_one_undo_step(qtbot, panel, editor):
    combo = find(panel, QComboBox, "data_dataset")
    choose(qtbot, combo, "xor")
    assert editor.doc.data == {"dataset": "xor"}
    assert editor.stack.count() == 1 and editor.stack.undoText() == "Data: XOR gate"
    assert find(panel, QLabel, "data_summary").text().startswith("4 rows · 2 inputs (A, B) → 1 target (A XOR B)")
    editor.stack.undo()
    assert editor.doc.data == {"dataset": "gender"}
    assert combo.currentText() == "Gender from weight and height"
    editor.stack.redo()
    assert combo.currentText() == "XOR gate"


def test_data_that_does_not_fit_is_refused_with_the_fix(qtbot, panel, editor):
    before = state(editor)
    combo = find(panel, QComboBox, "data_dataset")
    choose(qtbot, combo, "perceptron")
    assert error_text(panel) == ("The network has 2 inputs, the data has 3 input columns: "
                                 "add an input neuron or choose data with 2 input columns")
    assert state(editor) == before
    assert combo.currentText() == "Gender from weight and height"   # back to what the document has
    choose(qtbot, combo, "and")
    assert error_text(panel) == "" and editor.doc.data == {"dataset": "and"}


def test_a_generated_dataset_has_its_options(qtbot, panel, editor):
    choose(qtbot, find(panel, QComboBox, "data_dataset"), "circle")
    assert editor.doc.data == {"dataset": "circle", "options": {"n_samples": 200, "noise": 0.05, "seed": 0}}
    points = find(panel, QSpinBox, "data_option_n_samples")
    noise = find(panel, QDoubleSpinBox, "data_option_noise")
    seed = find(panel, QSpinBox, "data_option_seed")
    assert (points.value(), noise.value(), seed.value()) == (200, 0.05, 0)
    type_into(qtbot, noise, "0.2")
    assert editor.doc.data["options"] == {"n_samples": 200, "noise": 0.2, "seed": 0}
    type_into(qtbot, points, "60")
    assert editor.doc.data["options"]["n_samples"] == 60
    assert find(panel, QLabel, "data_summary").text().startswith("60 rows")
    qtbot.keyClick(seed, Qt.Key.Key_Up)       # an arrow step is an edit too
    assert editor.doc.data["options"]["seed"] == 1
    assert editor.stack.count() == 4
    editor.stack.undo()
    editor.stack.undo()
    assert seed.value() == 0 and points.value() == 200
    assert noise.value() == 0.2
    # another dataset, other options; a dataset without options has none
    choose(qtbot, find(panel, QComboBox, "data_dataset"), "xor")
    qtbot.waitUntil(lambda: panel.findChild(QSpinBox, "data_option_n_samples") is None)


def test_normalising_stores_the_numbers_of_the_training_rows(qtbot, panel, editor):
    choose(qtbot, find(panel, QComboBox, "data_normalise"), "standardise")
    # weights −2, 25, 17, −15: mean 25/4 = 6.25, sd √(986.75/4) = 15.706…
    # heights −1, 6, 4, −6: mean 3/4 = 0.75, sd √(86.75/4) = 4.657…
    entry = editor.doc.data["normalise"]
    assert entry["method"] == "standardise" and entry["shift"] == [6.25, 0.75]
    np.testing.assert_allclose(entry["scale"], [np.sqrt(986.75 / 4), np.sqrt(86.75 / 4)], rtol=1e-15)
    assert find(panel, QLabel, "data_normalise_numbers").text() == (
        "weight − 135: (x − 6.25) ÷ 15.7063\nheight − 66: (x − 0.75) ÷ 4.657")
    X = training_data(editor.doc).X
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-15)
    np.testing.assert_allclose(X.std(axis=0), 1, rtol=1e-15)
    choose(qtbot, find(panel, QComboBox, "data_normalise"), "none")
    assert editor.doc.data == {"dataset": "gender"}
    assert not find(panel, QLabel, "data_normalise_numbers").isVisible()
    assert editor.stack.count() == 2


def test_the_split_is_set_here_and_the_normalisation_follows_it(qtbot, panel, editor):
    choose(qtbot, find(panel, QComboBox, "data_normalise"), "minmax")
    type_into(qtbot, find(panel, QSpinBox, "data_validation"), "25")
    doc = editor.doc
    assert doc.training.validation_split == 0.25
    assert find(panel, QLabel, "data_split_info").text() == "2 rows to train on, 2 to validate"
    # one person of each class is held out (stratified); min and range come from the other two
    rows, held_out = load_dataset("gender").split_indices(0.25, 0)
    raw = load_dataset("gender").X
    assert len(rows) == 2 and len(held_out) == 2
    train = raw[rows]
    assert doc.data["normalise"]["shift"] == train.min(axis=0).tolist()
    assert doc.data["normalise"]["scale"] == (train.max(axis=0) - train.min(axis=0)).tolist()
    data = training_data(doc)
    np.testing.assert_array_equal(np.sort(data.X, axis=0), [[0, 0], [1, 1]])
    type_into(qtbot, find(panel, QSpinBox, "data_split_seed"), "3")
    assert doc.training.seed == 3
    editor.stack.undo()
    editor.stack.undo()
    assert doc.training.validation_split == 0.0 and doc.training.seed == 0
    assert doc.data["normalise"] == {"method": "minmax", "shift": [-15.0, -6.0], "scale": [40.0, 12.0]}
    assert find(panel, QSpinBox, "data_validation").value() == 0


# --- following the document ---------------------------------------------------------------------


def test_data_that_stops_fitting_the_network_says_so(qtbot, panel, editor):
    editor.push(C.PlaceNeuron(editor.doc.layout.columns[editor.doc.layers[0].id], 300))   # a third input
    assert error_text(panel) == ("The network has 3 inputs, the data has 2 input columns: "
                                 "remove an input neuron or choose data with 3 input columns")
    editor.stack.undo()
    assert error_text(panel) == ""


def test_the_panel_follows_a_new_document(qtbot, panel, editor):
    open_example(editor.doc, "xor")
    assert find(panel, QComboBox, "data_dataset").currentText() == "XOR gate"
    editor.doc.reset()
    assert find(panel, QComboBox, "data_dataset").currentText() == "No data"


def test_rows_written_in_the_file_are_named_so(qtbot, panel, editor):
    editor.doc.set_data({"inputs": [[1, 2], [3, 4]], "targets": [[0], [1]]})
    assert find(panel, QComboBox, "data_dataset").currentText() == "Rows written in the file"
    assert find(panel, QLabel, "data_summary").text().startswith("2 rows · 2 inputs (x1, x2) → 1 target (o1)")


def test_a_broken_data_section_is_explained(qtbot, panel, editor, tmp_path):
    editor.doc.set_data({"csv": str(tmp_path / "gone.csv"), "inputs": [0, 1], "targets": [2]})
    assert find(panel, QComboBox, "data_dataset").currentText() == "CSV: gone.csv"
    gone = tmp_path / "gone.csv"
    assert error_text(panel) == f"{gone} cannot be used: {gone} does not exist (no such file)"


def test_while_training_the_data_stays(qtbot, panel, editor):
    editor.locked = "the network is training: stop it first"
    before = state(editor)
    choose(qtbot, find(panel, QComboBox, "data_dataset"), "xor")
    assert error_text(panel) == "The network is training: stop it first"
    assert state(editor) == before
    assert find(panel, QComboBox, "data_dataset").currentText() == "Gender from weight and height"


def test_the_digit_sets_offer_their_split_as_a_choice(qtbot, editor):
    from nnapp.engine.network import Network

    from .helpers import find

    editor.doc.replace(Network.dense([64, 30, 10], ["sigmoid", "softmax"], rng=0))
    panel = make_panel(qtbot, editor)
    combo = find(panel, QComboBox, "data_dataset")
    index = combo.findData("digits8")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: (editor.doc.data or {}).get("dataset") == "digits8")
    rows = find(panel, QComboBox, "data_option_split")
    assert [rows.itemText(i) for i in range(rows.count())] == ["train", "test", "all"]
    rows.setCurrentIndex(1)
    rows.activated.emit(1)
    assert editor.doc.data["options"]["split"] == "test"
