"""The network as numpy arrays: layers, links, masks and display names.

A :class:`Network` is a list of :class:`Layer` (columns; layer 0 is the input)
and a list of :class:`Link`. A link joins an earlier layer to a later one
(skip links allowed) with a dense weight matrix ``W`` of shape
(n_src, n_dst) and an optional boolean ``mask`` of the same shape saying which
connections exist. Connections run only left to right, so every network is a
directed acyclic graph by construction.

Invariant: a weight whose connection is absent (``mask`` False) is exactly
0, so the forward pass multiplies by ``W`` alone. Frozen parameters are
described by ``Link.trainable`` and ``Layer.bias_trainable`` (None = all
trainable).

Display names follow the first tutorial: neurons x1, x2… (input), h1, h2…
(hidden; h2_1 = hidden layer 2, neuron 1 when there are several hidden
layers), o1, o2… (output); weights w1…wN by destination layer, destination
neuron, source layer, source neuron; biases b1…bM by layer, then neuron.

This module knows nothing of files (``serialize.py``) or of the maths of the
passes (``propagation.py``).

Longer than most modules: most of it is the one class :class:`Network`, whose
structure checks, parameter numbering and display names must agree with each
other.
"""

from __future__ import annotations

import gc

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from nnapp.text import plural, tr, tr_in

from .activations import ACTIVATIONS, get_activation

DTYPES = {"float64": np.float64, "float32": np.float32}


class NetworkError(ValueError):
    """A network that breaks one of the structural rules."""


class NotTrainableError(NetworkError):
    """Training was asked of a network that backpropagation cannot train."""


@dataclass
class Layer:
    """One column of neurons.

    Attributes
    ----------
    id : str
        Stable identifier, unique in the network; links refer to it.
    size : int
        Number of neurons.
    activation : str
        Key of ``ACTIVATIONS``; ignored for the input layer.
    bias : ndarray, shape (size,)
        One bias per neuron (zeros and unused for the input layer).
    bias_trainable : ndarray of bool, shape (size,), or None
        False freezes that bias; None means all trainable.
    name : str
        Display name of the layer ("" = automatic).
    neuron_names : list of str or None
        Custom neuron names; None = automatic (x1, h1, o1 …).
    image_shape : tuple of int or None
        (rows, cols) when the layer is an image, e.g. (8, 8).
    """

    id: str
    size: int
    activation: str = "identity"
    bias: np.ndarray = field(default=None)  # type: ignore[assignment]
    bias_trainable: np.ndarray | None = None
    name: str = ""
    neuron_names: list[str] | None = None
    image_shape: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.bias is None:
            self.bias = np.zeros(self.size)
        self.bias = np.asarray(self.bias)


@dataclass
class Link:
    """Weights from every neuron of ``src`` to every neuron of ``dst``.

    Attributes
    ----------
    src, dst : str
        Layer ids; ``src`` must come before ``dst``.
    W : ndarray, shape (n_src, n_dst)
        ``W[i, j]`` is the weight from source neuron i to destination neuron j.
    mask : ndarray of bool, shape (n_src, n_dst), or None
        Which connections exist; None = fully connected.
    trainable : ndarray of bool, shape (n_src, n_dst), or None
        False freezes that weight; None = all trainable.
    """

    src: str
    dst: str
    W: np.ndarray
    mask: np.ndarray | None = None
    trainable: np.ndarray | None = None

    def connected(self) -> np.ndarray:
        """Boolean array, shape (n_src, n_dst): which connections exist."""
        if self.mask is None:
            return np.ones(self.W.shape, dtype=bool)
        return self.mask

    def n_connections(self) -> int:
        return int(self.W.size if self.mask is None else np.count_nonzero(self.mask))


@dataclass(frozen=True)
class ParamRef:
    """Where a named parameter (w5, b2 …) lives.

    ``kind`` is "w" or "b". For a weight, ``link`` is the link index and
    (``i``, ``j``) the source and destination neuron indices; for a bias,
    ``layer`` is the layer index and ``j`` the neuron index.
    """

    name: str
    kind: str
    layer: int
    j: int
    link: int = -1
    i: int = -1
    src_layer: int = -1


def _quick_ref(name: str, kind: str, layer: int, j: int, link: int = -1, i: int = -1,
               src_layer: int = -1) -> ParamRef:
    """``ParamRef(...)`` without the frozen dataclass's ``__init__`` (which sets
    each field through ``object.__setattr__``): the same object, made 2× faster,
    for the hundreds of thousands of references of a wide network."""
    ref = object.__new__(ParamRef)
    object.__setattr__(ref, "__dict__", {"name": name, "kind": kind, "layer": layer, "j": j,
                                         "link": link, "i": i, "src_layer": src_layer})
    return ref


class Network:
    """A feed-forward network of layers and links.

    Parameters
    ----------
    layers : sequence of Layer
        Layer 0 is the input layer.
    links : sequence of Link
    """

    def __init__(self, layers: Sequence[Layer], links: Sequence[Link] = ()) -> None:
        self.layers: list[Layer] = list(layers)
        self.links: list[Link] = list(links)
        self.validate()

    # --- construction -------------------------------------------------------

    @classmethod
    def dense(
        cls,
        sizes: Sequence[int],
        activations: str | Sequence[str] = "sigmoid",
        *,
        init: str = "xavier",
        rng: np.random.Generator | int | None = 0,
        dtype=np.float64,
        **init_options,
    ) -> "Network":
        """A fully connected chain of layers, e.g. ``dense([2, 2, 1])``.

        ``activations`` is one name for all non-input layers or one per layer
        after the input. Weights come from the initialiser ``init``; biases
        start at 0.
        """
        from .initializers import initialize

        if isinstance(activations, str):
            activations = [activations] * (len(sizes) - 1)
        if len(activations) != len(sizes) - 1:
            raise NetworkError(tr("give one activation per layer after the input"))
        ids = default_layer_ids(len(sizes))
        layers = [Layer(ids[0], int(sizes[0]))]
        layers += [
            Layer(ids[k], int(n), act, np.zeros(int(n), dtype=dtype))
            for k, (n, act) in enumerate(zip(sizes[1:], activations), start=1)
        ]
        links = [
            Link(ids[k], ids[k + 1], np.zeros((int(sizes[k]), int(sizes[k + 1])), dtype=dtype))
            for k in range(len(sizes) - 1)
        ]
        net = cls(layers, links)
        initialize(net, init, rng, **init_options)
        return net.astype(dtype)

    def copy(self) -> "Network":
        """A deep copy: no array is shared with the original."""

        def arr(a):
            return None if a is None else a.copy()

        layers = [
            Layer(l.id, l.size, l.activation, l.bias.copy(), arr(l.bias_trainable), l.name,
                  None if l.neuron_names is None else list(l.neuron_names), l.image_shape)
            for l in self.layers
        ]
        links = [Link(k.src, k.dst, k.W.copy(), arr(k.mask), arr(k.trainable)) for k in self.links]
        return Network(layers, links)

    def astype(self, dtype) -> "Network":
        """A copy whose weights and biases have ``dtype`` (float64 or float32)."""
        net = self.copy()
        for layer in net.layers:
            layer.bias = layer.bias.astype(dtype)
        for link in net.links:
            link.W = link.W.astype(dtype)
        return net

    # --- structure ----------------------------------------------------------

    @property
    def dtype(self) -> np.dtype:
        if self.links:
            return self.links[0].W.dtype
        return self.layers[-1].bias.dtype

    @property
    def n_inputs(self) -> int:
        return self.layers[0].size

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].size

    @property
    def sizes(self) -> list[int]:
        return [layer.size for layer in self.layers]

    def layer_index(self, layer_id: str) -> int:
        for k, layer in enumerate(self.layers):
            if layer.id == layer_id:
                return k
        raise NetworkError(tr("there is no layer with id {layer_id!r}").format(layer_id=layer_id))

    def link_between(self, src: int, dst: int) -> int | None:
        """Index of the link from layer ``src`` to layer ``dst``, or None."""
        for k, link in enumerate(self.links):
            if self.layer_index(link.src) == src and self.layer_index(link.dst) == dst:
                return k
        return None

    def incoming(self, j: int) -> list[tuple[int, int]]:
        """(link index, source layer index) of every link into layer ``j``."""
        return self._plan()[0][j]

    def outgoing(self, j: int) -> list[tuple[int, int]]:
        """(link index, destination layer index) of every link out of ``j``."""
        return self._plan()[1][j]

    def link_ends(self) -> list[tuple[int, int]]:
        """(source layer index, destination layer index) of every link."""
        return self._plan()[2]

    def _plan(self):
        """Incoming and outgoing link lists and link ends, cached until the
        structure changes."""
        key = tuple((k.src, k.dst) for k in self.links) + tuple(l.id for l in self.layers)
        cached = getattr(self, "_plan_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        index = {layer.id: k for k, layer in enumerate(self.layers)}
        incoming: list[list[tuple[int, int]]] = [[] for _ in self.layers]
        outgoing: list[list[tuple[int, int]]] = [[] for _ in self.layers]
        for k, link in enumerate(self.links):
            s, d = index[link.src], index[link.dst]
            incoming[d].append((k, s))
            outgoing[s].append((k, d))
        for lst in incoming:
            lst.sort(key=lambda t: t[1])
        ends = [(index[k.src], index[k.dst]) for k in self.links]
        plan = (incoming, outgoing, ends)
        self._plan_cache = (key, plan)
        return plan

    def validate(self) -> None:
        """Raise :class:`NetworkError` naming the first broken rule."""
        if len(self.layers) < 2:
            raise NetworkError(tr("a network needs an input layer and at least one more layer"))
        seen: set[str] = set()
        for k, layer in enumerate(self.layers):
            where = tr("layer {k} ({id!r})").format(k=k, id=layer.id)
            if not isinstance(layer.id, str) or not layer.id:
                raise NetworkError(tr("layer {k} has no id").format(k=k))
            if layer.id in seen:
                raise NetworkError(tr("two layers have the id {id!r}").format(id=layer.id))
            seen.add(layer.id)
            if int(layer.size) != layer.size or layer.size < 1:
                raise NetworkError(tr("{where} must have at least one neuron").format(where=where))
            if k > 0 and layer.activation not in ACTIVATIONS:
                get_activation(layer.activation)
            if layer.bias.shape != (layer.size,):
                raise NetworkError(
                    tr("{where}: bias has shape {shape}, expected ({size},)")
                    .format(where=where, shape=layer.bias.shape, size=layer.size)
                )
            if not np.all(np.isfinite(layer.bias)):
                raise NetworkError(tr("{where}: a bias is not a finite number").format(where=where))
            _check_bool(layer.bias_trainable, (layer.size,), f"{where}: bias_trainable")
            if layer.neuron_names is not None and len(layer.neuron_names) != layer.size:
                raise NetworkError(tr("{where}: {n_neuron_names} neuron names for {size} neurons")
                                   .format(where=where, n_neuron_names=len(layer.neuron_names), size=layer.size))
            if layer.image_shape is not None:
                r, c = layer.image_shape
                if r * c != layer.size:
                    raise NetworkError(tr("{where}: image shape {r}×{c} does not hold {size} neurons")
                                       .format(where=where, r=r, c=c, size=layer.size))
        index = {layer.id: k for k, layer in enumerate(self.layers)}
        pairs: set[tuple[int, int]] = set()
        for n, link in enumerate(self.links):
            where = tr("link {n} ({src!r} → {dst!r})").format(n=n, src=link.src, dst=link.dst)
            if link.src not in index or link.dst not in index:
                missing = link.src if link.src not in index else link.dst
                raise NetworkError(tr("{where} refers to a layer {missing!r} that does not exist")
                                   .format(where=where, missing=missing))
            s, d = index[link.src], index[link.dst]
            if s >= d:
                raise NetworkError(
                    tr("{where} goes backwards or stays in one layer: connections run left to right only")
                    .format(where=where)
                )
            if (s, d) in pairs:
                raise NetworkError(tr("{where}: two links join the same pair of layers").format(where=where))
            pairs.add((s, d))
            shape = (self.layers[s].size, self.layers[d].size)
            if link.W.shape != shape:
                raise NetworkError(tr("{where}: W has shape {given}, expected {expected}")
                                   .format(where=where, given=link.W.shape, expected=shape))
            if not np.all(np.isfinite(link.W)):
                raise NetworkError(tr("{where}: a weight is not a finite number").format(where=where))
            _check_bool(link.mask, shape, f"{where}: mask")
            _check_bool(link.trainable, shape, f"{where}: trainable")
            if link.mask is not None and np.any(link.W[~link.mask] != 0):
                raise NetworkError(tr("{where}: a weight without a connection must be 0").format(where=where))

    def check_trainable(self) -> None:
        """Raise :class:`NotTrainableError` if backpropagation cannot train it."""
        for k, layer in enumerate(self.layers[1:], start=1):
            act = get_activation(layer.activation)
            if not act.trainable:
                raise NotTrainableError(
                    tr("layer {layer_title} uses the {name} activation, whose slope is 0 "
                       "everywhere (and undefined at 0): backpropagation gets no gradient through it. "
                       "Use sigmoid, its smooth relative, to train; step can still be used to compute.")
                    .format(layer_title=self.layer_title(k), name=act.name)
                )

    # --- names --------------------------------------------------------------

    def layer_title(self, k: int) -> str:
        return self.layers[k].name or default_layer_title(k, len(self.layers))

    def neuron_names(self, k: int) -> list[str]:
        """Display names of the neurons of layer ``k``."""
        layer = self.layers[k]
        if layer.neuron_names is not None:
            return list(layer.neuron_names)
        prefix = neuron_prefix(k, len(self.layers))
        return [f"{prefix}{i + 1}" for i in range(layer.size)]

    def all_neuron_names(self) -> list[list[str]]:
        return [self.neuron_names(k) for k in range(len(self.layers))]

    def parameters(self) -> list[ParamRef]:
        """Every weight (w1…wN) then every bias (b1…bM), in display order.

        Weights go by destination layer, then destination neuron j, then
        incoming link, then source neuron i. Each link's connections are
        found once (sorted by j, then i), so the time is linear in the
        number of parameters. The cyclic garbage collector is paused while
        the references are made: they hold no cycles, and a collection per
        few hundred new objects would make the time grow with everything
        else the program holds.
        """
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._parameters()
        finally:
            if paused:
                gc.enable()

    def _parameters(self) -> list[ParamRef]:
        refs: list[ParamRef] = []
        add, ref = refs.append, _quick_ref
        n = 0
        for d in range(1, len(self.layers)):
            size = self.layers[d].size
            # per incoming link: the source rows i of every connection, grouped by destination j
            groups = []
            for li, s in self.incoming(d):
                j_of, i_of = np.nonzero(self.links[li].connected().T)
                starts = np.searchsorted(j_of, np.arange(size + 1))
                groups.append((li, s, i_of.tolist(), starts.tolist()))
            for j in range(size):
                for li, s, i_of, starts in groups:
                    for i in i_of[starts[j]:starts[j + 1]]:
                        n += 1
                        add(ref(f"w{n}", "w", d, j, li, i, s))
        m = 0
        for d in range(1, len(self.layers)):
            for j in range(self.layers[d].size):
                m += 1
                add(ref(f"b{m}", "b", d, j))
        return refs

    def parameter(self, name: str) -> ParamRef:
        for ref in self.parameters():
            if ref.name == name:
                return ref
        raise NetworkError(tr("there is no parameter named {name!r}").format(name=name))

    def get(self, ref: ParamRef) -> float:
        if ref.kind == "w":
            return float(self.links[ref.link].W[ref.i, ref.j])
        return float(self.layers[ref.layer].bias[ref.j])

    def set(self, ref: ParamRef, value: float) -> None:
        if not np.isfinite(value):
            raise NetworkError(tr("{name} must be a finite number, not {value!r}")
                               .format(name=ref.name, value=value))
        if ref.kind == "w":
            self.links[ref.link].W[ref.i, ref.j] = value
        else:
            self.layers[ref.layer].bias[ref.j] = value

    def is_trainable(self, ref: ParamRef) -> bool:
        """False when the parameter is frozen."""
        if ref.kind == "w":
            t = self.links[ref.link].trainable
            return t is None or bool(t[ref.i, ref.j])
        t = self.layers[ref.layer].bias_trainable
        return t is None or bool(t[ref.j])

    def n_parameters(self) -> int:
        return sum(k.n_connections() for k in self.links) + sum(l.size for l in self.layers[1:])

    # --- flat views used by optimizers and the gradient check ---------------

    def arrays(self) -> list[np.ndarray]:
        """Every parameter array: each link's W, then each layer's bias (from 1)."""
        return [k.W for k in self.links] + [l.bias for l in self.layers[1:]]

    def trainable_masks(self) -> list[np.ndarray | None]:
        """Per array of :meth:`arrays`: a 0/1 array of what may change, or None.

        For weights this combines the connection mask and the trainable mask.
        """
        out: list[np.ndarray | None] = []
        for link in self.links:
            m = None
            if link.mask is not None:
                m = link.mask
            if link.trainable is not None:
                m = link.trainable if m is None else (m & link.trainable)
            out.append(None if m is None else m.astype(link.W.dtype))
        for layer in self.layers[1:]:
            t = layer.bias_trainable
            out.append(None if t is None else t.astype(layer.bias.dtype))
        return out

    def summary(self) -> str:
        """One line such as ``2-2-1 (sigmoid, sigmoid), 9 parameters``."""
        shape = "-".join(str(s) for s in self.sizes)
        acts = ", ".join(l.activation for l in self.layers[1:])
        n = self.n_parameters()
        return plural(n, "{shape} ({activations}), {n} parameter", "{shape} ({activations}), {n} parameters").format(
            shape=shape, activations=acts, n=n)


def neuron_prefix(k: int, n_layers: int) -> str:
    """Start of the automatic neuron names of layer ``k``: "x" (input), "o"
    (output), "h" (the one hidden layer) or "h2_" (hidden layer 2 of several)."""
    if k == 0:
        return "x"
    if k == n_layers - 1:
        return "o"
    return "h" if n_layers == 3 else f"h{k}_"


def default_layer_title(k: int, n_layers: int) -> str:
    """"input", "output", "hidden" (the only one) or "hidden 2"."""
    if k == 0:
        return tr_in("layer", "input")
    if k == n_layers - 1:
        return tr_in("layer", "output")
    return tr_in("layer", "hidden") if n_layers == 3 else tr_in("layer", "hidden {k}").format(k=k)


def default_layer_ids(n_layers: int) -> list[str]:
    """Layer ids for a chain: "input", "hidden1"…, "output"."""
    if n_layers == 2:
        return ["input", "output"]
    if n_layers == 3:
        return ["input", "hidden", "output"]
    return ["input"] + [f"hidden{k}" for k in range(1, n_layers - 1)] + ["output"]


def _check_bool(arr: np.ndarray | None, shape: tuple[int, ...], what: str) -> None:
    if arr is None:
        return
    if not isinstance(arr, np.ndarray) or arr.dtype != bool:
        raise NetworkError(tr("{what} must be an array of true/false values").format(what=what))
    if arr.shape != shape:
        raise NetworkError(tr("{what} has shape {given}, expected {expected}")
                           .format(what=what, given=arr.shape, expected=shape))
