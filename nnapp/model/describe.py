"""The undoable edit of a document's description (the text the "About this
network" view shows first).

The description is plain text; line breaks separate paragraphs. It is not
part of the network, so changing it sends no event about the network, only
``description_changed`` with the new text.
"""

from __future__ import annotations

from nnapp.text import tr

from .commands import Command
from .document import Document
from .errors import EditError

MAX_DESCRIPTION = 20_000
"""Longest description, in characters."""


class SetDescription(Command):
    """Replace the document's description by ``text``.

    Raises
    ------
    EditError
        On ``do``, when the text is longer than :data:`MAX_DESCRIPTION`
        characters or holds the NUL character.
    """

    def __init__(self, description: str) -> None:
        self.text = tr("Edit the description")
        self.description = str(description).replace("\r\n", "\n").replace("\r", "\n")
        self._old: str | None = None

    def do(self, doc: Document) -> None:
        if len(self.description) > MAX_DESCRIPTION:
            raise EditError(tr("the description is too long: at most {max_description} characters")
                            .format(max_description=MAX_DESCRIPTION))
        if "\0" in self.description:
            raise EditError(tr("the description cannot hold the NUL character"))
        self._old = doc.description
        doc.description = self.description
        doc.events.description_changed.emit(doc.description)

    def undo(self, doc: Document) -> None:
        doc.description = self._old if self._old is not None else ""
        doc.events.description_changed.emit(doc.description)
