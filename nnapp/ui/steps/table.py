"""The list of steps of the step-through panel: one row per computation.

:class:`StepsTableModel` shows a :class:`~nnapp.model.stepping.Stepper`'s
steps as table rows (#, formula, numbers, result, the gradient check's
estimate when it is on, and for a mini-batch the sample each step is about);
the # cell has the colour of the step's phase. Rows are made when the view
asks for them, so the 205,000 steps of a 784-128-10 network cost only the
rows on screen.
Rows after the current step are grey: not computed yet.
:class:`StepsTable` is the view, with fixed row heights. The result and
central-difference columns are as wide as their widest value (measured over
every row of a small trace, and over the rows in sight of a large one);
formula and numbers share the rest and elide, their whole text in the
tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from nnapp.engine.steps import PHASE_TITLES, Step, fmt
from nnapp.model.stepping import Stepper
from nnapp.text import tr, tr_in

PHASE_COLORS = {
    "forward": QColor("#e3f0fb"),
    "loss": QColor("#fdecd9"),
    "backward": QColor("#f6e1ef"),
    "update": QColor("#e2f3e4"),
}
"""Background of the # cell, per phase."""

FUTURE = QColor("#8a8f96")
"""Text of the steps not reached yet."""

COLUMNS = ["#", "formula", "numbers", "result", "check", "sample"]
NUMBER, FORMULA, NUMBERS, RESULT, NUMERIC, SAMPLE = range(6)
"""Column numbers; the sample column is drawn second (after #), and only for a mini-batch."""


def column_title(col: int) -> str:
    """The heading of column ``col``, as the table shows it."""
    return ("#", tr_in("steps column", "formula"), tr_in("steps column", "numbers"),
            tr_in("steps column", "result"), tr_in("steps column", "check"),
            tr_in("steps column", "sample"))[col]

MEASURE_ALL_ROWS = 5000
"""Traces up to this many steps have every row measured for the width of
the result columns; larger ones only the rows in sight (and more as they
come into sight)."""

CELL_MARGIN = 16
"""Room beside a cell's text (the view's padding and the focus frame)."""

MIN_TEXT_COLUMN = 48
"""The smallest width of formula and numbers (the rest scrolls sideways)."""

BATCH_CELL = "batch"
"""The sample cell of a step about the whole mini-batch (in English; the table shows
it in the program's language)."""


def result_text(step: Step, decimals: int) -> str:
    """The result column: "0.0215"; an update "w1 = 0.998"; "(frozen)" where it applies."""
    text = step.named_result_at(decimals)
    return tr("{value} (frozen)").format(value=text) if step.frozen else text


class StepsTableModel(QAbstractTableModel):
    """Rows of a stepper's steps (see the module docstring)."""

    def __init__(self, stepper: Stepper, parent=None) -> None:
        super().__init__(parent)
        self.stepper = stepper
        self.decimals = 4
        self.gradcheck = False
        self._rows = 0
        self._position: int | None = None
        font = QFont("DejaVu Sans")
        self._font = font

    # --- changes from the panel ------------------------------------------------------

    def reload(self) -> None:
        """The stepper has new steps."""
        self.beginResetModel()
        self._rows = len(self.stepper)
        self._position = self.stepper.position
        self.endResetModel()

    def set_decimals(self, decimals: int) -> None:
        self.decimals = int(decimals)
        self._all_changed()

    def set_gradcheck(self, on: bool) -> None:
        self.gradcheck = bool(on)
        self._all_changed()

    def set_position(self, position: int | None) -> None:
        """Grey the rows after ``position`` (only the rows that change)."""
        old, self._position = self._position, position
        if old == position or not self._rows:
            return
        lo = 0 if old is None or position is None else min(old, position)
        hi = self._rows - 1 if old is None or position is None else max(old, position)
        self.dataChanged.emit(self.index(lo, 0), self.index(hi, len(COLUMNS) - 1),
                              [Qt.ItemDataRole.ForegroundRole])

    def _all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, len(COLUMNS) - 1))

    # --- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return column_title(section)
            if role == Qt.ItemDataRole.ToolTipRole and section == NUMERIC:
                return tr("The gradient check: (L(p + h) − L(p − h)) / 2h, computed apart from backprop")
            if role == Qt.ItemDataRole.ToolTipRole and section == NUMBER:
                return tr("Blue: forward pass, orange: loss, pink: backward pass, green: update")
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._rows:
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._position is None or row > self._position:
                return FUTURE
            return None
        if role == Qt.ItemDataRole.BackgroundRole and col == NUMBER:
            return PHASE_COLORS[self.stepper.steps.phase_of(row)]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (NUMBER, RESULT, NUMERIC):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def cell(self, row: int, col: int) -> str:
        """The text of one cell, as the table shows it."""
        if col == NUMBER:
            return str(row + 1)
        step = self.stepper.steps[row]
        if col == FORMULA:
            return step.formula
        if col == NUMBERS:
            return step.numbers_at(self.decimals)
        if col == RESULT:
            return result_text(step, self.decimals)
        if col == NUMERIC and self.gradcheck:
            estimate = self.stepper.numeric_gradient(step)
            return "" if estimate is None else fmt(estimate, self.decimals)
        if col == SAMPLE and self.stepper.in_batch:
            trace = self.stepper.trace
            if step.sample is None:
                return tr_in("steps sample", "batch")
            return trace.labels[step.sample] if hasattr(trace, "labels") else ""
        return ""

    def tooltip(self, row: int) -> str:
        step = self.stepper.steps[row]
        head = f"{row + 1}. {tr(PHASE_TITLES[step.phase])}"
        sample = self.cell(row, SAMPLE) if step.sample is not None else ""
        if sample:
            head += f" · {sample}"
        lines = [head, step.formula]
        numbers = step.numbers_at(self.decimals)
        if numbers:
            lines.append(numbers)
        lines.append(f"= {step.result_at(self.decimals)}")
        if step.note:
            lines.append(f"({step.note})")
        return "\n".join(lines)


class StepsTable(QTableView):
    """The view of a :class:`StepsTableModel`: one line per step, fixed
    heights; the result columns fit their widest value, formula and numbers
    share the rest."""

    def __init__(self, model: StepsTableModel, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("steps_list")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setAlternatingRowColors(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFont(QFont("DejaVu Sans", 10))
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.horizontalHeader()
        hh.setMinimumSectionSize(24)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(False)
        hh.setHighlightSections(False)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for col in (NUMBER, RESULT, NUMERIC, SAMPLE):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.setColumnWidth(col, self._header_width(col))
        for col in (FORMULA, NUMBERS):
            hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        hh.moveSection(hh.visualIndex(SAMPLE), 1)
        self.setColumnHidden(NUMERIC, True)
        self.setColumnHidden(SAMPLE, True)
        self._measured = 0
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_in_sight)
        model.modelReset.connect(self.fit_columns)
        model.dataChanged.connect(self._on_data_changed)
        self.verticalScrollBar().valueChanged.connect(lambda _: self._fit_timer.start())

    def show_numeric(self, on: bool) -> None:
        self.setColumnHidden(NUMERIC, not on)
        self.fit_columns()

    def show_samples(self, on: bool) -> None:
        """The sample column: for a mini-batch."""
        if self.isColumnHidden(SAMPLE) == on:
            self.setColumnHidden(SAMPLE, not on)

    # --- widths -------------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Measure the columns again: every row of a small trace, the rows in
        sight of a large one."""
        model = self.model()
        rows = model.rowCount()
        everything = range(rows) if rows <= MEASURE_ALL_ROWS else self._rows_in_sight()
        self._measured = rows
        widths = {col: self._header_width(col) for col in (NUMBER, RESULT, NUMERIC, SAMPLE)}
        widths[NUMBER] = max(widths[NUMBER], self._text_width(f"{max(rows, 1):,}".replace(",", "0")))
        self._widen(widths, everything)
        for col, width in widths.items():
            self.setColumnWidth(col, width)
        self._keep_text_room()

    def _on_data_changed(self, top, bottom, roles=()) -> None:
        if roles and Qt.ItemDataRole.DisplayRole not in roles:
            return
        if top.row() == 0 and bottom.row() >= self.model().rowCount() - 1:
            self.fit_columns()  # decimals or the gradient check: everything changed
        else:
            self._fit_timer.start()

    def _fit_in_sight(self) -> None:
        """Widen (never narrow) the result columns for the rows now in sight."""
        widths = {col: self.columnWidth(col) for col in (RESULT, NUMERIC, SAMPLE)}
        before = dict(widths)
        self._widen(widths, self._rows_in_sight())
        for col, width in widths.items():
            if width != before[col]:
                self.setColumnWidth(col, width)

    def _widen(self, widths: dict, rows) -> None:
        model = self.model()
        columns = [col for col in (RESULT, NUMERIC, SAMPLE) if not self.isColumnHidden(col)]
        for row in rows:
            for col in columns:
                text = model.cell(row, col)
                if text:
                    widths[col] = max(widths[col], self._text_width(text))

    def _rows_in_sight(self) -> range:
        rows = self.model().rowCount()
        if not rows:
            return range(0)
        first = max(0, self.rowAt(0))
        last = self.rowAt(self.viewport().height() - 1)
        last = rows - 1 if last < 0 else last
        # a screenful more either way, so a small scroll finds its widths ready
        step = max(1, last - first + 1)
        return range(max(0, first - step), min(rows, last + step + 1))

    def _text_width(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text) + CELL_MARGIN

    def _header_width(self, col: int) -> int:
        header = self.horizontalHeader()
        return header.fontMetrics().horizontalAdvance(column_title(col)) + CELL_MARGIN + 8

    def _keep_text_room(self) -> None:
        """Formula and numbers share what the other columns leave; below a
        readable width each, they keep it and the list scrolls sideways."""
        hh = self.horizontalHeader()
        fixed = sum(self.columnWidth(col) for col in (NUMBER, RESULT, NUMERIC, SAMPLE)
                    if not self.isColumnHidden(col))
        room = self.viewport().width() - fixed
        mode = (QHeaderView.ResizeMode.Stretch if room >= 2 * MIN_TEXT_COLUMN
                else QHeaderView.ResizeMode.Interactive)
        for col in (FORMULA, NUMBERS):
            if hh.sectionResizeMode(col) != mode:
                hh.setSectionResizeMode(col, mode)
            if mode == QHeaderView.ResizeMode.Interactive:
                hh.resizeSection(col, MIN_TEXT_COLUMN)

    # --- Qt ------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._keep_text_room()
