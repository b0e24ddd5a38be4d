"""A second, independently written set of allographs for the drawn-digit test set.

Each digit 0–9 gets several handwriting-like ways of drawing it (allographs),
written as the strokes a person draws with a mouse on the digit pad: a list of
strokes, each a list of (x, y) points in drawing order and direction, in a unit
box (x about 0…0.6, y 0 at the top … 1 at the bottom, y grows downwards).

This set was written separately from ``drawn_styles.py`` (and without looking
at it or at the training strokes), from the ways people actually write digits:
different stroke orders and directions, open and closed loops, narrow and wide
proportions, European and American forms, quick sloppy forms, and the shapes
that networks trained on scanned digits tend to misread. It serves as an
independent yardstick: the training never sees these shapes.

Format::

    STYLES_B[digit] = [(name, strokes), (name, strokes, place_options), ...]

``name`` starts with the digit and a space; ``place_options`` (optional) is a
dict of keyword arguments for :func:`pen.place` (e.g. a wider brush radius).
"""

import numpy as np
from pen import arc, bezier

# ---------------------------------------------------------------- helpers


def _line(a, b, n=12):
    """Points of a straight segment from ``a`` to ``b``."""
    t = np.linspace(0.0, 1.0, n)
    return [(a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s) for s in t]


def _cat(*parts):
    """One stroke from several pieces drawn one after the other (joints not doubled)."""
    out = []
    for part in parts:
        for p in part:
            p = (float(p[0]), float(p[1]))
            if out and abs(out[-1][0] - p[0]) < 1e-9 and abs(out[-1][1] - p[1]) < 1e-9:
                continue
            out.append(p)
    return out


def _poly(*points, n=8):
    """A polyline through ``points`` (straight pieces, ``n`` points each)."""
    return _cat(*[_line(a, b, n) for a, b in zip(points[:-1], points[1:])])


def _eight(cross=0.45, top=0.04, bottom=0.96, wtop=0.2, wbot=0.25, cx=0.3, left_first=True,
           t0=-0.35, t1=2 * np.pi + 0.25, n=90):
    """A figure eight in one stroke from the top (a stretched Gerono lemniscate).

    The pen starts near the top, goes round the top bowl, crosses in the
    middle, goes round the bottom bowl and comes back up across the middle
    to the top; ``left_first`` chooses the direction at the start.
    """
    t = np.linspace(t0, t1, n)
    c, s = np.cos(t), np.sin(t)
    k = -1.0 if left_first else 1.0
    w = np.where(c > 0, wtop, wbot) * 2.0
    x = cx + k * w * s * c
    y = np.where(c > 0, cross - (cross - top) * c, cross - (bottom - cross) * c)
    return list(zip(x, y))


def _spiral(cx, cy, r0, r1, ry_scale, a0, turns, n=60):
    """A spiral scribble from radius ``r0`` to ``r1`` (angles in degrees, decreasing = counter-clockwise)."""
    a = np.radians(np.linspace(a0, a0 - 360.0 * turns, n))
    r = np.linspace(r0, r1, n)
    return list(zip(cx + r * np.cos(a), cy + ry_scale * r * np.sin(a)))


BOLD = {"radius": (8.0, 13.0), "height": (150.0, 240.0)}

# ---------------------------------------------------------------- digits

_ZERO = [
    ("0 oval drawn counter-clockwise from the top",
     [arc(0.3, 0.5, 0.25, 0.46, 275, -95, 48)]),
    ("0 oval drawn clockwise from the top",
     [arc(0.3, 0.5, 0.25, 0.46, -95, 275, 48)]),
    ("0 narrow tall oval",
     [arc(0.3, 0.5, 0.15, 0.47, 280, -90, 44)]),
    ("0 wide round",
     [arc(0.3, 0.5, 0.31, 0.4, 270, -95, 48)]),
    ("0 quick, loop left open at the top right",
     [arc(0.3, 0.5, 0.24, 0.46, 262, -55, 44)]),
    ("0 with the end overshooting past the start",
     [_cat(arc(0.3, 0.5, 0.25, 0.46, 300, -70, 48), _line((0.39, 0.07), (0.19, 0.06), 5))]),
    ("0 egg with a pointed top, started at the top",
     [_cat(bezier((0.33, 0.03), (0.0, 0.25), (-0.04, 0.95), (0.3, 0.97), n=18),
           bezier((0.3, 0.97), (0.66, 0.97), (0.6, 0.3), (0.3, 0.04), n=18))]),
    ("0 started at the bottom right, drawn upwards",
     [arc(0.3, 0.52, 0.26, 0.45, 60, -305, 48)]),
    ("0 with a diagonal slash through it",
     [arc(0.3, 0.5, 0.26, 0.46, 270, -92, 48), _line((0.47, 0.2), (0.13, 0.8), 10)]),
]

_ONE = [
    ("1 plain vertical stroke",
     [_line((0.3, 0.03), (0.3, 0.97), 16)]),
    ("1 with a short flag",
     [_poly((0.2, 0.16), (0.33, 0.03), (0.33, 0.97))]),
    ("1 with a long straight flag",
     [_poly((0.14, 0.4), (0.36, 0.03), (0.36, 0.97), n=10)]),
    ("1 with a curved flag",
     [_cat(bezier((0.15, 0.34), (0.21, 0.27), (0.29, 0.15), (0.35, 0.03), n=12),
           _line((0.35, 0.03), (0.35, 0.97), 12))]),
    ("1 with flag and foot",
     [_poly((0.16, 0.2), (0.32, 0.03), (0.32, 0.95)), _line((0.1, 0.96), (0.54, 0.96), 10)]),
    ("1 slanted with a flag",
     [_poly((0.25, 0.25), (0.42, 0.03), (0.2, 0.97), n=10)]),
    ("1 with a long lead-in stroke from the lower left",
     [_poly((0.04, 0.58), (0.38, 0.03), (0.38, 0.97), n=12)]),
    ("1 with a small serif on top only",
     [_poly((0.19, 0.08), (0.31, 0.03), (0.31, 0.97), n=10)]),
    ("1 drawn upwards then a flag down to the left",
     [_poly((0.32, 0.97), (0.32, 0.03), (0.16, 0.2), n=12)]),
]

_TWO = [
    ("2 round top, diagonal and flat base",
     [_cat(arc(0.3, 0.27, 0.23, 0.22, 200, 375, 22),
           bezier((0.52, 0.33), (0.46, 0.55), (0.2, 0.75), (0.05, 0.94), n=16),
           _line((0.05, 0.94), (0.58, 0.94), 10))]),
    ("2 with a loop at the bottom left",
     [_cat(arc(0.3, 0.26, 0.22, 0.21, 195, 370, 22),
           bezier((0.51, 0.3), (0.48, 0.55), (0.32, 0.7), (0.2, 0.88), n=14),
           arc(0.14, 0.82, 0.09, 0.09, 45, 350, 22),
           bezier((0.23, 0.8), (0.25, 0.92), (0.35, 0.94), (0.58, 0.92), n=10))]),
    ("2 Z-like with a flat top and a rounded shoulder",
     [_cat(bezier((0.05, 0.22), (0.04, 0.08), (0.1, 0.05), (0.26, 0.05), n=8),
           bezier((0.26, 0.05), (0.66, 0.04), (0.64, 0.3), (0.4, 0.46), n=14),
           _line((0.4, 0.46), (0.05, 0.94), 12),
           _line((0.05, 0.94), (0.57, 0.94), 10))]),
    ("2 with a curly base turning up at the end",
     [_cat(arc(0.3, 0.27, 0.23, 0.22, 205, 372, 22),
           bezier((0.52, 0.32), (0.46, 0.58), (0.18, 0.74), (0.06, 0.9), n=14),
           bezier((0.06, 0.9), (0.22, 0.8), (0.3, 1.02), (0.5, 1.0), (0.66, 0.9), (0.56, 0.78), n=20))]),
    ("2 with a nearly vertical neck",
     [_cat(arc(0.26, 0.24, 0.2, 0.2, 190, 360, 20),
           bezier((0.46, 0.24), (0.46, 0.45), (0.32, 0.55), (0.26, 0.7), (0.22, 0.94), n=16),
           _line((0.22, 0.94), (0.58, 0.94), 10))]),
    ("2 with a swan neck (concave diagonal)",
     [_cat(bezier((0.07, 0.22), (0.14, 0.02), (0.58, -0.02), (0.52, 0.3), n=18),
           bezier((0.52, 0.3), (0.45, 0.55), (0.1, 0.7), (0.06, 0.95), n=16),
           bezier((0.06, 0.95), (0.2, 0.9), (0.4, 0.92), (0.59, 0.94), n=10))]),
    ("2 starting with a small curl",
     [_cat(arc(0.13, 0.26, 0.07, 0.07, 0, 200, 12),
           arc(0.3, 0.27, 0.24, 0.22, 185, 370, 20),
           _line((0.54, 0.31), (0.07, 0.94), 14),
           _line((0.07, 0.94), (0.57, 0.92), 10))]),
    ("2 in two strokes with the base drawn separately",
     [_cat(arc(0.3, 0.26, 0.23, 0.22, 185, 370, 22), _line((0.53, 0.3), (0.08, 0.93), 14)),
      _line((0.04, 0.94), (0.58, 0.95), 10)]),
    ("2 small wide hump and a long base",
     [_cat(arc(0.3, 0.3, 0.26, 0.2, 195, 365, 20),
           bezier((0.56, 0.32), (0.5, 0.52), (0.2, 0.72), (0.02, 0.93), n=14),
           _line((0.02, 0.93), (0.62, 0.93), 12))]),
]

_THREE = [
    ("3 rounded with two equal bowls",
     [_cat(arc(0.28, 0.25, 0.22, 0.21, 200, 470, 28), arc(0.28, 0.72, 0.25, 0.25, 250, 515, 28))]),
    ("3 with a flat top (Z-like)",
     [_cat(_poly((0.06, 0.05), (0.52, 0.05), (0.24, 0.4), n=10),
           bezier((0.24, 0.4), (0.56, 0.34), (0.64, 0.7), (0.46, 0.88), (0.22, 1.0), (0.04, 0.86), n=22))]),
    ("3 small top bowl, large bottom bowl",
     [_cat(arc(0.3, 0.18, 0.17, 0.15, 200, 470, 24), arc(0.28, 0.64, 0.29, 0.32, 250, 515, 30))]),
    ("3 narrow",
     [_cat(arc(0.3, 0.26, 0.14, 0.22, 205, 470, 24), arc(0.3, 0.73, 0.16, 0.24, 250, 510, 26))]),
    ("3 with a small loop in the middle",
     [_cat(arc(0.3, 0.25, 0.21, 0.21, 200, 450, 26),
           _line((0.3, 0.46), (0.2, 0.47), 4),
           arc(0.2, 0.4, 0.07, 0.07, 90, 400, 16),
           bezier((0.26, 0.43), (0.68, 0.46), (0.64, 0.96), (0.3, 0.97), (0.1, 0.94), (0.04, 0.86), n=20))]),
    ("3 with the bottom curling back up",
     [_cat(arc(0.28, 0.25, 0.21, 0.21, 200, 470, 26),
           arc(0.28, 0.7, 0.25, 0.25, 250, 490, 24),
           bezier((0.12, 0.89), (0.0, 0.84), (-0.01, 0.7), (0.1, 0.69), (0.16, 0.77), n=10))]),
    ("3 in two strokes, one bowl each",
     [arc(0.28, 0.25, 0.22, 0.2, 195, 460, 24), arc(0.28, 0.71, 0.26, 0.25, 235, 510, 26)]),
    ("3 with a long pointed middle reaching left",
     [_cat(arc(0.32, 0.24, 0.2, 0.2, 200, 440, 24), _line((0.25, 0.43), (0.03, 0.47), 6),
           _line((0.03, 0.47), (0.3, 0.5), 6), arc(0.3, 0.73, 0.25, 0.24, 270, 510, 24))]),
    ("3 with a long tail sweeping to the left",
     [_cat(arc(0.3, 0.24, 0.2, 0.2, 205, 470, 24),
           bezier((0.24, 0.45), (0.7, 0.4), (0.66, 0.95), (0.3, 0.96), (0.0, 0.97), n=22))]),
]

_FOUR = [
    ("4 open with a vertical left arm (two strokes)",
     [_poly((0.1, 0.04), (0.08, 0.6), (0.57, 0.6), n=10), _line((0.43, 0.06), (0.43, 0.97), 14)]),
    ("4 open with a slanted left arm",
     [_poly((0.28, 0.04), (0.05, 0.62), (0.58, 0.62), n=10), _line((0.44, 0.22), (0.44, 0.97), 12)]),
    ("4 closed triangle in one stroke from the bottom of the stem",
     [_poly((0.44, 0.97), (0.44, 0.04), (0.04, 0.66), (0.58, 0.66), n=12)]),
    ("4 closed triangle, stem drawn second",
     [_poly((0.44, 0.04), (0.04, 0.66), (0.58, 0.66), n=12), _line((0.44, 0.04), (0.44, 0.97), 14)]),
    ("4 crossed, stem rising above the top of the diagonal",
     [_poly((0.42, 0.26), (0.05, 0.64), (0.58, 0.64), n=10), _line((0.42, 0.03), (0.42, 0.97), 14)]),
    ("4 in one stroke: diagonal, bar, then up and down the stem",
     [_cat(_poly((0.36, 0.05), (0.04, 0.64), (0.54, 0.64), n=10),
           bezier((0.54, 0.64), (0.48, 0.5), (0.44, 0.3), (0.44, 0.1), n=10),
           _line((0.44, 0.1), (0.42, 0.97), 14))]),
    ("4 with a rounded u-shaped top",
     [_cat(_line((0.07, 0.05), (0.07, 0.35), 6),
           bezier((0.07, 0.35), (0.07, 0.62), (0.3, 0.62), (0.44, 0.58), (0.6, 0.54), n=14)),
      _line((0.46, 0.04), (0.46, 0.97), 14)]),
    ("4 wide and short, open",
     [_poly((0.2, 0.2), (0.02, 0.66), (0.62, 0.66), n=10), _line((0.44, 0.2), (0.44, 0.88), 12)]),
    ("4 with the bar drawn last",
     [_line((0.12, 0.04), (0.1, 0.58), 10), _line((0.42, 0.04), (0.44, 0.97), 14),
      _line((0.1, 0.58), (0.58, 0.57), 10)]),
]

_FIVE = [
    ("5 with the flag drawn last",
     [_cat(_line((0.14, 0.06), (0.11, 0.46), 8), arc(0.3, 0.69, 0.26, 0.25, 225, 505, 28)),
      _line((0.14, 0.06), (0.54, 0.05), 8)]),
    ("5 in one stroke, flag drawn first",
     [_cat(_line((0.54, 0.05), (0.14, 0.06), 8), _line((0.14, 0.06), (0.11, 0.46), 8),
           arc(0.3, 0.69, 0.26, 0.25, 225, 505, 28))]),
    ("5 in two strokes, flag drawn first",
     [_line((0.13, 0.06), (0.55, 0.05), 8),
      _cat(_line((0.13, 0.07), (0.1, 0.45), 8), arc(0.3, 0.69, 0.26, 0.25, 222, 500, 28))]),
    ("5 with a big round belly and a short neck",
     [_cat(_line((0.12, 0.06), (0.1, 0.34), 6), arc(0.3, 0.64, 0.29, 0.32, 220, 500, 30)),
      _line((0.12, 0.06), (0.5, 0.06), 8)]),
    ("5 with a curved flag",
     [_cat(_line((0.16, 0.06), (0.12, 0.45), 8), arc(0.3, 0.69, 0.26, 0.25, 225, 505, 28)),
      bezier((0.16, 0.07), (0.3, 0.0), (0.45, 0.1), (0.57, 0.02), n=10)]),
    ("5 with a flat-topped belly and sharp corner",
     [_cat(_line((0.1, 0.05), (0.08, 0.46), 8), _line((0.08, 0.46), (0.36, 0.44), 6),
           bezier((0.36, 0.44), (0.66, 0.44), (0.66, 0.96), (0.3, 0.96), (0.05, 0.92), n=20)),
      _line((0.1, 0.05), (0.54, 0.05), 8)]),
    ("5 with a belly ending in a curl",
     [_cat(_line((0.14, 0.06), (0.11, 0.46), 8), arc(0.3, 0.69, 0.26, 0.25, 225, 480, 26),
           bezier((0.18, 0.93), (0.0, 0.9), (0.0, 0.72), (0.14, 0.74), (0.2, 0.82), n=10)),
      _line((0.14, 0.06), (0.54, 0.05), 8)]),
    ("5 with a slanted neck",
     [_cat(_line((0.22, 0.05), (0.08, 0.47), 8), arc(0.3, 0.7, 0.26, 0.24, 222, 505, 28)),
      _line((0.22, 0.05), (0.58, 0.04), 8)]),
    ("5 small belly and a tall neck",
     [_cat(_line((0.54, 0.05), (0.16, 0.05), 8), _line((0.16, 0.05), (0.14, 0.56), 10),
           arc(0.28, 0.8, 0.2, 0.16, 225, 505, 26))]),
]

_SIX = [
    ("6 with a curved stem and a round loop",
     [_cat(bezier((0.5, 0.08), (0.1, 0.02), (0.04, 0.55), (0.06, 0.72), n=18),
           arc(0.3, 0.72, 0.24, 0.24, 180, -170, 32))]),
    ("6 whose top curls over",
     [_cat(bezier((0.5, 0.26), (0.6, 0.12), (0.5, 0.0), (0.36, 0.04), n=10),
           bezier((0.36, 0.04), (0.14, 0.06), (0.05, 0.45), (0.06, 0.72), n=16),
           arc(0.3, 0.72, 0.24, 0.24, 180, -170, 32))]),
    ("6 with a large loop",
     [_cat(bezier((0.46, 0.04), (0.2, 0.08), (0.04, 0.3), (0.03, 0.62), n=14),
           arc(0.3, 0.64, 0.27, 0.33, 180, -175, 34))]),
    ("6 with a small loop and long stem",
     [_cat(bezier((0.5, 0.04), (0.2, 0.1), (0.1, 0.6), (0.14, 0.82), n=18),
           arc(0.3, 0.82, 0.16, 0.15, 180, -170, 28))]),
    ("6 with a straight diagonal stem",
     [_cat(_line((0.52, 0.03), (0.08, 0.72), 14), arc(0.3, 0.74, 0.23, 0.22, 170, -175, 32))]),
    ("6 with the loop left open",
     [_cat(bezier((0.48, 0.06), (0.12, 0.06), (0.04, 0.5), (0.06, 0.72), n=18),
           arc(0.3, 0.72, 0.24, 0.24, 180, -120, 28))]),
    ("6 with the loop crossing the stem",
     [_cat(bezier((0.5, 0.06), (0.14, 0.06), (0.05, 0.5), (0.07, 0.75), n=18),
           arc(0.3, 0.74, 0.23, 0.23, 175, -200, 32),
           _line((0.09, 0.66), (0.0, 0.58), 4))]),
    ("6 narrow with an almost vertical stem",
     [_cat(bezier((0.4, 0.03), (0.2, 0.05), (0.16, 0.35), (0.16, 0.7), n=16),
           arc(0.3, 0.76, 0.14, 0.2, 190, -165, 30))]),
]

_SEVEN = [
    ("7 plain, bar then stem in one stroke",
     [_poly((0.04, 0.06), (0.56, 0.06), (0.24, 0.96), n=14)]),
    ("7 with a bar across the stem",
     [_poly((0.04, 0.06), (0.56, 0.06), (0.26, 0.96), n=14), _line((0.22, 0.5), (0.57, 0.5), 8)]),
    ("7 with a hooked start",
     [_cat(bezier((0.06, 0.2), (0.03, 0.12), (0.05, 0.06), (0.12, 0.06), n=6),
           _poly((0.12, 0.06), (0.56, 0.06), (0.26, 0.96), n=14))]),
    ("7 with a curved stem",
     [_cat(_line((0.04, 0.07), (0.56, 0.06), 10),
           bezier((0.56, 0.06), (0.36, 0.35), (0.24, 0.65), (0.24, 0.96), n=16))]),
    ("7 with a serif at the bottom",
     [_poly((0.02, 0.06), (0.58, 0.06), (0.3, 0.94), n=14), _line((0.23, 0.95), (0.37, 0.95), 5)]),
    ("7 slanted with a long stem",
     [_poly((0.08, 0.05), (0.6, 0.04), (0.1, 0.97), n=14)]),
    ("7 with a wavy top",
     [_cat(bezier((0.03, 0.12), (0.18, -0.06), (0.34, 0.22), (0.57, 0.04), n=14),
           _line((0.56, 0.05), (0.24, 0.96), 14))]),
    ("7 European with curved stem and a bar",
     [_cat(_line((0.04, 0.08), (0.58, 0.06), 10),
           bezier((0.58, 0.06), (0.4, 0.3), (0.3, 0.6), (0.3, 0.97), n=16)),
      _line((0.2, 0.5), (0.52, 0.49), 8)]),
    ("7 in two strokes, top then stem",
     [_line((0.03, 0.06), (0.57, 0.07), 10), _line((0.55, 0.08), (0.22, 0.97), 14)]),
]

_EIGHT = [
    ("8 in one stroke from the top, going left first",
     [_eight(left_first=True)]),
    ("8 in one stroke from the top, going right first",
     [_eight(left_first=False)]),
    ("8 as two stacked circles",
     [arc(0.3, 0.25, 0.2, 0.21, 270, -95, 30), arc(0.3, 0.71, 0.25, 0.25, 270, -95, 34)]),
    ("8 as a snowman, small head and large body",
     [arc(0.3, 0.18, 0.14, 0.14, 270, -95, 24), arc(0.3, 0.64, 0.28, 0.32, 270, 635, 36)]),
    ("8 with a small top loop",
     [_eight(cross=0.38, wtop=0.15, wbot=0.27, left_first=True)]),
    ("8 as an S closed by a second stroke",
     [_cat(bezier((0.52, 0.12), (0.3, -0.05), (0.02, 0.1), (0.12, 0.32), (0.3, 0.48), n=18),
           bezier((0.3, 0.48), (0.58, 0.62), (0.6, 0.98), (0.28, 0.97), (0.0, 0.95), (0.06, 0.62), (0.3, 0.48), n=24)),
      bezier((0.3, 0.48), (0.5, 0.36), (0.56, 0.2), (0.5, 0.1), n=10)]),
    ("8 quick, top loop not closed at the right",
     [_eight(cross=0.46, wtop=0.2, wbot=0.24, left_first=True, t0=-0.12, t1=2 * np.pi - 0.6)]),
    ("8 started in the middle",
     [_eight(cross=0.45, wtop=0.21, wbot=0.25, left_first=False, t0=np.pi / 2 - 0.1, t1=2.5 * np.pi + 0.15)]),
    ("8 narrow with large bowls",
     [_eight(cross=0.47, wtop=0.14, wbot=0.16, left_first=True)]),
]

_NINE = [
    ("9 round loop with a straight tail",
     [_cat(arc(0.3, 0.27, 0.23, 0.22, -20, -372, 36), _line((0.53, 0.26), (0.51, 0.97), 14))]),
    ("9 with a tail curling back left",
     [_cat(arc(0.3, 0.27, 0.23, 0.22, -20, -372, 36),
           bezier((0.53, 0.26), (0.55, 0.7), (0.5, 0.97), (0.28, 0.97), (0.1, 0.9), n=18))]),
    ("9 with a straight slanted tail",
     [_cat(arc(0.34, 0.26, 0.22, 0.21, -20, -372, 36), _line((0.56, 0.25), (0.28, 0.97), 14))]),
    ("9 bold with a scribbled, filled loop",
     [_cat(arc(0.3, 0.21, 0.2, 0.17, -20, -372, 36), _line((0.5, 0.2), (0.48, 0.97), 14)),
      _spiral(0.3, 0.21, 0.15, 0.02, 0.9, -30, 2.5)], BOLD),
    ("9 with a g-like hooked tail",
     [_cat(arc(0.3, 0.26, 0.23, 0.21, -20, -372, 36),
           bezier((0.53, 0.25), (0.55, 0.65), (0.55, 1.0), (0.25, 0.98), (0.05, 0.96), (0.06, 0.78), n=20))]),
    ("9 drawn starting with the tail",
     [_cat(_line((0.5, 0.97), (0.53, 0.28), 14), arc(0.3, 0.27, 0.23, 0.22, 0, -355, 36))]),
    ("9 in two strokes, circle then stem",
     [arc(0.3, 0.26, 0.24, 0.22, -30, -395, 36), _line((0.54, 0.06), (0.52, 0.97), 16)]),
    ("9 small loop and a long tail",
     [_cat(arc(0.32, 0.2, 0.17, 0.16, -20, -372, 30), _line((0.49, 0.19), (0.45, 0.97), 16))]),
    ("9 with a loop that does not close",
     [_cat(arc(0.3, 0.28, 0.23, 0.22, -70, -345, 30),
           bezier((0.52, 0.22), (0.52, 0.12), (0.54, 0.3), (0.53, 0.5), (0.5, 0.97), n=16))]),
]

STYLES_B: dict[int, list[tuple]] = {
    0: _ZERO,
    1: _ONE,
    2: _TWO,
    3: _THREE,
    4: _FOUR,
    5: _FIVE,
    6: _SIX,
    7: _SEVEN,
    8: _EIGHT,
    9: _NINE,
}
"""Ways of drawing each digit: ``(name, strokes[, place_options])``."""

__all__ = ["STYLES_B"]
