"""The lessons that come with nnapp (``nnapp/resources/lessons/NN-name.nnlesson``).

Nine lessons follow the tutorials: one neuron, a network of neurons, the
loss, backpropagation by hand, training, the perceptron, XOR, gradient
descent, and the digits. They are package data, found through
:mod:`nnapp.engine.resources` (``importlib.resources``), so an installed
nnapp finds them as a source checkout does; ``pyproject.toml`` lists them.

They are read once and kept (a :class:`~.lesson_file.Lesson` is
immutable), in their order. A damaged file is left out and named in
:attr:`BuiltinLessons.problems`, so one bad file costs one lesson, not the
dock.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from nnapp.engine.resources import RESOURCES_DIR
from nnapp.text import tr

from .lesson_file import SUFFIX, Lesson, LessonFileError, read_lesson

LESSONS_DIR = RESOURCES_DIR / "lessons"
"""The built-in lessons, ``NN-name.nnlesson``."""


class BuiltinLessons(NamedTuple):
    """The built-in lessons in order, and what kept any file out."""

    lessons: tuple[Lesson, ...]
    problems: tuple[str, ...]


@lru_cache(maxsize=1)
def read_builtin() -> BuiltinLessons:
    """Every built-in lesson, by ``order`` then id; damaged files are left out
    and described in ``problems`` (as is an id used twice)."""
    lessons: list[Lesson] = []
    problems: list[str] = []
    paths = sorted(LESSONS_DIR.glob(f"*{SUFFIX}")) if LESSONS_DIR.is_dir() else []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            lesson = read_lesson(path)
        except LessonFileError as e:
            problems.append(str(e))
            continue
        if lesson.id in seen:
            problems.append(tr("{path}: the lesson id {id!r} is used by {other} too")
                            .format(path=path.name, id=lesson.id, other=seen[lesson.id]))
            continue
        seen[lesson.id] = path.name
        lessons.append(lesson)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    return BuiltinLessons(tuple(lessons), tuple(problems))


def builtin_lessons() -> tuple[Lesson, ...]:
    """The built-in lessons, in order."""
    return read_builtin().lessons


def builtin_lesson(lesson_id: str) -> Lesson:
    """The built-in lesson ``lesson_id``.

    Raises
    ------
    KeyError
        There is no such lesson.
    """
    for lesson in builtin_lessons():
        if lesson.id == lesson_id:
            return lesson
    raise KeyError(lesson_id)


__all__ = ["BuiltinLessons", "LESSONS_DIR", "builtin_lesson", "builtin_lessons", "read_builtin"]
