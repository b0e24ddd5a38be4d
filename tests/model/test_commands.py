"""Every command's do / undo / redo gives back exact states, and random
sequences of commands undone completely give back the starting document."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.errors import ConnectionRefused, EditError, ValueRefused
from nnapp.model.files import open_example
from nnapp.model.history import History


def build_221(doc: Document) -> list[list[str]]:
    """The tutorial's 2-2-1 network, placed neuron by neuron as a student would."""
    for x, y in [(0, 0), (0, 70), (220, 0), (220, 70), (440, 35)]:
        C.PlaceNeuron(x, y).do(doc)
    x, h, o = doc.neuron_ids
    for a in x:
        for b in h:
            C.Connect(a, b, 0.0).do(doc)
    for a in h:
        C.Connect(a, o[0], 1.0).do(doc)
    return doc.neuron_ids


def test_placing_five_neurons_gives_the_tutorial_network():
    doc = Document()
    x, h, o = build_221(doc)
    assert [len(x), len(h), len(o)] == [2, 2, 1]
    assert doc.network().summary() == "2-2-1 (sigmoid, sigmoid), 9 parameters"
    # w1 = x1→h1, w2 = x2→h1, w3 = x1→h2, w4 = x2→h2, w5 = h1→o1, w6 = h2→o1
    assert [doc.weight_name(a, b) for a, b in [(x[0], h[0]), (x[1], h[0]), (x[0], h[1]), (x[1], h[1])]] == \
        ["w1", "w2", "w3", "w4"]
    assert doc.weight_name(h[1], o[0]) == "w6"
    assert [doc.neuron_name(u) for u in x + h + o] == ["x1", "x2", "h1", "h2", "o1"]


def test_seed_feedforward_numbers_after_building_by_hand():
    doc = Document()
    x, h, o = build_221(doc)
    history = History(doc)
    for a in x:
        for b in h:
            history.push(C.SetWeight(a, b, 0 if a == x[0] else 1))
    for a in h:
        history.push(C.SetWeight(a, o[0], 0 if a == h[0] else 1))
    doc.set_input([2, 3])
    # h1 = h2 = σ(0·2 + 1·3) = σ(3) = 0.9525741268…; o1 = σ(0·h1 + 1·h2) = σ(0.95257…)
    assert doc.activation_of(h[0]) == pytest.approx(1 / (1 + math.exp(-3)), abs=1e-15)
    assert doc.activation_of(o[0]) == pytest.approx(0.7216325609518421, abs=1e-12)


def snapshot_cycle(doc: Document, command: C.Command) -> None:
    """do → undo → redo → undo, checking each state."""
    before = doc.state()
    command.do(doc)
    after = doc.state()
    assert after != before, f"{command.text} changed nothing"
    command.undo(doc)
    assert doc.state() == before
    command.do(doc)
    assert doc.state() == after
    command.undo(doc)
    assert doc.state() == before


@pytest.fixture
def gender():
    doc = Document()
    open_example(doc, "gender")
    return doc


def each_command(doc: Document) -> list[C.Command]:
    x, h, o = doc.neuron_ids
    return [
        C.PlaceNeuron(220, 200),
        C.PlaceNeuron(110, 0),
        C.PlaceNeuron(-300, 0),
        C.AddNeuron(doc.layers[1].id),
        C.AddLayer(4, "relu"),
        C.AddLayer(3, "tanh", x=100),
        C.RemoveLayer(doc.layers[1].id),
        C.RemoveItems([h[0]]),
        C.RemoveItems([], [(x[0], h[1])]),
        C.RemoveItems([x[0], x[1]]),
        C.MoveToLayer(h[0], 440, 100),
        C.MoveToLayer(h[0], 330, 0),
        C.MoveToLayer(x[1], 220, 140),
        C.Macro("two", [C.RemoveItems([], [(x[0], h[0])]), C.Connect(x[0], o[0], 0.5)]),
        C.Connect(x[0], o[0]),
        C.FullyConnect(doc.layers[0].id, doc.layers[2].id),
        C.SetWeight(x[0], h[0], 2.5),
        C.SetBias(o[0], -1.25),
        C.SetActivation(doc.layers[1].id, "relu"),
        C.RenameNeuron(x[0], "weight"),
        C.RenameLayer(doc.layers[1].id, "features"),
        C.MoveNeurons({x[0]: 300.0, o[0]: -20.0}),
        C.MoveColumn(doc.layers[1].id, 150),
        C.SetFrozen([(x[0], h[0])], [h[1]], True),
        C.Reinitialise("he", 3),
        C.SetCollapsed(doc.layers[1].id, True),
    ]


@pytest.mark.parametrize("n", range(26))
def test_each_command_undoes_and_redoes_exactly(gender, n):
    command = each_command(gender)[n]
    snapshot_cycle(gender, command)


def test_unfreeze_restores_frozen_state(gender):
    x, h, o = gender.neuron_ids
    C.SetFrozen([(x[0], h[0])], [o[0]], True).do(gender)
    snapshot_cycle(gender, C.SetFrozen([(x[0], h[0]), (x[1], h[0])], [o[0], h[0]], False))


def test_moving_a_neuron_into_another_layer_keeps_left_to_right_links(gender):
    x, h, o = gender.neuron_ids
    w = gender.weight(x[0], h[0])
    C.MoveToLayer(h[0], 330, 0).do(gender)      # a new column between hidden and output
    assert len(gender.layers) == 4
    assert gender.weight(x[0], h[0]) == w
    assert gender.connection(h[0], o[0]) is not None


@pytest.mark.parametrize(
    "make, error, words",
    [
        (lambda x, h, o: C.Connect(o[0], h[0]), ConnectionRefused, "right to left"),
        (lambda x, h, o: C.Connect(h[0], h[1]), ConnectionRefused, "same layer"),
        (lambda x, h, o: C.Connect(x[0], h[0]), ConnectionRefused, "already connected"),
        (lambda x, h, o: C.Connect(x[0], x[0]), ConnectionRefused, "itself"),
        (lambda x, h, o: C.FullyConnect("output", "input"), EditError, "right to left"),
        (lambda x, h, o: C.SetActivation("input", "relu"), EditError, "no activation"),
        (lambda x, h, o: C.SetBias(x[0], 1.0), EditError, "no bias"),
        (lambda x, h, o: C.SetWeight(x[0], o[0], 1.0), EditError, "not connected"),
        (lambda x, h, o: C.RenameNeuron(x[0], "h1"), ValueRefused, "already called"),
        (lambda x, h, o: C.RemoveLayer("nope"), EditError, "no layer"),
    ],
)
def test_refused_edits_say_why_and_change_nothing(gender, make, error, words):
    before = gender.state()
    with pytest.raises(error, match=words):
        make(*gender.neuron_ids).do(gender)
    assert gender.state() == before


@pytest.mark.parametrize("value", ["abc", float("nan"), float("inf"), None, "1e400"])
def test_bad_numbers_are_refused_before_any_command_exists(value):
    with pytest.raises(ValueRefused):
        C.SetWeight("a", "b", value)


def test_disconnecting_a_frozen_weight_then_unfreezing_undoes_exactly(gender):
    # found by the random sequences below: a trainable mask left all true
    # after a disconnect must read the same as "no mask"
    history = History(gender)
    x, h, o = gender.neuron_ids
    states = [gender.state()]
    for command in (C.SetFrozen([(x[0], h[0])], [h[0]], True), C.RemoveItems([], [(x[0], h[0])]),
                    C.SetFrozen([(x[0], h[1])], [h[0]], False)):
        history.push(command)
        states.append(gender.state())
    for state in reversed(states[:-1]):
        history.undo()
        assert gender.state() == state
    for state in states[1:]:
        history.redo()
        assert gender.state() == state


def test_connect_problem_is_the_hover_feedback(gender):
    x, h, o = gender.neuron_ids
    assert gender.can_connect(x[0], o[0])
    assert not gender.can_connect(o[0], x[0])
    assert "o1 → x1 would run right to left" in gender.connect_problem(o[0], x[0])


def test_random_weights_of_connect_are_redone_identically(gender):
    x, h, o = gender.neuron_ids
    command = C.Connect(x[0], o[0])
    command.do(gender)
    w = gender.weight(x[0], o[0])
    command.undo(gender)
    command.do(gender)
    assert gender.weight(x[0], o[0]) == w
    assert -1 <= w <= 1


def test_history_tracks_clean_state(gender):
    history = History(gender)
    assert history.is_clean()
    history.push(C.SetBias(gender.neuron_ids[2][0], 3.0))
    assert not history.is_clean()
    history.undo()
    assert history.is_clean()
    history.redo()
    history.set_clean()
    history.undo()
    history.push(C.SetBias(gender.neuron_ids[2][0], 4.0))  # the saved state is no longer reachable
    assert not history.is_clean()
    history.undo()
    assert not history.is_clean()


# --- random sequences ---------------------------------------------------------


def random_command(data, doc: Document) -> C.Command | None:
    """A command chosen by hypothesis, valid or not for the current document."""
    uids = [u for ids in doc.neuron_ids for u in ids]
    pick = lambda seq: data.draw(st.sampled_from(seq)) if seq else None  # noqa: E731
    kind = data.draw(st.sampled_from([
        "place", "add_layer", "remove", "connect", "disconnect", "fully", "weight", "bias",
        "activation", "rename", "move", "column", "freeze", "reinit", "to_layer", "collapse", "paste",
    ]))
    coord = st.floats(-500, 900, allow_nan=False)
    value = st.floats(-5, 5, allow_nan=False)
    if kind == "place":
        return C.PlaceNeuron(data.draw(coord), data.draw(coord))
    if kind == "add_layer":
        return C.AddLayer(data.draw(st.integers(1, 5)), pick(["relu", "tanh", "sigmoid", "softmax"]),
                          data.draw(st.none() | coord))
    if not uids:
        return None
    a, b = pick(uids), pick(uids)
    layer_id = pick([l.id for l in doc.layers])
    connections = [(c.src, c.dst) for c in doc.connections()]
    if kind == "remove":
        return C.RemoveItems(data.draw(st.lists(st.sampled_from(uids), max_size=3)),
                             data.draw(st.lists(st.sampled_from(connections), max_size=2)) if connections else [])
    if kind == "connect":
        return C.Connect(a, b, data.draw(st.none() | value))
    if kind == "disconnect" and connections:
        return C.RemoveItems([], [pick(connections)])
    if kind == "fully":
        return C.FullyConnect(layer_id, pick([l.id for l in doc.layers]))
    if kind == "weight" and connections:
        return C.SetWeight(*pick(connections), data.draw(value))
    if kind == "bias":
        return C.SetBias(a, data.draw(value))
    if kind == "activation":
        return C.SetActivation(layer_id, pick(["relu", "identity", "leaky_relu"]))
    if kind == "rename":
        return C.RenameNeuron(a, pick(["", "in", "out", "h1"]))
    if kind == "move":
        return C.MoveNeurons({a: data.draw(coord), b: data.draw(coord)})
    if kind == "column":
        return C.MoveColumn(layer_id, data.draw(coord))
    if kind == "freeze":
        return C.SetFrozen(data.draw(st.lists(st.sampled_from(connections), max_size=2)) if connections else [],
                           [a], data.draw(st.booleans()))
    if kind == "reinit":
        return C.Reinitialise(pick(["xavier", "normal", "he"]), data.draw(st.integers(0, 5)))
    if kind == "to_layer":
        return C.MoveToLayer(a, data.draw(coord), data.draw(coord))
    if kind == "paste":
        from nnapp.model.clipboard import Paste, copy_neurons

        return Paste(copy_neurons(doc, data.draw(st.lists(st.sampled_from(uids), min_size=1, max_size=4))))
    if kind == "collapse":
        return C.SetCollapsed(layer_id, data.draw(st.none() | st.booleans()))
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.booleans())
def test_random_command_sequences_undo_to_the_start(data, start_from_example):
    doc = Document()
    if start_from_example:
        open_example(doc, "gender")
    history = History(doc)
    states = [doc.state()]
    for _ in range(data.draw(st.integers(1, 14))):
        command = random_command(data, doc)
        if command is None:
            continue
        before = doc.state()
        try:
            history.push(command)
        except EditError:
            assert doc.state() == before, f"refused {command.text} changed the document"
            continue
        states.append(doc.state())
        _check_invariants(doc)
    for state in reversed(states[:-1]):
        history.undo()
        assert doc.state() == state
    assert not history.can_undo()
    for state in states[1:]:
        history.redo()
        assert doc.state() == state


def _check_invariants(doc: Document) -> None:
    xs = [doc.layout.columns[l.id] for l in doc.layers]
    assert all(b > a for a, b in zip(xs, xs[1:])), "columns out of layer order"
    assert all(l.size == len(ids) >= 1 for l, ids in zip(doc.layers, doc.neuron_ids))
    assert set(doc.layout.ys) == {u for ids in doc.neuron_ids for u in ids}
    assert len(doc.input) == (doc.layers[0].size if doc.layers else 0)
    net = doc.network()
    if net is not None:
        net.validate()
        assert np.all(np.isfinite(doc.forward().output)) or any(l.activation == "relu" for l in doc.layers)


# --- copy and paste -------------------------------------------------------------


def test_paste_copies_neurons_with_their_connections(gender):
    from nnapp.model.clipboard import Paste, copy_neurons

    x, h, o = gender.neuron_ids
    clip = copy_neurons(gender, [x[0], h[0]])
    assert clip["connections"] == [[0, 1, gender.weight(x[0], h[0])]]
    paste = Paste(clip)
    snapshot_cycle(gender, paste)
    paste.do(gender)
    a, b = paste.uids
    assert gender.where(a)[0] == 0 and gender.where(b)[0] == 1
    assert gender.weight(a, b) == gender.weight(x[0], h[0])
    assert gender.bias(b) == gender.bias(h[0])


@pytest.mark.parametrize("clip", [
    None, "text", {"nnapp": "other"}, {"nnapp": "neurons", "neurons": []},
    {"nnapp": "neurons", "neurons": [{"layer": "h", "activation": "nope", "bias": 0, "x": 0, "y": 0}]},
    {"nnapp": "neurons", "neurons": [{"layer": "h", "activation": "relu", "bias": "x", "x": 0, "y": 0}]},
    {"nnapp": "neurons", "neurons": [{"layer": "h", "activation": "relu", "bias": 0, "x": 0, "y": 0}],
     "connections": [[0, 5, 1.0]]},
])
def test_a_foreign_clipboard_is_refused(clip):
    from nnapp.model.clipboard import Paste

    with pytest.raises(EditError):
        Paste(clip)
