"""Teaching fixes what the network gets wrong: a style it misreads, ten labelled drawings, Practise.

A student who writes zeros with a slash through them finds that the MNIST
network reads them as other digits (MNIST and the training strokes have few
slashed zeros): it reads about two in three right. They draw ten on the pad,
label each "0" and press Practise; then the network reads slashed zeros it
has never seen, and still reads the photos of the test rows as well as
before (at most one point lower).
"""

import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from nnapp.model.digits import read_digit
from nnapp.model.evaluation import evaluate

from .helpers import find
from .test_digit_pad import label, open_teaching

# the drawing pen of the scripts that make the drawn sets (in the source tree, not in the package)
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "resources" / "datasets"))

from pen import arc, mouse_path, place, render, wobble  # noqa: E402

DIGIT = 0
SLASHED_ZERO = [arc(0.3, 0.5, 0.28, 0.48, -90, 270, 40), [(0.7, -0.08), (-0.1, 1.08)]]
"""A zero, then a slash from above its top right to below its bottom left, through and beyond the
ring, as programmers and Scandinavians write it (Ø)."""


def slashed_zeros(count, seed):
    """``count`` slashed zeros as a hand draws them on a 280×280 pad: (strokes in pad pixels, brush radius)."""
    out = []
    for i in range(count):
        rng = np.random.default_rng([seed, i])
        strokes, radius = place(wobble(SLASHED_ZERO, rng, rng.uniform(0.008, 0.02)), rng, height=(120, 230),
                                radius=(6, 12))
        out.append(([mouse_path(s, rng) for s in strokes], radius))
    return out


def share_read_right(doc, drawings):
    return np.mean([read_digit(doc, render(strokes, radius)).digit == DIGIT for strokes, radius in drawings])


@pytest.fixture
def digits(window, qtbot):
    assert window.files.open_example("mnist")
    window.digit_dock.raise_()
    qtbot.waitUntil(lambda: window.digit_panel.pad.isVisible() and window.digit_panel.pad.width() >= 200)
    return window


def test_ten_labelled_drawings_and_practise_teach_a_style(digits, qtbot):
    doc, pad = digits.doc, digits.digit_panel.pad
    others = slashed_zeros(50, seed=2)          # never shown to the network
    before = share_read_right(doc, others)
    photos_before = evaluate(doc).accuracy
    assert before <= 0.7                         # the network misreads the style (64 % right when written)

    teach = open_teaching(digits, qtbot)
    for strokes, radius in slashed_zeros(10, seed=1):
        pad.clear()
        for stroke in strokes:
            pad.add_stroke([tuple(p) for p in stroke], width=2 * radius)
        label(qtbot, teach, DIGIT)
    assert len(teach.personal) == 10 and {e.label for e in teach.personal.examples} == {DIGIT}
    qtbot.mouseClick(find(teach, QPushButton, "digit_practise"), Qt.MouseButton.LeftButton)
    assert digits.editor.stack.undoText().startswith("Practise 5 epochs on 10 drawings")

    after = share_read_right(doc, others)
    photos_after = evaluate(doc).accuracy
    assert after >= 0.95                         # it reads the style now
    assert photos_after >= photos_before - 0.01  # and has not forgotten the photos
    digits.actions_undo.trigger()                # one undo takes the lesson back
    assert share_read_right(doc, others) == before
