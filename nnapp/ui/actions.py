"""Every action of the window, created in one place.

Each action has an object name (``action_<name>``), a shortcut (standard
keys where Qt has one), a tooltip and a status tip; toolbar actions have an
icon. :func:`create_actions` connects them to the handlers it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QStyle, QWidget

from nnapp.text import marked, tr

from . import icons

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    keys: tuple = ()
    tip: str = ""
    icon: Callable[[], QIcon] | QStyle.StandardPixmap | None = None


SPECS = [
    # File
    ActionSpec("new", marked("&New"), (Key.New,), marked("Start an empty network"), QStyle.StandardPixmap.SP_FileIcon),
    ActionSpec("open", marked("&Open…"), (Key.Open,), marked("Open a network file"), QStyle.StandardPixmap.SP_DialogOpenButton),
    ActionSpec("save", marked("&Save"), (Key.Save,), marked("Save the network"), QStyle.StandardPixmap.SP_DialogSaveButton),
    ActionSpec("save_as", marked("Save &As…"), (Key.SaveAs,), marked("Save the network in another file")),
    ActionSpec("export_png", marked("Export Diagram as &PNG…"), (), marked("Save a picture of the network")),
    ActionSpec("export_svg", marked("Export Diagram as S&VG…"), (), marked("Save a scalable drawing of the network")),
    ActionSpec("autosave", marked("Auto&save…"), (Key.Preferences, "Ctrl+,"),
               marked("Choose whether and how soon unsaved work is copied for recovery")),
    ActionSpec("quit", marked("&Quit"), (Key.Quit, "Ctrl+Q"), marked("Close nnapp")),
    # Edit
    ActionSpec("cut", marked("Cu&t"), (Key.Cut,), marked("Copy the selected neurons, then delete them")),
    ActionSpec("copy", marked("&Copy"), (Key.Copy,), marked("Copy the selected neurons and the connections between them")),
    ActionSpec("paste", marked("&Paste"), (Key.Paste,), marked("Paste copied neurons")),
    ActionSpec("duplicate", marked("D&uplicate"), ("Ctrl+D",), marked("Copy and paste the selected neurons at once")),
    ActionSpec("delete", marked("&Delete"), (Key.Delete, "Backspace"), marked("Delete the selected neurons and connections"),
               icons.delete),
    ActionSpec("select_all", marked("Select &All"), (Key.SelectAll,), marked("Select every neuron and connection")),
    # Network
    ActionSpec("add_neuron", marked("Add &Neuron"), ("N",),
               marked("Add a neuron under the mouse (or double-click an empty spot)"), icons.add_neuron),
    ActionSpec("add_layer", marked("Add &Layer…"), ("Ctrl+L",), marked("Add a layer of N neurons on the right"), icons.add_layer),
    ActionSpec("fully_connect", marked("&Fully Connect"), ("Ctrl+K",),
               marked("Connect every neuron of the selected layers to every neuron of the next"), icons.fully_connect),
    ActionSpec("freeze", marked("Freeze / &Unfreeze"), ("Ctrl+Shift+F",),
               marked("Frozen weights and biases keep their values during training"), icons.freeze),
    ActionSpec("reinitialise", marked("&Re-initialise Weights…"), ("Ctrl+R",),
               marked("Draw every weight again with an initialiser and a seed")),
    ActionSpec("collapse", marked("&Collapse / Expand Layer"), ("Ctrl+E",),
               marked("Draw the selected layer as one block, or as its neurons")),
    # View
    ActionSpec("zoom_in", marked("Zoom &In"), (Key.ZoomIn, "Ctrl+="), marked("Zoom in"), icons.zoom_in),
    ActionSpec("zoom_out", marked("Zoom &Out"), (Key.ZoomOut,), marked("Zoom out"), icons.zoom_out),
    ActionSpec("reset_zoom", marked("&Actual Size"), ("Ctrl+0",), marked("Zoom to 100 %")),
    ActionSpec("fit", marked("&Fit to Window"), ("F",), marked("Show the whole network"), icons.fit),
    ActionSpec("legend", marked("&Legend"), (), marked("Show what colours and line widths mean")),
    # Help
    ActionSpec("shortcuts", marked("&Keyboard and Mouse"), (Key.HelpContents,), marked("How to build a network with the mouse")),
    ActionSpec("about", marked("&About nnapp"), (), marked("Version and licence")),
]


def create_actions(parent: QWidget, handlers: dict[str, Callable[[], object]]) -> dict[str, QAction]:
    """One QAction per :data:`SPECS` entry, triggered → ``handlers[name]``."""
    actions: dict[str, QAction] = {}
    style = parent.style()
    for spec in SPECS:
        action = QAction(tr(spec.text), parent)
        action.setObjectName(f"action_{spec.name}")
        keys = []
        for k in spec.keys:
            found = QKeySequence.keyBindings(k) if isinstance(k, Key) else [QKeySequence(k)]
            keys += [q for q in found if q not in keys]
        if keys:
            action.setShortcuts(keys)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        tip = tr(spec.tip)
        action.setToolTip(tr("{tip} ({shortcut})").format(tip=tip, shortcut=shortcut) if shortcut else tip)
        action.setStatusTip(tip)
        if isinstance(spec.icon, QStyle.StandardPixmap):
            action.setIcon(style.standardIcon(spec.icon))
        elif spec.icon is not None:
            action.setIcon(spec.icon())
        handler = handlers.get(spec.name)
        if handler is not None:
            action.triggered.connect(lambda checked=False, h=handler: h())
        actions[spec.name] = action
    actions["legend"].setCheckable(True)
    actions["legend"].setChecked(True)
    return actions
