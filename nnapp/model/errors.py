"""Typed errors of document edits: each says in plain words why an edit was
refused, so a view can show it next to the mouse or in a dialog."""

from __future__ import annotations


class EditError(ValueError):
    """An edit that the document refuses; the document is unchanged."""


class ConnectionRefused(EditError):
    """A connection that cannot exist (right to left, inside a layer, twice)."""


class ShapeMismatch(EditError):
    """Values whose number or shape does not fit what they are for."""


class ValueRefused(EditError):
    """A value that is not a finite number, or out of its allowed range."""


class UnknownItem(EditError):
    """A neuron, layer or connection id the document does not have."""
