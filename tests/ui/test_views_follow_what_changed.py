"""Views update what an event says changed, and nothing else: a new learning
rate does not reload the data views, one new weight redraws one link."""

from __future__ import annotations

import dataclasses

from nnapp.model import commands as C
from nnapp.model.data import SetData
from nnapp.model.training import SetTraining

from .helpers import type_into


def data_view_counters(window, monkeypatch):
    """Count the reloads of every view that shows the data."""
    calls = []

    def counting(name):
        return lambda *args, **kwargs: calls.append(name)

    monkeypatch.setattr(window.boundary_follower, "follow_data", counting("decision map"))
    monkeypatch.setattr(window.input_row, "_load_samples", counting("input row"))
    monkeypatch.setattr(window.data_panel, "_refresh", counting("data panel"))
    monkeypatch.setattr(window.evaluation_panel, "_changed", counting("evaluation"))
    monkeypatch.setattr(window.weight_images, "_changed", counting("weight images"))
    monkeypatch.setattr(window.digit_panel, "_data_changed", counting("digit pad"))
    return calls


def test_a_new_learning_rate_does_not_reload_the_data_views(window, qtbot, monkeypatch):
    window.files.open_example("gender")
    calls = data_view_counters(window, monkeypatch)
    type_into(qtbot, window.training_panel.lr_edit, "0.05")
    assert window.doc.training.learning_rate == 0.05          # it went through SetTraining
    assert window.editor.stack.undoText().startswith("Set")
    assert calls == []
    window.editor.stack.undo()
    assert window.doc.training.learning_rate == 0.1 and calls == []


def test_new_data_reloads_every_data_view(window, qtbot, monkeypatch):
    window.files.open_example("gender")
    calls = data_view_counters(window, monkeypatch)
    shown = []
    monkeypatch.setattr(window.training_panel, "refresh", lambda *a: shown.append(1))
    assert window.editor.push(SetData(window.doc.data_source))
    assert {"decision map", "input row", "data panel", "evaluation", "weight images", "digit pad"} <= set(calls)
    assert shown == []       # the training panel shows no data


def test_a_new_split_reloads_the_views_of_the_rows_but_not_the_pictures(window, qtbot, monkeypatch):
    window.files.open_example("gender")
    calls = data_view_counters(window, monkeypatch)
    assert window.editor.push(SetTraining(dataclasses.replace(window.doc.training, validation_split=0.25)))
    assert {"decision map", "input row", "data panel", "evaluation"} <= set(calls)
    assert "weight images" not in calls and "digit pad" not in calls


def test_one_new_weight_redraws_the_items_of_its_link_alone(window, qtbot):
    window.files.open_example("gender")
    scene, doc = window.scene, window.doc
    x1, h1, o1 = doc.neuron_ids[0][0], doc.neuron_ids[1][0], doc.neuron_ids[2][0]
    items = dict(scene.connections)
    first = doc.connection(x1, h1).link
    w_first = {key: item.w for key, item in items.items() if scene._refs[key][0] == first}
    # a value the scene did not draw: if it redrew the first link, it would show
    doc.links[first].W[0, 0] += 0.125
    small = 0.5 * doc.weight(h1, o1)           # smaller than the largest |w|: the scale stays
    assert window.editor.push(C.SetWeight(h1, o1, small))
    assert scene.connections == items                          # the very same items
    assert scene.connections[(h1, o1)].w == small
    assert {key: item.w for key, item in items.items() if scene._refs[key][0] == first} == w_first


def test_a_new_largest_weight_redraws_every_line_to_the_new_scale(window, qtbot):
    window.files.open_example("gender")
    scene, doc = window.scene, window.doc
    h1, o1 = doc.neuron_ids[1][0], doc.neuron_ids[2][0]
    largest = max(abs(item.w) for item in scene.connections.values())
    assert window.editor.push(C.SetWeight(h1, o1, 10 * largest + 1))
    assert {item.w_max for item in scene.connections.values()} == {10 * largest + 1}


def test_one_new_bias_redraws_the_neurons_of_its_layer_alone(window, qtbot):
    window.files.open_example("gender")
    scene, doc = window.scene, window.doc
    h1, o1 = doc.neuron_ids[1][0], doc.neuron_ids[2][0]
    layers = doc.layers
    layers[2].bias[0] += 0.125                                 # not announced: must not show
    before = scene.neurons[o1].bias
    assert window.editor.push(C.SetBias(h1, 0.75))
    assert scene.neurons[h1].bias == 0.75 and scene.neurons[o1].bias == before


def test_the_about_view_follows_the_description_event(window, qtbot):
    from nnapp.model.describe import SetDescription

    about = window.about
    assert window.editor.push(SetDescription("Two inputs, one answer"))
    assert "Two inputs, one answer" in about.plain_text()
    window.editor.stack.undo()
    assert "Two inputs, one answer" not in about.plain_text()


def test_the_step_panel_follows_the_stepper_events(window, qtbot):
    panel = window.steps_panel
    window.steps_dock.show()
    window.steps_dock.raise_()
    qtbot.waitUntil(panel.isVisible)
    window.files.open_example("gender")
    positions = []
    panel.position_changed.connect(positions.append)
    panel.next_step()
    panel.next_step()
    panel.go_to(1)                     # already there: no signal
    panel.reset()
    assert positions == [0, 1, None] and panel.position is None
    generation = panel._generation
    panel.stepper.rebuild()            # the stepper says it traced again; the panel's list follows
    assert panel._generation == generation + 1
