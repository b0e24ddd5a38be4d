"""Training that gets worse, or gets stuck, says so and suggests a smaller learning rate."""

import numpy as np
import pytest

from nnapp.engine import training as training_module
from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Trainer, fit
from nnapp.engine.training_health import (
    learning_rate_advice,
    pinned_share,
    suggested_learning_rate,
    training_trouble,
)

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
XOR_Y = np.array([[0], [1], [1], [0]], float)
GENDER_X = np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]], float)
GENDER_Y = np.array([[1], [0], [0], [1]], float)


def xor_net():
    """The xor example's shape: 2-2-1, sigmoid everywhere."""
    return Network.dense([2, 2, 1], "sigmoid", init="normal", rng=0)


# --- the suggestion --------------------------------------------------------------


@pytest.mark.parametrize("lr, suggested", [
    (1e3, 0.1), (1e6, 0.1), (3.0, 0.1), (1.0, 0.1),   # never above 0.1
    (0.5, 0.05), (0.3, 0.02), (0.03, 0.002), (0.001, 0.0001),
])
def test_the_suggested_rate_is_a_round_number_about_ten_times_smaller(lr, suggested):
    assert suggested_learning_rate(lr) == suggested


def test_the_advice_names_both_numbers():
    assert learning_rate_advice(1000.0) == "Try a learning rate smaller than 1000, such as 0.1 or less"


# --- pinned outputs --------------------------------------------------------------


def test_pinned_share_per_activation():
    # sigmoid: 1e-5 and 0.99999 are within 1e-4 of a limit, 0.5 and 0.9 are not
    assert pinned_share(np.array([[1e-5], [0.99999], [0.5], [0.9]]), "sigmoid") == 0.5
    assert pinned_share(np.array([[-0.99999], [1.0], [0.2]]), "tanh") == pytest.approx(2 / 3)
    # softmax: a row is pinned when one class holds (almost) everything
    rows = np.array([[1 - 1e-6, 1e-6, 0.0], [0.4, 0.3, 0.3]])
    assert pinned_share(rows, "softmax") == 0.5
    assert pinned_share(np.array([[0.0], [0.0], [2.0], [0.0]]), "relu") == 0.75
    # identity has no limits; a NaN is not an answer
    assert pinned_share(np.array([[1e9]]), "identity") == 0.0
    assert pinned_share(np.array([[np.nan]]), "sigmoid") == 0.0


# --- the decision ----------------------------------------------------------------


def test_a_loss_that_rose_is_worse():
    text = training_trouble(0.75, 1.0, [1.0] * 10, np.full((4, 1), 1e-77), "sigmoid", 1000.0)
    assert text.startswith("Training made the network worse: the loss rose from 0.75 to 1,")
    assert "sigmoid outputs sit at 0 or 1" in text
    assert "smaller than 1000, such as 0.1 or less" in text


def test_a_small_rise_is_not_worse():
    # 0.1 → 0.104 is 4 % up: within WORSE_BY (5 %); 0.1 → 0.11 is 10 % up
    outputs = np.full((4, 1), 0.5)
    assert training_trouble(0.1, 0.104, [0.104, 0.2, 0.1], outputs, "sigmoid", 0.5) is None
    text = training_trouble(0.1, 0.11, [0.2, 0.1, 0.11], outputs, "sigmoid", 0.5)
    assert "rose from 0.1 to 0.11" in text and "such as 0.05 or less" in text
    assert "outputs sit" not in text          # they are not pinned


def test_a_flat_loss_with_pinned_outputs_is_stuck():
    pinned = np.full((4, 1), 1e-30)
    text = training_trouble(1.0, 1.0, [1.0] * 10, pinned, "sigmoid", 0.5)
    assert text.startswith("Training got stuck: the loss stopped changing at 1 while the sigmoid outputs")
    assert "such as 0.05 or less" in text


@pytest.mark.parametrize("case", ["moving", "few epochs", "learned", "not pinned", "fused"])
def test_what_is_not_stuck(case):
    pinned = np.full((4, 1), 1e-30)
    args = dict(start_loss=1.0, final_loss=1.0, recent_losses=[1.0] * 10, outputs=pinned,
                activation="sigmoid", learning_rate=0.5)
    if case == "moving":
        args["recent_losses"] = [1.0, 0.99, 0.98, 0.97, 0.96, 0.95]
    elif case == "few epochs":
        args["recent_losses"] = [1.0] * 4
    elif case == "learned":            # pinned at the right answers: the loss fell far below the start
        args.update(final_loss=1e-9, recent_losses=[1e-9] * 10)
    elif case == "not pinned":
        args["outputs"] = np.full((4, 1), 0.5)
    else:                              # bce after sigmoid has no flat slope: pinned outputs still learn
        args["loss"] = "bce"
    assert training_trouble(**args) is None


# --- the Trainer tells it ----------------------------------------------------------


@pytest.mark.parametrize("lr", [1e3, 1e6])
def test_xor_with_a_huge_learning_rate_finishes_with_a_warning(lr):
    s = TrainingSettings(loss="sse", learning_rate=lr, epochs=200, batch_size=0, shuffle=False)
    trainer = Trainer(xor_net(), XOR_X, XOR_Y, s)
    reports = list(trainer.run())
    last = reports[-1]
    assert last.stopped == "finished"
    assert reports[-1].loss == pytest.approx(0.25)         # every output pinned at 0: ½·(1 + 1) over 4 rows
    assert last.warning.startswith("Training made the network worse")
    assert f"{trainer.start_loss:.4g} to 0.25," in last.warning
    assert "such as 0.1 or less" in last.warning
    assert last.message.endswith(last.warning)
    assert all(not p.warning for p in reports[:-1])


def test_gender_at_a_huge_learning_rate_says_so_in_the_scalar_path_too():
    s = TrainingSettings(loss="mse", learning_rate=1e3, epochs=100, batch_size=1, shuffle=False)
    trainer = Trainer(Network.dense([2, 2, 1], "sigmoid", init="normal", rng=0), GENDER_X, GENDER_Y, s)
    assert trainer._scalar is not None
    last = list(trainer.run())[-1]
    assert last.loss == pytest.approx(0.5)
    assert "the loss rose from" in last.warning and "to 0.5," in last.warning


def test_a_good_run_has_no_warning():
    s = TrainingSettings(loss="sse", learning_rate=0.5, epochs=300, batch_size=0, shuffle=False)
    last = fit(xor_net(), XOR_X, XOR_Y, s)
    assert last.stopped == "finished" and last.warning == ""
    assert last.message.startswith("Finished 300 epochs")


def test_outputs_pinned_from_the_start_are_stuck():
    net = xor_net()
    net.layers[-1].bias[:] = -60.0       # σ(−60) ≈ 9e-27: the output's slope is ~0 for every row
    s = TrainingSettings(loss="sse", learning_rate=0.5, epochs=20, batch_size=0, shuffle=False)
    last = fit(net, XOR_X, XOR_Y, s)
    # loss ½·(0² + 1² + 1² + 0²) = 1 over 4 rows, 0.25 per sample, at the start and at the end
    assert last.loss == pytest.approx(0.25)
    assert last.warning.startswith("Training got stuck: the loss stopped changing at 0.25")


def test_divergence_gives_the_same_advice():
    net = Network.dense([1, 1], "identity", init="constant", value=1.0)
    s = TrainingSettings(loss="mse", learning_rate=10.0, epochs=50, batch_size=0)
    last = fit(net, [[1e3], [2e3]], [[1.0], [2.0]], s)
    assert last.stopped == "diverged"
    assert last.message.endswith("Try a learning rate smaller than 10, such as 0.1 or less.")


def test_large_sets_are_measured_on_a_spread_of_rows(monkeypatch):
    monkeypatch.setattr(training_module, "HEALTH_ROWS", 5)
    X = np.repeat(XOR_X, 5, axis=0)
    Y = np.repeat(XOR_Y, 5, axis=0)
    trainer = Trainer(xor_net(), X, Y, TrainingSettings(loss="sse", learning_rate=1e3, epochs=30, batch_size=0))
    rows = trainer.health_rows()
    assert list(rows) == [0, 5, 10, 14, 19]                # first to last, evenly
    last = list(trainer.run())[-1]
    # on those 5 rows (targets 0, 1, 1, 1, 0) the start loss is that of 5 rows, not of 20
    assert "rose from" in last.warning
    assert trainer.start_loss < 2.0


def test_trouble_before_any_run_is_none():
    trainer = Trainer(xor_net(), XOR_X, XOR_Y, TrainingSettings(loss="sse", epochs=1))
    assert trainer.trouble() is None
