"""The matrix form of a layer shows the trace's own numbers with shapes that fit."""

from __future__ import annotations

import numpy as np

from nnapp.engine.examples import load_example
from nnapp.engine.matrix_view import layer_view, render_layer_view
from nnapp.engine.steps import fmt
from nnapp.engine.trace import trace


def alice_trace():
    net = load_example("gender").network
    for link in net.links:
        link.W[:] = 1.0
    for layer in net.layers[1:]:
        layer.bias[:] = 0.0
    return trace(net, np.array([-2.0, -1.0]), np.array([1.0]), loss="mse", learning_rate=0.1)


def test_hidden_layer_of_alice():
    t = alice_trace()
    lines = {m.label: m for m in layer_view(t, 1)}
    assert lines["W(0→1)"].shape == "(2×2)"
    assert lines["z(1)"].shape == "(1×2)·(2×2) + (1×2) → (1×2)"
    # z(1) = a(0)·W(0→1) + b(1) = [−2, −1]·[[1, 1], [1, 1]] + 0 = [−3, −3]
    assert lines["z(1)"].values == "[−3, −3]"
    assert lines["∂L/∂W(0→1)"].shape == "(2×1)·(1×2) → (2×2)"
    # ∂L/∂w1 = x1·δ_h1, the tutorial's 0.0215 at 4 decimals
    assert lines["∂L/∂W(0→1)"].values.startswith("[[" + fmt(float(t.grad_W[0][0, 0]), 4))
    assert fmt(float(t.grad_W[0][0, 0]), 4) == "0.0215"
    assert "δ(2)·W(1→2)ᵀ" in lines["δ(1)"].formula


def test_output_layer_and_every_value_from_the_trace():
    t = alice_trace()
    view = layer_view(t, 2, decimals=None)
    lines = {m.label: m for m in view}
    assert lines["a(2)"].values == "[" + fmt(float(t.activations[2][0]), None) + "]"
    assert lines["δ(2)"].formula == "δ(2) = ∂L/∂a(2) ⊙ sigmoid′(z(2))"
    assert "a(1)ᵀ · δ(2)" in render_layer_view(view)


def test_large_layers_are_shortened():
    from nnapp.engine.network import Network

    net = Network.dense([784, 128, 10], ["relu", "softmax"], rng=0)
    x = np.random.default_rng(0).uniform(0, 1, 784)
    t = trace(net, x, np.eye(10)[3], loss="cce", learning_rate=0.1)
    lines = {m.label: m for m in layer_view(t, 1)}
    assert lines["a(0)"].values.endswith("… (784 values)]")
    assert lines["W(0→1)"].shape == "(784×128)"
    assert "(784 rows)" in lines["∂L/∂W(0→1)"].values
