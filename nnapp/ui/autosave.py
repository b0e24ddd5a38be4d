"""Autosave: a recovery copy of one window's unsaved document.

While the document differs from its file (the undo stack is not clean), a
copy is written to the window's recovery file a few seconds after the last
change (``autosave/delay`` in the settings, 3 s by default) and, while
changes keep coming, at least every :data:`LONGEST_GAP_S` seconds. When the
document becomes clean again (saved, opened, undone back to the saved
state) or the window closes, the copy is removed.

The copy is taken on the GUI thread (the arrays are copied, which is quick
even for the mnist network) and turned into text and written on a worker
thread, one write at a time per window. A write that fails (full disk, a
folder that cannot be written) is reported once through :attr:`failed`;
the window keeps working.

The recovery folder is given by the application (:func:`default_folder`);
a window given none keeps no copies.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QTimer, Signal

from nnapp.model.file_errors import file_problem
from nnapp.model.recovery import (
    new_window_id,
    recovery_file,
    recovery_text,
    remove_recovery,
    snapshot,
    write_recovery,
)
from nnapp.text import tr

from .editor import Editor

FOLDER_ENV = "NNAPP_RECOVERY_DIR"
"""An environment variable that, when set, names the recovery folder."""
ENABLED_KEY = "autosave/enabled"
DELAY_KEY = "autosave/delay"
DEFAULT_DELAY_S = 3.0
MIN_DELAY_S, MAX_DELAY_S = 0.05, 60.0
"""The shortest and longest delay after a change (seconds)."""
LONGEST_GAP_S = 60.0
"""While changes keep coming, a copy is written at least this often."""


def default_folder() -> Path:
    """Where recovery files live: ``$NNAPP_RECOVERY_DIR`` when set, else
    ``recovery`` in the application's data folder."""
    named = os.environ.get(FOLDER_ENV)
    if named:
        return Path(named)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nnapp") / "recovery"


def autosave_enabled(settings: QSettings) -> bool:
    value = settings.value(ENABLED_KEY, True)
    return value not in (False, "false", "0", 0)


def autosave_delay(settings: QSettings) -> float:
    """Seconds after the last change before a copy is written."""
    try:
        value = float(settings.value(DELAY_KEY, DEFAULT_DELAY_S))
    except (TypeError, ValueError):
        return DEFAULT_DELAY_S
    if value != value:
        return DEFAULT_DELAY_S
    return min(max(value, MIN_DELAY_S), MAX_DELAY_S)


class Autosave(QObject):
    """The recovery copy of one window's document.

    Parameters
    ----------
    editor : Editor
        The document and its undo stack.
    folder : Path or None
        The recovery folder; None keeps no copies.
    settings : QSettings
        Where ``autosave/enabled`` and ``autosave/delay`` are read.

    Signals
    -------
    failed(str)
        A copy could not be written (sent once until a write succeeds again).
    written(str)
        A copy was written to this file.
    """

    failed = Signal(str)
    written = Signal(str)
    _done = Signal(object, object)  # (generation, error text or None), from the worker thread

    def __init__(self, editor: Editor, folder: Path | None, settings: QSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.folder = Path(folder) if folder is not None else None
        self.settings = settings
        self.window_id = new_window_id()
        self.path = recovery_file(self.folder, self.window_id) if self.folder is not None else None
        self._generation = 0         # goes up when the copy is removed: a write under way then removes its own
        self._busy = False
        self._again = False
        self._failure_shown = False
        self._adopted: list[Path] = []
        self._closed = False
        self._copy_may_exist = True  # False once removed, until the next write starts
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.write_now)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(int(LONGEST_GAP_S * 1000))
        self._deadline.timeout.connect(self.write_now)
        self._done.connect(self._on_done)
        self.apply_settings()
        doc = editor.doc
        for event in doc.events:
            event.connect(self._on_changed)
        editor.stack.indexChanged.connect(self._on_changed)
        editor.stack.cleanChanged.connect(self._on_changed)

    # --- what the window asks -------------------------------------------------

    def is_active(self) -> bool:
        return self.path is not None and self.enabled and not self._closed

    def apply_settings(self) -> None:
        """Read ``autosave/enabled`` and ``autosave/delay`` again; turning
        autosave off removes the copy."""
        self.enabled = autosave_enabled(self.settings)
        delay = autosave_delay(self.settings)
        self._debounce.setInterval(int(delay * 1000))
        self._deadline.setInterval(int(LONGEST_GAP_S * 1000))
        if self.is_active():
            self._on_changed()
        else:
            self._stop()
            if self.path is not None and self._copy_may_exist:
                self._generation += 1
                self._copy_may_exist = False
                self._remove_file(self.path)

    def adopt(self, old: Path) -> None:
        """Remove ``old`` (a recovery file this window's document was
        restored from) once this window has written its own copy."""
        self._adopted.append(Path(old))
        if self.is_active():
            self.write_now()

    def close(self) -> None:
        """The window closes normally: no more copies, and its copy goes."""
        self._closed = True
        self._stop()
        self._remove()
        self._disconnect()

    def _disconnect(self) -> None:
        for event in self.editor.doc.events:
            event.disconnect(self._on_changed)
        try:
            self.editor.stack.indexChanged.disconnect(self._on_changed)
            self.editor.stack.cleanChanged.disconnect(self._on_changed)
        except (RuntimeError, TypeError):
            pass    # the stack has gone already

    def pending(self) -> bool:
        """Whether a copy is waiting to be written or being written."""
        return self._busy or self._debounce.isActive() or self._deadline.isActive()

    # --- changes ----------------------------------------------------------------

    def _on_changed(self, *args) -> None:
        if not self.is_active():
            return
        if not self.editor.is_modified():
            self._stop()
            self._remove()
            return
        self._debounce.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def _stop(self) -> None:
        self._debounce.stop()
        self._deadline.stop()
        self._again = False

    def write_now(self) -> None:
        """Write a copy now (on the worker thread), if there is anything to keep."""
        self._debounce.stop()
        self._deadline.stop()
        if not self.is_active() or not self.editor.is_modified():
            return
        if self._busy:
            self._again = True
            return
        try:
            taken = snapshot(self.editor.doc)
        except Exception as e:  # noqa: BLE001 - a copy that cannot be taken must not stop the window
            self._report(file_problem(e))
            return
        if taken is None:
            return      # not a network yet: nothing worth a copy
        nf, notes = taken
        doc = self.editor.doc
        job = dict(target=self.path, document_path=doc.path, title=doc.title, notes=notes,
                   modified=True, window=self.window_id)
        self._busy = True
        self._copy_may_exist = True
        threading.Thread(target=self._write, args=(nf, job, self._generation), daemon=True,
                         name=f"autosave-{self.window_id}").start()

    # --- the worker thread --------------------------------------------------------

    def _write(self, nf, job: dict, generation: int) -> None:
        error = None
        try:
            text = recovery_text(nf)
            if generation == self._generation:
                write_recovery(text=text, **job)
                if generation != self._generation:
                    # the copy was removed while this one was written: it goes too
                    remove_recovery(job["target"])
        except Exception as e:  # noqa: BLE001 - reported in the window, never raised on a worker thread
            error = file_problem(e, Path(job["target"]).parent)
        try:
            self._done.emit(generation, error)
        except RuntimeError:
            pass    # the window has gone meanwhile: nobody is waiting

    # --- back on the GUI thread -----------------------------------------------------

    def _on_done(self, generation: int, error: str | None) -> None:
        self._busy = False
        if error is not None:
            self._report(error)
        elif generation == self._generation:
            self._failure_shown = False
            for old in self._adopted:
                self._remove_file(old)
            self._adopted.clear()
            self.written.emit(str(self.path))
        if self._again:
            self._again = False
            self._on_changed()

    def _remove(self) -> None:
        """Nothing to keep (saved, unchanged, closed, or autosave off): the
        copy goes, and so do the copies this document was restored from."""
        for old in self._adopted:
            self._remove_file(old)
        self._adopted.clear()
        if self.path is None or not self._copy_may_exist:
            return
        self._generation += 1
        self._copy_may_exist = False
        self._remove_file(self.path)

    def _remove_file(self, path: Path) -> None:
        try:
            remove_recovery(path)
        except OSError as e:
            self._report(file_problem(e, path))

    def _report(self, problem: str) -> None:
        if self._failure_shown:
            return
        self._failure_shown = True
        self.failed.emit(tr("Autosave failed: {problem} Your work is still open: save it to keep it safe.")
                         .format(problem=problem))
