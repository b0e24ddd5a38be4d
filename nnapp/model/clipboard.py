"""Copy, paste and duplicate neurons.

What is copied is a plain JSON object (so the window can put it on the
system clipboard as text, and read back whatever another program left
there)::

    {"nnapp": "neurons", "neurons": [{"layer": "hidden", "activation": "sigmoid",
      "bias": 0.5, "name": "", "x": 220, "y": -35}, ...],
     "connections": [[0, 2, 0.75], ...]}

``connections`` join copied neurons only, by their index in ``neurons``,
with the weight. Pasting puts each neuron into the layer it came from when
that layer still exists, and into a new column at its old x otherwise.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from .commands import MAX_NAME, StructuralCommand
from .document import Document
from .edits import DEFAULT_ACTIVATION
from .errors import EditError
from nnapp.engine.activations import ACTIVATIONS
from nnapp.text import plural, tr

KIND = "neurons"
MAX_NEURONS = 5000


def copy_neurons(doc: Document, uids: Sequence[str]) -> dict:
    """The clipboard object for the neurons ``uids`` and the connections
    between them."""
    order = sorted(dict.fromkeys(uids), key=doc.where)
    index = {uid: n for n, uid in enumerate(order)}
    neurons = []
    for uid in order:
        k, j = doc.where(uid)
        layer = doc.layers[k]
        x, y = doc.neuron_position(uid)
        neurons.append({
            "layer": layer.id,
            "activation": layer.activation if k else DEFAULT_ACTIVATION,
            "bias": float(layer.bias[j]) if k else 0.0,
            "name": layer.neuron_names[j] if layer.neuron_names else "",
            "x": x, "y": y,
        })
    connections = [
        [index[c.src], index[c.dst], float(doc.links[c.link].W[c.i, c.j])]
        for uid in order for c in doc.outgoing(uid) if c.dst in index
    ]
    return {"nnapp": KIND, "neurons": neurons, "connections": connections}


def check_clipboard(obj: Any) -> dict:
    """Return ``obj`` if it is a clipboard object of neurons; otherwise raise
    :class:`EditError` saying what is wrong."""
    if not isinstance(obj, dict) or obj.get("nnapp") != KIND:
        raise EditError(tr("the clipboard holds no nnapp neurons"))
    neurons = obj.get("neurons")
    if not isinstance(neurons, list) or not 1 <= len(neurons) <= MAX_NEURONS:
        raise EditError(tr("the clipboard should hold between 1 and {max_neurons} neurons")
                        .format(max_neurons=MAX_NEURONS))
    for n, item in enumerate(neurons):
        where = tr("clipboard neuron {number}").format(number=n + 1)
        if not isinstance(item, dict):
            raise EditError(tr("{where} is not an object").format(where=where))
        if not isinstance(item.get("layer"), str) or not item["layer"]:
            raise EditError(tr("{where} has no layer").format(where=where))
        if item.get("activation") not in ACTIVATIONS:
            raise EditError(tr("{where} has an unknown activation").format(where=where))
        for key in ("bias", "x", "y"):
            if not _finite(item.get(key)) or abs(item[key]) > 1e6:
                raise EditError(tr("{where}: {key} is not a usable number").format(where=where, key=key))
        if not isinstance(item.get("name", ""), str) or len(item.get("name", "")) > MAX_NAME:
            raise EditError(tr("{where} has a bad name").format(where=where))
    connections = obj.get("connections", [])
    if not isinstance(connections, list):
        raise EditError(tr("clipboard connections should be a list"))
    for c in connections:
        if (not isinstance(c, list) or len(c) != 3 or not all(isinstance(v, int) and not isinstance(v, bool)
                                                            and 0 <= v < len(neurons) for v in c[:2])
                or not _finite(c[2])):
            raise EditError(tr("clipboard connection {c!r} is not [from, to, weight]").format(c=c))
    return obj


class Paste(StructuralCommand):
    """Add copies of clipboard neurons, shifted by (0, ``dy``)."""

    def __init__(self, clipboard: Any, dy: float = 35.0):
        super().__init__()
        self.clipboard = check_clipboard(clipboard)
        self.dy = float(dy)
        self.uids: list[str] = []
        n = len(self.clipboard["neurons"])
        self.text = plural(n, "Paste {n} neuron", "Paste {n} neurons").format(n=n)

    def apply(self, doc: Document) -> None:
        new_layers: dict[str, str] = {}
        self.uids = []
        for item in self.clipboard["neurons"]:
            lid = item["layer"]
            y = item["y"] + self.dy
            if lid in new_layers or not any(l.id == lid for l in doc.layers):
                if lid not in new_layers:
                    x = doc.new_column_x(item["x"])
                    new_layers[lid] = doc._edit_insert_layer(doc.insertion_index(x), 1, item["activation"], x, [y])
                    k = doc.layer_index(new_layers[lid])
                    uid = doc.neuron_ids[k][0]
                else:
                    uid = doc._edit_insert_neuron(doc.layer_index(new_layers[lid]), y)
            else:
                uid = doc._edit_insert_neuron(doc.layer_index(lid), y)
            if doc.where(uid)[0] > 0:
                doc._edit_biases([(uid, item["bias"])])
            if item.get("name") and item["name"] not in {n for k in range(len(doc.layers)) for n in doc.neuron_names(k)}:
                doc._edit_neuron_name(uid, item["name"])
            self.uids.append(uid)
        for a, b, w in self.clipboard["connections"]:
            src, dst = self.uids[a], self.uids[b]
            if doc.can_connect(src, dst):
                doc._edit_connect(src, dst, float(w))


def _finite(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
