"""What UI tests do again and again: find a widget, type into a field."""

from __future__ import annotations

from PySide6.QtCore import Qt


def find(widget, cls, name):
    """The child of ``widget`` of class ``cls`` named ``name`` (asserted to exist)."""
    found = widget.findChild(cls, name)
    assert found is not None, f"no {cls.__name__} named {name!r}"
    return found


def type_into(qtbot, edit, text):
    """Focus ``edit``, replace its text by typing ``text``, press Enter."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def uid(doc, name):
    """The id of the neuron shown as ``name``."""
    return next(u for ids in doc.neuron_ids for u in ids if doc.neuron_name(u) == name)


def double_click(qtbot, widget, pos):
    """Double-click ``widget`` at ``pos``, then release the button.

    Qt's test double-click leaves the application believing the left button
    is still held (``QGuiApplication.mouseButtons()``), which stops hover
    events in the tests that follow; the extra release clears that.
    """
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=pos)
