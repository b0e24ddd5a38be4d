"""The BLAS thread limit the training worker puts on numpy while it trains."""

import numpy as np
import pytest

from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import Trainer
from nnapp.ui.training import worker as worker_module
from nnapp.engine.blas_threads import blas_threads, limited_threads, spare_cores

needs_openblas = pytest.mark.skipif(blas_threads() is None, reason="numpy's BLAS here is not OpenBLAS")


@needs_openblas
def test_limited_threads_lowers_the_count_and_puts_it_back():
    before = blas_threads()
    with limited_threads(1):
        assert blas_threads() == 1
        # the products are the same with one thread
        a = np.arange(12.0).reshape(3, 4)
        assert np.array_equal(a @ a.T, np.einsum("ij,kj->ik", a, a))
    assert blas_threads() == before


@needs_openblas
def test_limited_threads_puts_the_count_back_after_an_error():
    before = blas_threads()
    with pytest.raises(RuntimeError):
        with limited_threads(1):
            raise RuntimeError("boom")
    assert blas_threads() == before


@needs_openblas
def test_no_limit_or_a_higher_one_changes_nothing():
    before = blas_threads()
    with limited_threads(None):
        assert blas_threads() == before
    with limited_threads(before + 5):
        assert blas_threads() == before


def test_one_core_is_kept_for_the_window():
    assert 1 <= spare_cores()
    assert worker_module.BLAS_THREADS == spare_cores()


@needs_openblas
def test_the_worker_trains_with_the_limit_and_restores_it(monkeypatch):
    monkeypatch.setattr(worker_module, "BLAS_THREADS", 1)
    seen = []

    class Recording(worker_module.TrainingWorker):
        def _loop(self):
            seen.append(blas_threads())
            return super()._loop()

    net = Network.dense([2, 2, 1], ["sigmoid", "sigmoid"], rng=0)
    X, Y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[1.0], [0.0]])
    before = blas_threads()
    w = Recording(Trainer(net, X, Y, TrainingSettings(epochs=3, batch_size=2)))
    finished = []
    w.finished.connect(finished.append)
    w.run()  # in this thread: the signals are delivered at once
    assert seen == [1]
    assert blas_threads() == before
    assert finished and finished[0].epoch == 3
