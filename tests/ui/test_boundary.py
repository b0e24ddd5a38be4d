"""The decision-boundary map: a neuron's output over the input plane.

The worked case is the tutorial's XOR network (2-2-1, sigmoid) on the four
rows 00, 01, 10, 11. Those points span [0, 1]², so with the 10 % margin the
map covers [−0.1, 1.1]² and its 80 grid points per axis are 1.2 / 79 apart.
Every map value must be exactly what ``forward`` gives at that grid point.
"""

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QComboBox

from nnapp.engine.datasets import load_dataset, one_hot
from nnapp.engine.examples import load_example
from nnapp.engine.network import Network
from nnapp.engine.propagation import forward
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import fit
from nnapp.model.decision_map import GRID
from nnapp.ui.boundary import BoundaryMap
from nnapp.ui.canvas.colors import NEGATIVE, POSITIVE

from .helpers import find


@pytest.fixture
def view(qtbot):
    widget = BoundaryMap()
    qtbot.addWidget(widget)
    widget.resize(520, 520)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def xor():
    return load_example("xor").network, load_dataset("xor")


def trained_xor(net, data):
    """A copy of the XOR network after 3000 full-batch epochs (η = 0.5)."""
    net = net.copy()
    fit(net, data.X, data.Y, TrainingSettings(loss="sse", epochs=3000, learning_rate=0.5, batch_size=0,
                                              shuffle=False))
    return net


def expected_grid(view, net, layer, index):
    """``forward`` on the map's own grid: row i is x2 = ys[i], column j is x1 = xs[j]."""
    xs, ys = view.grid_axes()
    gx, gy = np.meshgrid(xs, ys)
    acts = forward(net, np.column_stack([gx.ravel(), gy.ravel()])).activations[layer]
    return acts[:, index].reshape(len(ys), len(xs))


def rgb(qcolor):
    return qcolor.getRgb()[:3]


def test_the_map_is_the_forward_pass_of_the_output_over_the_data_box(view, xor):
    net, data = xor
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    xs, ys = view.grid_axes()
    # data in [0, 1]², margin 10 % of the span 1 on each side
    np.testing.assert_allclose([xs[0], xs[-1], ys[0], ys[-1]], [-0.1, 1.1, -0.1, 1.1], atol=1e-12)
    assert view.grid_values().shape == (GRID, GRID)
    np.testing.assert_allclose(view.grid_values(), expected_grid(view, net, 2, 0), rtol=0, atol=1e-12)
    assert view.plot_item.titleLabel.text == "o1 over (x1, x2)"
    assert view.plot_item.getAxis("bottom").labelText == "x1"
    assert view.plot_item.getAxis("left").labelText == "x2"


def test_image_pixels_sit_on_their_grid_points(view, xor):
    net, data = xor
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    xs, ys = view.grid_axes()
    dx = xs[1] - xs[0]  # 1.2 / 79
    # pixel (i, j) of the image is the square of side dx centred on (xs[j], ys[i])
    rect = view.image.mapRectToParent(view.image.boundingRect())
    np.testing.assert_allclose([rect.left(), rect.top(), rect.width()], [-0.1 - dx / 2, -0.1 - dx / 2, GRID * dx])
    centre = view.image.mapToParent(QPointF(3.5, 7.5))  # middle of column 3, row 7
    np.testing.assert_allclose([centre.x(), centre.y()], [xs[3], ys[7]], atol=1e-12)


def test_the_dark_line_is_where_the_output_is_one_half(view, xor):
    net, data = xor
    net = trained_xor(net, data)
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    assert view.isocurve.level == 0.5
    view.isocurve.generatePath()
    path = view.isocurve.path
    points = [view.isocurve.mapToParent(QPointF(path.elementAt(k).x, path.elementAt(k).y))
              for k in range(path.elementCount())]
    xy = np.array([[p.x(), p.y()] for p in points])
    # each line's two ends are stretched half a pixel to the image's edge, out of view
    xs, ys = view.grid_axes()
    inside = (xy[:, 0] >= xs[0]) & (xy[:, 0] <= xs[-1]) & (xy[:, 1] >= ys[0]) & (xy[:, 1] <= ys[-1])
    assert inside.sum() > 20  # trained XOR: two lines across the square
    out = forward(net, xy[inside]).output[:, 0]
    # linear interpolation between grid points 0.015 apart: close, not exact
    np.testing.assert_allclose(out, 0.5, atol=1e-3)


def test_choosing_a_hidden_neuron_shows_its_output(view, xor):
    net, data = xor
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    before = view.grid_values().copy()
    combo = find(view, QComboBox, "boundary_neuron")
    assert [combo.itemText(k) for k in range(combo.count())] == ["h1 (hidden)", "h2 (hidden)", "o1 (output)"]
    assert combo.currentText() == "o1 (output)"
    view.set_neuron(1, 0)
    view.refresh()
    assert combo.currentText() == "h1 (hidden)"
    assert view.plot_item.titleLabel.text == "h1 over (x1, x2)"
    assert not np.allclose(view.grid_values(), before)
    np.testing.assert_allclose(view.grid_values(), expected_grid(view, net, 1, 0), rtol=0, atol=1e-12)
    combo.setCurrentIndex(1)  # what a click on "h2" in the list does
    assert view.neuron() == (1, 1)
    view.refresh()
    np.testing.assert_allclose(view.grid_values(), expected_grid(view, net, 1, 1), rtol=0, atol=1e-12)
    with pytest.raises(IndexError):
        view.set_neuron(2, 1)


def test_new_weights_are_drawn_by_the_timer_once(qtbot, view, xor):
    net, data = xor
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    trained = trained_xor(net, data)
    n = view.n_refreshes
    for _ in range(20):  # training sends snapshots faster than the map redraws
        view.update_parameters(trained.arrays())
    assert view.timer.isActive()
    qtbot.waitUntil(lambda: view.n_refreshes > n)
    qtbot.waitUntil(lambda: not view.timer.isActive())
    assert view.n_refreshes == n + 1
    np.testing.assert_allclose(view.grid_values(), expected_grid(view, trained, 2, 0), rtol=0, atol=1e-12)
    # the map kept a copy: the network it was given is unchanged
    assert not np.allclose(net.links[0].W, trained.links[0].W)
    with pytest.raises(ValueError, match="shape"):
        view.update_parameters([np.zeros((3, 3))] + trained.arrays()[1:])


def test_a_hidden_map_waits_until_it_is_shown(qtbot, view, xor):
    net, data = xor
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    n = view.n_refreshes
    view.hide()
    view.update_parameters(trained_xor(net, data).arrays())
    qtbot.waitUntil(lambda: not view.timer.isActive())
    assert view.n_refreshes == n
    view.show()
    qtbot.waitUntil(lambda: view.n_refreshes > n)


def test_zooming_recomputes_the_visible_part(qtbot, view, xor):
    net, data = xor
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    n = view.n_refreshes
    view.plot_item.setRange(xRange=(-3, 3), yRange=(-2, 2), padding=0)
    qtbot.waitUntil(lambda: view.n_refreshes > n)
    xs, ys = view.grid_axes()
    np.testing.assert_allclose([xs[0], xs[-1], ys[0], ys[-1]], [-3, 3, -2, 2], atol=1e-12)


def test_a_network_without_two_inputs_gets_a_message(view, xor):
    view.set_network(Network.dense([3, 2, 1]))
    assert view.stack.currentWidget() is view.message
    assert view.message.text() == "The map needs a network with exactly 2 inputs; this one has 3."
    view.set_data(np.zeros((4, 3)), np.zeros((4, 1)))
    view.update_parameters([])
    view.set_neuron(1, 0)
    view.refresh()
    assert view.n_refreshes == 0 and view.grid_values() is None and not view.timer.isActive()
    net, data = xor
    view.set_network(net)
    view.set_data(data.X, data.Y)
    view.refresh()
    assert view.stack.currentWidget() is not view.message
    assert view.n_refreshes == 1


def test_gaussian_clouds_are_drawn_by_class(view):
    data = load_dataset("gaussians")
    train, val = data.split(0.25, seed=0)
    view.set_network(Network.dense([2, 4, 1], ["tanh", "sigmoid"], rng=1))
    view.set_data(train.X, train.Y, val.X, val.Y)
    view.refresh()
    assert len(view.scatter.data) == train.n_samples
    colours = [rgb(b.color()) for b in view.scatter.data["brush"]]
    expected = [POSITIVE if y else NEGATIVE for y in train.labels()]
    assert colours == expected
    # validation points are rings: the colour is in the outline
    assert len(view.val_scatter.data) == val.n_samples
    assert [rgb(p.color()) for p in view.val_scatter.data["pen"]] == [
        POSITIVE if y else NEGATIVE for y in val.labels()]
    box = np.vstack([train.X, val.X])
    (x0, x1), (y0, y1) = view.plot_item.getViewBox().viewRange()
    span = box.max(axis=0) - box.min(axis=0)
    np.testing.assert_allclose([x0, x1], [box[:, 0].min() - 0.1 * span[0], box[:, 0].max() + 0.1 * span[0]])
    np.testing.assert_allclose([y0, y1], [box[:, 1].min() - 0.1 * span[1], box[:, 1].max() + 0.1 * span[1]])
    view.val_check.setChecked(False)
    assert not view.val_scatter.isVisible()


def test_one_hot_classes_and_regression_values_get_colours(view):
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    view.set_network(Network.dense([2, 3], "softmax"))
    view.set_data(X, one_hot([0, 1, 2]))
    colours = [rgb(b.color()) for b in view.scatter.data["brush"]]
    assert colours[:2] == [NEGATIVE, POSITIVE] and colours[2] not in (NEGATIVE, POSITIVE)
    # identity output: the scale runs −1 (blue) … 1 (orange), the line is at 0
    view.set_network(Network.dense([2, 1], "identity"))
    view.set_data(X, [[-1.0], [0.25], [3.0]])
    colours = [rgb(b.color()) for b in view.scatter.data["brush"]]
    assert colours[0] == NEGATIVE and colours[2] == POSITIVE  # 3 is clipped to 1
    assert view.isocurve.level == 0
    assert view.color_bar.levels() == (-1, 1)


def test_screenshots_of_xor_and_spiral(qtbot, view, xor):
    net, data = xor
    view.set_network(trained_xor(net, data))
    view.set_data(data.X, data.Y)
    view.refresh()
    QApplication.processEvents()  # let the layout settle around the new title and caption
    image = view.grab().toImage()
    assert view.grab().save("/tmp/boundary.png")
    # the corner (1, 1) is class 0: blue-ish map around its point, orange at (0, 1)
    vb = view.plot_item.getViewBox()

    def colour_at(x, y):
        p = vb.mapViewToScene(QPointF(x, y))
        p = view.graphics.mapTo(view, view.graphics.mapFromScene(p))
        return image.pixelColor(p)

    near_11, near_01 = colour_at(0.9, 0.9), colour_at(0.2, 0.9)
    assert near_11.blue() > near_11.red() and near_01.red() > near_01.blue()

    spiral = load_dataset("spiral", n_samples=300, noise=0.02)
    train, val = spiral.split(0.2, seed=0)
    big = Network.dense([2, 16, 16, 1], ["tanh", "tanh", "sigmoid"], rng=0)
    fit(big, train.X, train.Y, TrainingSettings(loss="bce", optimizer="adam", epochs=800,
                                                learning_rate=0.01, batch_size=32))
    view.set_network(big)
    view.set_data(train.X, train.Y, val.X, val.Y)
    view.refresh()
    QApplication.processEvents()
    assert view.grab().save("/tmp/boundary_spiral.png")
    labels = (view.grid_values() >= 0.5)
    assert 0.3 < labels.mean() < 0.7  # both classes hold a good part of the plane


def test_data_of_the_wrong_shape_is_refused(view, xor):
    view.set_network(xor[0])
    with pytest.raises(ValueError, match="2 inputs"):
        view.set_data(np.zeros((4, 3)), np.zeros((4, 1)))
    with pytest.raises(ValueError, match="4 points but 3 targets"):
        view.set_data(np.zeros((4, 2)), np.zeros((3, 1)))
    view.set_data(np.zeros((0, 2)), np.zeros((0, 1)))  # no data: the square [−1, 1]²
    assert view.plot_item.getViewBox().viewRange() == [[-1, 1], [-1, 1]]
