"""IDX files (MNIST's format), written by the tests themselves, good and broken."""

import gzip
import io
import os
import struct

import numpy as np
import pytest

from nnapp.engine import idx as idx_module
from nnapp.engine.idx import (
    IMAGES_MAGIC,
    LABELS_MAGIC,
    MNIST_FILES,
    IdxError,
    cached_images,
    check_pairs,
    clear_cache,
    find_mnist_files,
    idx_dataset,
    mnist_dataset,
    read_idx,
    read_images,
    read_labels,
    read_mnist,
)


def idx_bytes(arr: np.ndarray, type_code: int = 0x08) -> bytes:
    """The IDX form of ``arr``: 0, 0, type, ndim, big-endian sizes, big-endian numbers."""
    dtype = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}[type_code]
    header = bytes([0, 0, type_code, arr.ndim]) + b"".join(struct.pack(">I", n) for n in arr.shape)
    return header + np.asarray(arr, dtype=dtype).tobytes()


@pytest.fixture
def pair(tmp_path):
    rng = np.random.default_rng(3)
    images = rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8)
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    img, lab = tmp_path / "t10k-images-idx3-ubyte", tmp_path / "t10k-labels-idx1-ubyte.gz"
    img.write_bytes(idx_bytes(images))
    lab.write_bytes(gzip.compress(idx_bytes(labels)))
    return img, lab, images, labels


def test_header_layout_is_mnists():
    data = idx_bytes(np.zeros((2, 28, 28), np.uint8))
    assert data[:4] == b"\x00\x00\x08\x03" and int.from_bytes(data[:4], "big") == IMAGES_MAGIC
    assert data[4:16] == b"\x00\x00\x00\x02\x00\x00\x00\x1c\x00\x00\x00\x1c" and len(data) == 16 + 2 * 784
    assert int.from_bytes(idx_bytes(np.zeros(3, np.uint8))[:4], "big") == LABELS_MAGIC


def test_reads_plain_and_gzipped_files(pair):
    img, lab, images, labels = pair
    got = read_images(img)
    assert got.dtype == np.uint8 and got.shape == (5, 28, 28)
    np.testing.assert_array_equal(got, images)
    np.testing.assert_array_equal(read_labels(lab), labels)  # gzip found by its first bytes
    # the same file gzipped under a name without .gz, and as bytes or a file object
    gz = img.with_name("images-no-suffix")
    gz.write_bytes(gzip.compress(img.read_bytes()))
    np.testing.assert_array_equal(read_images(gz), images)
    np.testing.assert_array_equal(read_images(img.read_bytes()), images)
    with open(img, "rb") as f:
        np.testing.assert_array_equal(read_images(f), images)
    X, y = read_mnist(img, lab)
    np.testing.assert_array_equal(y, labels)


@pytest.mark.parametrize("type_code, values", [
    (0x09, [-128, 0, 127]), (0x0B, [-300, 2, 30000]), (0x0C, [-70000, 0, 2**31 - 1]),
    (0x0D, [0.5, -1.25, 3.0]), (0x0E, [1e-300, -2.5, 1e300]),
])
def test_other_number_types_are_big_endian(type_code, values):
    arr = np.array(values).reshape(3, 1)
    got = read_idx(idx_bytes(arr, type_code))
    assert got.shape == (3, 1) and got.dtype.isnative
    np.testing.assert_array_equal(got, arr)


def test_dataset_from_a_pair(pair):
    img, lab, images, labels = pair
    ds = idx_dataset(img, lab, name="t10k")
    assert ds.image_shape == (28, 28) and ds.n_inputs == 784 and ds.n_outputs == 10
    np.testing.assert_array_equal(ds.X * 255, images.reshape(5, 784))
    np.testing.assert_array_equal(ds.labels(), labels)


# --- broken files ------------------------------------------------------------------------


def test_images_and_labels_swapped_is_a_wrong_magic(pair):
    img, lab, _, _ = pair
    with pytest.raises(IdxError, match=r"not an IDX image file: its magic number is 0x00000801"):
        read_images(lab)
    with pytest.raises(IdxError, match=r"not an IDX label file: its magic number is 0x00000803"):
        read_labels(img)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, b"\x00\x00\x07\x01\x00\x00\x00\x00",
                                  b"\x00\x00\x08\x00"])
def test_not_idx_at_all(data):
    with pytest.raises(IdxError, match="not an IDX file"):
        read_idx(data)


def test_too_short_for_a_header():
    with pytest.raises(IdxError, match="too short"):
        read_idx(b"\x00\x00")
    with pytest.raises(IdxError, match="truncated: it ends inside its header"):
        read_idx(b"\x00\x00\x08\x03\x00\x00\x00\x05\x00\x00")


def test_truncated_data(tmp_path, pair):
    img = pair[0]
    cut = tmp_path / "cut"
    cut.write_bytes(img.read_bytes()[:-100])
    with pytest.raises(IdxError, match=r"truncated: its header announces 5 × 28 × 28 numbers \(3,920 bytes\) "
                                       r"but only 3,820 bytes follow") as info:
        read_images(cut)
    assert str(cut) in str(info.value)


def test_truncated_gzip(tmp_path, pair):
    lab = pair[1]
    cut = tmp_path / "cut.gz"
    cut.write_bytes(lab.read_bytes()[:-12])
    with pytest.raises(IdxError, match="gzip data is damaged or cut short"):
        read_labels(cut)


def test_extra_bytes():
    with pytest.raises(IdxError, match="2 bytes more than its header announces"):
        read_labels(idx_bytes(np.zeros(3, np.uint8)) + b"\x00\x00")


def test_mismatched_counts(tmp_path, pair):
    img = pair[0]
    lab = tmp_path / "labels"
    lab.write_bytes(idx_bytes(np.zeros(4, np.uint8)))
    with pytest.raises(IdxError, match="holds 5 images but .* holds 4 labels"):
        read_mnist(img, lab)


def test_too_large_by_header_and_by_content():
    # a header that announces 100,000 × 28 × 28 bytes (78 MB) is refused before reading further
    header = bytes([0, 0, 8, 3]) + struct.pack(">III", 100_000, 28, 28)
    with pytest.raises(IdxError, match=r"announces 100,000 × 28 × 28 numbers \(78,400,000 bytes\), more than"):
        read_idx(header + b"\x00" * 10, max_bytes=1_000_000)
    # a small gzip file that unzips to more than the limit stops reading at the limit
    bomb = gzip.compress(idx_bytes(np.zeros(2_000_000, np.uint8)))
    assert len(bomb) < 10_000
    with pytest.raises(IdxError, match="more than 1,000,000 bytes, too large"):
        read_idx(io.BytesIO(bomb), max_bytes=1_000_000)


def test_missing_file(tmp_path):
    with pytest.raises(IdxError, match="no such file"):
        read_images(tmp_path / "nothing-here")


def test_a_wrong_magic_says_what_the_file_is():
    with pytest.raises(IdxError, match=r"magic number is 0x00000802, that of 2-dimensional unsigned bytes; "
                                       r"image files start with 0x00000803"):
        read_images(idx_bytes(np.zeros((2, 784), np.uint8)))
    with pytest.raises(IdxError, match=r"magic number is 0x00000D01, that of 1-dimensional 32-bit floats"):
        read_labels(idx_bytes(np.zeros(3), 0x0D))
    with pytest.raises(IdxError, match=r"magic number is 0x12345678 \(not an IDX file at all\)"):
        read_labels(b"\x12\x34\x56\x78" + b"\x00" * 8)


# --- the four MNIST files ----------------------------------------------------------------


def write_set(folder, n_train=6, n_test=4, *, gz=False, names=MNIST_FILES, shape=(28, 28), labels=None):
    """The four files of a small MNIST-style set in ``folder``; their arrays by role."""
    rng = np.random.default_rng(5)
    arrays = {
        "train_images": rng.integers(0, 256, size=(n_train, *shape), dtype=np.uint8),
        "train_labels": np.arange(n_train, dtype=np.uint8) % 10,
        "test_images": rng.integers(0, 256, size=(n_test, *shape), dtype=np.uint8),
        "test_labels": (np.arange(n_test, dtype=np.uint8) * 3) % 10 if labels is None else labels,
    }
    folder.mkdir(parents=True, exist_ok=True)
    for role, arr in arrays.items():
        data = idx_bytes(arr)
        (folder / (names[role] + (".gz" if gz else ""))).write_bytes(gzip.compress(data) if gz else data)
    return arrays


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


def test_the_standard_names_are_found_in_a_folder(tmp_path):
    write_set(tmp_path / "plain")
    found = find_mnist_files(tmp_path / "plain")
    assert {role: p.name for role, p in found.items()} == MNIST_FILES
    write_set(tmp_path / "gz", gz=True)
    assert {role: p.name for role, p in find_mnist_files(tmp_path / "gz").items()} == {
        role: name + ".gz" for role, name in MNIST_FILES.items()}
    # some copies write a dot before idx3 / idx1, and capitals
    dotted = {role: name.upper().replace("-IDX", ".IDX") for role, name in MNIST_FILES.items()}
    write_set(tmp_path / "dotted", names=dotted)
    assert set(find_mnist_files(tmp_path / "dotted")) == set(MNIST_FILES)
    assert find_mnist_files(tmp_path / "nowhere") == {}


def test_a_folder_named_like_the_file_holding_it_counts(tmp_path):
    # as some archives unpack: train-images-idx3-ubyte/train-images-idx3-ubyte
    write_set(tmp_path / "flat")
    for role, name in MNIST_FILES.items():
        (tmp_path / "nested" / name).mkdir(parents=True)
        (tmp_path / "flat" / name).rename(tmp_path / "nested" / name / name)
    found = find_mnist_files(tmp_path / "nested")
    assert found["train_images"] == tmp_path / "nested" / "train-images-idx3-ubyte" / "train-images-idx3-ubyte"
    assert len(found) == 4


def test_mnist_dataset_splits_like_the_built_in_digit_sets(tmp_path):
    arrays = write_set(tmp_path, gz=True)
    files = find_mnist_files(tmp_path)
    train = mnist_dataset(files, "train")
    assert train.X.shape == (6, 784) and train.image_shape == (28, 28) and train.n_outputs == 10
    np.testing.assert_array_equal(train.X * 255, arrays["train_images"].reshape(6, 784))
    np.testing.assert_array_equal(train.labels(), arrays["train_labels"])
    assert "6 training, 4 test pictures" in train.description
    test = mnist_dataset(files, "test")
    np.testing.assert_array_equal(test.labels(), arrays["test_labels"])
    both = mnist_dataset(files, "all")
    assert both.n_samples == 10 and both.title == "IDX pictures (training and test files)"
    with pytest.raises(IdxError, match="split must be one of train, test, all, not 'validation'"):
        mnist_dataset(files, "validation")


def test_both_parts_have_the_outputs_of_the_largest_label(tmp_path):
    # a label 11 in the test file: 12 classes for the training rows too, so a network fits both
    write_set(tmp_path, labels=np.array([0, 1, 11, 2], np.uint8))
    files = find_mnist_files(tmp_path)
    assert mnist_dataset(files, "train").n_outputs == 12
    assert mnist_dataset(files, "test").class_names[-1] == "11"


def test_pairs_must_be_whole(tmp_path):
    write_set(tmp_path)
    files = find_mnist_files(tmp_path)
    assert check_pairs(files) == ["train", "test"]
    with pytest.raises(IdxError, match="the training images file is chosen but not the training labels file"):
        check_pairs({k: v for k, v in files.items() if k != "train_labels"})
    with pytest.raises(IdxError, match="choose the training images and labels, or the test images and labels"):
        check_pairs({})
    only_train = {k: v for k, v in files.items() if k.startswith("train")}
    with pytest.raises(IdxError, match="the split 'test' needs the test images and test labels files"):
        mnist_dataset(only_train, "test")
    assert mnist_dataset(only_train, "all").n_samples == 6


def test_files_are_read_once_while_unchanged(tmp_path, monkeypatch):
    write_set(tmp_path)
    files = find_mnist_files(tmp_path)
    reads = []
    real = idx_module.read_images
    monkeypatch.setattr(idx_module, "read_images", lambda p, **kw: reads.append(p) or real(p, **kw))
    first = mnist_dataset(files, "train")
    assert mnist_dataset(files, "train") is first                  # in use: the same object
    assert not first.X.flags.writeable
    del first
    mnist_dataset(files, "test")
    mnist_dataset(files, "train")
    assert len(reads) == 2                                          # each image file once
    # written again: read again
    img = files["train_images"]
    img.write_bytes(idx_bytes(np.zeros((6, 28, 28), np.uint8)))
    os.utime(img, ns=(0, 1))
    assert mnist_dataset(files, "train").X.max() == 0.0
    assert len(reads) == 3
    assert cached_images(img) is cached_images(img)


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(IdxError, match="is a folder, not a file"):
        cached_images(tmp_path)
