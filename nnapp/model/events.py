"""Plain-Python events: how the document tells its views that it changed.

An :class:`Event` is a list of callbacks; ``emit`` calls them in the order
they were connected. :class:`DocumentEvents` groups the events of one
document. Names are past tense, as the things they announce have happened.

This is not Qt's signal mechanism (the model knows no Qt): callbacks run at
once, on the thread that emits, and an exception in one propagates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

DATA_SETTINGS = frozenset({"data", "validation_split", "seed"})
"""The settings that choose the rows views show: the data itself, and the
split of it into training and validation rows (its fraction and seed)."""


@dataclass(frozen=True)
class ParametersChanged:
    """What ``parameters_changed`` is about.

    ``links`` are indices into ``Document.links`` whose weights (or frozen
    marks) changed, ``layers`` indices into ``Document.layers`` whose biases
    (or frozen marks) changed; None means every one.
    """

    links: tuple[int, ...] | None = None
    layers: tuple[int, ...] | None = None

    def touches_link(self, li: int) -> bool:
        return self.links is None or li in self.links

    def touches_layer(self, k: int) -> bool:
        return self.layers is None or k in self.layers


EVERY_PARAMETER = ParametersChanged()


@dataclass(frozen=True)
class NamesChanged:
    """What ``names_changed`` is about: the neuron ids and layer ids renamed
    (None: any of them)."""

    neurons: tuple[str, ...] | None = None
    layers: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SettingsChanged:
    """What ``settings_changed`` is about: the names of the training settings
    that changed (``TrainingSettings`` field names) and ``"data"`` when the
    chosen data did."""

    names: frozenset[str]

    def __contains__(self, name: str) -> bool:
        return name in self.names

    @property
    def touches_data(self) -> bool:
        """True when the rows a view shows may differ (see :data:`DATA_SETTINGS`)."""
        return not DATA_SETTINGS.isdisjoint(self.names)


class Event:
    """A named list of callbacks."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[..., Any]] = []

    def connect(self, callback: Callable[..., Any]) -> None:
        """Call ``callback(*args)`` on every later :meth:`emit`."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)

    def disconnect(self, callback: Callable[..., Any]) -> None:
        """Stop calling ``callback``; unknown callbacks are ignored."""
        try:
            self._callbacks.remove(callback)
        except ValueError:
            pass

    def emit(self, *args: Any) -> None:
        for callback in list(self._callbacks):
            callback(*args)

    def __len__(self) -> int:
        return len(self._callbacks)

    def __repr__(self) -> str:
        return f"Event({self.name!r}, {len(self)} callbacks)"


class DocumentEvents:
    """Every event a :class:`~nnapp.model.document.Document` emits.

    Attributes
    ----------
    reset : Event()
        The whole document was replaced (new, open): rebuild everything.
    structure_changed : Event()
        Layers, neurons or connections were added, removed or reordered.
    parameters_changed : Event(change: ParametersChanged)
        Weight or bias values, or which of them are frozen, changed.
    layers_changed : Event(layer_ids: list of str)
        Activation, name or collapsed state of these layers changed.
    names_changed : Event(change: NamesChanged)
        Display names of neurons or layers changed.
    layout_changed : Event(neuron_ids: list of str)
        These neurons (or their columns) moved.
    input_changed : Event()
        The values fed to the input layer changed.
    outputs_changed : Event()
        The forward pass for the current input may give new values; sent
        after any change above that affects it.
    settings_changed : Event(change: SettingsChanged)
        Training settings or the chosen data changed.
    description_changed : Event(description: str)
        The description (the "About" text) changed.
    path_changed : Event(path: str or None)
        The file the document belongs to changed (save as, open).
    """

    NAMES = (
        "reset",
        "structure_changed",
        "parameters_changed",
        "layers_changed",
        "names_changed",
        "layout_changed",
        "input_changed",
        "outputs_changed",
        "settings_changed",
        "description_changed",
        "path_changed",
    )

    def __init__(self) -> None:
        for name in self.NAMES:
            setattr(self, name, Event(name))

    def __iter__(self):
        return (getattr(self, name) for name in self.NAMES)
