"""The examples open where their tutorials start, and a file's "start" key is read and kept."""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnapp.model.describe import MAX_DESCRIPTION, SetDescription
from nnapp.model.document import Document
from nnapp.model.errors import EditError
from nnapp.model.files import (
    START_KEY,
    Start,
    open_document,
    open_example,
    read_start,
    save_document,
    start_neuron,
    start_of,
)
from nnapp.model.history import History
from nnapp.model.stepping import NO_TARGET, Stepper


def opened(name: str) -> tuple[Document, Stepper]:
    doc = Document()
    open_example(doc, name)
    s = Stepper(doc)
    start = start_of(doc)
    s.restart(start.sample, start.target)
    s.rebuild(keep=False)
    return doc, s


def test_neuron_opens_on_the_tutorials_input_without_a_target():
    doc, s = opened("neuron")
    assert doc.input.tolist() == [2.0, 3.0]
    assert doc.forward().activations[-1][0, 0] == 0.9990889488055994
    assert doc.neuron_name(start_neuron(doc)) == "o1"
    assert s.current_sample().label == "Input row" and s.y() is None
    assert s.steps.phases == ["forward"] and s.problem == NO_TARGET
    assert not s.can_apply()


def test_feedforward_opens_on_0_7216_without_a_target():
    doc, s = opened("feedforward")
    assert doc.forward().activations[-1][0, 0] == pytest.approx(0.7216, abs=5e-5)
    assert s.steps.phases == ["forward"] and s.problem == NO_TARGET


@pytest.mark.parametrize("name, label, x, y", [
    ("gender", "Alice", [-2, -1], [1]),
    ("perceptron", "0 0 1", [0, 0, 1], [0]),
    ("xor", "0 0", [0, 0], [0]),
    ("and", "0 0", [0, 0], [0]),
    ("or", "0 0", [0, 0], [0]),
])
def test_examples_that_train_open_on_their_first_row(name, label, x, y):
    doc, s = opened(name)
    assert doc.data is not None
    assert doc.input.tolist() == x
    assert s.current_sample().label == label and s.y().tolist() == y
    assert s.steps.phases == ["forward", "loss", "backward", "update"] and s.problem == ""


@pytest.mark.parametrize("name", ["neuron", "feedforward", "gender", "perceptron", "xor", "and", "or"])
def test_every_example_says_where_to_click_next(name):
    doc = Document()
    open_example(doc, name)
    assert doc.title and "Next:" in doc.description


def test_an_input_no_row_has_has_no_target_until_one_is_typed():
    doc, s = opened("gender")
    s.choose_sample(0)
    doc.set_input([3.0, 4.0])            # a drawing, or numbers typed by hand
    s.rebuild()
    assert s.y() is None and s.problem == NO_TARGET and s.steps.phases == ["forward"]
    s.set_target([1.0])
    assert s.problem == "" and s.trace.y.tolist() == [1.0] and "backward" in s.steps.phases
    s.set_target(None)
    assert s.y() is None and s.problem == NO_TARGET


def test_a_target_in_the_start_is_the_input_rows_typed_target():
    doc, s = opened("neuron")
    doc.extra[START_KEY] = {"select": None, "sample": None, "target": [0.5]}
    start = start_of(doc)
    s.restart(start.sample, start.target)
    s.rebuild(keep=False)
    assert s.target_is_typed() and s.trace.y.tolist() == [0.5] and s.problem == ""


def test_the_start_is_saved_with_the_file(tmp_path):
    doc = Document()
    open_example(doc, "gender")
    path = tmp_path / "g.nnapp"
    save_document(doc, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved[START_KEY] == {"select": None, "sample": "Alice", "target": None}
    assert saved["input"] == [-2, -1]
    again = Document()
    assert open_document(again, path) == []
    assert start_of(again) == Start(None, "Alice", None)


@pytest.mark.parametrize("raw, note", [
    ("o1", "expected an object"),
    ({"select": 3}, "select"),
    ({"sample": ["Alice"]}, "sample"),
    ({"target": [1, "x"]}, "target"),
    ({"target": [float("nan")]}, "target"),
])
def test_a_start_that_cannot_be_used_is_left_out_with_a_note(raw, note):
    start, notes = read_start(raw)
    assert len(notes) == 1 and note in notes[0]
    assert start.target is None


def test_a_damaged_start_still_opens_the_file(tmp_path):
    doc = Document()
    open_example(doc, "neuron")
    path = tmp_path / "n.nnapp"
    save_document(doc, path)
    d = json.loads(path.read_text(encoding="utf-8"))
    d[START_KEY] = {"select": "o1", "target": "one"}
    path.write_text(json.dumps(d), encoding="utf-8")
    notes = open_document(doc, path)
    assert len(notes) == 1 and "target" in notes[0]
    assert start_of(doc) == Start("o1", None, None)


def test_a_start_naming_nothing_that_exists_is_ignored():
    doc = Document()
    open_example(doc, "neuron")
    doc.extra[START_KEY] = {"select": "h7", "sample": "Zed"}
    assert start_neuron(doc) is None
    s = Stepper(doc)
    s.restart("Zed", None)
    s.rebuild(keep=False)
    assert s.current_sample().label == "Input row"


def test_the_description_is_an_undoable_edit():
    doc = Document()
    open_example(doc, "neuron")
    before = doc.description
    h = History(doc)
    h.push(SetDescription("Line one\r\nline two"))
    assert doc.description == "Line one\nline two"
    h.undo()
    assert doc.description == before
    h.redo()
    assert doc.description == "Line one\nline two"
    with pytest.raises(EditError):
        SetDescription("x" * (MAX_DESCRIPTION + 1)).do(doc)
    assert doc.description == "Line one\nline two"


def test_the_weights_of_the_examples_are_those_of_the_tutorials():
    doc = Document()
    open_example(doc, "neuron")
    assert doc.links[0].W.ravel().tolist() == [0.0, 1.0] and doc.layers[1].bias.tolist() == [4.0]
    assert np.isclose(doc.forward().activations[-1][0, 0], 1 / (1 + np.exp(-7.0)), rtol=0, atol=1e-15)
