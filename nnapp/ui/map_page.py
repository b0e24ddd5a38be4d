"""The decision map's page: the square plot with its controls and caption
beside it when the page is wide (a dock along the bottom), under it
otherwise (a dock at the side)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QBoxLayout, QLayout, QSizePolicy, QVBoxLayout, QWidget

from .square_plot import SquarePlotFrame

SIDE_WIDTH = 180
"""Width of the column of controls and caption beside the map."""

WIDE = 1.2
"""Width / height of the page from which the controls stand beside the map."""

class MapPage(QWidget):
    """The square plot with its controls and caption beside it when the page
    is wide enough (a dock along the bottom), under it otherwise (a dock at
    the side). Its smallest size is the square plot's, in either arrangement,
    so a narrow window stays possible."""

    def __init__(self) -> None:
        super().__init__()
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(4, 4, 4, 4)
        self.box.setSpacing(6)
        self.box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.side = QWidget()
        self.side.setObjectName("boundary_side")
        self.square: SquarePlotFrame | None = None
        self._wide: bool | None = None

    def set_parts(self, square: SquarePlotFrame, side: QVBoxLayout) -> None:
        self.square = square
        self.side.setLayout(side)
        self.box.addWidget(square, 1)
        self.box.addWidget(self.side)
        self.box.addStretch(0)   # under the controls when they stand under the map
        self._arrange()

    def minimumSizeHint(self) -> QSize:
        if self.square is None:
            return super().minimumSizeHint()
        m = self.box.contentsMargins()
        return self.square.minimumSize().grownBy(m)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def is_wide(self) -> bool:
        """True when the controls stand beside the map."""
        return bool(self._wide)

    def _arrange(self) -> None:
        room = self.square.minimumWidth() + self.box.spacing() + SIDE_WIDTH + 8
        wide = self.width() >= max(room, WIDE * self.height())
        if not wide:   # the map as large as the width allows, the controls right under it
            m = self.box.contentsMargins()
            rest = self.height() - m.top() - m.bottom() - self.box.spacing() - self.side.sizeHint().height()
            self.square.set_preferred_height(min(self.square.height_for(self.width() - m.left() - m.right()), rest))
        else:
            self.square.set_preferred_height(0)
        if wide == self._wide:
            return
        self._wide = wide
        self.box.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        self.box.setStretch(0, 1 if wide else 0)
        self.box.setStretch(2, 0 if wide else 1)
        if wide:
            self.side.setFixedWidth(SIDE_WIDTH)
            self.side.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        else:
            self.side.setMinimumWidth(0)
            self.side.setMaximumWidth(16777215)
            self.side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.updateGeometry()
