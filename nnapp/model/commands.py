"""Undoable edits of a :class:`~nnapp.model.document.Document`.

Every change a user makes is one command: ``do(doc)`` makes it (and makes it
again after an undo), ``undo(doc)`` takes it back exactly. Commands check
first and raise an :class:`~nnapp.model.errors.EditError` before touching
anything, so a refused edit leaves the document as it was.

Commands that change the structure (neurons, layers, connections) keep a
snapshot of the document before and after their first ``do``: undo and redo
restore those, bit for bit, including any random weights drawn. Commands
that change a few values keep just the old values.

The UI wraps each command in a ``QUndoCommand``; :class:`~nnapp.model.
history.History` is the same stack without Qt.

Longer than most modules: it holds every undoable command, some twenty short
classes on one base, so that what a user can change is listed in one place.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.initializers import INITIALIZERS, initialize
from nnapp.text import counted, marked, plural, tr

from .document import Document, Snapshot
from .edits import DEFAULT_ACTIVATION
from .errors import EditError, ValueRefused

MAX_NAME = 24
"""Longest neuron or layer name, in characters."""

MAX_LAYER = 100_000
"""Most neurons "Add layer" creates at once."""


class Command:
    """One undoable edit. Subclasses set :attr:`text` (shown in the Edit menu
    and the history) and implement :meth:`do` and :meth:`undo`."""

    text = "Edit"

    def do(self, doc: Document) -> None:
        raise NotImplementedError

    def undo(self, doc: Document) -> None:
        raise NotImplementedError


class StructuralCommand(Command):
    """A command undone and redone by restoring whole snapshots.

    Subclasses implement :meth:`apply`, which may check and raise before it
    changes anything; if it fails half-way, the document is restored.
    """

    def __init__(self) -> None:
        self._before: Snapshot | None = None
        self._after: Snapshot | None = None

    def apply(self, doc: Document) -> None:
        raise NotImplementedError

    def do(self, doc: Document) -> None:
        if self._after is not None:
            doc.restore(self._after)
            return
        self._before = doc.snapshot()
        try:
            self.apply(doc)
        except Exception:
            doc.restore(self._before)
            raise
        self._after = doc.snapshot()

    def undo(self, doc: Document) -> None:
        assert self._before is not None, "undo before do"
        doc.restore(self._before)


# --- neurons and layers -------------------------------------------------------


class PlaceNeuron(StructuralCommand):
    """Add a neuron at (x, y): into the layer whose column is near x, or into a
    new layer there."""

    def __init__(self, x: float, y: float, activation: str = DEFAULT_ACTIVATION, tolerance: float = 40.0):
        super().__init__()
        self.x, self.y = _coordinate(x), _coordinate(y)
        self.activation = _activation(activation)
        self.tolerance = tolerance
        self.uid: str | None = None
        self.text = tr("Add neuron")

    def apply(self, doc: Document) -> None:
        k = doc.column_at(self.x, self.tolerance)
        if k is None:
            x = doc.new_column_x(self.x)
            index = doc.insertion_index(x)
            lid = doc._edit_insert_layer(index, 1, self.activation, x, [self.y])
            self.uid = doc.neuron_ids[doc.layer_index(lid)][0]
        else:
            self.uid = doc._edit_insert_neuron(k, self.y)


class AddNeuron(StructuralCommand):
    """Add a neuron to an existing layer (below its last neuron by default)."""

    def __init__(self, layer_id: str, y: float | None = None):
        super().__init__()
        self.layer_id = layer_id
        self.y = None if y is None else _coordinate(y)
        self.uid: str | None = None
        self.text = tr("Add neuron")

    def apply(self, doc: Document) -> None:
        k = doc.layer_index(self.layer_id)
        self.uid = doc._edit_insert_neuron(k, doc.free_y(k) if self.y is None else self.y)


class AddLayer(StructuralCommand):
    """Add a layer of ``size`` neurons at column ``x`` (default: right of the
    last layer)."""

    def __init__(self, size: int, activation: str = DEFAULT_ACTIVATION, x: float | None = None):
        super().__init__()
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or not 1 <= size <= MAX_LAYER:
            raise ValueRefused(tr("a layer has between 1 and {max_layer} neurons, not {size!r}")
                               .format(max_layer=MAX_LAYER, size=size))
        self.size = int(size)
        self.activation = _activation(activation)
        self.x = None if x is None else _coordinate(x)
        self.layer_id: str | None = None
        self.text = tr("Add layer of {size}").format(size=self.size)

    def apply(self, doc: Document) -> None:
        if self.x is None:
            xs = [doc.layout.columns[l.id] for l in doc.layers]
            x = xs[-1] + 220.0 if xs else 0.0
        else:
            x = doc.new_column_x(self.x)
        index = doc.insertion_index(x)
        self.layer_id = doc._edit_insert_layer(index, self.size, self.activation, x)


class RemoveLayer(StructuralCommand):
    def __init__(self, layer_id: str):
        super().__init__()
        self.layer_id = layer_id
        self.text = tr("Remove layer")

    def apply(self, doc: Document) -> None:
        doc._edit_remove_layer(doc.layer_index(self.layer_id))


class RemoveItems(StructuralCommand):
    """Delete neurons (with their connections) and connections."""

    def __init__(self, neurons: Sequence[str] = (), connections: Sequence[tuple[str, str]] = ()):
        super().__init__()
        self.neurons = list(dict.fromkeys(neurons))
        self.connections = list(dict.fromkeys(tuple(c) for c in connections))
        n, c = len(self.neurons), len(self.connections)
        neurons = counted(n, "neuron", "neurons", grouped=False)
        connections = counted(c, "connection", "connections", grouped=False)
        if n and c:
            self.text = tr("Delete {neurons} and {connections}").format(neurons=neurons, connections=connections)
        elif n:
            self.text = tr("Delete {neurons}").format(neurons=neurons)
        elif c:
            self.text = tr("Delete {connections}").format(connections=connections)
        else:
            self.text = tr("Delete")

    def apply(self, doc: Document) -> None:
        for uid in self.neurons:
            doc.where(uid)
        gone = set(self.neurons)
        pairs = [(s, d) for s, d in self.connections if s not in gone and d not in gone]
        for s, d in pairs:
            doc._require_connection(s, d)
        if pairs:
            doc._edit_disconnect(pairs)
        if self.neurons:
            doc._edit_remove_neurons(self.neurons)


class MoveToLayer(StructuralCommand):
    """Move a neuron into the layer whose column is near ``x``, or into a new
    layer at ``x``. Its connections that still run left to right are kept."""

    def __init__(self, uid: str, x: float, y: float, tolerance: float = 40.0):
        super().__init__()
        self.uid = uid
        self.x, self.y = _coordinate(x), _coordinate(y)
        self.tolerance = tolerance
        self.text = tr("Move neuron to another layer")

    def apply(self, doc: Document) -> None:
        k, j = doc.where(self.uid)
        links = [(c.src, c.dst, float(doc.links[c.link].W[c.i, c.j])) for c in doc.incoming(self.uid)]
        links += [(c.src, c.dst, float(doc.links[c.link].W[c.i, c.j])) for c in doc.outgoing(self.uid)]
        bias = doc.bias(self.uid)
        target = doc.column_at(self.x, self.tolerance)
        if target == k:
            doc._edit_ys({self.uid: self.y})
            return
        target_id = None if target is None else doc.layers[target].id
        activation = doc.layers[k].activation if k > 0 else DEFAULT_ACTIVATION
        doc._edit_remove_neurons([self.uid])
        if target_id is None:
            x = doc.new_column_x(self.x)
            doc._edit_insert_layer(doc.insertion_index(x), 1, activation, x, [self.y],
                                   neuron_ids=[self.uid])
            doc._edit_biases([(self.uid, bias)])
        else:
            doc._edit_insert_neuron(doc.layer_index(target_id), self.y, uid=self.uid, bias=bias)
        for src, dst, w in links:
            if doc.can_connect(src, dst):
                doc._edit_connect(src, dst, w)


# --- connections --------------------------------------------------------------


class Connect(StructuralCommand):
    """Connect ``src → dst``; without a weight, one is drawn from U(−1, 1)
    with the document's seeded generator."""

    def __init__(self, src: str, dst: str, weight: float | None = None):
        super().__init__()
        self.src, self.dst = src, dst
        self.weight = None if weight is None else _finite(weight, "weight")
        self.text = tr("Connect")

    def apply(self, doc: Document) -> None:
        doc.check_connect(self.src, self.dst)
        w = self.weight if self.weight is not None else float(doc.rng.uniform(-1.0, 1.0))
        self.text = tr("Connect {source} → {target}").format(
            source=doc.neuron_name(self.src), target=doc.neuron_name(self.dst))
        doc._edit_connect(self.src, self.dst, w)


class FullyConnect(StructuralCommand):
    """Connect every neuron of one layer to every neuron of a later one; new
    connections get Xavier-uniform weights from the document's generator."""

    def __init__(self, src_layer: str, dst_layer: str):
        super().__init__()
        self.src_layer, self.dst_layer = src_layer, dst_layer
        self.text = tr("Fully connect")

    def apply(self, doc: Document) -> None:
        s, d = doc.layer_index(self.src_layer), doc.layer_index(self.dst_layer)
        if s >= d:
            a, b = doc.layer_title(s), doc.layer_title(d)
            why = tr("it is the same layer") if s == d else tr("that would run right to left")
            raise EditError(tr("cannot connect {a} to {b}: {why}").format(a=a, b=b, why=why))
        n_s, n_d = doc.layers[s].size, doc.layers[d].size
        r = math.sqrt(6.0 / (n_s + n_d))
        doc._edit_fully_connect(s, d, doc.rng.uniform(-r, r, size=(n_s, n_d)))
        self.text = tr("Fully connect {source} → {target}").format(
            source=doc.layer_title(s), target=doc.layer_title(d))


# --- values -------------------------------------------------------------------


class SetWeight(Command):
    def __init__(self, src: str, dst: str, value: float):
        self.src, self.dst = src, dst
        self.value = _finite(value, "weight")
        self.old: float | None = None
        self.text = tr("Set weight")

    def do(self, doc: Document) -> None:
        old = doc.weight(self.src, self.dst)
        if self.old is None:
            self.old = old
            self.text = tr("Set {weight_name} = {value:g}").format(
                weight_name=doc.weight_name(self.src, self.dst), value=self.value)
        doc._edit_weights([(self.src, self.dst, self.value)])

    def undo(self, doc: Document) -> None:
        doc._edit_weights([(self.src, self.dst, self.old)])


class SetBias(Command):
    def __init__(self, uid: str, value: float):
        self.uid = uid
        self.value = _finite(value, "bias")
        self.old: float | None = None
        self.text = tr("Set bias")

    def do(self, doc: Document) -> None:
        name = doc.bias_name(self.uid)
        if self.old is None:
            self.old = doc.bias(self.uid)
            self.text = tr("Set {name} = {value:g}").format(name=name, value=self.value)
        doc._edit_biases([(self.uid, self.value)])

    def undo(self, doc: Document) -> None:
        doc._edit_biases([(self.uid, self.old)])


class SetActivation(Command):
    def __init__(self, layer_id: str, activation: str):
        self.layer_id = layer_id
        self.activation = _activation(activation)
        self.old: str | None = None
        self.text = tr("Activation {activation}").format(activation=activation)

    def do(self, doc: Document) -> None:
        k = doc.layer_index(self.layer_id)
        if k == 0:
            raise EditError(tr("the input layer passes its values on unchanged: it has no activation"))
        if self.old is None:
            self.old = doc.layers[k].activation
        doc._edit_activation(k, self.activation)

    def undo(self, doc: Document) -> None:
        doc._edit_activation(doc.layer_index(self.layer_id), self.old)


class RenameNeuron(Command):
    """Give a neuron its own name ("" goes back to the automatic one)."""

    def __init__(self, uid: str, name: str):
        self.uid, self.name = uid, _name(name)
        self.old: str | None = None
        self.text = tr("Rename to {name}").format(name=name) if name else tr("Automatic name")

    def do(self, doc: Document) -> None:
        k, j = doc.where(self.uid)
        taken = {n for kk in range(len(doc.layers)) for n in doc.neuron_names(kk)} - {doc.neuron_name(self.uid)}
        if self.name and self.name in taken:
            raise ValueRefused(tr("another neuron is already called {name}").format(name=self.name))
        if self.old is None:
            names = doc.layers[k].neuron_names
            self.old = names[j] if names else ""
        doc._edit_neuron_name(self.uid, self.name)

    def undo(self, doc: Document) -> None:
        doc._edit_neuron_name(self.uid, self.old)


class RenameLayer(Command):
    def __init__(self, layer_id: str, name: str):
        self.layer_id, self.name = layer_id, _name(name)
        self.old: str | None = None
        self.text = tr("Rename layer to {name}").format(name=name) if name else tr("Automatic layer name")

    def do(self, doc: Document) -> None:
        k = doc.layer_index(self.layer_id)
        if self.old is None:
            self.old = doc.layers[k].name
        doc._edit_layer_name(k, self.name)

    def undo(self, doc: Document) -> None:
        doc._edit_layer_name(doc.layer_index(self.layer_id), self.old)


class MoveNeurons(Command):
    """Set the heights of neurons within their columns (one drag)."""

    def __init__(self, ys: dict[str, float]):
        self.ys = {uid: _coordinate(y) for uid, y in ys.items()}
        self.old: dict[str, float] | None = None
        n = len(self.ys)
        self.text = plural(n, "Move neuron", "Move {n} neurons").format(n=n)

    def do(self, doc: Document) -> None:
        if self.old is None:
            self.old = {uid: doc.neuron_position(uid)[1] for uid in self.ys}
        doc._edit_ys(self.ys)

    def undo(self, doc: Document) -> None:
        doc._edit_ys(self.old)


class MoveColumn(Command):
    """Move a layer's column sideways, between its neighbours."""

    def __init__(self, layer_id: str, x: float):
        self.layer_id, self.x = layer_id, _coordinate(x)
        self.old: float | None = None
        self.text = tr("Move layer")

    def do(self, doc: Document) -> None:
        if self.old is None:
            self.old = doc.layout.columns[self.layer_id]
        doc._edit_column(doc.layer_index(self.layer_id), self.x)

    def undo(self, doc: Document) -> None:
        doc._edit_column(doc.layer_index(self.layer_id), self.old)


class SetFrozen(Command):
    """Freeze (or unfreeze) weights and biases: training leaves them alone."""

    def __init__(self, weights: Sequence[tuple[str, str]] = (), biases: Sequence[str] = (), frozen: bool = True):
        self.weights = [tuple(w) for w in weights]
        self.biases = list(biases)
        self.frozen = bool(frozen)
        self.old: tuple[list, list] | None = None
        self.text = tr("Freeze") if frozen else tr("Unfreeze")

    def do(self, doc: Document) -> None:
        for uid in self.biases:
            if doc.where(uid)[0] == 0:
                raise EditError(tr("{neuron_name} is an input: inputs have no bias to freeze")
                                .format(neuron_name=doc.neuron_name(uid)))
        if self.old is None:
            self.old = ([doc.is_weight_frozen(s, d) for s, d in self.weights],
                        [doc.is_bias_frozen(u) for u in self.biases])
        doc._edit_frozen(self.weights, self.biases, self.frozen)

    def undo(self, doc: Document) -> None:
        w_old, b_old = self.old
        for frozen in (True, False):
            doc._edit_frozen([w for w, f in zip(self.weights, w_old) if f == frozen],
                             [b for b, f in zip(self.biases, b_old) if f == frozen], frozen)


class Reinitialise(StructuralCommand):
    """Draw every weight again with an initialiser and a seed; biases to 0.

    Frozen parameters keep their values."""

    def __init__(self, method: str = "xavier", seed: int = 0):
        super().__init__()
        if method not in INITIALIZERS:
            raise ValueRefused(tr("unknown initialiser {method!r} (choose {initializers})")
                               .format(method=method, initializers=', '.join(INITIALIZERS)))
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ValueRefused(tr("the seed must be a whole number ≥ 0, not {seed!r}").format(seed=seed))
        self.method, self.seed = method, int(seed)
        self.text = tr("Re-initialise ({method}, seed {seed})").format(method=method, seed=seed)

    def apply(self, doc: Document) -> None:
        net = doc.network()
        if net is None:
            raise EditError(tr("there are no weights yet: add a second layer and connect it"))
        old_W = [link.W.copy() for link in doc.links]
        old_b = [layer.bias.copy() for layer in doc.layers]
        initialize(net, self.method, self.seed)
        W = [np.where(_frozen(link.trainable), w0, link.W) for link, w0 in zip(doc.links, old_W)]
        b = [np.where(_frozen(layer.bias_trainable), b0, layer.bias) if k else b0
             for k, (layer, b0) in enumerate(zip(doc.layers, old_b))]
        doc._edit_parameters(W, b)


class SetCollapsed(Command):
    """Draw a layer collapsed (True), expanded (False) or by its size (None)."""

    def __init__(self, layer_id: str, collapsed: bool | None):
        self.layer_id, self.collapsed = layer_id, collapsed
        self.old: bool | None = None
        self._done = False
        self.text = tr("Collapse layer") if collapsed else tr("Expand layer")

    def do(self, doc: Document) -> None:
        if not self._done:
            self.old = doc.layout.collapsed.get(self.layer_id)
            self._done = True
        doc._edit_collapsed(doc.layer_index(self.layer_id), self.collapsed)

    def undo(self, doc: Document) -> None:
        doc._edit_collapsed(doc.layer_index(self.layer_id), self.old)


class Macro(Command):
    """Several commands as one undo step; undone in reverse order."""

    def __init__(self, text: str, commands: Sequence[Command]):
        self.text = text
        self.commands = list(commands)

    def do(self, doc: Document) -> None:
        done: list[Command] = []
        try:
            for command in self.commands:
                command.do(doc)
                done.append(command)
        except Exception:
            for command in reversed(done):
                command.undo(doc)
            raise

    def undo(self, doc: Document) -> None:
        for command in reversed(self.commands):
            command.undo(doc)


# --- checks -------------------------------------------------------------------


_NUMBER_NAMES = {"weight": marked("a weight"), "bias": marked("a bias"), "position": marked("a position")}
"""How messages name the numbers a command takes (marked; translated where used)."""


def _finite(value, what: str) -> float:
    """``value`` as a float; ``what`` ("weight", "bias", "position") names it
    in the message (:data:`_NUMBER_NAMES`)."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueRefused(tr("{what} must be a number, not {value!r}")
                           .format(what=tr(_NUMBER_NAMES[what]), value=value)) from None
    if not math.isfinite(v):
        raise ValueRefused(tr("{what} must be a finite number, not {value!r}")
                           .format(what=tr(_NUMBER_NAMES[what]), value=value))
    return v


def _coordinate(value) -> float:
    v = _finite(value, "position")
    if abs(v) > 1e6:
        raise ValueRefused(tr("that position is too far from the network"))
    return v


def _activation(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueRefused(tr("unknown activation {name!r} (choose {activations})")
                           .format(name=name, activations=', '.join(ACTIVATIONS)))
    return name


def _name(name: str) -> str:
    if not isinstance(name, str):
        raise ValueRefused(tr("a name must be text"))
    name = name.strip()
    if len(name) > MAX_NAME:
        raise ValueRefused(tr("a name has at most {max_name} characters").format(max_name=MAX_NAME))
    if any(not ch.isprintable() for ch in name):
        raise ValueRefused(tr("a name cannot contain control characters"))
    return name


def _frozen(trainable: np.ndarray | None) -> np.ndarray | bool:
    return False if trainable is None else ~trainable

