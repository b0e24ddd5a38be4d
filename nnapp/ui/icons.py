"""Toolbar icons drawn with QPainter, so the app ships no image files for
them and they stay sharp at any size."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from .canvas import colors

SIZE = 64
INK = QColor(50, 50, 50)


def _icon(draw) -> QIcon:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def _neuron(p: QPainter, c: QPointF, r: float, fill: QColor) -> None:
    p.setPen(QPen(INK, 4))
    p.setBrush(fill)
    p.drawEllipse(c, r, r)


def _plus(p: QPainter, c: QPointF, r: float, color: QColor = colors.ACCEPT) -> None:
    p.setPen(QPen(color, 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(c + QPointF(-r, 0), c + QPointF(r, 0))
    p.drawLine(c + QPointF(0, -r), c + QPointF(0, r))


def add_neuron() -> QIcon:
    def draw(p):
        _neuron(p, QPointF(26, 34), 18, colors.value_color(0.6))
        _plus(p, QPointF(50, 14), 9)
    return _icon(draw)


def add_layer() -> QIcon:
    def draw(p):
        for y in (12, 32, 52):
            _neuron(p, QPointF(24, y), 9, colors.value_color(0.4))
        _plus(p, QPointF(50, 32), 9)
    return _icon(draw)


def fully_connect() -> QIcon:
    def draw(p):
        left, right = [QPointF(12, 16), QPointF(12, 48)], [QPointF(52, 16), QPointF(52, 48)]
        p.setPen(QPen(colors.sign_color(1), 4))
        for a in left:
            for b in right:
                p.drawLine(a, b)
        for c in left + right:
            _neuron(p, c, 8, colors.value_color(0.3))
    return _icon(draw)


def delete() -> QIcon:
    def draw(p):
        p.setPen(QPen(colors.REFUSE, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(QPointF(16, 16), QPointF(48, 48))
        p.drawLine(QPointF(48, 16), QPointF(16, 48))
    return _icon(draw)


def _magnifier(p: QPainter, sign: str) -> None:
    p.setPen(QPen(INK, 5))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(26, 26), 17, 17)
    p.setPen(QPen(INK, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(39, 39), QPointF(56, 56))
    p.setPen(QPen(INK, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(18, 26), QPointF(34, 26))
    if sign == "+":
        p.drawLine(QPointF(26, 18), QPointF(26, 34))


def zoom_in() -> QIcon:
    return _icon(lambda p: _magnifier(p, "+"))


def zoom_out() -> QIcon:
    return _icon(lambda p: _magnifier(p, "-"))


def fit() -> QIcon:
    def draw(p):
        p.setPen(QPen(INK, 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for x, y, dx, dy in ((8, 8, 1, 1), (56, 8, -1, 1), (8, 56, 1, -1), (56, 56, -1, -1)):
            p.drawLine(QPointF(x, y), QPointF(x + 14 * dx, y))
            p.drawLine(QPointF(x, y), QPointF(x, y + 14 * dy))
        _neuron(p, QPointF(32, 32), 10, colors.value_color(0.5))
    return _icon(draw)


def freeze() -> QIcon:
    def draw(p):
        p.setPen(QPen(colors.sign_color(-1), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        c = QPointF(32, 32)
        for k in range(3):
            p.save()
            p.translate(c)
            p.rotate(60 * k)
            p.drawLine(QPointF(-24, 0), QPointF(24, 0))
            p.drawLine(QPointF(14, 0), QPointF(20, -7))
            p.drawLine(QPointF(14, 0), QPointF(20, 7))
            p.drawLine(QPointF(-14, 0), QPointF(-20, -7))
            p.drawLine(QPointF(-14, 0), QPointF(-20, 7))
            p.restore()
    return _icon(draw)


def app_icon() -> QIcon:
    def draw(p):
        p.setBrush(QColor(255, 255, 255))
        p.setPen(QPen(QColor(200, 200, 200), 2))
        p.drawRoundedRect(QRectF(2, 2, 60, 60), 12, 12)
        pts_l, pts_r = [QPointF(16, 20), QPointF(16, 44)], [QPointF(48, 32)]
        p.setPen(QPen(colors.sign_color(1), 4))
        p.drawLine(pts_l[0], pts_r[0])
        p.setPen(QPen(colors.sign_color(-1), 4))
        p.drawLine(pts_l[1], pts_r[0])
        for c in pts_l:
            _neuron(p, c, 8, colors.value_color(-0.8))
        _neuron(p, pts_r[0], 10, colors.value_color(0.8))
    return _icon(draw)
