"""The inspector's page for one (collapsed) layer: its name, size,
activation, drawing and statistics.

Only this page; the form it is built on is ``inspector_page``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QSizePolicy, QWidget

from nnapp.model import commands as cmd
from nnapp.model.layout import expand_refusal
from nnapp.model.words import counted
from nnapp.text import marked, sentence, tr, tr_in

from .inspector_page import Page, _show_number


COLLAPSED_TIP = marked("Draw the layer as one block instead of a circle per neuron.")


STATS = ("count", "mean", "std", "min", "max")


def shown_role(role: str) -> str:
    """A layer's role ("input", "hidden", "output") as the window shows it."""
    return {"input": tr_in("layer", "input"), "hidden": tr_in("layer", "hidden"),
            "output": tr_in("layer", "output")}.get(role, role)


class LayerPage(Page):
    """One (collapsed) layer: name, size, activation, drawing and statistics."""

    def __init__(self, doc, push, layer_id: str) -> None:
        super().__init__(doc, push)
        self.layer_id = layer_id
        k = doc.layer_index(layer_id)
        self.title = self.heading("", "inspector_title")
        self.name = self.name_field("inspector_layer_name", self._rename)
        self.form.addRow(tr("Name"), self.name)
        self.size = self.value_label("inspector_layer_size")
        self.form.addRow(tr("Size"), self.size)
        self.activation, self.formula = self.activation_combo(k)
        self.collapsed = QCheckBox(tr("draw collapsed"))
        self.collapsed.setObjectName("inspector_collapsed")
        self.collapsed.clicked.connect(self._collapse)
        self.collapsed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.form.addRow(tr("Canvas"), self.collapsed)
        self.heading(tr("Statistics"))
        grid_widget = QWidget()
        grid_widget.setObjectName("inspector_stats")
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for c, text in enumerate((tr("weights in"), tr("biases")), start=1):
            grid.addWidget(QLabel(text), 0, c, Qt.AlignmentFlag.AlignRight)
        self.stats: dict[tuple[str, str], QLabel] = {}
        for r, stat in enumerate(STATS, start=1):
            grid.addWidget(QLabel({"count": tr_in("statistic", "count"), "mean": tr_in("statistic", "mean"),
                                   "std": tr_in("statistic", "std"), "min": tr_in("statistic", "min"),
                                   "max": tr_in("statistic", "max")}[stat]), r, 0)
            for c, kind in enumerate(("weights", "biases"), start=1):
                label = self.value_label(f"inspector_{kind}_{stat}")
                label.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(label, r, c)
                self.stats[kind, stat] = label
        self.form.addRow(grid_widget)
        self.refresh()

    def refresh(self) -> None:
        doc = self.doc
        k = doc.layer_index(self.layer_id)
        layer = doc.layers[k]
        title, role = doc.layer_title(k), shown_role(doc.role(k))
        self.title.setText(tr("Layer {title}").format(title=title) if title == role
                           else tr("Layer {title} ({role})").format(title=title, role=role))
        self.name.set_value(title)
        size = counted(layer.size, "neuron", "neurons")
        if layer.image_shape is not None:
            size = tr("{neurons}, a {rows}×{cols} image").format(neurons=size, rows=layer.image_shape[0],
                                                                  cols=layer.image_shape[1])
        self.size.setText(size)
        self.show_activation(self.activation, self.formula, k)
        self.collapsed.setChecked(doc.is_collapsed(k))
        refusal = expand_refusal(layer.size)
        self.collapsed.setToolTip(sentence(refusal) + "." if refusal else tr(COLLAPSED_TIP))
        weights = [link.W[link.connected()] if link.mask is not None else link.W.ravel()
                   for link in doc.links if link.dst == self.layer_id]
        w = np.concatenate(weights) if weights else np.zeros(0)
        b = layer.bias if k > 0 else np.zeros(0)
        for kind, values in (("weights", w), ("biases", b)):
            for stat, value in zip(STATS, _stats(values)):
                label = self.stats[kind, stat]
                if stat == "count":
                    label.setText(f"{value:,}")
                else:
                    _show_number(label, value)

    def _rename(self, text: str) -> None:
        k = self.doc.layer_index(self.layer_id)
        self.commit_name(self.name, self.doc.layer_title(k), self.doc.layers[k].name,
                         lambda name: cmd.RenameLayer(self.layer_id, name))

    def _collapse(self, collapsed: bool) -> None:
        refusal = None if collapsed else expand_refusal(self.doc.layers[self.doc.layer_index(self.layer_id)].size)
        if refusal is not None:
            self.collapsed.setChecked(True)
            self.show_error(sentence(refusal), self.collapsed)
            return
        if not self.push(lambda: cmd.SetCollapsed(self.layer_id, collapsed), self.collapsed):
            self.refresh()


def _stats(values: np.ndarray) -> tuple:
    if values.size == 0:
        return (0, None, None, None, None)
    return (values.size, float(values.mean()), float(values.std()), float(values.min()), float(values.max()))
