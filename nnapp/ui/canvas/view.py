"""The canvas view: zoom under the mouse, pan, fit, and the legend.

Zoom with the wheel (clamped to 10 %–500 %), pan with the middle button or
Space+drag, rubber-band select by dragging on empty canvas. The legend is
drawn in the view's corner, over the scene, so it stays put while zooming.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QGraphicsView

from .legend import paint_legend
from .scene import DETAIL_SCALE, NetworkScene

MIN_SCALE = 0.1
MAX_SCALE = 5.0
STEP = 1.18


class NetworkView(QGraphicsView):
    """Shows a :class:`NetworkScene`.

    Signals
    -------
    zoom_changed(float)
        The scale (1.0 = 100 %).
    """

    zoom_changed = Signal(float)

    def __init__(self, scene: NetworkScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("canvas")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setMouseTracking(True)
        self.show_legend = True
        self._panning = False
        self._pan_start = QPointF()
        self._space = False

    @property
    def network_scene(self) -> NetworkScene:
        return self.scene()  # type: ignore[return-value]

    # --- zoom -----------------------------------------------------------------

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float, anchor_under_mouse: bool = True) -> None:
        current = self.scale_factor()
        target = min(max(current * factor, MIN_SCALE), MAX_SCALE)
        if math.isclose(target, current):
            return
        if not anchor_under_mouse:
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.scale(target / current, target / current)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self._zoomed()

    def zoom_in(self) -> None:
        self.zoom_by(STEP, anchor_under_mouse=False)

    def zoom_out(self) -> None:
        self.zoom_by(1 / STEP, anchor_under_mouse=False)

    def reset_zoom(self) -> None:
        self.setTransform(self.transform().fromScale(1, 1))
        self._zoomed()

    def fit(self) -> None:
        """Show the whole network, at most at 150 %."""
        rect = self.network_scene.itemsBoundingRect()
        if rect.isEmpty():
            self.resetTransform()
            self.centerOn(0, 0)
        else:
            rect = rect.adjusted(-40, -40, 40, 90)
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            s = self.scale_factor()
            clamped = min(max(s, MIN_SCALE), 1.5)
            if clamped != s:
                self.scale(clamped / s, clamped / s)
            self.centerOn(rect.center())
        self._zoomed()

    def _zoomed(self) -> None:
        self.network_scene.set_show_values(self.scale_factor() >= DETAIL_SCALE)
        self.zoom_changed.emit(self.scale_factor())

    # --- Qt events ------------------------------------------------------------

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(STEP ** steps)
        event.accept()

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (self._space and event.button() == Qt.MouseButton.LeftButton):
            self._panning = True
            self._pan_start = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._panning:
            delta = event.position() - self._pan_start
            self._pan_start = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - int(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - int(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._panning:
            self._panning = False
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if event.key() == Qt.Key.Key_Escape and self.network_scene.connect_drag.active():
            self.network_scene.connect_drag.cancel()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def drawForeground(self, painter, rect: QRectF) -> None:
        super().drawForeground(painter, rect)
        if self.show_legend and self.network_scene.doc.layers:
            painter.save()
            painter.resetTransform()
            paint_legend(painter, QPointF(10, self.viewport().height() - 10))
            painter.restore()
