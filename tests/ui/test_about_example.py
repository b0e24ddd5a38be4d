"""The examples open where their tutorials start, with their About text in front, at laptop sizes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

from nnapp.engine.steps import fmt
from nnapp.model.stepping import NO_TARGET

from .helpers import find, type_into, uid

SIZES = [(1280, 800), (1366, 768)]


def open_example(window, qtbot, name, size):
    window.resize(*size)
    assert window.files.open_example(name)
    panel = window.steps_panel
    window.steps_dock.show()
    window.steps_dock.raise_()
    qtbot.waitUntil(panel.isVisible)
    panel.catch_up()
    return panel


@pytest.mark.parametrize("size", SIZES)
def test_neuron_opens_on_0_999_with_its_about_text_and_no_target(window, qtbot, size, tmp_path):
    panel = open_example(window, qtbot, "neuron", size)
    o1 = uid(window.doc, "o1")
    assert window.scene.neurons[o1].a == 0.9990889488055994
    assert window.scene.selection().neurons == (o1,)
    about = window.about
    qtbot.waitUntil(about.isVisible)
    assert window.about_dock.isVisible() and not window.about_dock.visibleRegion().isEmpty()
    assert "0.9990889488055994" in about.plain_text() and "Next:" in about.plain_text()
    assert about.title.text() == "One neuron"

    assert panel.target.text() == "" and panel.target.placeholderText()
    panel.run_to_end()
    stepper = panel.stepper
    assert stepper.steps.phases == ["forward"] and stepper.at_end()
    status = find(panel, type(panel.current_step.status), "steps_status")
    assert status.isVisible() and status.text() == NO_TARGET
    assert panel.current_step.result.text() == f"= {fmt(0.9990889488055994, panel.decimals)}"
    window.grab().save(str(tmp_path / f"neuron_{size[0]}.png"))


@pytest.mark.parametrize("size", SIZES)
def test_feedforward_opens_on_0_7216(window, qtbot, size):
    panel = open_example(window, qtbot, "feedforward", size)
    assert round(float(window.scene.neurons[uid(window.doc, "o1")].a), 4) == 0.7216
    panel.run_to_end()
    assert panel.stepper.steps.phases == ["forward"]
    assert panel.current_step.result.text() == f"= {fmt(panel.stepper.trace.output[0], panel.decimals)}"
    assert "0.7216" in window.about.plain_text()


def test_gender_opens_with_alice_and_target_1(window, qtbot):
    panel = open_example(window, qtbot, "gender", (1280, 800))
    assert panel.sample.currentText() == "Alice"
    assert panel.target.text() == "1"
    assert panel.stepper.steps.phases == ["forward", "loss", "backward", "update"]
    assert not panel.current_step.status.isVisible()


def test_typing_a_target_on_an_input_no_row_has_traces_backward(window, qtbot):
    panel = open_example(window, qtbot, "neuron", (1280, 800))
    type_into(qtbot, panel.target, "1")
    qtbot.waitUntil(lambda: "backward" in panel.stepper.steps.phases)
    assert not panel.current_step.status.isVisible()
    type_into(qtbot, panel.target, "")            # empty: back to no target
    qtbot.waitUntil(lambda: panel.stepper.steps.phases == ["forward"])
    assert panel.current_step.status.text() == NO_TARGET


def test_a_drawing_has_no_target(window, qtbot):
    open_example(window, qtbot, "gender", (1280, 800))
    panel = window.steps_panel
    panel.choose_sample(0)
    window.doc.set_input([3.0, 4.0])                          # inputs no row of the data has
    qtbot.waitUntil(lambda: panel.stepper.steps.phases == ["forward"])
    assert panel.target.text() == ""
    assert panel.current_step.status.text() == NO_TARGET


def test_the_about_text_can_be_edited_and_undone(window, qtbot):
    open_example(window, qtbot, "neuron", (1280, 800))
    about = window.about
    qtbot.waitUntil(about.isVisible)
    before = window.doc.description
    find(about, QPushButton, "about_edit").click()
    box = find(about, QPlainTextEdit, "about_editor")
    qtbot.waitUntil(box.isVisible)
    assert box.toPlainText() == before
    box.setPlainText("Start here.\n\nThen press Next.")
    find(about, QPushButton, "about_save").click()
    assert window.doc.description == "Start here.\n\nThen press Next."
    assert about.plain_text().startswith("Start here.") and not box.isVisible()
    assert window.editor.is_modified()
    window.editor.stack.undo()
    assert window.doc.description == before and "0.9990889488055994" in about.plain_text()


def test_a_network_without_a_description_invites_one(window, qtbot):
    window.files.new()
    assert window.doc.description == ""
    assert "no description" in window.about.plain_text()


@pytest.mark.parametrize("name", ["gender", "xor", "perceptron"])
def test_start_trains_the_examples_whose_tutorial_trains(window, qtbot, name):
    assert window.files.open_example(name)
    window.doc.training.epochs = 3
    with qtbot.waitSignal(window.training.finished, timeout=20000) as blocker:
        assert window.training.start()
    assert blocker.args[0].stopped == "finished"


def test_start_without_data_says_why(window, qtbot):
    assert window.files.open_example("neuron")
    with qtbot.waitSignal(window.training.message, timeout=2000) as blocker:
        assert not window.training.start()
    assert "data" in blocker.args[0].lower()


def test_a_drawing_on_a_digit_network_has_no_target_until_one_is_given(window, qtbot):
    panel = open_example(window, qtbot, "digits8", (1280, 800))
    n = window.doc.network().n_inputs
    window.doc.set_input([0.5] * n)                             # no row of the data looks like this
    panel.choose_sample(0)
    qtbot.waitUntil(lambda: panel.stepper.steps.phases == ["forward"])
    assert panel.target.text() == ""
    assert panel.current_step.status.text() == NO_TARGET
    type_into(qtbot, panel.target, "2")                         # the class 2
    qtbot.waitUntil(lambda: "backward" in panel.stepper.steps.phases)
    assert panel.stepper.trace.y.tolist() == [0, 0, 1] + [0] * 7
