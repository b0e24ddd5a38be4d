"""The computation steps of a trace: one number a student would compute by hand per step.

Layers, each importing only those below it (checked by import-linter,
pyproject.toml)::

    render          text, Markdown and LaTeX from the records   render.py
      ↑
    dispatch        one sample's steps or a mini-batch's        dispatch.py
      ↑
    sequences       where every step is; made when asked for    sequence.py, batch_sequence.py
      ↑
    builders        one step's record from the trace            builder.py, batch_builder.py
      ↑
    record          the Step record, numbers for people         record.py

Every step's ``value`` is the trace's own number (nothing is recomputed);
its ``numbers`` only show where it comes from. Numbers are written by
:func:`fmt` with a real minus sign "−", negative numbers in parentheses when
they are substituted into a formula. The facts of a step (its kind, what it
is about, whether its parameter is frozen, the sample of a mini-batch) are
fields of the record, so nothing reads them back out of printed text.

Import the names below from ``nnapp.engine.steps``.
"""

from .batch_sequence import PER_SAMPLE, BatchStepSequence
from .dispatch import build_steps, step_sequence
from .record import PHASE_NAMES, PHASE_TITLES, PHASES, Num, Step, batch_label, fmt, sample_mark
from .render import describe_trace, render_latex, render_markdown, render_text, sample_heading
from .sequence import STEP_CACHE, LazySteps, StepSequence

__all__ = [
    "BatchStepSequence",
    "LazySteps",
    "Num",
    "PER_SAMPLE",
    "PHASES",
    "PHASE_NAMES",
    "PHASE_TITLES",
    "STEP_CACHE",
    "Step",
    "StepSequence",
    "batch_label",
    "build_steps",
    "describe_trace",
    "fmt",
    "render_latex",
    "render_markdown",
    "render_text",
    "sample_heading",
    "sample_mark",
    "step_sequence",
]
