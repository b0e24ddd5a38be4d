"""Write ``drawn_digits.npz``: digits drawn by synthetic mouse strokes, a test set only.

Run by hand from the project root (numpy only):

    python resources/datasets/build_drawn_digits.py

What a person draws on nnapp's digit pad differs from scanned handwriting: a
round pen of one width, strokes of any size anywhere on the pad. This script
imitates that. Every digit 0…9 has a few hand-designed stroke templates
(polylines and arcs in a box of width ≈ 0.6 and height 1, several ways of
writing the digit: a 1 with or without flag and foot, a 7 with or without a
bar, an open or closed 4 …). Each drawing takes a template and moves every
point a little (jitter), slants, rotates, stretches and scales it, puts it
somewhere on a 280×280 pad and draws it with a round anti-aliased pen of a
random width (the pixel is ink where its distance to the stroke is below the
pen's radius, with a one-pixel soft edge, as a pad with antialiasing paints).

The pad pictures are shrunk to 112×112 by area-averaging (the digit
preprocessing is indifferent to the size of the picture) and stored as
uint8 0…255, ink high: ``images`` (N, 112, 112), ``labels`` (N,) uint8, and
``pen`` (N,) float32, the pen radius in pad pixels.

These drawings are never used for training: they test how well a network
trained on MNIST or optdigits (with its own augmentation, which does not use
these templates) recognises digits drawn with a mouse.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nnapp.engine.preprocess import resize  # noqa: E402

SEED = 7
PER_DIGIT = 50
PAD = 280
STORED = 112


def arc(cx, cy, rx, ry, a0, a1, n=24):
    """Points of an elliptic arc; angles in degrees, 0 = right, 90 = down (y grows downwards)."""
    a = np.radians(np.linspace(a0, a1, n))
    return [(cx + rx * np.cos(t), cy + ry * np.sin(t)) for t in a]


def eight(upper=0.22, lower=0.28, n=60):
    """A figure eight drawn in one stroke, starting at the top."""
    t = np.linspace(0, 2 * np.pi, n)
    y = 0.5 - 0.5 * np.cos(t)
    w = np.where(y < 0.5, upper, lower)
    return [(0.3 + wi * np.sin(2 * ti), yi) for ti, yi, wi in zip(t, y, w)]


# Each template: a list of strokes; each stroke: a list of (x, y) points.
TEMPLATES: dict[int, list[list[list[tuple[float, float]]]]] = {
    0: [
        [arc(0.3, 0.5, 0.28, 0.49, -90, 270, 40)],
        [arc(0.3, 0.5, 0.26, 0.49, -60, 310, 40)],  # overlapping ends
        [arc(0.3, 0.5, 0.33, 0.47, -100, 255, 40)],  # rounder
    ],
    1: [
        [[(0.3, 0.0), (0.3, 1.0)]],
        [[(0.1, 0.22), (0.33, 0.0), (0.33, 1.0)]],
        [[(0.1, 0.2), (0.32, 0.0), (0.32, 1.0)], [(0.1, 1.0), (0.54, 1.0)]],
    ],
    2: [
        [arc(0.3, 0.27, 0.27, 0.26, 195, 380, 20) + [(0.02, 1.0), (0.6, 1.0)]],
        [arc(0.3, 0.27, 0.28, 0.27, 185, 360, 20) + arc(-0.2, 0.27, 0.78, 0.73, 0, 85, 14)[1:] + [(0.62, 0.98)]],
        [arc(0.3, 0.25, 0.26, 0.25, 200, 390, 20) + [(0.05, 0.95)] + arc(0.12, 0.93, 0.06, 0.06, 250, -20, 10)
         + [(0.6, 0.98)]],  # small loop at the bottom corner
    ],
    3: [
        [arc(0.28, 0.26, 0.25, 0.24, -165, 90, 22) + arc(0.28, 0.74, 0.29, 0.26, -90, 160, 22)],
        [[(0.05, 0.0), (0.58, 0.0), (0.25, 0.42)] + arc(0.3, 0.7, 0.29, 0.29, -105, 160, 22)],
        [arc(0.3, 0.25, 0.24, 0.24, -170, 80, 22) + [(0.2, 0.5)] + arc(0.3, 0.74, 0.28, 0.26, -100, 165, 22)],
    ],
    4: [
        [[(0.42, 0.0), (0.02, 0.66), (0.62, 0.66)], [(0.46, 0.3), (0.46, 1.0)]],
        [[(0.08, 0.0), (0.04, 0.58), (0.6, 0.58)], [(0.5, 0.0), (0.5, 1.0)]],
        [[(0.08, 0.0), (0.04, 0.58), (0.52, 0.58), (0.52, 0.0), (0.52, 1.0)]],  # one stroke
    ],
    5: [
        [[(0.58, 0.0), (0.1, 0.0), (0.07, 0.43)] + arc(0.3, 0.7, 0.28, 0.28, -128, 150, 24)],
        [[(0.1, 0.0), (0.07, 0.45)] + arc(0.3, 0.71, 0.28, 0.28, -125, 150, 24), [(0.1, 0.0), (0.58, 0.02)]],
        [[(0.56, 0.02), (0.12, 0.0), (0.08, 0.4)] + arc(0.28, 0.69, 0.3, 0.3, -120, 165, 24)],
    ],
    6: [
        [[(0.52, 0.0), (0.3, 0.1), (0.14, 0.3), (0.05, 0.55)] + arc(0.3, 0.73, 0.25, 0.26, 180, -165, 30)],
        [arc(0.62, 0.62, 0.56, 0.62, -100, -180, 12) + arc(0.32, 0.76, 0.26, 0.23, 180, -170, 30)],
        [[(0.45, 0.0), (0.1, 0.6)] + arc(0.3, 0.76, 0.24, 0.24, 150, -200, 30)],
    ],
    7: [
        [[(0.02, 0.02), (0.6, 0.02), (0.2, 1.0)]],
        [[(0.02, 0.02), (0.6, 0.02), (0.22, 1.0)], [(0.14, 0.52), (0.52, 0.5)]],
        [[(0.02, 0.14), (0.02, 0.02), (0.6, 0.02), (0.3, 1.0)]],
    ],
    8: [
        [eight(0.22, 0.28)],
        [arc(0.3, 0.25, 0.22, 0.24, 0, 360, 30), arc(0.3, 0.73, 0.28, 0.27, -90, 270, 30)],
        [eight(0.26, 0.26)],
    ],
    9: [
        [arc(0.3, 0.28, 0.27, 0.27, 0, -360, 30) + [(0.55, 1.0)]],
        [arc(0.3, 0.27, 0.26, 0.26, 10, -350, 30) + [(0.56, 0.75)] + arc(0.36, 0.78, 0.2, 0.2, 0, 120, 10)],
        [arc(0.28, 0.28, 0.26, 0.27, -20, -370, 30) + [(0.5, 0.3), (0.45, 1.0)]],
    ],
}


def transform(strokes, rng):
    """Jittered, slanted, rotated, stretched strokes in pad pixels, and the pen radius."""
    jitter = rng.uniform(0.008, 0.025)
    out = []
    for stroke in strokes:
        pts = np.array(stroke, dtype=float)
        # a smooth wobble along the stroke plus a little noise on every point
        wobble = rng.normal(0, jitter, size=(2, 2))
        s = np.linspace(0, 1, len(pts))[:, None]
        pts = pts + wobble[0] * (1 - s) + wobble[1] * s + rng.normal(0, jitter / 3, size=pts.shape)
        out.append(pts)
    slant = rng.uniform(-0.2, 0.35)
    angle = np.radians(rng.uniform(-10, 10))
    aspect = rng.uniform(0.75, 1.3)
    height = rng.uniform(100, 235)
    pen = rng.uniform(5.0, 13.0)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    placed = []
    for pts in out:
        x = (pts[:, 0] - 0.3) * aspect + slant * (0.5 - pts[:, 1])
        y = pts[:, 1] - 0.5
        placed.append((np.column_stack([x, y]) @ rot.T) * height)
    allpts = np.vstack(placed)
    lo, hi = allpts.min(axis=0) - pen - 2, allpts.max(axis=0) + pen + 2
    span = hi - lo
    if np.any(span > PAD):  # too large for the pad: shrink
        k = (PAD - 8) / span.max()
        placed = [p * k for p in placed]
        pen *= k
        allpts = np.vstack(placed)
        lo, hi = allpts.min(axis=0) - pen - 2, allpts.max(axis=0) + pen + 2
        span = hi - lo
    shift = np.array([rng.uniform(0, max(PAD - span[0], 0)), rng.uniform(0, max(PAD - span[1], 0))]) - lo
    return [p + shift for p in placed], pen


def render(strokes, pen: float, size: int = PAD) -> np.ndarray:
    """Ink 0…1 of round-pen strokes: 1 within ``pen`` of a stroke, fading to 0 over one pixel."""
    ink = np.zeros((size, size))
    yy, xx = np.mgrid[0:size, 0:size] + 0.5  # pixel centres
    for pts in strokes:
        if len(pts) == 1:
            pts = np.vstack([pts, pts])
        for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:]):
            c0 = int(max(min(x0, x1) - pen - 2, 0)); c1 = int(min(max(x0, x1) + pen + 3, size))
            r0 = int(max(min(y0, y1) - pen - 2, 0)); r1 = int(min(max(y0, y1) + pen + 3, size))
            if c1 <= c0 or r1 <= r0:
                continue
            px, py = xx[r0:r1, c0:c1], yy[r0:r1, c0:c1]
            dx, dy = x1 - x0, y1 - y0
            length2 = dx * dx + dy * dy
            t = np.zeros_like(px) if length2 == 0 else np.clip(((px - x0) * dx + (py - y0) * dy) / length2, 0, 1)
            d = np.hypot(px - (x0 + t * dx), py - (y0 + t * dy))
            np.maximum(ink[r0:r1, c0:c1], np.clip(pen + 0.5 - d, 0.0, 1.0), out=ink[r0:r1, c0:c1])
    return ink


def build(per_digit: int = PER_DIGIT, seed: int = SEED) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    images, labels, pens = [], [], []
    for digit in range(10):
        variants = TEMPLATES[digit]
        for i in range(per_digit):
            strokes, pen = transform(variants[i % len(variants)], rng)
            pad = render(strokes, pen)
            small = resize(pad, (STORED, STORED))
            images.append(np.round(np.clip(small, 0, 1) * 255).astype(np.uint8))
            labels.append(digit)
            pens.append(pen)
    return {"images": np.stack(images), "labels": np.array(labels, np.uint8), "pen": np.array(pens, np.float32)}


def main() -> None:
    arrays = build()
    path = HERE / "drawn_digits.npz"
    np.savez_compressed(path, **arrays)
    print(f"{path.name}: {path.stat().st_size:,} bytes, {arrays['images'].shape[0]} drawings "
          f"of {STORED}×{STORED} ({PER_DIGIT} per digit)")


if __name__ == "__main__":
    main()
