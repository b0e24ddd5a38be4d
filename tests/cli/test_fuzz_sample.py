"""A sample of ``bench/fuzz_files.py`` in the suite: 200 damaged example files
and the named hostile cases through the command line.

Every file is either read or refused with a one-line message; no exception
escapes and nothing is worded as "unexpected" (which would be a bug).
"""

import contextlib
import io
import time

import pytest

from nnapp.cli.main import main
from tests.hostile_files import hostile_cases, mutants


def run(path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["trace", str(path), "--row", "1", "--max-terms", "2"])
    return code, err.getvalue().strip()


def test_two_hundred_damaged_files_are_read_or_refused_in_one_line(tmp_path):
    outcomes = {"read": 0, "refused": 0}
    for name, data in mutants(200, seed=7):
        path = tmp_path / f"{name}.nnapp"
        path.write_bytes(data)
        code, text = run(path)
        assert code in (0, 2), (name, code, text)
        assert "unexpected" not in text and "Traceback" not in text, (name, text)
        if code:
            assert text.startswith("nnapp: ") and "\n" not in text, (name, text)
        outcomes["read" if code == 0 else "refused"] += 1
    # the mutants are not all fatal: some damage is in places a reader may ignore
    assert outcomes["refused"] >= 100 and outcomes["read"] >= 5, outcomes


@pytest.fixture(scope="module")
def named_cases(tmp_path_factory):
    return dict(hostile_cases(tmp_path_factory.mktemp("hostile"), large=False))


@pytest.mark.parametrize("case", [
    "data is a FIFO", "data is /dev/zero", "network file is a FIFO", "network file is /dev/zero",
    "IDX bomb", "two 10,000,000-neuron layers", "900-deep nesting in extra", "900-deep nesting in input",
    "900-deep nesting in data", "5,001-digit integer", "1e400", "epochs 10**12", "seed 2**64",
    "surrogate in title", "surrogate in description", "surrogate in a layer id", "a dict as dtype",
])
def test_named_hostile_case_is_refused_at_once_with_a_message(named_cases, case):
    start = time.perf_counter()
    code, text = run(named_cases[case])
    seconds = time.perf_counter() - start
    assert code == 2, (case, code, text)
    assert text.startswith("nnapp: ") and "unexpected" not in text, text
    assert seconds < 5.0, (case, seconds)
