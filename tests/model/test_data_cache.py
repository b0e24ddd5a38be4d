"""The cache of read data: a second read of the same file is free; a changed file is read again."""

from __future__ import annotations

import os

import numpy as np
import pytest

from nnapp.engine.csvdata import CsvError
from nnapp.engine.network import Network
from nnapp.model import data
from nnapp.model.data import dataset_for, load_section


@pytest.fixture(autouse=True)
def empty_cache():
    data.clear_cache()
    yield
    data.clear_cache()


@pytest.fixture
def reads(monkeypatch):
    """Counts the CSV files actually read."""
    calls = []
    real = data.read_csv

    def counting(path, *args, **kwargs):
        calls.append(str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(data, "read_csv", counting)
    return calls


def _write(path, rows):
    path.write_text("a,b,y\n" + "".join(f"{a},{b},{y}\n" for a, b, y in rows))


def _section(path):
    return {"csv": str(path), "inputs": ["a", "b"], "targets": ["y"]}


def test_a_second_read_of_the_same_file_reads_nothing(tmp_path, reads):
    path = tmp_path / "d.csv"
    _write(path, [(1, 2, 0), (3, 4, 1)])
    net = Network.dense([2, 3, 1], rng=0)
    first = dataset_for(_section(path), net)
    # normalisation and the base folder do not change what is read
    section = {**_section(path), "normalise": {"method": "minmax", "shift": [1, 2], "scale": [2, 2]}}
    second = dataset_for(section, net, tmp_path)
    again = load_section({"csv": "d.csv", "inputs": ["a", "b"], "targets": ["y"]}, tmp_path)
    assert reads == [str(path)]
    assert again is first
    np.testing.assert_array_equal(second.X, [[0, 0], [1, 1]])
    assert not first.X.flags.writeable and not first.Y.flags.writeable
    with pytest.raises(ValueError):
        first.X[0, 0] = 5


def test_a_changed_file_is_read_again(tmp_path, reads):
    path = tmp_path / "d.csv"
    _write(path, [(1, 2, 0), (3, 4, 1)])
    assert load_section(_section(path)).n_samples == 2
    _write(path, [(1, 2, 0), (3, 4, 1), (5, 6, 0)])
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    ds = load_section(_section(path))
    assert ds.n_samples == 3
    assert len(reads) == 2
    # only the time changes (same bytes, same size): read again too
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    load_section(_section(path))
    assert len(reads) == 3


def test_another_section_of_the_same_file_is_its_own_entry(tmp_path, reads):
    path = tmp_path / "d.csv"
    _write(path, [(1, 2, 0), (3, 4, 1)])
    a = load_section(_section(path))
    b = load_section({"csv": str(path), "inputs": ["b"], "targets": ["y"]})
    assert a.n_inputs == 2 and b.n_inputs == 1
    assert len(reads) == 2


def test_a_missing_file_is_not_cached(tmp_path, reads):
    path = tmp_path / "gone.csv"
    with pytest.raises(CsvError, match="does not exist"):
        load_section(_section(path))
    _write(path, [(1, 2, 0), (3, 4, 1)])
    assert load_section(_section(path)).n_samples == 2


def test_the_cache_holds_its_bounds(tmp_path, reads, monkeypatch):
    monkeypatch.setattr(data, "CACHE_MAX_BYTES", 6000)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _write(small, [(j, j, 0) for j in range(10)])            # 240 bytes of arrays
    _write(large, [(j, j, 0) for j in range(200)])           # 4,800 bytes
    load_section(_section(large))
    load_section(_section(small))
    assert data.cached_bytes() == 5040
    bigger = tmp_path / "bigger.csv"
    _write(bigger, [(j, j, 1) for j in range(150)])          # 3,600 bytes: the largest other goes
    load_section(_section(bigger))
    assert data.cached_bytes() == 3840
    reads.clear()
    load_section(_section(small))
    load_section(_section(bigger))
    assert reads == []
    load_section(_section(large))
    assert reads == [str(large)]
    assert data.cached_bytes() <= 6000
    # a Dataset larger than the whole bound is not kept
    huge = tmp_path / "huge.csv"
    _write(huge, [(j, j, 0) for j in range(300)])
    load_section(_section(huge))
    load_section(_section(huge))
    assert reads[-2:] == [str(huge), str(huge)]
    assert data.cached_bytes() <= 6000


def test_the_number_of_entries_is_bounded(tmp_path, reads):
    paths = []
    for n in range(data.CACHE_MAX_ENTRIES + 1):
        path = tmp_path / f"d{n}.csv"
        _write(path, [(n, n, 0), (n, 1, 1)])
        paths.append(path)
        load_section(_section(path))
    reads.clear()
    for path in paths[1:]:
        load_section(_section(path))
    assert reads == []
    load_section(_section(paths[0]))          # the least recently used was dropped
    assert reads == [str(paths[0])]
    assert len(data._cache) == data.CACHE_MAX_ENTRIES
