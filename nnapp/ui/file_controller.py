"""The File menu: new, open, examples, recent files, save, export.

Every way of replacing the document first asks about unsaved changes
(:meth:`FileController.maybe_save`). Opening reads and checks the whole file
on a worker thread (:mod:`.file_loading`: the window keeps answering, a
progress dialog with Cancel appears when it takes a while) before the
document is touched; only then is the document replaced, in one step. A
damaged file, a network too large for the window, or anything else that
goes wrong is reported in a dialog worded by
:func:`~nnapp.model.file_errors.file_problem`, and the open document, its
title, its undo history and the recent files stay as they were. Recent
files live in ``QSettings``.

The questions a person answers (which file, save changes?) go through the
methods ``choose_open_path``, ``choose_save_path`` and ``ask_to_save``, so
tests can answer them without a native dialog.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QPointF, QRectF, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nnapp.engine.examples import example_names, example_path
from nnapp.engine.network import Network
from nnapp.model.errors import EditError
from nnapp.model.file_errors import file_problem
from nnapp.model.files import DocumentContents, example_in_language, install, read_document, save_document
from nnapp.model.limits import window_refusal
from nnapp.text import marked, sentence, tr

from .canvas.legend import paint_legend
from .canvas.scene import NetworkScene
from .editor import Editor
from .file_loading import is_reading, run_off_thread

RECENT_KEY = "recent_files"
MAX_RECENT = 8
FILTER = marked("nnapp networks (*.nnapp *.json);;All files (*)")


class FileController(QObject):
    """File operations of one window.

    Signals
    -------
    message(str)
        For the status bar.
    recent_changed()
    opened(str)
        A file or an example replaced the document (its path, or the
        example's name).
    """

    message = Signal(str)
    recent_changed = Signal()
    opened = Signal(str)

    def __init__(self, editor: Editor, scene: NetworkScene, settings: QSettings, window: QWidget) -> None:
        super().__init__(window)
        self.editor = editor
        self.scene = scene
        self.settings = settings
        self.window = window

    @property
    def doc(self):
        return self.editor.doc

    # --- questions (replaced in tests) --------------------------------------

    def choose_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self.window, tr("Open network"), self._folder(), tr(FILTER))
        return path

    def choose_save_path(self, caption: str | None = None, suffix: str = ".nnapp",
                         filter_: str = tr(FILTER)) -> str:
        name = Path(self.doc.path).name if self.doc.path else (self._title_stem() + suffix)
        path, _ = QFileDialog.getSaveFileName(self.window, caption or tr("Save network as"), os.path.join(self._folder(), name), filter_)
        if path and not Path(path).suffix:
            path += suffix
        return path

    def ask_to_save(self) -> str:
        """"save", "discard" or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, tr("Unsaved changes"),
                          tr("Save the changes to {display_name} before closing it?").format(display_name=self.display_name()),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A window-modal error box (not blocking: ``open()``)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("error_dialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    # --- names --------------------------------------------------------------

    def display_name(self) -> str:
        if self.doc.path:
            return Path(self.doc.path).name
        return self.doc.title or tr("Untitled")

    def _title_stem(self) -> str:
        keep = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in (self.doc.title or "network"))
        return keep.strip().replace(" ", "_")[:40] or "network"

    def _folder(self) -> str:
        if self.doc.path:
            return str(Path(self.doc.path).parent)
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    # --- replacing the document -----------------------------------------------

    def maybe_save(self) -> bool:
        """True when the document may be replaced (saved, discarded, or
        unchanged); False when the user cancelled."""
        if not self.editor.is_modified():
            return True
        answer = self.ask_to_save()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> None:
        if self.maybe_save():
            self.doc.reset()
            self.editor.stack.clear()
            self.message.emit(tr("New network: double-click the canvas to place a neuron"))

    def open(self) -> None:
        if not self.maybe_save():
            return
        path = self.choose_open_path()
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str, ask: bool = True) -> bool:
        """Replace the document by the file at ``path``; True when it was.

        The file is read on a worker thread; this returns when the document
        has been replaced, the read failed (a dialog says why) or Cancel was
        pressed (the document is left as it was).
        """
        if ask and not self.maybe_save():
            return False
        path = os.fspath(path)
        contents = self._read(tr("Cannot open the file"), path, lambda: _read_for_window(path),
                              tr("Opening {short_name}…").format(short_name=_short_name(path)))
        if contents is None:
            if not _exists(path):
                self._forget(path)
            return False
        if self.install_contents(contents, lambda e: self._cannot_open(tr("Cannot open the file"), e, path)) is None:
            return False
        self.add_recent(path)
        self.after_open(contents.notes, Path(path).name)
        self.opened.emit(path)
        return True

    def open_example(self, name: str) -> bool:
        """Replace the document by a built-in example; True when it was."""
        if not self.maybe_save():
            return False
        contents = self._read(tr("Cannot open the example"), None,
                              lambda: example_in_language(_read_for_window(example_path(name), remember_path=False)),
                              tr("Opening the example “{name}”…").format(name=name))
        if contents is None:
            return False
        if self.install_contents(contents, lambda e: self._cannot_open(tr("Cannot open the example"), e, None)) is None:
            return False
        self.after_open(contents.notes, tr("example “{name}”").format(name=name))
        self.opened.emit(name)
        return True

    @staticmethod
    def is_busy() -> bool:
        """True while a file is being read (the window waits for it)."""
        return is_reading()

    def _read(self, title: str, path: str | None, work, label: str) -> DocumentContents | None:
        """The contents ``work`` reads on a worker thread, or None (after a
        dialog when it failed; quietly when cancelled or already reading)."""
        if is_reading():
            self.message.emit(tr("A file is still being read: wait for it, or cancel it"))
            return None
        outcome = run_off_thread(work, self.window, title=tr("Opening"), label=label)
        if outcome.cancelled:
            self.message.emit(tr("Opening cancelled; nothing was changed"))
            return None
        if outcome.error is not None:
            self.show_error(title, _words(outcome.error, path))
            return None
        return outcome.value

    def install_contents(self, contents: DocumentContents,
                         report: Callable[[BaseException], object]) -> list[str] | None:
        """Replace the document by ``contents`` in one step and forget the old
        undo history; the notes of the contents when it was replaced.

        A network too large for the window is refused first. If a view fails
        while following the swap, the old document is put back, with its undo
        history. Either way ``report(exception)`` is called (it shows a dialog)
        and None is returned: the window shows the old document.
        """
        refusal = window_refusal(contents.file.network)
        if refusal:
            report(EditError(refusal))
            return None
        before = _snapshot(self.doc)
        try:
            notes = install(self.doc, contents)
        except Exception as e:  # noqa: BLE001 - whatever a view raised while following: undo the swap
            _restore(self.doc, before)
            report(e)
            return None
        self.editor.stack.clear()
        return notes

    def _cannot_open(self, title: str, exc: BaseException, path: str | None) -> None:
        self.show_error(title, _words(exc, path))

    def after_open(self, notes: list[str], what: str) -> None:
        for view in self.scene.views():
            view.fit()
        if notes:
            self.message.emit(tr("Opened {what}; ").format(what=what) + "; ".join(notes))
        else:
            self.message.emit(tr("Opened {what}").format(what=what))

    # --- saving ---------------------------------------------------------------

    def save(self) -> bool:
        if not self.doc.path:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        path = self.choose_save_path()
        return bool(path) and self._save_to(path)

    def _save_to(self, path: str) -> bool:
        try:
            save_document(self.doc, path)
        except EditError as e:
            self.show_error(tr("Cannot save yet"), file_problem(e))
            return False
        except Exception as e:  # noqa: BLE001 - any failure to write: say so, change nothing
            self.show_error(tr("Cannot save the file"),
                            tr("{file_problem}\n\nThe file on disk is unchanged.").format(file_problem=file_problem(e, _shown_path(path))))
            return False
        self.editor.stack.setClean()
        self.add_recent(path)
        self.message.emit(tr("Saved {name}").format(name=Path(path).name))
        return True

    # --- export ---------------------------------------------------------------

    def export_png(self, path: str | None = None) -> bool:
        path = path or self.choose_save_path(tr("Export diagram as PNG"), ".png", tr("PNG images (*.png)"))
        if not path:
            return False
        source = self._export_rect()
        scale = 2.0
        image = QImage(QSize(int(source.width() * scale), int(source.height() * scale)), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        self._render(painter, QRectF(0, 0, image.width(), image.height()), source, scale)
        painter.end()
        if not image.save(path, "PNG"):
            self.show_error(tr("Cannot export"), tr("{path} could not be written.").format(path=path))
            return False
        self.message.emit(tr("Exported {name}").format(name=Path(path).name))
        return True

    def export_svg(self, path: str | None = None) -> bool:
        path = path or self.choose_save_path(tr("Export diagram as SVG"), ".svg", tr("SVG drawings (*.svg)"))
        if not path:
            return False
        source = self._export_rect()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(QSize(int(source.width()), int(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle(self.doc.title or tr("nnapp network"))
        painter = QPainter()
        if not painter.begin(generator):
            self.show_error(tr("Cannot export"), tr("{path} could not be written.").format(path=path))
            return False
        self._render(painter, QRectF(0, 0, source.width(), source.height()), source, 1.0)
        painter.end()
        self.message.emit(tr("Exported {name}").format(name=Path(path).name))
        return True

    def _export_rect(self) -> QRectF:
        rect = self.scene.itemsBoundingRect().adjusted(-30, -30, 30, 150)
        return rect if not rect.isEmpty() else QRectF(0, 0, 400, 300)

    def _render(self, painter: QPainter, target: QRectF, source: QRectF, scale: float) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.scene.selectedItems()
        for item in selected:
            item.setSelected(False)
        self.scene.render(painter, target, source)
        for item in selected:
            item.setSelected(True)
        painter.save()
        painter.scale(scale, scale)
        paint_legend(painter, QPointF(10, target.height() / scale - 10))
        painter.restore()

    # --- recent files -----------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])][:MAX_RECENT]

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue(RECENT_KEY, files[:MAX_RECENT])
        self.recent_changed.emit()

    def _forget(self, path: str) -> None:
        try:
            resolved = str(Path(path).resolve())
        except (OSError, ValueError):
            resolved = path
        files = [p for p in self.recent_files() if p != resolved and p != path]
        self.settings.setValue(RECENT_KEY, files)
        self.recent_changed.emit()

    def clear_recent(self) -> None:
        self.settings.setValue(RECENT_KEY, [])
        self.recent_changed.emit()

    @staticmethod
    def examples() -> list[str]:
        return example_names()


# --- reading for the window (runs on the worker thread) ---------------------------------


def _read_for_window(path: str | os.PathLike, *, remember_path: bool = True) -> DocumentContents:
    """Read and check a document and the files its data names; touches no
    document and no Qt, so it runs on the worker thread.

    Data that names a pipe, a device or a folder is refused here, by kind,
    without opening it (reading one could wait for ever or never end); data
    that cannot be used for another reason is left for the data panel to
    explain, and the network still opens.
    """
    contents = read_document(path, remember_path=remember_path)
    if contents.data is not None:
        base = Path(contents.path).parent if contents.path else None
        for data_file in contents.data.files(base):
            _refuse_special(data_file)
    return contents


def _refuse_special(path: Path) -> None:
    """Raise EditError when ``path`` exists and is not a regular file."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return
    if stat.S_ISREG(mode):
        return
    kind = (tr("a folder") if stat.S_ISDIR(mode) else tr("a pipe") if stat.S_ISFIFO(mode)
            else tr("a device") if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else tr("a socket") if stat.S_ISSOCK(mode) else tr("not a regular file"))
    raise EditError(tr("the network's data names {shown_path}, which is {kind}, not a file of data. Point the file's data section at a CSV or IDX file").format(shown_path=_shown_path(str(path)), kind=kind))


def _snapshot(doc) -> dict:
    """What :func:`_restore` needs to put ``doc`` back as it is now."""
    return dict(layers=list(doc.layers), links=list(doc.links), layout=doc.layout,
                neuron_ids=[list(ids) for ids in doc.neuron_ids], training=doc.training, data=doc.data_source,
                title=doc.title, description=doc.description, extra=dict(doc.extra),
                input_values=list(doc.input), path=doc.path)


def _restore(doc, before: dict) -> None:
    layers, links = before.pop("layers"), before.pop("links")
    try:
        if layers:
            doc.replace(Network(layers, links), **before)
            return
    except Exception:  # noqa: BLE001 - put back what can be put back
        pass
    doc.reset()


def _words(exc: BaseException, path: str | None) -> str:
    """The dialog's text for a file (or an example) that could not be opened."""
    what = _short_name(path) if path is not None else tr("The example")
    problem = file_problem(exc)
    problem = sentence(problem) + ("." if problem[-1:].isalnum() else "")
    return tr("{what} could not be opened; the open network is unchanged.\n\n{problem}").format(what=what, problem=problem)


def _shown_path(path: str) -> str:
    """``path`` as a dialog shows it (no NUL, no lone surrogate, not endless)."""
    text = str(path).replace("\0", "\\0").encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 300 else text[:140] + " … " + text[-140:]


def _short_name(path: str) -> str:
    name = _shown_path(Path(path).name)
    return name if len(name) <= 60 else name[:28] + "…" + name[-28:]


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except (OSError, ValueError):
        return False
