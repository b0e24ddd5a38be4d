"""What the Edit and Network menus do to the canvas selection.

Each method turns the current selection into one model command (or one
:class:`~nnapp.model.commands.Macro`) and pushes it through the editor, so
every menu item, toolbar button, shortcut and context-menu entry is one
undo step. Dialogs are opened with ``open()`` (window-modal, not blocking),
so they can be driven by tests like any other widget.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from nnapp.model import commands as C
from nnapp.model.clipboard import Paste, check_clipboard, copy_neurons
from nnapp.model.errors import EditError
from nnapp.model.layout import expand_refusal
from nnapp.text import plural, sentence, tr

from .canvas.scene import NetworkScene
from .dialogs import AddLayerDialog, ReinitialiseDialog
from .editor import Editor
from .selection import Selection


class NetworkActions(QObject):
    """Edits of the selection on ``scene``.

    Signals
    -------
    message(str)
        Something for the status bar (e.g. "Select neurons in two layers").
    """

    message = Signal(str)

    def __init__(self, editor: Editor, scene: NetworkScene, parent: QWidget) -> None:
        super().__init__(parent)
        self.editor = editor
        self.scene = scene
        self.window = parent

    @property
    def doc(self):
        return self.editor.doc

    def selection(self) -> Selection:
        return self.scene.selection()

    def _selected_neurons(self) -> list[str]:
        """Selected neurons plus every neuron of selected (collapsed) layers."""
        sel = self.selection()
        uids = list(sel.neurons)
        for lid in sel.layers:
            uids += self.doc.neuron_ids[self.doc.layer_index(lid)]
        return uids

    def _selected_layers(self) -> list[int]:
        sel = self.selection()
        ks = {self.doc.where(u)[0] for u in sel.neurons} | {self.doc.layer_index(l) for l in sel.layers}
        ks |= {self.doc.where(c[0])[0] for c in sel.connections} | {self.doc.where(c[1])[0] for c in sel.connections}
        return sorted(ks)

    # --- Edit ---------------------------------------------------------------

    def delete(self) -> None:
        sel = self.selection()
        if sel.is_empty():
            self.message.emit(tr("Select neurons or connections to delete"))
            return
        commands: list[C.Command] = []
        if sel.neurons or sel.connections:
            commands.append(C.RemoveItems(sel.neurons, sel.connections))
        commands += [C.RemoveLayer(lid) for lid in sel.layers]
        command = commands[0] if len(commands) == 1 else C.Macro(tr("Delete"), commands)
        self.editor.push(command)

    def copy(self) -> bool:
        uids = self._selected_neurons()
        if not uids:
            self.message.emit(tr("Select neurons to copy"))
            return False
        # plain text (JSON), not a QMimeData of our own: a QMimeData handed
        # to the clipboard from Python is deleted twice when the app exits
        QGuiApplication.clipboard().setText(json.dumps(copy_neurons(self.doc, uids)))
        n = len(uids)
        self.message.emit(plural(n, "Copied {n} neuron", "Copied {n} neurons").format(n=n))
        return True

    def cut(self) -> None:
        if self.copy():
            self.delete()

    def paste(self) -> None:
        try:
            payload = check_clipboard(json.loads(QGuiApplication.clipboard().text()))
        except (ValueError, EditError):
            self.message.emit(tr("The clipboard holds no nnapp neurons to paste"))
            return
        self._paste(payload)

    def duplicate(self) -> None:
        uids = self._selected_neurons()
        if not uids:
            self.message.emit(tr("Select neurons to duplicate"))
            return
        self._paste(copy_neurons(self.doc, uids))

    def _paste(self, payload: dict) -> None:
        command = Paste(payload)
        if self.editor.push(command):
            self.scene.select(Selection(neurons=tuple(command.uids)))

    def select_all(self) -> None:
        self.scene.select_all()

    # --- Network ------------------------------------------------------------

    def add_neuron(self) -> None:
        """A neuron under the mouse when it is over the canvas; otherwise in
        the layer of the selected neuron, or in a new column on the right."""
        view = self.scene.views()[0] if self.scene.views() else None
        if view is not None and view.underMouse():
            pos = self.scene.last_pos
            command = C.PlaceNeuron(pos.x(), pos.y(), tolerance=45.0)
        elif self._selected_layers():
            command = C.AddNeuron(self.doc.layers[self._selected_layers()[-1]].id)
        else:
            xs = [self.doc.layout.columns[l.id] for l in self.doc.layers]
            command = C.PlaceNeuron(xs[-1] + 220.0 if xs else 0.0, 0.0)
        if self.editor.push(command):
            self.scene.select(Selection(neurons=(command.uid,)))

    def add_layer(self) -> AddLayerDialog:
        dialog = AddLayerDialog(self.window)
        dialog.accepted.connect(lambda: self.editor.push(C.AddLayer(dialog.size(), dialog.activation())))
        dialog.open()
        return dialog

    def fully_connect(self) -> None:
        """Two or more layers selected: connect each to the next. One layer:
        connect the layer before it to it, and it to the layer after."""
        ks = self._selected_layers()
        n = len(self.doc.layers)
        if len(ks) == 1:
            k = ks[0]
            ks = [x for x in (k - 1, k, k + 1) if 0 <= x < n]
        if len(ks) < 2:
            self.message.emit(tr("Select neurons in two layers to connect them fully"))
            return
        ids = [self.doc.layers[k].id for k in ks]
        commands = [C.FullyConnect(a, b) for a, b in zip(ids, ids[1:])]
        self.editor.push(commands[0] if len(commands) == 1 else C.Macro(tr("Fully connect"), commands))

    def toggle_frozen(self) -> None:
        """Freeze the selected weights and biases, or unfreeze them when all
        are frozen already."""
        doc = self.doc
        sel = self.selection()
        biases = [u for u in self._selected_neurons() if doc.where(u)[0] > 0]
        weights = list(sel.connections)
        if not weights and not biases:
            self.message.emit(tr("Select connections or neurons (not inputs) to freeze"))
            return
        all_frozen = all(doc.is_weight_frozen(*w) for w in weights) and all(doc.is_bias_frozen(b) for b in biases)
        self.editor.push(C.SetFrozen(weights, biases, frozen=not all_frozen))

    def reinitialise(self) -> ReinitialiseDialog:
        dialog = ReinitialiseDialog(self.doc.training.init, self.doc.training.seed, self.window)
        dialog.accepted.connect(lambda: self.editor.push(C.Reinitialise(dialog.method(), dialog.seed())))
        dialog.open()
        return dialog

    def toggle_collapsed(self) -> None:
        ks = self._selected_layers()
        if not ks:
            self.message.emit(tr("Select a neuron or a layer block to collapse or expand its layer"))
            return
        # expanding is refused for layers too large to draw neuron by neuron:
        # say why instead of pushing an undo step that changes nothing
        expand = [k for k in ks if self.doc.is_collapsed(k)]
        refusals = [expand_refusal(self.doc.layers[k].size) for k in expand]
        refused = {k for k, r in zip(expand, refusals) if r is not None}
        ks = [k for k in ks if k not in refused]
        if refused:
            first = next(r for r in refusals if r is not None)
            self.message.emit(sentence(first))
        if not ks:
            return
        commands = [C.SetCollapsed(self.doc.layers[k].id, not self.doc.is_collapsed(k)) for k in ks]
        self.editor.push(commands[0] if len(commands) == 1 else C.Macro(tr("Collapse or expand"), commands))

    def set_activation(self, name: str) -> None:
        ks = [k for k in self._selected_layers() if k > 0]
        if not ks:
            self.message.emit(tr("Select a neuron of a hidden or output layer to set its activation"))
            return
        commands = [C.SetActivation(self.doc.layers[k].id, name) for k in ks]
        self.editor.push(commands[0] if len(commands) == 1 else C.Macro(tr("Activation {name}").format(name=name), commands))
