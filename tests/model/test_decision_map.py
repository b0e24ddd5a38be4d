"""The decision map's numbers, without a window: one neuron over points
from only the layers it depends on, and a grid bounded by its work."""

from __future__ import annotations

import numpy as np

from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.propagation import forward
from nnapp.model import decision_map as M


def test_one_neuron_over_points_matches_the_whole_forward_pass():
    rng = np.random.default_rng(3)
    layers = [Layer("in", 2), Layer("a", 5, "tanh", rng.normal(size=5)), Layer("b", 4, "sigmoid", rng.normal(size=4)),
              Layer("c", 3, "softmax", rng.normal(size=3))]
    mask = rng.random((5, 4)) > 0.3
    links = [Link("in", "a", rng.normal(size=(2, 5))), Link("a", "b", rng.normal(size=(5, 4)) * mask, mask),
             Link("in", "b", rng.normal(size=(2, 4))), Link("b", "c", rng.normal(size=(4, 3)))]
    net = Network(layers, links)
    points = rng.normal(size=(37, 2))
    whole = forward(net, points).activations
    for layer, index in [(1, 4), (2, 0), (2, 3), (3, 1)]:
        got = M.neuron_over_points(net, points, layer, index)
        np.testing.assert_allclose(got, whole[layer][:, index], rtol=1e-12)
    # the part for a hidden neuron leaves out the later layers and the other neurons of its own
    part = M.neuron_network(net, 2, 3)
    assert [l.size for l in part.layers] == [2, 5, 1]
    assert M.point_work(part) == 2 * 5 + 5 + 5 * 1 + 2 * 1 + 1


def test_the_grid_gets_coarser_with_the_work_and_stops_at_a_floor():
    assert M.grid_size(10) == M.GRID
    side = M.grid_size(200_000)
    assert M.MIN_GRID <= side < M.GRID and side * side * 200_000 <= M.MAX_MAP_WORK
    assert M.grid_size(M.MAX_MAP_WORK) == 0
