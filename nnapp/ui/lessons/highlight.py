"""A coloured frame drawn over a part of the window for a few seconds: where a
task asks the student to look.

The frame is a widget of its own laid over the window (it takes no clicks
and draws only its border), so the widget pointed at keeps its own look:
nothing of its style sheet changes. It follows the widget while it moves or
changes size, goes when the widget is hidden, and fades away after
:data:`SHOW_MS`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

SHOW_MS = 4000
"""How long the frame stays."""

COLOUR = QColor("#e6550d")
WIDTH = 3
MARGIN = 4
"""Pixels between the widget and the frame around it."""


class Highlight(QWidget):
    """A frame over one widget at a time, for :data:`SHOW_MS` milliseconds.

    Parameters
    ----------
    window : QWidget
        The top-level window the frame is drawn in.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lesson_highlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._target: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self._follow = QTimer(self)             # once the window has laid out what was just shown
        self._follow.setSingleShot(True)
        self._follow.setInterval(0)
        self._follow.timeout.connect(self._place)
        window.installEventFilter(self)         # the window's size moves its docks
        self.hide()

    def target(self) -> QWidget | None:
        """The widget framed now (None: none)."""
        return self._target

    def show_on(self, widget: QWidget, ms: int = SHOW_MS) -> None:
        """Frame ``widget`` for ``ms`` milliseconds (in place of any other)."""
        self._unwatch()
        self._target = widget
        widget.installEventFilter(self)
        widget.destroyed.connect(self._forget)
        self._timer.start(ms)
        self._place()
        self._follow.start()

    def clear(self) -> None:
        """Take the frame away."""
        self._timer.stop()
        self._unwatch()
        self._target = None
        self.hide()

    def covered(self) -> QRect:
        """The target's rectangle in the window's coordinates (empty without one)."""
        target = self._target
        if target is None:
            return QRect()
        return QRect(target.mapTo(self.parentWidget(), QPoint(0, 0)), target.size())

    # --- inside ----------------------------------------------------------------------------

    def _place(self) -> None:
        target = self._target
        if target is None:
            return
        if not target.isVisible():
            self.hide()
            return
        self.setGeometry(self.covered().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN))
        self.raise_()
        self.show()

    def _unwatch(self) -> None:
        if self._target is not None:
            self._target.removeEventFilter(self)
            try:
                self._target.destroyed.disconnect(self._forget)
            except (RuntimeError, TypeError):
                pass

    def _forget(self, *_) -> None:
        self._target = None
        self._timer.stop()
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._target is None:
            return False
        if watched is self._target and event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show,
                                                        QEvent.Type.Hide):
            self._follow.start()
        elif watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._follow.start()
        return False

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(COLOUR, WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 5, 5)
        painter.end()


__all__ = ["Highlight", "SHOW_MS"]
