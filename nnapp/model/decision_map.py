"""The numbers behind the decision map: one neuron's output over a grid of
the plane of a network's two inputs, in bounded pieces.

Only the layers the shown neuron depends on are computed, and only that
neuron of its own layer (:func:`neuron_network`); the grid is computed in
chunks of at most ``CHUNK_WORK`` multiply-adds and ``CHUNK_VALUES`` numbers
(:class:`MapJob`), so whoever shows the map can compute one chunk per turn
of its event loop; and when ``GRID``² points would cost more than
``MAX_MAP_WORK`` multiply-adds the grid gets coarser (:func:`grid_size`,
never below ``MIN_GRID``). The window's map (``nnapp.ui.boundary``) draws
what this computes.
"""

from __future__ import annotations

import numpy as np

from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.propagation import forward
from nnapp.text import tr

GRID = 80
MIN_GRID = 12
MAX_MAP_WORK = 40_000_000
"""Multiply-adds one refresh may cost (grid points × the work of one point)."""
CHUNK_VALUES = 2_000_000
"""Most numbers one layer's activations may hold at once while the grid is computed."""
CHUNK_WORK = 1_500_000
"""Multiply-adds computed in one turn of the event loop (some 20 ms)."""
MAX_POINTS = 2_000
"""Data points drawn of each kind (training, validation): an evenly spread
sample of larger data, so sorted rows still show every class."""

def guess_task(Y: np.ndarray) -> str:
    """"classification" when every row of ``Y`` (n, k) is a 0/1 class
    (one column of 0s and 1s, or one-hot rows), else "regression"."""
    classes = np.all((Y == 0) | (Y == 1)) and (Y.shape[1] == 1 or np.all(Y.sum(axis=1) == 1))
    return "classification" if classes else "regression"


def neuron_network(net: Network, layer: int, index: int) -> Network:
    """The part of ``net`` that neuron ``index`` of layer ``layer`` depends on.

    Layers after ``layer`` are left out and ``layer`` keeps only that neuron
    (all of it for softmax, whose outputs depend on each other), so the
    neuron is the last layer's column ``0`` (or ``index`` for softmax).
    Arrays are shared with ``net``, not copied.
    """
    kept = net.layers[:layer + 1]
    ids = {l.id for l in kept}
    target = net.layers[layer]
    links = [k for k in net.links if k.src in ids and k.dst in ids]
    if target.activation == "softmax":
        return Network(kept, links)
    narrowed = Layer(target.id, 1, target.activation, target.bias[index:index + 1])
    cut = [Link(k.src, k.dst, k.W[:, index:index + 1], None if k.mask is None else k.mask[:, index:index + 1])
           if k.dst == target.id else k for k in links]
    return Network(list(kept[:-1]) + [narrowed], cut)


def point_work(net: Network) -> int:
    """Multiply-adds of one point through ``net``: its weights and neurons."""
    return sum(k.W.size for k in net.links) + sum(l.size for l in net.layers[1:])


def neuron_over_points(net: Network, points: np.ndarray, layer: int, index: int) -> np.ndarray:
    """The output of one neuron at every point, computed in bounded chunks.

    Parameters
    ----------
    net : Network
    points : ndarray, shape (n_points, n_inputs)
    layer, index : int
        The neuron: layer ≥ 1 of ``net``, neuron ``index`` of it.

    Returns
    -------
    ndarray, shape (n_points,)
    """
    part = neuron_network(net, layer, index)
    column = index if part.layers[-1].size > 1 else 0
    out = np.empty(len(points))
    for rows in _chunks(len(points), point_work(part), max(l.size for l in part.layers)):
        out[rows] = _evaluate(part, points[rows], column)
    return out


def _chunks(n_points: int, work_per_point: int, widest: int) -> list[slice]:
    """Slices of at most ``CHUNK_WORK`` multiply-adds and ``CHUNK_VALUES`` numbers each."""
    step = max(1, min(CHUNK_WORK // max(1, work_per_point), CHUNK_VALUES // max(1, widest)))
    return [slice(start, min(n_points, start + step)) for start in range(0, n_points, step)]


def _evaluate(part: Network, points: np.ndarray, column: int) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        return forward(part, points).activations[-1][:, column]


class MapJob:
    """One grid being computed, a chunk at a time.

    Attributes
    ----------
    xs, ys : ndarray, shape (side,)
    values : ndarray, shape (side * side,)
        Row-major: point ``i * side + j`` is (xs[j], ys[i]).
    work : int
        Multiply-adds per point.
    """

    def __init__(self, part: Network, column: int, xs: np.ndarray, ys: np.ndarray, work: int) -> None:
        self.part, self.column, self.xs, self.ys, self.work = part, column, xs, ys, work
        gx, gy = np.meshgrid(xs, ys)
        self.points = np.column_stack([gx.ravel(), gy.ravel()])
        self.values = np.empty(len(self.points))
        self._todo = _chunks(len(self.points), work, max(l.size for l in part.layers))

    def step(self) -> bool:
        """Compute the next chunk; True when the grid is complete."""
        if self._todo:
            rows = self._todo.pop(0)
            self.values[rows] = _evaluate(self.part, self.points[rows], self.column)
        return not self._todo


def grid_size(work_per_point: int) -> int:
    """Points per side of the grid for a neuron costing ``work_per_point``,
    or 0 when even ``MIN_GRID`` would cost more than ``MAX_MAP_WORK``."""
    side = int(np.sqrt(MAX_MAP_WORK / max(1, work_per_point)))
    if side < MIN_GRID:
        return 0
    return min(GRID, side)


def spread(X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most ``MAX_POINTS`` rows of ``X`` (n, 2) and ``Y`` (n, k), evenly spread."""
    if len(X) <= MAX_POINTS:
        return X, Y
    rows = np.linspace(0, len(X) - 1, MAX_POINTS).round().astype(int)
    return X[rows], Y[rows]


def points_shown(X, Y) -> tuple[np.ndarray, np.ndarray]:
    """``X`` as (n, 2) and ``Y`` as (n, k) float arrays, or a ValueError saying what is wrong."""
    X = np.asarray(X, dtype=float).reshape(-1, 2) if np.size(X) == 0 else np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(tr("the map draws points of 2 inputs, got an array of shape {shape}").format(shape=X.shape))
    Y = np.asarray(Y, dtype=float)
    Y = Y.reshape(len(X), -1) if Y.ndim < 2 else Y
    if len(Y) != len(X):
        raise ValueError(tr("{n_X} points but {n_Y} targets").format(n_X=len(X), n_Y=len(Y)))
    return X, Y
