"""The digit pad: a square to draw a digit on with the mouse or a pen.

The drawing is kept twice: as its strokes (lists of points with the brush
size they were drawn with), so that the last stroke can be taken back, and
as a greyscale :class:`QImage` of a fixed size (:data:`RESOLUTION` square),
black ink on white, which the widget shows scaled to its size. Strokes are
drawn anti-aliased with a round pen (round caps and joins), like a felt pen.

:meth:`DigitPad.picture` gives the drawing as numbers, ink high, for the
digit preprocessing. While a stroke is drawn, :attr:`DigitPad.drawing_changed`
is emitted as the pen moves, but never more often than the receivers can
follow: two signals start at least :data:`MIN_INTERVAL_MS` apart, and at
least :data:`BUSY_FACTOR` times as long as the receivers took the last time
(so they get at most two thirds of the GUI thread); moves in between only
add their points, and the latest drawing is sent when the wait is over.

The pad knows nothing of networks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget
from nnapp.text import marked, tr

RESOLUTION = 280
"""Side of the drawing in pixels (ten times MNIST's 28)."""

DEFAULT_BRUSH = 20
"""Brush diameter in drawing pixels: a 200-pixel digit gets strokes about as
thick, for their size, as MNIST's."""

BRUSH_RANGE = (4, 48)
MIN_INTERVAL_MS = 8
"""Fewest milliseconds between the starts of two ``drawing_changed`` signals during a stroke."""
BUSY_FACTOR = 1.5
"""… and at least this many times the time the receivers took the last time."""

HINT = marked("Draw a digit")
PAPER = QColor("white")
INK = QColor("black")
FRAME = QColor("#8c8c8c")


@dataclass
class Stroke:
    """One stroke: the points the pen went through (drawing pixels) and the brush diameter."""

    width: float
    points: list[QPointF] = field(default_factory=list)


class DigitPad(QWidget):
    """Draw on a white square with a round black brush.

    Signals
    -------
    drawing_changed()
        The drawing changed: during a stroke (throttled, see the module
        docstring), after it, on clear and on undo.
    stroke_finished()
        The pen was lifted: a stroke is complete (sent after the last
        ``drawing_changed`` of that stroke).

    Attributes
    ----------
    strokes : list of Stroke
        The finished strokes, oldest first.
    """

    drawing_changed = Signal()
    stroke_finished = Signal()

    def __init__(self, parent: QWidget | None = None, resolution: int = RESOLUTION) -> None:
        super().__init__(parent)
        self.setObjectName("digit_pad")
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(tr("Draw a digit with the mouse or a pen"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.resolution = int(resolution)
        self.strokes: list[Stroke] = []
        self._brush = float(DEFAULT_BRUSH)
        self._current: Stroke | None = None
        self._base = self._blank()      # the finished strokes
        self._image = self._base        # plus the stroke being drawn
        self._last_signal = -1e9
        self._wait = MIN_INTERVAL_MS / 1000
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self._send_changed)

    # --- the drawing ----------------------------------------------------------------------

    def picture(self) -> np.ndarray:
        """The drawing as numbers.

        Returns
        -------
        ndarray, shape (resolution, resolution), float64
            0 where the paper is white, 1 where the ink is black, greys
            between (the anti-aliased edges).
        """
        image = self._image
        rows = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
        grey = rows.reshape(image.height(), image.bytesPerLine())[:, :image.width()]
        return (255 - grey.astype(np.float64)) / 255.0

    def is_empty(self) -> bool:
        """True when nothing is drawn."""
        return not self.strokes and self._current is None

    def is_drawing(self) -> bool:
        """True between pressing and lifting the pen."""
        return self._current is not None

    def brush_size(self) -> float:
        """Brush diameter in drawing pixels."""
        return self._brush

    def set_brush_size(self, size: float) -> None:
        """Brush diameter for the next strokes, in drawing pixels (kept within :data:`BRUSH_RANGE`)."""
        self._brush = float(min(max(size, BRUSH_RANGE[0]), BRUSH_RANGE[1]))

    def clear(self) -> None:
        """Remove every stroke."""
        if self.is_empty():
            return
        self.strokes.clear()
        self._current = None
        self._redraw()
        self._send_changed()

    def undo_stroke(self) -> bool:
        """Take back the last stroke; False when there is none."""
        if self._current is not None or not self.strokes:
            return False
        self.strokes.pop()
        self._redraw()
        self._send_changed()
        return True

    def add_stroke(self, points, width: float | None = None) -> None:
        """Draw a whole stroke through ``points`` ((x, y) in drawing pixels) at once, as if the pen
        had gone through them; emits ``drawing_changed`` and ``stroke_finished``."""
        stroke = Stroke(self._brush if width is None else float(width), [QPointF(x, y) for x, y in points])
        if not stroke.points:
            return
        self.strokes.append(stroke)
        self._redraw()
        self._send_changed()
        self.stroke_finished.emit()

    # --- pen input --------------------------------------------------------------------------

    def begin_stroke(self, point: QPointF) -> None:
        """Put the pen down at ``point`` (drawing pixels)."""
        self._current = Stroke(self._brush, [QPointF(point)])
        self._paint_current()
        self._changed()

    def extend_stroke(self, point: QPointF) -> None:
        """Move the pen, drawing, to ``point`` (drawing pixels)."""
        if self._current is None:
            return
        last = self._current.points[-1]
        if abs(last.x() - point.x()) < 0.05 and abs(last.y() - point.y()) < 0.05:
            return
        self._current.points.append(QPointF(point))
        self._paint_current()
        self._changed()

    def end_stroke(self) -> None:
        """Lift the pen: the stroke joins the drawing."""
        if self._current is None:
            return
        self.strokes.append(self._current)
        self._current = None
        self._base = self._image
        self._pending.stop()
        self._send_changed()
        self.stroke_finished.emit()

    def to_drawing(self, pos: QPointF) -> QPointF:
        """A widget position in drawing pixels."""
        square = self.paper_rect()
        k = self.resolution / square.width()
        return QPointF((pos.x() - square.x()) * k, (pos.y() - square.y()) * k)

    def from_drawing(self, point: QPointF) -> QPointF:
        """A point of the drawing in widget coordinates."""
        square = self.paper_rect()
        k = square.width() / self.resolution
        return QPointF(square.x() + point.x() * k, square.y() + point.y() * k)

    def paper_rect(self) -> QRectF:
        """Where the drawing is shown: the largest centred square that fits the widget."""
        side = max(1, min(self.width(), self.height()) - 2)
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    # --- Qt events ----------------------------------------------------------------------------

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(self.to_drawing(event.position()))
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._current is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.extend_stroke(self.to_drawing(event.position()))
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._current is not None:
            self.extend_stroke(self.to_drawing(event.position()))
            self.end_stroke()
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event) -> None:
        kind = event.type()
        point = self.to_drawing(event.position())
        if kind == QEvent.Type.TabletPress:
            self.begin_stroke(point)
        elif kind == QEvent.Type.TabletMove:
            self.extend_stroke(point)
        elif kind == QEvent.Type.TabletRelease:
            self.extend_stroke(point)
            self.end_stroke()
        event.accept()  # no mouse event is made up from it

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        square = self.paper_rect()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(square, self._image)
        painter.setPen(QPen(FRAME, 1))
        painter.drawRect(square.adjusted(-0.5, -0.5, 0.5, 0.5))
        if self.is_empty():
            font = painter.font()
            font.setPointSizeF(max(font.pointSizeF() * 1.6, 12))
            painter.setFont(font)
            painter.setPen(QColor("#9a9a9a"))
            painter.drawText(square, Qt.AlignmentFlag.AlignCenter, tr(HINT))
        painter.end()

    def sizeHint(self) -> QSize:
        return QSize(300, 300)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, 220)

    # --- drawing into the image ---------------------------------------------------------------

    def _blank(self) -> QImage:
        image = QImage(self.resolution, self.resolution, QImage.Format.Format_Grayscale8)
        image.fill(PAPER)
        return image

    def _redraw(self) -> None:
        """Draw every finished stroke again on white paper."""
        image = self._blank()
        painter = self._painter(image)
        for stroke in self.strokes:
            _draw_stroke(painter, stroke)
        painter.end()
        self._base = self._image = image
        self.update()

    def _paint_current(self) -> None:
        """The finished strokes and, over them, the stroke being drawn (drawn whole, so that its
        joins are round and its anti-aliased edge is not painted twice)."""
        image = self._base.copy()
        painter = self._painter(image)
        _draw_stroke(painter, self._current)
        painter.end()
        self._image = image
        self.update()

    @staticmethod
    def _painter(image: QImage) -> QPainter:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        return painter

    # --- signalling ---------------------------------------------------------------------------

    def _changed(self) -> None:
        """``drawing_changed`` now, or when the wait after the last one is over."""
        if self._pending.isActive():
            return
        due = self._last_signal + self._wait - time.perf_counter()
        if due <= 0:
            self._send_changed()
        else:
            self._pending.start(max(1, int(due * 1000 + 0.5)))

    def _send_changed(self) -> None:
        self._pending.stop()
        start = time.perf_counter()
        self.drawing_changed.emit()
        self._last_signal = start
        self._wait = max(MIN_INTERVAL_MS / 1000, BUSY_FACTOR * (time.perf_counter() - start))


def _draw_stroke(painter: QPainter, stroke: Stroke) -> None:
    points = stroke.points
    if len(points) == 1:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        radius = stroke.width / 2
        painter.drawEllipse(points[0], radius, radius)
        return
    painter.setPen(QPen(INK, stroke.width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(points[0])
    for p in points[1:]:
        path.lineTo(p)
    painter.drawPath(path)
