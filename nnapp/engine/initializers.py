"""Weight initialisers: normal, uniform, xavier (Glorot), he, constant.

Each initialiser fills every link's ``W`` from an explicit
``numpy.random.Generator`` and keeps absent connections at 0. Biases are set
to ``bias`` (0 unless asked). Fan-in and fan-out count the connections that
exist, summed over all links into (or out of) a layer, so skip links and
masks are taken into account.
"""

from __future__ import annotations

import numpy as np
from nnapp.text import tr

INITIALIZERS = ("normal", "uniform", "xavier", "he", "constant")


def as_generator(rng: np.random.Generator | int | None) -> np.random.Generator:
    """A Generator from a seed, or the Generator itself."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(rng)


def initialize(
    net,
    method: str = "xavier",
    rng: np.random.Generator | int | None = 0,
    *,
    std: float = 1.0,
    low: float = -1.0,
    high: float = 1.0,
    value: float = 0.0,
    bias: float = 0.0,
    init_bias: bool = True,
) -> None:
    """Fill the weights (and biases) of ``net`` in place.

    Parameters
    ----------
    net : Network
    method : {"normal", "uniform", "xavier", "he", "constant"}
        ``normal``: N(0, std²) — the tutorial's ``np.random.normal()`` when
        std = 1. ``uniform``: U(low, high). ``xavier``: U(−r, r) with
        r = √(6 / (fan_in + fan_out)). ``he``: N(0, 2 / fan_in).
        ``constant``: every weight equal to ``value``.
    rng : Generator or int or None
        Source of all randomness (a seed makes it repeatable).
    init_bias : bool
        Also set every bias: to ``bias`` or, for ``normal`` with
        ``bias=None``, drawn like the weights.
    """
    if method not in INITIALIZERS:
        raise ValueError(tr("unknown initialiser {method!r} (known: {initializers})")
                         .format(method=method, initializers=', '.join(INITIALIZERS)))
    gen = as_generator(rng)
    fan_in = [0] * len(net.layers)
    fan_out = [0] * len(net.layers)
    for link in net.links:
        connected = link.connected()
        s, d = net.layer_index(link.src), net.layer_index(link.dst)
        fan_in[d] += int(connected.sum(axis=0).max(initial=0))
        fan_out[s] += int(connected.sum(axis=1).max(initial=0))
    for link in net.links:
        s, d = net.layer_index(link.src), net.layer_index(link.dst)
        shape = link.W.shape
        if method == "normal":
            W = gen.normal(0.0, std, size=shape)
        elif method == "uniform":
            W = gen.uniform(low, high, size=shape)
        elif method == "xavier":
            r = np.sqrt(6.0 / max(fan_in[d] + fan_out[d], 1))
            W = gen.uniform(-r, r, size=shape)
        elif method == "he":
            W = gen.normal(0.0, np.sqrt(2.0 / max(fan_in[d], 1)), size=shape)
        else:
            W = np.full(shape, float(value))
        if link.mask is not None:
            W = np.where(link.mask, W, 0.0)
        link.W = W.astype(link.W.dtype)
    if init_bias:
        for layer in net.layers[1:]:
            if bias is None:
                b = gen.normal(0.0, std, size=layer.size)
            else:
                b = np.full(layer.size, float(bias))
            layer.bias = b.astype(layer.bias.dtype)
