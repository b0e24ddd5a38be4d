"""Train the two digit networks shipped with nnapp and write them as examples.

Run by hand from the project root (numpy and nnapp only; a few minutes):

    python resources/models/build_digit_models.py

It writes ``resources/examples/digits8.nnapp`` and
``resources/examples/mnist.nnapp`` — ordinary network files, trained with
nnapp's own engine from fixed seeds — and prints the accuracies that
``resources/models/README.md`` records:

``digits8``
    64-30-10 (sigmoid hidden layer, softmax output, categorical
    cross-entropy), for the 8×8 digits of the tutorial's example,
    trained on the training rows of the 8×8 digits and on changed copies of
    them (:func:`augmented_digits8`).
``mnist``
    784-128-10 (ReLU hidden layer, softmax output), trained on the 4,000
    training pictures of ``mnist5k`` and on augmented copies of them
    (``nnapp.engine.augment``: shift, rotation, scale, width, slant, pen
    width, elastic; every copy prepared again by ``mnist_style`` as a
    drawing would be), so it also recognises digits drawn with a mouse.

The drawn digits (``resources/datasets/drawn_digits.npz``) are only used to
measure; nothing here trains on them or on their stroke templates.

The weights are rounded to 6 significant digits before saving (the files
are half as large; the accuracy is measured on the rounded network, which
is exactly what the file holds).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nnapp.engine.augment import augment  # noqa: E402
from nnapp.engine.datasets import DATASETS_DIR, load_dataset, one_hot  # noqa: E402
from nnapp.engine.network import Network  # noqa: E402
from nnapp.engine.preprocess import mnist_style, optdigits_style, resize  # noqa: E402
from nnapp.engine.propagation import predict  # noqa: E402
from nnapp.engine.serialize import NetworkFile, save  # noqa: E402
from nnapp.engine.settings import TrainingSettings  # noqa: E402
from nnapp.engine.training import fit  # noqa: E402

EXAMPLES = ROOT / "resources" / "examples"

DIGITS8_SEED = 1
MNIST_SEED = 1
AUGMENT_SEED = 2
MNIST_COPIES = 20
DIGITS8_COPIES = 8


def accuracy(net: Network, X, labels) -> float:
    return float(np.mean(np.argmax(predict(net, X), axis=1) == labels))


def rounded(net: Network, digits: int = 6) -> Network:
    """The network with every weight and bias rounded to ``digits`` significant digits, float64."""
    out = net.astype(np.float64)

    def r(a):
        a = np.asarray(a, dtype=np.float64)
        with np.errstate(divide="ignore"):
            mag = np.where(a == 0, 0, np.floor(np.log10(np.abs(np.where(a == 0, 1, a)))))
        scale = 10.0 ** (digits - 1 - mag)
        return np.round(a * scale) / scale

    for layer in out.layers[1:]:
        layer.bias = r(layer.bias)
    for link in out.links:
        link.W = r(link.W)
    return out


def drawn_digits():
    with np.load(DATASETS_DIR / "drawn_digits.npz", allow_pickle=False) as f:
        return f["images"], f["labels"]


def drawn_inputs(style):
    images, labels = drawn_digits()
    X = np.stack([style(img).vector for img in images])
    return X, labels.astype(np.int64)


# --- 8×8 -------------------------------------------------------------------------------------


def bitmap32(row: np.ndarray) -> np.ndarray:
    """A 32×32 black-and-white picture whose 4×4 blocks hold about the 8×8 counts of ``row`` (/16):
    the counts enlarged by linear interpolation, and the brightest as many pixels as the counts
    add up to made ink."""
    counts = row.reshape(8, 8) * 16
    smooth = resize(counts / 16, (32, 32))
    k = int(round(counts.sum()))
    level = np.sort(smooth.ravel())[::-1][max(k, 1) - 1]
    return (smooth >= level).astype(np.float64)


def augmented_digits8(X: np.ndarray, Y: np.ndarray, copies: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The 8×8 pictures and ``copies`` changed copies of each: drawn back as 32×32 bitmaps, turned,
    slanted, stretched and bent (``augment``), then counted again by ``optdigits_style``."""
    rng = np.random.default_rng(seed)
    bitmaps = np.stack([bitmap32(row) for row in X])
    xs, ys = [X], [Y]
    for _ in range(copies):
        part = augment(bitmaps, rng, pen=(0.0, 0.0), max_shift=0.0, max_rotation=12.0, scale=(1.0, 1.0),
                       aspect=(0.75, 1.25), max_shear=0.35, elastic_fraction=0.5,
                       prepare=lambda p: optdigits_style(p, threshold=0.1).final)
        xs.append(part.reshape(-1, 64))
        ys.append(Y)
    return np.concatenate(xs), np.concatenate(ys)


def name_digits(net: Network) -> None:
    """Call the output layer "digit" and its ten neurons "0" … "9": output k is the digit k."""
    net.layers[-1].name = "digit"
    net.layers[-1].neuron_names = [str(d) for d in range(10)]


DIGITS8_LAYOUT = {"columns": {"input": 0, "hidden": 220, "output": 440}, "collapsed": {"hidden": True}}
"""The 30 hidden neurons open as a strip of activations (double-click it to
expand them): drawn one by one, their column is 1,500 units tall and the
fitted network too small to read."""


def digits8_model() -> tuple[NetworkFile, dict]:
    train = load_dataset("digits8", split="train")
    test = load_dataset("digits8", split="test")
    settings = TrainingSettings(loss="cce", optimizer="adam", learning_rate=0.01, epochs=30, batch_size=32,
                                shuffle=True, l2=1e-4, seed=DIGITS8_SEED, init="xavier")
    net = Network.dense([64, 30, 10], ["sigmoid", "softmax"], init="xavier", rng=DIGITS8_SEED)
    net.layers[0].image_shape = (8, 8)
    net.layers[0].name = "8×8 picture"
    name_digits(net)
    X, Y = augmented_digits8(train.X, train.Y, DIGITS8_COPIES, AUGMENT_SEED)
    fit(net, X, Y, settings)
    net = rounded(net)
    Xd, yd = drawn_inputs(optdigits_style)
    scores = {
        "train": accuracy(net, train.X, train.labels()),
        "test": accuracy(net, test.X, test.labels()),
        "drawn": accuracy(net, Xd, yd),
    }
    description = (
        "A 64-30-10 network that reads handwritten digits from 8×8 pictures, the digits of the "
        "tutorial's example (scikit-learn's digits, which the article calls MNIST): "
        "64 inputs (the pixels, 0 = white … 1 = black), 30 sigmoid hidden neurons and 10 softmax "
        "outputs, one per digit, trained with categorical cross-entropy. It was trained on the "
        f"training rows of the 'digits8' dataset and on {DIGITS8_COPIES} changed copies of each (turned, "
        "slanted, stretched, bent) "
        f"and recognises {scores['test']:.1%} of the 359 test rows it never saw "
        f"({scores['drawn']:.1%} of nnapp's synthetic mouse-drawn digits). Draw a digit on the pad: "
        "it is cut to its ink, scaled to 32×32, made black and white and its 4×4 blocks are counted, "
        "as the dataset was made. Training it again here uses the rows without the changed copies."
    )
    nf = NetworkFile(network=net, training=settings, data={"dataset": "digits8", "options": {"split": "train"}},
                     title="Digits 8×8 (64-30-10)", description=description, extra={"layout": DIGITS8_LAYOUT})
    return nf, scores


# --- MNIST -----------------------------------------------------------------------------------


def prepare(picture: np.ndarray) -> np.ndarray:
    # the faint halo of the resampling must not enlarge the ink box: threshold 0.1
    return mnist_style(picture, threshold=0.1).final


def augmented_mnist(X: np.ndarray, Y: np.ndarray, copies: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``copies`` augmented copies of every picture, made at 56×56 (sharper) and prepared as drawings."""
    rng = np.random.default_rng(seed)
    images = X.reshape(-1, 28, 28)
    big = np.stack([resize(p, (56, 56)) for p in images])
    xs, ys = [X], [Y]
    for _ in range(copies):
        for start in range(0, big.shape[0], 500):
            part = augment(big[start:start + 500], rng, pen=(-1.5, 2.5), max_shift=2.0, max_rotation=12.0,
                           scale=(0.9, 1.1), aspect=(0.8, 1.2), max_shear=0.3, elastic_fraction=0.5,
                           prepare=prepare)
            xs.append(part.reshape(-1, 784))
        ys.append(Y)
    return np.concatenate(xs), np.concatenate(ys)


def mnist_model(hidden: int = 128) -> tuple[NetworkFile, dict]:
    train = load_dataset("mnist5k", split="train")
    test = load_dataset("mnist5k", split="test")
    t = time.perf_counter()
    X, Y = augmented_mnist(train.X, train.Y, MNIST_COPIES, AUGMENT_SEED)
    print(f"augmented: {X.shape[0]} pictures in {time.perf_counter() - t:.0f} s", flush=True)
    settings = TrainingSettings(loss="cce", optimizer="adam", learning_rate=0.001, epochs=20, batch_size=64,
                                shuffle=True, l2=1e-5, seed=MNIST_SEED, init="he", dtype="float32")
    net = Network.dense([784, hidden, 10], ["relu", "softmax"], init="he", rng=MNIST_SEED, dtype=np.float32)
    net.layers[0].image_shape = (28, 28)
    net.layers[0].name = "28×28 picture"
    name_digits(net)
    t = time.perf_counter()
    for progress in fit_epochs(net, X, Y, settings, test):
        pass
    print(f"trained in {time.perf_counter() - t:.0f} s", flush=True)
    net = rounded(net)
    Xd, yd = drawn_inputs(mnist_style)
    scores = {
        "train": accuracy(net, train.X, train.labels()),
        "test": accuracy(net, test.X, test.labels()),
        "drawn": accuracy(net, Xd, yd),
    }
    settings = TrainingSettings(**{**settings.to_dict(), "dtype": "float64"})
    description = (
        f"A 784-{hidden}-10 network that reads 28×28 MNIST pictures: 784 inputs (0 = background, "
        f"1 = ink), {hidden} ReLU hidden neurons and 10 softmax outputs. It was trained on the 4,000 "
        f"training pictures of 'mnist5k' and on {MNIST_COPIES} changed copies of each (moved, turned, "
        "stretched, slanted, bent, drawn with a thinner or thicker pen), so that it also knows digits "
        f"drawn with the mouse. It recognises {scores['test']:.1%} of the 1,000 test pictures it never "
        f"saw and {scores['drawn']:.1%} of nnapp's synthetic mouse-drawn digits. A drawing is cut to "
        "its ink, scaled so its longer side is 20 pixels and placed with its centre of mass in the "
        "middle of 28×28, as MNIST was made. Training it again here uses the pictures without the "
        "changed copies."
    )
    nf = NetworkFile(network=net, training=settings, data={"dataset": "mnist5k", "options": {"split": "train"}},
                     title=f"MNIST digits ({784}-{hidden}-10)", description=description)
    return nf, scores


def fit_epochs(net, X, Y, settings, test):
    from nnapp.engine.training import train

    for progress in train(net, X, Y, settings, X_val=test.X, Y_val=test.Y):
        if progress.epoch_finished:
            print(f"  epoch {progress.epoch}: loss {progress.loss:.4f}, val acc {progress.val_accuracy:.4f}",
                  flush=True)
        yield progress


def main(which=("digits8", "mnist")) -> None:
    for name in which:
        nf, scores = {"digits8": digits8_model, "mnist": mnist_model}[name]()
        path = EXAMPLES / f"{name}.nnapp"
        save(nf, path)
        print(f"{path.name}: {path.stat().st_size:,} bytes; accuracy " +
              ", ".join(f"{k} {v:.2%}" for k, v in scores.items()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ("digits8", "mnist"))
