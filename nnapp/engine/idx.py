"""The MNIST database's IDX files: their names, the files already read, the data set.

:func:`mnist_dataset` gives the training and test pairs of the MNIST
database as a :class:`~.datasets.Dataset` (:data:`MNIST_FILES` gives their
standard names, :func:`find_mnist_files` finds them in a folder), choosing
the rows the way the built-in digit sets do (``split``: "train", "test" or
"all"). Files read through :func:`mnist_dataset` are kept in memory until
they change on disk, so choosing another split does not read them again. It
does not download anything.

Reading one IDX file (the format, its limits, :class:`IdxError`) is
``nnapp.engine.idx_reader``; its public names are importable from here as
well, as they always were.
"""

from __future__ import annotations

import os
import stat
import threading
import weakref
from collections import OrderedDict
from pathlib import Path
from typing import Mapping

import numpy as np

from nnapp.text import marked, plural, tr

from .datasets import Dataset
from .idx_reader import (  # noqa: F401 - the reader's names are part of this module's interface
    IMAGES_MAGIC,
    LABELS_MAGIC,
    MAX_IDX_BYTES,
    MAX_IDX_VALUES,
    MAX_PICTURE_VALUES,
    IdxError,
    _image_dataset,
    check_pair,
    _name,
    idx_dataset,
    read_idx,
    read_images,
    read_labels,
    read_mnist,
)
from .regular_files import kind_of


MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
"""Role → standard name of each file of the MNIST database (a ``.gz`` may follow).
Fashion-MNIST uses the same names."""

PAIRS = {"train": ("train_images", "train_labels"), "test": ("test_images", "test_labels")}
"""Part → (role of its image file, role of its label file)."""

SPLITS = ("train", "test", "all")
"""Which rows :func:`mnist_dataset` gives: the training files, the test files or both."""

MAX_CACHED_BYTES = 160 * 1024 * 1024
"""Arrays read from files are kept until they take more than this (160 MB; the
four MNIST files take 55 MB)."""


def find_mnist_files(folder) -> dict[str, Path]:
    """The standard MNIST files in ``folder``, by role (see :data:`MNIST_FILES`).

    A name matches with or without ``.gz``, in any case, and with a dot
    before ``idx`` (``train-images.idx3-ubyte``, as some copies name them).
    A folder of that name holding the file (as some archives unpack) counts
    as the file. Roles without a file are left out; when both the plain and
    the gzipped file are there, the plain one is taken.

    Returns
    -------
    dict of str to Path
    """
    folder = Path(folder)
    try:
        entries = {entry.name.lower(): entry for entry in folder.iterdir()}
    except OSError:
        return {}
    found: dict[str, Path] = {}
    for role, standard in MNIST_FILES.items():
        for stem in (standard, standard.replace("-idx", ".idx")):
            for name in (stem, stem + ".gz"):
                entry = entries.get(name)
                if entry is None:
                    continue
                if entry.is_dir():
                    inner = [p for p in entry.iterdir() if p.name.lower() == name and p.is_file()]
                    entry = inner[0] if inner else None
                if entry is not None and entry.is_file():
                    found[role] = entry
                    break
            if role in found:
                break
    return found


class _Cache:
    """Arrays read from files, by (real path, modification time, size), least recently used first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.arrays: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> np.ndarray | None:
        with self.lock:
            arr = self.arrays.get(key)
            if arr is not None:
                self.arrays.move_to_end(key)
            return arr

    def put(self, key: tuple, arr: np.ndarray) -> None:
        with self.lock:
            self.arrays[key] = arr
            while len(self.arrays) > 1 and sum(a.nbytes for a in self.arrays.values()) > self.max_bytes:
                self.arrays.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.arrays.clear()


_arrays = _Cache(MAX_CACHED_BYTES)
_datasets: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def file_key(path) -> tuple[str, int, int]:
    """(real path, modification time in ns, size in bytes): a file read again
    when any of them changes.

    Raises
    ------
    IdxError
        The file does not exist or cannot be looked at.
    """
    path = os.fspath(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise IdxError(tr("{path}: there is no such file").format(path=path)) from None
    except (OSError, ValueError) as err:  # ValueError: a NUL in the name
        raise IdxError(tr("{path}: cannot be opened ({value})")
                       .format(path=path, value=getattr(err, 'strerror', None) or err)) from None
    if not stat.S_ISREG(st.st_mode):
        raise IdxError(tr("{path}: is {kind_of}, not a file").format(path=path, kind_of=kind_of(st.st_mode)))
    return os.path.realpath(path), st.st_mtime_ns, st.st_size


def cached_images(path) -> np.ndarray:
    """:func:`read_images` of a file, kept while the file is unchanged.

    Returns
    -------
    ndarray of uint8, shape (n_images, rows, cols), read-only
    """
    return _cached(path, "images", read_images)


def cached_labels(path) -> np.ndarray:
    """:func:`read_labels` of a file, kept while the file is unchanged.

    Returns
    -------
    ndarray of uint8, shape (n_labels,), read-only
    """
    return _cached(path, "labels", read_labels)


def _cached(path, kind: str, read) -> np.ndarray:
    key = (kind, *file_key(path))
    arr = _arrays.get(key)
    if arr is None:
        arr = read(path)
        arr.setflags(write=False)
        _arrays.put(key, arr)
    return arr


def clear_cache() -> None:
    """Forget every array read from a file."""
    _arrays.clear()
    _datasets.clear()


def check_pairs(files: Mapping[str, object]) -> list[str]:
    """The parts ("train", "test") whose two files are named, in that order.

    Raises
    ------
    IdxError
        An image file without its label file or the other way round, an
        unknown role, or no complete pair at all.
    """
    for role in files:
        if role not in MNIST_FILES:
            raise IdxError(tr("unknown IDX file role {role!r}; the roles are: {mnist_files}")
                           .format(role=role, mnist_files=', '.join(MNIST_FILES)))
    parts = []
    for part, (images, labels) in PAIRS.items():
        has_images, has_labels = bool(files.get(images)), bool(files.get(labels))
        if has_images != has_labels:
            missing, given = (labels, images) if has_images else (images, labels)
            raise IdxError(tr("the {chosen} file is chosen but not the {missing} file")
                           .format(chosen=_role_words(given), missing=_role_words(missing)))
        if has_images:
            parts.append(part)
    if not parts:
        raise IdxError(tr("choose the training images and labels, or the test images and labels"))
    return parts


_ROLE_WORDS = {"train_images": marked("training images"), "train_labels": marked("training labels"),
               "test_images": marked("test images"), "test_labels": marked("test labels")}


def _role_words(role: str) -> str:
    """"training images", "test labels"."""
    return tr(_ROLE_WORDS[role])


def read_part(files: Mapping[str, object], part: str) -> tuple[np.ndarray, np.ndarray]:
    """The images and labels of one part, checked to belong together (through the cache).

    Returns
    -------
    (images, labels) : ndarray uint8 (n, rows, cols), ndarray uint8 (n,); read-only

    Raises
    ------
    IdxError
        A file cannot be read (see :func:`read_idx`), or the two hold
        different numbers of items, or none.
    """
    img_role, lab_role = PAIRS[part]
    images, labels = files[img_role], files[lab_role]
    X = cached_images(images)
    y = cached_labels(labels)
    check_pair(X, y, images, labels)
    if X.shape[0] == 0:
        raise IdxError(tr("{name} holds no images").format(name=_name(images)))
    return X, y


def read_parts(files: Mapping[str, object]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The images and labels of every part the files name, checked together
    (through the cache; nothing is turned into floats).

    Returns
    -------
    dict
        "train" and/or "test" → (images uint8 (n, rows, cols), labels uint8 (n,)).

    Raises
    ------
    IdxError
        As :func:`check_pairs` and :func:`read_part`, or training and test
        pictures of different sizes.
    """
    read = {part: read_part(files, part) for part in check_pairs(files)}
    shapes = {part: X.shape[1:] for part, (X, _) in read.items()}
    if len(set(shapes.values())) > 1:
        raise IdxError(
            tr("the training pictures are {rows}×{cols} pixels but the test pictures {test_rows}×{test_cols}: "
               "they do not belong together")
            .format(rows=shapes["train"][0], cols=shapes["train"][1],
                    test_rows=shapes["test"][0], test_cols=shapes["test"][1])
        )
    return read


def n_classes(parts: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> int:
    """Outputs of the one-hot targets: the largest label of every part + 1, at least 10."""
    return max(10, max(int(y.max()) + 1 for _, y in parts.values()))


def mnist_dataset(files: Mapping[str, object], split: str = "train") -> Dataset:
    """The Dataset of MNIST-style IDX files: X = pixel / 255, one-hot targets.

    Parameters
    ----------
    files : mapping of role to path
        Roles of :data:`MNIST_FILES`; the training pair, the test pair or
        both (each pair complete).
    split : str
        "train": the training files; "test": the test files; "all": the rows
        of both, training rows first.

    Returns
    -------
    Dataset
        ``X`` shape (n, rows × cols) float64 in [0, 1], ``Y`` shape (n, k)
        one-hot, ``image_shape`` (rows, cols). k is the largest label of
        every named file + 1, at least 10, so both parts have the same
        outputs. The arrays are read-only: while the Dataset is in use, the
        same files and split give the same object back (files are read
        again only when they change).

    Raises
    ------
    IdxError
        As :func:`read_part`, a split without its files, or training and test
        pictures of different sizes.
    """
    if split not in SPLITS:
        raise IdxError(tr("split must be one of {splits}, not {split!r}")
                       .format(splits=', '.join(SPLITS), split=split))
    parts = check_pairs(files)
    wanted = parts if split == "all" else [split]
    if split != "all" and split not in parts:
        raise IdxError(tr("the split {split!r} needs the {role_words} and "
                          "{role_words2} files")
                       .format(split=split, role_words=_role_words(PAIRS[split][0]), role_words2=_role_words(PAIRS[split][1])))
    keys = tuple((role, file_key(files[role])) for part in parts for role in PAIRS[part])
    cache_key = (keys, split)
    ds = _datasets.get(cache_key)
    if ds is not None:
        return ds
    read = read_parts(files)
    k = n_classes(read)
    X = np.concatenate([read[p][0] for p in wanted]) if len(wanted) > 1 else read[wanted[0]][0]
    y = np.concatenate([read[p][1] for p in wanted]) if len(wanted) > 1 else read[wanted[0]][1]
    rows, cols = X.shape[1:]
    title = {"train": tr("IDX pictures (training files)"), "test": tr("IDX pictures (test files)"),
             "all": tr("IDX pictures (training and test files)")}[split]
    sizes = {p: read[p][0].shape[0] for p in parts}
    if len(parts) > 1:
        counts = plural(sizes["test"], "{training:,} training, {test:,} test picture",
                        "{training:,} training, {test:,} test pictures").format(
            training=sizes["train"], test=sizes["test"])
    elif parts[0] == "train":
        counts = plural(sizes["train"], "{n:,} training picture", "{n:,} training pictures").format(n=sizes["train"])
    else:
        counts = plural(sizes["test"], "{n:,} test picture", "{n:,} test pictures").format(n=sizes["test"])
    ds = _image_dataset(
        X, y, k, name=Path(os.fspath(files[PAIRS[wanted[0]][0]])).name, title=title,
        description=(
            tr("Pictures of {rows}×{cols} pixels and their labels read from IDX files (the format of the "
               "MNIST database): {counts}. The inputs are the pixels row by row divided by 255; "
               "the targets are one-hot over the labels 0…{last}.").format(rows=rows, cols=cols, counts=counts, last=k - 1)
        ),
    )
    ds.X.setflags(write=False)
    ds.Y.setflags(write=False)
    _datasets[cache_key] = ds
    return ds


__all__ = [
    "IMAGES_MAGIC", "LABELS_MAGIC", "MAX_IDX_BYTES", "MAX_IDX_VALUES", "MAX_PICTURE_VALUES", "MNIST_FILES", "PAIRS", "SPLITS", "IdxError",
    "cached_images", "cached_labels", "check_pairs", "clear_cache", "file_key", "find_mnist_files",
    "idx_dataset", "mnist_dataset", "n_classes", "read_idx", "read_images", "read_labels", "read_mnist",
    "read_part", "read_parts",
]
