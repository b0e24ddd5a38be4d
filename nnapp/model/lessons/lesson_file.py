"""Lesson files (``.nnlesson``): reading one, checking every part of it.

A lesson is a JSON file a teacher can read and write without code; its
format is described for people in ``docs/lesson-format.md``. It holds a
title and a text (Markdown, with the formula), what to open (an example,
parameters, an input, a target, a dock, a descent to start from) and a
list of tasks, each with its text, a hint, a place of the window to point
at and the check the app runs (``checks.py``). Every text is given per
language, ``{"en": "…", "ru": "…"}`` (``lesson_text.py``).

Reading is all or nothing: the file is opened only when it is an ordinary
file (a FIFO or a device is refused by its kind, without waiting on it:
:func:`~nnapp.engine.regular_files.open_regular`), at most
:data:`MAX_LESSON_BYTES` are read, its nesting is measured in its bytes
before it is parsed, and the whole tree is checked before a
:class:`Lesson` is made. Any problem raises :class:`LessonFileError` with
one line that names the file and the place in it: "lesson.nnlesson:
tasks[1].check has the unknown kind of check \"vale\" (known kinds: …)".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from nnapp.engine.datasets import dataset_names
from nnapp.engine.descent import DIVERGED_BEYOND, FUNCTIONS, MAX_STEPS
from nnapp.engine.examples import example_names
from nnapp.engine.file_parsing import _nesting
from nnapp.engine.regular_files import NotAFileError, open_regular
from nnapp.text import tr

from .check_base import Check, CheckResult
from .checks import parse_check, question_of
from .lesson_text import LessonText, read_text
from .places import DOCKS, POINTS
from .reading import (LessonFileError, fail, identifier, number, numbers, obj, one_of, place, positive, shown,
                      text, whole)
from .record_checks import AnswerCheck
from .state import LessonState

FORMAT = "nnapp-lesson"
VERSION = 1
SUFFIX = ".nnlesson"

MAX_LESSON_BYTES = 1_000_000
"""Lesson files larger than this (1 MB) are refused before they are read."""

MAX_NESTING = 24
"""Deepest nesting of lists and objects in a lesson file."""

MAX_TASKS = 20
MAX_PARAMETERS = 1000

TOP_KEYS = ("format", "version", "id", "order", "title", "text", "open", "tasks")
TASK_KEYS = ("id", "text", "hint", "point_at", "select", "open", "check")
OPEN_KEYS = ("example", "data", "input", "parameters", "target", "dock", "descent")
DESCENT_KEYS = ("function", "x0", "learning_rate", "precision", "max_steps")


@dataclass(frozen=True)
class DescentStart:
    """The settings a lesson's gradient descent starts from."""

    function: str = "quartic"
    x0: float = 6.0
    learning_rate: float = 0.01
    precision: float = 1e-5
    max_steps: int = 10_000


@dataclass(frozen=True)
class OpenSpec:
    """What a lesson (or a task) opens; every part is optional.

    Attributes
    ----------
    example : str or None
        A built-in example to open (None: keep the document).
    data : str or None
        A built-in dataset to choose instead of the example's.
    parameters : tuple of (str, float)
        Weights and biases to set, by name ("w1", "b3"), in the file's order.
    input : tuple of float or None
        The input row's values.
    target : tuple of float or None
        The input row's target for the step-through panel.
    dock : str or None
        The dock to bring forward (see :data:`~.places.DOCKS`).
    descent : DescentStart or None
        Where the gradient-descent controls start.
    """

    example: str | None = None
    data: str | None = None
    parameters: tuple[tuple[str, float], ...] = ()
    input: tuple[float, ...] | None = None
    target: tuple[float, ...] | None = None
    dock: str | None = None
    descent: DescentStart | None = None

    @property
    def parameter_values(self) -> dict[str, float]:
        return dict(self.parameters)

    def changes_document(self) -> bool:
        """Whether opening it changes the document (not only the window)."""
        return bool(self.example or self.data or self.parameters or self.input is not None)


@dataclass(frozen=True)
class Task:
    """One task of a lesson: what to do, a hint, and the check that says it is done.

    Attributes
    ----------
    id : str
    text, hint : LessonText (hint may be None)
    check : Check
    point_at : str or None
        A place of the window to point at (see :data:`~.places.POINTS`).
    select : str or None
        A neuron or parameter to select on the canvas first ("o1", "b1",
        "w5"), so that the Inspector shows its field.
    open : OpenSpec or None
        What this task opens when it begins (None: it goes on where the
        lesson is).
    """

    id: str
    text: LessonText
    check: Check
    hint: LessonText | None = None
    point_at: str | None = None
    select: str | None = None
    open: OpenSpec | None = None

    def text_in(self, lang: str | None = None) -> str:
        return self.text.text_in(lang)

    def hint_in(self, lang: str | None = None) -> str:
        return "" if self.hint is None else self.hint.text_in(lang)

    @property
    def question(self) -> AnswerCheck | None:
        """The multiple-choice question of the task, if it asks one."""
        return question_of(self.check)

    def evaluate(self, state: LessonState) -> CheckResult:
        """Whether the task is done in ``state``, and the status for the dock."""
        return self.check.run(state)


@dataclass(frozen=True)
class Lesson:
    """A lesson read from a file.

    Attributes
    ----------
    id : str
    order : int
        Lessons are listed by it (then by id).
    title, text : LessonText
        The text is Markdown.
    open : OpenSpec
    tasks : tuple of Task
    source : str
        The file it was read from ("" for a text).
    """

    id: str
    order: int
    title: LessonText
    text: LessonText
    open: OpenSpec
    tasks: tuple[Task, ...]
    source: str = field(default="", compare=False)

    def title_in(self, lang: str | None = None) -> str:
        return self.title.text_in(lang)

    def text_in(self, lang: str | None = None) -> str:
        return self.text.text_in(lang)

    @property
    def task_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tasks)

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise KeyError(task_id)

    def languages(self) -> set[str]:
        """The languages every text of the lesson is written in."""
        texts = [self.title, self.text] + [t.text for t in self.tasks]
        texts += [t.hint for t in self.tasks if t.hint is not None]
        texts += [c for t in self.tasks if t.question for c in t.question.choices]
        return set.intersection(*(set(x.languages) for x in texts))


# --- reading ------------------------------------------------------------------------


def read_lesson(path: str | os.PathLike) -> Lesson:
    """Read and check the lesson file at ``path``.

    Raises
    ------
    LessonFileError
        It does not exist, is not an ordinary file, is larger than
        :data:`MAX_LESSON_BYTES`, is not UTF-8 JSON, or does not follow the
        format; the message names the file and the first problem.
    """
    source = os.fspath(path)
    try:
        f, info = open_regular(source)
    except FileNotFoundError:
        raise LessonFileError(tr("there is no such file"), source) from None
    except NotAFileError as e:
        raise LessonFileError(tr("{problem}: a lesson is an ordinary file").format(problem=e.problem), source) from None
    except OSError as e:
        raise LessonFileError(tr("cannot be read ({value})").format(value=e.strerror or e), source) from None
    except ValueError as e:  # a NUL in the path
        raise LessonFileError(tr("cannot be read ({e})").format(e=e), source) from None
    with f:
        if info.st_size > MAX_LESSON_BYTES:
            raise LessonFileError(_too_large(info.st_size), source)
        try:
            raw = f.read(MAX_LESSON_BYTES + 1)
        except OSError as e:
            raise LessonFileError(tr("cannot be read ({value})").format(value=e.strerror or e), source) from None
    return loads_lesson(raw, source)


def loads_lesson(data: bytes | str, source: str = "") -> Lesson:
    """Read and check a lesson from the bytes or the text of its file.

    Raises
    ------
    LessonFileError
    """
    if isinstance(data, (bytes, bytearray)):
        raw = bytes(data)
        if len(raw) > MAX_LESSON_BYTES:
            raise LessonFileError(_too_large(len(raw)), source)
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = raw[: e.start].count(b"\n") + 1
            raise LessonFileError(tr("is not UTF-8 text (byte 0x{raw:02x} on line {line}); "
                                     "save it with the UTF-8 encoding").format(raw=raw[e.start], line=line),
                                  source) from None
    elif isinstance(data, str):
        content = data[1:] if data.startswith("\ufeff") else data
        if len(content) > MAX_LESSON_BYTES:
            raise LessonFileError(_too_large(len(content)), source)
    else:
        raise TypeError(f"loads_lesson reads bytes or str, not {type(data).__name__}")
    if not content.strip():
        raise LessonFileError(tr("the file is empty"), source)
    if _nesting(content.encode("utf-8", "surrogatepass")) > MAX_NESTING:
        raise LessonFileError(tr("its lists and objects are nested more than {most} deep: "
                                 "this is not a lesson file").format(most=MAX_NESTING), source)
    try:
        tree = json.loads(content, parse_constant=_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        raise LessonFileError(tr("is not valid JSON: {msg} at line {lineno}, column {colno}")
                              .format(msg=e.msg, lineno=e.lineno, colno=e.colno), source) from None
    except LessonFileError as e:
        raise e.with_source(source) from None
    except RecursionError:
        raise LessonFileError(tr("its lists and objects are nested too deeply: this is not a lesson file"),
                              source) from None
    except ValueError:  # a whole number of more digits than Python converts
        raise LessonFileError(tr("holds a number of thousands of digits, which cannot be read"), source) from None
    try:
        lesson = lesson_from_dict(tree)
    except LessonFileError as e:
        raise e.with_source(source) from None
    return _with_source(lesson, source)


def _too_large(n_bytes: int) -> str:
    return tr("is {size:,} bytes: a lesson file has at most {most:,}").format(size=n_bytes, most=MAX_LESSON_BYTES)


def _constant(literal: str):
    raise LessonFileError(tr("holds {literal}, which is not a number a lesson can use").format(literal=literal))


def _pairs(pairs: list) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise LessonFileError(tr("has the key {key} twice in one object")
                                      .format(key=json.dumps(key, ensure_ascii=False)))
            seen.add(key)
    return d


def _with_source(lesson: Lesson, source: str) -> Lesson:
    return Lesson(lesson.id, lesson.order, lesson.title, lesson.text, lesson.open, lesson.tasks, source)


def lesson_from_dict(tree) -> Lesson:
    """The :class:`Lesson` of a parsed lesson file.

    Raises
    ------
    LessonFileError
        Naming the first problem and where it is.
    """
    obj(tree, "", TOP_KEYS, ("format", "version", "id", "title", "text", "tasks"))
    if tree["format"] != FORMAT:
        raise fail(tr("format must be {want}, not {found}: this is not a lesson file")
                   .format(want=json.dumps(FORMAT), found=shown(tree["format"])))
    version = whole(tree["version"], "version", 1, 10**6)
    if version > VERSION:
        raise fail(tr("version is {version}: this lesson was written for a newer nnapp, "
                      "which reads version {known}").format(version=version, known=VERSION))
    lesson_id = identifier(tree["id"], "id")
    order = whole(tree.get("order", 0), "order", 0, 10**6)
    title = read_text(tree["title"], "title", longest=200)
    body = read_text(tree["text"], "text")
    opening = read_open(tree["open"], "open") if "open" in tree else OpenSpec()
    tasks = tree["tasks"]
    if not isinstance(tasks, list) or not 1 <= len(tasks) <= MAX_TASKS:
        raise fail(tr("tasks must be a list of 1 to {most} tasks, not {found}")
                   .format(most=MAX_TASKS, found=shown(tasks)))
    read: list[Task] = []
    for i, raw in enumerate(tasks):
        task = read_task(raw, place("tasks", i))
        for j, earlier in enumerate(read):
            if earlier.id == task.id:
                raise fail(tr("tasks[{i}].id is {id!r}, the id of tasks[{j}] too: every task needs its own id")
                           .format(i=i, id=task.id, j=j))
        read.append(task)
    return Lesson(lesson_id, order, title, body, opening, tuple(read))


def read_task(raw, where: str) -> Task:
    """The :class:`Task` of the object ``raw`` at ``where``."""
    obj(raw, where, TASK_KEYS, ("id", "text", "check"))
    task_id = identifier(raw["id"], place(where, "id"))
    body = read_text(raw["text"], place(where, "text"), longest=2000)
    hint = read_text(raw["hint"], place(where, "hint"), longest=2000) if "hint" in raw else None
    point_at = None
    if "point_at" in raw:
        point_at = one_of(raw["point_at"], place(where, "point_at"), POINTS)
    select = text(raw["select"], place(where, "select"), longest=64).strip() if "select" in raw else None
    opening = read_open(raw["open"], place(where, "open")) if "open" in raw else None
    check = parse_check(raw["check"], place(where, "check"), task_id)
    return Task(task_id, body, check, hint, point_at, select, opening)


def read_open(raw, where: str) -> OpenSpec:
    """The :class:`OpenSpec` of the object ``raw`` at ``where``."""
    obj(raw, where, OPEN_KEYS)
    example = one_of(raw["example"], place(where, "example"), example_names()) if "example" in raw else None
    data = one_of(raw["data"], place(where, "data"), dataset_names()) if "data" in raw else None
    parameters: tuple[tuple[str, float], ...] = ()
    if "parameters" in raw:
        here = place(where, "parameters")
        values = raw["parameters"]
        if not isinstance(values, dict):
            raise fail(tr("{where} must be an object of parameters such as {{\"w1\": 1, \"b1\": 0}}, not {found}")
                       .format(where=here, found=shown(values)))
        if len(values) > MAX_PARAMETERS:
            raise fail(tr("{where} sets {n:,} parameters; at most {most:,} are allowed")
                       .format(where=here, n=len(values), most=MAX_PARAMETERS))
        for name in values:
            if not (len(name) > 1 and name[0] in "wb" and name[1:].isdigit() and name[1] != "0"):
                raise fail(tr("{where} names {name!r}: a parameter is a weight w1, w2 … or a bias b1, b2 …")
                           .format(where=here, name=name))
        parameters = tuple((name, number(v, place(here, name))) for name, v in values.items())
    values_in = numbers(raw["input"], place(where, "input")) if "input" in raw else None
    target = numbers(raw["target"], place(where, "target")) if "target" in raw else None
    dock = one_of(raw["dock"], place(where, "dock"), DOCKS) if "dock" in raw else None
    descent = read_descent(raw["descent"], place(where, "descent")) if "descent" in raw else None
    return OpenSpec(example, data, parameters, values_in, target, dock, descent)


def read_descent(raw, where: str) -> DescentStart:
    """The :class:`DescentStart` of the object ``raw`` at ``where``."""
    obj(raw, where, DESCENT_KEYS)
    default = DescentStart()
    function = one_of(raw["function"], place(where, "function"), FUNCTIONS) if "function" in raw else default.function
    x0 = number(raw["x0"], place(where, "x0")) if "x0" in raw else default.x0
    if abs(x0) > DIVERGED_BEYOND:
        raise fail(tr("{where} must lie between −{bound:g} and {bound:g}")
                   .format(where=place(where, "x0"), bound=DIVERGED_BEYOND))
    rate = positive(raw["learning_rate"], place(where, "learning_rate")) if "learning_rate" in raw \
        else default.learning_rate
    precision = positive(raw["precision"], place(where, "precision")) if "precision" in raw else default.precision
    steps = whole(raw["max_steps"], place(where, "max_steps"), 1, MAX_STEPS) if "max_steps" in raw \
        else default.max_steps
    return DescentStart(function, x0, rate, precision, steps)


__all__ = ["DescentStart", "FORMAT", "Lesson", "LessonFileError", "MAX_LESSON_BYTES", "MAX_NESTING", "MAX_TASKS",
           "OpenSpec", "SUFFIX", "Task", "VERSION", "lesson_from_dict", "loads_lesson", "read_lesson", "read_open",
           "read_task"]
