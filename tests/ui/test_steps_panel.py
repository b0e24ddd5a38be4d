"""The step-through panel: walking through Alice's training step by hand, with the canvas.

The worked example is the tutorial's: the gender network with every weight 1
and every bias 0, the sample Alice (x = (−2, −1), target 1), MSE, η = 0.1.

    z_h1 = 1·(−2) + 1·(−1) + 0 = −3        h1 = σ(−3) = 0.0474 (h2 the same)
    z_o1 = 1·0.0474 + 1·0.0474 + 0 = 0.0949  ŷ = o1 = σ(0.0949) = 0.5237
    L = (0.5237 − 1)² = 0.2269
    ∂L/∂o1 = 2·(0.5237 − 1) = −0.9526      δ_o1 = −0.9526·0.5237·(1 − 0.5237) = −0.2376
    ∂L/∂h1 = w5·δ_o1 = −0.2376             δ_h1 = −0.2376·0.0474·(1 − 0.0474) = −0.0107
    ∂L/∂w1 = x1·δ_h1 = (−2)·(−0.0107) = 0.0215
    w1 ← 1 − 0.1·0.0215 = 0.9979
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLabel, QLineEdit, QPushButton, QSpinBox, QToolButton

from nnapp.cli.main import main as cli_main
from nnapp.engine.network import Network
from nnapp.engine.steps import Num, fmt
from nnapp.model import commands as C
from nnapp.model.training import ApplyParameters
from nnapp.ui.selection import Selection
from nnapp.ui.steps_panel import StepsPanel
from nnapp.ui.steps_table import FORMULA, NUMBER, NUMBERS, NUMERIC, RESULT

from ..engine.random_networks import random_network
from ..engine.trace_values import trace_value
from .helpers import find, type_into, uid


@pytest.fixture
def panel(window, qtbot):
    """The panel in the window's step-through dock, shown."""
    found = window.steps_dock.widget()
    if not isinstance(found, StepsPanel):
        found = StepsPanel(window.editor, window.scene)
        window.steps_dock.setWidget(found)
    window.steps_dock.show()
    window.steps_dock.raise_()
    qtbot.waitUntil(found.isVisible)
    return found


def all_ones(window):
    """The gender example with every weight 1 and every bias 0 (one undoable edit)."""
    window.files.open_example("gender")
    doc = window.doc
    arrays = [np.ones_like(link.W) for link in doc.links] + [np.zeros_like(l.bias) for l in doc.layers[1:]]
    assert window.editor.push(ApplyParameters(arrays, "All ones"))


def choose(panel, label):
    """Pick a sample in the chooser as a person does."""
    combo = find(panel, QComboBox, "steps_sample")
    i = combo.findText(label)
    assert i >= 0, label
    combo.setCurrentIndex(i)
    combo.activated.emit(i)


def texts(panel):
    return (find(panel, QLabel, "steps_formula").text(), find(panel, QLabel, "steps_numbers").text(),
            find(panel, QLabel, "steps_result").text())


def press_until(qtbot, window, panel, formula_start, key=Qt.Key.Key_F10, limit=300):
    for _ in range(limit):
        if panel.current is not None and panel.current.formula.startswith(formula_start):
            return
        qtbot.keyClick(window.view, key)
    raise AssertionError(f"never reached {formula_start!r}")


def lit(window):
    scene = window.scene
    return ({u for u, item in scene.neurons.items() if item.highlight},
            {k for k, item in scene.connections.items() if item.highlight})


# --- the acceptance example ---------------------------------------------------------------


def test_alice_by_hand_with_the_canvas(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    doc = window.doc
    x1, h1 = uid(doc, "x1"), uid(doc, "h1")
    assert panel.position is None and lit(window) == (set(), set())

    press_until(qtbot, window, panel, "z_h1")
    formula, numbers, result = texts(panel)
    assert formula == "z<sub>h1</sub> = w1·x1 + w2·x2 + b1"
    assert (numbers, result) == ("= 1·(−2) + 1·(−1) + 0", "= −3")
    assert lit(window) == ({h1}, set())

    press_until(qtbot, window, panel, "h1 = σ")
    assert texts(panel)[1:] == ("= σ(−3)", "= 0.0474")

    press_until(qtbot, window, panel, "o1 = σ")        # ŷ
    assert texts(panel)[1:] == ("= σ(0.0949)", "= 0.5237")
    assert lit(window) == ({uid(doc, "o1")}, set())

    press_until(qtbot, window, panel, "∂L/∂w1 =")
    assert texts(panel)[1:] == ("= (−2) · (−0.0107)", "= 0.0215")
    assert find(panel, QLabel, "steps_where").text().startswith("Backward pass")
    assert lit(window) == (set(), {(x1, h1)})           # w1 lights up, nothing else
    grad = panel.stepper.trace.grad_W[0][0, 0]
    assert grad == pytest.approx(0.02147, abs=1e-5)

    qtbot.mouseClick(find(panel, QPushButton, "steps_apply"), Qt.MouseButton.LeftButton)
    assert doc.links[0].W[0, 0] == 1 - 0.1 * grad
    assert panel.current.label == "∂L/∂w1"             # the position is kept …
    assert panel.stepper.trace.network.links[0].W[0, 0] == 1 - 0.1 * grad   # … on a trace from the new weights
    assert texts(panel)[1].startswith("= (−2) · ")
    window.editor.stack.undo()
    assert doc.links[0].W[0, 0] == 1.0
    assert panel.current.value == grad


def test_debugger_keys_and_buttons(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    view = window.view
    for name, key in (("steps_next", "F10"), ("steps_back", "Shift+F10"), ("steps_phase_end", "F11"),
                      ("steps_run_end", "F5"), ("steps_reset", "Ctrl+F5")):
        assert key in find(panel, QToolButton, name).toolTip()
    qtbot.keyClick(view, Qt.Key.Key_F10)
    assert panel.current.label == "x1"
    qtbot.keyClick(view, Qt.Key.Key_F10)
    qtbot.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert panel.current.label == "x1"
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert panel.current.label == "o1" and panel.stepper.phase() == "forward"
    qtbot.keyClick(view, Qt.Key.Key_F11)
    assert panel.current.label == "L"
    qtbot.keyClick(view, Qt.Key.Key_F5)
    assert panel.current.label == "b3" and panel.stepper.phase() == "update"
    assert not find(panel, QToolButton, "steps_next").isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_F5, Qt.KeyboardModifier.ControlModifier)
    assert panel.position is None and lit(window) == (set(), set())
    qtbot.mouseClick(find(panel, QToolButton, "steps_phase_end"), Qt.MouseButton.LeftButton)
    assert panel.current.label == "o1"
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert panel.position is None
    qtbot.mouseClick(find(panel, QToolButton, "steps_next"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(panel, QToolButton, "steps_next"), Qt.MouseButton.LeftButton)
    assert panel.current.label == "x2"
    qtbot.mouseClick(find(panel, QToolButton, "steps_back"), Qt.MouseButton.LeftButton)
    assert panel.current.label == "x1"


def test_the_canvas_shows_only_the_values_computed_so_far(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    doc, scene = window.doc, window.scene
    values = lambda: {doc.neuron_name(u): item.a for u, item in scene.neurons.items()}  # noqa: E731
    assert values()["o1"] is not None                     # before stepping: the usual forward pass
    panel.next_step()
    assert values() == {"x1": -2.0, "x2": None, "h1": None, "h2": None, "o1": None}
    panel.jump_to(("neuron", 1, 0))                      # z_h1: the sum is computed, h1 not yet
    assert values()["x2"] == -1.0 and values()["h1"] is None
    panel.next_step()
    panel.next_step()                                    # h1 = σ(z_h1)
    assert values()["h1"] == panel.stepper.trace.activations[1][0] and values()["h2"] is None
    panel.run_to_end()
    assert values()["o1"] == panel.stepper.trace.activations[2][0]
    panel.reset()
    assert values()["o1"] == doc.forward().activations[2][0, 0]
    assert lit(window) == (set(), set())


def test_clicking_the_canvas_or_the_list_jumps_to_the_step(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    doc, scene = window.doc, window.scene
    h2, o1, x2 = uid(doc, "h2"), uid(doc, "o1"), uid(doc, "x2")
    scene.select(Selection(neurons=(h2,)))
    assert panel.position is None                        # not stepping yet: the canvas is for editing
    panel.next_step()
    scene.select(Selection(neurons=(h2,)))
    assert panel.current.label == "z_h2"
    scene.select(Selection(connections=((h2, o1),)))
    assert panel.current.label == "∂L/∂w6" and lit(window) == (set(), {(h2, o1)})
    scene.select(Selection(neurons=(x2,)))
    assert panel.current.label == "x2"

    table = find(panel, type(panel.table), "steps_list")
    row = panel.stepper.steps.index_of("loss_total", ("loss",))
    rect = table.visualRect(table.model().index(row, FORMULA))
    if not rect.isValid() or not table.viewport().rect().contains(rect.center()):
        table.scrollTo(table.model().index(row, FORMULA))
        rect = table.visualRect(table.model().index(row, FORMULA))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current.label == "L"
    assert lit(window) == ({o1}, set())                  # the loss is about the output
    assert table.currentIndex().row() == row
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert panel.position == row + 1


def test_editing_a_weight_while_stepping_keeps_the_position(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    doc = window.doc
    panel.jump_to(("weight", 0, 0, 0))
    index = panel.position
    before = panel.current.value
    assert window.editor.push(C.SetWeight(uid(doc, "x1"), uid(doc, "h1"), 0.5))
    assert panel.position == index and panel.current.label == "∂L/∂w1"
    assert panel.current.value != before
    assert panel.stepper.trace.network.links[0].W[0, 0] == 0.5
    # a change of structure traces again too
    assert window.editor.push(C.RemoveItems(connections=[(uid(doc, "x2"), uid(doc, "h2"))]))
    assert panel.current.label == "∂L/∂w1" and len(panel.stepper) == 32


def test_the_input_row_has_an_editable_target(qtbot, window, panel):
    all_ones(window)
    doc = window.doc
    target = find(panel, QLineEdit, "steps_target")
    choose(panel, "Alice")
    assert target.text() == "1" and target.isReadOnly()
    choose(panel, "Input row")
    doc.set_input([25, 6])                               # Bob's inputs: his target is found
    assert not target.isReadOnly() and target.text() == "0"
    assert panel.stepper.trace.x.tolist() == [25, 6]
    type_into(qtbot, target, "0.25")
    assert panel.stepper.trace.y.tolist() == [0.25]
    type_into(qtbot, target, "yes")
    assert find(panel, QLabel, "steps_status").isVisible()
    assert "number" in find(panel, QLabel, "steps_status").text()
    assert panel.stepper.trace.y.tolist() == [0.25]      # unchanged


def test_precision_copy_and_gradient_check(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    panel.jump_to(("weight", 0, 0, 0))
    decimals = find(panel, QSpinBox, "steps_decimals")
    assert (decimals.minimum(), decimals.maximum(), decimals.value()) == (2, 10, 4)
    decimals.setValue(8)
    grad = panel.current.value
    assert texts(panel)[2] == f"= {fmt(grad, 8)}" == "= 0.02146954"
    table = panel.table
    assert table.model().index(panel.position, RESULT).data() == "0.02146954"

    panel.copy_step()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0] == "∂L/∂w1 = x1 · δ_h1"
    assert copied.splitlines()[-1].strip() == "= 0.02146954"

    check = find(panel, QCheckBox, "steps_gradcheck")
    numeric = find(panel, QLabel, "steps_numeric")
    assert not numeric.isVisible() and table.isColumnHidden(NUMERIC)
    check.setChecked(True)
    assert numeric.isVisible() and not table.isColumnHidden(NUMERIC)
    estimate = panel.stepper.numeric_gradient(panel.current)
    assert estimate == pytest.approx(grad, rel=1e-8)
    assert f"= {fmt(estimate, 8)}" in numeric.text()
    assert table.model().index(panel.position, NUMERIC).data() == fmt(estimate, 8)
    panel.next_step()
    panel.next_step()
    assert panel.current.kind == "grad_b" and numeric.isVisible()
    panel.run_to_end()
    assert not numeric.isVisible()


def test_export_is_the_command_line_worksheet(qtbot, window, panel, tmp_path, monkeypatch, capsys):
    window.files.open_example("gender")
    choose(panel, "Alice")
    panel.run_to_phase_end()
    for kind, name, fmt_name, suffix in (("markdown", "steps_export_md", "markdown", ".md"),
                                         ("latex", "steps_export_tex", "latex", ".tex")):
        path = tmp_path / f"alice{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
        qtbot.mouseClick(find(panel, QToolButton, name), Qt.MouseButton.LeftButton)
        assert cli_main(["trace", "gender", "--row", "Alice", "--format", fmt_name]) == 0
        assert path.read_text(encoding="utf-8") + "\n" == capsys.readouterr().out   # print adds a line end


def test_frozen_parameters_and_softmax_say_so(qtbot, window, panel):
    all_ones(window)
    doc = window.doc
    assert window.editor.push(C.SetFrozen(weights=[(uid(doc, "x1"), uid(doc, "h1"))]))
    choose(panel, "Alice")
    panel.jump_to(("weight", 0, 0, 0))
    assert "frozen" in find(panel, QLabel, "steps_note").text()
    panel.go_to(panel.stepper.steps.index_of("update_w", ("weight", 0, 0, 0)))
    assert texts(panel)[0] == "w1 ← w1" and "frozen" in find(panel, QLabel, "steps_note").text()
    assert panel.table.model().index(panel.position, RESULT).data() == "w1 = 1 (frozen)"
    qtbot.mouseClick(find(panel, QPushButton, "steps_apply"), Qt.MouseButton.LeftButton)
    assert doc.links[0].W[0, 0] == 1.0 and doc.links[0].W[1, 0] != 1.0

    net = Network.dense([2, 3, 3], ["tanh", "softmax"], init="xavier", rng=1)
    doc.replace(net)
    doc.set_training(doc.training.__class__(loss="cce", learning_rate=0.5))
    type_into(qtbot, find(panel, QLineEdit, "steps_target"), "2")      # class 2: 0, 0, 1
    assert panel.stepper.trace.y.tolist() == [0, 0, 1]
    panel.jump_to(("neuron", 2, 0))
    panel.go_to(panel.stepper.steps.index_of("delta", ("neuron", 2, 0)))
    assert "softmax + cross-entropy: δ = ŷ − y" in find(panel, QLabel, "steps_note").text()


def test_hidden_panel_waits_and_catches_up(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    doc = window.doc
    panel.jump_to(("weight", 0, 0, 0))
    assert lit(window) != (set(), set())
    window.steps_dock.hide()                             # closed (or another tab in front)
    qtbot.waitUntil(lambda: not panel.isVisible())
    assert lit(window) == (set(), set()) and window.scene._override is None   # nothing left on the canvas
    traced = panel.stepper.trace
    assert window.editor.push(C.SetWeight(uid(doc, "x1"), uid(doc, "h1"), 2.0))
    assert panel.stepper.trace is traced                  # no work while hidden
    window.steps_dock.show()
    qtbot.waitUntil(panel.isVisible)
    assert panel.stepper.trace is not traced and panel.stepper.trace.network.links[0].W[0, 0] == 2.0
    assert panel.current.label == "∂L/∂w1" and lit(window) == (set(), {(uid(doc, "x1"), uid(doc, "h1"))})


def test_while_training_the_panel_waits(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    panel.jump_to(("neuron", 1, 0))
    traced = panel.stepper.trace
    window.editor.locked = "training is running"
    window.doc._edit_parameters([l.W * 2 for l in window.doc.links], [l.bias for l in window.doc.layers])
    status = find(panel, QLabel, "steps_status")
    assert "Training is running" in status.text() and status.isVisible()
    assert not find(panel, QToolButton, "steps_next").isEnabled()
    assert panel.stepper.trace is traced and lit(window) == (set(), set())
    panel.next_step()
    assert panel.current.label == "z_h1"                  # does nothing
    window.editor.locked = None
    qtbot.waitUntil(lambda: find(panel, QToolButton, "steps_next").isEnabled(), timeout=2000)
    assert panel.stepper.trace is not traced and panel.current.label == "z_h1"
    assert not status.isVisible()


def test_the_panel_hears_training_start_and_end_at_once(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    next_button = find(panel, QToolButton, "steps_next")
    status = find(panel, QLabel, "steps_status")
    window.editor.locked = "training is running"      # nothing else changes: the lock's event alone
    assert not next_button.isEnabled() and "Training is running" in status.text()
    window.editor.locked = None
    assert next_button.isEnabled() and not status.isVisible()


def test_a_document_without_network_or_with_a_step_layer(qtbot, window, panel):
    window.files.new()
    assert panel.stepper.steps is None
    assert "no network" in find(panel, QLabel, "steps_status").text()
    assert not find(panel, QToolButton, "steps_next").isEnabled()
    window.files.open_example("gender")
    assert window.editor.push(C.SetActivation(window.doc.layers[1].id, "step"))
    choose(panel, "Alice")
    assert panel.stepper.steps.phases == ["forward"]
    assert "Forward pass only" in find(panel, QLabel, "steps_status").text()
    assert not find(panel, QPushButton, "steps_apply").isEnabled()


# --- every number shown comes from the trace -------------------------------------------------


def trace_numbers(t) -> set[float]:
    """Every number the trace holds."""
    arrays = [t.x, t.y, t.loss_terms, [t.loss_total, t.learning_rate, t.l2]]
    for net in (t.network, t.after):
        arrays += [link.W.ravel() for link in net.links] + [layer.bias for layer in net.layers[1:]]
    arrays += [a for a in t.zs[1:]] + list(t.activations) + list(t.dL_da[1:]) + list(t.deltas[1:])
    arrays += [g.ravel() for g in t.grad_W] + list(t.grad_b[1:])
    return {float(v) for a in arrays for v in np.asarray(a, dtype=float).ravel()}


CASES = [("mse", "tanh", "sigmoid"), ("cce", "relu", "softmax"), ("bce", "sigmoid", "sigmoid"),
         ("mse", "softmax", "identity"), ("cce", "leaky_relu", "softmax")]


@pytest.mark.parametrize("seed", range(len(CASES)))
def test_every_number_shown_is_the_trace_number(qtbot, window, panel, seed):
    loss, hidden, out = CASES[seed]
    net = random_network(seed, [3, 4, 3], [hidden], out)   # random masks and a skip link
    net.links[0].trainable = np.random.default_rng(seed).random(net.links[0].W.shape) < 0.7
    doc = window.doc
    doc.replace(net)
    doc.set_training(doc.training.__class__(loss=loss, learning_rate=0.3, l2=0.01 * (seed % 2)))
    doc.set_input(np.random.default_rng(seed).normal(size=3))
    y = np.eye(3)[seed % 3]
    panel.set_target(list(y))
    panel.set_decimals(6 if seed % 2 else 4)
    d = panel.decimals
    t = panel.stepper.trace
    known = trace_numbers(t)
    model = panel.table.model()
    scene = window.scene
    for i in range(len(panel.stepper)):
        panel.go_to(i)
        step = panel.current
        value = float(trace_value(t, step))
        formula, numbers, result = texts(panel)
        assert result == f"= {fmt(value, d)}"
        assert numbers == step.numbers_at(d)
        assert model.index(i, RESULT).data().split(" = ")[-1].replace(" (frozen)", "") == fmt(value, d)
        assert model.index(i, NUMBERS).data() == numbers
        assert model.index(i, FORMULA).data() == step.formula
        assert model.index(i, NUMBER).data() == str(i + 1)
        # every number written into the formula is one of the trace's (a long sum's rest excepted)
        rest = False
        for token in step._tokens:
            if isinstance(token, Num):
                assert rest or token.value in known, (step, token)
                rest = False
            else:
                rest = token.endswith("(sum ")
        # the canvas shows the trace's activations, and only those computed
        shown = {u: item.a for u, item in scene.neurons.items() if item.a is not None}
        for u, a in shown.items():
            k, j = doc.where(u)
            assert a == float(t.activations[k][j])


def test_a_large_network_steps_quickly(qtbot, window, panel):
    net = Network.dense([784, 128, 10], ["relu", "softmax"], init="he", rng=0)
    net.layers[0].image_shape = (28, 28)
    doc = window.doc
    doc.replace(net)
    doc.set_training(doc.training.__class__(loss="cce", learning_rate=0.1))
    doc.set_input(np.random.default_rng(0).random(784))
    panel.set_target([3])
    assert len(panel.stepper) == 204_877
    assert panel.table.model().rowCount() == 204_877
    panel.jump_to(("neuron", 1, 5))
    assert "+ 776 more terms (sum " in texts(panel)[1]
    window.scene.select(Selection(layers=(doc.layers[1].id,)))   # the collapsed hidden layer
    assert panel.current.label == "z_h1"
    panel.run_to_end()
    assert panel.current.label == "b138"
    panel.run_to_phase_end()
    panel.reset()
    assert window.scene._override is None


def test_a_layer_as_matrices_beside_the_step(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    press_until(qtbot, window, panel, "∂L/∂w1 =")
    matrix = find(panel, QLabel, "steps_matrix")
    assert not matrix.isVisible()
    qtbot.mouseClick(find(panel, QCheckBox, "steps_layer_view"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(matrix.isVisible)
    text = matrix.text()
    # w1's layer is the hidden layer: its sums, deltas and weight gradients with their shapes
    assert "z(1) = a(0)·W(0→1) + b(1)    [(1×2)·(2×2) + (1×2) → (1×2)]" in text
    assert "[−3, −3]" in text
    assert "∂L/∂W(0→1) = a(0)ᵀ · δ(1)    [(2×1)·(1×2) → (2×2)]" in text
    assert "[[0.0215, 0.0215]" in text


# --- backprop on the canvas ----------------------------------------------------------------


def backprop_ink(scene, item) -> int:
    """Pixels in the colour of backprop (δ's magenta) drawn just under a neuron."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from nnapp.ui.canvas.neuron_item import RADIUS

    area = item.mapRectToScene(QRectF(-40, RADIUS - 2, 80, 34))
    image = QImage(160, 68, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, 160, 68), area)
    painter.end()
    count = 0
    for x in range(image.width()):
        for y in range(image.height()):
            c = image.pixelColor(x, y)
            count += c.red() > 100 and c.blue() > 60 and c.green() < 90 and c.red() - c.green() > 60
    return count


def test_backprop_values_appear_on_the_canvas_as_they_are_reached(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Alice")
    doc, scene = window.doc, window.scene
    h1, h2, o1, x1, x2 = (uid(doc, n) for n in ("h1", "h2", "o1", "x1", "x2"))
    steps = panel.stepper.steps
    t = panel.stepper.trace
    deltas = lambda: {doc.neuron_name(u): item.delta for u, item in scene.neurons.items()}  # noqa: E731
    panel.run_to_phase_end()                               # the forward pass: no δ anywhere
    assert set(deltas().values()) == {None}
    assert backprop_ink(scene, scene.neurons[o1]) == 0

    panel.go_to(steps.index_of("delta", ("neuron", 2, 0)))  # δ_o1: under o1, and only there
    assert deltas() == {"x1": None, "x2": None, "h1": None, "h2": None, "o1": t.deltas[2][0]}
    assert backprop_ink(scene, scene.neurons[o1]) > 20
    assert backprop_ink(scene, scene.neurons[h1]) == 0 and backprop_ink(scene, scene.neurons[h2]) == 0
    assert "δ = ∂L/∂z" in scene.neurons[o1].toolTip()

    press_until(qtbot, window, panel, "∂L/∂w1 =")           # δ_h1 reached, δ_h2 not yet
    assert deltas()["h1"] == t.deltas[1][0] and deltas()["h2"] is None
    assert backprop_ink(scene, scene.neurons[h1]) > 20 and backprop_ink(scene, scene.neurons[h2]) == 0
    w1, w2, w5 = scene.connections[(x1, h1)], scene.connections[(x2, h1)], scene.connections[(h1, o1)]
    assert w1.gradient == t.grad_W[0][0, 0] and w5.gradient == t.grad_W[1][0, 0]
    assert w2.gradient is None                             # ∂L/∂w2 is the next step
    assert w1.label_lines()[1][0] == "∂L/∂w1 = 0.0215"
    assert w1.new_w is None

    panel.go_to(steps.index_of("update_w", ("weight", 0, 0, 0)))   # the update: w1's new value
    assert w1.new_w == t.after.links[0].W[0, 0] and w2.new_w is None
    assert w1.label_lines()[1][0] == "w1 ← 0.9979"
    panel.run_to_end()
    assert scene.neurons[h1].new_bias == t.after.layers[1].bias[0]

    panel.go_to(steps.index_of("delta", ("neuron", 2, 0)) - 1)      # back before δ_o1: gone again
    assert set(deltas().values()) == {None} and w1.gradient is None and w1.new_w is None
    panel.go_to(steps.index_of("grad_w", ("weight", 0, 0, 0)))
    panel.reset()                                          # reset: the canvas as usual
    assert set(deltas().values()) == {None} and w1.gradient is None and w5.gradient is None
    assert backprop_ink(scene, scene.neurons[o1]) == 0


# --- a mini-batch ----------------------------------------------------------------------------


def test_a_mini_batch_shows_each_sample_then_the_average(qtbot, window, panel):
    from nnapp.engine.settings import TrainingSettings
    from nnapp.engine.training import fit
    from nnapp.ui.steps_table import SAMPLE

    all_ones(window)
    doc, scene = window.doc, window.scene
    choose(panel, "Mini-batch of rows")
    rows = find(panel, QLineEdit, "steps_batch_rows")
    target = find(panel, QLineEdit, "steps_target")
    assert rows.isVisible() and rows.text() == "all" and not target.isVisible()
    bt = panel.stepper.trace
    assert bt.labels == ["Alice", "Bob", "Charlie", "Diana"]
    assert not panel.table.isColumnHidden(SAMPLE)

    qtbot.keyClick(window.view, Qt.Key.Key_F10)
    where = find(panel, QLabel, "steps_where")
    assert panel.current.label == "x1" and "sample 1 of 4 (Alice)" in where.text()
    press_until(qtbot, window, panel, "δ_h1 =")              # Alice's δ_h1 (of her own loss)
    assert texts(panel)[2] == "= −0.0107" and panel.current.sample == 0
    assert scene.neurons[uid(doc, "h1")].delta == bt.samples[0].deltas[1][0]

    press_until(qtbot, window, panel, "∂L/∂w1 =")            # the batch's gradient: the mean of the four
    formula, numbers, result = texts(panel)
    assert formula.startswith("∂L/∂w1 = (1/4)·(x1<sup>(1)</sup>·δ<sub>h1</sub><sup>(1)</sup> + ")
    assert numbers.startswith("= (1/4)·((−2)·(−0.0107) + 25·")
    assert result == f"= {fmt(bt.grad_W[0][0, 0], 4)}"
    assert "the whole batch of 4" in where.text()
    assert lit(window) == (set(), {(uid(doc, "x1"), uid(doc, "h1"))})
    assert all(item.a is None and item.delta is None for item in scene.neurons.values())   # no one sample
    assert scene.connections[(uid(doc, "x1"), uid(doc, "h1"))].gradient == bt.grad_W[0][0, 0]
    model = panel.table.model()
    assert model.index(panel.position, SAMPLE).data() == "batch" and model.index(0, SAMPLE).data() == "Alice"

    # Apply update: one step of the trainer on the batch, with shuffle off; undo takes it back
    before = [a.copy() for a in doc.network().arrays()]
    qtbot.mouseClick(find(panel, QPushButton, "steps_apply"), Qt.MouseButton.LeftButton)
    trained = doc.network().copy()
    for p, b in zip(trained.arrays(), before):
        p[...] = b
    fit(trained, bt.X, bt.Y, TrainingSettings(loss="mse", learning_rate=0.1, epochs=1, batch_size=0, shuffle=False))
    for mine, engine in zip(doc.network().arrays(), trained.arrays()):
        np.testing.assert_allclose(mine, engine, rtol=0, atol=1e-12)
    assert panel.current.label == "∂L/∂w1" and panel.stepper.in_batch
    window.editor.stack.undo()
    assert doc.links[0].W[0, 0] == 1.0

    # other rows: typed, or ticked in the menu
    type_into(qtbot, rows, "Alice, 3")
    assert panel.stepper.trace.labels == ["Alice", "Charlie"] and rows.text() == "1, 3"
    picker = panel.picker
    picker._fill_menu()
    bob = next(a for a in picker.menu.actions() if a.text() == "2. Bob")
    bob.trigger()
    assert panel.stepper.trace.labels == ["Alice", "Bob", "Charlie"] and rows.text() == "1–3"
    type_into(qtbot, rows, "9")
    assert "no row 9" in find(panel, QLabel, "steps_status").text()
    assert panel.stepper.trace.n == 3                      # unchanged
    choose(panel, "Bob")                                   # one sample again
    assert not panel.stepper.in_batch and target.isVisible() and not rows.isVisible()
    assert panel.table.isColumnHidden(SAMPLE)


def test_a_mini_batch_export_is_the_command_line_worksheet(qtbot, window, panel, tmp_path, monkeypatch, capsys):
    window.files.open_example("gender")
    choose(panel, "Mini-batch of rows")
    path = tmp_path / "batch.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    qtbot.mouseClick(find(panel, QToolButton, "steps_export_md"), Qt.MouseButton.LeftButton)
    assert cli_main(["trace", "gender", "--rows", "all", "--format", "markdown"]) == 0
    assert path.read_text(encoding="utf-8") + "\n" == capsys.readouterr().out
    assert "one training step on a mini-batch by hand (4 samples: Alice, Bob, Charlie, Diana)" in path.read_text()


def test_a_mini_batch_gradient_check_and_matrices(qtbot, window, panel):
    all_ones(window)
    choose(panel, "Mini-batch of rows")
    panel.jump_to(("weight", 0, 0, 0))
    find(panel, QCheckBox, "steps_gradcheck").setChecked(True)
    numeric = find(panel, QLabel, "steps_numeric")
    assert numeric.isVisible()
    assert panel.stepper.numeric_gradient(panel.current) == pytest.approx(panel.current.value, rel=1e-7)
    qtbot.mouseClick(find(panel, QCheckBox, "steps_layer_view"), Qt.MouseButton.LeftButton)
    matrix = find(panel, QLabel, "steps_matrix")
    qtbot.waitUntil(matrix.isVisible)
    assert "for the mini-batch (one row per sample, 4 rows)" in matrix.text()
    assert "∂L/∂W(0→1) = (1/4)·A(0)ᵀ · Δ(1)    [(2×4)·(4×2) → (2×2)]" in matrix.text()
    assert "[[−2, −1]; [25, 6]; [17, 4]; [−15, −6]]" in matrix.text()
    panel.go_to(panel.stepper.steps.index_of("sum", ("neuron", 1, 0), sample=1))
    assert "for sample 2 (Bob)" in matrix.text()
