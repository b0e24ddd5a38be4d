"""nnapp/resources/datasets/glyph_strokes.json: digit pen strokes traced from typefaces (numpy + json only)."""

import json

import numpy as np
import pytest

from nnapp.engine.resources import DATASETS_DIR

PATH = DATASETS_DIR / "glyph_strokes.json"
SPLITS = {"train", "validation", "validation2", "test", "validation3"}
FIRST_SPLITS = ("train", "validation", "validation2")  # test and validation3 were added later
KINDS = {"sans", "serif", "mono", "hand"}


@pytest.fixture(scope="module")
def data():
    with PATH.open(encoding="utf-8") as f:
        return json.load(f)


def test_file_loads_and_has_many_fonts(data):
    assert isinstance(data["about"], str) and data["about"]
    fonts = data["fonts"]
    assert len(fonts) >= 30
    names = [f["name"] for f in fonts]
    assert len(set(names)) == len(names)
    assert len({f["family"] for f in fonts}) >= 12
    for f in fonts:
        for key in ("name", "family", "file", "package", "licence"):
            assert isinstance(f[key], str) and f[key], (f.get("name"), key)
        assert f["kind"] in KINDS


def test_every_font_has_ten_digits_of_strokes(data):
    for f in data["fonts"]:
        assert sorted(f["digits"]) == [str(d) for d in range(10)], f["name"]
        weight = np.asarray(f["weight"], float)
        assert weight.shape == (10,) and np.all(np.isfinite(weight)), f["name"]
        assert np.all((weight > 0) & (weight < 0.5)), f["name"]
        for d, strokes in f["digits"].items():
            assert len(strokes) >= 1, (f["name"], d)
            assert all(len(s) >= 2 for s in strokes), (f["name"], d)
            pts = np.concatenate([np.asarray(s, float) for s in strokes])
            assert pts.ndim == 2 and pts.shape[1] == 2, (f["name"], d)
            assert np.all(np.isfinite(pts)), (f["name"], d)
            x, y = pts[:, 0], pts[:, 1]
            assert y.min() >= 0 and y.max() <= 1, (f["name"], d)
            assert x.min() >= 0 and x.max() <= 1.5, (f["name"], d)
            # normalised: the strokes span y from 0 to 1 and start at x = 0
            assert y.min() == pytest.approx(0, abs=1e-3) and y.max() == pytest.approx(1, abs=1e-3)
            assert x.min() == pytest.approx(0, abs=1e-3)


def test_splits_by_family(data):
    fonts = data["fonts"]
    assert {f["split"] for f in fonts} == SPLITS  # only these five names, none empty
    for split in SPLITS:
        assert sum(f["split"] == split for f in fonts) >= 5, split
    split_of_family: dict[str, str] = {}
    for f in fonts:
        assert split_of_family.setdefault(f["family"], f["split"]) == f["split"], f["family"]
    # families of one design lineage (a design group) share their split too
    split_of_group: dict[str, str] = {}
    for f in fonts:
        assert split_of_group.setdefault(f["group"], f["split"]) == f["split"], f["group"]
    # every split has sans, serif and monospaced or handwriting-like faces
    for split in SPLITS:
        kinds = {f["kind"] for f in fonts if f["split"] == split}
        assert {"sans", "serif"} <= kinds and kinds & {"mono", "hand"}, split
    # of the first three splits, about half of the families train
    families = [s for s in split_of_family.values() if s in FIRST_SPLITS]
    assert 0.35 <= families.count("train") / len(families) <= 0.65
    # the test split is a whole set of its own: many families, handwriting among them
    test = [f for f in fonts if f["split"] == "test"]
    assert len(test) >= 15 and len({f["family"] for f in test}) >= 12
    assert sum(f["kind"] == "hand" for f in test) >= 2
    # validation3, added last, is a further set of its own: design families of no other split
    v3 = [f for f in fonts if f["split"] == "validation3"]
    assert len(v3) >= 10 and len({f["family"] for f in v3}) >= 8
    assert sum(f["kind"] == "hand" for f in v3) >= 2
    assert not {f["family"] for f in v3} & {f["family"] for f in fonts if f["split"] != "validation3"}
