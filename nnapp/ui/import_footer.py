"""The foot of an import dialog: what the import will give, what stands in
its way, and the Import and Cancel buttons (shared by the CSV and the IDX
import)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton

from .fields import ERROR_STYLE


@dataclass
class ImportFooter:
    result: QLabel
    """What the import will give ("200 rows of 784 inputs …")."""
    error: QLabel
    """Why it cannot be imported, in red; hidden while there is nothing wrong."""
    buttons: QDialogButtonBox
    import_button: QPushButton
    """Disabled until there is something to import."""


def import_footer(dialog: QDialog, prefix: str, on_import: Callable[[], None]) -> ImportFooter:
    """The footer's widgets, named ``<prefix>_result``, ``<prefix>_error`` and
    ``<prefix>_import``; Import calls ``on_import``, Cancel rejects ``dialog``."""
    result = QLabel()
    result.setObjectName(f"{prefix}_result")
    result.setWordWrap(True)
    error = QLabel()
    error.setObjectName(f"{prefix}_error")
    error.setWordWrap(True)
    error.setStyleSheet(ERROR_STYLE)
    error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    error.hide()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
    import_button.setObjectName(f"{prefix}_import")
    import_button.setEnabled(False)
    import_button.setDefault(True)
    buttons.accepted.connect(on_import)
    buttons.rejected.connect(dialog.reject)
    return ImportFooter(result, error, buttons, import_button)
