"""Scores of predictions against targets: accuracy and the confusion matrix.

Targets ``Y_true`` and predictions ``Y_pred`` have one sample per row,
shape (n_samples, n_outputs); a 1-D array is one output per sample. The
class of a row is read the same way for both:

* one output column: class 1 when the value is ≥ 0.5, else class 0
  (a sigmoid output against 0/1 targets);
* several columns: the column of the largest value (argmax; one-hot
  targets against softmax outputs).

Losses are not here (``losses.py``); this module only counts right answers.
"""

from __future__ import annotations

import numpy as np

from nnapp.text import tr

from .datasets import labels_from_one_hot


def _pair(Y_true, Y_pred) -> tuple[np.ndarray, np.ndarray]:
    """Both arrays as 2-D float64 of the same shape, at least one row."""
    arrays = []
    for what, Y in (("targets", Y_true), ("predictions", Y_pred)):
        Y = np.asarray(Y, dtype=np.float64)
        if Y.ndim == 1:
            Y = Y[:, None]
        if Y.ndim != 2:
            raise ValueError(tr("{what} must be a 2-D array (n_samples, n_outputs), got shape {shape}")
                             .format(what=what, shape=Y.shape))
        arrays.append(Y)
    t, p = arrays
    if t.shape != p.shape:
        raise ValueError(tr("targets have shape {targets} but predictions have shape {predictions}")
                         .format(targets=t.shape, predictions=p.shape))
    if t.shape[0] == 0:
        raise ValueError(tr("there are no samples to score"))
    return t, p


def accuracy(Y_true, Y_pred) -> float:
    """Fraction of samples whose predicted class is the target class.

    Parameters
    ----------
    Y_true, Y_pred : array_like, shape (n_samples, n_outputs) or (n_samples,)

    Returns
    -------
    float in [0, 1]
    """
    t, p = _pair(Y_true, Y_pred)
    return float(np.mean(labels_from_one_hot(t) == labels_from_one_hot(p)))


def confusion_matrix(Y_true, Y_pred, n_classes: int | None = None) -> np.ndarray:
    """Count of samples for each (true class, predicted class).

    Parameters
    ----------
    Y_true, Y_pred : array_like, shape (n_samples, n_outputs) or (n_samples,)
    n_classes : int or None
        k; None = 2 for one output column, n_outputs otherwise. It must
        hold every class that occurs.

    Returns
    -------
    ndarray of int64, shape (k, k)
        ``C[i, j]`` is the number of samples of true class i predicted as
        class j: the diagonal holds the right answers, ``C.sum()`` is n_samples.
    """
    t, p = _pair(Y_true, Y_pred)
    true = labels_from_one_hot(t)
    pred = labels_from_one_hot(p)
    k = 2 if t.shape[1] == 1 else t.shape[1]
    if n_classes is not None:
        if int(n_classes) != n_classes or n_classes < 1:
            raise ValueError(tr("n_classes must be a whole number ≥ 1, got {n_classes!r}")
                             .format(n_classes=n_classes))
        n_classes = int(n_classes)
        largest = int(max(true.max(), pred.max()))
        if largest >= n_classes:
            raise ValueError(tr("class {largest} occurs but n_classes is {n_classes}")
                             .format(largest=largest, n_classes=n_classes))
        k = n_classes
    counts = np.bincount(true * k + pred, minlength=k * k)
    return counts.reshape(k, k).astype(np.int64)


def is_classification(Y) -> bool:
    """Whether targets look like classes.

    True when every value is exactly 0 or 1 and, with several columns, every
    row holds exactly one 1 (one-hot). Anything else (other values, empty
    or non-numeric arrays, rows with no or two 1s) is False.

    Parameters
    ----------
    Y : array_like, shape (n_samples, n_outputs) or (n_samples,)
    """
    try:
        Y = np.asarray(Y, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if Y.ndim == 1:
        Y = Y[:, None]
    if Y.ndim != 2 or Y.size == 0:
        return False
    if not np.all((Y == 0) | (Y == 1)):
        return False
    if Y.shape[1] > 1 and not np.all(Y.sum(axis=1) == 1):
        return False
    return True
