"""Line edits that commit a value on Enter and refuse bad text in place.

:class:`NumberEdit` holds one number: it shows it short (4 significant
decimals) while the field is not being edited and exactly while it has the
focus, and always exactly in its tooltip; a number just entered stays as it
was typed ("3", "0.50") until the focus leaves. :class:`NameEdit` holds a
name. Both commit on Enter or when the focus leaves (``editingFinished``),
emit :attr:`~FieldEdit.committed` only for a new value, turn red and emit
:attr:`~FieldEdit.refused` for text they cannot read, and go back to the
current value on Escape.

They never change the document: their owner turns ``committed`` into a
command.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from nnapp.text import sentence

from .numbers import format_editable, format_exact, format_number, parse_number

INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; border-radius: 3px; }"
"""The red border of a field whose text was refused."""

ERROR_STYLE = "color: #c62828;"
"""The colour of the message under a refused field."""


def mark_invalid(edit: QLineEdit, invalid: bool) -> None:
    """Give ``edit`` the red border of refused text, or take it away."""
    edit.setStyleSheet(INVALID_STYLE if invalid else "")
    edit.setProperty("invalid", invalid)


class FieldEdit(QLineEdit):
    """A line edit for one value; see the module docstring.

    Signals
    -------
    committed(object)
        The user entered a new valid value.
    refused(str)
        The user entered text that is not a valid value; the sentence says why.
    reverted()
        Escape put the current value back (an error shown for it can go).
    """

    committed = Signal(object)
    refused = Signal(str)
    reverted = Signal()

    keeps_typed = False
    """Whether entered text stays as typed, while the focus stays, when it
    reads as the value the owner then sets (else the value's own text shows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: object = None
        self._invalid = False
        self._typed: tuple[str, object] | None = None
        self.editingFinished.connect(self._finish)

    # --- for subclasses -------------------------------------------------------

    def text_for(self, value: object, editing: bool) -> str:
        """The text showing ``value`` (``editing``: the field has the focus)."""
        return "" if value is None else str(value)

    def parse(self, text: str) -> object:
        """The value written in ``text``; raise ValueError with a sentence."""
        return text.strip()

    # --- for owners -----------------------------------------------------------

    def value(self) -> object:
        return self._value

    def set_value(self, value: object) -> None:
        """Show ``value`` as the current one, unless the user is typing."""
        self._value = value
        if self.hasFocus() and self.isModified():
            return
        self._invalid = False
        mark_invalid(self, False)
        self._show()

    def is_invalid(self) -> bool:
        return self._invalid

    def show_refused(self) -> None:
        """Turn red: what was typed was refused (by the document)."""
        self._invalid = True
        mark_invalid(self, True)

    def restore(self) -> None:
        """Drop what was typed and show the current value again."""
        self._invalid = False
        mark_invalid(self, False)
        self._show()

    # --- Qt -------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and (self.isModified() or self._invalid):
            self.restore()
            self.reverted.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        if not self.isModified() and not self._invalid:
            self.setText(self.text_for(self._value, True))
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._typed = None
        if not self.isModified() and not self._invalid:
            self.setText(self.text_for(self._value, False))

    # --- inside ---------------------------------------------------------------

    def _show(self) -> None:
        if self.hasFocus() and self._typed is not None and self._typed[1] == self._value:
            self.setText(self._typed[0])   # just entered: keep it as typed
            return
        self.setText(self.text_for(self._value, self.hasFocus()))
        if not self.hasFocus():
            self.setCursorPosition(0)

    def _finish(self) -> None:
        if not self.isModified():
            return
        try:
            value = self.parse(self.text())
        except ValueError as e:
            self._invalid = True
            mark_invalid(self, True)
            self.refused.emit(sentence(str(e)))
            return
        self.setModified(False)
        self._invalid = False
        mark_invalid(self, False)
        self._typed = (self.text().strip(), value) if self.keeps_typed and self.hasFocus() else None
        if value == self._value:
            self._show()
            return
        self.committed.emit(value)


class NumberEdit(FieldEdit):
    """A field for one finite number; ``what`` names it in messages, translated
    ("bias"; None: "value")."""

    keeps_typed = True

    def __init__(self, what: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what

    def text_for(self, value: object, editing: bool) -> str:
        if value is None:
            return ""
        return format_editable(value) if editing else format_number(value)

    def parse(self, text: str) -> float:
        return parse_number(text, self.what)

    def set_value(self, value: float | None) -> None:
        super().set_value(None if value is None else float(value))
        self.setToolTip("" if value is None else format_exact(value))


class NameEdit(FieldEdit):
    """A field for a name (surrounding spaces dropped; may be empty)."""


def push_button(text: str, name: str, slot, tip: str) -> QPushButton:
    """A push button with an object name (tests find it by that) and a tooltip; a click calls ``slot()``."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setToolTip(tip)
    button.clicked.connect(lambda checked=False: slot())
    return button
