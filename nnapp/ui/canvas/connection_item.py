"""A connection on the canvas: a line from one neuron to another, coloured by
the sign of its weight and as thick as its |w| (relative to the largest
weight shown); dashed when frozen. While a student steps through backprop,
its label also gives ∂L/∂w once reached, and in the update its new value."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyle

from ..numbers import format_number
from . import colors
from .hover import HoverMixin
from .neuron_item import DELTA_COLOR, UPDATE_COLOR
from nnapp.text import tr

LABEL_FONT = QFont("DejaVu Sans", 7)

LABEL_AT = 0.68
"""Where along the line its weight is written: nearer the destination, so
that the labels of crossing lines do not sit on each other."""


class ConnectionItem(HoverMixin, QGraphicsItem):
    """One weight between two :class:`NeuronItem`s.

    Attributes
    ----------
    src, dst : NeuronItem
    w : float
    name : str
        w1, w2 … as the tutorial numbers them.
    frozen : bool
    w_max : float
        Largest |w| drawn, for the thickness scale (set by the scene).
    show_value : bool
        Draw the weight at the middle of the line (zoomed in).
    gradient : float or None
        ∂L/∂w once stepping through backprop has reached it; else None.
    new_w : float or None
        The weight after the update, once stepping has reached it.
    """

    def __init__(self, src, dst) -> None:
        super().__init__()
        self.src, self.dst = src, dst
        self.w = 0.0
        self.name = ""
        self.frozen = False
        self.w_max = 1.0
        self.widest = 7.0
        self.show_value = False
        self.gradient: float | None = None
        self.new_w: float | None = None
        self.highlight = False
        self._line = QLineF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        self.update_position()

    @property
    def key(self) -> tuple[str, str]:
        return (self.src.uid, self.dst.uid)

    def update_position(self) -> None:
        self.prepareGeometryChange()
        self._line = QLineF(self.src.right_anchor(), self.dst.left_anchor())
        self._bounds = QRectF(self._line.p1(), self._line.p2()).normalized().adjusted(-60, -20, 60, 20)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath(self._line.p1())
        path.lineTo(self._line.p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(max(9.0, colors.weight_width(self.w, self.w_max, self.widest) + 4))
        return stroker.createStroke(path)

    def paint(self, painter, option, widget=None) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        width = colors.weight_width(self.w, self.w_max, self.widest)
        if selected or self.hovered or self.highlight:
            halo = QColor(colors.HIGHLIGHT) if self.highlight and not selected else QColor(colors.SELECTION)
            halo.setAlpha(230 if self.highlight else 90 if not selected else 140)
            extra = 12 if self.highlight else 7
            painter.setPen(QPen(halo, width + extra, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(self._line)
        pen = QPen(colors.sign_color(self.w, 220), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        if self.frozen:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(self._line)
        if self.show_value or self.hovered or selected or self.highlight:
            self._paint_label(painter)

    def label_lines(self) -> list[tuple[str, QColor]]:
        """The label's lines and their colours: the weight, then its new
        value in the update or else its ∂L/∂w (while stepping)."""
        lines = [(f"{self.name} = {format_number(self.w)}", colors.TEXT)]
        if self.new_w is not None:
            lines.append((f"{self.name} ← {format_number(self.new_w)}", UPDATE_COLOR))
        elif self.gradient is not None:
            lines.append((f"∂L/∂{self.name} = {format_number(self.gradient)}", DELTA_COLOR))
        return lines

    def _paint_label(self, painter) -> None:
        mid = self._line.pointAt(LABEL_AT)
        lines = self.label_lines()
        painter.setFont(LABEL_FONT)
        metrics = painter.fontMetrics()
        w = max(metrics.horizontalAdvance(text) for text, _ in lines) + 8
        line_h = metrics.height()
        h = line_h * len(lines) + 2
        box = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(box, 3, 3)
        for n, (text, color) in enumerate(lines):
            painter.setPen(color)
            painter.drawText(QRectF(box.left(), box.top() + 1 + n * line_h, w, line_h), Qt.AlignmentFlag.AlignCenter,
                             text)

    def update_tooltip(self) -> None:
        weight = f"w = {format_number(self.w, 6)}"
        lines = [f"<b>{self.name}</b>: {self.src.name} → {self.dst.name}",
                 tr("{value} (frozen)").format(value=weight) if self.frozen else weight]
        if self.gradient is not None:
            lines.append(f"∂L/∂{self.name} = {format_number(self.gradient, 6)}")
        if self.new_w is not None:
            lines.append(tr("after the update: {name} ← {weight}").format(name=self.name, weight=format_number(self.new_w, 6)))
        self.setToolTip("<br>".join(lines))


