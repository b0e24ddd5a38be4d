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
    ActionSpec("new", "&New", (Key.New,), "Start an empty network", QStyle.StandardPixmap.SP_FileIcon),
    ActionSpec("open", "&Open…", (Key.Open,), "Open a network file", QStyle.StandardPixmap.SP_DialogOpenButton),
    ActionSpec("save", "&Save", (Key.Save,), "Save the network", QStyle.StandardPixmap.SP_DialogSaveButton),
    ActionSpec("save_as", "Save &As…", (Key.SaveAs,), "Save the network in another file"),
    ActionSpec("export_png", "Export Diagram as &PNG…", (), "Save a picture of the network"),
    ActionSpec("export_svg", "Export Diagram as S&VG…", (), "Save a scalable drawing of the network"),
    ActionSpec("autosave", "Auto&save…", (Key.Preferences, "Ctrl+,"),
               "Choose whether and how soon unsaved work is copied for recovery"),
    ActionSpec("quit", "&Quit", (Key.Quit, "Ctrl+Q"), "Close nnapp"),
    # Edit
    ActionSpec("cut", "Cu&t", (Key.Cut,), "Copy the selected neurons, then delete them"),
    ActionSpec("copy", "&Copy", (Key.Copy,), "Copy the selected neurons and the connections between them"),
    ActionSpec("paste", "&Paste", (Key.Paste,), "Paste copied neurons"),
    ActionSpec("duplicate", "D&uplicate", ("Ctrl+D",), "Copy and paste the selected neurons at once"),
    ActionSpec("delete", "&Delete", (Key.Delete, "Backspace"), "Delete the selected neurons and connections",
               icons.delete),
    ActionSpec("select_all", "Select &All", (Key.SelectAll,), "Select every neuron and connection"),
    # Network
    ActionSpec("add_neuron", "Add &Neuron", ("N",),
               "Add a neuron under the mouse (or double-click an empty spot)", icons.add_neuron),
    ActionSpec("add_layer", "Add &Layer…", ("Ctrl+L",), "Add a layer of N neurons on the right", icons.add_layer),
    ActionSpec("fully_connect", "&Fully Connect", ("Ctrl+K",),
               "Connect every neuron of the selected layers to every neuron of the next", icons.fully_connect),
    ActionSpec("freeze", "Freeze / &Unfreeze", ("Ctrl+Shift+F",),
               "Frozen weights and biases keep their values during training", icons.freeze),
    ActionSpec("reinitialise", "&Re-initialise Weights…", ("Ctrl+R",),
               "Draw every weight again with an initialiser and a seed"),
    ActionSpec("collapse", "&Collapse / Expand Layer", ("Ctrl+E",),
               "Draw the selected layer as one block, or as its neurons"),
    # View
    ActionSpec("zoom_in", "Zoom &In", (Key.ZoomIn, "Ctrl+="), "Zoom in", icons.zoom_in),
    ActionSpec("zoom_out", "Zoom &Out", (Key.ZoomOut,), "Zoom out", icons.zoom_out),
    ActionSpec("reset_zoom", "&Actual Size", ("Ctrl+0",), "Zoom to 100 %"),
    ActionSpec("fit", "&Fit to Window", ("F",), "Show the whole network", icons.fit),
    ActionSpec("legend", "&Legend", (), "Show what colours and line widths mean"),
    # Help
    ActionSpec("shortcuts", "&Keyboard and Mouse", (Key.HelpContents,), "How to build a network with the mouse"),
    ActionSpec("about", "&About nnapp", (), "Version and licence"),
]


def create_actions(parent: QWidget, handlers: dict[str, Callable[[], object]]) -> dict[str, QAction]:
    """One QAction per :data:`SPECS` entry, triggered → ``handlers[name]``."""
    actions: dict[str, QAction] = {}
    style = parent.style()
    for spec in SPECS:
        action = QAction(spec.text, parent)
        action.setObjectName(f"action_{spec.name}")
        keys = []
        for k in spec.keys:
            found = QKeySequence.keyBindings(k) if isinstance(k, Key) else [QKeySequence(k)]
            keys += [q for q in found if q not in keys]
        if keys:
            action.setShortcuts(keys)
        shortcut = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{spec.tip} ({shortcut})" if shortcut else spec.tip)
        action.setStatusTip(spec.tip)
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
