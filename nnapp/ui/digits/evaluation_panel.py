"""The "Test results" panel: how good a classifier is on rows it did not train on.

Left, what to test on (the data's test rows or, for a digit network, the
style-diverse set of mouse-drawn digits), the accuracy in big figures, the
accuracy per class (the weakest classes in red,
:mod:`~nnapp.ui.digits.class_scores`) and where the test rows come from; in
the middle the confusion matrix
(:class:`~nnapp.ui.digits.confusion_matrix.ConfusionMatrix`: true class down,
predicted class across, right answers on the diagonal in green, mistakes in
red, the stronger the more rows); right, a :class:`~nnapp.ui.digits.
gallery.Gallery` of test images: the mistakes, most confident first, or
the rows of the matrix cell last clicked. A click on a picture feeds that
row to the network on the canvas.

The numbers come from :func:`nnapp.model.evaluation.evaluate` (the drawn
digits from :func:`nnapp.model.drawn_tests.drawn_test_rows`). The panel
evaluates when asked (Evaluate), when a training run finishes, and when the
network, its weights or its data change while it is in sight (at most a
few times a second, less often when evaluating takes long, also during
training); hidden, it waits until shown. The drawn digits are prepared once
per input picture, a slice at a time between the window's other work
(:class:`~nnapp.ui.digits.drawn_preparing.DrawnPreparing`), while the panel
shows how far it is.

This module lays the panel out and decides when to evaluate; it does not
draw the matrix (:mod:`~nnapp.ui.digits.confusion_matrix`) nor write the
per-class scores (:mod:`~nnapp.ui.digits.class_scores`).
"""

from __future__ import annotations

import time
from functools import partial

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from nnapp.model.digits import digit_image_shape
from nnapp.model.drawn_tests import drawn_rows_ready, drawn_test_rows
from nnapp.model.errors import ValueRefused
from nnapp.model.evaluation import Evaluation, EvaluationError, evaluate, row_words
from nnapp.model.words import counted
from nnapp.text import grouped_number, marked, sentence, tr

from ..canvas.colors import MUTED, REFUSE
from ..editor import Editor
from ..fields import push_button
from .class_scores import per_class_text
from .confusion_matrix import ConfusionMatrix
from .drawn_preparing import DrawnPreparing
from .gallery import Gallery

REFRESH_MS = 300
"""Changes are gathered at least this long before evaluating again (at most ~3 a second)."""
MAX_REFRESH_MS = 5000
BUSY_FRACTION = 0.05
"""Automatic evaluations take at most about this share of the GUI thread: one
that took 20 ms waits 400 ms before the next (1,000 MNIST rows), one of 200 ms
(10,000 rows) waits 4 s — while training sends new weights, say."""

SOURCES = {
    "data": (marked("Test rows of the data"),
             marked("The rows the data keeps for testing (or the validation rows training holds out)")),
    "drawn": (marked("Drawn digits (style-diverse)"),
              marked("Digits drawn with a mouse in many styles of handwriting and type, prepared as the "
              "digit pad prepares a drawing: does the network read digits people draw?")),
}
"""Where test rows can come from: key → (choice in the box, its tooltip)."""
LEFT_WIDTH = 236
"""Width of the left column (the choice, the accuracy, per class, the source), at least."""
COMBO_ROOM = 32
"""Room in a drop-down list beside its text: the arrow and the frame."""


def _disconnect(subscriptions: list) -> None:
    """Stop calling the callbacks of a deleted panel (the document may live on)."""
    for event, callback in subscriptions:
        event.disconnect(callback)



class EvaluationPanel(QWidget):
    """Accuracy, confusion matrix and test images of the document's network.

    The box at the top chooses the rows: the data's test rows, or (for a
    network that reads digits) the drawn test set at :attr:`drawn_path`.

    Parameters
    ----------
    editor : Editor
    training : TrainingController or None
        Its ``finished`` signal triggers an evaluation.

    Signals
    -------
    evaluated(Evaluation or None)
        A new result (None: it could not be evaluated; :attr:`problem` says why).
    message(str)
        A sentence for the status bar.
    """

    evaluated = Signal(object)
    message = Signal(str)

    def __init__(self, editor: Editor, training=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evaluation_panel")
        self.editor = editor
        self.doc = editor.doc
        self.evaluation: Evaluation | None = None
        self.problem = ""
        self.cell: tuple[int, int] | None = None
        #: The drawn test set (None: the one nnapp ships, ``DRAWN_TEST_PATH``).
        self.drawn_path = None
        self._wanted_source = "data"
        self._dirty = True

        self.source_box = QComboBox()
        self.source_box.setObjectName("test_source")
        self.source_box.setToolTip(tr("What to test the network on"))
        self.source_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source_box.setMinimumContentsLength(12)
        self.source_box.currentIndexChanged.connect(self._source_chosen)
        source_caption = QLabel(tr("Test &on"))
        source_caption.setBuddy(self.source_box)
        self.source_row = QWidget()
        source_row = QHBoxLayout(self.source_row)
        source_row.setContentsMargins(0, 0, 0, 0)
        source_row.addWidget(source_caption)
        source_row.addWidget(self.source_box, 1)
        self.evaluate_button = push_button(tr("Evaluate"), "evaluate_button", self.evaluate,
                                           tr("Run the network on the test rows and count its right answers"))
        self.accuracy_label = QLabel("–")
        self.accuracy_label.setObjectName("evaluation_accuracy")
        font = self.accuracy_label.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self.accuracy_label.setFont(font)
        self.accuracy_label.setToolTip(tr("Accuracy: the share of test rows whose class the network gets right"))
        self.counts_label = QLabel()
        self.counts_label.setObjectName("evaluation_counts")
        self.per_class_label = QLabel()
        self.per_class_label.setObjectName("evaluation_per_class")
        self.per_class_label.setTextFormat(Qt.TextFormat.RichText)
        self.per_class_label.setWordWrap(True)
        small = self.per_class_label.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.per_class_label.setFont(small)
        self.source_label = QLabel()
        self.source_label.setObjectName("evaluation_source")
        self.source_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setObjectName("evaluation_note")
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet(f"color: {REFUSE.name()}")
        self.hover_label = QLabel()
        self.hover_label.setObjectName("evaluation_hover")
        self.hover_label.setWordWrap(True)
        self.hover_label.setStyleSheet(f"color: {MUTED.name()}")
        score = QHBoxLayout()
        score.setContentsMargins(0, 0, 0, 0)
        score.addWidget(self.accuracy_label)
        score.addStretch(1)
        score.addWidget(self.evaluate_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("drawn_progress")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_bar.setToolTip(tr("Every drawing is prepared as the digit pad prepares one, once for each "
                                     "input picture (28×28 or 8×8); then they are kept"))
        self.progress_bar.setVisible(False)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(3)
        left.addWidget(self.source_row)
        left.addLayout(score)
        left.addWidget(self.progress_bar)
        left.addWidget(self.counts_label)
        left.addWidget(self.per_class_label)
        left.addWidget(self.source_label)
        left.addWidget(self.note_label)
        left.addStretch(1)
        left.addWidget(self.hover_label)
        left_widget = QWidget()
        left_widget.setLayout(left)
        # wide enough for the longest choice written whole (fonts differ between machines)
        longest = max(self.source_box.fontMetrics().horizontalAdvance(tr(SOURCES[key][0])) for key in SOURCES)
        needed = source_caption.sizeHint().width() + source_row.spacing() + longest + COMBO_ROOM
        left_widget.setFixedWidth(max(LEFT_WIDTH, needed))

        self.matrix = ConfusionMatrix()
        self.matrix.cell_clicked.connect(self.show_cell)
        self.matrix.cell_hovered.connect(self._on_hover)

        self.gallery_title = QLabel()
        self.gallery_title.setObjectName("gallery_title")
        self.mistakes_button = push_button(tr("Show mistakes"), "show_mistakes", self.show_mistakes,
                                           tr("Back to the misclassified test images"))
        self.gallery = Gallery()
        self.gallery.setObjectName("test_gallery")
        self.gallery.chosen.connect(self.feed_row)
        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 0, 0)
        heading.addWidget(self.gallery_title, 1)
        heading.addWidget(self.mistakes_button)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(2)
        right.addLayout(heading)
        right.addWidget(self.gallery, 1)
        self.gallery_box = QWidget()
        self.gallery_box.setLayout(right)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("evaluation_problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(left_widget)
        layout.addWidget(self.problem_label, 5)
        layout.addWidget(self.matrix, 2)
        layout.addWidget(self.gallery_box, 3)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._evaluate_if_due)
        self.preparing = DrawnPreparing(self)
        self.preparing.progressed.connect(self._show_progress)
        self.preparing.prepared.connect(self._drawn_prepared)
        self.preparing.failed.connect(self._show_failure)
        events = self.doc.events
        subscriptions = [(event, self._update_sources) for event in (events.reset, events.structure_changed)]
        subscriptions.append((events.layers_changed, lambda ids: self._update_sources()))
        subscriptions += [(event, self._changed) for event in (events.reset, events.structure_changed,
                                                               events.parameters_changed, events.names_changed,
                                                               events.path_changed)]
        subscriptions.append((events.settings_changed, self._on_settings))
        subscriptions.append((events.layers_changed, lambda ids: self._changed()))
        subscriptions.append((events.reset, self._forget_cell))
        for event, callback in subscriptions:
            event.connect(callback)
        self.destroyed.connect(partial(_disconnect, subscriptions))
        if training is not None:
            training.finished.connect(self._training_finished)
        self._update_sources()
        self._show_nothing(tr("Open a digit network (File ▸ Open Example ▸ digits8 or mnist), then Evaluate"))
        self.problem = ""          # not evaluated yet: nothing has gone wrong

    # --- what to test on ----------------------------------------------------------

    @property
    def source(self) -> str:
        """The rows evaluated: "data" (the data's test rows) or "drawn" (the drawn digits)."""
        return self.source_box.currentData() or "data"

    def set_source(self, source: str) -> None:
        """Test on ``source`` ("data" or "drawn"), as if chosen in the box; "drawn" is
        remembered for when the network reads digits, if it does not now."""
        self._wanted_source = source
        index = self.source_box.findData(source)
        if index >= 0:
            self.source_box.setCurrentIndex(index)

    def _update_sources(self) -> None:
        """Offer the drawn digits only to a network that reads digits (the box is
        hidden when there is nothing to choose)."""
        offered = ["data"] + (["drawn"] if digit_image_shape(self.doc) is not None else [])
        present = [self.source_box.itemData(i) for i in range(self.source_box.count())]
        if offered != present:
            before = self.source
            self.source_box.blockSignals(True)
            self.source_box.clear()
            for key in offered:
                text, tip = tr(SOURCES[key][0]), tr(SOURCES[key][1])
                self.source_box.addItem(text, key)
                self.source_box.setItemData(self.source_box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
            wanted = self._wanted_source if self._wanted_source in offered else "data"
            self.source_box.setCurrentIndex(offered.index(wanted))
            self.source_box.blockSignals(False)
            if self.source != before:
                self.cell = None
                self._changed()
        self.source_row.setVisible(len(offered) > 1)
        self.source_box.setToolTip(tr(SOURCES[self.source][1]))

    def _source_chosen(self, index: int) -> None:
        self._wanted_source = self.source
        self.source_box.setToolTip(tr(SOURCES[self.source][1]))
        self.cell = None
        self.evaluate()

    # --- when to evaluate -------------------------------------------------------

    def _changed(self, *args) -> None:
        self._dirty = True
        if self.preparing.running and not self.preparing.serves(self.doc, self.drawn_path):
            self.preparing.cancel()          # it prepares for a network (or a file) that is gone
            if self.isVisible():
                self.evaluate()              # for the network there is now, at once
                return
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def _training_finished(self, last) -> None:
        self.evaluate()

    def _on_settings(self, change) -> None:
        if change.touches_data:           # the rows checked: the data and its split
            self._changed()

    def _forget_cell(self) -> None:
        """Another document: its gallery starts at the mistakes again."""
        self.cell = None

    def _evaluate_if_due(self) -> None:
        if self._dirty and self.isVisible():
            self.evaluate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.preparing.resume()
        if self._dirty and not self._timer.isActive():
            self._timer.start()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.preparing.pause()               # hidden, it waits until shown

    # --- evaluating ---------------------------------------------------------------

    def evaluate(self) -> Evaluation | None:
        """Evaluate the document's network now and show the result."""
        self._dirty = False
        self._timer.stop()
        start = time.perf_counter()
        try:
            if self.source == "drawn":
                if not drawn_rows_ready(self.doc, self.drawn_path):
                    self._prepare_drawn()        # evaluated when they are prepared
                    return None
                ev = evaluate(self.doc, drawn_test_rows(self.doc, self.drawn_path))
            else:
                ev = evaluate(self.doc)
        except EvaluationError as e:
            self._show_failure(str(e))
            return None
        self.preparing.cancel()                  # whatever it prepared, this is what is shown
        elapsed_ms = 1000 * (time.perf_counter() - start)
        self._timer.setInterval(round(min(MAX_REFRESH_MS, max(REFRESH_MS, elapsed_ms / BUSY_FRACTION))))
        self.evaluation, self.problem = ev, ""
        self.accuracy_label.setText(f"{100 * ev.accuracy:.1f} %")
        self.counts_label.setText(tr("{n_correct:,} right, {value:,} wrong").format(n_correct=ev.n_correct, value=ev.n_rows - ev.n_correct))
        table, tip = per_class_text(ev)
        self.per_class_label.setText(table)
        self.per_class_label.setToolTip(tip)
        self.per_class_label.setVisible(True)
        self.source_label.setText(ev.source)
        self.problem_label.setVisible(False)
        self.note_label.setText(sentence(ev.note))
        self.note_label.setVisible(bool(ev.note))
        self.progress_bar.setVisible(False)
        self.matrix.set_matrix(ev.confusion, ev.class_names)
        self.matrix.setVisible(True)
        self.gallery_box.setVisible(ev.rows.images is not None)
        if self.cell is not None and max(self.cell) < ev.n_classes:
            self.show_cell(*self.cell)
        else:
            self.show_mistakes()
        self.evaluated.emit(ev)
        return ev

    def _show_nothing(self, text: str) -> None:
        self.evaluation, self.problem = None, text
        self.accuracy_label.setText("–")
        self.counts_label.setText("")
        self.per_class_label.setText("")
        self.per_class_label.setVisible(False)
        self.source_label.setText("")
        self.problem_label.setText(text)
        self.problem_label.setVisible(True)
        self.note_label.setVisible(False)
        self.progress_bar.setVisible(False)
        self.matrix.set_matrix(None)
        self.matrix.setVisible(False)
        self.gallery_box.setVisible(False)

    # --- preparing the drawn digits ---------------------------------------------------

    def _prepare_drawn(self) -> None:
        """Prepare the drawn digits the network needs, a slice at a time, and show how far it is.

        Raises
        ------
        EvaluationError
            The network reads no digits, or the file is missing or damaged.
        """
        self.preparing.start(self.doc, self.drawn_path)
        if not self.isVisible():
            self.preparing.pause()
        self._show_nothing("")
        self.problem = ""                        # nothing is wrong: it is not evaluated yet
        self.progress_bar.setVisible(True)
        self._show_progress(self.preparing.done, self.preparing.total)

    def _show_progress(self, done: int, total: int) -> None:
        self.problem_label.setText(tr("Preparing the drawn digits… {done:,} of {total:,}").format(done=done, total=total))
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)

    def _drawn_prepared(self, n: int, seconds: float) -> None:
        self.message.emit(tr("Prepared {drawings} as the digit pad prepares one "
                             "({seconds:.1f} s; kept for next time)")
                          .format(drawings=counted(n, 'drawing', 'drawings'), seconds=seconds))
        self.evaluate()

    def _show_failure(self, text: str) -> None:
        self.preparing.cancel()
        self._show_nothing(sentence(text))
        self.evaluated.emit(None)

    # --- the gallery --------------------------------------------------------------------

    def show_mistakes(self) -> None:
        """The misclassified test images in the gallery, most confident first."""
        ev = self.evaluation
        self.cell = None
        self.matrix.set_selected(None)
        self.mistakes_button.setVisible(False)
        if ev is None:
            return
        rows = ev.mistakes()
        title = (tr("Mistakes: {n} of {n_rows}, most confident first") if len(rows) > 1
                 else tr("Mistakes: {n} of {n_rows}"))
        self.gallery_title.setText(title.format(n=grouped_number(len(rows)), n_rows=grouped_number(ev.n_rows)))
        self._fill(rows, tr("No mistakes: the network gets every {row_name} right").format(row_name=row_words(ev.rows)[0]))

    def show_cell(self, true: int, predicted: int) -> None:
        """The test images of one confusion-matrix cell in the gallery."""
        ev = self.evaluation
        if ev is None:
            return
        self.cell = (true, predicted)
        self.matrix.set_selected(self.cell)
        self.mistakes_button.setVisible(True)
        rows = ev.cell(true, predicted)
        self.gallery_title.setText(self.matrix.cell_text(true, predicted))
        self._fill(rows, tr("No {rows_name} in this cell").format(rows_name=row_words(ev.rows)[1]))

    def _fill(self, rows: np.ndarray, placeholder: str) -> None:
        ev = self.evaluation
        images = ev.rows.images
        if images is None:
            return
        names = ev.class_names
        symbol = "p" if ev.outputs_are_probabilities else "y"
        confidence = ev.confidence
        row_name = sentence(row_words(ev.rows)[0])
        notes = ev.rows.row_notes
        captions, tips = [], []
        for r in rows:
            true, pred = names[ev.labels[r]], names[ev.predicted[r]]
            captions.append((f"{true} → {pred}", f"{symbol} = {confidence[r]:.2f}"))
            note = "" if notes is None else str(notes[r])
            tips.append(tr("{row_name} {value}: true {true}, predicted {pred} ({symbol} = {confidence:.3f})\n").format(row_name=row_name, value=r + 1, true=true, pred=pred, symbol=symbol, confidence=confidence[r])
                        + (sentence(note) + "\n" if note else "")
                        + tr("Click to feed it to the network"))
        self.gallery.set_items(images[rows], rows, captions, tips, value_range=self._value_range(images),
                               placeholder=placeholder)

    @staticmethod
    def _value_range(images: np.ndarray) -> tuple[float, float]:
        return min(0.0, float(np.nanmin(images))), float(np.nanmax(images))

    def feed_row(self, row: int) -> None:
        """Feed test row ``row`` to the network's inputs (the canvas shows it computed)."""
        ev = self.evaluation
        if ev is None:
            return
        try:
            self.doc.set_input(ev.rows.inputs[row])
        except ValueRefused as e:
            self.message.emit(str(e))
            return
        names = ev.class_names
        row_name = sentence(row_words(ev.rows)[0])
        self.message.emit(tr("{row_name} {value} (true {names}, predicted "
                             "{names2}) is the network's input now")
                          .format(row_name=row_name, value=row + 1, names=names[ev.labels[row]], names2=names[ev.predicted[row]]))

    def _on_hover(self, i: int, j: int) -> None:
        self.hover_label.setText("" if i < 0 else self.matrix.cell_text(i, j))
