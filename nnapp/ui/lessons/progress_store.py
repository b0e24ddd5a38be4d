"""Where the Lessons dock keeps what lasts between two starts: the tasks done,
and whether the student closed the dock.

Both live in the window's :class:`QSettings` (tests give it a file of their
own). The progress is :meth:`~nnapp.model.lessons.LessonProgress.to_json`'s
small text; reading it back never raises, so a damaged text (edited by
hand, cut short) starts afresh.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from nnapp.model.lessons import LessonProgress

PROGRESS_KEY = "lessons/progress"
"""The settings key of the progress text."""

CLOSED_KEY = "lessons/closed"
"""The settings key that says the student closed the Lessons dock."""


class ProgressStore:
    """The progress and the dock's closed mark in ``settings``."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def load(self) -> LessonProgress:
        """The progress kept last (an empty one when there is none or it is damaged)."""
        return LessonProgress.from_json(self.settings.value(PROGRESS_KEY))

    def save(self, progress: LessonProgress) -> None:
        self.settings.setValue(PROGRESS_KEY, progress.to_json())

    def closed(self) -> bool:
        """Whether the student closed the dock (it then stays closed at the next start)."""
        value = self.settings.value(CLOSED_KEY, False)
        return value is True or str(value).lower() == "true"

    def set_closed(self, closed: bool) -> None:
        if self.closed() != closed:
            self.settings.setValue(CLOSED_KEY, closed)


__all__ = ["CLOSED_KEY", "PROGRESS_KEY", "ProgressStore"]
