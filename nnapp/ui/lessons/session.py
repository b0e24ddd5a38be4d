"""The lesson being done in the window: the current task, what its check
looks at, and the tasks done.

A :class:`LessonSession` is the window's side of :mod:`nnapp.model.lessons`:

- **opening** a lesson (or a task that opens something of its own): the
  model's :func:`~nnapp.model.lessons.open_lesson` reads the example whole
  before it replaces the document (a spec that does not fit leaves the
  document as it was), the undo history of the old document goes, and the
  window does the rest of the spec: the step-through panel's target, the
  dock brought forward, the gradient-descent controls. A task that opens no
  example but sets data or parameters does it as one undoable edit
  (:func:`~nnapp.model.lessons.lesson_commands`).
- **beginning** a task: the parameters' values are taken as its start, its
  training, descent, digit and taught records are cleared, and what it
  names is selected on the canvas (the panel then points at its place);
- **keeping the state up to date** (:class:`~nnapp.model.lessons.LessonState`):
  where the step-through panel is, its target, the answers, the last
  training run, the last descent run, the digit pad's last reading, the
  drawings taught;
- **checking** the current task after each of those and after every
  document event (at most once per turn of the event loop; not while
  training runs, once it ends): a task that passes is marked done in a
  :class:`~nnapp.model.lessons.LessonProgress` kept in the window's
  settings, and the next task not done begins.

No widgets here: the Lessons panel shows the session and passes the
student's clicks to it.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, QTimer, Signal

from nnapp.model.errors import ShapeMismatch
from nnapp.model.lessons import (CheckResult, DescentStart, Lesson, LessonState, OpenSpec, Task, digit_read,
                                 lesson_commands, open_lesson, parameter_values, step_place, training_run)
from nnapp.text import sentence, tr

from .progress_store import ProgressStore
from .window_parts import bring_forward, find_dock, selection_for

DOCUMENT_EVENTS = ("reset", "structure_changed", "parameters_changed", "layers_changed", "names_changed",
                   "input_changed", "settings_changed")
"""The document's events after which the current task is checked again."""


class LessonSession(QObject):
    """The lesson open in ``window`` and its progress (kept in ``store``).

    Signals
    -------
    changed()
        The lesson, the current task, a check's result or an answer changed.
    task_began(Task)
        A task became the current one (its place can be pointed at).
    task_done(Task)
        The current task passed its check and is marked done.
    message(str)
        A sentence for the status bar.
    refused(str)
        What a lesson or task asked for could not be opened (a sentence for
        a dialog); the document is as it was.

    Attributes
    ----------
    lesson : Lesson or None
    current : int or None
        The index of the task being done (None: no lesson, or every task done).
    state : LessonState
        What the checks look at.
    results : dict of str to CheckResult
        The last result of each task checked since the lesson opened.
    progress : LessonProgress
    descent_start : DescentStart or None
        Where the lesson's gradient-descent controls start (None: it has none).
    """

    changed = Signal()
    task_began = Signal(object)
    task_done = Signal(object)
    message = Signal(str)
    refused = Signal(str)

    def __init__(self, window, store: ProgressStore) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        self.doc = window.doc
        self.stepper = window.steps_panel.stepper
        self.store = store
        self.progress = store.load()
        self.lesson: Lesson | None = None
        self.current: int | None = None
        self.results: dict[str, CheckResult] = {}
        self.descent_start: DescentStart | None = None
        self.state = LessonState(self.doc)
        self.opening = False
        """True while the session itself replaces the document."""
        self._teaching = False
        self._taught_now = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.evaluate)
        self._follow()

    # --- following the window ------------------------------------------------------------

    def _follow(self) -> None:
        window, events = self.window, self.doc.events
        follow = [(getattr(events, name), self._document_changed) for name in DOCUMENT_EVENTS]
        follow += [(events.parameters_changed, self._read_digit_again),
                   (self.stepper.moved, self._stepper_moved), (self.stepper.rebuilt, self._stepper_rebuilt),
                   (self.editor.lock.changed, self._lock_changed)]
        for event, callback in follow:
            event.connect(callback)
        self.destroyed.connect(lambda *_: _unfollow(follow))
        window.steps_panel.picker.target_typed.connect(self._target_typed)
        window.training.finished.connect(self._training_finished)
        pad_panel = window.digit_panel
        pad_panel.pad.drawing_changed.connect(self._digit_drawn)     # after the panel has read it
        step_button = pad_panel.teach.step_button
        step_button.pressed.connect(self._teach_pressed)
        step_button.clicked.connect(self._teach_clicked)             # after the teaching box has taught
        self.editor.stack.indexChanged.connect(self._stack_moved)

    def _update(self, **changes) -> None:
        """A new state with ``changes``; the current task is checked again."""
        self.state = dataclasses.replace(self.state, **changes)
        self.schedule()

    def _document_changed(self, *_) -> None:
        self.schedule()

    def _stepper_moved(self, *_) -> None:
        if self.lesson is not None:         # without a lesson, where the panel is is taken when one begins
            self._update(step=step_place(self.stepper))

    def _stepper_rebuilt(self) -> None:
        if self.lesson is not None:
            self._update(step=step_place(self.stepper), target=self._stepper_target())

    def _stepper_target(self) -> tuple[float, ...] | None:
        """The input row's target as the step-through panel uses it: the typed
        one, or None (the target of the data row with the same inputs)."""
        stepper = self.stepper
        if stepper.batch is not None or stepper.current_sample().x is not None:
            return self.state.target         # a row of the data is followed: the input row's is kept
        if not stepper.target_is_typed():
            return None
        y = stepper.y()
        return None if y is None else tuple(float(v) for v in y)

    def _target_typed(self, value) -> None:
        self._update(target=tuple(float(v) for v in value) or None)

    def _training_finished(self, last) -> None:
        if last is not None:
            self._update(training=training_run(last))

    def _digit_drawn(self) -> None:
        self._update(digit=digit_read(self.window.digit_panel.reading))

    def _read_digit_again(self, *_) -> None:
        """New weights (One step): the drawing read last is read again by the panel."""
        reading = self.window.digit_panel.reading
        if self.state.digit is not None and reading is not None and not reading.empty:
            self._update(digit=digit_read(reading))

    def _teach_pressed(self) -> None:
        self._teaching, self._taught_now = True, False

    def _stack_moved(self, _index: int) -> None:
        if self._teaching:
            self._taught_now = True

    def _teach_clicked(self) -> None:
        taught = self._teaching and self._taught_now
        self._teaching = self._taught_now = False
        if taught:
            self._update(taught=self.state.taught + 1)

    def _lock_changed(self, reason) -> None:
        if reason is None:
            self.schedule()

    # --- the student's own moves ------------------------------------------------------------

    def answer(self, task_id: str, choice: int) -> None:
        """The student chose answer ``choice`` (from 1) to the question of task ``task_id``."""
        answers = dict(self.state.answers)
        answers[task_id] = int(choice)
        self._update(answers=answers)
        self.changed.emit()

    def set_descent(self, run) -> None:
        """A gradient-descent run was made."""
        self._update(descent=run)

    # --- opening ------------------------------------------------------------------------------

    def open(self, lesson: Lesson) -> bool:
        """Open ``lesson`` (asking first about unsaved changes when it replaces
        the document) and begin its first task not done; False when it was
        not opened (the document is as it was)."""
        if self._refused_while_training():
            return False
        if lesson.open.changes_document() and not self.window.files.maybe_save():
            return False
        descent, self.descent_start = self.descent_start, None
        if not self.open_spec(lesson.open):
            self.descent_start = descent
            return False
        self.lesson, self.current, self.results = lesson, None, {}
        target = self.state.target          # set by open_spec when the lesson opens an example or a target
        if lesson.open.target is None and lesson.open.example is None:
            target = self._stepper_target()   # the panel's, as it is
        self.state = dataclasses.replace(self.state, answers={}, step=step_place(self.stepper), target=target)
        self.progress.current = lesson.id
        self.store.save(self.progress)
        index = self.first_open_task()
        if index is None or not self.begin(index):
            self.changed.emit()
        return True

    def close(self) -> None:
        """Leave the lesson (the document stays as it is)."""
        self._timer.stop()
        self.lesson, self.current, self.results, self.descent_start = None, None, {}, None
        self.changed.emit()

    def choose(self, index: int) -> bool:
        """The student chose task ``index``: it begins (again)."""
        return self.lesson is not None and self.begin(index)

    def begin(self, index: int) -> bool:
        """Task ``index`` begins: what it opens, its start values, its records
        cleared, its neuron or parameter selected; False when what it opens
        could not be opened."""
        task = self.lesson.tasks[index]
        if task.open is not None:
            if self._refused_while_training() or not self.open_spec(task.open):
                return False
        self.current = index
        self.results.pop(task.id, None)
        self.state = dataclasses.replace(self.state, start=parameter_values(self.doc), training=None, descent=None,
                                         digit=None, taught=0, step=step_place(self.stepper))
        if task.select is not None:
            selection = selection_for(self.doc, task.select)
            if selection is not None:
                self.window.scene.select(selection)
        self.task_began.emit(task)
        self.changed.emit()
        self.schedule()
        return True

    def open_spec(self, spec: OpenSpec) -> bool:
        """Open what ``spec`` asks for: the document's part through the model,
        then the target, the dock and the descent; False (after
        :attr:`refused`) when it does not fit, the document as it was."""
        try:
            if spec.example is not None:
                self.opening = True
                try:
                    open_lesson(self.doc, spec)
                finally:
                    self.opening = False
                self.editor.stack.clear()
                for view in self.window.scene.views():
                    view.fit()
            elif not self._edit(spec):
                return False
        except (ValueError, OSError) as e:      # EditError, ExampleError, FileFormatError are ValueErrors
            self.refused.emit(sentence(tr("the lesson cannot open what it asks for: {problem}").format(problem=e)))
            return False
        if spec.target is not None:
            self.window.steps_panel.set_target(list(spec.target))
            self.state = dataclasses.replace(self.state, target=tuple(spec.target))
        elif spec.example is not None:
            self.state = dataclasses.replace(self.state, target=self._stepper_target())
        if spec.dock is not None:
            bring_forward(find_dock(self.window, spec.dock))
        if spec.descent is not None:
            self.descent_start = spec.descent
        self.state = dataclasses.replace(self.state, step=step_place(self.stepper))
        return True

    def _edit(self, spec: OpenSpec) -> bool:
        """The data and parameters of ``spec`` as one undoable edit, then its input."""
        if spec.input is not None and len(spec.input) != len(self.doc.input):
            raise ShapeMismatch(tr("the lesson gives {n} input values; the network has {size} inputs")
                                .format(n=len(spec.input), size=len(self.doc.input)))
        macro = lesson_commands(self.doc, spec)
        if macro is not None and not self.editor.push(macro):
            return False
        if spec.input is not None:
            self.doc.set_input(spec.input)
        return True

    def _refused_while_training(self) -> bool:
        if self.editor.locked:
            self.message.emit(sentence(self.editor.locked))
            return True
        return False

    # --- checking -----------------------------------------------------------------------------

    def schedule(self) -> None:
        """Check the current task once the event loop is free (many changes, one check)."""
        if self.lesson is not None and self.current is not None:
            self._timer.start()

    def is_checking(self) -> bool:
        """Whether a check of the current task is waiting for the event loop."""
        return self._timer.isActive()

    def evaluate(self) -> CheckResult | None:
        """Check the current task now; a task that passes is done and the next begins."""
        if self.lesson is None or self.current is None or self.editor.locked:
            return None
        lesson, task = self.lesson, self.lesson.tasks[self.current]
        try:
            result = task.evaluate(self.state)
        except Exception as e:  # noqa: BLE001 - a teacher's check that cannot run here: say so, go on
            result = CheckResult(False, tr("this task cannot be checked here: {problem}").format(problem=e))
        self.results[task.id] = result
        if not result.passed:
            self.changed.emit()
            return result
        self.progress.mark_done(lesson.id, task.id)
        self.store.save(self.progress)
        self.task_done.emit(task)
        following = self.first_open_task(after=self.current)
        if following is None:
            self.current = None
            self.message.emit(tr("Every task of “{title}” is done").format(title=lesson.title_in()))
            self.changed.emit()
        else:
            self.message.emit(tr("Task {n} done; next, task {m}").format(n=self.current + 1, m=following + 1))
            if not self.begin(following):
                self.current = None
                self.changed.emit()
        return result

    def first_open_task(self, after: int | None = None) -> int | None:
        """The index of the first task not done (after task ``after`` first,
        then from the start); None when every task is done."""
        if self.lesson is None:
            return None
        tasks = self.lesson.tasks
        order = list(range(len(tasks)))
        if after is not None:
            order = order[after + 1:] + order[:after + 1]
        return next((i for i in order if not self.progress.is_done(self.lesson.id, tasks[i].id)), None)

    def task_state(self, index: int) -> str:
        """"done", "current" or "to do" for task ``index`` of the open lesson."""
        task = self.lesson.tasks[index]
        if index == self.current:
            return "current"
        return "done" if self.progress.is_done(self.lesson.id, task.id) else "to do"

    def current_task(self) -> Task | None:
        return None if self.lesson is None or self.current is None else self.lesson.tasks[self.current]


def _unfollow(follow: list) -> None:
    for event, callback in follow:
        event.disconnect(callback)


__all__ = ["DOCUMENT_EVENTS", "LessonSession"]
