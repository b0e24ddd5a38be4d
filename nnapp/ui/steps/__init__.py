"""The step-through panel, a debugger for feedforward and backprop, in parts.

- ``panel.py``: :class:`StepsPanel`, which puts the parts together, follows
  the document and moves through the steps;
- ``navigation.py``: Next, Back, End of phase, Run to end, Reset, with their
  debugger shortcuts;
- ``sample_picker.py``: the sample (a row, the input row with its target, or
  a mini-batch of rows);
- ``options.py``: decimals, the gradient check, the layer as matrices;
- ``current_step.py``: the current step, big: formula, numbers, result, note;
- ``gradient_check.py`` and ``layer_matrices.py``: what those two options add
  to it;
- ``table.py``: the list of every step;
- ``export.py``: copy a step, export every step as Markdown or LaTeX;
- ``canvas_sync.py``: what the canvas lights up and shows while stepping.
"""
