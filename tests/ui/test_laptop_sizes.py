"""The window on a laptop screen (1280 × 800 and 1366 × 768): the list of
steps keeps its results whole, the gradient check's sentence is in sight,
and the digit pad's pictures, bars and Teach button fit their dock."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

from nnapp.ui.steps_table import FORMULA, NUMBERS, NUMERIC, RESULT
from nnapp.ui.steps.table import CELL_MARGIN

LAPTOPS = [(1280, 800), (1366, 768)]


@pytest.fixture(params=LAPTOPS, ids=lambda size: f"{size[0]}x{size[1]}")
def laptop(request, window, qtbot):
    """The window at a laptop's size."""
    width, height = request.param
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height)
    return window


def steps_panel(window, qtbot):
    window.files.open_example("gender")
    window.steps_dock.show()
    window.steps_dock.raise_()
    panel = window.steps_panel
    qtbot.waitUntil(lambda: panel.table.isVisible() and panel.table.viewport().width() > 0)
    return panel


def test_the_result_column_fits_every_result(laptop, qtbot):
    panel = steps_panel(laptop, qtbot)
    panel.gradcheck.setChecked(True)
    table, model = panel.table, panel.model
    metrics = table.fontMetrics()
    assert model.rowCount() > 30
    for decimals in (4, 8):
        panel.set_decimals(decimals)
        for row in range(model.rowCount()):
            for col in (RESULT, NUMERIC):
                text = model.cell(row, col)
                assert table.columnWidth(col) >= metrics.horizontalAdvance(text) + CELL_MARGIN, (row, col, text)
    # formula and numbers keep a readable width: they elide, not vanish
    for col in (FORMULA, NUMBERS):
        assert table.columnWidth(col) >= 40
    # the whole step is in the tooltip
    tip = model.index(0, FORMULA).data(Qt.ItemDataRole.ToolTipRole)
    assert model.cell(0, FORMULA) in tip


def test_the_gradient_check_sentence_is_in_sight(laptop, qtbot):
    panel = steps_panel(laptop, qtbot)
    panel.gradcheck.setChecked(True)
    current = panel.current_step
    numeric = current.numeric
    checked = 0
    panel.reset()
    while panel.stepper.position is None or panel.stepper.position < len(panel.stepper) - 1:
        panel.next_step()
        if panel.current.kind not in ("grad_w", "grad_b"):
            continue
        checked += 1
        assert numeric.isVisible()

        def in_sight():
            top_left = numeric.mapTo(current.viewport(), QPoint(0, 0))
            return current.viewport().rect().contains(QRect(top_left, numeric.size()))

        qtbot.waitUntil(in_sight)
    assert checked >= 9  # every weight and bias of the 2-2-1 network


def test_resizing_the_dock_keeps_the_result_whole(laptop, qtbot):
    panel = steps_panel(laptop, qtbot)
    panel.set_decimals(8)
    table, model = panel.table, panel.model
    widest = max(table.fontMetrics().horizontalAdvance(model.cell(r, RESULT)) for r in range(model.rowCount()))
    for width in (300, 500, 900):
        laptop.resizeDocks([laptop.steps_dock], [width], Qt.Orientation.Horizontal)
        panel.splitter.setSizes([width // 2, width // 2])
        qtbot.waitUntil(lambda: table.columnWidth(RESULT) >= widest + CELL_MARGIN)


def inside_dock(dock, widget) -> bool:
    """``widget`` is wholly inside the part of ``dock`` one sees (its rect, and
    the viewport of a scroll area between them, if any)."""
    from PySide6.QtWidgets import QScrollArea

    box = QRect(widget.mapTo(dock, QPoint(0, 0)), widget.size())
    if not dock.rect().contains(box):
        return False
    area = dock.widget()
    if isinstance(area, QScrollArea):
        port = area.viewport()
        seen = QRect(port.mapTo(dock, QPoint(0, 0)), port.size())
        return seen.contains(box)
    return True


def test_the_digit_pad_fits_its_dock(laptop, qtbot):
    from nnapp.ui.digits.strokes import draw_digit

    assert laptop.files.open_example("mnist")
    laptop.digit_dock.raise_()
    panel = laptop.digit_panel
    qtbot.waitUntil(lambda: panel.pad.isVisible() and panel.pad.width() >= 200)
    draw_digit(panel.pad, 7)
    qtbot.waitUntil(lambda: panel.bars.digit_label.text() == "7")
    pictures = panel.pictures
    parts = [panel.pad, panel.bars, panel.teach_button, pictures.drawing.canvas, pictures.cut.canvas,
             pictures.final.canvas, pictures.drawing.caption, pictures.cut.caption, pictures.final.caption]
    dock = laptop.digit_dock
    qtbot.waitUntil(lambda: all(inside_dock(dock, w) for w in parts))
    for widget in parts:
        assert widget.isVisible() and inside_dock(dock, widget), widget.objectName()
    for picture in (pictures.drawing, pictures.cut, pictures.final):
        caption = picture.caption   # both lines of each caption, whole
        lines = caption.text().split("\n")
        assert len(lines) == 2 and caption.height() >= 2 * caption.fontMetrics().height()
        assert max(caption.fontMetrics().horizontalAdvance(t) for t in lines) <= caption.width(), lines
    assert panel.pad.height() >= 220   # still room to draw


def test_the_bottom_docks_span_the_window_for_a_two_input_network(laptop, qtbot):
    laptop.files.open_example("gender")
    laptop.steps_dock.raise_()
    canvas, steps, right = laptop.view, laptop.steps_dock, laptop.about_dock
    qtbot.waitUntil(lambda: steps.isVisible() and right.isVisible())
    assert canvas.width() >= 600 and canvas.height() >= 300
    # the step list and the decision map share the whole width, the map with its controls beside it
    qtbot.waitUntil(lambda: laptop.corner(Qt.Corner.BottomRightCorner) == Qt.DockWidgetArea.BottomDockWidgetArea)
    qtbot.waitUntil(lambda: laptop.boundary_dock.geometry().right() >= laptop.width() - 8)
    assert steps.width() >= 700 and steps.height() >= 220
    assert right.width() >= 300 and right.geometry().bottom() < steps.geometry().top()


def test_the_digit_pad_takes_the_height_of_the_window(laptop, qtbot):
    assert laptop.files.open_example("mnist")
    laptop.digit_dock.raise_()
    pad = laptop.digit_dock
    qtbot.waitUntil(lambda: laptop.corner(Qt.Corner.BottomRightCorner) == Qt.DockWidgetArea.RightDockWidgetArea)
    qtbot.waitUntil(lambda: pad.geometry().bottom() > laptop.steps_dock.geometry().top())
    assert pad.height() >= laptop.height() - 120
    assert laptop.steps_dock.width() >= 500
    # a two-input network gives the corner back to the bottom docks
    laptop.files.ask_to_save = lambda: "discard"
    assert laptop.files.open_example("gender")
    laptop.about_dock.raise_()
    qtbot.waitUntil(lambda: laptop.corner(Qt.Corner.BottomRightCorner) == Qt.DockWidgetArea.BottomDockWidgetArea)


def test_every_right_hand_tab_shows_its_whole_title(laptop, qtbot):
    from PySide6.QtWidgets import QTabBar

    laptop.about_dock.raise_()
    titles = {d.windowTitle() for d in (laptop.inspector_dock, *laptop.tabifiedDockWidgets(laptop.inspector_dock))}

    def tab_bar():
        for bar in laptop.findChildren(QTabBar):
            if bar.isVisible() and {bar.tabText(i) for i in range(bar.count())} == titles:
                return bar
        return None

    qtbot.waitUntil(lambda: tab_bar() is not None)
    bar = tab_bar()
    for i in range(bar.count()):
        assert bar.tabRect(i).width() >= bar.fontMetrics().horizontalAdvance(bar.tabText(i)) + 8, bar.tabText(i)
    assert bar.tabRect(bar.count() - 1).right() <= bar.width()


def test_test_results_take_the_corner_back_from_the_digit_pad(laptop, qtbot):
    assert laptop.files.open_example("mnist")
    laptop.digit_dock.raise_()
    qtbot.waitUntil(lambda: laptop.corner(Qt.Corner.BottomRightCorner) == Qt.DockWidgetArea.RightDockWidgetArea)
    laptop.evaluation_dock.raise_()
    panel, area = laptop.evaluation_panel, laptop.evaluation_dock.widget()
    panel.evaluate()
    qtbot.waitUntil(lambda: panel.evaluation is not None and panel.matrix.isVisible())
    # the three columns need more than the bottom docks have beside the pad: the bottom docks span
    # the window, and the test results are seen whole, without scrolling
    qtbot.waitUntil(lambda: laptop.corner(Qt.Corner.BottomRightCorner) == Qt.DockWidgetArea.BottomDockWidgetArea)
    qtbot.waitUntil(lambda: area.horizontalScrollBar().maximum() == 0)
    assert panel.width() == area.viewport().width() >= panel.minimumSizeHint().width()
    assert panel.height() == area.viewport().height()
    # the step list again: the pad has its height back
    laptop.steps_dock.raise_()
    qtbot.waitUntil(lambda: laptop.corner(Qt.Corner.BottomRightCorner) == Qt.DockWidgetArea.RightDockWidgetArea)


def test_a_panel_too_wide_for_its_dock_scrolls_sideways(qtbot):
    from PySide6.QtWidgets import QLabel, QHBoxLayout, QWidget

    from nnapp.ui.sideways_scroll import SidewaysScroll

    wide = QWidget()
    row = QHBoxLayout(wide)
    for _ in range(3):
        label = QLabel("a column of some width")
        label.setMinimumWidth(200)
        row.addWidget(label)
    area = SidewaysScroll(wide)
    qtbot.addWidget(area)
    area.resize(400, 150)
    area.show()
    qtbot.waitExposed(area)
    qtbot.waitUntil(lambda: wide.width() >= wide.minimumSizeHint().width())
    assert area.horizontalScrollBar().maximum() > 0 and area.verticalScrollBar().maximum() == 0
    assert wide.height() == area.viewport().height()
    area.resize(900, 150)
    qtbot.waitUntil(lambda: wide.width() == area.viewport().width() == 900)
    assert area.horizontalScrollBar().maximum() == 0
