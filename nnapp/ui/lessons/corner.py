"""The window's bottom-right corner for any of several docks that need the height.

:class:`~nnapp.ui.dock_corner.DockCorner` gives the corner to the right-hand
docks while the digit pad is in front there. The Lessons dock needs the
height as much while it lists the lessons, or shows a lesson that works in
the dock itself (gradient descent); a lesson on a network works in the
bottom docks as well (step through, the loss, the decision map), which keep
their width then. :class:`TallDocks` gives the corner to the right while
one of its docks is in front there and wants it, with the same rule for a
window too narrow for it.

A dock whose widget has a ``needs_height()`` method wants the height only
while it returns True, and says when that changes with its
``needs_height_changed`` signal.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QMainWindow

from ..dock_corner import DockCorner


class TallDocks(DockCorner):
    """A :class:`DockCorner` for several right-hand docks (``tall``, the first
    the digit pad)."""

    def __init__(self, window: QMainWindow, tall: list[QDockWidget], bottom_groups: list[QDockWidget]) -> None:
        super().__init__(window, tall[0], bottom_groups)
        self.tall = tall
        for dock in tall[1:]:
            dock.visibilityChanged.connect(lambda visible, d=dock: self._shown(d, visible))
        for dock in tall:
            changed = getattr(dock.widget(), "needs_height_changed", None)
            if changed is not None:
                changed.connect(self.fit)

    def fit(self) -> None:
        """The corner to the right while one of the tall docks is in front there and wants it."""
        front = [d for d in getattr(self, "tall", ()) if self.in_front.get(d, False) and _wants(d)]
        if front:
            self.pad = front[0]
        elif getattr(self, "tall", None):
            self.pad = self.tall[0]
        super().fit()


def _wants(dock: QDockWidget) -> bool:
    needs = getattr(dock.widget(), "needs_height", None)
    return needs is None or bool(needs())


__all__ = ["TallDocks"]
