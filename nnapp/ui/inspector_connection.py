"""The inspector's page for one connection: its name, weight, frozen state
and the signal it carries.

Only this page; the form it is built on is ``inspector_page``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from nnapp.model import commands as cmd

from .numbers import format_exact, format_number
from .inspector_page import Page, _row
from nnapp.text import tr, tr_in


class ConnectionPage(Page):
    """One connection: its name, weight, frozen state and the signal it carries."""

    def __init__(self, doc, push, src: str, dst: str) -> None:
        super().__init__(doc, push)
        self.src, self.dst = src, dst
        self.title = self.heading("", "inspector_title")
        self.name = self.value_label("inspector_weight_name")
        self.form.addRow(tr("Name"), self.name)
        self.weight = self.number_field("inspector_weight", tr_in("number field", "weight"), self._set_weight)
        self.frozen = QCheckBox(tr("frozen"))
        self.frozen.setObjectName("inspector_weight_frozen")
        self.frozen.setToolTip(tr("A frozen weight keeps its value when the network is trained."))
        self.frozen.clicked.connect(self._freeze)
        self.row = _row(self.weight, self.frozen)
        self.weight.refused.disconnect()
        self.weight.refused.connect(lambda text: self.show_error(text, self.row))
        self.form.addRow(tr("Value"), self.row)
        self.signal = self.value_label("inspector_signal")
        self.form.addRow("a·w", self.signal)
        self.signal_note = self.note("")
        self.refresh()
        self.refresh_outputs()

    def refresh(self) -> None:
        doc = self.doc
        a, b = doc.neuron_name(self.src), doc.neuron_name(self.dst)
        self.title.setText(tr("Connection {a} → {b}").format(a=a, b=b))
        self.name.setText(doc.weight_name(self.src, self.dst))
        self.weight.set_value(doc.weight(self.src, self.dst))
        self.frozen.setChecked(doc.is_weight_frozen(self.src, self.dst))
        self.signal_note.setText(tr("What this connection adds to the weighted sum z of {b} for the current input: {a}'s output times the weight.").format(b=b, a=a))

    def refresh_outputs(self) -> None:
        a = self.doc.activation_of(self.src)
        if a is None:
            self.signal.setText("–")
            return
        w = self.doc.weight(self.src, self.dst)
        self.signal.setText(f"{format_number(a)} × {format_number(w)} = {format_number(a * w)}")
        self.signal.setToolTip(format_exact(a * w))

    def _set_weight(self, value: float) -> None:
        self.push(lambda: cmd.SetWeight(self.src, self.dst, value), self.row)

    def _freeze(self, frozen: bool) -> None:
        if not self.push(lambda: cmd.SetFrozen(weights=[(self.src, self.dst)], frozen=frozen), self.row):
            self.refresh()
