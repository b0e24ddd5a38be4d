"""The main window: for now a frame with the app's name and what is coming.

The canvas, inspector, step-through panel and loss plot arrive with the
following issues; the window already keeps its geometry in QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QAction
from PySide6.QtWidgets import QLabel, QMainWindow

from nnapp import __version__

WELCOME = """<h1>nnapp</h1>
<p>A lab for seeing how a neural network computes and learns.</p>
<p>The canvas is on its way. Meanwhile the engine answers on the command line:</p>
<pre>python -m nnapp examples
python -m nnapp trace gender --input -2,-1 --target 1
python -m nnapp train gender</pre>"""


class MainWindow(QMainWindow):
    """The application's top-level window."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle(f"nnapp {__version__}")
        label = QLabel(WELCOME)
        label.setObjectName("welcome")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.RichText)
        self.setCentralWidget(label)
        quit_action = QAction("&Quit", self)
        quit_action.setObjectName("action_quit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setStatusTip("Close nnapp")
        quit_action.triggered.connect(self.close)
        self.menuBar().addMenu("&File").addAction(quit_action)
        self.statusBar().showMessage("Ready")
        self.resize(900, 600)
        geometry = self.settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event) -> None:
        self.settings.setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
