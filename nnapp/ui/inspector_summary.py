"""The inspector's pages for no selection and for several things: a summary
of the network, and what a selection of several things holds.

Only these two pages; the form they are built on is ``inspector_page``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel

from nnapp.model.document import Document
from nnapp.model.words import counted

from .inspector_page import Page
from nnapp.text import tr


class SummaryPage(Page):
    """Nothing selected: the network in one line and how to begin."""

    def __init__(self, doc, push) -> None:
        super().__init__(doc, push)
        self.heading(tr("Network"))
        self.summary = QLabel()
        self.summary.setObjectName("inspector_summary")
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)
        self.note(
            tr("Click a neuron, a connection or a collapsed layer on the canvas to see its numbers "
            "here and change them. Type a number and press Enter; Esc puts the old value back."),
            "inspector_hint",
        )
        self.refresh()

    def refresh(self) -> None:
        self.summary.setText(summary_text(self.doc))


def summary_text(doc: Document) -> str:
    """"2-2-1, 9 parameters" and the layers, as rich text lines."""
    if not doc.layers:
        return tr("The network is empty: place neurons on the canvas to begin.")
    sizes = "-".join(str(layer.size) for layer in doc.layers)
    if len(doc.layers) == 1:
        return tr("{sizes} inputs and no other layer yet.").format(sizes=sizes)
    n_weights = sum(link.n_connections() for link in doc.links)
    n_params = n_weights + sum(layer.size for layer in doc.layers[1:])
    frozen = sum(int(np.count_nonzero(link.connected() & ~link.trainable))
                 for link in doc.links if link.trainable is not None)
    frozen += sum(int(np.count_nonzero(~layer.bias_trainable))
                  for layer in doc.layers if layer.bias_trainable is not None)
    lines = [f"<b>{sizes}</b>, {counted(n_params, 'parameter', 'parameters')} ({counted(n_weights, 'weight', 'weights')})"]
    if frozen:
        lines.append(tr("{frozen} frozen").format(frozen=frozen))
    for k, layer in enumerate(doc.layers):
        what = counted(layer.size, "neuron", "neurons") + ("" if k == 0 else f", {layer.activation}")
        lines.append(f"{_escape(doc.layer_title(k))}: {what}")
    return "<br>".join(lines)


def _count(what: str, n: int) -> str:
    """``n`` of the things a selection counts ("neuron", "connection", "layer")."""
    if what == "neuron":
        return counted(n, "neuron", "neurons")
    if what == "connection":
        return counted(n, "connection", "connections")
    return counted(n, "layer", "layers")


class ManyPage(Page):
    """Several things selected: how many of each."""

    def __init__(self, doc, push, counts: dict[str, int]) -> None:
        super().__init__(doc, push)
        parts = [_count(what, n) for what, n in counts.items() if n]
        self.heading(tr("{things} selected").format(things=_join(parts)), "inspector_count")
        self.note(tr("Select one of them to see and edit its values."))


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts) or tr("Nothing")
    return tr("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
