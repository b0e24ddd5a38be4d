"""One task of a lesson on the lesson page: its text, whether it is done, what
its check sees, a hint, and the answers of a question.

A card shows one of three states: done (✓), current (the task being done
now, framed) or still to do. The current task's line under its text is its
check's status ("o1 = 0.9991, needs to be below 0.5"); a done task keeps
the line it passed with. "Hint" shows the hint; "Show me" points at the
part of the window the task is about again; "Do this task" makes a task
that is not current the current one. A question's choices are buttons:
once the student has answered, the card says whether the answer was right
and which one is, and the choices are closed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from nnapp.model.lessons import CheckResult, Task
from nnapp.text import sentence, tr

from .rich_button import RichButton

DONE, CURRENT, TO_DO = "done", "current", "to do"
"""The states of a task on its card (names for the program, not for people)."""

ICONS = {DONE: "✓", CURRENT: "▶", TO_DO: "○"}
COLOURS = {DONE: "#1a7f37", CURRENT: "#2166ac", TO_DO: "#8c8c8c"}
RIGHT, WRONG = "#1a7f37", "#c62828"
STATUS_STYLE = "color: #555555;"


class TaskCard(QFrame):
    """The card of task ``index`` of a lesson.

    Signals
    -------
    chosen(int)
        "Do this task" was pressed (the task's index).
    answered(int, int)
        A choice was pressed: the task's index and the choice, from 1.
    point_requested(int)
        "Show me" was pressed.
    """

    chosen = Signal(int)
    answered = Signal(int, int)
    point_requested = Signal(int)

    def __init__(self, index: int, task: Task, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.task = task
        self.state = TO_DO
        self.setObjectName(f"task_{task.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)

        self.icon = QLabel()
        self.icon.setObjectName("task_icon")
        font = self.icon.font()
        font.setBold(True)
        self.icon.setFont(font)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.icon.setMinimumWidth(self.icon.fontMetrics().horizontalAdvance("▶ 20.") + 2)
        self.text = QLabel()
        self.text.setObjectName("task_text")
        self.text.setTextFormat(Qt.TextFormat.MarkdownText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setText(task.text_in())
        self.status = QLabel()
        self.status.setObjectName("task_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(STATUS_STYLE)

        self.hint_button = _tool_button(tr("Hint"), "task_hint_button", tr("Show a hint for this task"))
        self.hint_button.setCheckable(True)
        self.hint_button.toggled.connect(self._show_hint)
        self.where_button = _tool_button(tr("Show me"), "task_where",
                                         tr("Point at the part of the window this task is about"))
        self.where_button.clicked.connect(lambda: self.point_requested.emit(self.index))
        self.go_button = _tool_button(tr("Do this task"), "task_go", tr("Make this the task you are doing now"))
        self.go_button.clicked.connect(lambda: self.chosen.emit(self.index))
        self.hint = QLabel()
        self.hint.setObjectName("task_hint")
        self.hint.setTextFormat(Qt.TextFormat.MarkdownText)
        self.hint.setWordWrap(True)
        self.hint.setText(task.hint_in())
        self.hint.hide()

        self.choices: list[RichButton] = []
        self.feedback = QLabel()
        self.feedback.setObjectName("task_feedback")
        self.feedback.setWordWrap(True)
        self.feedback.hide()
        question = task.question
        if question is not None:
            for k, choice in enumerate(question.choices, start=1):
                button = RichButton()
                button.setObjectName(f"task_choice_{k}")
                button.label = button.add_line(choice.text_in(), "task_choice_text")
                button.clicked.connect(lambda checked=False, k=k: self.answered.emit(self.index, k))
                self.choices.append(button)

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.hint_button, self.where_button, self.go_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        body = QVBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(4)
        for button in self.choices:
            body.addWidget(button)
        body.addWidget(self.feedback)
        body.addWidget(self.status)
        body.addLayout(buttons)
        body.addWidget(self.hint)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(4)
        outer.addLayout(head)
        outer.addLayout(body)
        self.hint_button.setVisible(task.hint is not None)     # once it has a parent: never a window of its own
        self.show_state(TO_DO, None, None)

    def show_state(self, state: str, result: CheckResult | None, answer: int | None) -> None:
        """Show the task as ``state`` (done, current, to do), with its check's
        ``result`` (None: none yet) and the student's ``answer`` (None: not
        answered)."""
        self.state = state
        self.icon.setText(f"{ICONS[state]} {self.index + 1}.")
        self.icon.setStyleSheet(f"color: {COLOURS[state]};")
        self.icon.setToolTip({DONE: tr("Done"), CURRENT: tr("The task to do now"), TO_DO: tr("Still to do")}[state])
        self.setStyleSheet(f"TaskCard {{ border: 2px solid {COLOURS[CURRENT]}; border-radius: 4px; }}"
                           if state == CURRENT else "")
        shown = "" if result is None or state == TO_DO else status_sentence(result.status)
        self.status.setText(shown)
        self.status.setVisible(bool(shown))
        self.status.setStyleSheet(f"color: {RIGHT};" if state == DONE else STATUS_STYLE)
        self.where_button.setVisible(state == CURRENT and self.task.point_at is not None)
        self.go_button.setVisible(state != CURRENT)
        self.go_button.setText(tr("Do it again") if state == DONE else tr("Do this task"))
        self._show_answer(state, answer)

    def _show_answer(self, state: str, answer: int | None) -> None:
        question = self.task.question
        if question is None:
            return
        for k, button in enumerate(self.choices, start=1):
            button.setEnabled(state == CURRENT and answer is None)
            mark = ""
            if answer is not None and k == question.right:
                mark = f"color: {RIGHT}; font-weight: bold;"
            elif answer is not None and k == answer:
                mark = f"color: {WRONG};"
            button.label.setStyleSheet(mark)
            prefix = "✓ " if answer is not None and k == question.right else (
                "✗ " if answer is not None and k == answer else "")
            button.label.setText(prefix + question.choices[k - 1].text_in())
        if answer is None:
            self.feedback.hide()
            return
        right = question.choices[question.right - 1].text_in()
        if question.is_right(answer):
            text, colour = tr("right: {choice}").format(choice=right), RIGHT
        else:
            text, colour = tr("not quite: the answer is {choice}").format(choice=right), WRONG
        self.feedback.setText(sentence(text))
        self.feedback.setStyleSheet(f"color: {colour};")
        self.feedback.show()

    def _show_hint(self, shown: bool) -> None:
        self.hint.setVisible(shown)


def status_sentence(status: str) -> str:
    """A check's status as a line of its own: its first word capitalised, unless
    that word is a name of the network ("o1 = 0.9991, …" stays as it is)."""
    first = status.strip().split(" ", 1)[0]
    return sentence(status) if first.isalpha() else status.strip()


def _tool_button(text: str, name: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    return button


__all__ = ["CURRENT", "DONE", "TO_DO", "TaskCard", "status_sentence"]
