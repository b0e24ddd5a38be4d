"""A frame that keeps one pyqtgraph plot's view box square.

The decision map's two axes are the same kind of thing (two inputs of the
network), so its plotting area should be a square whatever the shape of the
dock it sits in. :class:`SquarePlotFrame` holds a
:class:`pyqtgraph.GraphicsLayoutWidget` without a layout and places it
itself: as large as the frame allows while the view box — the plot without
its title, axes and colour bar — stays square, centred across the frame
and at its top.

What the title, axes and colour bar take around the view box is measured
from the last layout of the plot (tick labels grow and shrink), so the
frame places the plot again whenever the view box changes size. The frame's
minimum size leaves the view box at least :data:`MIN_SIDE` pixels.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QWidget

MIN_SIDE = 156
"""Smallest side of the square view box, in pixels."""

START_EXTRA = (100, 70)
"""Width and height the axes, title and colour bar are taken to need before
the plot has been laid out once."""


class SquarePlotFrame(QWidget):
    """Places ``graphics`` so that ``view_box`` is square.

    Parameters
    ----------
    graphics : pyqtgraph.GraphicsLayoutWidget
        Becomes a child of the frame.
    view_box : pyqtgraph.ViewBox
        The plot's view box inside ``graphics``.
    """

    def __init__(self, graphics: pg.GraphicsLayoutWidget, view_box: pg.ViewBox,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boundary_square")
        self.graphics = graphics
        self.view_box = view_box
        graphics.setParent(self)
        self._extra = START_EXTRA
        self._preferred_height = 0
        self._set_minimum()
        view_box.sigResized.connect(self._view_box_resized)

    def extra(self) -> tuple[int, int]:
        """(width, height) the plot takes beyond its view box, as last measured."""
        return self._extra

    def height_for(self, width: int) -> int:
        """The height at which a frame ``width`` wide holds the largest square view box."""
        return max(self.minimumHeight(), width - self._extra[0] + self._extra[1])

    def set_preferred_height(self, height: int) -> None:
        """The height the frame asks its layout for (0: its smallest)."""
        if height != self._preferred_height:
            self._preferred_height = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), max(self.minimumHeight(), self._preferred_height))

    # --- Qt -------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()

    # --- inside ---------------------------------------------------------------

    def _set_minimum(self) -> None:
        self.setMinimumSize(MIN_SIDE + self._extra[0], MIN_SIDE + self._extra[1])

    def _view_box_resized(self, *args) -> None:
        rect = self.view_box.sceneBoundingRect()
        if rect.width() < 1 or rect.height() < 1:
            return
        extra = (max(0, round(self.graphics.width() - rect.width())),
                 max(0, round(self.graphics.height() - rect.height())))
        if max(abs(extra[0] - self._extra[0]), abs(extra[1] - self._extra[1])) > 1:  # no chase of rounding
            self._extra = extra
            self._set_minimum()
        self._place()

    def _place(self) -> None:
        """The plot as large as fits, its view box square, centred across the frame at its top."""
        ew, eh = self._extra
        side = max(1, min(self.width() - ew, self.height() - eh))
        w, h = side + ew, side + eh
        target = QRect((self.width() - w) // 2, 0, w, h)
        if self.graphics.geometry() != target:
            self.graphics.setGeometry(target)
