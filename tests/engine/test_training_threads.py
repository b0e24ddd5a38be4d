"""The Trainer runs its batches at the BLAS thread count the engine chose
(or the one it was told), and BLAS is as it was whenever the run is not
computing: at every report, after the run, after the run is closed early.

BLAS is faked: a count that ``set_blas_threads`` changes, starting at 4."""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.engine import blas_threads, thread_choice
from nnapp.engine.compiled import CompiledPlan
from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.thread_choice import TRIAL_BATCHES
from nnapp.engine.training import Trainer

MOST = 4


@pytest.fixture
def blas(monkeypatch):
    """The fake BLAS: ``blas.now`` threads; ``blas.during`` the count each batch (or epoch) ran at."""

    class Fake:
        now = MOST
        sets: list[int] = []
        during: list[int] = []

    def put(n):
        Fake.sets.append(n)
        Fake.now = n
        return True

    monkeypatch.setattr(blas_threads, "blas_threads", lambda: Fake.now)
    monkeypatch.setattr(blas_threads, "set_blas_threads", put)
    monkeypatch.setattr(thread_choice, "blas_threads", lambda: Fake.now)
    train_batch, train_epoch = CompiledPlan.train_batch, CompiledPlan.train_epoch

    def batch(plan, b):
        Fake.during.append(Fake.now)
        return train_batch(plan, b)

    def epoch(plan):
        Fake.during.extend([Fake.now] * plan.batches)
        return train_epoch(plan)

    monkeypatch.setattr(CompiledPlan, "train_batch", batch)
    monkeypatch.setattr(CompiledPlan, "train_epoch", epoch)
    thread_choice.forget()
    yield Fake
    thread_choice.forget()


def trainer(threads=thread_choice.AUTO, sizes=(100, 60, 3), epochs=8):
    # a batch of 50 rows through a 100×60 matrix is 300,000 multiply-adds: a
    # product OpenBLAS would split between threads, so there is a choice to make
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, sizes[0]))
    Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], 200)]
    net = Network.dense(list(sizes), ["relu", "softmax"], rng=0)
    s = TrainingSettings(loss="cce", learning_rate=0.01, epochs=epochs, batch_size=50, seed=1)
    return Trainer(net, X, Y, s, threads=threads)


def test_the_trial_alternates_then_keeps_one_count(blas):
    t = trainer()
    for _ in t.run():
        assert blas.now == MOST                     # put back before every report
    trial = blas.during[:2 * TRIAL_BATCHES]
    assert trial == [1, MOST] * TRIAL_BATCHES       # 1 and all threads in turn
    chosen = blas.during[2 * TRIAL_BATCHES]
    assert chosen in (1, MOST)
    assert set(blas.during[2 * TRIAL_BATCHES:]) == {chosen}
    assert len(blas.during) == 8 * 4                # every batch of the 8 epochs ran
    assert list(thread_choice.chosen_so_far().values()) == [chosen]
    assert blas.now == MOST


def test_a_number_forces_that_many_threads(blas):
    t = trainer(threads=1)
    for _ in t.run(report="batch"):
        assert blas.now == MOST
    assert set(blas.during) == {1}
    assert thread_choice.chosen_so_far() == {}
    assert blas.now == MOST


def test_none_leaves_blas_alone(blas):
    for _ in trainer(threads=None).run():
        pass
    assert blas.sets == [] and set(blas.during) == {MOST}


def test_small_products_are_left_to_blas(blas):
    # 50 rows through 10×6: OpenBLAS runs that on one thread whatever it may use
    for _ in trainer(sizes=(10, 6, 3)).run():
        pass
    assert blas.sets == [] and thread_choice.chosen_so_far() == {}


@pytest.mark.parametrize("threads", [thread_choice.AUTO, 1])
def test_closing_the_run_early_leaves_blas_as_it_was(blas, threads):
    run = trainer(threads=threads, epochs=100).run(report="batch")
    for _, progress in zip(range(5), run):
        assert blas.now == MOST
    run.close()
    assert blas.now == MOST
    assert 1 in blas.during
