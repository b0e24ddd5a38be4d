"""The parts of the window a lesson may name: what a task points at, which
dock a lesson brings forward.

A lesson file names them by the Qt object names the window gives its
widgets (``"inspector_bias"`` is the bias field of the Inspector), so the
Lessons dock finds them with ``findChild``; the descriptions here say what
each is, for the format's documentation and for a teacher's error message.
The model knows no Qt: these are names only (``tests/model/test_lessons.py``
checks that the window's source gives every one of them).
"""

from __future__ import annotations

from nnapp.text import marked

POINTS: dict[str, str] = {
    "canvas": marked("the canvas with the network"),
    "input_row": marked("the input row above the canvas"),
    "inspector_bias": marked("the bias field of the Inspector (a neuron selected)"),
    "inspector_weight": marked("the weight field of the Inspector (a connection selected)"),
    "steps_panel": marked("the Step through panel"),
    "steps_current": marked("the current step of the Step through panel"),
    "steps_apply": marked("the Apply update button of the Step through panel"),
    "steps_target": marked("the target field of the Step through panel"),
    "train_start": marked("the Start button of the Training panel"),
    "train_lr": marked("the learning rate field of the Training panel"),
    "loss_plot": marked("the loss plot"),
    "boundary_square": marked("the decision map"),
    "data_panel": marked("the Data panel"),
    "digit_pad": marked("the digit pad, where a digit is drawn"),
    "digit_read": marked("the digit the network reads"),
    "digit_teach": marked("the box for teaching the network a drawing"),
}
"""What a task's ``point_at`` may name: Qt object name → what it is."""

DOCKS: dict[str, str] = {
    "inspector": marked("the Inspector"),
    "steps": marked("Step through"),
    "training": marked("Training"),
    "loss": marked("the loss plot"),
    "boundary": marked("the decision map"),
    "data": marked("Data"),
    "digit": marked("the digit pad"),
    "about": marked("About"),
}
"""What a lesson's ``open.dock`` may name: the dock whose object name is
``<name>_dock`` → what it is."""


def dock_object_name(dock: str) -> str:
    """The Qt object name of the dock a lesson names: "steps" → "steps_dock"."""
    return f"{dock}_dock"


__all__ = ["DOCKS", "POINTS", "dock_object_name"]
