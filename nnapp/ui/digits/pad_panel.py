"""The digit panel: draw a digit and see the document's network read it.

The pad with its tools (brush size, Undo stroke, Clear), the pictures of the
preprocessing, and the bars of the network's scores with the digit it reads.
Every change of the drawing is read at once (:func:`~nnapp.model.digits.
read_digit`: preprocessing and one forward pass) and shown; the input vector
is also fed to the document (``doc.set_input``), so the canvas lights up
with the network's activations.

Feeding the document makes every view of it follow (canvas, input row, step
panel), which costs far more than reading the digit (about 20 ms against
3 ms for the MNIST network), and a mouse move that comes while the
document is being fed waits. So the bars and pictures follow every move,
and the document is fed at once when the pen is lifted; while a stroke is
being drawn it is fed when the pen rests (:data:`REST_MS` without a move)
and otherwise at most every :data:`FEED_MS` milliseconds (or four times the
last feed's cost, if that is longer).

Under the bars, "Teach" opens the :class:`~nnapp.ui.digits.teach_box.TeachBox`:
label drawings and teach the network with them.

The panel follows the document: a new network, new weights (training, undo)
or new data update the reading. When the network cannot read digits the
panel says why and offers to open a digit example, through the window's
Open Example (which asks about unsaved changes first).
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from nnapp.model.digits import DigitReading, digit_image_shape, digit_problem, digit_scores, read_digit
from nnapp.model.errors import EditError
from nnapp.text import marked, sentence, tr

from ..editor import Editor
from ..fields import push_button as _button
from .pad import BRUSH_RANGE, DigitPad
from .pictures import PreprocessPictures
from .probability_bars import ProbabilityBars
from .teach_box import TeachBox

FEED_MS = 1000
"""Fewest milliseconds between two feeds of the input to the document while the pen moves."""
REST_MS = 80
"""A pen that has not moved for this many milliseconds rests: the document is fed."""

WIDE = 1.35
"""The panel lays the pad beside the rest when it has this many times more width than height …"""
WIDE_MIN_WIDTH = 660
"""… and at least this many pixels of width."""

EXAMPLES = (
    ("mnist", marked("Open the MNIST digit network (28×28)"),
     marked("The 784-256-10 network trained on MNIST digits and drawn digits: the one to draw for")),
    ("digits8", marked("Open the 8×8 digit network"),
     marked("The 64-30-10 network trained on scikit-learn's 8×8 digits")),
)


class DigitPanel(QWidget):
    """Draw a digit; see the preprocessing and what the network reads.

    Parameters
    ----------
    editor : Editor
    open_example : callable, optional
        ``open_example(name) -> bool``: the window's way to open a built-in
        example (it asks about unsaved changes). Without it the panel offers
        no example.

    Signals
    -------
    message(str)
        A sentence for the status bar.

    Attributes
    ----------
    pad : DigitPad
    pictures : PreprocessPictures
    bars : ProbabilityBars
    reading : DigitReading or None
        The current drawing as the network read it (None when the network
        cannot read digits).
    """

    message = Signal(str)

    def __init__(self, editor: Editor, open_example: Callable[[str], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digit_panel")
        self.editor = editor
        self.doc = editor.doc
        self._open_example = open_example
        self.reading: DigitReading | None = None
        self.image_shape: tuple[int, int] | None = None
        #: Seconds between two feeds during a stroke (at least; see :meth:`feed_input`);
        #: None feeds the document only when the pen is lifted.
        self.feed_interval: float | None = FEED_MS / 1000
        self._feed_wait = FEED_MS / 1000
        self._fed_at = -1e9
        self._watched: QWidget | None = None

        self.feed_timer = QTimer(self)
        self.feed_timer.setObjectName("digit_feed_timer")
        self.feed_timer.setSingleShot(True)
        self.feed_timer.timeout.connect(self.feed_input)

        # two pages, one shown (not a QStackedWidget: its hidden page's wrapped text would still
        # make the panel ask for a height for its width)
        self.pad_page = self._build_pad_page()
        self.problem_page = self._build_problem_page()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.pad_page)
        layout.addWidget(self.problem_page)

        self.pad.drawing_changed.connect(self._drawing_changed)
        self.pad.stroke_finished.connect(self._update_tools)
        events = self.doc.events
        follow = [
            (events.reset, self._network_replaced),
            (events.structure_changed, self._network_replaced),
            (events.layers_changed, self._rescore),
            (events.parameters_changed, self._rescore),
            (events.settings_changed, self._on_settings),
        ]
        for event, callback in follow:
            event.connect(callback)
        self.destroyed.connect(lambda *_: _unfollow(follow))
        self._network_replaced()
        self._update_tools()

    # --- building -----------------------------------------------------------------------------

    def _build_pad_page(self) -> QWidget:
        page = QWidget()
        self.pad = DigitPad()
        self.brush = QSpinBox()
        self.brush.setObjectName("digit_brush")
        self.brush.setRange(*BRUSH_RANGE)
        self.brush.setValue(int(self.pad.brush_size()))
        self.brush.setSuffix(tr(" px"))
        self.brush.setToolTip(tr("Brush diameter, in pixels of the {resolution}×{resolution} drawing").format(resolution=self.pad.resolution))
        self.brush.valueChanged.connect(self.pad.set_brush_size)
        brush_label = QLabel(tr("&Brush"))
        brush_label.setBuddy(self.brush)
        self.undo_button = _button(tr("&Undo stroke"), "digit_undo", lambda: self.pad.undo_stroke(),
                                   tr("Take back the last stroke"))
        self.clear_button = _button(tr("C&lear"), "digit_clear", lambda: self.pad.clear(), tr("Start again on a blank pad"))
        tools = QVBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.setSpacing(4)
        tools.addWidget(brush_label)
        tools.addWidget(self.brush)
        tools.addSpacing(8)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.clear_button)
        tools.addStretch(1)
        self.teach_button = QPushButton(tr("&Teach ▸"))
        self.teach_button.setObjectName("digit_teach_toggle")
        self.teach_button.setCheckable(True)
        self.teach_button.setToolTip(tr("Label your drawings and teach the network with them"))
        tools.addWidget(self.teach_button)

        self.pictures = PreprocessPictures()
        self.bars = ProbabilityBars()
        self.teach = TeachBox(self.editor, lambda: self.reading, self.bars)
        self.teach.hide()
        self.teach.message.connect(self.message)
        self.teach_button.toggled.connect(self._show_teach)

        drawing = QHBoxLayout()
        drawing.setContentsMargins(0, 0, 0, 0)
        drawing.addWidget(self.pad, 1)
        drawing.addLayout(tools)
        answer = QVBoxLayout()
        answer.setContentsMargins(0, 0, 0, 0)
        answer.setSpacing(4)
        answer.addWidget(self.bars, 1)
        answer.addWidget(self.pictures)
        answer.addWidget(self.teach)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom, page)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(4)
        self.body.addLayout(drawing, 3)
        self.body.addLayout(answer, 2)
        return page

    def _build_problem_page(self) -> QWidget:
        page = QWidget()
        self.problem = QLabel()
        self.problem.setObjectName("digit_problem")
        self.problem.setWordWrap(True)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.problem)
        self.example_buttons: dict[str, QPushButton] = {}
        if self._open_example is not None:
            for k, (name, _text, _tip) in enumerate(EXAMPLES):
                button = _button(tr(EXAMPLES[k][1]), f"digit_open_{name}",
                                 lambda checked=False, n=name: self.open_example(n), tr(EXAMPLES[k][2]))
                layout.addWidget(button)
                self.example_buttons[name] = button
        layout.addStretch(1)
        return page

    # --- following the document -------------------------------------------------------------

    def _network_replaced(self, *_) -> None:
        """A new network (or a new shape): read the drawing again and feed it, when there is one."""
        self.image_shape = digit_image_shape(self.doc)
        if self.image_shape is None:
            self.reading = None
            self.feed_timer.stop()
            text = digit_problem(self.doc)
            if self._open_example is not None:
                text += tr("\n\nOpen a digit network to draw for:")
            self.problem.setText(text)
            self._show_page(self.problem_page)
            return
        self._show_page(self.pad_page)
        self.bars.set_previous(None)
        self._read()
        self.teach.network_changed(self.doc.layers[0].size)
        if not self.pad.is_empty():
            self.feed_input()

    def _show_teach(self, shown: bool) -> None:
        self.teach.setVisible(shown)
        self.teach_button.setText(tr("&Teach ▾") if shown else tr("&Teach ▸"))

    def _show_page(self, page: QWidget) -> None:
        other = self.problem_page if page is self.pad_page else self.pad_page
        other.hide()
        page.show()

    def _rescore(self, *_) -> None:
        """New weights or activations: the same input, read again by one forward pass."""
        if self.reading is None:
            return
        self.bars.set_previous(None)
        if self.reading.empty:
            return
        scores, is_probability = digit_scores(self.doc.network(), self.reading.vector)
        self.reading.scores, self.reading.is_probability = scores, is_probability
        self.bars.set_scores(scores, is_probability)

    def _on_settings(self, change) -> None:
        if "data" in change:              # the normalisation of the input comes with the data
            self._data_changed()

    def _data_changed(self, *_) -> None:
        """The data (and with it the normalisation of the input) may have changed."""
        if self.reading is None:
            return
        before = self.reading.vector
        self._read()
        if not self.pad.is_empty() and not np.array_equal(before, self.reading.vector):
            self.feed_input()

    # --- following the pad -------------------------------------------------------------------

    def _drawing_changed(self) -> None:
        if self.image_shape is None:
            self._update_tools()
            return
        self.bars.set_previous(None)
        self._read()
        self._update_tools()
        if self.pad.is_drawing():
            if self.feed_interval is None:
                return
            if time.perf_counter() - self._fed_at >= self._feed_wait:
                self.feed_timer.start(0)   # after this move has been shown
            else:
                self.feed_timer.start(REST_MS)  # each move starts the wait again: fed when the pen rests
        else:
            self.feed_input()

    def _read(self) -> None:
        """Read the drawing with the network; show the scores and the pictures."""
        picture = self.pad.picture()
        self.reading = read_digit(self.doc, picture)
        self.bars.set_scores(None if self.reading.empty else self.reading.scores, self.reading.is_probability)
        self.pictures.show_steps(self.reading.preprocessed, self.image_shape, picture)
        self.teach.drawing_changed()

    def feed_input(self) -> None:
        """Give the current reading's input vector to the document (the canvas lights up)."""
        self.feed_timer.stop()
        if self.reading is None or self.reading.vector.shape != self.doc.input.shape:
            return
        if np.array_equal(self.reading.vector, self.doc.input):
            return
        start = time.perf_counter()
        try:
            self.doc.set_input(self.reading.vector)
        except EditError as e:
            self.message.emit(str(e))
            return
        self._fed_at = time.perf_counter()
        self._feed_wait = max(self.feed_interval or 0.0, 4 * (self._fed_at - start))

    def _update_tools(self) -> None:
        self.undo_button.setEnabled(bool(self.pad.strokes) and not self.pad.is_drawing())
        self.clear_button.setEnabled(not self.pad.is_empty())

    # --- examples -----------------------------------------------------------------------------

    def open_example(self, name: str) -> bool:
        """Open the digit example ``name`` through the window; refused while training runs."""
        if self._open_example is None:
            return False
        if self.editor.locked:
            reason = self.editor.locked
            self.message.emit(sentence(reason))
            return False
        return bool(self._open_example(name))

    # --- Qt events ----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._lay_out()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ParentChange:
            self._watch_parent()
        return super().event(event)

    def eventFilter(self, watched, event) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Resize:
            self._lay_out()
        return False

    def _watch_parent(self) -> None:
        """Follow the size of the parent: in a dock's scroll area it is the room there is, while the
        panel itself may be larger than that (and scroll)."""
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = self.parentWidget()
        if self._watched is not None:
            self._watched.installEventFilter(self)

    def _lay_out(self) -> None:
        """The pad beside the rest when there is room for it, else above it."""
        room = self._watched.size() if self._watched is not None else self.size()
        wide = room.width() >= WIDE_MIN_WIDTH and room.width() > WIDE * room.height()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.body.direction() != direction:
            self.body.setDirection(direction)



def _unfollow(follow: list) -> None:
    for event, callback in follow:
        event.disconnect(callback)
