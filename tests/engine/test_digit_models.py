"""The trained digit examples: their accuracy on the test rows and on drawn digits (one forward pass)."""

import numpy as np
import pytest

from nnapp.engine.datasets import DATASETS_DIR, load_dataset
from nnapp.engine.examples import example_path, load_example
from nnapp.engine.preprocess import mnist_style, optdigits_style, preprocess
from nnapp.engine.propagation import predict
from nnapp.engine.serialize import dumps

# name: (dataset, image shape, accuracy on the test rows at least, on the drawn digits at least)
MODELS = {
    # targets of the issue: ≥ 97 % (8×8) and ≥ 96 % (MNIST) on the test rows, ≥ 95 % of the drawn
    # digits for MNIST. The 8×8 network is not asked a drawn-digit target: it was measured at
    # DIGITS8_DRAWN (resources/models/README.md) and the test keeps it from getting worse by more
    # than 2 points.
    "digits8": ("digits8", (8, 8), 0.97, None),
    "mnist": ("mnist5k", (28, 28), 0.96, 0.95),
}
DIGITS8_DRAWN = 0.882


def accuracy(net, X, labels):
    return float(np.mean(np.argmax(predict(net, X), axis=1) == labels))


@pytest.mark.parametrize("name", list(MODELS))
def test_digit_example_file(name):
    dataset, shape, _, _ = MODELS[name]
    nf = load_example(name)
    assert example_path(name).read_text(encoding="utf-8") == dumps(nf)
    assert nf.title and len(nf.description) > 200
    assert nf.data == {"dataset": dataset, "options": {"split": "train"}}
    assert nf.network.layers[0].image_shape == shape
    assert nf.network.layers[-1].activation == "softmax" and nf.training.loss == "cce"
    ds = load_dataset(dataset)
    assert (ds.n_inputs, ds.n_outputs) == (nf.network.n_inputs, nf.network.n_outputs)
    assert ds.image_shape == shape
    # output k is the digit k, and it is called so on the canvas
    assert nf.network.neuron_names(len(nf.network.layers) - 1) == [str(d) for d in range(10)]
    assert nf.network.neuron_names(len(nf.network.layers) - 1) == ds.class_names
    assert example_path(name).stat().st_size < 3_000_000


@pytest.mark.parametrize("name", list(MODELS))
def test_digit_example_accuracy_on_the_test_rows(name):
    dataset, _, target, _ = MODELS[name]
    net = load_example(name).network
    test = load_dataset(dataset, split="test")
    got = accuracy(net, test.X, test.labels())
    assert got >= target
    assert f"{got:.1%}" in load_example(name).description  # the description tells the truth


@pytest.fixture(scope="module")
def drawn():
    with np.load(DATASETS_DIR / "drawn_digits.npz", allow_pickle=False) as f:
        return f["images"], f["labels"].astype(np.int64)


def test_drawn_digits_file(drawn):
    images, labels = drawn
    assert images.dtype == np.uint8 and images.shape == (500, 112, 112)
    np.testing.assert_array_equal(np.bincount(labels), [50] * 10)


def test_mnist_example_recognises_drawn_digits(drawn):
    images, labels = drawn
    net = load_example("mnist").network
    X = np.stack([mnist_style(image).vector for image in images])
    assert accuracy(net, X, labels) >= MODELS["mnist"][3]


def test_digits8_example_on_drawn_digits(drawn):
    images, labels = drawn
    net = load_example("digits8").network
    X = np.stack([optdigits_style(image).vector for image in images])
    assert accuracy(net, X, labels) >= DIGITS8_DRAWN - 0.02


def test_preprocess_chooses_the_recipe_from_the_input_layer(drawn):
    image = drawn[0][0]
    for name in MODELS:
        net = load_example(name).network
        p = preprocess(image, net.layers[0].image_shape)
        assert p.vector.shape == (net.n_inputs,)
