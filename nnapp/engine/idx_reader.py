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
:class:`~.datasets.Dataset`. It knows nothing of the MNIST database's four
files, their names, the splits or the cache of files already read
(``nnapp.engine.idx``). It does not download anything.
"""

from __future__ import annotations

import io
import math
import os
import zlib
from typing import BinaryIO

import numpy as np

from nnapp.text import marked, plural, tr

from .datasets import Dataset, one_hot
from .regular_files import NotAFileError, open_regular


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
        return io.BytesIO(bytes(source)), tr("the data"), True
    if hasattr(source, "read"):
        return source, source.name if hasattr(source, "name") else tr("the data"), False
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
        if what == "image":
            message = tr("{name}: this is not an IDX image file: its magic number is 0x{magic:08X}"
                         "{what_magic}; image files start with 0x{wanted:08X}")
        else:
            message = tr("{name}: this is not an IDX label file: its magic number is 0x{magic:08X}"
                         "{what_magic}; label files start with 0x{wanted:08X}")
        raise IdxError(message.format(name=name, magic=magic, what_magic=_what_magic(magic), wanted=wanted))
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


TYPE_WORDS = {0x08: marked("unsigned bytes"), 0x09: marked("signed bytes"), 0x0B: marked("16-bit integers"),
              0x0C: marked("32-bit integers"), 0x0D: marked("32-bit floats"), 0x0E: marked("64-bit floats")}


def _what_magic(magic: int) -> str:
    """", that of a label file" — what a valid IDX magic number means, for messages."""
    if magic == LABELS_MAGIC:
        return tr(", that of a label file")
    if magic == IMAGES_MAGIC:
        return tr(", that of an image file")
    type_code, ndim = (magic >> 8) & 0xFF, magic & 0xFF
    if magic >> 16 == 0 and type_code in TYPE_WORDS and ndim > 0:
        return tr(", that of {ndim}-dimensional {numbers}").format(ndim=ndim, numbers=tr(TYPE_WORDS[type_code]))
    return tr(" (not an IDX file at all)")


def _name(source) -> str:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return tr("the data")
    if hasattr(source, "read"):
        return source.name if hasattr(source, "name") else tr("the data")
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
    check_pair(X, y, images, labels)
    return X, y


def check_pair(X: np.ndarray, y: np.ndarray, images, labels) -> None:
    """Raise :class:`IdxError` unless the pictures ``X`` (n, rows, cols) read
    from ``images`` and the labels ``y`` (n,) read from ``labels`` are as many."""
    if X.shape[0] != y.shape[0]:
        raise IdxError(
            tr("{images} holds {n_images:,} images but {labels} holds {n_labels:,} labels: "
               "they do not belong together")
            .format(images=_name(images), n_images=X.shape[0], labels=_name(labels), n_labels=y.shape[0])
        )


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
        description=plural(n, "{n:,} image of {rows}×{cols} pixels read from IDX files; inputs are pixel / 255.",
                           "{n:,} images of {rows}×{cols} pixels read from IDX files; inputs are pixel / 255.")
        .format(n=n, rows=rows, cols=cols),
    )


def _image_dataset(images: np.ndarray, labels: np.ndarray, n_classes: int, *, name: str, title: str,
                   description: str) -> Dataset:
    """Pictures (n, rows, cols) of 0…255 and their labels as a Dataset with X = pixel / 255.

    The pixels reach the Dataset as bytes, become float64 there (one copy of
    n × rows × cols × 8 bytes) and are divided in place, so the peak is that
    array and not two of them.
    """
    n, rows, cols = images.shape
    pixel = tr("pixel ({row}, {column})")
    ds = Dataset(
        name=name,
        title=title,
        X=images.reshape(n, rows * cols),
        Y=one_hot(labels, n_classes),
        input_names=[pixel.format(row=r + 1, column=c + 1) for r in range(rows) for c in range(cols)],
        target_names=[str(c) for c in range(n_classes)],
        task="classification",
        class_names=[str(c) for c in range(n_classes)],
        description=description,
        image_shape=(rows, cols),
    )
    ds.X /= 255.0
    return ds
