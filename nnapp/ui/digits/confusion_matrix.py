"""The confusion matrix of the "Test results" panel: a widget that draws a grid of counts.

Row = true class, column = predicted class; right answers (the diagonal) in
green, mistakes in red, the stronger the more rows; empty cells stay pale.
Hovering a cell tells what it holds, clicking it reports the cell
(:class:`ConfusionMatrix`).

It only shows the counts it is given (:meth:`ConfusionMatrix.set_matrix`): it
does not evaluate a network, know where the rows come from or show their
images; :class:`~nnapp.ui.digits.evaluation_panel.EvaluationPanel` does that.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from nnapp.model.words import counted

from ..canvas.colors import ACCEPT, MUTED, REFUSE, SELECTION, TEXT, text_on
from nnapp.text import tr, tr_in

EMPTY_CELL = QColor(246, 246, 244)
"""Fill of a cell holding no row."""
FAINTEST = 0.18
"""Colour strength of a cell holding one row when the fullest cell of its kind is far fuller."""


class _Grid(NamedTuple):
    """Layout of the matrix in the widget, in pixels."""

    x0: float            # x of the "true" title (the grid is centred)
    left: float          # x of the grid (after the "true" title and the class names)
    top: float           # y of the grid (after the "predicted" title and the class names)
    cell_w: float
    cell_h: float
    title_h: float       # height of an axis title
    names_h: float       # height of the row of class names above the grid
    count_font: QFont
    label_font: QFont



def _mix(color: QColor, t: float) -> QColor:
    """``color`` faded towards white: t = 1 is the colour, t = 0 white."""
    t = max(0.0, min(1.0, t))
    return QColor(*(round(255 + (c - 255) * t) for c in (color.red(), color.green(), color.blue())))


class ConfusionMatrix(QWidget):
    """A grid of counts: row = true class, column = predicted class.

    The grid scales to the widget; counts are written in the cells, empty
    cells stay blank. Hovering a cell tells what it holds; clicking it
    reports the cell.

    Signals
    -------
    cell_clicked(int, int)
        (true class, predicted class) of the cell clicked.
    cell_hovered(int, int)
        The cell under the mouse, or (−1, −1) when it leaves the grid.
    """

    cell_clicked = Signal(int, int)
    cell_hovered = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusion_matrix")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(140, 120)
        self.counts = np.zeros((0, 0), dtype=np.int64)
        self.names: list[str] = []
        self.selected: tuple[int, int] | None = None
        self.hovered: tuple[int, int] | None = None

    def set_matrix(self, counts: np.ndarray | None, names: list[str] | None = None) -> None:
        """Show ``counts`` (k, k) with class ``names``; None empties the grid."""
        self.counts = np.zeros((0, 0), dtype=np.int64) if counts is None else np.asarray(counts)
        self.names = list(names or [str(c) for c in range(len(self.counts))])
        if self.selected is not None and max(self.selected) >= len(self.counts):
            self.selected = None
        self.update()

    def set_selected(self, cell: tuple[int, int] | None) -> None:
        self.selected = cell
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 240)

    def cell_text(self, i: int, j: int) -> str:
        """"true 4, predicted 9: 3 rows"."""
        return tr("true {true}, predicted {predicted}: {rows}").format(true=self.names[i], predicted=self.names[j], rows=counted(int(self.counts[i, j]), 'row', 'rows'))

    # --- geometry -------------------------------------------------------------

    def _geometry(self) -> "_Grid":
        """Where the grid, its labels and titles go at the current size."""
        k = max(1, len(self.counts))
        title_h = QFontMetricsF(self.font()).height() + 4
        guess = min((self.width() - title_h) / (k + 1.5), (self.height() - title_h) / (k + 1))
        label_font = QFont(self.font())
        label_font.setPixelSize(max(9, min(15, int(guess * 0.5))))
        fm = QFontMetricsF(label_font)
        names_w = max((fm.horizontalAdvance(n) for n in self.names), default=0) + 8
        names_h = fm.height() + 2
        left = title_h + names_w
        top = title_h + names_h
        cell_h = max(4.0, (self.height() - top - 2) / k)
        cell_w = max(4.0, (self.width() - left - 2) / k)
        cell_h = min(cell_h, cell_w)                 # no taller than wide
        cell_w = min(cell_w, cell_h * 1.6)           # and not much wider either
        count_font = QFont(self.font())
        count_font.setPixelSize(max(8, min(18, int(min(cell_h * 0.5, cell_w * 0.38)))))
        x0 = max(0.0, (self.width() - 2 - left - k * cell_w) / 2)      # centred across the widget
        return _Grid(x0, left + x0, top, cell_w, cell_h, title_h, names_h, count_font, label_font)

    def cell_rect(self, i: int, j: int) -> QRectF:
        g = self._geometry()
        return QRectF(g.left + j * g.cell_w, g.top + i * g.cell_h, g.cell_w, g.cell_h)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        k = len(self.counts)
        if k == 0:
            return None
        g = self._geometry()
        j = math.floor((pos.x() - g.left) / g.cell_w)
        i = math.floor((pos.y() - g.top) / g.cell_h)
        return (i, j) if 0 <= i < k and 0 <= j < k else None

    # --- drawing --------------------------------------------------------------

    def paintEvent(self, event) -> None:
        k = len(self.counts)
        if k == 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        g = self._geometry()
        left, top, cw, ch = g.left, g.top, g.cell_w, g.cell_h
        diag = np.diag(self.counts)
        off = self.counts[~np.eye(k, dtype=bool)]
        most_right = max(1, int(diag.max()))
        most_wrong = max(1, int(off.max()) if off.size else 1)
        painter.setFont(g.count_font)
        for i in range(k):
            for j in range(k):
                rect = QRectF(left + j * cw, top + i * ch, cw, ch)
                n = int(self.counts[i, j])
                if n == 0:
                    fill = EMPTY_CELL
                elif i == j:
                    fill = _mix(ACCEPT, FAINTEST + (1 - FAINTEST) * n / most_right)
                else:
                    fill = _mix(REFUSE, FAINTEST + (1 - FAINTEST) * n / most_wrong)
                painter.fillRect(rect, fill)
                painter.setPen(QPen(QColor(255, 255, 255), 1))
                painter.drawRect(rect)
                if n:
                    painter.setPen(text_on(fill))
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(n))
        grid = QRectF(left, top, k * cw, k * ch)
        painter.setPen(QPen(QColor(170, 170, 170), 1))
        painter.drawRect(grid)
        for cell, color, width in ((self.hovered, TEXT, 1.5), (self.selected, SELECTION, 3)):
            if cell is not None and max(cell) < k:
                painter.setPen(QPen(color, width))
                painter.drawRect(self.cell_rect(*cell).adjusted(1, 1, -1, -1))
        # class names on both axes, and the axis titles
        painter.setFont(g.label_font)
        painter.setPen(TEXT)
        for c, name in enumerate(self.names):
            painter.drawText(QRectF(left + c * cw, g.title_h, cw, g.names_h), Qt.AlignmentFlag.AlignHCenter
                             | Qt.AlignmentFlag.AlignBottom, name)
            painter.drawText(QRectF(0, top + c * ch, left - 4, ch), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, name)
        title_font = QFont(self.font())
        title_font.setItalic(True)
        painter.setFont(title_font)
        painter.setPen(MUTED)
        painter.drawText(QRectF(left, 0, k * cw, g.title_h), Qt.AlignmentFlag.AlignCenter,
                         tr_in("confusion matrix", "predicted"))
        painter.save()
        painter.translate(g.x0, top + k * ch / 2)
        painter.rotate(-90)
        painter.drawText(QRectF(-k * ch / 2, 0, k * ch, g.title_h), Qt.AlignmentFlag.AlignCenter,
                         tr_in("confusion matrix", "true"))
        painter.restore()

    # --- mouse ----------------------------------------------------------------

    def mouseMoveEvent(self, event) -> None:
        cell = self.cell_at(event.position())
        if cell != self.hovered:
            self.hovered = cell
            self.cell_hovered.emit(*(cell or (-1, -1)))
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        if self.hovered is not None:
            self.hovered = None
            self.cell_hovered.emit(-1, -1)
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event) -> None:
        cell = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self.cell_clicked.emit(*cell)
            event.accept()
            return
        super().mousePressEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            cell = self.cell_at(QPointF(event.pos()))
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), tr("{cell}\nclick to see them").format(cell=self.cell_text(*cell)), self,
                                  self.cell_rect(*cell).toRect())
            return True
        return super().event(event)
