"""Test results on the style-diverse drawn digits: the "Test on" box, the score per digit,
and the style of a drawing the network gets wrong.

The drawings are the twenty of ``tests/drawn_fixture.py`` (rings labelled 0 and 6, bars
labelled 1 and 7); its ring-or-bar network reads every ring as 0 and every bar as 1:
16 of 20 right, and the 6s and 7s all wrong.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QComboBox

from nnapp.model.drawn_tests import drawn_test_rows, forget_prepared
from nnapp.model.evaluation import evaluate
from nnapp.ui.digits.evaluation_panel import SOURCES

from ..drawn_fixture import ring_or_bar_network, write_drawn_set
from .helpers import find


@pytest.fixture(autouse=True)
def fresh_caches():
    forget_prepared()
    yield
    forget_prepared()


@pytest.fixture
def drawn(tmp_path):
    return write_drawn_set(tmp_path / "drawn_test.npz")


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
    qtbot.waitUntil(lambda: panel.evaluation.rows is drawn_rows)
    assert panel.accuracy_label.text() == "80.0 %"


def test_a_wrong_drawing_names_its_style_and_a_click_feeds_it_to_the_network(qtbot, ring_or_bar):
    window, panel = ring_or_bar, ring_or_bar.evaluation_panel
    choose(qtbot, find(panel, QComboBox, "test_source"), "drawn")
    qtbot.waitUntil(lambda: panel.evaluation.n_rows == 20)
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
    qtbot.waitUntil(lambda: panel.evaluation.n_rows == 20)
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
