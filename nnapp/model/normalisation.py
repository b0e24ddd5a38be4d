"""How input columns are normalised before they reach the network.

A data section's ``"normalise"`` entry (a :class:`~nnapp.model.data_source.Normalisation`)
says x' = (x − shift) / scale, column by column. The numbers are computed
once, from the training rows, when the user chooses a method
(:func:`normalisation_for`), and stored, so every later use of the data —
training, a sample fed on the canvas, the command line — sees the same x'.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np

from nnapp.engine.datasets import Dataset
from nnapp.text import counted, tr

from .data_checks import NORMALISE_METHODS
from .data_source import DataSource, Normalisation
from .errors import ShapeMismatch, ValueRefused



def training_rows(ds: Dataset, validation_split: float, seed: int) -> np.ndarray:
    """Indices, shape (n_train,), of the rows training uses with this split and seed
    (every row for a split of 0); see :meth:`Dataset.split_indices`."""
    return ds.split_indices(validation_split, seed)[0]


def normalisation_for(ds: Dataset, method: str, rows: Sequence[int] | np.ndarray | None = None) -> dict:
    """The ``"normalise"`` entry of a data section for ``method``, computed from some rows.

    Parameters
    ----------
    ds : Dataset
        The data as read, not normalised; ``X`` shape (n_samples, n_inputs).
    method : str
        "none"; "standardise": shift = mean, scale = standard deviation
        (population, ÷ n), so the column gets mean 0 and standard deviation
        1; "minmax": shift = min, scale = max − min, so it runs from 0 to 1.
    rows : sequence of int, or None
        The rows to compute from — the training rows, so validation rows stay
        unseen (see :func:`training_rows`); None = every row.

    Returns
    -------
    dict
        ``{"method": "none"}``, or ``{"method": m, "shift": [...], "scale": [...]}``
        with one float per input column. A column whose values are all the
        same gets scale 1 (it becomes all 0), so nothing is divided by 0.
    """
    if method not in NORMALISE_METHODS:
        raise ValueRefused(
            tr("unknown normalisation {method!r}; choose one of {normalise_methods}")
            .format(method=method, normalise_methods=', '.join(NORMALISE_METHODS))
        )
    if method == "none":
        return {"method": "none"}
    X = ds.X if rows is None else ds.X[np.asarray(rows, dtype=np.int64)]
    if X.shape[0] == 0:
        raise ValueRefused(tr("a normalisation needs at least one row to compute from"))
    if method == "standardise":
        shift = X.mean(axis=0)
        scale = X.std(axis=0)
    else:
        shift = X.min(axis=0)
        scale = X.max(axis=0) - shift
    # a constant column (or one whose spread is lost in rounding) is only shifted
    scale = np.where(scale > 1e-12 * np.maximum(1.0, np.abs(shift)), scale, 1.0)
    return {"method": method, "shift": [float(v) for v in shift], "scale": [float(v) for v in scale]}


def normalise_rows(X, normalisation: Normalisation | dict | None) -> np.ndarray:
    """x' = (x − shift) / scale for every row of ``X``.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_inputs) or (n_inputs,)
    normalisation : Normalisation, dict or None
        A normalisation (or its ``"normalise"`` entry); None or method
        "none" returns ``X`` as floats.

    Returns
    -------
    ndarray, same shape as ``X``, float64
    """
    X = np.asarray(X, dtype=np.float64)
    normalisation = as_normalisation(normalisation)
    if normalisation is None or not normalisation.applies:
        return X.copy()
    shift = np.asarray(normalisation.shift, dtype=np.float64)
    scale = np.asarray(normalisation.scale, dtype=np.float64)
    if X.shape[-1] != shift.size or scale.size != shift.size:
        raise ShapeMismatch(
            tr("the normalisation has {columns}, the data has "
               "{input_columns}: choose the normalisation again")
            .format(columns=counted(shift.size, 'column', 'columns', grouped=False), input_columns=counted(X.shape[-1], 'input column', 'input columns', grouped=False))
        )
    return (X - shift) / scale


def normalise(ds: Dataset, normalisation: Normalisation | dict | None) -> Dataset:
    """A copy of ``ds`` whose ``X`` and extra rows are normalised (see :func:`normalise_rows`)."""
    normalisation = as_normalisation(normalisation)
    if normalisation is None or not normalisation.applies:
        return ds
    return dataclasses.replace(
        ds,
        X=normalise_rows(ds.X, normalisation),
        extra={name: normalise_rows(row, normalisation) for name, row in ds.extra.items()},
    )


def normalisation_method(source: DataSource | None) -> str:
    """The source's normalisation method ("none" when it has none)."""
    if source is None or source.normalise is None:
        return "none"
    return source.normalise.method


def as_normalisation(normalisation: Normalisation | dict | None) -> Normalisation | None:
    """A normalisation as the typed value (a ``"normalise"`` dict read; its form is trusted)."""
    if normalisation is None or isinstance(normalisation, Normalisation):
        return normalisation
    if not normalisation:
        return None
    return Normalisation.from_dict({"method": "none", **normalisation})
