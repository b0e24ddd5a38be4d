"""Reading a drawn digit with the document's network.

The digit pad hands over a picture (ink high, any size); this module says
whether the document's network can read digits at all (:func:`digit_problem`,
:func:`digit_image_shape`) and, if it can, reads one picture with it
(:func:`read_digit`): the drawing is prepared the way the network's training
pictures were (:func:`~nnapp.engine.preprocess.preprocess`), normalised like
its data when the data section says so, and run through one forward pass.

How sure a reading is, and what it says to a student, is decided here once
(:func:`answer_for`): one digit ("6") when the top score is at least
:data:`SURE_AT`, else the digits it hesitates between ("6 or 5?").

A digit network has 784 inputs (a 28×28 picture, MNIST) or 64 inputs (an
8×8 picture, UCI optdigits) and 10 outputs; output k stands for the digit k,
whatever the output neurons are called.

This module neither draws nor trains.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnapp.engine.network import Network
from nnapp.engine.preprocess import Preprocessed, preprocess
from nnapp.engine.propagation import forward
from nnapp.text import tr

from .data import normalise_rows
from .data_source import normalisation_of
from .document import Document
from .words import counted

N_DIGITS = 10
#: Input size → the picture it is, (rows, cols).
DIGIT_INPUTS = {784: (28, 28), 64: (8, 8)}

SURE_AT = 0.9
"""A reading whose top score (probability) is at least this is shown as one digit; below it
the network is not sure, and the digits it hesitates between are named. To be tuned on a
validation set: every use goes through this constant."""
NAME_AT = 0.15
"""When the network is not sure, the digits after the top one are named while their score is at least this."""
MOST_NAMED = 3
"""At most this many digits are named, the top one included."""


@dataclass(frozen=True)
class DigitAnswer:
    """What the network answers for a drawing, as a student is told it.

    Attributes
    ----------
    candidates : tuple of int
        The digits worth naming, best first: the top digit alone when
        :attr:`sure`; the top digit and the next ones whose score is at least
        :data:`NAME_AT` (at most :data:`MOST_NAMED`) when not; empty for an
        empty drawing.
    scores : tuple of float
        The candidates' scores, in the same order (0…1).
    sure : bool
        True when the top score is at least :data:`SURE_AT`; False for an
        empty drawing.
    is_probability : bool
        True when the scores are probabilities (a softmax output layer).
    """

    candidates: tuple[int, ...] = ()
    scores: tuple[float, ...] = ()
    sure: bool = False
    is_probability: bool = True

    @property
    def empty(self) -> bool:
        """True when there is nothing to answer (an empty drawing)."""
        return not self.candidates

    @property
    def text(self) -> str:
        """The answer in words: "6" when sure, "6?", "6 or 5?" or "6, 5 or 8?" when not; "" when empty."""
        if self.empty:
            return ""
        if self.sure:
            return str(self.candidates[0])
        names = [str(k) for k in self.candidates]
        if len(names) == 1:
            return f"{names[0]}?"
        return tr("{first} or {last}?").format(first=", ".join(names[:-1]), last=names[-1])


def answer_for(scores: np.ndarray | None, is_probability: bool = True) -> DigitAnswer:
    """The answer that ten scores give: the rule for sure and unsure, written once.

    Parameters
    ----------
    scores : ndarray, shape (10,), or None
        ``scores[k]`` is the network's output for the digit k: probabilities,
        or other outputs clipped to 0…1 (and clipped here too). None or all
        zeros: an empty drawing.
    is_probability : bool
        Whether the scores are probabilities. The rule is the same for other
        outputs (top score at least :data:`SURE_AT`); it is kept in the answer
        so that its numbers can be written the right way.

    Returns
    -------
    DigitAnswer

    Examples
    --------
    >>> answer_for(np.array([0, 0, 0, 0, 0, 0.39, 0.48, 0, 0.13, 0])).text
    '6 or 5?'
    >>> answer_for(np.array([0, 0, 0, 0, 0, 0.04, 0.95, 0, 0.01, 0])).text
    '6'
    """
    if scores is None:
        return DigitAnswer(is_probability=is_probability)
    values = np.clip(np.nan_to_num(np.asarray(scores, dtype=np.float64).reshape(-1), nan=0.0), 0.0, 1.0)
    if not np.any(values):
        return DigitAnswer(is_probability=is_probability)
    order = np.argsort(-values, kind="stable")  # best first; a tie goes to the lower digit, as argmax does
    top = int(order[0])
    sure = bool(values[top] >= SURE_AT)
    named = [top]
    if not sure:
        for k in order[1:MOST_NAMED]:
            if values[k] < NAME_AT:
                break
            named.append(int(k))
    return DigitAnswer(tuple(named), tuple(float(values[k]) for k in named), sure, is_probability)


@dataclass
class DigitReading:
    """One drawing as the network read it.

    Attributes
    ----------
    preprocessed : Preprocessed
        The drawing prepared for the network, with the pictures of every step.
    vector : ndarray, shape (n_inputs,)
        What is fed to the input layer: ``preprocessed.vector``, normalised
        like the document's data when its data section asks for it.
    scores : ndarray, shape (10,)
        ``scores[k]`` is the network's output for the digit k; all 0 for an
        empty drawing.
    is_probability : bool
        True when the output layer is a softmax, so the scores are
        probabilities that add up to 1; otherwise they are the outputs as they
        are, clipped to 0…1.
    """

    preprocessed: Preprocessed
    vector: np.ndarray
    scores: np.ndarray
    is_probability: bool = True

    @property
    def empty(self) -> bool:
        """True when nothing is drawn: there is no digit to read."""
        return self.preprocessed.empty

    @property
    def digit(self) -> int | None:
        """The digit with the highest score; None for an empty drawing."""
        return None if self.empty else int(np.argmax(self.scores))

    @property
    def confidence(self) -> float:
        """The score of :attr:`digit` (0 for an empty drawing)."""
        return 0.0 if self.empty else float(self.scores[self.digit])

    @property
    def answer(self) -> DigitAnswer:
        """What the network answers, by the rule of :func:`answer_for`."""
        return answer_for(None if self.empty else self.scores, self.is_probability)

    @property
    def sure(self) -> bool:
        """True when the top score is at least :data:`SURE_AT`; False for an empty drawing."""
        return self.answer.sure

    @property
    def candidates(self) -> list[int]:
        """The digits worth naming, best first: ``[digit]`` when :attr:`sure`; [] for an empty drawing."""
        return list(self.answer.candidates)

    @property
    def answer_text(self) -> str:
        """The answer in words: "6" when sure, "6 or 5?" or "6, 5 or 8?" when not, "" when empty."""
        return self.answer.text


def digit_image_shape(doc: Document) -> tuple[int, int] | None:
    """The picture the network's input layer reads, (28, 28) or (8, 8); None when it does not read digits."""
    if digit_problem(doc) is not None:
        return None
    return DIGIT_INPUTS[doc.layers[0].size]


def digit_problem(doc: Document) -> str | None:
    """Why the document's network cannot read a drawn digit, in a sentence; None when it can."""
    net = doc.network()
    if net is None:
        return tr("There is no network yet: a digit network has 784 inputs (a 28×28 picture) or 64 (8×8) and 10 outputs.")
    n_in, n_out = net.n_inputs, net.n_outputs
    if n_in in DIGIT_INPUTS and n_out == N_DIGITS:
        shape = net.layers[0].image_shape
        if shape is not None and tuple(shape) != DIGIT_INPUTS[n_in]:
            rows, cols = shape
            return tr("The input layer is a {rows}×{cols} picture; a digit pad draws 28×28 or 8×8 pictures.").format(rows=rows, cols=cols)
        return None
    return (tr("This network has {inputs} and {outputs}. "
               "Reading a drawn digit needs 784 inputs (a 28×28 picture) or 64 inputs (8×8), and 10 outputs, "
               "one for each digit.").format(inputs=counted(n_in, 'input', 'inputs'), outputs=counted(n_out, 'output', 'outputs')))


def read_digit(doc: Document, picture) -> DigitReading:
    """Prepare ``picture`` for the document's digit network and read it.

    Parameters
    ----------
    doc : Document
        Its network must read digits (see :func:`digit_problem`).
    picture : array_like, shape (h, w)
        The drawing, ink high: floats 0…1 or integers 0…255.

    Returns
    -------
    DigitReading

    Raises
    ------
    ValueError
        When the network does not read digits (the message says why).
    """
    shape = digit_image_shape(doc)
    if shape is None:
        raise ValueError(digit_problem(doc))
    prepared = preprocess(picture, shape)
    vector = input_vector(doc, prepared)
    scores, is_probability = digit_scores(doc.network(), vector)
    if prepared.empty:
        scores = np.zeros(N_DIGITS)
    return DigitReading(prepared, vector, scores, is_probability)


def input_vector(doc: Document, prepared: Preprocessed) -> np.ndarray:
    """The prepared drawing as the input layer's values, normalised like the data.

    Returns
    -------
    ndarray, shape (n_inputs,), float64
        ``prepared.vector``, or ``(vector − shift) / scale`` when the data
        data has a normalisation.
    """
    return normalise_rows(prepared.vector, normalisation_of(doc.data_source))


def digit_scores(net: Network, vector: np.ndarray) -> tuple[np.ndarray, bool]:
    """The ten outputs of one forward pass, and whether they are probabilities.

    Parameters
    ----------
    net : Network
        A digit network (10 outputs).
    vector : ndarray, shape (n_inputs,)

    Returns
    -------
    scores : ndarray, shape (10,), float64
        Softmax outputs as they are; any other activation's outputs clipped
        to 0…1.
    is_probability : bool
        True for a softmax output layer.
    """
    out = forward(net, vector[None, :]).output[0].astype(np.float64)
    if net.layers[-1].activation == "softmax":
        return out, True
    return np.clip(np.nan_to_num(out, nan=0.0), 0.0, 1.0), False



__all__ = ["DIGIT_INPUTS", "DigitAnswer", "DigitReading", "MOST_NAMED", "NAME_AT", "N_DIGITS", "SURE_AT",
           "answer_for", "digit_image_shape", "digit_problem", "digit_scores", "input_vector", "read_digit"]
