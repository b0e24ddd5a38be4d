"""StepSequence: the steps of a trace made only when looked at, the same as build_steps."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.steps import PHASES, StepSequence, build_steps
from nnapp.engine.trace import trace

from .random_networks import random_network, random_targets

CASES = [("mse", "tanh", "sigmoid"), ("bce", "relu", "sigmoid"), ("cce", "sigmoid", "softmax"),
         ("sse", "leaky_relu", "identity"), ("mse", "softmax", "tanh"), ("bce", "tanh", "identity")]


def random_trace(case, seed, sizes=(3, 4, 2, 3), **kw):
    loss, hidden, out = case
    net = random_network(seed, list(sizes), [hidden], out)
    rng = np.random.default_rng(seed)
    if seed % 2:
        link = net.links[0]
        link.trainable = rng.random(link.W.shape) < 0.6
    x = rng.normal(size=sizes[0])
    y = random_targets(seed, loss, 1, sizes[-1])[0]
    return trace(net, x, y, loss=loss, learning_rate=0.3, **kw)


@settings(max_examples=25, deadline=None)
@given(case=st.sampled_from(CASES), seed=st.integers(0, 10**6), max_terms=st.integers(1, 6))
def test_same_steps_as_build_steps(case, seed, max_terms):
    t = random_trace(case, seed)
    listed = build_steps(t, max_terms=max_terms)
    seq = StepSequence(t, max_terms=max_terms)
    assert len(seq) == len(listed)
    # made out of order, and again from the cache
    for i in list(range(len(seq)))[::-1] + [0, len(seq) - 1]:
        assert seq[i] == listed[i]
        assert seq[i].numbers == listed[i].numbers
    assert seq[-1] == listed[-1]
    assert seq[2:5] == listed[2:5]


@settings(max_examples=25, deadline=None)
@given(case=st.sampled_from(CASES), seed=st.integers(0, 10**6))
def test_where_each_step_is(case, seed):
    t = random_trace(case, seed, sizes=(4, 5, 3))
    seq = StepSequence(t)
    steps = build_steps(t)
    for s in steps:
        assert seq.locate(s.index) == (s.kind, s.target)
        assert seq.phase_of(s.index) == s.phase
        assert seq.index_of(s.kind, s.target) == s.index
    for phase in PHASES:
        assert list(seq.phase_range(phase)) == [s.index for s in steps if s.phase == phase]
    # the first step about a thing is the first one that targets it
    targets = {s.target for s in steps}
    for target in targets:
        assert seq.first_about(target) == min(s.index for s in steps if s.target == target)


def test_weights_named_as_the_network_names_them():
    for seed in range(10):
        t = random_trace(CASES[seed % len(CASES)], seed, sizes=(5, 4, 3, 2))
        seq = StepSequence(t)
        names = [r.name for r in t.network.parameters()]
        assert [seq[i].label for i in seq.phase_range("update")] == names


def test_forward_only_and_no_update():
    net = random_network(3, [3, 4, 2], ["tanh"], "sigmoid")
    seq = StepSequence(trace(net, [1, 2, 3]))
    assert seq.phases == ["forward"]
    assert seq.index_of("grad_w", ("weight", 0, 0, 0)) is None
    # without backward, a weight's first step is the weighted sum it is part of
    assert seq.locate(seq.first_about(("weight", 0, 0, 1))) == ("sum", ("neuron", 1, 1))
    assert seq.locate(seq.first_about(("bias", 2, 1))) == ("sum", ("neuron", 2, 1))
    seq = StepSequence(trace(net, [1, 2, 3], [0, 1], learning_rate=None))
    assert seq.phases == ["forward", "loss", "backward"]


def test_known_activations_step_by_step():
    net = Network(
        [Layer("i", 2), Layer("h", 2, "sigmoid"), Layer("o", 1, "sigmoid")],
        [Link("i", "h", np.ones((2, 2))), Link("h", "o", np.ones((2, 1)))],
    )
    seq = StepSequence(trace(net, [-2, -1], [1]))
    # x1, x2, z_h1, z_h2, h1, h2, z_o1, o1
    expected = [[1, 0, 0], [2, 0, 0], [2, 0, 0], [2, 0, 0], [2, 1, 0], [2, 2, 0], [2, 2, 0], [2, 2, 1]]
    assert [seq.known_counts(i) for i in range(8)] == expected
    assert seq.known_counts(-1) == [0, 0, 0]
    assert seq.known_counts(len(seq) - 1) == [2, 2, 1]


def test_a_large_network_is_not_made_all_at_once():
    net = Network.dense([784, 128, 10], ["relu", "softmax"], init="he", rng=0)
    x = np.random.default_rng(0).random(784)
    t = trace(net, x, np.eye(10)[3], loss="cce", learning_rate=0.1)
    seq = StepSequence(t)
    n_w = 784 * 128 + 128 * 10
    assert len(seq) == 784 + 2 * 138 + 11 + (128 + 2 * 138) + 2 * n_w + 138
    z = seq[seq.index_of("sum", ("neuron", 1, 5))]
    assert "+ 776 more terms (sum " in z.numbers
    last_w = seq[seq.index_of("update_w", ("weight", 1, 127, 9))]
    assert last_w.label == f"w{n_w}"
    assert seq[len(seq) - 1].label == "b138"
    with pytest.raises(IndexError):
        seq[len(seq)]
