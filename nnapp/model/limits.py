"""The largest network the window works with.

The command line reads any file the format allows (layers of up to
``MAX_LAYER_SIZE`` neurons); the window also draws, trains and maps the
network, so it refuses, with a message that gives the limit, networks whose
neurons or parameters would make it stop answering. The sizes are checked
before any array is built (:func:`sizes_refusal`, given to the file reader),
and the whole network once it is built (:func:`window_refusal`).

For scale: the 784-256-10 digit network has 1,050 neurons and 203,530
weights and biases; a 784-1024-1024-10 network 1.8 million.
"""

from __future__ import annotations

from typing import Sequence

from nnapp.engine.network import Network

WINDOW_MAX_NEURONS = 200_000
"""Neurons in all layers together that the window opens."""

WINDOW_MAX_PARAMETERS = 5_000_000
"""Weights and biases together that the window opens."""

_CLI = "(the command line, python -m nnapp, reads it)"


def sizes_refusal(sizes: Sequence[int]) -> str | None:
    """Why the window will not open a network of layers of these ``sizes``, or None.

    Cheap: it looks at the numbers only, so a file naming layers of ten
    million neurons is refused before anything of that size is built.
    """
    neurons = sum(int(n) for n in sizes)
    if neurons > WINDOW_MAX_NEURONS:
        return (f"the network has {_count(neurons)} neurons; the window works with up to "
                f"{WINDOW_MAX_NEURONS:,} {_CLI}")
    return None


def window_refusal(net: Network) -> str | None:
    """Why the window will not open ``net``, or None when it will."""
    problem = sizes_refusal([layer.size for layer in net.layers])
    if problem:
        return problem
    weights = sum(link.W.size for link in net.links) + sum(layer.size for layer in net.layers[1:])
    if weights > WINDOW_MAX_PARAMETERS:
        return (f"the network has {weights:,} weights and biases; the window works with up to "
                f"{WINDOW_MAX_PARAMETERS:,} {_CLI}")
    return None


def _count(n: int) -> str:
    """A count for a message; an absurd one by its number of digits."""
    return f"{n:,}" if n < 10**15 else f"a number of {len(str(n))} digits of"
