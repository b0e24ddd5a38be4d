"""The input row: the values fed to the network's input layer.

A field per input neuron (up to :data:`MAX_FIELDS` of them), and a chooser
of the document's data: "Typed values", then its rows (named like "Alice" or
"row 1", with its class when the data has classes: "row 12 (7)"; of a large
data set a thousand rows spread over it) and the rows it only predicts ("Emily (not trained on)"). A larger
input layer, such as a 784-pixel image, shows its size and the chooser,
with a "zeros" entry.

The input is not part of the network, so it is not undoable: the row sets it
with ``doc.set_input`` directly. Text that is not a number is refused in
place and the document is left as it was.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget,
)

from nnapp.engine.datasets import Dataset
from nnapp.model.batch_rows import spread_rows
from nnapp.model.data import dataset_for
from nnapp.model.errors import EditError
from nnapp.text import list_separator, marked, sentence, tr, tr_in

from .editor import Editor
from .fields import ERROR_STYLE, NumberEdit
from .numbers import format_number

MAX_FIELDS = 16
"""Input layers up to this size get a field per neuron."""

FIELDS_PER_LINE = 8
"""Fields on one line before the next line starts."""

MAX_SAMPLES = 1000
"""Rows of the data offered in the chooser."""

TYPED = marked("Typed values")



def _row_name(ds: Dataset, i: int) -> str:
    """"Alice", or "row 12" with the row's class when the data has classes: "row 12 (7)"."""
    if ds.row_labels:
        return ds.row_labels[i]
    names = ds.class_names if ds.task == "classification" else None
    if names and ds.n_outputs == len(names):
        return tr("row {value} ({names})").format(value=i + 1, names=names[int(np.argmax(ds.Y[i]))])
    if names and ds.n_outputs == 1 and len(names) == 2:
        return tr("row {value} ({names})").format(value=i + 1, names=names[int(ds.Y[i, 0] >= 0.5)])
    return tr("row {value}").format(value=i + 1)

class InputRow(QWidget):
    """Fields for the input values and a chooser of samples from the data."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("input_row")
        self.editor = editor
        self.doc = editor.doc
        self.fields: list[NumberEdit] = []
        self.field_labels: list[QLabel] = []
        self._choices: list[np.ndarray | None] = []
        self._matrix = np.zeros((0, 0))
        self._data_key: object = None
        self._dataset: Dataset | None = None
        self._data_problem = ""
        self._box: QWidget | None = None
        self._retired: QWidget | None = None

        title = QLabel(tr("Input"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.sample = QComboBox()
        self.sample.setObjectName("input_sample")
        self.sample.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sample.setPlaceholderText(tr("other values"))
        self.sample.activated.connect(self._choose)
        self.sample_label = QLabel(tr("Sample"))
        self.sample_label.setBuddy(self.sample)
        self.error = QLabel()
        self.error.setObjectName("input_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()

        self._line_height = self.sample.sizeHint().height()
        title.setMinimumHeight(self._line_height)
        self.sample_label.setMinimumHeight(self._line_height)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self._line = QHBoxLayout()
        self._line.setContentsMargins(0, 0, 0, 0)
        self._line.addWidget(title, 0, Qt.AlignmentFlag.AlignTop)
        self._line.addStretch(1)
        self._line.addWidget(self.sample_label, 0, Qt.AlignmentFlag.AlignTop)
        self._line.addWidget(self.sample, 0, Qt.AlignmentFlag.AlignTop)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(2)
        outer.addLayout(self._line)
        outer.addWidget(self.error)

        events = self.doc.events
        follow = [
            (events.reset, self._rebuild),
            (events.structure_changed, self._rebuild),
            (events.names_changed, self._rebuild),
            (events.settings_changed, self._on_settings),
            (events.path_changed, self._reload_samples),
            (events.input_changed, self._refresh),
        ]
        for event, callback in follow:
            event.connect(callback)
        self.destroyed.connect(lambda *_: _unfollow(follow))
        self._rebuild()

    # --- building -------------------------------------------------------------------

    def _rebuild(self, *_) -> None:
        """Fields for the current input layer and samples from the current data."""
        self._clear_error()
        box = self._build_fields()
        if self._box is not None:
            self._line.removeWidget(self._box)
            self._box.hide()
            self._box.setParent(None)
            self._box.deleteLater()
        self._retired, self._box = self._box, box
        self._line.insertWidget(1, box, 0, Qt.AlignmentFlag.AlignTop)
        self._load_samples()
        self._refresh()

    def _on_settings(self, change) -> None:
        if change.touches_data:           # a new learning rate leaves the samples as they are
            self._reload_samples()

    def _reload_samples(self, *_) -> None:
        self._load_samples()
        self._refresh()

    def _build_fields(self) -> QWidget:
        doc = self.doc
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(8, 0, 8, 0)
        grid.setHorizontalSpacing(4)
        self.fields, self.field_labels = [], []
        n = len(doc.input)
        if n == 0 or n > MAX_FIELDS:
            count = QLabel(tr("{n:,} inputs").format(n=n) if n else tr("no input layer yet"))
            count.setObjectName("input_count")
            count.setMinimumHeight(self._line_height)
            grid.addWidget(count, 0, 0)
            return box
        for j, name in enumerate(doc.neuron_names(0)):
            edit = NumberEdit(tr("input {name}").format(name=name))
            edit.setObjectName(f"input_{name}")
            edit.setMinimumWidth(48)
            edit.setMaximumWidth(110)
            edit.committed.connect(lambda value, j=j: self._set_one(j, value))
            edit.refused.connect(self._show_error)
            edit.reverted.connect(self._clear_error)
            label = QLabel(name)
            label.setBuddy(edit)
            label.setContentsMargins(0 if j % FIELDS_PER_LINE == 0 else 8, 0, 0, 0)
            line, col = divmod(j, FIELDS_PER_LINE)
            grid.addWidget(label, line, 2 * col, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(edit, line, 2 * col + 1)
            self.fields.append(edit)
            self.field_labels.append(label)
        return box

    def _load_samples(self) -> None:
        """Fill the chooser from the document's data (nothing if it cannot be used)."""
        n = len(self.doc.input)
        ds = self._current_dataset()
        labels: list[str] = []
        tips: list[str] = []
        self._choices = []
        if n > MAX_FIELDS:
            labels.append(tr_in("input row", "zeros"))
            self._choices.append(np.zeros(n))
            tips.append(tr("Every input 0"))
        elif ds is not None:
            labels.append(tr(TYPED))
            self._choices.append(None)
            tips.append(tr("The values in the fields"))
        if ds is not None:
            for i in spread_rows(ds.n_samples, MAX_SAMPLES):   # sorted data: every class
                labels.append(_row_name(ds, i))
                self._choices.append(ds.X[i])
                tips.append(_describe(ds, ds.X[i], ds.Y[i]))
            for name, row in ds.extra.items():
                labels.append(tr("{name} (not trained on)").format(name=name))
                self._choices.append(row)
                tips.append(_describe(ds, row, None))
        self.sample.clear()
        self.sample.addItems(labels)
        for i, tip in enumerate(tips):
            self.sample.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)
        rows = [c for c in self._choices if c is not None]
        self._matrix = np.array(rows) if rows else np.zeros((0, n))
        show = bool(labels)
        self.sample.setVisible(show)
        self.sample_label.setVisible(show)
        self.sample.setEnabled(show)
        if ds is not None:
            more = ds.n_samples - MAX_SAMPLES
            if more > 0:
                tip = tr("Feed the network a sample of {title} ({MAX_SAMPLES:,} of its {n_samples:,} rows, "
                         "spread over all of them)")
            else:
                tip = tr("Feed the network a sample of {title}")
            self.sample.setToolTip(tip.format(title=ds.title, MAX_SAMPLES=MAX_SAMPLES, n_samples=ds.n_samples))
            for label, name in zip(self.field_labels, ds.input_names):
                label.setToolTip(name)
        else:
            self.sample.setToolTip(self._data_problem)

    def _current_dataset(self) -> Dataset | None:
        """The document's data as a Dataset that fits the network, or None
        (with :attr:`_data_problem` saying why); loaded again only when the
        data section, the file or the network's ends change (the rows of
        data files come from the cache of ``load_source``, so a change of
        data just read on a worker thread reads nothing here)."""
        doc = self.doc
        net = doc.network()
        # the revision, not the section's text: a section may hold thousands of rows
        key = (doc.data_revision, doc.path, None if net is None else (net.n_inputs, net.n_outputs))
        if key == self._data_key:
            return self._dataset
        self._data_key, self._dataset, self._data_problem = key, None, ""
        if doc.data_source is None:
            self._data_problem = tr("This network has no data chosen")
        elif net is None:
            self._data_problem = tr("The network needs a second layer before it can use data")
        else:
            base = Path(doc.path).parent if doc.path else None
            try:
                self._dataset = dataset_for(doc.data_source, net, base)
            except Exception as e:  # any broken data section: offer no samples, say why
                self._data_problem = tr("The data cannot be used: {e}").format(e=e)
        return self._dataset

    # --- following the input ---------------------------------------------------------------

    def _refresh(self) -> None:
        values = self.doc.input
        for edit, value in zip(self.fields, values.tolist()):
            edit.set_value(value)
        index = -1
        if len(self._matrix) and self._matrix.shape[1] == len(values):
            hits = np.flatnonzero(np.all(self._matrix == values, axis=1))
            if hits.size:
                index = [i for i, c in enumerate(self._choices) if c is not None][hits[0]]
        if index < 0 and self._choices and self._choices[0] is None:
            index = 0
        self.sample.setCurrentIndex(index)

    # --- edits ------------------------------------------------------------------------------

    def _set_one(self, j: int, value: float) -> None:
        values = self.doc.input.copy()
        values[j] = value
        self._set_input(values)

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self._choices) and self._choices[index] is not None:
            self._set_input(self._choices[index])

    def _set_input(self, values) -> None:
        try:
            self.doc.set_input(values)
        except EditError as e:
            self._show_error(sentence(str(e)))
            return
        self._clear_error()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _clear_error(self) -> None:
        self.error.hide()
        self.error.clear()


def _describe(ds: Dataset, x: np.ndarray, y: np.ndarray | None) -> str:
    """"weight − 135 = -2, height − 66 = -1; female = 1" for a tooltip."""
    if len(x) > MAX_FIELDS:
        text = tr("{n:,} values").format(n=len(x))
    else:
        text = list_separator().join(f"{name} = {format_number(v)}" for name, v in zip(ds.input_names, x.tolist()))
    if y is not None and len(y) <= MAX_FIELDS:
        text += "; " + list_separator().join(f"{name} = {format_number(v)}" for name, v in zip(ds.target_names, y.tolist()))
    return text


def _unfollow(follow: list) -> None:
    for event, callback in follow:
        event.disconnect(callback)
