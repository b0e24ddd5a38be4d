"""Wide networks open in the window and the views stay bounded.

A 2-50000-1 network: its hidden layer is one block on the canvas (not
50,000 circles and 100,000 lines), the decision map computes a bounded
number of multiply-adds per refresh, and its chooser lists a bounded number
of neurons. The limits are asserted, not the timings (which swing on a
shared machine); ``bench``-style figures are printed with ``-s``.
"""

from __future__ import annotations

import json
import time

import pytest
from PySide6.QtCore import QTimer

from nnapp.engine.network import Network
from nnapp.engine.serialize import NetworkFile, save
from nnapp.model.layout import EXPAND_LIMIT
from nnapp.model import decision_map as M
from nnapp.ui import boundary as B
from nnapp.ui.canvas.layer_items import BandItem, LayerBlock
from nnapp.ui.canvas.scene import MAX_CONNECTION_ITEMS

from .helpers import double_click


@pytest.fixture(scope="module")
def wide_file(tmp_path_factory):
    """A 2-50000-1 network whose file asks for every layer drawn expanded."""
    path = tmp_path_factory.mktemp("wide") / "wide.nnapp"
    save(NetworkFile(Network.dense([2, 50_000, 1], "sigmoid", rng=0)), path)
    tree = json.loads(path.read_text(encoding="utf-8"))
    tree["layout"] = {"collapsed": {"input": False, "hidden": False, "output": False}}
    path.write_text(json.dumps(tree), encoding="utf-8")
    return path


def test_a_2_50000_1_network_opens_with_a_bounded_scene_and_map(window, wide_file, qtbot):
    started = time.perf_counter()
    assert window.files.open_path(str(wide_file), ask=False)
    opened = time.perf_counter() - started
    doc = window.doc
    assert [l.size for l in doc.layers] == [2, 50_000, 1]
    # the hidden layer stays one block although the file asks for it expanded
    scene = window.scene
    assert doc.is_collapsed(1)
    assert list(scene.blocks) == [doc.layers[1].id]
    assert len(scene.neurons) == 3 and not scene.connections
    assert len(scene.bands) == 2
    assert len(scene.items()) < 40
    started = time.perf_counter()
    window.grab()
    painted = time.perf_counter() - started

    # the map of o1 needs every hidden neuron per point: a coarser grid, bounded work
    window.boundary_dock.show()
    window.boundary_dock.raise_()
    m = window.boundary
    qtbot.waitUntil(m.isVisible)
    started = time.perf_counter()
    m.refresh()
    mapped = time.perf_counter() - started
    assert m.neuron() == (2, 0)
    side = m.grid_values().shape[0]
    assert M.MIN_GRID <= side < M.GRID
    assert m.last_work <= M.MAX_MAP_WORK
    # the chooser lists the first neurons of each layer, not 50,001 rows
    assert m.neuron_combo.count() == B.MAX_LISTED + 1
    # any other neuron, chosen on the canvas, is mapped on its own: cheap, full grid
    m.set_neuron(1, 43_210)
    m.refresh()
    assert m.grid_values().shape == (M.GRID, M.GRID)
    assert m.last_work <= M.GRID * M.GRID * 3
    assert m.neuron_combo.currentText().startswith("h43211")
    print(f"\n2-50000-1: open {opened:.2f} s, {len(scene.items())} scene items, grab {painted * 1000:.0f} ms, "
          f"map of o1 {mapped * 1000:.0f} ms ({side}×{side} grid)")


def test_expanding_a_layer_beyond_the_limit_is_refused_with_a_message(window, wide_file, qtbot):
    assert window.files.open_path(str(wide_file), ask=False)
    block = window.scene.blocks[window.doc.layers[1].id]
    messages = []
    window.scene.message.connect(messages.append)
    count = window.editor.stack.count()
    centre = window.view.mapFromScene(block.mapToScene(block.rect().center()))
    double_click(qtbot, window.view.viewport(), centre)
    assert window.editor.stack.count() == count
    assert messages and f"more than {EXPAND_LIMIT:,}" in messages[-1]
    assert "50,000 neurons" in messages[-1]
    assert isinstance(window.scene.blocks[window.doc.layers[1].id], LayerBlock)


def test_a_link_between_two_expanded_layers_with_too_many_connections_is_one_band(window, tmp_path):
    n = EXPAND_LIMIT   # 200 × 200 = 40,000 connections > MAX_CONNECTION_ITEMS
    assert n * n > MAX_CONNECTION_ITEMS
    path = tmp_path / "square.nnapp"
    save(NetworkFile(Network.dense([2, n, n, 1], "tanh", rng=1)), path)
    tree = json.loads(path.read_text(encoding="utf-8"))
    tree["layout"] = {"collapsed": {lid: False for lid in ("input", "hidden1", "hidden2", "output")}}
    path.write_text(json.dumps(tree), encoding="utf-8")
    assert window.files.open_path(str(path), ask=False)
    scene = window.scene
    assert not scene.blocks                     # every layer expanded, as asked
    assert len(scene.neurons) == 2 + 2 * n + 1
    assert any(isinstance(b, BandItem) and b.n == n * n for b in scene.bands)
    assert len(scene.connections) == 2 * n + n  # the two small links, one line per connection
    assert len(scene.items()) < 2 * n * 2 + 2 * n + 3 * n + 50


def test_a_neuron_too_costly_to_map_says_so(qtbot):
    m = B.BoundaryMap()
    qtbot.addWidget(m)
    m.set_network(Network.dense([2, 1500, 1500, 1], "tanh", rng=0))
    m.refresh()
    assert m.grid_values() is None
    assert "is not mapped" in m.caption.text() and "earlier layer" in m.caption.text()
    m.set_neuron(1, 7)
    m.refresh()
    assert m.grid_values().shape == (M.GRID, M.GRID)


def test_the_timer_computes_a_large_map_in_chunks_while_the_window_answers(qtbot):
    m = B.BoundaryMap()
    qtbot.addWidget(m)
    m.resize(400, 400)
    m.show()
    qtbot.waitExposed(m)
    m.set_network(Network.dense([2, 50_000, 1], "sigmoid", rng=0))
    before = m.n_refreshes
    ticks = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticks.append(time.monotonic())
    timer.start()
    qtbot.waitUntil(lambda: m.n_refreshes > before, timeout=10_000)
    timer.stop()
    ticks.append(time.monotonic())
    assert max(b - a for a, b in zip(ticks, ticks[1:])) < 0.100
    assert m.grid_values() is not None and m.last_work <= M.MAX_MAP_WORK


def test_a_deep_network_of_narrow_layers_draws_a_bounded_number_of_items(window, tmp_path, qtbot):
    from nnapp.ui.canvas.scene import MAX_LINE_ITEMS, MAX_NEURON_ITEMS

    sizes = [2] + [32] * 160 + [1]               # 5,123 neurons, 163,904 weights: none of them collapsed alone
    path = tmp_path / "deep.nnapp"
    save(NetworkFile(Network.dense(sizes, "tanh", rng=0)), path)
    started = time.perf_counter()
    assert window.files.open_path(str(path), ask=False)
    opened = time.perf_counter() - started
    scene = window.scene
    assert not any(window.doc.is_collapsed(k) for k in range(len(sizes)))
    assert 0 < len(scene.neurons) <= MAX_NEURON_ITEMS
    assert 0 < len(scene.connections) <= MAX_LINE_ITEMS
    assert scene.blocks and scene.bands           # the rest: one block per layer, one band per link
    assert len(scene.items()) <= MAX_NEURON_ITEMS + MAX_LINE_ITEMS + 3 * len(sizes)
    print(f"\n{len(sizes)} layers: open {opened:.2f} s, {len(scene.items()):,} scene items")
    # a layer drawn as a block because of the budget says how to draw it
    last = window.doc.layers[-2].id
    messages = []
    scene.message.connect(messages.append)
    count = window.editor.stack.count()
    window.view.centerOn(scene.blocks[last])
    block = scene.blocks[last]
    double_click(qtbot, window.view.viewport(), window.view.mapFromScene(block.mapToScene(block.rect().center())))
    assert window.editor.stack.count() == count
    assert messages and f"at most {MAX_NEURON_ITEMS:,} neurons" in messages[-1] and "Ctrl+E" in messages[-1]
