"""Bring forward the docks that suit the network that was just opened or built.

The bottom right holds the decision map (networks with two inputs) and the
first-layer weights (digit networks) as tabs of one place; the right side
holds the digit pad among its tabs. When the kind of network changes — a
digit example is opened, or a 2-input network replaces it — the docks that
can show something for it come to the front. Nothing moves while the kind
stays the same, so a dock the student chose stays chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from nnapp.model.digits import digit_image_shape
from nnapp.model.document import Document


def network_kind(doc: Document) -> str:
    """"digits" (the pad can read with it), "plane" (two inputs: the decision map) or "other"."""
    if digit_image_shape(doc) is not None:
        return "digits"
    net = doc.network()
    if net is not None and net.n_inputs == 2:
        return "plane"
    return "other"


class DockFocus(QObject):
    """Raises ``docks[kind]`` when the document's network changes kind.

    Parameters
    ----------
    doc : Document
    docks : dict of str to list of QDockWidget
        For "digits" and "plane", the docks to bring forward.
    """

    def __init__(self, doc: Document, docks: dict[str, list[QDockWidget]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.docks = docks
        self.kind = network_kind(doc)
        doc.events.reset.connect(self._check)
        doc.events.structure_changed.connect(self._check)

    def _check(self, *args) -> None:
        kind = network_kind(self.doc)
        if kind == self.kind:
            return
        self.kind = kind
        for dock in self.docks.get(kind, []):
            dock.raise_()  # a dock the student closed stays closed
