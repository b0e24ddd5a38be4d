"""Colours that carry meaning on the canvas.

Values (activations, biases, weights) use one diverging scale, safe for the
common forms of colour blindness: blue for negative, near-white for 0,
orange for positive (the two ends differ in lightness as well as hue, so the
scale also reads in grey). Values are clipped to [−1, 1] for the fill:
the numbers themselves are shown on hover and when zoomed in.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QColor

NEGATIVE = (33, 102, 172)   # blue
ZERO = (247, 247, 247)      # near white
POSITIVE = (230, 97, 1)     # orange

SELECTION = QColor(0, 120, 215)
HIGHLIGHT = QColor(255, 196, 0, 170)   # what the current step is about (yellow: no value colour)
ACCEPT = QColor(27, 158, 119)      # a connection that can be made
REFUSE = QColor(200, 30, 30)       # a connection that cannot
TEXT = QColor(30, 30, 30)
MUTED = QColor(110, 110, 110)
OUTLINE = QColor(70, 70, 70)
BACKGROUND = QColor(252, 252, 250)
GRID = QColor(232, 232, 228)
COLUMN = QColor(222, 228, 238)


def value_rgb(v: float) -> tuple[int, int, int]:
    """The scale's colour for ``v`` (clipped to [−1, 1]) as an (r, g, b) tuple."""
    if v is None or not math.isfinite(v):
        return (200, 200, 200)
    t = max(-1.0, min(1.0, v))
    end = POSITIVE if t > 0 else NEGATIVE
    t = abs(t)
    return tuple(round(z + (e - z) * t) for z, e in zip(ZERO, end))  # type: ignore[return-value]


def value_color(v: float, alpha: int = 255) -> QColor:
    r, g, b = value_rgb(v)
    return QColor(r, g, b, alpha)


def sign_color(w: float, alpha: int = 255) -> QColor:
    """Orange for a positive weight, blue for a negative one, grey for 0."""
    if w > 0:
        return QColor(*POSITIVE, alpha)
    if w < 0:
        return QColor(*NEGATIVE, alpha)
    return QColor(160, 160, 160, alpha)


def text_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on ``fill``."""
    luminance = 0.299 * fill.red() + 0.587 * fill.green() + 0.114 * fill.blue()
    return QColor(20, 20, 20) if luminance > 140 else QColor(255, 255, 255)


def weight_width(w: float, w_max: float, widest: float = 7.0) -> float:
    """Line width in pixels: 0.8 for 0 up to ``widest`` for the largest |w| shown."""
    if w_max <= 0 or not math.isfinite(w):
        return 0.8
    return 0.8 + (widest - 0.8) * min(abs(w) / w_max, 1.0)


def widest_line(n_connections: int) -> float:
    """The widest weight line when ``n_connections`` are drawn: 7 px for a
    few, thinner for many, so a dense layer stays readable (and quick)."""
    return max(2.0, min(7.0, 50.0 / math.sqrt(max(n_connections, 1))))
