"""Make docs/images/steps.png: the step-through panel in the middle of backprop.

    .venv/bin/python docs/steps_screenshot.py [PNG]

The tutorial's gender network with every weight 1 and every bias 0, the
sample Alice (−2, −1; target 1), stepped to ∂L/∂w1 = x1·δ_h1 with the
gradient check on: w1 is lit on the canvas. The window gets fresh settings
in a temporary folder (the user's own are not touched). Runs offscreen
unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnapp.model.training import ApplyParameters  # noqa: E402


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "images" / "steps.png"
    app = QApplication.instance() or QApplication(sys.argv)
    from nnapp.ui.main_window import MainWindow
    from nnapp.ui.steps_panel import StepsPanel

    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(QSettings(str(Path(tmp) / "nnapp.ini"), QSettings.Format.IniFormat))
        panel = window.steps_dock.widget()
        if not isinstance(panel, StepsPanel):       # before the window has the panel itself
            panel = StepsPanel(window.editor, window.scene)
            window.steps_dock.setWidget(panel)
        window.resize(1280, 800)
        window.boundary_dock.hide()
        window.show()
        window.steps_dock.raise_()
        window.resizeDocks([window.steps_dock], [330], Qt.Orientation.Vertical)
        app.processEvents()

        window.files.open_example("gender")
        doc = window.doc
        doc.set_input([-2, -1])
        ones = [np.ones_like(link.W) for link in doc.links] + [np.zeros_like(l.bias) for l in doc.layers[1:]]
        window.editor.push(ApplyParameters(ones, "Every weight 1, every bias 0"))
        panel.choose_sample_named("Alice")
        panel.gradcheck.setChecked(True)
        panel.next_step()
        panel.jump_to(("weight", 0, 0, 0))          # ∂L/∂w1 = x1 · δ_h1
        window.actions["legend"].setChecked(False)   # it would cover x2's value in the corner
        window.view.show_legend = False
        window.view.fit()
        for _ in range(5):
            app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        print(f"wrote {out} ({panel.current.formula} = {panel.current.result_at(4)})")
        window.editor.stack.setClean()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
