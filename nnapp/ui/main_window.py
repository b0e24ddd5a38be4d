"""The main window: the canvas in the middle, docks around it, menus,
toolbar and status bar.

The window owns one :class:`~nnapp.ui.editor.Editor` (document + undo
stack) for its whole life; New and Open replace the document's contents, and
every view follows through the document's events. The parts:

- canvas: :class:`~nnapp.ui.canvas.scene.NetworkScene` in a
  :class:`~nnapp.ui.canvas.view.NetworkView`, with the input row above it;
- docks: on the right the inspector, data, training, digit pad, about and
  lessons (:mod:`~nnapp.ui.lessons`); at the bottom left the step-through
  panel, loss plot, test results and undo history; at the bottom right the
  decision map and the first-layer weights
  (:class:`~nnapp.ui.dock_focus.DockFocus` brings forward the ones that
  suit the network when its kind changes, and
  :class:`~nnapp.ui.lessons.corner.TallDocks` gives the bottom-right corner
  to the digit pad, and to the lessons' list, while they are in front);
- menus and toolbar from :mod:`~nnapp.ui.actions`, doing what
  :class:`~nnapp.ui.network_actions.NetworkActions` and
  :class:`~nnapp.ui.file_controller.FileController` do;
- :class:`~nnapp.ui.autosave.Autosave` keeps a recovery copy of unsaved
  work when the window is given a recovery folder, and
  :meth:`MainWindow.restore_recovered` opens such a copy again.

Longer than most modules: it is the one place where the window's parts are
made and wired to each other, and each part's own work lives in its module.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from nnapp import __version__
from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.datasets import one_hot
from nnapp.engine.examples import example_title
from nnapp.model.errors import EditError
from nnapp.model.file_errors import file_problem
from nnapp.model.files import START_KEY, DocumentContents, start_neuron
from nnapp.model.limits import window_refusal
from nnapp.model.recovery import Recovered, RecoveryDamaged, read_recovery
from nnapp.model.stepping import INPUT_ROW
from nnapp.model.words import counted
from nnapp.text import marked, tr, tr_known

from . import icons
from .about_example import AboutExample
from .actions import create_actions
from .autosave import Autosave
from .autosave_dialog import AutosaveDialog
from .canvas.scene import NetworkScene
from .boundary import BoundaryMap
from .boundary_follow import BoundaryFollower
from .canvas.view import NetworkView
from .language_menu import LanguageMenu
from .lessons import LessonsPanel, lessons_action
from .lessons.corner import TallDocks
from .lessons.task_banner import TaskBanner
from .data_panel import DataPanel
from .dock_corner import RIGHT_DOCK_WIDTH
from .dock_focus import DockFocus
from .digits.evaluation_panel import EvaluationPanel
from .digits.pad_panel import DigitPanel
from .digits.weight_images_view import WeightImagesView
from .editor import Editor
from .file_controller import FileController
from .file_loading import run_off_thread
from .input_row import InputRow
from .loss_plot import LossPlot
from .inspector import Inspector
from .network_actions import NetworkActions
from .selection import Selection
from .sideways_scroll import SidewaysScroll
from .steps_panel import StepsPanel
from .training.controller import TrainingController
from .training.panel import TrainingPanel

HELP = marked("""<h3>Building a network</h3>
<table cellspacing="4">
<tr><td><b>Double-click</b> empty canvas, or <b>N</b></td><td>place a neuron (it joins the column under it,
or starts a new layer)</td></tr>
<tr><td><b>Drag</b> a neuron</td><td>move it in its column; drop it on another column or between two
columns to move it to that layer or to a new one</td></tr>
<tr><td><b>Drag from ⊕</b> (or Shift+drag)</td><td>connect to another neuron further right</td></tr>
<tr><td><b>Ctrl+L</b> / <b>Ctrl+K</b></td><td>add a layer / fully connect the selected layers</td></tr>
<tr><td><b>Delete</b>, <b>Ctrl+C</b>, <b>Ctrl+V</b>, <b>Ctrl+D</b></td><td>delete, copy, paste, duplicate</td></tr>
<tr><td><b>Wheel</b>, <b>F</b>, <b>Ctrl+0</b></td><td>zoom under the mouse, fit, 100 %</td></tr>
<tr><td><b>Middle drag</b> or <b>Space+drag</b></td><td>pan</td></tr>
<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b></td><td>undo / redo any edit</td></tr>
</table>
<p>Select a neuron or a connection to see and edit its numbers in the inspector.</p>""")


RIGHT_TAB_PADDING = 28
"""Room beside a tab's title in the right-hand docks' tab bar."""


class MainWindow(QMainWindow):
    """The application's top-level window.

    Parameters
    ----------
    settings : QSettings, optional
        Where geometry and recent files are kept (tests pass a temporary one).
    recovery_folder : Path, optional
        Where the recovery copy of unsaved work is written; without one the
        window keeps no copy.
    """

    def __init__(self, settings: QSettings | None = None, recovery_folder: Path | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.setWindowIcon(icons.app_icon())
        self.editor = Editor(parent=self)
        self.doc = self.editor.doc
        self.scene = NetworkScene(self.editor, self)
        self.view = NetworkView(self.scene)
        self.input_row = InputRow(self.editor)
        self.files = FileController(self.editor, self.scene, self.settings, self)
        self.network_actions = NetworkActions(self.editor, self.scene, self)
        self.autosave = Autosave(self.editor, recovery_folder, self.settings, self)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.input_row)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)

        self.training = TrainingController(self.editor, self)
        self.training_panel = TrainingPanel(self.editor, self.training)
        self.inspector = Inspector(self.editor)
        self.inspector_dock = self._dock(tr("Inspector"), "inspector_dock", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.steps_panel = StepsPanel(self.editor, self.scene)
        self.steps_dock = self._dock(tr("Step through"), "steps_dock", self.steps_panel,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.loss_plot = LossPlot()
        self.loss_dock = self._dock(tr("Loss"), "loss_dock", self.loss_plot, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.boundary = BoundaryMap()
        self.boundary_dock = self._dock(tr("Decision map"), "boundary_dock", self.boundary,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.boundary_follower = BoundaryFollower(self.editor, self.boundary, self)
        self.training_dock = self._dock(tr("Training"), "training_dock", self.training_panel,
                                        Qt.DockWidgetArea.RightDockWidgetArea, scroll=True)
        self.data_panel = DataPanel(self.editor)
        self.data_dock = self._dock(tr("Data"), "data_dock", self.data_panel, Qt.DockWidgetArea.RightDockWidgetArea,
                                    scroll=True)
        self.digit_panel = DigitPanel(self.editor, self.files.open_example)
        self.digit_dock = self._dock(tr("Digit pad"), "digit_dock", self.digit_panel,
                                     Qt.DockWidgetArea.RightDockWidgetArea, scroll=True)
        self.tabifyDockWidget(self.inspector_dock, self.data_dock)
        self.tabifyDockWidget(self.inspector_dock, self.training_dock)
        self.tabifyDockWidget(self.inspector_dock, self.digit_dock)
        self.about = AboutExample(self.editor)
        self.about_dock = self._dock(tr("About"), "about_dock", self.about, Qt.DockWidgetArea.RightDockWidgetArea)
        self.about_dock.setToolTip(tr("About this example: what it computes and where to click next"))
        self.tabifyDockWidget(self.inspector_dock, self.about_dock)
        self.lessons = LessonsPanel(self)
        self.lessons_dock = self._dock(tr("Lessons"), "lessons_dock", self.lessons, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.lessons_dock)
        self.task_banner = TaskBanner(self.lessons.session, self.lessons_dock)
        central.layout().insertWidget(1, self.task_banner)  # between the input row and the canvas
        self.inspector_dock.raise_()
        self.splitDockWidget(self.loss_dock, self.boundary_dock, Qt.Orientation.Horizontal)
        self.tabifyDockWidget(self.loss_dock, self.steps_dock)
        # made once the bottom docks are split and tabified: made earlier, they would stand side by
        # side when the window first measures its smallest width, and a small window would open wide
        self.evaluation_panel = EvaluationPanel(self.editor, self.training)
        # sideways in a scroll area: its three columns would otherwise set the bottom docks' least width
        self.evaluation_dock = self._dock(tr("Test results"), "evaluation_dock", SidewaysScroll(self.evaluation_panel),
                                          Qt.DockWidgetArea.BottomDockWidgetArea)
        self.weight_images = WeightImagesView(self.editor, self.scene)
        self.weight_images_dock = self._dock(tr("First-layer weights"), "weight_images_dock", self.weight_images,
                                             Qt.DockWidgetArea.BottomDockWidgetArea)
        self.history = QUndoView(self.editor.stack)
        self.history.setObjectName("undo_history")
        self.history.setEmptyLabel(tr("(opened)"))
        self.history_dock = self._dock(tr("History"), "history_dock", self.history, Qt.DockWidgetArea.BottomDockWidgetArea)
        # bottom left: stepping, loss, test results, history; bottom right: what suits the network's kind
        # (two tabs there: the tab bar's width is the smallest the bottom right can be)
        self.tabifyDockWidget(self.loss_dock, self.evaluation_dock)
        self.tabifyDockWidget(self.loss_dock, self.history_dock)
        self.tabifyDockWidget(self.boundary_dock, self.weight_images_dock)
        self.steps_dock.raise_()
        self.boundary_dock.raise_()
        self.dock_focus = DockFocus(self.doc, {
            "plane": [self.boundary_dock],
            "digits": [self.digit_dock, self.weight_images_dock],
        }, self)
        self.corner_owner = TallDocks(self, [self.digit_dock, self.lessons_dock], [self.loss_dock, self.boundary_dock])
        self.resizeDocks([self.inspector_dock], [self._right_dock_width()], Qt.Orientation.Horizontal)
        self.resizeDocks([self.steps_dock], [260], Qt.Orientation.Vertical)
        self.resizeDocks([self.loss_dock, self.boundary_dock], [640, 420], Qt.Orientation.Horizontal)

        self.actions = create_actions(self, self._handlers())
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()

        self.scene.selection_changed.connect(self.inspector.set_selection)
        self.scene.selection_changed.connect(self.boundary_follower.follow_selection)
        self.scene.message.connect(self.show_message)
        self.scene.context_menu_requested.connect(self.show_context_menu)
        self.editor.refused.connect(self.show_message)
        self.network_actions.message.connect(self.show_message)
        self.files.message.connect(self.show_message)
        self.files.opened.connect(self.show_start)
        self.autosave.failed.connect(self.show_message)
        self.training.message.connect(self.show_message)
        self.steps_panel.message.connect(self.show_message)
        self.digit_panel.message.connect(self.show_message)
        self.digit_panel.teach.step_through_requested.connect(self.step_through_drawing)
        self.evaluation_panel.message.connect(self.show_message)
        self.weight_images.message.connect(self.show_message)
        self.training.state_changed.connect(self._on_training_state)
        self.training.reported.connect(self.loss_plot.add_many)
        self.training.started.connect(self._on_training_started)
        self.training.weights_reset.connect(self.loss_plot.clear)
        self.doc.events.reset.connect(self.loss_plot.clear)
        self.editor.stack.cleanChanged.connect(self._update_title)
        self.view.zoom_changed.connect(self._show_zoom)
        for event in (self.doc.events.reset, self.doc.events.path_changed):
            event.connect(self._update_title)
        for event in (self.doc.events.reset, self.doc.events.structure_changed,
                      self.doc.events.layers_changed):
            event.connect(self._update_summary)

        self.resize(1280, 820)
        geometry = self.settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("main_window/state")
        if state is not None:
            self.restoreState(state)
        self.lessons.place(self.lessons_dock)
        self._update_title()
        self._update_summary()
        self.show_message(tr("Double-click the canvas to place a neuron, or open an example (File ▸ Open Example)"))

    # --- building the window --------------------------------------------------

    def step_through_drawing(self, vector, label: int) -> None:
        """The step-through panel on a drawing of the pad: fed to the input
        row, with the one-hot target of ``label``, from its first step."""
        try:
            self.doc.set_input(vector)
        except EditError as e:
            self.show_message(str(e))
            return
        panel = self.steps_panel
        panel.choose_sample(INPUT_ROW)
        panel.set_target(one_hot([label], self.doc.network().n_outputs)[0])
        panel.reset()
        self.steps_dock.show()
        self.steps_dock.raise_()

    def show_start(self, *_) -> None:
        """Where an opened file begins, when it says so (its ``start``, as
        the tutorial examples do): its neuron selected and its About text in
        front."""
        if START_KEY not in self.doc.extra:
            return
        uid = start_neuron(self.doc)
        if uid is not None:
            self.scene.select(Selection(neurons=(uid,)))
        if self.doc.description.strip():
            self.about_dock.show()
            self.about_dock.raise_()

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea,
              scroll: bool = False) -> QDockWidget:
        """A dock holding ``widget``; ``scroll`` puts a form in a scroll area,
        so a small screen can still hold the window."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        if scroll:
            area_widget = QScrollArea()
            area_widget.setWidgetResizable(True)
            area_widget.setFrameShape(QScrollArea.Shape.NoFrame)
            area_widget.setWidget(widget)
            widget = area_widget
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _right_dock_width(self) -> int:
        """The right-hand docks' width at start: room for the forms, and for
        every tab's whole title (Qt elides them otherwise)."""
        docks = [self.inspector_dock, *self.tabifiedDockWidgets(self.inspector_dock)]
        metrics = self.fontMetrics()
        titles = sum(metrics.horizontalAdvance(d.windowTitle()) + RIGHT_TAB_PADDING for d in docks)
        return max(RIGHT_DOCK_WIDTH, titles)

    def _handlers(self) -> dict:
        f, n, v = self.files, self.network_actions, self.view
        return {
            "new": f.new, "open": f.open, "save": f.save, "save_as": f.save_as,
            "export_png": f.export_png, "export_svg": f.export_svg, "autosave": self.show_autosave_settings,
            "quit": self.close,
            "cut": n.cut, "copy": n.copy, "paste": n.paste, "duplicate": n.duplicate, "delete": n.delete,
            "select_all": n.select_all, "add_neuron": n.add_neuron, "add_layer": n.add_layer,
            "fully_connect": n.fully_connect, "freeze": n.toggle_frozen, "reinitialise": n.reinitialise,
            "collapse": n.toggle_collapsed, "zoom_in": v.zoom_in, "zoom_out": v.zoom_out,
            "reset_zoom": v.reset_zoom, "fit": v.fit, "legend": self._toggle_legend,
            "shortcuts": self.show_help, "about": self.show_about,
        }

    def _build_menus(self) -> None:
        a = self.actions
        stack = self.editor.stack
        self.actions_undo = stack.createUndoAction(self, tr("&Undo"))
        self.actions_undo.setObjectName("action_undo")
        self.actions_undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.actions_undo.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_ArrowBack))
        self.actions_redo = stack.createRedoAction(self, tr("&Redo"))
        self.actions_redo.setObjectName("action_redo")
        self.actions_redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.actions_redo.setIcon(self.style().standardIcon(self.style().StandardPixmap.SP_ArrowForward))

        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        file_menu.addActions([a["new"], a["open"]])
        self.examples_menu = file_menu.addMenu(tr("Open &Example"))
        self.examples_menu.setObjectName("menu_examples")
        for name in self.files.examples():
            # the title in the program's language, the name (as --example takes it) in the shortcut column
            title = tr_known(example_title(name))
            action = self.examples_menu.addAction(f"{title}\t{name}" if title else name)
            action.setObjectName(f"action_example_{name}")
            action.triggered.connect(lambda checked=False, n=name: self.files.open_example(n))
        self.recent_menu = file_menu.addMenu(tr("Open &Recent"))
        self.recent_menu.setObjectName("menu_recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        file_menu.addSeparator()
        file_menu.addActions([a["save"], a["save_as"]])
        file_menu.addSeparator()
        file_menu.addActions([a["export_png"], a["export_svg"]])
        file_menu.addSeparator()
        file_menu.addAction(a["autosave"])
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])

        edit_menu = bar.addMenu(tr("&Edit"))
        edit_menu.addActions([self.actions_undo, self.actions_redo])
        edit_menu.addSeparator()
        edit_menu.addActions([a["cut"], a["copy"], a["paste"], a["duplicate"], a["delete"]])
        edit_menu.addSeparator()
        edit_menu.addAction(a["select_all"])

        network_menu = bar.addMenu(tr("&Network"))
        network_menu.addActions([a["add_neuron"], a["add_layer"], a["fully_connect"]])
        self.activation_menu = network_menu.addMenu(tr("&Activation"))
        group = QActionGroup(self)
        for name, act in ACTIVATIONS.items():
            action = self.activation_menu.addAction(f"{name}    {act.formula}")
            action.setObjectName(f"action_activation_{name}")
            action.triggered.connect(lambda checked=False, n=name: self.network_actions.set_activation(n))
            group.addAction(action)
        network_menu.addSeparator()
        network_menu.addActions([a["freeze"], a["reinitialise"], a["collapse"]])

        view_menu = bar.addMenu(tr("&View"))
        view_menu.addActions([a["zoom_in"], a["zoom_out"], a["reset_zoom"], a["fit"]])
        view_menu.addSeparator()
        view_menu.addAction(a["legend"])
        for dock in (self.lessons_dock, self.inspector_dock, self.data_dock, self.training_dock, self.history_dock,
                     self.digit_dock, self.steps_dock, self.loss_dock, self.boundary_dock, self.evaluation_dock,
                     self.weight_images_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addSeparator()
        self.language_menu = LanguageMenu(self.settings, self)
        view_menu.addMenu(self.language_menu)

        help_menu = bar.addMenu(tr("&Help"))
        self.lessons_action = lessons_action(self, self.lessons)
        help_menu.addActions([self.lessons_action, a["shortcuts"], a["about"]])

        for action in list(a.values()) + [self.actions_undo, self.actions_redo]:
            self.addAction(action)

    def _build_toolbar(self) -> None:
        a = self.actions
        bar = QToolBar(tr("Main"), self)
        bar.setObjectName("main_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for item in (a["new"], a["open"], a["save"], None, self.actions_undo, self.actions_redo, None,
                     a["add_neuron"], a["add_layer"], a["fully_connect"], a["delete"], a["freeze"], None,
                     a["zoom_in"], a["zoom_out"], a["fit"]):
            if item is None:
                bar.addSeparator()
            else:
                bar.addAction(item)
        self.addToolBar(bar)

    def _build_status_bar(self) -> None:
        self.summary_label = QLabel()
        self.summary_label.setObjectName("status_summary")
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setObjectName("status_zoom")
        self.statusBar().addPermanentWidget(self.summary_label)
        self.statusBar().addPermanentWidget(self.zoom_label)

    # --- window state ---------------------------------------------------------

    def _show_zoom(self, scale: float) -> None:
        self.zoom_label.setText(f"{scale * 100:.0f} %")

    def _update_title(self, *args) -> None:
        self.setWindowTitle(tr("{display_name}[*] — nnapp").format(display_name=self.files.display_name()))
        self.setWindowModified(self.editor.is_modified())

    def _update_summary(self, *args) -> None:
        """The status bar's line on the network: shape, activations, parameters."""
        net = self.doc.network()
        if net is not None:
            text = net.summary()
        elif self.doc.layers:
            text = tr("{counted}: add a layer to the right").format(counted=counted(self.doc.layers[0].size, 'input neuron', 'input neurons'))
        else:
            text = tr("empty network")
        self.summary_label.setText(text)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.files.recent_files()
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda checked=False, p=path: self.files.open_path(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(tr("Clear the list"), self.files.clear_recent)
        else:
            self.recent_menu.addAction(tr("(no recent files)")).setEnabled(False)

    def _toggle_legend(self) -> None:
        self.view.show_legend = self.actions["legend"].isChecked()
        self.view.viewport().update()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_help(self) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, tr("Keyboard and mouse"), tr(HELP), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("help_dialog")
        box.open()

    def show_autosave_settings(self) -> AutosaveDialog:
        """File ▸ Autosave…: the switch and the delay (window-modal, not blocking)."""
        dialog = AutosaveDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(_apply_autosave_settings)
        dialog.open()
        return dialog

    def read_recovered(self, info: Recovered) -> DocumentContents | None:
        """The document of the recovery copy ``info``, read and checked on a
        worker thread; None after a dialog that says what is wrong with it
        (the copy is kept) or when Cancel was pressed."""
        outcome = run_off_thread(lambda: read_recovery(info), self, title=tr("Restoring"),
                                 label=tr("Restoring {display_name}…").format(display_name=info.display_name()))
        if outcome.cancelled:
            self.show_message(tr("Restoring cancelled; the copy is kept for the next start"))
            return None
        if outcome.error is not None:
            e = outcome.error
            problem = str(e) if isinstance(e, RecoveryDamaged) else file_problem(e, info.file)
        else:
            problem = window_refusal(outcome.value.file.network)
        if problem is not None:
            self._cannot_restore(info, problem)
            return None
        return outcome.value

    def install_recovered(self, info: Recovered, contents: DocumentContents) -> bool:
        """Replace the document by the recovered ``contents`` of ``info``: it
        shows as changed, keeps its own file (Save writes there) and title,
        and the copy is deleted once this window has written its own. When
        the document cannot be replaced (too large, or a view fails), a
        dialog says so, the window keeps its document and the copy is kept."""
        notes = self.files.install_contents(contents, lambda e: self._cannot_restore(info, file_problem(e)))
        if notes is None:                  # the old document is back; the copy is kept
            return False
        if info.modified:
            self.editor.stack.resetClean()
        self._update_title()
        self.autosave.adopt(info.file)
        self.files.after_open(notes, tr("the unsaved copy of {display_name}").format(display_name=info.display_name()))
        return True

    def restore_recovered(self, info: Recovered) -> bool:
        """Read the recovery copy ``info`` and put it in this window; True when it was."""
        contents = self.read_recovered(info)
        return contents is not None and self.install_recovered(info, contents)

    def _cannot_restore(self, info: Recovered, problem: str) -> None:
        self.files.show_error(tr("Cannot restore"), tr("{display_name} could not be restored: {value}\n\nThe copy is kept in {file}.").format(display_name=info.display_name(), value=problem[:1].lower() + problem[1:], file=info.file))

    def show_about(self) -> None:
        QMessageBox.about(self, tr("About nnapp"), tr("<h3>nnapp {version__}</h3><p>A lab for seeing how a neural network computes and learns.</p>").format(version__=__version__))

    # --- Qt events ------------------------------------------------------------

    def show_context_menu(self, kind: str, screen_pos) -> QMenu:
        """The menu for a right click on a neuron, a connection, a collapsed
        layer or the empty canvas; its entries act on the selection."""
        a = self.actions
        menu = QMenu(self)
        menu.setObjectName("canvas_menu")
        if kind == "empty":
            menu.addActions([a["add_neuron"], a["add_layer"], a["paste"]])
            menu.addSeparator()
            menu.addActions([a["fit"], a["select_all"]])
        else:
            if kind in ("neuron", "layer"):
                menu.addActions([a["fully_connect"], a["collapse"]])
                menu.addMenu(self.activation_menu)
            menu.addAction(a["freeze"])
            menu.addSeparator()
            if kind != "connection":
                menu.addActions([a["copy"], a["duplicate"]])
            menu.addAction(a["delete"])
        menu.popup(screen_pos)
        return menu

    def _on_training_started(self) -> None:
        """A new run: its curve starts on an empty plot (Pause and Continue
        keep the run and its curve)."""
        self.loss_plot.clear()
        self.loss_dock.raise_()

    def _on_training_state(self, state: str) -> None:
        """While training runs the network cannot be edited: the canvas only
        shows, the inspector only reads, undo and the edit actions wait."""
        idle = state == "idle"
        self.view.setInteractive(idle)
        self.inspector.setEnabled(idle)
        self.input_row.setEnabled(state != "running")
        for name in ("new", "open", "cut", "paste", "duplicate", "delete", "add_neuron", "add_layer",
                     "fully_connect", "freeze", "reinitialise"):
            self.actions[name].setEnabled(idle)
        self.examples_menu.setEnabled(idle)
        self.recent_menu.setEnabled(idle)
        self.activation_menu.setEnabled(idle)
        self.actions_undo.setEnabled(idle and self.editor.stack.canUndo())
        self.actions_redo.setEnabled(idle and self.editor.stack.canRedo())

    def closeEvent(self, event) -> None:
        if self.training.is_running():
            self.training.shutdown()
        if not self.files.maybe_save():
            event.ignore()
            return
        self.autosave.close()
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        self.settings.setValue("main_window/state", self.saveState())
        super().closeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.corner_owner.fit()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.corner_owner.fit()
        self.view.fit()


def _apply_autosave_settings() -> None:
    """Every window follows the autosave settings just chosen."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.autosave.apply_settings()
