"""What the trainer's loss figures mean: every loss, the mean per sample.

A batch, an epoch, the validation rows and the health check before and after
a run all report each sample's loss averaged over the rows they cover. For
the "mean" losses that is the loss's own value; for sse (½·Σ(ŷ − y)², a sum
over the rows) it is that sum divided by the number of rows. The loss of one
sample, as a trace shows it, is the same number either way.
"""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.engine.losses import LOSSES, get_loss
from nnapp.engine.network import Network
from nnapp.engine.propagation import forward, loss_value
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.trace import trace
from nnapp.engine.training import Trainer, fit

rng = np.random.default_rng(5)
X = rng.normal(size=(12, 3))
LABELS = rng.integers(0, 2, size=12)
Y_ONE = LABELS[:, None].astype(float)                  # one 0/1 output
Y_TWO = np.eye(2)[LABELS]                              # one-hot, for softmax + cce


def case(loss: str):
    """(network, targets) a loss can be trained with."""
    out = "softmax" if loss == "cce" else "sigmoid"
    net = Network.dense([3, 4, 2 if loss == "cce" else 1], ["tanh", out], init="xavier", rng=1)
    return net, (Y_TWO if loss == "cce" else Y_ONE)


def per_row(net: Network, loss: str, X, Y) -> np.ndarray:
    """Each row's loss, shape (n_samples,), one row at a time."""
    return np.array([float(loss_value(net, forward(net, X[i:i + 1]), Y[i:i + 1], loss))
                     for i in range(len(X))])


@pytest.mark.parametrize("loss", list(LOSSES))
def test_per_sample_is_the_mean_of_the_rows_losses(loss):
    net, Y = case(loss)
    fp = forward(net, X)
    total = loss_value(net, fp, Y, loss)
    expected = per_row(net, loss, X, Y).mean()
    assert get_loss(loss).per_sample(total, len(X)) == pytest.approx(expected, rel=1e-12)
    assert get_loss(loss).mean_per_sample(fp.output, Y) == pytest.approx(expected, rel=1e-12)
    # one sample: the total itself
    one = loss_value(net, forward(net, X[:1]), Y[:1], loss)
    assert get_loss(loss).per_sample(one, 1) == float(one)


@pytest.mark.parametrize("loss", list(LOSSES))
def test_the_validation_loss_does_not_grow_with_the_number_of_rows(loss):
    net, Y = case(loss)
    s = TrainingSettings(loss=loss, learning_rate=0.1, epochs=3, batch_size=0, shuffle=False)
    once = fit(net.copy(), X, Y, s, X_val=X[:4], Y_val=Y[:4])
    thrice = fit(net.copy(), X, Y, s, X_val=np.tile(X[:4], (3, 1)), Y_val=np.tile(Y[:4], (3, 1)))
    assert thrice.val_loss == pytest.approx(once.val_loss, rel=1e-12)


def test_sse_reports_every_figure_per_sample():
    net, Y = case("sse")
    start = per_row(net, "sse", X, Y)
    s = TrainingSettings(loss="sse", learning_rate=0.1, epochs=2, batch_size=0, shuffle=False)
    trainer = Trainer(net, X, Y, s, X_val=X[8:], Y_val=Y[8:])
    first = next(trainer.run())
    # a full-batch epoch's loss is that of the weights it started with, ½·Σ(ŷ − y)² averaged over 12 rows
    assert first.loss == pytest.approx(start.mean(), rel=1e-12)
    assert first.loss != pytest.approx(start.sum())
    assert trainer.start_loss == pytest.approx(start.mean(), rel=1e-12)
    # the validation loss, with the weights after the update, over its 4 rows
    assert first.val_loss == pytest.approx(per_row(net, "sse", X[8:], Y[8:]).mean(), rel=1e-12)


@pytest.mark.parametrize("compiled", [True, False])
def test_sse_batch_reports_are_per_sample_and_combine_to_the_epoch(compiled):
    net, Y = case("sse")
    start = per_row(net, "sse", X, Y)
    s = TrainingSettings(loss="sse", learning_rate=0.05, epochs=1, batch_size=5, shuffle=False)
    trainer = Trainer(net, X, Y, s)
    trainer.compiled = compiled
    reports = list(trainer.run(report="batch"))
    batches = [p for p in reports if not p.epoch_finished]
    assert [p.batch for p in batches] == [1, 2, 3]          # rows 0–4, 5–9, 10–11
    assert batches[0].loss == pytest.approx(start[:5].mean(), rel=1e-12)
    # the epoch: each batch's rows counted once, per sample
    sizes = np.array([5, 5, 2])
    epoch = reports[-1]
    assert epoch.epoch_finished
    assert epoch.loss == pytest.approx(np.dot([p.loss for p in batches], sizes) / 12, rel=1e-12)


def test_one_sample_sgd_reports_per_sample_too():
    net, Y = case("sse")
    s = TrainingSettings(loss="sse", learning_rate=1e-9, epochs=1, batch_size=1, shuffle=False)
    trainer = Trainer(net.copy(), X, Y, s)
    assert trainer._scalar is not None                      # the scalar path
    last = list(trainer.run())[-1]
    assert last.loss == pytest.approx(per_row(net, "sse", X, Y).mean(), rel=1e-6)


@pytest.mark.parametrize("loss", ["mse", "bce", "cce"])
def test_mean_losses_report_their_own_value(loss):
    net, Y = case(loss)
    s = TrainingSettings(loss=loss, learning_rate=0.1, epochs=1, batch_size=0, shuffle=False)
    first = fit(net.copy(), X, Y, s)
    assert first.loss == pytest.approx(float(loss_value(net, forward(net, X), Y, loss)), rel=1e-12)


def test_the_loss_a_trace_shows_for_one_sample_is_unchanged():
    net, Y = case("sse")
    t = trace(net, X[0], Y[0], loss="sse", learning_rate=0.5)
    assert t.loss_total == pytest.approx(0.5 * float(np.sum((forward(net, X[:1]).output - Y[:1]) ** 2)),
                                         rel=1e-15)
    assert get_loss("sse").per_sample(t.loss_total, 1) == t.loss_total
