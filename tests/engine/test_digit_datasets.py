"""The digit datasets read from nnapp/resources/datasets: shapes, scaling, splits, errors."""

import numpy as np
import pytest

from nnapp.engine import datasets
from nnapp.engine.datasets import Dataset, DatasetError, dataset_names, dataset_options, load_dataset


@pytest.mark.parametrize(
    "name, side, top, n_all, n_test",
    [("digits8", 8, 16, 1797, 359), ("mnist5k", 28, 255, 5000, 1000)],
)
def test_digit_sets(name, side, top, n_all, n_test):
    assert name in dataset_names()
    assert dataset_options(name) == {"split": "train"}
    raw = datasets.read_digit_archive(name)
    assert raw["X"].dtype == np.uint8 and raw["X"].shape == (n_all, side * side)
    assert int(raw["X"].max()) == top

    every = load_dataset(name, split="all")
    train = load_dataset(name)  # the training rows by default
    test = load_dataset(name, split="test")
    assert (every.n_samples, train.n_samples, test.n_samples) == (n_all, n_all - n_test, n_test)
    for ds in (every, train, test):
        assert ds.image_shape == (side, side) and ds.n_inputs == side * side
        assert ds.n_outputs == 10 and ds.class_names == [str(d) for d in range(10)]
        assert ds.X.min() == 0.0 and ds.X.max() == 1.0
        assert np.all(ds.Y.sum(axis=1) == 1)
        assert ds.task == "classification" and ds.licence
    # values are the stored integers divided by the largest possible value
    np.testing.assert_array_equal(every.X * top, raw["X"])
    np.testing.assert_array_equal(every.labels(), raw["y"])

    # train and test are disjoint, together every row, and every digit is in
    # the test part with its share (the files are sorted by label, so a
    # head/tail split would test only the last digits)
    rows_train, rows_test = raw["train"].astype(int), raw["test"].astype(int)
    assert np.intersect1d(rows_train, rows_test).size == 0
    assert np.array_equal(np.union1d(rows_train, rows_test), np.arange(n_all))
    per_digit = np.bincount(test.labels(), minlength=10)
    totals = np.bincount(every.labels(), minlength=10)
    np.testing.assert_array_equal(per_digit, np.floor(0.2 * totals + 0.5))
    np.testing.assert_array_equal(test.X, every.X[rows_test])


def test_mnist_images_are_centred_the_mnist_way():
    # the digit fits a 20×20 box and its centre of mass is within half a pixel of (14, 14)
    ds = load_dataset("mnist5k", split="test")
    images = ds.X.reshape(-1, 28, 28)
    mass = images.sum(axis=(1, 2))
    rows = (images.sum(axis=2) * np.arange(28)).sum(axis=1) / mass
    cols = (images.sum(axis=1) * np.arange(28)).sum(axis=1) / mass
    assert np.all(np.abs(rows - 14) <= 0.5 + 1e-9) and np.all(np.abs(cols - 14) <= 0.5 + 1e-9)


def test_bad_split():
    with pytest.raises(DatasetError, match="split must be one of train, test, all"):
        load_dataset("digits8", split="validation")


def test_missing_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "DATASETS_DIR", tmp_path)
    with pytest.raises(DatasetError, match="mnist5k.npz is missing") as info:
        load_dataset("mnist5k")
    assert str(tmp_path) in str(info.value)


def test_damaged_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "DATASETS_DIR", tmp_path)
    (tmp_path / "digits8.npz").write_bytes(b"PK\x03\x04 not really a zip file")
    with pytest.raises(DatasetError, match="cannot be read"):
        load_dataset("digits8")
    np.savez_compressed(tmp_path / "mnist5k.npz", X=np.zeros((2, 784), np.uint8))
    with pytest.raises(DatasetError, match="no array 'y'"):
        load_dataset("mnist5k")


def test_pickled_arrays_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "DATASETS_DIR", tmp_path)
    np.savez(tmp_path / "digits8.npz", X=np.array([{"a": 1}], dtype=object), y=np.zeros(1, np.uint8),
             train=np.zeros(1, np.uint16), test=np.zeros(0, np.uint16))
    with pytest.raises(DatasetError, match="cannot be read"):
        load_dataset("digits8")


def test_image_shape_is_checked_and_kept_by_subsets():
    X = np.zeros((3, 6))
    ds = Dataset("d", "D", X, [[0], [1], [0]], [f"p{i}" for i in range(6)], ["y"], image_shape=(2, 3))
    assert ds.subset([0, 2]).image_shape == (2, 3)
    assert Dataset("d", "D", X, [[0], [1], [0]], [f"p{i}" for i in range(6)], ["y"]).image_shape is None
    with pytest.raises(DatasetError, match="does not match 6 input columns"):
        Dataset("d", "D", X, [[0], [1], [0]], [f"p{i}" for i in range(6)], ["y"], image_shape=(2, 2))
    with pytest.raises(DatasetError, match="two whole numbers"):
        Dataset("d", "D", X, [[0], [1], [0]], [f"p{i}" for i in range(6)], ["y"], image_shape=(6,))
