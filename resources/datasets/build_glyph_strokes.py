"""Write ``glyph_strokes.json``: pen strokes (centre lines) of the digits 0…9 in many typefaces.

Run by hand from the project root:

    .venv/bin/python resources/datasets/build_glyph_strokes.py [--sheet /tmp/glyph_sheet.png]

The typefaces are font files of Debian packages, read from /usr/share/fonts.
Install them first (as root):

    apt-get update
    apt-get install -y --no-install-recommends \\
        fonts-cantarell fonts-comfortaa fonts-comic-neue fonts-courier-prime \\
        fonts-crosextra-caladea fonts-crosextra-carlito fonts-dancingscript \\
        fonts-dejavu-core fonts-dkg-handwriting fonts-fantasque-sans \\
        fonts-freefont-ttf fonts-go fonts-hack fonts-humor-sans fonts-inconsolata \\
        fonts-isabella fonts-jetbrains-mono fonts-kristi fonts-lato fonts-liberation2 \\
        fonts-linuxlibertine fonts-noto-core fonts-noto-mono fonts-open-sans \\
        fonts-quicksand fonts-roboto-unhinted fonts-rufscript fonts-sil-andika \\
        fonts-sil-charis fonts-sil-gentiumplus fonts-tomsontalks fonts-urw-base35 \\
        fonts-vollkorn

(Debian 12 "bookworm" package versions were used for the committed file.)
A missing font file stops the script with the name of the package to install.

For every font and digit the glyph outline (QRawFont, the file itself) is
filled, anti-aliased, 160 px tall into a numpy array, thresholded (holes of a
few pixels, slivers where two strokes nearly meet, are filled) and thinned to
1-px centre lines (Zhang–Suen thinning, then removal of the corner pixels of
staircases). Spurs are pruned: an end branch whose ink reaches less than 5 %
of the glyph height, or half the stroke's radius, beyond the ink of its
junction (serif stubs, the corners of heavy strokes, skeleton noise), and the
shorter prong of a fork where a heavy stroke ends cut at a slant. The skeleton
is then a graph of end points, junctions and the pixel paths between them (a
0 is one closed loop). At every junction its paths are paired, each pair
becoming one pen path through the junction; the pairings of all junctions
are chosen together for the fewest strokes, then the gentlest turns, and a
short end branch (the middle tongue of a 3, a corner a heavy 7 leaves) may be
drawn there and back, as a pen does, when that saves a stroke. So most digits
are one or two long pen strokes, as a person draws them. A stroke lying
inside a closed stroke (the dot of a dotted zero) is dropped; a slash that
crosses the zero stays. Every stroke is simplified (Ramer–Douglas–Peucker,
1 px) and strokes shorter than 5 px are dropped. Open strokes start at their
upper (or, for flat strokes, left) end; closed strokes start at their top and
run anticlockwise on screen, and repeat their first point at the end.

Coordinates are normalised per digit: y from 0 (top of the strokes) to 1
(their bottom), x with the same scale, shifted so that its minimum is 0. The
``weight`` of a digit is the median width of the glyph's strokes along the
centre line (twice the distance from a centre-line pixel to the background,
less the pixel of the edges) in the same unit, so a round pen of diameter
``weight × height`` over strokes scaled to ``height`` redraws the glyph about
as bold as the font (the pen then reaches about weight/2 beyond 0…1).

Fonts are split into train / validation / test by the fixed table ``SPLIT``
over design groups: every style of a family, and families of one design
lineage (DejaVu Sans / Serif / Mono and Hack, the clones of Helvetica, Times
and Courier, Lato and Carlito), go to the same split. About half of the
families train and a quarter each validate and test; each split has sans,
serif, monospaced and handwriting-like faces. The output is deterministic:
keys sorted, coordinates rounded to three decimals, one font a line.

``--sheet PATH`` also renders a contact sheet (one row of ten digits per font,
the strokes drawn with a round pen of the font's weight) for checking by eye.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "glyph_strokes.json"
FONT_ROOT = Path("/usr/share/fonts")

GLYPH_PX = 160  # rendered ink height of a glyph
MARGIN = 6  # empty pixels around the rendered glyph
SPUR = 0.05  # end branches whose ink sticks out less than this × glyph height ...
SPUR_R = 0.5  # ... or this × the stroke radius at their junction are pruned
FORK_R = 3.0  # of two end branches less than FORK_DEG apart, the shorter goes if it ...
FORK_DEG = 100.0  # ... reaches less than FORK_R × the radius at the junction
RDP_PX = 1.0  # simplification tolerance in pixels
MIN_STROKE_PX = 5.0  # shorter strokes are dropped
MIN_HOLE_PX = 40  # smaller holes in the filled glyph (slivers where strokes nearly touch) are filled
TURN_COST = 1.0  # cost of a U-turn at a junction, against 1 for one more stroke
RETRACE_MAX = 0.35  # end branches up to this × glyph height may be drawn there and back ...
RETRACE_COST = 2.0  # ... at this cost per glyph height of length
MAX_PLANS = 5000  # junction pairings tried at most per glyph

# Licence of the font files of each package, as /usr/share/doc/PACKAGE/copyright states it.
LICENCE = {
    "fonts-cantarell": "SIL Open Font License 1.1",
    "fonts-comfortaa": "SIL Open Font License 1.1",
    "fonts-comic-neue": "SIL Open Font License 1.1",
    "fonts-courier-prime": "SIL Open Font License 1.1",
    "fonts-crosextra-caladea": "SIL Open Font License 1.1",
    "fonts-crosextra-carlito": "SIL Open Font License 1.1",
    "fonts-dancingscript": "SIL Open Font License 1.1",
    "fonts-dejavu-core": "Bitstream Vera licence (DejaVu changes public domain)",
    "fonts-dkg-handwriting": "GNU GPL 3 or later (font source also SIL Open Font License 1.1)",
    "fonts-fantasque-sans": "SIL Open Font License 1.1",
    "fonts-freefont-ttf": "GNU GPL 3 or later with font exception",
    "fonts-go": "BSD 3-Clause",
    "fonts-hack": "MIT (Expat) and Bitstream Vera licence",
    "fonts-humor-sans": "SIL Open Font License 1.1",
    "fonts-inconsolata": "SIL Open Font License 1.0",
    "fonts-isabella": "GNU LGPL 2 or later",
    "fonts-jetbrains-mono": "Apache License 2.0",
    "fonts-kristi": "SIL Open Font License 1.1",
    "fonts-lato": "SIL Open Font License 1.1",
    "fonts-liberation2": "SIL Open Font License 1.1",
    "fonts-linuxlibertine": "GNU GPL 2 or later with font exception, and SIL Open Font License 1.1",
    "fonts-noto-core": "SIL Open Font License 1.1",
    "fonts-noto-mono": "SIL Open Font License 1.1",
    "fonts-open-sans": "Apache License 2.0",
    "fonts-quicksand": "SIL Open Font License 1.1",
    "fonts-roboto-unhinted": "Apache License 2.0",
    "fonts-rufscript": "GNU GPL 3 or later with font exception",
    "fonts-sil-andika": "SIL Open Font License 1.1 (Reserved Font Names)",
    "fonts-sil-charis": "SIL Open Font License 1.1 (Reserved Font Names)",
    "fonts-sil-gentiumplus": "SIL Open Font License 1.1 (Reserved Font Names)",
    "fonts-tomsontalks": "SIL Open Font License 1.1",
    "fonts-urw-base35": "GNU AGPL 3 with font exception",
    "fonts-vollkorn": "SIL Open Font License 1.1",
}

# (file under /usr/share/fonts, face name, family, design group, package, kind); kind is sans,
# serif, mono or hand (handwriting- or script-like). The design group joins families of one
# design lineage (DejaVu Sans / Serif / Sans Mono and Hack; the Helvetica, Times and Courier
# clones; Lato and Carlito, drawn by one designer), so that no design is in two splits.
FONTS: list[tuple[str, str, str, str, str, str]] = [
    # ---- train
    ("truetype/dejavu/DejaVuSans.ttf", "DejaVu Sans", "DejaVu Sans", "DejaVu", "fonts-dejavu-core", "sans"),
    ("truetype/dejavu/DejaVuSans-Bold.ttf", "DejaVu Sans Bold", "DejaVu Sans", "DejaVu", "fonts-dejavu-core",
     "sans"),
    ("truetype/dejavu/DejaVuSerif.ttf", "DejaVu Serif", "DejaVu Serif", "DejaVu", "fonts-dejavu-core", "serif"),
    ("truetype/dejavu/DejaVuSansMono-Bold.ttf", "DejaVu Sans Mono Bold", "DejaVu Sans Mono", "DejaVu",
     "fonts-dejavu-core", "mono"),
    ("truetype/hack/Hack-Regular.ttf", "Hack", "Hack", "DejaVu", "fonts-hack", "mono"),
    ("opentype/urw-base35/NimbusSans-Regular.otf", "Nimbus Sans", "Nimbus Sans", "Helvetica-like",
     "fonts-urw-base35", "sans"),
    ("truetype/liberation2/LiberationSans-BoldItalic.ttf", "Liberation Sans Bold Italic", "Liberation Sans",
     "Helvetica-like", "fonts-liberation2", "sans"),
    ("truetype/freefont/FreeSansBoldOblique.ttf", "FreeSans Bold Oblique", "FreeSans", "Helvetica-like",
     "fonts-freefont-ttf", "sans"),
    ("opentype/urw-base35/NimbusRoman-Regular.otf", "Nimbus Roman", "Nimbus Roman", "Times-like",
     "fonts-urw-base35", "serif"),
    ("opentype/urw-base35/NimbusRoman-BoldItalic.otf", "Nimbus Roman Bold Italic", "Nimbus Roman", "Times-like",
     "fonts-urw-base35", "serif"),
    ("truetype/liberation2/LiberationSerif-Italic.ttf", "Liberation Serif Italic", "Liberation Serif",
     "Times-like", "fonts-liberation2", "serif"),
    ("truetype/roboto/unhinted/RobotoCondensed-Regular.ttf", "Roboto Condensed", "Roboto", "Roboto",
     "fonts-roboto-unhinted", "sans"),
    ("truetype/roboto/unhinted/RobotoTTF/Roboto-BlackItalic.ttf", "Roboto Black Italic", "Roboto", "Roboto",
     "fonts-roboto-unhinted", "sans"),
    ("truetype/lato/Lato-Thin.ttf", "Lato Thin", "Lato", "Lato", "fonts-lato", "sans"),
    ("truetype/lato/Lato-BoldItalic.ttf", "Lato Bold Italic", "Lato", "Lato", "fonts-lato", "sans"),
    ("truetype/crosextra/Carlito-Regular.ttf", "Carlito", "Carlito", "Lato", "fonts-crosextra-carlito", "sans"),
    ("opentype/urw-base35/C059-Roman.otf", "C059 Roman", "C059", "C059", "fonts-urw-base35", "serif"),
    ("opentype/urw-base35/C059-Italic.otf", "C059 Italic", "C059", "C059", "fonts-urw-base35", "serif"),
    ("opentype/urw-base35/URWBookman-Light.otf", "URW Bookman Light", "URW Bookman", "URW Bookman",
     "fonts-urw-base35", "serif"),
    ("opentype/urw-base35/URWBookman-DemiItalic.otf", "URW Bookman Demi Italic", "URW Bookman", "URW Bookman",
     "fonts-urw-base35", "serif"),
    ("truetype/andika/Andika-Regular.ttf", "Andika", "Andika", "Andika", "fonts-sil-andika", "sans"),
    ("truetype/andika/Andika-BoldItalic.ttf", "Andika Bold Italic", "Andika", "Andika", "fonts-sil-andika",
     "sans"),
    ("truetype/charis/CharisSIL-Bold.ttf", "Charis SIL Bold", "Charis SIL", "Charis SIL", "fonts-sil-charis",
     "serif"),
    ("opentype/cantarell/Cantarell-ExtraBold.otf", "Cantarell Extra Bold", "Cantarell", "Cantarell",
     "fonts-cantarell", "sans"),
    ("truetype/comfortaa/Comfortaa-Regular.ttf", "Comfortaa", "Comfortaa", "Comfortaa", "fonts-comfortaa",
     "sans"),
    ("truetype/inconsolata/Inconsolata.otf", "Inconsolata", "Inconsolata", "Inconsolata", "fonts-inconsolata",
     "mono"),
    ("truetype/jetbrains-mono/JetBrainsMono-Regular.ttf", "JetBrains Mono", "JetBrains Mono", "JetBrains Mono",
     "fonts-jetbrains-mono", "mono"),
    ("opentype/comic-neue/ComicNeue-Regular.otf", "Comic Neue", "Comic Neue", "Comic Neue", "fonts-comic-neue",
     "hand"),
    ("opentype/comic-neue/ComicNeue-Italic.otf", "Comic Neue Italic", "Comic Neue", "Comic Neue",
     "fonts-comic-neue", "hand"),
    ("opentype/dancingscript/DancingScript-Regular.otf", "Dancing Script", "Dancing Script", "Dancing Script",
     "fonts-dancingscript", "hand"),
    ("truetype/rufscript/Rufscript010.ttf", "Rufscript", "Rufscript", "Rufscript", "fonts-rufscript", "hand"),
    # ---- validation
    ("truetype/noto/NotoSans-Regular.ttf", "Noto Sans", "Noto Sans", "Noto", "fonts-noto-core", "sans"),
    ("truetype/noto/NotoSans-BoldItalic.ttf", "Noto Sans Bold Italic", "Noto Sans", "Noto", "fonts-noto-core",
     "sans"),
    ("truetype/noto/NotoSerif-Italic.ttf", "Noto Serif Italic", "Noto Serif", "Noto", "fonts-noto-core", "serif"),
    ("truetype/noto/NotoSansMono-Bold.ttf", "Noto Sans Mono Bold", "Noto Sans Mono", "Noto", "fonts-noto-mono",
     "mono"),
    ("opentype/urw-base35/NimbusMonoPS-Regular.otf", "Nimbus Mono PS", "Nimbus Mono PS", "Courier-like",
     "fonts-urw-base35", "mono"),
    ("truetype/liberation2/LiberationMono-Regular.ttf", "Liberation Mono", "Liberation Mono", "Courier-like",
     "fonts-liberation2", "mono"),
    ("opentype/courier-prime/Courier Prime.otf", "Courier Prime", "Courier Prime", "Courier-like",
     "fonts-courier-prime", "mono"),
    ("truetype/quicksand/Quicksand-Bold.ttf", "Quicksand Bold", "Quicksand", "Quicksand", "fonts-quicksand",
     "sans"),
    ("opentype/urw-base35/P052-Roman.otf", "P052 Roman", "P052", "P052", "fonts-urw-base35", "serif"),
    ("truetype/gentiumplus/GentiumPlus-Italic.ttf", "Gentium Plus Italic", "Gentium Plus", "Gentium Plus",
     "fonts-sil-gentiumplus", "serif"),
    ("truetype/crosextra/Caladea-Bold.ttf", "Caladea Bold", "Caladea", "Caladea", "fonts-crosextra-caladea",
     "serif"),
    ("truetype/humor-sans/Humor-Sans.ttf", "Humor Sans", "Humor Sans", "Humor Sans", "fonts-humor-sans", "hand"),
    ("opentype/urw-base35/Z003-MediumItalic.otf", "Z003 Medium Italic", "Z003", "Z003", "fonts-urw-base35",
     "hand"),
    ("truetype/kristi/Kristi.ttf", "Kristi", "Kristi", "Kristi", "fonts-kristi", "hand"),
    # ---- test
    ("truetype/open-sans/OpenSans-Light.ttf", "Open Sans Light", "Open Sans", "Open Sans", "fonts-open-sans",
     "sans"),
    ("truetype/open-sans/OpenSans-CondBold.ttf", "Open Sans Condensed Bold", "Open Sans", "Open Sans",
     "fonts-open-sans", "sans"),
    ("fonts-go/Go-Regular.ttf", "Go", "Go", "Go", "fonts-go", "sans"),
    ("fonts-go/Go-Mono.ttf", "Go Mono", "Go Mono", "Go", "fonts-go", "mono"),
    ("opentype/linux-libertine/LinLibertine_R.otf", "Linux Libertine", "Linux Libertine", "Linux Libertine",
     "fonts-linuxlibertine", "serif"),
    ("opentype/linux-libertine/LinBiolinum_RB.otf", "Linux Biolinum Bold", "Linux Biolinum", "Linux Libertine",
     "fonts-linuxlibertine", "sans"),
    ("opentype/urw-base35/URWGothic-Book.otf", "URW Gothic Book", "URW Gothic", "URW Gothic", "fonts-urw-base35",
     "sans"),
    ("opentype/urw-base35/URWGothic-DemiOblique.otf", "URW Gothic Demi Oblique", "URW Gothic", "URW Gothic",
     "fonts-urw-base35", "sans"),
    ("truetype/vollkorn/Vollkorn-Regular.ttf", "Vollkorn", "Vollkorn", "Vollkorn", "fonts-vollkorn", "serif"),
    ("truetype/fantasque-sans/Normal/TTF/FantasqueSansMono-Regular.ttf", "Fantasque Sans Mono",
     "Fantasque Sans Mono", "Fantasque Sans Mono", "fonts-fantasque-sans", "mono"),
    ("truetype/fantasque-sans/Normal/TTF/FantasqueSansMono-Italic.ttf", "Fantasque Sans Mono Italic",
     "Fantasque Sans Mono", "Fantasque Sans Mono", "fonts-fantasque-sans", "mono"),
    ("truetype/fifthhorseman/dkg.ttf", "DkgHandwriting", "DkgHandwriting", "DkgHandwriting",
     "fonts-dkg-handwriting", "hand"),
    ("truetype/fifthhorseman/dkgBI.ttf", "DkgHandwriting Bold Oblique", "DkgHandwriting", "DkgHandwriting",
     "fonts-dkg-handwriting", "hand"),
    ("truetype/tomsontalks/TomsonTalks.ttf", "Tomson Talks", "Tomson Talks", "Tomson Talks", "fonts-tomsontalks",
     "hand"),
    ("truetype/isabella/Isabella.ttf", "Isabella", "Isabella", "Isabella", "fonts-isabella", "hand"),
]

# The split of every design group: a fixed table, chosen by hand so that about half of the
# families train and a quarter each validate and test, each split with sans, serif,
# monospaced and handwriting-like faces (three handwriting/script designs in each).
SPLIT = {
    "DejaVu": "train", "Helvetica-like": "train", "Times-like": "train", "Roboto": "train", "Lato": "train",
    "C059": "train", "URW Bookman": "train", "Andika": "train", "Charis SIL": "train", "Cantarell": "train",
    "Comfortaa": "train", "Inconsolata": "train", "JetBrains Mono": "train", "Comic Neue": "train",
    "Dancing Script": "train", "Rufscript": "train",
    "Noto": "validation", "Courier-like": "validation", "Quicksand": "validation", "P052": "validation",
    "Gentium Plus": "validation", "Caladea": "validation", "Humor Sans": "validation", "Z003": "validation",
    "Kristi": "validation",
    "Open Sans": "test", "Go": "test", "Linux Libertine": "test", "URW Gothic": "test", "Vollkorn": "test",
    "Fantasque Sans Mono": "test", "DkgHandwriting": "test", "Tomson Talks": "test", "Isabella": "test",
}


# --------------------------------------------------------------------------- rendering


def render_glyph(path: Path, digit: str) -> np.ndarray:
    """The digit's glyph filled, anti-aliased, GLYPH_PX tall: float array 0…1, ink high."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QImage, QPainter, QRawFont

    raw = QRawFont(str(path), 100.0, QFont.HintingPreference.PreferNoHinting)
    if not raw.isValid():
        raise SystemExit(f"cannot load font {path}")
    idx = raw.glyphIndexesForString(digit)
    if not idx or idx[0] == 0:
        raise SystemExit(f"{path} has no glyph for {digit!r}")
    outline = raw.pathForGlyph(idx[0])
    outline.setFillRule(Qt.FillRule.WindingFill)
    box = outline.boundingRect()
    if box.height() <= 0:
        raise SystemExit(f"{path}: empty glyph for {digit!r}")
    scale = GLYPH_PX / box.height()
    w = int(math.ceil(box.width() * scale)) + 2 * MARGIN
    h = GLYPH_PX + 2 * MARGIN
    img = QImage(w, h, QImage.Format.Format_Grayscale8)
    img.fill(0)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(Qt.GlobalColor.white)
    painter.translate(MARGIN - box.left() * scale, MARGIN - box.top() * scale)
    painter.scale(scale, scale)
    painter.drawPath(outline)
    painter.end()
    bpl = img.bytesPerLine()
    arr = np.frombuffer(img.constBits(), np.uint8, count=bpl * h).reshape(h, bpl)[:, :w]
    return arr.astype(np.float64) / 255.0


# --------------------------------------------------------------------------- skeleton

# Neighbour offsets in the order P2…P9 of Zhang & Suen: N, NE, E, SE, S, SW, W, NW.
RING = [(-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)]


def _ring(im: np.ndarray) -> list[np.ndarray]:
    """The eight neighbour planes (P2…P9) of the interior of a zero-bordered image."""
    h, w = im.shape
    return [im[1 + dy:h - 1 + dy, 1 + dx:w - 1 + dx] for dy, dx in RING]


def zhang_suen(mask: np.ndarray) -> np.ndarray:
    """1-px skeleton of a boolean image (Zhang & Suen 1984), every sub-iteration vectorised."""
    im = np.pad(mask.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            p = _ring(im)
            centre = im[1:-1, 1:-1]
            b = sum(p)
            a = sum(((p[i] == 0) & (p[(i + 1) % 8] == 1)).astype(np.uint8) for i in range(8))
            if step == 0:
                c = (p[0] * p[2] * p[4] == 0) & (p[2] * p[4] * p[6] == 0)
            else:
                c = (p[0] * p[2] * p[6] == 0) & (p[0] * p[4] * p[6] == 0)
            kill = (centre == 1) & (b >= 2) & (b <= 6) & (a == 1) & c
            if kill.any():
                centre[kill] = 0
                changed = True
        if not changed:
            return im[1:-1, 1:-1].astype(bool)


def fill_small_holes(mask: np.ndarray, max_area: int) -> np.ndarray:
    """Fill holes (background not connected to the border) of at most ``max_area`` pixels."""
    bg = ~mask
    outside = np.zeros_like(mask)
    outside[0, :] = bg[0, :]
    outside[-1, :] = bg[-1, :]
    outside[:, 0] = bg[:, 0]
    outside[:, -1] = bg[:, -1]
    while True:
        grown = outside.copy()
        grown[1:, :] |= outside[:-1, :]
        grown[:-1, :] |= outside[1:, :]
        grown[:, 1:] |= outside[:, :-1]
        grown[:, :-1] |= outside[:, 1:]
        grown &= bg
        if (grown == outside).all():
            break
        outside = grown
    holes = bg & ~outside
    out = mask.copy()
    seen = np.zeros_like(mask)
    h, w = mask.shape
    for y, x in zip(*np.nonzero(holes)):
        if seen[y, x]:
            continue
        group = [(y, x)]
        seen[y, x] = True
        i = 0
        while i < len(group):
            cy, cx = group[i]
            i += 1
            for ny, nx in ((cy - 1, cx), (cy + 1, cx), (cy, cx - 1), (cy, cx + 1)):
                if 0 <= ny < h and 0 <= nx < w and holes[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    group.append((ny, nx))
        if len(group) <= max_area:
            for gy, gx in group:
                out[gy, gx] = True
    return out


def _components8(bits: int) -> int:
    """Number of 8-connected groups among the set neighbours of a ring pattern."""
    on = [i for i in range(8) if bits >> i & 1]
    seen: set[int] = set()
    groups = 0
    for s in on:
        if s in seen:
            continue
        groups += 1
        stack = [s]
        seen.add(s)
        while stack:
            i = stack.pop()
            yi, xi = RING[i]
            for j in on:
                if j not in seen and abs(RING[j][0] - yi) <= 1 and abs(RING[j][1] - xi) <= 1:
                    seen.add(j)
                    stack.append(j)
    return groups


COMPONENTS = [_components8(b) for b in range(256)]
# A pixel with two set 4-neighbours at a right angle (N&E, E&S, S&W, W&N) is a staircase corner.
CORNER = [any((b >> i & 1) and (b >> ((i + 2) % 8) & 1) for i in (0, 2, 4, 6)) for b in range(256)]
EDGE4 = [any(not (b >> i & 1) for i in (0, 2, 4, 6)) for b in range(256)]


def _pattern(sk: np.ndarray, y: int, x: int) -> int:
    bits = 0
    for i, (dy, dx) in enumerate(RING):
        if sk[y + dy, x + dx]:
            bits |= 1 << i
    return bits


def clean_staircases(sk: np.ndarray) -> np.ndarray:
    """Remove corner pixels of staircases (they would make false junctions), keeping connectivity."""
    sk = np.pad(sk, 1)
    for y, x in zip(*np.nonzero(sk)):
        b = _pattern(sk, y, x)
        if CORNER[b] and COMPONENTS[b] == 1 and EDGE4[b] and bin(b).count("1") >= 2:
            sk[y, x] = False
    return sk[1:-1, 1:-1]


def background_distance(mask: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Euclidean distance from each (y, x) point to the nearest background pixel."""
    padded = np.pad(mask, 1)
    inner = padded[1:-1, 1:-1]
    # background pixels that touch ink: the nearest background pixel is always one of them
    touch = ~inner & (padded[:-2, 1:-1] | padded[2:, 1:-1] | padded[1:-1, :-2] | padded[1:-1, 2:])
    bg = np.argwhere(touch).astype(np.float64)
    out = np.empty(len(points))
    for s in range(0, len(points), 256):
        d = points[s:s + 256, None, :].astype(np.float64) - bg[None, :, :]
        out[s:s + 256] = np.sqrt((d ** 2).sum(-1).min(1))
    return out


# --------------------------------------------------------------------------- graph


class Graph:
    """Skeleton pixels split into nodes (end points, junction clusters) and the edges between them."""

    def __init__(self, sk: np.ndarray):
        self.sk = sk
        self.pixels = {(int(y), int(x)) for y, x in zip(*np.nonzero(sk))}
        self.nbrs = {p: [q for q in self._around(p) if q in self.pixels] for p in self.pixels}
        deg = {p: len(n) for p, n in self.nbrs.items()}
        # nodes: end points are their own node; touching junction pixels form one node
        self.node_of: dict[tuple[int, int], int] = {}
        self.node_pixels: list[list[tuple[int, int]]] = []
        for p in sorted(self.pixels):
            if deg[p] == 2 or p in self.node_of:
                continue
            group = [p]
            self.node_of[p] = len(self.node_pixels)
            if deg[p] >= 3:
                stack = [p]
                while stack:
                    q = stack.pop()
                    for r in self.nbrs[q]:
                        if deg[r] >= 3 and r not in self.node_of:
                            self.node_of[r] = self.node_of[p]
                            group.append(r)
                            stack.append(r)
            self.node_pixels.append(sorted(group))
        self.centre = [tuple(np.mean(g, axis=0)) for g in self.node_pixels]
        self.degree = [0] * len(self.node_pixels)
        # edges: (node a or -1, node b or -1, pixel path); -1 marks a closed loop without nodes
        self.edges: list[tuple[int, int, list[tuple[int, int]]]] = []
        used: set[tuple[int, int]] = set()
        direct: set[frozenset] = set()
        for p in sorted(self.node_of):
            a = self.node_of[p]
            for q in sorted(self.nbrs[p]):
                if q in self.node_of:
                    b = self.node_of[q]
                    key = frozenset((p, q))
                    if b != a and key not in direct:
                        direct.add(key)
                        self._add(a, b, [p, q])
                    continue
                if q in used:
                    continue
                path = [p, q]
                used.add(q)
                prev, cur = p, q
                while cur not in self.node_of:
                    nxt = [r for r in self.nbrs[cur] if r != prev and (r in self.node_of or r not in used)]
                    if not nxt:  # should not happen on a clean skeleton
                        break
                    prev, cur = cur, min(nxt, key=lambda r: (r not in self.node_of, r))
                    path.append(cur)
                    if cur not in self.node_of:
                        used.add(cur)
                if cur in self.node_of:
                    self._add(a, self.node_of[cur], path)
        for p in sorted(self.pixels - used - set(self.node_of)):
            if p in used:
                continue
            path = [p]
            used.add(p)
            prev, cur = None, p
            while True:
                nxt = [r for r in sorted(self.nbrs[cur]) if r != prev and r not in used]
                if not nxt:
                    break
                prev, cur = cur, nxt[0]
                used.add(cur)
                path.append(cur)
            path.append(p)
            self.edges.append((-1, -1, path))

    def _add(self, a: int, b: int, path: list[tuple[int, int]]) -> None:
        if a == b and len(path) < 8:
            return  # a pixel or two beside a junction, not a loop of the glyph
        self.edges.append((a, b, path))
        self.degree[a] += 1
        self.degree[b] += 1

    def _around(self, p: tuple[int, int]):
        y, x = p
        return [(y + dy, x + dx) for dy, dx in RING]

    def is_end(self, n: int) -> bool:
        return self.degree[n] == 1


def path_length(pts) -> float:
    a = np.asarray(pts, np.float64)
    return float(np.sqrt((np.diff(a, axis=0) ** 2).sum(1)).sum()) if len(a) > 1 else 0.0


def prune(sk: np.ndarray, radius: dict, limit: float) -> np.ndarray:
    """Remove spurs: end branches that reach less than ``limit`` beyond the stroke at their junction.

    ``radius`` is the distance to the background of every skeleton pixel; a branch's ink reaches
    its length plus its end's radius from the junction, the junction's own ink its radius. A
    heavy stroke end cut at a slant forks into two branches (a junction of three); the shorter
    goes if it reaches less than FORK_R × the junction's radius. At every junction only one spur goes per round, so a forked
    stroke end keeps one branch as its end.
    """
    sk = sk.copy()
    while True:
        g = Graph(sk)
        spurs: dict[int, list] = {}
        for a, b, path in g.edges:
            if a < 0:
                continue
            for end, junction, pts in ((a, b, path), (b, a, path[::-1])):
                if not g.is_end(end) or g.is_end(junction) or g.degree[junction] < 3:
                    continue
                outward = [g.centre[junction]] + pts[::-1]
                pixels = [p for p in pts if p not in g.node_of or g.node_of[p] == end]
                reach = path_length(pts) + radius[g.node_pixels[end][0]]  # how far its ink goes
                spurs.setdefault(junction, []).append((reach, _direction(outward), pixels))
        cut = []
        for junction in sorted(spurs):
            r = max(radius[p] for p in g.node_pixels[junction])
            found = []
            for reach, direction, pixels in spurs[junction]:
                if reach - r < max(limit, SPUR_R * r):  # its ink hardly leaves the junction's
                    found.append((reach, pixels))
                elif g.degree[junction] == 3 and reach < FORK_R * r and any(
                        o[0] >= reach and float(np.dot(direction, o[1])) > math.cos(math.radians(FORK_DEG))
                        for o in spurs[junction] if o[2] is not pixels):
                    found.append((reach, pixels))
            if found:
                cut.append(min(found, key=lambda f: f[0])[1])
        if not cut:
            return sk
        for pixels in cut:
            for y, x in pixels:
                sk[y, x] = False
        sk = clean_staircases(sk)


# --------------------------------------------------------------------------- strokes


def rdp(pts: np.ndarray, eps: float) -> np.ndarray:
    """Ramer–Douglas–Peucker simplification of an open polyline."""
    if len(pts) < 3:
        return pts
    keep = np.zeros(len(pts), bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = pts[i], pts[j]
        seg = b - a
        n = math.hypot(*seg)
        rel = pts[i + 1:j] - a
        if n < 1e-9:
            d = np.sqrt((rel ** 2).sum(1))
        else:
            d = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / n
        k = int(np.argmax(d))
        if d[k] > eps:
            m = i + 1 + k
            keep[m] = True
            stack += [(i, m), (m, j)]
    return pts[keep]


def simplify(pts: np.ndarray, closed: bool, eps: float) -> np.ndarray:
    if not closed:
        return rdp(pts, eps)
    # split the loop at the point farthest from its start
    k = int(np.argmax(((pts - pts[0]) ** 2).sum(1)))
    first = rdp(pts[:k + 1], eps)
    second = rdp(pts[k:], eps)
    return np.vstack([first, second[1:]])


def _direction(pts: list, reach: float = 12.0) -> np.ndarray:
    """Unit direction from pts[0] to the point about ``reach`` pixels along the path."""
    a = np.asarray(pts, np.float64)
    seg = np.sqrt((np.diff(a, axis=0) ** 2).sum(1))
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    k = int(np.searchsorted(cum, min(reach, cum[-1] * 0.5)))
    k = max(1, min(k, len(a) - 1))
    v = a[k] - a[0]
    n = np.hypot(*v)
    return v / n if n > 0 else v


def _pairings(items: list) -> list[list[tuple]]:
    """All ways to pair up ``items`` (one left over when their number is odd)."""
    if len(items) < 2:
        return [[]]
    if len(items) % 2:
        out = []
        for i in range(len(items)):
            out += _pairings(items[:i] + items[i + 1:])
        return out
    first, rest = items[0], items[1:]
    out = []
    for i, other in enumerate(rest):
        for tail in _pairings(rest[:i] + rest[i + 1:]):
            out.append([(first, other)] + tail)
    return out


def _turn(d1: np.ndarray, d2: np.ndarray) -> float:
    """How far (0 straight on … 1 straight back) a pen turns going in along d1 and out along d2.

    Both directions point away from the junction."""
    return math.acos(max(-1.0, min(1.0, -float(np.dot(d1, d2))))) / math.pi


def strokes_of(g: Graph) -> list[tuple[np.ndarray, bool]]:
    """Pen strokes (pixel polylines in (x, y) order, closed flag) from the skeleton graph.

    The edges meeting at every junction are paired, each pair becoming one pen path through
    the junction. The pairing of all junctions together is chosen for the fewest strokes, then
    the gentlest turns; a short end branch (the middle tongue of a 3) may be drawn there and
    back, as a pen does, when that saves a stroke."""
    base: list[list[tuple[float, float]]] = []  # (y, x) from the first node's centre to the last's
    ends: list[tuple[int, int]] = []
    loops: list[list[tuple[float, float]]] = []
    for a, b, path in g.edges:
        pts = [(float(y), float(x)) for y, x in path]
        if a < 0:
            loops.append(pts)
        else:
            base.append([g.centre[a]] + pts + [g.centre[b]])
            ends.append((a, b))
    junctions = sorted({n for ab in ends for n in ab if g.degree[n] >= 2})
    lengths = [path_length(p) for p in base]
    # options of every junction: (edge drawn there and back or None, pairing of edge sides)
    options: dict[int, list[tuple[int | None, list]]] = {}
    inner_side: dict[int, int] = {}  # side at the junction of every end branch that may be retraced
    for j in junctions:
        sides = [(e, s) for e, ab in enumerate(ends) for s in (0, 1) if ab[s] == j]
        opts: list[tuple[int | None, list]] = [(None, p) for p in _pairings(sides)]
        if g.degree[j] >= 3:
            for e, s in sides:
                far = ends[e][1 - s]
                if g.degree[far] == 1 and lengths[e] <= RETRACE_MAX * GLYPH_PX:
                    inner_side[e] = s
                    doubled = [x for x in sides if x != (e, s)] + [(-1 - e, 0), (-1 - e, 1)]
                    for p in _pairings(doubled):
                        if ((-1 - e, 0), (-1 - e, 1)) not in p:
                            opts.append((e, p))
        options[j] = opts
    total = 1
    for j in junctions:
        total *= len(options[j])

    def line(e: int) -> list:
        if e >= 0:
            return base[e]
        t = -1 - e  # drawn there and back, from the junction and back to it
        seq = base[t] if inner_side[t] == 0 else base[t][::-1]
        return seq + seq[::-1][1:]

    def direction(e: int, s: int) -> np.ndarray:
        pts = line(e) if s == 0 else line(e)[::-1]
        return _direction(pts[1:] if len(pts) > 2 else pts)

    def evaluate(choice: list[tuple[int | None, list]]):
        partner: dict[tuple[int, int], tuple[int, int]] = {}
        used = [e for e in range(len(base))]
        turn = 0.0
        retrace = 0.0
        for doubled, pairs in choice:
            if doubled is not None:
                used[doubled] = -1 - doubled
                retrace += lengths[doubled]
            for s1, s2 in pairs:
                partner[s1] = s2
                partner[s2] = s1
                turn += _turn(direction(*s1), direction(*s2))
        chains = []
        done = set()

        def walk(e: int, s: int) -> tuple[list, bool]:
            pts: list = []
            start = (e, s)
            while True:
                done.add(e)
                seq = line(e) if s == 0 else line(e)[::-1]
                pts.extend(seq if not pts else seq[1:])
                other = (e, 1 - s)
                if other not in partner:
                    return pts, False
                e, s = partner[other]
                if (e, s) == start:
                    return pts, True

        for e in used:
            for s in (0, 1):
                if e not in done and (e, s) not in partner:
                    chains.append(walk(e, s))
        for e in used:
            if e not in done:
                chains.append(walk(e, 0))
        cost = len(chains) + TURN_COST * turn + RETRACE_COST * retrace / GLYPH_PX
        return cost, chains

    if total <= MAX_PLANS:
        plans = [[]]
        for j in junctions:
            plans = [p + [o] for p in plans for o in options[j]]
    else:  # too many to try all: the gentlest pairing at every junction on its own
        best = []
        for j in junctions:
            best.append(min((o for o in options[j] if o[0] is None),
                            key=lambda o: sum(_turn(direction(*a), direction(*b)) for a, b in o[1])))
        plans = [best]
    cost, chains = min((evaluate(p) for p in plans), key=lambda c: c[0])
    out = [(np.asarray(pts)[:, ::-1], closed) for pts, closed in chains]
    out += [(np.asarray(pts)[:, ::-1], True) for pts in loops]
    return out


def orient(pts: np.ndarray, closed: bool) -> np.ndarray:
    """Open strokes start at the upper (or, if flat, left) end; closed ones at the top, anticlockwise."""
    if closed:
        ring = pts[:-1] if np.allclose(pts[0], pts[-1]) else pts
        x, y = ring[:, 0], ring[:, 1]
        area = float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))
        if area > 0:  # clockwise on screen (y grows downwards)
            ring = ring[::-1]
        k = int(np.lexsort((ring[:, 0], ring[:, 1]))[0])
        ring = np.roll(ring, -k, axis=0)
        return np.vstack([ring, ring[:1]])
    a, b = pts[0], pts[-1]
    if abs(a[1] - b[1]) < 0.25 * abs(a[0] - b[0]):
        first_is_start = a[0] <= b[0]
    else:
        first_is_start = a[1] <= b[1]
    return pts if first_is_start else pts[::-1]


def inside(points: np.ndarray, ring: np.ndarray) -> bool:
    """Whether all points lie inside the closed polyline ``ring`` (even-odd rule)."""
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    x0, y0 = ring[:-1, 0][None, :], ring[:-1, 1][None, :]
    x1, y1 = ring[1:, 0][None, :], ring[1:, 1][None, :]
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xc = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    hits = (crosses & (x < xc)).sum(1)
    return bool((hits % 2 == 1).all())


def glyph_strokes(ink: np.ndarray) -> tuple[list[np.ndarray], float]:
    """Strokes (pixel (x, y) polylines) and the median stroke width in pixels of a rendered glyph."""
    mask = fill_small_holes(ink >= 0.5, MIN_HOLE_PX)
    sk = clean_staircases(zhang_suen(mask))
    pts = np.argwhere(sk)
    dist = background_distance(mask, pts)
    radius = {(int(y), int(x)): float(d) for (y, x), d in zip(pts, dist)}
    sk = prune(sk, radius, SPUR * GLYPH_PX)
    g = Graph(sk)
    strokes = []
    for poly, closed in strokes_of(g):
        if closed and len(poly) > 2 and not np.allclose(poly[0], poly[-1]):
            poly = np.vstack([poly, poly[:1]])
        if path_length(poly) < MIN_STROKE_PX:
            continue
        simple = simplify(poly.astype(np.float64), closed, RDP_PX)
        strokes.append((orient(simple, closed), closed))
    # a mark inside a closed stroke (the dot of a dotted zero) is no pen stroke a person makes
    strokes = [s for s, _ in strokes
               if not any(c is not s and closed and inside(s, c) for c, closed in strokes)]
    strokes.sort(key=lambda s: (round(float(s[0][1]) / 8), float(s[0][0])))
    final = np.argwhere(sk)
    width = 2.0 * np.median([radius[(int(y), int(x))] for y, x in final]) - 1.0
    return strokes, max(width, 1.0)


def normalise(strokes: list[np.ndarray], width_px: float) -> tuple[list, float, tuple]:
    """Strokes in the stored unit (see the module docstring), the weight, and (x0, y0, height) in pixels."""
    allp = np.vstack(strokes)
    x0, y0 = allp.min(0)
    h = float(allp[:, 1].max() - y0)
    if h <= 0:
        raise ValueError("flat glyph")
    out = []
    for s in strokes:
        n = (s - [x0, y0]) / h
        out.append([[round(float(x), 3) + 0.0, round(float(y), 3) + 0.0] for x, y in n])
    return out, round(width_px / h, 3), (float(x0), float(y0), h)


# --------------------------------------------------------------------------- main

UNDERLAY: dict[tuple[str, str], tuple[np.ndarray, tuple]] = {}  # rendered glyphs, for the contact sheet


def font_path(rel: str, package: str) -> Path:
    p = FONT_ROOT / rel
    if not p.is_file():
        raise SystemExit(f"missing font file {p}: install the Debian package {package} "
                         f"(apt-get install {package})")
    return p


def build(only: str | None = None) -> dict:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    fonts = []
    for rel, name, family, group, package, kind in sorted(FONTS, key=lambda f: f[0]):
        if only and only.lower() not in name.lower():
            continue
        path = font_path(rel, package)
        digits, weights = {}, []
        for d in "0123456789":
            ink = render_glyph(path, d)
            strokes, width = glyph_strokes(ink)
            if not strokes:
                raise SystemExit(f"{name}: no strokes for {d}")
            norm, weight, frame = normalise(strokes, width)
            UNDERLAY[(name, d)] = (ink, frame)
            digits[d] = norm
            weights.append(weight)
        fonts.append({
            "name": name, "family": family, "group": group, "file": Path(rel).name, "package": package,
            "licence": LICENCE[package], "kind": kind, "split": SPLIT[group],
            "weight": weights, "digits": digits,
        })
        print(f"{name:34s} {SPLIT[group]:10s} strokes "
              + " ".join(str(len(digits[d])) for d in "0123456789"), flush=True)
    return {
        "about": ("Centre-line pen strokes of the digits 0-9 traced from the outlines of the fonts listed "
                  "(see resources/datasets/LICENSES.md), written by build_glyph_strokes.py. digits[d] is "
                  "a list of strokes, each a list of [x, y] points in drawing order; y runs from 0 (top of "
                  "the strokes) to 1 (bottom), x has the same scale and starts at 0; a closed stroke "
                  "repeats its first point at the end. weight[d] is the font's stroke width for digit d "
                  "in the same unit: a round pen of diameter weight*height over strokes scaled to height "
                  "redraws the glyph about as bold as the font. kind: sans, serif, mono or hand "
                  "(handwriting- or script-like). split: train, validation or test, the same for every "
                  "font of a design group."),
        "fonts": fonts,
    }


def contact_sheet(data: dict, out: str, cell: int = 64) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QTransform

    fonts = data["fonts"]
    label = 260
    img = QImage(label + 10 * cell, len(fonts) * cell, QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(QFont("DejaVu Sans", 9))
    colours = [QColor(20, 20, 20), QColor(200, 60, 20), QColor(20, 110, 200), QColor(30, 150, 60),
               QColor(150, 40, 160)]
    size = cell * 0.72
    for r, f in enumerate(fonts):
        y0 = r * cell
        if r % 2:
            p.fillRect(0, y0, img.width(), cell, QColor(244, 244, 244))
        p.setPen(QColor("black"))
        p.drawText(QRectF(4, y0, label - 8, cell), Qt.AlignmentFlag.AlignVCenter,
                   f"{f['name']}\n{f['split']}  {f['kind']}")
        for d in range(10):
            strokes = f["digits"][str(d)]
            wmax = max(x for s in strokes for x, _ in s)
            ox = label + d * cell + (cell - wmax * size) / 2
            oy = y0 + (cell - size) / 2
            if (f["name"], str(d)) in UNDERLAY:  # the font's own glyph, light blue, under the strokes
                ink, (gx, gy, gh) = UNDERLAY[(f["name"], str(d))]
                rgba = np.zeros(ink.shape + (4,), np.uint8)
                rgba[..., 0] = 255  # BGRA in memory: a blue
                rgba[..., 1] = 140
                rgba[..., 2] = 40
                rgba[..., 3] = (ink * 150).astype(np.uint8)
                rgba = np.ascontiguousarray(rgba)
                under = QImage(rgba.data, ink.shape[1], ink.shape[0], 4 * ink.shape[1],
                               QImage.Format.Format_ARGB32).copy()
                k = size / gh
                p.save()
                p.setTransform(QTransform(k, 0, 0, k, ox - (gx + 0.5) * k, oy - (gy + 0.5) * k))
                p.drawImage(0, 0, under)
                p.restore()
            for i, s in enumerate(strokes):
                pen = QPen(colours[i % len(colours)], max(1.0, f["weight"][d] * size))
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                c = QColor(colours[i % len(colours)])
                c.setAlpha(70)
                pen.setColor(c)
                path = QPainterPath(QPointF(ox + s[0][0] * size, oy + s[0][1] * size))
                for x, y in s[1:]:
                    path.lineTo(ox + x * size, oy + y * size)
                p.setPen(pen)
                p.drawPath(path)
                thin = QPen(colours[i % len(colours)], 1.2)
                p.setPen(thin)
                p.drawPath(path)
                p.setBrush(colours[i % len(colours)])
                p.drawEllipse(QPointF(ox + s[0][0] * size, oy + s[0][1] * size), 2.2, 2.2)
                p.setBrush(Qt.BrushStyle.NoBrush)
    p.end()
    img.save(out)


def dump(data: dict) -> str:
    """JSON text with sorted keys and one font a line (for readable diffs)."""
    def one(x):
        return json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    head = {k: v for k, v in data.items() if k != "fonts"}
    lines = [one(head)[:-1] + ',"fonts":[']
    lines += [one(f) + ("," if i + 1 < len(data["fonts"]) else "") for i, f in enumerate(data["fonts"])]
    lines.append("]}")
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == data
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sheet", help="also write a contact sheet PNG here")
    ap.add_argument("--only", help="build only fonts whose name contains this (not written to the data file)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    t0 = time.time()
    data = build(args.only)
    if not args.only:
        text = dump(data)
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}: {len(data['fonts'])} fonts, {len(text) / 1e6:.2f} MB, {time.time() - t0:.0f} s")
    if args.sheet:
        contact_sheet(data, args.sheet)
        print(f"contact sheet {args.sheet}")


if __name__ == "__main__":
    main()
