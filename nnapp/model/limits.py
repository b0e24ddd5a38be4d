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
from nnapp.text import grouped_number, plural, tr

WINDOW_MAX_NEURONS = 200_000
"""Neurons in all layers together that the window opens."""

WINDOW_MAX_PARAMETERS = 5_000_000
"""Weights and biases together that the window opens."""

def sizes_refusal(sizes: Sequence[int]) -> str | None:
    """Why the window will not open a network of layers of these ``sizes``, or None.

    Cheap: it looks at the numbers only, so a file naming layers of ten
    million neurons is refused before anything of that size is built.
    """
    neurons = sum(int(n) for n in sizes)
    if neurons > WINDOW_MAX_NEURONS:
        limit = grouped_number(WINDOW_MAX_NEURONS)
        if neurons >= 10**15:          # an absurd count, given by its number of digits
            return tr("the network has a number of {digits} digits of neurons; the window works with up to "
                      "{limit} (the command line, python -m nnapp, reads it)").format(digits=len(str(neurons)),
                                                                                     limit=limit)
        return plural(neurons, "the network has {count} neuron; the window works with up to "
                               "{limit} (the command line, python -m nnapp, reads it)",
                      "the network has {count} neurons; the window works with up to "
                      "{limit} (the command line, python -m nnapp, reads it)").format(count=grouped_number(neurons),
                                                                                     limit=limit)
    return None


def window_refusal(net: Network) -> str | None:
    """Why the window will not open ``net``, or None when it will."""
    problem = sizes_refusal([layer.size for layer in net.layers])
    if problem:
        return problem
    weights = sum(link.W.size for link in net.links) + sum(layer.size for layer in net.layers[1:])
    if weights > WINDOW_MAX_PARAMETERS:
        return plural(weights, "the network has {count} weight and bias; the window works with up to "
                               "{limit} (the command line, python -m nnapp, reads it)",
                      "the network has {count} weights and biases; the window works with up to "
                      "{limit} (the command line, python -m nnapp, reads it)").format(
            count=grouped_number(weights), limit=grouped_number(WINDOW_MAX_PARAMETERS))
    return None

