"""Activations are stable for huge |z|, and their derivatives are right."""

import warnings

import numpy as np
import pytest

from nnapp.engine.activations import ACTIVATIONS, get_activation, sigmoid, softmax

EXTREME = np.array([[-1e4, -700.0, -30.0, -1e-9, 0.0, 1e-9, 30.0, 700.0, 1e4]])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_finite_and_silent_for_huge_inputs(name, dtype):
    act = ACTIVATIONS[name]
    z = EXTREME.astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = act.f(z)
        assert a.dtype == dtype
        if act.backward is not None:
            d = act.backward(z, a, np.ones_like(z))
            assert np.all(np.isfinite(d))
    if name not in ("identity", "relu", "leaky_relu"):
        assert np.all(np.isfinite(a))


def test_sigmoid_limits():
    assert sigmoid(np.array(1e4)) == 1.0
    assert sigmoid(np.array(-1e4)) == pytest.approx(0.0, abs=1e-300)
    assert sigmoid(np.array(0.0)) == 0.5


def test_softmax_rows_sum_to_one_even_when_shifted():
    z = np.array([[1000.0, 1001.0, 1002.0], [-1e4, 0.0, 1e4]])
    p = softmax(z)
    assert np.allclose(p.sum(axis=1), 1.0)
    assert np.allclose(p[0], softmax(np.array([[0.0, 1.0, 2.0]]))[0])


@pytest.mark.parametrize("name", ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"])
def test_backward_matches_finite_differences(name):
    # δ = Jᵀ·g; compare with (f(z + h e_k) − f(z − h e_k)) / 2h · g
    rng = np.random.default_rng(1)
    z = rng.normal(size=(3, 4)) + 0.05  # keep away from the ReLU kink
    g = rng.normal(size=(3, 4))
    act = ACTIVATIONS[name]
    delta = act.backward(z, act.f(z), g)
    h = 1e-6
    numeric = np.zeros_like(z)
    for k in range(z.shape[1]):
        e = np.zeros_like(z)
        e[:, k] = h
        numeric[:, k] = np.sum((act.f(z + e) - act.f(z - e)) / (2 * h) * g, axis=1)
    assert np.allclose(delta, numeric, atol=1e-7)


def test_step_is_forward_only():
    step = get_activation("step")
    assert not step.trainable
    assert step.f(np.array([[-0.5, 0.0, 2.0]])).tolist() == [[0.0, 1.0, 1.0]]


def test_unknown_activation_names_the_known_ones():
    with pytest.raises(ValueError, match="unknown activation 'swish'.*sigmoid"):
        get_activation("swish")
