"""Recovery after a killed process, end to end: the real program trains the
gender example (an edit: the trained weights go on the undo stack), writes
its recovery copy, is killed with SIGKILL, and the next start restores the
trained network.

Each run has its own home, settings and recovery folder in ``tmp_path``; the
settings shorten the autosave delay to 0.2 s.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine.examples import example_path
from nnapp.engine.serialize import load
from nnapp.model.document import Document
from nnapp.model.files import install
from nnapp.model.recovery import find_recoveries, read_header, read_recovery

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")


def environment(tmp_path):
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        NNAPP_RECOVERY_DIR=str(tmp_path / "recovery"),
    )
    (tmp_path / "config" / "nnapp").mkdir(parents=True)
    (tmp_path / "config" / "nnapp" / "nnapp.conf").write_text("[autosave]\ndelay=0.2\n", encoding="utf-8")
    return env


def start(env, *args):
    return subprocess.Popen([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(check, process, seconds=10.0):
    """Poll ``check()`` until it returns something true; fail if the program ends first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        assert process.poll() is None, f"nnapp ended early with exit code {process.returncode}"
        time.sleep(0.05)
    raise AssertionError(f"not done within {seconds} s")


def copies_of(folder, pid):
    """The complete recovery files that process ``pid`` wrote."""
    out = []
    for path in folder.glob(f"nnapp-{pid}-*.recovery"):
        try:
            out.append(read_header(path))
        except (OSError, ValueError):
            pass        # being replaced right now
    return out


def weights(info):
    doc = Document()
    install(doc, read_recovery(info))
    return [link.W.copy() for link in doc.links], doc


def test_a_killed_window_is_restored_at_the_next_start(tmp_path):
    env = environment(tmp_path)
    folder = tmp_path / "recovery"
    example = load(example_path("gender")).network

    first = start(env, "--example", "gender", "--train", "--restore", "later")
    try:
        [copy] = wait_for(lambda: copies_of(folder, first.pid), first)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    assert first.returncode == -signal.SIGKILL

    # what the next start offers: the trained network, changed, never saved
    found = find_recoveries(folder)
    assert [info.file for info in found.offered] == [copy.file]
    assert found.notes == []
    trained, doc = weights(found.offered[0])
    assert found.offered[0].modified and found.offered[0].document_path is None
    assert doc.title == "Predict gender from weight and height"
    assert not np.allclose(trained[0], example.links[0].W)      # the training is in the copy

    second = start(env, "--restore", "restore")
    try:
        # restored: the window writes its own copy of the same document, then deletes the old one
        [mine] = wait_for(lambda: not copy.file.exists() and copies_of(folder, second.pid), second)
    finally:
        second.send_signal(signal.SIGKILL)
        second.wait(10)
    again, doc = weights(mine)
    assert mine.modified and mine.document_path is None
    assert all(np.array_equal(a, b) for a, b in zip(again, trained))
    assert [p.name for p in folder.iterdir()] == [mine.file.name]
