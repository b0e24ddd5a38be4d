"""The style-diverse drawn-digit sets: made again from their seeds, byte for byte, and kept apart."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine.datasets import DATASETS_DIR

# the scripts that make the sets: part of the source tree, not of the package
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "resources" / "datasets"))

import build_drawn_sets as builder  # noqa: E402
from drawn_styles import STYLES  # noqa: E402
from drawn_styles_b import STYLES_B  # noqa: E402
from drawn_styles_c import STYLES_C  # noqa: E402

PER_DIGIT = builder.HAND_PER_DIGIT + builder.PRINT_PER_DIGIT


def shipped(split):
    with np.load(DATASETS_DIR / f"drawn_{split}.npz", allow_pickle=False) as f:
        return {key: f[key] for key in f.files}


@pytest.mark.parametrize("split", ["validation", "validation2", "validation3", "test"])
def test_a_set_is_2400_drawings_240_of_each_digit(split):
    arrays = shipped(split)
    assert arrays["images"].dtype == np.uint8 and arrays["images"].shape == (10 * PER_DIGIT, 112, 112)
    np.testing.assert_array_equal(np.bincount(arrays["labels"]), [PER_DIGIT] * 10)
    assert arrays["styles"].max() == len(arrays["style_names"]) - 1
    assert arrays["pen"].min() >= 2.0 and arrays["pen"].max() <= 13.0
    # every drawing has ink, and none fills the pad
    ink = (arrays["images"] > 127).mean(axis=(1, 2))
    assert ink.min() > 0.003 and ink.max() < 0.5


@pytest.mark.parametrize("split", ["validation", "validation2", "validation3", "test"])
def test_the_same_seed_makes_the_same_bytes(split, tmp_path):
    first = builder.build(split, per_digit=2)
    again = builder.build(split, per_digit=2)
    for key in first:
        np.testing.assert_array_equal(first[key], again[key])
    builder.save_npz(tmp_path / "a.npz", first)
    builder.save_npz(tmp_path / "b.npz", again)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    # and they are the shipped file's drawings: each drawing has its own generator, so the first
    # handwritten and the first print-like drawing of each digit come out alone as they did in the whole set
    arrays = shipped(split)
    rows = [d * PER_DIGIT + i for d in range(10) for i in (0, builder.HAND_PER_DIGIT)]
    np.testing.assert_array_equal(first["images"], arrays["images"][rows])
    np.testing.assert_array_equal(first["labels"], arrays["labels"][rows])
    np.testing.assert_array_equal(first["pen"], arrays["pen"][rows])
    names = arrays["style_names"][arrays["styles"][rows]]
    np.testing.assert_array_equal(first["style_names"][first["styles"]], names)


@pytest.mark.parametrize("split", ["validation", "validation2", "validation3", "test"])
def test_the_shipped_file_is_written_as_the_builder_writes_it(split, tmp_path):
    builder.save_npz(tmp_path / "again.npz", shipped(split))
    assert (tmp_path / "again.npz").read_bytes() == (DATASETS_DIR / f"drawn_{split}.npz").read_bytes()


def test_the_sets_differ_in_seed_and_typefaces_and_the_test_in_its_handwriting():
    seeds = [seed for seed, _ in builder.SETS.values()]
    assert len(set(seeds)) == 4
    fonts = json.loads((DATASETS_DIR / "glyph_strokes.json").read_text(encoding="utf-8"))["fonts"]
    split_of = {f["name"]: f["split"] for f in fonts}
    hands, hands_b, hands_c = ({name for styles in table.values() for name, *_ in styles}
                               for table in (STYLES, STYLES_B, STYLES_C))
    assert not hands & hands_b and not hands & hands_c and not hands_b & hands_c
    for split, own in (("validation", hands), ("validation2", hands), ("validation3", hands_c), ("test", hands_b)):
        names = set(shipped(split)["style_names"])
        typefaces = names - own
        assert typefaces and {split_of[n] for n in typefaces} == {split}  # never a training font
        assert own <= names  # every handwriting style of the set is in it
    a, b = shipped("validation")["images"], shipped("test")["images"]
    assert not any(np.array_equal(a[i], b[i]) for i in range(0, len(a), 97))


def test_the_writer_stamps_no_time(tmp_path):
    arrays = {"x": np.arange(5, dtype=np.uint8)}
    builder.save_npz(tmp_path / "x.npz", arrays)
    with np.load(tmp_path / "x.npz", allow_pickle=False) as f:
        np.testing.assert_array_equal(f["x"], arrays["x"])
    import zipfile
    with zipfile.ZipFile(tmp_path / "x.npz") as z:
        assert [i.date_time for i in z.infolist()] == [(1980, 1, 1, 0, 0, 0)]
