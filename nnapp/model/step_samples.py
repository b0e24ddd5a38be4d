"""The samples a step-through follows, and the target a student types for the input row.

A :class:`Sample` is a row of the document's data (or the input row);
:func:`parse_target` reads a target as people type it ("1", "0, 1, 0",
"−0,5", a class number), :func:`format_target` writes it back, and
:func:`input_key` makes equal inputs equal dictionary keys (to find the
target of a data row with the same inputs). No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnapp.text import counted, plural, tr


@dataclass(frozen=True)
class Sample:
    """One sample a trace can follow.

    Attributes
    ----------
    label : str
        "Input row", "Alice", "row 3", "Emily (no target)".
    x : ndarray, shape (n_inputs,) or None
        None for the input row: whatever the document's input is.
    y : ndarray, shape (n_outputs,) or None
        The row's target; None for the input row (its target is typed) and
        for rows the data only predicts.
    """

    label: str
    x: np.ndarray | None
    y: np.ndarray | None



def parse_target(text: str, n_outputs: int) -> np.ndarray:
    """The target values typed as "1" or "0, 1, 0" (or "0; 1; 0").

    With several outputs a single whole number k is the class k (counted
    from 0): "2" means 0, 0, 1, 0 … A Unicode minus and decimal commas
    inside single numbers ("−0,5") are read as people write them.

    Raises
    ------
    ValueError
        With a sentence saying what is expected.
    """
    cleaned = text.strip().replace("−", "-")
    if not cleaned:
        raise ValueError(tr("type the target: {target_hint}").format(target_hint=_target_hint(n_outputs)))
    if ";" in cleaned:
        parts = [p.strip().replace(",", ".") for p in cleaned.split(";") if p.strip()]
    elif n_outputs == 1:
        parts = cleaned.replace(",", ".").split()
    else:
        parts = cleaned.replace(",", " ").split()
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ValueError(tr("the target must be numbers: {target_hint} (not {text!r})")
                         .format(target_hint=_target_hint(n_outputs), text=text.strip())) from None
    if not all(np.isfinite(values)):
        raise ValueError(tr("the target must be finite numbers"))
    if n_outputs > 1 and len(values) == 1 and float(values[0]).is_integer() and 0 <= values[0] < n_outputs:
        return np.eye(n_outputs)[int(values[0])]
    if len(values) != n_outputs:
        raise ValueError(tr("the network has {outputs}: {target_hint}")
                         .format(outputs=counted(n_outputs, 'output', 'outputs', grouped=False), target_hint=_target_hint(n_outputs)))
    return np.array(values, dtype=float)


def _target_hint(n: int) -> str:
    if n == 1:
        return tr("one number, such as 1")
    example = ", ".join(["0", "1"] + ["0"] * (min(n, 4) - 2)) + (", …" if n > 4 else "")
    return plural(n, "{n} number such as {example}, or a class number from 0 to {last}",
                  "{n} numbers such as {example}, or a class number from 0 to {last}").format(
        n=n, example=example, last=n - 1)


def format_target(y: np.ndarray | None) -> str:
    """Target values as the target field shows them: "1", "0, 1, 0"."""
    if y is None:
        return ""
    return ", ".join(f"{float(v):g}" for v in y)


def input_key(x: np.ndarray) -> bytes:
    """Equal inputs, equal keys: float64 bytes, with −0 made 0."""
    return (np.asarray(x, dtype=np.float64) + 0.0).tobytes() + bytes(str(np.shape(x)), "ascii")


__all__ = ["Sample", "format_target", "input_key", "parse_target"]
