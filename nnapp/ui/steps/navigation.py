"""The step-through panel's moves, like a debugger's, as actions and buttons.

==================  ==============  =========================================
Next                F10             the next step
Back                Shift+F10       the step before
End of phase        F11             the last step of this phase (then the next)
Run to end          F5              the last step
Reset               Ctrl+F5, Home   back to the start: nothing computed
==================  ==============  =========================================

The shortcuts work anywhere in the window while the panel is visible.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QStyle, QToolButton, QWidget

from nnapp.text import marked, tr

WIDE_PANEL = 1000
"""From this width on every navigation button shows its word."""

SHORTCUTS = {
    "next": ("F10",),
    "back": ("Shift+F10",),
    "phase_end": ("F11",),
    "run_end": ("F5",),
    "reset": ("Ctrl+F5", "Home"),
}

_SP = QStyle.StandardPixmap


class Move(NamedTuple):
    name: str
    text: str
    icon: QStyle.StandardPixmap
    tip: str


SPECS = [
    Move("reset", marked("Reset"), _SP.SP_MediaSkipBackward, marked("Back to the start: nothing computed yet")),
    Move("back", marked("Back"), _SP.SP_MediaSeekBackward, marked("The step before")),
    Move("next", marked("Next"), _SP.SP_MediaPlay, marked("The next step")),
    Move("phase_end", marked("End of phase"), _SP.SP_MediaSkipForward,
     marked("To the last step of this phase (pressed again: of the next phase)")),
    Move("run_end", marked("Run to end"), _SP.SP_MediaSeekForward, marked("To the last step of the update")),
]
"""(name, word, icon, what it does) of each move, in the order of the buttons."""


class NavigationBar(QWidget):
    """A row of buttons for the moves; :attr:`actions` holds their actions
    (object names ``action_steps_<name>``, buttons ``steps_<name>``).

    Parameters
    ----------
    slots : dict
        Move name ("next", "back", "phase_end", "run_end", "reset") → what
        it calls.
    """

    def __init__(self, slots: dict[str, Callable[[], None]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions: dict[str, QAction] = {}
        self.buttons: dict[str, QToolButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        style = self.style()
        for move in SPECS:
            name, text, tip = move.name, tr(move.text), tr(move.tip)
            action = QAction(style.standardIcon(move.icon), text, self)
            action.setObjectName(f"action_steps_{name}")
            keys = [QKeySequence(k) for k in SHORTCUTS[name]]
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shown = tr(" or ").join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            action.setToolTip(tr("{tip} ({shortcut})").format(tip=tip, shortcut=shown))
            action.setStatusTip(tip)
            action.triggered.connect(slots[name])
            self.addAction(action)
            self.actions[name] = action
            button = QToolButton()
            button.setObjectName(f"steps_{name}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(False)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)

    def enable(self, stepper) -> None:
        """Each move enabled where it leads somewhere."""
        n = len(stepper)
        onward = n > 0 and not stepper.at_end()
        started = stepper.position is not None
        for name, on in (("next", onward), ("back", started), ("reset", started), ("phase_end", onward),
                         ("run_end", onward)):
            self.actions[name].setEnabled(on)

    def set_locked(self, locked: bool) -> None:
        for action in self.actions.values():
            action.setEnabled(not locked)

    def fit(self, width: int) -> None:
        """Words beside the icons when there is room; in a narrow panel only
        Next keeps its word (the others have tooltips)."""
        wide = width >= WIDE_PANEL
        for name, button in self.buttons.items():
            style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if wide or name == "next"
                     else Qt.ToolButtonStyle.ToolButtonIconOnly)
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)
