"""Small dialogs of the Network menu: add a layer, re-initialise weights."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.initializers import INITIALIZERS
from nnapp.model.commands import MAX_LAYER
from nnapp.model.edits import DEFAULT_ACTIVATION
from nnapp.text import marked, tr

INIT_HELP = {
    "xavier": marked("uniform in ±√(6 / (fan in + fan out)): for sigmoid and tanh"),
    "he": marked("normal with variance 2 / fan in: for ReLU"),
    "normal": marked("standard normal N(0, 1), as in the tutorial"),
    "uniform": marked("uniform in [−1, 1]"),
    "constant": marked("every weight 0"),
}


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class AddLayerDialog(QDialog):
    """How many neurons, and which activation, for a new layer on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("add_layer_dialog")
        self.setWindowTitle(tr("Add layer"))
        form = QFormLayout(self)
        self.size_box = QSpinBox()
        self.size_box.setObjectName("layer_size")
        self.size_box.setRange(1, MAX_LAYER)
        self.size_box.setValue(3)
        self.size_box.setToolTip(tr("Layers of more than 32 neurons are drawn collapsed, as one block"))
        self.activation_box = QComboBox()
        self.activation_box.setObjectName("layer_activation")
        for name, act in ACTIVATIONS.items():
            self.activation_box.addItem(f"{name}    {act.formula}", name)
        self.activation_box.setCurrentIndex(list(ACTIVATIONS).index(DEFAULT_ACTIVATION))
        form.addRow(tr("Neurons:"), self.size_box)
        form.addRow(tr("Activation:"), self.activation_box)
        form.addRow(QLabel(tr("The layer is added to the right of the last one.\n"
                           "Connect it with Network ▸ Fully connect (Ctrl+K).")))
        form.addRow(_buttons(self))
        self.size_box.selectAll()

    def size(self) -> int:  # noqa: A003 - the layer's size
        return self.size_box.value()

    def activation(self) -> str:
        return self.activation_box.currentData()


class ReinitialiseDialog(QDialog):
    """An initialiser and a seed: the same seed always gives the same weights."""

    def __init__(self, method: str, seed: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reinitialise_dialog")
        self.setWindowTitle(tr("Re-initialise weights"))
        form = QFormLayout(self)
        self.method_box = QComboBox()
        self.method_box.setObjectName("init_method")
        for name in INITIALIZERS:
            self.method_box.addItem(tr("{name}: {help}").format(name=name, help=tr(INIT_HELP[name]) if name in INIT_HELP else ""), name)
        self.method_box.setCurrentIndex(list(INITIALIZERS).index(method) if method in INITIALIZERS else 0)
        self.seed_box = QSpinBox()
        self.seed_box.setObjectName("init_seed")
        self.seed_box.setRange(0, 2**31 - 1)
        self.seed_box.setValue(seed)
        form.addRow(tr("Initialiser:"), self.method_box)
        form.addRow(tr("Seed:"), self.seed_box)
        form.addRow(QLabel(tr("Every weight is drawn again and every bias set to 0;\n"
                           "frozen weights and biases keep their values.")))
        form.addRow(_buttons(self))

    def method(self) -> str:
        return self.method_box.currentData()

    def seed(self) -> int:
        return self.seed_box.value()
