"""Built-in datasets, the Dataset record, splits and one-hot helpers."""

import numpy as np
import pytest

from nnapp.engine.datasets import (
    BUILTIN_DATASETS,
    Dataset,
    DatasetError,
    dataset_names,
    dataset_options,
    labels_from_one_hot,
    load_dataset,
    one_hot,
)

TOY = ["circle", "gaussians", "xor_quadrants", "spiral"]


# --- the tutorials' tables ------------------------------------------------------


def test_gender_table_is_exact():
    ds = load_dataset("gender")
    assert ds.row_labels == ["Alice", "Bob", "Charlie", "Diana"]
    np.testing.assert_array_equal(ds.X, [[-2, -1], [25, 6], [17, 4], [-15, -6]])
    np.testing.assert_array_equal(ds.Y, [[1], [0], [0], [1]])
    assert ds.X.dtype == np.float64 and ds.Y.dtype == np.float64
    assert ds.input_names == ["weight − 135", "height − 66"]
    assert ds.target_names == ["female"]
    assert ds.class_names == ["male", "female"]
    assert ds.task == "classification"
    assert list(ds.extra) == ["Emily", "Frank"]
    np.testing.assert_array_equal(ds.extra["Emily"], [-7, -3])
    np.testing.assert_array_equal(ds.extra["Frank"], [20, 2])
    # the shifts give back the real measurements of the description
    assert ds.extra["Emily"][0] + 135 == 128 and ds.extra["Emily"][1] + 66 == 63
    assert ds.extra["Frank"][0] + 135 == 155 and ds.extra["Frank"][1] + 66 == 68


def test_perceptron_table_answer_is_first_input():
    ds = load_dataset("perceptron")
    np.testing.assert_array_equal(ds.X, [[0, 0, 1], [1, 1, 1], [1, 0, 1], [0, 1, 1]])
    np.testing.assert_array_equal(ds.Y[:, 0], [0, 1, 1, 0])
    np.testing.assert_array_equal(ds.Y[:, 0], ds.X[:, 0])
    np.testing.assert_array_equal(ds.extra["1 0 0"], [1, 0, 0])
    assert (ds.n_samples, ds.n_inputs, ds.n_outputs) == (4, 3, 1)


@pytest.mark.parametrize(
    "name, targets",
    [("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0])],
)
def test_gate_tables(name, targets):
    ds = load_dataset(name)
    np.testing.assert_array_equal(ds.X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(ds.Y, np.array(targets, dtype=float)[:, None])
    assert ds.task == "classification"
    assert ds.extra == {}


def test_builtins_are_fresh_copies():
    a = load_dataset("xor")
    a.X[0, 0] = 99
    assert load_dataset("xor").X[0, 0] == 0


# --- generated 2-D sets ------------------------------------------------------------


@pytest.mark.parametrize("name", TOY)
def test_toy_set_shape_and_both_classes(name):
    ds = load_dataset(name, n_samples=51, noise=0.1, seed=3)
    assert ds.X.shape == (51, 2) and ds.Y.shape == (51, 1)
    assert set(np.unique(ds.Y)) == {0.0, 1.0}
    counts = np.bincount(ds.Y[:, 0].astype(int))
    assert abs(counts[0] - counts[1]) <= 1
    assert ds.task == "classification" and len(ds.class_names) == 2
    assert np.all(np.isfinite(ds.X))


@pytest.mark.parametrize("name", TOY)
def test_toy_set_deterministic_for_a_seed(name):
    a = load_dataset(name, n_samples=40, noise=0.1, seed=7)
    b = load_dataset(name, n_samples=40, noise=0.1, seed=7)
    c = load_dataset(name, n_samples=40, noise=0.1, seed=8)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.Y, b.Y)
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("name", TOY)
def test_toy_set_smallest_size_has_both_classes(name):
    ds = load_dataset(name, n_samples=2, seed=0)
    assert sorted(ds.Y[:, 0]) == [0.0, 1.0]


def test_circle_noise_zero_is_clean_and_noise_blurs():
    clean = load_dataset("circle", n_samples=400, noise=0.0, seed=1)
    r = np.hypot(clean.X[:, 0], clean.X[:, 1])
    inside = clean.Y[:, 0] == 1
    assert r[inside].max() <= 0.5 and r[~inside].min() >= 0.7 and r.max() <= 1.0
    noisy = load_dataset("circle", n_samples=400, noise=0.3, seed=1)
    r = np.hypot(noisy.X[:, 0], noisy.X[:, 1])
    inside = noisy.Y[:, 0] == 1
    assert r[inside].max() > 0.5 or r[~inside].min() < 0.7


def test_xor_quadrants_noise_zero_follows_the_signs():
    ds = load_dataset("xor_quadrants", n_samples=300, noise=0.0, seed=2)
    same_sign = (np.sign(ds.X[:, 0]) * np.sign(ds.X[:, 1]) > 0).astype(float)
    np.testing.assert_array_equal(ds.Y[:, 0], same_sign)
    assert np.abs(ds.X).min() >= 0.1 and np.abs(ds.X).max() <= 1.0
    noisy = load_dataset("xor_quadrants", n_samples=300, noise=0.5, seed=2)
    same_sign = (np.sign(noisy.X[:, 0]) * np.sign(noisy.X[:, 1]) > 0).astype(float)
    assert np.any(noisy.Y[:, 0] != same_sign)


def test_gaussians_noise_zero_is_separated_by_a_line():
    ds = load_dataset("gaussians", n_samples=500, noise=0.0, seed=4)
    side = ds.X[:, 0] + ds.X[:, 1] > 0  # the line between the two centres
    np.testing.assert_array_equal(side, ds.Y[:, 0] == 1)
    noisy = load_dataset("gaussians", n_samples=500, noise=0.6, seed=4)
    side = noisy.X[:, 0] + noisy.X[:, 1] > 0
    assert np.any(side != (noisy.Y[:, 0] == 1))


def test_spiral_noise_zero_lies_on_the_arms():
    ds = load_dataset("spiral", n_samples=200, noise=0.0, seed=5)
    r = np.hypot(ds.X[:, 0], ds.X[:, 1])
    assert r.min() >= 0.15 - 1e-12 and r.max() <= 1.0 + 1e-12
    # on the arm of class c, the angle is 3π·r + c·π (mod 2π)
    angle = np.arctan2(ds.X[:, 1], ds.X[:, 0])
    expected = 3 * np.pi * r + np.pi * ds.Y[:, 0]
    diff = np.angle(np.exp(1j * (angle - expected)))
    assert np.max(np.abs(diff)) < 1e-9
    noisy = load_dataset("spiral", n_samples=200, noise=0.1, seed=5)
    assert not np.allclose(noisy.X, ds.X)


# --- registry and bad options -----------------------------------------------------------


def test_registry_lists_every_builtin():
    assert dataset_names() == list(BUILTIN_DATASETS)
    assert set(dataset_names()) >= {"gender", "perceptron", "and", "or", "xor", *TOY}
    assert dataset_options("circle") == {"n_samples": 200, "noise": 0.05, "seed": 0}
    assert dataset_options("gender") == {}


def test_unknown_name_lists_known_names():
    with pytest.raises(DatasetError, match="no built-in dataset named 'iris'") as info:
        load_dataset("iris")
    assert "gender" in str(info.value) and "spiral" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "options, words",
    [
        ({"n_samples": 1}, "at least 2"),
        ({"n_samples": 0}, "at least 2"),
        ({"n_samples": 2.5}, "whole number"),
        ({"n_samples": 10**9}, "at most"),
        ({"noise": -0.1}, "≥ 0"),
        ({"noise": float("nan")}, "finite"),
        ({"noise": float("inf")}, "finite"),
        ({"noise": "a lot"}, "must be a number"),
        ({"seed": -1}, "seed"),
        ({"colour": "red"}, "no option 'colour'"),
    ],
)
def test_bad_options(options, words):
    with pytest.raises(DatasetError, match=words):
        load_dataset("circle", **options)


def test_option_on_a_fixed_table():
    with pytest.raises(DatasetError, match="accepts: no options"):
        load_dataset("gender", noise=0.1)


# --- the record ------------------------------------------------------------------------


def _regression(n=10):
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    return Dataset("r", "R", X, X.sum(axis=1), ["a", "b"], ["sum"], task="regression",
                   row_labels=[f"row {i}" for i in range(n)])


def test_record_validates_shapes_and_names():
    with pytest.raises(DatasetError, match="X has 2 rows but Y has 3"):
        Dataset("d", "D", [[1], [2]], [[1], [2], [3]], ["x"], ["y"])
    with pytest.raises(DatasetError, match="1 input names for 2 input columns"):
        Dataset("d", "D", [[1, 2]], [[1]], ["x"], ["y"])
    with pytest.raises(DatasetError, match="task"):
        Dataset("d", "D", [[1]], [[1]], ["x"], ["y"], task="clustering")
    with pytest.raises(DatasetError, match="finite"):
        Dataset("d", "D", [[np.nan]], [[1]], ["x"], ["y"])
    with pytest.raises(DatasetError, match="extra row 'z'"):
        Dataset("d", "D", [[1]], [[1]], ["x"], ["y"], extra={"z": [1, 2]})


def test_subset_keeps_names_and_rows():
    ds = load_dataset("gender")
    sub = ds.subset([3, 0])
    assert sub.row_labels == ["Diana", "Alice"]
    np.testing.assert_array_equal(sub.X, [[-15, -6], [-2, -1]])
    assert sub.input_names == ds.input_names and "Emily" in sub.extra
    sub.X[0, 0] = 0
    assert ds.X[3, 0] == -15  # a copy
    mask = np.array([True, False, False, True])
    assert ds.subset(mask).row_labels == ["Alice", "Diana"]
    with pytest.raises(DatasetError, match="out of range"):
        ds.subset([4])
    with pytest.raises(DatasetError, match="at least one row"):
        ds.subset([])


def test_split_zero_returns_self():
    ds = load_dataset("xor")
    train, val = ds.split(0.0, seed=1)
    assert train is ds and val is None


def test_split_is_stratified_and_seeded():
    ds = load_dataset("circle", n_samples=101, noise=0.1, seed=0)
    train, val = ds.split(0.2, seed=3)
    assert train.n_samples + val.n_samples == 101
    assert 18 <= val.n_samples <= 22
    for part in (train, val):
        assert set(np.unique(part.Y)) == {0.0, 1.0}
    # the class proportions are kept
    assert abs(val.Y.mean() - ds.Y.mean()) < 0.05
    # no row in both parts, every row somewhere
    rows = {tuple(r) for r in train.X} | {tuple(r) for r in val.X}
    assert len(rows) == 101
    again, val2 = ds.split(0.2, seed=3)
    np.testing.assert_array_equal(val.X, val2.X)
    _, other = ds.split(0.2, seed=4)
    assert not np.array_equal(val.X, other.X)


def test_split_indices_are_the_rows_of_the_split():
    ds = load_dataset("circle", n_samples=30, noise=0.1, seed=0)
    train_rows, val_rows = ds.split_indices(0.2, seed=3)
    train, val = ds.split(0.2, seed=3)
    assert train_rows.dtype == np.int64 and list(train_rows) == sorted(train_rows)
    assert sorted(np.concatenate([train_rows, val_rows]).tolist()) == list(range(30))
    np.testing.assert_array_equal(ds.X[train_rows], train.X)
    np.testing.assert_array_equal(ds.X[val_rows], val.X)
    every, none = ds.split_indices(0.0, seed=3)
    assert every.tolist() == list(range(30)) and none.size == 0


def test_split_of_a_tiny_table_keeps_both_classes():
    ds = load_dataset("gender")  # two rows of each class
    for seed in range(5):
        train, val = ds.split(0.25, seed=seed)
        assert sorted(train.Y[:, 0]) == [0, 1] and sorted(val.Y[:, 0]) == [0, 1]
        assert set(train.row_labels) | set(val.row_labels) == {"Alice", "Bob", "Charlie", "Diana"}


def test_split_one_hot_classes_stratified():
    labels = np.array([0] * 6 + [1] * 6 + [2] * 3)
    ds = Dataset("c", "C", np.arange(15.0)[:, None], one_hot(labels), ["x"], ["a", "b", "c"])
    train, val = ds.split(0.3, seed=0)
    assert set(labels_from_one_hot(val.Y)) == {0, 1, 2}
    assert set(labels_from_one_hot(train.Y)) == {0, 1, 2}


def test_split_regression_and_bad_fraction():
    ds = _regression(10)
    train, val = ds.split(0.3, seed=0)
    assert (train.n_samples, val.n_samples) == (7, 3)
    assert val.row_labels is not None and len(val.row_labels) == 3
    # a tiny fraction still gives one validation row, a large one leaves a training row
    assert ds.split(0.01, seed=0)[1].n_samples == 1
    assert ds.split(0.99, seed=0)[0].n_samples == 1
    for bad in (1.0, -0.1, float("nan"), "half"):
        with pytest.raises(DatasetError, match="validation fraction"):
            ds.split(bad, seed=0)
    single = ds.subset([0])
    with pytest.raises(DatasetError, match="at least 2"):
        single.split(0.5, seed=0)


# --- one-hot ----------------------------------------------------------------------------


def test_one_hot_round_trip():
    labels = np.array([2, 0, 1, 2])
    Y = one_hot(labels)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert Y.dtype == np.float64
    np.testing.assert_array_equal(labels_from_one_hot(Y), labels)
    assert one_hot([0, 1], n_classes=4).shape == (2, 4)


def test_labels_from_one_column_threshold():
    np.testing.assert_array_equal(labels_from_one_hot([[0.2], [0.5], [0.9]]), [0, 1, 1])


@pytest.mark.parametrize(
    "labels, n_classes, words",
    [([0, -1], None, "≥ 0"), ([0, 1.5], None, "whole numbers"), ([0, 3], 2, "does not fit"),
     ([[0, 1]], None, "one number per sample")],
)
def test_one_hot_errors(labels, n_classes, words):
    with pytest.raises(DatasetError, match=words):
        one_hot(labels, n_classes)
