"""Make docs/images/test_results.png: the MNIST network tested on the drawn digits.

    .venv/bin/python docs/test_results_screenshot.py [PNG]

The window at 1280 × 800 with the mnist example open and Test results in
front, tested on the style-diverse drawn test set: the accuracy and its
per-digit line, the confusion matrix and the mistakes. The window gets fresh
settings in a temporary folder (the user's own are not touched). Runs
offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox  # noqa: E402


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "images" / "test_results.png"
    app = QApplication.instance() or QApplication(sys.argv)
    from nnapp.ui.main_window import MainWindow
    from nnapp.ui.training import controller

    controller.SPARE_PROCESS = False                 # no training process waits for a screenshot
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(QSettings(str(Path(tmp) / "nnapp.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 800)
        window.show()
        window.files.open_example("mnist")
        window.evaluation_dock.raise_()
        window.about_dock.raise_()   # the pad is not used here: the bottom docks get the whole width
        app.processEvents()
        panel = window.evaluation_panel
        source = panel.findChild(QComboBox, "test_source")
        source.setCurrentIndex(source.findData("drawn"))
        clock = QElapsedTimer()
        clock.start()
        while clock.elapsed() < 30_000 and (panel.preparing.running or panel.evaluation is None
                                            or panel.evaluation.n_rows < 2400):
            app.processEvents()
        app.processEvents()
        window.grab().save(str(out))
        print(f"{out}: {panel.accuracy_label.text()} of the drawn test set")
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
