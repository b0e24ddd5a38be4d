"""The compiled training plan trains exactly like the general loop.

The general loop (``Trainer.compiled = False``) runs ``propagation.forward``,
``loss_value``, ``backward`` and ``Optimizer.step`` batch by batch; the
compiled plan must reach the same weights, losses and accuracies up to float
rounding, for every activation × loss pair that can be trained, every
optimizer, with and without L2, for batches of 1, 3 and all rows, on networks
with skip links, masks and frozen parameters.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnapp.engine import compiled as compiled_module
from nnapp.engine.activations import ACTIVATIONS, Activation
from nnapp.engine.compiled import CompiledPlan
from nnapp.engine.losses import get_loss
from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.optimizers import SGD
from nnapp.engine.propagation import backward, forward, loss_value
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Trainer

from .random_networks import random_network, random_targets

TRAINABLE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
# outputs each loss can be used with: cross-entropies need outputs in (0, 1)
OUTPUTS = {
    "mse": TRAINABLE,
    "sse": TRAINABLE,
    "bce": ["sigmoid", "softmax"],
    "cce": ["softmax", "sigmoid"],
}
PAIRS = [(loss, out) for loss, outs in OUTPUTS.items() for out in outs]
OPTIMIZERS = {"sgd": 0.05, "momentum": 0.02, "adam": 0.01}


def frozen_network(seed, out, hidden=("tanh", "relu"), sizes=(4, 5, 3, 3)):
    """A random DAG (masks, a skip link input → output) with some weights
    and biases frozen."""
    net = random_network(seed, list(sizes), list(hidden), out)
    rng = np.random.default_rng(seed + 7)
    net.links[0].trainable = rng.random(net.links[0].W.shape) < 0.7
    net.layers[1].bias_trainable = rng.random(net.layers[1].size) < 0.6
    return net


def run(net, X, Y, settings, compiled, report="epoch"):
    """Train a copy of ``net``; return it, the reports and the Trainer."""
    net = net.copy()
    trainer = Trainer(net, X, Y, settings)
    trainer.compiled = compiled
    trainer._scalar = None  # the one-sample scalar path is compared elsewhere
    reports = list(trainer.run(report=report))
    return net, reports, trainer


def assert_same_training(net, X, Y, settings, rtol=1e-12, report="epoch"):
    a, ra, ta = run(net, X, Y, settings, True, report)
    b, rb, tb = run(net, X, Y, settings, False, report)
    assert len(ra) == len(rb)
    for p, q in zip(ra, rb):
        assert (p.epoch, p.batch, p.step, p.epoch_finished, p.stopped) == (q.epoch, q.batch, q.step,
                                                                             q.epoch_finished, q.stopped)
        assert p.loss == pytest.approx(q.loss, rel=rtol, abs=rtol, nan_ok=True)
        assert (p.accuracy is None) == (q.accuracy is None)
        if p.accuracy is not None:
            assert p.accuracy == pytest.approx(q.accuracy, abs=1e-12)
    for x, y in zip(a.arrays(), b.arrays()):
        scale = 1.0 + np.max(np.abs(y))
        assert np.max(np.abs(x - y)) <= rtol * scale, np.max(np.abs(x - y))
    assert ta.step_count == tb.step_count
    return a, ra


@pytest.mark.parametrize("loss,out", PAIRS)
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_every_pair_and_optimizer_matches_the_general_loop(loss, out, optimizer):
    for l2 in (0.0, 0.01):
        for batch_size in (1, 3, 0):
            seed = 17 * PAIRS.index((loss, out)) + 3 * batch_size + int(l2 * 100)
            net = frozen_network(seed, out)
            n = 10
            X = np.random.default_rng(seed + 1).normal(size=(n, 4))
            Y = random_targets(seed, loss, n, 3)
            s = TrainingSettings(loss=loss, optimizer=optimizer, learning_rate=OPTIMIZERS[optimizer],
                                 epochs=4, batch_size=batch_size, l2=l2, seed=seed, shuffle=True)
            assert_same_training(net, X, Y, s)


@pytest.mark.parametrize("hidden", TRAINABLE)
def test_every_hidden_activation_matches(hidden):
    net = frozen_network(5, "softmax", hidden=(hidden, "sigmoid"))
    X = np.random.default_rng(1).normal(size=(12, 4))
    Y = random_targets(2, "cce", 12, 3)
    for optimizer in OPTIMIZERS:
        s = TrainingSettings(loss="cce", optimizer=optimizer, learning_rate=OPTIMIZERS[optimizer],
                             epochs=3, batch_size=5, seed=4)
        assert_same_training(net, X, Y, s)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
    hidden=st.lists(st.sampled_from(TRAINABLE), min_size=1, max_size=3),
    pair=st.sampled_from(PAIRS),
    optimizer=st.sampled_from(list(OPTIMIZERS)),
    l2=st.sampled_from([0.0, 0.05]),
    n=st.integers(1, 9),
    batch_size=st.integers(0, 4),
    shuffle=st.booleans(),
)
def test_random_networks_match(seed, sizes, hidden, pair, optimizer, l2, n, batch_size, shuffle):
    loss, out = pair
    sizes = [sizes[0]] + sizes[1:]
    if out == "softmax" or loss == "cce":
        sizes[-1] = max(sizes[-1], 2)
    net = random_network(seed, sizes, hidden, out)
    rng = np.random.default_rng(seed)
    for link in net.links:
        if rng.random() < 0.3:
            link.trainable = rng.random(link.W.shape) < 0.5
    for layer in net.layers[1:]:
        if rng.random() < 0.3:
            layer.bias_trainable = rng.random(layer.size) < 0.5
    X = rng.normal(size=(n, sizes[0]))
    Y = random_targets(seed, loss, n, sizes[-1])
    s = TrainingSettings(loss=loss, optimizer=optimizer, learning_rate=OPTIMIZERS[optimizer], epochs=3,
                         batch_size=batch_size, l2=l2, seed=seed % 1000, shuffle=shuffle)
    assert_same_training(net, X, Y, s, rtol=1e-11)


def odd_dag():
    """Input → h1 → out, input → h2 (a dead end: no outgoing link),
    h1 → h3 → out with h3 also fed by the input, and h4 with no incoming link
    feeding the output."""
    rng = np.random.default_rng(3)
    sizes = {"in": 3, "h1": 4, "h2": 2, "h3": 3, "h4": 2, "out": 2}
    acts = {"h1": "tanh", "h2": "relu", "h3": "leaky_relu", "h4": "sigmoid", "out": "softmax"}
    layers = [Layer("in", 3)] + [Layer(k, sizes[k], acts[k], rng.normal(0, 0.3, sizes[k]))
                                 for k in ("h1", "h2", "h3", "h4", "out")]
    pairs = [("in", "h1"), ("in", "h2"), ("h1", "h3"), ("in", "h3"), ("h1", "out"), ("h3", "out"), ("h4", "out")]
    links = [Link(s, d, rng.normal(0, 0.6, (sizes[s], sizes[d]))) for s, d in pairs]
    return Network(layers, links)


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_dead_ends_and_layers_without_inputs(optimizer):
    net = odd_dag()
    X = np.random.default_rng(0).normal(size=(7, 3))
    Y = random_targets(0, "cce", 7, 2)
    s = TrainingSettings(loss="cce", optimizer=optimizer, learning_rate=OPTIMIZERS[optimizer], epochs=5,
                         batch_size=3, l2=0.01, seed=1)
    trained, _ = assert_same_training(net, X, Y, s)
    # h2 reaches nothing: its weights only decay; with SGD and no L2 they would not move
    assert not np.array_equal(trained.links[0].W, net.links[0].W)


def test_the_general_loop_is_forward_backward_and_the_optimizer():
    # The reference itself: one epoch of the general loop written out here.
    net = frozen_network(11, "sigmoid")
    X = np.random.default_rng(2).normal(size=(6, 4))
    Y = random_targets(3, "bce", 6, 3)
    s = TrainingSettings(loss="bce", optimizer="sgd", learning_rate=0.1, epochs=1, batch_size=4, seed=9)
    compiled, _, _ = run(net, X, Y, s, True)
    ref = net.copy()
    order = np.random.default_rng(9).permutation(6)
    params, masks = ref.arrays(), ref.trainable_masks()
    decay = [True] * len(ref.links) + [False] * (len(ref.layers) - 1)
    opt = SGD(0.1)
    for b in range(2):
        idx = order[b * 4:(b + 1) * 4]
        fp = forward(ref, X[idx])
        assert np.isfinite(loss_value(ref, fp, Y[idx], "bce"))
        opt.step(params, backward(ref, fp, Y[idx], get_loss("bce")).arrays(), masks, decay)
    for a, b in zip(compiled.arrays(), ref.arrays()):
        assert np.allclose(a, b, rtol=1e-13, atol=1e-15)


def test_soft_targets_for_cross_entropy():
    # soft targets: any numbers from 0 to 1 that add up to 1 in each row
    net = frozen_network(4, "softmax")
    rng = np.random.default_rng(5)
    X = rng.normal(size=(9, 4))
    Y = rng.random((9, 3))
    Y /= Y.sum(axis=1, keepdims=True)
    for optimizer in OPTIMIZERS:
        s = TrainingSettings(loss="cce", optimizer=optimizer, learning_rate=OPTIMIZERS[optimizer], epochs=3,
                             batch_size=4, seed=2)
        assert_same_training(net, X, Y, s)


def test_batch_reports_and_a_learning_rate_change_mid_run():
    net = frozen_network(8, "softmax")
    X = np.random.default_rng(1).normal(size=(11, 4))
    Y = random_targets(6, "cce", 11, 3)
    s = TrainingSettings(loss="cce", optimizer="sgd", learning_rate=0.1, epochs=3, batch_size=4, seed=3)
    results = []
    for compiled in (True, False):
        trained = net.copy()
        trainer = Trainer(trained, X, Y, s)
        trainer.compiled = compiled
        reports = []
        for p in trainer.run(report="batch"):
            reports.append(p)
            if p.step == 4:
                trainer.learning_rate = 0.02
        results.append((trained, reports))
    (a, ra), (b, rb) = results
    assert [r.batch for r in ra] == [r.batch for r in rb] == [1, 2, 3, 3] * 3
    assert np.allclose([r.loss for r in ra], [r.loss for r in rb], rtol=1e-12, atol=1e-14)
    for x, y in zip(a.arrays(), b.arrays()):
        assert np.allclose(x, y, rtol=1e-12, atol=1e-14)


def test_large_training_sets_are_gathered_batch_by_batch(monkeypatch):
    monkeypatch.setattr(compiled_module, "GATHER_EPOCH_BYTES", 0)
    net = frozen_network(9, "softmax")
    X = np.random.default_rng(3).normal(size=(10, 4))
    Y = np.random.default_rng(4).random((10, 3))  # soft targets: their row sums are gathered too
    Y /= Y.sum(axis=1, keepdims=True)
    for batch_size in (1, 3, 0):
        s = TrainingSettings(loss="cce", learning_rate=0.1, epochs=3, batch_size=batch_size, seed=5)
        assert_same_training(net, X, Y, s)


def test_float32_stays_close():
    net = frozen_network(12, "softmax")
    X = np.random.default_rng(3).normal(size=(20, 4))
    Y = random_targets(5, "cce", 20, 3)
    s = TrainingSettings(loss="cce", learning_rate=0.1, epochs=5, batch_size=4, seed=5, dtype="float32")
    a, ra, _ = run(net, X, Y, s, True)
    b, rb, _ = run(net, X, Y, s, False)
    assert a.dtype == np.float32
    for x, y in zip(a.arrays(), b.arrays()):
        assert x.dtype == np.float32
        assert np.allclose(x, y, rtol=1e-4, atol=1e-5)
    assert [r.accuracy for r in ra] == [r.accuracy for r in rb]


@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_masked_weights_stay_zero_and_frozen_ones_stay_put(optimizer):
    net = frozen_network(21, "sigmoid", sizes=(5, 6, 4, 3))
    before = net.copy()
    X = np.random.default_rng(0).normal(size=(30, 5))
    Y = random_targets(1, "bce", 30, 3)
    s = TrainingSettings(loss="bce", optimizer=optimizer, learning_rate=0.1, epochs=20, batch_size=7, l2=0.05)
    trained, _, _ = run(net, X, Y, s, True)
    for link, old in zip(trained.links, before.links):
        if link.mask is not None:
            assert np.all(link.W[~link.mask] == 0.0)
        if link.trainable is not None:
            assert np.array_equal(link.W[~link.trainable], old.W[~link.trainable])
        assert not np.array_equal(link.W, old.W)
    frozen = ~trained.layers[1].bias_trainable
    assert np.array_equal(trained.layers[1].bias[frozen], before.layers[1].bias[frozen])
    trained.validate()


def test_a_wholly_frozen_link_is_skipped_and_stays_put():
    net = frozen_network(2, "softmax")
    net.links[1].trainable = np.zeros(net.links[1].W.shape, bool)
    X = np.random.default_rng(0).normal(size=(8, 4))
    Y = random_targets(0, "cce", 8, 3)
    s = TrainingSettings(loss="cce", optimizer="adam", learning_rate=0.05, epochs=3, batch_size=3)
    trained, _ = assert_same_training(net, X, Y, s)
    assert np.array_equal(trained.links[1].W, net.links[1].W)
    trainer = Trainer(net.copy(), X, Y, s)
    plan = CompiledPlan(trainer.network, trainer.X, trainer.Y, trainer.loss, trainer.optimizer, 3)
    assert "grad_W1" not in plan.source()


@pytest.mark.parametrize("batch_size", [0, 1])
def test_divergence_is_caught_with_the_last_finite_weights(batch_size):
    net = Network.dense([1, 1], "identity", init="constant", value=1.0)
    X = np.array([[1e3], [2e3]])
    Y = np.array([[1.0], [2.0]])
    s = TrainingSettings(loss="mse", optimizer="momentum", learning_rate=10.0, epochs=500, batch_size=batch_size)
    a, ra, ta = run(net, X, Y, s, True)
    b, rb, tb = run(net, X, Y, s, False)
    assert ra[-1].stopped == rb[-1].stopped == "diverged"
    assert ra[-1].epoch == rb[-1].epoch and ta.step_count == tb.step_count
    assert len(ra) < 500
    for x, y in zip(a.arrays(), b.arrays()):
        assert np.all(np.isfinite(x))
        assert np.array_equal(x, y)


def test_divergence_in_float32_with_batch_reports():
    net = Network.dense([2, 3, 1], ["tanh", "identity"], rng=0)
    X = np.random.default_rng(0).normal(size=(8, 2)) * 1e4
    Y = np.ones((8, 1))
    s = TrainingSettings(loss="sse", learning_rate=5.0, epochs=50, batch_size=3, dtype="float32")
    a, ra, ta = run(net, X, Y, s, True, report="batch")
    b, rb, tb = run(net, X, Y, s, False, report="batch")
    assert ra[-1].stopped == rb[-1].stopped == "diverged"
    assert [(r.epoch, r.batch, r.step) for r in ra] == [(r.epoch, r.batch, r.step) for r in rb]
    for x, y in zip(a.arrays(), b.arrays()):
        assert np.all(np.isfinite(x)) and np.allclose(x, y, rtol=1e-5)


def test_activations_without_a_kernel_use_the_registry(monkeypatch):
    softplus = Activation(
        "softplus", "log(1 + e^z)", "σ(z)",
        lambda z: np.logaddexp(0.0, z),
        lambda z, a, g: g / (1.0 + np.exp(-z)),
    )
    monkeypatch.setitem(ACTIVATIONS, "softplus", softplus)
    net = frozen_network(14, "softplus", hidden=("softplus", "relu"))
    X = np.random.default_rng(1).normal(size=(9, 4))
    Y = random_targets(2, "mse", 9, 3)
    for optimizer in OPTIMIZERS:
        s = TrainingSettings(loss="mse", optimizer=optimizer, learning_rate=OPTIMIZERS[optimizer], epochs=3,
                             batch_size=4, l2=0.01)
        assert_same_training(net, X, Y, s)
    trainer = Trainer(net.copy(), X, Y, TrainingSettings(loss="mse", batch_size=4))
    plan = CompiledPlan(trainer.network, trainer.X, trainer.Y, trainer.loss, trainer.optimizer, 4)
    assert "f1(z1)" in plan.source() and "fb1(z1, a1, delta1)" in plan.source()


def test_other_optimizers_fall_back_to_the_general_loop():
    class HalfSGD(SGD):
        def direction(self, k, g):
            return super().direction(k, g) * 0.5

    net = frozen_network(3, "softmax")
    X = np.random.default_rng(0).normal(size=(8, 4))
    Y = random_targets(0, "cce", 8, 3)
    trainer = Trainer(net, X, Y, TrainingSettings(loss="cce", epochs=2, batch_size=3))
    trainer.optimizer = HalfSGD(0.1)
    assert "HalfSGD" in CompiledPlan.unsupported(net, trainer.loss, trainer.optimizer)
    before = net.links[0].W.copy()
    last = list(trainer.run())[-1]
    assert last.stopped == "finished" and not np.array_equal(before, net.links[0].W)


def test_plain_sgd_updates_with_one_subtraction_per_array():
    net = Network.dense([784, 128, 10], ["relu", "softmax"], rng=0, dtype=np.float32)
    X = np.random.default_rng(0).random((40, 784), dtype=np.float32)
    Y = np.eye(10, dtype=np.float32)[np.arange(40) % 10]
    trainer = Trainer(net, X, Y, TrainingSettings(loss="cce", batch_size=32, dtype="float32"))
    plan = CompiledPlan(net, trainer.X, trainer.Y, trainer.loss, trainer.optimizer, 32, trainer.labels)
    text = plan.source()
    assert text.count("subtract(W") == 2 and text.count("subtract(b") == 2
    assert "multiply(grad" not in text  # no η pass, no mask: η is in δ
    assert plan.source(8) == text  # the last, shorter batch: the same statements on arrays of 8 rows


def test_no_source_text_is_made_or_run():
    """The plan is bound calls, not generated source: nothing in nnapp runs
    text as code (Qt's ``app.exec()`` and ``dialog.exec()`` are no such thing)."""
    import re
    from pathlib import Path

    import nnapp

    runs_text = re.compile(r"(?<![.\w])(?<!def )(exec|eval|compile)\(")
    found = [f"{path.name}:{n}" for path in Path(nnapp.__file__).parent.rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if runs_text.search(line)]
    assert found == []
