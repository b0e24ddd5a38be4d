"""A neuron on the canvas: a circle filled by its activation, with its name,
a bias badge, and a port to drag connections from. While a student steps
through backprop, its δ is written under it (in the colour of backprop)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyle

from ..numbers import format_number
from . import colors
from .hover import HoverMixin
from nnapp.text import tr, tr_in

RADIUS = 22.0
PORT_RADIUS = 6.0
BADGE_RADIUS = 7.5

NAME_FONT = QFont("DejaVu Sans", 9)
NAME_FONT.setBold(True)
VALUE_FONT = QFont("DejaVu Sans", 8)
DELTA_FONT = QFont("DejaVu Sans", 7)

DELTA_COLOR = QColor(150, 30, 120)
"""δ and ∂L/∂w while stepping through backprop (no value colour: magenta)."""

UPDATE_COLOR = QColor(27, 110, 50)
"""New weights and biases while stepping through the update (dark green)."""

VALUE_HEIGHT = 13.0
"""Height of the value written under the circle."""

BOUNDS = QRectF(-RADIUS - 26, -RADIUS - 10, 2 * RADIUS + 52, 2 * RADIUS + 36)


class NeuronItem(HoverMixin, QGraphicsItem):
    """One neuron. Its fields are set by the scene from the document; the item
    itself never reads or writes the document.

    Attributes
    ----------
    uid : str
        The neuron's id in the document.
    name : str
        Display name (x1, h1, o1 …).
    role : str
        "input", "hidden" or "output".
    a, z : float or None
        Activation and weighted sum for the current input.
    bias : float or None
        None for input neurons.
    bias_name : str
    bias_frozen : bool
    show_value : bool
        Draw the activation under the circle (zoomed in, or an output).
    delta : float or None
        δ = ∂L/∂z once a student stepping through backprop has reached it
        (written under the circle, below the activation); else None.
    new_bias : float or None
        The bias after the update, once stepping has reached it (tooltip).
    feedback : str or None
        "accept" / "refuse" while a connection is dragged over it.
    """

    def __init__(self, uid: str) -> None:
        super().__init__()
        self.uid = uid
        self.name = ""
        self.role = "hidden"
        self.a: float | None = None
        self.z: float | None = None
        self.bias: float | None = None
        self.bias_name = ""
        self.bias_frozen = False
        self.activation = ""
        self.show_value = False
        self.delta: float | None = None
        self.new_bias: float | None = None
        self.feedback: str | None = None
        self.highlight = False
        self.hovered = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setAcceptHoverEvents(True)
        self.setZValue(10)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    # --- geometry -----------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return BOUNDS

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)
        path.addEllipse(QPointF(0, 0), RADIUS + 2, RADIUS + 2)
        path.addEllipse(self.port_center(), PORT_RADIUS + 3, PORT_RADIUS + 3)
        return path

    def port_center(self) -> QPointF:
        return QPointF(RADIUS, 0)

    def on_port(self, local: QPointF) -> bool:
        """True when ``local`` (item coordinates) is on the connection port."""
        d = local - self.port_center()
        return d.x() ** 2 + d.y() ** 2 <= (PORT_RADIUS + 4) ** 2

    def left_anchor(self) -> QPointF:
        return self.pos() + QPointF(-RADIUS, 0)

    def right_anchor(self) -> QPointF:
        return self.pos() + QPointF(RADIUS, 0)

    # --- painting -----------------------------------------------------------

    def paint(self, painter, option, widget=None) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fill = colors.value_color(self.a)
        if self.highlight:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.HIGHLIGHT)
            painter.drawEllipse(QPointF(0, 0), RADIUS + 9, RADIUS + 9)
        if self.feedback == "accept":
            outline = QPen(colors.ACCEPT, 4)
        elif self.feedback == "refuse":
            outline = QPen(colors.REFUSE, 4)
        elif selected:
            outline = QPen(colors.SELECTION, 3.5)
        else:
            outline = QPen(colors.OUTLINE, 1.4)
        if self.role != "hidden" and not selected and self.feedback is None:
            outline.setWidthF(2.2)
        painter.setPen(outline)
        painter.setBrush(QBrush(fill))
        painter.drawEllipse(QPointF(0, 0), RADIUS, RADIUS)

        painter.setFont(NAME_FONT)
        painter.setPen(colors.text_on(fill))
        painter.drawText(QRectF(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS), Qt.AlignmentFlag.AlignCenter, self.name)

        if self.bias is not None:
            center = QPointF(-RADIUS * 0.72, RADIUS * 0.72)
            pen = QPen(colors.OUTLINE, 1.0)
            if self.bias_frozen:
                pen.setStyle(Qt.PenStyle.DashLine)
                pen.setWidthF(1.4)
            painter.setPen(pen)
            painter.setBrush(colors.value_color(self.bias))
            painter.drawEllipse(center, BADGE_RADIUS, BADGE_RADIUS)
            painter.setFont(VALUE_FONT)
            painter.setPen(colors.text_on(colors.value_color(self.bias)))
            painter.drawText(QRectF(center.x() - BADGE_RADIUS, center.y() - BADGE_RADIUS, 2 * BADGE_RADIUS,
                                    2 * BADGE_RADIUS), Qt.AlignmentFlag.AlignCenter, "b")

        if self.hovered or selected:
            painter.setPen(QPen(colors.OUTLINE, 1.2))
            painter.setBrush(QBrush(colors.BACKGROUND))
            painter.drawEllipse(self.port_center(), PORT_RADIUS, PORT_RADIUS)
            painter.setPen(QPen(colors.OUTLINE, 1.5))
            c = self.port_center()
            painter.drawLine(c + QPointF(-3, 0), c + QPointF(3, 0))
            painter.drawLine(c + QPointF(0, -3), c + QPointF(0, 3))

        top = RADIUS + 1
        if self.show_value or self.hovered:
            painter.setFont(VALUE_FONT)
            painter.setPen(colors.TEXT)
            painter.drawText(QRectF(-RADIUS - 12, top, 2 * RADIUS + 24, 16),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, format_number(self.a))
            top += VALUE_HEIGHT
        if self.delta is not None:
            self._paint_delta(painter, top)

    def _paint_delta(self, painter, top: float) -> None:
        """"δ = …" on a pale box under the circle (or under the activation)."""
        text = f"δ = {format_number(self.delta)}"
        painter.setFont(DELTA_FONT)
        metrics = painter.fontMetrics()
        w = min(metrics.horizontalAdvance(text) + 6, BOUNDS.width())
        h = metrics.height()
        box = QRectF(-w / 2, top, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 215))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(DELTA_COLOR)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def update_tooltip(self) -> None:
        lines = [f"<b>{self.name}</b> ({_role_name(self.role)})"]
        if self.role == "input":
            lines.append(tr("value = {value}").format(value=format_number(self.a, 6)))
        else:
            lines.append(f"z = {format_number(self.z, 6)}")
            lines.append(f"a = {self.activation}(z) = {format_number(self.a, 6)}")
            bias = f"{self.bias_name} = {format_number(self.bias, 6)}"
            lines.append(tr("{value} (frozen)").format(value=bias) if self.bias_frozen else bias)
            if self.delta is not None:
                lines.append(f"δ = ∂L/∂z = {format_number(self.delta, 6)}")
            if self.new_bias is not None:
                lines.append(tr("after the update: {bias_name} ← {bias}").format(bias_name=self.bias_name, bias=format_number(self.new_bias, 6)))
        lines.append(tr("<i>drag the ⊕ port to another neuron to connect</i>"))
        self.setToolTip("<br>".join(lines))

    # --- Qt events ------------------------------------------------------------


    def hoverMoveEvent(self, event) -> None:
        shape = Qt.CursorShape.CrossCursor if self.on_port(event.pos()) else Qt.CursorShape.OpenHandCursor
        self.setCursor(shape)
        super().hoverMoveEvent(event)

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged and self.scene() is not None:
            self.scene().neuron_moved(self)
        return super().itemChange(change, value)


def _role_name(role: str) -> str:
    """A neuron's role as the tooltip names it: "input", "hidden" or "output"
    (the words of the inspector's ``shown_role``)."""
    names = {"input": tr_in("layer", "input"), "hidden": tr_in("layer", "hidden"),
             "output": tr_in("layer", "output")}
    return names.get(role, role)
