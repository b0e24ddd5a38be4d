"""The data of a document: normalisation numbers, and choosing data as one undoable edit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine.datasets import Dataset, load_dataset
from nnapp.engine.settings import TrainingSettings
from nnapp.model import commands as C
from nnapp.model.data import (
    SetData,
    dataset_for,
    load_section,
    normalisation_for,
    normalise_rows,
    shape_problem,
    training_rows,
)
from nnapp.model.document import Document
from nnapp.model.errors import EditError, ShapeMismatch, ValueRefused
from nnapp.model.files import open_example, save_document
from nnapp.model.history import History
from nnapp.model.training import training_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gender():
    doc = Document()
    open_example(doc, "gender")   # 2 inputs → 2 hidden → 1 output, data {"dataset": "gender"}
    return doc


def small() -> Dataset:
    """Eight rows; column a is the textbook set 2, 4, 4, 4, 5, 5, 7, 9 and column b is always 3."""
    a = [2, 4, 4, 4, 5, 5, 7, 9]
    return Dataset("small", "small", np.column_stack([a, [3] * 8]), np.zeros((8, 1)), ["a", "b"], ["y"],
                   task="regression", extra={"new": [6, 3]})


# --- the numbers ------------------------------------------------------------------------


def test_standardise_on_a_worked_example():
    n = normalisation_for(small(), "standardise")
    # a: mean = (2+4+4+4+5+5+7+9)/8 = 40/8 = 5;
    #    squared deviations 9, 1, 1, 1, 0, 0, 4, 16 sum to 32; variance 32/8 = 4; sd = 2.
    # b: always 3: mean 3, sd 0 → scale 1 (a constant column is only shifted, never divided by 0)
    assert n == {"method": "standardise", "shift": [5.0, 3.0], "scale": [2.0, 1.0]}
    # the first row (2, 3) becomes ((2 − 5)/2, (3 − 3)/1) = (−1.5, 0)
    assert normalise_rows([2, 3], n).tolist() == [-1.5, 0.0]


def test_minmax_on_a_worked_example():
    n = normalisation_for(small(), "minmax")
    # a: min 2, max 9 → shift 2, scale 9 − 2 = 7; b: min = max = 3 → shift 3, scale 1
    assert n == {"method": "minmax", "shift": [2.0, 3.0], "scale": [7.0, 1.0]}
    # 9 → (9 − 2)/7 = 1, 2 → 0, 5.5 → 3.5/7 = 0.5
    assert normalise_rows([[9, 3], [2, 3], [5.5, 3]], n)[:, 0].tolist() == [1.0, 0.0, 0.5]


def test_only_the_given_rows_count():
    # rows 0 and 7 are a = 2 and 9: mean 5.5, sd = |9 − 5.5| = 3.5; min 2, range 7
    assert normalisation_for(small(), "standardise", [0, 7])["shift"] == [5.5, 3.0]
    assert normalisation_for(small(), "standardise", [0, 7])["scale"] == [3.5, 1.0]
    assert normalisation_for(small(), "minmax", np.array([0, 7]))["scale"] == [7.0, 1.0]


def test_none_and_unknown_methods():
    assert normalisation_for(small(), "none") == {"method": "none"}
    X = np.array([[1.0, 2.0]])
    assert normalise_rows(X, {"method": "none"}).tolist() == [[1.0, 2.0]]
    assert normalise_rows(X, None).tolist() == [[1.0, 2.0]]
    with pytest.raises(ValueRefused, match="unknown normalisation 'zscore'"):
        normalisation_for(small(), "zscore")
    with pytest.raises(ShapeMismatch, match="the normalisation has 3 columns, the data has 2 input columns"):
        normalise_rows(X, {"method": "minmax", "shift": [0, 0, 0], "scale": [1, 1, 1]})


def test_the_documented_example_has_the_right_numbers():
    text = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    block = re.search(r'"data": \{\n  "dataset": "gender",\n  "normalise": (.*)\n\}', text).group(1)
    assert json.loads(block) == normalisation_for(load_dataset("gender"), "standardise")


# --- the data of a document ------------------------------------------------------------------


def test_without_normalise_the_rows_are_as_read(gender):
    ds = dataset_for(gender.data, gender.network())
    np.testing.assert_array_equal(ds.X, load_dataset("gender").X)


def test_dataset_for_normalises_the_rows_and_the_extra_rows(gender):
    section = {"dataset": "gender", "normalise": {"method": "minmax", "shift": [-15, -6], "scale": [40, 12]}}
    ds = dataset_for(section, gender.network())
    # Alice (−2, −1) → ((−2 + 15)/40, (−1 + 6)/12) = (0.325, 5/12)
    np.testing.assert_array_equal(ds.X[0], [13 / 40, 5 / 12])
    # Emily (−7, −3), not a training row, gets the same numbers: (8/40, 3/12) = (0.2, 0.25)
    np.testing.assert_array_equal(ds.extra["Emily"], [0.2, 0.25])
    raw = dataset_for(section, gender.network(), normalised=False)
    np.testing.assert_array_equal(raw.X, load_dataset("gender").X)


def test_training_rows_follow_the_split():
    ds = load_dataset("circle", n_samples=20)
    rows = training_rows(ds, 0.25, 4)
    train, _ = ds.split(0.25, 4)
    np.testing.assert_array_equal(ds.X[rows], train.X)
    assert training_rows(ds, 0.0, 4).tolist() == list(range(20))


# --- choosing the data ----------------------------------------------------------------------


def test_set_data_is_undone_and_redone_exactly(gender):
    history = History(gender)
    before = (json.dumps(gender.data), gender.training)
    seen = []
    gender.events.settings_changed.connect(lambda *_: seen.append(json.dumps(gender.data)))
    command = SetData({"dataset": "circle", "options": {"n_samples": 40, "noise": 0.1, "seed": 2},
                       "normalise": {"method": "standardise"}}, validation_split=0.25, seed=7)
    history.push(command)
    after = (json.dumps(gender.data), gender.training)
    assert gender.training == TrainingSettings(**{**before[1].to_dict(), "validation_split": 0.25, "seed": 7})
    assert set(gender.data["normalise"]) == {"method", "shift", "scale"}
    assert seen, "views are told through settings_changed"
    history.undo()
    assert (json.dumps(gender.data), gender.training) == before
    history.redo()
    assert (json.dumps(gender.data), gender.training) == after
    history.undo()
    assert (json.dumps(gender.data), gender.training) == before


def test_the_command_keeps_its_own_copies(gender):
    section = {"dataset": "gender", "normalise": {"method": "minmax", "shift": [-15, -6], "scale": [40, 12]}}
    history = History(gender)
    history.push(SetData(section))
    section["normalise"]["shift"][0] = 99          # the caller's dict changes later
    assert gender.data["normalise"]["shift"] == [-15, -6]
    gender.data["normalise"]["scale"][0] = 1       # something edits the document's dict
    history.undo()
    history.redo()
    assert gender.data["normalise"]["scale"] == [40, 12]
    history.push(SetData(None, "No data"))
    assert gender.data is None


def test_normalisation_is_computed_from_the_training_rows(gender):
    SetData({"dataset": "circle", "options": {"n_samples": 41, "seed": 1}, "normalise": {"method": "standardise"}},
            validation_split=0.2, seed=5).do(gender)
    ds = load_dataset("circle", n_samples=41, seed=1)
    train, val = ds.split(0.2, 5)
    np.testing.assert_allclose(gender.data["normalise"]["shift"], train.X.mean(axis=0), rtol=0, atol=1e-15)
    np.testing.assert_allclose(gender.data["normalise"]["scale"], train.X.std(axis=0), rtol=0, atol=1e-15)
    # so the training rows have mean 0 and sd 1, the validation rows only about
    data = training_data(gender)
    np.testing.assert_allclose(data.X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(data.X.std(axis=0), 1, atol=1e-12)
    assert len(data.X_val) == val.n_samples and not np.allclose(data.X_val.mean(axis=0), 0, atol=1e-3)


def test_training_data_is_normalised_as_stored(gender):
    SetData({"dataset": "gender", "normalise": {"method": "minmax"}}).do(gender)
    # weights −2, 25, 17, −15: min −15, range 40; heights −1, 6, 4, −6: min −6, range 12
    assert gender.data["normalise"] == {"method": "minmax", "shift": [-15.0, -6.0], "scale": [40.0, 12.0]}
    np.testing.assert_array_equal(training_data(gender).X, [[13 / 40, 5 / 12], [1, 1], [32 / 40, 10 / 12], [0, 0]])


@pytest.mark.parametrize("section, message", [
    ({"dataset": "perceptron"},
     "the network has 2 inputs, the data has 3 input columns: add an input neuron "
     "or choose data with 2 input columns"),
    ({"inputs": [[1], [2]], "targets": [[0], [1]]},
     "the network has 2 inputs, the data has 1 input column: remove an input neuron "
     "or choose data with 2 input columns"),
    ({"inputs": [[1, 2], [3, 4]], "targets": [[0, 1, 0], [1, 0, 0]]},
     "the network has 1 output, the data has 3 target columns: add 2 output neurons "
     "or choose data with 1 target column"),
])
def test_data_that_does_not_fit_is_refused_with_the_fix(gender, section, message):
    before = (json.dumps(gender.data), gender.training)
    with pytest.raises(ShapeMismatch) as info:
        SetData(section, validation_split=0.5).do(gender)
    assert str(info.value) == message
    assert (json.dumps(gender.data), gender.training) == before


def test_csv_columns_that_do_not_fit_say_which_columns(gender, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("weight,height,age,label\n-2,-1,30,0\n25,6,41,2\n17,4,20,1\n-15,-6,33,1\n", encoding="utf-8")
    with pytest.raises(ShapeMismatch, match=r"^the network has 2 inputs, the data has 3 input columns: "
                                            r"add an input neuron or choose 2 input columns$"):
        SetData({"csv": str(path), "inputs": ["weight", "height", "age"], "targets": ["label"]}).do(gender)
    with pytest.raises(ShapeMismatch, match=r"^the network has 1 output, the data has 3 target columns \(one per "
                                            r"class\): add 2 output neurons or leave the labels as one column"):
        SetData({"csv": str(path), "inputs": ["weight", "height"], "targets": ["label"], "one_hot": True}).do(gender)
    C.AddNeuron(gender.layers[-1].id).do(gender)   # two outputs now
    section = {"csv": str(path), "inputs": [0, 1], "targets": [3], "one_hot": True}
    message = shape_problem(load_section(section), gender.network(), section)
    assert message.endswith("3 target columns (one per class): add an output neuron or choose a label column with 2 classes")


def test_sections_that_cannot_be_used_are_refused_and_change_nothing(gender, tmp_path):
    before = json.dumps(gender.data)
    cases = [
        ({"dataset": "gender", "csv": "x.csv"}, "data has an unknown key 'csv'"),
        ({"dataset": "moons"}, "there is no built-in dataset named 'moons'"),
        ({"dataset": "circle", "options": {"noise": -1}}, "noise must be ≥ 0"),
        ({"csv": str(tmp_path / "missing.csv"), "inputs": [0, 1], "targets": [2]}, "does not exist"),
        ({"dataset": "gender", "normalise": {"method": "minmax", "shift": [0, 0], "scale": [1, 0]}},
         "data.normalise.scale[1] is 0"),
        ({"dataset": "gender", "normalise": {"method": "minmax", "shift": [0, 0, 0], "scale": [1, 1, 1]}},
         "data.normalise.shift has 3 values, the network has 2 inputs"),
        ({"dataset": "gender", "normalise": {"method": "z"}}, "unknown normalisation 'z'; choose one of none"),
    ]
    for section, words in cases:
        with pytest.raises(EditError) as info:
            SetData(section).do(gender)
        assert words in str(info.value), str(info.value)
        assert json.dumps(gender.data) == before
    with pytest.raises(ValueRefused, match="validation"):
        SetData({"dataset": "gender"}, validation_split=1.5).do(gender)


def test_without_a_network_any_data_can_be_chosen():
    doc = Document()
    history = History(doc)
    history.push(SetData({"dataset": "perceptron", "normalise": {"method": "standardise"}}))
    assert doc.data["dataset"] == "perceptron" and len(doc.data["normalise"]["shift"]) == 3
    history.undo()
    assert doc.data is None


def test_a_document_whose_data_no_longer_fits_is_not_saved_half(gender, tmp_path):
    SetData({"dataset": "gender", "normalise": {"method": "standardise"}}).do(gender)
    C.PlaceNeuron(0, 300).do(gender)   # a third input neuron: the stored numbers are for 2 columns
    with pytest.raises(EditError, match="the chosen data no longer fits the network.*choose the data again"):
        save_document(gender, tmp_path / "x.nnapp")
    assert not (tmp_path / "x.nnapp").exists()


def test_a_file_with_normalised_rows_starts_at_the_normalised_first_row(gender, tmp_path):
    gender.set_data({"inputs": [[-2, -1], [25, 6]], "targets": [[1], [0]],
                     "normalise": {"method": "minmax", "shift": [-2, -1], "scale": [27, 7]}})
    gender.set_input([5, 5])
    save_document(gender, tmp_path / "x.nnapp")
    text = json.loads((tmp_path / "x.nnapp").read_text(encoding="utf-8"))
    del text["input"]
    (tmp_path / "y.nnapp").write_text(json.dumps(text), encoding="utf-8")
    doc = Document()
    from nnapp.model.files import open_document

    open_document(doc, tmp_path / "y.nnapp")
    assert doc.input.tolist() == [0.0, 0.0]   # (−2 + 2)/27, (−1 + 1)/7


def test_a_csv_is_saved_relative_to_the_document_and_moves_with_it(gender, tmp_path):
    import shutil

    from nnapp.model.files import open_document

    folder = tmp_path / "lesson"
    (folder / "data").mkdir(parents=True)
    csv = folder / "data" / "people.csv"
    csv.write_text("weight,height,female\n-2,-1,1\n25,6,0\n17,4,0\n-15,-6,1\n", encoding="utf-8")
    SetData({"csv": str(csv), "inputs": ["weight", "height"], "targets": ["female"], "header": True}).do(gender)
    save_document(gender, folder / "net.nnapp")
    assert json.loads((folder / "net.nnapp").read_text(encoding="utf-8"))["data"]["csv"] == "data/people.csv"
    assert gender.data["csv"] == str(csv)            # the open document keeps the absolute path
    shutil.move(folder, tmp_path / "handed out")      # the teacher hands the folder to a student
    doc = Document()
    open_document(doc, tmp_path / "handed out" / "net.nnapp")
    assert doc.data["csv"] == str((tmp_path / "handed out" / "data" / "people.csv").resolve())
    assert training_data(doc).X.tolist() == [[-2, -1], [25, 6], [17, 4], [-15, -6]]
    save_document(doc, tmp_path / "copy.nnapp")       # saved elsewhere, the path still leads to the file
    assert json.loads((tmp_path / "copy.nnapp").read_text(encoding="utf-8"))["data"]["csv"] == \
        "handed out/data/people.csv"
