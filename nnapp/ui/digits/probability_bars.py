"""The network's answer for a drawing: ten bars and the digit it reads.

A pyqtgraph bar chart, digits 0…9 along the bottom, 0…1 up the side, made
once and updated with ``setOpts``; the bar of the digit read is coloured
apart from the others. Beside it, large, the digit and how sure the network
is. An empty drawing shows ten empty bars and no digit.

Outline bars (``set_previous``) show the scores before the network was
changed (a training step on this drawing), so the eye sees which way every
bar moved.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

N = 10
BAR = "#9ecae1"
WINNER = "#08519c"
GHOST = "#e6550d"
INK = "#333333"
WIDTH = 0.72
ANSWER_WIDTH = 86
"""Pixels of the column beside the plot that shows the digit read."""


class _Plot(pg.PlotWidget):
    """A plot that asks for a modest size (pyqtgraph's default asks for 640×480)."""

    def sizeHint(self) -> QSize:
        return QSize(240, 150)


class ProbabilityBars(QWidget):
    """Ten bars for the ten digits, and the digit read, large.

    Attributes
    ----------
    bars : pyqtgraph.BarGraphItem
        The current scores.
    ghost : pyqtgraph.BarGraphItem
        The scores before the last change of the network (outline only;
        hidden unless :meth:`set_previous` was given some).
    digit_label, confidence_label : QLabel
        The digit read ("" for none) and its score in words.
    scores : ndarray, shape (10,)
        What the bars show.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probability_bars")
        self.scores = np.zeros(N)
        self.digit: int | None = None

        self.plot = _Plot(background="w")
        self.plot.setObjectName("probability_plot")
        self.plot.setMinimumSize(180, 90)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.vb.setMouseEnabled(x=False, y=False)
        item.setXRange(-0.6, N - 0.4, padding=0)
        item.setYRange(-0.03, 1.08, padding=0)
        for level in (0.5, 1.0):  # light lines instead of the axis grid, which would hide the labels 0 and 1
            item.addItem(pg.InfiniteLine(pos=level, angle=0, movable=False, pen=pg.mkPen("#e2e2e2", width=1)))
        bottom, left = item.getAxis("bottom"), item.getAxis("left")
        bottom.setTicks([[(k, str(k)) for k in range(N)]])
        left.setTicks([[(0, "0"), (0.5, "0.5"), (1, "1")]])
        left.setWidth(26)
        for axis in (bottom, left):
            axis.setPen(INK)
            axis.setTextPen(INK)
        x = np.arange(N, dtype=float)
        self.bars = pg.BarGraphItem(x=x, height=np.zeros(N), width=WIDTH, brushes=[BAR] * N, pen=None)
        self._ghost_pen = pg.mkPen(GHOST, width=1.5, style=Qt.PenStyle.DashLine)
        self.ghost = pg.BarGraphItem(x=x, height=np.zeros(N), width=WIDTH, brush=None, pen=self._ghost_pen)
        self.ghost.setZValue(1)
        self.ghost.setVisible(False)
        item.addItem(self.bars)
        item.addItem(self.ghost)

        self.digit_label = QLabel("")
        self.digit_label.setObjectName("digit_read")
        font = QFont(self.digit_label.font())
        font.setPointSizeF(font.pointSizeF() * 4.2)
        font.setBold(True)
        self.digit_label.setFont(font)
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.digit_label.setStyleSheet(f"color: {WINNER}")
        self.digit_label.setFixedWidth(ANSWER_WIDTH)  # the plot keeps its width whether a digit shows or not
        self.confidence_label = QLabel("")
        self.confidence_label.setObjectName("digit_confidence")
        self.confidence_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.confidence_label.setFixedWidth(ANSWER_WIDTH)

        answer = QVBoxLayout()
        answer.setContentsMargins(0, 0, 0, 0)
        answer.setSpacing(0)
        answer.addStretch(1)
        answer.addWidget(self.digit_label)
        answer.addWidget(self.confidence_label)
        answer.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.plot, 1)
        layout.addLayout(answer)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._axis_label = ""
        self.set_scores(None)

    def set_scores(self, scores: np.ndarray | None, is_probability: bool = True) -> None:
        """Show ``scores`` (shape (10,), 0…1); None or all zeros: an empty drawing, no digit."""
        if scores is None or not np.any(scores):
            self.scores = np.zeros(N)
            self.digit = None
            self.bars.setOpts(height=self.scores, brushes=[BAR] * N)
            self.digit_label.setText("")
            self.confidence_label.setText("")
            self._set_axis_label(is_probability)
            return
        self.scores = np.clip(np.asarray(scores, dtype=np.float64), 0.0, 1.0)
        self.digit = int(np.argmax(self.scores))
        brushes = [BAR] * N
        brushes[self.digit] = WINNER
        self.bars.setOpts(height=self.scores, brushes=brushes)
        self.digit_label.setText(str(self.digit))
        self.confidence_label.setText(_confidence(self.scores[self.digit], is_probability))
        self._set_axis_label(is_probability)

    def set_previous(self, scores: np.ndarray | None) -> None:
        """Outline ``scores`` (shape (10,)) behind the bars; None hides the outline."""
        if scores is None:
            self.ghost.setVisible(False)
            return
        heights = np.clip(np.asarray(scores, dtype=np.float64), 0.0, 1.0)
        # an outline of height 0 would only be a dashed line along the axis
        pens = [self._ghost_pen if h >= 0.005 else pg.mkPen(None) for h in heights]
        self.ghost.setOpts(height=heights, pens=pens)
        self.ghost.setVisible(True)

    def has_previous(self) -> bool:
        return self.ghost.isVisible()

    def _set_axis_label(self, is_probability: bool) -> None:
        text = "probability" if is_probability else "output"
        if text != self._axis_label:
            self._axis_label = text
            self.plot.setToolTip(f"The network's {text} for every digit")


def _confidence(value: float, is_probability: bool) -> str:
    if is_probability:
        percent = value * 100
        if percent < 1:
            shown = "< 1 %"
        elif percent >= 99.95:
            shown = "> 99.9 %"
        elif percent > 99:
            shown = f"{percent:.1f} %"
        else:
            shown = f"{percent:.0f} %"
        return f"{shown} sure"
    return f"output {value:.2f}"
