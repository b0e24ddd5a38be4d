"""The one place that chooses the steps of a trace: one sample's or a mini-batch's.

:func:`step_sequence` gives the lazy sequence (what the step-through panel
walks), :func:`build_steps` the list (what the command line and the
worksheets print); both take a :class:`~nnapp.engine.trace.Trace` or a
:class:`~nnapp.engine.batch_trace.BatchTrace`.
"""

from __future__ import annotations

from ..batch_trace import BatchTrace
from ..trace import Trace
from .batch_sequence import BatchStepSequence
from .record import Step
from .sequence import StepSequence


def step_sequence(trace: Trace | BatchTrace, *, max_terms: int = 8,
                  decimals: int | None = 4) -> StepSequence | BatchStepSequence:
    """The steps of a one-sample trace or of a mini-batch's, made when asked for.

    Parameters
    ----------
    trace : Trace or BatchTrace
    max_terms, decimals
        As for :func:`build_steps`.

    Returns
    -------
    StepSequence or BatchStepSequence
    """
    if isinstance(trace, BatchTrace):
        return BatchStepSequence(trace, max_terms=max_terms, decimals=decimals)
    return StepSequence(trace, max_terms=max_terms, decimals=decimals)


def build_steps(trace: Trace | BatchTrace, *, max_terms: int = 8, decimals: int | None = 4) -> list[Step]:
    """The computation steps of a trace, in order.

    Parameters
    ----------
    trace : Trace or BatchTrace
    max_terms : int
        Longest sum written out in full; longer sums show their
        ``max_terms`` largest terms (by absolute value, in their order)
        and "+ N more terms (sum …)".
    decimals : int or None
        Decimals of each step's ``numbers`` text (see :func:`~.record.fmt`).

    Returns
    -------
    list of Step
        Forward steps; with a target also loss and backward steps; with a
        learning rate also update steps (see ``sequence.py``).
        :func:`step_sequence` gives the same steps made only when asked for.
    """
    seq = step_sequence(trace, max_terms=max_terms, decimals=decimals)
    return [seq.make(i) for i in range(len(seq))]


__all__ = ["build_steps", "step_sequence"]
