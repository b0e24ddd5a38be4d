"""Write the drawn-digit sets: three validation sets and a test set of mouse-like drawings.

Run by hand from the project root (numpy only; about four minutes):

    python resources/datasets/build_drawn_sets.py [SET ...]

Synthetic drawings, as a person makes them on nnapp's digit pad, in four
sets: ``drawn_validation.npz``, ``drawn_validation2.npz`` and
``drawn_validation3.npz`` to choose training settings with, and
``drawn_test.npz`` only to report on — never trained on, never used to
choose anything. Each has 240 drawings per digit (2,400 in all):

* 160 handwriting-like drawings per digit, from allographs taken in turn:
  validation and validation2 use ``drawn_styles.py`` (5–7 ways of writing
  each digit), the test set ``drawn_styles_b.py`` and validation3
  ``drawn_styles_c.py`` (8–10 ways each), each of these two written apart by
  someone who saw neither the other styles nor the training's programs;
* 80 print-like drawings per digit, from the centre lines of typefaces
  (``glyph_strokes.json``, made by ``build_glyph_strokes.py``). Every set
  has typefaces of its own: those marked with its name there (the shipped
  networks train on the fonts marked "train").

``drawn_validation2.npz`` was the first test set: the networks were chosen
without it, then measured on it, and what it showed (1s with a long flag
read as 7) makes it a set that has been looked at. The test set was built
after it, apart; validation3 after that, for choosing.

Every drawing is then changed as hands differ (``pen.py``): a smooth bend
and a shake of the strokes, slant, rotation, width, size, position on the
280×280 pad and the brush radius (4…13 pixels; the pad's default brush is
10), and drawn as a mouse would: points sampled a few pixels apart at a
varying speed, joined by a round anti-aliased brush. A print-like drawing
of a bold face gets a brush as wide as its strokes.

The sets differ in their typefaces and in their seeds (each drawing has its
own generator, seeded by the set's seed, the digit and its number, so one
drawing can be made again alone). Stored per set:

``images``       uint8 (N, 112, 112), ink high (the pad shrunk by area-averaging)
``labels``       uint8 (N,)
``styles``       int16 (N,), index into ``style_names``
``style_names``  str (S,): an allograph ("6 top curls over") or a typeface ("Liberation Serif Italic")
``pen``          float32 (N,), the brush radius in pad pixels
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for path in (HERE, ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from drawn_styles import STYLES  # noqa: E402
from drawn_styles_b import STYLES_B  # noqa: E402
from drawn_styles_c import STYLES_C  # noqa: E402
from pen import PAD, STORED, draw, typeface_radius  # noqa: E402

from nnapp.engine.preprocess import resize  # noqa: E402
from nnapp.engine.resources import DATASETS_DIR  # noqa: E402

SETS = {"validation": (101, STYLES), "validation2": (202, STYLES), "test": (303, STYLES_B),
        "validation3": (404, STYLES_C)}
"""Set name → its seed and its handwriting styles; its typefaces are those marked with its name."""
HAND_PER_DIGIT = 160
PRINT_PER_DIGIT = 80
GLYPHS = DATASETS_DIR / "glyph_strokes.json"


def typefaces(split: str) -> list[dict]:
    """The typefaces of ``split`` in ``glyph_strokes.json``, in the file's order."""
    fonts = json.loads(GLYPHS.read_text(encoding="utf-8"))["fonts"]
    chosen = [f for f in fonts if f["split"] == split]
    if not chosen:
        raise SystemExit(f"{GLYPHS.name} has no typeface for the {split} set")
    return chosen


def drawing(seed: int, digit: int, index: int, fonts: list[dict],
            styles: dict = STYLES) -> tuple[np.ndarray, str, float]:
    """Drawing number ``index`` of ``digit`` in the set seeded ``seed``.

    Returns
    -------
    picture : ndarray, shape (112, 112), uint8
    style : str
    radius : float
    """
    rng = np.random.default_rng([seed, digit, index])
    if index < HAND_PER_DIGIT:
        name, strokes, *options = styles[digit][index % len(styles[digit])]
        pad, radius = draw(strokes, rng, amount=rng.uniform(0.008, 0.025), **(options[0] if options else {}))
    else:
        font = fonts[(index - HAND_PER_DIGIT) % len(fonts)]
        name = font["name"]
        strokes = font["digits"][str(digit)]
        pad, radius = draw(strokes, rng, amount=rng.uniform(0.004, 0.015),
                           radius=typeface_radius(float(font["weight"][digit])))
    small = resize(pad, (STORED, STORED))
    return np.round(np.clip(small, 0, 1) * 255).astype(np.uint8), name, radius


def build(split: str, digits=range(10), per_digit: int | None = None) -> dict[str, np.ndarray]:
    """The arrays of one set (see the module docstring); ``per_digit`` limits it to the first drawings."""
    seed, styles = SETS[split]
    fonts = typefaces(split)
    indices = list(range(HAND_PER_DIGIT + PRINT_PER_DIGIT))
    if per_digit is not None:  # the first few of each kind
        half = max(per_digit // 2, 1)
        indices = indices[:half] + indices[HAND_PER_DIGIT:HAND_PER_DIGIT + per_digit - half]
    images, labels, names, pens = [], [], [], []
    for digit in digits:
        for index in indices:
            picture, name, radius = drawing(seed, digit, index, fonts, styles)
            images.append(picture)
            labels.append(digit)
            names.append(name)
            pens.append(radius)
    style_names = sorted(set(names))
    lookup = {name: k for k, name in enumerate(style_names)}
    return {
        "images": np.stack(images),
        "labels": np.array(labels, np.uint8),
        "styles": np.array([lookup[n] for n in names], np.int16),
        "style_names": np.array(style_names),
        "pen": np.array(pens, np.float32),
    }


def save_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as a compressed ``.npz`` whose bytes depend only on the arrays.

    ``numpy.savez_compressed`` stamps every member with the time of writing;
    here every member carries the same fixed date, so the same arrays give the
    same file.
    """
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(array), allow_pickle=False)
            archive.writestr(info, buffer.getvalue())


def main() -> None:
    for split in (sys.argv[1:] or SETS):
        arrays = build(split)
        path = DATASETS_DIR / f"drawn_{split}.npz"
        save_npz(path, arrays)
        print(f"{path.name}: {path.stat().st_size:,} bytes, {len(arrays['labels'])} drawings of "
              f"{STORED}×{STORED} from a {PAD}×{PAD} pad, {len(arrays['style_names'])} styles", flush=True)


if __name__ == "__main__":
    main()
