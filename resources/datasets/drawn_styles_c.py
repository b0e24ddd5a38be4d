"""Handwritten digit allographs, set C: a third, independently written set of shapes.

These are ways people write each digit 0–9 by hand with a mouse: different
school forms, stroke orders and directions, proportions, closed or open
loops, overshoots, serifs or none, from neat adult hands to hurried ones and
children's. They feed a *drawn validation set* only; the training never sees
them, so they are a yardstick independent of the training strokes.

Each style is a list of strokes in the unit box of :mod:`pen` (x about
0…0.6, y 0 at the top to 1 at the bottom, y growing downwards), points in
drawing order and direction. An entry may carry a third element, a dict of
options for :func:`pen.place`. Every name starts with its digit and ends
with " (c)".
"""

from __future__ import annotations

import numpy as np

from pen import arc, bezier


def _poly(*corners, step=0.04):
    """Points along straight segments through ``corners``, about ``step`` apart."""
    out = [tuple(corners[0])]
    for (x0, y0), (x1, y1) in zip(corners[:-1], corners[1:]):
        n = max(2, int(np.hypot(x1 - x0, y1 - y0) / step) + 1)
        for t in np.linspace(0.0, 1.0, n)[1:]:
            out.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t))
    return out


def _join(*parts):
    """One stroke from pieces drawn one after another (a repeated joint point is dropped)."""
    out = []
    for part in parts:
        for p in part:
            p = (float(p[0]), float(p[1]))
            if not out or np.hypot(p[0] - out[-1][0], p[1] - out[-1][1]) > 1e-9:
                out.append(p)
    return out


def _ellipse(cx, cy, rx, ry, a0, a1, tilt=0.0, grow=0.0, n=40):
    """An elliptic arc turned by ``tilt`` degrees whose radii grow by ``grow`` (a fraction) along it."""
    t = np.radians(np.linspace(a0, a1, n))
    g = 1.0 + grow * np.linspace(0.0, 1.0, n)
    x, y = rx * g * np.cos(t), ry * g * np.sin(t)
    c, s = np.cos(np.radians(tilt)), np.sin(np.radians(tilt))
    return [(cx + c * a - s * b, cy + s * a + c * b) for a, b in zip(x, y)]


def _mirror(stroke):
    """A stroke mirrored left to right in the box."""
    return [(0.6 - x, y) for x, y in stroke]


def _square_ring(cx, cy, rx, ry, a0, a1, power=0.55, n=48):
    """A squarish ring (a superellipse) from angle ``a0`` to ``a1``."""
    t = np.radians(np.linspace(a0, a1, n))
    c, s = np.cos(t), np.sin(t)
    return [(cx + rx * np.sign(a) * abs(a) ** power, cy + ry * np.sign(b) * abs(b) ** power) for a, b in zip(c, s)]


# ---------------------------------------------------------------- pieces of 8
_EIGHT = _join(
    bezier((0.50, 0.12), (0.40, -0.03), (0.04, -0.01), (0.08, 0.22), (0.12, 0.40), (0.30, 0.46), n=20),
    bezier((0.30, 0.46), (0.62, 0.55), (0.62, 0.99), (0.30, 0.99), n=20),
    bezier((0.30, 0.99), (-0.02, 0.99), (0.00, 0.58), (0.30, 0.48), n=20),
    bezier((0.30, 0.48), (0.50, 0.40), (0.60, 0.24), (0.49, 0.10), n=16),
)

# ---------------------------------------------------------------- pieces of 3
_THREE_TOP = arc(0.30, 0.26, 0.24, 0.24, 205, 430, 24)
_THREE_BOTTOM = arc(0.30, 0.74, 0.28, 0.26, -108, 152, 28)


STYLES_C: dict[int, list[tuple]] = {
    0: [
        ("0 oval, anticlockwise from the top (c)", [_ellipse(0.30, 0.50, 0.26, 0.48, -90, -455, n=52)]),
        ("0 oval, clockwise from the top (c)", [_ellipse(0.30, 0.50, 0.26, 0.48, -90, 274, n=52)]),
        ("0 wide round child's ring (c)", [_ellipse(0.30, 0.52, 0.31, 0.44, -100, -462, n=52)]),
        ("0 narrow, left open at the top right (c)", [_ellipse(0.30, 0.50, 0.17, 0.49, -75, -395, n=48)]),
        ("0 overshooting spiral at the top (c)", [_ellipse(0.30, 0.51, 0.25, 0.47, -50, -480, grow=0.14, n=56)]),
        ("0 slashed, programmer's zero (c)",
         [_ellipse(0.30, 0.50, 0.25, 0.48, -90, -452, n=52), _poly((0.52, 0.10), (0.08, 0.90))]),
        ("0 teardrop with a pointed top (c)",
         [_join(bezier((0.33, 0.00), (-0.06, 0.22), (-0.06, 1.04), (0.30, 1.00)),
                bezier((0.30, 1.00), (0.66, 0.96), (0.62, 0.28), (0.30, 0.03)))]),
        ("0 two halves, left then right (c)",
         [_ellipse(0.30, 0.50, 0.26, 0.48, -92, -268, n=24), _ellipse(0.30, 0.50, 0.26, 0.48, -88, 92, n=24)]),
        ("0 tilted oval started at the bottom (c)", [_ellipse(0.30, 0.50, 0.23, 0.48, 90, 455, tilt=12, n=52)]),
        ("0 squarish with straight sides (c)", [_square_ring(0.30, 0.50, 0.27, 0.47, -90, -452)]),
    ],
    1: [
        ("1 single straight stroke (c)", [_poly((0.30, 0.00), (0.30, 1.00))]),
        ("1 short flag and stem in one stroke (c)", [_poly((0.17, 0.16), (0.34, 0.00), (0.34, 1.00))]),
        ("1 continental long up-flag (c)", [_poly((0.04, 0.40), (0.40, 0.00), (0.40, 1.00))]),
        ("1 flag, stem and a foot (c)",
         [_poly((0.16, 0.17), (0.32, 0.00), (0.32, 1.00)), _poly((0.10, 1.00), (0.54, 1.00))]),
        ("1 stem with a foot, no flag (c)", [_poly((0.30, 0.00), (0.30, 1.00)), _poly((0.12, 1.00), (0.48, 1.00))]),
        ("1 stem first, flag added after (c)", [_poly((0.36, 0.00), (0.36, 1.00)), _poly((0.36, 0.01), (0.15, 0.22))]),
        ("1 curved hook at the top, hurried (c)", [bezier((0.15, 0.15), (0.32, -0.05), (0.38, 0.10), (0.32, 1.00))]),
        ("1 leaning bowed stroke (c)", [bezier((0.42, 0.00), (0.26, 0.45), (0.20, 1.00))]),
        ("1 drawn upward then flicked down-left (c)", [_poly((0.30, 1.00), (0.32, 0.00), (0.15, 0.18))]),
    ],
    2: [
        ("2 round top, diagonal and flat base (c)",
         [_join(arc(0.30, 0.27, 0.25, 0.25, 195, 350, 16),
                bezier((0.546, 0.227), (0.58, 0.45), (0.25, 0.70), (0.04, 0.98)),
                _poly((0.04, 0.98), (0.58, 0.98)))]),
        ("2 with a cursive loop at the bottom (c)",
         [_join(arc(0.30, 0.26, 0.24, 0.24, 195, 350, 16),
                bezier((0.536, 0.218), (0.57, 0.45), (0.30, 0.70), (0.10, 0.94)),
                bezier((0.10, 0.94), (0.02, 1.03), (-0.02, 0.80), (0.14, 0.82), (0.26, 0.84), (0.22, 0.98)),
                _poly((0.22, 0.98), (0.58, 0.96)))]),
        ("2 angular like a Z (c)",
         [_join(bezier((0.05, 0.16), (0.22, -0.04), (0.60, -0.04), (0.52, 0.28)),
                _poly((0.52, 0.28), (0.04, 1.00), (0.58, 1.00)))]),
        ("2 with a wavy base (c)",
         [_join(arc(0.30, 0.27, 0.25, 0.25, 190, 355, 16),
                bezier((0.549, 0.248), (0.56, 0.50), (0.20, 0.70), (0.05, 0.95)),
                bezier((0.05, 0.95), (0.22, 0.84), (0.38, 1.06), (0.60, 0.92)))]),
        ("2 child's, base drawn as a second stroke (c)",
         [_join(arc(0.30, 0.30, 0.28, 0.28, 185, 360, 18), bezier((0.58, 0.30), (0.58, 0.55), (0.30, 0.75), (0.06, 0.97))),
          _poly((0.04, 0.97), (0.58, 0.97))], {"radius": (7.0, 13.0)}),
        ("2 starting with a small curl (c)",
         [_join(arc(0.12, 0.26, 0.06, 0.06, 60, -200, 14),
                arc(0.30, 0.27, 0.24, 0.24, 200, 350, 14),
                bezier((0.537, 0.228), (0.57, 0.48), (0.26, 0.70), (0.05, 0.98)),
                _poly((0.05, 0.98), (0.57, 0.98)))]),
        ("2 swan neck S-curve (c)",
         [_join(arc(0.30, 0.24, 0.25, 0.22, 180, 360, 18),
                bezier((0.55, 0.24), (0.60, 0.55), (0.05, 0.58), (0.05, 1.00)),
                _poly((0.05, 1.00), (0.58, 0.98)))]),
        ("2 hurried, short base turned up (c)",
         [_join(arc(0.30, 0.25, 0.22, 0.23, 200, 345, 14),
                bezier((0.51, 0.19), (0.55, 0.50), (0.20, 0.72), (0.06, 0.96)),
                bezier((0.06, 0.96), (0.25, 0.93), (0.40, 0.97), (0.50, 0.88)))], {"aspect": (0.7, 1.0)}),
        ("2 tall top hook, base with a corner (c)",
         [_join(bezier((0.06, 0.30), (0.04, 0.02), (0.56, -0.04), (0.54, 0.32)),
                bezier((0.54, 0.32), (0.52, 0.55), (0.10, 0.80), (0.03, 0.99)),
                _poly((0.03, 0.99), (0.60, 0.99)))]),
    ],
    3: [
        ("3 two round bumps in one stroke (c)",
         [_join(_THREE_TOP, [(0.22, 0.50)], _THREE_BOTTOM)]),
        ("3 with a pointed middle (c)",
         [_join(bezier((0.05, 0.12), (0.25, -0.05), (0.60, 0.00), (0.55, 0.22), (0.50, 0.42), (0.24, 0.48)),
                bezier((0.24, 0.48), (0.62, 0.48), (0.66, 0.98), (0.30, 0.99), (0.10, 1.00), (0.03, 0.88)))]),
        ("3 flat top like a Z (c)",
         [_join(_poly((0.05, 0.02), (0.55, 0.02), (0.24, 0.40)), arc(0.30, 0.70, 0.28, 0.29, -102, 155, 26))]),
        ("3 small top, big bottom (c)",
         [_join(arc(0.32, 0.19, 0.16, 0.18, 210, 440, 20), [(0.24, 0.38)],
                arc(0.30, 0.68, 0.30, 0.31, -105, 150, 28))]),
        ("3 two separate bumps, child's (c)",
         [arc(0.30, 0.26, 0.25, 0.25, 200, 450, 24), arc(0.30, 0.75, 0.28, 0.25, -90, 160, 26)],
         {"radius": (7.0, 13.0)}),
        ("3 with a little loop in the middle (c)",
         [_join(arc(0.30, 0.25, 0.23, 0.23, 205, 440, 22),
                bezier((0.37, 0.47), (0.12, 0.55), (0.08, 0.40), (0.24, 0.47), (0.30, 0.50)),
                arc(0.30, 0.75, 0.28, 0.25, -92, 152, 24))]),
        ("3 with curled ends (c)",
         [_join(arc(0.10, 0.18, 0.05, 0.05, 90, -100, 10), arc(0.30, 0.25, 0.22, 0.23, 240, 430, 20), [(0.22, 0.49)],
                arc(0.30, 0.74, 0.28, 0.26, -108, 175, 26), arc(0.06, 0.79, 0.05, 0.05, 10, -200, 10))]),
        ("3 round, lower bump nearly closed (c)",
         [_join(arc(0.30, 0.25, 0.25, 0.24, 190, 430, 24), [(0.22, 0.49)],
                arc(0.30, 0.74, 0.28, 0.26, -108, 200, 30))]),
        ("3 narrow and hurried (c)",
         [_join(bezier((0.10, 0.08), (0.40, -0.04), (0.52, 0.22), (0.26, 0.45)),
                bezier((0.26, 0.45), (0.60, 0.50), (0.55, 1.02), (0.08, 0.92)))], {"aspect": (0.6, 0.9)}),
    ],
    4: [
        ("4 open, two strokes (c)",
         [_poly((0.12, 0.00), (0.04, 0.62), (0.58, 0.62)), _poly((0.42, 0.05), (0.42, 1.00))]),
        ("4 closed triangle, two strokes (c)",
         [_poly((0.44, 0.00), (0.02, 0.68), (0.60, 0.68)), _poly((0.44, 0.00), (0.44, 1.00))]),
        ("4 closed, stem drawn first (c)",
         [_poly((0.44, 0.00), (0.44, 1.00)), _poly((0.44, 0.02), (0.02, 0.68), (0.60, 0.68))]),
        ("4 closed in one stroke from the bar (c)",
         [_poly((0.60, 0.68), (0.02, 0.68), (0.44, 0.00), (0.44, 1.00))]),
        ("4 open with a tall stem (c)",
         [_poly((0.10, 0.15), (0.06, 0.60), (0.58, 0.58)), _poly((0.40, 0.00), (0.40, 1.00))]),
        ("4 open with a slanted arm (c)",
         [_poly((0.26, 0.00), (0.02, 0.60), (0.58, 0.60)), _poly((0.45, 0.22), (0.42, 1.00))]),
        ("4 closed with a foot (c)",
         [_poly((0.42, 0.00), (0.02, 0.66), (0.60, 0.66)), _poly((0.42, 0.00), (0.42, 1.00)),
          _poly((0.28, 1.00), (0.58, 1.00))]),
        ("4 curved arm, open (c)",
         [bezier((0.14, 0.00), (0.00, 0.50), (0.04, 0.66), (0.60, 0.60)), bezier((0.44, 0.12), (0.40, 0.60), (0.42, 1.00))]),
        ("4 one stroke, up the stem and back down (c)",
         [_poly((0.10, 0.00), (0.05, 0.60), (0.42, 0.60), (0.43, 0.04), (0.42, 1.00))]),
        ("4 closed, low long bar, short stem (c)",
         [_poly((0.36, 0.00), (0.00, 0.76), (0.60, 0.76)), _poly((0.36, 0.00), (0.36, 1.00))]),
    ],
    5: [
        ("5 stem and belly, then the flag (c)",
         [_join(_poly((0.10, 0.02), (0.07, 0.48)), arc(0.28, 0.69, 0.28, 0.29, -135, 150, 28)),
          _poly((0.10, 0.02), (0.55, 0.02))]),
        ("5 one stroke, flag drawn right to left (c)",
         [_join(_poly((0.56, 0.02), (0.10, 0.02), (0.07, 0.48)), arc(0.28, 0.69, 0.28, 0.29, -135, 150, 28))]),
        ("5 flag first, then stem and belly (c)",
         [_poly((0.08, 0.03), (0.54, 0.01)), _join(_poly((0.10, 0.03), (0.07, 0.47)), arc(0.28, 0.69, 0.28, 0.29, -135, 150, 28))]),
        ("5 squared off, child's (c)",
         [_poly((0.55, 0.00), (0.08, 0.00), (0.08, 0.45), (0.52, 0.45), (0.55, 0.95), (0.04, 0.95))],
         {"radius": (7.0, 13.0)}),
        ("5 big belly nearly closed (c)",
         [_join(_poly((0.12, 0.02), (0.08, 0.42)), arc(0.30, 0.68, 0.29, 0.31, -130, 175, 30)),
          _poly((0.12, 0.02), (0.56, 0.02))]),
        ("5 with a wavy flag (c)",
         [_join(_poly((0.10, 0.05), (0.07, 0.48)), arc(0.28, 0.69, 0.28, 0.29, -135, 150, 28)),
          bezier((0.10, 0.05), (0.28, -0.04), (0.42, 0.10), (0.60, 0.00))]),
        ("5 long stem, small belly (c)",
         [_join(_poly((0.12, 0.00), (0.10, 0.58)), arc(0.30, 0.78, 0.22, 0.21, -140, 150, 26)),
          _poly((0.12, 0.00), (0.50, 0.00))]),
        ("5 belly ending in a curl (c)",
         [_join(_poly((0.10, 0.02), (0.07, 0.47)), arc(0.28, 0.69, 0.28, 0.29, -135, 145, 26),
                arc(0.08, 0.80, 0.05, 0.06, 60, -190, 12)),
          _poly((0.10, 0.02), (0.55, 0.02))]),
        ("5 slanted stem with a floating flag (c)",
         [_join(_poly((0.20, 0.08), (0.06, 0.50)), bezier((0.06, 0.50), (0.45, 0.30), (0.70, 0.65), (0.45, 0.92), (0.25, 1.05), (0.03, 0.90))),
          _poly((0.26, 0.00), (0.58, -0.02))]),
    ],
    6: [
        ("6 curved stem into a closed loop (c)",
         [_join(bezier((0.48, 0.02), (0.20, 0.10), (0.02, 0.45), (0.04, 0.76)),
                arc(0.30, 0.74, 0.26, 0.25, 176, -178, 36))]),
        ("6 straight stem, small loop (c)",
         [_join(_poly((0.46, 0.00), (0.09, 0.78)), arc(0.29, 0.80, 0.20, 0.19, 176, -170, 32))]),
        ("6 big round loop (c)",
         [_join(bezier((0.45, 0.00), (0.20, 0.06), (0.02, 0.30), (0.02, 0.60)),
                arc(0.30, 0.64, 0.28, 0.35, 172, -180, 36))]),
        ("6 loop left open (c)",
         [_join(bezier((0.50, 0.04), (0.20, 0.10), (0.02, 0.45), (0.04, 0.76)),
                arc(0.30, 0.74, 0.26, 0.25, 176, -110, 30))]),
        ("6 loop first, then the stem upward (c)",
         [_ellipse(0.30, 0.72, 0.26, 0.27, -150, -515, n=40),
          bezier((0.08, 0.70), (0.08, 0.30), (0.28, 0.04), (0.52, 0.00))]),
        ("6 hooked top (c)",
         [_join(bezier((0.54, 0.16), (0.52, -0.02), (0.28, -0.04), (0.14, 0.20), (0.02, 0.45), (0.04, 0.76)),
                arc(0.30, 0.74, 0.26, 0.25, 176, -178, 36))]),
        ("6 loop overshooting into the stem (c)",
         [_join(bezier((0.48, 0.02), (0.20, 0.10), (0.02, 0.45), (0.04, 0.76)),
                arc(0.30, 0.74, 0.26, 0.25, 176, -218, 40))]),
        ("6 narrow and slanted (c)",
         [_join(bezier((0.46, 0.00), (0.22, 0.15), (0.10, 0.45), (0.10, 0.78)),
                arc(0.28, 0.78, 0.18, 0.21, 178, -178, 32))], {"slant": (0.2, 0.5), "aspect": (0.7, 1.0)}),
        ("6 wide child's with a flat loop (c)",
         [_join(bezier((0.40, 0.00), (0.15, 0.20), (0.02, 0.50), (0.02, 0.78)),
                arc(0.30, 0.78, 0.28, 0.21, 176, -178, 36))], {"radius": (7.0, 13.0)}),
    ],
    7: [
        ("7 bar and diagonal in one stroke (c)", [_poly((0.04, 0.03), (0.58, 0.03), (0.22, 1.00))]),
        ("7 with a crossbar, continental (c)",
         [_poly((0.04, 0.03), (0.58, 0.03), (0.24, 1.00)), _poly((0.20, 0.52), (0.54, 0.52))]),
        ("7 with a serif hook at the left (c)", [_poly((0.04, 0.17), (0.05, 0.02), (0.58, 0.03), (0.24, 1.00))]),
        ("7 with a curved stem (c)",
         [_join(_poly((0.04, 0.03), (0.58, 0.03)), bezier((0.58, 0.03), (0.30, 0.40), (0.24, 0.70), (0.24, 1.00)))]),
        ("7 steep, nearly upright stem (c)", [_poly((0.05, 0.02), (0.56, 0.02), (0.44, 1.00))]),
        ("7 bar and stem as two strokes (c)", [_poly((0.04, 0.04), (0.57, 0.02)), _poly((0.58, 0.03), (0.20, 1.00))]),
        ("7 with a wavy top (c)",
         [_join(bezier((0.03, 0.09), (0.20, -0.05), (0.36, 0.10), (0.58, 0.00)), _poly((0.58, 0.00), (0.24, 1.00)))]),
        ("7 with serif and crossbar (c)",
         [_poly((0.04, 0.15), (0.05, 0.02), (0.58, 0.03), (0.26, 1.00)), _poly((0.22, 0.50), (0.56, 0.50))]),
        ("7 short bar, long stem swinging left (c)",
         [_join(_poly((0.12, 0.04), (0.56, 0.00)), bezier((0.56, 0.00), (0.42, 0.50), (0.30, 0.90), (0.14, 1.00)))],
         {"aspect": (0.7, 1.0)}),
    ],
    8: [
        ("8 one stroke from the top right, S then back up (c)", [_EIGHT]),
        ("8 two stacked rings, snowman (c)",
         [_ellipse(0.30, 0.25, 0.20, 0.23, -90, -450, n=36), _ellipse(0.30, 0.73, 0.26, 0.26, -90, -452, n=40)],
         {"radius": (6.0, 13.0)}),
        ("8 started at the crossing (c)",
         [_join(bezier((0.30, 0.48), (0.60, 0.35), (0.55, 0.00), (0.30, 0.00), (0.05, 0.00), (0.00, 0.35), (0.30, 0.48)),
                bezier((0.30, 0.48), (0.62, 0.60), (0.60, 1.00), (0.30, 1.00), (0.00, 1.00), (-0.02, 0.60), (0.30, 0.48)))]),
        ("8 one stroke from the top left, clockwise (c)", [_mirror(_EIGHT)]),
        ("8 small top loop, big bottom loop (c)",
         [_join(bezier((0.46, 0.10), (0.38, -0.02), (0.12, 0.00), (0.14, 0.18), (0.16, 0.33), (0.30, 0.38)),
                bezier((0.30, 0.38), (0.64, 0.48), (0.64, 0.99), (0.30, 0.99)),
                bezier((0.30, 0.99), (-0.04, 0.99), (-0.02, 0.50), (0.30, 0.40)),
                bezier((0.30, 0.40), (0.46, 0.33), (0.52, 0.20), (0.45, 0.09)))]),
        ("8 with the top loop left open (c)", [_EIGHT[:-6]]),
        ("8 S and a backwards S, two strokes (c)",
         [_join(arc(0.30, 0.25, 0.21, 0.23, -30, -270, 22), arc(0.30, 0.73, 0.25, 0.25, -90, 150, 24)),
          _mirror(_join(arc(0.30, 0.25, 0.21, 0.23, -30, -270, 22), arc(0.30, 0.73, 0.25, 0.25, -90, 150, 24)))]),
        ("8 narrow and slanted (c)", [_EIGHT], {"slant": (0.25, 0.5), "aspect": (0.55, 0.8)}),
        ("8 pinched, wide bottom, hurried (c)",
         [_join(bezier((0.42, 0.06), (0.25, -0.04), (0.08, 0.10), (0.30, 0.44)),
                bezier((0.30, 0.44), (0.66, 0.70), (0.52, 1.04), (0.26, 0.98), (0.00, 0.92), (0.10, 0.60), (0.30, 0.44)),
                bezier((0.30, 0.44), (0.42, 0.30), (0.52, 0.14), (0.42, 0.06)))]),
    ],
    9: [
        ("9 anticlockwise loop and straight stem (c)",
         [_join(arc(0.30, 0.27, 0.25, 0.25, -20, -380, 36), _poly((0.535, 0.18), (0.52, 1.00)))]),
        ("9 with a tail curving left (c)",
         [_join(arc(0.30, 0.27, 0.25, 0.25, -20, -380, 36),
                bezier((0.535, 0.18), (0.56, 0.80), (0.40, 1.02), (0.10, 0.95)))]),
        ("9 loop and stem as two strokes (c)",
         [_ellipse(0.29, 0.27, 0.25, 0.25, -90, -448, n=36), _poly((0.55, 0.04), (0.53, 1.00))]),
        ("9 big loop, short stem (c)",
         [_join(arc(0.30, 0.34, 0.29, 0.32, -20, -380, 40), _poly((0.57, 0.23), (0.55, 1.00)))]),
        ("9 clockwise loop, then the stem (c)",
         [_ellipse(0.29, 0.27, 0.25, 0.25, 180, 545, n=36), _poly((0.54, 0.10), (0.52, 1.00))]),
        ("9 one stroke, loop then up and down the stem (c)",
         [_join(arc(0.30, 0.27, 0.24, 0.25, -40, -330, 30), _poly((0.51, 0.40), (0.55, 0.03), (0.52, 1.00)))]),
        ("9 small loop, long stem (c)",
         [_join(arc(0.32, 0.20, 0.18, 0.19, -20, -380, 32), _poly((0.49, 0.14), (0.46, 1.00)))]),
        ("9 with a diagonal stem, like a q (c)",
         [_join(arc(0.32, 0.27, 0.25, 0.25, -20, -380, 36), _poly((0.555, 0.18), (0.52, 0.45), (0.26, 1.00)))]),
        ("9 narrow and hurried (c)",
         [_join(bezier((0.50, 0.10), (0.20, -0.08), (0.00, 0.30), (0.30, 0.42), (0.50, 0.48), (0.52, 0.10)),
                bezier((0.52, 0.10), (0.52, 0.55), (0.48, 0.80), (0.44, 1.00)))], {"aspect": (0.6, 0.9)}),
    ],
}
