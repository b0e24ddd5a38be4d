"""The step-through panel: a debugger for feedforward and backprop.

For the network on the canvas and one sample (a row of the data, or the
input row with a target typed here) or a mini-batch of rows, the panel
walks through every number of one training step, the way the tutorial works
Alice's by hand: each weighted sum as a formula, the same with the numbers,
its value; each activation; the loss; backprop from the outputs back, with
the chain rule written out; and the update of every parameter. A mini-batch
goes through each sample in turn, then its loss and gradient as the average
over the samples, with every sample's term written out. The panel renders
the engine's trace (:mod:`nnapp.engine.trace`, :mod:`nnapp.engine.batch_trace`,
:mod:`nnapp.engine.steps`) and never does the maths itself; the gradient
check alone computes, on purpose, its own central differences.

The moves are a debugger's (``navigation.py``: F10 next, Shift+F10 back, F11
end of phase, F5 run to end, Ctrl+F5 or Home reset). Any row of the list can
be chosen; clicking a neuron or connection on the canvas (once stepping has
started) jumps to its first step. The canvas lights up what the current step
is about and shows only the values computed so far (``canvas_sync.py``).
"Apply update" puts the traced update into the document (one undo step).
The panel follows the document: an edit traces again and keeps the
position. While it is hidden it does nothing and catches up when shown;
while training runs it waits. A network of more than
:data:`BACKGROUND_TRACE_PARAMETERS` weights and biases is traced again after
a change on a worker thread (the window goes on answering meanwhile);
whatever the panel is asked before that trace arrives traces at once.

Longer than most modules: it is one widget, :class:`StepsPanel`, and what is
left in it (following the document, tracing again, background traces, the
sample) reads and changes the panel's one state; the moves, the canvas
lighting, the table and the sample picker are modules of their own.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnapp.engine.steps import Step
from nnapp.model.files import start_of
from nnapp.model.step_marks import target_of
from nnapp.model.stepping import Stepper, TraceJob

from ..editor import Editor
from ..file_loading import Background
from ..selection import Selection
from .canvas_sync import CanvasSync
from .current_step import CurrentStep
from .export import StepsExport
from .navigation import NavigationBar
from .options import DEFAULT_DECIMALS, MAX_DECIMALS, MIN_DECIMALS, decimals_box, gradcheck_box, layer_view_box
from .sample_picker import SamplePicker
from .table import StepsTable, StepsTableModel
from nnapp.text import marked, tr

BACKGROUND_TRACE_PARAMETERS = 1_000_000
"""Networks with more weights and biases than this are traced again on a
worker thread after a change, not inside it: a trace of 4.5 million weights
(three copies of them: before, gradients, after) takes 30-150 ms on the GUI
thread, on top of what the change itself (opening a file: the canvas, the
map …) holds the window."""

TRACING = marked("Tracing the network…")
"""What the panel says while a trace is made on a worker thread."""


class StepsPanel(QWidget):
    """Step through one sample's (or a mini-batch's) feedforward and backprop on the canvas.

    Parameters
    ----------
    editor : Editor
        The document and its undo stack ("Apply update" is pushed there).
    scene : NetworkScene
        The canvas to light up and to take clicks from.

    Signals
    -------
    position_changed(object)
        The current step's index, or None back at the start.
    message(str)
        Something for the status bar (what was copied or written).
    """

    position_changed = Signal(object)
    message = Signal(str)

    def __init__(self, editor: Editor, scene, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps_panel")
        self.editor = editor
        self.scene = scene
        self.doc = editor.doc
        self.stepper = Stepper(self.doc)
        self.decimals = DEFAULT_DECIMALS
        self._stale = True
        self._keep = True
        self._locked = False
        self._generation = 0
        self._syncing = False
        self.canvas = CanvasSync(scene)

        self.model = StepsTableModel(self.stepper, self)
        self.table = StepsTable(self.model)
        self._build()
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        # the stepper says when its steps were made again and when it moved
        self.stepper.rebuilt.connect(self._rebuilt)
        self.stepper.moved.connect(self.position_changed.emit)

        events = self.doc.events
        follow = [
            (events.reset, self._on_document_reset),
            (events.structure_changed, self._on_changed),
            (events.parameters_changed, self._on_changed),
            (events.layers_changed, self._on_changed),
            (events.names_changed, self._on_changed),
            (events.settings_changed, self._on_changed),
            (events.path_changed, self._on_changed),
            (events.input_changed, self._on_input),
        ]
        for event, callback in follow:
            event.connect(callback)
        self.destroyed.connect(lambda *_: _unfollow(follow))
        scene.selection_changed.connect(self._on_canvas_selection)
        # training starting or ending: told by the lock, not asked again and again
        lock_changed = self.editor.lock.changed
        lock_changed.connect(self._lock_changed)
        self.destroyed.connect(lambda *_: lock_changed.disconnect(self._lock_changed))
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self._trace_in_background)
        self._changes = 0
        self._background = Background(self)
        self._background.finished.connect(self._traced)
        self._job: tuple[int, TraceJob] | None = None
        self.catch_up()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        self.navigation = NavigationBar({
            "next": self.next_step, "back": self.previous_step, "phase_end": self.run_to_phase_end,
            "run_end": self.run_to_end, "reset": self.reset,
        })
        self.actions = self.navigation.actions
        self.nav_buttons = self.navigation.buttons

        self.picker = SamplePicker(self._n_outputs)
        self.picker.sample_chosen.connect(self.choose_sample)
        self.picker.batch_chosen.connect(self.choose_batch)
        self.picker.target_typed.connect(lambda value: self.set_target(list(value) or None))
        self.picker.refused.connect(lambda text: self.current_step.show_status(text, error=True))
        self.picker.reverted.connect(lambda: self.current_step.show_status(""))
        self.sample = self.picker.combo
        self.target = self.picker.target
        decimals_label, self.decimals_box = decimals_box()
        self.decimals_box.valueChanged.connect(self.set_decimals)
        self.gradcheck = gradcheck_box()
        self.gradcheck.toggled.connect(self.set_gradcheck)
        self.layer_view_box = layer_view_box()
        self.layer_view_box.toggled.connect(lambda on: self._show_current())

        # two rows above, so the panel fits a narrow dock: the moves and how the steps are shown,
        # then what is traced
        self.navigation.fit(0)  # words come with room (see resizeEvent), not before
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.navigation)
        top.addStretch(1)
        top.addWidget(self.layer_view_box)
        top.addWidget(self.gradcheck)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.picker)
        row.addStretch(1)
        row.addWidget(decimals_label)
        row.addWidget(self.decimals_box)

        self.current_step = CurrentStep()
        self.export_buttons = StepsExport(self)
        self.export_buttons.message.connect(self.message)
        self.export_buttons.failed.connect(lambda text: self.current_step.show_status(text))

        self.apply_button = QPushButton(tr("Apply update"))
        self.apply_button.setObjectName("steps_apply")
        self.apply_button.setToolTip(
            tr("Put the weights after this training step into the network: every parameter "
            "w ← w − η·∂L/∂w (for a mini-batch with its averaged gradient; undo takes them back); "
            "the trace then starts from the new weights"))
        self.apply_button.clicked.connect(self.apply_update)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.export_buttons.copy_button)
        buttons.addStretch(1)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(4)
        left_box.addWidget(self.current_step, 1)
        left_box.addLayout(buttons)

        list_bar = QHBoxLayout()
        list_bar.setContentsMargins(0, 0, 0, 0)
        list_bar.addStretch(1)
        export_label = QLabel(tr("Export all as"))
        export_label.setToolTip(tr("Write every step to a file, as Markdown or as LaTeX"))
        list_bar.addWidget(export_label)
        list_bar.addWidget(self.export_buttons.markdown_button)
        list_bar.addWidget(self.export_buttons.latex_button)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.setSpacing(4)
        right_box.addWidget(self.table, 1)
        right_box.addLayout(list_bar)

        # the list gets a little more: the current step wraps, the list's columns elide
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([400, 500])
        left.setMinimumWidth(220)
        right.setMinimumWidth(240)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(4)
        outer.addLayout(top)
        outer.addLayout(row)
        outer.addWidget(self.splitter, 1)
        self.controls = [*self.nav_buttons.values(), *self.picker.controls(), self.decimals_box, self.gradcheck,
                         self.table, self.apply_button, self.export_buttons.copy_button,
                         self.export_buttons.markdown_button, self.export_buttons.latex_button]

    def _n_outputs(self) -> int:
        net = self.doc.network()
        return 1 if net is None else net.n_outputs

    # --- public: moving ------------------------------------------------------------------

    @property
    def position(self) -> int | None:
        """The current step's index; None before the first step."""
        return self.stepper.position

    @property
    def current(self) -> Step | None:
        return self.stepper.current

    def next_step(self) -> None:
        self._move(self.stepper.next)

    def previous_step(self) -> None:
        self._move(self.stepper.back)

    def run_to_phase_end(self) -> None:
        self._move(self.stepper.phase_end)

    def run_to_end(self) -> None:
        self._move(self.stepper.run_end)

    def reset(self) -> None:
        """Back to the start: no step, nothing lit, the canvas as usual."""
        self._move(self.stepper.reset)

    def go_to(self, index: int | None) -> None:
        """Show step ``index`` (None: back to the start)."""
        self._move(lambda: self.stepper.go(index))

    def jump_to(self, target: tuple) -> bool:
        """Go to the first step about ``target`` (``("neuron", k, j)``,
        ``("weight", link, i, j)`` …); False if there is none."""
        found = []
        self._move(lambda: found.append(self.stepper.jump_to(target)))
        return bool(found) and found[0] is not None

    def _move(self, how) -> None:
        if self._locked:
            return
        self.catch_up()
        how()                   # a move sends position_changed (the stepper's ``moved``)
        self._show()

    # --- public: sample, batch, target, display --------------------------------------------

    def choose_sample(self, index: int) -> None:
        """Trace sample ``index`` of the chooser (0: the input row)."""
        if self._locked:
            return
        self.stepper.choose_sample(index)
        self._reload()

    def choose_sample_named(self, label: str) -> None:
        """Trace the sample shown as ``label`` ("Alice", "Input row")."""
        self.catch_up()
        self.choose_sample(self.picker.labels().index(label))

    def choose_batch(self, rows=None) -> None:
        """Trace a mini-batch of these rows (numbered from 1; None: the rows
        chosen last, at first every row of a small data set)."""
        if self._locked:
            return
        self.current_step.show_status("")
        self.stepper.choose_batch(rows)
        self._reload()

    def set_target(self, values) -> None:
        """The input row's target (None: the default one)."""
        if self._locked:
            return
        self.current_step.show_status("")
        self.stepper.set_target(values)
        self._reload()

    def set_decimals(self, decimals: int) -> None:
        decimals = max(MIN_DECIMALS, min(MAX_DECIMALS, int(decimals)))
        self.decimals = decimals
        if self.decimals_box.value() != decimals:
            self.decimals_box.setValue(decimals)
            return
        self.model.set_decimals(decimals)
        self._show_current()

    def set_gradcheck(self, on: bool) -> None:
        if self.gradcheck.isChecked() != bool(on):
            self.gradcheck.setChecked(bool(on))
            return
        self.model.set_gradcheck(on)
        self.table.show_numeric(on)
        self._show_current()

    # --- public: the update, copy, export ---------------------------------------------------

    def apply_update(self) -> bool:
        """Push the traced update (every parameter one gradient step; for a
        mini-batch, with its averaged gradient) as one undoable edit; the
        trace follows the new weights."""
        if self._locked:
            return False
        self.catch_up()
        command = self.stepper.apply_update()
        if command is None:
            return False
        return self.editor.push(command)

    def step_text(self) -> str:
        return self.export_buttons.step_text()

    def copy_step(self) -> None:
        self.export_buttons.copy_step()

    def title(self) -> str:
        return self.export_buttons.title()

    def export_text(self, kind: str) -> str:
        return self.export_buttons.export_text(kind)

    def export(self, kind: str, path: str) -> None:
        self.export_buttons.export(kind, path)

    def ask_export(self, kind: str) -> None:
        self.export_buttons.ask_export(kind)

    # --- following the document ---------------------------------------------------------

    def _on_document_reset(self) -> None:
        start = start_of(self.doc)
        self.stepper.restart(start.sample, start.target)
        self._keep = False
        self._on_changed()

    def _on_input(self) -> None:
        if self.stepper.current_sample().x is None and not self.stepper.in_batch:
            self._on_changed()

    def _on_changed(self, *_) -> None:
        self._stale = True
        self._changes += 1
        if self.isVisible() and not self._check_lock():
            if _parameter_count(self.doc) > BACKGROUND_TRACE_PARAMETERS:
                self._later.start()     # after the change (and its other views), off this thread
                return
            self.catch_up()
            self._show()

    def is_tracing(self) -> bool:
        """True while a trace is on its way from a worker thread (see
        :data:`BACKGROUND_TRACE_PARAMETERS`)."""
        return self._later.isActive() or self._job is not None

    def _trace_in_background(self) -> None:
        if not self._stale or self._locked or not self.isVisible():
            return
        keep, self._keep = self._keep, True
        job = self.stepper.start_rebuild(keep=keep)
        if job is None:         # nothing to trace: say so now (the stepper sent ``rebuilt``)
            self._stale = False
            self._show()
            return
        if not keep:            # another document: its steps only, once traced
            self.stepper.forget()
            self._rebuilt()
        self._job = (self._changes, job)
        self.current_step.show_status(tr(TRACING))
        self._background.start(job.run, "trace")

    def _traced(self, outcome) -> None:
        pending, self._job = self._job, None
        if pending is None or pending[0] != self._changes or not self._stale or self._locked:
            return              # the document changed meanwhile (a newer trace follows), or it was done here
        if outcome.error is not None:   # traced here instead, the way a small network is
            self.catch_up()
            self._show()
            return
        self._stale = False
        self.stepper.finish_rebuild(pending[1], outcome.value)     # sends ``rebuilt``
        self._show()

    def catch_up(self) -> None:
        """Trace again if the document changed since the last trace."""
        if self._stale and not self._locked:
            self._stale = False
            self._later.stop()
            dropped = self._job is not None
            if dropped:                 # what a worker is tracing is made here: drop it
                self._job = None
                self._background.drop()
            keep, self._keep = self._keep, True
            self.stepper.rebuild(keep=keep)      # sends ``rebuilt``
            if dropped:
                self.current_step.show_status(self.stepper.problem)

    def _rebuilt(self) -> None:
        """The stepper made its steps again: the chooser and the list follow."""
        self._generation += 1
        self.picker.show_samples(self.stepper)
        self.table.show_samples(self.stepper.in_batch)
        self.model.reload()

    def _reload(self) -> None:
        self._stale = True
        self.catch_up()
        self._show()

    def _lock_changed(self, _reason) -> None:
        if self.isVisible():
            self._check_lock()

    def _check_lock(self) -> bool:
        """Notice training starting or ending; True while it runs."""
        locked = bool(self.editor.locked)
        if locked != self._locked:
            self._locked = locked
            for w in self.controls:
                w.setEnabled(not locked)
            self.navigation.set_locked(locked)
            if locked:
                self.canvas.clear()
                self.current_step.show_status(tr("Training is running: stepping through waits until it stops."))
            else:
                self.current_step.show_status("")
                self._stale = True
                if self.isVisible():
                    self.catch_up()
                    self._show()
        return locked

    # --- showing ------------------------------------------------------------------------

    def _show(self) -> None:
        """The current step in the panel, the list and on the canvas."""
        self.picker.show_samples(self.stepper)
        self.picker.show_target(self.stepper)
        self._show_current()
        self._show_row()
        self._enable()
        if self.isVisible() and not self._locked:
            self.canvas.show(self.stepper, self._generation)

    def _show_current(self) -> None:
        if not self._locked:
            self.current_step.show_status(self.stepper.problem)
        self.current_step.show_step(self.stepper, self.decimals, gradcheck=self.gradcheck.isChecked(),
                                    matrices=self.layer_view_box.isChecked())

    def _show_row(self) -> None:
        position = self.stepper.position
        self.model.set_position(position)
        sm = self.table.selectionModel()
        self._syncing = True
        try:
            if position is None:
                sm.clearSelection()
                sm.setCurrentIndex(self.model.index(-1, -1), QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollToTop()
            else:
                index = self.model.index(position, 2)
                sm.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                   | QItemSelectionModel.SelectionFlag.Rows)
                self._scroll_to(index)
        finally:
            self._syncing = False

    def _scroll_to(self, index) -> None:
        """Keep the current row away from the edges of the list (two rows of
        what comes next stay in sight)."""
        table = self.table
        rect = table.visualRect(index)
        margin = 2 * table.verticalHeader().defaultSectionSize()
        inner = table.viewport().rect().adjusted(0, margin, 0, -margin)
        if not rect.isValid() or rect.top() < inner.top() or rect.bottom() > inner.bottom():
            table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _enable(self) -> None:
        if self._locked:
            return
        self.navigation.enable(self.stepper)
        self.apply_button.setEnabled(self.stepper.can_apply())
        self.export_buttons.enable()

    # --- from the list and the canvas ----------------------------------------------------

    def _on_row(self, current, _previous) -> None:
        if not self._syncing and current.isValid() and current.row() != self.stepper.position:
            self.go_to(current.row())

    def _on_canvas_selection(self, selection: Selection) -> None:
        """Clicking a neuron or a connection (once stepping has started) jumps
        to its first step."""
        if self.stepper.position is None or self._locked or not self.isVisible():
            return
        item = selection.single()
        if item is None:
            return
        target = target_of(self.doc, item)
        if target is not None:
            self.jump_to(target)

    # --- Qt -----------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._check_lock():
            self.catch_up()
            self._show()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.navigation.fit(self.width())

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.canvas.clear()


def _parameter_count(doc) -> int:
    """Weights and biases of the document's network (masked ones counted too)."""
    return sum(link.W.size for link in doc.links) + sum(layer.size for layer in doc.layers[1:])


def _unfollow(follow: list) -> None:
    for event, callback in follow:
        event.disconnect(callback)
