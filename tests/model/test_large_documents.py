"""Installing wide networks is cheap, and names stay as the engine gives them."""

from __future__ import annotations

import time

import numpy as np
import pytest

from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.serialize import NetworkFile
from nnapp.model.commands import AddNeuron, Connect, RemoveItems
from nnapp.model.document import Document
from nnapp.model.files import contents_of, install


def _skip_network(rng: np.random.Generator) -> Network:
    """Four layers, skip links and random masks, a custom name or two."""
    sizes = [3, 4, 5, 2]
    ids = ["in", "a", "b", "out"]
    layers = [Layer(ids[k], n, "identity" if k == 0 else "tanh", rng.normal(size=n)) for k, n in enumerate(sizes)]
    layers[2].neuron_names = ["", "mid", "", "", ""]
    links = []
    # listed out of source order on purpose: names follow source layers, not the list
    for s, d in [(1, 2), (0, 2), (2, 3), (0, 1), (1, 3), (0, 3)]:
        mask = rng.random((sizes[s], sizes[d])) < 0.6
        mask[0, 0] = True
        W = rng.normal(size=mask.shape) * mask
        links.append(Link(ids[s], ids[d], W, mask))
    return Network(layers, links)


def _engine_names(doc: Document) -> dict:
    engine = doc.network()
    expected = {}
    for ref in engine.parameters():
        if ref.kind == "w":
            s, d = engine.link_ends()[ref.link]
            key = (doc.neuron_ids[s][ref.i], doc.neuron_ids[d][ref.j])
        else:
            key = doc.neuron_ids[ref.layer][ref.j]
        expected[key] = ref.name
    return expected


def _document_names(doc: Document) -> dict:
    got = {}
    for c in doc.connections():
        got[(c.src, c.dst)] = doc.weight_name(c.src, c.dst)
    for k in range(1, len(doc.layers)):
        for uid in doc.neuron_ids[k]:
            got[uid] = doc.bias_name(uid)
    return got


@pytest.mark.parametrize("seed", range(6))
def test_weight_and_bias_names_match_the_engine(seed):
    doc = Document()
    doc.replace(_skip_network(np.random.default_rng(seed)))
    assert _document_names(doc) == _engine_names(doc)


def test_names_follow_structural_edits_and_undo():
    doc = Document()
    doc.replace(_skip_network(np.random.default_rng(7)))
    before = _document_names(doc)
    a, b = doc.layers[1].id, doc.neuron_ids[2][3]
    add = AddNeuron(a)
    add.do(doc)
    free = [c for c in doc.neuron_ids[1] if doc.connection(c, b) is None]
    assert free                               # masks leave some neuron of layer 1 unconnected to b
    Connect(free[-1], b).do(doc)
    changed = _document_names(doc)
    assert changed == _engine_names(doc)
    assert changed != before
    RemoveItems([doc.neuron_ids[1][0]]).do(doc)
    assert _document_names(doc) == _engine_names(doc)


def test_neuron_names_follow_custom_names_and_edits():
    net = _skip_network(np.random.default_rng(1))
    doc = Document()
    doc.replace(net)
    assert doc.neuron_names(0) == ["x1", "x2", "x3"]
    assert doc.neuron_names(2) == ["h2_1", "mid", "h2_3", "h2_4", "h2_5"]
    assert doc.neuron_name(doc.neuron_ids[2][1]) == "mid"
    assert doc.neuron_name(doc.neuron_ids[3][1]) == "o2"
    doc._edit_neuron_name(doc.neuron_ids[2][2], "third")
    assert doc.neuron_names(2) == ["h2_1", "mid", "third", "h2_4", "h2_5"]
    assert doc.neuron_name(doc.neuron_ids[2][2]) == "third"
    names = doc.neuron_names(2)
    names[0] = "changed"                      # a copy: the document's names stay
    assert doc.neuron_names(2)[0] == "h2_1"


def _installed_seconds(sizes) -> tuple[float, Document]:
    """The shortest of three installs (a busy machine adds noise, never less)."""
    # the contents a file read gives (read_document ends in contents_of), without the slow write and read
    contents = contents_of(NetworkFile(Network.dense(sizes, rng=0)))
    times = []
    for _ in range(3):
        doc = Document()
        start = time.perf_counter()
        install(doc, contents)
        times.append(time.perf_counter() - start)
    return min(times), doc


@pytest.mark.parametrize("sizes", [[2, 1500, 1500, 1500, 1], [2, 50000, 1]])
def test_installing_a_wide_network_is_quick(sizes):
    seconds, doc = _installed_seconds(sizes)
    print(f"install {'-'.join(map(str, sizes))}: {seconds * 1000:.1f} ms")
    assert seconds < 0.1
    last = doc.neuron_ids[-1][0]
    first_hidden = doc.neuron_ids[1][0]
    # the last weight into the output and its bias keep their engine numbers
    n_weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert doc.weight_name(doc.neuron_ids[-2][-1], last) == f"w{n_weights}"
    assert doc.bias_name(last) == f"b{sum(sizes[1:])}"
    assert doc.weight_name(doc.neuron_ids[0][1], first_hidden) == "w2"
