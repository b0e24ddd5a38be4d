"""Reading IDX files, the format of the MNIST database.

An IDX file is a header and then the numbers, big-endian:

* 4 bytes of "magic": 0, 0, the type of the numbers (0x08 unsigned byte,
  0x09 signed byte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64) and
  the number of dimensions;
* one 4-byte unsigned size per dimension;
* the numbers, last dimension fastest.

MNIST's image files start with 0x00000803 (unsigned bytes, 3 dimensions:
images × rows × cols) and its label files with 0x00000801 (unsigned bytes,
one dimension). The files are often gzipped (``train-images-idx3-ubyte.gz``);
this module recognises gzip by its first two bytes (0x1F 0x8B), not by the
name.

Every problem is an :class:`IdxError` saying what is wrong: a wrong magic
number, a file shorter than its header promises (truncated) or longer, image
and label files of different lengths, a file too large to be read.

This module turns files into arrays; :func:`idx_dataset` wraps a pair as a
:class:`~.datasets.Dataset`. It does not download anything.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from typing import BinaryIO

import numpy as np

from .datasets import Dataset, one_hot

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801

#: IDX type byte → numpy dtype (big-endian, as the format stores them).
IDX_TYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

MAX_IDX_BYTES = 512 * 1024 * 1024
"""Largest amount of data (after unzipping) a file may hold: 512 MB. MNIST's
largest file, the 60,000 training images, is 47 MB."""

GZIP_MAGIC = b"\x1f\x8b"


class IdxError(ValueError):
    """An IDX file that cannot be read, with the reason."""


def _open(source) -> tuple[BinaryIO, str, bool]:
    """(binary stream, name for messages, whether the caller must close it)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source)), "the data", True
    if hasattr(source, "read"):
        return source, getattr(source, "name", "the data"), False
    path = os.fspath(source)
    try:
        return open(path, "rb"), str(path), True
    except FileNotFoundError:
        raise IdxError(f"{path}: there is no such file") from None
    except OSError as err:
        raise IdxError(f"{path}: cannot be opened ({err.strerror or err})") from None


def _read_limited(stream: BinaryIO, limit: int, name: str) -> bytes:
    """All bytes of ``stream`` (unzipped if it is gzip), at most ``limit``."""
    head = stream.read(2)
    if head == GZIP_MAGIC:
        raw = gzip.GzipFile(fileobj=_Prefixed(head, stream), mode="rb")
        try:
            data = raw.read(limit + 1)
        except (OSError, EOFError, zlib.error) as err:
            raise IdxError(f"{name}: the gzip data is damaged or cut short ({err})") from None
    else:
        data = head + stream.read(limit + 1 - len(head))
    if len(data) > limit:
        raise IdxError(f"{name}: the file holds more than {limit:,} bytes, too large to read")
    return data


class _Prefixed:
    """A stream whose first bytes were already read: gives them back first."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self.prefix = prefix
        self.stream = stream

    def read(self, n: int = -1) -> bytes:
        if self.prefix:
            if n is None or n < 0:
                out, self.prefix = self.prefix + self.stream.read(), b""
                return out
            out, self.prefix = self.prefix[:n], self.prefix[n:]
            if len(out) < n:
                out += self.stream.read(n - len(out))
            return out
        return self.stream.read(n)


def read_idx(source, *, max_bytes: int = MAX_IDX_BYTES) -> np.ndarray:
    """The array an IDX file holds.

    Parameters
    ----------
    source : path, bytes or binary file object
        Plain or gzipped IDX data (gzip is recognised by its first bytes).
    max_bytes : int
        Refuse files whose data (unzipped) is larger.

    Returns
    -------
    ndarray
        Shape as the header says; dtype the native-endian form of the file's
        type (uint8 for MNIST).

    Raises
    ------
    IdxError
        For a missing file, a wrong magic number, an unknown type, a file
        shorter (truncated) or longer than its header says, or one too large.
    """
    return _read(source, max_bytes)


def read_images(source, *, max_bytes: int = MAX_IDX_BYTES) -> np.ndarray:
    """Images of an IDX image file (magic 0x00000803).

    Returns
    -------
    ndarray of uint8, shape (n_images, rows, cols)
    """
    return _read(source, max_bytes, IMAGES_MAGIC, "image")


def read_labels(source, *, max_bytes: int = MAX_IDX_BYTES) -> np.ndarray:
    """Labels of an IDX label file (magic 0x00000801).

    Returns
    -------
    ndarray of uint8, shape (n_labels,)
    """
    return _read(source, max_bytes, LABELS_MAGIC, "label")


def _read(source, max_bytes: int, wanted: int | None = None, what: str = "") -> np.ndarray:
    stream, name, close = _open(source)
    try:
        data = _read_limited(stream, max_bytes, name)
    except OSError as err:
        raise IdxError(f"{name}: cannot be read ({err})") from None
    finally:
        if close:
            stream.close()
    if len(data) < 4:
        raise IdxError(f"{name}: {len(data)} bytes is too short for an IDX file (the header alone is at least 4)")
    zero1, zero2, type_code, ndim = data[0], data[1], data[2], data[3]
    magic = int.from_bytes(data[:4], "big")
    if wanted is not None and magic != wanted:
        raise IdxError(
            f"{name}: this is not an IDX {what} file: its magic number is 0x{magic:08X}, "
            f"{what} files start with 0x{wanted:08X}"
        )
    if zero1 != 0 or zero2 != 0 or type_code not in IDX_TYPES or ndim == 0:
        raise IdxError(
            f"{name}: not an IDX file (it starts with 0x{magic:08X}; IDX files start with 0x000008…, "
            "e.g. 0x00000803 for images and 0x00000801 for labels)"
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxError(f"{name}: the file is truncated: it ends inside its header of {ndim} sizes")
    shape = tuple(int.from_bytes(data[4 + 4 * k: 8 + 4 * k], "big") for k in range(ndim))
    dtype = IDX_TYPES[type_code]
    count = 1
    for n in shape:
        count *= n
    expected = count * dtype.itemsize
    sizes = " × ".join(map(str, shape))
    if expected > max_bytes:
        raise IdxError(
            f"{name}: the header announces {sizes} numbers ({expected:,} bytes), "
            f"more than the {max_bytes:,} bytes this program reads"
        )
    body = len(data) - header
    if body < expected:
        raise IdxError(
            f"{name}: the file is truncated: its header announces {sizes} numbers "
            f"({expected:,} bytes) but only {body:,} bytes follow"
        )
    if body > expected:
        raise IdxError(f"{name}: {body - expected:,} bytes more than its header announces ({sizes} numbers)")
    arr = np.frombuffer(data, dtype=dtype, count=count, offset=header).reshape(shape)
    return arr.astype(dtype.newbyteorder("="))


def _name(source) -> str:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "the data"
    if hasattr(source, "read"):
        return getattr(source, "name", "the data")
    return str(os.fspath(source))


def read_mnist(images, labels, *, max_bytes: int = MAX_IDX_BYTES) -> tuple[np.ndarray, np.ndarray]:
    """An image file and its label file, checked to belong together.

    Returns
    -------
    (images, labels) : ndarray uint8 (n, rows, cols), ndarray uint8 (n,)

    Raises
    ------
    IdxError
        As :func:`read_idx`, or when the two files hold different numbers of
        items.
    """
    X = read_images(images, max_bytes=max_bytes)
    y = read_labels(labels, max_bytes=max_bytes)
    if X.shape[0] != y.shape[0]:
        raise IdxError(
            f"{_name(images)} holds {X.shape[0]:,} images but {_name(labels)} holds {y.shape[0]:,} labels: "
            "they do not belong together"
        )
    return X, y


def idx_dataset(images, labels, *, name: str = "idx", title: str = "IDX digits",
                max_bytes: int = MAX_IDX_BYTES) -> Dataset:
    """An MNIST-style pair of files as a Dataset (inputs /255, one-hot targets).

    The number of classes is the largest label + 1, at least 10 (the digits).
    """
    X, y = read_mnist(images, labels, max_bytes=max_bytes)
    n, rows, cols = X.shape
    if n == 0:
        raise IdxError(f"{_name(images)} holds no images")
    k = max(10, int(y.max()) + 1)
    return Dataset(
        name=name,
        title=title,
        X=X.reshape(n, rows * cols).astype(np.float64) / 255.0,
        Y=one_hot(y, k),
        input_names=[f"pixel ({r + 1}, {c + 1})" for r in range(rows) for c in range(cols)],
        target_names=[str(c) for c in range(k)],
        task="classification",
        class_names=[str(c) for c in range(k)],
        description=f"{n:,} images of {rows}×{cols} pixels read from IDX files; inputs are pixel / 255.",
        image_shape=(rows, cols),
    )


__all__ = [
    "IMAGES_MAGIC", "LABELS_MAGIC", "MAX_IDX_BYTES", "IdxError",
    "idx_dataset", "read_idx", "read_images", "read_labels", "read_mnist",
]
