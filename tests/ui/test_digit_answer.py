"""The pad's answer says when the network is not sure: "6 or 5?" in amber, smaller, with the scores under it.

The scores are set by hand (or come from a network built so that it
hesitates), so these tests do not depend on the shipped network's numbers.
"""

import numpy as np
import pytest
from PySide6.QtGui import QColor

from nnapp.engine.network import Network
from nnapp.model.digits import SURE_AT
from nnapp.model.document import Document
from nnapp.model.training import ApplyParameters, parameter_arrays
from nnapp.ui.digits.probability_bars import UNSURE, WINNER, ProbabilityBars


def scores(**by_digit):
    """Ten scores, 0 except the digits named: ``scores(d6=0.48, d5=0.39)``."""
    out = np.zeros(10)
    for name, value in by_digit.items():
        out[int(name[1:])] = value
    return out


@pytest.fixture
def bars(qtbot):
    widget = ProbabilityBars()
    qtbot.addWidget(widget)
    widget.resize(320, 90)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(bars):
    """What a person reads beside the bars: the answer and the lines under it."""
    return bars.digit_label.text(), bars.confidence_label.text()


def has_colour(label, colour, tolerance=24):
    """Whether the label, as drawn, has pixels of ``colour`` (its text; anti-aliased edges aside)."""
    image = label.grab().toImage()
    wanted = QColor(colour)
    target = np.array([wanted.red(), wanted.green(), wanted.blue()])
    for y in range(image.height()):
        for x in range(image.width()):
            c = QColor(image.pixel(x, y))
            if np.abs(np.array([c.red(), c.green(), c.blue()]) - target).max() <= tolerance:
                return True
    return False


def settled(qtbot, bars):
    """Wait for the layout to give the labels their new texts' room (Qt lays out on the next event loop)."""
    qtbot.waitUntil(lambda: all(label.height() >= label.sizeHint().height()
                                for label in (bars.digit_label, bars.confidence_label)))


def fits(label):
    """Every line of the label's text is as wide as the label at most."""
    metrics = label.fontMetrics()
    return all(metrics.horizontalAdvance(line) <= label.width() for line in label.text().split("\n"))


def test_sure_one_large_blue_digit_with_its_percentage(bars, qtbot):
    bars.set_scores(scores(d6=0.95, d5=0.05))
    settled(qtbot, bars)
    assert shown(bars) == ("6", "95 % sure")
    assert bars.answer.sure and bars.digit == 6
    assert has_colour(bars.digit_label, WINNER) and not has_colour(bars.digit_label, UNSURE)


def test_unsure_names_the_candidates_smaller_and_in_amber(bars, qtbot):
    bars.set_scores(scores(d6=0.95, d5=0.05))
    sure_size = bars.digit_label.font().pointSizeF()
    bars.set_scores(scores(d6=0.48, d5=0.39, d8=0.13))
    settled(qtbot, bars)
    assert shown(bars) == ("6 or 5?", "not sure:\n6: 48 %\n5: 39 %")
    assert not bars.answer.sure
    assert bars.digit_label.font().pointSizeF() < 0.6 * sure_size
    assert has_colour(bars.digit_label, UNSURE) and not has_colour(bars.digit_label, WINNER)
    assert has_colour(bars.confidence_label, UNSURE)
    assert fits(bars.digit_label) and fits(bars.confidence_label)
    # the bar of the top digit still stands out
    assert bars.bars.opts["brushes"][6] == WINNER

    bars.set_scores(scores(d3=0.99, d8=0.01))  # sure again: the large blue digit comes back
    settled(qtbot, bars)
    assert shown(bars) == ("3", "99 % sure")
    assert bars.digit_label.font().pointSizeF() == sure_size and has_colour(bars.digit_label, WINNER)


def test_three_candidates_fit(bars, qtbot):
    bars.set_scores(scores(d6=0.45, d5=0.22, d8=0.18, d0=0.15))
    assert shown(bars) == ("6, 5 or 8?", "not sure:\n6: 45 %\n5: 22 %\n8: 18 %")
    settled(qtbot, bars)  # the labels are not squeezed: each gets at least the height of its text …
    # … inside the answer's column, which keeps the height of a sure answer
    assert bars.confidence_label.geometry().bottom() < bars.answer_box.height()
    assert fits(bars.digit_label) and fits(bars.confidence_label)


def test_exactly_at_sure_at_is_sure(bars):
    bars.set_scores(scores(d2=SURE_AT, d7=1 - SURE_AT))
    assert shown(bars) == ("2", "90 % sure")


def test_outputs_that_are_not_probabilities(bars):
    bars.set_scores(scores(d4=0.97, d9=0.3), is_probability=False)
    assert shown(bars) == ("4", "output 0.97")
    bars.set_scores(scores(d4=0.62, d9=0.41, d7=0.2), is_probability=False)
    assert shown(bars) == ("4, 9 or 7?", "not sure:\n4: 0.62\n9: 0.41\n7: 0.20")


def test_an_empty_drawing_shows_no_answer(bars):
    bars.set_scores(scores(d6=0.48, d5=0.39))
    bars.set_scores(None)
    assert shown(bars) == ("", "") and bars.digit is None and bars.answer.empty
    bars.set_scores(np.zeros(10))
    assert shown(bars) == ("", "")


def test_the_layout_does_not_jump_between_sure_and_unsure(bars, qtbot):
    geometry = {}
    for name, values in [("empty", None), ("sure", scores(d6=0.95, d5=0.05)),
                         ("two", scores(d6=0.48, d5=0.39)), ("three", scores(d6=0.45, d5=0.22, d8=0.18)),
                         ("one", scores(d6=0.85, d5=0.1))]:
        bars.set_scores(values)
        settled(qtbot, bars)
        geometry[name] = (bars.plot.geometry(), bars.answer_box.geometry(), bars.sizeHint(), bars.minimumSizeHint())
    assert all(g == geometry["empty"] for g in geometry.values()), geometry


# --- a real digit panel, with a network that hesitates ---------------------------------------


def hesitating_document(p6, p5):
    """A 784-10 softmax network with no weights: it reads softmax(b) whatever is drawn, and
    b = log p makes that p: 6 and 5 as given, the other eight digits share what is left."""
    net = Network.dense([784, 10], "softmax", init="constant", value=0.0)
    p = np.full(10, (1 - p6 - p5) / 8)
    p[6], p[5] = p6, p5
    net.layers[-1].bias[:] = np.log(p)
    net.layers[0].image_shape = (28, 28)
    doc = Document()
    doc.replace(net)
    return doc


def test_the_digit_panel_says_when_the_network_is_not_sure(qtbot):
    from nnapp.ui.digits.pad_panel import DigitPanel
    from nnapp.ui.digits.strokes import draw_digit
    from nnapp.ui.editor import Editor

    editor = Editor(hesitating_document(0.5, 0.4))
    panel = DigitPanel(editor)
    qtbot.addWidget(panel)
    panel.resize(400, 600)
    panel.show()
    qtbot.waitUntil(panel.pad.isVisible)
    label, note = panel.bars.digit_label, panel.bars.confidence_label
    assert label.text() == ""

    draw_digit(panel.pad, 1)
    qtbot.waitUntil(lambda: label.text() != "")
    assert panel.reading.answer_text == "6 or 5?" and not panel.reading.sure
    assert (label.text(), note.text()) == ("6 or 5?", "not sure:\n6: 50 %\n5: 40 %")
    assert has_colour(label, UNSURE)

    # new weights (a lesson, training, undo) are read again at once: now the network is sure
    arrays = parameter_arrays(editor.doc)
    arrays[-1] = arrays[-1].copy()
    arrays[-1][6] += 5.0  # e^5 ≈ 148 times more likely: 0.5·148 / (0.5·148 + 0.5) ≈ 99.3 %
    assert editor.push(ApplyParameters(arrays, "Favour 6"))
    qtbot.waitUntil(lambda: label.text() == "6")
    assert note.text() == "99.3 % sure" and panel.reading.sure and has_colour(label, WINNER)

    editor.stack.undo()
    qtbot.waitUntil(lambda: label.text() == "6 or 5?")

    panel.pad.clear()
    qtbot.waitUntil(lambda: label.text() == "")
    assert note.text() == "" and panel.reading.answer_text == ""


def test_a_shape_between_two_digits_can_be_drawn():
    from nnapp.ui.app import parse_arguments
    from nnapp.ui.digits.strokes import AMBIGUOUS_STROKES, DIGIT_STROKES, stroke_points

    assert parse_arguments(["--example", "mnist", "--draw", "1or7"]).draw == "1or7"
    assert parse_arguments(["--draw", "7"]).draw == 7
    assert "1or7" in AMBIGUOUS_STROKES
    assert stroke_points("1or7", 100.0)[0][0] == pytest.approx((39.0, 16.0))
    assert stroke_points(7, 100.0) == [[(x * 100, y * 100) for x, y in DIGIT_STROKES[7][0]]]
