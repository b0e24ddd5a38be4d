"""What training needs from a document, and how its result comes back.

:func:`training_data` resolves the document's data section to arrays that
fit its network, split into training and validation rows with the
document's seed. :class:`ApplyParameters` is the one undoable edit that
puts trained weights into the document ("Train 1000 epochs"): training
itself runs elsewhere (a worker, the command line) on a copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from nnapp.engine.datasets import Dataset
from nnapp.engine.settings import SettingsError, TrainingSettings

from nnapp.text import plural, tr

from .commands import Command
from .data import dataset_for, derived
from .document import Document
from .errors import EditError, ShapeMismatch, ValueRefused


@dataclass
class TrainingData:
    """Rows to train on and to validate with.

    Attributes
    ----------
    dataset : Dataset
        All rows, as the data section names them.
    X, Y : ndarray, shape (n_train, n_inputs), (n_train, n_outputs)
    X_val, Y_val : ndarray or None
        The validation rows (None when the split is 0).
    """

    dataset: Dataset
    X: np.ndarray
    Y: np.ndarray
    X_val: np.ndarray | None = None
    Y_val: np.ndarray | None = None


def data_key(doc: Document) -> tuple:
    """What rows read from the document's data depend on: the data (its
    revision), the file it is relative to, the names at the network's two
    ends, and the validation split and seed. Equal keys, equal rows."""
    names = doc.network().all_neuron_names()
    return (doc.data_revision, doc.path, tuple(names[0]), tuple(names[-1]),
            doc.training.validation_split, doc.training.seed)


def training_data(doc: Document) -> TrainingData:
    """The document's data, checked against its network and split.

    Raises
    ------
    EditError
        The document has no network yet, or names no data.
    ShapeMismatch
        The data's columns do not fit the network's inputs and outputs.
    """
    net = doc.network()
    if net is None:
        raise EditError(tr("there is no network to train yet: it needs an input layer and at least one more layer"))
    source = doc.data_source
    if source is None:
        raise EditError(tr("this network has no data to train on yet: choose the data in the Data tab first"))
    # the same data asked again (a view following every settings change, then
    # Start) is not read and split again: the split is kept in the cache of
    # read data, beside the rows, until the data, its files, the network's
    # ends or the split change
    base = Path(doc.path).parent if doc.path else None
    fraction, seed = doc.training.validation_split, doc.training.seed
    names = net.all_neuron_names()
    normalise = None if source.normalise is None else source.normalise

    def split(_) -> TrainingData:
        ds = dataset_for(source, net, base)
        train, val = ds.split(fraction, seed)
        if val is None:
            return TrainingData(ds, train.X, train.Y)
        return TrainingData(ds, train.X, train.Y, val.X, val.Y)

    # the revision too: data chosen again is split again
    key = ("training", doc.data_revision, normalise, tuple(names[0]), tuple(names[-1]), fraction, seed)
    return derived(source, base, net, key, split, _nbytes)


def _nbytes(data: TrainingData) -> int:
    """Bytes of the arrays a split holds beside the rows as read."""
    arrays = [data.X, data.Y, data.X_val, data.Y_val]
    if data.dataset.X is not data.X:
        arrays.append(data.dataset.X)
    return sum(a.nbytes for a in arrays if a is not None and a.base is None)


class ApplyParameters(Command):
    """Replace every weight matrix and bias vector at once, e.g. with the
    result of training; undo puts the old ones back.

    Parameters
    ----------
    after : sequence of ndarray
        In ``Network.arrays()`` order: each link's ``W``, then each non-input
        layer's bias.
    text : str
        What the undo history calls it, e.g. "Train 1000 epochs".
    before : sequence of ndarray, optional
        The values to undo to; by default the document's at the first ``do``.
    """

    def __init__(self, after: Sequence[np.ndarray], text: str, before: Sequence[np.ndarray] | None = None):
        self.after = [np.array(a, copy=True) for a in after]
        self.before = None if before is None else [np.array(b, copy=True) for b in before]
        self.text = text

    def do(self, doc: Document) -> None:
        current = parameter_arrays(doc)
        if len(current) != len(self.after) or any(c.shape != a.shape for c, a in zip(current, self.after)):
            raise ShapeMismatch(tr("these weights belong to a network of another shape"))
        if any(not np.all(np.isfinite(a)) for a in self.after):
            raise EditError(tr("the trained weights are not all finite numbers"))
        if self.before is None:
            self.before = [c.copy() for c in current]
        _set_arrays(doc, self.after)

    def undo(self, doc: Document) -> None:
        _set_arrays(doc, self.before)


def parameter_arrays(doc: Document) -> list[np.ndarray]:
    """The document's weight matrices then biases (``Network.arrays`` order)."""
    return [link.W for link in doc.links] + [layer.bias for layer in doc.layers[1:]]


def _set_arrays(doc: Document, arrays: Sequence[np.ndarray]) -> None:
    n = len(doc.links)
    doc._edit_parameters(arrays[:n], [doc.layers[0].bias] + list(arrays[n:]))


def show_training_snapshot(doc: Document, arrays: Sequence[np.ndarray]) -> bool:
    """Show weights met on the way while training runs, without an undo step
    (the run becomes one :func:`training_result` when it ends; until then the
    document is locked). Weights of another shape (the network changed since
    the run began) are ignored.

    Parameters
    ----------
    arrays : sequence of ndarray
        In ``Network.arrays()`` order.

    Returns
    -------
    bool
        True when they were shown.
    """
    current = parameter_arrays(doc)
    if len(current) != len(arrays) or any(c.shape != np.shape(a) for c, a in zip(current, arrays)):
        return False
    _set_arrays(doc, arrays)
    return True


def training_result(after: Sequence[np.ndarray], before: Sequence[np.ndarray], epochs: int,
                    batches: int) -> ApplyParameters:
    """The undoable edit a training run leaves: "Train 12 epochs", or "Train 3
    batches" when it stopped before an epoch ended.

    Parameters
    ----------
    after, before : sequence of ndarray
        The weights at the end and at the start of the run, in
        ``Network.arrays()`` order.
    epochs : int
        Whole epochs the run finished.
    batches : int
        Batches it ran (named when no epoch finished).
    """
    if epochs:
        text = plural(epochs, "Train {n} epoch", "Train {n} epochs").format(n=epochs)
    else:
        text = plural(batches, "Train {n} batch", "Train {n} batches").format(n=batches)
    return ApplyParameters(after, text, before=before)


class SetTraining(Command):
    """Change the training settings (loss, optimizer, learning rate …)."""

    while_training = True
    """Allowed while training runs (the network itself is locked then)."""

    def __init__(self, training: TrainingSettings, text: str | None = None):
        try:
            self.training = training.validate()
        except SettingsError as e:
            raise ValueRefused(str(e)) from None
        self.old: TrainingSettings | None = None
        self.text = text if text is not None else tr("Training settings")

    def do(self, doc: Document) -> None:
        if self.old is None:
            self.old = doc.training
        doc.set_training(self.training)

    def undo(self, doc: Document) -> None:
        doc.set_training(self.old)
