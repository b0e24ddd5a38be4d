"""The engine's choice of BLAS threads: measured on the batches themselves,
kept per shape of work, overridable."""

from __future__ import annotations

import pytest

from nnapp.engine import thread_choice
from nnapp.engine.thread_choice import AUTO, TRIAL_BATCHES, ThreadTrial, work_key


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    thread_choice.forget()
    monkeypatch.setattr(thread_choice, "blas_threads", lambda: 4)
    yield
    thread_choice.forget()


def run(trial, seconds_at):
    """Feed ``trial`` batches timed by ``seconds_at(threads)`` until it chooses; the counts it tried."""
    tried = []
    while trial.measuring():
        n = trial.threads()
        tried.append(n)
        trial.record(n, seconds_at(n))
    return tried


def test_one_thread_is_kept_when_it_is_faster():
    trial = ThreadTrial(work_key([784, 128, 10], 32, "float32"))
    tried = run(trial, lambda n: 0.0010 if n == 1 else 0.0017)
    assert tried.count(1) == tried.count(4) == TRIAL_BATCHES
    assert trial.chosen == 1 and trial.threads() == 1


def test_all_threads_only_when_clearly_faster():
    fast = ThreadTrial(work_key([2000, 2000], 512, "float64"))
    run(fast, lambda n: 0.050 if n == 1 else 0.020)
    assert fast.chosen == 4
    # 5 % faster is not enough to take every core
    close = ThreadTrial(work_key([300, 300], 128, "float64"))
    run(close, lambda n: 0.0105 if n == 1 else 0.0100)
    assert close.chosen == 1


def test_the_choice_is_kept_for_the_same_work_and_made_again_for_other_work():
    key = work_key([64, 32, 10], 32, "float32")
    run(ThreadTrial(key), lambda n: 0.001 if n == 1 else 0.002)
    again = ThreadTrial(key)
    assert not again.measuring() and again.threads() == 1
    other = ThreadTrial(work_key([64, 32, 10], 64, "float32"))
    assert other.measuring()


def test_the_fastest_batch_of_each_count_decides_not_one_slow_batch():
    trial = ThreadTrial(work_key([10, 10], 8, "float64"))
    times = iter([0.5] + [0.001] * 100)   # the first batch at one thread was held up
    run(trial, lambda n: next(times) if n == 1 else 0.003)
    assert trial.chosen == 1


@pytest.mark.parametrize("override, expected", [(1, 1), (3, 3), (None, None)])
def test_a_setting_overrides_the_measurement(override, expected):
    trial = ThreadTrial(work_key([784, 128, 10], 32, "float32"), override)
    assert not trial.measuring()
    assert trial.threads() == expected
    trial.record(1, 0.001)
    assert thread_choice.chosen_so_far() == {}


def test_nothing_is_measured_where_blas_threads_cannot_be_set(monkeypatch):
    monkeypatch.setattr(thread_choice, "blas_threads", lambda: None)
    trial = ThreadTrial(work_key([784, 128, 10], 32, "float32"), AUTO)
    assert not trial.measuring() and trial.threads() is None
