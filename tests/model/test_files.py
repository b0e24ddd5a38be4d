"""Document files: the engine's format plus layout and input."""

from __future__ import annotations

import json

import pytest

from nnapp.engine.serialize import FileFormatError
from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.errors import EditError
from nnapp.model.files import open_document, open_example, save_document


def test_save_and_open_give_the_same_document(tmp_path):
    doc = Document()
    open_example(doc, "gender")
    x, h, o = doc.neuron_ids
    C.MoveNeurons({x[0]: -123.5}).do(doc)
    C.MoveColumn("hidden", 250).do(doc)
    C.SetCollapsed("hidden", True).do(doc)
    C.SetFrozen([(x[0], h[0])], [o[0]]).do(doc)
    C.RenameNeuron(x[0], "weight").do(doc)
    doc.set_input([-2, -1])
    path = tmp_path / "g.nnapp"
    save_document(doc, path)
    assert doc.path == str(path)
    again = Document()
    assert open_document(again, path) == []
    assert again.state() == doc.state()
    assert again.title == doc.title and again.training == doc.training and again.data == doc.data


def test_files_without_layout_get_an_automatic_one(tmp_path):
    doc = Document()
    open_example(doc, "xor")
    xs = [doc.layout.columns[l.id] for l in doc.layers]
    assert xs == sorted(xs) and len(set(xs)) == 3
    assert doc.path is None  # examples are not overwritten by Save


def test_a_damaged_layout_is_replaced_and_reported(tmp_path):
    doc = Document()
    open_example(doc, "gender")
    path = tmp_path / "g.nnapp"
    save_document(doc, path)
    d = json.loads(path.read_text())
    d["layout"]["neurons"]["hidden"] = [1, "two"]
    d["layout"]["columns"]["output"] = -5
    d["input"] = [1]
    path.write_text(json.dumps(d))
    notes = open_document(Document(), path)
    assert any("layout.neurons.hidden" in n for n in notes)
    assert any("layout.columns" in n for n in notes)
    assert any(n.startswith("input:") for n in notes)


def test_a_corrupted_file_leaves_the_document_untouched(tmp_path):
    doc = Document()
    open_example(doc, "gender")
    before = doc.state()
    path = tmp_path / "bad.nnapp"
    path.write_text('{"format_version": 1, "network": {"layers": []}}')
    with pytest.raises(FileFormatError):
        open_document(doc, path)
    assert doc.state() == before


def test_an_unfinished_network_cannot_be_saved(tmp_path):
    doc = Document()
    C.PlaceNeuron(0, 0).do(doc)
    with pytest.raises(EditError, match="at least one more layer"):
        save_document(doc, tmp_path / "x.nnapp")
    assert not (tmp_path / "x.nnapp").exists()


def test_events_tell_views_what_changed():
    doc = Document()
    seen = []
    for event in doc.events:
        event.connect(lambda *args, name=event.name: seen.append(name))
    open_example(doc, "gender")
    assert seen == ["reset"]
    seen.clear()
    x, h, o = doc.neuron_ids
    C.SetWeight(x[0], h[0], 1.0).do(doc)
    assert seen == ["parameters_changed", "outputs_changed"]
    seen.clear()
    C.Connect(x[0], o[0]).do(doc)
    assert seen[:2] == ["structure_changed", "outputs_changed"]
    seen.clear()
    doc.set_input([1, 2])
    assert seen == ["input_changed", "outputs_changed"]


def test_saved_documents_follow_the_published_schema(tmp_path):
    import jsonschema

    from nnapp.engine.examples import RESOURCES_DIR

    schema = json.loads((RESOURCES_DIR / "schema" / "network.schema.json").read_text())
    doc = Document()
    open_example(doc, "gender")
    C.SetCollapsed("hidden", True).do(doc)
    path = tmp_path / "g.nnapp"
    save_document(doc, path)
    written = json.loads(path.read_text())
    jsonschema.validate(written, schema)
    assert written["input"] == [-2, -1]
    assert written["layout"]["collapsed"] == {"hidden": True}
