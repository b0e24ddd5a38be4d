"""Handwriting-like ways of drawing each digit (allographs), for the drawn-digit yardstick.

Each style is a name, its strokes in a unit box (x about 0…0.6, y 0 at
the top … 1 at the bottom), in the order and direction a person would draw
them with a mouse, and (for a few) how it is drawn: options for
``pen.place`` such as a wider brush. The list covers the common shapes and those a network
trained on scanned digits tends to misread: 6s whose top curls over, 9s whose
tail curls back, bold 9s with a filled loop, 1s with a flag and a foot,
closed and crossed 4s, 2s with a loop at the bottom, and more.

Only ``build_drawn_sets.py`` uses these (validation and test sets); the
training of the shipped networks never sees them.
"""

from __future__ import annotations

import numpy as np

from pen import arc, bezier


def _spiral(cx, cy, rx, ry, turns=2.0, n=40):
    """A scribble filling an ellipse from its rim inwards (a loop drawn bold)."""
    t = np.linspace(0, 2 * np.pi * turns, n)
    k = np.linspace(1.0, 0.15, n)
    return [(cx + rx * ki * np.cos(ti), cy + ry * ki * np.sin(ti)) for ti, ki in zip(t, k)]


def _eight(upper, lower, lean=0.0, n=60):
    """A figure eight in one stroke, from the top: loops of half-widths ``upper`` and ``lower``."""
    t = np.linspace(0, 2 * np.pi, n)
    y = 0.5 - 0.5 * np.cos(t)
    w = np.where(y < 0.5, upper, lower)
    return [(0.3 + wi * np.sin(2 * ti) + lean * (0.5 - yi), yi) for ti, yi, wi in zip(t, y, w)]


STYLES: dict[int, list[tuple]] = {
    0: [
        ("0 oval", [arc(0.3, 0.5, 0.28, 0.49, -90, 270, 40)]),
        ("0 oval, ends overlap", [arc(0.3, 0.5, 0.26, 0.49, -60, 320, 40)]),
        ("0 round", [arc(0.3, 0.5, 0.36, 0.47, -100, 255, 40)]),
        ("0 narrow, clockwise", [arc(0.3, 0.5, 0.2, 0.5, 260, -90, 40)]),
        ("0 egg, open at the top", [arc(0.3, 0.52, 0.3, 0.47, -70, 250, 40)]),
    ],
    1: [
        ("1 plain stroke", [[(0.3, 0.0), (0.3, 1.0)]]),
        ("1 short flag", [[(0.16, 0.16), (0.34, 0.0), (0.34, 1.0)]]),
        ("1 long flag", [[(0.06, 0.3), (0.36, 0.0), (0.36, 1.0)]]),
        ("1 flag and foot", [[(0.1, 0.2), (0.32, 0.0), (0.32, 1.0)], [(0.08, 1.0), (0.56, 1.0)]]),
        ("1 flag, slanted stem", [[(0.08, 0.24), (0.42, 0.0), (0.22, 1.0)]]),
        ("1 curved flag", [bezier((0.05, 0.3), (0.2, 0.18), (0.36, 0.0), n=10) + [(0.36, 1.0)]]),
        ("1 flag and foot, one stroke", [[(0.12, 0.18), (0.34, 0.0), (0.34, 1.0), (0.1, 1.0)],
                                         [(0.34, 1.0), (0.58, 1.0)]]),
    ],
    2: [
        ("2 arc, diagonal and base", [arc(0.3, 0.27, 0.27, 0.26, 195, 380, 20) + [(0.02, 1.0), (0.6, 1.0)]]),
        ("2 curved neck", [arc(0.3, 0.27, 0.28, 0.27, 185, 360, 20)
                           + bezier((0.58, 0.27), (0.55, 0.6), (0.05, 0.75), (0.02, 0.98), n=14)[1:]
                           + [(0.62, 0.98)]]),
        ("2 loop at the bottom", [arc(0.3, 0.25, 0.26, 0.25, 200, 390, 20) + [(0.1, 0.86)]
                                  + arc(0.14, 0.9, 0.09, 0.08, -60, 260, 14) + [(0.6, 0.98)]]),
        ("2 flat top like a Z", [[(0.02, 0.02), (0.56, 0.02)] + bezier((0.56, 0.02), (0.6, 0.3), (0.03, 0.98), n=12)
                                 + [(0.6, 0.98)]]),
        ("2 wavy base", [arc(0.3, 0.28, 0.26, 0.27, 190, 370, 20) + [(0.04, 0.95)]
                         + bezier((0.04, 0.95), (0.25, 0.85), (0.4, 1.05), (0.62, 0.93), n=12)]),
        ("2 small head, long base", [arc(0.28, 0.22, 0.2, 0.2, 180, 370, 18) + [(0.0, 1.0), (0.65, 1.0)]]),
    ],
    3: [
        ("3 two arcs", [arc(0.28, 0.26, 0.25, 0.24, -165, 90, 22) + arc(0.28, 0.74, 0.29, 0.26, -90, 160, 22)]),
        ("3 flat top", [[(0.05, 0.0), (0.58, 0.0), (0.25, 0.42)] + arc(0.3, 0.7, 0.29, 0.29, -105, 160, 22)]),
        ("3 with a middle bar", [arc(0.3, 0.25, 0.24, 0.24, -170, 80, 22) + [(0.2, 0.5)]
                                 + arc(0.3, 0.74, 0.28, 0.26, -100, 165, 22)]),
        ("3 small top, big belly", [arc(0.3, 0.2, 0.18, 0.2, -160, 90, 20) + arc(0.3, 0.67, 0.31, 0.33, -90, 150, 24)]),
        ("3 pointed middle", [arc(0.3, 0.25, 0.26, 0.25, -170, 60, 20) + [(0.14, 0.5)]
                              + arc(0.3, 0.75, 0.28, 0.25, -120, 160, 22)]),
    ],
    4: [
        ("4 open, two strokes", [[(0.42, 0.0), (0.02, 0.66), (0.62, 0.66)], [(0.46, 0.3), (0.46, 1.0)]]),
        ("4 open, square", [[(0.08, 0.0), (0.04, 0.58), (0.6, 0.58)], [(0.5, 0.0), (0.5, 1.0)]]),
        ("4 one stroke", [[(0.08, 0.0), (0.04, 0.58), (0.52, 0.58), (0.52, 0.0), (0.52, 1.0)]]),
        ("4 closed triangle", [[(0.46, 0.0), (0.02, 0.66), (0.62, 0.66)], [(0.46, 0.0), (0.46, 1.0)]]),
        ("4 crossed bar", [[(0.38, 0.04), (0.0, 0.62), (0.62, 0.62)], [(0.44, 0.24), (0.44, 1.0)]]),
        ("4 stem above the top", [[(0.3, 0.08), (0.02, 0.6), (0.6, 0.6)], [(0.42, 0.0), (0.42, 1.0)]]),
        ("4 closed, slanted", [[(0.5, 0.0), (0.0, 0.62), (0.6, 0.62)], [(0.5, 0.0), (0.4, 1.0)]]),
    ],
    5: [
        ("5 flag first", [[(0.58, 0.0), (0.1, 0.0), (0.07, 0.43)] + arc(0.3, 0.7, 0.28, 0.28, -128, 150, 24)]),
        ("5 flag last", [[(0.1, 0.0), (0.07, 0.45)] + arc(0.3, 0.71, 0.28, 0.28, -125, 150, 24),
                         [(0.1, 0.0), (0.58, 0.02)]]),
        ("5 round belly", [[(0.56, 0.02), (0.12, 0.0), (0.08, 0.4)] + arc(0.28, 0.69, 0.3, 0.3, -120, 165, 24)]),
        ("5 sharp corner", [[(0.55, 0.0), (0.08, 0.0), (0.05, 0.45), (0.4, 0.42)]
                            + arc(0.32, 0.72, 0.26, 0.28, -70, 160, 20)]),
        ("5 small belly", [[(0.6, 0.0), (0.14, 0.02), (0.1, 0.52)] + arc(0.32, 0.76, 0.24, 0.23, -130, 160, 22)]),
    ],
    6: [
        ("6 sweep", [[(0.52, 0.0), (0.3, 0.1), (0.14, 0.3), (0.05, 0.55)] + arc(0.3, 0.73, 0.25, 0.26, 180, -165, 30)]),
        ("6 big loop", [arc(0.62, 0.62, 0.56, 0.62, -100, -180, 12) + arc(0.32, 0.7, 0.28, 0.3, 180, -170, 30)]),
        ("6 straight stem", [[(0.45, 0.0), (0.1, 0.6)] + arc(0.3, 0.76, 0.24, 0.24, 150, -200, 30)]),
        ("6 top curls over", [arc(0.32, 0.26, 0.24, 0.22, -30, -180, 14)
                              + arc(0.32, 0.7, 0.28, 0.28, 180, -180, 32)[1:]]),
        ("6 print-like, curled top, large loop", [arc(0.3, 0.32, 0.27, 0.3, -35, -180, 14)
                                                  + arc(0.3, 0.66, 0.3, 0.33, 175, -170, 32)[1:]]),
        ("6 loop closing high", [bezier((0.55, 0.02), (0.1, 0.1), (0.0, 0.7), (0.2, 1.0), n=16)
                                 + arc(0.32, 0.72, 0.26, 0.28, 120, -190, 26)]),
        ("6 small loop", [[(0.5, 0.0), (0.2, 0.35), (0.12, 0.7)] + arc(0.3, 0.82, 0.18, 0.18, 180, -175, 24)]),
    ],
    7: [
        ("7 plain", [[(0.02, 0.02), (0.6, 0.02), (0.2, 1.0)]]),
        ("7 crossed", [[(0.02, 0.02), (0.6, 0.02), (0.22, 1.0)], [(0.14, 0.52), (0.52, 0.5)]]),
        ("7 hook at the left", [[(0.02, 0.14), (0.02, 0.02), (0.6, 0.02), (0.3, 1.0)]]),
        ("7 curved stem", [[(0.02, 0.02), (0.6, 0.02)] + bezier((0.6, 0.02), (0.3, 0.4), (0.3, 0.7), (0.28, 1.0), n=14)]),
        ("7 wavy top", [bezier((0.0, 0.08), (0.2, -0.04), (0.4, 0.12), (0.62, 0.0), n=12) + [(0.25, 1.0)]]),
    ],
    8: [
        ("8 one stroke", [_eight(0.22, 0.28)]),
        ("8 two circles", [arc(0.3, 0.25, 0.22, 0.24, 0, 360, 30), arc(0.3, 0.73, 0.28, 0.27, -90, 270, 30)]),
        ("8 even loops", [_eight(0.26, 0.26)]),
        ("8 small head", [_eight(0.15, 0.3)]),
        ("8 slanted", [_eight(0.22, 0.26, lean=0.2)]),
        ("8 drawn as S and back", [arc(0.3, 0.25, 0.24, 0.24, -10, -270, 18) + arc(0.3, 0.74, 0.28, 0.26, -90, 90, 18)
                                   + arc(0.3, 0.74, 0.28, 0.26, 90, 180, 8) + [(0.55, 0.12)]]),
    ],
    9: [
        ("9 loop and straight tail", [arc(0.3, 0.28, 0.27, 0.27, 0, -360, 30) + [(0.55, 1.0)]]),
        ("9 tail curls back", [arc(0.3, 0.27, 0.26, 0.26, 10, -350, 30) + [(0.56, 0.72)]
                               + arc(0.33, 0.76, 0.23, 0.22, 0, 150, 12)]),
        ("9 tail hooks to the left", [arc(0.3, 0.28, 0.26, 0.27, 0, -360, 30)
                                      + bezier((0.56, 0.28), (0.6, 0.9), (0.35, 1.05), (0.08, 0.88), n=14)]),
        ("9 bold, filled loop", [arc(0.3, 0.28, 0.27, 0.27, 0, -360, 30) + [(0.55, 1.0)],
                                 _spiral(0.3, 0.28, 0.22, 0.22, 4.0, 64)], {"radius": (8.0, 13.0)}),
        ("9 stick tail", [arc(0.28, 0.28, 0.26, 0.27, -20, -370, 30) + [(0.5, 0.3), (0.45, 1.0)]]),
        ("9 small loop, long tail", [arc(0.3, 0.2, 0.22, 0.2, 0, -360, 26) + [(0.5, 1.0)]]),
        ("9 curved tail", [arc(0.3, 0.28, 0.27, 0.27, 0, -360, 30)
                           + bezier((0.57, 0.28), (0.55, 0.7), (0.4, 0.9), (0.25, 1.0), n=12)]),
    ],
}


__all__ = ["STYLES"]
