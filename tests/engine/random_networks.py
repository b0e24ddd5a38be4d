"""Random networks with masks and skip links, for property tests."""

import numpy as np

from nnapp.engine.network import Layer, Link, Network


def random_network(seed, sizes, hidden, output, skip=True, mask_density=0.7, dtype=np.float64):
    """A network of ``sizes`` whose hidden layers use ``hidden`` activations.

    Consecutive layers are joined by a link with a random mask (every
    destination neuron keeps at least one connection); with ``skip`` the
    input also links straight to the output.
    """
    rng = np.random.default_rng(seed)
    ids = [f"L{k}" for k in range(len(sizes))]
    layers = [Layer(ids[0], sizes[0])]
    for k in range(1, len(sizes)):
        act = output if k == len(sizes) - 1 else hidden[(k - 1) % len(hidden)]
        layers.append(Layer(ids[k], sizes[k], act, rng.normal(0, 0.5, sizes[k]).astype(dtype)))
    links = []
    pairs = [(k, k + 1) for k in range(len(sizes) - 1)]
    if skip and len(sizes) > 2:
        pairs.append((0, len(sizes) - 1))
    for s, d in pairs:
        mask = rng.random((sizes[s], sizes[d])) < mask_density
        mask[rng.integers(sizes[s], size=sizes[d]), np.arange(sizes[d])] = True
        W = np.where(mask, rng.normal(0, 0.8, (sizes[s], sizes[d])), 0.0).astype(dtype)
        links.append(Link(ids[s], ids[d], W, None if mask.all() else mask))
    return Network(layers, links)


def random_targets(seed, loss, n, k):
    rng = np.random.default_rng(seed + 1)
    if loss == "cce":
        return np.eye(k)[rng.integers(k, size=n)]
    if loss == "bce":
        return rng.integers(0, 2, size=(n, k)).astype(float)
    return rng.normal(size=(n, k))
