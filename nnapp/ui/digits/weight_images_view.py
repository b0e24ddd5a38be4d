"""The "First-layer weights" view: what every neuron of the first hidden layer looks for.

For a network whose inputs are the pixels of an image, every neuron of the
layer after the input has one weight per pixel: :class:`WeightImagesView`
draws them as a small picture per neuron (from
:func:`nnapp.model.weight_images.weight_images`), in the canvas's diverging
colours — blue negative, white 0, orange positive — with the neuron's name
under it. "Same scale for all" switches between every picture using its own
largest |w| (to see each pattern) and one scale for the layer (to compare
neurons). A click on a picture selects that neuron on the canvas.

The view follows the document's events and redraws at most a few times a
second (also while training sends new weights); hidden, it waits until shown.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetrics, QImage, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QSizePolicy, QToolTip,
                               QVBoxLayout, QWidget)

from nnapp.model.data import load_source
from nnapp.model.data_source import BuiltinData
from nnapp.model.weight_images import WeightImages, WeightImagesError, weight_images
from nnapp.text import sentence, tr, tr_in

from ..canvas.colors import NEGATIVE, POSITIVE, SELECTION, TEXT, ZERO, value_rgb
from ..editor import Editor
from ..selection import Selection

REFRESH_MS = 250
"""Weights arriving faster than this (training) are drawn at most four times a second."""
BUSY_FRACTION = 0.05
"""…and at most this share of the GUI thread's time: after a redraw that took
d seconds the next waits at least d / BUSY_FRACTION (17 ms for 128 MNIST
tiles: one redraw in about 0.35 s), so training in the window loses little."""

MIN_TILE = 30
"""Smallest picture side in pixels; below it the grid scrolls instead of shrinking
(28×28 pictures keep at least 1.5 screen pixels per weight: 42)."""
MAX_TILE = 150
GAP = 6
NAMES_FROM = 26
"""Pictures at least this big get their neuron's name written under them."""

_LUT = np.array([value_rgb(v) for v in np.linspace(-1.0, 1.0, 256)], dtype=np.uint8)
"""The diverging scale in 256 steps: index 0 is −1 (blue), 255 is +1 (orange)."""


def colour_images(scaled: np.ndarray) -> np.ndarray:
    """Values in [−1, 1], shape (n, rows, cols), as RGB bytes (n, rows, cols, 3)."""
    index = np.clip(np.round((np.nan_to_num(scaled) + 1.0) * 127.5), 0, 255).astype(np.intp)
    return np.ascontiguousarray(_LUT[index])


class TileGrid(QWidget):
    """Pictures in a grid that fills the space given (see :meth:`fit_to`).

    Signals
    -------
    tile_clicked(int)
        The index of the picture clicked.
    """

    tile_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.rgb = np.zeros((0, 1, 1, 3), dtype=np.uint8)
        self.images: list[QImage] = []
        self.names: list[str] = []
        self.tips: list[str] = []
        self.selected: int | None = None
        self.tile = MIN_TILE
        self.min_tile = MIN_TILE
        self.columns = 1
        self._space = QSize(400, 200)

    def set_tiles(self, rgb: np.ndarray, names: list[str], tips: list[str]) -> None:
        """Show the pictures ``rgb`` (n, rows, cols, 3) with their ``names`` and tooltips."""
        self.rgb = rgb                       # the QImages below read this memory
        n, rows, cols, _ = rgb.shape
        self.images = [QImage(rgb[t].data, cols, rows, 3 * cols, QImage.Format.Format_RGB888) for t in range(n)]
        min_tile = max(MIN_TILE, min(48, round(1.5 * max(rows, cols))))
        layout_changed = len(names) != len(self.names) or min_tile != self.min_tile
        self.min_tile = min_tile
        self.names, self.tips = list(names), list(tips)
        if layout_changed:
            self.fit_to(self._space)
        self.update()

    def set_selected(self, index: int | None) -> None:
        self.selected = index
        self.update()

    def count(self) -> int:
        return len(self.images)

    # --- layout ---------------------------------------------------------------

    def _name_height(self, tile: int) -> int:
        return QFontMetrics(self.font()).height() if tile >= NAMES_FROM else 0

    def fit_to(self, space: QSize) -> None:
        """Choose the largest tile size with which every picture fits ``space``
        (the scroll area's viewport); if even the smallest does not, the grid
        grows down and scrolls."""
        self._space = QSize(space)
        n = max(1, self.count())
        width, height = max(1, space.width()), max(1, space.height())
        best = None
        for tile in range(MAX_TILE, self.min_tile - 1, -1):
            columns = max(1, (width - GAP) // (tile + GAP))
            rows = math.ceil(n / columns)
            if GAP + rows * (tile + self._name_height(tile) + GAP) <= height:
                best = tile
                break
        if best is None:
            best = self.min_tile
            width -= self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        self.tile = best
        self.columns = max(1, (width - GAP) // (best + GAP))
        rows = math.ceil(n / self.columns) if self.count() else 0
        self.setFixedSize(max(1, width), max(1, GAP + rows * (best + self._name_height(best) + GAP)))
        self.update()

    def tile_rect(self, t: int) -> QRect:
        """Where picture ``t`` is drawn (without its name)."""
        step_y = self.tile + self._name_height(self.tile) + GAP
        used = self.columns * (self.tile + GAP) - GAP
        x0 = max(GAP, (self.width() - used) // 2)
        r, c = divmod(t, self.columns)
        return QRect(x0 + c * (self.tile + GAP), GAP + r * step_y, self.tile, self.tile)

    def tile_at(self, pos: QPoint) -> int | None:
        for t in range(self.count()):
            if self.tile_rect(t).adjusted(0, 0, 0, self._name_height(self.tile)).contains(pos):
                return t
        return None

    # --- drawing and mouse ----------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        name_h = self._name_height(self.tile)
        font = painter.font()
        font.setPixelSize(max(9, min(12, self.tile // 4)))
        painter.setFont(font)
        visible = event.rect()
        for t, image in enumerate(self.images):
            rect = self.tile_rect(t)
            if not rect.adjusted(-3, -3, 3, name_h + 3).intersects(visible):
                continue
            painter.drawImage(rect, image)
            selected = t == self.selected
            painter.setPen(QPen(SELECTION, 3) if selected else QPen(QColor(200, 200, 200), 1))
            painter.drawRect(rect.adjusted(-1, -1, 0, 0) if not selected else rect.adjusted(-2, -2, 1, 1))
            if name_h:
                painter.setPen(TEXT)
                painter.drawText(QRect(rect.x() - GAP // 2, rect.bottom() + 1, rect.width() + GAP, name_h),
                                 Qt.AlignmentFlag.AlignCenter, self.names[t])

    def mousePressEvent(self, event) -> None:
        t = self.tile_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and t is not None:
            self.tile_clicked.emit(t)
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            t = self.tile_at(event.pos())
            if t is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tips[t], self, self.tile_rect(t))
            return True
        return super().event(event)


class _FittingScroll(QScrollArea):
    """A scroll area that re-fits its tile grid whenever it is resized."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        grid = self.widget()
        if isinstance(grid, TileGrid):
            grid.fit_to(self.viewport().size())


class ColourKey(QWidget):
    """The colour scale: a bar from blue through white to orange with its numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scale = 1.0
        self.setFixedSize(170, QFontMetrics(self.font()).height() + 2)

    def set_scale(self, scale: float | None) -> None:
        """``scale`` is the |w| at the ends; None = each picture its own."""
        self.scale = scale
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        fm = painter.fontMetrics()
        low = tr_in("colour scale", "−max") if self.scale is None else f"−{self.scale:.2g}"
        high = tr_in("colour scale", "+max") if self.scale is None else f"+{self.scale:.2g}"
        lw, hw = fm.horizontalAdvance(low) + 4, fm.horizontalAdvance(high) + 4
        bar = QRect(lw, 3, self.width() - lw - hw, self.height() - 6)
        gradient = QLinearGradient(bar.left(), 0, bar.right(), 0)
        for stop, rgb in ((0.0, NEGATIVE), (0.5, ZERO), (1.0, POSITIVE)):
            gradient.setColorAt(stop, QColor(*rgb))
        painter.fillRect(bar, gradient)
        painter.setPen(QColor(170, 170, 170))
        painter.drawRect(bar)
        painter.setPen(TEXT)
        painter.drawText(QRect(0, 0, lw, self.height()), Qt.AlignmentFlag.AlignVCenter, low)
        painter.drawText(QRect(bar.right() + 4, 0, hw, self.height()), Qt.AlignmentFlag.AlignVCenter, high)
        painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, "0")


class WeightImagesView(QWidget):
    """The first hidden layer's incoming weights, one picture per neuron.

    Parameters
    ----------
    editor : Editor
    scene : NetworkScene or None
        The canvas whose selection a click on a picture changes (and follows).

    Signals
    -------
    message(str)
        A sentence for the status bar.
    """

    message = Signal(str)

    def __init__(self, editor: Editor, scene=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weight_images_view")
        self.editor = editor
        self.doc = editor.doc
        self.scene = scene
        self.weights: WeightImages | None = None
        self.problem = ""
        self._dirty = True
        self._data_key: object = None
        self._data_shape: tuple[int, int] | None = None

        self.title = QLabel()
        self.title.setObjectName("weight_images_title")
        self.title.setWordWrap(True)
        self.shared_box = QCheckBox(tr("Same scale for all"))
        self.shared_box.setObjectName("weight_images_shared")
        self.shared_box.setToolTip(tr("Off: every picture spans the whole colour range with its own largest |w|.\n"
                                   "On: one scale for the layer, so strong and weak neurons can be compared."))
        self.shared_box.toggled.connect(self.refresh)
        self.key = ColourKey()
        # the title on a line of its own: beside the key a narrow dock would wrap it word by word
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.key)
        heading.addStretch(1)
        heading.addWidget(self.shared_box)

        self.grid = TileGrid()
        self.grid.setObjectName("weight_tiles")
        self.grid.tile_clicked.connect(self.select_neuron)
        self.scroll = _FittingScroll()
        self.scroll.setObjectName("weight_images_scroll")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(False)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.grid)
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(heading)
        layout.addWidget(self.scroll, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh_if_due)
        events = self.doc.events
        for event in (events.parameters_changed, events.names_changed):
            event.connect(self._changed)
        events.settings_changed.connect(self._on_settings)
        for event in (events.reset, events.structure_changed):     # another network: no stale pictures
            event.connect(self._network_changed)
        events.layers_changed.connect(lambda ids: self._changed())
        if scene is not None:
            scene.selection_changed.connect(self.follow_selection)
        self.refresh()

    # --- when to redraw ---------------------------------------------------------

    def _changed(self, *args) -> None:
        self._dirty = True
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def _on_settings(self, change) -> None:
        if "data" in change:              # the data may give the pictures their shape
            self._changed()

    def _network_changed(self, *args) -> None:
        self._timer.stop()
        self._timer.setInterval(REFRESH_MS)
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def _refresh_if_due(self) -> None:
        if self._dirty and self.isVisible():
            start = time.perf_counter()
            self.refresh()
            spent_ms = (time.perf_counter() - start) * 1e3
            self._timer.setInterval(max(REFRESH_MS, int(spent_ms / BUSY_FRACTION)))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    # --- drawing ------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the weights again and redraw the pictures."""
        self._dirty = False
        self._timer.stop()
        try:
            own = bool(self.doc.layers) and self.doc.layers[0].image_shape is not None
            wi = weight_images(self.doc, None if own else self._data_image_shape())
        except WeightImagesError as e:
            self.weights, self.problem = None, sentence(str(e))
            self.title.setText(self.problem)
            self.key.setVisible(False)
            self.shared_box.setVisible(False)
            self.grid.set_tiles(np.zeros((0, 1, 1, 3), dtype=np.uint8), [], [])
            return
        self.weights, self.problem = wi, ""
        shared = self.shared_box.isChecked()
        rows, cols = wi.image_shape
        self.title.setText(tr("Weights into each neuron of <b>{layer_title}</b>, as {rows}×{cols} pictures").format(layer_title=wi.layer_title, rows=rows, cols=cols))
        self.title.setToolTip(tr("Every picture holds one neuron's {value} weights from the input pixels: orange where ink makes it fire more, blue where ink makes it fire less").format(value=rows * cols))
        self.key.setVisible(True)
        self.shared_box.setVisible(True)
        self.key.set_scale(wi.shared_scale if shared else None)
        scales = np.full(wi.n_neurons, wi.shared_scale) if shared else wi.own_scales   # once, not per tile
        lows, highs = wi.images.min(axis=(1, 2)), wi.images.max(axis=(1, 2))
        tips = [tr("{name}: weights from {lo:+.3g} to {hi:+.3g}; full colour at ±{scale:.3g}\nClick to select {name} on the canvas").format(name=name, lo=lo, hi=hi, scale=scale)
                for name, lo, hi, scale in zip(wi.names, lows, highs, scales)]
        self.grid.set_tiles(colour_images(wi.scaled(shared)), wi.names, tips)
        self.follow_selection()

    def _data_image_shape(self) -> tuple[int, int] | None:
        """The image shape of the document's built-in dataset (read once per data)."""
        source = self.doc.data_source
        key = (self.doc.data_revision, source.name if isinstance(source, BuiltinData) else None)
        if key != self._data_key:
            self._data_key, self._data_shape = key, None
            if isinstance(source, BuiltinData):
                try:
                    self._data_shape = load_source(source).image_shape
                except Exception:  # noqa: BLE001 - unreadable data: the input layer alone decides
                    self._data_shape = None
        return self._data_shape

    # --- selection --------------------------------------------------------------------

    def select_neuron(self, t: int) -> None:
        """Select the neuron of picture ``t`` on the canvas."""
        wi = self.weights
        if wi is None or self.scene is None:
            return
        uid = wi.neuron_ids[t]
        if uid in self.scene.neurons:
            self.scene.select(Selection(neurons=(uid,)))
        else:
            self.grid.set_selected(t)
            self.message.emit(tr("{names} is inside the collapsed layer {layer_title}: "
                                 "expand the layer on the canvas to select one neuron")
                              .format(names=wi.names[t], layer_title=wi.layer_title))

    def follow_selection(self, *args) -> None:
        """Outline the picture of the neuron selected on the canvas."""
        if self.scene is None or self.weights is None:
            return
        single = self.scene.selection().single()
        uid = single[1] if single is not None and single[0] == "neuron" else None
        ids = self.weights.neuron_ids
        self.grid.set_selected(ids.index(uid) if uid in ids else None)
