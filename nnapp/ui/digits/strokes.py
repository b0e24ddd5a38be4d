"""Ready-made strokes of the ten digits, to draw on the pad without a hand.

Each digit is a list of strokes; each stroke a list of (x, y) points in a
unit square (0…1, y down), written as a person draws it with a mouse: a 1
with a flag, a 4 in two strokes, an 8 in one. :func:`stroke_points` places
them on a pad; ``--draw`` on the command line and the tests use them.

:data:`AMBIGUOUS_STROKES` holds shapes drawn to sit between two digits, for
showing a network that is not sure (``--draw 1or7``).
"""

from __future__ import annotations

import math


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24) -> list[tuple[float, float]]:
    """Points of an elliptic arc; angles in degrees, 0 = right, 90 = down."""
    return [(cx + rx * math.cos(math.radians(a0 + (a1 - a0) * k / (n - 1))),
             cy + ry * math.sin(math.radians(a0 + (a1 - a0) * k / (n - 1)))) for k in range(n)]


DIGIT_STROKES: dict[int, list[list[tuple[float, float]]]] = {
    0: [_arc(0.5, 0.5, 0.24, 0.36, -90, 270, 40)],
    1: [[(0.46, 0.22), (0.54, 0.14), (0.52, 0.86)]],
    2: [_arc(0.5, 0.36, 0.22, 0.2, 200, 370, 20) + [(0.27, 0.84), (0.75, 0.84)]],
    3: [_arc(0.48, 0.32, 0.2, 0.18, -160, 90, 22) + _arc(0.48, 0.67, 0.23, 0.19, -90, 160, 22)],
    4: [[(0.58, 0.14), (0.27, 0.6), (0.76, 0.6)], [(0.6, 0.35), (0.6, 0.86)]],
    5: [[(0.72, 0.15), (0.36, 0.15), (0.33, 0.46)] + _arc(0.5, 0.64, 0.22, 0.21, -125, 150, 24)],
    6: [[(0.64, 0.14), (0.48, 0.24), (0.36, 0.42), (0.3, 0.62)] + _arc(0.5, 0.66, 0.2, 0.2, 180, -165, 30)],
    7: [[(0.28, 0.16), (0.74, 0.16), (0.44, 0.86)]],
    8: [_arc(0.5, 0.32, 0.17, 0.17, 90, 450, 30), _arc(0.5, 0.67, 0.21, 0.19, -90, 270, 30)],
    9: [_arc(0.5, 0.34, 0.2, 0.19, 0, -360, 30) + [(0.69, 0.86)]],
}


AMBIGUOUS_STROKES: dict[str, list[list[tuple[float, float]]]] = {
    # a 1 whose flag is as long as a 7's short top bar: the shipped MNIST network reads it
    # as 1 (67 %) or 7 (32 %); another network will differ
    "1or7": [[(0.39, 0.16), (0.56, 0.16), (0.46, 0.86)]],
}


def shape_strokes(shape: int | str) -> list[list[tuple[float, float]]]:
    """The strokes of a digit (0…9) or of a named shape of :data:`AMBIGUOUS_STROKES`, in the unit square."""
    return AMBIGUOUS_STROKES[shape] if isinstance(shape, str) else DIGIT_STROKES[shape]


def stroke_points(digit: int | str, side: float, left: float = 0.0,
                  top: float = 0.0) -> list[list[tuple[float, float]]]:
    """The strokes of ``digit`` (or a named shape) in a square of ``side`` pixels whose top-left corner is
    (``left``, ``top``)."""
    return [[(left + x * side, top + y * side) for x, y in stroke] for stroke in shape_strokes(digit)]


def draw_digit(pad, digit: int | str) -> None:
    """Draw ``digit`` (or a named shape such as ``"1or7"``) on ``pad`` (a
    :class:`~nnapp.ui.digits.pad.DigitPad`), stroke by stroke."""
    for stroke in stroke_points(digit, pad.resolution):
        pad.add_stroke(stroke)
