"""What the CSV and the IDX import dialogs share.

:class:`ImportDialog` holds the importer and the network's size the choice
is compared with, builds the foot of the dialog — what the import will give,
what stands in its way (in red), Import and Cancel — and does Import itself:
the data section goes to the importer, and the dialog closes or shows why it
was refused. A subclass says what was chosen (:meth:`ImportDialog.section`,
:meth:`ImportDialog.chosen_paths`) and lays the foot out where it wants it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget
from nnapp.text import sentence, tr

from .fields import ERROR_STYLE


def short_path(message: str, path: str) -> str:
    """``message`` with ``path`` written as its file name."""
    return message.replace(path, Path(path).name) if path else message


class ImportDialog(QDialog):
    """The base of an import dialog.

    Parameters
    ----------
    parent : QWidget or None
    prefix : str
        Starts the object names: ``<prefix>_import_dialog``,
        ``<prefix>_result``, ``<prefix>_error``, ``<prefix>_import``.
    title : str
    importer : callable(dict) -> str or None, optional
        Called by Import with the data section; returns None when the data
        was taken (the dialog closes) or a sentence saying why not (shown in
        the dialog, which stays open). Without one, Import emits
        :attr:`imported` and closes.
    n_inputs, n_outputs : int or None
        The network's, to compare the choice with (None: no network).
    folder : str
        Where the choosers start.

    Signals
    -------
    imported(dict)
        A data section was imported.
    """

    imported = Signal(dict)

    def __init__(self, parent: QWidget | None, prefix: str, title: str, *,
                 importer: Callable[[dict], str | None] | None, n_inputs: int | None, n_outputs: int | None,
                 folder: str) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}_import_dialog")
        self.setWindowTitle(title)
        self.prefix = prefix
        self.importer = importer
        self.n_inputs, self.n_outputs = n_inputs, n_outputs
        self.folder = folder

    def _build_footer(self) -> None:
        """:attr:`result`, :attr:`error`, :attr:`buttons` and :attr:`import_button`
        (disabled until there is something to import), for the subclass to lay out."""
        self.result = QLabel()
        self.result.setObjectName(f"{self.prefix}_result")
        self.result.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName(f"{self.prefix}_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName(f"{self.prefix}_import")
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.import_data)
        self.buttons.rejected.connect(self.reject)

    # --- what the subclass chose ----------------------------------------------------------

    def chosen_paths(self) -> list[str]:
        """The paths of the chosen files (their names are shown in messages)."""
        return []

    def section(self) -> dict | None:
        """The data section of the current choice (None while it cannot be imported)."""
        return None

    # --- the foot ---------------------------------------------------------------------------

    def _set_result(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))

    def _show_error(self, text: str) -> None:
        """Show ``text`` in red (a file name that starts it keeps its case)."""
        names = [Path(path).name for path in self.chosen_paths() if path]
        self.error.setText(text if any(text.startswith(name) for name in names) else sentence(text))
        self.error.show()

    def _clear_error(self) -> None:
        self.error.hide()
        self.error.clear()

    def _short_paths(self, message: str) -> str:
        """A message with the chosen files' paths shortened to their names."""
        for path in sorted(self.chosen_paths(), key=len, reverse=True):
            message = short_path(message, path)
        return message

    # --- importing --------------------------------------------------------------------------

    def import_data(self) -> None:
        """Hand the section to the importer; close, or show why it was refused."""
        section = self.section()
        if section is None:
            return
        if self.importer is not None:
            problem = self.importer(section)
            if problem:
                self._show_error(self._short_paths(problem))
                return
        self.imported.emit(section)
        self.accept()
