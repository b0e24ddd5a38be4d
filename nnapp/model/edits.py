"""The primitive changes of a document, which commands are made of.

:class:`DocumentEdits` is mixed into :class:`~nnapp.model.document.Document`.
Each ``_edit_…`` method makes one change, keeps every invariant of the
document (see its module docstring) and emits the events views follow.
Nothing here is undoable by itself: commands (``commands.py``) record what
they need to undo and call these methods.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.network import Layer, Link
from nnapp.text import tr

from .errors import ValueRefused
from .events import NamesChanged, ParametersChanged
from .layout import COLUMN_SPACING, MIN_COLUMN_GAP, NEURON_SPACING

DEFAULT_ACTIVATION = "sigmoid"


class DocumentEdits:
    """The ``_edit_…`` methods of a Document (see the module docstring)."""

    def _edit_insert_layer(
        self, index: int, size: int, activation: str, x: float, ys: Sequence[float] | None = None,
        layer_id: str | None = None, neuron_ids: Sequence[str] | None = None,
    ) -> str:
        """Insert a layer of ``size`` neurons (zero biases) at ``index``."""
        if activation not in ACTIVATIONS:
            raise ValueRefused(tr("unknown activation {activation!r}").format(activation=activation))
        if size < 1:
            raise ValueRefused(tr("a layer needs at least one neuron"))
        lid = layer_id or self.new_id("L")
        uids = list(neuron_ids) if neuron_ids else [self.new_id("n") for _ in range(size)]
        layer = Layer(lid, size, activation, np.zeros(size, dtype=self.dtype))
        if index == 0 and self.layers:
            self.layers[0].activation = DEFAULT_ACTIVATION   # the old input becomes a hidden layer
        self.layers.insert(index, layer)
        self.neuron_ids.insert(index, uids)
        self.layout.columns[lid] = float(x)
        self._make_room(index)
        if ys is None:
            ys = [(i - (size - 1) / 2) * NEURON_SPACING for i in range(size)]
        for uid, y in zip(uids, ys):
            self.layout.ys[uid] = float(y)
        self._structure_edited()
        return lid

    def _make_room(self, index: int) -> None:
        """Shift columns right of ``index`` so the gaps stay at least MIN_COLUMN_GAP."""
        xs = [self.layout.columns[l.id] for l in self.layers]
        for k in range(1, len(xs)):
            if k >= index and xs[k] < xs[k - 1] + MIN_COLUMN_GAP:
                xs[k] = xs[k - 1] + max(MIN_COLUMN_GAP, COLUMN_SPACING / 2)
        for layer, x in zip(self.layers, xs):
            self.layout.columns[layer.id] = x

    def _edit_remove_layer(self, k: int) -> None:
        lid = self.layers[k].id
        self.links = [link for link in self.links if lid not in (link.src, link.dst)]
        for uid in self.neuron_ids[k]:
            self.layout.ys.pop(uid, None)
        del self.layers[k], self.neuron_ids[k]
        self.layout.columns.pop(lid, None)
        self.layout.collapsed.pop(lid, None)
        self._structure_edited()

    def _edit_insert_neuron(self, k: int, y: float, uid: str | None = None, bias: float = 0.0) -> str:
        """Add an unconnected neuron to layer ``k``, ordered by height."""
        layer = self.layers[k]
        uid = uid or self.new_id("n")
        ys = [self.layout.ys[u] for u in self.neuron_ids[k]]
        j = sum(1 for v in ys if v <= y)
        layer.bias = np.insert(layer.bias, j, bias)
        if layer.bias_trainable is not None:
            layer.bias_trainable = np.insert(layer.bias_trainable, j, True)
        if layer.neuron_names is not None:
            layer.neuron_names.insert(j, "")
        if layer.image_shape is not None:
            layer.image_shape = None
        layer.size += 1
        for link in self.links:
            axis = 0 if link.src == layer.id else 1 if link.dst == layer.id else None
            if axis is None:
                continue
            mask = link.connected()
            link.W = np.insert(link.W, j, 0.0, axis=axis)
            link.mask = np.insert(mask, j, False, axis=axis)
            if link.trainable is not None:
                link.trainable = np.insert(link.trainable, j, True, axis=axis)
        self.neuron_ids[k].insert(j, uid)
        self.layout.ys[uid] = float(y)
        if k == 0:
            self.input = np.insert(self.input, j, 0.0)
        self._structure_edited()
        return uid

    def _edit_remove_neurons(self, uids: Sequence[str]) -> None:
        """Remove neurons and their connections; empty layers go too."""
        by_layer: dict[int, list[int]] = {}
        for uid in uids:
            k, j = self.where(uid)
            by_layer.setdefault(k, []).append(j)
        empty = []
        for k, js in by_layer.items():
            layer = self.layers[k]
            if len(js) == layer.size:
                empty.append(layer.id)
                continue
            keep = np.setdiff1d(np.arange(layer.size), js)
            layer.bias = layer.bias[keep]
            if layer.bias_trainable is not None:
                layer.bias_trainable = layer.bias_trainable[keep]
            if layer.neuron_names is not None:
                layer.neuron_names = [layer.neuron_names[j] for j in keep]
            layer.image_shape = None
            layer.size = len(keep)
            for link in self.links:
                if link.src == layer.id:
                    _take(link, keep, axis=0)
                if link.dst == layer.id:
                    _take(link, keep, axis=1)
            if k == 0:
                self.input = self.input[keep]
            for j in js:
                self.layout.ys.pop(self.neuron_ids[k][j], None)
            self.neuron_ids[k] = [self.neuron_ids[k][j] for j in keep]
        for lid in empty:
            k = self.layer_index(lid)
            self._edit_remove_layer(k)
        self._structure_edited()

    def _edit_connect(self, src: str, dst: str, weight: float) -> None:
        self.check_connect(src, dst)
        (s, i), (d, j) = self.where(src), self.where(dst)
        li = self.link_index(s, d)
        if li is None:
            shape = (self.layers[s].size, self.layers[d].size)
            link = Link(self.layers[s].id, self.layers[d].id, np.zeros(shape, dtype=self.dtype),
                        np.zeros(shape, dtype=bool))
            self.links.append(link)
        else:
            link = self.links[li]
            link.mask = link.connected().copy()
        link.mask[i, j] = True
        link.W[i, j] = weight
        self._structure_edited()

    def _edit_disconnect(self, pairs: Sequence[tuple[str, str]]) -> None:
        for src, dst in pairs:
            c = self._require_connection(src, dst)
            link = self.links[c.link]
            link.mask = link.connected().copy()
            link.mask[c.i, c.j] = False
            link.W[c.i, c.j] = 0.0
            if link.trainable is not None:
                link.trainable[c.i, c.j] = True
        self._structure_edited()

    def _edit_fully_connect(self, s: int, d: int, W_new: np.ndarray) -> None:
        """Connect every neuron of layer ``s`` to every one of ``d``; new
        connections take their weight from ``W_new`` (shape (n_s, n_d))."""
        li = self.link_index(s, d)
        if li is None:
            self.links.append(Link(self.layers[s].id, self.layers[d].id, W_new.astype(self.dtype)))
        else:
            link = self.links[li]
            link.W = np.where(link.connected(), link.W, W_new).astype(self.dtype)
            link.mask = None
        self._structure_edited()

    def _edit_weights(self, changes: Sequence[tuple[str, str, float]]) -> None:
        links = set()
        for src, dst, value in changes:
            c = self._require_connection(src, dst)
            self.links[c.link].W[c.i, c.j] = value
            links.add(c.link)
        self._parameters_edited(ParametersChanged(tuple(sorted(links)), ()))

    def _edit_biases(self, changes: Sequence[tuple[str, float]]) -> None:
        layers = set()
        for uid, value in changes:
            k, j = self.where(uid)
            self.layers[k].bias[j] = value
            layers.add(k)
        self._parameters_edited(ParametersChanged((), tuple(sorted(layers))))

    def _edit_parameters(self, W: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> None:
        """Replace every weight matrix and bias vector (same shapes)."""
        for link, w in zip(self.links, W):
            link.W = np.array(w, dtype=self.dtype)
        for layer, bias in zip(self.layers, b):
            layer.bias = np.array(bias, dtype=self.dtype)
        self._parameters_edited()

    def _edit_frozen(self, weights: Sequence[tuple[str, str]], biases: Sequence[str], frozen: bool) -> None:
        links, layers = set(), set()
        for src, dst in weights:
            c = self._require_connection(src, dst)
            links.add(c.link)
            link = self.links[c.link]
            if link.trainable is None:
                link.trainable = np.ones(link.W.shape, dtype=bool)
            link.trainable[c.i, c.j] = not frozen
            if link.trainable.all():
                link.trainable = None
        for uid in biases:
            k, j = self.where(uid)
            layers.add(k)
            layer = self.layers[k]
            if layer.bias_trainable is None:
                layer.bias_trainable = np.ones(layer.size, dtype=bool)
            layer.bias_trainable[j] = not frozen
            if layer.bias_trainable.all():
                layer.bias_trainable = None
        self.events.parameters_changed.emit(ParametersChanged(tuple(sorted(links)), tuple(sorted(layers))))

    def _edit_activation(self, k: int, activation: str) -> None:
        if activation not in ACTIVATIONS:
            raise ValueRefused(tr("unknown activation {activation!r}").format(activation=activation))
        self.layers[k].activation = activation
        self._forward = None
        self.events.layers_changed.emit([self.layers[k].id])
        self.events.outputs_changed.emit()

    def _edit_layer_name(self, k: int, name: str) -> None:
        self.layers[k].name = name
        self._names_edited(NamesChanged((), (self.layers[k].id,)))
        self.events.layers_changed.emit([self.layers[k].id])

    def _edit_neuron_name(self, uid: str, name: str) -> None:
        k, j = self.where(uid)
        layer = self.layers[k]
        if layer.neuron_names is None:
            layer.neuron_names = [""] * layer.size
        layer.neuron_names[j] = name
        if not any(layer.neuron_names):
            layer.neuron_names = None
        self._names_edited(NamesChanged((uid,), ()))

    def _edit_ys(self, ys: dict[str, float]) -> None:
        for uid, y in ys.items():
            self.where(uid)
            self.layout.ys[uid] = float(y)
        self.events.layout_changed.emit(list(ys))

    def _edit_column(self, k: int, x: float) -> None:
        low, high = self.column_range(k)
        self.layout.columns[self.layers[k].id] = float(min(max(x, low), high))
        self.events.layout_changed.emit(list(self.neuron_ids[k]))

    def _edit_collapsed(self, k: int, collapsed: bool | None) -> None:
        lid = self.layers[k].id
        if collapsed is None:
            self.layout.collapsed.pop(lid, None)
        else:
            self.layout.collapsed[lid] = bool(collapsed)
        self.events.layers_changed.emit([lid])


def _take(link: Link, keep: np.ndarray, axis: int) -> None:
    link.W = np.take(link.W, keep, axis=axis)
    if link.mask is not None:
        link.mask = np.take(link.mask, keep, axis=axis)
    if link.trainable is not None:
        link.trainable = np.take(link.trainable, keep, axis=axis)


