"""What is selected on the canvas, in the document's ids."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selection:
    """Selected neurons (ids), connections ((src id, dst id)) and collapsed
    layers (layer ids)."""

    neurons: tuple[str, ...] = ()
    connections: tuple[tuple[str, str], ...] = ()
    layers: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.neurons or self.connections or self.layers)

    def single(self) -> tuple[str, object] | None:
        """("neuron", id), ("connection", (src, dst)) or ("layer", id) when
        exactly one thing is selected, else None."""
        items = [("neuron", n) for n in self.neurons] + [("connection", c) for c in self.connections]
        items += [("layer", l) for l in self.layers]
        return items[0] if len(items) == 1 else None
