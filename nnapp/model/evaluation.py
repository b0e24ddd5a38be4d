"""How good a classifier is on rows it did not train on.

:func:`test_rows` finds the rows to check a document's network with:

* the built-in digit sets (any built-in dataset with a ``split`` option)
  and IDX files with a test pair have fixed test rows (see
  :func:`~nnapp.model.data.fixed_test_section`): they are read with the
  same normalisation as the document's data section;
* other data: the validation rows that :func:`~nnapp.model.training.
  training_data` holds out, if the validation split is above 0;
* otherwise there are none, and :class:`EvaluationError` says so.

A digit network can also be checked on drawings it never saw, prepared as
the digit pad prepares one (:func:`nnapp.model.drawn_tests.drawn_test_rows`).

:func:`evaluate` runs the network on those rows (in batches) and counts:
accuracy, the confusion matrix, and for every row the predicted class and
how sure the network was. :class:`Evaluation` also lists the rows of one
cell of the matrix and the mistakes, most confident first, for a gallery.

Only classifiers are evaluated: a network with several outputs (one per
class) or with one sigmoid output (class 1 when it is ≥ 0.5). This module
draws nothing; the window's "Test results" panel shows what it returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.csvdata import CsvError
from nnapp.engine.idx import IdxError
from nnapp.engine.datasets import DatasetError, labels_from_one_hot, one_hot
from nnapp.engine.metrics import accuracy, confusion_matrix
from nnapp.engine.network import Network
from nnapp.engine.propagation import forward
from nnapp.text import tr, tr_in

from .data import dataset_for, derived, fixed_test_section, normalise_rows
from .data_source import DataSource, Normalisation, normalisation_of
from .document import Document
from .errors import EditError
from .training import data_key, training_data
from .words import counted

BATCH_SIZE = 1000
"""Rows per forward pass: 1,000 × 784 inputs is a few MB at a time."""

SINGLE_OUTPUT_CLASSIFIERS = tuple(name for name, act in ACTIVATIONS.items()
                                  if act.elementwise and act.output_range == (0.0, 1.0))
"""Output activations that make one output neuron a yes/no classifier: the
elementwise ones with outputs from 0 to 1 (sigmoid, step), read at 0.5."""


class EvaluationError(ValueError):
    """Why a document's network cannot be evaluated, in a sentence."""


@dataclass(eq=False)
class TestRows:
    """Rows to check a network with, and where they come from.

    Attributes
    ----------
    inputs : ndarray, shape (n_rows, n_inputs), float64
        What the network is fed (normalised as the data section says).
    labels : ndarray of int64, shape (n_rows,)
        The true class of every row.
    images : ndarray, shape (n_rows, rows, cols), or None
        The inputs as read (not normalised) as pictures, when the data is
        images; None otherwise.
    class_names : list of str
        One name per class.
    source : str
        E.g. "359 test rows of Digits 8×8".
    note : str
        A warning worth showing with the result ("" when there is none),
        e.g. that the network also trained on these rows.
    row_notes : ndarray of str, shape (n_rows,), or None
        A few words about every row, shown with its picture, e.g. the style
        a drawing imitates; None when the rows have none.
    row_name : str
        What one row is called, in English: "test row" or "drawing" (shown
        in the program's language through :func:`row_words`).
    rows_name : str
        What several rows are called, in English: "test rows" or "drawings"
        (the plural written out, never made by adding "s").
    """

    inputs: np.ndarray
    labels: np.ndarray
    images: np.ndarray | None
    class_names: list[str]
    source: str
    note: str = ""
    row_notes: np.ndarray | None = None
    row_name: str = "test row"
    rows_name: str = "test rows"

    @property
    def n_rows(self) -> int:
        return int(self.labels.size)


def row_words(rows: TestRows) -> tuple[str, str]:
    """What one row and several rows of ``rows`` are called, in the
    program's language: ("test row", "test rows") or ("drawing", "drawings")."""
    words = {"test row": (tr_in("evaluated rows", "test row"), tr_in("evaluated rows", "test rows")),
             "drawing": (tr_in("evaluated rows", "drawing"), tr_in("evaluated rows", "drawings"))}
    return words.get(rows.row_name, (rows.row_name, rows.rows_name))


@dataclass(eq=False)
class Evaluation:
    """A network's answers on test rows, and their score.

    Attributes
    ----------
    rows : TestRows
        The rows that were evaluated.
    predicted : ndarray of int64, shape (n_rows,)
        The class the network chose for every row.
    probabilities : ndarray, shape (n_rows, n_classes)
        The network's output per class (for one sigmoid output y: the
        columns 1 − y and y).
    outputs_are_probabilities : bool
        True for softmax and sigmoid outputs; other activations give
        scores that need not lie in [0, 1].
    accuracy : float in [0, 1]
        Share of rows whose predicted class is the true class.
    confusion : ndarray of int64, shape (n_classes, n_classes)
        ``confusion[i, j]`` is the number of rows of true class i predicted
        as j; the diagonal holds the right answers.
    """

    rows: TestRows
    predicted: np.ndarray
    probabilities: np.ndarray
    outputs_are_probabilities: bool
    accuracy: float
    confusion: np.ndarray

    @property
    def labels(self) -> np.ndarray:
        """True classes, shape (n_rows,)."""
        return self.rows.labels

    @property
    def class_names(self) -> list[str]:
        return self.rows.class_names

    @property
    def n_classes(self) -> int:
        return len(self.rows.class_names)

    @property
    def n_rows(self) -> int:
        return self.rows.n_rows

    @property
    def n_correct(self) -> int:
        return int(np.trace(self.confusion))

    @property
    def source(self) -> str:
        return self.rows.source

    @property
    def note(self) -> str:
        return self.rows.note

    @property
    def per_class_accuracy(self) -> np.ndarray:
        """Share of every class's rows predicted right, shape (n_classes,).

        ``confusion[i, i] / confusion[i].sum()``: the accuracy on the rows of
        true class i alone (its recall); NaN for a class without rows.
        """
        totals = self.confusion.sum(axis=1)
        right = np.diag(self.confusion).astype(np.float64)
        return np.divide(right, totals, out=np.full(right.shape, np.nan), where=totals > 0)

    @property
    def confidence(self) -> np.ndarray:
        """The output for the predicted class of every row, shape (n_rows,)."""
        return self.probabilities[np.arange(self.n_rows), self.predicted]

    def cell(self, true: int, predicted: int) -> np.ndarray:
        """Indices, shape (count,), of the rows of class ``true`` predicted as
        ``predicted`` (the cell ``confusion[true, predicted]``), in row order."""
        return np.flatnonzero((self.labels == true) & (self.predicted == predicted))

    def mistakes(self) -> np.ndarray:
        """Indices, shape (n_wrong,), of the misclassified rows, the most
        confident mistakes first (rows of equal confidence in row order)."""
        wrong = np.flatnonzero(self.labels != self.predicted)
        order = np.argsort(-self.confidence[wrong], kind="stable")
        return wrong[order]


# --- which networks --------------------------------------------------------------------------


def classifier_problem(net: Network | None) -> str | None:
    """Why ``net`` is not a classifier that can be scored; None if it is."""
    if net is None:
        return tr("there is no network yet: it needs an input layer and at least one more layer")
    if net.n_outputs >= 2:
        return None
    activation = net.layers[-1].activation
    if activation in SINGLE_OUTPUT_CLASSIFIERS:
        return None
    return (tr("the network has one {activation} output, so it predicts a number, not a class: "
               "test results need one output per class, or one sigmoid output for yes/no").format(activation=activation))


def n_classes_of(net: Network) -> int:
    """Classes a classifier tells apart: 2 for one output, else one per output."""
    return 2 if net.n_outputs == 1 else net.n_outputs


# --- which rows ------------------------------------------------------------------------------


def test_rows(doc: Document) -> TestRows:
    """The rows to check the document's network with (see the module docstring).

    Kept in the cache of read data until the data, its files, the network's
    ends or the split change.

    Raises
    ------
    EvaluationError
        There is no network, it is not a classifier, there is no data, the
        data does not fit, it is not classes, or there are no rows held out.
    """
    net = doc.network()
    problem = classifier_problem(net)
    if problem is not None:
        raise EvaluationError(problem)
    if doc.data_source is None:
        raise EvaluationError(tr("choose the data first (the Data panel): there are no rows to test on"))
    source = doc.data_source
    base = Path(doc.path).parent if doc.path else None

    def make(_) -> TestRows:
        test_section = fixed_test_section(source)
        if test_section is not None:
            return _test_split(doc, net, test_section)
        return _validation_rows(doc, net)

    # kept in the one cache of read data, beside the rows they come from, until the data,
    # its files, the network's ends or the split change
    key = ("test rows", *data_key(doc), source.normalise)
    try:
        return derived(source, base, net, key, make, _rows_nbytes)
    except (EditError, DatasetError, CsvError, IdxError, OSError) as e:
        raise EvaluationError(str(e)) from None


def _rows_nbytes(rows: TestRows) -> int:
    """Bytes of the arrays test rows hold."""
    arrays = [rows.inputs, rows.labels, rows.images]
    return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray) and a.base is None)


def _test_split(doc: Document, net: Network, section: DataSource) -> TestRows:
    """The fixed test rows ``section`` names, normalised like the data section."""
    trained_on = doc.data_source.split
    base = Path(doc.path).parent if doc.path else None
    ds = dataset_for(section, net, base, normalised=False)
    _check_classes(ds.task, ds.title)
    inputs = normalise_rows(ds.X, section.normalise)
    images = None if ds.image_shape is None else ds.X.reshape(-1, *ds.image_shape)
    title = re.sub(r"\s*\([^()]*\)$", "", ds.title)      # "Digits 8×8 (test rows)" → "Digits 8×8"
    note = ""
    if trained_on in ("test", "all"):
        note = tr("the data panel trains on the {rows!r} rows, which include these: "
                  "choose 'train' there for a fair test").format(rows=trained_on)
    return TestRows(inputs, ds.labels(), images, _class_names(ds.class_names, net),
                    tr("{rows} of {title}").format(rows=counted(ds.n_samples, "test row", "test rows"), title=title),
                    note)


def _validation_rows(doc: Document, net: Network) -> TestRows:
    """The rows training holds out for validation."""
    data = training_data(doc)
    ds = data.dataset
    _check_classes(ds.task, ds.title)
    if data.X_val is None or len(data.X_val) == 0:
        raise EvaluationError(
            tr("{title} has no test rows: hold some rows out with the validation split "
               "in the Data panel, train again, and evaluate on them").format(title=ds.title)
        )
    images = None
    if ds.image_shape is not None:
        raw = _unnormalise(data.X_val, normalisation_of(doc.data_source))
        images = raw.reshape(-1, *ds.image_shape)
    return TestRows(np.asarray(data.X_val, dtype=np.float64), labels_from_one_hot(data.Y_val), images,
                    _class_names(ds.class_names, net),
                    tr("{rows} of {title}").format(rows=counted(len(data.X_val), "validation row", "validation rows"),
                                                   title=ds.title))


def _check_classes(task: str, title: str) -> None:
    if task != "classification":
        raise EvaluationError(tr("the targets of {title} are numbers to predict, not classes: "
                                 "there is no right or wrong class to count").format(title=title))


def _class_names(names: list[str] | None, net: Network) -> list[str]:
    k = n_classes_of(net)
    if names is not None and len(names) == k:
        return [str(n) for n in names]
    return [str(c) for c in range(k)]


def _unnormalise(X: np.ndarray, normalisation: Normalisation | None) -> np.ndarray:
    """x = x' · scale + shift: rows back as they were read (for pictures)."""
    if normalisation is None or not normalisation.applies:
        return np.asarray(X, dtype=np.float64)
    shift = np.asarray(normalisation.shift, dtype=np.float64)
    scale = np.asarray(normalisation.scale, dtype=np.float64)
    return X * scale + shift


# --- the score -------------------------------------------------------------------------------


def evaluate(doc: Document, rows: TestRows | None = None, batch_size: int = BATCH_SIZE) -> Evaluation:
    """Run the document's network on test rows and score its answers.

    Parameters
    ----------
    doc : Document
    rows : TestRows or None
        The rows to use; None = :func:`test_rows` of ``doc``.
    batch_size : int
        Rows per forward pass.

    Returns
    -------
    Evaluation

    Raises
    ------
    EvaluationError
        As for :func:`test_rows`.
    """
    net = doc.network()
    problem = classifier_problem(net)
    if problem is not None:
        raise EvaluationError(problem)
    if rows is None:
        rows = test_rows(doc)
    if rows.inputs.shape[1] != net.n_inputs:
        raise EvaluationError(tr("the test rows have {shape} inputs, the network has {n_inputs}")
                              .format(shape=rows.inputs.shape[1], n_inputs=net.n_inputs))
    n = rows.n_rows
    outputs = np.empty((n, net.n_outputs), dtype=np.float64)
    for start in range(0, n, max(1, int(batch_size))):
        stop = min(n, start + batch_size)
        outputs[start:stop] = forward(net, rows.inputs[start:stop]).output
    predicted = labels_from_one_hot(outputs)
    activation = net.layers[-1].activation
    if net.n_outputs == 1:
        probabilities = np.column_stack([1.0 - outputs[:, 0], outputs[:, 0]])
    else:
        probabilities = outputs
    k = n_classes_of(net)
    if n == 0:
        raise EvaluationError(tr("there are no test rows"))
    if rows.labels.max() >= k:
        raise EvaluationError(tr("the test rows have class {max}, the network tells {k} classes apart")
                              .format(max=rows.labels.max(), k=k))
    targets = rows.labels[:, None].astype(np.float64) if net.n_outputs == 1 else one_hot(rows.labels, k)
    return Evaluation(
        rows=rows,
        predicted=predicted,
        probabilities=probabilities,
        outputs_are_probabilities=activation in ACTIVATIONS and ACTIVATIONS[activation].probabilities,
        accuracy=accuracy(targets, outputs),
        confusion=confusion_matrix(targets, outputs, k),
    )
