"""Accuracy, confusion matrix and the classification test."""

import numpy as np
import pytest

from nnapp.engine.metrics import accuracy, confusion_matrix, is_classification


def test_accuracy_single_output_thresholds_at_half():
    Y = [[1], [0], [0], [1]]
    P = [[0.9], [0.4], [0.5], [0.49]]  # right, right, wrong (0.5 → 1), wrong
    assert accuracy(Y, P) == 0.5
    assert accuracy(Y, Y) == 1.0
    assert accuracy(np.array([1, 0]), np.array([0.2, 0.7])) == 0.0  # 1-D = one output


def test_accuracy_several_outputs_uses_argmax():
    Y = np.eye(3)[[0, 1, 2, 2]]
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.5, 0.4], [0.3, 0.4, 0.3], [0.0, 0.1, 0.9]])
    assert accuracy(Y, P) == 0.75


def test_accuracy_shape_mismatch_and_empty():
    with pytest.raises(ValueError, match="shape"):
        accuracy([[1], [0]], [[1], [0], [1]])
    with pytest.raises(ValueError, match="no samples"):
        accuracy(np.zeros((0, 1)), np.zeros((0, 1)))


def test_confusion_matrix_single_output_rows_are_truth():
    Y = [[1], [1], [1], [0], [0]]
    P = [[0.9], [0.2], [0.8], [0.6], [0.1]]
    C = confusion_matrix(Y, P)
    np.testing.assert_array_equal(C, [[1, 1], [1, 2]])
    assert C.dtype.kind == "i" and C.sum() == 5


def test_confusion_matrix_one_hot_and_n_classes():
    Y = np.eye(3)[[0, 1, 2, 2]]
    P = np.eye(3)[[0, 2, 2, 1]]
    C = confusion_matrix(Y, P)
    np.testing.assert_array_equal(C, [[1, 0, 0], [0, 0, 1], [0, 1, 1]])
    assert np.trace(C) / C.sum() == accuracy(Y, P)
    assert confusion_matrix([[0], [1]], [[0], [1]], n_classes=3).shape == (3, 3)
    with pytest.raises(ValueError, match="class 2 occurs"):
        confusion_matrix(Y, P, n_classes=2)


@pytest.mark.parametrize(
    "Y, expected",
    [
        ([[0], [1], [1]], True),
        ([0, 1], True),
        ([[1, 0], [0, 1]], True),
        ([[0.5], [1]], False),
        ([[2], [0]], False),
        ([[1, 1], [0, 1]], False),
        ([[0, 0], [0, 1]], False),
        (np.zeros((0, 1)), False),
        ([["a"]], False),
    ],
)
def test_is_classification(Y, expected):
    assert is_classification(Y) is expected
