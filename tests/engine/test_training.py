"""The training generator: convergence, divergence, frozen weights, fast paths."""

import numpy as np
import pytest

from nnapp.engine.network import Network, NotTrainableError
from nnapp.engine.propagation import predict
from nnapp.engine.settings import SettingsError, TrainingSettings
from nnapp.engine.training import Trainer, fit, train

GENDER_X = np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]], float)
GENDER_Y = np.array([[1], [0], [0], [1]], float)
XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
XOR_Y = np.array([[0], [1], [1], [0]], float)


def gender_net():
    return Network.dense([2, 2, 1], "sigmoid", init="normal", rng=0, bias=None)


def test_the_tutorial_training_run():
    net = gender_net()
    s = TrainingSettings(loss="mse", learning_rate=0.1, epochs=1000, batch_size=1, shuffle=False)
    last = fit(net, GENDER_X, GENDER_Y, s)
    assert last.stopped == "finished" and last.epoch == 1000 and last.step == 4000
    assert last.loss < 0.01
    emily, frank = predict(net, [[-7, -3], [20, 2]])[:, 0]
    assert emily >= 0.9 and frank <= 0.1


def test_scalar_path_equals_numpy_path():
    s = TrainingSettings(loss="mse", learning_rate=0.1, epochs=50, batch_size=1, shuffle=True, l2=0.01)
    fast, slow = gender_net(), gender_net()
    fast_run = Trainer(fast, GENDER_X, GENDER_Y, s)
    assert fast_run._scalar is not None
    slow_run = Trainer(slow, GENDER_X, GENDER_Y, s)
    slow_run._scalar = None
    losses_fast = [p.loss for p in fast_run.run()]
    losses_slow = [p.loss for p in slow_run.run()]
    assert np.allclose(losses_fast, losses_slow, rtol=1e-12, atol=1e-15)
    for a, b in zip(fast.arrays(), slow.arrays()):
        assert np.allclose(a, b, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("optimizer,lr,epochs", [("sgd", 2.0, 3000), ("momentum", 0.5, 1500), ("adam", 0.05, 1500)])
def test_optimizers_learn_xor(optimizer, lr, epochs):
    net = Network.dense([2, 4, 1], "tanh", rng=1)
    net.layers[-1].activation = "sigmoid"
    s = TrainingSettings(loss="bce", optimizer=optimizer, learning_rate=lr, epochs=epochs, batch_size=0, shuffle=False)
    last = fit(net, XOR_X, XOR_Y, s)
    assert last.accuracy == 1.0
    assert np.array_equal(predict(net, XOR_X)[:, 0] > 0.5, XOR_Y[:, 0] > 0.5)


def test_divergence_stops_with_the_last_finite_weights():
    net = Network.dense([1, 1], "identity", init="constant", value=1.0)
    X = np.array([[1e3], [2e3]])
    Y = np.array([[1.0], [2.0]])
    s = TrainingSettings(loss="mse", learning_rate=10.0, epochs=500, batch_size=0)
    reports = list(train(net, X, Y, s))
    last = reports[-1]
    assert last.stopped == "diverged"
    assert "smaller" in last.message and "10" in last.message
    assert all(np.all(np.isfinite(a)) for a in net.arrays())
    assert len(reports) < 500


def test_divergence_in_the_scalar_path():
    net = Network.dense([1, 1], "identity", init="constant", value=1.0)
    s = TrainingSettings(loss="mse", learning_rate=50.0, epochs=2000, batch_size=1)
    last = fit(net, np.array([[30.0], [40.0]]), np.array([[1.0], [2.0]]), s)
    assert last.stopped == "diverged"
    assert all(np.all(np.isfinite(a)) for a in net.arrays())


def test_consumer_stops_training_by_not_asking():
    net = gender_net()
    before = [a.copy() for a in net.arrays()]
    gen = train(net, GENDER_X, GENDER_Y, TrainingSettings(epochs=1000, batch_size=2))
    first = next(gen)
    gen.close()
    assert first.epoch == 1 and first.step == 2
    assert any(not np.array_equal(a, b) for a, b in zip(before, net.arrays()))


def test_batch_reports_and_snapshots():
    net = gender_net()
    s = TrainingSettings(epochs=3, batch_size=3, shuffle=True, seed=5)
    reports = list(train(net, GENDER_X, GENDER_Y, s, report="batch", snapshot_every=2))
    epoch_reports = [r for r in reports if r.epoch_finished]
    assert [r.batch for r in reports if not r.epoch_finished] == [1, 2] * 3
    assert [r.snapshot is not None for r in epoch_reports] == [False, True, True]
    assert np.array_equal(epoch_reports[-1].snapshot[0], net.links[0].W)


def test_frozen_weights_stay_put_during_training():
    net = gender_net()
    net.links[0].trainable = np.array([[False, True], [True, True]])
    w1 = net.links[0].W[0, 0]
    for optimizer in ("sgd", "momentum", "adam"):
        fit(net, GENDER_X, GENDER_Y, TrainingSettings(optimizer=optimizer, epochs=20, batch_size=2))
        assert net.links[0].W[0, 0] == w1


def test_masked_connections_stay_absent():
    net = Network.dense([3, 4, 2], "tanh", rng=2)
    mask = np.ones((3, 4), bool)
    mask[0, 1] = mask[2, 3] = False
    net.links[0].mask = mask
    net.links[0].W[~mask] = 0
    X = np.random.default_rng(0).normal(size=(20, 3))
    fit(net, X, X[:, :2], TrainingSettings(optimizer="adam", learning_rate=0.01, epochs=30, batch_size=4))
    assert net.links[0].W[0, 1] == 0 and net.links[0].W[2, 3] == 0
    net.validate()


def test_validation_loss_and_float32():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    net = Network.dense([2, 8, 1], ["tanh", "sigmoid"], rng=0)
    s = TrainingSettings(loss="bce", optimizer="adam", learning_rate=0.05, epochs=5, batch_size=8, dtype="float32")
    last = fit(net, X[:40], Y[:40], s, X_val=X[40:], Y_val=Y[40:])
    assert net.dtype == np.float32
    assert last.val_loss is not None and np.isfinite(last.val_loss)
    assert 0.0 <= last.val_accuracy <= 1.0


def test_step_networks_are_refused_with_a_reason():
    net = Network.dense([2, 1], "step", rng=0)
    with pytest.raises(NotTrainableError, match="no gradient"):
        Trainer(net, XOR_X, XOR_Y, TrainingSettings())


@pytest.mark.parametrize(
    "field,value,words",
    [("learning_rate", 0.0, "learning rate"), ("learning_rate", float("nan"), "finite"),
     ("epochs", 0, "epochs"), ("batch_size", -1, "batch size"), ("loss", "hinge", "unknown loss"),
     ("optimizer", "rmsprop", "unknown optimizer"), ("momentum", 1.0, "momentum")],
)
def test_bad_settings_are_refused(field, value, words):
    s = TrainingSettings(**{field: value})
    with pytest.raises(SettingsError, match=words):
        s.validate()


def test_learning_rate_can_change_while_training():
    net = gender_net()
    trainer = Trainer(net, GENDER_X, GENDER_Y, TrainingSettings(epochs=10, batch_size=2))
    run = trainer.run()
    next(run)
    trainer.learning_rate = 0.01
    assert trainer.optimizer.learning_rate == 0.01
    with pytest.raises(ValueError, match="positive"):
        trainer.learning_rate = -1
    assert len(list(run)) == 9
