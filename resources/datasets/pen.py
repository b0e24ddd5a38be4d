"""Drawing digits as a mouse on nnapp's pad would: shape, sampling, and the round brush.

Build scripts share this module (numpy only). A drawing starts as strokes in
a unit box (lists of (x, y) points, y down, height 1, width about 0.6) and
goes through three steps:

1. :func:`wobble` — the hand: each stroke bends a little along its length
   (a smooth random offset) and every point shakes a little;
2. :func:`place` — the page: slant, rotation, width, size and position on
   the 280×280 pad, and a brush radius;
3. :func:`mouse_path` then :func:`render` — the mouse and the brush: the
   stroke is sampled like mouse events (points a few pixels apart at
   a varying speed, joined by straight segments) and painted with a round,
   anti-aliased brush (full ink within the radius, fading over one pixel),
   as the pad paints a stroke.

Every function takes a ``numpy.random.Generator`` for its random choices.
"""

from __future__ import annotations

import numpy as np

PAD = 280
"""Side of the digit pad, in pixels."""
STORED = 112
"""Side of a stored drawing (the pad shrunk by area-averaging)."""


def arc(cx, cy, rx, ry, a0, a1, n=24):
    """Points of an elliptic arc; angles in degrees, 0 = right, 90 = down (y grows downwards)."""
    a = np.radians(np.linspace(a0, a1, n))
    return [(cx + rx * np.cos(t), cy + ry * np.sin(t)) for t in a]


def bezier(*control, n=20):
    """Points of a Bézier curve through its control points (x, y), any degree."""
    P = np.asarray(control, dtype=float)
    t = np.linspace(0.0, 1.0, n)[:, None]
    k = len(P) - 1
    from math import comb
    B = sum(comb(k, i) * t ** i * (1 - t) ** (k - i) * P[i] for i in range(k + 1))
    return [tuple(p) for p in B]


def wobble(strokes, rng: np.random.Generator, amount: float) -> list[np.ndarray]:
    """Strokes bent and shaken by about ``amount`` (in units of the digit's height).

    Each stroke gets a smooth offset that changes along it (a random
    quadratic curve through three random displacements) and a smaller
    noise on every point.
    """
    out = []
    for stroke in strokes:
        pts = np.asarray(stroke, dtype=float)
        s = np.linspace(0.0, 1.0, len(pts))[:, None]
        d = rng.normal(0.0, amount, size=(3, 2))
        bend = d[0] * (1 - s) ** 2 + 2 * d[1] * s * (1 - s) + d[2] * s ** 2
        out.append(pts + bend + rng.normal(0.0, amount / 4, size=pts.shape))
    return out


def place(strokes, rng: np.random.Generator, *, slant=(-0.2, 0.4), rotation=10.0, aspect=(0.75, 1.3),
          height=(90.0, 240.0), radius=(4.0, 13.0)) -> tuple[list[np.ndarray], float]:
    """The strokes in pad pixels, slanted, turned, stretched, sized and placed; and the brush radius.

    Parameters
    ----------
    strokes : list of array_like, shape (k, 2)
        In the unit box: x about 0…0.6, y 0 (top) … 1 (bottom).
    slant : (float, float)
        Range of the shear: x moves right by ``slant`` × height above the middle.
    rotation : float
        Degrees, uniform in ±rotation.
    aspect : (float, float)
        Range of the factor on the width.
    height : (float, float)
        Range of the digit's height in pad pixels.
    radius : (float, float)
        Range of the brush radius in pad pixels.

    Returns
    -------
    strokes : list of ndarray, shape (k, 2)
        Pad pixels; the whole drawing (with the brush) lies on the pad.
    radius : float
    """
    k_slant = rng.uniform(*slant)
    angle = np.radians(rng.uniform(-rotation, rotation))
    k_aspect = rng.uniform(*aspect)
    size = rng.uniform(*height)
    r = rng.uniform(*radius)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    placed = []
    for pts in strokes:
        pts = np.asarray(pts, dtype=float)
        x = (pts[:, 0] - 0.3) * k_aspect + k_slant * (0.5 - pts[:, 1])
        y = pts[:, 1] - 0.5
        placed.append((np.column_stack([x, y]) @ rot.T) * size)
    every = np.vstack(placed)
    span = every.max(axis=0) - every.min(axis=0) + 2 * r + 4
    if np.any(span > PAD):  # too large for the pad: shrink drawing and brush alike
        k = (PAD - 8) / span.max()
        placed = [p * k for p in placed]
        r *= k
        every = np.vstack(placed)
        span = every.max(axis=0) - every.min(axis=0) + 2 * r + 4
    lo = every.min(axis=0) - r - 2
    room = np.maximum(PAD - span, 0.0)
    shift = rng.uniform(0.0, 1.0, 2) * room - lo
    return [p + shift for p in placed], float(r)


def mouse_path(stroke: np.ndarray, rng: np.random.Generator, step=(2.0, 14.0)) -> np.ndarray:
    """The points a mouse reports along ``stroke``: a few pixels apart, at a varying speed.

    The speed drifts smoothly between the ends of ``step`` (pixels between two
    events); the first and the last point are kept.

    Parameters
    ----------
    stroke : ndarray, shape (k, 2)
        The pen's path in pad pixels.

    Returns
    -------
    ndarray, shape (m, 2)
    """
    pts = np.asarray(stroke, dtype=float)
    if len(pts) < 2:
        return pts
    seg = np.hypot(*np.diff(pts, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(seg)])
    total = along[-1]
    if total <= 0:
        return pts[:1]
    lo, hi = step
    slow, fast = rng.uniform(lo, (lo + hi) / 2), rng.uniform((lo + hi) / 2, hi)
    phase = rng.uniform(0, 2 * np.pi)
    positions = [0.0]
    while positions[-1] < total:
        t = positions[-1] / total
        speed = slow + (fast - slow) * 0.5 * (1 + np.sin(np.pi * t * 2 + phase))
        positions.append(positions[-1] + speed * rng.uniform(0.7, 1.3))
    positions[-1] = total
    s = np.asarray(positions)
    return np.column_stack([np.interp(s, along, pts[:, 0]), np.interp(s, along, pts[:, 1])])


def render(strokes, radius: float, size: int = PAD) -> np.ndarray:
    """Ink 0…1 of round-brush strokes: 1 within ``radius`` of a stroke, fading to 0 over one pixel.

    Parameters
    ----------
    strokes : list of ndarray, shape (k, 2)
        Polylines in pixels (x, y); a single point paints a dot.
    radius : float
    size : int

    Returns
    -------
    ndarray, shape (size, size), float64
    """
    ink = np.zeros((size, size))
    yy, xx = np.mgrid[0:size, 0:size] + 0.5  # pixel centres
    for pts in strokes:
        pts = np.asarray(pts, dtype=float)
        if len(pts) == 1:
            pts = np.vstack([pts, pts])
        for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
            c0 = int(max(min(x0, x1) - radius - 2, 0))
            c1 = int(min(max(x0, x1) + radius + 3, size))
            r0 = int(max(min(y0, y1) - radius - 2, 0))
            r1 = int(min(max(y0, y1) + radius + 3, size))
            if c1 <= c0 or r1 <= r0:
                continue
            px, py = xx[r0:r1, c0:c1], yy[r0:r1, c0:c1]
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            t = np.zeros_like(px) if length2 == 0 else np.clip(((px - x0) * dx + (py - y0) * dy) / length2, 0, 1)
            d = np.hypot(px - (x0 + t * dx), py - (y0 + t * dy))
            np.maximum(ink[r0:r1, c0:c1], np.clip(radius + 0.5 - d, 0.0, 1.0), out=ink[r0:r1, c0:c1])
    return ink


def typeface_radius(weight: float) -> tuple[float, float]:
    """The brush radius range for a typeface's digit of relative stroke width ``weight``.

    A bold face is drawn with a brush as wide as its strokes when the digit is
    150 pixels tall (radius ``weight`` × 75, at most 12); a light one with the
    usual 4…13 pixels.
    """
    low = max(4.0, min(weight * 75.0, 12.0))
    return low, max(low, 13.0)


def draw(strokes, rng: np.random.Generator, *, amount: float = 0.015, **placing) -> tuple[np.ndarray, float]:
    """One drawing on the pad of unit-box ``strokes``: wobbled, placed, sampled and painted.

    Returns
    -------
    picture : ndarray, shape (280, 280), float64, ink 0…1
    radius : float
        The brush radius in pad pixels.
    """
    placed, radius = place(wobble(strokes, rng, amount), rng, **placing)
    return render([mouse_path(p, rng) for p in placed], radius), radius


__all__ = ["PAD", "STORED", "arc", "bezier", "draw", "mouse_path", "place", "render", "typeface_radius", "wobble"]
