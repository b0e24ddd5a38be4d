"""Hostile document files: refused before anything large is built, and the open
document stays whole — whatever fails while a new one replaces it."""

from __future__ import annotations

import json
import os
import time
import tracemalloc

import numpy as np
import pytest

from nnapp.engine.examples import example_path
from nnapp.engine.network import Network
from nnapp.engine.serialize import FileFormatError, FileNameError, NetworkFile, UnwritableText, dumps
from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.files import open_document, open_example, read_document, save_document
from nnapp.model.limits import WINDOW_MAX_NEURONS, sizes_refusal, window_refusal

GENDER = json.loads(example_path("gender").read_text(encoding="utf-8"))


def opened(name: str = "gender") -> tuple[Document, list[str]]:
    """A document of an example, and the names of the events it emits from now on."""
    doc = Document()
    open_example(doc, name)
    seen: list[str] = []
    doc.events.reset.connect(lambda *a: seen.append("reset"))
    return doc, seen


def write(path, tree) -> str:
    path.write_text(json.dumps(tree), encoding="utf-8")
    return str(path)


def test_two_layers_of_ten_million_neurons_are_refused_before_anything_is_built(tmp_path):
    tree = json.loads(json.dumps(GENDER))
    tree["network"]["layers"] = [{"id": "in", "size": 10_000_000},
                                 {"id": "out", "size": 10_000_000, "activation": "sigmoid"}]
    tree["network"]["links"] = []
    for key in ("layout", "input", "data"):
        tree.pop(key, None)
    path = write(tmp_path / "huge.nnapp", tree)
    assert os.path.getsize(path) < 2000
    doc, seen = opened()
    before = doc.state()
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(FileFormatError) as info:
            open_document(doc, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 1.0
    assert peak < 20_000_000  # not one array of ten million numbers
    assert "20,000,000 neurons" in str(info.value) and f"{WINDOW_MAX_NEURONS:,}" in str(info.value)
    assert doc.state() == before and seen == []


def test_the_window_limits_fit_real_networks():
    assert window_refusal(Network.dense([784, 256, 10], "sigmoid", rng=0)) is None  # 203,530 parameters
    assert sizes_refusal([2, 50_000, 1]) is None
    assert "neurons" in sizes_refusal([10_000_000, 10_000_000])
    wide = Network.dense([3000, 2000, 10], "sigmoid", rng=0)  # 6,022,010 parameters
    assert "6,022,010 weights and biases" in window_refusal(wide)


def test_replace_that_fails_half_way_leaves_the_document_whole(monkeypatch):
    doc, seen = opened()
    undo = []
    command = C.RenameNeuron(doc.neuron_ids[1][0], "first")
    command.do(doc)
    undo.append(command)
    before = doc.state()
    title, path, training, data = doc.title, doc.path, doc.training, doc.data
    names = [list(n) for n in doc.all_neuron_names()] if hasattr(doc, "all_neuron_names") else None

    def out_of_memory(self):
        if self.layers and self.layers[0].size == 3:
            raise MemoryError
        return real(self)

    real = Document._update_names
    monkeypatch.setattr(Document, "_update_names", out_of_memory)
    net = Network.dense([3, 4, 2], "tanh", rng=0)
    with pytest.raises(MemoryError):
        doc.replace(net, title="new", path="/elsewhere.nnapp")
    assert doc.state() == before
    assert (doc.title, doc.path, doc.training, doc.data) == (title, path, training, data)
    assert seen == []
    if names is not None:
        assert [list(n) for n in doc.all_neuron_names()] == names
    # the document still works: its network computes and the edit made before undoes
    assert doc.network() is not None and doc.forward() is not None
    undo[0].undo(doc)
    assert doc.state() != before
    monkeypatch.undo()
    doc.replace(net, title="new")
    assert doc.title == "new" and [l.size for l in doc.layers] == [3, 4, 2] and seen == ["reset"]


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_lone_surrogate_is_refused_at_opening_so_every_open_document_can_be_saved(tmp_path, field):
    tree = json.loads(json.dumps(GENDER))
    tree[field] = "MARK"
    path = tmp_path / "bad.nnapp"
    path.write_text(json.dumps(tree).replace('"MARK"', '"a\\ud800b"'), encoding="utf-8")
    doc, seen = opened()
    before = doc.state()
    with pytest.raises(FileFormatError, match=f"{field} holds the lone surrogate"):
        open_document(doc, path)
    assert doc.state() == before and seen == []


def test_saving_a_text_that_cannot_be_written_names_it_and_writes_nothing(tmp_path):
    doc, _ = opened()
    doc.title = "half \udc80 a character"
    target = tmp_path / "net.nnapp"
    with pytest.raises(UnwritableText, match="the title cannot be saved"):
        save_document(doc, target)
    assert list(tmp_path.iterdir()) == []
    assert doc.path is None


def test_a_nul_in_the_save_path_is_a_clear_error(tmp_path):
    doc, _ = opened()
    with pytest.raises(FileNameError, match="NUL"):
        save_document(doc, str(tmp_path / "a\0b.nnapp"))
    assert list(tmp_path.iterdir()) == [] and doc.path is None


def test_settings_the_window_cannot_show_are_refused_before_the_document_changes(tmp_path):
    doc, seen = opened()
    before = doc.state()
    for key, value in (("epochs", 10**12), ("seed", 2**64)):
        tree = json.loads(json.dumps(GENDER))
        tree["training"][key] = value
        with pytest.raises(FileFormatError, match=f"training.{key}"):
            open_document(doc, write(tmp_path / f"{key}.nnapp", tree))
    assert doc.state() == before and seen == []


@pytest.mark.parametrize("where", ["notes", "input", "data", "layout"])
def test_deep_nesting_in_any_part_is_a_format_error(tmp_path, where):
    text = json.dumps(GENDER)[:-1] + f', "{where}_x": ' + "[" * 900 + "]" * 900 + "}"
    if where != "notes":
        tree = json.loads(json.dumps(GENDER))
        tree[where] = "MARK"
        text = json.dumps(tree).replace('"MARK"', "[" * 900 + "]" * 900)
    path = tmp_path / "deep.nnapp"
    path.write_text(text, encoding="utf-8")
    doc, seen = opened()
    with pytest.raises(FileFormatError, match="too deeply"):
        read_document(path)
    assert seen == []


def test_a_wide_network_reads_as_a_document(tmp_path):
    # 2-50000-1: inside the window's limits; reading it is quick
    net = Network.dense([2, 50_000, 1], "sigmoid", rng=0)
    path = tmp_path / "wide.nnapp"
    path.write_text(dumps(NetworkFile(net)), encoding="utf-8")
    start = time.perf_counter()
    contents = read_document(path)
    assert time.perf_counter() - start < 5.0
    assert [layer.size for layer in contents.file.network.layers] == [2, 50_000, 1]
    np.testing.assert_array_equal(contents.file.network.links[0].W, net.links[0].W)
