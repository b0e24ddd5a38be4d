"""How the command line prints: lines, numbers, rows and tables.

It prints what the commands give it; it computes nothing and reads no
option.
"""

from __future__ import annotations

import numpy as np

from nnapp.text import list_separator


def _write(text: str = "") -> None:
    print(text, flush=True)


def _fmt(x, decimals=4) -> str:
    from nnapp.engine.steps import fmt

    return fmt(x, decimals)


def _class_of(ds, outputs: np.ndarray) -> str:
    if ds.task != "classification" or not ds.class_names:
        return ""
    k = int(outputs[0] >= 0.5) if outputs.size == 1 else int(np.argmax(outputs))
    return ds.class_names[k] if k < len(ds.class_names) else ""


def _row_text(values, decimals=None) -> str:
    return "(" + list_separator().join(_fmt(v, decimals) for v in values) + ")"


def _output_text(net, outputs, decimals) -> str:
    names = net.neuron_names(len(net.layers) - 1)
    return list_separator().join(f"{n} = {_fmt(o, decimals)}" for n, o in zip(names, outputs))


def _table(rows: list[list[str]]) -> None:
    """Rows of cells, every column but the last padded to its widest cell."""
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]) - 1)]
    for r in rows:
        cells = [cell.ljust(w) for cell, w in zip(r, widths)] + [r[-1]]
        _write("  " + "  ".join(cells))
