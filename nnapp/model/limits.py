"""The largest network the window works with.

The command line reads any file the format allows (layers of up to
``MAX_LAYER_SIZE`` neurons); the window also draws, trains and maps the
network, so it refuses, with a message that gives the limit, networks whose
neurons or parameters would make it stop answering.
"""

from __future__ import annotations

from nnapp.engine.network import Network

WINDOW_MAX_NEURONS = 200_000
"""Neurons in all layers together that the window opens."""

WINDOW_MAX_PARAMETERS = 5_000_000
"""Weights and biases together that the window opens."""


def window_refusal(net: Network) -> str | None:
    """Why the window will not open ``net``, or None when it will."""
    neurons = sum(layer.size for layer in net.layers)
    if neurons > WINDOW_MAX_NEURONS:
        return (f"the network has {neurons:,} neurons; the window works with up to "
                f"{WINDOW_MAX_NEURONS:,} (the command line, python -m nnapp, reads it)")
    weights = sum(link.W.size for link in net.links) + sum(layer.size for layer in net.layers[1:])
    if weights > WINDOW_MAX_PARAMETERS:
        return (f"the network has {weights:,} weights and biases; the window works with up to "
                f"{WINDOW_MAX_PARAMETERS:,} (the command line, python -m nnapp, reads it)")
    return None
