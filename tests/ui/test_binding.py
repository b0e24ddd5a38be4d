"""The Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 drops a reference to ``None`` each time a method returning
nothing (``QPainter.drawLine``, ``QWidget.resize`` …) is called. On Python
3.11, where ``None`` is an ordinary object, a window then dies with "Fatal
Python error: none_dealloc" after a few thousand paints. pyproject.toml keeps
that version away; this test tells if it ever comes back.
"""

import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_none_alive(qtbot):
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(200):
        painter.drawLine(QPointF(0, 0), QPointF(4, 4))
        label.resize(10, 10)
    painter.end()
    assert sys.getrefcount(None) >= before - 50
