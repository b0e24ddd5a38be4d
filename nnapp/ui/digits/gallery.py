"""A grid of small pictures with a two-line caption each (test images).

:class:`Gallery` is a :class:`QListView` in icon mode over a
:class:`GalleryModel`: Qt lays out and draws only the thumbnails in sight,
and a thumbnail's pixmap is made the first time it is drawn, so a few
hundred (or thousand) pictures stay quick. The pictures are grey: 0 is
white paper and the largest value is black ink.

The gallery knows nothing of networks: it shows the pictures and captions it
is given and says which one was chosen (a click, or the arrow keys) as the
number the caller gave with that picture.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QListView, QStyle, QStyledItemDelegate

from ..canvas.colors import MUTED, SELECTION, TEXT

THUMBNAIL = 56
"""Side of a thumbnail in pixels (an 8×8 picture is drawn 7× with square
pixels, a 28×28 one 2×)."""

CAPTION_LINES = 2
PAD = 4

KEY_ROLE = Qt.ItemDataRole.UserRole
"""The caller's number for a picture (a row of the test rows)."""
CAPTION_ROLE = Qt.ItemDataRole.UserRole + 1
"""(first line, second line) of the caption."""


class GalleryModel(QAbstractListModel):
    """Pictures (n, rows, cols), a caller's key and a two-line caption each."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._images = np.zeros((0, 1, 1))
        self._keys: list[int] = []
        self._captions: list[tuple[str, str]] = []
        self._tips: list[str] = []
        self._pixmaps: dict[int, QPixmap] = {}
        self._range = (0.0, 1.0)

    def set_items(self, images: np.ndarray, keys: Sequence[int], captions: Sequence[tuple[str, str]],
                  tips: Sequence[str] | None = None, value_range: tuple[float, float] | None = None) -> None:
        """Show ``images[i]`` with ``captions[i]``; ``keys[i]`` is what choosing it reports.

        Parameters
        ----------
        images : ndarray, shape (n, rows, cols)
        keys : sequence of int, length n
        captions : sequence of (str, str), length n
        tips : sequence of str or None
            Tooltips; None = the caption on one line.
        value_range : (low, high) or None
            Values drawn white and black; None = from the pictures given.
        """
        self.beginResetModel()
        self._images = np.asarray(images, dtype=np.float64)
        self._keys = [int(k) for k in keys]
        self._captions = [(str(a), str(b)) for a, b in captions]
        self._tips = list(tips) if tips is not None else [f"{a}  {b}" for a, b in self._captions]
        self._pixmaps.clear()
        if value_range is None and self._images.size:
            value_range = (min(0.0, float(np.nanmin(self._images))), float(np.nanmax(self._images)))
        low, high = value_range or (0.0, 1.0)
        self._range = (low, high if high > low else low + 1.0)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._keys):
            return None
        r = index.row()
        if role == Qt.ItemDataRole.DecorationRole:
            return self.pixmap(r)
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(self._captions[r])
        if role == CAPTION_ROLE:
            return self._captions[r]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[r]
        if role == KEY_ROLE:
            return self._keys[r]
        return None

    def pixmap(self, r: int) -> QPixmap:
        """Thumbnail ``r``, made on first use."""
        pm = self._pixmaps.get(r)
        if pm is None:
            pm = QPixmap.fromImage(grey_image(self._images[r], self._range).scaled(
                THUMBNAIL, THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation))
            self._pixmaps[r] = pm
        return pm

    def key(self, r: int) -> int:
        return self._keys[r]


def grey_image(values: np.ndarray, value_range: tuple[float, float]) -> QImage:
    """A picture (rows, cols) as a grey QImage: ``low`` white, ``high`` black."""
    low, high = value_range
    t = np.clip((np.nan_to_num(values) - low) / (high - low), 0.0, 1.0)
    grey = np.ascontiguousarray(np.round(255 * (1.0 - t)).astype(np.uint8))
    rows, cols = grey.shape
    return QImage(grey.data, cols, rows, cols, QImage.Format.Format_Grayscale8).copy()


class GalleryDelegate(QStyledItemDelegate):
    """Draws a thumbnail with its two caption lines under it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.first_color = TEXT

    def sizeHint(self, option, index) -> QSize:
        fm = option.fontMetrics
        return QSize(THUMBNAIL + 2 * PAD + 16, THUMBNAIL + 2 * PAD + CAPTION_LINES * fm.height())

    def paint(self, painter: QPainter, option, index) -> None:
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected or hovered:
            color = QColor(SELECTION)
            color.setAlpha(60 if selected else 25)
            painter.fillRect(rect.adjusted(1, 1, -1, -1), color)
        pm = index.data(Qt.ItemDataRole.DecorationRole)
        x = rect.x() + (rect.width() - pm.width()) // 2
        y = rect.y() + PAD
        painter.drawPixmap(x, y, pm)
        painter.setPen(QPen(QColor(190, 190, 190)))
        painter.drawRect(x - 1, y - 1, pm.width() + 1, pm.height() + 1)
        first, second = index.data(CAPTION_ROLE)
        fm = option.fontMetrics
        line = fm.height()
        top = rect.y() + PAD + THUMBNAIL + 1
        width = rect.width() - 2
        painter.setPen(self.first_color)
        painter.drawText(QRect(rect.x() + 1, top, width, line), Qt.AlignmentFlag.AlignCenter,
                         fm.elidedText(first, Qt.TextElideMode.ElideRight, width))
        painter.setPen(MUTED)
        painter.drawText(QRect(rect.x() + 1, top + line, width, line), Qt.AlignmentFlag.AlignCenter,
                         fm.elidedText(second, Qt.TextElideMode.ElideRight, width))
        painter.restore()


class Gallery(QListView):
    """Thumbnails in rows that wrap, scrolling down.

    Signals
    -------
    chosen(int)
        The key of the picture clicked (or reached with the arrow keys).
    """

    chosen = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.gallery_model = GalleryModel(self)
        self.setModel(self.gallery_model)
        self.delegate = GalleryDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setSpacing(2)
        self.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.placeholder = ""
        self.clicked.connect(self._on_clicked)
        self.selectionModel().currentChanged.connect(self._on_current)

    def set_items(self, images, keys, captions, tips=None, value_range=None, placeholder: str = "") -> None:
        """Show new pictures (see :meth:`GalleryModel.set_items`); ``placeholder``
        is written in the empty area when there are none."""
        self.placeholder = placeholder
        self.gallery_model.set_items(images, keys, captions, tips, value_range)
        self.scrollToTop()

    def count(self) -> int:
        return self.gallery_model.rowCount()

    def keys(self) -> list[int]:
        return [self.gallery_model.key(r) for r in range(self.count())]

    def index_of(self, key: int) -> QModelIndex:
        for r in range(self.count()):
            if self.gallery_model.key(r) == key:
                return self.gallery_model.index(r)
        return QModelIndex()

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen.emit(self.gallery_model.key(index.row()))

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        # a click reports through clicked; this is for the arrow keys
        if current.isValid() and QApplication.mouseButtons() == Qt.MouseButton.NoButton:
            self.chosen.emit(self.gallery_model.key(current.row()))

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.count() == 0 and self.placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(MUTED)
            painter.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
