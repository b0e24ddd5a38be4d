"""The task in hand, above the canvas, while the Lessons dock is behind another tab.

A task often sends the student to another right-hand tab (the inspector,
the training panel, the digit pad), which hides the Lessons dock and with it
the task's text. :class:`TaskBanner` keeps the task in sight between the
input row and the canvas: the lesson and task numbers, the task's text, the
check's status line (green once done) and a button back to the lesson. It
shows only while a lesson is open and the Lessons dock is not in front.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnapp.text import tr

from .session import LessonSession

DONE_COLOUR = "#2e7d32"
PENDING_COLOUR = "#555555"


class TaskBanner(QFrame):
    """The current task of ``session``, shown while ``dock`` is not in front."""

    def __init__(self, session: LessonSession, dock: QDockWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_task_banner")
        self.session, self.dock = session, dock
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#lesson_task_banner { background: #fff8e1; border: 1px solid #f0d58c; }")
        self.heading = QLabel()
        self.heading.setObjectName("lesson_banner_heading")
        self.text = QLabel()
        self.text.setObjectName("lesson_banner_text")
        self.text.setTextFormat(Qt.TextFormat.MarkdownText)
        self.text.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("lesson_banner_status")
        self.status.setWordWrap(True)
        self.back = QPushButton(tr("Lesson ▸"))
        self.back.setObjectName("lesson_banner_back")
        self.back.setToolTip(tr("Show the lesson: its text, the hint and every task"))
        self.back.clicked.connect(self._show_lesson)
        words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.setSpacing(1)
        words.addWidget(self.heading)
        words.addWidget(self.text)
        words.addWidget(self.status)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addLayout(words, 1)
        row.addWidget(self.back, 0, Qt.AlignmentFlag.AlignVCenter)
        self.in_front = False
        dock.visibilityChanged.connect(self._dock_shown)
        session.changed.connect(self.refresh)
        self.refresh()

    def _dock_shown(self, visible: bool) -> None:
        self.in_front = visible
        self.refresh()

    def _show_lesson(self) -> None:
        self.dock.show()
        self.dock.raise_()

    def refresh(self) -> None:
        """Show the current task, or hide when there is none or the dock is in front."""
        session = self.session
        lesson, index = session.lesson, session.current
        if lesson is None or index is None or self.in_front:
            self.hide()
            return
        task = lesson.tasks[index]
        self.heading.setText(tr("<b>Lesson {lesson}, task {task} of {tasks}</b>").format(
            lesson=lesson.order, task=index + 1, tasks=len(lesson.tasks)))
        self.text.setText(task.text_in())
        result = session.results.get(task.id)
        self.status.setText(result.status if result is not None else "")
        passed = result is not None and result.passed
        self.status.setStyleSheet(f"color: {DONE_COLOUR if passed else PENDING_COLOUR};")
        self.status.setVisible(bool(self.status.text()))
        self.show()


__all__ = ["TaskBanner"]
