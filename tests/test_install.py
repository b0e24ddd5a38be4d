"""nnapp installed from its wheel, away from the source tree: what a pip user gets.

The wheel is built from a copy of the sources, installed into a new virtual
environment in a temporary folder, and run from another temporary folder:
``nnapp examples``, ``nnapp trace``, ``nnapp predict mnist`` and ``nnapp
train`` find the examples and the digit data inside the installed package,
and ``nnapp`` with no command opens the window (``--screenshot`` saves a
picture of it and quits).

No network is needed: the wheel is built with this environment's setuptools
(``--no-build-isolation``), and the new environment reaches numpy, PySide6
and pyqtgraph through links to this environment's copies of exactly those
distributions (and what they need), never to the source tree nor to the
editable nnapp installed here.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import pytest

from nnapp.cli.main import main as cli_main
from nnapp.engine.datasets import load_dataset
from nnapp.engine.examples import example_names, load_example
from nnapp.engine.propagation import predict

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120


@dataclass
class Installed:
    venv: Path
    python: Path
    nnapp: Path
    work: Path
    env: dict[str, str]

    def run(self, *args: str, program: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(program or self.nnapp), *args], cwd=self.work, env=self.env,
            capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT,
        )


def _bin(venv: Path, name: str) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def _dependency_folders() -> list[Path]:
    """The top-level files and folders (packages, their libraries and
    metadata) of nnapp's dependencies and of everything they need, as
    installed in this environment."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo, seen, found = list(project["dependencies"]), set(), []
    while todo:
        requirement = Requirement(todo.pop())
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = canonicalize_name(requirement.name)
        if key in seen:
            continue
        seen.add(key)
        dist = metadata.distribution(requirement.name)
        tops = {Path(f).parts[0] for f in dist.files or () if Path(f).parts[0] != ".."}
        found += [Path(dist.locate_file(top)) for top in sorted(tops)]
        todo += dist.requires or []
    return found


def _copy_sources(target: Path) -> None:
    """What the wheel is made of: pyproject.toml, README.md and the package."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "nnapp", target / "nnapp", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def _pip(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # no PYTHONPATH: a source tree on it would look like an nnapp installed already
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return subprocess.run([sys.executable, "-m", "pip", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    missing = [name for name in ("setuptools", "wheel") if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"building the wheel offline needs {' and '.join(missing)} here (pip install -e .[test])")
    tmp = tmp_path_factory.mktemp("install")

    _copy_sources(tmp / "src")
    built = _pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(tmp / "dist"),
                 str(tmp / "src"), cwd=tmp)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("nnapp-*.whl")

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=TIMEOUT)
    python = _bin(venv, "python")
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True, timeout=TIMEOUT,
    ).stdout.strip())
    deps = tmp / "deps"
    deps.mkdir()
    try:
        for path in _dependency_folders():
            (deps / path.name).symlink_to(path, target_is_directory=path.is_dir())
    except OSError as e:
        pytest.skip(f"cannot link the dependencies into the new environment: {e}")
    (site / "nnapp_dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")

    done = _pip("--python", str(python), "install", "--no-deps", "--no-index", "--ignore-installed", "-q",
                str(wheel), cwd=tmp)
    assert done.returncode == 0, done.stderr

    home, work = tmp / "home", tmp / "work"
    home.mkdir()
    work.mkdir()
    env = {
        "PATH": os.pathsep.join([str(python.parent), os.environ.get("PATH", "")]),
        "HOME": str(home), "USERPROFILE": str(home),
        "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"), "NNAPP_RECOVERY_DIR": str(home / "recovery"),
        "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8",
    }
    for name in ("SYSTEMROOT", "TMPDIR", "TEMP", "TMP", "LANG"):
        if name in os.environ:
            env[name] = os.environ[name]
    return Installed(venv, python, _bin(venv, "nnapp"), work, env)


def test_the_wheel_holds_the_program_and_its_files_and_no_build_scripts(installed):
    from zipfile import ZipFile

    (wheel,) = (installed.venv.parent / "dist").glob("nnapp-*.whl")
    names = set(ZipFile(wheel).namelist())
    assert {f"nnapp/resources/examples/{name}.nnapp" for name in example_names()} <= names
    assert {"nnapp/resources/datasets/digits8.npz", "nnapp/resources/datasets/mnist5k.npz",
            "nnapp/resources/datasets/drawn_test.npz", "nnapp/resources/datasets/LICENSES.md",
            "nnapp/resources/schema/network.schema.json", "nnapp/launcher.py",
            "nnapp/resources/locale/ru/LC_MESSAGES/nnapp.mo"} <= names
    # made by scripts of the source tree and read only by them, the tests and the benchmarks
    assert not [n for n in names if "drawn_validation" in n or "glyph_strokes" in n or n.startswith("resources/")]
    assert not [n for n in names if n.startswith("tests/") or "__pycache__" in n]


def test_the_installed_package_is_the_one_imported_not_the_source_tree(installed):
    done = installed.run("-c", "import nnapp.engine.resources as r; print(r.__file__); print(r.RESOURCES_DIR)",
                         program=installed.python)
    assert done.returncode == 0, done.stderr
    module, resources = (Path(line) for line in done.stdout.splitlines())
    assert module.is_relative_to(installed.venv) and resources.is_relative_to(installed.venv)
    assert not module.resolve().is_relative_to(ROOT.resolve())


def test_nnapp_examples_lists_every_example(installed):
    done = installed.run("examples")
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines() if line.strip()][:-1]
    assert listed == example_names()


def test_python_dash_m_nnapp_runs_the_command_line_too(installed):
    done = installed.run("-m", "nnapp", "examples", program=installed.python)
    assert done.returncode == 0, done.stderr
    assert "gender" in done.stdout


def test_nnapp_help_lists_the_commands_and_says_how_to_open_the_window(installed):
    done = installed.run("--help")
    assert done.returncode == 0, done.stderr
    for command in ("examples", "trace", "train", "predict"):
        assert command in done.stdout
    assert "nnapp window --help" in done.stdout


def test_trace_gender_prints_what_the_source_tree_prints(installed, capsys):
    # the tutorial's Alice: weight −2, height −1 (after the shifts), female
    argv = ["trace", "gender", "--input", "-2,-1", "--target", "1"]
    done = installed.run(*argv)
    assert done.returncode == 0, done.stderr
    assert cli_main(argv) == 0
    assert done.stdout == capsys.readouterr().out
    assert "x1 = −2, x2 = −1" in done.stdout and "∂L/∂w1 = x1 · δ_h1" in done.stdout


def test_the_tutorials_numbers_come_out(installed):
    done = installed.run("predict", "neuron", "--input", "2,3", "--decimals", "15")
    assert done.returncode == 0, done.stderr
    assert "o1 = 0.999088948805599" in done.stdout        # σ(0·2 + 1·3 + 4) = 0.9990889488055994
    done = installed.run("predict", "feedforward", "--input", "2,3", "--decimals", "15")
    assert "o1 = 0.721632560951842" in done.stdout        # σ(2·σ(3) ...) = 0.7216325609518421


def test_predict_mnist_reads_a_test_digit(installed, capsys):
    digits = load_dataset("mnist5k", split="test")
    probabilities = predict(load_example("mnist").network, digits.X[:10])
    right = np.flatnonzero(probabilities.argmax(axis=1) == digits.Y[:10].argmax(axis=1))
    assert right.size, "the shipped mnist network reads none of the first ten test digits"
    row = int(right[0])
    label = int(digits.Y[row].argmax())
    argv = ["predict", "mnist", "--input", ",".join(repr(float(v)) for v in digits.X[row])]
    done = installed.run(*argv)
    assert done.returncode == 0, done.stderr
    printed = dict(re.findall(r"(\d) = ([^,\n]+)", done.stdout.split("→")[1]))
    assert float(printed[str(label)]) == pytest.approx(probabilities[row, label], abs=5e-5)
    assert probabilities[row, label] > 0.5
    assert cli_main(argv) == 0
    assert done.stdout == capsys.readouterr().out


def test_train_reads_the_installed_digit_data(installed):
    done = installed.run("train", "digits8", "--epochs", "1")
    assert done.returncode == 0, done.stderr
    assert "of 1438 right" in done.stdout


def test_nnapp_with_no_command_opens_the_window(installed):
    shot = installed.work / "window.png"
    done = installed.run("--screenshot", str(shot))
    assert done.returncode == 0, done.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 640 and height >= 480
