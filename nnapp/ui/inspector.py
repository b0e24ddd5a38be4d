"""The inspector: what is selected on the canvas, shown and edited.

Nothing selected shows the network in one line; one neuron, connection or
layer shows its numbers with fields to change them; several things show
how many of each. The pages themselves are in ``inspector_pages.py``.

The inspector changes the document only through ``editor.push``. Bad text
is refused in place (red field, a sentence under it) and nothing is pushed;
a command the document refuses shows its reason on the same line. It
follows the document's events, so undo and redo show at once; while hidden
(a closed dock) it only notes that it is out of date.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from nnapp.model.commands import Command
from nnapp.model.errors import EditError
from nnapp.text import sentence

from .editor import Editor
from .inspector_pages import ConnectionPage, LayerPage, ManyPage, NeuronPage, Page, SummaryPage
from .selection import Selection


class Inspector(QWidget):
    """Shows and edits the selection of an :class:`~nnapp.ui.editor.Editor`'s
    document; the canvas calls :meth:`set_selection`."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.editor = editor
        self.doc = editor.doc
        self.selection = Selection()
        self.page: Page | None = None
        self._retired: QWidget | None = None
        self._pushing = False
        self._stale = False
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)
        self.setMinimumWidth(240)
        editor.refused.connect(self._on_refused)
        events = self.doc.events
        follow = [
            (events.reset, self._on_structure),
            (events.structure_changed, self._on_structure),
            (events.parameters_changed, self._on_values),
            (events.layers_changed, self._on_values),
            (events.names_changed, self._on_values),
            (events.outputs_changed, self._on_outputs),
        ]
        for event, callback in follow:
            event.connect(callback)
        self.destroyed.connect(lambda *_: _unfollow(follow))
        self._build()

    def set_selection(self, selection: Selection) -> None:
        """Show ``selection`` (ids that no longer exist are left out)."""
        self.selection = selection
        self._build()

    # --- document events --------------------------------------------------------

    def _on_structure(self) -> None:
        self.selection = _existing(self.doc, self.selection)
        self._build()

    def _on_values(self, *_) -> None:
        if not self.isVisible():
            self._stale = True
        elif self.page is not None:
            self.page.refresh()

    def _on_outputs(self) -> None:
        if not self.isVisible():
            self._stale = True
        elif self.page is not None:
            self.page.refresh_outputs()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale and self.page is not None:
            self._stale = False
            self.page.refresh()
            self.page.refresh_outputs()

    # --- pushing ------------------------------------------------------------------

    def _push(self, make: Callable[[], Command], anchor: QWidget) -> bool:
        """Build a command and push it; a refusal shows under ``anchor``."""
        page = self.page
        try:
            command = make()
        except EditError as e:
            page.show_error(sentence(str(e)), anchor)
            return False
        self._pushing = True
        try:
            done = self.editor.push(command)
        finally:
            self._pushing = False
        if done and page is self.page:
            page.clear_error()
        return done

    def _on_refused(self, text: str) -> None:
        if self._pushing and self.page is not None:
            self.page.show_error(text)

    # --- pages --------------------------------------------------------------------

    def _build(self) -> None:
        doc, sel = self.doc, self.selection
        one = sel.single()
        if one is None and not sel.is_empty():
            counts = {"neuron": len(sel.neurons), "connection": len(sel.connections), "layer": len(sel.layers)}
            page: Page = ManyPage(doc, self._push, counts)
        elif one is None:
            page = SummaryPage(doc, self._push)
        elif one[0] == "neuron":
            page = NeuronPage(doc, self._push, one[1])
        elif one[0] == "connection":
            page = ConnectionPage(doc, self._push, *one[1])
        else:
            page = LayerPage(doc, self._push, one[1])
        old = self._scroll.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self._retired = old  # deleted by Qt later, not by Python now
        self.page = page
        self._scroll.setWidget(page)
        self._stale = False


def _existing(doc, sel: Selection) -> Selection:
    """``sel`` without the neurons, connections and layers ``doc`` no longer has."""
    layer_ids = {layer.id for layer in doc.layers}
    return Selection(
        neurons=tuple(u for u in sel.neurons if doc.has_neuron(u)),
        connections=tuple((s, d) for s, d in sel.connections
                          if doc.has_neuron(s) and doc.has_neuron(d) and doc.connection(s, d) is not None),
        layers=tuple(lid for lid in sel.layers if lid in layer_ids),
    )


def _unfollow(follow: list) -> None:
    for event, callback in follow:
        event.disconnect(callback)
