"""The data panel: which data the network trains on, and how it is prepared.

It shows the document's data — its name, rows, inputs → targets and task —
and lets the user choose a built-in dataset (the generated 2-D sets with
their number of points, noise and seed), import a CSV file
(:class:`~nnapp.ui.csv_import.CsvImportDialog`) or the IDX files of an
MNIST-style database (:class:`~nnapp.ui.idx_import.IdxImportDialog`; their
rows — training files, test files or both — are chosen like those of the
built-in digit sets), normalise the inputs, and set the share of rows held
out for validation and the seed of that split.

Every choice is one undoable :class:`~nnapp.model.data.SetData` pushed
through the editor; the panel itself changes nothing. Data that does not fit
the network is refused with a sentence saying how to fix it, shown under the
controls; so is data that stopped fitting after the network changed. The
panel follows the document's events and shows what the document holds.

Longer than most modules: it is one widget, :class:`DataPanel`, whose controls
all show and edit the document's one data choice; the import dialogs are
modules of their own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QSizePolicy, QSpinBox, QVBoxLayout,
    QWidget,
)

from nnapp.engine.datasets import DATASETS, Dataset, DatasetOption
from nnapp.engine.idx import PAIRS, SPLITS
from nnapp.engine.settings import MAX_SEED, MAX_VALIDATION_SPLIT
from nnapp.model.data import SetData, load_source, normalisation_method, shape_problem
from nnapp.model.data_source import (
    BuiltinData, CsvData, DataSource, IdxData, Normalisation, as_source,
)
from nnapp.model.document import Document
from nnapp.model.errors import EditError
from nnapp.model.file_errors import file_problem
from nnapp.text import counted, grouped_number, marked, sentence, tr, tr_in

from .csv_import import CsvImportDialog
from .idx_import import IdxImportDialog
from .editor import Editor
from .fields import ERROR_STYLE, push_button
from .file_loading import run_off_thread
from .numbers import format_number

NORMALISATIONS = {
    "none": (marked("No normalisation"), marked("The inputs reach the network as they are")),
    "standardise": (marked("Standardise (mean 0, sd 1)"),
                    marked("x' = (x − mean) / standard deviation, both from the training rows")),
    "minmax": (marked("Min–max (0 to 1)"), marked("x' = (x − min) / (max − min), both from the training rows")),
}
"""Method → (label, tooltip) of the normalisation chooser."""

OPTION_LABELS = {"n_samples": marked("Points"), "noise": marked("Noise σ"), "seed": marked("Seed"), "split": marked("Rows")}
OPTION_TIPS = {
    "n_samples": marked("How many points to generate (half of each class)"),
    "noise": marked("Standard deviation of the jitter added to every point: more noise, more overlap"),
    "seed": marked("The same seed gives the same points"),
    "split": marked("Which rows: the training part, the test part kept apart for measuring, or all of them"),
}

SHOWN_COLUMNS = 6
"""Input columns whose normalisation numbers are listed."""

NO_DATA, CSV, IDX, INLINE = "", "\x00csv", "\x00idx", "\x00inline"
"""Entries of the data chooser that are not built-in datasets."""

IDX_OPTIONS = (DatasetOption("split", str, "train", choices=SPLITS),)
"""The options of IDX files, declared as a built-in dataset's are."""

MAX_VALIDATION_PERCENT = round(MAX_VALIDATION_SPLIT * 100)
"""The validation box shows the engine's largest split as a percentage."""


class DataPanel(QWidget):
    """Choose the data, its normalisation and its validation split."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("data_panel")
        self.editor = editor
        self.doc = editor.doc
        self.csv_dialog: CsvImportDialog | None = None
        self.idx_dialog: IdxImportDialog | None = None
        self.option_boxes: dict[str, QSpinBox | QDoubleSpinBox | QComboBox] = {}
        self._options_for: str | None = None
        self._data_key: object = None
        self._dataset: Dataset | None = None
        #: While a data edit is pushed: the data its command read.
        self._incoming: Dataset | None = None
        self._data_problem = ""

        title = QLabel(tr("Data"))
        font = title.font()
        font.setBold(True)
        title.setFont(font)

        self.dataset_box = QComboBox()
        self.dataset_box.setObjectName("data_dataset")
        self.dataset_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.dataset_box.setMinimumContentsLength(12)
        self.dataset_box.setToolTip(tr("The data the network trains on"))
        self.dataset_box.activated.connect(self._dataset_chosen)
        self.import_button = push_button(tr("Import CSV…"), "data_import_csv", self.import_csv,
                                         tr("Train on a CSV file of numbers: choose its input and target columns"))
        self.idx_button = push_button(tr("Import MNIST…"), "data_import_idx", self.import_idx,
                                      tr("Import MNIST (IDX files): train on the full MNIST database, or another "
                                      "in its format, from the folder of its files (train-images-idx3-ubyte.gz …)"))
        imports = QHBoxLayout()
        imports.addWidget(self.import_button)
        imports.addWidget(self.idx_button)
        imports.addStretch(1)
        source = QVBoxLayout()
        source.addWidget(self.dataset_box)
        source.addLayout(imports)

        self.summary = QLabel()
        self.summary.setObjectName("data_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.normalise_box = QComboBox()
        self.normalise_box.setObjectName("data_normalise")
        for method in NORMALISATIONS:
            label, tip = tr(NORMALISATIONS[method][0]), tr(NORMALISATIONS[method][1])
            self.normalise_box.addItem(label, method)
            self.normalise_box.setItemData(self.normalise_box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.normalise_box.setToolTip(tr("Rescale every input column with numbers computed from the training "
                                      "rows; they are stored with the network and used for every prediction"))
        self.normalise_box.activated.connect(self._normalise_chosen)
        self.normalise_numbers = QLabel()
        self.normalise_numbers.setObjectName("data_normalise_numbers")
        self.normalise_numbers.setWordWrap(True)
        self.normalise_numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.validation_box = QSpinBox()
        self.validation_box.setObjectName("data_validation")
        self.validation_box.setRange(0, MAX_VALIDATION_PERCENT)
        self.validation_box.setSuffix(" %")
        self.validation_box.setKeyboardTracking(False)
        self.validation_box.setToolTip(tr("The share of the rows held out to check the network on data it "
                                       "does not train on (0 %: train on every row)"))
        self.validation_box.valueChanged.connect(self._split_changed)
        self.seed_box = QSpinBox()
        self.seed_box.setObjectName("data_split_seed")
        self.seed_box.setRange(0, MAX_SEED)
        self.seed_box.setKeyboardTracking(False)
        self.seed_box.setToolTip(tr("Seed of the split (and of the shuffling in training): "
                                 "the same seed, the same rows held out"))
        self.seed_box.valueChanged.connect(self._split_changed)
        split = QHBoxLayout()
        split.addWidget(self.validation_box)
        split.addWidget(QLabel(tr("seed")))
        split.addWidget(self.seed_box, 1)
        self.split_info = QLabel()
        self.split_info.setObjectName("data_split_info")
        self.split_info.setWordWrap(True)

        self.error = QLabel()
        self.error.setObjectName("data_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()

        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("Source"), source)   # the options of a generated dataset follow this row
        form.addRow(self.summary)
        form.addRow(tr("Normalise"), self.normalise_box)
        form.addRow(self.normalise_numbers)
        form.addRow(tr("Validation"), split)
        form.addRow(self.split_info)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        events = self.doc.events
        follow = [
            (events.reset, self._refresh),
            (events.settings_changed, self._on_settings),
            (events.structure_changed, self._refresh),
            (events.names_changed, self._refresh),
            (events.path_changed, self._refresh),
        ]
        for event, callback in follow:
            event.connect(callback)
        self.destroyed.connect(lambda *_: _unfollow(follow))
        self._refresh()

    # --- what the document holds --------------------------------------------------------

    def current_dataset(self) -> Dataset | None:
        """The document's data as read (not normalised), or None (with the
        reason in :attr:`_data_problem`); read again only when the data
        section, the file or the network's ends change."""
        doc = self.doc
        key = self._key()
        if key is not None and key == self._data_key:
            return self._dataset
        self._data_key, self._dataset, self._data_problem = key, None, ""
        source = doc.data_source
        if source is not None and self._incoming is not None:
            self._dataset = self._incoming
        elif source is not None:
            try:
                self._dataset = load_source(source, self._base(), doc.network())
            except Exception as e:  # noqa: BLE001 - any broken data section: say why, offer the choices
                self._data_problem = tr("{describe} cannot be used: {e}").format(describe=source.describe(self._base()), e=e)
        return self._dataset

    def _key(self):
        """What the data read depends on."""
        doc = self.doc
        net = doc.network()
        return (doc.data_revision, doc.path,
                None if net is None else (net.n_inputs, net.n_outputs, tuple(map(tuple, net.all_neuron_names()))))

    def _base(self) -> Path | None:
        return Path(self.doc.path).parent if self.doc.path else None

    def _on_settings(self, change) -> None:
        if change.touches_data:           # the panel shows the data, its split and seed only
            self._refresh()

    def _refresh(self, *_) -> None:
        """Show the document's data and settings; clears any earlier message."""
        doc = self.doc
        section = doc.data_source
        ds = self.current_dataset()
        widgets = [self.dataset_box, self.normalise_box, self.validation_box, self.seed_box]
        for w in widgets:
            w.blockSignals(True)
        try:
            self._fill_sources(section, ds)
            self._show_options(section)
            method = normalisation_method(section)
            self.normalise_box.setCurrentIndex(max(0, self.normalise_box.findData(method)))
            self.normalise_box.setEnabled(section is not None)
            self.validation_box.setValue(round(doc.training.validation_split * 100))
            self.seed_box.setValue(doc.training.seed)
        finally:
            for w in widgets:
                w.blockSignals(False)
        self._show_summary(section, ds)
        self._show_normalisation(section, ds)
        self._show_split(ds)
        problem = self._data_problem
        net = doc.network()
        if not problem and ds is not None and net is not None:
            problem = shape_problem(ds, net, section) or ""
        self._set_error(problem)

    def _fill_sources(self, section: DataSource | None, ds: Dataset | None) -> None:
        box = self.dataset_box
        box.clear()
        box.addItem(tr("No data"), NO_DATA)
        for name, entry in DATASETS.items():
            box.addItem(tr(entry.title), name)
            box.setItemData(box.count() - 1, tr(entry.description), Qt.ItemDataRole.ToolTipRole)
        base = self._base()
        if section is None:
            current = NO_DATA
        elif isinstance(section, BuiltinData):
            current = section.name
            if box.findData(current) < 0:
                box.addItem(section.label(base), current)
        else:
            current = CSV if isinstance(section, CsvData) else IDX if isinstance(section, IdxData) else INLINE
            box.addItem(section.label(base), current)
            files = section.files(base) if isinstance(section, CsvData) else list(
                section.paths(base).values()) if isinstance(section, IdxData) else []
            if files:
                box.setItemData(box.count() - 1, "\n".join(map(str, files)), Qt.ItemDataRole.ToolTipRole)
        box.setCurrentIndex(box.findData(current))

    def _show_options(self, section: DataSource | None) -> None:
        """Fields for the options the registry declares for the dataset (IDX
        files: their split); none for the others."""
        name, declared = None, ()
        if isinstance(section, BuiltinData) and section.name in DATASETS:
            name, declared = section.name, DATASETS[section.name].options
        elif isinstance(section, IdxData):
            name, declared = IDX, IDX_OPTIONS
        if name != self._options_for:
            self._build_options(declared)
            self._options_for = name
        if isinstance(section, IdxData):
            self._offer_idx_splits(section)
        values = {**{option.name: option.default for option in declared},
                  **(section.options if section is not None else {})}
        for key, box in self.option_boxes.items():
            box.blockSignals(True)
            try:
                if isinstance(box, QComboBox):
                    box.setCurrentIndex(max(box.findData(values[key]), 0))
                else:
                    box.setValue(values[key])
            except (TypeError, KeyError):
                pass
            box.blockSignals(False)

    def _offer_idx_splits(self, section: IdxData) -> None:
        """Disable the rows ("train", "test") whose files the IDX section does not name."""
        box = self.option_boxes.get("split")
        if not isinstance(box, QComboBox):
            return
        for part in PAIRS:
            index = box.findData(part)
            if index >= 0:
                box.model().item(index).setEnabled(section.has_pair(part))

    def _build_options(self, declared: tuple[DatasetOption, ...]) -> None:
        """A form row per declared option, below the source."""
        for box in self.option_boxes.values():
            row = self.form.takeRow(box)
            for item in (row.labelItem, row.fieldItem):
                if item is not None and item.widget() is not None:
                    item.widget().hide()
                    item.widget().deleteLater()
        self.option_boxes = {}
        for row, option in enumerate(declared, start=1):
            key = option.name
            if option.kind is str:
                box = QComboBox()
                for choice in option.choices or (option.default,):
                    box.addItem(_choice_text(key, choice), choice)
                box.setObjectName(f"data_option_{key}")
                box.setToolTip(tr(OPTION_TIPS[key]) if key in OPTION_TIPS else "")
                box.activated.connect(self._option_changed)
                self.form.insertRow(row, tr(OPTION_LABELS[key]) if key in OPTION_LABELS else key.replace("_", " "), box)
                self.option_boxes[key] = box
                continue
            if option.kind is float:
                box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox()
                box.setRange(option.low, option.high)
                box.setDecimals(3)
                box.setSingleStep(0.05)
            else:
                box = QSpinBox()
                box.setRange(int(option.low), int(option.high))
                if key == "n_samples":
                    box.setSingleStep(50)
            box.setObjectName(f"data_option_{key}")
            box.setKeyboardTracking(False)
            box.setToolTip(tr(OPTION_TIPS[key]) if key in OPTION_TIPS else "")
            box.valueChanged.connect(self._option_changed)
            self.form.insertRow(row, tr(OPTION_LABELS[key]) if key in OPTION_LABELS else key.replace("_", " "), box)
            self.option_boxes[key] = box

    def _show_summary(self, section: DataSource | None, ds: Dataset | None) -> None:
        if section is None:
            self.summary.setText(tr("No data chosen: pick a dataset, or import a CSV file or the MNIST files, "
                                 "to train on."))
            self.summary.setToolTip("")
            return
        if ds is None:
            self.summary.setText("")
            return
        if ds.task == "classification" and ds.class_names:
            classes = ", ".join(ds.class_names[:6]) + (" …" if len(ds.class_names) > 6 else "")
            task = tr("classification ({classes})").format(classes=classes)
        elif ds.task == "classification":
            task = tr_in("task", "classification")
        else:
            task = tr_in("task", "regression")
        self.summary.setText(tr("{rows} · {inputs} → {targets} · {task}").format(
            rows=counted(ds.n_samples, "row", "rows"),
            inputs=_names(ds.input_names, counted(len(ds.input_names), 'input', 'inputs')),
            targets=_names(ds.target_names, counted(len(ds.target_names), 'target', 'targets')), task=task))
        self.summary.setToolTip(ds.description)

    def _show_normalisation(self, section: DataSource | None, ds: Dataset | None) -> None:
        entry = None if section is None else section.normalise
        if entry is None or not entry.applies:
            self.normalise_numbers.hide()
            self.normalise_numbers.clear()
            return
        names = ds.input_names if ds is not None and ds.n_inputs == len(entry.shift) else [
            tr("input {value}").format(value=j + 1) for j in range(len(entry.shift))]
        lines = [
            f"{name}: (x {'+' if shift < 0 else '−'} {format_number(abs(shift))}) ÷ {format_number(scale)}"
            for name, shift, scale in list(zip(names, entry.shift, entry.scale))[:SHOWN_COLUMNS]
        ]
        more = len(names) - SHOWN_COLUMNS
        if more > 0:
            lines.append(tr("… and {more:,} more columns").format(more=more))
        self.normalise_numbers.setText("\n".join(lines))
        self.normalise_numbers.setToolTip(tr("x' = (x − shift) ÷ scale, computed from the training rows"))
        self.normalise_numbers.show()

    def _show_split(self, ds: Dataset | None) -> None:
        if ds is None:
            self.split_info.hide()
            return
        try:
            train, val = ds.split_indices(self.doc.training.validation_split, self.doc.training.seed)
        except ValueError as e:
            self.split_info.setText(sentence(str(e)))
        else:
            rows = counted(train.size, "row", "rows")
            if val.size:
                text = tr("{rows} to train on, {validate} to validate").format(rows=rows, validate=grouped_number(val.size))
            else:
                text = tr("{rows} to train on, none held out").format(rows=rows)
            self.split_info.setText(text)
        self.split_info.show()

    def _set_error(self, text: str) -> None:
        if text:
            self.error.setText(sentence(text))
            self.error.show()
        else:
            self.error.hide()
            self.error.clear()

    # --- choices -------------------------------------------------------------------------

    def push(self, section: DataSource | dict | None, text: str, **training) -> str | None:
        """Push :class:`SetData` for ``section`` (a source, or a section dict
        from an import dialog) with the chosen normalisation (and
        ``validation_split`` / ``seed`` when given); the refusal, if any, is
        shown and returned.

        Data in files (CSV, IDX) is read and checked on a worker thread
        first, with a progress dialog and Cancel; the document changes only
        once that has succeeded.
        """
        try:
            source = as_source(section)
        except ValueError as e:
            self._set_error(str(e))
            return str(e)
        if source is not None:
            method = self.normalise_box.currentData()
            source = source.with_normalise(Normalisation(method) if method and method != "none" else None)
        command = SetData(source, text, **training)
        if source is not None and source.files() and not self.editor.locked:
            problem = self._prepare_off_thread(command)
            if problem:
                self._refresh()
                self._set_error(problem)
                return problem
        refusals: list[str] = []
        self.editor.refused.connect(refusals.append)
        self._incoming = command.dataset      # what the command read is what the panel shows: not read again
        try:
            done = self.editor.push(command)
        finally:
            self._incoming = None
            self.editor.refused.disconnect(refusals.append)
        if done:
            return None
        message = refusals[-1] if refusals else tr("The data was not changed")
        self._refresh()
        self._set_error(message)
        return message

    def _prepare_off_thread(self, command: SetData) -> str:
        """Let ``command`` read and check its data on a worker thread, against
        a copy of the document (so pushing it later reads nothing); the
        reason when it cannot, "" when it is ready."""
        doc = self.doc
        net = doc.network()
        net = None if net is None else net.copy()
        training, data, path = doc.training, doc.data_source, doc.path

        def prepare() -> None:
            scratch = Document()
            if net is not None:
                scratch.replace(net, training=training, data=data, path=path)
            else:
                scratch.training, scratch.data_source, scratch.path = training, data, path
            command.do(scratch)

        outcome = run_off_thread(prepare, self, title=tr("Import data"), label=tr("Reading and checking the data…"))
        if outcome.cancelled:
            return tr("Reading the data was cancelled; the data was not changed")
        if isinstance(outcome.error, EditError):
            return sentence(str(outcome.error))
        if outcome.error is not None:
            return tr("{problem} The data was not changed").format(problem=sentence(file_problem(outcome.error)))
        return ""

    def _dataset_chosen(self, index: int) -> None:
        key = self.dataset_box.itemData(index)
        section = self.doc.data_source
        if key in (CSV, IDX, INLINE):
            return
        if key == NO_DATA:
            if section is not None:
                self.push(None, tr("No data"))
            return
        if isinstance(section, BuiltinData) and section.name == key:
            return
        entry = DATASETS[key]
        self.push(BuiltinData(name=key, given_options=entry.defaults() or None), tr("Data: {title}").format(title=tr(entry.title)))

    def _option_changed(self, *_) -> None:
        section = self.doc.data_source
        if isinstance(section, BuiltinData) and section.name in DATASETS:
            declared = DATASETS[section.name].options
        elif isinstance(section, IdxData):
            declared = IDX_OPTIONS
        else:
            return
        options = {key: (box.currentData() if isinstance(box, QComboBox)
                         else int(box.value()) if isinstance(box, QSpinBox) else float(box.value()))
                   for key, box in self.option_boxes.items()}
        if options == {**{option.name: option.default for option in declared}, **section.options}:
            return
        self.push(section.with_options(options), tr("Dataset options"))

    def _normalise_chosen(self, index: int) -> None:
        section = self.doc.data_source
        if section is None or self.normalise_box.itemData(index) == normalisation_method(section):
            return
        self.push(section, tr("Normalise: {method}").format(method=tr(NORMALISATIONS[self.normalise_box.itemData(index)][0])))

    def _split_changed(self, *_) -> None:
        fraction = self.validation_box.value() / 100
        seed = self.seed_box.value()
        t = self.doc.training
        if fraction == round(t.validation_split * 100) / 100 and seed == t.seed:
            return
        changes = {}
        if fraction != round(t.validation_split * 100) / 100:
            changes["validation_split"] = fraction
        if seed != t.seed:
            changes["seed"] = seed
        text = tr("Validation split") if "validation_split" in changes else tr("Split seed")
        self.push(self.doc.data_source, text, **changes)

    # --- CSV ---------------------------------------------------------------------------------

    def import_csv(self) -> CsvImportDialog:
        """Open the import dialog (without blocking) and ask for a file; the
        dialog closes again if none is chosen."""
        if self.csv_dialog is not None:
            self.csv_dialog.deleteLater()
        net = self.doc.network()
        section = self.doc.data_source
        if isinstance(section, CsvData):
            folder = str(section.file(self._base()).parent)
        else:
            folder = str(self._base() or "")
        dialog = CsvImportDialog(
            self, importer=self._import_section, folder=folder,
            n_inputs=None if net is None else net.n_inputs, n_outputs=None if net is None else net.n_outputs,
        )
        self.csv_dialog = dialog
        dialog.open()
        if not dialog.choose_file():
            dialog.reject()
        return dialog

    def _import_section(self, section: dict) -> str | None:
        source = as_source(section)
        return self.push(source, tr("Import {name}").format(name=source.file().name))

    # --- IDX files ---------------------------------------------------------------------------

    def import_idx(self) -> IdxImportDialog:
        """Open the IDX import dialog (without blocking), filled with the
        document's IDX files if it has some."""
        if self.idx_dialog is not None:
            self.idx_dialog.deleteLater()
        net = self.doc.network()
        section = self.doc.data_source
        files, split = {}, "train"
        if isinstance(section, IdxData):
            files, split = section.paths(self._base()), section.split
            folder = str(next(iter(files.values())).parent)
        else:
            folder = str(self._base() or "")
        dialog = IdxImportDialog(
            self, importer=self._import_idx_section, folder=folder, files=files, split=split,
            n_inputs=None if net is None else net.n_inputs, n_outputs=None if net is None else net.n_outputs,
        )
        self.idx_dialog = dialog
        dialog.open()
        return dialog

    def _import_idx_section(self, section: dict) -> str | None:
        return self.push(section, tr("Import IDX files"))


def _choice_text(option: str, choice: str) -> str:
    """How the chooser of a dataset's option shows one of its choices (the
    rows of a split: "train", "test", "all"); the choice itself otherwise."""
    if option == "split":
        words = {"train": tr_in("data split", "train"), "test": tr_in("data split", "test"),
                 "all": tr_in("data split", "all")}
        return words.get(choice, choice)
    return choice


def _names(names: list[str], count: str) -> str:
    """"2 inputs (weight, height)" from the ``count`` "2 inputs"; only the count for many."""
    if len(names) > 4:
        return count
    return f"{count} ({', '.join(names)})"


def _unfollow(follow: list) -> None:
    for event, callback in follow:
        event.disconnect(callback)
