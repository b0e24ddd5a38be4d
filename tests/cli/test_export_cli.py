"""``nnapp export NETWORK --format numpy --out FILE``."""

import importlib.util
import os

import numpy as np
import pytest

from nnapp.cli.main import main
from nnapp.engine.examples import load_example
from nnapp.engine.propagation import predict


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def load_module(path):
    spec = importlib.util.spec_from_file_location("exported_by_cli", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_export_writes_a_file_that_computes_the_network(capsys, tmp_path):
    out_file = tmp_path / "neuron.py"
    code, out, err = run(capsys, "export", "neuron", "--format", "numpy", "--out", str(out_file))
    assert code == 0, err
    assert err == ""
    assert out.count("\n") == 1
    assert str(out_file) in out and f"python {out_file} --input 2,3" in out
    X = np.array([[2.0, 3.0], [-1.0, 0.5]])
    np.testing.assert_allclose(load_module(out_file).predict(X), predict(load_example("neuron").network, X),
                               rtol=1e-12, atol=1e-12)


def test_export_of_a_network_file(capsys, tmp_path):
    from nnapp.engine.serialize import save

    path = tmp_path / "ff.nnapp"
    save(load_example("feedforward"), path)
    code, out, err = run(capsys, "export", str(path), "--out", str(tmp_path / "ff.py"))
    assert code == 0, err
    assert (tmp_path / "ff.py").is_file()


def test_a_large_network_names_its_npz(capsys, tmp_path):
    code, out, err = run(capsys, "export", "mnist", "--out", str(tmp_path / "mnist.py"))
    assert code == 0, err
    assert str(tmp_path / "mnist.npz") in out and out.count("\n") == 1
    assert (tmp_path / "mnist.npz").is_file()


@pytest.mark.parametrize("where", ["missing folder", "folder"])
def test_unwritable_out_is_one_line_and_status_2(capsys, tmp_path, where):
    target = tmp_path / "no" / "such" / "m.py" if where == "missing folder" else tmp_path
    code, out, err = run(capsys, "export", "neuron", "--out", str(target))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("nnapp: error: ") and str(target) in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder_is_one_line(capsys, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        code, out, err = run(capsys, "export", "neuron", "--out", str(folder / "m.py"))
    finally:
        folder.chmod(0o700)
    assert code == 2 and err.count("\n") == 1


def test_unknown_network_is_one_line_and_status_2(capsys, tmp_path):
    code, out, err = run(capsys, "export", "no-such-network", "--out", str(tmp_path / "m.py"))
    assert code == 2
    assert err.count("\n") == 1 and "no-such-network" in err
    assert not (tmp_path / "m.py").exists()


def test_only_the_numpy_format(capsys, tmp_path):
    code, out, err = run(capsys, "export", "neuron", "--format", "onnx", "--out", str(tmp_path / "m.py"))
    assert code == 2 and err.count("\n") == 1
