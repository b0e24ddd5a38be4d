"""Gradient descent on a function of one variable, in a lesson: the curve, a
run's points and the path between them, the start, η and the precision.

The tutorial shows gradient descent on f(x) = x⁴ − 3x³ + 2 before it uses it
on a network: start at x₀ and repeat x ← x − η·f′(x) until a step moves x by
no more than the precision. The student types x₀, η and the precision
(a decimal comma or point: :func:`~nnapp.ui.numbers.parse_number`; a number
that cannot be used gets its message beside its field) and presses Run; the
run is :func:`nnapp.engine.descent.descend`, instant (its steps are
capped), and the plot shows every x it met on the curve, joined in order.
A run that diverged shows its points up to the step that escaped, and the
line under the plot says so.

The plot's items are made once and given new data (``setData``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from nnapp.engine.descent import DIVERGED_BEYOND, DescentRun, descend, get_function
from nnapp.model.lessons import DescentStart
from nnapp.text import decimal, grouped_number, plural, sentence, tr, tr_in

from ..fields import ERROR_STYLE, mark_invalid
from ..numbers import format_number, parse_number

CURVE_POINTS = 400
"""Points of the function's curve."""

CURVE = "#2166ac"
PATH = "#e6550d"
INK = "#333333"
PLOT_HEIGHT = 210


class DescentPanel(QWidget):
    """The gradient-descent controls and plot of a lesson.

    Signals
    -------
    ran(DescentRun)
        A run was made (Run pressed with numbers that can be used).

    Attributes
    ----------
    run : DescentRun or None
        The last run shown.
    """

    ran = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_descent")
        self.start = DescentStart()
        self.run: DescentRun | None = None

        self.formula = QLabel()
        self.formula.setObjectName("descent_formula")
        self.formula.setWordWrap(True)

        self.plot = pg.PlotWidget()
        self.plot.setObjectName("descent_plot")
        self.plot.setBackground("w")
        self.plot.setMinimumHeight(PLOT_HEIGHT)
        self.plot.setMaximumHeight(PLOT_HEIGHT + 60)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.showGrid(x=True, y=True, alpha=0.12)
        item.setLabel("bottom", "x", color=INK)
        item.setLabel("left", "f(x)", color=INK)
        self.curve = item.plot(pen=pg.mkPen(CURVE, width=2), antialias=True)
        self.path = item.plot(pen=pg.mkPen(PATH, width=1, style=Qt.PenStyle.DashLine), antialias=True)
        self.points = pg.ScatterPlotItem(size=5, pen=pg.mkPen(PATH), brush=pg.mkBrush(PATH))
        item.addItem(self.points)
        self.first = pg.ScatterPlotItem(size=11, pen=pg.mkPen(PATH, width=2), brush=pg.mkBrush("w"))
        item.addItem(self.first)

        self.x0_edit = self._field("descent_x0", tr("The start x₀ of the descent"))
        self.rate_edit = self._field("descent_rate", tr("The learning rate η: each step is x ← x − η·f′(x)"))
        self.precision_edit = self._field("descent_precision",
                                          tr("The descent stops when a step moves x by no more than this"))
        self.fields = {
            "x0": (self.x0_edit, tr_in("number field", "start x₀")),
            "learning_rate": (self.rate_edit, tr_in("number field", "learning rate")),
            "precision": (self.precision_edit, tr_in("number field", "precision")),
        }
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        titles = {"x0": tr("Start x₀"), "learning_rate": tr("Learning rate η"), "precision": tr("Precision")}
        for row, (key, (edit, _what)) in enumerate(self.fields.items()):
            label = QLabel(titles[key])
            label.setBuddy(edit)
            error = QLabel()
            error.setObjectName(f"{edit.objectName()}_error")
            error.setWordWrap(True)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            self.errors[key] = error
            grid.addWidget(label, 2 * row, 0)
            grid.addWidget(edit, 2 * row, 1)
            grid.addWidget(error, 2 * row + 1, 0, 1, 3)
        grid.setColumnStretch(2, 1)

        self.run_button = QPushButton(tr("Run"))
        self.run_button.setObjectName("descent_run")
        self.run_button.setToolTip(tr("Run gradient descent from x₀ with this η until a step is smaller than "
                                      "the precision"))
        self.run_button.clicked.connect(lambda checked=False: self.run_descent())
        grid.addWidget(self.run_button, 0, 2, Qt.AlignmentFlag.AlignRight)

        self.result = QLabel()
        self.result.setObjectName("descent_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.formula)
        layout.addWidget(self.plot)
        layout.addLayout(grid)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.result, 1)
        layout.addLayout(row)
        self.set_start(self.start)

    def _field(self, name: str, tip: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setToolTip(tip)
        edit.setMaximumWidth(110)
        edit.returnPressed.connect(self.run_descent)
        return edit

    # --- public ---------------------------------------------------------------------------

    def set_start(self, start: DescentStart) -> None:
        """Start again from ``start``: its numbers in the fields, its function's
        curve, no run."""
        self.start = start
        fn = get_function(start.function)
        self.formula.setText(f"{fn.formula}    {fn.derivative_formula}")
        self.x0_edit.setText(_editable(start.x0))
        self.rate_edit.setText(_editable(start.learning_rate))
        self.precision_edit.setText(_editable(start.precision))
        for key in self.fields:
            self._show_error(key, "")
        self.show_run(None)

    def run_descent(self) -> DescentRun | None:
        """Run with the numbers in the fields and show the run; None (and a
        message beside each field that cannot be used) when they cannot."""
        values = {}
        for key in self.fields:
            values[key] = self._read(key)
        if any(v is None for v in values.values()):
            return None
        run = descend(self.start.function, values["x0"], values["learning_rate"], values["precision"],
                      max_steps=self.start.max_steps)
        self.show_run(run)
        self.ran.emit(run)
        return run

    def show_run(self, run: DescentRun | None) -> None:
        """The curve and ``run``'s points (None: the curve alone)."""
        self.run = run
        fn = get_function(self.start.function)
        low, high = fn.view
        low, high = min(low, self.start.x0), max(high, self.start.x0)
        if run is not None and len(run.xs):
            low, high = min(low, float(run.xs.min())), max(high, float(run.xs.max()))
        span = high - low
        x = np.linspace(low - 0.04 * span, high + 0.04 * span, CURVE_POINTS)
        self.curve.setData(x, fn.f(x))
        if run is None:
            self.path.setData([], [])
            self.points.setData([], [])
            self.first.setData([], [])
            self.result.setText("")
        else:
            self.path.setData(run.xs, run.fs)
            self.points.setData(run.xs, run.fs)
            self.first.setData(run.xs[:1], run.fs[:1])
            self.result.setText(result_text(run))
        self.plot.getPlotItem().enableAutoRange()

    # --- inside ---------------------------------------------------------------------------

    def _read(self, key: str) -> float | None:
        edit, what = self.fields[key]
        try:
            value = parse_number(edit.text(), what)
        except ValueError as e:
            self._show_error(key, sentence(str(e)))
            return None
        problem = ""
        if key == "x0" and abs(value) > DIVERGED_BEYOND:
            problem = tr("x₀ must lie between −{bound} and {bound}").format(bound=grouped_number(int(DIVERGED_BEYOND)))
        elif key != "x0" and value <= 0:
            problem = tr("the {what} must be greater than 0").format(what=what)
        self._show_error(key, sentence(problem))
        return None if problem else value

    def _show_error(self, key: str, text: str) -> None:
        edit, _ = self.fields[key]
        error = self.errors[key]
        error.setText(text)
        error.setVisible(bool(text))
        mark_invalid(edit, bool(text))


def result_text(run: DescentRun) -> str:
    """How a run ended, in a sentence: "Converged at x = 2.249965 after 70 steps"."""
    x = format_number(run.x, 6)
    if run.stopped == "converged":
        text = plural(run.steps, "converged at x = {x} after {n} step", "converged at x = {x} after {n} steps")
        return sentence(text.format(x=x, n=run.steps))
    if run.stopped == "diverged":
        escaped = run.escaped if run.escaped is not None else float("nan")
        return sentence(tr("diverged at step {n}: x jumped to {x}, beyond any bound")
                        .format(n=run.steps, x=format_number(escaped, 4)))
    text = plural(run.steps, "no convergence after {n} step: x = {x}", "no convergence after {n} steps: x = {x}")
    return sentence(text.format(x=x, n=run.steps))


def _editable(value: float) -> str:
    """A start value as a person types it: "6", "0.01", "0.00001" (with the language's decimal sign)."""
    return decimal(np.format_float_positional(float(value), trim="-"))


__all__ = ["DescentPanel", "result_text"]
