"""The training panel: settings, the buttons that drive training, progress.

Settings are part of the document: each change is one undoable
:class:`~nnapp.model.training.SetTraining` (allowed while training runs).
While training runs, the controller passes every change on to it: loss,
optimizer, learning rate and L2 take effect at the next batch, the batch
size at the next epoch, the epochs at once; only the seed waits for the next
start. A loss the running training cannot use is refused here, with why.
Buttons: Start/Continue, Pause, Step one batch, Step one epoch, Stop, Reset.
The status line follows training and ends with why it stopped; a run that
diverged, made the network worse or got stuck shows that message as a
warning (the Trainer's own sentence, the same the command line prints).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from nnapp.engine.losses import LOSSES
from nnapp.engine.settings import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_SEED, OPTIMIZERS
from nnapp.model.training import SetTraining
from nnapp.text import marked, sentence, tr

from ..editor import Editor
from ..numbers import format_number, parse_number
from .controller import TrainingController
from .setting_names import setting_name

LOSS_TEXT = {
    "mse": marked("mean squared error"),
    "sse": marked("sum of squared errors"),
    "bce": marked("binary cross-entropy"),
    "cce": marked("categorical cross-entropy"),
}


TIPS = {
    "loss": marked("How the error between the network's output and the target is measured; training makes "
            "this number smaller. Takes effect at the next batch, even while training."),
    "optimizer": marked("How the weights move along the gradient: sgd takes plain steps, momentum keeps part of "
                 "the last step, adam sizes the step of each weight. Takes effect at the next batch, "
                 "starting with no momentum."),
    "learning_rate": marked("The step size η: w ← w − η·∂L/∂w. "
                     "Takes effect at the next batch, even while training."),
    "l2": marked("L2 weight decay λ: λ·w is added to every weight's gradient, which keeps the weights small. "
          "Takes effect at the next batch, even while training."),
    "batch_size": marked("Samples per update: 1 = one at a time (as in the tutorial), 0 = the full set. "
                  "While training runs, a new size takes effect when the next epoch starts."),
    "epochs": marked("How many times training goes through all the training rows. While training runs, "
              "a new number takes effect at once: training stops after that many epochs."),
    "seed": marked("Seed of the shuffling and the validation split: the same seed, the same run"),
}
"""Tooltips of the settings, one sentence a student understands and when a change takes effect."""
SHOWN_SETTINGS = frozenset({"loss", "optimizer", "learning_rate", "l2", "batch_size", "epochs", "seed"})
"""The training settings this panel shows (and refreshes when they change)."""

SEED_WHILE_TRAINING = marked("Applies from the next start; stop training to change it")

WARNING_STYLE = "color: #b34700; font-weight: bold;"
"""The status line after a run that went wrong (diverged, worse, stuck)."""


class TrainingPanel(QWidget):
    """Settings, buttons and progress for one :class:`TrainingController`."""

    def __init__(self, editor: Editor, controller: TrainingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.controller = controller
        self._updating = False

        self.loss_box = QComboBox(objectName="train_loss")
        for key in LOSSES:
            if key in LOSS_TEXT:
                self.loss_box.addItem(tr("{key} — {text}").format(key=key, text=tr(LOSS_TEXT[key])), key)
        self.optimizer_box = QComboBox(objectName="train_optimizer")
        for key in OPTIMIZERS:
            self.optimizer_box.addItem(key, key)
        self.lr_edit = QLineEdit(objectName="train_lr")
        self.l2_edit = QLineEdit(objectName="train_l2")
        self.batch_box = QSpinBox(objectName="train_batch")
        self.batch_box.setRange(0, MAX_BATCH_SIZE)
        self.batch_box.setSpecialValueText(tr("full set"))
        self.epochs_box = QSpinBox(objectName="train_epochs")
        self.epochs_box.setRange(1, MAX_EPOCHS)
        self.seed_box = QSpinBox(objectName="train_seed")
        self.seed_box.setRange(0, MAX_SEED)
        for name, widget in (("loss", self.loss_box), ("optimizer", self.optimizer_box),
                             ("learning_rate", self.lr_edit), ("l2", self.l2_edit),
                             ("batch_size", self.batch_box), ("epochs", self.epochs_box), ("seed", self.seed_box)):
            widget.setToolTip(tr(TIPS[name]))
        self.error_label = QLabel(objectName="train_error")
        self.error_label.setStyleSheet("color: #c81e1e;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        form = QFormLayout()
        form.addRow(tr("Loss"), self.loss_box)
        form.addRow(tr("Optimizer"), self.optimizer_box)
        form.addRow(tr("Learning rate"), self.lr_edit)
        form.addRow(tr("Batch size"), self.batch_box)
        form.addRow(tr("Epochs"), self.epochs_box)
        form.addRow("L2", self.l2_edit)
        form.addRow(tr("Seed"), self.seed_box)

        style = self.style()
        self.start_button = self._button(tr("Start"), "train_start", style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
                                         tr("Train (or go on after a pause)"), self._start)
        self.pause_button = self._button(tr("Pause"), "train_pause", style.standardIcon(QStyle.StandardPixmap.SP_MediaPause),
                                         tr("Pause after the current batch"), controller.pause)
        self.stop_button = self._button(tr("Stop"), "train_stop", style.standardIcon(QStyle.StandardPixmap.SP_MediaStop),
                                        tr("Stop; the weights so far become one undoable edit"), controller.stop)
        self.step_batch_button = self._button(tr("Step batch"), "train_step_batch", None,
                                              tr("One update on one batch, then pause"), lambda: controller.step("batch"))
        self.step_epoch_button = self._button(tr("Step epoch"), "train_step_epoch", None,
                                              tr("One more epoch, then pause"), lambda: controller.step("epoch"))
        self.reset_button = self._button(tr("Reset"), "train_reset", None,
                                         tr("Back to the weights before training, or new random ones"), None)
        reset_menu = QMenu(self.reset_button)
        reset_menu.setObjectName("train_reset_menu")
        self.reset_same_action = reset_menu.addAction(tr("Back to the weights before training"), controller.reset)
        self.reset_new_action = reset_menu.addAction(tr("New random weights…"), self._reinitialise)
        self.reset_button.setMenu(reset_menu)
        buttons = QGridLayout()
        for i, b in enumerate((self.start_button, self.pause_button, self.stop_button,
                               self.step_batch_button, self.step_epoch_button, self.reset_button)):
            buttons.addWidget(b, i // 3, i % 3)

        self.progress_bar = QProgressBar(objectName="train_progress")
        self.progress_bar.setFormat(tr("epoch %v of %m"))
        self.status_label = QLabel(tr("Not trained yet"), objectName="train_status")
        self.status_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

        for box in (self.loss_box, self.optimizer_box):
            box.currentIndexChanged.connect(self._commit)
        for box in (self.batch_box, self.epochs_box, self.seed_box):
            box.editingFinished.connect(self._commit)
        for edit in (self.lr_edit, self.l2_edit):
            edit.editingFinished.connect(self._commit)
        controller.state_changed.connect(self._on_state)
        controller.reported.connect(self._on_reported)
        controller.message.connect(self._show_status)
        controller.started.connect(self._on_started)
        controller.finished.connect(self._on_finished)
        events = editor.doc.events
        events.reset.connect(self.refresh)
        events.settings_changed.connect(self._on_settings)
        self.refresh()
        self._on_state("idle")

    def _button(self, text, name, icon, tip, slot) -> QPushButton:
        button = QPushButton(text, objectName=name)
        if icon is not None:
            button.setIcon(icon)
        button.setToolTip(tip)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def _reinitialise(self) -> None:
        """New weights from the initialiser and a seed (the same dialog as
        Network ▸ Re-initialise)."""
        from ..dialogs import ReinitialiseDialog
        from nnapp.model.commands import Reinitialise

        t = self.editor.doc.training
        dialog = ReinitialiseDialog(t.init, t.seed + 1, self)
        dialog.accepted.connect(lambda: self.editor.push(Reinitialise(dialog.method(), dialog.seed())))
        dialog.open()

    # --- settings -------------------------------------------------------------

    def _on_settings(self, change) -> None:
        if not SHOWN_SETTINGS.isdisjoint(change.names):    # new data changes nothing shown here
            self.refresh()

    def refresh(self, *_) -> None:
        """Show the document's settings."""
        t = self.editor.doc.training
        self._updating = True
        self.loss_box.setCurrentIndex(max(self.loss_box.findData(t.loss), 0))
        self.optimizer_box.setCurrentIndex(max(self.optimizer_box.findData(t.optimizer), 0))
        self.lr_edit.setText(format_number(t.learning_rate, 6))
        self.l2_edit.setText(format_number(t.l2, 6))
        self.batch_box.setValue(t.batch_size)
        self.epochs_box.setValue(t.epochs)
        self.seed_box.setValue(t.seed)
        self.progress_bar.setRange(0, t.epochs)
        self._updating = False

    def _commit(self) -> None:
        if self._updating:
            return
        try:
            lr = parse_number(self.lr_edit.text(), tr("learning rate"))
            l2 = parse_number(self.l2_edit.text(), tr("L2 decay"))
        except ValueError as e:
            self._show_error(str(e))
            return
        old = self.editor.doc.training
        new = dataclasses.replace(
            old, loss=self.loss_box.currentData(), optimizer=self.optimizer_box.currentData(), learning_rate=lr,
            l2=l2, batch_size=self.batch_box.value(), epochs=self.epochs_box.value(), seed=self.seed_box.value(),
        )
        if new == old:
            self._show_error("")
            return
        changed = [setting_name(f.name) for f in dataclasses.fields(new) if getattr(new, f.name) != getattr(old, f.name)]
        try:
            command = SetTraining(new, tr("Set {settings}").format(settings=", ".join(changed)))
        except ValueError as e:
            self._show_error(str(e))
            return
        refused = self.controller.refuses(new)
        if refused:
            self._show_error(refused)
            self.refresh()          # back to the settings the training follows
            return
        if self.editor.push(command):     # the controller passes it on to a running training
            self._show_error("")

    def _show_error(self, text: str) -> None:
        self.error_label.setText(sentence(text))
        self.error_label.setVisible(bool(text))

    def _show_status(self, text: str) -> None:
        self.status_label.setText(text)

    # --- following training -----------------------------------------------------

    def _start(self) -> None:
        self._commit()
        self.controller.start()

    def _on_started(self) -> None:
        self.progress_bar.setRange(0, self.controller.trainer.settings.epochs)
        self.progress_bar.setValue(0)
        self._set_warning(False)
        self.status_label.setText(tr("Training…"))

    def _on_finished(self, last) -> None:
        """A run that diverged, made the network worse or got stuck ends with
        its message (already in the status line) shown as a warning."""
        self._set_warning(last is not None and (last.stopped == "diverged" or bool(last.warning)))

    def _set_warning(self, warning: bool) -> None:
        self.status_label.setProperty("warning", warning)
        self.status_label.setStyleSheet(WARNING_STYLE if warning else "")

    def _on_state(self, state: str) -> None:
        running, paused, idle = state == "running", state == "paused", state == "idle"
        self.start_button.setText(tr("Continue") if paused else tr("Start"))
        self.start_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(not idle)
        self.step_batch_button.setEnabled(not running)
        self.step_epoch_button.setEnabled(not running)
        self.reset_button.setEnabled(idle)
        self.reset_same_action.setEnabled(idle and self.controller.can_reset())
        # every setting but the seed follows a running training (see the controller)
        self.seed_box.setEnabled(idle)
        self.seed_box.setToolTip(tr(TIPS["seed"]) if idle else tr(SEED_WHILE_TRAINING))

    def _on_reported(self, chunk) -> None:
        last = chunk[-1]
        if last.epochs != self.progress_bar.maximum():       # the epochs changed while training ran
            self.progress_bar.setRange(0, last.epochs)
        self.progress_bar.setValue(last.epoch if last.epoch_finished else max(last.epoch - 1, 0))
        remaining = 0.0
        if last.elapsed > 0 and last.step:
            steps_total = last.epochs * last.batches
            remaining = last.elapsed * (steps_total - last.step) / last.step
        if remaining >= 1:
            status = tr("epoch {epoch} of {epochs} · {samples_per_second:,.0f} samples/s · {remaining:.0f} s left "
                        "· loss {loss}")
        else:
            status = tr("epoch {epoch} of {epochs} · {samples_per_second:,.0f} samples/s · loss {loss}")
        self.status_label.setText(status.format(epoch=last.epoch, epochs=last.epochs,
                                                samples_per_second=last.samples_per_second, remaining=remaining,
                                                loss=format_number(last.loss)))
