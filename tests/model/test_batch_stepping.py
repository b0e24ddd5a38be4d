"""Stepping through a mini-batch: which rows, each sample in turn, the averaged update, the canvas's values.

The gender table (Alice, Bob, Charlie, Diana) with every weight 1 and every
bias 0, MSE, η = 0.1: the batch of the four rows steps through Alice's
forward pass, then Bob's …, each sample's loss and the mean L, each sample's
δ, then ∂L/∂w1 = (1/4)·Σ x1⁽ˢ⁾·δ_h1⁽ˢ⁾ and the update w1 ← w1 − 0.1·∂L/∂w1.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.engine.batch_trace import BatchTrace
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import fit
from nnapp.model import commands as C
from nnapp.model.batch_rows import default_rows, format_rows, parse_rows
from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.model.history import History
from nnapp.model.stepping import Stepper

from .test_stepping import gender  # noqa: F401  (the fixture)


def batch(doc, rows=None) -> Stepper:
    s = Stepper(doc)
    s.load_samples()
    s.choose_batch(rows)
    return s


def test_the_batch_is_every_row_with_a_target_by_default(gender):
    s = batch(gender)
    assert s.batch_rows() == [1, 2, 3, 4]                 # Emily and Frank have no target
    assert s.in_batch and s.batch == [1, 2, 3, 4]
    assert isinstance(s.trace, BatchTrace) and s.trace.labels == ["Alice", "Bob", "Charlie", "Diana"]
    assert s.batch_label() == "4 samples: Alice, Bob, Charlie, Diana"
    s.choose_batch([4, 2, 2, 9])                          # sorted, once each, row 9 left out
    assert s.batch == [2, 4] and s.trace.labels == ["Bob", "Diana"]
    s.choose_sample(1)                                     # one sample again
    assert not s.in_batch and s.trace.x.tolist() == [-2, -1]
    s.choose_batch()                                       # back to the batch chosen last
    assert s.batch == [2, 4]


def test_each_sample_in_turn_then_the_batch(gender):
    s = batch(gender)
    s.next()
    assert s.current.label == "x1" and s.step_sample() == 0 and s.sample_trace() is s.trace.samples[0]
    s.phase_end()
    assert s.phase() == "forward" and s.current.label == "o1" and s.step_sample() == 3
    s.phase_end()
    assert s.current.formula == "L = (1/4)·(L⁽¹⁾ + L⁽²⁾ + L⁽³⁾ + L⁽⁴⁾)" and s.step_sample() is None
    assert s.current.value == pytest.approx(np.mean([t.loss_total for t in s.trace.samples]))
    assert s.jump_to(("weight", 0, 0, 0)) is not None
    assert s.current.label == "∂L/∂w1" and s.current.formula.startswith("∂L/∂w1 = (1/4)·(x1⁽¹⁾·δ_h1⁽¹⁾")
    assert s.lit() == ([], [(gender.neuron_ids[0][0], gender.neuron_ids[1][0])])
    # a neuron clicked while in a sample's steps: that sample's step about it
    s.go(s.steps.index_of("sum", ("neuron", 2, 0), sample=2))
    s.jump_to(("neuron", 1, 1))
    assert s.current.label == "z_h2" and s.step_sample() == 2
    s.run_end()
    assert s.current.label == "b3" and s.phase() == "update"


def test_apply_update_is_the_trainers_step_on_the_batch(gender):
    s = batch(gender)
    h = History(gender)
    before = [a.copy() for a in gender.network().arrays()]
    command = s.apply_update()
    assert command.text == "One gradient step on a mini-batch of 4 (η = 0.1)"
    h.push(command)
    trained = gender.network().copy()
    for p, b in zip(trained.arrays(), before):
        p[...] = b
    X = s.trace.X
    Y = s.trace.Y
    fit(trained, X, Y, TrainingSettings(loss="mse", learning_rate=0.1, epochs=1, batch_size=0, shuffle=False))
    for mine, engine in zip(gender.network().arrays(), trained.arrays()):
        np.testing.assert_allclose(mine, engine, rtol=0, atol=1e-12)
    assert gender.links[0].W[0, 0] == 1 - 0.1 * s.trace.grad_W[0][0, 0]
    h.undo()
    for now, b in zip(gender.network().arrays(), before):
        np.testing.assert_array_equal(now, b)


def test_an_edit_traces_the_batch_again_and_keeps_the_step(gender):
    s = batch(gender)
    h = History(gender)
    s.go(s.steps.index_of("delta", ("neuron", 1, 0), sample=2))      # Charlie's δ_h1
    h.push(C.SetWeight(gender.neuron_ids[0][0], gender.neuron_ids[1][0], 0.5))
    s.rebuild()
    assert s.current.label == "δ_h1" and s.step_sample() == 2
    assert s.trace.network.links[0].W[0, 0] == 0.5


def test_the_canvas_shows_what_is_reached(gender):
    s = batch(gender)
    ids = gender.neuron_ids
    h1, o1 = ids[1][0], ids[2][0]
    s.go(s.steps.index_of("sum", ("neuron", 1, 0), sample=1))         # Bob's z_h1: his inputs are known
    assert s.known_values() == {ids[0][0]: 25.0, ids[0][1]: 6.0}
    marks = s.canvas_marks()
    assert marks.deltas == {} and marks.gradient(0, 0, 0) is None and s.marks_key() == ("none",)
    s.go(s.steps.index_of("delta", ("neuron", 2, 0), sample=1))       # Bob's δ_o1
    bob = s.trace.samples[1]
    assert s.canvas_marks().deltas == {o1: bob.deltas[2][0]}
    assert s.known_values()[h1] == bob.activations[1][0]
    s.go(s.steps.index_of("delta", ("neuron", 1, 0), sample=1))       # … and δ_h1
    assert set(s.canvas_marks().deltas) == {o1, h1}
    w1 = s.steps.index_of("grad_w", ("weight", 0, 0, 0))
    s.go(w1)                                                          # the batch's own steps: no one sample
    marks = s.canvas_marks()
    assert s.known_values() == {} and marks.deltas == {}
    assert marks.gradient(0, 0, 0) == s.trace.grad_W[0][0, 0]
    assert marks.gradient(0, 1, 0) is None                           # ∂L/∂w2 comes next
    assert marks.gradient(1, 0, 0) == s.trace.grad_W[1][0, 0]         # w5, output layer first
    assert marks.new_weight(0, 0, 0) is None
    s.go(s.steps.index_of("update_w", ("weight", 0, 0, 0)))
    marks = s.canvas_marks()
    assert marks.new_weight(0, 0, 0) == s.trace.after.links[0].W[0, 0] and marks.new_weight(0, 1, 0) is None
    assert marks.new_bias(1, 0) is None
    s.run_end()
    assert s.canvas_marks().new_bias(1, 0) == s.trace.after.layers[1].bias[0]
    s.reset()
    assert s.canvas_marks() is None and s.known_values() is None


def test_one_sample_shows_its_deltas_as_they_come(gender):
    s = Stepper(gender)
    s.load_samples()
    s.choose_sample(1)                                                # Alice
    ids = gender.neuron_ids
    s.go(s.steps.index_of("delta", ("neuron", 2, 0)))
    assert s.canvas_marks().deltas == {ids[2][0]: s.trace.deltas[2][0]}
    s.go(s.steps.index_of("grad_w", ("weight", 0, 0, 0)))             # δ_h1 is known, δ_h2 not yet
    assert set(s.canvas_marks().deltas) == {ids[2][0], ids[1][0]}
    s.run_end()
    assert set(s.canvas_marks().deltas) == set(ids[1] + ids[2])


def test_the_gradient_check_of_a_batch(gender):
    s = batch(gender)
    step = s.steps[s.steps.index_of("grad_w", ("weight", 0, 0, 0))]
    assert s.numeric_gradient(step) == pytest.approx(step.value, rel=1e-7)


def test_xor_adds_its_four_rows():
    doc = Document()
    open_example(doc, "xor")                      # sse, full batch: the tutorial's update w += Xᵀ·(error·σ′)
    s = batch(doc)
    assert s.trace.labels == ["0 0", "0 1", "1 0", "1 1"] and not s.trace.averaged
    s.go(s.steps.phase_range("loss")[-1])
    assert s.current.formula == "L = L⁽¹⁾ + L⁽²⁾ + L⁽³⁾ + L⁽⁴⁾"


def test_a_step_layer_cannot_be_trained_in_a_batch(gender):
    h = History(gender)
    h.push(C.SetActivation(gender.layers[1].id, "step"))
    s = batch(gender)
    assert s.steps.phases == ["forward"] and not s.can_apply()
    assert "mini-batch is traced for training" in s.problem


# --- rows as typed ------------------------------------------------------------------


LABELS = ["Alice", "Bob", "Charlie", "Diana"]


@pytest.mark.parametrize("text, rows", [
    ("all", [1, 2, 3, 4]), ("", [1, 2, 3, 4]), ("1-3", [1, 2, 3]), ("3–1", [1, 2, 3]),
    ("4, 1", [1, 4]), ("2 3", [2, 3]), ("alice; Diana", [1, 4]), ("1, 1, 2", [1, 2]),
])
def test_parse_rows(text, rows):
    assert parse_rows(text, LABELS) == rows


@pytest.mark.parametrize("text, message", [
    ("5", "no row 5"), ("0-2", "no row 0"), ("Emily", "not a row"), (",", "at least one row"),
])
def test_parse_rows_refuses(text, message):
    with pytest.raises(ValueError, match=message):
        parse_rows(text, LABELS)


def test_names_with_spaces_and_formatting():
    assert parse_rows("0 1, 1 1", ["0 0", "0 1", "1 0", "1 1"]) == [2, 4]
    assert format_rows([1, 2, 3, 4], 4) == "all"
    assert format_rows([1, 2, 3, 7, 9, 10], 12) == "1–3, 7, 9, 10"
    assert format_rows([2]) == "2"
    assert default_rows(4) == [1, 2, 3, 4]
    assert default_rows(31 * 10 + 1) == list(range(1, 312, 10))       # 32 rows spread over the data
    assert default_rows(5000, batch_size=16) == [1 + round(i * 4999 / 15) for i in range(16)]
    assert len(default_rows(5000, batch_size=1)) == 32 and default_rows(5000)[-1] == 5000
