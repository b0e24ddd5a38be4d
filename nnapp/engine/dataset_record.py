"""The :class:`Dataset` record that every data source fills, and class labels.

A :class:`Dataset` holds the inputs ``X`` (n_samples, n_inputs) and the
targets ``Y`` (n_samples, n_outputs), both float64 with one sample per row,
plus the names a display needs (columns, rows, classes) and rows to predict
that are not training data (``extra``). :func:`one_hot` and
:func:`labels_from_one_hot` turn class labels into target rows and back.

This module builds no dataset (``datasets.py``), reads no file
(``csvdata.py``, ``idx.py``) and scores nothing (``metrics.py``).
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np
from nnapp.text import tr

TASKS = ("classification", "regression")


class DatasetError(ValueError):
    """A dataset that cannot be built or used, with the reason."""


# --- labels -----------------------------------------------------------------


def one_hot(labels, n_classes: int | None = None) -> np.ndarray:
    """Class labels 0…k−1 as one-hot rows.

    Parameters
    ----------
    labels : array_like of int, shape (n,)
        Whole numbers ≥ 0 (floats such as 2.0 are accepted).
    n_classes : int or None
        k; None = largest label + 1.

    Returns
    -------
    ndarray, shape (n, k), float64
        Row i is 1 in column ``labels[i]`` and 0 elsewhere.
    """
    arr = np.asarray(labels)
    if arr.ndim != 1:
        raise DatasetError(tr("labels must be one number per sample, got an array of shape {shape}")
                           .format(shape=arr.shape))
    try:
        values = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise DatasetError(tr("labels must be whole numbers 0, 1, 2 …")) from None
    if not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
        raise DatasetError(tr("labels must be whole numbers 0, 1, 2 …"))
    if np.any(values < 0):
        raise DatasetError(tr("labels must be ≥ 0, got {min:g}").format(min=values.min()))
    ints = values.astype(np.int64)
    needed = int(ints.max()) + 1 if ints.size else 0
    if n_classes is None:
        n_classes = needed
    elif int(n_classes) != n_classes or n_classes < 1:
        raise DatasetError(tr("n_classes must be a whole number ≥ 1, got {n_classes!r}").format(n_classes=n_classes))
    elif n_classes < needed:
        raise DatasetError(tr("label {label} does not fit in {n_classes} classes (0…{largest})")
                           .format(label=needed - 1, n_classes=n_classes, largest=n_classes - 1))
    out = np.zeros((ints.size, int(n_classes)), dtype=np.float64)
    out[np.arange(ints.size), ints] = 1.0
    return out


def labels_from_one_hot(Y) -> np.ndarray:
    """The class of every row of ``Y``.

    Parameters
    ----------
    Y : array_like, shape (n, k) or (n,)
        With k ≥ 2 columns the class is the column of the largest value
        (argmax; the first one on ties). With one column (or a 1-D array),
        the class is 1 where the value is ≥ 0.5 and 0 elsewhere.

    Returns
    -------
    ndarray of int64, shape (n,)
    """
    Y = np.asarray(Y, dtype=np.float64)
    if Y.ndim == 1:
        Y = Y[:, None]
    if Y.ndim != 2:
        raise DatasetError(tr("targets must be a 2-D array (n_samples, n_outputs), got shape {shape}")
                           .format(shape=Y.shape))
    if Y.shape[1] == 1:
        return (Y[:, 0] >= 0.5).astype(np.int64)
    return np.argmax(Y, axis=1).astype(np.int64)


# --- the record ---------------------------------------------------------------


@dataclass(eq=False)
class Dataset:
    """Inputs, targets and their names.

    Attributes
    ----------
    name : str
        Short key, e.g. "gender".
    title : str
        Display title, e.g. "Gender from weight and height".
    X : ndarray, shape (n_samples, n_inputs), float64
    Y : ndarray, shape (n_samples, n_outputs), float64
    input_names : list of str, length n_inputs
    target_names : list of str, length n_outputs
    row_labels : list of str, length n_samples, or None
        A name per sample (e.g. the person), None = rows are unnamed.
    task : str
        "classification" or "regression".
    class_names : list of str or None
        For classification: the name of each class (2 names for a single
        0/1 output, one per column for one-hot targets).
    extra : dict of str to ndarray, shape (n_inputs,)
        Rows to predict that are not training data, e.g. ``{"Emily": [-7, -3]}``.
    description : str
    licence : str
    image_shape : tuple of int or None
        (rows, cols) when every row of ``X`` is an image written row by row,
        e.g. (28, 28); rows × cols = n_inputs. None for other data.
    """

    name: str
    title: str
    X: np.ndarray
    Y: np.ndarray
    input_names: list[str]
    target_names: list[str]
    row_labels: list[str] | None = None
    task: str = "classification"
    class_names: list[str] | None = None
    extra: dict[str, np.ndarray] = field(default_factory=dict)
    description: str = ""
    licence: str = ""
    image_shape: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        self.X = _matrix(self.X, "X")
        self.Y = _matrix(self.Y, "Y")
        n = self.X.shape[0]
        if n < 1:
            raise DatasetError(tr("dataset {name!r} has no rows").format(name=self.name))
        if self.Y.shape[0] != n:
            raise DatasetError(tr("dataset {name!r}: X has {n} rows but Y has {shape}")
                               .format(name=self.name, n=n, shape=self.Y.shape[0]))
        self.input_names = [str(s) for s in self.input_names]
        self.target_names = [str(s) for s in self.target_names]
        if len(self.input_names) != self.X.shape[1]:
            raise DatasetError(
                tr("dataset {name!r}: {n_input_names} input names for {shape} input columns")
                .format(name=self.name, n_input_names=len(self.input_names), shape=self.X.shape[1])
            )
        if len(self.target_names) != self.Y.shape[1]:
            raise DatasetError(
                tr("dataset {name!r}: {n_target_names} target names for {shape} target columns")
                .format(name=self.name, n_target_names=len(self.target_names), shape=self.Y.shape[1])
            )
        if self.row_labels is not None:
            self.row_labels = [str(s) for s in self.row_labels]
            if len(self.row_labels) != n:
                raise DatasetError(tr("dataset {name!r}: {n_row_labels} row labels for {n} rows")
                                   .format(name=self.name, n_row_labels=len(self.row_labels), n=n))
        if self.task not in TASKS:
            raise DatasetError(tr("dataset {name!r}: task must be one of {tasks}, not {task!r}")
                               .format(name=self.name, tasks=', '.join(TASKS), task=self.task))
        if self.class_names is not None:
            self.class_names = [str(s) for s in self.class_names]
        extra = {}
        for key, row in dict(self.extra).items():
            row = np.asarray(row, dtype=np.float64)
            if row.shape != (self.X.shape[1],) or not np.all(np.isfinite(row)):
                raise DatasetError(
                    tr("dataset {name!r}: extra row {key!r} must be {shape} finite numbers")
                    .format(name=self.name, key=key, shape=self.X.shape[1])
                )
            extra[str(key)] = row
        self.extra = extra
        if self.image_shape is not None:
            shape = tuple(self.image_shape)
            if (len(shape) != 2 or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0
                                           for n in shape)):
                raise DatasetError(tr("dataset {name!r}: image_shape must be two whole numbers > 0 (rows, cols)")
                                   .format(name=self.name))
            if shape[0] * shape[1] != self.X.shape[1]:
                raise DatasetError(
                    tr("dataset {name!r}: image_shape {rows}×{cols} does not match "
                       "{columns} input columns")
                    .format(name=self.name, rows=shape[0], cols=shape[1], columns=self.X.shape[1])
                )
            self.image_shape = (int(shape[0]), int(shape[1]))

    # --- sizes ----------------------------------------------------------------

    @property
    def n_samples(self) -> int:
        return int(self.X.shape[0])

    @property
    def n_inputs(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_outputs(self) -> int:
        return int(self.Y.shape[1])

    # --- parts ----------------------------------------------------------------

    def subset(self, indices, *, title: str | None = None) -> "Dataset":
        """The rows ``indices`` (ints or a boolean mask of length n_samples), in that order.

        Arrays are copied; names, ``extra`` and the licence are kept.
        """
        idx = np.asarray(indices)
        if idx.dtype == bool:
            if idx.shape != (self.n_samples,):
                raise DatasetError(tr("a row mask needs {n_samples} values, got shape {shape}")
                                   .format(n_samples=self.n_samples, shape=idx.shape))
            idx = np.flatnonzero(idx)
        elif idx.size == 0:
            idx = idx.astype(np.int64)
        elif not np.issubdtype(idx.dtype, np.integer):
            raise DatasetError(tr("rows are chosen by whole-number indices or a boolean mask"))
        idx = idx.reshape(-1)
        if idx.size == 0:
            raise DatasetError(tr("a subset needs at least one row"))
        if idx.min() < -self.n_samples or idx.max() >= self.n_samples:
            raise DatasetError(tr("row index out of range: the dataset has {n_samples} rows")
                               .format(n_samples=self.n_samples))
        # the rows of a checked dataset need no checking again, and fancy indexing
        # already copies them: one copy, not the two a new Dataset(...) would make
        # (the full MNIST's 54,000 training rows are 340 MB each)
        sub = copy.copy(self)
        sub.title = self.title if title is None else title
        sub.X, sub.Y = self.X[idx], self.Y[idx]
        sub.input_names, sub.target_names = list(self.input_names), list(self.target_names)
        sub.row_labels = None if self.row_labels is None else [self.row_labels[i] for i in idx]
        sub.class_names = None if self.class_names is None else list(self.class_names)
        sub.extra = {k: v.copy() for k, v in self.extra.items()}
        return sub

    def labels(self) -> np.ndarray:
        """Class of each row, shape (n_samples,) int (see :func:`labels_from_one_hot`)."""
        return labels_from_one_hot(self.Y)

    def split(self, validation_fraction: float, seed=0) -> tuple["Dataset", "Dataset | None"]:
        """Hold out a random part of the rows for validation.

        Parameters
        ----------
        validation_fraction : float
            In [0, 1). 0 returns ``(self, None)``. Otherwise each part gets at
            least one row.
        seed : int or numpy.random.Generator
            Seed of ``numpy.random.default_rng``: the same seed gives the same split.

        Returns
        -------
        (train, validation) : (Dataset, Dataset or None)
            The rows of :meth:`split_indices`, in their original order.
        """
        train_rows, val_rows = self.split_indices(validation_fraction, seed)
        if val_rows.size == 0:
            return self, None
        train = self.subset(train_rows, title=tr("{title} (training)").format(title=self.title))
        validation = self.subset(val_rows, title=tr("{title} (validation)").format(title=self.title))
        return train, validation

    def split_indices(self, validation_fraction: float, seed=0) -> tuple[np.ndarray, np.ndarray]:
        """Which rows :meth:`split` trains on and which it holds out.

        Parameters
        ----------
        validation_fraction, seed
            As for :meth:`split`.

        Returns
        -------
        (train_rows, validation_rows) : ndarray of int64, shapes (n_train,), (n_val,)
            Increasing row indices; together every row once. For fraction 0
            every row trains and ``validation_rows`` is empty. For
            classification the split is stratified: each class gives
            round(fraction × its size) rows to validation, but at least one
            and never all of them, so every class with 2 or more rows is in
            both parts.
        """
        try:
            fraction = float(validation_fraction)
        except (TypeError, ValueError):
            raise DatasetError(tr("validation fraction must be a number, not {validation_fraction!r}")
                               .format(validation_fraction=validation_fraction)) from None
        if not math.isfinite(fraction) or not 0.0 <= fraction < 1.0:
            raise DatasetError(tr("validation fraction must be in [0, 1), got {validation_fraction!r}")
                               .format(validation_fraction=validation_fraction))
        n = self.n_samples
        if fraction == 0.0:
            return np.arange(n, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if n < 2:
            raise DatasetError(tr("dataset {name!r} has only {n} row: a split needs at least 2")
                               .format(name=self.name, n=n))
        rng = np.random.default_rng(seed)
        if self.task == "classification":
            labels = self.labels()
            groups = [np.flatnonzero(labels == c) for c in np.unique(labels)]
        else:
            groups = [np.arange(n)]
        val: list[int] = []
        for group in groups:
            group = rng.permutation(group)
            k = int(math.floor(fraction * group.size + 0.5))
            k = min(max(k, 1), group.size - 1) if group.size >= 2 else 0
            val.extend(int(i) for i in group[:k])
        if not val:  # every class has a single row: one of them has to go
            val = [int(rng.integers(n))]
        in_val = np.zeros(n, dtype=bool)
        in_val[val] = True
        return np.flatnonzero(~in_val).astype(np.int64), np.flatnonzero(in_val).astype(np.int64)


def _matrix(a, what: str) -> np.ndarray:
    try:
        a = np.array(a, dtype=np.float64)
    except (TypeError, ValueError):
        raise DatasetError(tr("{what} must hold numbers only").format(what=what)) from None
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2:
        raise DatasetError(tr("{what} must be a 2-D array (samples in rows), got shape {shape}")
                           .format(what=what, shape=a.shape))
    if not np.all(np.isfinite(a)):
        raise DatasetError(tr("{what} holds a value that is not a finite number").format(what=what))
    return a
