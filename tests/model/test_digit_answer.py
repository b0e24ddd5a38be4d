"""How sure a reading is, and what the pad says: "6" when sure, "6 or 5?" when not.

Every case is a score vector made by hand, so the texts do not depend on any
trained network. The rule: sure when the top score ≥ SURE_AT (0.9 today);
when not sure, the top digit and the next ones while their score ≥ NAME_AT
(0.15), at most MOST_NAMED (3) in all.
"""

import numpy as np
import pytest

from nnapp.engine.network import Network
from nnapp.engine.preprocess import preprocess
from nnapp.model import digits
from nnapp.model.digits import MOST_NAMED, NAME_AT, SURE_AT, DigitReading, answer_for, read_digit
from nnapp.model.document import Document


def scores(**by_digit):
    """Ten scores, 0 except the digits named: ``scores(d6=0.48, d5=0.39)``."""
    out = np.zeros(10)
    for name, value in by_digit.items():
        out[int(name[1:])] = value
    return out


def reading(values, is_probability=True, empty=False):
    """A DigitReading with these scores, of a small square of ink (or of nothing)."""
    picture = np.zeros((28, 28))
    if not empty:
        picture[8:20, 12:16] = 1.0
    prepared = preprocess(picture, (28, 28))
    return DigitReading(prepared, prepared.vector, np.asarray(values, dtype=float), is_probability)


def test_the_rule_as_the_lead_will_tune_it():
    # the texts below are written for these numbers
    assert (SURE_AT, NAME_AT, MOST_NAMED) == (0.9, 0.15, 3)


def test_sure_one_digit():
    r = reading(scores(d6=0.95, d5=0.04, d8=0.01))
    assert r.sure and r.candidates == [6] and r.answer_text == "6"


def test_two_candidates():
    # 0.48 < 0.9: not sure; 0.39 ≥ 0.15 is named, 0.13 < 0.15 is not
    r = reading(scores(d6=0.48, d5=0.39, d8=0.13))
    assert not r.sure and r.candidates == [6, 5] and r.answer_text == "6 or 5?"


def test_three_candidates():
    # 0.45, 0.22, 0.18 all named; 0.15 would be the fourth, but three is the most
    r = reading(scores(d6=0.45, d5=0.22, d8=0.18, d0=0.15))
    assert not r.sure and r.candidates == [6, 5, 8] and r.answer_text == "6, 5 or 8?"


def test_unsure_with_nothing_close_names_one_digit_with_a_question_mark():
    # 0.85 < 0.9, and no other digit reaches 0.15
    r = reading(scores(d3=0.85, d5=0.1, d8=0.05))
    assert not r.sure and r.candidates == [3] and r.answer_text == "3?"


def test_naming_stops_at_the_first_score_below_the_fraction():
    # 0.15 exactly is named (≥), 0.1499 is not
    assert answer_for(scores(d1=0.7, d7=0.15, d4=0.15)).text == "1, 4 or 7?"  # equal scores: lower digit first
    assert answer_for(scores(d1=0.7, d7=0.1499, d4=0.1501)).text == "1 or 4?"


def test_borderline_exactly_at_sure_at_is_sure():
    r = reading(scores(d2=SURE_AT, d7=1 - SURE_AT))
    assert r.sure and r.answer_text == "2"
    below = reading(scores(d2=np.nextafter(SURE_AT, 0), d7=1 - SURE_AT))
    assert not below.sure and below.answer_text == "2?"  # 0.1 < 0.15: 7 is not named


def test_sure_follows_the_constant(monkeypatch):
    r = reading(scores(d6=0.8, d5=0.2))
    assert r.answer_text == "6 or 5?"
    monkeypatch.setattr(digits, "SURE_AT", 0.75)
    assert r.sure and r.answer_text == "6"


def test_an_empty_drawing_is_not_sure_and_says_nothing():
    r = reading(np.zeros(10), empty=True)
    assert r.empty and not r.sure and r.candidates == [] and r.answer_text == ""
    assert answer_for(None).text == "" and answer_for(np.zeros(10)).empty
    assert not answer_for(None).sure


def test_outputs_that_are_not_probabilities_follow_the_same_rule():
    # sigmoid outputs, clipped to 0…1: they need not add up to 1
    sure = reading(scores(d4=0.97, d9=0.3), is_probability=False)
    assert sure.sure and sure.answer_text == "4" and not sure.answer.is_probability
    unsure = reading(scores(d4=0.62, d9=0.41, d7=0.2, d1=0.16), is_probability=False)
    assert not unsure.sure and unsure.answer_text == "4, 9 or 7?"
    # all outputs low: still a guess, with its question mark
    assert reading(scores(d4=0.05, d9=0.02), is_probability=False).answer_text == "4?"


def test_the_answer_keeps_the_candidates_scores():
    a = answer_for(scores(d6=0.48, d5=0.39, d8=0.13))
    assert a.candidates == (6, 5) and a.scores == pytest.approx((0.48, 0.39))


def test_a_network_that_hesitates_reads_as_unsure():
    # a 784-10 softmax network with no weights: its output is softmax(b) for any drawing,
    # and b = log p gives p back: 6: 0.5, 5: 0.35, 8: 0.1, the other seven 0.05 / 7 each
    net = Network.dense([784, 10], "softmax", init="constant", value=0.0)
    p = np.full(10, 0.05 / 7)
    p[[6, 5, 8]] = [0.5, 0.35, 0.1]
    net.layers[-1].bias[:] = np.log(p)
    doc = Document()
    doc.replace(net)
    picture = np.zeros((280, 280))
    picture[60:220, 130:150] = 1.0
    r = read_digit(doc, picture)
    assert r.scores[6] == pytest.approx(0.5) and not r.sure
    assert r.candidates == [6, 5] and r.answer_text == "6 or 5?"  # 8: 0.1 < 0.15, not named
