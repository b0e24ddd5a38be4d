"""Every registry entry is consistent with itself.

An activation, loss or optimizer is one entry: its in-place rules (used by the
fast plan), the allocating forms made from them (the general loop, the trace),
the scalar forms (the one-sample path) and the symbols (the step panel) must
agree. A new entry is checked here without a test of its own being written.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine.activations import ACTIVATIONS, OUTPUT, Scratch
from nnapp.engine.losses import LOSSES
from nnapp.engine.network import Network
from nnapp.engine.optimizers import OPTIMIZERS, SGD
from nnapp.engine.steps import build_steps
from nnapp.engine.trace import trace

SCHEMA = Path(__file__).resolve().parents[2] / "nnapp" / "resources" / "schema" / "network.schema.json"
NAMES = list(ACTIVATIONS)
TRAINABLE = [name for name in NAMES if ACTIVATIONS[name].trainable]
# values away from the kinks of ReLU, leaky ReLU and step (finite differences straddle no kink)
Z = np.array([[-3.0, -0.7, -0.2, 0.3, 1.1, 2.5], [0.9, -1.6, 0.45, -0.05, 0.15, -2.2]])


@pytest.mark.parametrize("name", NAMES)
def test_in_place_forward_equals_the_allocating_one(name):
    act = ACTIVATIONS[name]
    for dtype in (np.float64, np.float32):
        z = Z.astype(dtype)
        out = np.empty_like(z)
        act.forward_into(z, out, Scratch(z))
        expected = act.f(z)
        assert expected.dtype == dtype
        np.testing.assert_array_equal(out, expected)
        same = z.copy()  # out may be z itself
        act.forward_into(same, same, Scratch(same))
        np.testing.assert_array_equal(same, expected)


@pytest.mark.parametrize("name", TRAINABLE)
def test_backward_equals_finite_differences(name):
    act = ACTIVATIONS[name]
    g = np.random.default_rng(3).normal(size=Z.shape)
    h = 1e-6
    # the vector-Jacobian product g·∂a/∂z, one z at a time, by central differences
    numeric = np.zeros_like(Z)
    for index in np.ndindex(Z.shape):
        up, down = Z.copy(), Z.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = np.sum(g * (act.f(up) - act.f(down))) / (2 * h)
    a = act.f(Z)
    np.testing.assert_allclose(act.backward(Z, a, g), numeric, rtol=1e-6, atol=1e-8)
    if act.elementwise:
        np.testing.assert_allclose(act.derivative(Z, a) * g, numeric, rtol=1e-6, atol=1e-8)
    in_place = g.copy()
    act.backward_into(a, in_place, Scratch(a))
    np.testing.assert_array_equal(in_place, act.backward(Z, a, g))


@pytest.mark.parametrize("name", [n for n in NAMES if ACTIVATIONS[n].elementwise])
def test_scalar_forms_equal_the_array_forms(name):
    act = ACTIVATIONS[name]
    assert act.scalar_f is not None
    a = act.f(Z)
    for z, expected in zip(Z.ravel(), a.ravel()):
        assert act.scalar_f(float(z)) == pytest.approx(float(expected), rel=1e-15, abs=1e-300)
    if act.trainable:
        assert act.scalar_derivative is not None
        d = act.derivative(Z, a)
        for z, y, expected in zip(Z.ravel(), a.ravel(), d.ravel()):
            assert act.scalar_derivative(float(z), float(y)) == pytest.approx(float(expected), rel=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_symbols_are_present(name):
    act = ACTIVATIONS[name]
    assert act.name == name and act.formula and act.shown_as
    if act.trainable and act.elementwise:
        assert act.derivative_formula
        # f′ is shown either written with the output or, when piecewise, as its value
        assert act.derivative_pieces is not None or act.scalar_derivative is not None
        if act.derivative_pieces is not None and OUTPUT in act.derivative_pieces:
            assert all(isinstance(p, str) for p in act.derivative_pieces)


@pytest.mark.parametrize("name", TRAINABLE)
def test_the_step_panel_writes_every_derivative(name):
    net = Network.dense([2, 3, 2], [name, "identity"], rng=1)
    t = trace(net, [0.5, -0.8], [0.2, 0.7], loss="mse", learning_rate=0.1)
    deltas = [s for s in build_steps(t) if s.kind == "delta" and s.phase == "backward"]
    assert deltas and all("?" not in s.numbers_at(4) for s in deltas)
    hidden = [s for s in deltas if s.target[1] == 1]
    for s in hidden:
        assert np.isclose(float(s.value), float(t.deltas[1][s.target[2]]))


def test_the_file_schema_lists_every_activation():
    schema = SCHEMA.read_text(encoding="utf-8")
    enums = [e for e in _enums(json.loads(schema)) if "sigmoid" in e]
    assert enums and all(sorted(e) == sorted(ACTIVATIONS) for e in enums)


def _enums(node):
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            yield node["enum"]
        for value in node.values():
            yield from _enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from _enums(value)


# --- losses --------------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in LOSSES if LOSSES[n].residual_into is not None])
def test_in_place_residual_equals_value_and_gradient(name):
    loss = LOSSES[name]
    rng = np.random.default_rng(5)
    a, y = rng.random((4, 3)), rng.random((4, 3))
    g = np.empty_like(a)
    total = loss.residual_into(a, y, g) * loss.value_scale(4, 3)
    assert total == pytest.approx(float(loss.value(a, y)), rel=1e-14)
    np.testing.assert_allclose(g * loss.delta_scale(4, 3), loss.dL_da(a, y), rtol=1e-14)


@pytest.mark.parametrize("name", [n for n in LOSSES if LOSSES[n].fused_into is not None])
def test_in_place_fused_pair_equals_value_and_fused_delta(name):
    loss = LOSSES[name]
    act = ACTIVATIONS[loss.fused_with]
    rng = np.random.default_rng(6)
    z = rng.normal(size=(5, 3)) * 4
    y = np.eye(3)[rng.integers(0, 3, 5)]
    a = act.f(z)
    work, g = z.copy(), np.empty_like(z)
    total = loss.fused_into(work, work, y, y.sum(axis=1, keepdims=True), g, Scratch(work))
    np.testing.assert_allclose(work, a, rtol=1e-14)  # the activation, written over the logits
    assert total * loss.value_scale(5, 3) == pytest.approx(float(loss.value(a, y, z)), rel=1e-13)
    np.testing.assert_allclose(g * loss.delta_scale(5, 3), loss.fused_delta(z, a, y), rtol=1e-13, atol=1e-16)


# --- optimizers ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_every_optimizer_has_its_formula(name):
    assert OPTIMIZERS[name].name == name and OPTIMIZERS[name].formula


@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_sgd_folded_update_equals_its_update(l2):
    rng = np.random.default_rng(7)
    p, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    mask = (rng.random((3, 4)) < 0.6).astype(float)
    lr = 0.3
    expected = p.copy()
    SGD(lr, l2).update(0, expected, g.copy(), mask, True, np.empty_like(p))
    folded, scaled = p.copy(), g * lr
    ops = SGD.folded_ops(folded, scaled, mask, np.array(lr * l2) if l2 else None, np.empty_like(p))
    for f, args in ops:
        f(*args)
    np.testing.assert_allclose(folded, expected, rtol=1e-14, atol=1e-15)
    np.testing.assert_array_equal(folded[mask == 0], p[mask == 0])
