"""Where things are drawn: layer columns, neuron heights, collapsed layers.

A :class:`Layout` stores an x for every layer (its column) and a y for every
neuron, keyed by the document's stable ids, plus the layers the user chose to
collapse or expand. Positions are in scene units (about one pixel at 100 %
zoom). :func:`auto_layout` places a network when a file has no layout.

In files the layout is the top-level ``"layout"`` section, keyed by layer id
and neuron index (neuron ids live only while a document is open)::

    "layout": {"columns": {"input": 0, "hidden": 200},
               "neurons": {"input": [0, 70], "hidden": [-35, 35]},
               "collapsed": {"hidden": false}}
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

from nnapp.text import grouped_number, plural, tr

COLUMN_SPACING = 220.0
"""Distance between neighbouring layer columns of an automatic layout."""

NEURON_SPACING = 70.0
"""Vertical distance between neurons of an automatic layout."""

COLLAPSE_ABOVE = 32
"""Layers with more neurons than this draw collapsed unless the user chose."""

EXPAND_LIMIT = 200
"""Layers with more neurons than this always draw collapsed: one circle per
neuron would be more than the canvas can draw and still answer at once."""

MIN_COLUMN_GAP = 60.0
"""Columns are kept at least this far apart, in layer order."""

LIMIT = 1e6
"""Largest |coordinate| accepted from a file."""


@dataclass
class Layout:
    """Columns, heights and collapsed flags.

    Attributes
    ----------
    columns : dict of str to float
        Layer id → x of its column.
    ys : dict of str to float
        Neuron id → y.
    collapsed : dict of str to bool
        Layer id → the user's choice; layers missing here collapse when they
        have more than :data:`COLLAPSE_ABOVE` neurons, and layers of more
        than :data:`EXPAND_LIMIT` collapse whatever the choice.
    """

    columns: dict[str, float] = field(default_factory=dict)
    ys: dict[str, float] = field(default_factory=dict)
    collapsed: dict[str, bool] = field(default_factory=dict)

    def copy(self) -> "Layout":
        return Layout(dict(self.columns), dict(self.ys), dict(self.collapsed))

    def is_collapsed(self, layer_id: str, size: int) -> bool:
        if size > EXPAND_LIMIT:
            return True
        choice = self.collapsed.get(layer_id)
        return size > COLLAPSE_ABOVE if choice is None else choice


def expand_refusal(size: int) -> str | None:
    """Why a layer of ``size`` neurons cannot be drawn expanded, or None."""
    if size > EXPAND_LIMIT:
        return plural(size, "this layer has {size} neuron; layers of more than {limit} are always drawn "
                            "as one block (select the block to see its numbers in the inspector)",
                      "this layer has {size} neurons; layers of more than {limit} are always drawn "
                      "as one block (select the block to see its numbers in the inspector)").format(
            size=grouped_number(size), limit=grouped_number(EXPAND_LIMIT))
    return None


def column_heights(n: int) -> list[float]:
    """Heights of ``n`` neurons centred on y = 0 (closer together when many)."""
    spacing = NEURON_SPACING if n <= 12 else 0.75 * NEURON_SPACING
    return [(i - (n - 1) / 2) * spacing for i in range(n)]


def auto_layout(layer_ids: Sequence[str], neuron_ids: Sequence[Sequence[str]]) -> Layout:
    """Neurons centred in each column; columns ``COLUMN_SPACING`` apart, or
    wider when a tall column of neurons is drawn, so the network is not a
    thin stripe."""
    layout = Layout()
    tallest = max((len(u) for u in neuron_ids if len(u) <= COLLAPSE_ABOVE), default=1)
    spacing = max(COLUMN_SPACING, 0.35 * (tallest - 1) * 0.75 * NEURON_SPACING)
    for k, (lid, uids) in enumerate(zip(layer_ids, neuron_ids)):
        layout.columns[lid] = k * spacing
        for uid, y in zip(uids, column_heights(len(uids))):
            layout.ys[uid] = y
    return layout


def layout_to_dict(layout: Layout, layer_ids: Sequence[str], neuron_ids: Sequence[Sequence[str]]) -> dict:
    """The ``"layout"`` section of a file."""
    return {
        "columns": {lid: _num(layout.columns[lid]) for lid in layer_ids},
        "neurons": {lid: [_num(layout.ys[u]) for u in uids] for lid, uids in zip(layer_ids, neuron_ids)},
        "collapsed": {lid: bool(v) for lid, v in layout.collapsed.items() if lid in layer_ids},
    }


def layout_from_dict(
    raw: Any, layer_ids: Sequence[str], neuron_ids: Sequence[Sequence[str]]
) -> tuple[Layout, list[str]]:
    """Read a file's ``"layout"`` section, filling gaps automatically.

    A layout is a convenience, so a damaged one never stops a network from
    opening: whatever cannot be used is placed automatically and described.

    Returns
    -------
    layout : Layout
    problems : list of str
        One sentence per part that was replaced (empty when all was used).
    """
    auto = auto_layout(layer_ids, neuron_ids)
    if raw is None:
        return auto, []
    if not isinstance(raw, dict):
        return auto, [tr("layout: expected an object; an automatic layout is used")]
    problems: list[str] = []
    layout = auto.copy()
    columns = raw.get("columns", {})
    if not isinstance(columns, dict):
        problems.append(tr("layout.columns: expected an object; automatic columns are used"))
        columns = {}
    xs = []
    for lid in layer_ids:
        x = columns.get(lid)
        if x is None:
            xs.append(None)
        elif not _is_coordinate(x):
            problems.append(tr("layout.columns.{layer}: {x!r} is not a usable coordinate").format(layer=lid, x=x))
            xs.append(None)
        else:
            xs.append(float(x))
    given = [x for x in xs if x is not None]
    if len(given) == len(xs) and all(b - a >= MIN_COLUMN_GAP for a, b in zip(given, given[1:])):
        for lid, x in zip(layer_ids, xs):
            layout.columns[lid] = x
    elif given:
        problems.append(tr("layout.columns: columns missing or out of layer order; automatic columns are used"))
    neurons = raw.get("neurons", {})
    if not isinstance(neurons, dict):
        problems.append(tr("layout.neurons: expected an object; automatic heights are used"))
        neurons = {}
    for lid, uids in zip(layer_ids, neuron_ids):
        ys = neurons.get(lid)
        if ys is None:
            continue
        if not isinstance(ys, list) or len(ys) != len(uids) or not all(_is_coordinate(y) for y in ys):
            problems.append(plural(len(uids), "layout.neurons.{layer}: expected {n} number; automatic heights are used",
                                   "layout.neurons.{layer}: expected {n} numbers; automatic heights are used")
                            .format(layer=lid, n=len(uids)))
            continue
        for uid, y in zip(uids, ys):
            layout.ys[uid] = float(y)
    collapsed = raw.get("collapsed", {})
    if not isinstance(collapsed, dict):
        problems.append(tr("layout.collapsed: expected an object; ignored"))
        collapsed = {}
    for lid, value in collapsed.items():
        if lid in layer_ids and isinstance(value, bool):
            layout.collapsed[lid] = value
    return layout, problems


def _is_coordinate(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and abs(v) <= LIMIT


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else float(v)
