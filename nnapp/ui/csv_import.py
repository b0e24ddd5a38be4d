"""The "Import CSV" dialog: choose a file, see its first rows, give each column a role.

The file is read with :func:`nnapp.engine.csvdata.read_csv` as soon as it is
chosen, on a worker thread with a progress dialog and Cancel (:mod:`.file_loading`); the first :data:`PREVIEW_ROWS` rows show in a table, with the
header row detected (and a check box to say otherwise). Each column is an
input, a target or ignored; one target column of class labels can be made
one-hot (one output per class). What the choice gives — inputs → targets,
the task, the classes — is shown as it changes, next to what the network
has.

A file that cannot be used (missing, not UTF-8, empty, ragged, text or an
empty cell in a column of numbers, a single row) is described in the dialog,
in words naming the line and the column, and nothing is imported. The dialog
never touches the document: Import hands a data section to its ``importer``
(the data panel pushes it as an undoable edit) and stays open, showing why,
if it is refused.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView,
    QLabel, QPushButton, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from nnapp.engine.csvdata import CsvError, CsvTable, read_csv
from nnapp.engine.datasets import Dataset
from nnapp.model.file_errors import file_problem
from nnapp.text import counted, marked, tr, tr_in

from .file_loading import Outcome, run_off_thread
from .import_dialog import ImportDialog
from .numbers import format_number

PREVIEW_ROWS = 50
"""Rows of the file shown in the preview."""

LARGE_TABLE = 500_000
"""Values in a table above which its columns are turned into data on a worker thread."""

ROLES = ("input", "target", "ignore")

FILE_FILTER = marked("CSV files (*.csv *.tsv *.txt);;All files (*)")

_DELIMITERS = {",": marked("comma-separated"), ";": marked("semicolon-separated"), "\t": marked("tab-separated")}
"""How the summary names a file's separator (marked: translated where shown)."""
_OTHER_DELIMITER = marked("other-separated")


class CsvImportDialog(ImportDialog):
    """Choose a CSV file and its input and target columns.

    Parameters
    ----------
    parent, importer, n_inputs, n_outputs, folder
        As :class:`~.import_dialog.ImportDialog`.

    Signals
    -------
    imported(dict)
        A data section was imported: ``{"csv": path, "inputs": [...],
        "targets": [...], "header": bool}``, plus ``"one_hot": true`` when
        chosen.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        importer: Callable[[dict], str | None] | None = None,
        n_inputs: int | None = None,
        n_outputs: int | None = None,
        folder: str = "",
    ) -> None:
        super().__init__(parent, "csv", tr("Import CSV"), importer=importer, n_inputs=n_inputs, n_outputs=n_outputs,
                         folder=folder)
        self.path = ""
        self.table: CsvTable | None = None
        self.dataset: Dataset | None = None
        self.role_boxes: list[QComboBox] = []
        self._loading = False

        self.path_label = QLabel(tr("No file chosen"))
        self.path_label.setObjectName("csv_path")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(tr("Choose file…"))
        self.choose_button.setObjectName("csv_choose")
        self.choose_button.clicked.connect(self.choose_file)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("File:")))
        top.addWidget(self.path_label, 1)
        top.addWidget(self.choose_button)

        self.header_box = QCheckBox(tr("First row is a header (column names)"))
        self.header_box.setObjectName("csv_header")
        self.header_box.setToolTip(tr("Detected from the file: a first row of words above rows of numbers "
                                   "is a header. Tick or untick it if the guess is wrong."))
        self.header_box.setEnabled(False)
        self.header_box.toggled.connect(self._header_toggled)
        self.summary = QLabel()
        self.summary.setObjectName("csv_summary")
        line = QHBoxLayout()
        line.addWidget(self.header_box)
        line.addStretch(1)
        line.addWidget(self.summary)

        self.preview = QTableWidget()
        self.preview.setObjectName("csv_preview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.verticalHeader().setDefaultSectionSize(self.preview.fontMetrics().height() + 6)
        self.preview.setToolTip(tr("The first {PREVIEW_ROWS} rows of the file").format(PREVIEW_ROWS=PREVIEW_ROWS))

        self.roles = QTableWidget(0, 2)
        self.roles.setObjectName("csv_roles")
        self.roles.setHorizontalHeaderLabels([tr("Column"), tr("Role")])
        self.roles.verticalHeader().hide()
        self.roles.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.roles.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.roles.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.roles.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.roles.setColumnWidth(1, self._role_box().sizeHint().width() + 4)
        self.roles.setToolTip(tr("What each column is: an input of the network, a target it learns, or ignored"))
        self.last_target = QPushButton(tr("Last column is the target"))
        self.last_target.setObjectName("csv_last_target")
        self.last_target.setToolTip(tr("Every other column becomes an input"))
        self.last_target.clicked.connect(self._default_roles)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(tr("Columns")))
        right_layout.addWidget(self.roles, 1)
        right_layout.addWidget(self.last_target)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.preview)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.one_hot_box = QCheckBox(tr("The target holds class labels (0, 1, 2 …): one output per class (one-hot)"))
        self.one_hot_box.setObjectName("csv_one_hot")
        self.one_hot_box.setToolTip(tr("Labels 3, 5, 9 become classes 0, 1, 2: a network with one output "
                                    "neuron per class, trained with softmax and cross-entropy"))
        self.one_hot_box.toggled.connect(self._update_result)
        self._build_footer()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(line)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.one_hot_box)
        layout.addWidget(self.result)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(820, 520)
        self._show_table()

    # --- choosing and reading the file -------------------------------------------------

    def choose_csv_path(self) -> str:
        """Ask for a file; "" when the user cancels. Tests replace this method."""
        path, _ = QFileDialog.getOpenFileName(self, tr("Import CSV"), self.folder, tr(FILE_FILTER))
        return path

    def choose_file(self) -> bool:
        """Ask for a file and read it; False when none was chosen."""
        path = self.choose_csv_path()
        if not path:
            return False
        self.load_path(path)
        return True

    def load_path(self, path: str | os.PathLike, has_header: bool | None = None) -> bool:
        """Read ``path`` (header detected unless given) and show it; False,
        with the reason shown in the dialog, when it cannot be used.

        The file is read on a worker thread (the window keeps answering; a
        progress dialog with Cancel appears when it takes a while). Cancel
        leaves the dialog as it was.
        """
        path = os.fspath(path)
        outcome = run_off_thread(lambda: read_csv(path, has_header=has_header), self,
                                 title=tr("Import CSV"), label=tr("Reading {name}…").format(name=Path(path).name))
        if outcome.cancelled:
            return False
        self.path = path
        self.folder = str(Path(self.path).parent)
        self.path_label.setText(self.path)
        self.path_label.setToolTip(self.path)
        table: CsvTable | None = outcome.value
        problem = ""
        if isinstance(outcome.error, CsvError):
            problem = str(outcome.error)
        elif outcome.error is not None:
            problem = file_problem(outcome.error, self.path)
        if table is not None and table.n_rows < 2:
            problem = (tr("{path}: only {n_rows} data row: training needs at least 2 rows (and a validation split at least 3)").format(path=self.path, n_rows=table.n_rows))
            table = None
        if table is not None and table.n_cols < 2:
            problem = (tr("{path}: only one column ({columns!r}): the data needs at least one input column and one target column").format(path=self.path, columns=table.columns[0]))
            table = None
        same_columns = (table is not None and self.table is not None
                        and table.n_cols == self.table.n_cols)
        old_roles = self.column_roles() if same_columns else None
        self.table = table
        self._loading = True
        try:
            if table is not None:
                self.header_box.setChecked(table.has_header)
            self.header_box.setEnabled(table is not None or has_header is not None)
        finally:
            self._loading = False
        self._show_table(old_roles)
        if problem:
            self._show_error(self._short_paths(problem))
        return table is not None

    def _header_toggled(self, checked: bool) -> None:
        if self._loading or not self.path:
            return
        self.load_path(self.path, has_header=checked)

    # --- roles --------------------------------------------------------------------------

    def column_roles(self) -> list[str]:
        """The role of each column: "input", "target" or "ignore"."""
        return [box.currentData() for box in self.role_boxes]

    def set_roles(self, roles: list[str]) -> None:
        """Give the columns these roles (one per column)."""
        for box, role in zip(self.role_boxes, roles):
            box.blockSignals(True)
            box.setCurrentIndex(ROLES.index(role))
            box.blockSignals(False)
        self._roles_changed()

    def _default_roles(self) -> None:
        n = len(self.role_boxes)
        self.set_roles(["input"] * (n - 1) + ["target"] if n else [])

    def _roles_changed(self, *_) -> None:
        targets = self.column_roles().count("target")
        self.one_hot_box.setEnabled(targets == 1)
        if targets != 1 and self.one_hot_box.isChecked():
            self.one_hot_box.setChecked(False)   # updates the result
            return
        self._update_result()

    # --- showing ----------------------------------------------------------------------

    def _show_table(self, roles: list[str] | None = None) -> None:
        table = self.table
        self.preview.clear()
        self.roles.setRowCount(0)
        self.role_boxes = []
        if table is None:
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            self.summary.setText("")
            self.one_hot_box.setEnabled(False)
            self.last_target.setEnabled(False)
            self._set_result(tr("Choose a CSV file of numbers: one row per sample, one column per value.")
                                if not self.path else "")
            self.import_button.setEnabled(False)
            self.dataset = None
            self._clear_error()
            return
        shown = min(table.n_rows, PREVIEW_ROWS)
        self.preview.setRowCount(shown)
        self.preview.setColumnCount(table.n_cols)
        self.preview.setHorizontalHeaderLabels(table.columns)
        first = 2 if table.has_header else 1
        self.preview.setVerticalHeaderLabels([str(first + r) for r in range(shown)])
        for r in range(shown):
            for c in range(table.n_cols):
                item = QTableWidgetItem(format_number(float(table.values[r, c]), 6))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        more = table.n_rows - shown
        header = tr("header in the first row") if table.has_header else tr("no header row")
        summary = (tr("{rows} × {columns}, {separated}, {header} (showing the first {shown})") if more > 0
                   else tr("{rows} × {columns}, {separated}, {header}"))
        self.summary.setText(summary.format(
            rows=counted(table.n_rows, "row", "rows"), columns=counted(table.n_cols, "column", "columns", grouped=False),
            separated=tr(_DELIMITERS[table.delimiter]) if table.delimiter in _DELIMITERS else tr(_OTHER_DELIMITER),
            header=header, shown=shown))
        self.roles.setRowCount(table.n_cols)
        for c, name in enumerate(table.columns):
            column = table.values[:, c]
            item = QTableWidgetItem(name)
            item.setToolTip(tr("{name}: from {low} to {high}").format(name=name, low=format_number(float(column.min())), high=format_number(float(column.max()))))
            self.roles.setItem(c, 0, item)
            box = self._role_box()
            box.setObjectName(f"csv_role_{c}")
            box.currentIndexChanged.connect(self._roles_changed)
            self.roles.setCellWidget(c, 1, box)
            self.role_boxes.append(box)
        self.last_target.setEnabled(True)
        self._clear_error()
        if roles is not None:
            self.set_roles(roles)
        else:
            self._default_roles()
            if self.n_outputs is not None and self.n_outputs > 1:
                self.one_hot_box.setChecked(True)

    @staticmethod
    def _role_box() -> QComboBox:
        box = QComboBox()
        for role in ROLES:
            box.addItem({"input": tr_in("column role", "input"), "target": tr_in("column role", "target"),
                         "ignore": tr_in("column role", "ignore")}[role], role)
        return box

    def _update_result(self, *_) -> None:
        """Build the dataset the current choice gives; show it, or why not."""
        self.dataset = None
        self.import_button.setEnabled(False)
        table = self.table
        if table is None:
            return
        self._clear_error()
        roles = self.column_roles()
        inputs = [c for c, role in enumerate(roles) if role == "input"]
        targets = [c for c, role in enumerate(roles) if role == "target"]
        if not inputs or not targets:
            self._set_result(tr("Give at least one column the role input and one the role target."))
            return
        one_hot = self.one_hot_box.isChecked()

        def build() -> Dataset:
            return table.to_dataset(inputs, targets, name=Path(self.path).stem, one_hot_target=one_hot)

        if table.n_rows * table.n_cols > LARGE_TABLE:
            outcome = run_off_thread(build, self, title=tr("Import CSV"), label=tr("Reading the columns…"))
        else:
            try:
                outcome = Outcome(value=build())
            except Exception as e:  # noqa: BLE001 - said below, as a read on the worker thread
                outcome = Outcome(error=e)
        if not outcome.ok:
            self._set_result("")
            error = outcome.error
            self._show_error(tr("Reading the columns was cancelled: choose the roles again.") if outcome.cancelled
                             else self._short_paths(str(error) if isinstance(error, CsvError)
                                                    else file_problem(error, self.path)))
            return
        ds = outcome.value
        self.dataset = ds
        rows = counted(ds.n_samples, "row", "rows")
        inputs = counted(ds.n_inputs, 'input', 'inputs', grouped=False)
        targets = counted(ds.n_outputs, 'target', 'targets', grouped=False)
        if ds.task == "classification" and ds.class_names:
            names = ", ".join(ds.class_names[:10]) + (" …" if len(ds.class_names) > 10 else "")
            text = tr("{rows}: {inputs} → {targets}, classification (classes {names})").format(
                rows=rows, inputs=inputs, targets=targets, names=names)
        elif ds.task == "classification":
            text = tr("{rows}: {inputs} → {targets}, classification").format(rows=rows, inputs=inputs, targets=targets)
        else:
            text = tr("{rows}: {inputs} → {targets}, regression").format(rows=rows, inputs=inputs, targets=targets)
        if self.n_inputs is not None and self.n_outputs is not None:
            fits = ds.n_inputs == self.n_inputs and ds.n_outputs == self.n_outputs
            network = (tr("The network has {inputs} → {outputs}: it fits.") if fits
                       else tr("The network has {inputs} → {outputs}: it does not fit yet."))
            text = tr("{summary}. {network}").format(summary=text, network=network.format(
                inputs=counted(self.n_inputs, 'input', 'inputs', grouped=False),
                outputs=counted(self.n_outputs, 'output', 'outputs', grouped=False)))
        self._set_result(text)
        self.import_button.setEnabled(True)

    # --- importing -----------------------------------------------------------------------

    def chosen_paths(self) -> list[str]:
        return [self.path] if self.path else []

    def section(self) -> dict | None:
        """The data section of the current choice (None while it cannot be imported)."""
        if self.table is None or self.dataset is None:
            return None
        table = self.table
        roles = self.column_roles()

        def ref(c: int) -> str | int:
            return table.columns[c] if table.has_header else c

        section: dict = {
            "csv": str(Path(self.path).resolve()),
            "inputs": [ref(c) for c, role in enumerate(roles) if role == "input"],
            "targets": [ref(c) for c, role in enumerate(roles) if role == "target"],
            "header": table.has_header,
        }
        if self.one_hot_box.isChecked():
            section["one_hot"] = True
        return section


