"""The typed data source: every data section reads as a source and writes back
unchanged; one cache resolves a source to a Dataset; the registry says what
the built-in datasets are without building them."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine import datasets
from nnapp.engine.datasets import DATASETS, dataset_info, dataset_names, dataset_options, load_dataset
from nnapp.engine.examples import example_names, example_path
from nnapp.engine.network import Network
from nnapp.engine.serialize import FileFormatError, load
from nnapp.model import data
from nnapp.model.data import dataset_for, load_source
from nnapp.model.data_source import (
    BuiltinData, CsvData, IdxData, InlineData, Normalisation, as_source, source_from_dict,
)
from nnapp.model.document import Document
from nnapp.model.files import open_document, read_data, save_document

SECTIONS = [
    {"dataset": "gender"},
    {"dataset": "circle", "options": {"n_samples": 200, "noise": 0.1, "seed": 0}},
    {"dataset": "digits8", "options": {}},
    {"csv": "data/people.csv", "inputs": ["weight", "height"], "targets": ["female"]},
    {"csv": "/abs/people.csv", "inputs": [0, 1], "targets": [3], "header": False},
    {"csv": "iris.csv", "inputs": [0, "petal"], "targets": ["species"], "header": True, "one_hot": True,
     "normalise": {"method": "minmax", "shift": [-0.1, 1 / 3], "scale": [5e-324, 1e300]}},
    {"idx": {"train_images": "a-images", "train_labels": "a-labels"}},
    {"idx": {"test_images": "t-images", "test_labels": "t-labels", "train_images": "a", "train_labels": "b"},
     "options": {"split": "test"}},
    {"inputs": [[-2, -1], [25, 6]], "targets": [[1], [0]]},
    {"inputs": [[-2, -1], [25, 6]], "targets": [[1], [0]], "row_labels": ["Alice", "Bob"],
     "normalise": {"method": "standardise", "shift": [11.5, 2.5], "scale": [13.5, 3.5]}},
    {"dataset": "gender", "normalise": {"method": "none"}},
]
KINDS = {"dataset": BuiltinData, "csv": CsvData, "idx": IdxData, "inputs": InlineData}


def _text(section) -> str:
    return json.dumps(section)          # the key order counts: a file must not change


# --- dict → source → dict -----------------------------------------------------------------


@pytest.mark.parametrize("section", SECTIONS, ids=[_text(s)[:40] for s in SECTIONS])
def test_every_kind_of_section_reads_and_writes_back_the_same(section):
    source = source_from_dict(section)
    assert isinstance(source, KINDS[next(iter(section))])
    assert _text(source.to_dict()) == _text(section)
    assert source_from_dict(source.to_dict()) == source
    assert source.to_dict() is not source.to_dict()           # a new dict each time: changing it changes nothing


@pytest.mark.parametrize("name", example_names())
def test_every_example_file_round_trips(name):
    nf = load(example_path(name))
    source = read_data(nf)
    if nf.data is None:
        assert source is None
    else:
        assert _text(source.to_dict()) == _text(nf.data)


def test_an_opened_and_saved_file_keeps_its_data_bytes(tmp_path):
    for name in example_names():
        doc = Document()
        open_document(doc, example_path(name))
        save_document(doc, tmp_path / f"{name}.nnapp")
        written = json.loads((tmp_path / f"{name}.nnapp").read_text(encoding="utf-8"))
        original = json.loads(example_path(name).read_text(encoding="utf-8"))
        assert _text(written["data"]) == _text(original["data"])


def test_paths_are_held_absolute_and_written_relative(tmp_path):
    source = as_source({"csv": "data/people.csv", "inputs": [0], "targets": [1]})
    absolute = source.absolute(tmp_path)
    assert absolute.path == str(tmp_path / "data" / "people.csv")
    assert absolute.relative(tmp_path) == source
    idx = as_source({"idx": {"train_images": "a", "train_labels": "b"}})
    assert idx.absolute(tmp_path).relative(tmp_path) == idx
    assert idx.describe(tmp_path) == f"the IDX files in {tmp_path}"
    assert as_source({"dataset": "gender"}).absolute(tmp_path) == BuiltinData(name="gender")


def test_what_a_source_is_called():
    assert BuiltinData(name="xor").describe() == "the dataset 'xor'"
    assert BuiltinData(name="xor").label() == "XOR gate"
    assert CsvData(path="/d/people.csv", inputs=(0,), targets=(1,)).label() == "CSV: people.csv"
    assert InlineData(inputs=[[1]], targets=[[0]]).describe() == "the data in the file"


def test_fixed_test_rows_keep_the_normalisation():
    normalise = Normalisation("minmax", (0.0,) * 64, (1.0,) * 64)
    digits = BuiltinData(name="digits8", given_options={"split": "train"}, normalise=normalise)
    assert digits.fixed_test() == BuiltinData(name="digits8", given_options={"split": "test"}, normalise=normalise)
    assert BuiltinData(name="gender").fixed_test() is None
    only_train = IdxData(roles=(("train_images", "a"), ("train_labels", "b")))
    assert only_train.fixed_test() is None


def test_a_malformed_section_is_refused_with_its_place():
    with pytest.raises(FileFormatError, match="data has an unknown key 'csv'"):
        source_from_dict({"dataset": "gender", "csv": "x.csv"})
    net = Network.dense([2, 2, 1])
    with pytest.raises(FileFormatError, match=r"data.inputs\[0\] has 3 values, the network has 2 inputs"):
        source_from_dict({"inputs": [[1, 2, 3]], "targets": [[1]]}, net)


def test_the_document_holds_the_typed_source():
    doc = Document()
    doc.set_data({"dataset": "gender"})
    assert doc.data_source == BuiltinData(name="gender")
    assert doc.data == {"dataset": "gender"}
    doc.set_data(CsvData(path="x.csv", inputs=("a",), targets=("b",)))
    assert doc.data == {"csv": "x.csv", "inputs": ["a"], "targets": ["b"]}


# --- one cache ----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def empty_cache():
    data.clear_cache()
    yield
    data.clear_cache()


def _write(path: Path, rows) -> None:
    path.write_text("a,b,y\n" + "".join(f"{a},{b},{y}\n" for a, b, y in rows))


def test_an_equal_source_gives_the_same_dataset(tmp_path):
    path = tmp_path / "d.csv"
    _write(path, [(1, 2, 0), (3, 4, 1)])
    first = load_source(CsvData(path=str(path), inputs=("a", "b"), targets=("y",)))
    # an equal value (another object), the same file by a relative path, another normalisation
    again = load_source(CsvData(path="d.csv", inputs=("a", "b"), targets=("y",),
                                normalise=Normalisation("minmax", (1, 2), (2, 2))), tmp_path)
    assert again is first
    assert load_source(BuiltinData(name="gender")) is load_source(as_source({"dataset": "gender"}))


def test_a_changed_csv_file_gives_a_fresh_dataset(tmp_path):
    path = tmp_path / "d.csv"
    _write(path, [(1, 2, 0), (3, 4, 1)])
    source = CsvData(path=str(path), inputs=("a", "b"), targets=("y",))
    first = load_source(source)
    _write(path, [(1, 2, 0), (3, 4, 1), (5, 6, 0)])
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    fresh = load_source(source)
    assert fresh is not first and fresh.n_samples == 3 and first.n_samples == 2


def test_training_splits_live_in_the_same_cache(tmp_path):
    from nnapp.model.training import training_data

    doc = Document()
    doc.replace(Network.dense([2, 2, 1]), data={"dataset": "gender"})
    first = training_data(doc)
    assert training_data(doc) is first
    assert first.dataset is load_source(doc.data_source)
    data.clear_cache()
    assert training_data(doc) is not first


def test_rows_in_the_file_are_read_once_per_source():
    source = InlineData(inputs=[[1, 2], [3, 4]], targets=[[0], [1]])
    net = Network.dense([2, 2, 1])
    assert dataset_for(source, net) is dataset_for(source, net)
    np.testing.assert_array_equal(dataset_for(source, net).X, [[1, 2], [3, 4]])


# --- the registry -------------------------------------------------------------------------


def test_the_registry_declares_titles_and_options_without_building_data(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a dataset was built")

    for name in dataset_names():
        monkeypatch.setitem(DATASETS, name, dataclasses.replace(DATASETS[name], build=refuse))
    titles = {name: dataset_info(name).title for name in dataset_names()}
    assert titles["gender"] == "Gender from weight and height" and titles["mnist5k"] == "MNIST digits 28×28"
    circle = {option.name: option for option in dataset_info("circle").options}
    assert circle["noise"].kind is float and (circle["noise"].low, circle["noise"].high) == (0.0, datasets.MAX_NOISE)
    assert circle["n_samples"].default == 200 and circle["n_samples"].high == datasets.MAX_GENERATED_SAMPLES
    assert dataset_options("digits8") == {"split": "train"}
    assert dataset_info("digits8").options[0].choices == ("train", "test", "all")


@pytest.mark.parametrize("name", dataset_names())
def test_declared_titles_and_defaults_are_what_the_builders_make(name):
    import inspect

    entry = dataset_info(name)
    built = load_dataset(name)
    assert built.title.startswith(entry.title) and built.description == entry.description
    defaults = {p.name: p.default for p in inspect.signature(entry.build).parameters.values()}
    assert defaults == entry.defaults()
