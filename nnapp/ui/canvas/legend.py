"""The legend: what the colours and line widths of the canvas mean."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QLinearGradient, QPen

from . import colors
from nnapp.text import tr

LEAST_WIDTH = 206.0
HEIGHT = 118.0
FONT = QFont("DejaVu Sans", 8)


def _width(texts: list[str]) -> float:
    """As wide as its longest line needs (a sample line and its text: 50 px more)."""
    metrics = QFontMetricsF(FONT)
    return max(LEAST_WIDTH, *(metrics.horizontalAdvance(t) + 56 for t in texts))


def paint_legend(painter, bottom_left: QPointF) -> QRectF:
    """Draw the legend with its bottom-left corner at ``bottom_left`` (in the
    painter's coordinates); return the rectangle it took."""
    title, thin, dashed = tr("value (activation, bias)"), tr("thin: small |w|"), tr("dashed: frozen (not trained)")
    width = _width([title, thin, dashed])
    box = QRectF(bottom_left.x(), bottom_left.y() - HEIGHT, width, HEIGHT)
    painter.setRenderHint(painter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor(200, 200, 200), 1))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(box, 5, 5)
    painter.setFont(FONT)
    x0, y = box.left() + 10, box.top() + 8

    painter.setPen(colors.TEXT)
    painter.drawText(QRectF(x0, y, width - 20, 14), Qt.AlignmentFlag.AlignLeft, title)
    y += 16
    bar = QRectF(x0, y, width - 20, 10)
    gradient = QLinearGradient(bar.topLeft(), bar.topRight())
    for t in (-1.0, -0.5, 0.0, 0.5, 1.0):
        gradient.setColorAt((t + 1) / 2, colors.value_color(t))
    painter.setPen(QPen(colors.OUTLINE, 0.8))
    painter.setBrush(gradient)
    painter.drawRect(bar)
    y += 12
    painter.setPen(colors.MUTED)
    for text, align in (("−1", Qt.AlignmentFlag.AlignLeft), ("0", Qt.AlignmentFlag.AlignHCenter),
                        ("+1", Qt.AlignmentFlag.AlignRight)):
        painter.drawText(QRectF(x0, y, width - 20, 12), align, text)
    y += 16

    half = (width - 20) / 2
    _sample(painter, x0, y, 1.0, 4.0, Qt.PenStyle.SolidLine, "w > 0", half)
    _sample(painter, x0 + half, y, -1.0, 4.0, Qt.PenStyle.SolidLine, "w < 0", half)
    y += 16
    _sample(painter, x0, y, 1.0, 1.0, Qt.PenStyle.SolidLine, thin, width - 20)
    y += 16
    _sample(painter, x0, y, -1.0, 2.0, Qt.PenStyle.DashLine, dashed, width - 20)
    return box


def _sample(painter, x: float, y: float, w: float, width: float, style, text: str, room: float) -> None:
    painter.setPen(QPen(colors.sign_color(w), width, style, Qt.PenCapStyle.FlatCap))
    painter.drawLine(QPointF(x, y + 7), QPointF(x + 24, y + 7))
    painter.setPen(colors.TEXT)
    painter.drawText(QRectF(x + 30, y, room - 30, 14), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
