"""File ▸ Autosave…: whether unsaved work is copied for recovery, and how soon
after a change (kept in ``QSettings``; see :mod:`nnapp.ui.autosave`)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from .autosave import DELAY_KEY, ENABLED_KEY, LONGEST_GAP_S, MAX_DELAY_S, autosave_delay, autosave_enabled
from nnapp.text import tr


class AutosaveDialog(QDialog):
    """The autosave switch and delay; OK writes them to ``settings``."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("autosave_dialog")
        self.setWindowTitle(tr("Autosave"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)  # "3 s" in a short box
        self.enabled_box = QCheckBox(tr("Keep a recovery copy of unsaved work"))
        self.enabled_box.setObjectName("autosave_enabled")
        self.enabled_box.setChecked(autosave_enabled(settings))
        self.delay_box = QSpinBox()
        self.delay_box.setObjectName("autosave_delay")
        self.delay_box.setRange(1, int(MAX_DELAY_S))
        self.delay_box.setSuffix(" s")
        self.delay_box.setValue(max(1, round(autosave_delay(settings))))
        self.delay_box.setToolTip(tr("Seconds to wait after the last change before the copy is written"))
        self.enabled_box.toggled.connect(self.delay_box.setEnabled)
        self.delay_box.setEnabled(self.enabled_box.isChecked())
        form.addRow(self.enabled_box)
        form.addRow(tr("Copy after a change:"), self.delay_box)
        note = QLabel(tr("While you keep editing, a copy is made at least every {LONGEST_GAP_S:.0f} s.\nIf nnapp stops without saving, it offers the copy at the next start.\nSaving or closing a window deletes its copy.").format(LONGEST_GAP_S=LONGEST_GAP_S))
        note.setObjectName("autosave_note")
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.setValue(ENABLED_KEY, self.enabled_box.isChecked())
        self.settings.setValue(DELAY_KEY, self.delay_box.value())
        super().accept()
