"""The question asked at start when unsaved work was left by a closed or
crashed nnapp: restore it, discard it, or decide later.

:class:`RecoveryDialog` lists the documents (name, its file or "never
saved", when the copy was made) and any copy that could not be read. Its
answer is ``"restore"``, ``"discard"`` or ``"later"`` (also when the
dialog is closed without a choice: nothing is lost then).
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnapp.model.recovery import Found, Recovered
from nnapp.text import counted, plural, tr


def when(saved_at: float, now: float | None = None) -> str:
    """“today 14:05”, “yesterday 09:30” or “3 Dec 2026 18:12”."""
    now = time.time() if now is None else now
    then, today = datetime.fromtimestamp(saved_at), datetime.fromtimestamp(now).date()
    if then.date() == today:
        return tr("today {then:%H:%M}").format(then=then)
    if (today - then.date()).days == 1:
        return tr("yesterday {then:%H:%M}").format(then=then)
    return f"{then.day} {then:%b %Y %H:%M}"


def describe(info: Recovered, now: float | None = None) -> str:
    """One line of the list: what, the folder of its file, when it was copied."""
    where = tr("in {parent}").format(parent=Path(info.document_path).parent) if info.document_path else tr("never saved")
    return tr("{display_name}  —  {where}  —  copied {when}").format(display_name=info.display_name(), where=where, when=when(info.saved_at, now))


class RecoveryDialog(QDialog):
    """Restore / Discard / Later for the documents in ``found``."""

    def __init__(self, found: Found, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setWindowTitle(tr("Restore unsaved work"))
        self.answer = "later"
        layout = QVBoxLayout(self)
        n = len(found.offered)
        intro = QLabel(plural(
            n,
            "nnapp closed without saving this document. Restore opens it with its unsaved changes; "
            "save it to keep them.",
            "nnapp closed without saving these {n:,} documents. Restore opens each in its own window "
            "with its unsaved changes; save each one to keep them.").format(n=n))
        intro.setObjectName("recovery_intro")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        self.list.setObjectName("recovery_list")
        for info in found.offered:
            item = QListWidgetItem(describe(info))
            item.setToolTip("\n".join([str(info.file)] + info.notes))
            self.list.addItem(item)
        self.list.setMinimumWidth(min(900, max(420, self.list.sizeHintForColumn(0) + 40)))
        rows = min(max(n, 1), 8)        # more than 8 scroll
        self.list.setFixedHeight(rows * max(self.list.sizeHintForRow(0), 16) + 2 * self.list.frameWidth() + 4)
        layout.addWidget(self.list)
        if found.damaged:
            k = len(found.damaged)
            note = QLabel(plural(k, "{copies} could not be read and cannot be restored; Discard deletes it.",
                                 "{copies} could not be read and cannot be restored; Discard deletes them.")
                          .format(copies=counted(k, "damaged copy", "damaged copies")))
            note.setObjectName("recovery_damaged")
            note.setWordWrap(True)
            note.setToolTip("\n".join(found.notes))
            layout.addWidget(note)
        hint = QLabel(tr("Discard deletes the copies for good. Later keeps them and asks again at the next start."))
        hint.setObjectName("recovery_hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox()
        self.restore_button = self._button(buttons, tr("&Restore"), "restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = self._button(buttons, tr("&Discard"), "discard",
                                           QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = self._button(buttons, tr("&Later"), "later", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setEnabled(bool(found.offered))
        self.restore_button.setDefault(bool(found.offered))
        self.restore_button.setFocus(Qt.FocusReason.OtherFocusReason)
        layout.addWidget(buttons)

    def _button(self, box: QDialogButtonBox, text: str, answer: str, role) -> QPushButton:
        button = box.addButton(text, role)
        button.setObjectName(f"recovery_{answer}")
        button.clicked.connect(lambda checked=False, a=answer: self._answer(a))
        return button

    def _answer(self, answer: str) -> None:
        self.answer = answer
        if answer == "later":
            self.reject()
        else:
            self.accept()

    def reject(self) -> None:
        """Later, also for Escape and the close button: nothing is lost."""
        self.answer = "later"
        super().reject()
