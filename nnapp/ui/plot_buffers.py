"""Growing numpy buffers for live plots, and the loss history as CSV.

:class:`ColumnBuffer` keeps named float columns in one preallocated array
that doubles when full, so appending a point costs a row write and a plot
can take a column as a contiguous view without copying. :func:`write_history_csv`
writes the loss plot's batch and epoch rows as one table; :func:`describe_point`
puts the values at a point of the x axis into words for the hover readout, and
:func:`x_unit` chooses that axis's unit (epochs for a full-batch run, batches
otherwise).

This module is plain numpy and the standard library: it draws nothing and
knows no Qt (the widget is :mod:`nnapp.ui.loss_plot`).
"""

from __future__ import annotations

import csv
import math
from typing import Iterable, Sequence

import numpy as np
from nnapp.text import tr, tr_in

#: Columns kept for a per-batch report.
BATCH_COLUMNS = ("step", "epoch", "loss")
#: Columns kept for a per-epoch report (NaN where a value is missing).
EPOCH_COLUMNS = ("step", "epoch", "loss", "val_loss", "accuracy", "val_accuracy")
#: Columns of the exported table, in order.
CSV_COLUMNS = ("step", "epoch", "kind", "loss", "val_loss", "accuracy", "val_accuracy")


def number_or_nan(value) -> float:
    """``value`` as a float, or NaN for None."""
    return math.nan if value is None else float(value)


class ColumnBuffer:
    """Rows of floats under column names, in an array that doubles when full.

    Parameters
    ----------
    columns : sequence of str
        Column names.
    capacity : int
        Rows allocated at first.

    Notes
    -----
    The storage has shape (n_columns, capacity): a column is a contiguous
    row of it, and :meth:`column` returns a view of its first ``len(self)``
    values. A view stays valid (it keeps the old array alive) when the
    buffer grows.
    """

    def __init__(self, columns: Sequence[str], capacity: int = 1024) -> None:
        self.columns = tuple(columns)
        self._index = {name: i for i, name in enumerate(self.columns)}
        self._initial = max(1, int(capacity))
        self._data = np.empty((len(self.columns), self._initial))
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def clear(self) -> None:
        """Forget every row (and give back the memory of a long history)."""
        self._data = np.empty((len(self.columns), self._initial))
        self._n = 0

    def _reserve(self, n: int) -> None:
        capacity = self._data.shape[1]
        if n <= capacity:
            return
        while capacity < n:
            capacity *= 2
        grown = np.empty((len(self.columns), capacity))
        grown[:, : self._n] = self._data[:, : self._n]
        self._data = grown

    def append(self, row: Sequence[float]) -> None:
        """Add one row, one value per column."""
        self._reserve(self._n + 1)
        self._data[:, self._n] = row
        self._n += 1

    def extend(self, rows) -> None:
        """Add rows given as an array of shape (n_rows, n_columns)."""
        rows = np.asarray(rows, dtype=float).reshape(-1, len(self.columns))
        k = rows.shape[0]
        self._reserve(self._n + k)
        self._data[:, self._n : self._n + k] = rows.T
        self._n += k

    def column(self, name: str) -> np.ndarray:
        """The values of column ``name``, shape (len(self),): a view, not a copy."""
        return self._data[self._index[name], : self._n]


def nearest_index(sorted_x: np.ndarray, x: float) -> int:
    """Index of the value of ``sorted_x`` (ascending, not empty) nearest to ``x``."""
    i = int(np.searchsorted(sorted_x, x))
    if i <= 0:
        return 0
    if i >= len(sorted_x):
        return len(sorted_x) - 1
    return i if sorted_x[i] - x < x - sorted_x[i - 1] else i - 1


def x_column(unit: str) -> str:
    """The column a plot in ``unit`` ("epoch" or "batch") takes its x values from:
    the epoch, or the step (parameter updates so far, one per batch)."""
    return "epoch" if unit == "epoch" else "step"


def x_unit(batches_per_epoch: int) -> str:
    """The unit of the x axis for a run of ``batches_per_epoch`` batches an
    epoch: "epoch" when every batch is the whole training set (one update an
    epoch, so epochs and updates count alike), else "batch"."""
    return "epoch" if batches_per_epoch <= 1 else "batch"


def describe_point(batches: ColumnBuffer, epochs: ColumnBuffer, x: float, unit: str = "batch"):
    """The values at the epoch end nearest to ``x`` as one line of text, and
    that epoch's x; before the first epoch ends, those of the nearest batch.
    None when there is no point at all.

    ``x`` is in ``unit``: in batches (the step) the line reads "batch 20 ·
    epoch 2 · loss 0.05 · val 0.075 · acc 0.700", in epochs "epoch 2 · loss
    0.05 · …".
    """
    column = x_column(unit)
    if len(epochs):
        e, i = epochs, nearest_index(epochs.column(column), x)
        parts = [tr("loss {column:.4g}").format(column=e.column('loss')[i])]
        for label, name, fmt in ((tr_in("readout", "val"), "val_loss", ".4g"), (tr_in("readout", "acc"), "accuracy", ".3f"),
                                 (tr("val acc"), "val_accuracy", ".3f")):
            v = e.column(name)[i]
            if not math.isnan(v):
                parts.append(f"{label} {v:{fmt}}")
    elif len(batches):
        e, i = batches, nearest_index(batches.column(column), x)
        parts = [tr("batch loss {column:.4g}").format(column=e.column('loss')[i])]
    else:
        return None
    place = [tr("epoch {int}").format(int=int(e.column('epoch')[i]))]
    if unit != "epoch":
        place.insert(0, tr("batch {int}").format(int=int(e.column('step')[i])))
    return " · ".join([*place, *parts]), float(e.column(column)[i])


def finite_points(x: np.ndarray, y: np.ndarray, positive: bool = False):
    """``x`` and ``y`` without the points where ``y`` is NaN or infinite
    (or not above 0, when ``positive``, for a log axis). The arrays are
    returned as they are when every point stays."""
    keep = np.isfinite(y)
    if positive:
        keep &= y > 0  # NaN compares False, and no warning
    if keep.all():
        return x, y
    return x[keep], y[keep]


def _cell(value: float, blank_nan: bool) -> str:
    if math.isnan(value):
        return "" if blank_nan else "nan"
    return repr(float(value))


def history_rows(batches: ColumnBuffer, epochs: ColumnBuffer) -> Iterable[list[str]]:
    """Rows of the table of :data:`CSV_COLUMNS`, ordered by step; at the
    same step a batch row comes before the epoch row it ends."""
    b_step, e_step = batches.column("step"), epochs.column("step")
    steps = np.concatenate([b_step, e_step])
    order = np.argsort(steps, kind="stable")
    nb = len(batches)
    b_epoch, b_loss = batches.column("epoch"), batches.column("loss")
    e_cols = [epochs.column(name) for name in EPOCH_COLUMNS[1:]]
    for k in order.tolist():
        if k < nb:
            yield [str(int(b_step[k])), str(int(b_epoch[k])), "batch", _cell(b_loss[k], False), "", "", ""]
        else:
            i = k - nb
            epoch, loss, *metrics = (col[i] for col in e_cols)
            yield ([str(int(e_step[i])), str(int(epoch)), "epoch", _cell(loss, False)]
                   + [_cell(v, True) for v in metrics])


def write_history_csv(path, batches: ColumnBuffer, epochs: ColumnBuffer) -> None:
    """Write the loss history to ``path`` as CSV with a header of :data:`CSV_COLUMNS`.

    Missing values (no validation data, no accuracy for regression, every
    metric of a batch row) are blank; a loss that diverged is ``nan``.
    """
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(history_rows(batches, epochs))
