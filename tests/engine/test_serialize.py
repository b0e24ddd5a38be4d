"""The JSON file format: exact round trips, atomic saves, clear errors."""

import copy
import json
import os
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine import file_writing, network_file, serialize
from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.initializers import INITIALIZERS
from nnapp.engine.losses import LOSS_ALIASES, LOSSES
from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.serialize import (
    FORMAT_VERSION,
    FileFormatError,
    NetworkFile,
    dumps,
    from_json_dict,
    load,
    loads,
    migrate,
    network_from_dict,
    network_to_dict,
    save,
    to_json_dict,
)
from nnapp.engine.settings import OPTIMIZERS, TrainingSettings
from nnapp.model import data_checks
from nnapp.model.files import load_file, loads_file, read_data

from .random_networks import random_network

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "nnapp" / "resources" / "schema" / "network.schema.json"
EXAMPLES = sorted((ROOT / "nnapp" / "resources" / "examples").glob("*.nnapp"))


# --- fixtures -----------------------------------------------------------------


def rich_network(dtype=np.float64) -> Network:
    """4 inputs (a 2×2 image) → 3 tanh → 2 sigmoid, with a skip link, a mask,
    frozen weights and biases, custom names, and awkward floats."""
    rng = np.random.default_rng(7)
    mask = np.array([[True, False, True], [True, True, False], [False, True, True], [True, True, True]])
    W0 = np.where(mask, rng.normal(size=(4, 3)), 0.0)
    W0[0, 0] = 0.1
    W0[1, 0] = 1 / 3
    W0[3, 2] = -0.0
    W0[2, 1] = 5e-324  # the smallest subnormal
    W1 = rng.normal(size=(3, 2)) * 1e-7
    W1[2, 1] = np.finfo(dtype).max
    trainable = np.array([[True, False], [True, True], [False, True]])
    W2 = rng.normal(size=(4, 2))
    layers = [
        Layer("pixels", 4, name="Image", neuron_names=["a", "b", "c", "d"], image_shape=(2, 2)),
        Layer("h", 3, "tanh", rng.normal(size=3), np.array([True, False, True]), name="Hidden"),
        Layer("out", 2, "sigmoid", np.array([0.5, -2.25]), neuron_names=["yes", "no"]),
    ]
    links = [
        Link("pixels", "h", W0, mask),
        Link("h", "out", W1, None, trainable),
        Link("pixels", "out", W2),
    ]
    return Network(layers, links).astype(dtype)


def rich_file(dtype=np.float64) -> NetworkFile:
    return NetworkFile(
        rich_network(dtype),
        TrainingSettings(loss="bce", optimizer="adam", learning_rate=0.003, epochs=250, batch_size=0,
                         shuffle=False, l2=1e-4, seed=12, init="he", validation_split=0.25),
        {"inputs": [[0, 1, 0.5, -1], [1, 1, 1, 1]], "targets": [[1, 0], [0, 1]], "row_labels": ["x", "y"]},
        "Rich network",
        "Every feature of the format.\nSecond line: ünïcödé ✓",
        {"layout": {"positions": [[0, 1.5], [2, 3]], "zoom": 1.25, "note": None}, "z_custom": [True, "s"]},
    )


def tutorial_file() -> NetworkFile:
    net = Network.dense([2, 2, 1])
    net.links[0].W[:] = [[0, 0], [1, 1]]
    net.links[1].W[:] = [[0], [1]]
    return NetworkFile(net, data={"dataset": "gender"}, title="First tutorial")


def bits(a: np.ndarray) -> bytes:
    return a.dtype.str.encode() + a.tobytes()


def assert_same_network(a: Network, b: Network) -> None:
    assert b.dtype == a.dtype
    assert [l.id for l in b.layers] == [l.id for l in a.layers]
    for la, lb in zip(a.layers[1:], b.layers[1:]):
        assert la.activation == lb.activation
        assert bits(la.bias) == bits(lb.bias)
    for la, lb in zip(a.layers, b.layers):
        assert (la.size, la.name, la.neuron_names, la.image_shape) == (lb.size, lb.name, lb.neuron_names, lb.image_shape)
        assert lb.bias.dtype == a.dtype
        _same_bools(la.bias_trainable, lb.bias_trainable)
    assert len(a.links) == len(b.links)
    for ka, kb in zip(a.links, b.links):
        assert (ka.src, ka.dst) == (kb.src, kb.dst)
        assert bits(ka.W) == bits(kb.W)
        _same_bools(ka.mask, kb.mask)
        _same_bools(ka.trainable, kb.trainable)


def _same_bools(a, b) -> None:
    if a is None or b is None:
        assert (a is None or a.all()) and (b is None or b.all())
    else:
        assert b.dtype == bool and np.array_equal(a, b)


# --- round trips --------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_save_load_is_exact(tmp_path, dtype):
    nf = rich_file(dtype)
    path = tmp_path / "rich.nnapp"
    save(nf, path)
    back = load(path)
    assert_same_network(nf.network, back.network)
    assert back.training == nf.training
    assert back.data == nf.data
    assert (back.title, back.description) == (nf.title, nf.description)
    assert back.extra == nf.extra
    # writing what was read gives the same text
    assert dumps(back) == path.read_text(encoding="utf-8")


def test_awkward_floats_keep_their_bits():
    nf = rich_file()
    W0 = loads(dumps(nf)).network.links[0].W
    assert W0[0, 0] == 0.1 and W0[1, 0] == 1 / 3 and W0[2, 1] == 5e-324
    assert np.signbit(W0[3, 2])  # -0.0 stays negative zero
    assert loads(dumps(nf)).network.links[1].W[2, 1] == 1.7976931348623157e308


@pytest.mark.parametrize("seed", range(4))
def test_random_networks_round_trip(seed):
    dtype = np.float32 if seed % 2 else np.float64
    net = random_network(seed, [3, 5, 4, 2], ["relu", "leaky_relu"], "softmax", dtype=dtype)
    back = network_from_dict(json.loads(json.dumps(network_to_dict(net))))
    assert_same_network(net, back)


def test_float32_is_written_as_float32_and_loads_as_float32():
    nf = NetworkFile(Network.dense([2, 3, 1], dtype=np.float32))
    d = json.loads(dumps(nf))
    assert d["network"]["dtype"] == "float32"
    net = loads(dumps(nf)).network
    assert net.dtype == np.float32
    assert all(l.bias.dtype == np.float32 for l in net.layers)
    assert all(k.W.dtype == np.float32 for k in net.links)


def test_the_file_layout():
    d = json.loads(dumps(rich_file()))
    assert list(d)[:7] == ["format_version", "app", "title", "description", "network", "training", "data"]
    assert d["format_version"] == 1 and d["app"] == "nnapp"
    layers, links = d["network"]["layers"], d["network"]["links"]
    assert set(layers[0]) == {"id", "size", "name", "neuron_names", "image_shape"}
    assert layers[0]["image_shape"] == [2, 2]
    assert layers[1]["bias_trainable"] == [True, False, True]
    assert layers[2]["bias_trainable"] is None
    assert links[0]["mask"][0] == [True, False, True]
    assert links[0]["W"][0][1] == 0  # absent connections hold 0
    assert links[0]["trainable"] is None
    assert links[1]["mask"] is None and links[1]["trainable"][0] == [True, False]
    assert links[2]["mask"] is None and links[2]["trainable"] is None  # the skip link


def test_absent_connections_are_written_as_zero_and_all_true_masks_as_null():
    net = Network.dense([2, 2, 1])
    net.links[0].mask = np.array([[True, False], [True, True]])
    net.links[0].W[0, 1] = -0.0
    net.links[1].mask = np.ones((2, 1), dtype=bool)
    net.layers[1].bias_trainable = np.ones(2, dtype=bool)
    d = network_to_dict(net)
    assert d["links"][0]["W"][0][1] == 0 and not np.signbit(d["links"][0]["W"][0][1])
    assert d["links"][1]["mask"] is None
    assert d["layers"][1]["bias_trainable"] is None


def test_matrices_are_written_one_row_per_line():
    text = dumps(tutorial_file())
    assert '"W": [\n          [0.0, 0.0],\n          [1.0, 1.0]\n        ]' in text
    assert text.endswith("}\n")


def test_the_tutorial_network_reads_back_with_its_parameter_names():
    net = loads(dumps(tutorial_file())).network
    names = {r.name: (net.neuron_names(r.src_layer)[r.i], net.neuron_names(r.layer)[r.j])
             for r in net.parameters() if r.kind == "w"}
    assert names == {"w1": ("x1", "h1"), "w2": ("x2", "h1"), "w3": ("x1", "h2"),
                     "w4": ("x2", "h2"), "w5": ("h1", "o1"), "w6": ("h2", "o1")}


def test_a_minimal_hand_written_file():
    text = """{"format_version": 1,
               "network": {"layers": [{"id": "in", "size": 2},
                                      {"id": "out", "size": 1, "activation": "sigmoid"}],
                           "links": [{"src": "in", "dst": "out", "W": [[1], [2]]}]}}"""
    nf = loads(text)
    assert nf.network.dtype == np.float64
    assert nf.network.layers[1].bias.tolist() == [0.0]  # missing bias = zeros
    assert nf.network.links[0].W.tolist() == [[1.0], [2.0]]  # integers are numbers too
    assert nf.training == TrainingSettings()
    assert (nf.data, nf.title, nf.description, nf.extra) == (None, "", "", {})


def test_training_may_omit_settings():
    d = to_json_dict(tutorial_file())
    d["training"] = {"learning_rate": 0.5, "loss": "mean_squared_error"}
    t = from_json_dict(d).training
    assert t.learning_rate == 0.5 and t.loss == "mse" and t.epochs == TrainingSettings().epochs
    d["training"] = None
    assert from_json_dict(d).training == TrainingSettings()


@pytest.mark.parametrize("data", [
    None,
    {"dataset": "gender"},
    {"dataset": "circle", "options": {"n_samples": 200, "noise": 0.1, "seed": 0}},
    {"csv": "data/people.csv", "inputs": ["weight", "height"], "targets": ["female"]},
    {"csv": "/abs/people.csv", "inputs": [0, 1], "targets": [3]},
    {"inputs": [[-2, -1], [25, 6]], "targets": [[1], [0]]},
    {"inputs": [[-2, -1], [25, 6]], "targets": [[1], [0]], "row_labels": ["Alice", "Bob"]},
    {"dataset": "gender", "normalise": {"method": "none"}},
    {"dataset": "gender", "normalise": {"method": "standardise", "shift": [6.25, 0.75],
                                        "scale": [15.706288549495072, 4.656984002549289]}},
    {"csv": "iris.csv", "inputs": [0, "petal"], "targets": ["species"], "header": True, "one_hot": True,
     "normalise": {"method": "minmax", "shift": [-0.1, 1 / 3], "scale": [5e-324, 1e300]}},
    {"csv": "plain.csv", "inputs": [0, 1], "targets": [2], "header": False},
    {"inputs": [[-2, -1], [25, 6]], "targets": [[1], [0]],
     "normalise": {"method": "minmax", "shift": [-2, -1], "scale": [27, 7]}},
])
def test_every_kind_of_data_section_round_trips(data):
    nf = tutorial_file()
    nf.data = data
    assert loads(dumps(nf)).data == data


def test_extra_keys_are_kept_unchanged_and_not_shared():
    d = to_json_dict(rich_file())
    d["layout"]["later"] = {"deep": [[1, 2], {"x": None}]}
    nf = from_json_dict(d)
    assert nf.extra["layout"] == d["layout"]
    d["layout"]["zoom"] = 9
    assert nf.extra["layout"]["zoom"] == 1.25
    assert json.loads(dumps(nf))["layout"]["later"] == {"deep": [[1, 2], {"x": None}]}


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.nnapp"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(tutorial_file()).encode())
    assert load(path).title == "First tutorial"


def test_writing_refuses_what_could_not_be_read_back():
    nf = tutorial_file()
    nf.extra = {"network": 1}
    with pytest.raises(ValueError, match="format's own keys"):
        dumps(nf)
    nf.extra = {"layout": float("nan")}
    with pytest.raises(ValueError, match="finite"):
        dumps(nf)
    nf.extra = {"layout": {1, 2}}
    with pytest.raises(TypeError):
        dumps(nf)


# --- atomic saving --------------------------------------------------------------


def _fail(*args, **kwargs):
    raise OSError("disk full (simulated)")


@pytest.mark.parametrize("where", ["os.fsync", "os.replace", "os.fdopen"])
def test_a_failed_save_leaves_the_old_file_untouched(tmp_path, monkeypatch, where):
    path = tmp_path / "net.nnapp"
    save(tutorial_file(), path)
    before = path.read_bytes()
    monkeypatch.setattr(serialize.os, where.split(".")[1], _fail)
    with pytest.raises(OSError, match="simulated"):
        save(rich_file(), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["net.nnapp"]  # no temporary file left


def test_a_save_that_fails_while_writing_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "new.nnapp"
    monkeypatch.setattr(serialize.os, "fsync", _fail)
    with pytest.raises(OSError):
        save(tutorial_file(), path)
    assert os.listdir(tmp_path) == []


def test_a_file_that_cannot_be_written_as_text_touches_nothing(tmp_path, monkeypatch):
    path = tmp_path / "net.nnapp"
    save(tutorial_file(), path)
    before = path.read_bytes()
    monkeypatch.setattr(file_writing, "_format", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        save(rich_file(), path)
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["net.nnapp"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saving_over_a_file_keeps_its_permissions(tmp_path):
    path = tmp_path / "net.nnapp"
    save(tutorial_file(), path)
    os.chmod(path, 0o640)
    save(rich_file(), path)
    assert (path.stat().st_mode & 0o777) == 0o640
    assert load(path).title == "Rich network"


# --- corrupted files ------------------------------------------------------------


def _base() -> dict:
    return to_json_dict(rich_file())


def _set(path: str, value):
    """A mutation that sets ``d[path]`` (dots and [i] like the error messages)."""

    def mutate(d):
        keys = path.replace("[", ".").replace("]", "").split(".")
        target = d
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        last = keys[-1]
        target[int(last) if last.isdigit() else last] = value
        return d

    return mutate


def _delete(path: str):
    def mutate(d):
        keys = path.replace("[", ".").replace("]", "").split(".")
        target = d
        for k in keys[:-1]:
            target = target[int(k)] if k.isdigit() else target[k]
        del target[keys[-1]]
        return d

    return mutate


def _text(replace: str, by: str, count: int = 1):
    """A mutation of the text of the file."""

    def mutate(d):
        text = json.dumps(d)
        assert replace in text
        return text.replace(replace, by, count)

    return mutate


def _swap_layers(d):
    d["network"]["links"][0]["src"], d["network"]["links"][0]["dst"] = "h", "pixels"
    return d


def _duplicate_link(d):
    d["network"]["links"].append(copy.deepcopy(d["network"]["links"][2]))
    return d


def _deep(d):
    return '{"format_version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"


CORRUPTIONS = [
    # (name, mutation, words the message must contain)
    ("not json", _text('"format_version": 1,', '"format_version": 1,,'),
     ["not valid JSON", "line 1", "column"]),
    ("truncated", lambda d: json.dumps(d, indent=1)[:500], ["not valid JSON", "line", "ends too early"]),
    ("top level list", lambda d: [d], ["top level", "list"]),
    ("top level number", lambda d: "42", ["top level", "42"]),
    ("no version", _delete("format_version"), ["no 'format_version'"]),
    ("newer version", _set("format_version", 7), ["newer nnapp (format 7)", "reads up to 1"]),
    ("version zero", _set("format_version", 0), ["format_version 0", "numbered from 1"]),
    ("version as text", _set("format_version", "1"), ["format_version", "whole number", '"1"']),
    ("version as float", _set("format_version", 1.0), ["format_version", "whole number", "1.0"]),
    ("other app", _set("app", "paint"), ["paint", "not an nnapp network file"]),
    ("no network", _delete("network"), ["no 'network'"]),
    ("title number", _set("title", 3), ["title", "text", "3"]),
    ("unknown network key", _set("network.weights", []), ["network", "unknown key 'weights'"]),
    ("bad dtype", _set("network.dtype", "float16"), ["network.dtype", "float16", "float32"]),
    ("layers not a list", _set("network.layers", {}), ["network.layers", "list of layers"]),
    ("one layer", lambda d: _set("network.layers", d["network"]["layers"][:1])(d),
     ["network.layers has 1 layer", "at least one more"]),
    ("missing size", _delete("network.layers[2].size"), ["network.layers[2] has no 'size'"]),
    ("zero size", _set("network.layers[1].size", 0), ["network.layers[1].size", "positive whole number", "0"]),
    ("size as text", _set("network.layers[1].size", "3"), ["network.layers[1].size", "positive whole number", '"3"']),
    ("fractional size", _set("network.layers[1].size", 2.5), ["network.layers[1].size", "2.5"]),
    ("absurd size", _set("network.layers[2].size", 10**12),
     ["network.layers[2].size is 1000000000000", "up to 10,000,000 neurons"]),
    ("boolean size", _set("network.layers[0].size", True), ["network.layers[0].size", "true"]),
    ("missing id", _delete("network.layers[1].id"), ["network.layers[1] has no 'id'"]),
    ("empty id", _set("network.layers[1].id", ""), ["network.layers[1].id", "empty"]),
    ("duplicate id", _set("network.layers[2].id", "h"),
     ["network.layers[2].id 'h'", "network.layers[1]", "unique"]),
    ("unknown layer key", _set("network.layers[1].activaton", "relu"),
     ["network.layers[1]", "unknown key 'activaton'"]),
    ("input activation", _set("network.layers[0].activation", "sigmoid"),
     ["network.layers[0]", "input layer", "no 'activation'"]),
    ("input bias", _set("network.layers[0].bias", [0, 0, 0, 0]),
     ["network.layers[0]", "input layer", "no 'bias'"]),
    ("missing activation", _delete("network.layers[2].activation"), ["network.layers[2] has no 'activation'"]),
    ("unknown activation", _set("network.layers[1].activation", "sigmod"),
     ["network.layers[1].activation", "unknown activation 'sigmod'", "known: identity, sigmoid"]),
    ("activation not text", _set("network.layers[1].activation", None),
     ["network.layers[1].activation", "name of an activation", "null"]),
    ("short bias", _set("network.layers[1].bias", [0.0, 1.0]),
     ["network.layers[1].bias has 2 values", "the layer has 3 neurons"]),
    ("bias not a list", _set("network.layers[1].bias", 0.5), ["network.layers[1].bias", "list of numbers", "0.5"]),
    ("null bias", _set("network.layers[2].bias[1]", None), ["network.layers[2].bias[1]", "number", "null"]),
    ("infinite bias", _text("-2.25", "Infinity"), ["network.layers[2].bias[1]", "Infinity", "finite"]),
    ("huge bias", _text("-2.25", "1e999"), ["network.layers[2].bias[1]", "too large", "infinity", "finite"]),
    ("bias_trainable numbers", _set("network.layers[1].bias_trainable", [1, 0, 1]),
     ["network.layers[1].bias_trainable[0]", "true or false", "1"]),
    ("neuron names count", _set("network.layers[2].neuron_names", ["yes"]),
     ["network.layers[2].neuron_names has 1 name", "2 neurons"]),
    ("neuron name number", _set("network.layers[2].neuron_names", ["yes", 2]),
     ["network.layers[2].neuron_names[1]", "text"]),
    ("image shape", _set("network.layers[0].image_shape", [3, 3]),
     ["network.layers[0].image_shape", "3×3 = 9 pixels", "4 neurons"]),
    ("links not a list", _set("network.links", None), ["network.links", "list of links", "null"]),
    ("missing W", _delete("network.links[1].W"), ["network.links[1] has no 'W'"]),
    ("unknown link key", _set("network.links[0].weights", []), ["network.links[0]", "unknown key 'weights'"]),
    ("unknown layer", _set("network.links[1].dst", "outptu"),
     ["network.links[1].dst", "'outptu'", "not the id of any layer", "pixels, h, out"]),
    ("src not text", _set("network.links[1].src", 1), ["network.links[1].src", "layer id", "1"]),
    ("backwards link", _swap_layers, ["network.links[0]", "backwards", "left to right"]),
    ("link within a layer", _set("network.links[1].src", "out"),
     ["network.links[1]", "itself", "left to right"]),
    ("two links for a pair", _duplicate_link,
     ["network.links[3]", "again", "network.links[2]", "one link per pair"]),
    ("too many rows", lambda d: _set("network.links[0].W", d["network"]["links"][0]["W"][:3])(d),
     ["network.links[0].W has 3 rows", "layer 'pixels' has 4 neurons"]),
    ("ragged W", lambda d: _set("network.links[0].W[1]", d["network"]["links"][0]["W"][1][:2])(d),
     ["network.links[0].W[1] has 2 values", "layer 'h' has 3 neurons"]),
    ("W flat", _set("network.links[2].W", [1, 2, 3, 4]),
     ["network.links[2].W[0]", "list of numbers", "1"]),
    ("NaN weight", _text('"W": [[', '"W": [[NaN, ', 1),
     ["network.links[0].W[0][0]", "NaN", "finite"]),
    ("text weight", _set("network.links[0].W[0][2]", "0.5"),
     ["network.links[0].W[0][2]", "must be a number", 'the text "0.5"']),
    ("boolean weight", _set("network.links[2].W[3][1]", True),
     ["network.links[2].W[3][1]", "true", "not numbers"]),
    ("too large for float32", _set("network.dtype", "float32"),
     ["network.links[1].W[2][1] is 1.7976931348623157e+308", "too large for float32"]),
    ("weight without connection", _set("network.links[0].W[0][1]", 0.5),
     ["network.links[0].W[0][1] is 0.5", "mask[0][1] is false", "must be 0"]),
    ("mask shape", _set("network.links[0].mask", [[True, True, True]]),
     ["network.links[0].mask has 1 row", "layer 'pixels' has 4 neurons"]),
    ("mask numbers", _set("network.links[0].mask[2][0]", 0),
     ["network.links[0].mask[2][0]", "true or false", "0"]),
    ("trainable not a list", _set("network.links[1].trainable", "all"),
     ["network.links[1].trainable", "null (all true) or a list", 'the text "all"']),
    ("training not an object", _set("training", [0.1]), ["training must be an object"]),
    ("bad learning rate", _set("training.learning_rate", -1), ["training.learning_rate", "learning rate", "-1"]),
    ("unknown training setting", _set("training.learning_rat", 0.1),
     ["training.learning_rat", "unknown training setting"]),
    ("unknown optimizer", _set("training.optimizer", "adamw"), ["training.optimizer", "'adamw'", "sgd"]),
    ("data not an object", _set("data", "gender"), ["data must be an object", '"gender"']),
    ("data of no kind", _set("data", {"rows": []}), ["data must name a data set", "csv", "inputs"]),
    ("data set and csv", _set("data", {"dataset": "gender", "csv": "x.csv"}),
     ["data has an unknown key 'csv'", "a data set reference has"]),
    ("csv without targets", _set("data", {"csv": "x.csv", "inputs": [0, 1, 2, 3]}), ["data has no 'targets'"]),
    ("csv column count", _set("data", {"csv": "x.csv", "inputs": ["a", "b"], "targets": ["y", "z"]}),
     ["data.inputs names 2 columns", "4 inputs"]),
    ("csv column reused", _set("data", {"csv": "x.csv", "inputs": [0, 1, 2, 3], "targets": [4, 2]}),
     ["data.targets[1]", "already used", "data.inputs[2]"]),
    ("data row width", _set("data.inputs[1]", [1, 2, 3]), ["data.inputs[1] has 3 values", "4 inputs"]),
    ("data targets count", _set("data.targets", [[1, 0]]), ["data.targets has 1 row", "data.inputs has 2 rows"]),
    ("row labels count", _set("data.row_labels", ["x"]), ["data.row_labels has 1 label", "2 rows"]),
    ("csv header not true/false", _set("data", {"csv": "x.csv", "inputs": [0, 1, 2, 3], "targets": [4, 5],
                                                "header": "yes"}), ["data.header must be true or false", '"yes"']),
    ("one-hot of two columns", _set("data", {"csv": "x.csv", "inputs": [0, 1, 2, 3], "targets": [4, 5],
                                             "one_hot": True}),
     ["data.targets names 2 columns", "with one_hot", "one column of class labels"]),
    ("normalise not an object", _set("data.normalise", "standardise"),
     ["data.normalise must be an object", '"standardise"']),
    ("normalise unknown method", _set("data.normalise", {"method": "zscore"}),
     ["data.normalise.method", "'none', 'standardise', 'minmax'", '"zscore"']),
    ("normalise without scale", _set("data.normalise", {"method": "standardise", "shift": [0, 0, 0, 0]}),
     ["data.normalise has no 'scale'", "one scale per input column"]),
    ("none with a shift", _set("data.normalise", {"method": "none", "shift": [0, 0, 0, 0]}),
     ["data.normalise", "method 'none'", "takes no 'shift'"]),
    ("normalise wrong length", _set("data.normalise", {"method": "minmax", "shift": [0, 0, 0], "scale": [1, 1, 1, 1]}),
     ["data.normalise.shift has 3 values", "the network has 4 inputs"]),
    ("normalise NaN", _set("data.normalise", {"method": "standardise", "shift": [0, 0, float("nan"), 0],
                                              "scale": [1, 1, 1, 1]}),
     ["data.normalise.shift[2]", "NaN", "finite"]),
    ("normalise text", _set("data.normalise", {"method": "standardise", "shift": [0, 0, 0, 0],
                                               "scale": [1, "2", 1, 1]}),
     ["data.normalise.scale[1]", "must be a number", 'the text "2"']),
    ("normalise zero scale", _set("data.normalise", {"method": "minmax", "shift": [0, 0, 0, 0],
                                                     "scale": [1, 0, 1, 1]}),
     ["data.normalise.scale[1] is 0", "cannot divide by 0", "all the same gets the scale 1"]),
    ("normalise negative scale", _set("data.normalise", {"method": "minmax", "shift": [0, 0, 0, 0],
                                                         "scale": [1, 1, -2.5, 1]}),
     ["data.normalise.scale[2] is -2.5", "must be positive"]),
    ("NaN in an extra key", _text('"zoom": 1.25', '"zoom": NaN'), ["layout.zoom", "NaN", "finite"]),
    ("repeated key", _text('"src": "h"', '"src": "h", "src": "h"'), ["network.links[1]", "key 'src' twice"]),
    ("nested too deeply", _deep, ["nested too deeply"]),
]


@pytest.mark.parametrize("mutation, words", [c[1:] for c in CORRUPTIONS], ids=[c[0] for c in CORRUPTIONS])
def test_a_corrupted_file_names_its_problem(tmp_path, mutation, words):
    out = mutation(_base())
    text = out if isinstance(out, str) else json.dumps(out)
    path = tmp_path / "bad.nnapp"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        load_file(path)          # the engine's load, and the data section checked by the model
    message = str(info.value)
    assert message.startswith(str(path) + ": ")
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_each_corruption_has_its_own_message():
    messages = set()
    for _, mutation, _ in CORRUPTIONS:
        out = mutation(_base())
        with pytest.raises(FileFormatError) as info:
            loads_file(out if isinstance(out, str) else json.dumps(out))
        messages.add(info.value.problem)
    assert len(CORRUPTIONS) >= 25
    assert len(messages) == len(CORRUPTIONS)


def test_an_untouched_base_loads():
    from_json_dict(_base())


def _write(tmp_path, name, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.parametrize("make, words", [
    (lambda p: p / "missing.nnapp", ["missing.nnapp", "no such file"]),
    (lambda p: p, ["is a folder"]),
    (lambda p: _write(p, "empty.nnapp", b""), ["empty.nnapp", "is empty"]),
    (lambda p: _write(p, "blank.nnapp", b"  \n\t\n"), ["is empty"]),
    (lambda p: _write(p, "latin1.nnapp", '{"title": "café"}'.encode("latin-1")),
     ["not UTF-8", "0xe9", "line 1"]),
    (lambda p: _write(p, "utf16.nnapp", '{"format_version": 1}'.encode("utf-16")), ["not UTF-8"]),
])
def test_files_that_cannot_be_read(tmp_path, make, words):
    with pytest.raises(FileFormatError) as info:
        load(make(tmp_path))
    for word in words:
        assert word in str(info.value)


def test_a_file_over_200_mb_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.nnapp"
    with open(path, "wb") as f:
        f.truncate(serialize.MAX_FILE_BYTES + 1)  # sparse: takes no space
    with pytest.raises(FileFormatError, match="larger than 200 MB"):
        load(path)


def test_loads_names_its_source():
    with pytest.raises(FileFormatError) as info:
        loads("[]", source="mine.nnapp")
    assert str(info.value).startswith("mine.nnapp: ") and info.value.source == "mine.nnapp"
    assert isinstance(info.value, ValueError)


def test_network_from_dict_gives_locations():
    d = network_to_dict(rich_network())
    d["links"][2]["W"][1][1] = float("inf")
    with pytest.raises(FileFormatError, match=r"network\.links\[2\]\.W\[1\]\[1\]"):
        network_from_dict(d)


# --- versions and migration -------------------------------------------------------


def test_migrate_leaves_current_files_alone():
    d = _base()
    assert migrate(d) is d and FORMAT_VERSION == 1


def test_migrate_upgrades_one_version_at_a_time(monkeypatch):
    steps = []

    def v1_to_v2(d):
        steps.append(d["format_version"])
        d["renamed"] = d.pop("old")
        return d

    def v2_to_v3(d):
        steps.append(d["format_version"])
        d["renamed"] *= 2
        return d

    monkeypatch.setattr(network_file, "FORMAT_VERSION", 3)
    monkeypatch.setitem(serialize.MIGRATIONS, 1, v1_to_v2)
    monkeypatch.setitem(serialize.MIGRATIONS, 2, v2_to_v3)
    assert migrate({"format_version": 1, "old": 21}) == {"format_version": 3, "renamed": 42}
    assert steps == [1, 2]
    assert migrate({"format_version": 2, "renamed": 1}) == {"format_version": 3, "renamed": 2}


def test_migrate_says_when_a_step_is_missing(monkeypatch):
    monkeypatch.setattr(network_file, "FORMAT_VERSION", 2)
    with pytest.raises(FileFormatError, match="cannot upgrade files of format 1 to 2"):
        migrate({"format_version": 1})


@pytest.mark.parametrize("d, words", [
    ({}, "no 'format_version'"),
    ({"format_version": 0}, "format_version 0"),
    ({"format_version": -3}, "format_version -3"),
    ({"format_version": None}, "not null"),
    ({"format_version": 2}, "newer nnapp (format 2)"),
])
def test_migrate_refuses_versions_it_does_not_know(d, words):
    with pytest.raises(FileFormatError, match=words.replace("(", r"\(").replace(")", r"\)")):
        migrate(d)


# --- the JSON Schema ----------------------------------------------------------------


def _schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_the_schema_is_json_with_its_dialect():
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format_version"]["const"] == FORMAT_VERSION


def test_the_schema_lists_what_the_engine_knows():
    defs = _schema()["$defs"]
    assert defs["layer"]["properties"]["activation"]["enum"] == list(ACTIVATIONS)
    training = defs["training"]["properties"]
    assert set(training) == set(TrainingSettings().to_dict())
    assert set(training["loss"]["enum"]) == set(LOSSES) | set(LOSS_ALIASES)
    assert training["optimizer"]["enum"] == list(OPTIMIZERS)
    assert training["init"]["enum"] == list(INITIALIZERS)
    assert set(defs["layer"]["properties"]) == set(serialize.LAYER_KEYS)
    assert set(defs["inputLayer"]["properties"]) == set(serialize.INPUT_LAYER_KEYS)
    assert set(defs["link"]["properties"]) == set(serialize.LINK_KEYS)
    assert set(defs["network"]["properties"]) == set(serialize.NETWORK_KEYS)
    assert set(defs["dataset"]["properties"]) == set(data_checks.DATASET_KEYS)
    assert set(defs["csv"]["properties"]) == set(data_checks.CSV_KEYS)
    assert set(defs["inline"]["properties"]) == set(data_checks.INLINE_KEYS)
    assert set(defs["normalise"]["properties"]) == set(data_checks.NORMALISE_KEYS)
    assert defs["normalise"]["properties"]["method"]["enum"] == list(data_checks.NORMALISE_METHODS)


def _validator():
    import jsonschema
    cls = jsonschema.validators.validator_for(_schema())
    cls.check_schema(_schema())
    return cls(_schema())


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_the_examples_follow_the_schema_and_load(path):
    _validator().validate(json.loads(path.read_text(encoding="utf-8")))
    load(path)


@pytest.mark.parametrize("nf", [rich_file(), rich_file(np.float32), tutorial_file()], ids=["rich", "float32", "tutorial"])
def test_saved_files_follow_the_schema(tmp_path, nf):
    validator = _validator()
    path = tmp_path / "net.nnapp"
    save(nf, path)
    validator.validate(json.loads(path.read_text(encoding="utf-8")))


def test_a_saved_normalisation_follows_the_schema(tmp_path):
    nf = tutorial_file()
    nf.data = {"dataset": "gender", "normalise": {"method": "minmax", "shift": [-15, -6], "scale": [40, 12]}}
    path = tmp_path / "net.nnapp"
    save(nf, path)
    _validator().validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["one layer", "unknown activation", "input bias", "boolean weight",
                                  "mask numbers", "data set and csv", "unknown optimizer", "version as text",
                                  "normalise unknown method", "normalise without scale", "none with a shift",
                                  "normalise zero scale", "normalise negative scale", "csv header not true/false"])
def test_the_schema_refuses_some_corruptions_too(name):
    validator = _validator()
    mutation = {c[0]: c[1] for c in CORRUPTIONS}[name]
    assert not validator.is_valid(mutation(_base()))


# --- the documentation ----------------------------------------------------------------

DOC = ROOT / "docs" / "file-format.md"


def _doc_files() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    blocks = [b.split("```")[0] for b in text.split("```json\n")[1:]]
    return [b for b in blocks if '"format_version"' in b]


def test_the_documented_examples_load_and_compute_the_tutorial_numbers():
    from nnapp.engine.propagation import predict

    full, short = _doc_files()
    a, b = loads(full, "full example"), loads(short, "short example")
    assert dumps(a) == full  # the full example is exactly what nnapp writes
    assert_same_network(a.network, b.network)
    assert a.training == b.training and a.data == b.data == {"dataset": "gender"}
    assert round(float(predict(a.network, [2, 3])[0, 0]), 4) == 0.7216


def test_the_documented_data_sections_are_accepted():
    text = DOC.read_text(encoding="utf-8")
    sections = [b.split("```")[0] for b in text.split("```json\n")[1:] if b.startswith('"data"')]
    assert len(sections) == 5
    d = to_json_dict(tutorial_file())
    for block in sections:
        for line in [block] if block.count('"data"') == 1 else block.strip().splitlines():
            d["data"] = json.loads("{" + line + "}")["data"]
            read_data(from_json_dict(copy.deepcopy(d)))


# --- data sections on their own -------------------------------------------------------


def test_a_data_section_can_be_checked_without_a_network():
    from nnapp.model.data_checks import check_data

    section = {"csv": "x.csv", "inputs": ["a", "b"], "targets": ["y"],
               "normalise": {"method": "standardise", "shift": [1, 2], "scale": [3, 4]}}
    assert check_data(section) == section and check_data(section) is not section
    assert check_data(None) is None
    with pytest.raises(FileFormatError, match=r"data.normalise.scale has 3 values, the data has 2 input columns"):
        check_data({**section, "normalise": {"method": "minmax", "shift": [1, 2], "scale": [3, 4, 5]}})
    with pytest.raises(FileFormatError, match=r"data.inputs\[1\] has 1 value, data.inputs\[0\] has 2 values"):
        check_data({"inputs": [[1, 2], [3]], "targets": [[0], [1]]})
    with pytest.raises(FileFormatError, match="data.inputs names no column"):
        check_data({"csv": "x.csv", "inputs": [], "targets": [0]})
    # a built-in dataset's number of columns is not known here: any length, but the same for both
    check_data({"dataset": "gender", "normalise": {"method": "minmax", "shift": [0, 0, 0], "scale": [1, 1, 1]}})
    with pytest.raises(FileFormatError, match="data.normalise.scale has 2 values, data.normalise.shift has 3 values"):
        check_data({"dataset": "gender", "normalise": {"method": "minmax", "shift": [0, 0, 0], "scale": [1, 1]}})
