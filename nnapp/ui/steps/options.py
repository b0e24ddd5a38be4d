"""How the step-through panel shows the steps: decimals, the gradient check,
the current layer as matrices."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QSpinBox, QWidget
from nnapp.text import tr

MIN_DECIMALS, MAX_DECIMALS, DEFAULT_DECIMALS = 2, 10, 4


def decimals_box(parent: QWidget | None = None) -> tuple[QLabel, QSpinBox]:
    """The "Decimals" spin box (2–10) and its label."""
    box = QSpinBox(parent)
    box.setObjectName("steps_decimals")
    box.setRange(MIN_DECIMALS, MAX_DECIMALS)
    box.setValue(DEFAULT_DECIMALS)
    box.setToolTip(tr("Digits after the decimal point"))
    label = QLabel(tr("Decimals"), parent)
    label.setBuddy(box)
    return label, box


def gradcheck_box(parent: QWidget | None = None) -> QCheckBox:
    """The "Gradient check" switch (see ``gradient_check.py``)."""
    box = QCheckBox(tr("Gradient check"), parent)
    box.setObjectName("steps_gradcheck")
    box.setToolTip(tr("Show each ∂L/∂w and ∂L/∂b beside its central-difference estimate "
                   "(L(p + h) − L(p − h)) / 2h, computed apart from backprop"))
    return box


def layer_view_box(parent: QWidget | None = None) -> QCheckBox:
    """The "Layer as matrices" switch (see ``layer_matrices.py``)."""
    box = QCheckBox(tr("Layer as matrices"), parent)
    box.setObjectName("steps_layer_view")
    box.setToolTip(tr("Also show the current step's whole layer in matrix form, with the shapes: "
                   "z(k) = a(k−1)·W + b, δ, ∂L/∂W = a(k−1)ᵀ·δ (for a mini-batch, one row per sample)"))
    return box
