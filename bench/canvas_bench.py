"""How fast the canvas draws, for a small, a medium and a large network.

Run from the project root::

    .venv/bin/python bench/canvas_bench.py          # offscreen, about 20 s
    .venv/bin/python bench/canvas_bench.py --shot   # also save a PNG per network in /tmp

Not part of the test suite. For each network the window's canvas (a
1200 × 800 view, fitted to the network) is measured for:

- full repaint: ``viewport().repaint()``, which paints every item
  synchronously (targets: ≤ 5 ms for 2-2-1, ≤ 30 ms for 784-128-10);
- rebuild: making every item again from the document (after a structural
  edit or an undo);
- values: new activations for another input, then a repaint;
- zoom and pan: one wheel step or a 40-pixel scroll and the repaint that
  follows, over 40 steps; the slowest step is what a person would feel.

Networks: the ``gender`` example (2-2-1, every neuron and connection drawn),
64-30-10 on an 8×8 image input (input collapsed to its image, 30 and 10
neurons drawn, 300 connection lines) and 784-128-10 on a 28×28 image (input
and hidden collapsed, bands for the links).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import environment_lines, format_table, use_project_root, verdict  # noqa: E402

use_project_root()

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnapp.engine.network import Network  # noqa: E402
from nnapp.model.files import open_example  # noqa: E402
from nnapp.ui.canvas.scene import NetworkScene  # noqa: E402
from nnapp.ui.canvas.view import NetworkView  # noqa: E402
from nnapp.ui.editor import Editor  # noqa: E402

TARGETS = {"2-2-1": 5.0, "784-128-10": 30.0}


def make_editor(name: str) -> Editor:
    editor = Editor()
    if name == "2-2-1":
        open_example(editor.doc, "gender")
        editor.doc.set_input([-2, -1])
        return editor
    sizes = [int(s) for s in name.split("-")]
    net = Network.dense(sizes, ["relu", "softmax"], init="he", rng=0)
    side = int(round(sizes[0] ** 0.5))
    net.layers[0].image_shape = (side, side)
    editor.doc.replace(net)
    editor.doc.set_input(np.random.default_rng(1).uniform(0, 1, sizes[0]))
    return editor


def ms(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def measure(app: QApplication, name: str, repeat: int, shot: bool) -> dict[str, float]:
    editor = make_editor(name)
    scene = NetworkScene(editor)
    view = NetworkView(scene)
    view.resize(1200, 800)
    view.show()
    app.processEvents()
    view.fit()
    app.processEvents()
    viewport = view.viewport()
    rng = np.random.default_rng(2)
    n_in = editor.doc.layers[0].size

    repaint = ms(viewport.repaint, repeat)
    rebuild = ms(lambda: (scene.rebuild(), viewport.repaint()), max(repeat // 3, 5))
    values = ms(lambda: (editor.doc.set_input(rng.uniform(0, 1, n_in)), viewport.repaint()), repeat)
    steps = []
    for k in range(40):
        factor = 1.18 if (k // 10) % 2 == 0 else 1 / 1.18
        steps += ms(lambda: (view.zoom_by(factor), viewport.repaint()), 1)
    bar = view.horizontalScrollBar()
    for k in range(40):
        delta = 40 if (k // 10) % 2 == 0 else -40
        steps += ms(lambda: (bar.setValue(bar.value() + delta), viewport.repaint()), 1)
    if shot:
        view.fit()
        view.grab().save(f"/tmp/canvas_bench_{name}.png")
    items = len(scene.items())
    view.close()
    return {
        "items": items,
        "repaint": statistics.median(repaint),
        "repaint_max": max(repaint),
        "rebuild": statistics.median(rebuild),
        "values": statistics.median(values),
        "zoom_pan": statistics.median(steps),
        "zoom_pan_max": max(steps),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--shot", action="store_true", help="save a screenshot per network in /tmp")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv)
    print("\n".join(environment_lines()))
    print(f"Qt platform: {app.platformName()}, view 1200 × 800, medians of {args.repeat}\n")
    rows = []
    for name in ("2-2-1", "64-30-10", "784-128-10"):
        r = measure(app, name, args.repeat, args.shot)
        target = TARGETS.get(name)
        check = f"≤ {target:g} ms {verdict(r['repaint'] <= target)}" if target else ""
        rows.append([name, r["items"], f"{r['repaint']:.2f}", f"{r['repaint_max']:.2f}", f"{r['rebuild']:.1f}",
                     f"{r['values']:.2f}", f"{r['zoom_pan']:.2f}", f"{r['zoom_pan_max']:.2f}", check])
    print(format_table(["network", "items", "repaint ms", "max", "rebuild ms", "new input ms", "zoom/pan ms",
                        "max", "target"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
