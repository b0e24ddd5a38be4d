"""The document's events say what changed: the links and layers, the names,
the settings, the description."""

from __future__ import annotations

import dataclasses

import pytest

from nnapp.model import commands as C
from nnapp.model.data import SetData
from nnapp.model.describe import SetDescription
from nnapp.model.document import Document
from nnapp.model.events import EVERY_PARAMETER, NamesChanged, ParametersChanged, SettingsChanged
from nnapp.model.files import open_example
from nnapp.model.training import SetTraining


@pytest.fixture
def doc():
    doc = Document()
    open_example(doc, "gender")   # 2 inputs → 2 hidden → 1 output
    return doc


def recorded(doc, name):
    seen = []
    getattr(doc.events, name).connect(lambda *args: seen.append(args))
    return seen


def test_a_weight_names_its_link_and_a_bias_its_layer(doc):
    seen = recorded(doc, "parameters_changed")
    x1, h1, o1 = doc.neuron_ids[0][0], doc.neuron_ids[1][0], doc.neuron_ids[2][0]
    li = doc.connection(h1, o1).link
    C.SetWeight(h1, o1, 0.25).do(doc)
    C.SetBias(h1, 0.5).do(doc)
    C.SetFrozen(weights=[(x1, h1)], biases=[o1]).do(doc)
    assert seen == [(ParametersChanged((li,), ()),), (ParametersChanged((), (1,)),),
                    (ParametersChanged((doc.connection(x1, h1).link,), (2,)),)]
    change = seen[0][0]
    assert change.touches_link(li) and not change.touches_link(1 - li) and not change.touches_layer(1)


def test_new_weights_everywhere_name_every_parameter(doc):
    seen = recorded(doc, "parameters_changed")
    C.Reinitialise("xavier", 3).do(doc)
    assert seen[-1] == (EVERY_PARAMETER,)
    assert EVERY_PARAMETER.touches_link(0) and EVERY_PARAMETER.touches_layer(2)


def test_a_rename_names_the_neuron_or_the_layer(doc):
    seen = recorded(doc, "names_changed")
    h1, hidden = doc.neuron_ids[1][0], doc.layers[1].id
    command = C.RenameNeuron(h1, "tall")
    command.do(doc)
    C.RenameLayer(hidden, "middle").do(doc)
    command.undo(doc)
    assert seen == [(NamesChanged((h1,), ()),), (NamesChanged((), (hidden,)),), (NamesChanged((h1,), ()),)]


def test_settings_changed_names_the_settings_and_the_data(doc):
    seen = recorded(doc, "settings_changed")
    command = SetTraining(dataclasses.replace(doc.training, learning_rate=0.05))
    command.do(doc)
    command.undo(doc)
    assert [args[0].names for args in seen] == [{"learning_rate"}, {"learning_rate"}]
    assert "learning_rate" in seen[0][0] and not seen[0][0].touches_data
    seen.clear()
    SetData(doc.data_source).do(doc)
    assert any("data" in change for change, in seen) and all(isinstance(c, SettingsChanged) for c, in seen)
    assert seen[-1][0].touches_data
    seen.clear()
    SetTraining(dataclasses.replace(doc.training, validation_split=0.25, seed=7)).do(doc)
    assert seen == [(SettingsChanged(frozenset({"validation_split", "seed"})),)]
    assert seen[0][0].touches_data          # another split: other rows for the data views


def test_the_description_has_its_own_event(doc):
    seen = recorded(doc, "description_changed")
    others = []
    for event in doc.events:
        if event.name != "description_changed":
            event.connect(lambda *args, name=event.name: others.append(name))
    command = SetDescription("Two inputs, one answer")
    command.do(doc)
    before = seen[-1]
    command.undo(doc)
    assert before == ("Two inputs, one answer",) and seen[-1] == (doc.description,)
    assert others == []          # the network did not change
