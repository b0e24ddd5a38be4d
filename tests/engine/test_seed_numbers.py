"""The numbers of the first tutorial, to the last digit.

Every test builds the network by hand so the arithmetic is visible.
"""

import numpy as np
import pytest

from nnapp.engine.losses import mse
from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.propagation import backward, forward
from nnapp.engine.trace import trace


def two_two_one(w, b):
    """The tutorial's 2-2-1 sigmoid network, weights given as w1..w6."""
    w1, w2, w3, w4, w5, w6 = w
    b1, b2, b3 = b
    return Network(
        [
            Layer("input", 2),
            Layer("hidden", 2, "sigmoid", np.array([b1, b2], float)),
            Layer("output", 1, "sigmoid", np.array([b3], float)),
        ],
        [
            # W[i, j]: source neuron i → destination neuron j
            Link("input", "hidden", np.array([[w1, w3], [w2, w4]], float)),
            Link("hidden", "output", np.array([[w5], [w6]], float)),
        ],
    )


def test_single_neuron():
    # z = 0·2 + 1·3 + 4 = 7; σ(7) = 1/(1 + e^−7)
    net = Network(
        [Layer("input", 2), Layer("output", 1, "sigmoid", np.array([4.0]))],
        [Link("input", "output", np.array([[0.0], [1.0]]))],
    )
    assert forward(net, [2, 3]).output[0, 0] == pytest.approx(0.9990889488055994, abs=1e-12)


def test_feedforward_network():
    # h1 = h2 = σ(0·2 + 1·3 + 0) = σ(3) = 0.9526; o1 = σ(0·h1 + 1·h2 + 0) = σ(0.9526)
    net = two_two_one([0, 1, 0, 1, 0, 1], [0, 0, 0])
    assert forward(net, [2, 3]).output[0, 0] == pytest.approx(0.7216325609518421, abs=1e-12)


def test_mse_of_the_tutorial():
    # ((1−0)² + 0 + 0 + (1−0)²) / 4 = 0.5
    assert mse([1, 0, 0, 1], [0, 0, 0, 0]) == 0.5


def test_display_names_follow_the_tutorial():
    net = two_two_one([1] * 6, [0] * 3)
    refs = {r.name: r for r in net.parameters()}
    names = net.all_neuron_names()
    assert names == [["x1", "x2"], ["h1", "h2"], ["o1"]]

    def arrow(ref):
        return f"{names[ref.src_layer][ref.i]}→{names[ref.layer][ref.j]}"

    assert [arrow(refs[f"w{k}"]) for k in range(1, 7)] == [
        "x1→h1", "x2→h1", "x1→h2", "x2→h2", "h1→o1", "h2→o1",
    ]
    assert [names[refs[b].layer][refs[b].j] for b in ("b1", "b2", "b3")] == ["h1", "h2", "o1"]


def test_alice_prediction_and_gradient():
    # Every weight 1, every bias 0, Alice = (−2, −1), y = 1.
    # h1 = h2 = σ(−2 − 1) = σ(−3) = 0.0474; o1 = σ(0.0474 + 0.0474) = 0.524
    # ∂L/∂w1 = ∂L/∂ŷ · ∂ŷ/∂h1 · ∂h1/∂w1 = −2(1 − ŷ) · w5·σ′(z_o1) · x1·σ′(z_h1)
    net = two_two_one([1] * 6, [0] * 3)
    fp = forward(net, [-2, -1])
    bp = backward(net, fp, [1], "mse")
    assert fp.output[0, 0] == pytest.approx(0.5236951740839997, abs=1e-12)
    assert bp.grad_W[0][0, 0] == pytest.approx(0.02146953526581111, abs=1e-12)


def test_alice_update_step():
    # w1 ← w1 − η·∂L/∂w1 = 1 − 0.1 · 0.02147
    t = trace(two_two_one([1] * 6, [0] * 3), [-2, -1], [1], loss="mse", learning_rate=0.1)
    d = t.to_dict()
    assert d["update"]["w1"]["after"] == pytest.approx(1 - 0.1 * 0.02146953526581111, abs=1e-15)
    assert d["gradients"]["w1"] == pytest.approx(0.02146953526581111, abs=1e-12)
    assert d["forward"]["o1"]["a"] == pytest.approx(0.5236951740839997, abs=1e-12)
