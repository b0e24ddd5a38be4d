"""Which tasks of which lessons a student has done, kept as a small JSON text.

The window stores :meth:`LessonProgress.to_json` in its settings and gives
it back to :meth:`LessonProgress.from_json` at the next start. That text
may be damaged (a settings file edited by hand, cut short, or written by a
hostile program): reading it never raises. A text that is not a progress
record at all starts afresh; entries that cannot be used are left out and
the others kept. The text is bounded (:data:`MAX_PROGRESS_CHARS`), and so
are the lessons and tasks it may name.

::

    {"format": "nnapp-lesson-progress", "version": 1,
     "current": "one-neuron",
     "done": {"one-neuron": ["bias-only", "half"], "network": []}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable

from .reading import ID_PATTERN

FORMAT = "nnapp-lesson-progress"
VERSION = 1

MAX_PROGRESS_CHARS = 256 * 1024
"""Longer progress texts are not read (a real one is well under a kilobyte)."""

MAX_LESSONS = 1000
MAX_TASKS = 100


def _is_id(value) -> bool:
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


@dataclass
class LessonProgress:
    """The tasks done, per lesson id, and the lesson last open.

    Attributes
    ----------
    done : dict of str to set of str
        Lesson id → the ids of its tasks done.
    current : str or None
        The id of the lesson open last.
    """

    done: dict[str, set[str]] = field(default_factory=dict)
    current: str | None = None

    def mark_done(self, lesson_id: str, task_id: str) -> bool:
        """Note a task as done; True when it was not done before."""
        tasks = self.done.setdefault(lesson_id, set())
        if task_id in tasks:
            return False
        tasks.add(task_id)
        return True

    def is_done(self, lesson_id: str, task_id: str) -> bool:
        return task_id in self.done.get(lesson_id, ())

    def done_in(self, lesson_id: str) -> set[str]:
        """The ids of the tasks done in a lesson (a copy)."""
        return set(self.done.get(lesson_id, ()))

    def finished(self, lesson_id: str, task_ids: Iterable[str]) -> bool:
        """Whether every one of ``task_ids`` of the lesson is done."""
        done = self.done.get(lesson_id, set())
        return all(t in done for t in task_ids)

    def first_open_task(self, lesson_id: str, task_ids: Iterable[str]) -> str | None:
        """The first of ``task_ids`` not done yet (None: all are)."""
        done = self.done.get(lesson_id, set())
        return next((t for t in task_ids if t not in done), None)

    def reset(self, lesson_id: str | None = None) -> None:
        """Forget the tasks done in one lesson (None: in every lesson)."""
        if lesson_id is None:
            self.done.clear()
        else:
            self.done.pop(lesson_id, None)

    def to_json(self) -> str:
        """The progress as a small JSON text (ids sorted, so equal progress gives equal text)."""
        return json.dumps({
            "format": FORMAT, "version": VERSION, "current": self.current,
            "done": {lesson: sorted(tasks) for lesson, tasks in sorted(self.done.items())},
        }, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text) -> "LessonProgress":
        """The progress a :meth:`to_json` text holds; never raises.

        Anything that is not such a text (not a string, too long, not JSON,
        nested too deeply, another format or a newer version) gives an
        empty progress; lessons and tasks whose ids cannot be used are left
        out, the rest kept.
        """
        if not isinstance(text, str) or not text or len(text) > MAX_PROGRESS_CHARS:
            return cls()
        try:
            tree = json.loads(text, parse_constant=lambda literal: None)
        except (ValueError, RecursionError):
            return cls()
        if (not isinstance(tree, dict) or tree.get("format") != FORMAT
                or type(tree.get("version")) is not int or not 1 <= tree["version"] <= VERSION):
            return cls()
        progress = cls()
        current = tree.get("current")
        progress.current = current if _is_id(current) else None
        done = tree.get("done")
        if not isinstance(done, dict):
            return progress
        for lesson_id, tasks in list(done.items())[:MAX_LESSONS]:
            if not _is_id(lesson_id) or not isinstance(tasks, list):
                continue
            kept = {t for t in tasks[:MAX_TASKS] if _is_id(t)}
            if kept:
                progress.done[lesson_id] = kept
        return progress


__all__ = ["FORMAT", "LessonProgress", "MAX_PROGRESS_CHARS", "VERSION"]
