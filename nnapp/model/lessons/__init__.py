"""Lessons: files a teacher writes, tasks the app checks. No Qt here.

A lesson leads a student through one idea of the tutorials: a text with
its formula, something to open, and a few tasks, each checked by the app
(``docs/lesson-format.md`` describes the files).

- ``lesson_file.py``: :class:`Lesson`, :class:`Task`, :class:`OpenSpec`;
  :func:`read_lesson` reads and checks a ``.nnlesson`` file, all or nothing;
- ``lesson_text.py``: a text in several languages, with a fallback;
- ``reading.py``: reading the parsed JSON value by value, with its place;
- ``checks.py``: the registry of check kinds (``network_checks.py``,
  ``record_checks.py``), the combinators ``all`` and ``any``;
  ``check_base.py``: what they share;
- ``state.py``: :class:`LessonState`, what the checks look at (the window
  fills it);
- ``opening.py``: opening what a lesson asks for; checking a lesson's
  names against its documents;
- ``places.py``: the parts of the window a lesson may name;
- ``progress.py``: the tasks done, as a small JSON text;
- ``builtin.py``: the nine lessons that come with nnapp.
"""

from .builtin import LESSONS_DIR, builtin_lesson, builtin_lessons, read_builtin
from .check_base import Bounds, Check, CheckResult
from .checks import CHECKS, name_problems, parse_check, run_check
from .lesson_file import SUFFIX, DescentStart, Lesson, OpenSpec, Task, loads_lesson, read_lesson
from .lesson_text import LessonText
from .opening import lesson_commands, lesson_problems, open_lesson, prepare
from .places import DOCKS, POINTS, dock_object_name
from .progress import LessonProgress
from .reading import LessonFileError
from .state import (DigitRead, LessonState, StepPlace, TrainingRun, digit_read, parameter_values, step_place,
                    training_run)

__all__ = [
    "Bounds", "CHECKS", "Check", "CheckResult", "DOCKS", "DescentStart", "DigitRead", "LESSONS_DIR", "Lesson",
    "LessonFileError", "LessonProgress", "LessonState", "LessonText", "OpenSpec", "POINTS", "SUFFIX", "StepPlace",
    "Task", "TrainingRun", "builtin_lesson", "builtin_lessons", "digit_read", "dock_object_name",
    "lesson_commands", "lesson_problems", "loads_lesson", "name_problems", "open_lesson", "parameter_values",
    "parse_check", "prepare", "read_builtin", "read_lesson", "run_check", "step_place", "training_run",
]
