"""A scroll area for a wide panel in a bottom dock.

Where the dock is narrower than the panel's least width, the panel keeps
that width and scrolls sideways; otherwise it fills the dock exactly. Its
height is always the dock's (never more: a panel whose wrapped labels would
ask for a few more pixels at some width gets the height there is, rather
than a vertical scroll bar).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class SidewaysScroll(QScrollArea):
    """Holds ``widget`` at the viewport's size, but never narrower or lower
    than its least size."""

    least_changed = Signal()
    """The panel's layout changed, and with it perhaps its least width."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(widget)
        widget.installEventFilter(self)

    def least_width(self) -> int:
        """The width the panel needs to be seen without scrolling."""
        widget = self.widget()
        return widget.minimumSizeHint().expandedTo(widget.minimumSize()).width()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
            self.least_changed.emit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()   # a scroll bar came or went
        return super().viewportEvent(event)

    def fit(self) -> None:
        """Give the panel the viewport's size within its least size."""
        widget = self.widget()
        least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        port = self.maximumViewportSize()   # the viewport without scroll bars
        width = max(port.width(), least.width())
        height = max(self.viewport().height() if width > port.width() else port.height(), least.height())
        if widget.size().width() != width or widget.size().height() != height:
            widget.resize(width, height)

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        return hint.boundedTo(self.widget().minimumSizeHint())
