"""A network file as Python values: :class:`NetworkFile` and its dict form.

This module turns a parsed file (a dict of JSON values) into a checked
:class:`NetworkFile` and back: :func:`from_json_dict` and
:func:`network_from_dict` check every section and name the first problem
and where it is (``network.links[1].W[0][2]``); :func:`to_json_dict` and
:func:`network_to_dict` give the dict that is written. Older format
versions are upgraded step by step by :func:`migrate` (``MIGRATIONS``).

It does not read or write files or text: parsing with its limits is
``nnapp.engine.file_parsing``, writing is ``nnapp.engine.file_writing``,
and ``nnapp.engine.serialize`` is the public entry to all three.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from nnapp.text import counted, tr

from .activations import ACTIVATIONS
from .file_parsing import _scan
from .json_checks import (
    FileFormatError,
    bool_array as _bool_array,
    check_object as _object,
    check_text as _text,
    describe as _describe,
    float_array as _float_array,
    positive_int as _positive_int,
    text_list as _text_list,
)
from .network import DTYPES, Layer, Link, Network, NetworkError
from .settings import SettingsError, TrainingSettings


FORMAT_VERSION = 1
"""The format version this program writes (and the newest it reads)."""

APP = "nnapp"


MAX_LAYER_SIZE = 10_000_000
"""Largest number of neurons in one layer, so a typo cannot fill the memory."""


TOP_LEVEL_KEYS = ("format_version", "app", "title", "description", "network", "training", "data")
"""Top-level keys of this module; any other key goes to ``NetworkFile.extra``."""

NETWORK_KEYS = ("dtype", "layers", "links")
INPUT_LAYER_KEYS = ("id", "size", "name", "neuron_names", "image_shape")
LAYER_KEYS = ("id", "size", "activation", "bias", "bias_trainable", "name", "neuron_names", "image_shape")
LINK_KEYS = ("src", "dst", "W", "mask", "trainable")
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}
"""``MIGRATIONS[n]`` turns a version-n file (a dict) into a version-(n+1) one.

Empty while version 1 is the only format. When version 2 comes, add
``MIGRATIONS[1] = _v1_to_v2`` and raise ``FORMAT_VERSION``; :func:`migrate`
then upgrades old files on load. A migration may change its argument.
"""


@dataclass
class NetworkFile:
    """Everything one network file holds.

    Attributes
    ----------
    network : Network
    training : TrainingSettings
        Defaults when the file has no ``"training"`` section.
    data : dict or None
        Reference to the data, exactly as in the file's ``"data"`` section:
        ``{"dataset": name, "options": {...}}``, ``{"csv": path, "inputs":
        [...], "targets": [...]}``, ``{"idx": {"train_images": path, …},
        "options": {"split": "train"}}`` or ``{"inputs": rows, "targets":
        rows, "row_labels": [...]}``; None when the file names no data.
        Kept as the JSON it is: the model checks it and reads it as a typed
        source (``nnapp.model.data_source``).
    title, description : str
    extra : dict
        Top-level keys this module does not know, kept and written back
        unchanged (JSON values: dict, list, str, int, float, bool, None).
    """

    network: Network
    training: TrainingSettings = field(default_factory=TrainingSettings)
    data: dict | None = None
    title: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)


def network_to_dict(net: Network) -> dict:
    """The ``"network"`` section of a file: plain lists, floats and bools.

    Weights of absent connections are written as 0; masks that are all true
    are written as None (null).

    Raises
    ------
    NetworkError
        If the network breaks one of its rules (it is validated first).
    ValueError
        If its dtype is neither float64 nor float32.
    """
    net.validate()
    dtype = np.dtype(net.dtype).name
    if dtype not in DTYPES:
        raise ValueError(tr("networks are saved as float64 or float32, not {dtype}").format(dtype=dtype))
    layers = []
    for k, layer in enumerate(net.layers):
        entry: dict[str, Any] = {"id": layer.id, "size": int(layer.size)}
        if k > 0:
            entry["activation"] = layer.activation
            entry["bias"] = np.asarray(layer.bias).tolist()
            entry["bias_trainable"] = _bool_list(layer.bias_trainable)
        entry["name"] = layer.name
        entry["neuron_names"] = None if layer.neuron_names is None else [str(s) for s in layer.neuron_names]
        entry["image_shape"] = None if layer.image_shape is None else [int(n) for n in layer.image_shape]
        layers.append(entry)
    links = []
    for link in net.links:
        W = link.W if link.mask is None else np.where(link.mask, link.W, 0).astype(link.W.dtype)
        links.append({
            "src": link.src,
            "dst": link.dst,
            "W": W.tolist(),
            "mask": _bool_list(link.mask),
            "trainable": _bool_list(link.trainable),
        })
    return {"dtype": dtype, "layers": layers, "links": links}


def to_json_dict(nf: NetworkFile) -> dict:
    """The whole file as a dict of JSON values (known keys first, then extra).

    The training settings are checked so that a file that was written can
    always be read back; the data section is written as it is (the model
    checks it before it saves).

    Raises
    ------
    NetworkError, SettingsError
        If a part would make a file that cannot be read.
    ValueError
        If an ``extra`` key is one of the format's own keys.
    """
    for key in nf.extra:
        if not isinstance(key, str):
            raise ValueError(tr("extra keys must be strings, not {key!r}").format(key=key))
        if key in TOP_LEVEL_KEYS:
            raise ValueError(tr("the extra key {key!r} is one of the format's own keys").format(key=key))
    net = network_to_dict(nf.network)
    training = TrainingSettings.from_dict(nf.training.to_dict()).to_dict()
    data = copy.deepcopy(nf.data)
    out = {
        "format_version": FORMAT_VERSION,
        "app": APP,
        "title": str(nf.title),
        "description": str(nf.description),
        "network": net,
        "training": training,
        "data": data,
    }
    out.update(copy.deepcopy(nf.extra))
    return out


def _bool_list(arr: np.ndarray | None) -> list | None:
    if arr is None or bool(np.all(arr)):
        return None
    return np.asarray(arr, dtype=bool).tolist()


SizeCheck = Callable[[list[int]], "str | None"]
"""Given the sizes of the layers before any array is built: why the network
is refused (e.g. too large for the window), or None."""


def from_json_dict(d: Any, *, refuse_sizes: SizeCheck | None = None, owned: bool = False) -> NetworkFile:
    """Check a parsed file and build the :class:`NetworkFile`.

    ``d`` is upgraded by :func:`migrate` first. Nothing in ``d`` is shared
    with the result, unless ``owned``: then ``d`` belongs to the caller no
    more (it was just parsed) and its data and extra parts are kept as they
    are instead of copied — copying millions of small lists takes seconds.

    Raises
    ------
    FileFormatError
        Naming the first problem and where it is.
    """
    if not isinstance(d, dict):
        raise FileFormatError(
            tr("the file must hold one JSON object {{...}} at the top level, not {found}")
            .format(found=_describe(d))
        )
    d = migrate(d)
    if "app" in d and d["app"] != APP:
        raise FileFormatError(tr("app is {found}: this is not an {app} network file")
                              .format(found=_describe(d['app']), app=APP))
    _scan(d)
    title = _text(d.get("title", ""), "title")
    description = _text(d.get("description", ""), "description")
    if "network" not in d:
        raise FileFormatError(tr("the file has no 'network'"))
    net = _network(d["network"], "network", refuse_sizes)
    training = _training(d.get("training"), "training")
    keep = (lambda v: v) if owned else copy.deepcopy
    data = keep(d.get("data"))
    extra = {k: keep(v) for k, v in d.items() if k not in TOP_LEVEL_KEYS}
    return NetworkFile(net, training, data, title, description, extra)


def network_from_dict(d: Any) -> Network:
    """Build a :class:`Network` from the ``"network"`` section of a file.

    Raises
    ------
    FileFormatError
        Naming the first problem with its location (``network.layers[1]…``).
    """
    _scan(d, "network")
    return _network(d, "network")


def migrate(d: dict) -> dict:
    """Upgrade a parsed file to ``FORMAT_VERSION``, one version at a time.

    Parameters
    ----------
    d : dict
        The top-level object of a file.

    Returns
    -------
    dict
        A file of the current version (``d`` itself when it already is).

    Raises
    ------
    FileFormatError
        If ``format_version`` is missing, not a whole number, below 1 (no
        nnapp ever wrote such files) or newer than this program reads.
    """
    if "format_version" not in d:
        raise FileFormatError(
            tr("the file has no 'format_version': it is not an nnapp network file, "
               'or was written by hand without it (add "format_version": {format_version})')
            .format(format_version=FORMAT_VERSION)
        )
    version = d["format_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise FileFormatError(tr("format_version must be a whole number like {format_version}, not {found}")
                              .format(format_version=FORMAT_VERSION, found=_describe(version)))
    if version > FORMAT_VERSION:
        raise FileFormatError(
            tr("the file was made by a newer nnapp (format {version}); "
               "this version reads up to {format_version}. Update nnapp to open it")
            .format(version=version, format_version=FORMAT_VERSION)
        )
    if version < 1:
        raise FileFormatError(
            tr("format_version {version} does not exist: nnapp formats are numbered from 1").format(version=version)
        )
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise FileFormatError(tr("this nnapp cannot upgrade files of format {version} to {value}")
                                  .format(version=version, value=version + 1))
        d = step(d)
        version += 1
        d["format_version"] = version
    return d


def _network(d: Any, where: str, refuse_sizes: SizeCheck | None = None) -> Network:
    _object(d, where, NETWORK_KEYS, ("layers", "links"))
    dtype_name = d.get("dtype", "float64")
    if not isinstance(dtype_name, str) or dtype_name not in DTYPES:
        raise FileFormatError(tr('{where}.dtype must be "float64" or "float32", not {found}')
                              .format(where=where, found=_describe(dtype_name)))
    dtype = DTYPES[dtype_name]

    raw_layers = d["layers"]
    if not isinstance(raw_layers, list):
        raise FileFormatError(tr("{where}.layers must be a list of layers, not {found}")
                              .format(where=where, found=_describe(raw_layers)))
    if len(raw_layers) < 2:
        raise FileFormatError(
            tr("{where}.layers has {layers}: a network needs an input layer "
               "and at least one more")
            .format(where=where, layers=counted(len(raw_layers), 'layer', 'layers', grouped=False))
        )
    if refuse_sizes is not None:
        sizes = [raw.get("size") if isinstance(raw, dict) else None for raw in raw_layers]
        if all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in sizes):
            problem = refuse_sizes(sizes)
            if problem:
                raise FileFormatError(problem)
    layers: list[Layer] = []
    index: dict[str, int] = {}
    for k, raw in enumerate(raw_layers):
        layer = _layer(raw, f"{where}.layers[{k}]", k, dtype)
        if layer.id in index:
            raise FileFormatError(
                tr("{where}.layers[{k}].id {id!r} is already the id of {where}.layers[{index}]: "
                   "layer ids must be unique").format(where=where, k=k, id=layer.id, index=index[layer.id])
            )
        index[layer.id] = k
        layers.append(layer)

    raw_links = d["links"]
    if not isinstance(raw_links, list):
        raise FileFormatError(tr("{where}.links must be a list of links, not {found}")
                              .format(where=where, found=_describe(raw_links)))
    links: list[Link] = []
    pairs: dict[tuple[int, int], int] = {}
    for n, raw in enumerate(raw_links):
        w = f"{where}.links[{n}]"
        link, s, t = _link(raw, w, layers, index, dtype)
        if (s, t) in pairs:
            raise FileFormatError(
                tr("{w} joins {id!r} to {id2!r} again ({where}.links[{pairs}] "
                   "already does): one link per pair of layers")
                .format(w=w, id=layers[s].id, id2=layers[t].id, where=where, pairs=pairs[s, t])
            )
        pairs[s, t] = n
        links.append(link)
    try:
        return Network(layers, links)
    except (NetworkError, ValueError) as e:  # a rule not checked above
        raise FileFormatError(tr("{where}: {e}").format(where=where, e=e)) from None


def _layer(raw: Any, where: str, k: int, dtype) -> Layer:
    if k == 0:
        if isinstance(raw, dict):
            for key in ("activation", "bias", "bias_trainable"):
                if key in raw:
                    raise FileFormatError(
                        tr("{where} is the input layer, which has no {key!r}: inputs are passed on unchanged")
                        .format(where=where, key=key)
                    )
        _object(raw, where, INPUT_LAYER_KEYS, ("id", "size"))
    else:
        _object(raw, where, LAYER_KEYS, ("id", "size", "activation"))
    layer_id = _text(raw["id"], f"{where}.id", allow_empty=False)
    size = _positive_int(raw["size"], f"{where}.size")
    if size > MAX_LAYER_SIZE:
        raise FileFormatError(
            tr("{where}.size is {size}: nnapp handles layers of up to {max_layer_size:,} neurons")
            .format(where=where, size=size, max_layer_size=MAX_LAYER_SIZE)
        )
    name = _text(raw.get("name", ""), f"{where}.name")
    names = raw.get("neuron_names")
    if names is not None:
        _text_list(names, f"{where}.neuron_names", size, lambda n: counted(n, "name", "names", grouped=False),
                   tr("the layer has {neurons}").format(neurons=counted(size, 'neuron', 'neurons', grouped=False)))
        names = list(names)
    image_shape = raw.get("image_shape")
    if image_shape is not None:
        if not isinstance(image_shape, list) or len(image_shape) != 2:
            raise FileFormatError(
                tr("{where}.image_shape must be [rows, columns] or null, not {found}")
                .format(where=where, found=_describe(image_shape))
            )
        r = _positive_int(image_shape[0], f"{where}.image_shape[0]")
        c = _positive_int(image_shape[1], f"{where}.image_shape[1]")
        if r * c != size:
            raise FileFormatError(
                tr("{where}.image_shape is {r}×{c} = {value} pixels, the layer has {neurons}")
                .format(where=where, r=r, c=c, value=r * c, neurons=counted(size, 'neuron', 'neurons', grouped=False))
            )
        image_shape = (r, c)
    if k == 0:
        return Layer(layer_id, size, "identity", np.zeros(size, dtype=dtype), None, name, names, image_shape)

    activation = raw["activation"]
    if not isinstance(activation, str):
        raise FileFormatError(
            tr("{where}.activation must be the name of an activation in quotes, not {found} "
               "(known: {activations})")
            .format(where=where, found=_describe(activation), activations=', '.join(ACTIVATIONS))
        )
    if activation not in ACTIVATIONS:
        raise FileFormatError(
            tr("{where}.activation: unknown activation {activation!r} (known: {activations})")
            .format(where=where, activation=activation, activations=', '.join(ACTIVATIONS))
        )
    why = (tr("the layer has {neurons}").format(neurons=counted(size, 'neuron', 'neurons', grouped=False)),)
    if "bias" in raw:
        bias = _float_array(raw["bias"], f"{where}.bias", (size,), why, dtype)
    else:
        bias = np.zeros(size, dtype=dtype)
    bias_trainable = _bool_array(raw.get("bias_trainable"), f"{where}.bias_trainable", (size,), why)
    return Layer(layer_id, size, activation, bias, bias_trainable, name, names, image_shape)


def _link(raw: Any, where: str, layers: list[Layer], index: dict[str, int], dtype) -> tuple[Link, int, int]:
    _object(raw, where, LINK_KEYS, ("src", "dst", "W"))
    ends = []
    for key in ("src", "dst"):
        layer_id = raw[key]
        if not isinstance(layer_id, str):
            raise FileFormatError(tr("{where}.{key} must be a layer id in quotes, not {found}")
                                  .format(where=where, key=key, found=_describe(layer_id)))
        if layer_id not in index:
            raise FileFormatError(
                tr("{where}.{key} is {layer_id!r}, which is not the id of any layer "
                   "(ids: {value})")
                .format(where=where, key=key, layer_id=layer_id, value=', '.join((l.id for l in layers)))
            )
        ends.append(index[layer_id])
    s, t = ends
    src, dst = layers[s], layers[t]
    if s == t:
        raise FileFormatError(
            tr("{where} joins layer {id!r} to itself: connections run left to right, "
               "from a layer to a later one").format(where=where, id=src.id)
        )
    if s > t:
        raise FileFormatError(
            tr("{where} goes backwards, from {id!r} (layer {s}) to {id2!r} (layer {t}): "
               "connections run left to right, from a layer to a later one")
            .format(where=where, id=src.id, s=s, id2=dst.id, t=t)
        )
    shape = (src.size, dst.size)
    why = (tr("layer {id!r} has {neurons}").format(id=src.id, neurons=counted(src.size, 'neuron', 'neurons', grouped=False)),
           tr("layer {id!r} has {neurons}").format(id=dst.id, neurons=counted(dst.size, 'neuron', 'neurons', grouped=False)))
    W = _float_array(raw["W"], f"{where}.W", shape, why, dtype)
    mask = _bool_array(raw.get("mask"), f"{where}.mask", shape, why)
    trainable = _bool_array(raw.get("trainable"), f"{where}.trainable", shape, why)
    if mask is not None:
        stray = np.argwhere(~mask & (W != 0))
        if len(stray):
            i, j = (int(x) for x in stray[0])
            raise FileFormatError(
                tr("{where}.W[{i}][{j}] is {w!r}, but {where}.mask[{i}][{j}] is false "
                   "(no connection): the weight of a connection that does not exist must be 0")
                .format(where=where, i=i, j=j, w=float(W[i, j]))
            )
    return Link(src.id, dst.id, W, mask, trainable), s, t


def _training(raw: Any, where: str) -> TrainingSettings:
    if raw is None:
        return TrainingSettings()
    if not isinstance(raw, dict):
        raise FileFormatError(tr("{where} must be an object {{…}} of settings, not {found}")
                              .format(where=where, found=_describe(raw)))
    try:
        return TrainingSettings.from_dict(dict(raw))
    except (SettingsError, TypeError) as e:
        error = e
    # name the setting at fault: every other setting is valid on its own
    for key, value in raw.items():
        try:
            TrainingSettings.from_dict({key: value})
        except (SettingsError, TypeError) as e:
            raise FileFormatError(tr("{where}.{key}: {e}").format(where=where, key=key, e=e)) from None
    raise FileFormatError(tr("{where}: {error}").format(where=where, error=error)) from None
