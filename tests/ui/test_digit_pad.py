"""The digit pad in the window: draw with the mouse, see the network read the digit, and the canvas light up."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSpinBox

from nnapp.engine.preprocess import preprocess
from nnapp.model.digits import read_digit
from nnapp.model.training import ApplyParameters, parameter_arrays
from nnapp.ui.digits.pad import DigitPad
from nnapp.ui.digits.probability_bars import BAR, WINNER
from nnapp.ui.digits.strokes import stroke_points

from .helpers import find


@pytest.fixture
def digits(window, qtbot):
    """The window with the MNIST digit example open and the digit pad in front."""
    assert window.files.open_example("mnist")
    window.digit_dock.raise_()
    panel = window.digit_panel
    qtbot.waitUntil(lambda: panel.pad.isVisible() and panel.pad.width() >= 200)
    return window


def densify(points, step=4.0):
    """Points every ``step`` pixels or so along a polyline: what a mouse reports as it moves."""
    out = [points[0]]
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        n = max(1, int(np.hypot(x1 - x0, y1 - y0) / step))
        out += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1)]
    return [QPoint(round(x), round(y)) for x, y in out]


def draw(qtbot, pad, digit):
    """Draw ``digit`` on ``pad`` with the mouse: press, move along every stroke, release."""
    square = pad.paper_rect()
    for stroke in stroke_points(digit, square.width(), square.x(), square.y()):
        points = densify(stroke)
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
        for p in points[1:]:
            qtbot.mouseMove(pad, p)
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])


def shown_digit(panel):
    """What a person reads in the panel: the big digit, and the bar that stands out."""
    bars = panel.bars
    heights = np.asarray(bars.bars.opts["height"])
    brushes = bars.bars.opts["brushes"]
    highlighted = [k for k, b in enumerate(brushes) if b == WINNER]
    return bars.digit_label.text(), int(np.argmax(heights)), highlighted


def test_draw_a_one_then_a_zero(digits, qtbot):
    panel, doc = digits.digit_panel, digits.doc
    pad = panel.pad
    assert pad.width() >= 220 and pad.height() >= 220  # room to draw
    assert panel.bars.digit_label.text() == "" and not np.any(panel.bars.bars.opts["height"])

    draw(qtbot, pad, 1)
    assert panel.reading.digit == 1
    assert shown_digit(panel) == ("1", 1, [1])
    assert "sure" in find(panel, QLabel, "digit_confidence").text()
    # the canvas got the drawing: the document's input is the pad's vector, and its output says 1
    np.testing.assert_array_equal(doc.input, panel.reading.vector)
    assert int(np.argmax(doc.forward().output[0])) == 1
    # the pad's picture, read by the model, is the engine's preprocessing of that picture
    picture = pad.picture()
    assert picture.shape == (280, 280) and picture.max() == 1.0 and picture.min() == 0.0
    np.testing.assert_array_equal(read_digit(doc, picture).vector, preprocess(picture, (28, 28)).vector)
    # the pictures of the steps are there
    assert "20×" in panel.pictures.cut.caption.text() and "28×28" in panel.pictures.final.caption.text()
    assert panel.pictures.final.image().size().width() == 28

    qtbot.mouseClick(find(panel, QPushButton, "digit_clear"), Qt.MouseButton.LeftButton)
    assert pad.is_empty() and not pad.picture().any()
    assert shown_digit(panel)[0] == "" and panel.bars.bars.opts["brushes"] == [BAR] * 10
    assert not np.any(panel.bars.bars.opts["height"])
    assert not doc.input.any()

    draw(qtbot, pad, 0)
    assert shown_digit(panel) == ("0", 0, [0])
    np.testing.assert_array_equal(doc.input, panel.reading.vector)
    assert int(np.argmax(doc.forward().output[0])) == 0


def test_bars_follow_every_move_and_the_canvas_follows_when_the_pen_rests(digits, qtbot):
    panel, pad, doc = digits.digit_panel, digits.digit_panel.pad, digits.doc
    feeds = []
    doc.events.input_changed.connect(lambda: feeds.append(doc.input.copy()))
    square = pad.paper_rect()
    points = densify(stroke_points(1, square.width(), square.x(), square.y())[0])
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0])
    readings = []
    for p in points[1:]:
        qtbot.mouseMove(pad, p)
        qtbot.wait(10)  # a hand reports a move every 10–20 ms
        readings.append(panel.reading)
    assert pad.is_drawing() and len(pad.strokes) == 0
    # every reported move was read (the pad waits at most a few ms after the last reading) …
    assert len({id(r) for r in readings}) >= len(readings) - 2
    # … but the document, whose views take longer, was not fed on every move
    assert len(feeds) <= 2
    qtbot.wait(200)  # the pen rests: the canvas catches up
    np.testing.assert_array_equal(doc.input, panel.reading.vector)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1])
    assert len(pad.strokes) == 1 and shown_digit(panel)[0] == "1"
    np.testing.assert_array_equal(doc.input, panel.reading.vector)


def test_undo_stroke_takes_back_the_last_stroke(digits, qtbot):
    panel, pad = digits.digit_panel, digits.digit_panel.pad
    undo = find(panel, QPushButton, "digit_undo")
    assert not undo.isEnabled()
    draw(qtbot, pad, 4)  # two strokes
    assert len(pad.strokes) == 2 and undo.isEnabled()
    assert shown_digit(panel)[0] == "4"
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert len(pad.strokes) == 1
    only_first = DigitPad()
    only_first.add_stroke([(p.x(), p.y()) for p in pad.strokes[0].points], pad.strokes[0].width)
    np.testing.assert_array_equal(pad.picture(), only_first.picture())
    np.testing.assert_array_equal(digits.doc.input, panel.reading.vector)
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and not undo.isEnabled() and shown_digit(panel)[0] == ""


def test_brush_size(digits, qtbot):
    panel, pad = digits.digit_panel, digits.digit_panel.pad
    brush = find(panel, QSpinBox, "digit_brush")
    assert brush.value() == pad.brush_size() == 20
    ink = {}
    for size in (8, 32):
        brush.setValue(size)
        assert pad.brush_size() == size
        pad.clear()
        draw(qtbot, pad, 7)
        assert pad.strokes[-1].width == size
        ink[size] = pad.picture().sum()
    assert ink[32] > 3 * ink[8]
    brush.setValue(1000)  # out of range: the spin box keeps it in
    assert pad.brush_size() == brush.maximum()


def test_a_pen_draws_too(digits, qtbot):
    panel, pad = digits.digit_panel, digits.digit_panel.pad
    pen = QPointingDevice("test pen", 1, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 3)
    square = pad.paper_rect()
    points = densify(stroke_points(1, square.width(), square.x(), square.y())[0])
    kinds = [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * (len(points) - 2) + [QEvent.Type.TabletRelease]
    for kind, p in zip(kinds, points):
        pos = QPointF(p)
        event = QTabletEvent(kind, pen, pos, QPointF(pad.mapToGlobal(p)), 0.8, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton,
                             Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton)
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()
    assert len(pad.strokes) == 1 and shown_digit(panel)[0] == "1"


def test_new_weights_are_read_at_once(digits, qtbot):
    panel, doc, editor = digits.digit_panel, digits.doc, digits.editor
    draw(qtbot, panel.pad, 3)
    before = panel.reading.scores.copy()
    assert shown_digit(panel)[0] == "3"
    # a network whose output bias favours 8 overwhelmingly
    arrays = parameter_arrays(doc)
    arrays[-1] = arrays[-1].copy()
    arrays[-1][8] += 100.0
    assert editor.push(ApplyParameters(arrays, "Favour 8"))
    assert shown_digit(panel)[0] == "8"
    editor.stack.undo()
    assert shown_digit(panel)[0] == "3"
    np.testing.assert_allclose(panel.reading.scores, before)


def test_while_training_runs_the_pad_reads_with_the_current_weights(digits, qtbot):
    panel, doc, editor = digits.digit_panel, digits.doc, digits.editor
    editor.locked = "training is running: pause or stop it to edit the network"
    try:
        draw(qtbot, panel.pad, 5)
        assert shown_digit(panel)[0] == "5"
        # the training controller shows its snapshots in the document's arrays
        arrays = parameter_arrays(doc)
        arrays[-1] = arrays[-1].copy()
        arrays[-1][2] += 100.0
        n = len(doc.links)
        doc._edit_parameters(arrays[:n], [doc.layers[0].bias] + arrays[n:])
        assert shown_digit(panel)[0] == "2"
    finally:
        editor.locked = None


def test_the_8x8_network_shows_its_bitmap(window, qtbot):
    assert window.files.open_example("digits8")
    window.digit_dock.raise_()
    panel = window.digit_panel
    qtbot.waitUntil(panel.pad.isVisible)
    draw(qtbot, panel.pad, 0)
    assert shown_digit(panel) == ("0", 0, [0])
    assert panel.reading.preprocessed.counts is not None
    assert panel.pictures.cut.image().size().width() == 32 and panel.pictures.final.image().size().width() == 8
    assert "32×32" in panel.pictures.cut.caption.text() and "8×8" in panel.pictures.final.caption.text()
    np.testing.assert_array_equal(window.doc.input, panel.reading.preprocessed.counts.reshape(-1) / 16)


def test_a_network_that_does_not_read_digits(window, qtbot):
    panel = window.digit_panel
    window.digit_dock.raise_()
    problem = find(panel, QLabel, "digit_problem")
    qtbot.waitUntil(problem.isVisible)
    assert "no network yet" in problem.text()
    assert window.files.open_example("gender")
    assert problem.isVisible() and not panel.pad.isVisible()
    assert "2 inputs and 1 output" in problem.text() and "784" in problem.text()

    # the button opens the example through the window: unsaved changes are asked about first
    window.editor.push(ApplyParameters([a + 1 for a in parameter_arrays(window.doc)], "Change"))
    window.files.ask_to_save = lambda: "cancel"
    qtbot.mouseClick(find(panel, QPushButton, "digit_open_mnist"), Qt.MouseButton.LeftButton)
    assert window.doc.layers[0].size == 2 and problem.isVisible()
    window.files.ask_to_save = lambda: "discard"
    qtbot.mouseClick(find(panel, QPushButton, "digit_open_mnist"), Qt.MouseButton.LeftButton)
    assert window.doc.layers[0].size == 784
    qtbot.waitUntil(panel.pad.isVisible)
    assert not problem.isVisible()


def test_examples_are_not_opened_while_training_runs(window, qtbot):
    window.files.open_example("gender")
    window.editor.locked = "training is running: pause or stop it to edit the network"
    try:
        window.digit_dock.raise_()
        qtbot.mouseClick(find(window.digit_panel, QPushButton, "digit_open_digits8"), Qt.MouseButton.LeftButton)
        assert window.doc.layers[0].size == 2
        assert window.statusBar().currentMessage().startswith("Training is running")
    finally:
        window.editor.locked = None


def test_a_drawing_is_read_by_a_network_opened_later(window, qtbot):
    window.files.open_example("mnist")
    window.digit_dock.raise_()
    panel = window.digit_panel
    qtbot.waitUntil(panel.pad.isVisible)
    draw(qtbot, panel.pad, 2)
    window.files.open_example("digits8")  # the drawing stays, and the new network reads it
    assert panel.reading.vector.shape == (64,)
    np.testing.assert_array_equal(window.doc.input, panel.reading.vector)
    assert shown_digit(panel)[0] == "2"


def test_the_draw_option_draws_a_digit(digits, capsys):
    from nnapp.ui.app import parse_arguments
    from nnapp.ui.digits.strokes import draw_digit

    assert parse_arguments(["--example", "mnist", "--draw", "7"]).draw == 7
    with pytest.raises(SystemExit):
        parse_arguments(["--draw", "12"])
    assert "--draw" in capsys.readouterr().err
    panel = digits.digit_panel
    draw_digit(panel.pad, 7)  # what --draw does once the example is open
    assert shown_digit(panel) == ("7", 7, [7])
    np.testing.assert_array_equal(digits.doc.input, panel.reading.vector)


# --- "This is a …": teaching the network ---------------------------------------------------------


def open_teaching(window, qtbot):
    panel = window.digit_panel
    toggle = find(panel, QPushButton, "digit_teach_toggle")
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.teach.isVisible)
    return panel.teach


def label(qtbot, teach, digit):
    from PySide6.QtWidgets import QToolButton

    qtbot.mouseClick(find(teach, QToolButton, f"digit_label_{digit}"), Qt.MouseButton.LeftButton)


def test_label_a_drawing_then_one_step_then_undo(digits, qtbot):
    panel, doc = digits.digit_panel, digits.doc
    teach = open_teaching(digits, qtbot)
    step = find(teach, QPushButton, "digit_one_step")
    assert not step.isEnabled() and find(teach, QLabel, "digit_set_count").text() == "Your set: empty"

    draw(qtbot, panel.pad, 6)
    label(qtbot, teach, 6)
    assert len(teach.personal) == 1 and teach.personal.examples[0].label == 6
    assert find(teach, QLabel, "digit_set_count").text() == "Your set: 1" and teach.thumbnails[0].isVisible()
    np.testing.assert_array_equal(teach.personal.examples[0].vector, panel.reading.vector)
    label(qtbot, teach, 5)  # the same drawing, labelled again: replaced, not added
    assert [e.label for e in teach.personal.examples] == [5]
    label(qtbot, teach, 6)

    weights = [a.copy() for a in parameter_arrays(doc)]
    before = panel.reading.scores.copy()
    assert step.isEnabled()
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    assert digits.editor.stack.undoText() == "One step on a drawn 6"
    after = panel.reading.scores
    assert after[6] > before[6]
    # the bars show the new scores, the old ones as outlines
    np.testing.assert_allclose(panel.bars.bars.opts["height"], after)
    assert panel.bars.has_previous()
    np.testing.assert_allclose(panel.bars.ghost.opts["height"], before)
    assert "went from" in find(teach, QLabel, "digit_teach_status").text()
    np.testing.assert_array_equal(doc.input, panel.reading.vector)  # the canvas shows the new outputs
    assert np.argmax(doc.forward().output[0]) == np.argmax(after)

    digits.actions_undo.trigger()
    for a, b in zip(parameter_arrays(doc), weights):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(panel.reading.scores, before)
    assert not panel.bars.has_previous()

    # a new drawing has no label yet
    qtbot.mouseClick(find(panel, QPushButton, "digit_clear"), Qt.MouseButton.LeftButton)
    assert not step.isEnabled() and teach.label is None and len(teach.personal) == 1


def test_practise_on_the_personal_set(digits, qtbot):
    panel, doc = digits.digit_panel, digits.doc
    teach = open_teaching(digits, qtbot)
    practise = find(teach, QPushButton, "digit_practise")
    assert not practise.isEnabled()
    for digit in (1, 7):
        panel.pad.clear()
        draw(qtbot, panel.pad, digit)
        label(qtbot, teach, digit)
    weights = [a.copy() for a in parameter_arrays(doc)]
    qtbot.mouseClick(practise, Qt.MouseButton.LeftButton)
    assert digits.editor.stack.undoText() == "Practise 5 epochs on 2 drawings and 288 training rows"
    assert panel.bars.has_previous()
    assert any(not np.array_equal(a, b) for a, b in zip(parameter_arrays(doc), weights))
    digits.actions_undo.trigger()
    for a, b in zip(parameter_arrays(doc), weights):
        np.testing.assert_array_equal(a, b)
    qtbot.mouseClick(find(teach, QPushButton, "digit_clear_set"), Qt.MouseButton.LeftButton)
    assert len(teach.personal) == 0 and not practise.isEnabled() and not teach.thumbnails[0].isVisible()


def test_lessons_wait_while_training_runs(digits, qtbot):
    panel, doc, editor = digits.digit_panel, digits.doc, digits.editor
    teach = open_teaching(digits, qtbot)
    draw(qtbot, panel.pad, 3)
    label(qtbot, teach, 3)
    weights = [a.copy() for a in parameter_arrays(doc)]
    editor.locked = "training is running: pause or stop it to edit the network"
    try:
        qtbot.mouseClick(find(teach, QPushButton, "digit_one_step"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(find(teach, QPushButton, "digit_practise"), Qt.MouseButton.LeftButton)
    finally:
        editor.locked = None
    assert find(teach, QLabel, "digit_teach_status").text().startswith("Training is running")
    assert editor.stack.count() == 0
    for a, b in zip(parameter_arrays(doc), weights):
        np.testing.assert_array_equal(a, b)


def test_another_network_forgets_drawings_of_another_size(window, qtbot):
    window.files.open_example("digits8")
    window.digit_dock.raise_()
    panel = window.digit_panel
    qtbot.waitUntil(panel.pad.isVisible)
    teach = open_teaching(window, qtbot)
    draw(qtbot, panel.pad, 0)
    label(qtbot, teach, 0)
    assert teach.personal.examples[0].vector.shape == (64,)
    window.files.open_example("digits8")  # the same size: kept
    assert len(teach.personal) == 1
    window.files.open_example("mnist")
    assert len(teach.personal) == 0 and find(teach, QLabel, "digit_set_count").text() == "Your set: empty"


def test_step_through_a_labelled_drawing_in_the_step_panel(digits, qtbot):
    panel, doc = digits.digit_panel, digits.doc
    teach = open_teaching(digits, qtbot)
    walk = find(teach, QPushButton, "digit_step_through")
    assert not walk.isEnabled()
    draw(qtbot, panel.pad, 7)
    label(qtbot, teach, 7)
    qtbot.mouseClick(walk, Qt.MouseButton.LeftButton)
    steps = digits.steps_panel
    qtbot.waitUntil(lambda: not digits.steps_dock.visibleRegion().isEmpty())
    # the panel traces the drawing with the target "7", from its first step
    np.testing.assert_array_equal(doc.input, panel.reading.vector)
    np.testing.assert_array_equal(steps.stepper.y(), np.eye(10)[7])
    np.testing.assert_array_equal(steps.stepper.x(), panel.reading.vector)
    assert steps.position is None
    steps.next_step()
    assert steps.position == 0
    # the loss it will show is the cross-entropy of the pad's own probability for 7
    loss = [s for s in steps.stepper.steps if s.kind == "loss_total"][0]
    assert loss.value == pytest.approx(-np.log(panel.reading.scores[7]), rel=1e-9)
