"""The pictures of the preprocessing: how a drawing became the network's input.

Three small labelled pictures, left to right:

1. the drawing, with the box around its ink;
2. the ink cut out and scaled: MNIST style, the longer side made 20 pixels
   (shown in its 20×20 box); optdigits style, the 32×32 black-and-white
   bitmap whose 4×4 blocks are counted;
3. what the network reads: 28×28 or 8×8.

Pictures 2 and 3 are shown with square pixels (nearest neighbour), enlarged
by a whole factor, so every pixel of the input can be seen. All show ink
dark on white, like the pad. The pictures come from a
:class:`~nnapp.engine.preprocess.Preprocessed`; nothing is computed here but
the images themselves.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nnapp.engine.preprocess import MNIST_BOX, Preprocessed
from nnapp.text import tr, tr_in

SIDE = 84
"""Side of the square each picture is shown in, in pixels."""

BOX = QColor("#d7301f")
EDGE = QColor("#b0b0b0")


def grey_image(values: np.ndarray) -> QImage:
    """Values 0…1 (ink high), shape (h, w), as a greyscale image with dark ink on white."""
    grey = np.ascontiguousarray(np.round(255 * (1 - np.clip(values, 0, 1)))).astype(np.uint8)
    h, w = grey.shape
    image = QImage(grey.data, w, h, w, QImage.Format.Format_Grayscale8)
    return image.copy()  # own the pixels: ``grey`` goes away


class StepPicture(QWidget):
    """One picture in a :data:`SIDE` square, with a caption under it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.canvas = _Canvas()
        self.caption = QLabel()
        self.caption.setObjectName(f"{name}_caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.caption.setWordWrap(False)  # captions break where they say (a wrapping label would make
        # the whole panel ask for a height for its width, and a dock's scroll area then never squeezes it)
        self.caption.setFixedWidth(SIDE + 12)
        self.caption.setStyleSheet("color: #444444")
        font = self.caption.font()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        self.caption.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def set_picture(self, values: np.ndarray | None, caption: str, *, smooth: bool = False,
                    frame: tuple[int, int] | None = None, box: tuple[int, int, int, int] | None = None) -> None:
        """Show ``values`` (ink high, 0…1) and ``caption``.

        Parameters
        ----------
        values : ndarray, shape (h, w), or None
            None shows an empty square.
        smooth : bool
            Scale smoothly to fit (a large drawing) instead of by a whole
            factor with square pixels.
        frame : (rows, cols), optional
            Show ``values`` centred in a white field of this size (the
            20×20 box of a digit scaled MNIST style).
        box : (top, left, bottom, right), optional
            A rectangle to outline, in the pixels of ``values``.
        """
        self.caption.setText(caption)
        self.canvas.show_values(values, smooth, frame, box)

    def image(self) -> QImage | None:
        """The picture as shown (before enlarging), for tests."""
        return self.canvas.image


class _Canvas(QWidget):
    """Paints one image into its square."""

    def __init__(self) -> None:
        super().__init__()
        self.setFixedSize(SIDE, SIDE)
        self.image: QImage | None = None
        self._smooth = False
        self._box: tuple[int, int, int, int] | None = None

    def show_values(self, values, smooth, frame, box) -> None:
        if values is None:
            self.image = None
        else:
            values = np.asarray(values, dtype=np.float64)
            if frame is not None:
                field = np.zeros(frame)
                h, w = values.shape
                top, left = (frame[0] - h) // 2, (frame[1] - w) // 2
                field[top:top + h, left:left + w] = values
                values = field
            self.image = grey_image(values)
        self._smooth = smooth
        self._box = box
        self.update()

    def target(self) -> QRectF:
        """Where the image is painted: as large as fits, by a whole factor unless smooth."""
        if self.image is None:
            return QRectF(0, 0, SIDE, SIDE)
        w, h = self.image.width(), self.image.height()
        k = SIDE / max(w, h)
        if not self._smooth and k >= 1:
            k = float(int(k))
        tw, th = w * k, h * k
        return QRectF((SIDE - tw) / 2, (SIDE - th) / 2, tw, th)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        target = self.target()
        if self.image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, self._smooth)
            painter.drawImage(target, self.image)
            if self._box is not None:
                top, left, bottom, right = self._box
                k = target.width() / self.image.width()
                painter.setPen(QPen(BOX, 1.5))
                painter.drawRect(QRectF(target.x() + left * k, target.y() + top * k,
                                        (right - left) * k, (bottom - top) * k))
        painter.setPen(QPen(EDGE, 1))
        painter.drawRect(target.adjusted(-0.5, -0.5, 0.5, 0.5))
        painter.end()

    def sizeHint(self) -> QSize:
        return QSize(SIDE, SIDE)


class PreprocessPictures(QWidget):
    """The three steps from drawing to input, in a row.

    Attributes
    ----------
    drawing, cut, final : StepPicture
        The drawing with its ink box; the ink cut out and scaled (or the
        bitmap); the network's input.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digit_pictures")
        self.drawing = StepPicture("digit_step_drawing")
        self.cut = StepPicture("digit_step_cut")
        self.final = StepPicture("digit_step_input")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addStretch(1)
        for k, step in enumerate((self.drawing, self.cut, self.final)):
            if k:
                arrow = QLabel("→")
                arrow.setStyleSheet("color: #777777")
                arrow.setAlignment(Qt.AlignmentFlag.AlignCenter)
                arrow.setFixedHeight(SIDE)
                layout.addWidget(arrow, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(step, 0, Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.show_steps(None, (28, 28))

    def show_steps(self, prepared: Preprocessed | None, image_shape: tuple[int, int],
                   drawing: np.ndarray | None = None) -> None:
        """Show the steps of ``prepared`` (None: empty squares with the captions).

        Parameters
        ----------
        prepared : Preprocessed or None
        image_shape : (rows, cols)
            The network's input picture, (28, 28) or (8, 8).
        drawing : ndarray, optional
            The whole drawing the steps start from (its side is in the caption).
        """
        rows, cols = image_shape
        empty = prepared is None or prepared.empty
        if not empty:
            caption = tr("drawing,\nink in the box")
        elif drawing is None:
            caption = tr_in("picture", "drawing")
        else:
            caption = tr("drawing {rows}×{cols}").format(rows=drawing.shape[0], cols=drawing.shape[1])
        self.drawing.set_picture(drawing, caption,
                                 smooth=True, box=None if empty else prepared.bbox)
        if (rows, cols) == (28, 28):
            if empty:
                self.cut.set_picture(None, tr("cut to the ink,\n{MNIST_BOX}×{MNIST_BOX} box").format(MNIST_BOX=MNIST_BOX))
            else:
                h, w = prepared.scaled.shape
                self.cut.set_picture(prepared.scaled, tr("cut to the ink,\n{h}×{w}").format(h=h, w=w), frame=(MNIST_BOX, MNIST_BOX))
            self.final.set_picture(None if empty else prepared.final, tr("upright, centred:\ninput {rows}×{cols}").format(rows=rows, cols=cols))
        else:
            self.cut.set_picture(None if empty else prepared.bitmap.astype(np.float64), tr("black and white\n32×32"))
            self.final.set_picture(None if empty else prepared.final, tr("input {rows}×{cols},\nink per 4×4 block").format(rows=rows, cols=cols))
