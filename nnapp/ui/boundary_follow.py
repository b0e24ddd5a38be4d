"""Keeps the decision map in step with the document and the canvas.

The :class:`~nnapp.ui.boundary.BoundaryMap` only draws what it is given;
this follower gives it the document's network (again after any change of
structure or activation), its data (train and validation rows), the weights
whenever they change — while training too, as the snapshots arrive — and
the neuron selected on the canvas.

Data in files (CSV, IDX) is read on a worker thread
(:class:`~nnapp.ui.file_loading.Background`), from a copy of what the
document holds, and drawn when it arrives; only the newest read is drawn.
"""

from __future__ import annotations


import numpy as np
from PySide6.QtCore import QObject

from nnapp.model.document import Document
from nnapp.model.training import parameter_arrays, training_data

from .boundary import BoundaryMap
from .editor import Editor
from .file_loading import Background
from .selection import Selection
from nnapp.text import tr


class BoundaryFollower(QObject):
    def __init__(self, editor: Editor, boundary: BoundaryMap, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.boundary = boundary
        events = editor.doc.events
        events.reset.connect(self.follow_network)
        events.structure_changed.connect(self.follow_network)
        events.layers_changed.connect(lambda ids: self.follow_network())
        events.names_changed.connect(self.follow_network)
        events.settings_changed.connect(self._on_settings)
        events.parameters_changed.connect(self.follow_parameters)
        self.background = Background(self)
        self.background.finished.connect(self._data_read)
        self.follow_network()

    def follow_network(self, *_) -> None:
        self.boundary.set_network(self.editor.doc.network())
        self.follow_data()

    def _on_settings(self, change) -> None:
        if change.touches_data:           # the rows drawn: the data and its split
            self.follow_data()

    def follow_data(self) -> None:
        doc = self.editor.doc
        net = doc.network()
        if net is None or net.n_inputs != 2:
            return
        source = doc.data_source
        if source is not None and source.files():
            net, training, data, path = net.copy(), doc.training, source, doc.path

            def read():
                scratch = Document()
                scratch.replace(net, training=training, data=data, path=path)
                return training_data(scratch)

            self.boundary.set_data(np.zeros((0, 2)), np.zeros((0, 1)))   # until the file has been read
            self.background.start(read, tr("data for the map"))
            return
        self.background.drop()                 # a file read still going on is out of date
        try:
            data = training_data(doc)
        except Exception:  # noqa: BLE001 - no usable data: the map shows the network alone
            self.boundary.set_data(np.zeros((0, 2)), np.zeros((0, 1)))
            return
        self.boundary.set_data(data.X, data.Y, data.X_val, data.Y_val, data.dataset.task)

    def _data_read(self, outcome) -> None:
        data = outcome.value
        if data is None or self.boundary.net is None:
            return             # no usable data, or nothing read: the map shows the network alone
        self.boundary.set_data(data.X, data.Y, data.X_val, data.Y_val, data.dataset.task)

    def follow_parameters(self, *_) -> None:
        if self.editor.doc.network() is not None:
            self.boundary.update_parameters(parameter_arrays(self.editor.doc))

    def follow_selection(self, selection: Selection) -> None:
        """Show the selected neuron (not an input) on the map."""
        single = selection.single()
        if single is None or single[0] != "neuron":
            return
        k, j = self.editor.doc.where(single[1])
        if k > 0:
            self.boundary.set_neuron(k, j)
