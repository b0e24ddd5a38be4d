"""The canvas scene: the document's network as graphics items.

:class:`NetworkScene` keeps a dict from document id to item (neurons by
neuron id, connections by (src id, dst id), collapsed layers by layer id)
and follows the document's events: structure changes rebuild the items,
value changes only repaint them. Mouse gestures become model commands
pushed through the :class:`~nnapp.ui.editor.Editor`:

- drag a neuron: one ``MoveNeurons`` (it snaps back to its column), or
  ``MoveToLayer`` when dropped on another column or between two columns;
- drag from a neuron's ⊕ port (or Shift+drag from anywhere on it) to
  another neuron: ``Connect``, refused with the reason shown next to the
  mouse while hovering and in the status bar on release;
- double-click on empty canvas: ``PlaceNeuron`` there; on a collapsed layer:
  expand it (layers of more than ``EXPAND_LIMIT`` neurons stay a block, and
  the status bar says why).

The number of items stays bounded whatever the network: a collapsed layer
is one block, a link touching one is one band, and so is a link between two
expanded layers with more than ``MAX_CONNECTION_ITEMS`` connections. In all,
at most ``MAX_NEURON_ITEMS`` neurons and ``MAX_LINE_ITEMS`` connections are
drawn one by one; the layers and links beyond them are drawn as blocks and
bands.

Longer than most modules: it is one class, :class:`NetworkScene`, whose item
dictionaries, event handlers and mouse gestures all work on the same items;
the items, the connect drag and the hover are modules of their own.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPen, QTransform
from PySide6.QtWidgets import QGraphicsScene

from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.events import NamesChanged, ParametersChanged
from nnapp.model.layout import expand_refusal
from nnapp.text import counted, sentence, tr

from ..editor import Editor
from ..selection import Selection
from . import colors
from .background import paint_background
from .connect_drag import ConnectionDrag
from .connection_item import ConnectionItem
from .layer_items import BandItem, LayerBlock, LayerLabel, neuron_span
from .neuron_item import RADIUS, NeuronItem

DETAIL_SCALE = 1.3
"""At this zoom and above every value is written next to its item."""

SNAP = 45.0
"""A neuron dropped this close to a column joins that column."""

MAX_CONNECTION_ITEMS = 10_000
"""A link with more connections than this is drawn as one band."""

MAX_LINE_ITEMS = 20_000
"""Connections drawn one by one in all; the links beyond are drawn as bands."""

MAX_NEURON_ITEMS = 5_000
"""Neurons drawn one by one in all; the layers beyond are drawn as blocks."""


class NetworkScene(QGraphicsScene):
    """The items of one document's network, kept in step with it.

    Signals
    -------
    selection_changed(Selection)
    message(str)
        Something to tell the user in the status bar (e.g. why a connection
        was refused).
    """

    selection_changed = Signal(object)
    message = Signal(str)
    context_menu_requested = Signal(str, QPoint)

    def __init__(self, editor: Editor, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.neurons: dict[str, NeuronItem] = {}
        self.connections: dict[tuple[str, str], ConnectionItem] = {}
        self.blocks: dict[str, LayerBlock] = {}
        self.bands: list[BandItem] = []
        self.labels: dict[str, LayerLabel] = {}
        self._attached: dict[str, list[ConnectionItem]] = {}
        self._refs: dict[tuple[str, str], tuple[int, int, int]] = {}
        #: The connection items of each link (by link index), to refresh one link alone.
        self._by_link: dict[int, list[tuple[str, str]]] = {}
        #: The scale the connections were last drawn to: (largest |w|, widest line).
        self._scale: tuple[float, float] | None = None
        self.show_values = False
        self._highlight: tuple[set, set] = (set(), set())
        self._override: dict[str, float] | None = None
        self._marks = None
        self._rebuilding = False
        self.connect_drag = ConnectionDrag(self)
        self._drop_x: float | None = None
        self.last_pos = QPointF(0, 0)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.selectionChanged.connect(self._on_selection)
        events = self.doc.events
        events.reset.connect(self.rebuild)
        events.structure_changed.connect(self.rebuild)
        events.layers_changed.connect(lambda ids: self.rebuild())
        events.names_changed.connect(self.rename)
        events.parameters_changed.connect(self.refresh_parameters)
        events.outputs_changed.connect(self.refresh_values)
        events.layout_changed.connect(lambda ids: self.reposition())
        self.rebuild()

    @property
    def doc(self) -> Document:
        return self.editor.doc

    # --- building -----------------------------------------------------------

    def rebuild(self) -> None:
        """Make every item again from the document (keeping the selection)."""
        keep = self.selection()
        self._rebuilding = True
        self.blockSignals(True)
        self.connect_drag.cancel()
        self.clear()
        self.neurons.clear()
        self.connections.clear()
        self.blocks.clear()
        self.bands.clear()
        self.labels.clear()
        self._attached.clear()
        self._refs.clear()
        self._by_link.clear()
        self._scale = None
        doc = self.doc
        blocks = self._drawn_as_blocks()
        for k, layer in enumerate(doc.layers):
            x = doc.layout.columns[layer.id]
            ys = [doc.layout.ys[u] for u in doc.neuron_ids[k]]
            title = doc.layer_title(k)
            if k in blocks:
                block = LayerBlock(layer.id, layer.size, layer.image_shape if k == 0 else None)
                block.title = title
                block.setPos(x, float(np.mean(ys)))
                self.addItem(block)
                self.blocks[layer.id] = block
                top = block.span("left")[1] - 8
            else:
                names = doc.neuron_names(k)
                for uid, name in zip(doc.neuron_ids[k], names):
                    item = NeuronItem(uid)
                    item.name = name
                    item.role = doc.role(k)
                    item.activation = layer.activation
                    item.setPos(x, doc.layout.ys[uid])
                    self.addItem(item)
                    self.neurons[uid] = item
                    self._attached[uid] = []
                top = min(ys) - RADIUS - 8
            what = tr("values in") if k == 0 else layer.activation
            subtitle = f"{what} · {counted(layer.size, 'neuron', 'neurons')}"
            label = LayerLabel(title, subtitle)
            label.setPos(x, top)
            self.addItem(label)
            self.labels[layer.id] = label
        lines = 0
        for li, link in enumerate(doc.links):
            s, d = doc.link_ends(li)
            n = link.n_connections()
            if s in blocks or d in blocks or n > MAX_CONNECTION_ITEMS or lines + n > MAX_LINE_ITEMS:
                self._add_band(li, s, d)
                continue
            lines += n
            for c in doc.connections(li):
                item = ConnectionItem(self.neurons[c.src], self.neurons[c.dst])
                self.addItem(item)
                self.connections[(c.src, c.dst)] = item
                self._refs[(c.src, c.dst)] = (c.link, c.i, c.j)
                self._by_link.setdefault(c.link, []).append((c.src, c.dst))
                self._attached[c.src].append(item)
                self._attached[c.dst].append(item)
        self._rebuilding = False
        self.refresh_parameters()
        self.refresh_values()
        self._show_marks()
        self.highlight(*self._highlight)
        self.select(keep)
        self.blockSignals(False)
        self._on_selection()
        self.update()

    def _drawn_as_blocks(self) -> set[int]:
        """The layers drawn as one block: the collapsed ones, and those after
        the first ``MAX_NEURON_ITEMS`` neurons drawn one by one."""
        doc = self.doc
        blocks, drawn = set(), 0
        for k, layer in enumerate(doc.layers):
            if doc.is_collapsed(k) or drawn + layer.size > MAX_NEURON_ITEMS:
                blocks.add(k)
            else:
                drawn += layer.size
        return blocks

    def _add_band(self, li: int, s: int, d: int) -> None:
        doc = self.doc
        spans = []
        for k, side in ((s, "right"), (d, "left")):
            lid = doc.layers[k].id
            if lid in self.blocks:
                spans.append(self.blocks[lid].span(side))
            else:
                ys = [doc.layout.ys[u] for u in doc.neuron_ids[k]]
                spans.append(neuron_span(doc.layout.columns[lid], ys, side))
        link = doc.links[li]
        name = f"{doc.layer_title(s)} → {doc.layer_title(d)}"
        band = BandItem(name, spans[0], spans[1], link.W, link.mask)
        band.link_index = li
        self.addItem(band)
        self.bands.append(band)

    # --- following the document ---------------------------------------------

    def rename(self, change: NamesChanged | None = None) -> None:
        """Names from the document into the items there are (a rename keeps
        every item: no rebuild). ``change`` names the neurons and layers
        renamed: only their items (and the connections of a renamed neuron)
        are touched; None means every one."""
        if change is not None and change.neurons is not None and change.layers is not None:
            self._rename_some(change)
            return
        doc = self.doc
        for k, layer in enumerate(doc.layers):
            title = doc.layer_title(k)
            label = self.labels.get(layer.id)
            if label is not None:
                label.title = title
                label.update()
            block = self.blocks.get(layer.id)
            if block is not None:
                block.title = title
                block.update()
                continue
            for uid, name in zip(doc.neuron_ids[k], doc.neuron_names(k)):
                item = self.neurons.get(uid)
                if item is not None:
                    item.name = name
        for band in self.bands:
            s, d = doc.link_ends(band.link_index)
            band.rename(f"{doc.layer_title(s)} → {doc.layer_title(d)}")
        self.refresh_parameters()   # weight and bias names, every tooltip

    def _rename_some(self, change: NamesChanged) -> None:
        doc = self.doc
        renamed_layers = set()
        for lid in change.layers:
            k = doc.layer_index(lid)
            renamed_layers.add(k)
            title = doc.layer_title(k)
            for item in (self.labels.get(lid), self.blocks.get(lid)):
                if item is not None:
                    item.title = title
                    item.update()
        for band in self.bands:
            s, d = doc.link_ends(band.link_index)
            if s in renamed_layers or d in renamed_layers:
                band.rename(f"{doc.layer_title(s)} → {doc.layer_title(d)}")
        for uid in change.neurons:
            item = self.neurons.get(uid)
            if item is None:
                continue                 # inside a block: the block shows no neuron names
            item.name = doc.neuron_name(uid)
            item.update_tooltip()
            item.update()
            for connection in self._attached.get(uid, ()):
                connection.update_tooltip()   # "w3: x1 → h2" names both ends
                connection.update()

    def refresh_parameters(self, change: ParametersChanged | None = None) -> None:
        """Weights, biases and frozen marks from the document.

        ``change`` says which links and layers changed: when the scale of
        the lines (the largest |w| drawn) is the same as before, only their
        items are refreshed; None refreshes every item."""
        doc = self.doc
        drawn = [doc.links[li].W[i, j] for li, i, j in self._refs.values()]
        w_max = float(np.max(np.abs(drawn))) if drawn else 1.0
        widest = colors.widest_line(len(drawn))
        some = change is not None and self._scale == (w_max, widest)
        self._scale = (w_max, widest)
        if some and change.links is not None:
            keys = [key for li in change.links for key in self._by_link.get(li, ())]
            connections = [(key, self.connections[key]) for key in keys]
        else:
            connections = self.connections.items()
        if some and change.layers is not None:
            neurons = [(uid, self.neurons[uid]) for k in change.layers if k < len(doc.neuron_ids)
                       for uid in doc.neuron_ids[k] if uid in self.neurons]
        else:
            neurons = self.neurons.items()
        for key, item in connections:
            li, i, j = self._refs[key]
            link = doc.links[li]
            item.w = float(link.W[i, j])
            item.w_max = w_max
            item.widest = widest
            item.frozen = link.trainable is not None and not link.trainable[i, j]
            item.name = doc.weight_name(*key)
            item.update_tooltip()
            item.update()
        for uid, item in neurons:
            k, j = doc.where(uid)
            if k > 0:
                item.bias = float(doc.layers[k].bias[j])
                item.bias_name = doc.bias_name(uid)
                item.bias_frozen = doc.is_bias_frozen(uid)
            item.update_tooltip()
            item.update()

    def refresh_values(self) -> None:
        """Activations for the current input."""
        doc = self.doc
        fp = doc.forward()
        for uid, item in self.neurons.items():
            k, j = doc.where(uid)
            if self._override is not None:
                item.a, item.z = self._override.get(uid), None
            elif k == 0:
                item.a, item.z = float(doc.input[j]), None
            elif fp is None:
                item.a = item.z = None
            else:
                item.a, item.z = float(fp.activations[k][0, j]), float(fp.zs[k][0, j])
            item.show_value = self.show_values or item.role == "output"
            item.update_tooltip()
            item.update()
        for lid, block in self.blocks.items():
            k = doc.layer_index(lid)
            if k == 0:
                block.set_values(doc.input)
            elif fp is not None:
                block.set_values(fp.activations[k][0])

    def reposition(self) -> None:
        """Put every neuron where the layout says (after a move or an undo)."""
        doc = self.doc
        if self.blocks or self.bands:
            self.rebuild()
            return
        self._rebuilding = True
        for uid, item in self.neurons.items():
            x, y = doc.neuron_position(uid)
            item.setPos(x, y)
        for item in self.connections.values():
            item.update_position()
        for k, layer in enumerate(doc.layers):
            label = self.labels.get(layer.id)
            if label is not None:
                ys = [doc.layout.ys[u] for u in doc.neuron_ids[k]]
                label.setPos(doc.layout.columns[layer.id], min(ys) - RADIUS - 8)
        self._rebuilding = False
        self.update()

    def set_show_values(self, show: bool) -> None:
        if show != self.show_values:
            self.show_values = show
            for item in self.neurons.values():
                item.show_value = show or item.role == "output"
                item.update()
            for item in self.connections.values():
                item.show_value = show
                item.update()

    # --- stepping through a computation ---------------------------------------

    def highlight(self, neurons=(), connections=()) -> None:
        """Light up these neurons (ids) and connections ((src, dst) ids); the
        step-through panel shows in this way what the current step is about."""
        self._highlight = (set(neurons), set(connections))
        for uid, item in self.neurons.items():
            lit = uid in self._highlight[0]
            if item.highlight != lit:
                item.highlight = lit
                item.update()
        for key, item in self.connections.items():
            lit = key in self._highlight[1]
            if item.highlight != lit:
                item.highlight = lit
                item.update()

    def show_partial_values(self, values: dict[str, float] | None) -> None:
        """Show only the activations in ``values`` (neuron id → a); the other
        neurons show no value. None goes back to the full forward pass."""
        self._override = None if values is None else dict(values)
        self.refresh_values()

    def show_step_marks(self, marks) -> None:
        """Show the δ, ∂L/∂w and new weights that stepping has reached
        (a :class:`~nnapp.model.step_marks.StepMarks`); None shows none."""
        self._marks = marks
        self._show_marks()

    def _show_marks(self) -> None:
        marks = self._marks
        doc = self.doc
        for uid, item in self.neurons.items():
            delta = new_bias = None
            if marks is not None:
                delta = marks.delta(uid)
                if item.bias is not None:
                    new_bias = marks.new_bias(*doc.where(uid))
            if (delta, new_bias) != (item.delta, item.new_bias):
                item.delta, item.new_bias = delta, new_bias
                item.update_tooltip()
                item.update()
        for key, item in self.connections.items():
            gradient = new_w = None
            if marks is not None:
                li, i, j = self._refs[key]
                gradient = marks.gradient(li, i, j)
                new_w = marks.new_weight(li, i, j)
            if (gradient, new_w) != (item.gradient, item.new_w):
                item.gradient, item.new_w = gradient, new_w
                item.update_tooltip()
                item.update()

    # --- selection ------------------------------------------------------------

    def selection(self) -> Selection:
        items = self.selectedItems()
        return Selection(
            neurons=tuple(i.uid for i in items if isinstance(i, NeuronItem)),
            connections=tuple(i.key for i in items if isinstance(i, ConnectionItem)),
            layers=tuple(i.layer_id for i in items if isinstance(i, LayerBlock)),
        )

    def select(self, selection: Selection) -> None:
        """Select exactly what ``selection`` names (what no longer exists is skipped)."""
        blocked = self.blockSignals(True)
        self.clearSelection()
        for uid in selection.neurons:
            if uid in self.neurons:
                self.neurons[uid].setSelected(True)
        for key in selection.connections:
            if key in self.connections:
                self.connections[key].setSelected(True)
        for lid in selection.layers:
            if lid in self.blocks:
                self.blocks[lid].setSelected(True)
        self.blockSignals(blocked)
        if not blocked:
            self._on_selection()

    def select_all(self) -> None:
        for item in self.items():
            if item.flags() & item.GraphicsItemFlag.ItemIsSelectable:
                item.setSelected(True)

    def _on_selection(self) -> None:
        if not self._rebuilding:
            self.selection_changed.emit(self.selection())

    # --- moving ---------------------------------------------------------------

    def neuron_moved(self, item: NeuronItem) -> None:
        if self._rebuilding:
            return
        for c in self._attached.get(item.uid, ()):
            c.update_position()

    def _finish_drag(self) -> None:
        doc = self.doc
        moved = []
        for uid, item in self.neurons.items():
            x, y = doc.neuron_position(uid)
            if abs(item.pos().x() - x) > 0.5 or abs(item.pos().y() - y) > 0.5:
                moved.append((uid, item.pos()))
        self._drop_x = None
        if not moved:
            return
        if len(moved) == 1:
            uid, pos = moved[0]
            k, _ = doc.where(uid)
            target = doc.column_at(pos.x(), SNAP)
            if target != k and abs(pos.x() - doc.layout.columns[doc.layers[k].id]) > SNAP:
                if not self.editor.push(C.MoveToLayer(uid, pos.x(), pos.y(), SNAP)):
                    self.reposition()
                return
        ys = {uid: pos.y() for uid, pos in moved if abs(pos.y() - doc.neuron_position(uid)[1]) > 0.5}
        if not ys or not self.editor.push(C.MoveNeurons(ys)):
            self.reposition()

    # --- Qt events ------------------------------------------------------------

    def _view_transform(self) -> QTransform:
        views = self.views()
        return views[0].transform() if views else QTransform()

    def mousePressEvent(self, event) -> None:
        self.last_pos = event.scenePos()
        if event.button() == Qt.MouseButton.LeftButton:
            item = self.itemAt(event.scenePos(), self._view_transform())
            if isinstance(item, NeuronItem):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                if shift or item.on_port(item.mapFromScene(event.scenePos())):
                    self.connect_drag.begin(item, event.scenePos())
                    event.accept()
                    return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        self.last_pos = event.scenePos()
        if self.connect_drag.active():
            self.connect_drag.update(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        if event.buttons() & Qt.MouseButton.LeftButton and self.mouseGrabberItem() is not None:
            self._update_drop_hint()

    def mouseReleaseEvent(self, event) -> None:
        if self.connect_drag.active():
            self.connect_drag.finish(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._finish_drag()
            self.update()

    def mouseDoubleClickEvent(self, event) -> None:
        item = self.itemAt(event.scenePos(), self._view_transform())
        if item is None or isinstance(item, (BandItem, LayerLabel)):
            self.editor.push(C.PlaceNeuron(event.scenePos().x(), event.scenePos().y(), tolerance=SNAP))
            event.accept()
            return
        if isinstance(item, LayerBlock):
            refusal = expand_refusal(item.size)
            if refusal:
                self.message.emit(sentence(refusal))
            elif not self.doc.is_collapsed(self.doc.layer_index(item.layer_id)):
                self.message.emit(tr("The canvas draws at most {max_neuron_items:,} neurons one by one: "
                                     "collapse another layer (Ctrl+E) to draw this one")
                                  .format(max_neuron_items=MAX_NEURON_ITEMS))
            else:
                self.editor.push(C.SetCollapsed(item.layer_id, False))
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event) -> None:
        self.last_pos = event.scenePos()
        item = self.itemAt(event.scenePos(), self._view_transform())
        kinds = {NeuronItem: "neuron", ConnectionItem: "connection", LayerBlock: "layer"}
        kind = next((k for cls, k in kinds.items() if isinstance(item, cls)), "empty")
        if kind != "empty" and not item.isSelected():
            self.clearSelection()
            item.setSelected(True)
        self.context_menu_requested.emit(kind, event.screenPos())
        event.accept()

    def _update_drop_hint(self) -> None:
        grabbed = self.mouseGrabberItem()
        moving = [i for i in self.selectedItems() if isinstance(i, NeuronItem)]
        if not isinstance(grabbed, NeuronItem) or len(moving) != 1:
            return
        doc = self.doc
        x = grabbed.pos().x()
        k, _ = doc.where(grabbed.uid)
        own = doc.layout.columns[doc.layers[k].id]
        target = doc.column_at(x, SNAP)
        self._drop_x = None if abs(x - own) <= SNAP else (doc.layout.columns[doc.layers[target].id]
                                                         if target is not None else x)
        self.update()

    def drawBackground(self, painter, rect: QRectF) -> None:
        paint_background(painter, rect, [self.doc.layout.columns[l.id] for l in self.doc.layers])

    def drawForeground(self, painter, rect: QRectF) -> None:
        if self._drop_x is not None:
            color = QColor(colors.ACCEPT)
            color.setAlpha(160)
            painter.setPen(QPen(color, 3, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(self._drop_x, rect.top()), QPointF(self._drop_x, rect.bottom()))
