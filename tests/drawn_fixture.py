"""A small drawn test set for tests, in the format of ``drawn_test.npz``.

Twenty drawings on a 112×112 picture (the pad's 280×280 shrunk 2.5 times),
ink high, drawn with a round pen with a soft one-pixel edge as the pad draws:

=====  =====  =======================  ========================
rows   label  style                    what is drawn
=====  =====  =======================  ========================
0–7    0      "round 0"                a ring
8–15   1      "plain 1"                an upright bar
16–17  6      "6 as a closed loop"     a ring (a 6 read as a 0)
18–19  7      "7 without its bar"      a bar (a 7 read as a 1)
=====  =====  =======================  ========================

:func:`ring_or_bar_network` is a 784-10 softmax network that answers 0 for
a ring and 1 for a bar, so on these drawings it gets 16 of 20 right: every
0 and 1, no 6 and no 7.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnapp.engine.network import Network
from nnapp.model.drawn_tests import forget_prepared

SIDE = 112
PAD_SCALE = 280 / SIDE
"""Pad pixels per stored pixel: the pen radius is given in pad pixels."""
STYLE_NAMES = ["round 0", "plain 1", "6 as a closed loop", "7 without its bar"]
LABELS = [0] * 8 + [1] * 8 + [6, 6, 7, 7]
STYLES = [0] * 8 + [1] * 8 + [2, 2, 3, 3]


def _ink(distance: np.ndarray, radius: float) -> np.ndarray:
    """Ink 0…1 where a pixel's distance to the stroke is below ``radius`` (soft edge one pixel wide)."""
    return np.clip(radius + 0.5 - distance, 0.0, 1.0)


def ring(cx: float, cy: float, r: float, pen: float) -> np.ndarray:
    """A circle of radius ``r`` around (cx, cy), pen radius ``pen`` (stored pixels); shape (112, 112)."""
    y, x = np.mgrid[0:SIDE, 0:SIDE] + 0.5
    return _ink(np.abs(np.hypot(x - cx, y - cy) - r), pen)


def bar(cx: float, top: float, bottom: float, pen: float) -> np.ndarray:
    """An upright stroke at x = ``cx`` from ``top`` to ``bottom``; shape (112, 112)."""
    y, x = np.mgrid[0:SIDE, 0:SIDE] + 0.5
    dy = np.maximum(0.0, np.maximum(top - y, y - bottom))
    return _ink(np.hypot(x - cx, dy), pen)


def drawn_arrays() -> dict[str, np.ndarray]:
    """The twenty drawings and their labels, styles and pens (see the module docstring)."""
    rng = np.random.default_rng(3)
    images, pens = [], []
    for label in LABELS:
        pen = float(rng.uniform(1.6, 3.2))                    # 4…8 pad pixels
        if label in (0, 6):
            picture = ring(rng.uniform(40, 72), rng.uniform(40, 72), rng.uniform(18, 30), pen)
        else:
            top = rng.uniform(12, 30)
            picture = bar(rng.uniform(30, 80), top, top + rng.uniform(50, 70), pen)
        images.append(np.round(255 * picture).astype(np.uint8))
        pens.append(pen * PAD_SCALE)
    return {"images": np.stack(images), "labels": np.array(LABELS, np.uint8),
            "styles": np.array(STYLES, np.int16), "style_names": np.array(STYLE_NAMES),
            "pen": np.array(pens, np.float32)}


def write_drawn_set(path: Path, **changes) -> Path:
    """Write the drawings to ``path`` (an ``.npz``); ``changes`` replace (or, as None, drop) arrays."""
    arrays = drawn_arrays()
    for key, value in changes.items():
        if value is None:
            arrays.pop(key)
        else:
            arrays[key] = value
    np.savez_compressed(path, **arrays)
    return path


def ring_or_bar_network() -> Network:
    """784-10 softmax: output 0 counts ink at the sides of the picture, output 1 ink down its middle.

    A prepared ring (a 20×20 circle centred in 28×28) has ink at columns 4…7
    and 20…23 of the middle rows and little in the middle column; a bar is a
    stroke two or three pixels wide down columns 13…14. The weights are
    0.1 on those regions, so a ring's output 0 is about 0.1 · 40 and a bar's
    output 1 about 0.1 · 35 against nearly 0 for every other output.
    """
    net = Network.dense([784, 10], ["softmax"], rng=0)
    W = np.zeros((28, 28, 10))
    W[9:19, 3:9, 0] = W[9:19, 19:25, 0] = 0.1
    W[6:22, 12:16, 1] = 0.1
    net.links[0].W[...] = W.reshape(784, 10)
    net.layers[1].bias[...] = 0.0
    return net


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts and ends with no prepared drawn set kept (import it into a test module)."""
    forget_prepared()
    yield
    forget_prepared()


@pytest.fixture
def drawn(tmp_path):
    """The fixture set written to a file, as the shipped set is stored."""
    return write_drawn_set(tmp_path / "drawn_test.npz")
