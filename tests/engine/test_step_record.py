"""The facts of a step are fields of its record, never read back out of its text."""

import numpy as np

from nnapp.engine.batch_trace import batch_trace
from nnapp.engine.gradcheck import central_difference, numeric_gradient, parameter_slot
from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.steps import build_steps, render_text, step_sequence
from nnapp.engine.steps.builder import FROZEN_GRADIENT
from nnapp.engine.trace import trace

from .random_networks import random_network, random_targets


def frozen_network():
    """One sigmoid output fed by three inputs; w2 and b1 frozen."""
    W = np.array([[-0.16595599], [0.44064899], [-0.99977125]])
    return Network(
        [Layer("input", 3), Layer("output", 1, "sigmoid", np.zeros(1), bias_trainable=np.array([False]))],
        [Link("input", "output", W, trainable=np.array([[True], [False], [True]]))],
    )


def test_frozen_is_a_field():
    steps = build_steps(trace(frozen_network(), [1, 0, 1], [1], loss="sse", learning_rate=1.0))
    frozen = {(s.kind, s.parameter) for s in steps if s.frozen}
    assert frozen == {("grad_w", "w2"), ("grad_b", "b1"), ("update_w", "w2"), ("update_b", "b1")}
    for s in steps:
        assert s.frozen == (s.note_key in ("frozen", "frozen_gradient"))
        if s.kind in ("grad_w", "grad_b") and s.frozen:
            assert s.note == FROZEN_GRADIENT
    # the listing prints "frozen" for every frozen update, whatever the note says
    assert render_text(steps).count("(frozen)") == 2


def test_the_parameter_of_gradients_and_updates():
    steps = build_steps(trace(frozen_network(), [1, 0, 1], [1], loss="sse", learning_rate=1.0))
    named = [(s.kind, s.parameter) for s in steps if s.parameter]
    assert named == [("grad_w", "w1"), ("grad_w", "w2"), ("grad_w", "w3"), ("grad_b", "b1"),
                     ("update_w", "w1"), ("update_w", "w2"), ("update_w", "w3"), ("update_b", "b1")]
    assert all(s.label in (s.parameter, f"∂L/∂{s.parameter}") for s in steps if s.parameter)
    update = next(s for s in steps if s.kind == "update_w")
    assert update.named_result_at(2) == f"w1 = {update.result_at(2)}"


def test_a_samples_steps_are_built_with_its_loss_symbol():
    """Sample 2's steps of a batch say L⁽²⁾ and ∂L⁽²⁾/∂… because they are made
    so, and they are the same records as the sample's own trace's but for
    that symbol, the sample and the index."""
    rng = np.random.default_rng(3)
    net = random_network(3, [3, 4, 2], ["tanh"], "sigmoid")
    X, Y = rng.normal(size=(3, 3)), random_targets(3, "mse", 3, 2)
    bt = batch_trace(net, X, Y, loss="mse", learning_rate=0.1, labels=["a", "b", "c"])
    seq = step_sequence(bt)
    own = step_sequence(trace(net, X[1], Y[1], loss="mse"))
    for i in range(len(seq)):
        s = seq[i]
        if s.sample != 1:
            continue
        mine = own[own.index_of(s.kind, s.target)]
        if s.kind == "loss_total":
            assert (s.label, s.note_key) == ("L⁽²⁾", "sample_loss")
            assert s.formula == "L⁽²⁾" + mine.formula[1:]
        else:
            assert s.label == mine.label.replace("∂L/", "∂L⁽²⁾/")
            assert s.formula == mine.formula.replace("∂L/", "∂L⁽²⁾/")
        assert s.numbers == mine.numbers and s.value == mine.value


def test_one_central_difference_for_the_check_and_the_tests():
    net = random_network(5, [2, 3, 1], ["sigmoid"], "sigmoid")
    X, Y = np.array([[0.5, -1.0]]), np.array([[1.0]])
    check = numeric_gradient(net, X, Y, "mse", h=1e-4, points=3)
    work = net.astype(np.longdouble)
    Xl, Yl = X.astype(np.longdouble), Y.astype(np.longdouble)
    before = [a.copy() for a in work.arrays()]
    for k, ref in enumerate(work.parameters()):
        estimate = central_difference(work, *parameter_slot(work, ref), Xl, Yl, "mse", 1e-4, points=3)
        assert float(estimate) == check.numeric[k]
    assert all(np.array_equal(a, b) for a, b in zip(work.arrays(), before))
