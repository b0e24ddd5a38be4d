"""The first page of the Lessons dock: the lessons in order, each with its
title, one sentence of what it is about and how many of its tasks are done,
and a way to open a teacher's own lesson file.

A lesson that could not be read (a damaged built-in file) is named under
the list, so one bad file costs one lesson, not the dock.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from nnapp.model.lessons import Lesson, LessonProgress
from nnapp.text import sentence, tr

from ..fields import ERROR_STYLE
from .rich_button import RichButton

SUMMARY_CHARS = 140
"""The longest summary of a lesson under its title (cut at a word, with "…")."""

DONE_STYLE = "color: #1a7f37;"
SUMMARY_STYLE = "color: #555555;"


def lesson_summary(text: str) -> str:
    """The first sentence of a lesson's Markdown text, as plain text
    ("A neuron takes its inputs, …")."""
    first = text.strip().split("\n\n", 1)[0]
    plain = re.sub(r"(\*\*|\*|`)(\S.*?)\1", r"\2", first)
    plain = " ".join(plain.split())
    match = re.search(r"[.!?](?=\s|$)", plain)
    if match:
        plain = plain[: match.end()]
    if len(plain) > SUMMARY_CHARS:
        plain = plain[:SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return plain


class LessonRow(RichButton):
    """A lesson in the list: its number and title, its progress, its summary."""

    def __init__(self, lesson: Lesson, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.setObjectName(f"lesson_{lesson.id}")
        self.title = self.add_line(tr("{number}. {title}").format(number=number, title=lesson.title_in()),
                                   "lesson_title", bold=True, side="")
        self.progress = self.title.side
        self.progress.setObjectName("lesson_progress")
        self.summary = self.add_line(lesson_summary(lesson.text_in()), "lesson_summary", style=SUMMARY_STYLE)
        self.setToolTip(tr("Open this lesson: its network opens and its first task begins"))

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setText(f"✓ {done}/{total}" if done else f"{done}/{total}")
        self.progress.setStyleSheet(DONE_STYLE if done == total else "")
        self.progress.setToolTip(tr("{done} of {total} tasks done").format(done=done, total=total))


class StartPage(QWidget):
    """The list of lessons.

    Signals
    -------
    lesson_chosen(Lesson)
    file_requested()
        "Open a lesson file…" was pressed.
    """

    lesson_chosen = Signal(object)
    file_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessons_start")
        self.rows: dict[str, LessonRow] = {}

        intro = QLabel(tr("Each lesson opens a network and gives you a few tasks; nnapp checks every task "
                          "by itself as you work."))
        intro.setObjectName("lessons_intro")
        intro.setWordWrap(True)
        self.list = QVBoxLayout()
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(4)
        self.problems = QLabel()
        self.problems.setObjectName("lessons_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.hide()
        self.file_button = QPushButton(tr("Open a lesson file…"))
        self.file_button.setObjectName("lessons_open_file")
        self.file_button.setToolTip(tr("Open a lesson a teacher wrote (a .nnlesson file)"))
        self.file_button.clicked.connect(lambda checked=False: self.file_requested.emit())

        inner = QWidget()
        box = QVBoxLayout(inner)
        box.setContentsMargins(6, 6, 6, 6)
        box.setSpacing(8)
        box.addWidget(intro)
        box.addLayout(self.list)
        box.addWidget(self.problems)
        box.addWidget(self.file_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def set_lessons(self, lessons: tuple[Lesson, ...], problems: tuple[str, ...] = ()) -> None:
        """List ``lessons`` in their order; name the files in ``problems`` that could not be read."""
        for row in self.rows.values():
            self.list.removeWidget(row)
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.rows = {}
        for number, lesson in enumerate(lessons, start=1):
            row = LessonRow(lesson, number)
            row.clicked.connect(lambda checked=False, lesson=lesson: self.lesson_chosen.emit(lesson))
            self.list.addWidget(row)
            row.show()
            self.rows[lesson.id] = row
        if problems:
            self.problems.setText(sentence(tr("some lessons could not be read:")) + "\n"
                                  + "\n".join(sentence(p) for p in problems))
        self.problems.setVisible(bool(problems))

    def show_progress(self, progress: LessonProgress) -> None:
        """How many tasks of each lesson are done."""
        for lesson_id, row in self.rows.items():
            ids = row.lesson.task_ids
            done = len(progress.done_in(lesson_id) & set(ids))
            row.show_progress(done, len(ids))


__all__ = ["LessonRow", "StartPage", "lesson_summary"]
