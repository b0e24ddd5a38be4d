"""Test results on the style-diverse drawn digits: the "Test on" box, the score per digit,
the style of a drawing the network gets wrong, and the window answering while the drawings
are prepared.

The drawings are the twenty of ``tests/drawn_fixture.py`` (rings labelled 0 and 6, bars
labelled 1 and 7); its ring-or-bar network reads every ring as 0 and every bar as 1:
16 of 20 right, and the 6s and 7s all wrong. The tests of preparing use those twenty
thirty times over (600 drawings: several slices of preparing), still 80 % right.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QComboBox, QProgressBar

from nnapp.model.document import Document
from nnapp.model.drawn_tests import drawn_rows_ready, drawn_test_rows, forget_prepared
from nnapp.model.evaluation import evaluate
from nnapp.model.files import open_example
from nnapp.ui.digits.evaluation_panel import SOURCES, EvaluationPanel
from nnapp.ui.editor import Editor

from ..drawn_fixture import (drawn, drawn_arrays, fresh_caches,  # noqa: F401 (fixtures)
                             ring_or_bar_network, write_drawn_set)
from .helpers import find

COPIES = 30
"""The twenty fixture drawings this many times over: 600 to prepare, in several slices."""


@pytest.fixture
def many(tmp_path):
    """The twenty drawings thirty times over, as a drawn test set of 600."""
    arrays = drawn_arrays()
    repeated = {key: np.concatenate([arrays[key]] * COPIES) for key in ("images", "labels", "styles", "pen")}
    return write_drawn_set(tmp_path / "drawn_many.npz", **repeated)


@pytest.fixture
def ring_or_bar(qtbot, window, drawn):
    """The window holding the ring-or-bar network on the MNIST data, its test results in
    sight, reading the twenty fixture drawings as its drawn test set."""
    window.files.open_example("mnist")
    window.doc.replace(ring_or_bar_network(), data=dict(window.doc.data))
    panel = window.evaluation_panel
    panel.drawn_path = drawn
    window.evaluation_dock.raise_()
    qtbot.waitUntil(lambda: panel.evaluation is not None)
    return window


def choose(qtbot, combo, key):
    """Pick the entry ``key`` of ``combo`` with the arrow keys, as a person would."""
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    target = combo.findData(key)
    assert target >= 0, f"{key!r} is not offered"
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)


def shows_drawn_result(panel, n=20):
    """True once the panel shows the result on ``n`` drawn digits."""
    return panel.evaluation is not None and panel.source_label.text() == f"{n:,} drawn digits (style-diverse test set)"


def per_digit_cells(panel):
    """The per-class line as a person reads it: ["0 100%", "1 100%", "2 –", …]."""
    document = QTextDocument()
    document.setHtml(panel.per_class_label.text())
    return [line for line in document.toPlainText().splitlines() if line.strip()]


def test_the_drawn_digits_are_offered_to_digit_networks_only(qtbot, window):
    panel = window.evaluation_panel
    combo = find(panel, QComboBox, "test_source")
    window.files.open_example("mnist")
    window.evaluation_dock.raise_()
    assert [combo.itemText(i) for i in range(combo.count())] == ["Test rows of the data",
                                                                  "Drawn digits (style-diverse)"]
    assert panel.source_row.isVisible()
    window.files.open_example("gender")                  # 2-2-1: no digits to draw
    assert combo.count() == 1 and panel.source == "data"
    assert not panel.source_row.isVisible()               # nothing to choose: no box
    window.files.open_example("digits8")
    assert combo.count() == 2 and panel.source_row.isVisible()


def test_switching_to_the_drawn_digits_shows_their_score_per_digit(qtbot, ring_or_bar, drawn):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    combo = find(panel, QComboBox, "test_source")
    on_data = evaluate(window.doc)
    assert panel.source_label.text() == "1,000 test rows of MNIST digits 28×28"
    assert panel.accuracy_label.text() == f"{100 * on_data.accuracy:.1f} %"
    assert len(per_digit_cells(panel)) == 10

    choose(qtbot, combo, "drawn")
    qtbot.waitUntil(lambda: panel.source_label.text() == "20 drawn digits (style-diverse test set)")
    # 8 zeros and 8 ones right, 2 sixes and 2 sevens wrong
    assert panel.accuracy_label.text() == "80.0 %"
    assert panel.counts_label.text() == "16 right, 4 wrong"
    assert per_digit_cells(panel) == ["0 100%", "1 100%", "2 –", "3 –", "4 –",
                                      "5 –", "6 0%", "7 0%", "8 –", "9 –"]
    # the weakest digits stand out: red and bold
    html = panel.per_class_label.text()
    assert html.count("<b style='color:#c81e1e'>0%</b>") == 2 and "color:#c81e1e'>100%" not in html
    assert "6: 0 of 2 right (0 %)" in panel.per_class_label.toolTip()
    assert np.array_equal(panel.matrix.counts, evaluate(window.doc, drawn_test_rows(window.doc, drawn)).confusion)
    assert panel.matrix.counts[6, 0] == 2 and panel.matrix.counts[7, 1] == 2
    assert panel.gallery_title.text() == "Mistakes: 4 of 20, most confident first"
    assert sorted(panel.gallery.keys()) == [16, 17, 18, 19]
    # the pictures are the prepared drawings, 28×28
    assert panel.evaluation.rows.images.shape == (20, 28, 28)

    # back to the data's test rows, and to the drawings again: they are kept, nothing is prepared again
    drawn_rows = panel.evaluation.rows
    choose(qtbot, combo, "data")
    qtbot.waitUntil(lambda: panel.source_label.text() == "1,000 test rows of MNIST digits 28×28")
    assert panel.accuracy_label.text() == f"{100 * on_data.accuracy:.1f} %"
    choose(qtbot, combo, "drawn")
    assert panel.evaluation.rows is drawn_rows                # at once: no "Preparing…" this time
    assert panel.accuracy_label.text() == "80.0 %" and not panel.preparing.running


def test_a_wrong_drawing_names_its_style_and_a_click_feeds_it_to_the_network(qtbot, ring_or_bar):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    choose(qtbot, find(panel, QComboBox, "test_source"), "drawn")
    qtbot.waitUntil(lambda: shows_drawn_result(panel))
    ev, gallery = panel.evaluation, panel.gallery
    styles = {16: "6 as a closed loop", 17: "6 as a closed loop", 18: "7 without its bar", 19: "7 without its bar"}
    for k, row in enumerate(gallery.keys()):
        tip = gallery.model().index(k).data(Qt.ItemDataRole.ToolTipRole)
        true, predicted = (6, 0) if row < 18 else (7, 1)
        assert tip.startswith(f"Drawing {row + 1}: true {true}, predicted {predicted} (p = ")
        assert f"\nStyle: {styles[row]}, brush " in tip and tip.endswith("\nClick to feed it to the network")
    # a click on the first mistake makes it the network's input
    row = gallery.keys()[0]
    qtbot.mouseClick(gallery.viewport(), Qt.MouseButton.LeftButton,
                     pos=gallery.visualRect(gallery.model().index(0)).center())
    assert np.array_equal(window.doc.input, ev.rows.inputs[row])
    assert int(np.argmax(window.doc.forward().output[0])) == ev.predicted[row]
    true = ev.labels[row]
    assert window.statusBar().currentMessage() == (f"Drawing {row + 1} (true {true}, predicted "
                                                   f"{ev.predicted[row]}) is the network's input now")


def test_a_missing_drawn_test_set_is_explained_and_the_data_rows_stay_reachable(qtbot, ring_or_bar, tmp_path):
    panel = ring_or_bar.evaluation_panel
    combo = find(panel, QComboBox, "test_source")
    panel.drawn_path = tmp_path / "not_built_yet.npz"
    choose(qtbot, combo, "drawn")
    qtbot.waitUntil(lambda: panel.evaluation is None)
    assert panel.problem_label.isVisible() and not panel.matrix.isVisible()
    assert panel.problem_label.text() == (f"The drawn test set is missing: there is no file "
                                          f"{tmp_path / 'not_built_yet.npz'}")
    assert panel.source_row.isVisible()
    choose(qtbot, combo, "data")
    qtbot.waitUntil(lambda: panel.evaluation is not None)
    assert panel.source_label.text() == "1,000 test rows of MNIST digits 28×28"


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_the_left_column_fits_the_dock(qtbot, ring_or_bar, size):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    window.resize(*size)
    combo = find(panel, QComboBox, "test_source")
    choose(qtbot, combo, "drawn")
    qtbot.waitUntil(lambda: shows_drawn_result(panel))
    qtbot.waitUntil(lambda: window.width() == size[0])
    # the longest choice is written whole in the box
    text_width = QFontMetrics(combo.font()).horizontalAdvance(SOURCES["drawn"][0])
    assert combo.width() >= text_width + 24
    # every line of the left column is inside it, one under the other
    column = panel.per_class_label.parentWidget()
    shown = [w for w in (panel.source_row, panel.accuracy_label, panel.counts_label, panel.per_class_label,
                         panel.source_label) if w.isVisible()]
    for upper, lower in zip(shown, shown[1:]):
        assert upper.geometry().bottom() < lower.geometry().top()
    for w in shown:
        assert w.geometry().bottom() <= column.height() and w.height() >= w.minimumSizeHint().height()
    assert panel.per_class_label.width() >= panel.per_class_label.sizeHint().width()


# --- preparing the drawings while the window keeps answering ----------------------------------


class GapProbe:
    """A 10 ms timer noting how long the event loop makes it wait, and what the panel says meanwhile."""

    def __init__(self, panel):
        self.panel = panel
        self.gaps: list[float] = []
        self.texts: list[str] = []
        self._last = time.perf_counter()
        self.timer = QTimer(panel)                 # it goes with the panel, whatever happens
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self):
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now
        text = self.panel.problem_label.text()
        if self.panel.problem_label.isVisible() and (not self.texts or self.texts[-1] != text):
            self.texts.append(text)

    def stop(self):
        self.timer.stop()


def test_the_drawings_are_prepared_in_slices_while_the_window_keeps_answering(qtbot, ring_or_bar, many):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    panel.drawn_path = many
    bar = find(panel, QProgressBar, "drawn_progress")
    progress = []
    panel.preparing.progressed.connect(lambda done, total: progress.append((done, total)))
    combo = find(panel, QComboBox, "test_source")
    probe = GapProbe(panel)
    choose(qtbot, combo, "drawn")
    # at once: the panel says what it does, and the old result is gone
    assert panel.problem_label.text() == "Preparing the drawn digits… 0 of 600"
    assert panel.accuracy_label.text() == "–" and not panel.matrix.isVisible()
    assert bar.isVisible() and bar.maximum() == 600
    assert panel.problem == ""                                 # nothing is wrong: it is under way
    qtbot.waitUntil(lambda: shows_drawn_result(panel, 600), timeout=30_000)
    probe.stop()
    # it went in several slices, each further than the last, and said so as it went
    assert len(progress) >= 3 and all(total == 600 for _, total in progress)
    done = [d for d, _ in progress]
    assert done == sorted(done) and done[-1] == 600 and sum(0 < d < 600 for d in done) >= 2
    halfway = [t for t in probe.texts if t.startswith("Preparing the drawn digits… ") and not t.startswith(
        "Preparing the drawn digits… 0 of")]
    assert halfway and all(t.endswith(" of 600") for t in halfway)
    # the event loop was never held up long: the 10 ms probe never waited 250 ms
    assert len(probe.gaps) >= 5
    assert max(probe.gaps) < 0.25, f"the window stopped answering for {1000 * max(probe.gaps):.0f} ms"
    # and then the result: 16 of every 20 right
    assert panel.accuracy_label.text() == "80.0 %"
    assert panel.counts_label.text() == "480 right, 120 wrong"
    assert not bar.isVisible() and not panel.problem_label.isVisible()
    assert window.statusBar().currentMessage().startswith("Prepared 600 drawings as the digit pad prepares one (")
    assert drawn_rows_ready(window.doc, many)


def test_back_to_the_data_mid_preparation_shows_the_data_and_nothing_overwrites_it(qtbot, ring_or_bar, many):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    panel.drawn_path = many
    combo = find(panel, QComboBox, "test_source")
    on_data = evaluate(window.doc)
    # the file is read, then a first slice of drawings is prepared; many are not yet
    with qtbot.waitSignal(panel.preparing.progressed, check_params_cb=lambda *_: panel.preparing.done > 0):
        choose(qtbot, combo, "drawn")
    assert 0 < panel.preparing.done < 600
    qtbot.keyClick(combo, Qt.Key.Key_Up)                      # back to the data's test rows
    assert panel.source == "data" and not panel.preparing.running
    assert panel.source_label.text() == "1,000 test rows of MNIST digits 28×28"
    assert panel.accuracy_label.text() == f"{100 * on_data.accuracy:.1f} %"
    # what was left to prepare is dropped: no slice, no result comes later
    with qtbot.assertNotEmitted(panel.evaluated, wait=500), qtbot.assertNotEmitted(panel.preparing.progressed):
        pass
    assert panel.source_label.text() == "1,000 test rows of MNIST digits 28×28"
    assert not drawn_rows_ready(window.doc, many)
    # chosen again, the drawings are prepared from the start, and shown
    choose(qtbot, combo, "drawn")
    assert panel.problem_label.text() == "Preparing the drawn digits… 0 of 600"
    qtbot.waitUntil(lambda: shows_drawn_result(panel, 600), timeout=30_000)
    assert panel.accuracy_label.text() == "80.0 %"


def test_another_network_mid_preparation_gets_its_own_drawings(qtbot, ring_or_bar, many):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    panel.drawn_path = many
    shown = []
    panel.evaluated.connect(shown.append)
    with qtbot.waitSignal(panel.preparing.progressed):
        choose(qtbot, find(panel, QComboBox, "test_source"), "drawn")
    window.files.open_example("digits8")                      # 8×8 pictures now: start again for them
    assert panel.source == "drawn" and panel.preparing.running
    assert panel.problem_label.text() == "Preparing the drawn digits… 0 of 600"
    qtbot.waitUntil(lambda: shows_drawn_result(panel, 600), timeout=30_000)
    # only the digits8 network's result was ever shown, on 8×8 pictures
    assert [ev.rows.images.shape for ev in shown] == [(600, 8, 8)]
    expected = evaluate(window.doc, drawn_test_rows(window.doc, many))
    assert np.array_equal(panel.evaluation.confusion, expected.confusion)


def test_a_closed_dock_waits_and_a_deleted_panel_is_left_in_peace(qtbot, ring_or_bar, many):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    panel.drawn_path = many
    with qtbot.waitSignal(panel.preparing.progressed):
        choose(qtbot, find(panel, QComboBox, "test_source"), "drawn")
    window.evaluation_dock.close()                            # closed: it waits, as evaluating does
    assert panel.preparing.paused
    done = panel.preparing.done
    with qtbot.assertNotEmitted(panel.preparing.progressed, wait=200):
        pass
    assert panel.preparing.done == done < 600
    window.evaluation_dock.show()                             # open again: it goes on where it was
    qtbot.waitUntil(lambda: shows_drawn_result(panel, 600), timeout=30_000)

    # a panel of its own, deleted while it prepares: its timers go with it, and the
    # document it watched can change without calling it
    forget_prepared()
    doc = Document()
    open_example(doc, "mnist")
    doc.replace(ring_or_bar_network(), data=dict(doc.data))
    lone = EvaluationPanel(Editor(doc))
    lone.drawn_path = many
    lone.set_source("drawn")
    lone.show()
    qtbot.waitExposed(lone)
    with qtbot.waitSignal(lone.preparing.progressed):
        lone.evaluate()
    lone.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(lone))
    doc.replace(ring_or_bar_network(), data=dict(doc.data))  # would call the deleted panel
    open_example(doc, "digits8")
    assert not drawn_rows_ready(doc, many)                    # nothing went on preparing
