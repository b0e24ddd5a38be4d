"""The steps of a mini-batch: each sample in turn, then the batch's averaged gradient and update.

On the gender table with every weight 1 and every bias 0 (MSE, η = 0.1),
the batch of the four rows: Alice's steps are her one-sample steps (ŷ =
0.5237, δ_h1 = −0.0107), and the batch's

    ∂L/∂w1 = (1/4)·(x1⁽¹⁾·δ_h1⁽¹⁾ + x1⁽²⁾·δ_h1⁽²⁾ + x1⁽³⁾·δ_h1⁽³⁾ + x1⁽⁴⁾·δ_h1⁽⁴⁾)
           = (1/4)·((−2)·(−0.0107) + 25·… + 17·… + (−15)·…)
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnapp.engine.batch_trace import batch_trace
from nnapp.engine.steps import (
    PHASES,
    BatchStepSequence,
    Num,
    StepSequence,
    batch_label,
    build_steps,
    fmt,
    render_latex,
    render_markdown,
    render_text,
    sample_mark,
    step_sequence,
)
from nnapp.engine.trace import trace

from .random_networks import random_network, random_targets
from .test_batch_trace import GENDER_X, GENDER_Y, all_ones
from .trace_values import trace_value

CASES = [("cce", "tanh", "softmax"), ("bce", "relu", "sigmoid"), ("mse", "sigmoid", "identity"),
         ("sse", "leaky_relu", "sigmoid")]


def gender_batch():
    return batch_trace(all_ones(), GENDER_X, GENDER_Y, loss="mse", learning_rate=0.1,
                       labels=["Alice", "Bob", "Charlie", "Diana"])


def random_batch(case, seed, n=3, sizes=(3, 4, 3)):
    loss, hidden, out = case
    net = random_network(seed, list(sizes), [hidden], out)
    rng = np.random.default_rng(seed)
    if seed % 2:
        net.links[0].trainable = rng.random(net.links[0].W.shape) < 0.6
    X = rng.normal(size=(n, sizes[0]))
    Y = random_targets(seed, loss, n, sizes[-1])
    return batch_trace(net, X, Y, loss=loss, learning_rate=0.3, l2=0.01 * (seed % 2))


def batch_value(bt, step):
    """The batch trace's own number for a step: its sample's trace's, or the batch's."""
    if step.sample is not None:
        return trace_value(bt.samples[step.sample], step)
    return trace_value(bt, step)


def test_the_gender_batch():
    bt = gender_batch()
    steps = build_steps(bt)
    seq = BatchStepSequence(bt)
    assert len(seq) == len(steps)
    # each sample's forward pass in turn: Alice's is hers alone
    alice = [s for s in steps if s.sample == 0 and s.phase == "forward"]
    assert [s.label for s in alice] == ["x1", "x2", "z_h1", "z_h2", "h1", "h2", "z_o1", "o1"]
    assert alice[-1].result_at(4) == "0.5237"
    assert steps[len(alice)].sample == 1 and steps[len(alice)].label == "x1" and steps[len(alice)].value == 25
    # the losses: each sample's, then the batch's mean
    loss = [s for s in steps if s.phase == "loss"]
    assert [s.label for s in loss if s.kind == "loss_total"] == ["L⁽¹⁾", "L⁽²⁾", "L⁽³⁾", "L⁽⁴⁾", "L"]
    assert loss[-1].formula == "L = (1/4)·(L⁽¹⁾ + L⁽²⁾ + L⁽³⁾ + L⁽⁴⁾)" and loss[-1].sample is None
    assert loss[-1].value == bt.loss_total
    # backprop: each sample's δ (of its own loss), then the batch's gradients
    delta = steps[seq.index_of("delta", ("neuron", 1, 0), sample=0)]
    assert delta.label == "δ_h1" and delta.result_at(4) == "−0.0107" and delta.formula.startswith("δ_h1 = ∂L⁽¹⁾/∂h1")
    w1 = steps[seq.index_of("grad_w", ("weight", 0, 0, 0))]
    assert w1.formula == "∂L/∂w1 = (1/4)·(x1⁽¹⁾·δ_h1⁽¹⁾ + x1⁽²⁾·δ_h1⁽²⁾ + x1⁽³⁾·δ_h1⁽³⁾ + x1⁽⁴⁾·δ_h1⁽⁴⁾)"
    assert w1.numbers_at(4).startswith("= (1/4)·((−2)·(−0.0107) + 25·")
    assert w1.value == bt.grad_W[0][0, 0] and w1.sample is None and w1.phase == "backward"
    b1 = steps[seq.index_of("grad_b", ("bias", 1, 0))]
    assert b1.formula == "∂L/∂b1 = (1/4)·(δ_h1⁽¹⁾ + δ_h1⁽²⁾ + δ_h1⁽³⁾ + δ_h1⁽⁴⁾)"
    # the update with the batch's gradient
    up = steps[seq.index_of("update_w", ("weight", 0, 0, 0))]
    assert up.formula == "w1 ← w1 − η·∂L/∂w1" and up.value == bt.after.links[0].W[0, 0]
    assert steps[-1].label == "b3" and seq.phases == list(PHASES)


@settings(max_examples=20, deadline=None)
@given(case=st.sampled_from(CASES), seed=st.integers(0, 10**6), n=st.integers(1, 4))
def test_every_step_is_the_trace_number_and_is_where_it_says(case, seed, n):
    bt = random_batch(case, seed, n=n)
    seq = BatchStepSequence(bt, max_terms=3)
    steps = build_steps(bt, max_terms=3)
    known = set()
    for t in bt.samples:
        known |= {float(v) for a in t.activations + t.deltas[1:] + t.dL_da[1:] + [t.loss_terms, [t.loss_total]]
                  for v in np.ravel(a)}
        known |= {float(v) for a in t.zs[1:] for v in np.ravel(a)}
    for net in (bt.network, bt.after):
        known |= {float(v) for a in net.arrays() for v in np.ravel(a)}
    known |= {float(v) for a in bt.grad_W + bt.grad_b[1:] for v in np.ravel(a)}
    known |= {float(v) for v in np.ravel(bt.Y)} | {bt.learning_rate, bt.l2}
    for i, s in enumerate(steps):
        assert s.index == i and seq[i] == s
        assert s.value == float(batch_value(bt, s))
        assert seq.locate(i) == (s.kind, s.target)
        assert seq.sample_of(i) == s.sample and seq.phase_of(i) == s.phase
        assert seq.index_of(s.kind, s.target, sample=s.sample) == i
        rest = False
        for token in s._tokens:
            if isinstance(token, Num):
                assert rest or token.value in known, (s, token)
                rest = False
            else:
                rest = token.endswith("(sum ")
    for phase in PHASES:
        assert list(seq.phase_range(phase)) == [s.index for s in steps if s.phase == phase]


def test_where_the_canvas_values_are():
    bt = random_batch(CASES[0], 5, n=3)
    seq = BatchStepSequence(bt)
    for li in range(len(bt.network.links)):
        for kind in ("grad_w", "update_w"):
            found = seq.weight_steps(kind, li)
            for (i, j), index in np.ndenumerate(found):
                assert index == (seq.index_of(kind, ("weight", li, i, j)) or -1)
    for k in range(1, len(bt.network.layers)):
        for s in range(3):
            assert seq.neuron_steps("delta", k, s).tolist() == [
                seq.index_of("delta", ("neuron", k, j), s) for j in range(bt.network.sizes[k])]
        assert seq.neuron_steps("grad_b", k).tolist() == [
            seq.index_of("grad_b", ("bias", k, j)) for j in range(bt.network.sizes[k])]
    # the activations known: the step's own sample's; none for the batch's own steps
    first = seq.phase_range("forward")[0]
    assert seq.known_counts(first) == [1, 0, 0]
    assert seq.known_counts(seq.index_of("sum", ("neuron", 1, 0), sample=2))[0] == 3
    assert seq.known_counts(seq.phase_range("update")[0]) == [0, 0, 0]
    assert seq.first_about(("neuron", 1, 2), sample=1) == seq.index_of("sum", ("neuron", 1, 2), 1)
    assert seq.first_about(("weight", 0, 0, 0)) == seq.index_of("grad_w", ("weight", 0, 0, 0))
    assert seq.first_about(("loss",)) == seq.phase_range("loss")[-1]


def test_a_one_sample_sequence_places_its_weights_and_deltas():
    bt = random_batch(CASES[1], 3, n=1)
    t = trace(bt.network, bt.X[0], bt.Y[0], loss=bt.loss, learning_rate=0.3)
    seq = StepSequence(t)
    for li in range(len(t.network.links)):
        for kind in ("grad_w", "update_w"):
            for (i, j), index in np.ndenumerate(seq.weight_steps(kind, li)):
                assert index == (seq.index_of(kind, ("weight", li, i, j)) or -1)
    assert seq.neuron_steps("delta", 2).tolist() == [seq.index_of("delta", ("neuron", 2, j)) for j in range(3)]
    assert step_sequence(t).__class__ is StepSequence and step_sequence(bt).__class__ is BatchStepSequence


def test_a_large_batch_writes_out_its_largest_terms():
    net = random_network(2, [3, 4, 2], ["tanh"], "sigmoid", skip=False, mask_density=1.0)
    rng = np.random.default_rng(2)
    X = rng.normal(size=(20, 3))
    Y = random_targets(2, "bce", 20, 2)
    bt = batch_trace(net, X, Y, loss="bce", learning_rate=0.1)
    seq = BatchStepSequence(bt, max_terms=8)
    step = seq[seq.index_of("grad_w", ("weight", 0, 0, 0))]
    assert "… (12 more terms)" in step.formula and step.formula.startswith("∂L/∂w1 = (1/20)·(")
    assert "+ 12 more terms (sum " in step.numbers_at(4)
    assert step.value == bt.grad_W[0][0, 0]
    assert seq[seq.phase_range("loss")[-1]].formula.startswith("L = (1/20)·(")


def test_sse_sums_without_averaging():
    bt = batch_trace(all_ones(), GENDER_X, GENDER_Y, loss="sse", learning_rate=0.5)
    seq = BatchStepSequence(bt)
    w1 = seq[seq.index_of("grad_w", ("weight", 0, 0, 0))]
    assert w1.formula == "∂L/∂w1 = x1⁽¹⁾·δ_h1⁽¹⁾ + x1⁽²⁾·δ_h1⁽²⁾ + x1⁽³⁾·δ_h1⁽³⁾ + x1⁽⁴⁾·δ_h1⁽⁴⁾"
    assert "sum over the samples" in w1.note
    assert seq[seq.phase_range("loss")[-1]].formula == "L = L⁽¹⁾ + L⁽²⁾ + L⁽³⁾ + L⁽⁴⁾"


def test_the_worksheets_have_a_heading_per_sample():
    bt = gender_batch()
    steps = build_steps(bt)
    text = render_text(steps, 4, trace=bt)
    assert "Sample 1 of 4: Alice:" in text and "Sample 4 of 4: Diana:" in text
    assert "The batch: each gradient is the mean of the samples' gradients:" in text
    md = render_markdown(bt, steps, 4, title="A batch")
    assert "- **Mini-batch:** 4 samples; the batch's loss and gradients are the mean of the samples' own" in md
    assert "- **Sample 2 (Bob):** x1 = 25, x2 = 6; y = 0" in md
    assert md.count("### Sample 3 of 4: Charlie") == 3            # forward, loss, backward
    assert "### The batch: the mean of the samples' losses" in md
    tex = render_latex(bt, steps, 4, title="A batch")
    assert "\\subsubsection*{Sample 1 of 4: Alice}" in tex
    assert "x1^{(1)}\\cdot \\delta_{h1}^{(1)}" in tex
    assert "\\partial L^{(1)}/\\partial o1" in tex
    assert "⁽" not in tex and "∂" not in tex
    assert tex.count("\\begin{tabular}") == tex.count("\\end{tabular}")


def test_names_of_samples():
    assert sample_mark(0) == "⁽¹⁾" and sample_mark(11) == "⁽¹²⁾"
    assert batch_label(["Alice", "Bob"]) == "2 samples: Alice, Bob"
    assert batch_label([f"row {i}" for i in range(1, 33)]) == "32 samples: row 1, row 2, row 3, … row 32"
    assert batch_label(["Alice"]) == "1 sample: Alice"


def test_the_batch_layer_as_matrices():
    from nnapp.engine.matrix_view import batch_layer_view

    bt = gender_batch()
    lines = {m.label: m for m in batch_layer_view(bt, 1, 4)}
    assert lines["A(0)"].shape == "(4×2)" and lines["A(0)"].values == "[[−2, −1]; [25, 6]; [17, 4]; [−15, −6]]"
    assert lines["Z(1)"].formula == "Z(1) = A(0)·W(0→1) + 1·b(1)"
    assert lines["Z(1)"].shape == "(4×2)·(2×2) + (4×1)·(1×2) → (4×2)"
    assert lines["Δ(1)"].values.startswith("[[−0.0107, −0.0107]; ")           # Alice's δ first
    assert lines["∂L/∂W(0→1)"].formula == "∂L/∂W(0→1) = (1/4)·A(0)ᵀ · Δ(1)"
    assert lines["∂L/∂W(0→1)"].values.startswith(f"[[{fmt(bt.grad_W[0][0, 0], 4)}, ")
    assert lines["∂L/∂b(1)"].shape == "(1×4)·(4×2) → (1×2)"
    sse = batch_trace(all_ones(), GENDER_X, GENDER_Y, loss="sse", learning_rate=0.1)
    assert {m.label: m for m in batch_layer_view(sse, 2)}["∂L/∂b(2)"].formula == "∂L/∂b(2) = 1ᵀ · Δ(2)"


def test_a_batch_sequence_is_a_sequence():
    import pytest

    seq = BatchStepSequence(gender_batch())
    assert seq[-1] is seq[len(seq) - 1] and [s.index for s in seq[:3]] == [0, 1, 2]
    with pytest.raises(IndexError):
        seq[len(seq)]
    assert sum(1 for _ in seq) == len(seq)
