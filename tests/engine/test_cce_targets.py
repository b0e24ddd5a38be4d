"""Categorical cross-entropy refuses target rows that are not one class each.

Softmax + cross-entropy back-propagates δ = ŷ − y, the gradient of
L = −Σ y·ln ŷ only when every target row sums to 1. Rows such as (0, 0) or
(1, 1) are refused with a sentence, wherever the data meets the loss.
"""

import numpy as np
import pytest

from nnapp.engine.losses import LOSSES, TargetError, get_loss
from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.trace import trace
from nnapp.engine.training import Trainer

X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
ONE_HOT = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])


def softmax_net(dtype=np.float64):
    return Network.dense([2, 3, 2], ["tanh", "softmax"], rng=0, dtype=dtype)


def cce(**kw):
    return TrainingSettings(loss="cce", learning_rate=0.1, epochs=2, batch_size=2, **kw)


@pytest.mark.parametrize("bad_row, words", [
    ([0.0, 0.0], "(0, 0) sums to 0"),
    ([1.0, 1.0], "(1, 1) sums to 2"),
    ([1.5, -0.5], "(1.5, -0.5) holds a number outside 0 to 1"),
])
def test_training_refuses_rows_that_are_not_one_class(bad_row, words):
    Y = ONE_HOT.copy()
    Y[2] = bad_row
    with pytest.raises(TargetError) as e:
        Trainer(softmax_net(), X, Y, cce())
    text = str(e.value)
    assert text.startswith("categorical cross-entropy needs one class per sample")
    assert "1 of 4 target rows do not" in text
    assert words in text
    assert "binary cross-entropy (bce) with sigmoid outputs" in text


def test_validation_rows_are_checked_too():
    with pytest.raises(TargetError, match="sums to 2"):
        Trainer(softmax_net(), X, ONE_HOT, cce(), X_val=X[:1], Y_val=[[1.0, 1.0]])


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_one_hot_and_soft_targets_are_accepted(dtype):
    soft = np.array([[0.3, 0.7], [0.5, 0.5], [0.9, 0.1], [0.25, 0.75]])
    for Y in (ONE_HOT, soft):
        net = softmax_net(np.float32 if dtype == "float32" else np.float64)
        last = list(Trainer(net, X, Y, cce(dtype=dtype)).run())[-1]
        assert last.stopped == "finished"


def test_a_traced_step_refuses_them():
    with pytest.raises(TargetError, match=r"the target row does not; \(1, 1\) sums to 2"):
        trace(softmax_net(), [1.0, 0.0], [1.0, 1.0], loss="cce")


def test_the_gradients_themselves_refuse_them():
    loss = get_loss("cce")
    a = np.array([[0.2, 0.8]])
    with pytest.raises(TargetError):
        loss.fused_delta(np.log(a), a, np.array([[0.0, 0.0]]))
    with pytest.raises(TargetError):
        loss.dL_da(a, np.array([[1.0, 1.0]]))


def test_other_losses_take_any_targets():
    Y = np.array([[1.0, 1.0], [0.0, 0.0]])
    for name in ("mse", "sse", "bce"):
        LOSSES[name].check_targets(Y)              # no error
    Trainer(Network.dense([2, 2], "sigmoid", rng=0), X[:2], Y, TrainingSettings(loss="bce", epochs=1))


def test_for_rows_summing_to_one_the_fused_delta_is_the_gradient():
    # central differences of L(z) = −(1/n) Σ y·log softmax(z) against (ŷ − y)/n, soft targets included
    loss = get_loss("cce")
    rng = np.random.default_rng(3)
    z = rng.normal(size=(3, 4))
    y = rng.random((3, 4))
    y /= y.sum(axis=1, keepdims=True)

    def softmax(v):
        e = np.exp(v - v.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    delta = loss.fused_delta(z, softmax(z), y)
    h = 1e-6
    numeric = np.zeros_like(z)
    for i in range(z.shape[0]):
        for j in range(z.shape[1]):
            up, down = z.copy(), z.copy()
            up[i, j] += h
            down[i, j] -= h
            numeric[i, j] = (loss.value(softmax(up), y, up) - loss.value(softmax(down), y, down)) / (2 * h)
    assert np.allclose(delta, numeric, rtol=1e-6, atol=1e-9)


def test_the_default_target_is_one_the_loss_can_use():
    assert get_loss("cce").default_target(3).tolist() == [1.0, 0.0, 0.0]
    get_loss("cce").check_targets(get_loss("cce").default_target(3)[None, :])
    assert get_loss("mse").default_target(2).tolist() == [0.0, 0.0]
