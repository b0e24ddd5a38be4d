"""Long network files are parsed in pieces (so a reading thread lets the
window's thread run); the pieces give what ``json.loads`` gives, faults
included."""

import json
import threading
import time

import numpy as np
import pytest

from nnapp.engine import serialize
from nnapp.engine.network import Network
from nnapp.engine.serialize import NetworkFile, dumps, loads
from nnapp.engine.settings import TrainingSettings
from tests.hostile_files import mutants


def whole(text):
    return json.loads(text, parse_constant=serialize._NonFinite, object_pairs_hook=serialize._object_from_pairs)


def outcome(parse, text):
    try:
        return "value", json.dumps(parse(text), default=repr)
    except json.JSONDecodeError as e:
        return "fault", e.msg, e.pos
    except (ValueError, RecursionError) as e:
        return "refused", type(e).__name__


def test_pieces_and_whole_agree_on_damaged_files_faults_included():
    kinds = set()
    for name, data in mutants(300, seed=5):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        a, b = outcome(whole, text), outcome(serialize._parse_in_pieces, text)
        assert a == b, name
        kinds.add(a[0])
    assert kinds >= {"value", "fault"}


@pytest.mark.parametrize("text", ['{"a": 1, "a": 2}', '[[1, 2], [NaN]]', '{"a": [{"b": [1, 2]}, []]} x', ' [ ] ',
                                  '{"a" 1}', '[[1] [2]]', '{"a": 1,}', '{}', '[{}]'])
def test_small_cases_agree(text):
    assert outcome(whole, text) == outcome(serialize._parse_in_pieces, text)


def test_a_long_file_reads_the_same_and_lets_another_thread_run():
    net = Network.dense([2, 800, 800, 1], ["tanh", "tanh", "sigmoid"], rng=0)
    text = dumps(NetworkFile(net, TrainingSettings(), None, "long", "", {}))
    assert len(text) > serialize.PIECEWISE_ABOVE
    gaps, done = [], threading.Event()

    def read():
        try:
            read.result = loads(text)
        finally:
            done.set()

    worker = threading.Thread(target=read)
    last = time.perf_counter()
    worker.start()
    while not done.is_set():
        done.wait(0.002)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    for a, b in zip(read.result.network.arrays(), net.arrays()):
        assert np.array_equal(a, b)
    # the parse of 14 MB (about 0.2 s in one piece) took many slices of the reading thread
    assert len(gaps) > 5 and max(gaps) < 0.1, (len(gaps), max(gaps))
