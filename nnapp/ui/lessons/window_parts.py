"""The parts of the window a lesson names: its docks, the widgets a task
points at, the neuron or connection a task selects.

A lesson file names docks and places by the Qt object names the window
gives them (:data:`~nnapp.model.lessons.POINTS`, ``<dock>_dock``), so they
are found with ``findChild``. A task's ``select`` names a neuron ("o1") or
a parameter ("w5", "b1"): a weight selects its connection, a bias its
neuron, so that the Inspector shows the field to type in.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QWidget

from nnapp.model.document import Document
from nnapp.model.lessons import dock_object_name

from ..selection import Selection

STAND_INS = {"digit_teach": "digit_teach_toggle"}
"""A place that is hidden until the student opens it, and the visible widget
that opens it (the teaching box of the digit pad opens with Teach ▸)."""


def find_dock(window: QMainWindow, dock: str) -> QDockWidget | None:
    """The dock a lesson names ("steps" → the dock named "steps_dock")."""
    return window.findChild(QDockWidget, dock_object_name(dock))


def bring_forward(dock: QDockWidget | None) -> None:
    """Show ``dock`` and put it in front of the docks it shares a place with."""
    if dock is None:
        return
    dock.show()
    dock.raise_()


def dock_of(widget: QWidget | None) -> QDockWidget | None:
    """The dock ``widget`` is in (None: it is not in a dock)."""
    while widget is not None and not isinstance(widget, QDockWidget):
        widget = widget.parentWidget()
    return widget


def point_widget(window: QMainWindow, name: str) -> QWidget | None:
    """The widget a task's ``point_at`` names, its dock brought forward and,
    in a scroll area, scrolled into sight; a hidden place is stood in for by
    the widget that opens it. None when the window has no such widget now
    (a field of the Inspector exists only while its item is selected)."""
    widget = window.findChild(QWidget, name)
    if widget is None:
        return None
    bring_forward(dock_of(widget))
    if not widget.isVisibleTo(window) and name in STAND_INS:
        stand_in = window.findChild(QWidget, STAND_INS[name])
        if stand_in is not None:
            widget = stand_in
    scroll = _scroll_area_of(widget)
    if scroll is not None:
        scroll.ensureWidgetVisible(widget, 0, 8)
    return widget


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def selection_for(doc: Document, name: str) -> Selection | None:
    """What to select for a task's ``select``: the neuron called ``name``, the
    connection of the weight ``name``, or the neuron of the bias ``name``;
    None when the network has nothing of that name."""
    for ids in doc.neuron_ids:
        for uid in ids:
            if doc.neuron_name(uid) == name:
                return Selection(neurons=(uid,))
    if name.startswith("b"):
        for ids in doc.neuron_ids[1:]:
            for uid in ids:
                if doc.bias_name(uid) == name:
                    return Selection(neurons=(uid,))
    elif name.startswith("w"):
        for c in doc.connections():
            if doc.weight_name(c.src, c.dst) == name:
                return Selection(connections=((c.src, c.dst),))
    return None


__all__ = ["STAND_INS", "bring_forward", "dock_of", "find_dock", "point_widget", "selection_for"]
