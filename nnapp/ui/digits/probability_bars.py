"""The network's answer for a drawing: ten bars and the digit it reads.

A pyqtgraph bar chart, digits 0…9 along the bottom, 0…1 up the side, made
once and updated with ``setOpts``; the bar of the top digit is coloured
apart from the others. Beside it, the answer
(:func:`~nnapp.model.digits.answer_for` decides it): when the network is
sure, the digit, large, and how sure it is; when it is not, the digits it
hesitates between ("6 or 5?"), smaller and in amber, with "not sure" and
their scores under them, so that a student sees at a glance that the
network hesitates. The answer keeps one size either way, so nothing moves
while a digit is drawn. An empty drawing shows ten empty bars and no answer.

Outline bars (``set_previous``) show the scores before the network was
changed (a training step on this drawing), so the eye sees which way every
bar moved.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from nnapp.model.digits import MOST_NAMED, NAME_AT, SURE_AT, DigitAnswer, answer_for
from nnapp.text import tr

N = 10
BAR = "#9ecae1"
WINNER = "#08519c"
UNSURE = "#b35806"
"""Amber: the colour of an answer the network is not sure of."""
GHOST = "#e6550d"
INK = "#333333"
WIDTH = 0.72
ANSWER_WIDTH = 86
"""Pixels of the column beside the plot that shows the digit read."""
SURE_SCALE = 4.2
"""The sure digit's font, in times the normal font."""
UNSURE_SCALES = (2.2, 2.0, 1.8, 1.6, 1.4, 1.2)
"""Sizes tried for "6, 5 or 8?", in times the normal font: the largest that fits the answer column."""
NOTE_SCALE = 0.85
"""The lines under an unsure answer ("not sure:", "6: 48 %" …), in times the normal font."""


class _Plot(pg.PlotWidget):
    """A plot that asks for a modest size (pyqtgraph's default asks for 640×480)."""

    def sizeHint(self) -> QSize:
        return QSize(240, 150)


class ProbabilityBars(QWidget):
    """Ten bars for the ten digits, and the answer: the digit read, large, or the digits it hesitates between.

    Attributes
    ----------
    bars : pyqtgraph.BarGraphItem
        The current scores.
    ghost : pyqtgraph.BarGraphItem
        The scores before the last change of the network (outline only;
        hidden unless :meth:`set_previous` was given some).
    answer : DigitAnswer
        What the scores shown answer (:func:`~nnapp.model.digits.answer_for`).
    digit_label, confidence_label : QLabel
        The answer's text ("6", "6 or 5?"; "" for none), and under it how
        sure the network is ("93 % sure"), or "not sure:" and the scores of
        the digits named.
    answer_box : QWidget
        The column that holds the two labels; one size whatever it shows.
    scores : ndarray, shape (10,)
        What the bars show.
    digit : int or None
        The digit with the highest score; None for an empty drawing.
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

        self.answer = DigitAnswer()
        self.digit_label = QLabel("")
        self.digit_label.setObjectName("digit_read")
        self.digit_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confidence_label = QLabel("")
        self.confidence_label.setObjectName("digit_confidence")
        self.confidence_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._fonts = _AnswerFonts(self.digit_label.font())
        self._style: bool | None = None  # the style shown: sure (True), not sure (False), none yet

        # one fixed size for every answer, so that the plot beside it keeps its width and height
        self.answer_box = QWidget()
        self.answer_box.setObjectName("digit_answer")
        self.answer_box.setFixedSize(ANSWER_WIDTH, self._fonts.height)
        self.answer_box.setToolTip(
            tr("One digit, large: the network gives it at least {sure_at}.\nBelow that it is not sure, and names the digits it hesitates between (those with at least {named_at}).").format(sure_at=_percent(SURE_AT), named_at=_percent(NAME_AT)))
        answer = QVBoxLayout(self.answer_box)
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
        layout.addWidget(self.answer_box, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._axis_label = ""
        self.set_scores(None)

    def set_scores(self, scores: np.ndarray | None, is_probability: bool = True) -> None:
        """Show ``scores`` (shape (10,), 0…1); None or all zeros: an empty drawing, no digit.

        The answer beside the bars is :func:`~nnapp.model.digits.answer_for`
        of the same scores: the digit when the network is sure, the digits it
        hesitates between when it is not.
        """
        self._set_axis_label(is_probability)
        self.answer = answer_for(scores, is_probability)
        if self.answer.empty:
            self.scores = np.zeros(N)
            self.digit = None
            self.bars.setOpts(height=self.scores, brushes=[BAR] * N)
            self.digit_label.setText("")
            self.confidence_label.setText("")
            return
        self.scores = np.clip(np.asarray(scores, dtype=np.float64), 0.0, 1.0)
        self.digit = self.answer.candidates[0]
        brushes = [BAR] * N
        brushes[self.digit] = WINNER
        self.bars.setOpts(height=self.scores, brushes=brushes)
        self._show_style(self.answer.sure)
        self.digit_label.setText(self.answer.text)
        self.confidence_label.setText(_note(self.answer))

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

    def _show_style(self, sure: bool) -> None:
        """Large and blue for a sure digit; smaller and amber, with small notes, when not sure."""
        if sure == self._style:
            return
        self._style = sure
        fonts = self._fonts
        self.digit_label.setFont(fonts.sure if sure else fonts.unsure)
        self.confidence_label.setFont(fonts.normal if sure else fonts.note)
        self.digit_label.setStyleSheet(f"color: {WINNER if sure else UNSURE}")
        self.confidence_label.setStyleSheet("" if sure else f"color: {UNSURE}")

    def _set_axis_label(self, is_probability: bool) -> None:
        kind = "probability" if is_probability else "output"
        if kind != self._axis_label:
            self._axis_label = kind
            self.plot.setToolTip(tr("The network's probability for every digit") if is_probability
                                 else tr("The network's output for every digit"))


class _AnswerFonts:
    """The fonts of the answer, and the height of the column that holds it.

    The column is as high as a sure answer (the large digit over one line);
    an unsure answer gets the largest of :data:`UNSURE_SCALES` with which
    the longest answer ("8, 8 or 8?") fits its width and, with its
    1 + :data:`MOST_NAMED` lines of notes, its height.
    """

    def __init__(self, normal: QFont) -> None:
        self.normal = QFont(normal)
        self.sure = _scaled(normal, SURE_SCALE, bold=True)
        self.note = _scaled(normal, NOTE_SCALE)
        self.height = QFontMetrics(self.sure).height() + QFontMetrics(self.normal).height() + 2
        notes = (1 + MOST_NAMED) * QFontMetrics(self.note).lineSpacing()
        longest = DigitAnswer((8,) * MOST_NAMED, (0.0,) * MOST_NAMED).text  # "8, 8 or 8?"
        for scale in UNSURE_SCALES:
            self.unsure = _scaled(normal, scale, bold=True)
            metrics = QFontMetrics(self.unsure)
            if metrics.horizontalAdvance(longest) <= ANSWER_WIDTH - 4 and metrics.height() + notes <= self.height:
                break


def _scaled(font: QFont, scale: float, bold: bool = False) -> QFont:
    out = QFont(font)
    out.setPointSizeF(font.pointSizeF() * scale)
    out.setBold(bold)
    return out


def _note(answer: DigitAnswer) -> str:
    """The line under the answer: "93 % sure" (or "output 0.95"); when not sure, "not sure:" and every
    candidate's score, one a line ("6: 48 %")."""
    if answer.sure:
        return _confidence(answer.scores[0], answer.is_probability)
    lines = [f"{k}: {_percent(v) if answer.is_probability else f'{v:.2f}'}"
             for k, v in zip(answer.candidates, answer.scores)]
    return "\n".join([tr("not sure:")] + lines)


def _percent(value: float) -> str:
    """``value`` (0…1) as a percentage a person reads: "48 %", "99.5 %", "< 1 %", "> 99.9 %"."""
    percent = value * 100
    if percent < 1:
        return "< 1 %"
    if percent >= 99.95:
        return "> 99.9 %"
    if percent > 99:
        return f"{percent:.1f} %"
    return f"{percent:.0f} %"


def _confidence(value: float, is_probability: bool) -> str:
    if is_probability:
        return tr("{percent} sure").format(percent=_percent(value))
    return tr("output {value:.2f}").format(value=value)
