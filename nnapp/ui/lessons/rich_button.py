"""A push button whose face holds lines of text that wrap.

A :class:`QPushButton`'s own text never wraps: a lesson's title with its
summary, or a long answer to a question, would make a narrow dock wide. A
:class:`RichButton` lays word-wrapped labels on its face instead (they let
the clicks through to the button) and asks its layout for its size, its
height following its width.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class RichButton(QPushButton):
    """A button of word-wrapped lines; add them with :meth:`add_line`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = QVBoxLayout(self)
        self.lines.setContentsMargins(10, 6, 10, 6)
        self.lines.setSpacing(2)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def add_line(self, text: str = "", name: str = "", *, bold: bool = False, side: str | None = None,
                 style: str = "") -> QLabel:
        """A line of text on the face, wrapped to the button's width; ``side``
        puts a short second text at its right end (returned as the label's
        ``side`` attribute)."""
        label = _label(text, name, style)
        if not self.accessibleName():
            self.setAccessibleName(text)     # what a screen reader says for the button
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        if side is None:
            self.lines.addWidget(label)
            label.side = None
            return label
        right = _label(side, f"{name}_side" if name else "", style)
        right.setWordWrap(False)
        right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label, 1)
        row.addWidget(right, 0, Qt.AlignmentFlag.AlignTop)
        self.lines.addLayout(row)
        label.side = right
        return label

    def sizeHint(self) -> QSize:
        return self.lines.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.lines.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.lines.totalHeightForWidth(width)


def _label(text: str, name: str, style: str) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    if style:
        label.setStyleSheet(style)
    return label


__all__ = ["RichButton"]
