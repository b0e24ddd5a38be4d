"""Lessons: the nine built-in lessons read in both languages, every task of
every lesson fails where the lesson opens and passes once done as the
lesson says (driving the model, the engine's Trainer and descent), lesson
files that are wrong or hostile are refused with one clear line, and the
progress text survives damage. No Qt."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest

import nnapp
from nnapp.engine.descent import descend
from nnapp.engine.examples import example_names
from nnapp.engine.training import Trainer
from nnapp.model import commands as C
from nnapp.model.digit_lessons import one_step
from nnapp.model.digits import read_digit
from nnapp.model.document import Document
from nnapp.model.history import History
from nnapp.model.lessons import (CHECKS, DOCKS, POINTS, DigitRead, LessonFileError, LessonProgress, LessonState, LessonText,
                                 builtin_lesson, builtin_lessons, digit_read, dock_object_name, lesson_problems,
                                 loads_lesson, open_lesson, parameter_values, read_builtin, read_lesson, step_place,
                                 training_run)
from nnapp.model.lessons import builtin as builtin_module
from nnapp.model.lessons.checks import parse_check
from nnapp.model.lessons.lesson_file import MAX_LESSON_BYTES
from nnapp.model.lessons.state import TrainingRun
from nnapp.model.stepping import Stepper
from nnapp.model.training import training_data, training_result
from ..drawn_fixture import bar, ring

UI = Path(nnapp.__file__).resolve().parent / "ui"
LESSONS = builtin_lessons()
ALL_TASKS = [(lesson.id, task.id) for lesson in LESSONS for task in lesson.tasks]


# --- a student at work, driving the model -------------------------------------------------------


class Session:
    """A document opened as a lesson (and task) says, with the records a
    Lessons dock keeps: the start values, the step-through, the answers, the
    last training and descent runs, the digit pad's reading, drawings taught."""

    def __init__(self, lesson, task=None):
        self.lesson, self.task = lesson, task
        self.doc = Document()
        self.history = History(self.doc)
        self.answers: dict[str, int] = {}
        self.training = self.descent = self.digit = None
        self.taught = 0
        self.open(lesson.open)
        if task is not None and task.open is not None:
            self.open(task.open)

    def open(self, spec):
        open_lesson(self.doc, spec)
        self.history.clear()
        self.start = parameter_values(self.doc)
        self.target = spec.target
        self.stepper = Stepper(self.doc)
        if spec.target is not None:
            self.stepper.set_target(list(spec.target))
        self.training = self.descent = self.digit = None
        self.taught = 0

    def state(self) -> LessonState:
        return LessonState(self.doc, self.start, self.target, step_place(self.stepper), self.answers,
                           self.training, self.descent, self.digit, self.taught)

    def done(self, task=None):
        return (task or self.task).evaluate(self.state())

    # what a student does ---------------------------------------------------------------------

    def set(self, name: str, value: float):
        """Type a value into the Inspector's field of weight or bias ``name``."""
        for c in self.doc.connections():
            if self.doc.weight_name(c.src, c.dst) == name:
                self.history.push(C.SetWeight(c.src, c.dst, value))
                return
        for ids in self.doc.neuron_ids[1:]:
            for uid in ids:
                if self.doc.bias_name(uid) == name:
                    self.history.push(C.SetBias(uid, value))
                    return
        raise KeyError(name)

    def type_input(self, values):
        self.doc.set_input(values)

    def answer(self, choice: int, task=None):
        self.answers[(task or self.task).id] = choice

    def step_to(self, kind: str, target: str):
        """Press Next until the step-through shows that step."""
        self.stepper.ensure()
        for _ in range(len(self.stepper)):
            self.stepper.next()
            place = step_place(self.stepper)
            if place is not None and (place.kind, place.target) == (kind, target):
                return
        raise AssertionError(f"no step {kind} {target}")

    def apply_update(self):
        self.stepper.ensure()
        self.history.push(self.stepper.apply_update())

    def train(self):
        """Press Start and let the run end: the Trainer on a copy, the result as one undo step."""
        data = training_data(self.doc)
        before = [a.copy() for a in self.doc.network().arrays()]
        trainer = Trainer(self.doc.network().copy(), data.X, data.Y, self.doc.training, data.X_val, data.Y_val,
                          threads=None)
        last = None
        for last in trainer.run():
            pass
        self.history.push(training_result(trainer.network.arrays(), before, last.epoch, last.batches))
        self.training = training_run(last)

    def run_descent(self, learning_rate, x0=6.0, function="quartic"):
        self.descent = descend(function, x0, learning_rate, precision=1e-5)

    def draw(self, picture):
        self.reading = read_digit(self.doc, picture)
        self.digit = digit_read(self.reading)

    def teach(self, label: int):
        self.history.push(one_step(self.doc, self.reading.vector, label))
        self.taught += 1


def an_upright_one():
    return bar(56, 20, 92, 5)


def a_round_zero():
    return ring(56, 56, 30, 5)


def train_then_type(values):
    def do(s):
        s.train()
        s.type_input(values)
    return do


def answer_then_step(choice, kind, target):
    def do(s):
        s.answer(choice)
        s.step_to(kind, target)
    return do


def descend_and_answer(rate, choice):
    def do(s):
        s.run_descent(rate)
        s.answer(choice)
    return do


def teach_a_zero(s):
    s.draw(a_round_zero())
    s.teach(0)


def mnist_task(s):
    s.answer(2)
    s.draw(an_upright_one())


RECIPES = {
    # one neuron: w = [0, 1], b = 4, x = [2, 3] → z = 7, o1 = σ(7) = 0.9991
    ("one-neuron", "bias-only"): lambda s: s.set("b1", -4),           # z = 3 − 4 = −1 → 0.269
    ("one-neuron", "one-half"): lambda s: s.set("w1", -3.5),          # z = −7 + 3 + 4 = 0 → ½
    ("one-neuron", "input-only"): lambda s: s.type_input([2, -10]),   # z = −10 + 4 = −6 → 0.0025
    ("one-neuron", "range"): lambda s: s.answer(3),
    # the 2-2-1 network: h1 = h2 = σ(3) = 0.9526, o1 = σ(0.9526) = 0.7216
    ("network", "step-to-o1"): lambda s: s.step_to("activation", "o1"),
    ("network", "h1-down"): lambda s: s.set("w1", -2),                # h1 = σ(−4 + 3) = 0.269
    ("network", "why-o1-stays"): lambda s: s.answer(1),
    ("network", "o1-up"): lambda s: s.set("w6", 3),                   # o1 = σ(3·0.9526) = 0.9457
    # the loss of the gender network, still random
    ("loss", "alice"): lambda s: s.set("b3", 1),                      # ŷ = 0.7210, L = 0.0778
    ("loss", "guess"): lambda s: s.answer(3),
    ("loss", "all-zero"): lambda s: s.set("b3", -10),                 # every ŷ < 1e−4, data loss 0.49995
    ("loss", "best-b3"): lambda s: s.set("b3", 0),                    # data loss 0.1852
    # backprop on Alice with every weight 1 and every bias 0
    ("backprop", "forward-and-loss"): lambda s: s.step_to("loss_total", "L"),
    ("backprop", "delta-sign"): answer_then_step(2, "delta", "h1"),
    ("backprop", "gradient-w1"): answer_then_step(2, "grad_w", "w1"),
    ("backprop", "apply"): lambda s: s.apply_update(),                # w1 = 1 − 0.1·0.0214695 = 0.9978531
    # training on four people
    ("training", "train"): lambda s: s.train(),
    ("training", "emily"): train_then_type([-7, -3]),
    ("training", "frank"): lambda s: s.train(),
    # the perceptron
    ("perceptron", "the-rule"): lambda s: s.answer(1),
    ("perceptron", "train"): lambda s: s.train(),
    ("perceptron", "new-case"): train_then_type([1, 0, 0]),
    # XOR
    ("xor", "or"): lambda s: s.train(),
    ("xor", "one-neuron-xor"): lambda s: s.train(),
    ("xor", "why"): lambda s: s.answer(1),
    ("xor", "hidden-layer"): lambda s: s.train(),
    # gradient descent on x⁴ − 3x³ + 2 from x0 = 6
    ("descent", "converge"): lambda s: s.run_descent(0.01),
    ("descent", "diverge"): lambda s: s.run_descent(0.1),
    ("descent", "crawl"): lambda s: s.run_descent(0.001),
    ("descent", "flat-step"): descend_and_answer(0.015, 2),
    # digits
    ("digits", "read"): lambda s: s.draw(an_upright_one()),
    ("digits", "teach"): teach_a_zero,
    ("digits", "mnist"): mnist_task,
}


# --- the built-in lessons ---------------------------------------------------------------------


def test_there_are_nine_built_in_lessons_in_order_and_none_is_damaged():
    found = read_builtin()
    assert found.problems == ()
    assert [lesson.id for lesson in LESSONS] == ["one-neuron", "network", "loss", "backprop", "training",
                                                  "perceptron", "xor", "descent", "digits"]
    assert [lesson.order for lesson in LESSONS] == list(range(1, 10))
    names = sorted(p.name for p in builtin_module.LESSONS_DIR.glob("*.nnlesson"))
    assert [n[:3] for n in names] == [f"{k:02d}-" for k in range(1, 10)]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_lesson_reads_in_both_languages(lesson):
    assert lesson.languages() == {"en", "ru"}
    cyrillic = re.compile("[а-яА-ЯёЁ]")
    for lang in ("en", "ru"):
        texts = [lesson.title_in(lang), lesson.text_in(lang)]
        for task in lesson.tasks:
            texts += [task.text_in(lang), task.hint_in(lang)]
            if task.question is not None:
                texts += [c.text_in(lang) for c in task.question.choices]
        assert all(t.strip() for t in texts)
        if lang == "ru":
            assert cyrillic.search(lesson.text_in(lang)) and cyrillic.search(lesson.title_in(lang))
        else:
            assert not any(cyrillic.search(t) for t in texts)
    assert 2 <= len(lesson.tasks) <= 4
    assert all(task.hint is not None for task in lesson.tasks)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_every_name_a_lesson_uses_is_real(lesson):
    ui_source = "\n".join(p.read_text(encoding="utf-8") for p in UI.rglob("*.py"))
    examples = set(example_names())
    specs = [lesson.open] + [t.open for t in lesson.tasks if t.open is not None]
    for spec in specs:
        assert spec.example is None or spec.example in examples
        if spec.dock is not None:
            assert f'"{dock_object_name(spec.dock)}"' in ui_source
    for task in lesson.tasks:
        if task.point_at is not None:
            assert task.point_at in POINTS
            assert f'"{task.point_at}"' in ui_source, task.point_at
    # the neurons, parameters, rows and steps its checks name are in the documents it opens
    assert lesson_problems(lesson) == []
    ids = [t.id for t in lesson.tasks]
    assert len(set(ids)) == len(ids)


def test_every_place_and_dock_a_lesson_may_name_is_in_the_window():
    ui_source = "\n".join(p.read_text(encoding="utf-8") for p in UI.rglob("*.py"))
    missing = [name for name in POINTS if f'"{name}"' not in ui_source]
    missing += [dock_object_name(d) for d in DOCKS if f'"{dock_object_name(d)}"' not in ui_source]
    assert missing == []


def test_every_task_has_a_recipe():
    assert sorted(ALL_TASKS) == sorted(RECIPES)


@pytest.mark.parametrize("lesson_id, task_id", ALL_TASKS)
def test_every_task_fails_where_the_lesson_opens_and_passes_once_done(lesson_id, task_id):
    lesson = builtin_lesson(lesson_id)
    task = lesson.task(task_id)
    session = Session(lesson, task)
    before = session.done()
    assert not before.passed, before.status
    assert before.status
    RECIPES[(lesson_id, task_id)](session)
    after = session.done()
    assert after.passed, after.status
    assert after.status


# --- the numbers the lessons state, from the engine ------------------------------------------------


def test_the_lessons_numbers_are_the_engines():
    # one neuron: σ(7)
    s = Session(builtin_lesson("one-neuron"))
    assert s.doc.activation_of(s.doc.neuron_ids[1][0]) == pytest.approx(0.9990889488055994, abs=1e-15)
    # the 2-2-1 network: 0.7216
    s = Session(builtin_lesson("network"))
    assert s.doc.activation_of(s.doc.neuron_ids[2][0]) == pytest.approx(0.7216325609518421, abs=1e-15)
    # the loss lesson: Alice's ŷ and loss, the data loss
    s = Session(builtin_lesson("loss"))
    assert s.doc.activation_of(s.doc.neuron_ids[2][0]) == pytest.approx(0.3199, abs=5e-5)
    status = s.done(s.lesson.task("best-b3")).status
    assert status.startswith("the data loss = 0.2325, needs to be below 0.2")
    assert s.done(s.lesson.task("alice")).status == "the loss L = 0.4625, needs to be below 0.1"
    s.set("b3", -10)
    assert "the data loss = 0.4999" in s.done(s.lesson.task("all-zero")).status


def test_backprop_on_alice_gives_the_traces_numbers():
    s = Session(builtin_lesson("backprop"))
    s.step_to("grad_w", "w1")
    step = s.stepper.current
    # δ_h1 = δ_o1·w5·σ′(z_h1) = −0.23762·1·0.045177 = −0.010735; ∂L/∂w1 = δ_h1·x1 = 0.0214695
    assert step.label == "∂L/∂w1"
    assert step.value == pytest.approx(0.02146953526581111, abs=1e-15)
    s.apply_update()
    assert parameter_values(s.doc)["w1"] == pytest.approx(0.9978530464734189, abs=1e-15)


def test_training_the_gender_network_answers_emily_and_frank():
    s = Session(builtin_lesson("training"))
    s.train()
    assert s.training.loss == pytest.approx(0.0015, abs=2e-4) and not s.training.diverged
    assert s.training.epochs == 1000
    s.type_input([-7, -3])
    assert s.doc.activation_of(s.doc.neuron_ids[2][0]) == pytest.approx(0.968, abs=1e-3)
    s.type_input([20, 2])
    assert s.doc.activation_of(s.doc.neuron_ids[2][0]) == pytest.approx(0.039, abs=1e-3)


def test_one_neuron_cannot_learn_xor_but_a_hidden_layer_can():
    lesson = builtin_lesson("xor")
    s = Session(lesson, lesson.task("one-neuron-xor"))
    assert s.doc.data == {"dataset": "xor"} and len(s.doc.layers) == 2
    s.train()
    assert s.training.loss > 0.8
    s = Session(lesson, lesson.task("hidden-layer"))
    s.train()
    assert s.training.loss < 2e-4


def test_a_wrong_way_to_do_a_task_does_not_pass():
    lesson = builtin_lesson("one-neuron")
    s = Session(lesson, lesson.task("bias-only"))
    s.set("w2", -10)                                   # o1 falls below 0.5, but through the weight
    result = s.done()
    assert not result.passed and result.status == "w2 changed too: change only b1"
    s = Session(lesson, lesson.task("input-only"))
    s.set("b1", -10)
    assert not s.done().passed
    # a wrong answer still finishes a question; the dock shows it was wrong
    s = Session(lesson, lesson.task("range"))
    s.answer(1)
    result = s.done()
    assert result.passed and result.status.startswith("not quite: the answer is No")
    assert s.task.question.is_right(1) is False and s.task.question.is_right(3) is True


def test_descent_statuses_say_what_to_change():
    lesson = builtin_lesson("descent")
    s = Session(lesson, lesson.task("crawl"))
    assert s.done().status == "no descent run yet: choose η and press Run"
    s.run_descent(0.01)
    assert s.done().status == "the last run used η = 0.01; this task needs η below 0.003"
    s.run_descent(0.00002)                             # stops at 2.274: its steps fell below the precision
    assert s.done().status.startswith("the last run stopped at x = 2.274154 after 8,541 steps; x needs to be within 0.01 of 2.25")
    s.run_descent(0.001)
    assert s.done().status == "the run converged at x = 2.250478 after 358 steps"


def test_the_step_place_names_the_step_and_what_came_before():
    s = Session(builtin_lesson("backprop"))
    assert step_place(s.stepper) is None
    s.step_to("delta", "h1")
    place = step_place(s.stepper)
    assert (place.kind, place.target) == ("delta", "h1")
    assert place.has_reached("activation", "o1") and place.has_reached("loss_total", "L")
    assert not place.has_reached("grad_w", "w1")


# --- checks: the registry and what each says -----------------------------------------------------


def test_the_registry_holds_every_kind_of_check():
    assert set(CHECKS) >= {"value", "only_changed", "input", "step", "answer", "trained", "diverged", "predicts",
                           "descent", "recognised", "taught"}


def _state(doc=None, **kw):
    return LessonState(doc if doc is not None else Document(), **kw)


def test_record_checks_read_their_records():
    trained = parse_check({"trained": {"below": 0.01}}, "check")
    assert not trained.run(_state()).passed
    assert trained.run(_state(training=TrainingRun(0.005, False, 10))).passed
    assert not trained.run(_state(training=TrainingRun(0.005, True, 10))).passed
    diverged = parse_check({"diverged": "any"}, "check")
    assert diverged.run(_state(training=TrainingRun(float("nan"), True, 3))).passed
    assert diverged.run(_state(descent=descend("quartic", 6, 0.1))).passed
    assert not diverged.run(_state(descent=descend("quartic", 6, 0.01))).passed
    recognised = parse_check({"recognised": {"above": 0.9}, "digit": 7}, "check")
    assert recognised.run(_state(digit=DigitRead(7, 0.95))).passed
    assert recognised.run(_state(digit=DigitRead(1, 0.99))).status == "the network reads 1; draw a 7"
    taught = parse_check({"taught": 2}, "check")
    assert taught.run(_state(taught=1)).status == "taught so far: 1 drawing; teach the network at least 2 drawings"
    assert taught.run(_state(taught=2)).passed


def test_any_passes_when_one_passes_and_all_when_every_one_does():
    doc = Document()
    either = parse_check({"any": [{"taught": 5}, {"diverged": "training"}]}, "check")
    assert not either.run(_state(doc, taught=1)).passed
    assert either.run(_state(doc, taught=5)).passed
    both = parse_check({"all": [{"taught": 1}, {"trained": {"below": 1}}]}, "check")
    result = both.run(_state(doc, taught=1))
    assert not result.passed and result.status.startswith("not trained yet")


def test_statuses_are_translated_through_the_catalogue():
    import gettext

    from nnapp.text import use_catalogue

    class Marked(gettext.NullTranslations):
        def gettext(self, message):
            return f"«{message}»"

    lesson = builtin_lesson("one-neuron")
    s = Session(lesson, lesson.task("bias-only"))
    use_catalogue(Marked())
    try:
        status = s.done().status
    finally:
        use_catalogue(None)
    assert status == "«{name} = {value}, needs to be {goal}»".format(name="o1", value="0.9991", goal="«below 0.5»")


# --- texts in several languages -----------------------------------------------------------------


def test_a_text_falls_back_to_english_then_to_its_first_language():
    both = LessonText.of({"en": "One neuron", "ru": "Один нейрон"})
    assert both.text_in("ru") == "Один нейрон" and both.text_in("en") == "One neuron"
    assert both.text_in("de") == "One neuron"
    russian_only = LessonText.of({"ru": "Один нейрон"})
    assert russian_only.text_in("en") == "Один нейрон"
    assert builtin_lesson("loss").title_in("ru") == "Насколько ошибается сеть: функция потерь"


def test_the_program_language_is_the_default():
    from nnapp.language import use_language
    use_language("ru")
    assert builtin_lesson("one-neuron").title_in() == "Один нейрон"
    use_language("en")
    assert builtin_lesson("one-neuron").title_in() == "One neuron"


# --- lesson files: every mistake says what and where -------------------------------------------


def minimal() -> dict:
    return {
        "format": "nnapp-lesson", "version": 1, "id": "mine", "order": 3,
        "title": {"en": "Mine"}, "text": {"en": "Some text"},
        "open": {"example": "neuron"},
        "tasks": [{"id": "one", "text": {"en": "Do it"}, "check": {"value": "o1", "below": 0.5}}],
    }


def test_a_minimal_lesson_reads():
    lesson = loads_lesson(json.dumps(minimal()))
    assert lesson.id == "mine" and lesson.order == 3 and lesson.task_ids == ("one",)
    assert lesson.text_in("ru") == "Some text"          # one language: the other falls back to it
    assert lesson.tasks[0].hint is None and lesson.tasks[0].hint_in() == ""


def change(path: str, value):
    d = minimal()
    keys = path.split(".")
    target = d
    for k in keys[:-1]:
        target = target[int(k)] if k.isdigit() else target[k]
    last = keys[-1]
    if value is DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return json.dumps(d)


DELETE = object()


@pytest.mark.parametrize("path, value, message", [
    ("tasks", DELETE, "the file has no 'tasks'"),
    ("title", "Mine", "title must be an object with one text per language"),
    ("title", {"de": "Meins"}, "title has the language 'de', which nnapp does not speak"),
    ("title", {}, "title has no text"),
    ("text", {"en": ""}, "text.en must not be empty"),
    ("titel", {"en": "x"}, "the file has an unknown key \"titel\""),
    ("format", "nnapp", "format must be \"nnapp-lesson\""),
    ("version", 2, "version is 2: this lesson was written for a newer nnapp"),
    ("version", "1", "version must be a whole number"),
    ("id", "My Lesson", "id must be an id of lower-case letters"),
    ("order", -1, "order must be a whole number"),
    ("tasks", [], "tasks must be a list of 1 to 20 tasks"),
    ("tasks.0.check", {"vale": "o1"}, "tasks[0].check has the unknown kind of check \"vale\""),
    ("tasks.0.check", {"value": "o1", "input": [1]}, "tasks[0].check names two kinds of check, value and input"),
    ("tasks.0.check", {"value": "o1"}, "tasks[0].check needs a limit"),
    ("tasks.0.check", {"value": "o1", "below": 0.5, "belov": 1}, "tasks[0].check has the unknown key \"belov\" for a 'value' check"),
    ("tasks.0.check", {"value": "o1", "near": 0.5, "below": 1}, "has \"near\" and \"above\" or \"below\""),
    ("tasks.0.check", {"value": "o1", "above": 2, "below": 1}, "\"above\" must be less than \"below\""),
    ("tasks.0.check", {"value": "o1", "below": "half"}, "tasks[0].check.below must be a number"),
    ("tasks.0.check", {"only_changed": "b1"}, "tasks[0].check.only_changed must be a list of names"),
    ("tasks.0.check", {"step": "deltas", "target": "h1"}, "tasks[0].check.step must be one of"),
    ("tasks.0.check", {"step": "delta"}, "tasks[0].check has no 'target'"),
    ("tasks.0.check", {"answer": 4, "choices": [{"en": "a"}, {"en": "b"}, {"en": "c"}]},
     "tasks[0].check.answer must be a whole number from 1 to 3"),
    ("tasks.0.check", {"answer": 1, "choices": [{"en": "a"}]}, "tasks[0].check.choices must be a list of 2 to 8"),
    ("tasks.0.check", {"descent": "fast"}, "tasks[0].check.descent must be one of"),
    ("tasks.0.check", {"trained": 0.01}, "tasks[0].check.trained must be an object"),
    ("tasks.0.check", {"all": []}, "tasks[0].check.all must be a list of 1 to 32 checks"),
    ("tasks.0.check", {"all": [{"value": "o1", "below": 1}], "x": 1}, "tasks[0].check has the unknown key \"x\" beside 'all'"),
    ("tasks.0.check", [], "tasks[0].check must be a check"),
    ("tasks.0.check", {}, "tasks[0].check is empty"),
    ("tasks.0.point_at", "inspector", "tasks[0].point_at must be one of"),
    ("tasks.0.id", "One!", "tasks[0].id must be an id"),
    ("open.example", "neurons", "open.example must be one of"),
    ("open.dock", "lessons", "open.dock must be one of"),
    ("open.data", "nope", "open.data must be one of"),
    ("open.parameters", {"q1": 1}, "open.parameters names 'q1'"),
    ("open.parameters", [1], "open.parameters must be an object of parameters"),
    ("open.input", [], "open.input must be a list of numbers"),
    ("open.descent", {"function": "cubic"}, "open.descent.function must be one of"),
    ("open.descent", {"x0": 1e9}, "open.descent.x0 must lie between"),
    ("open.descent", {"learning_rate": 0}, "open.descent.learning_rate must be greater than 0"),
])
def test_each_mistake_gives_its_message(path, value, message):
    with pytest.raises(LessonFileError) as caught:
        loads_lesson(change(path, value), "mine.nnlesson")
    text = str(caught.value)
    assert text.startswith("mine.nnlesson: ")
    assert message in text, text
    assert "\n" not in text


def test_a_task_id_used_twice_is_refused():
    d = minimal()
    d["tasks"].append(dict(d["tasks"][0]))
    with pytest.raises(LessonFileError, match=r"tasks\[1\]\.id is 'one', the id of tasks\[0\] too"):
        loads_lesson(json.dumps(d))


def test_a_check_nested_too_deeply_is_refused():
    check = {"value": "o1", "below": 1}
    for _ in range(10):
        check = {"all": [check]}
    d = minimal()
    d["tasks"][0]["check"] = check
    with pytest.raises(LessonFileError, match="nests \"all\" and \"any\" more than 8 deep"):
        loads_lesson(json.dumps(d))


@pytest.mark.parametrize("text, message", [
    ("", "the file is empty"),
    ("   \n", "the file is empty"),
    ("{", "is not valid JSON"),
    ('{"format": NaN}', "holds NaN, which is not a number a lesson can use"),
    ('{"format": "nnapp-lesson", "format": "x"}', "has the key \"format\" twice"),
    ("[" * 100 + "]" * 100, "nested more than 24 deep"),
    ('{"version": ' + "1" * 5000 + "}", "thousands of digits"),
    ('{"title": {"en": "\\ud800"}}', None),
])
def test_texts_that_are_no_lesson_are_refused(text, message):
    with pytest.raises(LessonFileError) as caught:
        loads_lesson(text)
    if message is not None:
        assert message in str(caught.value)


def test_a_lone_surrogate_in_a_text_is_named():
    d = minimal()
    text = json.dumps(d).replace('"Some text"', '"Some \\ud800 text"')
    with pytest.raises(LessonFileError, match="text.en holds half of a character"):
        loads_lesson(text)


def test_lesson_problems_name_what_the_document_lacks():
    d = minimal()
    d["tasks"][0]["check"] = {"all": [{"value": "o7", "below": 0.5}, {"only_changed": ["b9"]},
                                      {"predicts": "Alice", "above": 0.5}]}
    d["tasks"][0]["select"] = "h3"
    problems = lesson_problems(loads_lesson(json.dumps(d)))
    assert problems == [
        "task one: o7 is not in this network or its data",
        "task one: b9 is not in this network or its data",
        "task one: Alice is not in this network or its data",
        "task one: h3 is not in this network",
    ]
    d = minimal()
    d["open"]["parameters"] = {"w7": 1}
    assert lesson_problems(loads_lesson(json.dumps(d))) == [
        "neuron cannot be opened as the lesson says: this network has no parameter called w7"]


def test_opening_a_spec_that_does_not_fit_leaves_the_document_as_it_was():
    from nnapp.model.errors import EditError
    from nnapp.model.files import open_example
    doc = Document()
    open_example(doc, "feedforward")
    before = doc.state()
    d = minimal()
    d["open"]["parameters"] = {"w7": 1}
    with pytest.raises(EditError):
        open_lesson(doc, loads_lesson(json.dumps(d)).open)
    assert doc.state() == before


# --- hostile files ----------------------------------------------------------------------------------


def test_a_lesson_file_reads_from_disk(tmp_path):
    path = tmp_path / "mine.nnlesson"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal()).encode("utf-8"))   # a byte-order mark is allowed
    lesson = read_lesson(path)
    assert lesson.id == "mine" and lesson.source == str(path)


def test_a_file_over_one_megabyte_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.nnlesson"
    d = minimal()
    d["text"] = {"en": "x" * (MAX_LESSON_BYTES + 10)}
    path.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(LessonFileError, match="a lesson file has at most 1,000,000"):
        read_lesson(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.nnlesson"
    path.write_bytes(json.dumps(minimal()).replace("Mine", "M\u00efne").encode("latin-1"))
    with pytest.raises(LessonFileError, match=r"is not UTF-8 text \(byte 0xef on line 1\)"):
        read_lesson(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_waiting(tmp_path):
    path = tmp_path / "pipe.nnlesson"
    os.mkfifo(path)
    with pytest.raises(LessonFileError, match="FIFO"):
        read_lesson(path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused():
    with pytest.raises(LessonFileError, match="device"):
        read_lesson("/dev/zero")


def test_a_folder_and_a_missing_file_are_refused(tmp_path):
    with pytest.raises(LessonFileError, match="folder"):
        read_lesson(tmp_path)
    with pytest.raises(LessonFileError, match="there is no such file"):
        read_lesson(tmp_path / "none.nnlesson")


def test_a_damaged_built_in_file_costs_one_lesson(tmp_path, monkeypatch):
    good = builtin_module.LESSONS_DIR / "01-one-neuron.nnlesson"
    (tmp_path / "01-one-neuron.nnlesson").write_bytes(good.read_bytes())
    (tmp_path / "02-broken.nnlesson").write_text("{", encoding="utf-8")
    (tmp_path / "03-twice.nnlesson").write_bytes(good.read_bytes())
    monkeypatch.setattr(builtin_module, "LESSONS_DIR", tmp_path)
    builtin_module.read_builtin.cache_clear()
    try:
        found = builtin_module.read_builtin()
    finally:
        builtin_module.read_builtin.cache_clear()
    assert [lesson.id for lesson in found.lessons] == ["one-neuron"]
    assert len(found.problems) == 2
    assert "is not valid JSON" in found.problems[0] and "used by 01-one-neuron.nnlesson too" in found.problems[1]


# --- progress -----------------------------------------------------------------------------------------


def test_progress_goes_to_a_small_text_and_back():
    progress = LessonProgress()
    assert progress.mark_done("one-neuron", "bias-only") and not progress.mark_done("one-neuron", "bias-only")
    progress.mark_done("one-neuron", "range")
    progress.mark_done("xor", "why")
    progress.current = "xor"
    text = progress.to_json()
    assert len(text) < 200
    again = LessonProgress.from_json(text)
    assert again == progress and again.to_json() == text
    lesson = builtin_lesson("one-neuron")
    assert again.first_open_task(lesson.id, lesson.task_ids) == "one-half"
    assert not again.finished(lesson.id, lesson.task_ids)
    again.reset("one-neuron")
    assert again.done_in("one-neuron") == set() and again.is_done("xor", "why")


@pytest.mark.parametrize("text", [
    None, b"{}", 12, "", "not json", "[]", "null", '"text"', "{" * 5000, "[" * 100_000,
    '{"format": "nnapp-lesson-progress", "version": 2, "done": {}}',
    '{"format": "other", "version": 1, "done": {}}',
    '{"format": "nnapp-lesson-progress", "version": true, "done": {}}',
    '{"format": "nnapp-lesson-progress", "version": 1, "done": NaN}',
    "x" * 300_000,
])
def test_damaged_or_hostile_progress_starts_afresh(text):
    assert LessonProgress.from_json(text) == LessonProgress()


def test_progress_keeps_what_it_can_use():
    text = json.dumps({"format": "nnapp-lesson-progress", "version": 1, "current": 7,
                       "done": {"one-neuron": ["bias-only", 3, None, "Bad Id", ["x"]], "BAD": ["a"],
                                "xor": "why", "loss": ["alice"] * 500}})
    progress = LessonProgress.from_json(text)
    assert progress.done == {"one-neuron": {"bias-only"}, "loss": {"alice"}}
    assert progress.current is None


# --- the state a window fills -------------------------------------------------------------------------


def test_the_state_is_a_record_the_window_replaces_part_by_part():
    s = Session(builtin_lesson("training"))
    state = s.state()
    later = dataclasses.replace(state, training=TrainingRun(0.001, False, 1000))
    assert state.training is None and later.training.loss == 0.001 and later.doc is state.doc
    assert parameter_values(s.doc).keys() == {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"}


def test_a_question_is_found_inside_a_combination():
    task = builtin_lesson("backprop").task("delta-sign")
    question = task.question
    assert question.right == 2 and [c.text_in("en") for c in question.choices] == ["positive", "negative", "zero"]
    assert builtin_lesson("backprop").task("apply").question is None


def test_the_digits_lesson_reads_and_teaches():
    s = Session(builtin_lesson("digits"))
    s.draw(a_round_zero())
    assert s.digit.digit == 0 and round(s.digit.probability, 2) == 0.86     # not sure: the lesson's 0.86
    s.teach(0)
    s.draw(a_round_zero())
    assert s.digit.digit == 0 and round(s.digit.probability, 2) == 0.95     # after one step: 0.95


def test_the_examples_of_the_format_document_read():
    """docs/lesson-format.md: its whole lesson reads, and every check it shows parses."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", doc, flags=re.S)
    lesson = loads_lesson(blocks[0])
    assert lesson.id == "one-neuron" and lesson_problems(lesson) == []
    decoder = json.JSONDecoder()
    kinds = set()
    for block in blocks[1:]:
        text = block.strip()
        while text:
            value, end = decoder.raw_decode(text)
            text = text[end:].strip()
            if "function" in value and "descent" not in value:
                continue                                   # an open.descent, not a check
            kinds.add(next(iter(value)))
            parse_check(value, "check", "task")
    assert kinds == set(CHECKS) | {"all", "any"}
