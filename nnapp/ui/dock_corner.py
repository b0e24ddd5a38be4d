"""Who has the window's bottom-right corner: the right-hand docks or the
bottom ones.

A laptop screen is short. While the digit pad is in front on the right,
the right-hand docks reach down to the status bar: the pad, its pictures
and Teach need the height. Otherwise the bottom docks span the window: the
step list and the decision map need the width. The pad keeps the corner
only while the window is wide enough for the bottom docks in front beside
it (the test results need more than the step list), so a narrow window
stays possible. :class:`DockCorner` follows which docks are in front and
the window's width, and moves the corner when that changes.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from .sideways_scroll import SidewaysScroll

RIGHT_DOCK_WIDTH = 340
"""The least width of the right-hand docks (the forms and the digit pad fit it)."""

DOCK_SEPARATOR = 6
"""Width of the handle between two docks side by side."""


class DockCorner(QObject):
    """Gives the bottom-right corner to the right-hand docks while ``pad``
    is in front there and the window is wide enough.

    Parameters
    ----------
    window : QMainWindow
    pad : QDockWidget
        The dock that needs the height (the digit pad).
    bottom_groups : list of QDockWidget
        One dock of each group of tabbed bottom docks, left to right.
    """

    def __init__(self, window: QMainWindow, pad: QDockWidget, bottom_groups: list[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.pad = pad
        self.bottom_groups = bottom_groups
        # whether each dock is in front (a dock behind its tab still counts as visible to isVisible())
        self.in_front: dict[QDockWidget, bool] = {}
        watched = [pad]
        for group in bottom_groups:
            watched += [group, *window.tabifiedDockWidgets(group)]
        for dock in watched:
            dock.visibilityChanged.connect(lambda visible, d=dock: self._shown(d, visible))
            inner = dock.widget()
            if isinstance(inner, SidewaysScroll):
                inner.least_changed.connect(self.fit)

    def fit(self) -> None:
        """Give the corner to whom it suits now."""
        window, pad = self.window, self.pad
        wanted = (self.in_front.get(pad, False) and not pad.isFloating()
                  and window.dockWidgetArea(pad) == Qt.DockWidgetArea.RightDockWidgetArea
                  and window.width() >= self.bottom_least_width() + max(pad.width(), RIGHT_DOCK_WIDTH))
        area = Qt.DockWidgetArea.RightDockWidgetArea if wanted else Qt.DockWidgetArea.BottomDockWidgetArea
        if window.corner(Qt.Corner.BottomRightCorner) != area:
            window.setCorner(Qt.Corner.BottomRightCorner, area)

    def bottom_least_width(self) -> int:
        """The least width the bottom docks in front need side by side
        (a panel that scrolls sideways counted whole)."""
        total = 0
        for group in self.bottom_groups:
            docks = [group, *self.window.tabifiedDockWidgets(group)]
            front = [d for d in docks if self.in_front.get(d, False)] or docks
            total += max(least_width(d) for d in front) + DOCK_SEPARATOR
        return total

    def _shown(self, dock: QDockWidget, visible: bool) -> None:
        self.in_front[dock] = visible
        if shiboken6.isValid(self.window):  # docks still report while the window is torn down
            self.fit()


def least_width(dock: QDockWidget) -> int:
    """The width ``dock`` needs for its panel to be seen whole (a panel that
    scrolls sideways counted at its own least width)."""
    inner = dock.widget()
    if isinstance(inner, SidewaysScroll):
        return dock.minimumSizeHint().width() - inner.minimumSizeHint().width() + inner.least_width()
    return dock.minimumSizeHint().width()


__all__ = ["DockCorner", "RIGHT_DOCK_WIDTH", "least_width"]
