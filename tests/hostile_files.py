"""Damaged and hostile network files, for the fuzz tests and ``bench/fuzz_files.py``.

Two kinds:

- :func:`mutants`: the built-in examples changed at random, reproducibly
  from a seed: bytes flipped, cut, repeated or inserted, and values deep in
  the JSON replaced by hostile ones (huge or non-finite numbers, deep
  nesting, text that cannot be encoded, wrong types, long lists);
- :func:`hostile_cases`: the named cases of files that once froze the
  window or filled the memory (a data path that is a FIFO or a device, an
  IDX bomb, layers of ten million neurons, 199 MB of empty lists, …).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import struct
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "nnapp" / "resources" / "examples"
SEED_NAMES = ("neuron", "gender", "perceptron", "xor", "and", "or", "feedforward", "digits8")

# text to put in place of a JSON value: each has broken a reader once
HOSTILE_VALUES = (
    "1" + "0" * 5000,                       # an integer of 5,001 digits
    "1e400", "-1e400", "1e-400",
    str(2**64), str(10**12), "-1", "0", "-0.0", "4294967296",
    "NaN", "Infinity", "-Infinity",
    "[" * 900 + "]" * 900,                  # nesting deeper than Python recurses
    '{"a":' * 600 + "0" + "}" * 600,
    '"\\ud800"', '"a\\udfffb"', '"\\u0000"', '"' + "x" * 100_000 + '"',
    "[" + ",".join(["0"] * 200_000) + "]",
    "{}", "[]", "null", "true", "false", '""', '{"dtype": "float64"}', "[[[]]]",
)


def seed_texts() -> dict[str, str]:
    """The example files the mutants start from."""
    return {name: (EXAMPLES / f"{name}.nnapp").read_text(encoding="utf-8") for name in SEED_NAMES}


def mutants(n: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """``n`` damaged copies of the examples: (name, file bytes).

    The same ``n`` and ``seed`` give the same files.
    """
    rng = random.Random(seed)
    texts = seed_texts()
    names = sorted(texts)
    for i in range(n):
        base = names[rng.randrange(len(names))]
        kind = rng.choice(("value", "value", "value", "key", "bytes", "cut"))
        text = texts[base]
        if kind == "value":
            data = _replace_value(json.loads(text), rng).encode("utf-8", "surrogatepass")
        elif kind == "key":
            data = _rename_key(json.loads(text), rng).encode("utf-8")
        elif kind == "bytes":
            data = _byte_edits(text.encode("utf-8"), rng)
        else:
            raw = text.encode("utf-8")
            data = raw[: rng.randrange(len(raw))]
        yield f"{i:04d}-{base}-{kind}", data


def _paths(tree: Any, here: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree, as a tuple of keys and indices."""
    found = [here]
    if isinstance(tree, dict):
        for k, v in tree.items():
            found += _paths(v, here + (k,))
    elif isinstance(tree, list):
        for j, v in enumerate(tree[:50]):
            found += _paths(v, here + (j,))
    return found


MARK = "\x00HOSTILE\x00"


def _replace_value(tree: Any, rng: random.Random) -> str:
    path = rng.choice(_paths(tree)[1:] or [()])
    if not path:
        return rng.choice(HOSTILE_VALUES)
    parent = tree
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = MARK
    hostile = rng.choice(HOSTILE_VALUES)
    return json.dumps(tree).replace(json.dumps(MARK), hostile, 1)


def _rename_key(tree: Any, rng: random.Random) -> str:
    dicts = [p for p in _paths(tree) if isinstance(_at(tree, p), dict) and _at(tree, p)]
    where = _at(tree, rng.choice(dicts))
    key = rng.choice(sorted(where))
    value = where.pop(key)
    new = rng.choice(("", key.upper(), key + "_", "\ud800", "extra", "size", "network", "data"))
    where[new] = value
    return json.dumps(tree)


def _at(tree: Any, path: tuple) -> Any:
    for key in path:
        tree = tree[key]
    return tree


def _byte_edits(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data))
        edit = rng.randrange(4)
        if edit == 0:
            data[at] = rng.randrange(256)
        elif edit == 1:
            del data[at: at + rng.randint(1, 40)]
        elif edit == 2:
            data[at:at] = data[at: at + rng.randint(1, 200)] * rng.randint(1, 20)
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data)


# --- the named cases ---------------------------------------------------------------


def _network_with_data(data: dict) -> dict:
    doc = json.loads((EXAMPLES / "gender.nnapp").read_text(encoding="utf-8"))
    doc["data"] = data
    return doc


def _write(path: Path, tree: Any) -> Path:
    path.write_text(json.dumps(tree), encoding="utf-8")
    return path


def hostile_cases(folder: Path, *, large: bool = True) -> list[tuple[str, Path]]:
    """Write the named hostile cases into ``folder``; (name, path) of each.

    ``large=False`` leaves out the 199 MB file (the suite's sample).
    """
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[tuple[str, Path]] = []

    fifo = folder / "pipe.csv"
    if not fifo.exists():
        os.mkfifo(fifo)
    cases.append(("data is a FIFO", _write(folder / "fifo.nnapp", _network_with_data(
        {"csv": str(fifo), "inputs": [0, 1], "targets": [2]}))))
    cases.append(("data is /dev/zero", _write(folder / "zero.nnapp", _network_with_data(
        {"csv": "/dev/zero", "inputs": [0, 1], "targets": [2]}))))
    cases.append(("network file is a FIFO", fifo))
    cases.append(("network file is /dev/zero", Path("/dev/zero")))

    bomb = folder / "bomb-images-idx3-ubyte.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        f.write(struct.pack(">IIII", 0x00000803, 1, 10_000, 10_000))
        block = bytes(10_000 * 100)
        for _ in range(100):
            f.write(block)
    labels = folder / "bomb-labels-idx1-ubyte"
    labels.write_bytes(struct.pack(">II", 0x00000801, 1) + b"\x01")
    cases.append(("IDX bomb", _write(folder / "idx_bomb.nnapp", _network_with_data(
        {"idx": {"train_images": str(bomb), "train_labels": str(labels)}}))))

    huge = json.loads((EXAMPLES / "gender.nnapp").read_text(encoding="utf-8"))
    net = huge["network"]
    for layer in net["layers"][:2]:
        layer["size"] = 10_000_000
        layer.pop("bias", None)
        layer.pop("b", None)
    net["links"] = []
    net["layers"] = net["layers"][:2]
    huge.pop("layout", None)
    huge.pop("input", None)
    huge.pop("data", None)
    cases.append(("two 10,000,000-neuron layers", _write(folder / "huge_layers.nnapp", huge)))

    wide = json.loads((EXAMPLES / "gender.nnapp").read_text(encoding="utf-8"))
    wide["network"]["layers"][1]["size"] = 50_000
    wide["network"]["layers"][1]["bias"] = [0.0] * 50_000
    wide["network"]["links"] = []
    for key in ("layout", "input", "data"):
        wide.pop(key, None)
    cases.append(("a 50,000-neuron hidden layer", _write(folder / "wide.nnapp", wide)))

    gender = (EXAMPLES / "gender.nnapp").read_text(encoding="utf-8").rstrip()
    deep = "[" * 900 + "]" * 900
    for where in ("extra", "input", "data"):
        text = gender[:-1] + f', "{where if where != "extra" else "notes"}": {deep}}}'
        cases.append((f"900-deep nesting in {where}", _text(folder / f"deep_{where}.nnapp", text)))
    for what, value in (("5,001-digit integer", "1" + "0" * 5000), ("1e400", "1e400"),
                        ("epochs 10**12", str(10**12)), ("seed 2**64", str(2**64))):
        key = "seed" if "seed" in what else "epochs"
        tree = json.loads(gender)
        tree.setdefault("training", {})[key] = 0
        text = json.dumps(tree).replace(f'"{key}": 0', f'"{key}": {value}', 1)
        cases.append((what, _text(folder / f"number_{key}_{len(value)}.nnapp", text)))
    for field in ("title", "description"):
        tree = json.loads(gender)
        tree[field] = "MARK"
        cases.append((f"surrogate in {field}", _text(folder / f"surrogate_{field}.nnapp",
                                                     json.dumps(tree).replace('"MARK"', '"a\\ud800b"'))))
    tree = json.loads(gender)
    tree["network"]["layers"][0]["id"] = "MARK"
    cases.append(("surrogate in a layer id", _text(folder / "surrogate_id.nnapp",
                                                  json.dumps(tree).replace('"MARK"', '"\\udc80"'))))
    tree = json.loads(gender)
    tree["network"]["dtype"] = {"float": 64}
    cases.append(("a dict as dtype", _write(folder / "dict_dtype.nnapp", tree)))

    if large:
        empty = folder / "empty_lists.nnapp"
        if not empty.exists() or empty.stat().st_size < 190_000_000:
            head = gender[:-1] + ', "zzz": ['
            count = (199 * 1024 * 1024 - len(head) - 4) // 3
            with open(empty, "w", encoding="utf-8") as f:
                f.write(head)
                chunk = "[]," * 1_000_000
                for _ in range(count // 1_000_000):
                    f.write(chunk)
                f.write("[]," * (count % 1_000_000) + "[]]}")
        cases.append(("199 MB of empty lists", empty))
    return cases


def _text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path
