"""The File menu: new, open, examples, recent files, save, export.

Every way of replacing the document first asks about unsaved changes
(:meth:`FileController.maybe_save`). Opening reads and checks the whole file
before the document is touched: a damaged file is reported in a dialog and
the open document stays as it was. Recent files live in ``QSettings``.

The questions a person answers (which file, save changes?) go through the
methods ``choose_open_path``, ``choose_save_path`` and ``ask_to_save``, so
tests can answer them without a native dialog.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nnapp.engine.examples import ExampleError, example_names
from nnapp.engine.serialize import FileFormatError
from nnapp.model.errors import EditError
from nnapp.model.files import open_document, open_example, save_document

from .canvas.legend import paint_legend
from .canvas.scene import NetworkScene
from .editor import Editor

RECENT_KEY = "recent_files"
MAX_RECENT = 8
FILTER = "nnapp networks (*.nnapp *.json);;All files (*)"


class FileController(QObject):
    """File operations of one window.

    Signals
    -------
    message(str)
        For the status bar.
    recent_changed()
    """

    message = Signal(str)
    recent_changed = Signal()

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
        path, _ = QFileDialog.getOpenFileName(self.window, "Open network", self._folder(), FILTER)
        return path

    def choose_save_path(self, caption: str = "Save network as", suffix: str = ".nnapp",
                         filter_: str = FILTER) -> str:
        name = Path(self.doc.path).name if self.doc.path else (self._title_stem() + suffix)
        path, _ = QFileDialog.getSaveFileName(self.window, caption, os.path.join(self._folder(), name), filter_)
        if path and not Path(path).suffix:
            path += suffix
        return path

    def ask_to_save(self) -> str:
        """"save", "discard" or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                          f"Save the changes to {self.display_name()} before closing it?",
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
        return self.doc.title or "Untitled"

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
            self.message.emit("New network: double-click the canvas to place a neuron")

    def open(self) -> None:
        if not self.maybe_save():
            return
        path = self.choose_open_path()
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            notes = open_document(self.doc, path)
        except FileFormatError as e:
            self.show_error("Cannot open the file", f"{Path(path).name} could not be opened.\n\n{e}")
            return False
        except OSError as e:
            self.show_error("Cannot open the file", f"{path}: {e.strerror or e}")
            if not Path(path).exists():
                self._forget(path)
            return False
        self.editor.stack.clear()
        self.add_recent(path)
        self.after_open(notes, Path(path).name)
        return True

    def open_example(self, name: str) -> bool:
        if not self.maybe_save():
            return False
        try:
            notes = open_example(self.doc, name)
        except (ExampleError, FileFormatError) as e:
            self.show_error("Cannot open the example", str(e))
            return False
        self.editor.stack.clear()
        self.after_open(notes, f"example “{name}”")
        return True

    def after_open(self, notes: list[str], what: str) -> None:
        for view in self.scene.views():
            view.fit()
        if notes:
            self.message.emit(f"Opened {what}; " + "; ".join(notes))
        else:
            self.message.emit(f"Opened {what}")

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
            self.show_error("Cannot save yet", str(e)[:1].upper() + str(e)[1:])
            return False
        except OSError as e:
            self.show_error("Cannot save the file", f"{path}: {e.strerror or e}\n\nThe file on disk is unchanged.")
            return False
        self.editor.stack.setClean()
        self.add_recent(path)
        self.message.emit(f"Saved {Path(path).name}")
        return True

    # --- export ---------------------------------------------------------------

    def export_png(self, path: str | None = None) -> bool:
        path = path or self.choose_save_path("Export diagram as PNG", ".png", "PNG images (*.png)")
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
            self.show_error("Cannot export", f"{path} could not be written.")
            return False
        self.message.emit(f"Exported {Path(path).name}")
        return True

    def export_svg(self, path: str | None = None) -> bool:
        path = path or self.choose_save_path("Export diagram as SVG", ".svg", "SVG drawings (*.svg)")
        if not path:
            return False
        source = self._export_rect()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(QSize(int(source.width()), int(source.height())))
        generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
        generator.setTitle(self.doc.title or "nnapp network")
        painter = QPainter()
        if not painter.begin(generator):
            self.show_error("Cannot export", f"{path} could not be written.")
            return False
        self._render(painter, QRectF(0, 0, source.width(), source.height()), source, 1.0)
        painter.end()
        self.message.emit(f"Exported {Path(path).name}")
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
        files = [p for p in self.recent_files() if p != str(Path(path).resolve()) and p != path]
        self.settings.setValue(RECENT_KEY, files)
        self.recent_changed.emit()

    def clear_recent(self) -> None:
        self.settings.setValue(RECENT_KEY, [])
        self.recent_changed.emit()

    @staticmethod
    def examples() -> list[str]:
        return example_names()
