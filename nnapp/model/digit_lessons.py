"""Teaching a digit network with one's own drawings.

A student labels drawings ("this is a 7"); they gather in a
:class:`PersonalSet`. Two lessons change the document's network, each as one
undoable :class:`~nnapp.model.training.ApplyParameters`:

- :func:`one_step` — one backpropagation step on one drawing and its label;
- :func:`practice` — a few epochs on the personal set, each drawing with a
  few slightly changed copies (moved, turned, scaled a little, as a hand
  varies), mixed with several times as many rows of the document's own
  training data (so the network learns the new drawings without forgetting
  the rest).

Both train a copy of the network with the document's training settings
(loss, optimizer, learning rate, L2, dtype, seed); the lesson's own choices
are the rows, the number of epochs and (for practice) the batch size.
Nothing here runs on its own thread: a lesson is small (one row, or about
1,500 rows for five epochs: 0.2 s for the 784-256-10 network).

Ten drawings of a style the MNIST network misreads (a zero with a slash
through it, read right 64 % of the time) are enough: after one Practise it
reads 98–100 % of other drawings of that style, and its photo test rows stay
within a point (``tests/ui/test_teach_a_style.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from nnapp.engine.augment import affine
from nnapp.engine.datasets import one_hot
from nnapp.engine.network import NetworkError
from nnapp.engine.training import Trainer
from nnapp.text import plural, tr

from .data import normalise_rows
from .data_source import normalisation_of
from .document import Document
from .errors import EditError
from .training import ApplyParameters, training_data
from .words import counted

N_DIGITS = 10
PRACTICE_EPOCHS = 5
PRACTICE_COPIES = 8
"""Changed copies of each labelled drawing in a practice lesson."""
PRACTICE_REHEARSAL = 16
"""Rows of the training data per lesson row (drawings and copies), so the rest is not forgotten."""
PRACTICE_BATCH = 64


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
            raise ValueError(tr("a digit is 0…9, not {label}").format(label=label))
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
    return ApplyParameters(after, tr("One step on a drawn {digit}").format(digit=int(label)))


def practice(doc: Document, personal: PersonalSet, epochs: int = PRACTICE_EPOCHS) -> ApplyParameters:
    """A few epochs on the personal set, its changed copies, and rows of the document's training data.

    Each drawing comes with :data:`PRACTICE_COPIES` copies of its picture,
    moved by up to a pixel (of 28), turned by up to 8°, scaled by up to 8 %
    (:func:`~nnapp.engine.augment.affine`), so the lesson is about the
    drawing's shape and not its exact pixels; then :data:`PRACTICE_REHEARSAL`
    times as many rows of the training data are drawn at random. Everything
    is seeded by the document's seed and the size of the set, so the same
    set gives the same lesson. Without training data the personal set and
    its copies are trained alone.

    Returns
    -------
    ApplyParameters
        "Practise 5 epochs on 12 drawings and 1,728 training rows"; push it to apply it.

    Raises
    ------
    EditError
        An empty personal set, a network that cannot be trained, or
        training data that does not fit the network.
    """
    if not len(personal):
        raise EditError(tr("label some drawings first: the lesson trains on them"))
    n = len(personal)
    rng = np.random.default_rng([doc.training.seed, n])
    X, Y = personal.arrays()
    copies = changed_copies(doc, personal, rng)
    if copies is not None:
        X = np.vstack([X, copies[0]])
        Y = np.vstack([Y, copies[1]])
    extra = 0
    if doc.data_source is not None:
        data = training_data(doc)
        rows = rng.choice(data.X.shape[0], size=min(PRACTICE_REHEARSAL * len(X), data.X.shape[0]), replace=False)
        X = np.vstack([X, data.X[rows]])
        Y = np.vstack([Y, data.Y[rows]])
        extra = rows.size
    after = _train(doc, X, Y, epochs=epochs, batch_size=PRACTICE_BATCH)
    drawings = counted(n, "drawing", "drawings")
    if extra:
        text = plural(epochs, "Practise {n} epoch on {drawings} and {rows}",
                      "Practise {n} epochs on {drawings} and {rows}").format(
            n=epochs, drawings=drawings, rows=counted(extra, 'training row', 'training rows'))
    else:
        text = plural(epochs, "Practise {n} epoch on {drawings}",
                      "Practise {n} epochs on {drawings}").format(n=epochs, drawings=drawings)
    return ApplyParameters(after, text)


def changed_copies(doc: Document, personal: PersonalSet,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray] | None:
    """:data:`PRACTICE_COPIES` slightly changed copies of every labelled drawing, as inputs and targets.

    Returns
    -------
    X : ndarray, shape (n · PRACTICE_COPIES, n_inputs)
        The copies' pictures as the input layer's values (normalised like the data).
    Y : ndarray, shape (n · PRACTICE_COPIES, 10)
    None
        When the drawings' pictures are not the input layer's picture.
    """
    pictures = np.stack([e.picture for e in personal.examples])
    if pictures[0].size != personal.examples[0].vector.size:
        return None
    side = pictures.shape[-1]
    moved = affine(np.repeat(pictures, PRACTICE_COPIES, axis=0), rng, max_shift=side / 28, max_rotation=8.0,
                   scale=(0.92, 1.08), aspect=(0.9, 1.1), max_shear=0.15)
    X = normalise_rows(moved.reshape(len(moved), -1), normalisation_of(doc.data_source))
    Y = one_hot(np.repeat([e.label for e in personal.examples], PRACTICE_COPIES), N_DIGITS)
    return X, Y


def _train(doc: Document, X: np.ndarray, Y: np.ndarray, *, epochs: int, batch_size: int) -> list[np.ndarray]:
    """Train a copy of the document's network on X, Y; its arrays afterwards."""
    net = doc.network()
    if net is None:
        raise EditError(tr("there is no network to teach yet"))
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


__all__ = ["PRACTICE_BATCH", "PRACTICE_COPIES", "PRACTICE_EPOCHS", "PRACTICE_REHEARSAL", "PersonalExample",
           "PersonalSet", "changed_copies", "one_step", "practice"]
