"""The computation steps of a trace: the trace's own numbers, in the order of the maths."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.steps import (
    PHASES,
    build_steps,
    describe_trace,
    fmt,
    render_latex,
    render_markdown,
    render_text,
)
from nnapp.engine.trace import trace

from .random_networks import random_network, random_targets
from .trace_values import trace_value


def all_ones():
    """The gender network of the tutorial with every weight 1 and every bias 0."""
    return Network(
        [Layer("input", 2), Layer("hidden", 2, "sigmoid", np.zeros(2)), Layer("output", 1, "sigmoid", np.zeros(1))],
        [Link("input", "hidden", np.ones((2, 2))), Link("hidden", "output", np.ones((2, 1)))],
    )


@pytest.fixture
def alice_steps():
    t = trace(all_ones(), [-2, -1], [1], loss="mse", learning_rate=0.1)
    return t, build_steps(t)


def by_label(steps, label, kind=None):
    found = [s for s in steps if s.label == label and (kind is None or s.kind == kind)]
    assert len(found) == 1, (label, kind, found)
    return found[0]


# --- fmt ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "x, decimals, paren, text",
    [
        (-2.0, 4, True, "(−2)"),
        (-2.0, 4, False, "−2"),
        (1.0, 4, True, "1"),
        (0.0, 4, True, "0"),
        (-0.0, 4, True, "0"),
        (0.047425873177566774, 4, False, "0.0474"),
        (0.02146953526581111, 4, False, "0.0215"),
        (-0.9526, 2, True, "(−0.95)"),
        (1.5, 4, False, "1.5"),
        (3.2e-7, 4, False, "3.2×10⁻⁷"),
        (-3.2e-7, 4, True, "(−3.2×10⁻⁷)"),
        (2.0, None, False, "2"),
        (0.1, None, False, "0.1"),
        (0.5236951740839997, None, False, "0.5236951740839997"),
        (123.456, 0, False, "123"),
        (float("inf"), 4, False, "∞"),
        (float("-inf"), 4, True, "(−∞)"),
        (float("nan"), 4, False, "nan"),
    ],
)
def test_fmt(x, decimals, paren, text):
    assert fmt(x, decimals, paren=paren) == text


# --- the tutorial's step -------------------------------------------------------


def test_forward_steps_of_alice(alice_steps):
    t, steps = alice_steps
    z = by_label(steps, "z_h1")
    assert (z.phase, z.kind, z.target) == ("forward", "sum", ("neuron", 1, 0))
    assert z.formula == "z_h1 = w1·x1 + w2·x2 + b1"
    assert z.numbers == "= 1·(−2) + 1·(−1) + 0"
    assert z.value == -3.0
    h = by_label(steps, "h1")
    assert h.kind == "activation"
    assert h.formula == "h1 = σ(z_h1)"
    assert h.numbers == "= σ(−3)"
    assert h.value == pytest.approx(0.04742587317756678, abs=1e-15)
    o = by_label(steps, "o1")
    assert o.formula == "o1 = σ(z_o1)"
    assert o.value == 0.5236951740839997
    assert [s.label for s in steps if s.kind == "input"] == ["x1", "x2"]


def test_loss_steps_of_alice(alice_steps):
    t, steps = alice_steps
    term = by_label(steps, "ℓ_o1")
    assert (term.phase, term.kind, term.target) == ("loss", "loss_term", ("neuron", 2, 0))
    assert term.formula == "ℓ_o1 = (o1 − y)²"
    assert term.numbers == "= (0.5237 − 1)²"
    assert term.value == t.loss_terms[0]
    total = by_label(steps, "L")
    assert total.target == ("loss",)
    assert total.value == t.loss_total


def test_backward_steps_of_alice(alice_steps):
    t, steps = alice_steps
    g = by_label(steps, "∂L/∂o1")
    assert g.formula == "∂L/∂o1 = 2·(o1 − y)"
    assert g.numbers == "= 2·(0.5237 − 1)"
    d = by_label(steps, "δ_o1")
    assert d.formula.startswith("δ_o1 = ∂L/∂o1 · σ′(z_o1)")
    assert d.numbers == "= (−0.9526) · 0.5237·(1 − 0.5237)"
    assert "σ′(z) = σ(z)·(1 − σ(z))" in d.note
    hidden = by_label(steps, "∂L/∂h1")
    assert hidden.formula == "∂L/∂h1 = w5·δ_o1"
    assert hidden.numbers == "= 1·(−0.2376)"
    w1 = by_label(steps, "∂L/∂w1")
    assert (w1.kind, w1.target) == ("grad_w", ("weight", 0, 0, 0))
    assert w1.formula == "∂L/∂w1 = x1 · δ_h1"
    assert w1.numbers == "= (−2) · (−0.0107)"
    assert w1.value == pytest.approx(0.02146953526581111, abs=1e-12)
    assert w1.value == t.grad_W[0][0, 0]
    b1 = by_label(steps, "∂L/∂b1")
    assert (b1.kind, b1.target, b1.formula) == ("grad_b", ("bias", 1, 0), "∂L/∂b1 = δ_h1")


def test_update_steps_of_alice(alice_steps):
    t, steps = alice_steps
    w1 = by_label(steps, "w1", "update_w")
    assert w1.phase == "update"
    assert w1.formula == "w1 ← w1 − η·∂L/∂w1"
    assert w1.numbers == "= 1 − 0.1·0.0215"
    assert w1.value == 1 - 0.1 * 0.02146953526581111
    b3 = by_label(steps, "b3", "update_b")
    assert b3.numbers == "= 0 − 0.1·(−0.2376)"
    assert b3.target == ("bias", 2, 0)


def test_order_of_the_steps(alice_steps):
    _, steps = alice_steps
    assert [s.index for s in steps] == list(range(len(steps)))
    phases = [s.phase for s in steps]
    assert phases == sorted(phases, key=PHASES.index)
    labels = [s.label for s in steps]
    # weighted sum before activation, output layer before hidden in the backward pass
    assert labels.index("z_h1") < labels.index("h1") < labels.index("z_o1") < labels.index("o1")
    assert labels.index("δ_o1") < labels.index("∂L/∂w5") < labels.index("δ_h1") < labels.index("∂L/∂w1")
    updates = [s.label for s in steps if s.phase == "update"]
    assert updates == ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"]


def test_numbers_can_be_rendered_with_other_decimals(alice_steps):
    _, steps = alice_steps
    w1 = by_label(steps, "w1", "update_w")
    assert w1.numbers_at(2) == "= 1 − 0.1·0.02"
    assert w1.numbers_at(6) == "= 1 − 0.1·0.02147"
    assert w1.numbers_at(None) == "= 1 − 0.1·0.02146953526581111"
    six = build_steps(alice_steps[0], decimals=6)
    assert by_label(six, "δ_o1").numbers == "= (−0.95261) · 0.523695·(1 − 0.523695)"


def test_forward_only_trace_has_forward_steps_only():
    t = trace(all_ones(), [2, 3])
    steps = build_steps(t)
    assert {s.phase for s in steps} == {"forward"}
    assert len(steps) == 2 + 2 * 3


def test_no_update_without_learning_rate():
    t = trace(all_ones(), [2, 3], [1], learning_rate=None)
    assert {s.phase for s in build_steps(t)} == {"forward", "loss", "backward"}


# --- every value is the trace's own number ---------------------------------------

CASES = [("mse", "tanh", "sigmoid"), ("bce", "relu", "sigmoid"), ("cce", "sigmoid", "softmax"),
         ("sse", "leaky_relu", "identity"), ("mse", "softmax", "tanh"), ("mse", "sigmoid", "softmax"),
         ("bce", "tanh", "identity")]


@settings(max_examples=30, deadline=None)
@given(case=st.sampled_from(CASES), seed=st.integers(0, 10**6))
def test_every_value_is_the_trace_number(case, seed):
    loss, hidden, out = case
    net = random_network(seed, [3, 4, 2, 3], [hidden], out)
    x = np.random.default_rng(seed).normal(size=3)
    y = random_targets(seed, loss, 1, 3)[0]
    t = trace(net, x, y, loss=loss, learning_rate=0.3, l2=0.01 if seed % 2 else 0.0)
    steps = build_steps(t)
    for s in steps:
        assert s.value == float(trace_value(t, s)), s
        assert s.formula and s.label
        assert "nan" not in s.numbers
    # one gradient and one update per parameter, named like the network's parameters
    names = [r.name for r in net.parameters()]
    assert [s.label for s in steps if s.phase == "update"] == names
    grads = sorted(s.label for s in steps if s.kind in ("grad_w", "grad_b"))
    assert grads == sorted(f"∂L/∂{n}" for n in names)
    # each neuron after the input has one sum, one activation and one δ
    for k in range(1, len(net.layers)):
        for j in range(net.layers[k].size):
            for kind in ("sum", "activation", "delta"):
                assert sum(1 for s in steps if s.kind == kind and s.target == ("neuron", k, j)) == 1


def test_fused_losses_say_why_delta_is_prediction_minus_target():
    net = random_network(1, [2, 3, 3], ["tanh"], "softmax", skip=False)
    t = trace(net, [0.5, -1], [0, 1, 0], loss="cce")
    steps = build_steps(t)
    deltas = [s for s in steps if s.kind == "delta" and s.target[1] == 2]
    assert all("softmax + cross-entropy" in s.note for s in deltas)
    assert deltas[1].formula == "δ_o2 = o2 − y_o2"
    # no ∂L/∂o step for a fused output
    assert not [s for s in steps if s.kind == "dL_da" and s.target[1] == 2]

    net = random_network(2, [2, 2, 1], ["relu"], "sigmoid", skip=False)
    t = trace(net, [1, 2], [1], loss="bce")
    d = by_label(build_steps(t), "δ_o1")
    assert d.formula == "δ_o1 = o1 − y"
    assert "sigmoid + binary cross-entropy" in d.note
    assert d.value == t.deltas[2][0]


def test_frozen_parameters_stay_and_say_so():
    W = np.array([[-0.16595599], [0.44064899], [-0.99977125]])
    net = Network(
        [Layer("input", 3), Layer("output", 1, "sigmoid", np.zeros(1), bias_trainable=np.array([False]))],
        [Link("input", "output", W, trainable=np.array([[True], [False], [True]]))],
    )
    t = trace(net, [1, 0, 1], [1], loss="sse", learning_rate=1.0)
    steps = build_steps(t)
    b1 = by_label(steps, "b1", "update_b")
    assert b1.note == "frozen"
    assert b1.formula == "b1 ← b1"
    assert b1.value == 0.0
    w2 = by_label(steps, "w2", "update_w")
    assert w2.note == "frozen" and w2.value == W[1, 0]
    assert by_label(steps, "w1", "update_w").note == ""
    assert by_label(steps, "∂L/∂b1").note.startswith("frozen")
    text = render_text(steps)
    assert text.count("(frozen)") == 2


def test_l2_decay_is_written_in_the_update():
    t = trace(all_ones(), [-2, -1], [1], learning_rate=0.1, l2=0.01)
    w1 = by_label(build_steps(t), "w1", "update_w")
    assert w1.formula == "w1 ← w1 − η·(∂L/∂w1 + λ·w1)"
    assert w1.numbers == "= 1 − 0.1·(0.0215 + 0.01·1)"
    assert w1.value == t.after.get(t.network.parameter("w1"))


def test_long_sums_show_the_largest_terms():
    n = 20
    W = np.zeros((n, 1))
    W[:, 0] = np.linspace(0.01, 0.2, n)
    W[7, 0] = -5.0
    net = Network([Layer("input", n), Layer("output", 1, "sigmoid", np.array([0.5]))], [Link("input", "output", W)])
    x = np.ones(n)
    t = trace(net, x, [1], loss="mse")
    steps = build_steps(t, max_terms=3)
    z = by_label(steps, "z_o1")
    # the three largest |w·x|: w8 (−5), w19 and w20, in their order
    assert z.formula == "z_o1 = w8·x8 + w19·x19 + w20·x20 + … (17 more terms) + b1"
    assert z.numbers.startswith("= (−5)·1 + 0.19·1 + 0.2·1 + 17 more terms (sum ")
    assert z.numbers.endswith(") + 0.5")
    rest = sum(W[i, 0] for i in range(n) if i not in (7, 18, 19))
    assert f"(sum {fmt(rest)})" in z.numbers
    assert z.value == t.zs[1][0]
    # short sums are written in full
    full = by_label(build_steps(t, max_terms=20), "z_o1")
    assert "more terms" not in full.numbers
    with pytest.raises(ValueError):
        build_steps(t, max_terms=0)


def test_display_names_come_from_the_network():
    net = all_ones()
    net.layers[1].neuron_names = ["tall", "heavy"]
    t = trace(net, [-2, -1], [1])
    labels = [s.label for s in build_steps(t)]
    assert "z_tall" in labels and "heavy" in labels and "δ_tall" in labels


# --- rendering -------------------------------------------------------------------


def test_render_text(alice_steps):
    _, steps = alice_steps
    text = render_text(steps)
    assert "Forward pass" in text and "Backward pass" in text and "Update" in text
    assert "z_h1 = w1·x1 + w2·x2 + b1" in text
    assert "= 1·(−2) + 1·(−1) + 0 = −3" in text
    assert "= σ(−3) = 0.0474" in text
    assert "= 1 − 0.1·0.0215 = 0.9979" in text
    # an explanation is printed once, not under every neuron
    assert text.count("σ(z) = 1 / (1 + e^(−z))") == 1
    assert "= 1 − 0.1·0.021 = 0.998" in render_text(steps, decimals=3)


def test_render_markdown(alice_steps):
    t, steps = alice_steps
    md = render_markdown(t, steps, title="Alice")
    assert md.startswith("# Alice\n")
    assert "- **Inputs:** x1 = −2, x2 = −1" in md
    assert "- **Target:** y = 1" in md
    for heading in ("## 1. Forward pass", "## 2. Loss", "## 3. Backward pass", "## 4. Update"):
        assert heading in md
    assert "| # | step | formula | numbers | result | your answer |" in md
    assert "| 3 | z_h1 | `z_h1 = w1·x1 + w2·x2 + b1` | `= 1·(−2) + 1·(−1) + 0` | −3 |  |" in md
    assert "| w1 | x1 → h1 | 1 |  |" in md
    blank = render_markdown(t, steps, hide_results=True, answer_column=False)
    assert "| 3 | z_h1 | `z_h1 = w1·x1 + w2·x2 + b1` |  |  |" in blank
    assert "your answer" not in blank
    # every table row has the same number of cells as its header
    for line in md.splitlines():
        if line.startswith("| ") and "`" in line:
            assert line.replace("\\|", "").count("|") == 7


def test_render_latex(alice_steps):
    t, steps = alice_steps
    tex = render_latex(t, steps)
    assert "\\begin{tabular}" in tex and tex.count("\\begin{tabular}") == tex.count("\\end{tabular}") == 4
    assert "$z_{h1} = w1\\cdot x1 + w2\\cdot x2 + b1$" in tex
    assert "\\sigma" in tex and "σ" not in tex and "−" not in tex


def test_describe_trace(alice_steps):
    t, _ = alice_steps
    rows = dict(describe_trace(t))
    assert rows["Network"] == "2-2-1 (sigmoid, sigmoid), 9 parameters"
    assert rows["Learning rate"] == "η = 0.1"
    assert "mean squared error" in rows["Loss"]
