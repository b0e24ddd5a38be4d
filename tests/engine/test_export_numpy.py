"""The numpy export: the written file computes what nnapp computes, needing only numpy."""

import ast
import importlib.util
import subprocess
import sys
from itertools import count

import numpy as np
import pytest

from nnapp.engine.activations import ACTIVATIONS
from nnapp.engine.examples import example_names, load_example
from nnapp.engine.export_numpy import LITERAL_LIMIT, numpy_source, write_numpy_export
from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.propagation import predict

from .random_networks import random_network

_module_numbers = count()


def load_module(path):
    """Import a written file (a fresh module each time)."""
    spec = importlib.util.spec_from_file_location(f"exported_{next(_module_numbers)}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tolerance(net):
    return 1e-6 if net.dtype == np.float32 else 1e-12


def check_same_outputs(net, tmp_path, X, name="model.py"):
    paths = write_numpy_export(net, tmp_path / name)
    module = load_module(paths[0])
    got = module.predict(X)
    want = predict(net, X)
    assert got.shape == (X.shape[0], net.n_outputs)
    assert got.dtype == net.dtype
    np.testing.assert_allclose(got, want, rtol=tolerance(net), atol=tolerance(net))
    return paths


def imports_of(source):
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("name", example_names())
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_every_example_gives_nnapp_outputs(name, dtype, tmp_path):
    net = load_example(name).network.astype(dtype)
    rng = np.random.default_rng(1)
    X = rng.normal(0, 2, (7, net.n_inputs)).astype(dtype)
    paths = check_same_outputs(net, tmp_path, X)
    big = net.n_parameters() > LITERAL_LIMIT
    assert len(paths) == (2 if big else 1)
    if big:
        assert paths[1] == tmp_path / "model.npz"
        assert "allow_pickle=False" in paths[0].read_text(encoding="utf-8")


def test_mnist_goes_to_a_sidecar_npz_without_pickles(tmp_path):
    net = load_example("mnist").network
    paths = write_numpy_export(net, tmp_path / "mnist.py")
    assert [p.name for p in paths] == ["mnist.py", "mnist.npz"]
    with np.load(paths[1], allow_pickle=False) as arrays:
        assert set(arrays.files) == {"W_x_h", "b_h", "W_h_o", "b_o"}
        assert arrays["W_x_h"].dtype == net.dtype
    assert paths[0].stat().st_size < 20_000      # the weights are not literals


ALL = sorted(ACTIVATIONS)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("seed", range(6))
def test_random_networks_with_skips_masks_and_every_activation(seed, dtype, tmp_path):
    rng = np.random.default_rng(seed)
    hidden = [ALL[(seed + k) % len(ALL)] for k in range(3)]
    output = ALL[seed % len(ALL)]
    sizes = [int(v) for v in rng.integers(1, 6, size=int(rng.integers(3, 6)))]
    net = random_network(seed, sizes, hidden, output, dtype=dtype)
    # frozen parameters change nothing in the forward pass, but the file says so
    net.links[0].trainable = rng.random(net.links[0].W.shape) < 0.5
    net.layers[1].bias_trainable = np.zeros(sizes[1], bool)
    X = rng.normal(0, 3, (9, net.n_inputs)).astype(dtype)
    check_same_outputs(net, tmp_path, X)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("activation", ALL)
def test_each_activation_on_wide_inputs(activation, dtype, tmp_path):
    net = random_network(3, [3, 4, 4], [activation], activation, dtype=dtype)
    X = np.random.default_rng(2).normal(0, 50, (20, 3)).astype(dtype)
    X[0] = 0.0
    check_same_outputs(net, tmp_path, X)


def test_several_links_into_one_layer_and_a_layer_without_links(tmp_path):
    rng = np.random.default_rng(5)
    layers = [Layer("in", 3), Layer("a", 2, "tanh", rng.normal(size=2)),
              Layer("lonely", 2, "sigmoid", rng.normal(size=2)),
              Layer("out", 2, "leaky_relu", rng.normal(size=2))]
    mask = np.array([[True, False], [False, True], [True, True]])
    links = [Link("in", "a", rng.normal(size=(3, 2))),
             Link("a", "out", rng.normal(size=(2, 2))),
             Link("lonely", "out", rng.normal(size=(2, 2))),
             Link("in", "out", np.where(mask, rng.normal(size=(3, 2)), 0.0), mask)]
    net = Network(layers, links)
    X = rng.normal(size=(5, 3))
    paths = check_same_outputs(net, tmp_path, X)
    text = paths[0].read_text(encoding="utf-8")
    assert "z_o = a_x @ (W_x_o * mask_x_o) + a_h1 @ W_h1_o + a_h2 @ W_h2_o + b_o" in text


def test_the_file_needs_only_numpy_and_names_the_steps():
    source = numpy_source(load_example("feedforward").network)
    assert imports_of(source) <= {"argparse", "numpy", "pathlib"}
    assert "exec(" not in source and "eval(" not in source and "pickle" not in source
    assert "# z_h = a_x @ W_x_h + b_h, the weighted sums (step panel: z_h1 = w1·x1 + w2·x2 + b1)" in source
    assert "(step panel: z_o1 = w5·h1 + w6·h2 + b3)" in source
    assert "h1 = σ(z_h1)" in source
    assert "def predict(x):" in source and 'if __name__ == "__main__":' in source


def test_literals_are_exact(tmp_path):
    net = random_network(7, [2, 3, 1], ["tanh"], "identity")
    net.links[0].W[0, 0] = 0.1 + 0.2          # a float whose short form would lose digits
    module = load_module(write_numpy_export(net, tmp_path / "m.py")[0])
    assert module.W_x_h[0, 0] == 0.1 + 0.2
    np.testing.assert_array_equal(module.b_h, net.layers[1].bias)
    net32 = net.astype(np.float32)
    module = load_module(write_numpy_export(net32, tmp_path / "m32.py")[0])
    assert module.W_x_h.dtype == np.float32
    np.testing.assert_array_equal(module.W_x_h, net32.links[0].W)


def test_the_literal_limit_can_be_lowered(tmp_path):
    net = load_example("feedforward").network
    paths = write_numpy_export(net, tmp_path / "ff.py", literal_limit=5)
    assert [p.name for p in paths] == ["ff.py", "ff.npz"]
    X = np.array([[2.0, 3.0], [-1.0, 0.5]])
    np.testing.assert_allclose(load_module(paths[0]).predict(X), predict(net, X), rtol=1e-12, atol=1e-12)


def test_running_the_neuron_file_prints_its_output(tmp_path):
    path = write_numpy_export(load_example("neuron").network, tmp_path / "neuron.py")[0]
    done = subprocess.run([sys.executable, str(path), "--input", "2,3"], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("0.999088"), done.stdout
    done = subprocess.run([sys.executable, str(path), "--input", "2,3;0,0"], capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2
