"""The built-in examples: they load, give the tutorials' numbers and train as promised."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from nnapp.engine.datasets import load_dataset
from nnapp.engine.examples import EXAMPLES_DIR, ExampleError, example_names, example_path, load_example
from nnapp.engine.propagation import forward, loss_value, predict
from nnapp.engine.serialize import dumps
from nnapp.engine.trace import trace
from nnapp.engine.training import fit

EXPECTED = ["neuron", "feedforward", "gender", "perceptron", "xor", "and", "or"]
#: Trained by resources/models/build_digit_models.py (tests/engine/test_digit_models.py); after the
#: tutorial ones, alphabetically.
DIGIT_MODELS = ["digits8", "mnist"]
#: Writes the tutorial examples into EXAMPLES_DIR; part of the source tree, not of the package.
BUILD_SCRIPT = Path(__file__).resolve().parents[2] / "resources" / "examples" / "build_examples.py"


def load_build_script():
    spec = importlib.util.spec_from_file_location("build_examples", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_names_in_tutorial_order():
    assert example_names() == EXPECTED + DIGIT_MODELS


@pytest.mark.parametrize("name", EXPECTED)
def test_every_example_loads_and_is_what_the_program_writes(name):
    path = example_path(name)
    assert path == EXAMPLES_DIR / f"{name}.nnapp" and path.is_file()
    nf = load_example(name)
    assert nf.title and len(nf.description) > 80
    # the committed file is exactly what serialize writes ...
    assert path.read_text(encoding="utf-8") == dumps(nf)
    # ... and what the build script makes now
    assert dumps(load_build_script().EXAMPLES[name]()) == dumps(nf)
    if nf.data is not None:
        ds = load_dataset(nf.data["dataset"])
        assert (ds.n_inputs, ds.n_outputs) == (nf.network.n_inputs, nf.network.n_outputs)


def test_unknown_example_lists_the_known_ones():
    with pytest.raises(ExampleError, match="gender") as info:
        load_example("genders")
    assert "genders" in str(info.value)
    assert isinstance(info.value, ValueError)


# --- the tutorials' numbers through the files ---------------------------------------


def test_neuron_example():
    net = load_example("neuron").network
    assert predict(net, [2, 3])[0, 0] == pytest.approx(0.9990889488055994, abs=1e-12)


def test_feedforward_example():
    net = load_example("feedforward").network
    assert [net.get(r) for r in net.parameters()] == [0, 1, 0, 1, 0, 1, 0, 0, 0]
    assert predict(net, [2, 3])[0, 0] == pytest.approx(0.7216325609518421, abs=1e-12)


def test_gender_example_with_all_ones_gives_the_tutorial_step():
    nf = load_example("gender")
    assert nf.data == {"dataset": "gender"}
    s = nf.training
    assert (s.loss, s.optimizer, s.learning_rate, s.epochs, s.batch_size, s.shuffle, s.init) == (
        "mse", "sgd", 0.1, 1000, 1, False, "normal")
    net = nf.network
    for ref in net.parameters():
        net.set(ref, 1.0 if ref.kind == "w" else 0.0)
    t = trace(net, [-2, -1], [1], loss=s.loss, learning_rate=s.learning_rate)
    assert t.output[0] == pytest.approx(0.5236951740839997, abs=1e-12)
    w1 = net.parameter("w1")
    assert t.gradient(w1) == pytest.approx(0.02146953526581111, abs=1e-12)
    assert t.after.get(w1) == pytest.approx(1 - 0.1 * 0.02146953526581111, abs=1e-12)


def test_gender_starting_weights_are_drawn_from_the_seed():
    from nnapp.engine.network import Network

    nf = load_example("gender")
    drawn = Network.dense([2, 2, 1], "sigmoid", init="normal", rng=nf.training.seed, bias=None)
    for a, b in zip(nf.network.arrays(), drawn.arrays()):
        assert np.array_equal(a, b)
    assert any(np.any(b != 0) for b in nf.network.arrays()[2:])  # biases drawn too


def test_perceptron_example_starts_like_the_tutorial():
    nf = load_example("perceptron")
    net = nf.network
    assert net.links[0].W[:, 0] == pytest.approx([-0.16595599, 0.44064899, -0.99977125], abs=1e-8)
    assert net.layers[1].bias[0] == 0 and not net.is_trainable(net.parameter("b1"))
    s = nf.training
    assert (s.loss, s.learning_rate, s.epochs, s.batch_size, s.shuffle) == ("sse", 1.0, 20000, 0, False)


# --- training with the files' own settings --------------------------------------------


def train_example(name):
    nf = load_example(name)
    ds = load_dataset(nf.data["dataset"])
    last = fit(nf.network, ds.X, ds.Y, nf.training)
    assert last.stopped == "finished"
    final = loss_value(nf.network, forward(nf.network, ds.X), ds.Y, nf.training.loss)
    return nf.network, ds, final


def test_gender_example_trains():
    net, ds, final = train_example("gender")
    assert final < 0.01
    assert predict(net, ds.extra["Emily"])[0, 0] >= 0.9
    assert predict(net, ds.extra["Frank"])[0, 0] <= 0.1


def test_perceptron_example_trains():
    net, ds, final = train_example("perceptron")
    assert predict(net, [1, 0, 0])[0, 0] > 0.99
    assert predict(net, ds.extra["1 0 0"])[0, 0] > 0.99
    assert net.layers[1].bias[0] == 0  # frozen


def test_perceptron_training_is_the_tutorials_update():
    # w += Xᵀ·(error·σ′(output)), all four rows at once, is one epoch of full-batch descent on sse
    nf = load_example("perceptron")
    ds = load_dataset("perceptron")
    w = nf.network.links[0].W.copy()
    for _ in range(50):
        out = 1 / (1 + np.exp(-(ds.X @ w)))
        w += ds.X.T @ ((ds.Y - out) * out * (1 - out))
    nf.training.epochs = 50
    fit(nf.network, ds.X, ds.Y, nf.training)
    assert nf.network.links[0].W == pytest.approx(w, abs=1e-12)


def test_xor_example_trains():
    net, ds, final = train_example("xor")
    out = predict(net, ds.X)[:, 0]
    assert np.all(np.abs(out - ds.Y[:, 0]) < 0.2), out
    assert final < 0.01


@pytest.mark.parametrize("name", ["and", "or"])
def test_gate_examples_train(name):
    net, ds, final = train_example(name)
    out = predict(net, ds.X)[:, 0]
    assert np.all(np.abs(out - ds.Y[:, 0]) < 0.2), out
