"""How fast the step-through panel builds and shows one step.

Run from the project root::

    .venv/bin/python bench/steps_bench.py             # offscreen, about 15 s
    .venv/bin/python bench/steps_bench.py --repeat 50

Not part of the test suite. For the ``gender`` example (2-2-1) and a
784-128-10 ReLU/softmax network (cross-entropy, 204,877 steps) it times, in
milliseconds:

- engine: ``trace`` of one sample, the :class:`StepSequence` over it (where
  every step is, without making them), and making one step (the weighted sum
  of a hidden neuron: 784 terms, the 8 largest written out); the same for a
  mini-batch of 32 samples (``batch_trace``, ``BatchStepSequence``, one
  averaged ∂L/∂w: 32 terms, the 8 largest written out);
- panel: one step shown, from the key press to the pixels — ``Next`` (the
  step is made, the formula, numbers and result set, the list row selected
  and scrolled to, the canvas lit and its values updated), then a synchronous
  repaint of the panel and of the canvas. Measured for the hidden sums of the
  forward pass (the largest formulas), for ∂L/∂w steps in the middle of
  backprop, and for jumps to random rows of the list;
- edit: a weight changes while stepping: the panel traces again, keeps its
  position and repaints (the canvas's own redrawing of the weights included).

The panel rows give the median of the whole and of its parts: the logic
(making the step, setting the texts, the list and the canvas items), the
panel's repaint, and the canvas's repaint.

The target is 16 ms (one frame at 60 Hz) for building and rendering a step
of the 784-128-10 network.
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

from nnapp.engine.batch_trace import batch_trace  # noqa: E402
from nnapp.engine.network import Network  # noqa: E402
from nnapp.engine.steps import BatchStepSequence, StepSequence  # noqa: E402
from nnapp.engine.trace import trace  # noqa: E402
from nnapp.model.files import open_example  # noqa: E402
from nnapp.ui.canvas.scene import NetworkScene  # noqa: E402
from nnapp.ui.canvas.view import NetworkView  # noqa: E402
from nnapp.ui.editor import Editor  # noqa: E402
from nnapp.ui.steps_panel import StepsPanel  # noqa: E402

TARGET_MS = 16.0


def make_editor(name: str) -> Editor:
    editor = Editor()
    doc = editor.doc
    if name == "2-2-1":
        open_example(doc, "gender")
        doc.set_input([-2, -1])
        return editor
    sizes = [int(s) for s in name.split("-")]
    net = Network.dense(sizes, ["relu", "softmax"], init="he", rng=0)
    side = int(round(sizes[0] ** 0.5))
    net.layers[0].image_shape = (side, side)
    doc.replace(net)
    doc.set_training(doc.training.__class__(loss="cce", learning_rate=0.1))
    doc.set_input(np.random.default_rng(1).uniform(0, 1, sizes[0]))
    return editor


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1e3


def summary(values) -> tuple[str, ...]:
    """Median and max of the totals; with (logic, panel paint, canvas paint)
    triples also the median of each part."""
    if values and isinstance(values[0], tuple):
        totals = [sum(v) for v in values]
        parts = [f"{statistics.median(p):.2f}" for p in zip(*values)]
        return f"{statistics.median(totals):.2f}", f"{max(totals):.2f}", *parts
    return f"{statistics.median(values):.2f}", f"{max(values):.2f}", "", "", ""


def passed(values) -> str:
    return f"≤ {TARGET_MS:g} ms {verdict(statistics.median([sum(v) for v in values]) <= TARGET_MS)}"


def measure(app: QApplication, name: str, repeat: int) -> list[list[str]]:
    editor = make_editor(name)
    doc = editor.doc
    scene = NetworkScene(editor)
    view = NetworkView(scene)
    view.resize(900, 560)
    view.show()
    panel = StepsPanel(editor, scene)
    panel.resize(1200, 260)
    panel.show()
    app.processEvents()
    view.fit()
    panel.set_target([1] if doc.network().n_outputs == 1 else [3])
    app.processEvents()
    viewport = view.viewport()
    rng = np.random.default_rng(2)
    rows = []

    # engine only
    net = doc.network()
    x, y = doc.input.copy(), panel.stepper.trace.y
    settings = doc.training
    t = trace(net, x, y, loss=settings.loss, learning_rate=settings.learning_rate)
    seq = StepSequence(t)
    hidden_sums = list(seq.phase_range("forward"))[net.sizes[0]: net.sizes[0] + net.sizes[1]]
    cold_trace = [timed(lambda: trace(net, x, y, loss=settings.loss, learning_rate=settings.learning_rate))
                  for _ in range(repeat)]
    cold_seq = [timed(lambda: StepSequence(t)) for _ in range(repeat)]
    one_step = []
    for _ in range(repeat):
        fresh = StepSequence(t)
        i = int(rng.choice(hidden_sums))
        one_step.append(timed(lambda: fresh[i]))
    both = [a + b + c for a, b, c in zip(cold_trace, cold_seq, one_step)]
    rows.append([name, "engine: trace", *summary(cold_trace), ""])
    rows.append([name, "engine: StepSequence (where every step is)", *summary(cold_seq), ""])
    rows.append([name, "engine: make one hidden sum", *summary(one_step), ""])
    rows.append([name, "engine: all three", *summary(both), ""])

    # a mini-batch of 32 samples: every sample's trace, the averaged gradient, one averaged ∂L/∂w
    batch = 32
    X = rng.uniform(0, 1, (batch, net.n_inputs))
    Y = np.eye(net.n_outputs)[rng.integers(net.n_outputs, size=batch)] if net.n_outputs > 1 else \
        rng.integers(0, 2, (batch, 1)).astype(float)
    make_batch = lambda: batch_trace(net, X, Y, loss=settings.loss, learning_rate=settings.learning_rate)  # noqa: E731
    bt = make_batch()
    cold_batch = [timed(make_batch) for _ in range(max(repeat // 3, 5))]
    batch_seq = [timed(lambda: BatchStepSequence(bt)) for _ in range(max(repeat // 3, 5))]
    grads = list(BatchStepSequence(bt).phase_range("backward"))[-net.n_inputs * net.sizes[1] // 2:]
    one_grad = []
    for _ in range(repeat):
        fresh = BatchStepSequence(bt)
        i = int(rng.choice(grads))
        one_grad.append(timed(lambda: fresh[i]))
    rows.append([name, f"engine: batch_trace of {batch} samples", *summary(cold_batch), ""])
    rows.append([name, f"engine: BatchStepSequence ({batch} samples)", *summary(batch_seq), ""])
    rows.append([name, f"engine: make one averaged ∂L/∂w ({batch} terms)", *summary(one_grad), ""])

    def shown(move) -> tuple[float, float, float]:
        return timed(move), timed(panel.repaint), timed(viewport.repaint)

    steps = panel.stepper.steps
    # Next through the hidden sums and activations of the forward pass
    forward = []
    for _ in range(repeat):
        panel.go_to(int(rng.choice(hidden_sums)) - 1)
        forward.append(shown(panel.next_step))
    rows.append([name, "panel: Next onto a hidden sum (forward)", *summary(forward),
                 passed(forward)])
    grads = [i for i in steps.phase_range("backward")]
    middle = grads[len(grads) // 3: 2 * len(grads) // 3]
    backward = []
    for _ in range(repeat):
        panel.go_to(int(rng.choice(middle)))
        backward.append(shown(panel.next_step))
    rows.append([name, "panel: Next in the middle of backprop", *summary(backward),
                 passed(backward)])
    jumps = []
    for _ in range(repeat):
        i = int(rng.integers(len(steps)))
        jumps.append(shown(lambda: panel.go_to(i)))
    rows.append([name, "panel: jump to a random row of the list", *summary(jumps),
                 passed(jumps)])

    # a weight edited while stepping: trace again, keep the position, repaint
    panel.go_to(middle[len(middle) // 2])
    link = doc.links[0]
    edits = []
    for k in range(max(repeat // 2, 5)):
        W = [l.W.copy() for l in doc.links]
        W[0][0, 0] += 0.01 * (1 if k % 2 else -1)
        biases = [l.bias for l in doc.layers]
        edits.append(shown(lambda: doc._edit_parameters(W, biases)))
    assert panel.stepper.trace.network.links[0].W[0, 0] == link.W[0, 0]
    rows.append([name, "edit a weight: trace again, keep the step, repaint", *summary(edits), ""])
    panel.close()
    view.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv)
    print("\n".join(environment_lines()))
    print(f"Qt platform: {app.platformName()}, panel 1200 × 260, canvas 900 × 560, "
          f"{args.repeat} times each (median and max, ms)\n")
    rows = []
    for name in ("2-2-1", "784-128-10", "784-256-10"):  # 784-256-10: the shipped mnist example's shape
        rows += measure(app, name, args.repeat)
    print(format_table(["network", "what", "median ms", "max ms", "of which: logic", "panel paint",
                        "canvas paint", "target"], rows, "<<>>>>><"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
