"""Turning the training knobs while a run goes on.

A run whose optimizer (or loss, L2 decay, learning rate) changes after batch
k must end with the weights of k batches of plain descent followed by the
rest with the new setting, starting from those weights: the change takes
effect at the next batch and nothing else moves. A new optimizer starts with
no state; a new L2 decay keeps the optimizer's state. A new batch size waits
for the next epoch. Both the compiled plan and the general loop are checked.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.engine.losses import get_loss
from nnapp.engine.network import Network
from nnapp.engine.optimizers import make_optimizer
from nnapp.engine.propagation import backward, forward
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Trainer

N, BATCH, EPOCHS = 20, 4, 3          # 5 batches an epoch, 15 in all
K = 3                                # the change comes after batch 3 (mid-epoch)


def data():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(N, 3))
    Y = np.eye(2)[(X[:, 0] + X[:, 1] > 0).astype(int)]
    return X, Y


def network():
    return Network.dense([3, 5, 2], ["tanh", "sigmoid"], init="xavier", rng=1)


def settings(**kw) -> TrainingSettings:
    base = dict(loss="mse", optimizer="sgd", learning_rate=0.3, epochs=EPOCHS, batch_size=BATCH,
                shuffle=False, l2=0.0, seed=0)
    base.update(kw)
    return TrainingSettings(**base)


def descend(net, X, Y, batches, bs, loss_name, optimizer, first_row=0):
    """Plain mini-batch descent in row order: ``batches`` updates from
    ``first_row`` on (wrapping round at the end of the rows); the next row."""
    loss = get_loss(loss_name)
    params, masks = net.arrays(), net.trainable_masks()
    decay = [True] * len(net.links) + [False] * (len(net.layers) - 1)
    row = first_row
    for _ in range(batches):
        rows = slice(row, min(row + bs, X.shape[0]))
        fp = forward(net, X[rows])
        bp = backward(net, fp, Y[rows], loss)
        optimizer.step(params, bp.arrays(), masks, decay)
        row = rows.stop % X.shape[0]
    return row


def run_with_change(compiled: bool, change, start: TrainingSettings, after: int = K):
    """Train ``start`` reporting every batch; call ``change(trainer)`` after
    batch ``after``. Returns (trainer, reports)."""
    X, Y = data()
    trainer = Trainer(network(), X, Y, start)
    trainer.compiled = compiled
    reports = []
    for p in trainer.run(report="batch"):
        reports.append(p)
        if not p.epoch_finished and p.step == after:
            change(trainer)
    return trainer, reports


def assert_weights(got: Network, want: Network):
    for a, b in zip(got.arrays(), want.arrays()):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "general"])
@pytest.mark.parametrize("new", ["momentum", "adam"])
def test_a_new_optimizer_at_batch_k_equals_k_batches_then_a_fresh_optimizer(compiled, new):
    trainer, reports = run_with_change(compiled, lambda t: t.set_optimizer(new), settings(l2=0.01))
    # by hand: 3 batches of SGD, then 12 with a new optimizer that has no state yet
    X, Y = data()
    net = network()
    row = descend(net, X, Y, K, BATCH, "mse", make_optimizer(settings(l2=0.01)))
    descend(net, X, Y, N // BATCH * EPOCHS - K, BATCH, "mse", make_optimizer(settings(optimizer=new, l2=0.01)), row)
    assert_weights(trainer.network, net)
    assert trainer.settings.optimizer == new and trainer.optimizer.name == new
    marked = [c for p in reports for c in p.changes]
    assert [(c.name, c.old, c.new, c.step) for c in marked] == [("optimizer", "sgd", new, K)]
    assert marked[0].epoch == pytest.approx(K * BATCH / N)          # 0.6 of the first epoch


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "general"])
def test_a_new_l2_at_batch_k_keeps_the_momentum(compiled):
    start = settings(optimizer="momentum", learning_rate=0.1)
    trainer, reports = run_with_change(compiled, lambda t: t.set_l2(0.05), start)
    X, Y = data()
    net = network()
    optimizer = make_optimizer(start)
    row = descend(net, X, Y, K, BATCH, "mse", optimizer)
    optimizer.l2 = 0.05                       # the same optimizer goes on: its velocity is kept
    descend(net, X, Y, N // BATCH * EPOCHS - K, BATCH, "mse", optimizer, row)
    assert_weights(trainer.network, net)
    assert [(c.name, c.new) for p in reports for c in p.changes] == [("l2", 0.05)]


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "general"])
def test_a_new_loss_at_batch_k(compiled):
    start = settings(optimizer="adam", learning_rate=0.05)
    trainer, reports = run_with_change(compiled, lambda t: t.set_loss("bce"), start)
    X, Y = data()
    net = network()
    optimizer = make_optimizer(start)
    row = descend(net, X, Y, K, BATCH, "mse", optimizer)
    descend(net, X, Y, N // BATCH * EPOCHS - K, BATCH, "bce", optimizer, row)
    assert_weights(trainer.network, net)
    assert trainer.settings.loss == "bce"
    # the next batch's loss is bce's, from the weights after batch 3
    after = network()
    descend(after, X, Y, K, BATCH, "mse", make_optimizer(start))
    fp = forward(after, X[K * BATCH:(K + 1) * BATCH])
    bce = get_loss("bce").mean_per_sample(fp.output, Y[K * BATCH:(K + 1) * BATCH])
    assert reports[K].loss == pytest.approx(bce, rel=1e-12)   # reports[3]: batch 4 (no epoch report yet)


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "general"])
def test_a_new_learning_rate_at_batch_k(compiled):
    trainer, reports = run_with_change(compiled, lambda t: setattr(t, "learning_rate", 0.05), settings())
    X, Y = data()
    net = network()
    row = descend(net, X, Y, K, BATCH, "mse", make_optimizer(settings()))
    descend(net, X, Y, N // BATCH * EPOCHS - K, BATCH, "mse", make_optimizer(settings(learning_rate=0.05)), row)
    assert_weights(trainer.network, net)
    assert [(c.name, c.old, c.new) for p in reports for c in p.changes] == [("learning_rate", 0.3, 0.05)]


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "general"])
def test_a_new_batch_size_waits_for_the_next_epoch(compiled):
    start = settings(optimizer="momentum", learning_rate=0.1)
    trainer, reports = run_with_change(compiled, lambda t: t.set_batch_size(10), start)
    assert trainer.settings.batch_size == 10
    X, Y = data()
    net = network()
    optimizer = make_optimizer(start)
    descend(net, X, Y, N // BATCH, BATCH, "mse", optimizer)        # the first epoch ends with batches of 4
    descend(net, X, Y, (EPOCHS - 1) * N // 10, 10, "mse", optimizer)
    assert_weights(trainer.network, net)
    first_of_epoch_2 = next(p for p in reports if p.epoch == 2)
    assert first_of_epoch_2.batches == 2
    assert [(c.name, c.old, c.new, c.step, c.epoch) for c in first_of_epoch_2.changes] == [
        ("batch_size", BATCH, 10, N // BATCH, 1.0)]
    assert reports[-1].step == N // BATCH + (EPOCHS - 1) * 2


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "general"])
def test_at_an_epoch_boundary_the_same_as_a_new_run_from_those_weights(compiled):
    X, Y = data()
    trainer = Trainer(network(), X, Y, settings(epochs=4))
    trainer.compiled = compiled
    for p in trainer.run(report="epoch"):
        if p.epoch == 2:
            trainer.apply_settings(settings(epochs=4, optimizer="adam", learning_rate=0.02, l2=0.001))
    # two runs of the engine: two epochs of SGD, then a new Trainer with Adam on those weights
    net = network()
    first = Trainer(net, X, Y, settings(epochs=2))
    first.compiled = compiled
    for _ in first.run():
        pass
    second = Trainer(net, X, Y, settings(epochs=2, optimizer="adam", learning_rate=0.02, l2=0.001))
    second.compiled = compiled
    for _ in second.run():
        pass
    assert_weights(trainer.network, net)


def test_the_one_sample_path_hands_over_when_the_optimizer_changes():
    X, Y = data()
    start = settings(batch_size=1, loss="sse", learning_rate=0.1)
    trainer = Trainer(network(), X, Y, start)
    assert trainer._scalar is not None                 # one-sample SGD in Python floats
    for p in trainer.run(report="epoch"):
        if p.epoch == 1:
            trainer.set_optimizer("momentum")
    net = network()
    optimizer = make_optimizer(start)
    descend(net, X, Y, N, 1, "sse", optimizer)
    descend(net, X, Y, N * (EPOCHS - 1), 1, "sse", make_optimizer(settings(batch_size=1, optimizer="momentum",
                                                                             learning_rate=0.1)))
    assert_weights(trainer.network, net)


def test_fewer_epochs_end_the_run_when_the_current_epoch_ends():
    X, Y = data()
    trainer = Trainer(network(), X, Y, settings(epochs=50))
    reports = []
    for p in trainer.run(report="batch"):
        reports.append(p)
        if p.epoch == 3 and p.batch == 2 and not p.epoch_finished:
            trainer.set_epochs(2)
    assert reports[-1].stopped == "finished" and reports[-1].epoch == 3 and reports[-1].epochs == 3
    assert "Finished 3 epochs" in reports[-1].message


def test_a_loss_the_targets_do_not_fit_is_refused_and_nothing_changes():
    X, _ = data()
    Y = np.random.default_rng(1).uniform(0.2, 0.4, (N, 2))        # rows that are not one class each
    trainer = Trainer(network(), X, Y, settings())
    with pytest.raises(ValueError):
        trainer.apply_settings(settings(loss="cce", optimizer="adam"))
    assert trainer.loss.name == "mse" and trainer.optimizer.name == "sgd"
    assert trainer.settings.loss == "mse"


def test_the_callers_settings_are_not_changed():
    X, Y = data()
    mine = settings()
    trainer = Trainer(network(), X, Y, mine)
    trainer.apply_settings(settings(optimizer="adam", l2=0.5, batch_size=2, learning_rate=0.01))
    assert (mine.optimizer, mine.l2, mine.batch_size, mine.learning_rate) == ("sgd", 0.0, BATCH, 0.3)
    assert (trainer.settings.optimizer, trainer.settings.l2, trainer.settings.batch_size,
            trainer.settings.learning_rate) == ("adam", 0.5, 2, 0.01)


def test_two_changes_of_one_setting_before_a_batch_make_one_mark():
    X, Y = data()
    trainer = Trainer(network(), X, Y, settings())
    reports = []
    for p in trainer.run(report="batch"):
        reports.append(p)
        if p.step == 1 and not p.epoch_finished:
            trainer.learning_rate = 0.2
            trainer.learning_rate = 0.1
    assert [(c.old, c.new) for p in reports for c in p.changes] == [(0.3, 0.1)]
