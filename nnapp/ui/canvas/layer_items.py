"""Whole-layer items: the label above a column, a collapsed layer drawn as a
block, and the band that stands for a link touching a collapsed layer (or
one with too many connections to draw one by one).

A block is one item whatever its size: its strip shows at most
``MAX_STRIP`` neurons, an evenly spread sample of a wider layer."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QImage, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyle

from nnapp.model.layout import expand_refusal

from ..numbers import format_number
from . import colors
from .hover import HoverMixin
from .neuron_item import RADIUS
from nnapp.text import tr

TITLE_FONT = QFont("DejaVu Sans", 10)
TITLE_FONT.setBold(True)
SMALL_FONT = QFont("DejaVu Sans", 8)

BLOCK_WIDTH = 44.0
IMAGE_SIDE = 112.0
MAX_STRIP = 1024
"""Most neurons a collapsed layer's strip shows (a spread sample beyond)."""


class LayerLabel(QGraphicsItem):
    """The title of a column ("input", "hidden", "output") and a line under it
    ("sigmoid · 2 neurons"), centred above the column's top."""

    WIDTH = 150.0
    """The least width; longer lines (as in Russian) widen the label."""

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.title, self.subtitle = title, subtitle
        self.width = max(self.WIDTH, QFontMetricsF(TITLE_FONT).horizontalAdvance(title) + 8,
                         QFontMetricsF(SMALL_FONT).horizontalAdvance(subtitle) + 8)
        self.setZValue(5)

    def boundingRect(self) -> QRectF:
        return QRectF(-self.width / 2, -38, self.width, 38)

    def paint(self, painter, option, widget=None) -> None:
        painter.setFont(TITLE_FONT)
        painter.setPen(colors.TEXT)
        painter.drawText(QRectF(-self.width / 2, -38, self.width, 18), Qt.AlignmentFlag.AlignCenter, self.title)
        painter.setFont(SMALL_FONT)
        painter.setPen(colors.MUTED)
        painter.drawText(QRectF(-self.width / 2, -20, self.width, 16), Qt.AlignmentFlag.AlignCenter, self.subtitle)


class LayerBlock(QGraphicsItem):
    """A collapsed layer: a strip of its neurons' activations (blue … orange),
    or, for an input layer with an image shape, the image of the input.

    Attributes
    ----------
    layer_id : str
    values : ndarray, shape (size,)
        Activations (inputs for the input layer) for the current input.
    image_shape : tuple of int or None
    """

    def __init__(self, layer_id: str, size: int, image_shape: tuple[int, int] | None) -> None:
        super().__init__()
        self.layer_id = layer_id
        self.size = size
        self.image_shape = image_shape
        self.values = np.zeros(size)
        self.title = ""
        self._image = QImage()
        if image_shape is not None:
            self._rect = QRectF(-IMAGE_SIDE / 2, -IMAGE_SIDE / 2, IMAGE_SIDE, IMAGE_SIDE)
        else:
            h = float(min(max(size * 1.5, 150), 320))
            self._rect = QRectF(-BLOCK_WIDTH / 2, -h / 2, BLOCK_WIDTH, h)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(8)

    def rect(self) -> QRectF:
        return self._rect

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-5, -5, 5, 22)

    def span(self, side: str) -> tuple[float, float, float]:
        """(x, y_top, y_bottom) of the left or right edge, in scene units."""
        r = self._rect.translated(self.pos())
        return (r.left() if side == "left" else r.right(), r.top(), r.bottom())

    def set_values(self, values: np.ndarray) -> None:
        self.values = np.asarray(values, dtype=float)
        self._image = self._make_image()
        self.update()
        self.setToolTip(self._tooltip())

    def _make_image(self) -> QImage:
        v = np.nan_to_num(self.values, nan=0.0, posinf=0.0, neginf=0.0)
        if self.image_shape is None and len(v) > MAX_STRIP:
            # more neurons than the strip has pixels: an evenly spread sample of them
            v = v[np.linspace(0, len(v) - 1, MAX_STRIP).round().astype(int)]
        if self.image_shape is not None:
            rows, cols = self.image_shape
            top = float(np.max(np.abs(v))) or 1.0
            grey = (255 - np.clip(np.abs(v) / top, 0, 1) * 255).astype(np.uint8).reshape(rows, cols)
            rgb = np.repeat(grey[:, :, None], 3, axis=2)
        else:
            t = np.clip(v, -1, 1)[:, None]
            zero = np.array(colors.ZERO, dtype=float)
            pos, neg = np.array(colors.POSITIVE, dtype=float), np.array(colors.NEGATIVE, dtype=float)
            rgb = np.where(t > 0, zero + (pos - zero) * t, zero + (neg - zero) * (-t))
            rgb = rgb.round().astype(np.uint8).reshape(len(v), 1, 3)
        rgb = np.ascontiguousarray(rgb)
        h, w = rgb.shape[:2]
        return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()

    def paint(self, painter, option, widget=None) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(Qt.PenStyle.NoPen)
        if not self._image.isNull():
            painter.drawImage(self._rect, self._image)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colors.SELECTION, 3.5) if selected else QPen(colors.OUTLINE, 1.6))
        painter.drawRoundedRect(self._rect, 3, 3)
        painter.setFont(SMALL_FONT)
        painter.setPen(colors.MUTED)
        text = f"{self.image_shape[0]}×{self.image_shape[1]}" if self.image_shape else f"{self.size:,}"
        painter.drawText(QRectF(self._rect.left() - 40, self._rect.bottom() + 2, self._rect.width() + 80, 16),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    def _tooltip(self) -> str:
        v = self.values
        if v.size == 0:
            return self.title
        hint = (tr("too many neurons to draw one by one") if expand_refusal(self.size)
                else tr("double-click to expand"))
        return (tr("<b>{title}</b>: {size:,} neurons (collapsed)<br>values: min {low}, mean {mean}, max {high}<br><i>{hint}</i>").format(title=self.title, size=self.size, low=format_number(float(v.min())), mean=format_number(float(v.mean())), high=format_number(float(v.max())), hint=hint))


class BandItem(HoverMixin, QGraphicsItem):
    """A link drawn as one band because a collapsed layer is at one end;
    hovering shows the statistics of its weights."""

    def __init__(self, name: str, src_span: tuple[float, float, float], dst_span: tuple[float, float, float],
                 W: np.ndarray, mask: np.ndarray | None) -> None:
        super().__init__()
        x1, t1, b1 = src_span
        x2, t2, b2 = dst_span
        self._polygon = QPolygonF([QPointF(x1, t1), QPointF(x2, t2), QPointF(x2, b2), QPointF(x1, b1)])
        w = W[mask] if mask is not None else W.ravel()
        self.n = int(w.size)
        self.mean = float(w.mean()) if w.size else 0.0
        self.std = float(w.std()) if w.size else 0.0
        self.lo = float(w.min()) if w.size else 0.0
        self.hi = float(w.max()) if w.size else 0.0
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.setZValue(0)
        self.rename(name)

    def rename(self, name: str) -> None:
        """The band's name ("hidden → output"), in its tooltip too."""
        self.name = name
        self.setToolTip(
            tr("<b>{name}</b>: {n:,} connections<br>w mean {mean}, std {std}<br>min {low}, max {high}").format(name=name, n=self.n, mean=format_number(self.mean), std=format_number(self.std), low=format_number(self.lo), high=format_number(self.hi))
        )

    def boundingRect(self) -> QRectF:
        return self._polygon.boundingRect().adjusted(-2, -2, 2, 2)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addPolygon(self._polygon)
        return path

    def paint(self, painter, option, widget=None) -> None:
        fill = QColor(colors.sign_color(self.mean))
        fill.setAlpha(70 if self.hovered else 38)
        painter.setBrush(QBrush(fill))
        edge = QColor(colors.sign_color(self.mean))
        edge.setAlpha(120)
        painter.setPen(QPen(edge, 1))
        painter.drawPolygon(self._polygon)



def neuron_span(x: float, ys: list[float], side: str) -> tuple[float, float, float]:
    """The edge of an expanded column of neurons, for a band to end on."""
    edge = x - RADIUS if side == "left" else x + RADIUS
    return (edge, min(ys) - RADIUS, max(ys) + RADIUS)
