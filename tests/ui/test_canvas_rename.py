"""A rename changes the names on the canvas and keeps every item (no rebuild)."""

from __future__ import annotations

from nnapp.model.commands import RenameLayer, RenameNeuron


def test_renaming_a_neuron_keeps_the_items_and_shows_the_new_name(window, qtbot):
    window.files.open_example("gender")
    scene, doc = window.scene, window.doc
    h1 = next(u for ids in doc.neuron_ids for u in ids if doc.neuron_name(u) == "h1")
    items = dict(scene.neurons)
    lines = dict(scene.connections)
    assert window.editor.push(RenameNeuron(h1, "tall"))
    assert scene.neurons == items and scene.connections == lines       # the very same items
    assert scene.neurons[h1].name == "tall"
    # the neuron's bias and its connections speak of it under its new name
    assert "tall" in scene.neurons[h1].toolTip()
    window.editor.stack.undo()
    assert scene.neurons[h1].name == "h1" and scene.neurons == items


def test_renaming_a_layer_retitles_its_column(window, qtbot):
    window.files.open_example("gender")
    scene, doc = window.scene, window.doc
    hidden = doc.layers[1].id
    assert window.editor.push(RenameLayer(hidden, "middle"))
    assert scene.labels[hidden].title == doc.layer_title(1) == "middle"
