"""The decision-boundary map: one neuron's output over the plane of two inputs.

For a network with exactly two inputs, :class:`BoundaryMap` evaluates the
network on a grid of points covering the visible part of the input plane and
draws the chosen neuron's output there as a heat map, with the line where
that output crosses its middle value (0.5 for sigmoid, softmax and step,
0 for the others) and the data points on top, as TensorFlow Playground
shows it. Colours follow the canvas: blue for low, near-white for the
middle, orange for high; training points are filled dots, validation points
rings, both coloured by their target.

It is not the training controller and it does not train: whoever trains
calls :meth:`BoundaryMap.update_parameters` with each snapshot of the
weights. That only copies numbers and marks the map dirty; a single-shot
:class:`QTimer` recomputes it (one forward pass of ``GRID``² rows) about ten
times a second at most, and only while the widget is visible. The plot
items are created once and updated with ``setImage`` and ``setData``.

The work of one refresh is bounded, so a wide network never stops the
window: only the layers the shown neuron depends on are computed, and only
that neuron of its own layer (:func:`neuron_over_points`); the grid is
computed in chunks (``CHUNK_WORK``, ``CHUNK_VALUES``), one per turn of the
event loop when the timer refreshes it, so the window answers meanwhile;
and when
``GRID``² points would cost more than ``MAX_MAP_WORK`` multiply-adds the
grid gets coarser (never below ``MIN_GRID``), and beyond that the map says
the neuron is too costly to map. The neuron chooser lists at most
``MAX_LISTED`` neurons of a layer; any other is shown by selecting it on
the canvas.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QTransform
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.network import neuron_prefix
from nnapp.model.decision_map import (MAX_MAP_WORK, MAX_POINTS, MIN_GRID, MapJob, grid_size, guess_task,
                                      neuron_network, point_work, points_shown, spread)

from .plot_numbers import decimal_ticks
from .canvas.colors import NEGATIVE, POSITIVE, ZERO
from .map_page import MapPage
from .square_plot import SquarePlotFrame
from nnapp.text import marked, tr

MAX_LISTED = 50
"""Neurons per layer listed in the chooser."""
REFRESH_MS = 100
MARGIN = 0.10
INK = "#333333"
NO_NETWORK = marked("The map appears here for a network with 2 inputs.")

#: Activations whose output lies in [0, 1]: the scale runs 0 → 1 and the boundary is at 0.5.
UNIT_ACTIVATIONS = tuple(name for name, act in ACTIVATIONS.items() if act.output_range == (0.0, 1.0))

#: Class colours for one-hot targets: blue and orange first, as the scale, then Dark2.
CLASS_PALETTE = [NEGATIVE, POSITIVE, (27, 158, 119), (117, 112, 179), (231, 41, 138),
                 (102, 166, 30), (166, 118, 29), (102, 102, 102)]


def _pale(rgb, amount=0.55):
    """``rgb`` moved ``1 − amount`` of the way to the scale's white (for the map)."""
    return tuple(round(z + (c - z) * amount) for z, c in zip(ZERO, rgb))


#: The map's colours, a little paler than the points so the points stand out.
MAP_COLORS = pg.ColorMap([0.0, 0.5, 1.0], [_pale(NEGATIVE), ZERO, _pale(POSITIVE)])
POINT_COLORS = pg.ColorMap([0.0, 0.5, 1.0], [NEGATIVE, ZERO, POSITIVE])


class BoundaryMap(QWidget):
    """A neuron's output over the input plane, with the data on top.

    Attributes
    ----------
    net : Network or None
        The kept copy of the network (None without one, or with ≠ 2 inputs).
    timer : QTimer
        Single-shot; started when something changed, it calls :meth:`refresh`.
    n_refreshes : int
        How many times the grid has been computed.
    plot_item : pyqtgraph.PlotItem
    image, isocurve, scatter, val_scatter, color_bar
        The plot items, created once.
    neuron_combo : QComboBox
        Every non-input neuron ("boundary_neuron").
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boundary_map")
        self.net = None
        self.n_refreshes = 0
        self.last_work = 0
        self._neuron = (1, 0)
        self._refused = False
        self._dirty = False
        self._grid: np.ndarray | None = None
        self._axes: tuple[np.ndarray, np.ndarray] | None = None
        self._data: tuple | None = None  # X, Y, X_val, Y_val, task
        self._choices: list[tuple[int, int]] = []  # (layer, index) of each combo row

        self.timer = QTimer(self)
        self.timer.setObjectName("boundary_refresh_timer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._timer_fired)
        self._job: MapJob | None = None
        self._chunk_timer = QTimer(self)
        self._chunk_timer.setSingleShot(True)
        self._chunk_timer.setInterval(0)
        self._chunk_timer.timeout.connect(self._next_chunk)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.message = QLabel(tr(NO_NETWORK))
        self.message.setObjectName("boundary_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMargin(12)
        self.stack.addWidget(self.message)
        self.stack.addWidget(self._build_map_page())

    # ----------------------------------------------------------------- build

    def _build_map_page(self) -> QWidget:
        page = MapPage()
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("boundary_graphics")
        self.graphics.setBackground("w")
        self.graphics.setAntialiasing(True)
        p = self.plot_item = self.graphics.addPlot()
        p.setMenuEnabled(False)
        p.hideButtons()
        for name in ("left", "bottom"):
            p.getAxis(name).setPen(INK)
            p.getAxis(name).setTextPen(INK)
            decimal_ticks(p.getAxis(name))
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        p.addItem(self.image)
        self.isocurve = pg.IsocurveItem(level=0.5, pen=pg.mkPen(INK, width=1.5), axisOrder="row-major")
        p.addItem(self.isocurve)
        self.val_scatter = pg.ScatterPlotItem(size=9, symbol="o", pxMode=True)
        self.scatter = pg.ScatterPlotItem(size=8, symbol="o", pxMode=True, pen=pg.mkPen(INK, width=1))
        p.addItem(self.val_scatter)
        p.addItem(self.scatter)
        self.color_bar = pg.ColorBarItem(values=(0, 1), width=12, colorMap=MAP_COLORS, interactive=False,
                                         colorMapMenu=False, pen=INK)
        self.color_bar.setImageItem(self.image, insert_in=p)
        self.color_bar.axis.setTextPen(INK)
        decimal_ticks(self.color_bar.axis)
        p.setRange(xRange=(-1, 1), yRange=(-1, 1), padding=0)
        p.getViewBox().sigRangeChanged.connect(self._mark_dirty)
        self.square = SquarePlotFrame(self.graphics, p.getViewBox())

        shown = QLabel(tr("Neuron:"))
        self.neuron_combo = QComboBox()
        self.neuron_combo.setObjectName("boundary_neuron")
        self.neuron_combo.setToolTip(tr("The neuron whose output colours the map"))
        self.neuron_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        shown.setBuddy(self.neuron_combo)
        self.neuron_combo.currentIndexChanged.connect(self._combo_changed)
        self.val_check = QCheckBox(tr("validation points"))
        self.val_check.setObjectName("boundary_show_validation")
        self.val_check.setToolTip(tr("Show the held-out validation points as rings"))
        self.val_check.setChecked(True)
        self.val_check.toggled.connect(lambda on: self.val_scatter.setVisible(on))
        self.caption = QLabel()
        self.caption.setObjectName("boundary_caption")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #555555")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        row = QHBoxLayout()
        row.addWidget(shown)
        row.addWidget(self.neuron_combo)
        row.addStretch(1)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(row)
        side.addWidget(self.val_check)
        side.addWidget(self.caption, 1)
        page.set_parts(self.square, side)
        return page

    # ------------------------------------------------------------------- API

    def set_network(self, net) -> None:
        """Show ``net`` (a copy is kept). With ≠ 2 inputs, show a message instead."""
        self.timer.stop()
        self._stop_job()
        self._grid = self._axes = None
        if net is None or net.n_inputs != 2:
            self.net = None
            self._refused = net is not None
            self.message.setText(tr(NO_NETWORK) if net is None else
                                 tr("The map needs a network with exactly 2 inputs; this one has {n_inputs}.").format(n_inputs=net.n_inputs))
            self.stack.setCurrentIndex(0)
            return
        old, self.net, self._refused = self.net, net.copy(), False
        layer, index = len(net.layers) - 1, 0
        if old is not None:  # keep the neuron shown if the edited network still has it
            old_id = old.layers[self._neuron[0]].id
            kept = [k for k, l in enumerate(net.layers) if k > 0 and l.id == old_id]
            if kept and self._neuron[1] < net.layers[kept[0]].size:
                layer, index = kept[0], self._neuron[1]
        names = net.all_neuron_names()
        inputs = names[0]
        self.plot_item.setLabel("bottom", inputs[0], color=INK)
        self.plot_item.setLabel("left", inputs[1], color=INK)
        self.neuron_combo.blockSignals(True)
        self.neuron_combo.clear()
        self._choices = [(k, i) for k in range(1, len(net.layers)) for i in range(min(MAX_LISTED, net.layers[k].size))]
        self.neuron_combo.addItems([f"{names[k][i]} ({net.layer_title(k)})" for k, i in self._choices])
        more = sum(max(0, l.size - MAX_LISTED) for l in net.layers[1:])
        self.neuron_combo.setToolTip(
            tr("The neuron whose output colours the map (the first {MAX_LISTED} of each layer; select any other "
               "on the canvas)").format(MAX_LISTED=MAX_LISTED) if more
            else tr("The neuron whose output colours the map"))
        self.neuron_combo.blockSignals(False)
        self.stack.setCurrentIndex(1)
        self.set_neuron(layer, index)  # also redraws the points and marks the map dirty

    def set_data(self, X, Y, X_val=None, Y_val=None, task: str | None = None) -> None:
        """Draw the data and fit the view to it.

        Parameters
        ----------
        X, X_val : array_like, shape (n, 2)
            Training points (filled dots) and validation points (rings).
        Y, Y_val : array_like, shape (n, n_outputs)
            Targets: a 0/1 column or one-hot rows colour points by class,
            anything else by value on the map's scale.
        task : {"classification", "regression"} or None
            None guesses it from ``Y``.
        """
        if self._refused:
            return
        X, Y = points_shown(X, Y)
        X_val, Y_val = points_shown(X_val, Y_val) if X_val is not None and len(X_val) else (None, None)
        if task is None:
            task = guess_task(Y) if len(Y) else "regression"
        self._data = (X, Y, X_val, Y_val, task)
        everything = X if X_val is None else np.vstack([X, X_val])
        if len(everything):
            low, high = everything.min(axis=0), everything.max(axis=0)
            span = np.where(high > low, high - low, 1.0)
            low, high = low - MARGIN * span, high + MARGIN * span
        else:
            low, high = (-1.0, -1.0), (1.0, 1.0)
        self.plot_item.setRange(xRange=(low[0], high[0]), yRange=(low[1], high[1]), padding=0)
        self._draw_points()

    def set_neuron(self, layer: int, index: int) -> None:
        """Show the output of neuron ``index`` of layer ``layer`` (−1 = last layer)."""
        if self.net is None:
            return
        n_layers = len(self.net.layers)
        layer = layer + n_layers if layer < 0 else layer
        if not (1 <= layer < n_layers and 0 <= index < self.net.layers[layer].size):
            raise IndexError(tr("there is no neuron {index} in layer {layer}").format(index=index, layer=layer))
        self._neuron = (layer, index)
        self.neuron_combo.blockSignals(True)
        if (layer, index) not in self._choices:   # beyond the listed ones: chosen on the canvas
            self._choices.append((layer, index))
            self.neuron_combo.addItem(f"{self._name(layer, index)} ({self.net.layer_title(layer)})")
        self.neuron_combo.setCurrentIndex(self._choices.index((layer, index)))
        self.neuron_combo.blockSignals(False)
        name, (x1, x2) = self._name(layer, index), (self._name(0, 0), self._name(0, 1))
        self.plot_item.setTitle(tr("{name} over ({x1}, {x2})").format(name=name, x1=x1, x2=x2), color=INK)
        self.plot_item.titleLabel.setMaximumHeight(TITLE_HEIGHT)
        self.plot_item.layout.setRowFixedHeight(0, TITLE_HEIGHT)
        low, mid, high = self._scale()
        self.color_bar.setLevels((low, high))
        self.isocurve.setLevel(mid)
        if self._data is not None:
            self._draw_points()
        self._update_caption()
        self._mark_dirty()

    def neuron(self) -> tuple[int, int]:
        """(layer, index) of the neuron shown."""
        return self._neuron

    def update_parameters(self, arrays) -> None:
        """Copy new weights and biases (in the order of ``Network.arrays()``) and mark the map dirty."""
        if self.net is None:
            return
        params = self.net.arrays()
        if len(arrays) != len(params):
            raise ValueError(tr("expected {n} arrays (weights, then biases), got {got}").format(n=len(params), got=len(arrays)))
        bad = [k for k, (p, a) in enumerate(zip(params, arrays)) if np.shape(a) != p.shape]
        if bad:
            k = bad[0]
            raise ValueError(tr("array {k} has shape {given}, the network's has {expected}").format(k=k, given=np.shape(arrays[k]), expected=params[k].shape))
        for p, a in zip(params, arrays):
            p[...] = a
        self._mark_dirty()

    def refresh(self) -> None:
        """Recompute the grid over the visible range and redraw the map now."""
        job = self._new_job()
        if job is not None:
            while not job.step():
                pass
            self._show(job)

    def _new_job(self) -> "MapJob | None":
        """A computation of the grid for the visible range, or None (no
        network, or the neuron costs too much: the caption says so)."""
        self._stop_job()
        if self.net is None:
            return None
        self._dirty = False
        layer, index = self._neuron
        part = neuron_network(self.net, layer, index)
        work = point_work(part)
        side = grid_size(work)
        if side == 0:
            self._too_costly(work)
            return None
        (x0, x1), (y0, y1) = self.plot_item.getViewBox().viewRange()
        return MapJob(part, index if part.layers[-1].size > 1 else 0, np.linspace(x0, x1, side),
                      np.linspace(y0, y1, side), work)

    def _show(self, job: "MapJob") -> None:
        """Draw the grid ``job`` computed."""
        xs, ys = job.xs, job.ys
        side = len(xs)
        grid = job.values.reshape(side, side)
        self.last_work = job.work * side * side
        self.image.setVisible(True)
        self.isocurve.setVisible(True)
        self._grid, self._axes = grid, (xs, ys)
        x0, y0 = xs[0], ys[0]
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        # pixel (i, j) covers [j, j + 1] × [i, i + 1] in the image's own units and is
        # centred on the grid point (xs[j], ys[i]); the isocurve uses the same units
        pixels = QTransform(dx, 0, 0, dy, x0 - dx / 2, y0 - dy / 2)
        self.image.setImage(grid, autoLevels=False)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, dx * side, dy * side))
        self.isocurve.setData(grid)
        self.isocurve.setTransform(pixels)
        self.n_refreshes += 1

    def _start_job(self) -> None:
        """Compute the grid a chunk per event-loop turn, so the window answers
        between chunks; drawn when the last chunk is done."""
        self._job = self._new_job()
        if self._job is not None:
            self._chunk_timer.start()

    def _next_chunk(self) -> None:
        job = self._job
        if job is None:
            return
        if job.step():
            self._job = None
            self._show(job)
        else:
            self._chunk_timer.start()

    def _stop_job(self) -> None:
        self._job = None
        self._chunk_timer.stop()

    def grid_values(self) -> np.ndarray | None:
        """The last computed grid, shape (side, side) with side = ``GRID``
        unless the neuron is costly (see :func:`grid_size`): row i is
        x2 = ys[i], column j is x1 = xs[j]."""
        return self._grid

    def grid_axes(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(xs, ys) of the last computed grid, each shape (side,)."""
        return self._axes

    def _too_costly(self, work: int) -> None:
        """No map: one point of the shown neuron costs too much."""
        self._grid = self._axes = None
        self.last_work = 0
        self.image.setVisible(False)
        self.isocurve.setVisible(False)
        name = self._name(*self._neuron)
        self.caption.setText(
            tr("{name} is not mapped: each point of the map costs {work:,} multiply-adds, and the map computes at most {value:,}. Choose a neuron of an earlier layer.").format(name=name, work=work, value=MAX_MAP_WORK // (MIN_GRID * MIN_GRID)))
        self.n_refreshes += 1

    def _name(self, layer: int, index: int) -> str:
        """The display name of one neuron (without building every name)."""
        names = self.net.layers[layer].neuron_names
        return names[index] if names is not None else f"{neuron_prefix(layer, len(self.net.layers))}{index + 1}"

    # -------------------------------------------------------------- internals

    def _scale(self) -> tuple[float, float, float]:
        """(low, middle, high) of the shown neuron's scale."""
        act = self.net.layers[self._neuron[0]].activation
        return (0.0, 0.5, 1.0) if act in UNIT_ACTIVATIONS else (-1.0, 0.0, 1.0)

    def _draw_points(self) -> None:
        if self.net is None:
            return
        X, Y, X_val, Y_val, task = self._data
        size = 11 if len(X) <= 50 else 8  # a few points (the gates) are drawn larger
        X, Y = spread(X, Y)
        if X_val is not None:
            X_val, Y_val = spread(X_val, Y_val)
        self.scatter.setData(x=X[:, 0], y=X[:, 1], size=size, brush=_shared(self._colors(Y, task), pg.mkBrush))
        self.val_check.setVisible(X_val is not None)
        self._update_caption()
        if X_val is None:
            self.val_scatter.setData(x=[], y=[])
        else:
            pens = _shared(self._colors(Y_val, task), lambda c: pg.mkPen(c, width=2.5))
            self.val_scatter.setData(x=X_val[:, 0], y=X_val[:, 1], pen=pens, brush=pg.mkBrush(255, 255, 255, 90))

    def _update_caption(self) -> None:
        name = self._name(*self._neuron)
        low, mid, high = self._scale()
        text = (tr("Colour: {name} from {low:g} (blue) through {mid:g} (white) to {high:g} (orange); dark line: {name} = {mid:g}.").format(name=name, low=low, mid=mid, high=high))
        if self._data is not None:
            X, _, X_val, _, _ = self._data
            rings = X_val is not None
            text += " " + (tr("Dots: training data, rings: validation data, coloured by target.") if rings
                           else tr("Dots: training data, coloured by target."))
            n = len(X) + (len(X_val) if rings else 0)
            if len(X) > MAX_POINTS or (rings and len(X_val) > MAX_POINTS):
                shown = min(len(X), MAX_POINTS) + (min(len(X_val), MAX_POINTS) if rings else 0)
                text += " " + tr("{shown:,} of the {n:,} points are drawn, spread over all of them.").format(shown=shown, n=n)
        self.caption.setText(text)

    def _colors(self, Y: np.ndarray, task: str) -> list:
        """One colour (r, g, b) or QColor per row of ``Y`` (n, k)."""
        if task == "classification":
            labels = (Y[:, 0] >= 0.5).astype(int) if Y.shape[1] == 1 else Y.argmax(axis=1)
            return [CLASS_PALETTE[c % len(CLASS_PALETTE)] for c in labels]
        layer, index = self._neuron
        column = index if layer == len(self.net.layers) - 1 and index < Y.shape[1] else 0
        low, _, high = self._scale()
        t = np.clip((Y[:, column] - low) / (high - low), 0.0, 1.0)
        return list(POINT_COLORS.mapToQColor(t))

    def _combo_changed(self, row: int) -> None:
        if 0 <= row < len(self._choices):
            self.set_neuron(*self._choices[row])

    def _mark_dirty(self, *args) -> None:
        if self.net is None:
            return
        self._stop_job()       # what it computes is out of date: start again when the timer fires
        self._dirty = True
        if not self.timer.isActive():
            self.timer.start()

    def _timer_fired(self) -> None:
        if self._dirty and self.isVisible():
            self._start_job()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.timer.start()


TITLE_HEIGHT = 22
"""Height of the plot's title row, in pixels (pyqtgraph gives it 30)."""


def _shared(colors: list, make) -> list:
    """``make(c)`` for every colour, one object per distinct colour (a brush per point
    costs a thousand points about 0.2 s; the classes have a handful of colours)."""
    made: dict = {}
    out = []
    for c in colors:
        key = c.rgba() if isinstance(c, QColor) else tuple(c)
        if key not in made:
            made[key] = make(c)
        out.append(made[key])
    return out
