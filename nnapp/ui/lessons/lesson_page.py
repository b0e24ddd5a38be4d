"""A lesson on the Lessons dock: its title and text, the gradient-descent
controls when it has them, its tasks, and the way on to the next lesson.

The page scrolls as one: the text takes the height it needs
(:class:`~.markdown_view.MarkdownView`), then come the descent controls
(made once, the first time a lesson asks for them), the tasks' cards
(:class:`~.task_card.TaskCard`), a line once every task is done, and
"Next lesson".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from nnapp.model.lessons import Lesson
from nnapp.text import sentence, tr

from ..fields import ERROR_STYLE
from .descent_panel import DescentPanel
from .markdown_view import MarkdownView
from .task_card import TaskCard

FINISHED_STYLE = "color: #1a7f37; font-weight: bold;"


class LessonPage(QWidget):
    """One lesson: text, descent, tasks, next.

    Signals
    -------
    back_requested()
        "◂ Lessons" was pressed.
    next_requested()
        "Next lesson" was pressed.
    descent_made()
        The descent controls were made (their ``ran`` signal can be followed).

    Attributes
    ----------
    lesson : Lesson or None
    cards : list of TaskCard
    descent : DescentPanel or None
        Made the first time a lesson has gradient descent.
    """

    back_requested = Signal()
    next_requested = Signal()
    descent_made = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_page")
        self.lesson: Lesson | None = None
        self.cards: list[TaskCard] = []
        self.descent: DescentPanel | None = None
        self._pending: TaskCard | None = None

        self.back_button = QPushButton(tr("◂ Lessons"))
        self.back_button.setObjectName("lesson_back")
        self.back_button.setToolTip(tr("Back to the list of lessons (the network stays open)"))
        self.back_button.clicked.connect(lambda checked=False: self.back_requested.emit())
        self.title = QLabel()
        self.title.setObjectName("lesson_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.problems = QLabel()
        self.problems.setObjectName("lesson_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.hide()
        self.text = MarkdownView()
        self.text.setObjectName("lesson_text")
        self.tasks_title = QLabel(tr("Tasks"))
        self.tasks_title.setObjectName("lesson_tasks_title")
        bold = self.tasks_title.font()
        bold.setBold(True)
        self.tasks_title.setFont(bold)
        self.card_box = QVBoxLayout()
        self.card_box.setContentsMargins(0, 0, 0, 0)
        self.card_box.setSpacing(6)
        self.finished = QLabel()
        self.finished.setObjectName("lesson_finished")
        self.finished.setWordWrap(True)
        self.finished.setStyleSheet(FINISHED_STYLE)
        self.finished.hide()
        self.next_button = QPushButton(tr("Next lesson ▸"))
        self.next_button.setObjectName("lesson_next")
        self.next_button.setToolTip(tr("Open the next lesson"))
        self.next_button.clicked.connect(lambda checked=False: self.next_requested.emit())

        inner = QWidget()
        self.box = QVBoxLayout(inner)
        self.box.setContentsMargins(6, 6, 6, 6)
        self.box.setSpacing(8)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.box.addLayout(top)
        self.box.addWidget(self.title)
        self.box.addWidget(self.problems)
        self.box.addWidget(self.text)
        self.descent_index = self.box.count()
        self.box.addWidget(self.tasks_title)
        self.box.addLayout(self.card_box)
        self.box.addWidget(self.finished)
        self.box.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignRight)
        self.box.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("lesson_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

    def show_lesson(self, lesson: Lesson, problems: list[str], has_next: bool, with_descent: bool) -> None:
        """Show ``lesson``: its texts in the program's language, a card per
        task, the descent controls when ``with_descent``; ``problems`` are
        what in a teacher's file does not fit its network."""
        self.lesson = lesson
        self.title.setText(lesson.title_in())
        self.problems.setText("\n".join(sentence(p) for p in problems))
        self.problems.setVisible(bool(problems))
        self.text.set_markdown(lesson.text_in())
        for card in self.cards:
            self.card_box.removeWidget(card)
            card.hide()
            card.setParent(None)
            card.deleteLater()
        self.cards = []
        for index, task in enumerate(lesson.tasks):
            card = TaskCard(index, task)
            self.card_box.addWidget(card)
            card.show()                 # a widget added to a shown page is not shown by itself
            self.cards.append(card)
        if with_descent and self.descent is None:
            self.descent = DescentPanel()
            self.box.insertWidget(self.descent_index, self.descent)
            self.descent_made.emit()
        if self.descent is not None:
            self.descent.setVisible(with_descent)
        self.next_button.setVisible(has_next)
        self._pending = None
        self.scroll_area.verticalScrollBar().setValue(0)

    def show_finished(self, finished: bool) -> None:
        """Say so when every task of the lesson is done."""
        self.finished.setText(tr("Every task of this lesson is done.") if finished else "")
        self.finished.setVisible(finished)

    def ensure_visible(self, card: TaskCard) -> None:
        """Scroll so that ``card`` is in sight, now or, while the page cannot be
        seen (another tab of its dock in front), once it can."""
        self._pending = card
        QTimer.singleShot(0, self.scroll_to_pending)     # once the page has laid out its cards

    def scroll_to_pending(self) -> None:
        """Scroll to the card asked for while the page could not be seen."""
        card = self._pending
        if card is None or card not in self.cards:
            self._pending = None
            return
        if self.visibleRegion().isEmpty():
            return                              # behind another tab: when it comes forward
        self._pending = None
        self.box.activate()                     # the cards where they will be drawn
        self.scroll_area.ensureWidgetVisible(card, 0, 20)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._pending is not None:
            QTimer.singleShot(0, self.scroll_to_pending)


__all__ = ["LessonPage"]
