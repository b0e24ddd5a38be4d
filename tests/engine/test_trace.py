"""The trace of one sample holds the same numbers as the batch passes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnapp.engine.network import Network, NotTrainableError
from nnapp.engine.propagation import backward, forward
from nnapp.engine.trace import trace

from .random_networks import random_network, random_targets

CASES = [("mse", "tanh", "sigmoid"), ("bce", "relu", "sigmoid"), ("cce", "sigmoid", "softmax"),
         ("sse", "leaky_relu", "identity"), ("mse", "softmax", "tanh")]


@settings(max_examples=25, deadline=None)
@given(case=st.sampled_from(CASES), seed=st.integers(0, 10**6), row=st.integers(0, 4))
def test_trace_equals_the_batch_passes(case, seed, row):
    loss, hidden, out = case
    net = random_network(seed, [3, 4, 3], [hidden], out)
    X = np.random.default_rng(seed).normal(size=(5, 3))
    Y = random_targets(seed, loss, 5, 3)
    # the batch gradient of one row alone equals the trace's
    fp = forward(net, X[row:row + 1])
    bp = backward(net, fp, Y[row:row + 1], loss)
    batch_fp = forward(net, X)
    t = trace(net, X[row], Y[row], loss=loss, learning_rate=0.5)
    for k in range(1, len(net.layers)):
        # a batch of one is the very same computation as the trace ...
        assert np.array_equal(t.zs[k], fp.zs[k][0])
        assert np.array_equal(t.deltas[k], bp.deltas[k][0])
        # ... and a row of a larger batch differs only in the last bits (BLAS
        # may sum a matrix product in another order)
        assert np.allclose(t.zs[k], batch_fp.zs[k][row], rtol=1e-13, atol=1e-15)
        assert np.allclose(t.activations[k], batch_fp.activations[k][row], rtol=1e-13, atol=1e-15)
        assert np.array_equal(t.grad_b[k], bp.grad_b[k])
    for gw, tw in zip(bp.grad_W, t.grad_W):
        assert np.array_equal(gw, tw)
    # the update is w − η·∂L/∂w for every parameter
    for ref in net.parameters():
        assert t.after.get(ref) == net.get(ref) - 0.5 * t.gradient(ref)


def test_forward_only_trace_without_target():
    net = Network.dense([2, 3, 1], "tanh", rng=3)
    t = trace(net, [0.5, -1.0])
    assert not t.has_backward
    assert set(t.to_dict()) == {"forward"}
    assert t.to_dict()["forward"]["x2"] == {"a": -1.0}


def test_frozen_parameters_do_not_move():
    net = Network.dense([2, 2, 1], "sigmoid", init="constant", value=1.0)
    net.links[0].trainable = np.array([[False, True], [True, True]])
    net.layers[2].bias_trainable = np.array([False])
    d = trace(net, [-2, -1], [1], learning_rate=0.1).to_dict()
    assert d["update"]["w1"] == {"before": 1.0, "after": 1.0, "frozen": True}
    assert d["update"]["b3"]["frozen"] and d["update"]["b3"]["after"] == 0.0
    assert d["update"]["w2"]["after"] != 1.0
    assert d["gradients"]["w1"] != 0.0  # the gradient is still shown


def test_trace_keys_use_display_names():
    net = Network.dense([2, 2, 1], "sigmoid", rng=0)
    d = trace(net, [1, 2], [0]).to_dict()
    assert set(d) == {"forward", "loss", "backward", "gradients", "update", "learning_rate"}
    assert set(d["forward"]) == {"x1", "x2", "h1", "h2", "o1"}
    assert set(d["backward"]) == {"h1", "h2", "o1"}
    assert list(d["gradients"]) == ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"]
    assert d["loss"]["per_output"]["o1"] == pytest.approx(d["loss"]["total"])


def test_step_networks_compute_but_refuse_to_train():
    net = Network.dense([2, 1], "step", init="constant", value=1.0)
    assert trace(net, [1, -3]).to_dict()["forward"]["o1"]["a"] == 0.0
    with pytest.raises(NotTrainableError, match="step activation.*sigmoid"):
        trace(net, [1, -3], [1])
