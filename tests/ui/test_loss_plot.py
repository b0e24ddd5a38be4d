"""The live loss plot: reports go into buffers, a timer draws them.

The runs are synthetic Progress reports, as the training loop yields them
with ``report="batch"``: 3 epochs of 10 batches, so the steps are 1..30 and
epoch e ends at step 10·e with a batch report and then an epoch report at
the same step. Batch loss at step s is 1/s; the epoch's loss is 1/(10·e)
(not the mean of its batches: only the plot is under test here).
"""

import csv
import math
import time

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QGraphicsView, QPushButton

from nnapp.engine.training import Progress
from nnapp.ui.loss_plot import HINT, MARKERS_UP_TO, READOUT_HINT, LossPlot

from .helpers import find


def reports(epochs=3, batches=10, classification=True, validation=True):
    """Batch and epoch reports of a synthetic run, in the order training yields them."""
    out = []
    step = 0
    for e in range(1, epochs + 1):
        for b in range(1, batches + 1):
            step += 1
            out.append(Progress(e, epochs, b, batches, step, 1 / step, False))
        out.append(Progress(
            e, epochs, batches, batches, step, 1 / step, True,
            val_loss=1.5 / step if validation else None,
            accuracy=0.5 + 0.1 * e if classification else None,
            val_accuracy=0.45 + 0.1 * e if classification and validation else None,
            elapsed=0.01 * e,
        ))
    return out


def data(curve):
    """(x, y) given to a plot item by its last setData, as lists (what is drawn
    may be fewer points: downsampled, clipped to the view)."""
    x, y = curve.xData, curve.yData
    return ([] if x is None else list(x)), ([] if y is None else list(y))


@pytest.fixture
def plot(qtbot):
    widget = LossPlot()
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_an_empty_plot_shows_a_hint(plot):
    assert plot.n_batch_points == 0 and plot.n_epoch_points == 0
    assert plot.hint.isVisible() and plot.hint.text() == HINT
    assert data(plot.batch_curve) == ([], [])
    assert plot.legend.items == []


def test_add_only_buffers_and_refresh_draws(plot):
    plot.set_live(False)
    for p in reports():
        plot.add(p)
    assert (plot.n_batch_points, plot.n_epoch_points) == (30, 3)
    assert data(plot.batch_curve) == ([], [])  # nothing drawn yet
    plot.refresh()
    x, y = data(plot.batch_curve)
    assert x == list(range(1, 31)) and y == pytest.approx([1 / s for s in range(1, 31)])
    # epoch points sit at the step where their epoch ended
    assert data(plot.epoch_curve) == ([10, 20, 30], pytest.approx([0.1, 0.05, 1 / 30]))
    assert data(plot.val_curve) == ([10, 20, 30], pytest.approx([0.15, 0.075, 0.05]))
    assert data(plot.accuracy_curve) == ([10, 20, 30], pytest.approx([0.6, 0.7, 0.8]))
    assert data(plot.val_accuracy_curve) == ([10, 20, 30], pytest.approx([0.55, 0.65, 0.75]))
    assert not plot.hint.isVisible()
    assert plot.plot_item.getAxis("right").isVisible()
    names = [label.text for _, label in plot.legend.items]
    assert names == ["batch loss", "train loss", "validation loss", "accuracy", "validation accuracy"]


def test_add_many_is_add_for_each(plot):
    plot.add_many(reports())
    plot.refresh()
    assert (plot.n_batch_points, plot.n_epoch_points) == (30, 3)
    assert data(plot.epoch_curve)[0] == [10, 20, 30]


def test_the_timer_draws_new_data(qtbot, plot):
    assert not plot.timer.isActive()  # idle without data
    plot.add_many(reports()[:11])  # epoch 1
    assert plot.timer.isActive()
    qtbot.waitUntil(lambda: len(data(plot.batch_curve)[0]) == 10)
    assert data(plot.epoch_curve)[0] == [10]
    assert not plot.timer.isActive()  # single shot: nothing new, no more drawing
    plot.add(reports()[11])
    with qtbot.waitSignal(plot.timer.timeout, timeout=2000):
        pass
    assert len(data(plot.batch_curve)[0]) == 11


def test_new_points_and_their_paint_take_separate_turns_of_the_event_loop(qtbot, plot):
    plot.show()
    qtbot.waitExposed(plot)
    plot.add_many(reports()[:11])
    plot.timer.stop()
    plot.graphics.paint_seconds = 0.0
    plot._timer_fired()             # as the timer would
    # the points are in, the paint is held back for one turn
    assert len(data(plot.batch_curve)[0]) == 10
    following = plot.graphics.viewportUpdateMode()
    assert following == QGraphicsView.ViewportUpdateMode.NoViewportUpdate
    assert plot.graphics.paint_seconds == 0.0
    # a picture taken meanwhile shows the new points all the same
    picture = plot.graphics.grab().toImage()
    assert picture.pixelColor(picture.width() // 2, picture.height() // 2).lightness() > 128   # white, not garbage
    qtbot.waitUntil(lambda: plot.graphics.viewportUpdateMode() != following and plot.graphics.paint_seconds > 0)


def test_not_live_means_no_timer(qtbot, plot):
    plot.set_live(False)
    plot.add_many(reports())
    assert not plot.timer.isActive()
    plot.set_live(True)  # data is waiting: it is drawn soon
    qtbot.waitUntil(lambda: len(data(plot.epoch_curve)[0]) == 3)


def test_clear_empties_everything(plot):
    plot.add_many(reports())
    plot.refresh()
    plot.show_readout(20)
    plot.clear()
    assert (plot.n_batch_points, plot.n_epoch_points) == (0, 0)
    for curve in (plot.batch_curve, plot.epoch_curve, plot.val_curve,
                  plot.accuracy_curve, plot.val_accuracy_curve):
        assert data(curve) == ([], [])
    assert plot.hint.isVisible()
    assert plot.readout.text() == READOUT_HINT and not plot.hover_line.isVisible()
    assert not plot.timer.isActive()
    plot.add_many(reports(epochs=1))  # and it fills again from nothing
    plot.refresh()
    assert data(plot.epoch_curve)[0] == [10]


def test_log_scale_checkbox_and_a_zero_loss(qtbot, plot):
    runs = reports()
    runs[4].loss = 0.0  # a batch that hit 0 exactly
    runs[10].loss = 0.0  # and an epoch
    plot.add_many(runs)
    plot.refresh()
    box = find(plot, QCheckBox, "loss_log")
    assert box.text() == "log scale"
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked()
    assert plot.plot_item.vb.state["logMode"][1] is True
    # log10(0) is not drawn (a RuntimeWarning would fail the test: pyproject)
    assert 5 not in data(plot.batch_curve)[0] and len(data(plot.batch_curve)[0]) == 29
    assert data(plot.epoch_curve)[0] == [20, 30]
    plot.grab()  # paints without error
    plot.set_log_scale(False)
    assert not box.isChecked() and plot.plot_item.vb.state["logMode"][1] is False
    assert len(data(plot.batch_curve)[0]) == 30 and data(plot.epoch_curve)[0] == [10, 20, 30]


def test_a_diverged_run_leaves_the_nan_out_of_the_curve(tmp_path, plot):
    runs = reports(epochs=1)
    runs.append(Progress(2, 3, 10, 10, 10, math.nan, True, stopped="diverged"))
    plot.add_many(runs)
    plot.refresh()
    assert data(plot.epoch_curve)[0] == [10]
    plot.export_csv(tmp_path / "loss.csv")
    rows = list(csv.DictReader(open(tmp_path / "loss.csv", newline="")))
    assert rows[-1]["loss"] == "nan" and rows[-1]["val_loss"] == ""


def test_regression_has_no_accuracy(plot):
    plot.add_many(reports(classification=False, validation=False))
    plot.refresh()
    assert data(plot.accuracy_curve) == ([], [])
    assert data(plot.val_accuracy_curve) == ([], [])
    assert data(plot.val_curve) == ([], [])
    assert not plot.plot_item.getAxis("right").isVisible()
    assert [label.text for _, label in plot.legend.items] == ["batch loss", "train loss"]


def test_export_csv(tmp_path, plot):
    plot.add_many(reports())
    path = tmp_path / "loss.csv"
    plot.export_csv(path)
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["step", "epoch", "kind", "loss", "val_loss", "accuracy", "val_accuracy"]
    assert len(rows) == 1 + 33
    assert rows[1] == ["1", "1", "batch", "1.0", "", "", ""]
    # at step 10 the batch report comes first, then the epoch it closed
    assert rows[10][:3] == ["10", "1", "batch"] and rows[11][:3] == ["10", "1", "epoch"]
    assert [float(v) for v in rows[11][3:]] == pytest.approx([0.1, 0.15, 0.6, 0.55])
    assert float(rows[-1][3]) == 1 / 30  # the full precision
    assert [r[0] for r in rows[1:] if r[2] == "epoch"] == ["10", "20", "30"]


def test_export_png(tmp_path, plot):
    plot.add_many(reports())
    path = tmp_path / "loss.png"
    plot.export_png(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull() and image.width() >= plot.graphics.width()


def test_export_buttons_ask_for_a_file(qtbot, tmp_path, plot, monkeypatch):
    plot.add_many(reports())
    asked = []

    def choose(caption, suffix, filter_):
        asked.append(suffix)
        return str(tmp_path / f"out{suffix}")

    monkeypatch.setattr(plot, "choose_path", choose)
    qtbot.mouseClick(find(plot, QPushButton, "loss_export_csv"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(plot, QPushButton, "loss_export_png"), Qt.MouseButton.LeftButton)
    assert asked == [".csv", ".png"]
    assert (tmp_path / "out.csv").read_text().startswith("step,epoch,kind")
    assert (tmp_path / "out.png").stat().st_size > 0
    # cancelled: nothing written
    monkeypatch.setattr(plot, "choose_path", lambda *a: "")
    (tmp_path / "out.csv").unlink()
    qtbot.mouseClick(find(plot, QPushButton, "loss_export_csv"), Qt.MouseButton.LeftButton)
    assert not (tmp_path / "out.csv").exists()


def test_hover_reads_out_the_nearest_epoch(qtbot, plot):
    plot.add_many(reports())
    plot.refresh()
    qtbot.wait(1)  # let the view take its range
    vb = plot.plot_item.vb
    # the mouse at step 18 of the view: the nearest epoch end is step 20
    pos = vb.mapViewToScene(QPointF(18, 0.05))
    plot.graphics.scene().sigMouseMoved.emit(pos)
    expected = "batch 20 · epoch 2 · loss 0.05 · val 0.075 · acc 0.700 · val acc 0.650"
    qtbot.waitUntil(lambda: plot.readout.text() == expected)
    assert plot.hover_line.isVisible() and plot.hover_line.value() == 20


def test_readout_before_the_first_epoch_ends(plot):
    plot.add_many(reports()[:5])
    assert plot.show_readout(3.2) == "batch 3 · epoch 1 · batch loss 0.3333"


def test_markers_only_while_few_epochs(plot):
    plot.add_many(reports(epochs=MARKERS_UP_TO, batches=1))
    plot.refresh()
    assert plot.epoch_curve.opts["symbol"] == "o" and plot.val_curve.opts["symbol"] == "s"
    plot.clear()
    plot.add_many(reports(epochs=MARKERS_UP_TO + 1, batches=1))
    plot.refresh()
    assert plot.epoch_curve.opts["symbol"] is None and plot.val_curve.opts["symbol"] is None
    plot.clear()
    assert plot.epoch_curve.opts["symbol"] == "o"


def test_an_export_that_cannot_be_written_says_so(qtbot, tmp_path, plot, monkeypatch):
    import nnapp.ui.loss_plot as module

    said = []
    monkeypatch.setattr(module.QMessageBox, "warning", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(plot, "choose_path", lambda *a: str(tmp_path / "no such folder" / "loss.csv"))
    qtbot.mouseClick(find(plot, QPushButton, "loss_export_csv"), Qt.MouseButton.LeftButton)
    assert len(said) == 1 and "loss.csv" in said[0]


def test_two_hundred_thousand_batches(plot):
    n = 200_000
    steps = np.arange(1, n + 1)
    losses = 1 / np.sqrt(steps) + 0.05 * np.sin(steps)
    runs = [Progress(1 + s // 1000, 200, 1 + s % 1000, 1000, s, loss, False)
            for s, loss in zip(steps.tolist(), losses.tolist())]
    start = time.perf_counter()
    plot.add_many(runs)
    plot.refresh()
    plot.grab()  # and a paint, downsampled and clipped
    elapsed = time.perf_counter() - start
    print(f"add_many + refresh + paint of {n} batch points: {elapsed:.3f} s")
    assert plot.n_batch_points == n
    assert len(data(plot.batch_curve)[0]) == n
    # what is drawn is the peaks of a few points per pixel, not 200 000 points
    assert plot.batch_curve.opts["autoDownsample"] and plot.batch_curve.opts["clipToView"]
    assert len(plot.batch_curve.getData()[0]) < 20 * plot.width()


def test_screenshot_of_a_realistic_run(plot):
    """A decreasing loss with noise, validation and accuracy: saved for a person to look at."""
    rng = np.random.default_rng(0)
    runs, step, epochs, batches = [], 0, 25, 40
    for e in range(1, epochs + 1):
        losses = []
        for b in range(1, batches + 1):
            step += 1
            loss = 2.3 * math.exp(-step / 250) + 0.12 + 0.25 * rng.random() * math.exp(-step / 600)
            losses.append(loss)
            runs.append(Progress(e, epochs, b, batches, step, loss, False))
        train = float(np.mean(losses))
        runs.append(Progress(e, epochs, batches, batches, step, train, True,
                             val_loss=train * 1.08 + 0.004 * e, accuracy=1 - 0.85 * math.exp(-e / 4),
                             val_accuracy=0.96 - 0.85 * math.exp(-e / 4)))
    plot.add_many(runs)
    plot.refresh()
    plot.show_readout(500)
    assert plot.grab().save("/tmp/loss_plot.png")
