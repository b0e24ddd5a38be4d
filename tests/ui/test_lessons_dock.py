"""The Lessons dock: every task of every built-in lesson, done in the window the
way the lesson says (typing into the Inspector and the input row, pressing the
step-through panel's buttons, training, running gradient descent, drawing on
the digit pad, answering), is not done before and is done after, as the dock
shows it; progress outlives the window; the dock speaks Russian; it points at
the widget a task names; a bad lesson file changes nothing."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QPushButton, QToolButton

from nnapp.language import use_language
from nnapp.model.lessons import builtin_lessons, parameter_values
from nnapp.ui.digits.strokes import draw_digit
from nnapp.ui.lessons.progress_store import CLOSED_KEY, PROGRESS_KEY
from nnapp.ui.lessons.task_card import DONE
from nnapp.ui.lessons.window_parts import selection_for

from .helpers import find, type_into

LESSON_IDS = [lesson.id for lesson in builtin_lessons()]
CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


class Student:
    """A student at the window: opens a lesson from the list, reads the task
    cards and does what the tasks say with the window's own widgets."""

    def __init__(self, window, qtbot) -> None:
        self.window, self.qtbot = window, qtbot
        self.panel = window.lessons
        self.session = self.panel.session

    # --- the dock ------------------------------------------------------------------------------

    def open(self, lesson_id: str) -> None:
        """Click the lesson in the dock's list."""
        self.look_at_lessons()
        self.panel.show_list()
        click(self.qtbot, find(self.panel.start_page, QPushButton, f"lesson_{lesson_id}"))
        self.qtbot.waitUntil(lambda: self.panel.pages.currentWidget() is self.panel.lesson_page)
        assert self.session.lesson.id == lesson_id

    def look_at_lessons(self) -> None:
        """Click the Lessons tab (a lesson may have brought another dock forward)."""
        self.window.lessons_dock.raise_()
        self.qtbot.waitUntil(self.panel.isVisible)

    def card(self, task_id: str):
        return next(card for card in self.panel.lesson_page.cards if card.task.id == task_id)

    def checked(self) -> None:
        """Wait until the dock has checked the current task after the last move."""
        self.qtbot.waitUntil(lambda: not self.session.is_checking())

    def done(self, task_id: str) -> bool:
        card = self.card(task_id)
        return card.state == DONE and card.icon.text().startswith("✓")

    def begins(self, task_id: str) -> None:
        """The task is the current one, checked, and not done."""
        card = self.card(task_id)
        self.qtbot.waitUntil(lambda: card.state == "current" and card.status.text() != "")
        self.checked()
        assert not self.done(task_id), card.status.text()
        assert card.icon.text().startswith("▶")

    def is_done(self, task_id: str) -> None:
        self.qtbot.waitUntil(lambda: self.done(task_id), timeout=10_000)

    def answer(self, task_id: str, choice: int) -> None:
        self.look_at_lessons()
        card = self.card(task_id)
        click(self.qtbot, card.choices[choice - 1])
        self.qtbot.waitUntil(card.feedback.isVisible)

    def choose(self, task_id: str) -> None:
        """Press "Do this task" on the task's card."""
        self.look_at_lessons()
        click(self.qtbot, self.card(task_id).go_button)

    # --- the window ------------------------------------------------------------------------------

    def type(self, name: str, text: str) -> None:
        """Type into the field called ``name`` (its dock in front) and press Enter."""
        field = find(self.window, QLineEdit, name)
        self.qtbot.waitUntil(field.isVisible)
        type_into(self.qtbot, field, text)
        self.checked()

    def press_until_done(self, task_id: str, button: str = "steps_next", most: int = 60) -> None:
        """Press a button of the window (Next in Step through) until the task is done."""
        button = find(self.window, QPushButton, button) if self.window.findChild(QPushButton, button) \
            else find(self.window, QToolButton, button)
        for _ in range(most):
            if self.done(task_id):
                return
            self.qtbot.waitUntil(button.isEnabled)
            click(self.qtbot, button)
            self.checked()
        self.is_done(task_id)

    def train(self) -> None:
        """Bring Training forward, press Start and wait for the run to end."""
        self.window.training_dock.raise_()
        start = find(self.window, QPushButton, "train_start")
        self.qtbot.waitUntil(start.isVisible)
        with self.qtbot.waitSignal(self.window.training.finished, timeout=60_000):
            click(self.qtbot, start)
        self.checked()

    def run_descent(self, rate: str | None = None) -> None:
        """Type η (if given) into the descent's field and press Run."""
        self.look_at_lessons()
        descent = self.panel.lesson_page.descent
        if rate is not None:
            edit = descent.rate_edit
            edit.setFocus()
            self.qtbot.waitUntil(edit.hasFocus)
            edit.selectAll()
            self.qtbot.keyClicks(edit, rate)
        click(self.qtbot, descent.run_button)
        self.checked()

    def draw(self, digit: int) -> None:
        """Draw ``digit`` on a clear pad."""
        self.window.digit_dock.raise_()
        pad = self.window.digit_panel.pad
        self.qtbot.waitUntil(pad.isVisible)
        clear = find(self.window, QPushButton, "digit_clear")
        if clear.isEnabled():
            click(self.qtbot, clear)
        draw_digit(pad, digit)
        self.checked()


@pytest.fixture
def student(window, qtbot):
    window.resize(1280, 800)
    return Student(window, qtbot)


# --- every task of every lesson ----------------------------------------------------------------


def test_the_lessons_are_listed_in_order_with_their_progress(student):
    rows = student.panel.start_page.rows
    assert list(rows) == LESSON_IDS
    first = rows["one-neuron"]
    assert first.title.text() == "1. One neuron"
    assert first.summary.text().startswith("A neuron takes its inputs")
    assert first.progress.text() == "0/4"


def test_lesson_1_one_neuron(student):
    s = student
    s.open("one-neuron")
    s.begins("bias-only")
    s.type("inspector_bias", "-4")                    # z = 3 − 4 = −1, o1 = 0.269
    s.is_done("bias-only")
    s.begins("one-half")
    s.type("inspector_weight", "0,5")                 # z = 0.5·2 + 3 − 4 = 0, o1 = ½ (a decimal comma)
    s.is_done("one-half")
    s.begins("input-only")
    s.type("input_x2", "-10")                         # z = 1 − 10 − 4 = −13
    s.is_done("input-only")
    s.begins("range")
    s.answer("range", 3)
    s.is_done("range")
    assert "Right" in s.card("range").feedback.text()
    assert s.panel.lesson_page.finished.isVisible()
    s.panel.show_list()
    assert s.panel.start_page.rows["one-neuron"].progress.text() == "✓ 4/4"


def test_lesson_2_network(student):
    s = student
    s.open("network")
    s.begins("step-to-o1")
    s.press_until_done("step-to-o1")                  # Next until o1 = σ(…) = 0.7216
    s.begins("h1-down")
    s.type("inspector_weight", "-2")                  # w1 = −2: h1 = σ(−4 + 3) = 0.269
    s.is_done("h1-down")
    s.begins("why-o1-stays")
    s.answer("why-o1-stays", 1)
    s.is_done("why-o1-stays")
    s.begins("o1-up")
    s.type("inspector_weight", "3")                   # w6 = 3: o1 = σ(3·0.9526) = 0.9457
    s.is_done("o1-up")


def test_lesson_3_loss(student):
    s = student
    s.open("loss")
    s.begins("alice")
    s.type("inspector_bias", "1")                     # b3 = 1: ŷ = 0.7210, L = 0.0778
    s.is_done("alice")
    s.begins("guess")
    s.answer("guess", 3)
    s.is_done("guess")
    s.begins("all-zero")
    s.type("inspector_bias", "-10")                   # every ŷ below 1e−4: the data loss 0.49995
    s.is_done("all-zero")
    s.begins("best-b3")
    s.type("inspector_bias", "0")                     # the data loss 0.1852
    s.is_done("best-b3")


def test_lesson_4_backprop(student):
    s = student
    s.open("backprop")
    s.begins("forward-and-loss")
    s.press_until_done("forward-and-loss")            # ŷ = 0.5237, L = 0.2269
    s.begins("delta-sign")
    s.answer("delta-sign", 2)
    assert not s.done("delta-sign")                   # answered; δ_h1 not reached yet
    s.press_until_done("delta-sign")
    s.begins("gradient-w1")
    s.answer("gradient-w1", 2)
    s.press_until_done("gradient-w1")                 # ∂L/∂w1 = 0.0214695
    s.begins("apply")
    assert s.session.state.start["w1"] == 1           # the task began with every weight 1
    s.press_until_done("apply", "steps_apply", most=1)
    assert parameter_values(s.window.doc)["w1"] == pytest.approx(0.9978530464734189, abs=1e-12)


def test_lesson_5_training(student):
    s = student
    s.open("training")
    s.choose("frank")                                 # a student may choose a task
    s.begins("frank")                                 # untrained, Frank is not told apart
    s.train()
    s.is_done("frank")
    s.begins("train")                                 # the next task not done: the first
    s.train()
    s.is_done("train")
    s.begins("emily")
    s.type("input_x1", "-7")
    assert not s.done("emily")
    s.type("input_x2", "-3")
    s.is_done("emily")


def test_lesson_6_perceptron(student):
    s = student
    s.open("perceptron")
    s.begins("the-rule")
    s.answer("the-rule", 1)
    s.is_done("the-rule")
    s.begins("train")
    s.train()                                         # 20,000 epochs on four rows
    s.is_done("train")
    s.begins("new-case")
    for name, value in (("input_x1", "1"), ("input_x2", "0"), ("input_x3", "0")):
        s.type(name, value)
    s.is_done("new-case")


def test_lesson_7_xor(student):
    s = student
    s.open("xor")
    s.begins("or")
    s.train()
    s.is_done("or")
    s.begins("one-neuron-xor")                        # its own open: one neuron with XOR's table
    assert s.window.doc.data == {"dataset": "xor"} and len(s.window.doc.layers) == 2
    assert not s.window.editor.stack.canUndo()        # an example opened: its history starts afresh
    s.train()
    s.is_done("one-neuron-xor")
    s.begins("why")
    s.answer("why", 1)
    s.is_done("why")
    s.begins("hidden-layer")                          # its own open: the 2-2-1 XOR network
    assert len(s.window.doc.layers) == 3
    s.train()
    s.is_done("hidden-layer")


def test_lesson_8_descent(student):
    s = student
    s.open("descent")
    descent = s.panel.lesson_page.descent
    assert descent.isVisible()
    assert (descent.x0_edit.text(), descent.rate_edit.text(), descent.precision_edit.text()) == ("6", "0.01", "0.00001")
    s.begins("converge")
    for bad, message in (("abc", "must be a number"), ("0", "must be greater than 0")):
        s.run_descent(bad)                            # a number that cannot be used: said beside its field
        error = descent.errors["learning_rate"]
        assert error.isVisible() and message in error.text() and descent.run is None
    assert not s.done("converge")
    s.run_descent("0.01")
    assert not descent.errors["learning_rate"].isVisible()
    s.is_done("converge")
    assert descent.result.text() == "Converged at x = 2.249965 after 70 steps"
    assert len(descent.points.data) == 71
    s.begins("diverge")
    s.run_descent("0.1")
    s.is_done("diverge")
    assert descent.result.text().startswith("Diverged at step 3")
    assert len(descent.points.data) == 3              # x0, −48, 46,262.4: the third step escaped
    s.begins("crawl")
    s.run_descent("0,001")                            # a decimal comma
    s.is_done("crawl")
    assert descent.result.text() == "Converged at x = 2.250478 after 358 steps"
    s.begins("flat-step")
    s.run_descent("0.015")
    assert not s.done("flat-step")                    # stopped near 0, but not answered yet
    s.answer("flat-step", 2)
    s.is_done("flat-step")


def test_lesson_9_digits(student):
    s = student
    s.open("digits")
    s.begins("read")
    s.draw(1)
    s.is_done("read")
    s.begins("teach")
    s.draw(0)
    panel = s.window.digit_panel
    click(s.qtbot, panel.teach_button)                # Teach ▸
    click(s.qtbot, find(panel, QToolButton, "digit_label_0"))
    assert not s.done("teach")
    click(s.qtbot, find(panel, QPushButton, "digit_one_step"))
    s.checked()
    s.is_done("teach")
    s.begins("mnist")                                 # its own open: the MNIST network
    assert len(s.window.doc.input) == 784
    s.answer("mnist", 2)
    assert not s.done("mnist")
    s.draw(7)
    s.is_done("mnist")


def test_next_lesson_goes_on_from_the_lesson_page(student):
    s = student
    s.open("xor")
    page = s.panel.lesson_page
    assert page.descent is None or not page.descent.isVisibleTo(page)
    click(s.qtbot, page.next_button)
    s.qtbot.waitUntil(lambda: s.session.lesson.id == "descent")
    assert [card.task.id for card in page.cards] == ["converge", "diverge", "crawl", "flat-step"]
    assert all(card.isVisibleTo(page) for card in page.cards) and page.descent.isVisibleTo(page)
    click(s.qtbot, page.next_button)
    s.qtbot.waitUntil(lambda: s.session.lesson.id == "digits")
    assert all(card.isVisibleTo(page) for card in page.cards) and not page.descent.isVisibleTo(page)
    assert not page.next_button.isVisibleTo(page)                  # the last lesson
    click(s.qtbot, page.back_button)
    assert s.panel.pages.currentWidget() is s.panel.start_page and s.session.lesson is None


# --- a task's start, a bad spec, a teacher's file ------------------------------------------------


def test_a_task_points_at_its_widget_and_selects_its_neuron(student):
    s = student
    s.open("one-neuron")
    highlight = s.panel.highlight
    field = find(s.window, QLineEdit, "inspector_bias")
    s.qtbot.waitUntil(lambda: highlight.isVisible() and highlight.target() is field)
    assert s.window.inspector_dock.isVisible() and not s.window.inspector_dock.visibleRegion().isEmpty()
    s.qtbot.waitUntil(lambda: highlight.geometry().contains(highlight.covered()))
    assert highlight.covered().size() == field.size()
    assert field.styleSheet() == ""                  # the field keeps its own look
    # the frame goes after a few seconds; "Show me" brings it back
    highlight.clear()
    s.look_at_lessons()
    click(s.qtbot, s.card("bias-only").where_button)
    s.qtbot.waitUntil(lambda: highlight.isVisible() and highlight.target() is field)


def shown_box(window, qtbot) -> QMessageBox:
    """The lesson's error dialog that is open now."""
    def shown():
        return [b for b in window.findChildren(QMessageBox, "lesson_error_dialog") if b.isVisible()]
    qtbot.waitUntil(lambda: len(shown()) == 1)
    return shown()[0]


def test_a_bad_lesson_file_gives_a_message_and_changes_nothing(student, tmp_path, qtbot):
    s = student
    window = s.window
    assert window.files.open_example("gender")
    before = window.doc.state()
    bad = tmp_path / "bad.nnlesson"
    bad.write_text('{"format": "nnapp-lesson", "version": 1, "id": "mine", "titel": {}}', encoding="utf-8")
    s.panel.choose_lesson_file = lambda: str(bad)
    s.look_at_lessons()
    click(qtbot, find(s.panel.start_page, QPushButton, "lessons_open_file"))
    box = shown_box(window, qtbot)
    assert "bad.nnlesson" in box.text() and "titel" in box.text()
    box.close()
    assert window.doc.state() == before and s.panel.pages.currentWidget() is s.panel.start_page
    # a file that reads, but asks for a parameter its example does not have
    lesson = {"format": "nnapp-lesson", "version": 1, "id": "mine", "title": {"en": "Mine"},
              "text": {"en": "Some text"}, "open": {"example": "neuron", "parameters": {"w7": 1}},
              "tasks": [{"id": "one", "text": {"en": "Do it"}, "check": {"value": "o1", "below": 0.5}}]}
    unfit = tmp_path / "unfit.nnlesson"
    unfit.write_text(json.dumps(lesson), encoding="utf-8")
    assert not s.panel.open_file(str(unfit))
    box = shown_box(window, qtbot)
    assert "w7" in box.text()
    assert window.doc.state() == before and s.session.lesson is None


def test_a_teachers_lesson_opens_and_names_what_its_network_lacks(student, tmp_path):
    s = student
    lesson = {"format": "nnapp-lesson", "version": 1, "id": "mine", "title": {"en": "Mine", "ru": "Мой"},
              "text": {"en": "A neuron:\n\n    o1 = σ(z)"}, "open": {"example": "neuron", "dock": "inspector"},
              "tasks": [{"id": "one", "text": {"en": "Make o1 small"}, "select": "o1", "point_at": "inspector_bias",
                         "check": {"all": [{"value": "o1", "below": 0.5}, {"value": "o7", "below": 1}]}}]}
    path = tmp_path / "mine.nnlesson"
    path.write_text(json.dumps(lesson), encoding="utf-8")
    assert s.panel.open_file(str(path))
    page = s.panel.lesson_page
    assert page.title.text() == "Mine" and "o1 = σ(z)" in page.text.toPlainText()
    assert page.problems.isVisibleTo(page) and "o7 is not in this network" in page.problems.text()
    assert not page.next_button.isVisibleTo(page)


def test_a_task_that_sets_parameters_does_it_as_one_undoable_edit(student, tmp_path):
    s = student
    lesson = {"format": "nnapp-lesson", "version": 1, "id": "mine", "title": {"en": "Mine"},
              "text": {"en": "Some text"}, "open": {"example": "neuron", "input": [2, 3]},
              "tasks": [{"id": "look", "text": {"en": "Answer"},
                         "check": {"answer": 1, "choices": [{"en": "a"}, {"en": "b"}]}},
                        {"id": "set", "text": {"en": "Make o1 large"},
                         "open": {"parameters": {"w1": 0, "w2": 1, "b1": -4}, "input": [2, 4], "target": [1]},
                         "check": {"value": "o1", "above": 0.9}}]}
    path = tmp_path / "mine.nnlesson"
    path.write_text(json.dumps(lesson), encoding="utf-8")
    assert s.panel.open_file(str(path))
    stack = s.window.editor.stack
    assert stack.count() == 0                         # the example opened with no history
    s.begins("look")
    s.answer("look", 2)
    s.is_done("look")
    s.begins("set")                                   # z = 4 − 4 = 0: o1 = ½
    assert stack.count() == 1 and parameter_values(s.window.doc)["b1"] == -4
    assert list(s.window.doc.input) == [2, 4] and s.session.state.target == (1.0,)
    stack.undo()                                      # the lesson's edit is one step
    assert parameter_values(s.window.doc)["b1"] != -4
    stack.redo()
    s.window.scene.select(selection_for(s.window.doc, "o1"))
    s.window.inspector_dock.raise_()
    s.type("inspector_bias", "0")                     # z = 4: o1 = 0.982
    s.is_done("set")


# --- what lasts ----------------------------------------------------------------------------------


def test_progress_survives_a_new_window(student, settings, qtbot):
    s = student
    s.open("one-neuron")
    s.begins("bias-only")
    s.type("inspector_bias", "-4")
    s.is_done("bias-only")
    from nnapp.ui.main_window import MainWindow

    again = MainWindow(QSettings(settings.fileName(), QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert again.lessons.start_page.rows["one-neuron"].progress.text() == "✓ 1/4"
    assert again.lessons.open_lesson(again.lessons.lessons[0])
    assert again.lessons.session.current_task().id == "one-half"
    assert again.lessons.lesson_page.cards[0].state == DONE


@pytest.mark.parametrize("text", ["not json at all {", '{"format": "nnapp-lesson-progress", "version": 1, "done": [',
                                  '{"format": "nnapp-lesson-progress", "version": 9, "done": {"one-neuron": ["range"]}}'])
def test_damaged_progress_in_the_settings_starts_afresh(settings, qtbot, text):
    from nnapp.ui.main_window import MainWindow

    settings.setValue(PROGRESS_KEY, text)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    rows = window.lessons.start_page.rows
    assert [row.progress.text() for row in rows.values()] == [f"0/{len(row.lesson.tasks)}" for row in rows.values()]
    assert window.lessons.open_lesson(window.lessons.lessons[0])
    assert window.lessons.session.current_task().id == "bias-only"


def test_a_new_window_shows_the_lessons_until_the_student_closes_them(window, settings, qtbot):
    dock = window.lessons_dock
    assert dock.isVisible() and not dock.visibleRegion().isEmpty()
    # a document opened outside a lesson: the Inspector comes forward
    assert window.files.open_example("gender")
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty())
    # Help ▸ Lessons brings them back
    window.lessons_action.trigger()
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty())
    dock.close()
    assert settings.value(CLOSED_KEY) in (True, "true")
    from nnapp.ui.main_window import MainWindow

    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert not again.lessons_dock.isVisible()
    again.lessons_dock.toggleViewAction().trigger()           # View ▸ Lessons
    qtbot.waitUntil(again.lessons_dock.isVisible)
    assert settings.value(CLOSED_KEY) in (False, "false")


# --- Russian -------------------------------------------------------------------------------------


@pytest.fixture
def russian():
    use_language("ru")
    yield
    use_language("en")


def test_the_dock_speaks_russian(russian, settings, qtbot):
    from nnapp.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    panel = window.lessons
    assert window.lessons_dock.windowTitle() == "Уроки"
    row = panel.start_page.rows["one-neuron"]
    assert row.title.text() == "1. Один нейрон" and CYRILLIC.search(row.summary.text())
    assert CYRILLIC.search(find(panel, QPushButton, "lessons_open_file").text())
    assert panel.open_lesson(panel.lessons[0])
    page = panel.lesson_page
    assert page.title.text() == "Один нейрон"
    assert CYRILLIC.search(page.text.toPlainText()) and "σ(7) = 0,9991" in page.text.toPlainText()
    card = page.cards[0]
    assert CYRILLIC.search(card.text.text()) and CYRILLIC.search(card.hint_button.text())
    qtbot.waitUntil(lambda: card.status.text() != "")
    assert CYRILLIC.search(card.status.text()) and "0,9991" in card.status.text()
    assert panel.open_lesson(panel.lessons[7])
    descent = page.descent
    assert descent.run_button.text() == "Запустить" and descent.rate_edit.text() == "0,01"
    window.lessons_dock.raise_()
    qtbot.waitUntil(descent.run_button.isVisible)
    click(qtbot, descent.run_button)
    assert descent.result.text() == "Сошёлся в точке x = 2,249965 за 70 шагов"
    texts = [w.text() for kind in (QLabel, QPushButton, QToolButton) for w in page.findChildren(kind)
             if w.isVisibleTo(page) and w.text()]
    english = [t for t in texts if re.search(r"\b(the|and|of|to|Hint|Run|Lessons|Tasks)\b", t)]
    assert len(texts) > 20 and not english, english
