"""MNIST-style IDX files as a document's data: the "idx" data section.

The files are written by the tests from rows of the built-in mnist5k set
(500 of each digit, sorted by label): 20 training and 5 test pictures of
every digit, so the data is small but real digits. Most tests give it to a
quick 784 → 10 network; training uses the mnist example (784 → 128 → 10).
"""

from __future__ import annotations

import gzip
import json
import struct
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine import idx
from nnapp.engine.datasets import read_digit_archive
from nnapp.engine.serialize import FileFormatError
from nnapp.model.data_checks import IDX_FILE_KEYS, IDX_KEYS, IDX_OPTION_KEYS, check_data
from nnapp.engine.settings import TrainingSettings
from nnapp.engine.network import Network
from nnapp.engine.propagation import predict
from nnapp.engine.training import train
from nnapp.model.data import (
    SetData, absolute_paths, dataset_for, describe_source, fixed_test_section, load_section, relative_paths,
)
from nnapp.model.document import Document
from nnapp.model.errors import EditError, ShapeMismatch
from nnapp.model.files import open_document, open_example, save_document
from nnapp.model.history import History
from nnapp.model.training import training_data

ROOT = Path(__file__).resolve().parents[2]
TRAIN_PER_DIGIT, TEST_PER_DIGIT = 20, 5


def idx_bytes(arr: np.ndarray) -> bytes:
    """Unsigned bytes in IDX form: 0, 0, 0x08, ndim, the sizes big-endian, the bytes."""
    header = bytes([0, 0, 0x08, arr.ndim]) + b"".join(struct.pack(">I", n) for n in arr.shape)
    return header + np.ascontiguousarray(arr, dtype=np.uint8).tobytes()


def digit_rows() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(train pictures, train labels, test pictures, test labels) from mnist5k,
    each digit in turn: 0, 1, … 9, 0, 1 … (not sorted by label)."""
    arrays = read_digit_archive("mnist5k")
    X, y = arrays["X"], arrays["y"]
    by_digit = [np.flatnonzero(y == d) for d in range(10)]
    train = np.array([by_digit[d][k] for k in range(TRAIN_PER_DIGIT) for d in range(10)])
    test = np.array([by_digit[d][-1 - k] for k in range(TEST_PER_DIGIT) for d in range(10)])
    return X[train].reshape(-1, 28, 28), y[train], X[test].reshape(-1, 28, 28), y[test]


def write_mnist(folder: Path, *, gz: bool = False, test: bool = True) -> dict[str, Path]:
    """The four standard files in ``folder`` (gzipped with ``gz``); their paths by role."""
    folder.mkdir(parents=True, exist_ok=True)
    tr_x, tr_y, te_x, te_y = digit_rows()
    arrays = {"train_images": tr_x, "train_labels": tr_y, "test_images": te_x, "test_labels": te_y}
    paths = {}
    for role, arr in arrays.items():
        if not test and role.startswith("test"):
            continue
        path = folder / (idx.MNIST_FILES[role] + (".gz" if gz else ""))
        data = idx_bytes(arr)
        path.write_bytes(gzip.compress(data) if gz else data)
        paths[role] = path
    return paths


def section_for(paths: dict[str, Path], split: str = "train") -> dict:
    return {"idx": {role: str(p) for role, p in paths.items()}, "options": {"split": split}}


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test reads its own files from disk."""
    idx.clear_cache()
    yield
    idx.clear_cache()


@pytest.fixture
def mnist_doc():
    """The mnist example: 784 inputs → 128 → 10 outputs, trained on mnist5k."""
    doc = Document()
    open_example(doc, "mnist")
    return doc


@pytest.fixture
def doc784():
    """A quick network for the data: 784 inputs → 10 softmax outputs."""
    doc = Document()
    doc.replace(Network.dense([784, 10], ["softmax"], rng=0))
    return doc


def state(doc: Document, history: History | None = None):
    return (json.dumps(doc.data, sort_keys=True), doc.training,
            None if history is None else history.index)


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzipped"])
def test_a_section_reads_the_pictures_and_labels(tmp_path, gz):
    paths = write_mnist(tmp_path / "mnist", gz=gz)
    tr_x, tr_y, te_x, te_y = digit_rows()
    ds = load_section(section_for(paths))
    assert (ds.n_samples, ds.n_inputs, ds.n_outputs) == (200, 784, 10)
    assert ds.image_shape == (28, 28) and ds.task == "classification"
    assert ds.class_names == [str(d) for d in range(10)] and ds.target_names == ds.class_names
    # the inputs are the pixels row by row divided by 255: 255 → 1.0, 0 → 0.0
    np.testing.assert_array_equal(ds.X, tr_x.reshape(200, 784) / 255.0)
    np.testing.assert_array_equal(ds.labels(), tr_y)
    assert ds.X.min() == 0.0 and ds.X.max() == 1.0
    test = load_section(section_for(paths, "test"))
    np.testing.assert_array_equal(test.X, te_x.reshape(50, 784) / 255.0)
    both = load_section(section_for(paths, "all"))
    assert both.n_samples == 250
    np.testing.assert_array_equal(both.labels(), np.concatenate([tr_y, te_y]))   # training rows first


def test_a_section_without_options_trains_on_the_training_files(tmp_path):
    paths = write_mnist(tmp_path)
    assert load_section({"idx": {k: str(v) for k, v in paths.items()}}).n_samples == 200


def test_only_test_files_can_be_a_dataset(tmp_path):
    paths = write_mnist(tmp_path)
    only_test = {k: v for k, v in paths.items() if k.startswith("test")}
    assert load_section(section_for(only_test, "test")).n_samples == 50
    with pytest.raises(FileFormatError, match="split is 'train', but data.idx names no train_images"):
        check_data(section_for(only_test, "train"))


def test_relative_paths_start_at_the_documents_folder(tmp_path):
    write_mnist(tmp_path / "data")
    section = {"idx": {"train_images": "data/train-images-idx3-ubyte",
                       "train_labels": "data/train-labels-idx1-ubyte"}}
    assert load_section(section, tmp_path).n_samples == 200
    assert describe_source(section, tmp_path) == f"the IDX files in {tmp_path / 'data'}"


def test_reading_again_uses_the_arrays_already_read_until_a_file_changes(tmp_path, monkeypatch):
    paths = write_mnist(tmp_path)
    reads = []
    real = idx.read_images
    monkeypatch.setattr(idx, "read_images", lambda path, **kw: reads.append(Path(path).name) or real(path, **kw))
    first = load_section(section_for(paths))
    assert load_section(section_for(paths)) is first          # the same data in use: the same object
    assert not first.X.flags.writeable                        # shared, so nobody may change it
    # another split reads each picture file once at most
    assert load_section(section_for(paths, "all")).n_samples == 250
    assert load_section(section_for(paths, "test")).n_samples == 50
    assert sorted(reads) == ["t10k-images-idx3-ubyte", "train-images-idx3-ubyte"]
    # a file written again (other pictures, another size) is read again
    fewer = idx.read_images(paths["train_images"])[:100]
    labels = idx.read_labels(paths["train_labels"])[:100]
    paths["train_images"].write_bytes(idx_bytes(fewer))
    paths["train_labels"].write_bytes(idx_bytes(labels))
    assert load_section(section_for(paths)).n_samples == 100


# --- choosing the data: one undoable edit --------------------------------------------------


def test_choosing_idx_files_is_undoable_and_trains_on_the_right_rows(tmp_path, doc784):
    paths = write_mnist(tmp_path, gz=True)
    history = History(doc784)
    before = state(doc784)
    history.push(SetData(section_for(paths), "Import MNIST", validation_split=0.1))
    assert doc784.data == section_for(paths)
    data = training_data(doc784)
    # 200 rows, 10 % held out per digit (2 of 20): 180 to train, 20 to validate
    assert data.X.shape == (180, 784) and data.Y.shape == (180, 10)
    assert data.X_val.shape == (20, 784)
    assert data.dataset.image_shape == (28, 28)
    history.undo()
    assert state(doc784) == before
    history.redo()
    assert doc784.data == section_for(paths)


def test_the_test_split_of_idx_files_has_fixed_test_rows(tmp_path):
    paths = write_mnist(tmp_path)
    section = {**section_for(paths), "normalise": {"method": "none"}}
    test = fixed_test_section(section)
    assert test == {**section, "options": {"split": "test"}} and section["options"] == {"split": "train"}
    assert load_section(test).n_samples == 50
    train_only = section_for({k: v for k, v in paths.items() if k.startswith("train")})
    assert fixed_test_section(train_only) is None
    assert fixed_test_section({"dataset": "mnist5k"}) == {"dataset": "mnist5k", "options": {"split": "test"}}
    assert fixed_test_section({"dataset": "gender"}) is None and fixed_test_section(None) is None


def test_data_that_does_not_fit_the_network_says_how_to_fix_it(tmp_path):
    doc = Document()
    open_example(doc, "gender")                      # 2 inputs → 1 output
    before = state(doc)
    with pytest.raises(ShapeMismatch, match="^the network has 2 inputs, the data has 784 input columns: "
                                            "add 782 input neurons or choose data with 2 input columns$"):
        History(doc).push(SetData(section_for(write_mnist(tmp_path))))
    assert state(doc) == before


# --- files that cannot be used: a message each, the document unchanged ---------------------


def _swap_magic(path: Path, magic: bytes) -> None:
    data = path.read_bytes()
    path.write_bytes(magic + data[4:])


BROKEN = {
    "not IDX at all": (
        lambda p: p["train_images"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        r"train-images-idx3-ubyte: this is not an IDX image file: its magic number is 0x89504E47 "
        r"\(not an IDX file at all\); image files start with 0x00000803"),
    "labels given as images": (
        lambda p: p["train_images"].write_bytes(p["train_labels"].read_bytes()),
        r"train-images-idx3-ubyte: this is not an IDX image file: its magic number is 0x00000801, "
        r"that of a label file; image files start with 0x00000803"),
    "images given as labels": (
        lambda p: p["train_labels"].write_bytes(p["train_images"].read_bytes()),
        r"train-labels-idx1-ubyte: this is not an IDX label file: its magic number is 0x00000803, "
        r"that of an image file; label files start with 0x00000801"),
    "wrong dimensionality": (
        lambda p: p["train_images"].write_bytes(idx_bytes(np.zeros((200, 784), np.uint8))),
        r"its magic number is 0x00000802, that of 2-dimensional unsigned bytes; image files start with 0x00000803"),
    "counts differ": (
        lambda p: p["train_labels"].write_bytes(idx_bytes(np.zeros(199, np.uint8))),
        r"train-images-idx3-ubyte holds 200 images but .*train-labels-idx1-ubyte holds 199 labels: "
        r"they do not belong together"),
    "truncated": (
        lambda p: p["train_images"].write_bytes(p["train_images"].read_bytes()[:-784]),
        r"the file is truncated: its header announces 200 × 28 × 28 numbers \(156,800 bytes\) "
        r"but only 156,016 bytes follow"),
    "gzip damaged": (
        lambda p: p["test_images"].write_bytes(gzip.compress(p["test_images"].read_bytes())[:-40]),
        r"t10k-images-idx3-ubyte: the gzip data is damaged or cut short"),
    "file missing": (
        lambda p: p["test_labels"].unlink(),
        r"t10k-labels-idx1-ubyte: there is no such file"),
    "pictures of two sizes": (
        lambda p: p["test_images"].write_bytes(idx_bytes(np.zeros((50, 20, 20), np.uint8))),
        r"the training pictures are 28×28 pixels but the test pictures 20×20: they do not belong together"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_file_is_refused_with_its_reason_and_nothing_changes(tmp_path, doc784, name):
    paths = write_mnist(tmp_path)
    damage, message = BROKEN[name]
    damage(paths)
    history = History(doc784)
    before = state(doc784, history)
    with pytest.raises(EditError, match=message) as info:
        history.push(SetData(section_for(paths)))
    assert str(info.value).startswith(f"the IDX files in {tmp_path} cannot be used: ")
    assert state(doc784, history) == before


@pytest.mark.parametrize("section, message", [
    ({"idx": {"train_images": "a"}}, "data.idx has 'train_images' but no 'train_labels'"),
    ({"idx": {"test_labels": "b"}}, "data.idx has 'test_labels' but no 'test_images'"),
    ({"idx": {}}, "data.idx names no files"),
    ({"idx": {"train_images": "a", "train_labels": ""}}, "data.idx.train_labels must not be empty"),
    ({"idx": {"train_images": "a", "train_labels": 3}}, "data.idx.train_labels must be a text in quotes, not 3"),
    ({"idx": {"train_images": "a", "train_labels": "b", "validation": "c"}},
     "data.idx has an unknown key 'validation'"),
    ({"idx": "folder"}, "data.idx must be an object"),
    ({"idx": {"train_images": "a", "train_labels": "b"}, "options": {"split": "tests"}},
     "data.options.split must be one of 'train', 'test', 'all', not the text \"tests\""),
    ({"idx": {"train_images": "a", "train_labels": "b"}, "options": {"split": "test"}},
     "data.options.split is 'test', but data.idx names no test_images and test_labels"),
    ({"idx": {"train_images": "a", "train_labels": "b"}, "options": {"n_samples": 3}},
     "data.options has an unknown key 'n_samples'"),
    ({"idx": {"train_images": "a", "train_labels": "b"}, "csv": "x.csv", "inputs": [0], "targets": [1]},
     "data has an unknown key 'idx'"),
])
def test_the_file_format_checks_an_idx_section(section, message):
    with pytest.raises(FileFormatError, match=message):
        check_data(section)


def test_a_malformed_section_is_refused_before_reading(doc784):
    history = History(doc784)
    before = state(doc784, history)
    with pytest.raises(EditError, match="data.idx has 'train_images' but no 'train_labels'"):
        history.push(SetData({"idx": {"train_images": "nowhere"}}))
    assert state(doc784, history) == before


# --- files ---------------------------------------------------------------------------------


def test_a_saved_document_opens_with_the_same_data(tmp_path, doc784):
    paths = write_mnist(tmp_path / "data", gz=True)
    History(doc784).push(SetData({**section_for(paths, "all"), "normalise": {"method": "minmax"}}))
    before = training_data(doc784)
    saved = tmp_path / "mnist-idx.nnapp"
    save_document(doc784, saved)
    written = json.loads(saved.read_text(encoding="utf-8"))["data"]
    assert written["idx"].keys() == paths.keys() and written["options"] == {"split": "all"}
    # in the file the paths start at its folder, so the two can be moved together
    assert written["idx"] == {role: f"data/{Path(p).name}" for role, p in paths.items()}
    again = Document()
    open_document(again, saved)
    assert again.data == doc784.data
    after = training_data(again)
    np.testing.assert_array_equal(after.X, before.X)
    np.testing.assert_array_equal(after.Y, before.Y)
    assert after.dataset.image_shape == (28, 28)


def test_saved_idx_sections_follow_the_published_schema(tmp_path, doc784):
    import jsonschema
    schema = json.loads((ROOT / "nnapp" / "resources" / "schema" / "network.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]
    assert set(defs["idx"]["properties"]) == set(IDX_KEYS)
    assert set(defs["idx"]["properties"]["idx"]["properties"]) == set(IDX_FILE_KEYS)
    assert set(defs["idx"]["properties"]["options"]["properties"]) == set(IDX_OPTION_KEYS)
    History(doc784).push(SetData(section_for(write_mnist(tmp_path), "test")))
    saved = tmp_path / "net.nnapp"
    save_document(doc784, saved)
    jsonschema.validate(json.loads(saved.read_text(encoding="utf-8")), schema)
    half = {"idx": {"train_images": "a"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**json.loads(saved.read_text(encoding="utf-8")), "data": half}, schema)


def test_paths_are_made_absolute_and_relative_to_a_folder(tmp_path):
    folder = tmp_path / "work"
    section = {"idx": {"train_images": "data/a", "train_labels": str(tmp_path / "elsewhere" / "b")},
               "options": {"split": "train"}}
    absolute = absolute_paths(section, folder)
    assert absolute["idx"] == {"train_images": str(folder / "data" / "a"),
                               "train_labels": str(tmp_path / "elsewhere" / "b")}
    assert relative_paths(absolute, folder)["idx"] == {"train_images": "data/a", "train_labels": "../elsewhere/b"}
    assert section["idx"]["train_images"] == "data/a"              # the argument is not changed
    csv = {"csv": "people.csv", "inputs": [0], "targets": [1]}
    assert relative_paths(absolute_paths(csv, folder), folder) == csv
    assert absolute_paths(None, folder) is None
    assert relative_paths({"dataset": "gender"}, folder) == {"dataset": "gender"}


# --- training ------------------------------------------------------------------------------


def test_the_mnist_example_trains_on_idx_files(tmp_path, mnist_doc):
    paths = write_mnist(tmp_path, gz=True)
    History(mnist_doc).push(SetData(section_for(paths)))
    data = training_data(mnist_doc)
    net = mnist_doc.network()
    settings = TrainingSettings(loss="cce", optimizer="adam", learning_rate=0.001, epochs=2, batch_size=50, seed=1)
    reports = list(train(net, data.X, data.Y, settings))
    epochs = [r for r in reports if r.epoch_finished]
    assert len(epochs) == 2 and reports[-1].stopped == "finished"
    assert all(np.isfinite(r.loss) for r in reports)
    # the example's trained network, trained a little more, reads the digits of the test files
    test = dataset_for(fixed_test_section(mnist_doc.data), net)
    assert test.n_samples == 50
    assert np.mean(predict(net, test.X).argmax(axis=1) == test.labels()) >= 0.8


def test_the_documented_idx_section_is_accepted():
    text = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")
    blocks = [b.split("```")[0] for b in text.split("```json\n")[1:] if b.startswith('"data"') and '"idx"' in b]
    assert len(blocks) == 1
    section = json.loads("{" + blocks[0] + "}")["data"]
    assert check_data(section) == section
    assert set(section["idx"]) == set(IDX_FILE_KEYS) and section["options"] == {"split": "train"}
