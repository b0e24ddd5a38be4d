"""Gradient descent on a function of one variable: the tutorial's numbers,
how a run stops, and what it refuses. No Qt."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnapp.engine.descent import DIVERGED_BEYOND, FUNCTIONS, descend, get_function


def test_the_tutorials_run_converges_after_70_steps():
    # f(x) = x⁴ − 3x³ + 2, f′(x) = 4x³ − 9x², from x0 = 6 with η = 0.01 and precision 1e−5
    run = descend("quartic", 6.0, 0.01, precision=1e-5)
    assert run.stopped == "converged" and run.converged and not run.diverged
    assert run.steps == 70
    assert run.x == 2.2499646074278457            # the tutorial prints 2.249965
    assert f"{run.x:.6f}" == "2.249965"
    assert run.escaped is None


def test_the_first_step_is_written_out():
    # f′(6) = 4·216 − 9·36 = 864 − 324 = 540, so x1 = 6 − 0.01·540 = 0.6
    run = descend("quartic", 6.0, 0.01)
    assert run.gradients[0] == 540.0
    assert run.xs[1] == pytest.approx(0.6, abs=1e-15)
    # f(6) = 1296 − 648 + 2 = 650
    assert run.fs[0] == 650.0


def test_every_x_f_and_gradient_is_kept_x0_first():
    run = descend("quartic", 6.0, 0.01)
    assert run.xs.shape == run.fs.shape == run.gradients.shape == (run.steps + 1,)
    assert run.xs[0] == 6.0
    fn = FUNCTIONS["quartic"]
    np.testing.assert_allclose(run.fs, fn.f(run.xs), rtol=0, atol=0)
    np.testing.assert_allclose(run.gradients, fn.df(run.xs), rtol=0, atol=0)
    # each step is x ← x − η·f′(x)
    np.testing.assert_allclose(run.xs[1:], run.xs[:-1] - 0.01 * run.gradients[:-1], rtol=0, atol=1e-15)
    # the last step moved x by no more than the precision, the one before by more
    assert abs(run.xs[-1] - run.xs[-2]) <= 1e-5 < abs(run.xs[-2] - run.xs[-3])
    with pytest.raises(ValueError):
        run.xs[0] = 1.0                            # read-only: a record


def test_the_minimum_of_the_quartic_is_at_nine_quarters():
    fn = get_function("quartic")
    assert fn.minimum == 2.25
    assert fn.df(2.25) == 0.0
    assert fn.f(2.25) == -6.54296875
    assert fn.formula == "f(x) = x⁴ − 3x³ + 2" and fn.derivative_formula == "f′(x) = 4x³ − 9x²"


def test_a_large_learning_rate_diverges_at_the_first_steps_without_a_warning():
    # the suite turns RuntimeWarning into an error: no overflow may happen on the way
    run = descend("quartic", 6.0, 0.1)
    assert run.stopped == "diverged" and run.diverged
    assert run.steps <= 3
    # x1 = 6 − 0.1·540 = −48; x2 = −48 − 0.1·f′(−48) = 46262.4; the third step leaves the bound
    assert run.xs[1] == pytest.approx(-48.0)
    assert abs(run.escaped) > DIVERGED_BEYOND
    assert len(run.xs) == run.steps                 # the step that left is not kept
    assert np.all(np.abs(run.xs) <= DIVERGED_BEYOND)


def test_an_enormous_learning_rate_stops_at_once():
    run = descend("quartic", 6.0, 1e300)
    assert run.stopped == "diverged" and run.steps == 1
    assert run.xs.tolist() == [6.0]
    run = descend("quartic", 6.0, 1.7e308)        # the step itself is infinite
    assert run.stopped == "diverged" and math.isinf(run.escaped)


def test_a_small_learning_rate_crawls():
    fast, slow = descend("quartic", 6.0, 0.01), descend("quartic", 6.0, 0.001)
    assert slow.converged and slow.steps == 358 > 5 * fast.steps
    assert slow.x == pytest.approx(2.25, abs=1e-3)


def test_a_rate_between_can_stop_on_the_flat_step_at_zero():
    # f′(0) = 0 as well: with η = 0.015 the run lands near x = 0 and its steps shrink below the precision
    run = descend("quartic", 6.0, 0.015)
    assert run.converged and run.steps == 839
    assert abs(run.x) < 0.01


def test_a_run_that_bounces_runs_out_of_steps():
    # on x², η = 1 gives x ← x − 2x = −x: it jumps between 1 and −1 for ever
    run = descend("parabola", 1.0, 1.0, max_steps=50)
    assert run.stopped == "max_steps" and run.steps == 50
    assert set(run.xs.tolist()) == {1.0, -1.0}
    assert descend("parabola", 1.0, 0.1).converged


@pytest.mark.parametrize("args, words", [
    (("cubic", 1.0, 0.1), "unknown function"),
    (("quartic", float("nan"), 0.1), "finite"),
    (("quartic", 2e6, 0.1), "between"),
    (("quartic", 1.0, 0.0), "greater than 0"),
    (("quartic", 1.0, -0.1), "greater than 0"),
    (("quartic", 1.0, float("inf")), "finite"),
    (("quartic", 1.0, "fast"), "must be a number"),
    (("quartic", True, 0.1), "must be a number"),
    (("quartic", 1.0, 0.1, 0.0), "precision"),
    (("quartic", 1.0, 0.1, 1e-5, 0), "number of steps"),
    (("quartic", 1.0, 0.1, 1e-5, 2.5), "number of steps"),
])
def test_what_cannot_be_used_is_refused_with_a_message(args, words):
    with pytest.raises(ValueError, match=words):
        descend(*args)


def test_every_registered_function_has_its_derivative():
    for fn in FUNCTIONS.values():
        xs = np.linspace(*fn.view, 41)
        h = 1e-6
        numeric = (fn.f(xs + h) - fn.f(xs - h)) / (2 * h)
        np.testing.assert_allclose(fn.df(xs), numeric, rtol=1e-6, atol=1e-5)
        assert fn.view[0] < fn.minimum < fn.view[1]
        assert fn.formula.startswith("f(x) = ") and fn.derivative_formula.startswith("f′(x) = ")
