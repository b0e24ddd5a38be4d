"""Teaching a digit network with one's own drawings.

A student labels drawings ("this is a 7"); they gather in a
:class:`PersonalSet`. Two lessons change the document's network, each as one
undoable :class:`~nnapp.model.training.ApplyParameters`:

- :func:`one_step` — one backpropagation step on one drawing and its label;
- :func:`practice` — a few epochs on the personal set mixed with as many
  rows of the document's own training data (so the network learns the new
  drawings without forgetting the rest).

Both train a copy of the network with the document's training settings
(loss, optimizer, learning rate, L2, dtype, seed); the lesson's own choices
are the rows and the number of epochs. Nothing here runs on its own thread:
a lesson is small (one row, or a few dozen rows for five epochs).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from nnapp.engine.datasets import one_hot
from nnapp.engine.network import NetworkError
from nnapp.engine.training import Trainer

from .document import Document
from .errors import EditError
from .training import ApplyParameters, training_data

N_DIGITS = 10
PRACTICE_EPOCHS = 5


@dataclass
class PersonalExample:
    """One labelled drawing.

    Attributes
    ----------
    vector : ndarray, shape (n_inputs,)
        The network's input for the drawing (as fed to the input layer).
    label : int
        The digit it shows, 0…9.
    picture : ndarray, shape (28, 28) or (8, 8)
        The input as a picture, for a thumbnail.
    """

    vector: np.ndarray
    label: int
    picture: np.ndarray


@dataclass
class PersonalSet:
    """The drawings a student labelled, oldest first."""

    examples: list[PersonalExample] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.examples)

    def add(self, vector: np.ndarray, label: int, picture: np.ndarray) -> PersonalExample:
        """Keep a copy of a labelled drawing; drawings of another input size are dropped first."""
        if not 0 <= int(label) < N_DIGITS:
            raise ValueError(f"a digit is 0…9, not {label}")
        if self.examples and self.examples[0].vector.shape != np.shape(vector):
            self.examples.clear()
        example = PersonalExample(np.array(vector, dtype=np.float64), int(label), np.array(picture, dtype=np.float64))
        self.examples.append(example)
        return example

    def clear(self) -> None:
        self.examples.clear()

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Inputs and one-hot targets.

        Returns
        -------
        X : ndarray, shape (n, n_inputs)
        Y : ndarray, shape (n, 10)
        """
        if not self.examples:
            return np.zeros((0, 0)), np.zeros((0, N_DIGITS))
        X = np.stack([e.vector for e in self.examples])
        Y = one_hot([e.label for e in self.examples], N_DIGITS)
        return X, Y


def one_step(doc: Document, vector: np.ndarray, label: int) -> ApplyParameters:
    """One backpropagation step of the document's network on one drawing.

    Parameters
    ----------
    doc : Document
        Its network reads digits (10 outputs).
    vector : ndarray, shape (n_inputs,)
        The drawing as the input layer's values.
    label : int
        The digit the drawing shows.

    Returns
    -------
    ApplyParameters
        The new weights, "One step on a drawn 7"; push it to apply it.

    Raises
    ------
    EditError
        When the network cannot be trained (a step activation) or the
        settings cannot be used.
    """
    X = np.asarray(vector, dtype=np.float64)[None, :]
    Y = one_hot([int(label)], N_DIGITS)
    after = _train(doc, X, Y, epochs=1, batch_size=1)
    return ApplyParameters(after, f"One step on a drawn {int(label)}")


def practice(doc: Document, personal: PersonalSet, epochs: int = PRACTICE_EPOCHS) -> ApplyParameters:
    """A few epochs on the personal set and as many rows of the document's training data.

    The rows of the training data are drawn at random (seeded by the
    document's seed and the size of the set, so the same set gives the same
    lesson); without training data the personal set is trained alone.

    Returns
    -------
    ApplyParameters
        "Practise 5 epochs on 12 drawings"; push it to apply it.

    Raises
    ------
    EditError
        An empty personal set, a network that cannot be trained, or
        training data that does not fit the network.
    """
    if not len(personal):
        raise EditError("label some drawings first: the lesson trains on them")
    X, Y = personal.arrays()
    n = len(personal)
    extra = 0
    if doc.data is not None:
        data = training_data(doc)
        rng = np.random.default_rng([doc.training.seed, n])
        rows = rng.choice(data.X.shape[0], size=min(n, data.X.shape[0]), replace=False)
        X = np.vstack([X, data.X[rows]])
        Y = np.vstack([Y, data.Y[rows]])
        extra = rows.size
    after = _train(doc, X, Y, epochs=epochs, batch_size=doc.training.batch_size)
    drawings = f"{n} drawing{'s' * (n != 1)}"
    rows_text = f" and {extra} training rows" if extra else ""
    return ApplyParameters(after, f"Practise {epochs} epochs on {drawings}{rows_text}")


def _train(doc: Document, X: np.ndarray, Y: np.ndarray, *, epochs: int, batch_size: int) -> list[np.ndarray]:
    """Train a copy of the document's network on X, Y; its arrays afterwards."""
    net = doc.network()
    if net is None:
        raise EditError("there is no network to teach yet")
    settings = dataclasses.replace(doc.training, epochs=int(epochs), batch_size=int(batch_size),
                                   validation_split=0.0)
    try:
        trainer = Trainer(net.copy(), X, Y, settings)
        last = None
        for last in trainer.run():
            pass
    except (NetworkError, ValueError) as e:
        raise EditError(str(e)) from None
    if last is not None and last.stopped == "diverged":
        raise EditError(last.message)
    return [a.copy() for a in trainer.network.arrays()]


__all__ = ["PRACTICE_EPOCHS", "PersonalExample", "PersonalSet", "one_step", "practice"]
