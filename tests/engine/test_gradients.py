"""Backpropagation agrees with central differences for every activation × loss."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nnapp.engine.gradcheck import numeric_gradient
from nnapp.engine.propagation import forward

from .random_networks import random_network, random_targets

TRAINABLE = ["identity", "sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
# outputs each loss can be used with: cross-entropies need outputs in (0, 1)
OUTPUTS = {
    "mse": TRAINABLE,
    "sse": TRAINABLE,
    "bce": ["sigmoid", "softmax"],
    "cce": ["softmax", "sigmoid"],
}
CASES = [(loss, hidden, out) for loss, outs in OUTPUTS.items() for hidden in TRAINABLE for out in outs]


def away_from_kinks(net, X):
    """Finite differences are meaningless across ReLU's kink: keep |z| ≥ 0.05
    (the differences move z by at most 2h·|a| ≈ 0.01)."""
    fp = forward(net, X)
    for k, layer in enumerate(net.layers[1:], start=1):
        if layer.activation in ("relu", "leaky_relu") and np.min(np.abs(fp.zs[k])) < 0.05:
            return False
    return True


@settings(max_examples=len(CASES) * 2, deadline=None)
@given(
    case=st.sampled_from(CASES),
    seed=st.integers(0, 2**31),
    sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
    n=st.integers(1, 4),
)
def test_gradients_match_central_differences(case, seed, sizes, n):
    loss, hidden, out = case
    sizes = [sizes[0] + 1] + sizes[1:]
    if out == "softmax" or loss == "cce":
        sizes[-1] = max(sizes[-1], 2)
    net = random_network(seed, sizes, [hidden], out)
    X = np.random.default_rng(seed + 2).normal(size=(n, sizes[0]))
    Y = random_targets(seed, loss, n, sizes[-1])
    assume(away_from_kinks(net, X))
    check = numeric_gradient(net, X, Y, loss)
    assert check.max_relative_error(floor=1e-4) <= 1e-7, (case, check.names, check.relative_errors(1e-4))


def test_every_case_is_covered_once_deterministically():
    # The same check without hypothesis: one fixed network per case.
    worst = 0.0
    for c, (loss, hidden, out) in enumerate(CASES):
        sizes = [3, 4, 3, 2]
        for seed in range(c * 100, c * 100 + 100):
            net = random_network(seed, sizes, [hidden, "tanh"], out)
            X = np.random.default_rng(seed).normal(size=(3, 3))
            if away_from_kinks(net, X):
                break
        Y = random_targets(c, loss, 3, 2)
        worst = max(worst, numeric_gradient(net, X, Y, loss).max_relative_error(floor=1e-4))
    assert worst <= 1e-7
