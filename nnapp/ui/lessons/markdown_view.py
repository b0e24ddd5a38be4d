"""A lesson's text: Markdown, as tall as its text, so the page scrolls as one.

Lesson texts are Markdown with their formulas on lines of their own,
indented (a code block, shown in a fixed-width font). The view has no
scroll bar of its own up and down: it takes the height its text needs at
its width, and the lesson page around it scrolls. A formula wider than the
view scrolls sideways.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QSizePolicy, QTextBrowser, QWidget


class MarkdownView(QTextBrowser):
    """Markdown shown whole at the height it needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOpenExternalLinks(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.document().documentLayout().documentSizeChanged.connect(lambda *_: self._fit())

    def set_markdown(self, text: str) -> None:
        self.setMarkdown(text)
        self._fit()

    def _fit(self) -> None:
        height = math.ceil(self.document().size().height()) + 2 * self.frameWidth()
        if self.document().idealWidth() > self.viewport().width() + 1:
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(max(height, 1))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


__all__ = ["MarkdownView"]
