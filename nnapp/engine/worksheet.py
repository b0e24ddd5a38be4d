"""The title of a worksheet of steps, as the command line and the panel write it.

``gender: one training step by hand (Alice)``, ``gender: the forward pass
(Emily)``, or for a mini-batch ``gender: one training step on a mini-batch
by hand (4 samples: Alice, Bob, Charlie, Diana)``.
"""

from __future__ import annotations

from nnapp.text import marked, tr

from .steps.record import batch_label
from .batch_trace import BatchTrace

TITLES = {
    "sample": marked("one training step by hand"),
    "batch": marked("one training step on a mini-batch by hand"),
    "forward": marked("the forward pass"),
}
"""What a worksheet is about, after the network's name."""


def worksheet_title(name: str, trace, sample_label: str = "") -> str:
    """The title for ``trace`` (a Trace or a BatchTrace) of network ``name``;
    ``sample_label`` names a one-sample trace's sample ("" for none)."""
    if isinstance(trace, BatchTrace):
        return tr("{name}: {what} ({samples})").format(
            name=name, what=tr(TITLES["batch"]), samples=batch_label(trace.labels))
    what = tr(TITLES["sample"]) if trace is not None and trace.has_backward else tr(TITLES["forward"])
    if sample_label:
        return tr("{name}: {what} ({sample})").format(name=name, what=what, sample=sample_label)
    return tr("{name}: {what}").format(name=name, what=what)


__all__ = ["TITLES", "worksheet_title"]
