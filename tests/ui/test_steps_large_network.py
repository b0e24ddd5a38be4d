"""The step-through panel traces a network of over a million weights on a worker thread.

A trace of such a network takes 30-150 ms (it copies every weight twice and
makes a gradient for each), so after a change the panel traces it on a
worker thread and the window goes on answering; whatever the panel is asked
before the trace arrives is traced at once, and an edit made meanwhile wins
over the trace on its way. Small networks (every built-in example) are
traced inside the change, as before.
"""

from __future__ import annotations

import threading

import pytest

from nnapp.engine.network import Network
from nnapp.model import commands as C
from nnapp.model import stepping
from nnapp.ui.steps.panel import BACKGROUND_TRACE_PARAMETERS, TRACING

SIZES = [2, 1100, 1000, 1]      # 2·1100 + 1100·1000 + 1000 = 1,103,200 weights, 2,101 biases


class Traces(list):
    """Where each trace the panel made ran: on the GUI thread ("gui") or not
    ("worker"). A worker's trace waits while ``gate`` is clear."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()


@pytest.fixture
def traced_on(monkeypatch):
    traces = Traces()
    real = stepping.TraceJob.run

    def noting(job):
        on_gui = threading.current_thread() is threading.main_thread()
        traces.append("gui" if on_gui else "worker")
        if not on_gui:
            traces.gate.wait(10)
        return real(job)

    monkeypatch.setattr(stepping.TraceJob, "run", noting)
    yield traces
    traces.gate.set()


@pytest.fixture
def panel(window):
    assert window.steps_panel.isVisible()
    return window.steps_panel


def large_network() -> Network:
    net = Network.dense(SIZES, rng=0)
    assert sum(k.W.size for k in net.links) + sum(SIZES[1:]) > BACKGROUND_TRACE_PARAMETERS
    return net


def test_a_large_network_is_traced_on_a_worker_thread(qtbot, window, panel, traced_on):
    traced_on.gate.clear()
    window.doc.replace(large_network())
    assert traced_on == []                  # nothing traced inside the change …
    assert panel.is_tracing()
    qtbot.waitUntil(lambda: traced_on == ["worker"])
    assert panel.current_step.status.text() == TRACING and panel.is_tracing()
    assert panel.model.rowCount() == 0      # the old network's steps are gone
    traced_on.gate.set()
    qtbot.waitUntil(lambda: not panel.is_tracing(), timeout=10_000)
    trace = panel.stepper.trace             # … and the steps are the new network's
    assert [a.size for a in trace.activations] == SIZES
    assert panel.model.rowCount() == len(panel.stepper) > sum(SIZES)
    assert panel.position is None
    assert panel.current_step.status.text() != TRACING


def test_asking_the_panel_before_the_trace_arrives_traces_at_once(qtbot, window, panel, traced_on):
    traced_on.gate.clear()
    window.doc.replace(large_network())
    qtbot.waitUntil(lambda: traced_on == ["worker"])
    panel.next_step()                       # before the worker's trace: traced here
    assert traced_on == ["worker", "gui"]
    assert panel.position == 0 and panel.current is not None
    assert not panel.is_tracing()
    assert [a.size for a in panel.stepper.trace.activations] == SIZES
    panel.next_step()
    ended = threading.Event()
    real = panel._background.finished
    real.connect(lambda outcome: ended.set())
    traced_on.gate.set()
    qtbot.waitUntil(lambda: not panel._background.busy(), timeout=10_000)
    assert not ended.is_set()               # what the worker made was dropped …
    assert panel.position == 1              # … and the panel stayed where it was
    assert panel.current_step.status.text() != TRACING


def test_an_edit_while_a_trace_is_on_its_way_wins(qtbot, window, panel, traced_on):
    window.doc.replace(large_network())
    output = window.doc.neuron_ids[-1][0]
    assert window.editor.push(C.SetBias(output, 0.75))
    qtbot.waitUntil(lambda: not panel.is_tracing(), timeout=10_000)
    assert panel.stepper.trace.network.layers[-1].bias[0] == 0.75
    assert set(traced_on) == {"worker"}


def test_a_small_network_is_traced_inside_the_change_as_before(qtbot, window, panel, traced_on):
    assert window.files.open_example("xor")
    assert traced_on[-1:] == ["gui"]
    assert not panel.is_tracing()
    assert len(panel.stepper) > 0 and panel.model.rowCount() == len(panel.stepper)
