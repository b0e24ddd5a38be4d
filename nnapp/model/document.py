"""The document: one network being edited, with its layout, data and settings.

A :class:`Document` is what a window shows and a file holds. It owns the
layers and links (the engine's :class:`~nnapp.engine.network.Layer` and
:class:`~nnapp.engine.network.Link`), a stable id for every neuron, the
:class:`~nnapp.model.layout.Layout`, the input values fed to the network,
the training settings (whose seed drives every random choice) and the chosen
data.

Unlike an engine :class:`~nnapp.engine.network.Network`, a document may be
unfinished: empty, or with only an input layer. :meth:`Document.network`
gives the engine's view of it once there are two layers.

Views read the document and subscribe to :attr:`Document.events`; they change
it only through commands (``commands.py``). The ``_edit_…`` methods below are
the primitive changes commands are made of: each keeps every invariant and
emits its events.

Longer than most modules: it is one class, :class:`Document`, whose primitive
edits must each keep all the invariants below, so they stay together with the
state they guard.

Invariants
----------
- Layer columns are in layer order, at least ``MIN_COLUMN_GAP`` apart.
- Every neuron has an id and a y; every layer a column.
- A link whose mask is all true has ``mask = None`` (the same for all-true
  trainable masks); a link with no connection left is removed; a layer with
  no neuron left is removed.
- Masked weights are 0 (the engine's invariant).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np

from nnapp.engine.network import Layer, Link, Network, default_layer_title, neuron_prefix
from nnapp.engine.propagation import ForwardPass, forward
from nnapp.engine.settings import TrainingSettings
from nnapp.text import tr

from .data_source import DataSource, as_source
from .errors import ConnectionRefused, UnknownItem, ValueRefused
from .edits import DocumentEdits
from .events import EVERY_PARAMETER, DocumentEvents, NamesChanged, ParametersChanged, SettingsChanged
from .layout import COLUMN_SPACING, MIN_COLUMN_GAP, NEURON_SPACING, Layout, auto_layout



@dataclass(frozen=True)
class Connection:
    """One connection between two neurons.

    ``link`` is the index of the link holding it, (``i``, ``j``) the row and
    column of its weight in that link's ``W``.
    """

    src: str
    dst: str
    link: int
    i: int
    j: int


@dataclass
class Snapshot:
    """Everything structural commands may change, copied (see
    :meth:`Document.snapshot`)."""

    layers: list[Layer]
    links: list[Link]
    neuron_ids: list[list[str]]
    layout: Layout
    input: np.ndarray


class Document(DocumentEdits):
    """An editable network with its layout, input, data and settings.

    Attributes
    ----------
    layers : list of Layer
        Columns, left to right; layer 0 is the input.
    links : list of Link
    neuron_ids : list of list of str
        ``neuron_ids[k][j]`` is the stable id of neuron j of layer k.
    layout : Layout
    input : ndarray, shape (n_inputs,)
        The values fed to the input layer.
    training : TrainingSettings
    data_source : DataSource or None
        The chosen data (``data_source.py``); ``data`` is the same as the
        file format's ``"data"`` section (a new dict on every read).
    title, description : str
    extra : dict
        Unknown top-level file keys, written back unchanged.
    path : str or None
        The file this document was opened from or saved to.
    events : DocumentEvents
    """

    def __init__(self) -> None:
        self.events = DocumentEvents()
        self._ids = itertools.count(1)
        self._clear()

    def _clear(self) -> None:
        self.layers: list[Layer] = []
        self.links: list[Link] = []
        self.neuron_ids: list[list[str]] = []
        self.layout = Layout()
        self.input = np.zeros(0)
        self.training = TrainingSettings()
        self.data_source: DataSource | None = None
        #: Goes up whenever ``data_source`` is replaced: a cheap test for "the data
        #: changed" (comparing sections can mean comparing thousands of rows).
        self.data_revision = getattr(self, "data_revision", 0) + 1
        self.title = ""
        self.description = ""
        self.extra: dict = {}
        self.path: str | None = None
        self.dtype = np.dtype(np.float64)
        self.rng = np.random.default_rng(self.training.seed)
        self._structure_edited(emit=False)

    # --- whole-document changes -------------------------------------------

    def reset(self) -> None:
        """Become a new, empty document."""
        self._clear()
        self.events.reset.emit()

    def replace(
        self,
        network: Network,
        layout: Layout | None = None,
        neuron_ids: list[list[str]] | None = None,
        *,
        training: TrainingSettings | None = None,
        data: DataSource | dict | None = None,
        title: str = "",
        description: str = "",
        extra: dict | None = None,
        input_values: Sequence[float] | None = None,
        path: str | None = None,
    ) -> None:
        """Hold ``network`` (not copied) and the rest; emits ``reset``.

        The new state is built apart from this document — ids, layout,
        lookup tables — and swapped in at the end in one step, so
        an error on the way (a MemoryError for a huge network, a bad
        layout) leaves the document and its events as they were. Neuron,
        weight and bias names are made only when asked for, so the cost here
        does not grow with the number of connections.
        """
        staged = Document.__new__(type(self))
        staged._ids = self._ids
        staged.data_revision = self.data_revision
        staged._clear()
        staged.layers = list(network.layers)
        staged.links = list(network.links)
        staged.dtype = network.dtype
        staged.neuron_ids = neuron_ids or [[staged.new_id("n") for _ in range(l.size)] for l in staged.layers]
        staged.layout = layout or auto_layout([l.id for l in staged.layers], staged.neuron_ids)
        staged.training = training or TrainingSettings()
        staged.rng = np.random.default_rng(staged.training.seed)
        staged.data_source = as_source(data)
        staged.title = title
        staged.description = description
        staged.extra = dict(extra or {})
        staged.path = path
        staged._structure_edited(emit=False)
        if input_values is not None and len(input_values) == len(staged.input):
            staged.input = np.array(input_values, dtype=float)
        state = staged.__dict__
        state.pop("events", None)
        self.__dict__.update(state)
        self.events.reset.emit()

    def new_id(self, prefix: str) -> str:
        """A fresh id such as ``n17`` or ``L3``, unused in this document."""
        used = {l.id for l in self.layers}
        while True:
            candidate = f"{prefix}{next(self._ids)}"
            if candidate not in used and candidate not in self._where:
                return candidate

    # --- reading ------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self.layers

    def network(self) -> Network | None:
        """The engine's network (sharing this document's arrays), or None while
        there are fewer than two layers."""
        if self._network is None and len(self.layers) >= 2:
            self._network = Network(self.layers, self.links)
        return self._network

    def forward(self) -> ForwardPass | None:
        """The forward pass for :attr:`input`, cached until something changes."""
        if self._forward is None:
            net = self.network()
            if net is None:
                return None
            self._forward = forward(net, self.input[None, :].astype(net.dtype))
        return self._forward

    def activation_of(self, uid: str) -> float | None:
        """The current output a of neuron ``uid`` (its input value for x's)."""
        k, j = self.where(uid)
        if k == 0:
            return float(self.input[j])
        fp = self.forward()
        return None if fp is None else float(fp.activations[k][0, j])

    def z_of(self, uid: str) -> float | None:
        """The weighted sum z of neuron ``uid`` (None for inputs)."""
        k, j = self.where(uid)
        fp = self.forward()
        if k == 0 or fp is None:
            return None
        return float(fp.zs[k][0, j])

    def where(self, uid: str) -> tuple[int, int]:
        """(layer index, neuron index) of neuron ``uid``."""
        try:
            return self._where[uid]
        except KeyError:
            raise UnknownItem(tr("there is no neuron {uid!r}").format(uid=uid)) from None

    def has_neuron(self, uid: str) -> bool:
        return uid in self._where

    def layer_index(self, layer_id: str) -> int:
        for k, layer in enumerate(self.layers):
            if layer.id == layer_id:
                return k
        raise UnknownItem(tr("there is no layer {layer_id!r}").format(layer_id=layer_id))

    def layer_of(self, uid: str) -> Layer:
        return self.layers[self.where(uid)[0]]

    def neuron_name(self, uid: str) -> str:
        k, j = self.where(uid)
        custom = self.layers[k].neuron_names
        if custom is not None and custom[j]:
            return custom[j]
        return f"{neuron_prefix(k, len(self.layers))}{j + 1}"

    def neuron_names(self, k: int) -> list[str]:
        return list(self._layer_names(k))

    def layer_title(self, k: int) -> str:
        """"input", "hidden 1", "output" … or the user's name for layer k."""
        return self.layers[k].name or default_layer_title(k, len(self.layers))

    def role(self, k: int) -> str:
        """"input", "hidden" or "output"."""
        if k == 0:
            return "input"
        return "output" if k == len(self.layers) - 1 else "hidden"

    def neuron_position(self, uid: str) -> tuple[float, float]:
        k, _ = self.where(uid)
        return self.layout.columns[self.layers[k].id], self.layout.ys[uid]

    def is_collapsed(self, k: int) -> bool:
        layer = self.layers[k]
        return self.layout.is_collapsed(layer.id, layer.size)

    def link_index(self, src_layer: int, dst_layer: int) -> int | None:
        """Index of the link from layer ``src_layer`` to ``dst_layer``, or None."""
        return self._link_at.get((src_layer, dst_layer))

    def link_ends(self, li: int) -> tuple[int, int]:
        link = self.links[li]
        return self.layer_index(link.src), self.layer_index(link.dst)

    def connection(self, src: str, dst: str) -> Connection | None:
        """The connection ``src → dst``, or None when there is none."""
        (s, i), (d, j) = self.where(src), self.where(dst)
        li = self.link_index(s, d)
        if li is None:
            return None
        mask = self.links[li].mask
        if mask is not None and not mask[i, j]:
            return None
        return Connection(src, dst, li, i, j)

    def connections(self, li: int | None = None) -> Iterator[Connection]:
        """Every connection (of link ``li`` only, when given)."""
        indices = range(len(self.links)) if li is None else [li]
        for n in indices:
            link = self.links[n]
            s, d = self.link_ends(n)
            src_ids, dst_ids = self.neuron_ids[s], self.neuron_ids[d]
            ii, jj = np.nonzero(link.connected())
            for i, j in zip(ii.tolist(), jj.tolist()):
                yield Connection(src_ids[i], dst_ids[j], n, i, j)

    def n_connections(self) -> int:
        return sum(link.n_connections() for link in self.links)

    def weight(self, src: str, dst: str) -> float:
        c = self._require_connection(src, dst)
        return float(self.links[c.link].W[c.i, c.j])

    def bias(self, uid: str) -> float:
        k, j = self.where(uid)
        return float(self.layers[k].bias[j])

    def weight_name(self, src: str, dst: str) -> str:
        """w1…wN in the tutorial's order (see the engine's display names)."""
        c = self._require_connection(src, dst)
        return f"w{self._weight_number(c)}"

    def bias_name(self, uid: str) -> str:
        k, j = self.where(uid)
        if k == 0:
            raise UnknownItem(tr("{neuron_name} is an input: inputs have no bias")
                              .format(neuron_name=self.neuron_name(uid)))
        return f"b{sum(layer.size for layer in self.layers[1:k]) + j + 1}"

    def is_weight_frozen(self, src: str, dst: str) -> bool:
        c = self._require_connection(src, dst)
        t = self.links[c.link].trainable
        return t is not None and not t[c.i, c.j]

    def is_bias_frozen(self, uid: str) -> bool:
        k, j = self.where(uid)
        t = self.layers[k].bias_trainable
        return t is not None and not t[j]

    def incoming(self, uid: str) -> list[Connection]:
        """Connections into neuron ``uid``, ordered as its weights are named."""
        d, j = self.where(uid)
        out = []
        for li in sorted(self._incoming[d], key=lambda n: self.link_ends(n)[0]):
            s, _ = self.link_ends(li)
            for i in np.flatnonzero(self.links[li].connected()[:, j]).tolist():
                out.append(Connection(self.neuron_ids[s][i], uid, li, i, j))
        return out

    def outgoing(self, uid: str) -> list[Connection]:
        s, i = self.where(uid)
        out = []
        for li in self._outgoing[s]:
            _, d = self.link_ends(li)
            for j in np.flatnonzero(self.links[li].connected()[i, :]).tolist():
                out.append(Connection(uid, self.neuron_ids[d][j], li, i, j))
        return out

    # --- validation -----------------------------------------------------------

    def connect_problem(self, src: str, dst: str) -> str | None:
        """Why ``src → dst`` cannot be connected, in a sentence; None if it can."""
        if src not in self._where or dst not in self._where:
            return tr("that neuron no longer exists")
        (s, _), (d, _) = self.where(src), self.where(dst)
        a, b = self.neuron_name(src), self.neuron_name(dst)
        if src == dst:
            return tr("{a} cannot be connected to itself").format(a=a)
        if s == d:
            return tr("{a} and {b} are in the same layer: connections join a layer to a later one").format(a=a, b=b)
        if s > d:
            return tr("{a} → {b} would run right to left: connections run from left to right").format(a=a, b=b)
        if self.connection(src, dst) is not None:
            return tr("{a} → {b} is already connected").format(a=a, b=b)
        return None

    def can_connect(self, src: str, dst: str) -> bool:
        return self.connect_problem(src, dst) is None

    def check_connect(self, src: str, dst: str) -> None:
        problem = self.connect_problem(src, dst)
        if problem is not None:
            raise ConnectionRefused(problem)

    def _require_connection(self, src: str, dst: str) -> Connection:
        c = self.connection(src, dst)
        if c is None:
            raise UnknownItem(tr("{source} and {target} are not connected")
                              .format(source=self.neuron_name(src), target=self.neuron_name(dst)))
        return c

    # --- placing ------------------------------------------------------------

    def column_at(self, x: float, tolerance: float = 40.0) -> int | None:
        """Index of the layer whose column is within ``tolerance`` of ``x``."""
        best, best_d = None, tolerance
        for k, layer in enumerate(self.layers):
            dist = abs(self.layout.columns[layer.id] - x)
            if dist <= best_d:
                best, best_d = k, dist
        return best

    def insertion_index(self, x: float) -> int:
        """Layer index a new column at ``x`` would get."""
        return sum(1 for layer in self.layers if self.layout.columns[layer.id] < x)

    def new_column_x(self, x: float) -> float:
        """``x`` for a new column, kept between its neighbours' columns."""
        k = self.insertion_index(x)
        xs = [self.layout.columns[l.id] for l in self.layers]
        if k > 0:
            x = max(x, xs[k - 1] + MIN_COLUMN_GAP)
        if k < len(xs) and x > xs[k] - MIN_COLUMN_GAP:
            # no room: this column goes in the middle and the right-hand
            # columns are shifted by the caller (see _edit_insert_layer)
            x = (xs[k - 1] + xs[k]) / 2 if k > 0 else xs[k] - COLUMN_SPACING
        return x

    def free_y(self, k: int) -> float:
        """A height below the last neuron of layer ``k`` (or 0 when empty)."""
        ys = [self.layout.ys[u] for u in self.neuron_ids[k]]
        return max(ys) + NEURON_SPACING if ys else 0.0

    def column_range(self, k: int) -> tuple[float, float]:
        """Smallest and largest x the column of layer ``k`` may move to."""
        xs = [self.layout.columns[l.id] for l in self.layers]
        low = xs[k - 1] + MIN_COLUMN_GAP if k > 0 else -1e6
        high = xs[k + 1] - MIN_COLUMN_GAP if k + 1 < len(xs) else 1e6
        return low, high

    # --- snapshots ----------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """A deep copy of the structure, parameters, layout and input."""
        return _copy_snapshot(Snapshot(self.layers, self.links, self.neuron_ids, self.layout, self.input))

    def restore(self, snap: Snapshot) -> None:
        """Go back to ``snap`` (which is copied again, so it can be reused)."""
        copy = _copy_snapshot(snap)
        self.layers, self.links = copy.layers, copy.links
        self.neuron_ids, self.layout = copy.neuron_ids, copy.layout
        self.input = copy.input
        self._input_id = self.layers[0].id if self.layers else None
        self._structure_edited()
        self.events.layout_changed.emit(list(self._where))

    def state(self) -> dict:
        """Everything the commands touch, as plain values (for comparisons)."""
        return {
            "layers": [
                (l.id, l.size, l.activation, l.bias.tolist(), _list(l.bias_trainable), l.name,
                 None if l.neuron_names is None else list(l.neuron_names), l.image_shape)
                for l in self.layers
            ],
            "links": [(k.src, k.dst, k.W.tolist(), _list(k.mask), _list(k.trainable)) for k in self.links],
            "neuron_ids": [list(u) for u in self.neuron_ids],
            "columns": dict(self.layout.columns),
            "ys": dict(self.layout.ys),
            "collapsed": dict(self.layout.collapsed),
            "input": self.input.tolist(),
        }

    # --- input (not undoable: it is what the network is shown, not the network)

    def set_input(self, values: Sequence[float]) -> None:
        """Feed ``values`` to the input layer; refuses wrong lengths and
        non-finite numbers with :class:`ValueRefused`."""
        arr = np.asarray(values, dtype=float)
        if arr.shape != self.input.shape:
            raise ValueRefused(tr("the input layer has {n_input} neurons, not {size} values")
                               .format(n_input=len(self.input), size=arr.size))
        if not np.all(np.isfinite(arr)):
            raise ValueRefused(tr("every input must be a finite number"))
        self.input = arr.copy()
        self._forward = None
        self.events.input_changed.emit()
        self.events.outputs_changed.emit()

    def set_training(self, training: TrainingSettings) -> None:
        """Hold ``training`` (checked first); ``settings_changed`` names the
        fields that differ from the settings held before."""
        training.validate()
        old, self.training = self.training, training
        changed = frozenset(f for f, v in training.to_dict().items() if getattr(old, f, None) != v)
        self.events.settings_changed.emit(SettingsChanged(changed))

    def set_data(self, data: DataSource | dict | None) -> None:
        """Hold other data (a source, or a section dict, whose form is checked)."""
        self.data_source = as_source(data)
        self.data_revision += 1
        self.events.settings_changed.emit(SettingsChanged(frozenset({"data"})))

    @property
    def data(self) -> dict | None:
        """The data as the file format's ``"data"`` section (a new dict: changing
        it changes nothing); the document holds :attr:`data_source`."""
        return None if self.data_source is None else self.data_source.to_dict()

    @data.setter
    def data(self, data: DataSource | dict | None) -> None:
        self.data_source = as_source(data)

    def set_path(self, path: str | None) -> None:
        self.path = path
        self.events.path_changed.emit(path)

    # --- bookkeeping --------------------------------------------------------

    def _structure_edited(self, emit: bool = True) -> None:
        if self.layers:
            self.layers[0].activation = "identity"   # inputs pass their values on, as files store them
        for link in self.links:
            if link.mask is not None and link.mask.all():
                link.mask = None
            if link.trainable is not None and link.trainable.all():
                link.trainable = None
        for layer in self.layers:
            if layer.bias_trainable is not None and layer.bias_trainable.all():
                layer.bias_trainable = None
        self.links = [link for link in self.links if link.n_connections() > 0]
        self._network = None
        self._forward = None
        self._where = {}
        for k, ids in enumerate(self.neuron_ids):
            self._where.update(zip(ids, zip(itertools.repeat(k), range(len(ids)))))
        index = {layer.id: k for k, layer in enumerate(self.layers)}
        self._link_at = {(index[l.src], index[l.dst]): n for n, l in enumerate(self.links)}
        self._incoming = [[] for _ in self.layers]
        self._outgoing = [[] for _ in self.layers]
        for (s, d), n in self._link_at.items():
            self._incoming[d].append(n)
            self._outgoing[s].append(n)
        n_in = self.layers[0].size if self.layers else 0
        input_id = self.layers[0].id if self.layers else None
        if input_id != getattr(self, "_input_id", None) or len(self.input) != n_in:
            self.input = np.zeros(n_in)
        self._input_id = input_id
        self._update_names()
        if emit:
            self.events.structure_changed.emit()
            self.events.outputs_changed.emit()

    def _parameters_edited(self, change: ParametersChanged = EVERY_PARAMETER) -> None:
        self._forward = None
        self.events.parameters_changed.emit(change)
        self.events.outputs_changed.emit()

    def _names_edited(self, change: NamesChanged = NamesChanged()) -> None:
        self._update_names()
        self.events.names_changed.emit(change)

    def _update_names(self) -> None:
        # Names are made when asked for, layer by layer, so installing or
        # editing a wide network costs nothing per neuron or connection here.
        self._names: list[list[str] | None] = [None] * len(self.layers)
        self._weight_numbers: dict[int, _WeightNumbers] = {}

    def _layer_names(self, k: int) -> list[str]:
        names = self._names[k]
        if names is None:
            layer = self.layers[k]
            prefix = neuron_prefix(k, len(self.layers))
            custom = layer.neuron_names or [""] * layer.size
            names = self._names[k] = [c or f"{prefix}{j + 1}" for j, c in enumerate(custom)]
        return names

    def _weight_number(self, c: Connection) -> int:
        """The N of wN for connection ``c``: weights are numbered by
        destination layer, destination neuron, incoming link (by source
        layer), then source neuron, as the engine's ``parameters()`` does."""
        d = self.link_ends(c.link)[1]
        numbers = self._weight_numbers.get(d)
        if numbers is None:
            numbers = self._weight_numbers[d] = self._count_weights(d)
        link = self.links[c.link]
        before_i = c.i if link.mask is None else int(np.count_nonzero(link.mask[:c.i, c.j]))
        return int(numbers.start[c.j] + numbers.before_link[numbers.order[c.link], c.j]) + before_i + 1

    def _count_weights(self, d: int) -> _WeightNumbers:
        first = sum(self.links[li].n_connections() for dd in range(1, d) for li in self._incoming[dd])
        ordered = sorted(self._incoming[d], key=lambda n: self.link_ends(n)[0])
        size = self.layers[d].size
        counts = np.zeros((len(ordered) + 1, size), dtype=np.int64)
        for t, li in enumerate(ordered):
            mask = self.links[li].mask
            counts[t + 1] = self.links[li].W.shape[0] if mask is None else np.count_nonzero(mask, axis=0)
        before_link = np.cumsum(counts, axis=0)          # row t: weights of links before the t-th, per neuron
        per_neuron = before_link[-1]
        start = first + np.concatenate(([0], np.cumsum(per_neuron)[:-1]))
        return _WeightNumbers(start, before_link, {li: t for t, li in enumerate(ordered)})


@dataclass(frozen=True, eq=False)
class _WeightNumbers:
    """Where the weight numbers of one destination layer start: ``start[j]``
    is the count of weights before neuron j's first; ``before_link[t, j]``
    the count of neuron j's weights from links before the t-th (by source
    layer, ``order`` maps a link index to t)."""

    start: np.ndarray
    before_link: np.ndarray
    order: dict[int, int]


def _copy(a: np.ndarray | None) -> np.ndarray | None:
    return None if a is None else a.copy()


def _list(a: np.ndarray | None) -> list | None:
    return None if a is None else a.tolist()


def _copy_snapshot(s: Snapshot) -> Snapshot:
    layers = [
        Layer(l.id, l.size, l.activation, l.bias.copy(), _copy(l.bias_trainable), l.name,
              None if l.neuron_names is None else list(l.neuron_names), l.image_shape)
        for l in s.layers
    ]
    links = [Link(k.src, k.dst, k.W.copy(), _copy(k.mask), _copy(k.trainable)) for k in s.links]
    return Snapshot(layers, links, [list(u) for u in s.neuron_ids], s.layout.copy(), s.input.copy())
