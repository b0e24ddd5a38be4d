"""Random digit shapes drawn with strokes, to train the digit networks on how people draw.

MNIST's writers used pens on paper; people on the digit pad draw with a
mouse, often in shapes MNIST has few of (1s with a flag and a foot, closed
4s, 6s with a curled top, 9s with a curled tail). This module makes such
drawings for training: each digit is a small program with random
parameters (:func:`digit_strokes`) — loop sizes, where a stroke starts and
ends, whether a 1 has a flag or a foot, a 7 a bar, a 4 a closed top … —
whose strokes ``resources/datasets/pen.py`` then bends, places and draws
with the pad's round brush.

These programs are written apart from the allographs of the yardstick
(``resources/datasets/drawn_styles.py``), which the training never sees.

Coordinates: a unit box, x about 0…0.6, y 0 (top) … 1 (bottom), y down;
angles in degrees, 0 = right, 90 = down.
"""

from __future__ import annotations

import numpy as np


def _ellipse(cx, cy, rx, ry, start, sweep, n=None):
    n = n or max(int(abs(sweep) / 10), 6)
    a = np.radians(start + sweep * np.linspace(0.0, 1.0, n))
    return np.column_stack([cx + rx * np.cos(a), cy + ry * np.sin(a)])


def _curve(*points, n=14):
    """A smooth curve through the control points (a Bézier curve of their degree)."""
    P = np.asarray(points, dtype=float)
    k = len(P) - 1
    t = np.linspace(0.0, 1.0, n)[:, None]
    from math import comb
    return sum(comb(k, i) * t ** i * (1 - t) ** (k - i) * P[i] for i in range(k + 1))


def _line(*points):
    return np.asarray(points, dtype=float)


def _join(*parts):
    return np.vstack([np.asarray(p, dtype=float) for p in parts])


def _fill(cx, cy, rx, ry, u):
    """Scribbled strokes inside a loop, as a bold pen fills it."""
    turns = u(1.5, 3.0)
    t = np.linspace(0.0, 2 * np.pi * turns, 30)
    k = np.linspace(0.9, 0.1, 30)
    return np.column_stack([cx + rx * k * np.cos(t), cy + ry * k * np.sin(t)])


def zero(u, c):
    rx, ry = u(0.17, 0.33), u(0.42, 0.5)
    start = u(-120, -40)
    sweep = u(340, 400) * c([1, -1])
    return [_ellipse(0.3, 0.5, rx, ry, start, sweep)]


def one(u, c):
    top, bottom = (u(0.25, 0.45), 0.0), (u(0.15, 0.4), 1.0)
    stem = _line(top, bottom)
    kind = c(["plain", "flag", "flag", "flag_foot", "curved_flag"])
    if kind == "plain":
        return [stem]
    flag_len, drop = u(0.1, 0.35), u(0.1, 0.3)
    start = (top[0] - flag_len, drop)
    if kind == "curved_flag":
        flag = _curve(start, (top[0] - flag_len * 0.3, drop * 0.6), top, n=8)
    else:
        flag = _line(start, top)
    strokes = [_join(flag, stem[1:])]
    if kind == "flag_foot":
        half = u(0.1, 0.28)
        strokes.append(_line((bottom[0] - half, 1.0), (bottom[0] + half * u(0.8, 1.2), 1.0)))
    return strokes


def two(u, c):
    r = u(0.2, 0.3)
    cy = u(0.2, 0.32)
    head = _ellipse(0.3, cy, r, r * u(0.85, 1.1), u(165, 215), u(170, 215))
    end = head[-1]
    corner = (u(-0.02, 0.1), u(0.92, 1.0))
    kind = c(["straight", "curved", "curved", "loop", "z"])
    if kind == "z":
        top = _line((u(0.0, 0.08), u(0.0, 0.06)), (u(0.5, 0.6), 0.02))
        neck = _curve(top[-1], (u(0.45, 0.62), u(0.15, 0.35)), corner)
        return [_join(top, neck[1:], _line(corner, (u(0.5, 0.65), corner[1])))]
    if kind == "straight":
        neck = _line(end, corner)
    else:
        neck = _curve(end, (end[0] + u(-0.05, 0.05), end[1] + u(0.2, 0.35)), (u(0.05, 0.25), u(0.7, 0.85)), corner)
    base_end = (u(0.5, 0.68), corner[1] + u(-0.04, 0.04))
    parts = [head, neck[1:]]
    if kind == "loop":
        lr = u(0.05, 0.1)
        parts.append(_ellipse(corner[0] + lr, corner[1] - lr, lr, lr, 150, -300 * c([1, -1]) + u(-20, 20))[1:])
    if c([True, False, False]):
        parts.append(_curve(parts[-1][-1], (u(0.2, 0.35), corner[1] - u(0.05, 0.1)), (u(0.3, 0.45), corner[1] + u(0.03, 0.08)), base_end)[1:])
    else:
        parts.append(_line(parts[-1][-1], base_end)[1:])
    return [_join(*parts)]


def three(u, c):
    split = u(0.4, 0.52)
    ru, rl = split / 2 * u(0.85, 1.0), (1 - split) / 2 * u(0.9, 1.0)
    if c([True, False, False, False]):  # flat top and a straight stroke into the belly
        top = _line((u(0.0, 0.08), 0.0), (u(0.5, 0.62), 0.0), (u(0.2, 0.32), split))
        belly = _ellipse(0.3, split + rl, rl * u(0.95, 1.2), rl, -u(95, 120), u(230, 270))
        return [_join(top, belly[1:])]
    upper = _ellipse(0.3, split / 2, ru * u(0.9, 1.2), ru, -u(150, 190), u(230, 270))
    middle = (u(0.15, 0.3), split)
    lower = _ellipse(0.3, split + rl, rl * u(0.95, 1.25), rl, -u(80, 120), u(220, 270))
    return [_join(upper, [middle], lower)]


def four(u, c):
    bar = u(0.5, 0.72)
    stem_x = u(0.36, 0.52)
    kind = c(["open", "closed", "closed", "one_stroke", "crossed"])
    left = (u(-0.02, 0.08), bar)
    right = (u(0.55, 0.68), bar + u(-0.03, 0.03))
    bottom = (stem_x + u(-0.08, 0.04), 1.0)
    if kind == "one_stroke":
        tl = (u(0.0, 0.15), 0.0)
        return [_line(tl, left, (stem_x, bar), (stem_x + u(-0.02, 0.04), u(0.0, 0.1)), bottom)]
    if kind == "closed":
        apex = (stem_x + u(-0.04, 0.04), 0.0)
        return [_line(apex, left, right), _line(apex, bottom)]
    if kind == "crossed":
        return [_line((u(0.25, 0.45), 0.02), left, right), _line((stem_x, u(0.1, 0.3)), bottom)]
    return [_line((u(0.2, 0.42), 0.0), left, right), _line((stem_x, u(0.0, 0.35)), bottom)]


def five(u, c):
    corner = (u(0.05, 0.16), u(0.36, 0.52))
    r = (1 - corner[1]) / 2 * u(0.9, 1.05)
    belly = _ellipse(0.3, 1 - r, r * u(1.0, 1.25), r, -u(110, 150), u(250, 300))
    top_left = (corner[0] + u(0.0, 0.05), 0.0)
    flag = _line(top_left, (u(0.48, 0.62), u(-0.02, 0.04)))
    down = _line(top_left, corner)
    if c([True, False]):  # flag drawn first, in one stroke
        return [_join(flag[::-1], down[1:], belly)]
    return [_join(down, belly), flag]


def six(u, c):
    r = u(0.16, 0.32)
    cy = 1 - r * u(0.95, 1.05)
    loop = _ellipse(0.3, cy, r * u(0.95, 1.2), r, 180, -u(320, 370))
    if c([True, False, False]):  # the top curls over to the right
        hook = _ellipse(0.3, u(0.15, 0.3), u(0.18, 0.3), u(0.15, 0.28), -u(0, 40), -u(130, 160))
        stem = _curve(hook[-1], (u(0.0, 0.06), u(0.45, 0.65)), loop[0])
        return [_join(hook, stem[1:], loop[1:])]
    top = (u(0.35, 0.6), u(0.0, 0.05))
    stem = _curve(top, (u(0.05, 0.25), u(0.15, 0.4)), (u(0.0, 0.08), cy))
    return [_join(stem, loop[1:])]


def seven(u, c):
    right = (u(0.5, 0.65), u(0.0, 0.06))
    left = (u(0.0, 0.08), u(0.0, 0.06))
    foot = (u(0.12, 0.4), 1.0)
    if c([True, False, False]):
        stem = _curve(right, (u(0.3, 0.45), u(0.35, 0.55)), foot)
    else:
        stem = _line(right, foot)
    first = [_line((left[0] + u(-0.02, 0.02), left[1] + u(0.08, 0.18)), left)] if c([True, False, False]) else []
    strokes = [_join(*first, _line(left, right)[(1 if first else 0):], stem[1:])]
    if c([True, False, False]):
        y = u(0.42, 0.6)
        x = right[0] + (foot[0] - right[0]) * (y - right[1]) / (1 - right[1])
        strokes.append(_line((x - u(0.15, 0.25), y), (x + u(0.12, 0.22), y)))
    return strokes


def eight(u, c):
    waist = u(0.4, 0.52)
    ru, rl = u(0.12, 0.26), u(0.18, 0.32)
    lean = u(-0.1, 0.2)
    if c([True, False, False]):  # two loops
        upper = _ellipse(0.3 + lean / 2, waist / 2, ru, waist / 2, u(0, 360), 360)
        lower = _ellipse(0.3, waist + (1 - waist) / 2, rl, (1 - waist) / 2, -90, c([360, -360]))
        return [upper, lower]
    t = np.linspace(0.0, 2 * np.pi, 64)
    y = 0.5 - 0.5 * np.cos(t)
    y = np.where(y < 0.5, y / 0.5 * waist, waist + (y - 0.5) / 0.5 * (1 - waist))
    w = np.where(y < waist, ru, rl) * c([1, -1])
    return [np.column_stack([0.3 + w * np.sin(2 * t) + lean * (0.5 - y), y])]


def nine(u, c):
    r = u(0.15, 0.28)
    cy = r * u(0.95, 1.05)
    start = u(-30, 30)
    loop = _ellipse(0.3, cy, r * u(0.95, 1.2), r, start, -u(340, 380))
    joint = loop[-1]
    kind = c(["straight", "straight", "curved", "curls_back", "hook"])
    if kind == "straight":
        tail = _line(joint, (joint[0] + u(-0.2, 0.05), 1.0))
    elif kind == "curved":
        tail = _curve(joint, (joint[0] + u(-0.05, 0.05), 0.7), (u(0.1, 0.35), 1.0))
    elif kind == "curls_back":
        tail = _curve(joint, (joint[0] + u(0.0, 0.06), u(0.8, 1.0)), (u(0.3, 0.45), 1.05), (u(0.0, 0.15), u(0.8, 0.92)))
    else:
        tail = _curve(joint, (joint[0], 0.95), (u(0.1, 0.3), u(0.9, 1.0)))
    strokes = [_join(loop, tail[1:])]
    if c([True] + [False] * 7):
        strokes.append(_fill(0.3, cy, r * 0.9, r * 0.9, u))
    return strokes


PROGRAMS = [zero, one, two, three, four, five, six, seven, eight, nine]


def digit_strokes(digit: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Random strokes of ``digit`` in the unit box.

    Returns
    -------
    list of ndarray, shape (k, 2)
        Each stroke's points (x, y) in drawing order.
    """
    def u(lo, hi):
        return float(rng.uniform(lo, hi))

    def c(options):
        return options[int(rng.integers(len(options)))]

    return PROGRAMS[digit](u, c)


__all__ = ["PROGRAMS", "digit_strokes"]
