"""The canvas background: a light grid and a band under each layer column,
so a neuron visibly snaps to its column."""

from __future__ import annotations

import math
from typing import Sequence

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter, QPen

from . import colors

GRID_STEP = 40.0


def paint_background(painter: QPainter, rect: QRectF, columns: Sequence[float]) -> None:
    """Fill ``rect`` (scene units) with the grid and the column bands at x in ``columns``."""
    painter.fillRect(rect, colors.BACKGROUND)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(colors.GRID, 0))
    painter.drawLines(grid_lines(rect, GRID_STEP))
    for cx in columns:
        if rect.left() - 5 <= cx <= rect.right() + 5:
            painter.fillRect(QRectF(cx - 3, rect.top(), 6, rect.height()), colors.COLUMN)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)


def grid_lines(rect: QRectF, step: float) -> list[QLineF]:
    """The lines of a grid every ``step`` scene units that cross ``rect``
    (at most 200, so a far zoom-out does not draw thousands)."""
    while (rect.width() + rect.height()) / step > 200:
        step *= 5
    x = math.floor(rect.left() / step) * step
    lines = []
    while x <= rect.right():
        lines.append(QLineF(x, rect.top(), x, rect.bottom()))
        x += step
    y = math.floor(rect.top() / step) * step
    while y <= rect.bottom():
        lines.append(QLineF(rect.left(), y, rect.right(), y))
        y += step
    return lines
