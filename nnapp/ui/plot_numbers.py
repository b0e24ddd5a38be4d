"""The numbers on pyqtgraph's axes with the language's decimal sign.

pyqtgraph writes tick labels with Python's formatting ("0.5"); a person
reading Russian expects "0,5". :func:`decimal_ticks` wraps one axis's own
``tickStrings`` (whatever class the axis is) so its labels pass through
:func:`nnapp.text.decimal`; in English nothing changes.
"""

from __future__ import annotations

import pyqtgraph as pg

from nnapp.text import decimal


def decimal_ticks(*axes: pg.AxisItem) -> None:
    """Give each of ``axes`` tick labels with the language's decimal sign."""
    for axis in axes:
        own = axis.tickStrings

        def tick_strings(values, scale, spacing, own=own):
            return [decimal(text) for text in own(values, scale, spacing)]

        axis.tickStrings = tick_strings


__all__ = ["decimal_ticks"]
