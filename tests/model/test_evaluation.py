"""Test results of a document's network: which rows, the score, the cells and the mistakes."""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.engine.datasets import load_dataset
from nnapp.engine.propagation import predict
from nnapp.model import commands as C
from nnapp.model.data import SetData
from nnapp.model.document import Document
from nnapp.model.evaluation import EvaluationError, evaluate, test_rows as rows_of
from nnapp.model.files import open_example
from nnapp.model.history import History


def example(name):
    doc = Document()
    open_example(doc, name)
    return doc


@pytest.fixture(scope="module")
def digits8():
    doc = example("digits8")
    return doc, evaluate(doc)


def test_the_shipped_digits8_network_scores_on_the_359_test_rows(digits8):
    doc, ev = digits8
    assert ev.source == "359 test rows of Digits 8×8" and ev.note == ""
    assert ev.n_rows == 359 and ev.class_names == [str(d) for d in range(10)]
    assert ev.accuracy >= 0.95
    assert ev.confusion.shape == (10, 10) and ev.confusion.sum() == 359
    # the same rows through the engine directly: the diagonal is the number right
    test = load_dataset("digits8", split="test")
    predicted = predict(doc.network(), test.X).argmax(axis=1)
    right = int(np.sum(predicted == test.labels()))
    assert np.trace(ev.confusion) == ev.n_correct == right
    assert ev.accuracy == pytest.approx(right / 359)
    # rows of true class i: row i of the matrix sums to how many there are
    assert list(ev.confusion.sum(axis=1)) == list(np.bincount(test.labels(), minlength=10))
    assert ev.rows.images.shape == (359, 8, 8)
    assert np.array_equal(ev.rows.images.reshape(359, 64), test.X)


def test_a_cell_lists_exactly_its_rows(digits8):
    _, ev = digits8
    for i in range(10):
        for j in range(10):
            rows = ev.cell(i, j)
            assert len(rows) == ev.confusion[i, j]
            assert np.all(ev.labels[rows] == i) and np.all(ev.predicted[rows] == j)
            assert list(rows) == sorted(rows)
    # one wrong cell by hand: the rows whose label is i and whose largest output is j
    i, j = np.argwhere((ev.confusion > 0) & ~np.eye(10, dtype=bool))[0]
    expected = [r for r in range(ev.n_rows) if ev.labels[r] == i and np.argmax(ev.probabilities[r]) == j]
    assert list(ev.cell(i, j)) == expected


def test_mistakes_are_every_wrong_row_most_confident_first(digits8):
    _, ev = digits8
    wrong = ev.mistakes()
    assert len(wrong) == ev.n_rows - ev.n_correct == ev.confusion.sum() - np.trace(ev.confusion)
    assert sorted(wrong) == [r for r in range(ev.n_rows) if ev.labels[r] != ev.predicted[r]]
    confidence = ev.confidence[wrong]
    assert np.all(np.diff(confidence) <= 0)
    # softmax outputs: the confidence is the largest probability of the row
    assert ev.outputs_are_probabilities
    assert np.allclose(ev.probabilities.sum(axis=1), 1.0)
    assert np.allclose(ev.confidence, ev.probabilities.max(axis=1))


def test_batches_do_not_change_the_answers(digits8):
    doc, ev = digits8
    small = evaluate(doc, batch_size=7)
    assert np.array_equal(small.predicted, ev.predicted)
    assert np.allclose(small.probabilities, ev.probabilities)


def test_the_test_rows_are_normalised_like_the_data_but_pictured_as_read():
    doc = example("digits8")
    History(doc).push(SetData({"dataset": "digits8", "options": {"split": "train"},
                               "normalise": {"method": "standardise"}}))
    normalisation = doc.data["normalise"]
    rows = rows_of(doc)
    raw = load_dataset("digits8", split="test").X
    shift, scale = np.array(normalisation["shift"]), np.array(normalisation["scale"])
    assert np.allclose(rows.inputs, (raw - shift) / scale)
    assert np.array_equal(rows.images.reshape(len(raw), 64), raw)     # pictures stay 0…1


def test_training_on_the_test_rows_is_pointed_out():
    doc = example("digits8")
    History(doc).push(SetData({"dataset": "digits8", "options": {"split": "all"}}))
    rows = rows_of(doc)
    assert rows.n_rows == 359
    assert "'all'" in rows.note and "'train'" in rows.note


def test_mnist_uses_its_1000_test_rows():
    doc = example("mnist")
    ev = evaluate(doc)
    assert ev.source == "1,000 test rows of MNIST digits 28×28"
    assert ev.confusion.sum() == 1000 and ev.rows.images.shape == (1000, 28, 28)
    assert ev.accuracy >= 0.95


def test_a_tiny_set_without_held_out_rows_says_how_to_get_some():
    doc = example("xor")
    with pytest.raises(EvaluationError, match="XOR gate has no test rows: hold some rows out with the validation"):
        evaluate(doc)


def test_validation_rows_are_the_test_rows_of_other_data():
    doc = example("gender")
    History(doc).push(SetData({"dataset": "gender"}, validation_split=0.5, seed=0))
    ev = evaluate(doc)
    # 4 people, half held out per class: one man and one woman
    assert ev.source == "2 validation rows of Gender from weight and height"
    assert ev.class_names == ["male", "female"]
    assert ev.confusion.shape == (2, 2) and ev.confusion.sum() == 2
    assert sorted(ev.labels) == [0, 1]
    assert ev.rows.images is None
    # one sigmoid output y: the columns are p(male) = 1 − y and p(female) = y
    y = predict(doc.network(), ev.rows.inputs)[:, 0]
    assert np.allclose(ev.probabilities, np.column_stack([1 - y, y]))
    assert list(ev.predicted) == list((y >= 0.5).astype(int))


def test_the_test_rows_are_kept_until_the_split_changes():
    doc = example("gender")
    history = History(doc)
    history.push(SetData({"dataset": "gender"}, validation_split=0.5, seed=0))
    first = rows_of(doc)
    assert rows_of(doc) is first                       # asked again: the rows kept in the cache
    history.push(SetData({"dataset": "gender"}, validation_split=0.5, seed=1))
    again = rows_of(doc)
    assert again is not first and again.n_rows == 2    # another seed: split again


def test_a_network_that_predicts_a_number_is_not_scored():
    doc = example("gender")
    History(doc).push(C.SetActivation(doc.layers[-1].id, "identity"))
    with pytest.raises(EvaluationError, match="one identity output, so it predicts a number, not a class"):
        evaluate(doc)


def test_numbers_to_predict_are_not_classes():
    doc = example("neuron")            # 2 inputs, one sigmoid output, no data
    with pytest.raises(EvaluationError, match="choose the data first"):
        evaluate(doc)
    History(doc).push(SetData({"inputs": [[0, 0], [1, 0], [0, 1], [1, 1]],
                               "targets": [[0.1], [0.4], [0.6], [0.9]]}, validation_split=0.5))
    with pytest.raises(EvaluationError, match="numbers to predict, not classes"):
        evaluate(doc)


def test_no_network_is_explained():
    with pytest.raises(EvaluationError, match="there is no network yet"):
        evaluate(Document())


def test_the_rows_are_read_again_only_when_the_data_changes():
    doc = example("digits8")
    first = rows_of(doc)
    assert rows_of(doc) is first
    History(doc).push(C.SetWeight(doc.neuron_ids[0][0], doc.neuron_ids[1][0], 0.5))
    assert rows_of(doc) is first                                # weights are not the data
    History(doc).push(SetData({"dataset": "digits8", "options": {"split": "train"}},
                              validation_split=0.1))
    assert rows_of(doc) is not first


def test_idx_files_with_a_test_pair_use_their_test_files(tmp_path):
    from .test_idx_data import TEST_PER_DIGIT, write_mnist

    doc = example("mnist")
    paths = write_mnist(tmp_path / "mnist")
    History(doc).push(SetData({"idx": {role: str(p) for role, p in paths.items()}, "options": {"split": "train"}}))
    ev = evaluate(doc)
    n = 10 * TEST_PER_DIGIT
    assert ev.source == f"{n} test rows of IDX pictures"
    assert ev.confusion.sum() == n and ev.rows.images.shape == (n, 28, 28)
    assert list(np.bincount(ev.labels, minlength=10)) == [TEST_PER_DIGIT] * 10
    assert ev.accuracy >= 0.8
