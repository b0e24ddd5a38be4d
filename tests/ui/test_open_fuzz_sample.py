"""A sample of ``bench/fuzz_files.py`` in the suite: 200 damaged example files
and the named hostile cases through the window's File ▸ Open path.

Each file either opens or is refused with a dialog; after a refusal the
document, its title, its file and its undo history are those from before;
no exception escapes to Qt's event loop.
"""

import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from nnapp.engine.serialize import dumps
from nnapp.model.files import to_network_file
from tests.hostile_files import hostile_cases, mutants


def snapshot(window) -> tuple:
    doc = window.files.doc
    return dumps(to_network_file(doc)), doc.title, doc.path, window.editor.stack.count(), window.windowTitle()


def close_dialogs(window) -> list[str]:
    texts = []
    for box in window.findChildren(QMessageBox):
        if box.isVisible():
            texts.append(box.text() + " " + box.informativeText())
            box.close()
            box.deleteLater()
    return texts


@pytest.fixture
def escaped(monkeypatch):
    caught = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: caught.append(f"{kind.__name__}: {value}"))
    return caught


def open_and_judge(window, path, escaped) -> str:
    """"opened" or "refused"; asserts what a refusal must leave as it was."""
    before = snapshot(window)
    opened = window.files.open_path(str(path), ask=False)
    said = close_dialogs(window)
    assert not escaped, (path.name, escaped)
    if opened:
        assert window.files.doc.path == str(path)
        assert window.files.open_example("gender")
        window.doc.set_input([0, 0])
        return "opened"
    assert said and all(text.strip() for text in said), path.name
    assert snapshot(window) == before, path.name
    return "refused"


def test_two_hundred_damaged_files_open_or_leave_the_window_as_it_was(window, tmp_path, escaped):
    assert window.files.open_example("gender")
    window.doc.set_input([0, 0])
    counts = {"opened": 0, "refused": 0}
    for name, data in mutants(200, seed=11):
        path = tmp_path / f"{name}.nnapp"
        path.write_bytes(data)
        counts[open_and_judge(window, path, escaped)] += 1
    assert counts["refused"] >= 100 and counts["opened"] >= 5, counts


def test_named_hostile_cases_are_refused_and_change_nothing(window, tmp_path, escaped):
    assert window.files.open_example("gender")
    outcomes, said, messages = {}, {}, []
    window.files.message.connect(messages.append)
    for name, path in hostile_cases(tmp_path, large=False):
        messages.clear()
        outcomes[name] = open_and_judge(window, path, escaped)
        said[name] = messages[0] if messages else ""
    opened = {name for name, outcome in outcomes.items() if outcome == "opened"}
    # the network of the IDX bomb is fine and opens; its data is refused, and opening says so
    assert opened == {"IDX bomb", "a 50,000-neuron hidden layer"}, outcomes
    assert "data cannot be used" in said["IDX bomb"] and "picture" in said["IDX bomb"], said["IDX bomb"]
