"""The window's hold on one document: the document, its undo stack, and the
one place where commands are pushed.

Views never change the document themselves: they build a model command and
call :meth:`Editor.push`. The command runs once, outside Qt, so that a
refused edit raises here (and is reported through :attr:`Editor.refused`)
instead of inside ``QUndoStack.push``; only commands that succeeded go on
the stack.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from nnapp.model.commands import Command
from nnapp.model.document import Document
from nnapp.model.edit_lock import EditLock
from nnapp.model.errors import EditError
from nnapp.text import sentence

UNDO_LIMIT = 500


class UndoCommand(QUndoCommand):
    """A model command on Qt's undo stack. Its first ``redo`` (Qt calls it on
    push) does nothing: the command has already been done by the editor."""

    def __init__(self, doc: Document, command: Command) -> None:
        super().__init__(command.text)
        self.doc = doc
        self.command = command
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.command.do(self.doc)
        self.setText(self.command.text)

    def undo(self) -> None:
        self.command.undo(self.doc)


class Editor(QObject):
    """A document, its undo stack, and pushing commands onto it.

    Signals
    -------
    refused(str)
        An edit was refused; the text says why, in a sentence.
    """

    refused = Signal(str)

    def __init__(self, doc: Document | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc if doc is not None else Document()
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        #: Edits are refused while it holds a reason (training runs); its event tells the views.
        self.lock = EditLock()

    @property
    def locked(self) -> str | None:
        """Why edits are refused now (None: they are not)."""
        return self.lock.reason

    @locked.setter
    def locked(self, reason: str | None) -> None:
        self.lock.set(reason)

    def push(self, command: Command) -> bool:
        """Do ``command`` and put it on the undo stack; on an
        :class:`EditError`, emit :attr:`refused` and return False (the
        document is unchanged)."""
        if self.locked and not getattr(command, "while_training", False):
            self.refused.emit(sentence(self.locked))
            return False
        try:
            command.do(self.doc)
        except EditError as e:
            self.refused.emit(sentence(str(e)))
            return False
        self.stack.push(UndoCommand(self.doc, command))
        return True

    def is_modified(self) -> bool:
        return not self.stack.isClean()
