"""An undo stack without Qt, for scripts and tests.

The window uses Qt's ``QUndoStack`` over the same commands; this class gives
the same behaviour (push does, undo/redo walk the stack, a clean index marks
the saved state) to code that runs without a display.
"""

from __future__ import annotations

from .commands import Command
from .document import Document


class History:
    """Commands done on one document, with a position and a clean mark."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.commands: list[Command] = []
        self.index = 0
        self.clean_index: int | None = 0

    def push(self, command: Command) -> None:
        """Do ``command`` and put it on the stack (dropping any redo)."""
        command.do(self.doc)
        del self.commands[self.index:]
        if self.clean_index is not None and self.clean_index > self.index:
            self.clean_index = None
        self.commands.append(command)
        self.index += 1

    def can_undo(self) -> bool:
        return self.index > 0

    def can_redo(self) -> bool:
        return self.index < len(self.commands)

    def undo(self) -> None:
        if self.can_undo():
            self.index -= 1
            self.commands[self.index].undo(self.doc)

    def redo(self) -> None:
        if self.can_redo():
            self.commands[self.index].do(self.doc)
            self.index += 1

    def set_clean(self) -> None:
        self.clean_index = self.index

    def is_clean(self) -> bool:
        """True when the document is as it was when last saved (or opened)."""
        return self.clean_index == self.index

    def clear(self) -> None:
        self.commands.clear()
        self.index = 0
        self.clean_index = 0
