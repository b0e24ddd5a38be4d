"""Stepping through a document's trace: samples, positions, what lights up, the update."""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.model.history import History
from nnapp.model.stepping import INPUT_ROW, Stepper, canvas_items, format_target, parse_target, target_of


@pytest.fixture
def gender():
    """The tutorial's gender network with every weight 1 and every bias 0."""
    doc = Document()
    open_example(doc, "gender")
    for link in doc.links:
        link.W[:] = 1.0
    for layer in doc.layers[1:]:
        layer.bias[:] = 0.0
    doc._parameters_edited()
    return doc


def alice(doc) -> Stepper:
    s = Stepper(doc)
    s.load_samples()
    s.choose_sample([x.label for x in s.samples].index("Alice"))
    return s


def test_samples_are_the_input_row_then_the_rows(gender):
    s = Stepper(gender)
    labels = [x.label for x in s.load_samples()]
    assert labels == ["Input row", "Alice", "Bob", "Charlie", "Diana", "Emily (no target)", "Frank (no target)"]
    assert s.samples[1].y.tolist() == [1.0]
    assert s.samples[5].y is None


def test_alice_step_by_step(gender):
    # Alice: x = (−2, −1), target 1; every weight 1, every bias 0:
    # z_h1 = 1·(−2) + 1·(−1) + 0 = −3, h1 = σ(−3) = 0.0474 (h2 the same)
    # z_o1 = 0.0474 + 0.0474 = 0.0949, ŷ = σ(0.0949) = 0.5237
    s = alice(gender)
    assert s.position is None and s.current is None
    s.next()
    assert s.position == 0 and s.current.label == "x1" and s.current.value == -2
    while s.current.label != "z_h1":
        s.next()
    assert s.current.numbers_at(4) == "= 1·(−2) + 1·(−1) + 0"
    assert s.current.result_at(4) == "−3"
    s.phase_end()
    assert s.current.label == "o1" and s.current.result_at(4) == "0.5237"
    s.phase_end()
    assert s.current.label == "L" and s.phase() == "loss"
    while s.current.label != "∂L/∂w1":
        s.next()
    assert s.current.result_at(4) == "0.0215"
    assert s.lit() == ([], [(gender.neuron_ids[0][0], gender.neuron_ids[1][0])])
    s.run_end()
    assert s.at_end() and s.current.label == "b3" and s.phase() == "update"
    s.reset()
    assert s.at_start() and s.lit() == ([], []) and s.known_values() is None


def test_back_and_phase_end(gender):
    s = alice(gender)
    s.back()
    assert s.position is None
    s.next()
    s.back()
    assert s.position is None
    s.phase_end()   # from the start: the end of the forward pass
    assert s.phase() == "forward" and s.steps.phase_of(s.position + 1) == "loss"
    s.next()
    assert s.phase() == "loss"
    s.phase_end()
    s.phase_end()
    assert s.phase() == "backward" and s.steps.phase_of(s.position + 1) == "update"
    s.phase_end()
    assert s.at_end()
    s.phase_end()
    assert s.at_end()
    s.go(10**9)
    assert s.at_end()


def test_values_appear_as_they_are_computed(gender):
    s = alice(gender)
    x1, x2 = gender.neuron_ids[0]
    h1, h2 = gender.neuron_ids[1]
    (o1,) = gender.neuron_ids[2]
    s.next()
    assert s.known_values() == {x1: -2.0}
    s.go(s.steps.index_of("sum", ("neuron", 1, 0)))
    assert set(s.known_values()) == {x1, x2}       # z_h1 is computed, h1 is not yet
    s.go(s.steps.index_of("activation", ("neuron", 1, 0)))
    assert set(s.known_values()) == {x1, x2, h1}
    assert s.known_values()[h1] == pytest.approx(0.0474, abs=5e-5)
    s.run_end()
    assert set(s.known_values()) == {x1, x2, h1, h2, o1}
    assert s.known_values()[o1] == s.trace.activations[2][0]


def test_what_lights_up(gender):
    ids = gender.neuron_ids
    assert canvas_items(gender, ("neuron", 1, 1)) == ([ids[1][1]], [])
    assert canvas_items(gender, ("bias", 2, 0)) == ([ids[2][0]], [])
    assert canvas_items(gender, ("weight", 1, 1, 0)) == ([], [(ids[1][1], ids[2][0])])
    assert canvas_items(gender, ("loss",)) == ([ids[2][0]], [])
    assert canvas_items(gender, ("neuron", 7, 0)) == ([], [])


def test_clicking_a_neuron_or_connection_finds_its_first_step(gender):
    s = alice(gender)
    ids = gender.neuron_ids
    assert target_of(gender, ("neuron", ids[1][0])) == ("neuron", 1, 0)
    assert target_of(gender, ("connection", (ids[0][1], ids[1][0]))) == ("weight", 0, 1, 0)
    assert target_of(gender, ("layer", gender.layers[1].id)) == ("neuron", 1, 0)   # a collapsed layer
    assert target_of(gender, ("layer", "no such layer")) is None
    assert target_of(gender, ("neuron", "no such neuron")) is None
    s.jump_to(target_of(gender, ("neuron", ids[1][0])))
    assert s.current.label == "z_h1"
    s.jump_to(target_of(gender, ("connection", (ids[0][1], ids[1][0]))))
    assert s.current.label == "∂L/∂w2"
    s.jump_to(target_of(gender, ("neuron", ids[0][1])))
    assert s.current.label == "x2"


def test_editing_a_weight_traces_again_and_keeps_the_position(gender):
    s = alice(gender)
    s.go(s.steps.index_of("grad_w", ("weight", 0, 0, 0)))
    before = s.current.value
    h = History(gender)
    h.push(C.SetWeight(gender.neuron_ids[0][0], gender.neuron_ids[1][0], 0.5))
    s.rebuild()
    assert s.current.label == "∂L/∂w1" and s.current.value != before
    assert s.trace.network.links[0].W[0, 0] == 0.5


def test_a_structural_change_keeps_a_position_that_still_exists(gender):
    s = alice(gender)
    s.go(s.steps.index_of("delta", ("neuron", 2, 0)))
    h = History(gender)
    h.push(C.RemoveItems(connections=[(gender.neuron_ids[0][1], gender.neuron_ids[1][1])]))
    s.rebuild()
    assert s.current.label == "δ_o1"
    h.push(C.RemoveItems(neurons=[gender.neuron_ids[1][1]]))
    s.go(len(s) - 1)
    s.rebuild()
    assert s.current.label == "b2" and s.at_end()   # still o1's bias, now named b2


def test_apply_update_is_one_undoable_edit(gender):
    s = alice(gender)
    h = History(gender)
    grad = s.trace.grad_W[0][0, 0]
    command = s.apply_update()
    assert "Alice" in command.text
    h.push(command)
    assert gender.links[0].W[0, 0] == pytest.approx(1 - 0.1 * 0.02147, abs=1e-6)
    assert gender.links[0].W[0, 0] == 1 - 0.1 * grad
    s.rebuild()
    assert s.trace.network.links[0].W[0, 0] == 1 - 0.1 * grad    # the next trace starts from there
    h.undo()
    assert gender.links[0].W[0, 0] == 1.0


def test_input_row_target_is_typed_or_found(gender):
    s = Stepper(gender)
    gender.set_input([-2, -1])          # Alice's inputs: her target
    s.rebuild()
    assert s.current_sample().label == "Input row" and s.y().tolist() == [1.0]
    gender.set_input([25, 6])           # Bob's
    s.rebuild()
    assert s.y().tolist() == [0.0]
    s.set_target([0.25])
    assert s.target_is_typed() and s.trace.y.tolist() == [0.25]
    s.set_target(None)
    assert s.trace.y.tolist() == [0.0]
    gender.set_input([25.0, 6.0 - 1e-12])   # not quite Bob: no row has these inputs, so no target
    s.rebuild()
    assert s.y() is None and s.steps.phases == ["forward"]
    gender.set_input([-2.0, -1.0 + 0.0])    # −0 and 0 are the same input; so is a float copy
    s.rebuild()
    assert s.y().tolist() == [1.0]


def test_rows_without_a_target_trace_forward_only(gender):
    s = Stepper(gender)
    s.load_samples()
    s.choose_sample(5)
    assert s.current_sample().label == "Emily (no target)"
    assert s.steps.phases == ["forward"] and not s.can_apply() and s.apply_update() is None


def test_a_step_layer_traces_forward_only_and_says_why(gender):
    h = History(gender)
    h.push(C.SetActivation(gender.layers[1].id, "step"))
    s = alice(gender)
    assert s.steps.phases == ["forward"]
    assert s.problem.startswith("Forward pass only") and "step" in s.problem


def test_numbers_too_large_are_said_so(gender):
    h = History(gender)
    for layer in gender.layers[1:]:
        h.push(C.SetActivation(layer.id, "identity"))
    for link in gender.links:
        link.W[:] = 1e300
    gender._parameters_edited()
    s = alice(gender)                                     # no warning escapes (they are errors in tests)
    assert "too large" in s.problem
    s.run_end()
    assert s.current is not None


def test_no_network_yet():
    s = Stepper(Document())
    s.rebuild()
    assert s.steps is None and "no network" in s.problem
    s.next()
    s.run_end()
    assert s.position is None and s.current is None


def test_gradient_check_agrees_with_backprop(gender):
    s = alice(gender)
    for i in s.steps.phase_range("backward"):
        step = s.steps[i]
        estimate = s.numeric_gradient(step)
        if step.kind in ("grad_w", "grad_b"):
            assert estimate == pytest.approx(step.value, rel=1e-7, abs=1e-12)
        else:
            assert estimate is None
    # the network is left as it was
    assert s.trace.network.links[0].W[0, 0] == 1.0


@pytest.mark.parametrize("text, n, expected", [
    ("1", 1, [1.0]),
    ("−0,5", 1, [-0.5]),
    ("0, 1, 0", 3, [0.0, 1.0, 0.0]),
    ("0 1 0", 3, [0.0, 1.0, 0.0]),
    ("0,5; 1", 2, [0.5, 1.0]),
    ("2", 4, [0.0, 0.0, 1.0, 0.0]),
])
def test_parse_target(text, n, expected):
    assert parse_target(text, n).tolist() == expected


@pytest.mark.parametrize("text, n, message", [
    ("", 1, "one number"),
    ("abc", 1, "must be numbers"),
    ("1, 0", 1, "1 output"),
    ("1, 0", 3, "3 outputs"),
    ("7", 3, "class number from 0 to 2"),
])
def test_parse_target_refuses(text, n, message):
    with pytest.raises(ValueError, match=message):
        parse_target(text, n)


def test_format_target():
    assert format_target(np.array([1.0])) == "1"
    assert format_target(np.array([0, 0.5, 1])) == "0, 0.5, 1"
    assert format_target(None) == ""
    assert INPUT_ROW == 0


def test_the_stepper_tells_when_it_moved_and_when_it_traced_again(gender):
    s = alice(gender)
    moved, rebuilt = [], []
    s.moved.connect(moved.append)
    s.rebuilt.connect(lambda: rebuilt.append(len(s)))
    s.next()
    s.next()
    s.back()
    s.go(1)                     # already there: no move
    s.run_end()
    s.reset()
    s.reset()
    assert moved == [0, 1, 0, 1, len(s) - 1, None] and rebuilt == []
    s.go(3)
    moved.clear()
    s.rebuild()                 # the position stays on its step: a rebuild is no move
    assert rebuilt == [len(s)] and moved == [] and s.position == 3
    empty = Stepper(Document())
    empty.rebuilt.connect(lambda: rebuilt.append("gone"))
    empty.rebuild()
    assert rebuilt[-1] == "gone" and empty.problem
