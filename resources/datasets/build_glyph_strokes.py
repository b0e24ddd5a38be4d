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
        fonts-vollkorn \\
        fonts-adf-baskervald fonts-anonymous-pro fonts-b612 fonts-breip fonts-cabin \\
        fonts-cmu fonts-firacode fonts-havana fonts-inter fonts-junicode fonts-karla \\
        fonts-klee fonts-league-spartan fonts-manrope fonts-mononoki fonts-oxygen \\
        fonts-sjfonts fonts-yrsa-rasa \\
        fonts-adf-accanthis fonts-adf-gillius fonts-clear-sans fonts-ecolier-court \\
        fonts-gfs-didot fonts-kaushanscript fonts-lobster fonts-mplus fonts-oldstandard

(the packages of the second group, from fonts-adf-baskervald on, hold the
typefaces of the split test; those of the third, from fonts-adf-accanthis on,
the typefaces of the split validation3).

(Debian 12 "bookworm" package versions were used for the committed file.)
A missing font file stops the script with the name of the package to install.

For every font and digit the glyph outline (QRawFont, the file itself) is
filled, anti-aliased, 160 px tall into a numpy array (here, with Qt) and
traced into pen strokes by ``centre_lines.py`` (numpy only; its docstring
tells the steps): thresholded, thinned to 1-px centre lines, spurs pruned
(serif stubs, the corners of heavy strokes), the paths at every junction
paired for the fewest strokes and the gentlest turns, a short end branch
(the middle tongue of a 3) drawn there and back when that saves a stroke. So
most digits are one or two long pen strokes, as a person draws them. A
stroke inside a closed stroke (the dot of a dotted zero) is dropped; a slash
that crosses the zero stays. Every stroke is simplified (Ramer–Douglas–Peucker,
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

Fonts are split into train / validation / validation2 / test / validation3 by
the fixed table ``SPLIT`` over design groups: every style of a family, and
families of one design lineage (DejaVu Sans / Serif / Mono and Hack, the clones of Helvetica,
Times and Courier, Lato and Carlito, Oxygen Sans and Oxygen Mono), go to the
same split. Of the first three splits, about half of the families train and a
quarter each are for validation and validation2 (validation2 was the first
test split; the drawn set made from it has been looked at, so it now helps
choose); the test split was added later, held out: design families found in
none of the other splits (and neither clones nor look-alikes of theirs). The
validation3 split was added last, in the same way: design families found in
none of the four earlier splits, nor clones or look-alikes of theirs (lining
figures only; faces whose digits traced badly were left out), a further set
for choosing. Each split has sans, serif, monospaced and handwriting-like faces. The
output is deterministic: keys sorted, coordinates rounded to three decimals,
one font a line.

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
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from centre_lines import GLYPH_PX, glyph_strokes  # noqa: E402

OUT = HERE.parents[1] / "nnapp" / "resources" / "datasets" / "glyph_strokes.json"
FONT_ROOT = Path("/usr/share/fonts")

MARGIN = 6  # empty pixels around the rendered glyph (GLYPH_PX is its ink height)

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
    # split test
    "fonts-adf-baskervald": "GNU GPL 2 or later with font exception",
    "fonts-anonymous-pro": "SIL Open Font License 1.1",
    "fonts-b612": "SIL Open Font License 1.1 and Eclipse Public License 2.0 and Eclipse Distribution License 1.0",
    "fonts-breip": "SIL Open Font License 1.0 (Reserved Font Name)",
    "fonts-cabin": "SIL Open Font License 1.1",
    "fonts-cmu": "SIL Open Font License 1.1",
    "fonts-firacode": "SIL Open Font License 1.1",
    "fonts-havana": "SIL Open Font License 1.1",
    "fonts-inter": "SIL Open Font License 1.1 and Apache License 2.0",
    "fonts-junicode": "SIL Open Font License 1.1",
    "fonts-karla": "SIL Open Font License 1.1",
    "fonts-klee": "SIL Open Font License 1.1",
    "fonts-league-spartan": "SIL Open Font License 1.1",
    "fonts-manrope": "SIL Open Font License 1.1",
    "fonts-mononoki": "SIL Open Font License 1.1",
    "fonts-oxygen": "GNU GPL 3 or later with font exception, or SIL Open Font License 1.1",
    "fonts-sjfonts": "GNU GPL (version 2 text) with font exception",
    "fonts-yrsa-rasa": "SIL Open Font License 1.1",
    # split validation3
    "fonts-adf-accanthis": "GNU GPL 2 or later with font exception",
    "fonts-adf-gillius": "GNU GPL 2 or later with font exception",
    "fonts-clear-sans": "Apache License 2.0",
    "fonts-ecolier-court": "SIL Open Font License 1.1",
    "fonts-gfs-didot": "SIL Open Font License 1.1 (Reserved Font Name)",
    "fonts-kaushanscript": "SIL Open Font License 1.1 (Reserved Font Name)",
    "fonts-lobster": "SIL Open Font License 1.1 (Reserved Font Names)",
    "fonts-mplus": "SIL Open Font License 1.1",
    "fonts-oldstandard": "SIL Open Font License 1.0 (Reserved Font Name)",
}

# (file under /usr/share/fonts, face name, family, design group, package, kind); kind is sans,
# serif, mono or hand (handwriting- or script-like). The design group joins families of one
# design lineage (DejaVu Sans / Serif / Sans Mono and Hack; the Helvetica, Times and Courier
# clones; Lato and Carlito, drawn by one designer; Oxygen Sans and Oxygen Mono), so that no
# design is in two splits.
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
    # ---- test (added later: design families in no other split, nor clones or look-alikes of theirs)
    ("opentype/inter/Inter-BoldItalic.otf", "Inter Bold Italic", "Inter", "Inter", "fonts-inter", "sans"),
    ("opentype/cabin/Cabin-Regular.otf", "Cabin", "Cabin", "Cabin", "fonts-cabin", "sans"),
    ("truetype/karla/Karla-Regular.otf", "Karla", "Karla", "Karla", "fonts-karla", "sans"),
    ("truetype/oxygen/Oxygen-Sans-Bold.ttf", "Oxygen Sans Bold", "Oxygen Sans", "Oxygen", "fonts-oxygen",
     "sans"),
    ("opentype/league-spartan/LeagueSpartan-Regular.otf", "League Spartan", "League Spartan", "League Spartan",
     "fonts-league-spartan", "sans"),
    ("truetype/manrope/Manrope-Light.ttf", "Manrope Light", "Manrope", "Manrope", "fonts-manrope", "sans"),
    ("opentype/b612/B612-Regular.otf", "B612", "B612", "B612", "fonts-b612", "sans"),
    ("opentype/junicode/JunicodeTwoBeta-Regular.otf", "Junicode Two Beta", "Junicode Two Beta", "Junicode",
     "fonts-junicode", "serif"),
    ("truetype/cmu/cmunrm.ttf", "CMU Serif Roman", "CMU Serif", "Computer Modern", "fonts-cmu", "serif"),
    ("truetype/cmu/cmunbi.ttf", "CMU Serif Bold Extended Italic", "CMU Serif", "Computer Modern", "fonts-cmu",
     "serif"),
    ("truetype/adf/BaskervaldADFStd-Bold.otf", "Baskervald ADF Std Bold", "Baskervald ADF Std",
     "Baskervald ADF", "fonts-adf-baskervald", "serif"),
    ("truetype/fonts-yrsa-rasa/Yrsa-Italic.ttf", "Yrsa Italic", "Yrsa", "Yrsa", "fonts-yrsa-rasa", "serif"),
    ("truetype/firacode/FiraCode-Regular.ttf", "Fira Code", "Fira Code", "Fira", "fonts-firacode", "mono"),
    ("truetype/mononoki/mononoki-Bold-Italic.ttf", "mononoki Bold Italic", "mononoki", "mononoki",
     "fonts-mononoki", "mono"),
    ("truetype/oxygen/OxygenMono-Regular.ttf", "Oxygen Mono", "Oxygen Mono", "Oxygen", "fonts-oxygen", "mono"),
    ("truetype/anonymous-pro/Anonymous Pro B.ttf", "Anonymous Pro Bold", "Anonymous Pro", "Anonymous Pro",
     "fonts-anonymous-pro", "mono"),
    ("truetype/breip/Breip.ttf", "Breip", "Breip", "Breip", "fonts-breip", "hand"),
    ("opentype/havana/Havana-Regular.otf", "Havana", "Havana", "Havana", "fonts-havana", "hand"),
    ("truetype/klee/KleeOne-Regular.ttf", "Klee One", "Klee One", "Klee", "fonts-klee", "hand"),
    ("truetype/sjfonts/SteveHand.ttf", "Steve Hand", "Steve Hand", "Steve Hand", "fonts-sjfonts", "hand"),
    # ---- validation3 (added last: design families in none of the splits above, nor clones or
    # look-alikes of theirs; lining figures only)
    ("truetype/clear-sans/ClearSans-Regular.ttf", "Clear Sans", "Clear Sans", "Clear Sans", "fonts-clear-sans",
     "sans"),
    ("truetype/clear-sans/ClearSans-BoldItalic.ttf", "Clear Sans Bold Italic", "Clear Sans", "Clear Sans",
     "fonts-clear-sans", "sans"),
    ("truetype/adf/GilliusADF-Regular.otf", "Gillius ADF", "Gillius ADF", "Gillius ADF", "fonts-adf-gillius",
     "sans"),
    ("truetype/adf/GilliusADFNo2-BoldCond.otf", "Gillius ADF No2 Bold Cond", "Gillius ADF No2", "Gillius ADF",
     "fonts-adf-gillius", "sans"),
    ("opentype/mplus/Mplus1-Regular.otf", "M PLUS 1", "M PLUS 1", "M+", "fonts-mplus", "sans"),
    ("opentype/mplus/Mplus1Code-Regular.otf", "M PLUS 1 Code", "M PLUS 1 Code", "M+", "fonts-mplus", "mono"),
    ("opentype/didot/GFSDidot.otf", "GFS Didot", "GFS Didot", "GFS Didot", "fonts-gfs-didot", "serif"),
    ("opentype/didot/GFSDidotBoldItalic.otf", "GFS Didot Bold Italic", "GFS Didot", "GFS Didot",
     "fonts-gfs-didot", "serif"),
    ("truetype/fonts-oldstandard/OldStandard-Regular.ttf", "Old Standard", "Old Standard", "Old Standard",
     "fonts-oldstandard", "serif"),
    ("truetype/fonts-oldstandard/OldStandard-Italic.ttf", "Old Standard Italic", "Old Standard", "Old Standard",
     "fonts-oldstandard", "serif"),
    ("truetype/adf/AccanthisADFStdNo3-Italic.otf", "Accanthis ADF Std No3 Italic", "Accanthis ADF Std No3",
     "Accanthis ADF", "fonts-adf-accanthis", "serif"),
    ("opentype/kaushanscript/KaushanScript-Regular.otf", "Kaushan Script", "Kaushan Script", "Kaushan Script",
     "fonts-kaushanscript", "hand"),
    ("opentype/lobster/lobster.otf", "Lobster", "Lobster", "Lobster", "fonts-lobster", "hand"),
    ("truetype/ecolier-court/Ecolier-court.ttf", "Ecolier Court", "Ecolier Court", "Ecolier Court",
     "fonts-ecolier-court", "hand"),
]

# The split of every design group: a fixed table, chosen by hand so that about half of the
# families of train, validation and validation2 train and a quarter each are in the other two,
# each split with sans, serif, monospaced and handwriting-like faces (three handwriting/script
# designs in each). test, added later, holds design groups found in no other split (four
# handwriting designs). validation3, added last, likewise holds design groups found in none of
# the four splits before it (three handwriting/script designs; the Accanthis ADF Std face used is
# No3 Italic, with lining figures: the regular Accanthis ADF Std has old-style figures).
SPLIT = {
    "DejaVu": "train", "Helvetica-like": "train", "Times-like": "train", "Roboto": "train", "Lato": "train",
    "C059": "train", "URW Bookman": "train", "Andika": "train", "Charis SIL": "train", "Cantarell": "train",
    "Comfortaa": "train", "Inconsolata": "train", "JetBrains Mono": "train", "Comic Neue": "train",
    "Dancing Script": "train", "Rufscript": "train",
    "Noto": "validation", "Courier-like": "validation", "Quicksand": "validation", "P052": "validation",
    "Gentium Plus": "validation", "Caladea": "validation", "Humor Sans": "validation", "Z003": "validation",
    "Kristi": "validation",
    "Open Sans": "validation2", "Go": "validation2", "Linux Libertine": "validation2", "URW Gothic": "validation2", "Vollkorn": "validation2",
    "Fantasque Sans Mono": "validation2", "DkgHandwriting": "validation2", "Tomson Talks": "validation2", "Isabella": "validation2",
    "Inter": "test", "Cabin": "test", "Karla": "test", "Oxygen": "test", "League Spartan": "test",
    "Manrope": "test", "B612": "test", "Junicode": "test", "Computer Modern": "test",
    "Baskervald ADF": "test", "Yrsa": "test", "Fira": "test", "mononoki": "test", "Anonymous Pro": "test",
    "Breip": "test", "Havana": "test", "Klee": "test", "Steve Hand": "test",
    "Clear Sans": "validation3", "Gillius ADF": "validation3", "M+": "validation3", "GFS Didot": "validation3",
    "Old Standard": "validation3", "Accanthis ADF": "validation3", "Kaushan Script": "validation3",
    "Lobster": "validation3", "Ecolier Court": "validation3",
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


# --------------------------------------------------------------------------- data


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
                  "(see LICENSES.md beside this file), written by build_glyph_strokes.py. digits[d] is "
                  "a list of strokes, each a list of [x, y] points in drawing order; y runs from 0 (top of "
                  "the strokes) to 1 (bottom), x has the same scale and starts at 0; a closed stroke "
                  "repeats its first point at the end. weight[d] is the font's stroke width for digit d "
                  "in the same unit: a round pen of diameter weight*height over strokes scaled to height "
                  "redraws the glyph about as bold as the font. kind: sans, serif, mono or hand "
                  "(handwriting- or script-like). split: train, validation, validation2, test or validation3, "
                  "the same for "
                  "every font of a design group."),
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
