"""The step-through panel: a debugger for feedforward and backprop.

For the network on the canvas and one sample (a row of the data, or the
input row with a target typed here) the panel walks through every number of
one training step, the way the tutorial works Alice's by hand: each weighted
sum as a formula, the same with the numbers, its value; each activation; the
loss; backprop from the outputs back, with the chain rule written out; and
the update of every parameter. It renders the engine's trace
(:mod:`nnapp.engine.trace`, :mod:`nnapp.engine.steps`) and never does the
maths itself; the gradient check alone computes, on purpose, its own
central differences.

Controls, like a debugger's (the shortcuts work anywhere in the window while
the panel is visible):

==================  ==============  =========================================
Next                F10             the next step
Back                Shift+F10       the step before
End of phase        F11             the last step of this phase (then the next)
Run to end          F5              the last step
Reset               Ctrl+F5, Home   back to the start: nothing computed
==================  ==============  =========================================

Any row of the list can be chosen; clicking a neuron or connection on the
canvas (once stepping has started) jumps to its first step. The canvas
lights up what the current step is about and shows only the values computed
so far. "Apply update" puts the traced update into the document (one undo
step). The panel follows the document: an edit traces again and keeps the
position. While it is hidden it does nothing and catches up when shown;
while training runs it waits.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnapp.engine.matrix_view import layer_view, render_layer_view
from nnapp.engine.steps import PHASE_TITLES, Step, fmt, render_latex, render_markdown
from nnapp.model.stepping import GRADCHECK_H, Stepper, parse_target, target_of

from .editor import Editor
from .fields import ERROR_STYLE, FieldEdit
from .selection import Selection
from .steps_table import StepsTable, StepsTableModel

MIN_DECIMALS, MAX_DECIMALS, DEFAULT_DECIMALS = 2, 10, 4

WIDE_PANEL = 1000
"""From this width on every navigation button shows its word."""

LOCK_POLL_MS = 300
"""How often a visible panel checks whether training has started or ended."""

NOTE_STYLE = "color: #9a5b00;"
"""The colour of a note about the whole trace (forward only, training runs)."""

MATH_FONT = "DejaVu Sans"
"""Draws σ′, ∂, Σ, δ, ŷ, η and subscripts."""

SHORTCUTS = {
    "next": ("F10",),
    "back": ("Shift+F10",),
    "phase_end": ("F11",),
    "run_end": ("F5",),
    "reset": ("Ctrl+F5", "Home"),
}

_SUBSCRIPT = re.compile(r"_([A-Za-z0-9]+)")


def math_html(text: str) -> str:
    """A formula as rich text: ``z_h1`` → z<sub>h1</sub> (the rest escaped)."""
    return _SUBSCRIPT.sub(r"<sub>\1</sub>", html.escape(text, quote=False))


def _font_size(length: int) -> int:
    """Points for a formula of ``length`` characters: big while it fits on a
    line or two, smaller for the long sums of wide layers."""
    return 15 if length <= 44 else 13 if length <= 90 else 11


def step_text(step: Step, decimals: int) -> str:
    """One step as plain text, as Copy puts it on the clipboard::

        ∂L/∂w1 = x1 · δ_h1
               = (−2) · (−0.0107)
               = 0.0215
    """
    value = fmt(step.value, decimals)
    if step.kind == "input":
        return f"{step.formula} = {value}   (input)"
    pad = " " * max(len(step.formula.split(" = ")[0].split(" ← ")[0]) + 1, 1)
    lines = [step.formula]
    numbers = step.numbers_at(decimals)
    if numbers and numbers != f"= {value}":
        lines.append(pad + numbers)
    lines.append(f"{pad}= {value}")
    if step.note:
        lines.append(f"({step.note})")
    return "\n".join(lines)


class TargetEdit(FieldEdit):
    """The input row's target: "1", or "0, 1, 0", or a class number."""

    def __init__(self, n_outputs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._n_outputs = n_outputs

    def text_for(self, value, editing: bool) -> str:
        return "" if value is None else ", ".join(f"{v:g}" for v in value)

    def parse(self, text: str):
        return tuple(parse_target(text, self._n_outputs()).tolist())


class StepsPanel(QWidget):
    """Step through one sample's feedforward and backprop on the canvas.

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
        self._canvas_lit = False
        self._shown_known: tuple | None = None
        self._generation = 0
        self._shown_lit: tuple | None = None
        self._syncing = False
        self._sample_labels: list[str] = []
        self.actions: dict[str, QAction] = {}

        self.model = StepsTableModel(self.stepper, self)
        self.table = StepsTable(self.model)
        self._build()
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

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
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(LOCK_POLL_MS)
        self._lock_timer.timeout.connect(self._check_lock)
        self._catch_up()

    # --- building ---------------------------------------------------------------------

    def _build(self) -> None:
        style = self.style()
        SP = QStyle.StandardPixmap
        specs = [
            ("reset", "Reset", SP.SP_MediaSkipBackward, "Back to the start: nothing computed yet", self.reset),
            ("back", "Back", SP.SP_MediaSeekBackward, "The step before", self.previous_step),
            ("next", "Next", SP.SP_MediaPlay, "The next step", self.next_step),
            ("phase_end", "End of phase", SP.SP_MediaSkipForward,
             "To the last step of this phase (pressed again: of the next phase)", self.run_to_phase_end),
            ("run_end", "Run to end", SP.SP_MediaSeekForward, "To the last step of the update", self.run_to_end),
        ]
        nav = QHBoxLayout()
        nav.setSpacing(2)
        self.nav_buttons: dict[str, QToolButton] = {}
        for name, text, icon, tip, slot in specs:
            action = QAction(style.standardIcon(icon), text, self)
            action.setObjectName(f"action_steps_{name}")
            keys = [QKeySequence(k) for k in SHORTCUTS[name]]
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shown = " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            action.setToolTip(f"{tip} ({shown})")
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            self.addAction(action)
            self.actions[name] = action
            button = QToolButton()
            button.setObjectName(f"steps_{name}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(False)
            nav.addWidget(button)
            self.nav_buttons[name] = button

        self.sample = QComboBox()
        self.sample.setObjectName("steps_sample")
        self.sample.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sample.setMinimumContentsLength(8)
        self.sample.setToolTip("The sample to trace: the input row (the values on the canvas) or a row of the data")
        self.sample.activated.connect(self.choose_sample)
        sample_label = QLabel("Sample")
        sample_label.setBuddy(self.sample)
        self.target = TargetEdit(self._n_outputs)
        self.target.setObjectName("steps_target")
        self.target.setMinimumWidth(70)
        self.target.setMaximumWidth(200)
        self.target.committed.connect(lambda value: self.set_target(list(value)))
        self.target.refused.connect(self._show_target_error)
        self.target.reverted.connect(lambda: self._show_status(""))
        target_label = QLabel("Target")
        target_label.setBuddy(self.target)
        self.decimals_box = QSpinBox()
        self.decimals_box.setObjectName("steps_decimals")
        self.decimals_box.setRange(MIN_DECIMALS, MAX_DECIMALS)
        self.decimals_box.setValue(self.decimals)
        self.decimals_box.setToolTip("Digits after the decimal point")
        self.decimals_box.valueChanged.connect(self.set_decimals)
        decimals_label = QLabel("Decimals")
        decimals_label.setBuddy(self.decimals_box)
        self.gradcheck = QCheckBox("Gradient check")
        self.gradcheck.setObjectName("steps_gradcheck")
        self.gradcheck.setToolTip(
            "Show each ∂L/∂w and ∂L/∂b beside its central-difference estimate "
            "(L(p + h) − L(p − h)) / 2h, computed apart from backprop")
        self.gradcheck.toggled.connect(self.set_gradcheck)
        self.layer_view_box = QCheckBox("Layer as matrices")
        self.layer_view_box.setObjectName("steps_layer_view")
        self.layer_view_box.setToolTip(
            "Also show the current step's whole layer in matrix form, with the shapes: "
            "z(k) = a(k−1)·W + b, δ, ∂L/∂W = a(k−1)ᵀ·δ")
        self.layer_view_box.toggled.connect(lambda on: self._show_current())

        # two rows, so the panel fits a narrow dock: the moves, then what is traced
        top = QVBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        nav.addStretch(1)
        top.addLayout(nav)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        top.addLayout(row)
        row.addWidget(sample_label)
        row.addWidget(self.sample)
        row.addSpacing(6)
        row.addWidget(target_label)
        row.addWidget(self.target)
        row.addStretch(1)
        row.addWidget(decimals_label)
        row.addWidget(self.decimals_box)

        # the current step, big
        self.status = QLabel()
        self.status.setObjectName("steps_status")
        self.status.setWordWrap(True)
        self.status.hide()
        self.where = QLabel()
        self.where.setObjectName("steps_where")
        self.where.setStyleSheet("color: #5f6368;")
        self.where.setWordWrap(True)
        self.formula = self._big_label("steps_formula", 15, rich=True)
        self.numbers = self._big_label("steps_numbers", 15)
        self.result = self._big_label("steps_result", 16, bold=True)
        self.note = QLabel()
        self.note.setObjectName("steps_note")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #5f6368; font-style: italic;")
        self.numeric = QLabel()
        self.numeric.setObjectName("steps_numeric")
        self.numeric.setWordWrap(True)
        self.numeric.setTextFormat(Qt.TextFormat.PlainText)
        self.numeric.setStyleSheet("color: #1b5e20;")
        self.numeric.hide()
        self.matrix = QLabel()
        self.matrix.setObjectName("steps_matrix")
        self.matrix.setWordWrap(True)
        self.matrix.setTextFormat(Qt.TextFormat.PlainText)
        self.matrix.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.matrix.setStyleSheet("color: #1f3a5f; font-family: 'DejaVu Sans Mono', monospace;")
        self.matrix.hide()

        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(10, 6, 10, 6)
        box.setSpacing(3)
        for w in (self.status, self.where, self.formula, self.numbers, self.result, self.note, self.numeric,
                  self.matrix):
            box.addWidget(w)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("steps_current")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setWidget(content)
        scroll.setStyleSheet("QScrollArea#steps_current > QWidget > QWidget { background: white; }")

        self.apply_button = QPushButton("Apply update")
        self.apply_button.setObjectName("steps_apply")
        self.apply_button.setToolTip(
            "Put the weights after this training step into the network: every parameter "
            "w ← w − η·∂L/∂w (undo takes them back); the trace then starts from the new weights")
        self.apply_button.clicked.connect(self.apply_update)
        self.copy_button = QToolButton()
        self.copy_button.setObjectName("steps_copy")
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip("Copy the current step (formula, numbers, result) as text")
        self.copy_button.clicked.connect(self.copy_step)
        self.export_md = QToolButton()
        self.export_md.setObjectName("steps_export_md")
        self.export_md.setText("Markdown…")
        self.export_md.setToolTip("Save every step as a printable worksheet in Markdown (as 'nnapp trace --format markdown')")
        self.export_md.clicked.connect(lambda: self.ask_export("markdown"))
        self.export_tex = QToolButton()
        self.export_tex.setObjectName("steps_export_tex")
        self.export_tex.setText("LaTeX…")
        self.export_tex.setToolTip("Save every step as LaTeX tables (as 'nnapp trace --format latex')")
        self.export_tex.clicked.connect(lambda: self.ask_export("latex"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.layer_view_box)
        buttons.addWidget(self.gradcheck)

        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(4)
        left_box.addWidget(scroll, 1)
        left_box.addLayout(buttons)

        list_bar = QHBoxLayout()
        list_bar.setContentsMargins(0, 0, 0, 0)
        list_bar.addStretch(1)
        list_bar.addWidget(QLabel("Export every step as"))
        list_bar.addWidget(self.export_md)
        list_bar.addWidget(self.export_tex)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.setSpacing(4)
        right_box.addWidget(self.table, 1)
        right_box.addLayout(list_bar)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        left.setMinimumWidth(240)
        right.setMinimumWidth(240)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(4)
        outer.addLayout(top)
        outer.addWidget(self.splitter, 1)
        self.controls = [*self.nav_buttons.values(), self.sample, self.target, self.decimals_box, self.gradcheck,
                         self.table, self.apply_button, self.copy_button, self.export_md, self.export_tex]

    def _big_label(self, name: str, size: int, *, bold: bool = False, rich: bool = False) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        font = QFont(MATH_FONT, size)
        font.setBold(bold)
        label.setFont(font)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        return label

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
        self._catch_up()
        before = self.stepper.position
        how()
        self._show()
        if self.stepper.position != before:
            self.position_changed.emit(self.stepper.position)

    # --- public: sample, target, display --------------------------------------------------

    def choose_sample(self, index: int) -> None:
        """Trace sample ``index`` of the chooser (0: the input row)."""
        if self._locked:
            return
        self.stepper.choose_sample(index)
        self._reload()

    def choose_sample_named(self, label: str) -> None:
        """Trace the sample shown as ``label`` ("Alice", "Input row")."""
        self._catch_up()
        self.choose_sample(self._sample_labels.index(label))

    def set_target(self, values) -> None:
        """The input row's target (None: the default one)."""
        if self._locked:
            return
        self._show_status("")
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
        """Push the traced update (every parameter one gradient step) as one
        undoable edit; the trace follows the new weights."""
        if self._locked:
            return False
        self._catch_up()
        command = self.stepper.apply_update()
        if command is None:
            return False
        return self.editor.push(command)

    def step_text(self) -> str:
        step = self.stepper.current
        return "" if step is None else step_text(step, self.decimals)

    def copy_step(self) -> None:
        """Put the current step on the clipboard as text."""
        text = self.step_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.message.emit(f"Copied step {self.stepper.position + 1}")

    def title(self) -> str:
        """The worksheet's title, as the command line writes it."""
        t = self.stepper.trace
        name = self.doc.title or (Path(self.doc.path).stem if self.doc.path else "Network")
        title = f"{name}: " + ("one training step by hand" if t is not None and t.has_backward else "the forward pass")
        return title + f" ({self.stepper.current_sample().label})"

    def export_text(self, kind: str) -> str:
        """Every step as a Markdown worksheet or a LaTeX fragment, with the
        panel's decimals (the command line's ``trace`` gives the same)."""
        self._catch_up()
        t, steps = self.stepper.trace, self.stepper.steps
        if t is None:
            return ""
        if kind == "latex":
            return render_latex(t, steps, self.decimals, title=self.title())
        return render_markdown(t, steps, self.decimals, title=self.title())

    def export(self, kind: str, path: str) -> None:
        """Write :meth:`export_text` to ``path``."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            text = self.export_text(kind)
            Path(path).write_text(text, encoding="utf-8")
        except OSError as e:
            self._show_status(f"Could not write {path}: {e.strerror or e}")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.message.emit(f"Wrote {len(self.stepper):,} steps to {path}")

    def ask_export(self, kind: str) -> None:
        if self.stepper.trace is None:
            return
        suffix, what = (".tex", "LaTeX (*.tex)") if kind == "latex" else (".md", "Markdown (*.md)")
        stem = Path(self.doc.path).stem if self.doc.path else (self.doc.title or "steps").replace(" ", "_")
        start = str(Path(self.doc.path).parent / f"{stem}-steps{suffix}") if self.doc.path else f"{stem}-steps{suffix}"
        path, _ = QFileDialog.getSaveFileName(self, "Export the steps", start, what)
        if path:
            self.export(kind, path)

    # --- following the document ---------------------------------------------------------

    def _on_document_reset(self) -> None:
        self.stepper.restart()
        self._keep = False
        self._on_changed()

    def _on_input(self) -> None:
        if self.stepper.current_sample().x is None:
            self._on_changed()

    def _on_changed(self, *_) -> None:
        self._stale = True
        if self.isVisible() and not self._check_lock():
            self._catch_up()
            self._show()

    def _catch_up(self) -> None:
        if self._stale and not self._locked:
            self._stale = False
            keep, self._keep = self._keep, True
            self.stepper.rebuild(keep=keep)
            self._generation += 1
            self._fill_samples()
            self.model.reload()

    def _reload(self) -> None:
        self._stale = True
        self._catch_up()
        self._show()

    def _check_lock(self) -> bool:
        """Notice training starting or ending; True while it runs."""
        locked = bool(self.editor.locked)
        if locked != self._locked:
            self._locked = locked
            for w in self.controls:
                w.setEnabled(not locked)
            for action in self.actions.values():
                action.setEnabled(not locked)
            if locked:
                self._clear_canvas()
                self._show_status("Training is running: stepping through waits until it stops.")
            else:
                self._show_status("")
                self._stale = True
                if self.isVisible():
                    self._catch_up()
                    self._show()
        return locked

    # --- showing ------------------------------------------------------------------------

    def _fill_samples(self) -> None:
        labels = [s.label for s in self.stepper.samples] or ["Input row"]
        if labels != self._sample_labels:
            self._sample_labels = labels
            blocked = self.sample.blockSignals(True)
            self.sample.clear()
            self.sample.addItems(labels)
            self.sample.blockSignals(blocked)
            tip = self.stepper.data_problem
            self.sample.setItemData(0, "The values in the input row above the canvas" + (f" ({tip})" if tip else ""),
                                    Qt.ItemDataRole.ToolTipRole)
        if self.sample.currentIndex() != self.stepper.sample:
            self.sample.setCurrentIndex(self.stepper.sample)

    def _show(self) -> None:
        """The current step in the panel, the list and on the canvas."""
        self._fill_samples()
        self._show_target()
        self._show_current()
        self._show_row()
        self._enable()
        if self.isVisible() and not self._locked:
            self._show_canvas()

    def _show_target(self) -> None:
        sample = self.stepper.current_sample()
        y = self.stepper.y()
        self.target.setReadOnly(sample.x is not None)
        self.target.set_value(None if y is None else tuple(float(v) for v in y))
        if sample.x is None:
            default = "" if self.stepper.target_is_typed() else " (found in the data for these inputs)"
            self.target.setToolTip("The target for the input row: one number per output, or a class number"
                                   f"{default}; Enter traces again")
        elif y is None:
            self.target.setToolTip("This row has no target: it is traced forward only")
        else:
            self.target.setToolTip(f"The target of {sample.label} in the data")

    def _show_current(self) -> None:
        s = self.stepper
        step = s.current
        problem = s.problem
        if not self._locked:
            self._show_status(problem)
        self.numeric.hide()
        self.matrix.hide()
        if step is None:
            n = len(s)
            if s.steps is None:
                self.where.setText("")
                self.formula.setText("")
            else:
                phases = " → ".join(PHASE_TITLES[p].split(" (")[0].lower() for p in s.steps.phases)
                self.where.setText(f"{n:,} steps: {phases}")
                self.formula.setText("Press <b>Next</b> (F10) to start, or pick a step in the list.")
            self.numbers.setText("")
            self.result.setText("")
            self.note.setText("Then click a neuron or a connection on the canvas to jump to its step."
                              if s.steps is not None else "")
            return
        d = self.decimals
        phase = PHASE_TITLES[step.phase].split(" (")[0]
        self.where.setText(f"{phase} · step {step.index + 1:,} of {len(s):,}")
        numbers = step.numbers_at(d)
        size = _font_size(max(len(step.formula), len(numbers)))
        for label in (self.formula, self.numbers):
            if label.font().pointSize() != size:
                font = label.font()
                font.setPointSize(size)
                label.setFont(font)
        self.formula.setText(math_html(step.formula))
        self.numbers.setText(numbers)
        self.numbers.setVisible(bool(numbers))
        self.result.setText(f"= {fmt(step.value, d)}")
        self.note.setText(step.note if step.kind != "input" else "an input: the sample's value")
        if self.gradcheck.isChecked() and step.kind in ("grad_w", "grad_b"):
            estimate = s.numeric_gradient(step)
            p = step.label.split("∂")[-1]
            diff = abs(estimate - step.value)
            self.numeric.setText(
                f"Gradient check: (L({p} + h) − L({p} − h)) / 2h = {fmt(estimate, d)}   "
                f"(h = {fmt(GRADCHECK_H, None)}; backprop gave {fmt(step.value, d)}, "
                f"difference {fmt(diff, 2)})")
            self.numeric.show()
        if self.layer_view_box.isChecked() and s.trace is not None:
            k = self._step_layer(step)
            self.matrix.setText(f"Layer {k} as matrices (one sample = one row):\n"
                                + render_layer_view(layer_view(s.trace, k, d)))
            self.matrix.show()

    def _step_layer(self, step) -> int:
        """The layer a step is about (a weight: its destination layer)."""
        net = self.stepper.trace.network
        kind = step.target[0]
        if kind in ("neuron", "bias"):
            return step.target[1]
        if kind == "weight":
            return net.link_ends()[step.target[1]][1]
        return len(net.layers) - 1

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
        s = self.stepper
        n = len(s)
        self.actions["next"].setEnabled(n > 0 and not s.at_end())
        self.actions["back"].setEnabled(s.position is not None)
        self.actions["reset"].setEnabled(s.position is not None)
        self.actions["phase_end"].setEnabled(n > 0 and not s.at_end())
        self.actions["run_end"].setEnabled(n > 0 and not s.at_end())
        self.apply_button.setEnabled(s.can_apply())
        self.copy_button.setEnabled(s.current is not None)
        self.export_md.setEnabled(s.trace is not None)
        self.export_tex.setEnabled(s.trace is not None)

    def _show_canvas(self) -> None:
        s = self.stepper
        if s.position is None:
            self._clear_canvas()
            return
        neurons, connections = s.lit()
        lit = (tuple(neurons), tuple(connections))
        if lit != self._shown_lit:
            self.scene.highlight(neurons=neurons, connections=connections)
            self._shown_lit = lit
        known = tuple(s.steps.known_counts(s.position)) + (self._generation,)
        if known != self._shown_known:
            self.scene.show_partial_values(s.known_values())
            self._shown_known = known
        self._canvas_lit = True

    def _clear_canvas(self) -> None:
        if self._canvas_lit:
            self.scene.highlight()
            self.scene.show_partial_values(None)
            self._canvas_lit = False
        self._shown_lit = self._shown_known = None

    def _show_status(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else NOTE_STYLE)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show_target_error(self, text: str) -> None:
        self._show_status(text, error=True)

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
        self._lock_timer.start()
        if not self._check_lock():
            self._catch_up()
            self._show()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        """Words beside the icons when there is room; in a narrow panel only
        Next keeps its word (the others have tooltips)."""
        wide = self.width() >= WIDE_PANEL
        for name, button in self.nav_buttons.items():
            style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon if wide or name == "next"
                     else Qt.ToolButtonStyle.ToolButtonIconOnly)
            if button.toolButtonStyle() != style:
                button.setToolButtonStyle(style)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._lock_timer.stop()
        self._clear_canvas()


def _unfollow(follow: list) -> None:
    for event, callback in follow:
        event.disconnect(callback)
