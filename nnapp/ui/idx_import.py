"""The "Import MNIST (IDX files)" dialog: choose the four files of an MNIST-style database.

The user chooses a folder — the standard names (``train-images-idx3-ubyte``,
``t10k-labels-idx1-ubyte.gz`` …, see :data:`~nnapp.engine.idx.MNIST_FILES`)
are found in it — or each file with its own Browse button. Every file is
read as soon as it is chosen, on a worker thread with a progress dialog and
Cancel (:func:`~nnapp.engine.idx.cached_images`, kept in memory, so
importing does not read it again) and the line under it
says what it holds (60,000 pictures of 28×28 pixels; 10,000 labels, 0–9)
or, in red, why it cannot be used: not an IDX file, labels where pictures
belong, truncated, damaged gzip, missing. Problems between files — a label
file of another length than its pictures, training and test pictures of
different sizes — are shown below, with what the choice gives next to what
the network has.

The dialog never touches the document: Import hands a data section to its
``importer`` (the data panel pushes it as an undoable edit) and stays open,
showing why, if it is refused.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from nnapp.engine.idx import MNIST_FILES, PAIRS, IdxError, cached_images, cached_labels, find_mnist_files, \
    n_classes, read_parts
from nnapp.model.file_errors import file_problem
from nnapp.model.words import counted
from nnapp.text import marked, tr

from .fields import ERROR_STYLE
from .file_loading import run_off_thread
from .import_dialog import ImportDialog, short_path

ROLE_LABELS = {
    "train_images": marked("Training images"),
    "train_labels": marked("Training labels"),
    "test_images": marked("Test images"),
    "test_labels": marked("Test labels"),
}

SPLIT_LABELS = {
    "train": marked("the training files"),
    "test": marked("the test files"),
    "all": marked("all: training and test files"),
}
"""Split → how the "Rows" chooser says it."""

FILE_FILTER = marked("IDX files (*-ubyte *-ubyte.gz *.idx *.idx.gz *.gz);;All files (*)")

NOTE_STYLE = "color: palette(placeholder-text);"


class IdxImportDialog(ImportDialog):
    """Choose MNIST-style IDX files: a folder, or each file.

    Parameters
    ----------
    parent, importer, n_inputs, n_outputs, folder
        As :class:`~.import_dialog.ImportDialog`.
    files : dict of str to path, optional
        Files to start with, by role (those of the document's data).
    split : str
        The rows chosen to start with: "train", "test" or "all".

    Signals
    -------
    imported(dict)
        A data section was imported: ``{"idx": {"train_images": path, …},
        "options": {"split": …}}`` with absolute paths.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        importer: Callable[[dict], str | None] | None = None,
        n_inputs: int | None = None,
        n_outputs: int | None = None,
        folder: str = "",
        files: dict | None = None,
        split: str = "train",
    ) -> None:
        super().__init__(parent, "idx", tr("Import MNIST (IDX files)"), importer=importer, n_inputs=n_inputs,
                         n_outputs=n_outputs, folder=folder)
        self.edits: dict[str, QLineEdit] = {}
        self.notes: dict[str, QLabel] = {}
        self._unusable: set[str] = set()    # the roles whose file cannot be used
        self.parts: dict = {}
        """Part → (images, labels) of the current choice, when it can be imported."""

        intro = QLabel(
            tr("Choose the folder that holds the MNIST files: their standard names are found in it, gzipped or "
            "not. Or choose each file. The test files are optional: they are kept apart to measure the "
            "trained network.")
        )
        intro.setObjectName("idx_intro")
        intro.setWordWrap(True)
        self.folder_label = QLabel(tr("No folder chosen"))
        self.folder_label.setObjectName("idx_folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton(tr("Choose folder…"))
        self.folder_button.setObjectName("idx_choose_folder")
        self.folder_button.setToolTip(tr("Find the four standard MNIST files in a folder"))
        self.folder_button.setAutoDefault(False)
        self.folder_button.clicked.connect(self.choose_folder)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Folder:")))
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.folder_button)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        for i, role in enumerate(ROLE_LABELS):
            label = tr(ROLE_LABELS[role])
            edit = QLineEdit()
            edit.setObjectName(f"idx_{role}")
            edit.setPlaceholderText((tr("e.g. {name}") if role.startswith("train") else tr("optional, e.g. {name}"))
                                    .format(name=MNIST_FILES[role] + ".gz"))
            edit.setToolTip(tr("The IDX file of the {lower}; type a path and press Enter, or browse").format(lower=label.lower()))
            edit.editingFinished.connect(self._edited)
            browse = QPushButton(tr("Browse…"))
            browse.setObjectName(f"idx_browse_{role}")
            browse.setToolTip(tr("Choose the file of the {lower}").format(lower=label.lower()))
            browse.setAutoDefault(False)
            browse.clicked.connect(lambda _=False, r=role: self.choose_file(r))
            note = QLabel()
            note.setObjectName(f"idx_note_{role}")
            note.setWordWrap(True)
            note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(QLabel(label), 2 * i, 0)
            grid.addWidget(edit, 2 * i, 1)
            grid.addWidget(browse, 2 * i, 2)
            grid.addWidget(note, 2 * i + 1, 1, 1, 2)
            self.edits[role] = edit
            self.notes[role] = note

        self.split_box = QComboBox()
        self.split_box.setObjectName("idx_split")
        for key in SPLIT_LABELS:
            self.split_box.addItem(tr(SPLIT_LABELS[key]), key)
        self.split_box.setToolTip(tr("The rows the network trains on: train on the training files and keep "
                                  "the test files to measure it (the data panel can switch later)"))
        self.split_box.activated.connect(self._update_result)
        rows = QHBoxLayout()
        rows.addWidget(QLabel(tr("Train on:")))
        rows.addWidget(self.split_box)
        rows.addStretch(1)

        self._build_footer()

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addLayout(rows)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(720, 440)

        if files:
            for role, path in files.items():
                if role in self.edits:
                    self.edits[role].setText(os.fspath(path))
        index = self.split_box.findData(split)
        self.split_box.setCurrentIndex(max(index, 0))
        self.refresh()

    def keyPressEvent(self, event) -> None:
        """Enter in a file field reads the file (editingFinished did) and no more: it does not import."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.focusWidget() in self.edits.values()):
            event.accept()
            return
        super().keyPressEvent(event)

    # --- choosing ---------------------------------------------------------------------------

    def choose_folder_path(self) -> str:
        """Ask for a folder; "" when the user cancels. Tests replace this method."""
        return QFileDialog.getExistingDirectory(self, tr("Folder of the MNIST files"), self.folder)

    def choose_file_path(self, role: str) -> str:
        """Ask for the file of ``role``; "" when the user cancels. Tests replace this method."""
        path, _ = QFileDialog.getOpenFileName(self, tr(ROLE_LABELS[role]), self.folder, tr(FILE_FILTER))
        return path

    def choose_folder(self) -> bool:
        """Ask for a folder and take the standard files in it; False when none was chosen."""
        folder = self.choose_folder_path()
        if not folder:
            return False
        self.load_folder(folder)
        return True

    def choose_file(self, role: str) -> bool:
        """Ask for the file of ``role`` and read it; False when none was chosen."""
        path = self.choose_file_path(role)
        if not path:
            return False
        self.folder = str(Path(path).parent)
        self.edits[role].setText(path)
        self.refresh()
        return True

    def load_folder(self, folder: str | os.PathLike) -> dict[str, Path]:
        """Fill every field with the standard file found in ``folder`` (empty
        where there is none) and read them; the files found, by role."""
        self.folder = os.fspath(folder)
        self.folder_label.setText(self.folder)
        self.folder_label.setToolTip(self.folder)
        found = find_mnist_files(folder)
        for role, edit in self.edits.items():
            edit.setText(str(found[role]) if role in found else "")
        if found and not any(role.startswith("train") for role in found) and self.split() == "train":
            self.split_box.setCurrentIndex(self.split_box.findData("test"))
        self.refresh()
        if not found:
            self._show_error(
                tr("No MNIST file in {folder}: the names looked for are {values}, "
                   "with or without .gz. Choose another folder, or choose each file with Browse.")
                .format(folder=self.folder, values=', '.join(MNIST_FILES.values()))
            )
        return found

    def set_file(self, role: str, path: str | os.PathLike) -> None:
        """Put ``path`` in the field of ``role`` ("" to clear it) and read it."""
        self.edits[role].setText(os.fspath(path))
        self.refresh()

    def _edited(self) -> None:
        self.refresh()

    # --- reading and showing ---------------------------------------------------------------

    def chosen_paths(self) -> list[str]:
        return list(self.files().values())

    def files(self) -> dict[str, str]:
        """The files in the fields, by role (empty fields left out)."""
        return {role: edit.text().strip() for role, edit in self.edits.items() if edit.text().strip()}

    def split(self) -> str:
        return self.split_box.currentData()

    def refresh(self) -> None:
        """Read every chosen file and show what it holds, then what the choice gives.

        The files are read on a worker thread (the window keeps answering; a
        progress dialog with Cancel appears when it takes a while). Cancel
        shows that nothing was read, and Import waits for another choice.
        """
        paths = {role: edit.text().strip() for role, edit in self.edits.items()}
        outcome = run_off_thread(lambda: _read_files(paths), self, title=tr("Import MNIST"),
                                 label=tr("Reading the IDX files…"))
        if not outcome.ok:
            self.parts = {}
            self.import_button.setEnabled(False)
            self._set_result("")
            self._show_error(tr("Reading the files was cancelled: choose them again to read them.")
                             if outcome.cancelled else file_problem(outcome.error))
            return
        ok = all([self._show_file(role, paths[role], *outcome.value.get(role, (None, ""))) for role in self.edits])
        self._update_result(files_ok=ok)

    def _show_file(self, role: str, path: str, arr, problem: str) -> bool:
        """Say under the field of ``role`` what its file holds, or why it
        cannot be used; False if it cannot."""
        note = self.notes[role]
        self._unusable.discard(role)
        self.edits[role].setToolTip(path or tr("The IDX file of the {lower}").format(lower=tr(ROLE_LABELS[role]).lower()))
        if not path:
            note.setText("")
            note.setStyleSheet(NOTE_STYLE)
            return True
        if arr is None:
            note.setText(problem)
            note.setStyleSheet(ERROR_STYLE)
            self._unusable.add(role)
            return False
        if arr.ndim == 3:
            n, rows, cols = arr.shape
            note.setText(tr("{counted} of {rows}×{cols} pixels").format(counted=counted(n, 'picture', 'pictures'), rows=rows, cols=cols))
        else:
            labels = counted(arr.shape[0], 'label', 'labels')
            note.setText(tr("{labels}, {low}–{high}").format(labels=labels, low=int(arr.min()), high=int(arr.max()))
                         if arr.size else labels)
        note.setStyleSheet(NOTE_STYLE)
        return True

    def _update_result(self, *_, files_ok: bool | None = None) -> None:
        """What the choice gives, and whether it fits the network; or why it cannot be imported."""
        if files_ok is None:
            files_ok = not self._unusable
        self.parts = {}
        self.import_button.setEnabled(False)
        self._clear_error()
        self._enable_splits(self.files())
        if not files_ok:
            self._set_result("")
            self._show_error(tr("A file above cannot be used: choose another one."))
            return
        files = self.files()
        if not files:
            self._set_result("")
            return
        try:
            parts = read_parts(files)
        except IdxError as e:
            self._set_result("")
            self._show_error(self._short_paths(str(e)))
            return
        split = self.split()
        if split != "all" and split not in parts:
            self._set_result("")
            if split == "train":
                text = tr("To train on {split}, choose the training images and labels.")
            else:
                text = tr("To train on {split}, choose the test images and labels.")
            self._show_error(text.format(split=tr(SPLIT_LABELS[split])))
            return
        self.parts = parts
        k = n_classes(parts)
        rows, cols = next(iter(parts.values()))[0].shape[1:]
        n = sum(parts[p][0].shape[0] for p in parts if split in (p, "all"))
        if "test" in parts and split == "train":
            text = tr("{rows_count} to train on: {rows}×{cols} pixels → {inputs}, labels 0–{last_label} → {outputs} "
                      "(one per label); {counted} kept apart.")
        else:
            text = tr("{rows_count} to train on: {rows}×{cols} pixels → {inputs}, labels 0–{last_label} → {outputs} "
                      "(one per label).")
        test_rows = parts["test"][0].shape[0] if "test" in parts else 0
        text = text.format(rows_count=counted(n, 'row', 'rows'), rows=rows, cols=cols,
                           inputs=counted(rows * cols, 'input', 'inputs'), last_label=k - 1,
                           outputs=counted(k, 'output', 'outputs', grouped=False),
                           counted=counted(test_rows, 'test picture', 'test pictures'))
        if self.n_inputs is not None and self.n_outputs is not None:
            fits = (rows * cols, k) == (self.n_inputs, self.n_outputs)
            network = (tr("The network has {inputs} → {outputs}: it fits.") if fits
                       else tr("The network has {inputs} → {outputs}: it does not fit yet."))
            text += " " + network.format(inputs=counted(self.n_inputs, 'input', 'inputs'),
                                         outputs=counted(self.n_outputs, 'output', 'outputs'))
        self._set_result(text)
        self.import_button.setEnabled(True)

    def _enable_splits(self, files: dict) -> None:
        """Offer only the splits whose files are chosen."""
        model = self.split_box.model()
        for part, roles in PAIRS.items():
            item = model.item(self.split_box.findData(part))
            item.setEnabled(all(role in files for role in roles) or not files)

    # --- importing --------------------------------------------------------------------------

    def section(self) -> dict | None:
        """The data section of the current choice (None while it cannot be imported)."""
        if not self.parts:
            return None
        return {
            "idx": {role: str(Path(path).resolve()) for role, path in self.files().items()},
            "options": {"split": self.split()},
        }


def _read_files(paths: dict[str, str]) -> dict[str, tuple]:
    """Role → (array, "") or (None, why it cannot be used), for every role
    with a path; reads through the engine's cache, touches no Qt (it runs
    on a worker thread)."""
    found: dict[str, tuple] = {}
    for role, path in paths.items():
        if not path:
            continue
        try:
            found[role] = (cached_images(path) if role.endswith("images") else cached_labels(path)), ""
        except IdxError as e:
            found[role] = None, short_path(str(e), path)   # starts with the file's name, kept as it is
        except Exception as e:  # noqa: BLE001 - memory, a device, anything: said under the field
            found[role] = None, short_path(file_problem(e, path), path)
    return found
