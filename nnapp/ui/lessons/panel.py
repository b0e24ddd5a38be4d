"""The Lessons dock: the list of lessons, a lesson's page, and what ties them
to the window.

The dock's first page lists the built-in lessons with their progress
(:class:`~.start_page.StartPage`) and opens a teacher's own ``.nnlesson``
file; choosing one opens it (:class:`~.session.LessonSession`) and shows
its page (:class:`~.lesson_page.LessonPage`), whose cards follow the
session: the task done, the one to do now with its check's status, the
ones still to do. When a task begins, the part of the window it is about is
framed for a few seconds (:class:`~.highlight.Highlight`), its dock brought
forward first.

A new window with no document shows the dock in front (:meth:`LessonsPanel.place`);
once the student closes the dock it stays closed, at the next start too,
until it is opened again (View ▸ Lessons or Help ▸ Lessons).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from nnapp.model.lessons import SUFFIX, DescentStart, Lesson, LessonFileError, lesson_problems, read_builtin, read_lesson
from nnapp.text import sentence, tr

from .highlight import Highlight
from .lesson_page import LessonPage
from .progress_store import ProgressStore
from .session import LessonSession
from .start_page import StartPage
from .task_card import CURRENT, DONE, TO_DO
from .window_parts import bring_forward, find_dock, point_widget


class LessonsPanel(QWidget):
    """What the Lessons dock holds, for ``window`` (the main window: its
    editor, docks, step-through panel, training, digit pad and settings).

    Attributes
    ----------
    main : QMainWindow
        The window (not ``window``: that is every widget's own top-level window).
    session : LessonSession
    start_page : StartPage
    lesson_page : LessonPage
    highlight : Highlight
    lessons : tuple of Lesson
        The built-in lessons, in order.

    Signals
    -------
    needs_height_changed()
        :meth:`needs_height` may say otherwise now.
    """

    needs_height_changed = Signal()

    def __init__(self, window) -> None:
        super().__init__()
        self.setObjectName("lessons_panel")
        self.main = window
        self.dock: QDockWidget | None = None
        self.store = ProgressStore(window.settings)
        self.session = LessonSession(window, self.store)
        self.highlight = Highlight(window)
        self._in_front_at_start = False
        self._last_dir = ""

        builtin = read_builtin()
        self.lessons = builtin.lessons
        self.start_page = StartPage()
        self.start_page.set_lessons(builtin.lessons, builtin.problems)
        self.start_page.lesson_chosen.connect(self.open_lesson)
        self.start_page.file_requested.connect(self.ask_for_file)
        self.lesson_page = LessonPage()
        self.lesson_page.back_requested.connect(self.show_list)
        self.lesson_page.next_requested.connect(self.open_next)
        self.lesson_page.descent_made.connect(self._follow_descent)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(self.lesson_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        session = self.session
        session.changed.connect(self.refresh)
        session.task_began.connect(self._task_began)
        session.message.connect(window.show_message)
        session.refused.connect(lambda text: self._show_error(tr("Cannot open the lesson"), text))
        window.doc.events.reset.connect(self._document_replaced)
        self.destroyed.connect(lambda *_: window.doc.events.reset.disconnect(self._document_replaced))
        self.refresh()

    # --- the dock in the window ----------------------------------------------------------

    def place(self, dock: QDockWidget) -> None:
        """Take ``dock`` as this panel's dock: in front in a new window (unless
        the student closed it before), and remember when it is closed."""
        self.dock = dock
        if self.store.closed():
            dock.hide()
        else:
            bring_forward(dock)
            self._in_front_at_start = True
        # checked while the dock is open, in front or behind another tab; unchecked once it is closed
        dock.toggleViewAction().toggled.connect(self._dock_opened)
        dock.visibilityChanged.connect(self._dock_in_front)

    def _dock_in_front(self, visible: bool) -> None:
        if visible:
            QTimer.singleShot(0, self.lesson_page.scroll_to_pending)

    def _dock_opened(self, opened: bool) -> None:
        self.store.set_closed(not opened)
        if not opened:
            self.highlight.clear()

    def _document_replaced(self) -> None:
        """A document opened outside a lesson: the list makes way for the
        Inspector (the first-run view is for a window without a document)."""
        if self.session.opening or self.session.lesson is not None or not self._in_front_at_start:
            return
        self._in_front_at_start = False
        if self.dock is not None and not self.dock.visibleRegion().isEmpty():
            bring_forward(find_dock(self.main, "inspector"))

    def needs_height(self) -> bool:
        """Whether the dock wants the window's whole height: while it lists the
        lessons, and for a lesson done in the dock itself (one that opens no
        network); a lesson on a network leaves the bottom docks their width."""
        if self.pages.currentWidget() is self.start_page:
            return True
        lesson = self.session.lesson
        return lesson is not None and lesson.open.example is None and not any(
            task.open is not None and task.open.example is not None for task in lesson.tasks)

    def raise_dock(self) -> None:
        """Show the dock in front (Help ▸ Lessons)."""
        bring_forward(self.dock)

    # --- pages ------------------------------------------------------------------------------

    def show_list(self) -> None:
        """The list of lessons (the lesson is left; the network stays open)."""
        self.session.close()
        self.highlight.clear()
        self.lesson_page.lesson = None
        self.pages.setCurrentWidget(self.start_page)
        self.refresh()
        self.needs_height_changed.emit()

    def open_lesson(self, lesson: Lesson, problems: list[str] | None = None) -> bool:
        """Open ``lesson`` and show its page; False when it could not be opened."""
        page = self.lesson_page
        if not self.session.open(lesson):
            return False
        has_next = any(other.id == lesson.id for other in self.lessons[:-1])
        page.show_lesson(lesson, problems or [], has_next, _has_descent(lesson))
        if page.descent is not None:
            page.descent.set_start(self.session.descent_start or DescentStart())
        self.pages.setCurrentWidget(page)
        self.needs_height_changed.emit()
        for card in page.cards:
            card.chosen.connect(self._choose)
            card.answered.connect(self._answer)
            card.point_requested.connect(self._point_again)
        self.refresh()
        task = self.session.current_task()
        if task is not None:
            self.point_at(task.point_at)        # the page stays at the lesson's text
        return True

    def open_next(self) -> bool:
        """The lesson after the open one."""
        current = self.session.lesson
        ids = [lesson.id for lesson in self.lessons]
        if current is None or current.id not in ids or ids.index(current.id) + 1 >= len(ids):
            return False
        return self.open_lesson(self.lessons[ids.index(current.id) + 1])

    def refresh(self) -> None:
        """Show the session: progress on the list; on the lesson page, every card's state."""
        session = self.session
        self.start_page.show_progress(session.progress)
        page = self.lesson_page
        if session.lesson is None or page.lesson is not session.lesson:
            return
        for index, card in enumerate(page.cards):
            state = {"current": CURRENT, "done": DONE}.get(session.task_state(index), TO_DO)
            card.show_state(state, session.results.get(card.task.id), session.state.answers.get(card.task.id))
        page.show_finished(session.current is None and session.progress.finished(session.lesson.id,
                                                                                   session.lesson.task_ids))

    # --- a teacher's file -------------------------------------------------------------------

    def choose_lesson_file(self) -> str:
        """Ask for a lesson file ("" when cancelled)."""
        path, _ = QFileDialog.getOpenFileName(self.main, tr("Open a lesson"), self._last_dir,
                                              tr("Lessons (*{suffix});;All files (*)").format(suffix=SUFFIX))
        return path

    def ask_for_file(self) -> bool:
        """Open a lesson file the student chooses."""
        path = self.choose_lesson_file()
        return bool(path) and self.open_file(path)

    def open_file(self, path: str) -> bool:
        """Open the lesson file at ``path``: a file that cannot be read gets a
        message box and changes nothing; what in it does not fit its network
        is named on the lesson's page."""
        try:
            lesson = read_lesson(path)
        except LessonFileError as e:
            self._show_error(tr("Cannot open the lesson"), sentence(str(e)))
            return False
        self._last_dir = str(path)
        return self.open_lesson(lesson, lesson_problems(lesson))

    def _show_error(self, title: str, text: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.main)
        box.setObjectName("lesson_error_dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # --- the student's moves on the page -----------------------------------------------------

    def _choose(self, index: int) -> None:
        self.session.choose(index)

    def _answer(self, index: int, choice: int) -> None:
        lesson = self.session.lesson
        if lesson is not None and index == self.session.current:
            self.session.answer(lesson.tasks[index].id, choice)

    def _follow_descent(self) -> None:
        self.lesson_page.descent.ran.connect(self.session.set_descent)

    def _task_began(self, task) -> None:
        page = self.lesson_page
        if page.lesson is not self.session.lesson:
            return                      # the page follows once the lesson is shown
        if task.open is not None and task.open.descent is not None and page.descent is not None:
            page.descent.set_start(task.open.descent)
        if self.session.current is not None and self.session.current < len(page.cards):
            page.ensure_visible(page.cards[self.session.current])
        self.point_at(task.point_at)

    def _point_again(self, index: int) -> None:
        lesson = self.session.lesson
        if lesson is not None and index < len(lesson.tasks):
            self.point_at(lesson.tasks[index].point_at)

    def point_at(self, name: str | None) -> bool:
        """Frame the part of the window named ``name`` for a few seconds, its
        dock brought forward first; False when there is none."""
        if name is None:
            self.highlight.clear()
            return False
        widget = point_widget(self.main, name)
        if widget is None:
            self.highlight.clear()
            return False
        self.highlight.show_on(widget)
        return True


def _has_descent(lesson: Lesson) -> bool:
    """Whether the lesson, or one of its tasks, starts gradient descent."""
    specs = [lesson.open] + [task.open for task in lesson.tasks if task.open is not None]
    return any(spec.descent is not None for spec in specs)


def lessons_action(window, panel: LessonsPanel) -> QAction:
    """Help ▸ Lessons: the Lessons dock in front."""
    action = QAction(tr("&Lessons"), window)
    action.setObjectName("action_lessons")
    action.setStatusTip(tr("Show the lessons: tasks on the tutorials' networks that nnapp checks as you work"))
    action.triggered.connect(lambda checked=False: panel.raise_dock())
    return action


__all__ = ["LessonsPanel", "lessons_action"]
