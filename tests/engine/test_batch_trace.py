"""The trace of a mini-batch: the samples' own traces, and a gradient that is the engine's batch gradient.

The worked example is the gender table with every weight 1 and every bias 0
(MSE, one output). Alice (−2, −1) → ŷ = 0.5237 and ∂L/∂w1 = x1·δ_h1 = 0.0215
on her own; over the batch of the four rows the gradient is the mean of the
four samples' x1·δ_h1, which is what backward() gives on the 4-row batch.
"""

import numpy as np
import pytest

from nnapp.engine.batch_trace import BatchTrace, batch_trace
from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.propagation import backward, forward, loss_value
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.trace import trace
from nnapp.engine.training import fit

from .random_networks import random_network, random_targets

GENDER_X = np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]], dtype=float)
GENDER_Y = np.array([[1], [0], [0], [1]], dtype=float)

# (loss, hidden activation, output activation): fused softmax + cce, fused sigmoid + bce, mse, sse
CASES = [("cce", "tanh", "softmax"), ("bce", "relu", "sigmoid"), ("mse", "sigmoid", "identity"),
         ("mse", "leaky_relu", "sigmoid"), ("sse", "tanh", "sigmoid"), ("mse", "softmax", "tanh")]


def all_ones():
    return Network(
        [Layer("input", 2), Layer("hidden", 2, "sigmoid", np.zeros(2)), Layer("output", 1, "sigmoid", np.zeros(1))],
        [Link("input", "hidden", np.ones((2, 2))), Link("hidden", "output", np.ones((2, 1)))],
    )


def random_batch(case, seed, n=5, sizes=(3, 4, 3)):
    loss, hidden, out = case
    net = random_network(seed, list(sizes), [hidden], out)        # random masks and a skip link
    rng = np.random.default_rng(seed)
    net.links[0].trainable = rng.random(net.links[0].W.shape) < 0.7
    net.layers[1].bias_trainable = rng.random(sizes[1]) < 0.7
    X = rng.normal(size=(n, sizes[0]))
    Y = random_targets(seed, loss, n, sizes[-1])
    return net, X, Y


def test_the_gender_batch_by_hand():
    bt = batch_trace(all_ones(), GENDER_X, GENDER_Y, loss="mse", learning_rate=0.1,
                     labels=["Alice", "Bob", "Charlie", "Diana"])
    assert bt.n == 4 and bt.scale == 0.25 and bt.labels[0] == "Alice"
    alice = bt.samples[0]
    assert alice.output[0] == pytest.approx(0.5237, abs=5e-5)
    assert alice.grad_W[0][0, 0] == pytest.approx(0.02147, abs=1e-5)       # x1·δ_h1 for Alice alone
    # the batch's ∂L/∂w1: the mean of the four samples' x1·δ_h1
    terms = [t.activations[0][0] * t.deltas[1][0] for t in bt.samples]
    assert bt.grad_W[0][0, 0] == pytest.approx(sum(terms) / 4, abs=1e-15)
    # the loss: the mean of the four samples' own losses
    assert bt.loss_total == pytest.approx(np.mean([t.loss_total for t in bt.samples]), abs=1e-15)
    assert bt.after.links[0].W[0, 0] == 1 - 0.1 * bt.grad_W[0][0, 0]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("seed", range(3))
def test_the_averaged_gradient_is_the_engines_batch_gradient(case, seed):
    net, X, Y = random_batch(case, seed)
    bt = batch_trace(net, X, Y, loss=case[0], learning_rate=0.3)
    fp = forward(net, X)
    bp = backward(net, fp, Y, case[0])
    for mine, engine in zip(bt.grad_W, bp.grad_W):
        np.testing.assert_allclose(mine, engine, rtol=0, atol=1e-12)
    for mine, engine in zip(bt.grad_b[1:], bp.grad_b[1:]):
        np.testing.assert_allclose(mine, engine, rtol=0, atol=1e-12)
    assert bt.loss_total == pytest.approx(float(loss_value(net, fp, Y, case[0])), abs=1e-12)


@pytest.mark.parametrize("case", CASES)
def test_each_sample_is_its_own_trace(case):
    net, X, Y = random_batch(case, 7)
    bt = batch_trace(net, X, Y, loss=case[0], learning_rate=0.3)
    for s, t in enumerate(bt.samples):
        alone = trace(net, X[s], Y[s], loss=case[0], learning_rate=None)
        assert t.after is None
        for a, b in zip(t.activations + t.deltas[1:] + t.grad_W, alone.activations + alone.deltas[1:] + alone.grad_W):
            np.testing.assert_array_equal(a, b)
        assert t.loss_total == alone.loss_total


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_the_update_is_one_sgd_step_of_the_trainer(case, l2):
    net, X, Y = random_batch(case, 11)
    bt = batch_trace(net, X, Y, loss=case[0], learning_rate=0.3, l2=l2)
    trained = net.copy()
    settings = TrainingSettings(loss=case[0], optimizer="sgd", learning_rate=0.3, epochs=1, batch_size=0,
                                shuffle=False, l2=l2)
    last = fit(trained, X, Y, settings)
    assert last.step == 1                                   # one update, on the whole batch
    for mine, engine in zip(bt.after.arrays(), trained.arrays()):
        np.testing.assert_allclose(mine, engine, rtol=0, atol=1e-12)
    # frozen parameters stay
    frozen = ~net.links[0].trainable
    np.testing.assert_array_equal(bt.after.links[0].W[frozen], net.links[0].W[frozen])
    assert bt.network.links[0].W is not net.links[0].W        # a copy from before


def test_sse_adds_the_samples():
    net, X, Y = random_batch(CASES[4], 3)
    bt = batch_trace(net, X, Y, loss="sse", learning_rate=0.5)
    assert not bt.averaged and bt.scale == 1.0
    np.testing.assert_allclose(bt.grad_W[1], sum(t.grad_W[1] for t in bt.samples), rtol=0, atol=1e-15)
    assert bt.loss_total == pytest.approx(sum(t.loss_total for t in bt.samples), abs=1e-15)


def test_refusals_and_the_dictionary():
    with pytest.raises(ValueError, match="targets"):
        batch_trace(all_ones(), GENDER_X, GENDER_Y[:3])
    with pytest.raises(ValueError, match="at least one"):
        batch_trace(all_ones(), np.zeros((0, 2)), np.zeros((0, 1)))
    with pytest.raises(ValueError, match="labels"):
        batch_trace(all_ones(), GENDER_X, GENDER_Y, labels=["Alice"])
    bt = batch_trace(all_ones(), GENDER_X[:2], GENDER_Y[:2], learning_rate=None)
    assert isinstance(bt, BatchTrace) and bt.after is None and bt.labels == ["sample 1", "sample 2"]
    d = batch_trace(all_ones(), GENDER_X, GENDER_Y, labels=list("ABCD")).to_dict()
    assert [s["label"] for s in d["samples"]] == list("ABCD")
    assert d["loss"]["per_sample"]["A"] == d["samples"][0]["loss"]["total"]
    assert set(d["gradients"]) == {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"}
    assert d["update"]["w1"]["after"] == pytest.approx(1 - 0.1 * d["gradients"]["w1"])
