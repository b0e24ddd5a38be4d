"""Slow file work off the GUI thread, with a progress dialog and Cancel.

:func:`run_off_thread` runs one function (reading a document, a CSV file,
IDX files …) on a worker thread and waits for it the way a modal dialog
waits: the window keeps painting and its timers keep ticking, while the
person's clicks and keys are held back until the work is done. After
``SHOW_AFTER_MS`` a progress dialog appears with a Cancel button. Cancel
returns at once; whatever the thread still produces is dropped when it
arrives, so nothing is changed by a cancelled read.

The function must not touch Qt or any document: it reads and builds, and
the caller installs what it built on the GUI thread, in one step.

:class:`Background` runs reads without waiting: for a view that shows
data once it has been read, while the window goes on.

The thread is a daemon: a read that never returns (a pipe nobody writes
to) does not keep the program from quitting. While reads run, the cycle
collector waits and the interpreter switches threads more often (see
:func:`_reads_started`), so the window answers.

No Python runs for the window's own events while a read is waited for:
every call into Python from the GUI thread has to win the interpreter back
from the reading thread (up to a switch interval, and more when the two
threads share a core), and an application-wide event filter in Python did
that for every event of every widget: showing the progress dialog alone
held the window 0.1-1 s, and a 20 ms timer ticked 50-80 ms apart. So input
is held back by Qt itself: the wait runs with ``ExcludeUserInputEvents``
until the dialog shows, then the dialog is application-modal. Whatever
input was held back meanwhile is dropped (as before) once the interpreter
is free of the read, or just before the dialog shows.
"""

from __future__ import annotations

import gc
import sys
import threading
from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from nnapp.text import tr

SHOW_AFTER_MS = 300
"""How long a read runs before its progress dialog appears."""

SWITCH_INTERVAL_S = 0.0005
"""How long the reading thread may keep the interpreter while the window
waits for it (Python's default is 5 ms)."""


HELD_BACK = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Wheel, QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut, QEvent.Type.ContextMenu, QEvent.Type.DragEnter, QEvent.Type.DragMove,
    QEvent.Type.Drop, QEvent.Type.Close, QEvent.Type.TouchBegin,
})
"""What a person does that is dropped while a read is waited for (painting,
timers and resizing go on)."""


@dataclass
class Outcome:
    """How a read on the worker thread ended.

    Exactly one of three: ``cancelled`` is True; or ``error`` holds what the
    function raised; or ``value`` holds what it returned.
    """

    value: Any = None
    error: BaseException | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return not self.cancelled and self.error is None


class _Messenger(QObject):
    """Carries the thread's result to the GUI thread (a queued signal)."""

    done = Signal(object)


class _InputHold(QObject):
    """Drops input (installed only for a moment, to drop what Qt held back:
    see :meth:`Reading.drop_held_input`)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        return event.type() in HELD_BACK


class Reading:
    """One read in progress: the worker thread, the wait and the dialog.

    Made and run by :func:`run_off_thread`; tests reach the current one as
    :data:`current` to press Cancel.
    """

    def __init__(self, work: Callable[[], Any], parent: QWidget | None, title: str, label: str) -> None:
        self.work = work
        self.parent = parent
        self.title = title
        self.label = label
        self.outcome: Outcome | None = None
        self.dialog: QProgressDialog | None = None
        self._loop = QEventLoop()
        self._messenger = _Messenger()
        self._messenger.done.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self._hold = _InputHold()
        self._show_timer = QTimer()
        self._show_timer.setSingleShot(True)
        self._show_timer.timeout.connect(self.show_dialog)
        self._flags = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
        self._again = False
        self._dropping = False

    def run(self) -> Outcome:
        """Start the thread and wait (answering paint and timer events) until
        it ends or Cancel is pressed."""
        with _settings_lock:
            _reads_started()
        try:
            _start_thread(self.work, self._messenger, self.title)
            self._show_timer.start(SHOW_AFTER_MS)
            while self.outcome is None:
                # input waits in Qt's queue (no Python filter sees each event); once the
                # dialog shows, the loop starts again taking input, the dialog being modal
                self._again = False
                self._loop.exec(self._flags)
                if not self._again:
                    break       # the read ended, Cancel, or the application quits
        finally:
            with _settings_lock:
                _reads_ended()
            self._show_timer.stop()
            self.drop_held_input()      # before the dialog goes: whatever shows it meanwhile, it goes
            if self.dialog is not None:
                self.dialog.hide()
                self.dialog.deleteLater()
                self.dialog = None
        return self.outcome if self.outcome is not None else Outcome(cancelled=True)

    def drop_held_input(self) -> None:
        """Drop the clicks and keys that came while the window waited (they
        were meant for a window that was not answering them)."""
        app = QApplication.instance()
        if app is None or self._dropping:
            return
        self._dropping = True
        app.installEventFilter(self._hold)
        try:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        finally:
            app.removeEventFilter(self._hold)
            self._dropping = False

    def show_dialog(self) -> QProgressDialog:
        """Show the progress dialog now (it appears by itself after
        ``SHOW_AFTER_MS``)."""
        if self.dialog is None:
            self._show_timer.stop()
            dialog = QProgressDialog(self.label, tr("Cancel"), 0, 0, self.parent)
            dialog.setObjectName("progress_dialog")
            dialog.setWindowTitle(self.title)
            # every other window waits for the read: Qt holds their input back
            dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            dialog.setMinimumDuration(0)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumWidth(360)
            dialog.canceled.connect(self.cancel)
            self.dialog = dialog
            self.drop_held_input()      # a key pressed before must not reach the dialog
            dialog.show()
            if self.outcome is None and self._flags != QEventLoop.ProcessEventsFlag.AllEvents:
                self._flags = QEventLoop.ProcessEventsFlag.AllEvents
                self._again = True
                self._loop.quit()       # :meth:`run` waits again, now taking the dialog's input
        return self.dialog

    def cancel(self) -> None:
        """Stop waiting; the thread's result is dropped when it arrives."""
        if self.outcome is None:
            self.outcome = Outcome(cancelled=True)
        self._loop.quit()

    def _arrived(self, outcome: Outcome) -> None:
        if self.outcome is None:        # not cancelled: take it
            self.outcome = outcome
        self._loop.quit()


def _start_thread(work: Callable[[], Any], messenger: _Messenger, title: str,
                  on_end: Callable[[], None] | None = None) -> None:
    """Run ``work`` on a daemon thread, then ``on_end`` there; the
    :class:`Outcome` goes out through ``messenger.done`` (queued to the GUI
    thread)."""
    def in_thread() -> None:
        try:
            result = Outcome(value=work())
        except BaseException as e:  # noqa: BLE001 - every failure is reported by the caller
            result = Outcome(error=e)
        finally:
            if on_end is not None:
                on_end()
        try:
            messenger.done.emit(result)
        except RuntimeError:
            pass  # the window went away meanwhile: nobody is waiting

    threading.Thread(target=in_thread, name=f"nnapp read: {title}", daemon=True).start()


_running = 0
_interval = 0.005
_collecting = True
_settings_lock = threading.Lock()


def _reads_started() -> None:
    """While reads run: the cycle collector waits (a full pass over the
    window's objects, started by the reader filling memory, holds the
    interpreter, and so the window, some 100 ms; what a reader throws away
    is freed at once without it), and the window gets the interpreter back
    sooner each time it asks for it (drawing asks many times, each wait up
    to one switch interval)."""
    global _running, _interval, _collecting
    if _running == 0:
        _collecting = gc.isenabled()
        gc.disable()
        _interval = sys.getswitchinterval()
        sys.setswitchinterval(min(_interval, SWITCH_INTERVAL_S))
    _running += 1


def _reads_ended() -> None:
    global _running
    _running -= 1
    if _running == 0:
        sys.setswitchinterval(_interval)
        if _collecting:
            gc.enable()


class Background(QObject):
    """Reads on a worker thread without waiting for them: for views that
    show data when it has been read (the window goes on meanwhile).

    Only the newest read counts: starting another drops what an earlier one
    will produce.

    Signals
    -------
    finished(object)
        The :class:`Outcome` of the newest read.
    """

    finished = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._newest = 0
        self._pending: dict[int, _Messenger] = {}

    def start(self, work: Callable[[], Any], title: str = "background") -> None:
        """Run ``work()`` on a worker thread; :attr:`finished` follows."""
        self._newest += 1
        number = self._newest
        messenger = _Messenger()
        messenger.done.connect(lambda outcome, n=number: self._arrived(n, outcome),
                               Qt.ConnectionType.QueuedConnection)
        self._pending[number] = messenger
        with _settings_lock:
            _reads_started()
        _start_thread(work, messenger, title, on_end=_background_ended)

    def drop(self) -> None:
        """Drop what the reads going on will produce."""
        self._newest += 1

    def busy(self) -> bool:
        """True while a read started here has not been delivered."""
        return bool(self._pending)

    def _arrived(self, number: int, outcome: Outcome) -> None:
        self._pending.pop(number, None)
        if number == self._newest:
            self.finished.emit(outcome)


def _background_ended() -> None:
    with _settings_lock:
        _reads_ended()


current: Reading | None = None
"""The read being waited for, if any."""


def run_off_thread(work: Callable[[], Any], parent: QWidget | None = None, *,
                   title: str | None = None, label: str | None = None) -> Outcome:
    """Run ``work()`` on a worker thread; wait, answering the window, until it ends.

    Parameters
    ----------
    work : callable
        Reads and builds; touches neither Qt nor any document.
    parent : QWidget or None
        The window the progress dialog belongs to.
    title, label : str, optional
        The progress dialog's title and sentence.

    Returns
    -------
    Outcome
        What ``work`` returned or raised, or that Cancel was pressed.
    """
    global current
    reading = Reading(work, parent, title or tr("Reading"), label or tr("Reading the file…"))
    before, current = current, reading
    try:
        return reading.run()
    finally:
        current = before


def is_reading() -> bool:
    """True while some read is being waited for."""
    return current is not None
