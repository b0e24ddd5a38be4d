"""The loss plot's units: losses per sample, the x axis in epochs or batches.

Training and validation losses are both the mean per sample, so a network
that fits both sets equally draws them close together whatever the sizes of
the sets (with sse, a sum over the rows, they were drawn 3× apart for 150
training and 50 validation rows). The x axis counts epochs for a full-batch
run (one update an epoch) and batches otherwise.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from nnapp.engine.training import Progress
from nnapp.model.data import SetData
from nnapp.model.training import SetTraining
from nnapp.ui.loss_plot import LOSS_LABEL, LossPlot

from .test_loss_plot import plot  # noqa: F401 - the same 640 × 420 plot


def axis_label(plot: LossPlot, name: str) -> str:
    return plot.plot_item.getAxis(name).labelText


def run(epochs: int, batches: int) -> list[Progress]:
    """Reports of a synthetic run as the training loop sends them: batch
    reports only when an epoch has several batches."""
    out, step = [], 0
    for e in range(1, epochs + 1):
        for b in range(1, batches + 1):
            step += 1
            if batches > 1:
                out.append(Progress(e, epochs, b, batches, step, 1 / step, False))
        out.append(Progress(e, epochs, batches, batches, step, 1 / e, True, val_loss=1.2 / e))
    return out




def test_the_loss_axis_says_what_the_loss_is(plot):
    assert axis_label(plot, "left") == LOSS_LABEL == "loss (mean per sample)"
    assert "averaged over the rows" in plot.plot_item.getAxis("left").toolTip()


def test_a_full_batch_run_is_drawn_against_epochs(plot):
    plot.add_many(run(epochs=5, batches=1))
    plot.refresh()
    assert plot.x_unit == "epoch" and axis_label(plot, "bottom") == "epoch"
    assert list(plot.epoch_curve.xData) == [1, 2, 3, 4, 5]
    assert plot.show_readout(2.2) == "epoch 2 · loss 0.5 · val 0.6"


def test_a_mini_batch_run_is_drawn_against_batches_with_epoch_marks(plot):
    plot.add_many(run(epochs=3, batches=4))
    plot.refresh()
    assert plot.x_unit == "batch" and axis_label(plot, "bottom") == "batch"
    assert list(plot.batch_curve.xData) == list(range(1, 13))
    # the epoch curves keep their markers at the ends of epochs: batches 4, 8, 12
    assert list(plot.epoch_curve.xData) == [4, 8, 12] and plot.epoch_curve.opts["symbol"] == "o"
    assert plot.show_readout(7) == "batch 8 · epoch 2 · loss 0.5 · val 0.6"
    assert "ends of epochs" in plot.plot_item.getAxis("bottom").toolTip()


def test_one_report_at_a_time_switches_the_unit_too_and_clear_resets_it(plot):
    for p in run(epochs=1, batches=3):
        plot.add(p)
    assert axis_label(plot, "bottom") == "batch"
    plot.clear()
    assert plot.x_unit == "epoch" and axis_label(plot, "bottom") == "epoch"


def test_a_run_whose_batches_shrink_mid_way_counts_batches_from_then_on(plot):
    full = run(epochs=2, batches=1)
    plot.add_many(full)
    assert plot.x_unit == "epoch"
    # after epoch 2 the batch size drops: 2 batches an epoch, the steps go on from 2
    plot.add_many([Progress(3, 3, 1, 2, 3, 0.4, False), Progress(3, 3, 2, 2, 4, 0.3, False),
                   Progress(3, 3, 2, 2, 4, 0.35, True)])
    plot.refresh()
    assert plot.x_unit == "batch"
    assert list(plot.epoch_curve.xData) == [1, 2, 4]


# --- in the window ---------------------------------------------------------------------


def drawn_losses(plot: LossPlot) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(plot.epoch_curve.yData), np.asarray(plot.val_curve.yData)


def train(qtbot, window, **changes) -> None:
    """Train with the settings changed, to the end, and draw the plot."""
    doc = window.doc
    assert window.editor.push(SetTraining(dataclasses.replace(doc.training, **changes)))
    with qtbot.waitSignal(window.training.finished, timeout=30000) as blocker:
        window.training.start()
    assert blocker.args[0].stopped == "finished"
    qtbot.waitUntil(lambda: window.loss_plot.n_epoch_points == changes["epochs"])
    window.loss_plot.refresh()


def test_xor_with_a_validation_split_draws_comparable_curves(qtbot, window):
    window.files.open_example("xor")
    assert window.doc.training.loss == "sse"           # a sum over the rows, reported per sample
    assert window.editor.push(SetData({"dataset": "xor_quadrants"}, validation_split=0.25))
    plot = window.loss_plot

    train(qtbot, window, epochs=300, batch_size=0)   # 150 rows to train on, 50 to validate with
    assert axis_label(plot, "bottom") == "epoch"
    assert plot.epoch_curve.xData[-1] == 300
    train_loss, val_loss = drawn_losses(plot)
    assert len(train_loss) == len(val_loss) == 300
    # the network fits both sets alike (about 0.03 each): the curves are drawn together
    assert train_loss[-1] < 0.06 and val_loss[-1] < 0.06
    assert 0.5 < val_loss[-1] / train_loss[-1] < 2.0
    # and so over the last 100 epochs (the train loss is taken before an epoch's update, the
    # validation loss after it: early on, while the loss still swings, they can differ more)
    ratios = val_loss[-100:] / train_loss[-100:]
    assert np.all((ratios > 0.5) & (ratios < 2.0)), ratios

    train(qtbot, window, epochs=5, batch_size=16)    # 10 batches an epoch
    assert axis_label(plot, "bottom") == "batch"
    assert list(plot.epoch_curve.xData) == [10, 20, 30, 40, 50]
    assert plot.n_batch_points == 50
    train_loss, val_loss = drawn_losses(plot)
    assert 0.5 < val_loss[-1] / train_loss[-1] < 2.0
