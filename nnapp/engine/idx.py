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
and label files of different lengths, a file too large to be read, a path
that names a FIFO or a device (refused at once, never waited on).

Reading is bounded before anything large is made: the header is read first
and the sizes it announces are checked against the limits (bytes, values
per picture, values in all) and, for a plain file, against the file's
size; only then is the array made and filled straight from the file. A
gzip file is unzipped a bounded piece at a time and refused as soon as it
holds more than its header announces, so a small file that unzips to
gigabytes costs nothing.

This module turns files into arrays; :func:`idx_dataset` wraps a pair as a
:class:`~.datasets.Dataset`, and :func:`mnist_dataset` the training and test
pairs of the MNIST database (:data:`MNIST_FILES` gives their standard names,
:func:`find_mnist_files` finds them in a folder), choosing the rows the way
the built-in digit sets do (``split``: "train", "test" or "all"). Files read
through :func:`mnist_dataset` are kept in memory until they change on disk,
so choosing another split does not read them again. It does not download
anything.
"""

from __future__ import annotations

import io
import math
import os
import stat
import threading
import weakref
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import BinaryIO, Mapping

import numpy as np

from nnapp.text import tr

from .datasets import Dataset, one_hot
from .regular_files import NotAFileError, kind_of, open_regular

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


MAX_PICTURE_VALUES = 1024 * 1024
"""Most values one item of a file may hold — one picture of an image file:
1024 × 1024 (an MNIST picture is 28 × 28 = 784). Each becomes an input of
the network."""

MAX_IDX_VALUES = 64 * 1024 * 1024
"""Most values a file may hold in all (67,108,864): MNIST's 60,000 training
pictures hold 47,040,000. As inputs they take 8 bytes each."""

CHUNK = 1024 * 1024
"""Bytes read (and unzipped) at a time."""


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
        f, _ = open_regular(path)
        return f, str(path), True
    except FileNotFoundError:
        raise IdxError(tr("{path}: there is no such file").format(path=path)) from None
    except NotAFileError as err:
        raise IdxError(tr("{path}: {problem}").format(path=path, problem=err.problem)) from None
    except (OSError, ValueError) as err:
        raise IdxError(tr("{path}: cannot be opened ({value})")
                       .format(path=path, value=getattr(err, 'strerror', None) or err)) from None


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


class _Plain:
    """The bytes of an uncompressed stream, a piece at a time."""

    def __init__(self, stream, name: str) -> None:
        self.stream = stream
        self.name = name

    def piece(self, limit: int) -> bytes:
        """Up to ``limit`` bytes (fewer only at the end); b"" at the end."""
        return self.stream.read(min(limit, CHUNK))


class _Gunzip:
    """The unzipped bytes of a gzip stream, a bounded piece at a time.

    Nothing larger than ``CHUNK`` bytes of compressed input or the asked
    number of output bytes is held, so a small file that unzips to
    gigabytes is refused as soon as its output passes what the header
    announces. Several gzip members one after another read as one stream,
    and zero bytes after the last member are ignored, as ``gzip`` does.
    """

    def __init__(self, stream, name: str) -> None:
        self.stream = stream
        self.name = name
        self.unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def piece(self, limit: int) -> bytes:
        """Up to ``limit`` unzipped bytes (fewer only at the end); b"" at the end."""
        limit = max(1, min(limit, CHUNK))
        while True:
            if self.unzip.eof:
                data = self.unzip.unused_data or self.stream.read(CHUNK)
                data = data.lstrip(b"\x00")
                while not data:
                    more = self.stream.read(CHUNK)
                    if not more:
                        return b""
                    data = more.lstrip(b"\x00")
                self.unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
            elif self.unzip.unconsumed_tail:
                data = self.unzip.unconsumed_tail
            else:
                data = self.stream.read(CHUNK)
                if not data:
                    raise IdxError(tr("{name}: the gzip data is damaged or cut short (it ends early)")
                                   .format(name=self.name))
            try:
                out = self.unzip.decompress(data, limit)
            except zlib.error as err:
                raise IdxError(tr("{name}: the gzip data is damaged or cut short ({err})")
                               .format(name=self.name, err=err)) from None
            if out:
                return out


def _exactly(body, n: int) -> bytes:
    """``n`` bytes of ``body``, fewer only when it ends."""
    out = b""
    while len(out) < n:
        piece = body.piece(n - len(out))
        if not piece:
            break
        out += piece
    return out


def _remaining(stream) -> int | None:
    """Bytes left in a seekable stream, or None when that cannot be known."""
    try:
        if not stream.seekable():
            return None
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(here)
        return end - here
    except (AttributeError, OSError, ValueError):
        return None


def read_idx(source, *, max_bytes: int = MAX_IDX_BYTES) -> np.ndarray:
    """The array an IDX file holds.

    The header is read first; the sizes it announces are checked against
    the limits (``max_bytes``, :data:`MAX_PICTURE_VALUES`,
    :data:`MAX_IDX_VALUES`) and, for a plain file, against the bytes the
    file has, before the array is made. The numbers are then read straight
    into it (a gzip file is unzipped a bounded piece at a time).

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
        For a missing file or a special file (a FIFO, a device), a wrong
        magic number, an unknown type, a file shorter (truncated) or longer
        than its header says, or one too large.
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
        return _parse(stream, name, max_bytes, wanted, what)
    except OSError as err:
        raise IdxError(tr("{name}: cannot be read ({err})").format(name=name, err=err)) from None
    finally:
        if close:
            stream.close()


def _parse(stream, name: str, max_bytes: int, wanted: int | None, what: str) -> np.ndarray:
    head = stream.read(2)
    gzipped = head == GZIP_MAGIC
    size = None if gzipped else _remaining(stream)
    if size is not None:
        size += len(head)
    body = _Gunzip(_Prefixed(head, stream), name) if gzipped else _Plain(_Prefixed(head, stream), name)
    start = _exactly(body, 4)
    if len(start) < 4:
        raise IdxError(tr("{name}: {n_start} bytes is too short for an IDX file (the header alone is at least 4)")
                       .format(name=name, n_start=len(start)))
    zero1, zero2, type_code, ndim = start[0], start[1], start[2], start[3]
    magic = int.from_bytes(start, "big")
    if wanted is not None and magic != wanted:
        raise IdxError(
            tr("{name}: this is not an IDX {what} file: its magic number is 0x{magic:08X}"
               "{what_magic}; {what} files start with 0x{wanted:08X}")
            .format(name=name, what=what, magic=magic, what_magic=_what_magic(magic), wanted=wanted)
        )
    if zero1 != 0 or zero2 != 0 or type_code not in IDX_TYPES or ndim == 0:
        raise IdxError(
            tr("{name}: not an IDX file (it starts with 0x{magic:08X}; IDX files start with 0x000008…, "
               "e.g. 0x00000803 for images and 0x00000801 for labels)").format(name=name, magic=magic)
        )
    sizes_raw = _exactly(body, 4 * ndim)
    if len(sizes_raw) < 4 * ndim:
        raise IdxError(tr("{name}: the file is truncated: it ends inside its header of {ndim} sizes")
                       .format(name=name, ndim=ndim))
    header = 4 + 4 * ndim
    shape = tuple(int.from_bytes(sizes_raw[4 * k: 4 * k + 4], "big") for k in range(ndim))
    dtype = IDX_TYPES[type_code]
    count = math.prod(shape)
    expected = count * dtype.itemsize
    sizes = " × ".join(f"{n:,}" for n in shape)
    per_item = math.prod(shape[1:]) if ndim > 1 else 1
    if per_item > MAX_PICTURE_VALUES:
        item = " × ".join(f"{n:,}" for n in shape[1:])
        if ndim == 3:
            text = tr("{name}: each picture has {item} = {per_item:,} values; nnapp reads "
                      "pictures of up to {most:,} values (1,024 × 1,024; an MNIST picture is 28 × 28 = 784)")
        else:
            text = tr("{name}: each item has {item} = {per_item:,} values; nnapp reads "
                      "pictures of up to {most:,} values (1,024 × 1,024; an MNIST picture is 28 × 28 = 784)")
        raise IdxError(text.format(name=name, item=item, per_item=per_item, most=MAX_PICTURE_VALUES))
    if expected > max_bytes:
        raise IdxError(
            tr("{name}: the header announces {sizes} numbers ({expected:,} bytes), "
               "more than {max_bytes:,} bytes, too large to read")
            .format(name=name, sizes=sizes, expected=expected, max_bytes=max_bytes)
        )
    if count > MAX_IDX_VALUES:
        raise IdxError(
            tr("{name}: the header announces {sizes} = {count:,} values; nnapp reads files of up to "
               "{max_idx_values:,} values (MNIST's 60,000 training pictures hold 47,040,000)")
            .format(name=name, sizes=sizes, count=count, max_idx_values=MAX_IDX_VALUES)
        )
    if size is not None:
        present = size - header
        if present < expected:
            raise IdxError(
                tr("{name}: the file is truncated: its header announces {sizes} numbers "
                   "({expected:,} bytes) but only {present:,} bytes follow")
                .format(name=name, sizes=sizes, expected=expected, present=present)
            )
        if present > expected:
            raise IdxError(tr("{name}: {value:,} bytes more than its header announces ({sizes} numbers)")
                           .format(name=name, value=present - expected, sizes=sizes))
    out = np.empty(expected, dtype=np.uint8)
    filled = 0
    while filled < expected:
        piece = body.piece(expected - filled)
        if not piece:
            raise IdxError(
                tr("{name}: the file is truncated: its header announces {sizes} numbers "
                   "({expected:,} bytes) but only {filled:,} bytes follow")
                .format(name=name, sizes=sizes, expected=expected, filled=filled)
            )
        out[filled: filled + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
        filled += len(piece)
    extra = body.piece(CHUNK)
    if extra:
        raise IdxError(tr("{name}: the file holds more bytes than its header announces ({sizes} numbers)")
                       .format(name=name, sizes=sizes))
    arr = out.view(dtype).reshape(shape)
    return arr.astype(dtype.newbyteorder("="), copy=False)


TYPE_WORDS = {0x08: "unsigned bytes", 0x09: "signed bytes", 0x0B: "16-bit integers",
              0x0C: "32-bit integers", 0x0D: "32-bit floats", 0x0E: "64-bit floats"}


def _what_magic(magic: int) -> str:
    """", that of a label file" — what a valid IDX magic number means, for messages."""
    if magic == LABELS_MAGIC:
        return ", that of a label file"
    if magic == IMAGES_MAGIC:
        return ", that of an image file"
    type_code, ndim = (magic >> 8) & 0xFF, magic & 0xFF
    if magic >> 16 == 0 and type_code in TYPE_WORDS and ndim > 0:
        return f", that of {ndim}-dimensional {TYPE_WORDS[type_code]}"
    return " (not an IDX file at all)"


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
            tr("{name} holds {shape:,} images but {name2} holds {shape2:,} labels: "
               "they do not belong together")
            .format(name=_name(images), shape=X.shape[0], name2=_name(labels), shape2=y.shape[0])
        )
    return X, y


def idx_dataset(images, labels, *, name: str = "idx", title: str = "IDX digits",
                max_bytes: int = MAX_IDX_BYTES) -> Dataset:
    """An MNIST-style pair of files as a Dataset (inputs /255, one-hot targets).

    The number of classes is the largest label + 1, at least 10 (the digits).
    """
    X, y = read_mnist(images, labels, max_bytes=max_bytes)
    if X.shape[0] == 0:
        raise IdxError(tr("{name} holds no images").format(name=_name(images)))
    k = max(10, int(y.max()) + 1)
    n, rows, cols = X.shape
    return _image_dataset(
        X, y, k, name=name, title=title,
        description=f"{n:,} images of {rows}×{cols} pixels read from IDX files; inputs are pixel / 255.",
    )


def _image_dataset(images: np.ndarray, labels: np.ndarray, n_classes: int, *, name: str, title: str,
                   description: str) -> Dataset:
    """Pictures (n, rows, cols) of 0…255 and their labels as a Dataset with X = pixel / 255.

    The pixels reach the Dataset as bytes, become float64 there (one copy of
    n × rows × cols × 8 bytes) and are divided in place, so the peak is that
    array and not two of them.
    """
    n, rows, cols = images.shape
    ds = Dataset(
        name=name,
        title=title,
        X=images.reshape(n, rows * cols),
        Y=one_hot(labels, n_classes),
        input_names=[f"pixel ({r + 1}, {c + 1})" for r in range(rows) for c in range(cols)],
        target_names=[str(c) for c in range(n_classes)],
        task="classification",
        class_names=[str(c) for c in range(n_classes)],
        description=description,
        image_shape=(rows, cols),
    )
    ds.X /= 255.0
    return ds


# --- the four MNIST files -------------------------------------------------------------------

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
            raise IdxError(tr("the {role_words} file is chosen but not the {role_words2} file")
                           .format(role_words=_role_words(given), role_words2=_role_words(missing)))
        if has_images:
            parts.append(part)
    if not parts:
        raise IdxError(tr("choose the training images and labels, or the test images and labels"))
    return parts


def _role_words(role: str) -> str:
    """"training images", "test labels"."""
    part, kind = role.split("_")
    return f"{'training' if part == 'train' else 'test'} {kind}"


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
    if X.shape[0] != y.shape[0]:
        raise IdxError(
            tr("{name} holds {shape:,} images but {name2} holds {shape2:,} labels: "
               "they do not belong together")
            .format(name=_name(images), shape=X.shape[0], name2=_name(labels), shape2=y.shape[0])
        )
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
            "the training pictures are {}×{} pixels but the test pictures {}×{}: they do not belong together"
            .format(*shapes["train"], *shapes["test"])
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
    which = {"train": "training files", "test": "test files", "all": "training and test files"}[split]
    counts = ", ".join(f"{read[p][0].shape[0]:,} {'training' if p == 'train' else 'test'}" for p in parts)
    ds = _image_dataset(
        X, y, k, name=Path(os.fspath(files[PAIRS[wanted[0]][0]])).name, title=f"IDX pictures ({which})",
        description=(
            f"Pictures of {rows}×{cols} pixels and their labels read from IDX files (the format of the "
            f"MNIST database): {counts} pictures. The inputs are the pixels row by row divided by 255; "
            f"the targets are one-hot over the labels 0…{k - 1}."
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
