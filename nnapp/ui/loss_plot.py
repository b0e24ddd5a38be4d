"""The live loss plot that follows training (a pyqtgraph plot in a widget).

:class:`LossPlot` takes the :class:`~nnapp.engine.training.Progress` reports
of a training run and draws the loss of every batch (thin, grey), the
training loss of every epoch (bold blue), the validation loss (dashed orange)
and, for classification, accuracy on a second y axis on the right (green). A
row above the plot has the log-scale switch and the exports; a label below
reads out the epoch under the mouse.

Every loss is the mean per sample (each row's loss averaged over the rows,
as the trainer reports it), so training and validation share one scale. The
x axis is in the unit the run counts in: epochs when every batch is the
whole training set (one update an epoch), batches (updates so far) when an
epoch has several, with the epoch curves' markers at the ends of epochs.

A setting changed while training ran (:attr:`Progress.changes`) is marked
where it took effect: a vertical line with a short label ("η 0.1 → 0.01",
"optimizer adam", "batch 32", "L2 0.001", "loss cce"); changes that took
effect together share one line.

It is not the training controller: it neither starts nor stops training
and holds no thread. Whoever runs training calls :meth:`LossPlot.add` or
:meth:`LossPlot.add_many` on the GUI thread, as often as reports arrive;
those only append to numpy buffers. A single-shot :class:`QTimer` pushes
the buffers to the plot items about ten times a second, and only when new
data came. Every plot item is created once, here; the batch curve is
downsampled (peak) and clipped to the view, so a million batches stay fluid.

Longer than most modules: it is one widget, :class:`LossPlot`, whose buffers,
plot items, timer, axes and exports all share the state of the plotted run;
the buffers' maths is in ``plot_buffers.py``.
"""

from __future__ import annotations

import time

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QGraphicsSimpleTextItem, QGraphicsView, QHBoxLayout,
                               QLabel, QMessageBox, QSizePolicy, QVBoxLayout, QWidget)

from .plot_numbers import decimal_ticks
from .fields import push_button as _button
from .training.setting_names import setting_name
from .plot_buffers import (BATCH_COLUMNS, EPOCH_COLUMNS, ColumnBuffer, describe_point, finite_points,
                           number_or_nan, write_history_csv, x_column, x_unit)
from nnapp.text import marked, tr, tr_in

HINT = marked("Start training to see the loss here")
LOSS_LABEL = marked("loss (mean per sample)")
LOSS_TIP = (marked("The loss of one sample (one row), averaged over the rows: for sse, ½·Σ(ŷ − y)² of a row; "
            "for mse, bce and cce, that loss of a row. Training and validation losses are on the same "
            "scale, however many rows each set has."))
#: The bottom axis's label and tooltip in each unit of :func:`~.plot_buffers.x_unit`.
X_AXIS = {
    "epoch": ("epoch", marked("Epochs trained. Every batch is the whole training set: one update per epoch.")),
    "batch": ("batch", marked("Batches trained, one update each. The markers on the train and validation curves "
                       "are the ends of epochs.")),
}
READOUT_HINT = marked("Point at the plot to read the values of an epoch")
MARK = "#7b3294"
"""The colour of the lines that mark a setting changed while training ran."""
MARK_TIP = marked("A setting changed here while training ran")


def _short(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def change_label(change) -> str:
    """The short label of one :class:`~nnapp.engine.training.SettingChange`."""
    if change.name == "learning_rate":
        return f"η {_short(change.old)} → {_short(change.new)}"
    if change.name == "batch_size":
        return tr("batch full set") if change.new == 0 else tr("batch {new}").format(new=change.new)
    if change.name == "l2":
        return f"L2 {_short(change.new)}"
    return f"{setting_name(change.name)} {_short(change.new)}"

# Colour-blind-safe (ColorBrewer RdBu / PuOr ends and Dark2 green).
TRAIN = "#2166ac"
VALIDATION = "#e66101"
BATCH = "#b4b4b4"
ACCURACY = "#1b9e77"
INK = "#333333"

#: Epoch curves show markers up to this many epochs (beyond, markers would merge into a band).
MARKERS_UP_TO = 40
REFRESH_MS = 250
"""At most four redraws a second: pyqtgraph's axes take 10–20 ms to paint, and
every millisecond the GUI thread holds Python's GIL is taken from training."""
MAX_REFRESH_MS = 1500
BUSY_FRACTION = 0.08
"""Share of the GUI thread's time the plot may take while training runs
(pushing the data, then painting it: 10–25 ms for a plot the size of the dock)."""


def _pen(color: str, width: float = 1.0, dashed: bool = False):
    style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
    return pg.mkPen(color, width=width, style=style)


class _Graphics(pg.GraphicsLayoutWidget):
    """pyqtgraph's layout widget that remembers how long its last paint took."""

    def __init__(self) -> None:
        super().__init__()
        self.paint_seconds = 0.0

    def paintEvent(self, event) -> None:
        start = time.perf_counter()
        super().paintEvent(event)
        self.paint_seconds = time.perf_counter() - start


def _curve(name: str, color: str, width: float, dashed: bool = False, symbol: str | None = None,
           hollow: bool = False) -> pg.PlotDataItem:
    """A plot item; one with a marker ``symbol`` is an epoch curve (few points, antialiased)."""
    if symbol is None:
        return pg.PlotDataItem(pen=_pen(color, width, dashed), name=name)
    return pg.PlotDataItem(pen=_pen(color, width, dashed), name=name, antialias=True, symbol=symbol,
                           symbolSize=6, symbolPen=color, symbolBrush="w" if hollow else color)


class LossPlot(QWidget):
    """Training and validation loss, and accuracy, against the epoch or the batch.

    Attributes
    ----------
    timer : QTimer
        Single-shot, started by new data while live; it calls :meth:`refresh`.
    plot_item : pyqtgraph.PlotItem
        The loss plot (left axis "loss (mean per sample)", bottom axis "epoch"
        or "batch": see :attr:`x_unit`).
    accuracy_view : pyqtgraph.ViewBox
        The view of the accuracy curves, on the right axis, x linked to the plot.
    batch_curve, epoch_curve, val_curve, accuracy_curve, val_accuracy_curve : PlotDataItem
        The plot items, created once.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loss_plot")
        self._batches = ColumnBuffer(BATCH_COLUMNS, capacity=4096)
        self._epochs = ColumnBuffer(EPOCH_COLUMNS, capacity=64)
        self._dirty = False
        self._live = True
        self._log = False
        self._markers = None
        self._legend_names: tuple[str, ...] = ()
        self._unit = "epoch"
        #: Marks of settings changed while training ran: (step, epoch, label, line).
        self._marks: list[tuple[int, float, str, pg.InfiniteLine]] = []

        self.timer = QTimer(self)
        self.timer.setObjectName("loss_refresh_timer")
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._timer_fired)
        self._paint_timer = QTimer(self)
        self._paint_timer.setSingleShot(True)
        self._paint_timer.setInterval(0)
        self._paint_timer.timeout.connect(self._allow_paint)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addLayout(self._build_toolbar())
        self.graphics = _Graphics()
        self.graphics.setObjectName("loss_graphics")
        self.graphics.setBackground("w")
        self._update_mode = self.graphics.viewportUpdateMode()
        layout.addWidget(self.graphics, 1)
        self.readout = QLabel(tr(READOUT_HINT))
        self.readout.setObjectName("loss_readout")
        self.readout.setStyleSheet("color: #555555")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # a long readout must not widen the dock: it is cut at the right edge instead
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.readout)
        self._build_plot()
        self.clear()

    # ----------------------------------------------------------------- build

    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.log_check = QCheckBox(tr("log scale"))
        self.log_check.setObjectName("loss_log")
        self.log_check.setToolTip(tr("Show the loss on a logarithmic axis (small losses become readable)"))
        self.log_check.toggled.connect(self.set_log_scale)
        self.csv_button = _button(tr("Export CSV…"), "loss_export_csv", self._export_csv_clicked,
                                  tr("Save every point of the plot as a table (step, epoch, losses, accuracy)"))
        self.png_button = _button(tr("Export PNG…"), "loss_export_png", self._export_png_clicked,
                                  tr("Save the plot as a picture"))
        row.addWidget(self.log_check)
        row.addStretch(1)
        row.addWidget(self.csv_button)
        row.addWidget(self.png_button)
        return row

    def _build_plot(self) -> None:
        # Row 0: the legend, outside the data so it never covers a curve.
        self.legend_row = pg.GraphicsWidget()
        self.graphics.addItem(self.legend_row, row=0, col=0)
        self.legend = pg.LegendItem(colCount=3, labelTextColor=INK, labelTextSize="9pt", frame=False)
        self.legend.setParentItem(self.legend_row)
        self.legend.anchor((0.5, 0), (0.5, 0))
        self.legend_row.geometryChanged.connect(self._fit_legend)

        p = self.plot_item = self.graphics.addPlot(row=1, col=0)
        p.setMenuEnabled(enableMenu=False, enableViewBoxMenu=True)  # log scale is ours
        p.showGrid(x=True, y=True, alpha=0.12)
        for name in ("left", "bottom", "right"):
            axis = p.getAxis(name)
            axis.setPen(INK)
            axis.setTextPen(INK)
            decimal_ticks(axis)
            # two levels of ticks and grid lines, not three: as readable, and
            # a third less to lay out and paint at every redraw
            axis.setStyle(maxTickLevel=1)
            axis.enableAutoSIPrefix(False)      # the axes have no units to prefix
        p.setLabel("left", tr(LOSS_LABEL), color=INK)
        p.getAxis("left").setToolTip(tr(LOSS_TIP))
        self._show_unit()

        # Accuracy on the right: a second ViewBox, x linked, as pyqtgraph's
        # MultiplePlotAxes example does. It sits under the plot's own view
        # so the mouse pans and zooms the loss, not it.
        self.accuracy_view = pg.ViewBox(enableMenu=False)
        self.accuracy_view.setMouseEnabled(x=False, y=False)
        self.accuracy_view.setZValue(-100)
        p.scene().addItem(self.accuracy_view)
        p.getAxis("right").linkToView(self.accuracy_view)
        p.getAxis("right").setLabel(tr("accuracy"), color=ACCURACY)
        self.accuracy_view.setXLink(p)
        self.accuracy_view.setYRange(-0.04, 1.04, padding=0)
        self.accuracy_view.disableAutoRange()
        p.vb.sigResized.connect(self._sync_views)

        self.batch_curve = _curve(tr("batch loss"), BATCH, 1)
        self.epoch_curve = _curve(tr("train loss"), TRAIN, 2.5, symbol="o")
        self.val_curve = _curve(tr("validation loss"), VALIDATION, 2, dashed=True, symbol="s")
        self.accuracy_curve = _curve(tr("accuracy"), ACCURACY, 1.5, symbol="d")
        self.val_accuracy_curve = _curve(tr("validation accuracy"), ACCURACY, 1.5, dashed=True, symbol="d",
                                         hollow=True)
        for curve in (self.batch_curve, self.epoch_curve, self.val_curve):
            p.addItem(curve)
        for curve in (self.accuracy_curve, self.val_accuracy_curve):
            self.accuracy_view.addItem(curve)
        # after addItem, which gives an item the PlotItem's own (off) settings
        self.batch_curve.setDownsampling(auto=True, method="peak")
        self.batch_curve.setClipToView(True)
        self._curves = (self.batch_curve, self.epoch_curve, self.val_curve,
                        self.accuracy_curve, self.val_accuracy_curve)
        self._symbols = {curve: curve.opts["symbol"] for curve in self._curves[1:]}

        self.hover_line = pg.InfiniteLine(angle=90, movable=False, pen=_pen("#888888", 1, dashed=True))
        p.addItem(self.hover_line, ignoreBounds=True)
        self.hint = QGraphicsSimpleTextItem(tr(HINT), p.vb)
        self.hint.setBrush(QColor("#777777"))
        font = QFont(self.hint.font())
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.2)
        self.hint.setFont(font)
        self._mouse_proxy = pg.SignalProxy(p.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)
        self._sync_views()

    def _sync_views(self) -> None:
        vb = self.plot_item.vb
        self.accuracy_view.setGeometry(vb.sceneBoundingRect())
        self.accuracy_view.linkedViewChanged(vb, self.accuracy_view.XAxis)
        r = self.hint.boundingRect()
        self.hint.setPos((vb.width() - r.width()) / 2, (vb.height() - r.height()) / 2)

    def _fit_legend(self) -> None:
        """As many legend columns as fit the width; the legend row as high as the legend."""
        if not self._legend_names:
            self.legend_row.setFixedHeight(0)
            return
        width = self.legend_row.size().width()
        for columns in range(len(self._legend_names), 0, -1):
            self.legend.setColumnCount(columns)
            if self.legend.boundingRect().width() <= width:
                break
        self.legend_row.setFixedHeight(self.legend.boundingRect().height())

    # ------------------------------------------------------------------ data

    @property
    def x_unit(self) -> str:
        """The unit of the x axis: "epoch" while every report so far came from
        a full-batch run (one batch an epoch), "batch" once one did not."""
        return self._unit

    def _follow_batches(self, batches_per_epoch: int) -> None:
        """Switch the x axis to batches for a run with several batches an epoch.

        The points keep their rows: :meth:`refresh` takes x from another
        column. Once in batches, the axis stays so until :meth:`clear`.
        """
        if self._unit == "epoch" and x_unit(batches_per_epoch) == "batch":
            self._unit = "batch"
            self._show_unit()
            for step, epoch, _, line in self._marks:
                line.setPos(step)

    def _show_unit(self) -> None:
        label = tr_in("plot axis", "epoch") if self._unit == "epoch" else tr_in("plot axis", "batch")
        tip = tr(X_AXIS[self._unit][1])
        self.plot_item.setLabel("bottom", label, color=INK, units=None)
        self.plot_item.getAxis("bottom").setToolTip(tip)

    def add(self, progress) -> None:
        """Append one :class:`~nnapp.engine.training.Progress`. Draws nothing
        (but a mark for a setting changed)."""
        self._follow_batches(progress.batches)
        self._mark_changes(progress)
        if progress.epoch_finished:
            self._epochs.append((progress.step, progress.epoch, number_or_nan(progress.loss),
                                 number_or_nan(progress.val_loss), number_or_nan(progress.accuracy),
                                 number_or_nan(progress.val_accuracy)))
        else:
            self._batches.append((progress.step, progress.epoch, number_or_nan(progress.loss)))
        self._changed()

    def add_many(self, progresses) -> None:
        """Append a list of Progress reports (as :meth:`add`, in one go)."""
        if progresses:
            self._follow_batches(max(p.batches for p in progresses))
        for p in progresses:
            if p.changes:
                self._mark_changes(p)
        batch_rows = [(p.step, p.epoch, p.loss) for p in progresses if not p.epoch_finished]
        epoch_rows = [(p.step, p.epoch, number_or_nan(p.loss), number_or_nan(p.val_loss),
                       number_or_nan(p.accuracy), number_or_nan(p.val_accuracy))
                      for p in progresses if p.epoch_finished]
        if batch_rows:
            self._batches.extend(batch_rows)
        if epoch_rows:
            self._epochs.extend(epoch_rows)
        if batch_rows or epoch_rows:
            self._changed()

    def clear(self) -> None:
        """Forget all points and show the empty plot with its hint."""
        self._batches.clear()
        self._epochs.clear()
        for *_, line in self._marks:
            self.plot_item.removeItem(line)
        self._marks.clear()
        if self._unit != "epoch":
            self._unit = "epoch"
            self._show_unit()
        self._dirty = False
        self.timer.stop()
        self.hover_line.hide()
        self.readout.setText(tr(READOUT_HINT))
        self.refresh()
        self.plot_item.setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        self.plot_item.enableAutoRange()

    def _mark_changes(self, progress) -> None:
        """A line with a label where the settings listed on ``progress`` took effect."""
        changes = getattr(progress, "changes", ())
        if not changes:
            return
        step, epoch = changes[0].step, changes[0].epoch
        label = ", ".join(change_label(c) for c in changes)
        x = step if self._unit == "batch" else epoch
        # hanging from the top, right of the line; staggered, so the labels of near marks stay apart
        position = (1.0, 0.7, 0.4)[len(self._marks) % 3]
        line = pg.InfiniteLine(pos=x, angle=90, movable=False, pen=_pen(MARK, 1.2, dashed=True), label=label,
                               labelOpts=dict(position=position, color=MARK, fill=(255, 255, 255, 190),
                                              anchors=[(0, 0), (0, 0)]))
        line.setToolTip(tr(MARK_TIP))
        line.setZValue(5)
        self.plot_item.addItem(line, ignoreBounds=True)
        self._marks.append((step, epoch, label, line))

    @property
    def marks(self) -> list[tuple[float, str]]:
        """The marks of settings changed while training ran: (x in the axis's unit, label)."""
        return [(float(line.value()), label) for *_, label, line in self._marks]

    @property
    def n_batch_points(self) -> int:
        """Per-batch reports received."""
        return len(self._batches)

    @property
    def n_epoch_points(self) -> int:
        """Per-epoch reports received."""
        return len(self._epochs)

    def _changed(self) -> None:
        self._dirty = True
        if self._live and not self.timer.isActive():
            self.timer.start()

    def _timer_fired(self) -> None:
        """Push the new points, and wait longer before the next time when the
        last push and paint were slow: the GUI thread should spend at most
        about :data:`BUSY_FRACTION` of its time on the plot while training
        runs.

        The paint waits for the next turn of the event loop (the view does
        not follow the scene's changes until a zero-time timer asks for the
        paint): pushing and painting then each take a turn of their own, and
        the timers and input that came due in between are served between the
        two, not after both. A paint for any other reason (a screenshot, the
        window uncovered) still draws everything, new points included."""
        if not self._dirty:
            return
        start = time.perf_counter()
        self.graphics.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.NoViewportUpdate)
        self.refresh()
        self._paint_timer.start()
        cost = time.perf_counter() - start + self.graphics.paint_seconds
        self.timer.setInterval(int(min(MAX_REFRESH_MS, max(REFRESH_MS, 1000 * cost / BUSY_FRACTION))))

    def _allow_paint(self) -> None:
        self.graphics.setViewportUpdateMode(self._update_mode)
        self.graphics.viewport().update()

    # --------------------------------------------------------------- drawing

    def refresh(self) -> None:
        """Push the buffers to the plot items and fit the ranges to them (the paint follows)."""
        self._dirty = False
        b, e = self._batches, self._epochs
        column = x_column(self._unit)
        steps = e.column(column)
        log = self._log
        self.batch_curve.setData(*finite_points(b.column(column), b.column("loss"), log))
        self.epoch_curve.setData(*finite_points(steps, e.column("loss"), log))
        self.val_curve.setData(*finite_points(steps, e.column("val_loss"), log))
        self.accuracy_curve.setData(*finite_points(steps, e.column("accuracy")))
        self.val_accuracy_curve.setData(*finite_points(steps, e.column("val_accuracy")))

        markers = len(e) <= MARKERS_UP_TO
        if markers != self._markers:
            self._markers = markers
            for curve, symbol in self._symbols.items():
                curve.setSymbol(symbol if markers else None)
        shown = tuple(c.name() for c in self._curves if c.xData is not None and len(c.xData))
        if shown != self._legend_names:
            self._update_legend(shown)
        self.hint.setVisible(not (len(b) or len(e)))
        # Fit the ranges to the new points now: done in the paint (pyqtgraph's
        # way), the new ranges would ask for a second paint straight after.
        self.graphics.scene().prepareForPaint()

    def _update_legend(self, names: tuple[str, ...]) -> None:
        self._legend_names = names
        self.legend.clear()
        for curve in self._curves:
            if curve.name() in names:
                self.legend.addItem(curve, curve.name())
        has_accuracy = self.accuracy_curve.name() in names or self.val_accuracy_curve.name() in names
        self.plot_item.showAxis("right", has_accuracy)
        self._fit_legend()
        # lay out now, not at the next event: a grab() or export right after
        # refresh() must see the new legend and axis in place
        self.legend.layout.activate()
        self._fit_legend()
        self.graphics.ci.layout.activate()
        self.plot_item.layout.activate()

    def set_live(self, live: bool) -> None:
        """Follow new data with the timer (True), or only on :meth:`refresh` (False)."""
        self._live = bool(live)
        if not self._live:
            self.timer.stop()
        elif self._dirty:
            self.timer.start()

    def set_log_scale(self, on: bool) -> None:
        """Show the loss on a log₁₀ axis. Losses ≤ 0 are left out while it is on."""
        on = bool(on)
        if self.log_check.isChecked() != on:
            self.log_check.setChecked(on)  # comes back here through toggled
            return
        self._log = on
        self.plot_item.setLogMode(y=on)
        self.refresh()
        self.plot_item.enableAutoRange()

    # --------------------------------------------------------------- readout

    def _mouse_moved(self, args) -> None:
        pos = args[0]
        vb = self.plot_item.vb
        if not vb.sceneBoundingRect().contains(pos):
            return
        self.show_readout(vb.mapSceneToView(pos).x())

    def show_readout(self, x: float) -> str:
        """Show the values of the epoch whose end is nearest to ``x`` (in the
        unit of the x axis; the nearest batch before the first epoch ends);
        returns the text."""
        found = describe_point(self._batches, self._epochs, x, self._unit)
        if found is None:
            return self.readout.text()
        text, x = found
        self.readout.setText(text)
        self.readout.setToolTip(text)
        self.hover_line.setPos(x)
        self.hover_line.show()
        return text

    # ---------------------------------------------------------------- export

    def export_csv(self, path) -> None:
        """Write every point as CSV: step, epoch, kind, loss, val_loss,
        accuracy, val_accuracy (blank where missing)."""
        write_history_csv(path, self._batches, self._epochs)

    def export_png(self, path) -> None:
        """Save the plot with its legend and axes as a PNG picture, as on screen."""
        self.refresh()
        hover = self.hover_line.isVisible()
        self.hover_line.hide()
        try:
            if not self.graphics.grab().save(str(path), "PNG"):
                raise OSError(tr("could not write the picture {path}").format(path=path))
        finally:
            self.hover_line.setVisible(hover)

    def choose_path(self, caption: str, suffix: str, filter_: str) -> str:
        """Ask for a file to save to ("" if cancelled); tests replace this."""
        path, _ = QFileDialog.getSaveFileName(self, caption, "loss" + suffix, filter_)
        if path and not Path(path).suffix:
            path += suffix
        return path

    def _export_csv_clicked(self) -> None:
        path = self.choose_path(tr("Export loss as CSV"), ".csv", tr("CSV files (*.csv)"))
        if path:
            self._export(self.export_csv, path)

    def _export_png_clicked(self) -> None:
        path = self.choose_path(tr("Export loss plot as PNG"), ".png", tr("PNG images (*.png)"))
        if path:
            self._export(self.export_png, path)

    def _export(self, write, path: str) -> None:
        try:
            write(path)
        except OSError as err:
            QMessageBox.warning(self, tr("Export failed"), tr("Could not write {path}:\n{value}").format(path=path, value=err.strerror or err))
