"""Train the two digit networks shipped with nnapp and write them as examples.

Run by hand from the project root (numpy and nnapp only; about 15 minutes on 2 cores):

    python resources/models/build_digit_models.py

It writes ``nnapp/resources/examples/digits8.nnapp`` and
``nnapp/resources/examples/mnist.nnapp`` — ordinary network files, trained with
nnapp's own engine from fixed seeds — and prints the accuracies that
``resources/models/README.md`` records:

``mnist``
    784-256-10 (ReLU hidden layer, softmax output), trained on the 4,000
    training pictures of ``mnist5k``, on augmented copies of them
    (``nnapp.engine.augment``: shift, rotation, scale, width, slant, pen
    width, elastic; every copy prepared again by ``mnist_style``), and on
    digits drawn with pen strokes (:func:`stroke_inputs`) in many styles.
``digits8``
    64-30-10 (sigmoid hidden layer, softmax output, categorical
    cross-entropy), for the 8×8 digits of the tutorial's example, trained
    on the training rows of the 8×8 digits, on changed copies of them
    (:func:`augmented_digits8`) and on stroke drawings.

The stroke drawings come from random digit programs
(``training_strokes.py``) and from the typefaces marked "train" in
``nnapp/resources/datasets/glyph_strokes.json``, drawn with the pad's brush
(``resources/datasets/pen.py``) and prepared by the pad's preprocessing.

The drawn validation set (``nnapp/resources/datasets/drawn_validation.npz``) chose
the settings and calibrates the output layer (:func:`calibrate`); the drawn
test set is only measured. Nothing here trains on either.

The weights are rounded to 6 significant digits before saving (the files
are half as large; the accuracy is measured on the rounded network, which
is exactly what the file holds).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

for folder in (HERE, ROOT / "resources" / "datasets"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from pen import STORED, draw, typeface_radius  # noqa: E402
from training_strokes import digit_strokes  # noqa: E402

from nnapp.engine.augment import augment  # noqa: E402
from nnapp.engine.datasets import DATASETS_DIR, load_dataset, one_hot  # noqa: E402
from nnapp.engine.network import Network  # noqa: E402
from nnapp.engine.preprocess import mnist_style, optdigits_style, resize  # noqa: E402
from nnapp.engine.propagation import forward, predict  # noqa: E402
from nnapp.engine.resources import EXAMPLES_DIR  # noqa: E402
from nnapp.engine.serialize import NetworkFile, save  # noqa: E402
from nnapp.engine.settings import TrainingSettings  # noqa: E402
from nnapp.engine.training import train  # noqa: E402
from nnapp.model.digits import SURE_AT  # noqa: E402

EXAMPLES = EXAMPLES_DIR

DIGITS8_SEED = 1
MNIST_SEED = 1
AUGMENT_SEED = 2
MNIST_COPIES = 20
DIGITS8_COPIES = 8
MNIST_HIDDEN = 256
MNIST_STROKES = 4000
"""Stroke drawings per digit in the MNIST network's training data."""
MNIST_SLOW_EPOCHS = 3
DIGITS8_STROKES = 2000
DIGITS8_SLOW_EPOCHS = 10
"""Epochs at a tenth of the learning rate after the main ones."""


STROKE_SEED = 3
FONT_EVERY = 4
"""Every FONT_EVERY-th stroke drawing is a typeface's digit (the fonts marked "train"), the rest
come from the random shapes of ``training_strokes.py``."""
PLACING = {"slant": (-0.3, 0.6), "aspect": (0.55, 1.35), "rotation": 15.0}
"""How far half the training drawings (every other run of FONT_EVERY) are slanted, stretched and
turned: wider than the drawn sets' ranges, so that the network meets more than the yardstick asks
(the others keep ``pen.place``'s own ranges)."""
GLYPHS = EXAMPLES_DIR.parent / "datasets" / "glyph_strokes.json"


def training_fonts() -> list[dict]:
    """The typefaces marked "train" in ``glyph_strokes.json`` (the yardstick's fonts are never used)."""
    fonts = json.loads(GLYPHS.read_text(encoding="utf-8"))["fonts"]
    return [f for f in fonts if f["split"] == "train"]


def stroke_drawing(digit: int, index: int, seed: int, fonts: list[dict]) -> np.ndarray:
    """Training drawing number ``index`` of ``digit``: shape, hand and brush, shape (112, 112), ink 0…1."""
    rng = np.random.default_rng([seed, digit, index])
    placing = PLACING if (index // FONT_EVERY) % 2 else {}
    if index % FONT_EVERY == FONT_EVERY - 1:
        font = fonts[(index // FONT_EVERY) % len(fonts)]
        picture, _ = draw(font["digits"][str(digit)], rng, amount=rng.uniform(0.004, 0.018),
                          radius=typeface_radius(float(font["weight"][digit])), **placing)
    else:
        picture, _ = draw(digit_strokes(digit, rng), rng, amount=rng.uniform(0.005, 0.02), **placing)
    return np.clip(resize(picture, (STORED, STORED)), 0.0, 1.0)


def _stroke_inputs(job) -> tuple[np.ndarray, np.ndarray]:
    digit, per_digit, seed = job
    fonts = training_fonts()
    pictures = [stroke_drawing(digit, i, seed, fonts) for i in range(per_digit)]
    return (np.stack([mnist_style(p).vector for p in pictures]).astype(np.float32),
            np.stack([optdigits_style(p).vector for p in pictures]).astype(np.float32))


def stroke_inputs(per_digit: int, seed: int = STROKE_SEED) -> dict[str, np.ndarray]:
    """Stroke drawings of every digit, prepared as the pad prepares a drawing for either network.

    Returns
    -------
    dict
        ``"mnist"`` (10·per_digit, 784) and ``"optdigits"`` (10·per_digit, 64), float32;
        ``"labels"`` (10·per_digit,) int64, digit by digit.
    """
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        parts = list(pool.map(_stroke_inputs, [(d, per_digit, seed) for d in range(10)]))
    return {"mnist": np.concatenate([p[0] for p in parts]), "optdigits": np.concatenate([p[1] for p in parts]),
            "labels": np.repeat(np.arange(10), per_digit)}


def first_strokes(strokes: dict[str, np.ndarray], style: str, per_digit: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``per_digit`` stroke drawings of every digit, prepared for ``style``, and their labels."""
    n = strokes["labels"].size // 10
    X = strokes[style].reshape(10, n, -1)[:, :per_digit].reshape(10 * min(per_digit, n), -1)
    return X, np.repeat(np.arange(10), min(per_digit, n))


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


def calibrate(net: Network, X: np.ndarray, labels: np.ndarray) -> float:
    """Fold into the output layer the temperature T that makes its probabilities honest on (X, labels).

    A network trained with cross-entropy is often surer than it is right. Dividing the output
    layer's weighted sums by T > 1 (softmax(z / T)) softens its probabilities without changing
    which digit wins. T is the value on a grid (0.5 … 8, 301 points, log-spaced) with the
    smallest cross-entropy on the rows given, which must not be rows the network trained on; it
    is folded into the file as W / T and b / T, so the format does not change.

    Returns
    -------
    float
        The temperature T.
    """
    z = forward(net, X).zs[-1].astype(np.float64)
    grid = np.exp(np.linspace(np.log(0.5), np.log(8.0), 301))

    def nll(T):
        s = z / T
        s = s - s.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(s).sum(axis=1)) - s[np.arange(len(s)), labels]))

    T = float(grid[int(np.argmin([nll(T) for T in grid]))])
    for link in (link for link in net.links if link.dst == net.layers[-1].id):
        link.W = (link.W / T).astype(link.W.dtype)
    net.layers[-1].bias = (net.layers[-1].bias / T).astype(net.layers[-1].bias.dtype)
    return T


def drawn_set(split: str, style) -> tuple[np.ndarray, np.ndarray]:
    """``drawn_validation.npz`` or ``drawn_test.npz`` prepared by ``style`` as the pad prepares a drawing.

    Returns
    -------
    X : ndarray, shape (n, 784) or (n, 64)
    labels : ndarray of int64, shape (n,)
    """
    with np.load(DATASETS_DIR / f"drawn_{split}.npz", allow_pickle=False) as f:
        images, labels = f["images"], f["labels"].astype(np.int64)
    return np.stack([style(image).vector for image in images]), labels


def finish(net: Network, style, photos_train, photos_test) -> tuple[Network, dict]:
    """Round the trained network, calibrate it on the drawn validation set, and measure it.

    The temperature is chosen on the validation set only; the drawn test set is measured,
    never used to choose.
    """
    net = rounded(net)
    X_val, y_val = drawn_set("validation", style)
    T = calibrate(net, X_val, y_val)
    net = rounded(net)
    X_test, y_test = drawn_set("test", style)
    P = predict(net, X_test)
    sure = np.max(P, axis=1) >= SURE_AT
    right = np.argmax(P, axis=1) == y_test
    scores = {
        "train": accuracy(net, photos_train.X, photos_train.labels()),
        "test": accuracy(net, photos_test.X, photos_test.labels()),
        "drawn validation": accuracy(net, X_val, y_val),
        "drawn test": float(right.mean()),
        "right when sure": float(right[sure].mean()),
        "temperature": T,
    }
    return net, scores


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


def digits8_model(strokes: dict[str, np.ndarray]) -> tuple[NetworkFile, dict]:
    """The 64-30-10 network, trained on the 8×8 rows, their changed copies and the stroke drawings."""
    train = load_dataset("digits8", split="train")
    test = load_dataset("digits8", split="test")
    settings = TrainingSettings(loss="cce", optimizer="adam", learning_rate=0.01, epochs=30, batch_size=32,
                                shuffle=True, l2=1e-4, seed=DIGITS8_SEED, init="xavier")
    net = Network.dense([64, 30, 10], ["sigmoid", "softmax"], init="xavier", rng=DIGITS8_SEED)
    net.layers[0].image_shape = (8, 8)
    net.layers[0].name = "8×8 picture"
    name_digits(net)
    X, Y = augmented_digits8(train.X, train.Y, DIGITS8_COPIES, AUGMENT_SEED)
    X_strokes, y_strokes = first_strokes(strokes, "optdigits", DIGITS8_STROKES)
    X = np.concatenate([X, X_strokes])
    Y = np.concatenate([Y, one_hot(y_strokes, 10)])
    train_in_phases(net, X, Y, settings, DIGITS8_SLOW_EPOCHS)
    net, scores = finish(net, optdigits_style, train, test)
    description = (
        "A 64-30-10 network that reads handwritten digits from 8×8 pictures, the digits of the "
        "tutorial's example (scikit-learn's digits, which the article calls MNIST): "
        "64 inputs (the pixels, 0 = white … 1 = black), 30 sigmoid hidden neurons and 10 softmax "
        "outputs, one per digit, trained with categorical cross-entropy. It was trained on the "
        f"training rows of the 'digits8' dataset, on {DIGITS8_COPIES} changed copies of each (turned, "
        f"slanted, stretched, bent) and on {10 * DIGITS8_STROKES:,} digits drawn with pen strokes in many "
        f"styles, and recognises {scores['test']:.1%} of the 359 test rows it never saw and "
        f"{scores['drawn test']:.1%} of nnapp's 2,400 style-diverse drawn test digits. Draw a digit on "
        "the pad: it is cut to its ink, scaled to 32×32, made black and white and its 4×4 blocks are "
        "counted, as the dataset was made. Training it again here uses the rows without the changed "
        "copies and the drawn digits."
    )
    nf = NetworkFile(network=net, training=settings, data={"dataset": "digits8", "options": {"split": "train"}},
                     title="Digits 8×8 (64-30-10)", description=description, extra={"layout": DIGITS8_LAYOUT})
    return nf, scores


def train_in_phases(net: Network, X, Y, settings: TrainingSettings, slow_epochs: int) -> None:
    """``settings.epochs`` epochs, then ``slow_epochs`` more at a tenth of the learning rate."""
    t = time.perf_counter()
    for phase, (rate, epochs) in enumerate([(settings.learning_rate, settings.epochs),
                                           (settings.learning_rate / 10, slow_epochs)]):
        if not epochs:
            continue
        phase_settings = TrainingSettings(**{**settings.to_dict(), "learning_rate": rate, "epochs": epochs,
                                             "seed": settings.seed + phase})
        for progress in train(net, X, Y, phase_settings):
            if progress.epoch_finished:
                print(f"  epoch {progress.epoch} at rate {rate:g}: loss {progress.loss:.4f}", flush=True)
    print(f"  trained on {X.shape[0]:,} rows in {time.perf_counter() - t:.0f} s", flush=True)


# --- MNIST -----------------------------------------------------------------------------------


def prepare(picture: np.ndarray) -> np.ndarray:
    # the faint halo of the resampling must not enlarge the ink box: threshold 0.1
    return mnist_style(picture, threshold=0.1, straighten=False).final


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


def mnist_model(strokes: dict[str, np.ndarray]) -> tuple[NetworkFile, dict]:
    """The 784-H-10 network, trained on the mnist5k pictures, their copies and the stroke drawings."""
    train = load_dataset("mnist5k", split="train")
    test = load_dataset("mnist5k", split="test")
    t = time.perf_counter()
    X, Y = augmented_mnist(train.X, train.Y, MNIST_COPIES, AUGMENT_SEED)
    print(f"augmented: {X.shape[0]} pictures in {time.perf_counter() - t:.0f} s", flush=True)
    X_strokes, y_strokes = first_strokes(strokes, "mnist", MNIST_STROKES)
    X = np.concatenate([X, X_strokes.astype(X.dtype)])
    Y = np.concatenate([Y, one_hot(y_strokes, 10)])
    settings = TrainingSettings(loss="cce", optimizer="adam", learning_rate=0.001, epochs=20, batch_size=64,
                                shuffle=True, l2=1e-5, seed=MNIST_SEED, init="he", dtype="float32")
    hidden = MNIST_HIDDEN
    net = Network.dense([784, hidden, 10], ["relu", "softmax"], init="he", rng=MNIST_SEED, dtype=np.float32)
    net.layers[0].image_shape = (28, 28)
    net.layers[0].name = "28×28 picture"
    name_digits(net)
    train_in_phases(net, X, Y, settings, MNIST_SLOW_EPOCHS)
    net, scores = finish(net, mnist_style, train, test)
    settings = TrainingSettings(**{**settings.to_dict(), "dtype": "float64"})
    description = (
        f"A 784-{hidden}-10 network that reads 28×28 MNIST pictures: 784 inputs (0 = background, "
        f"1 = ink), {hidden} ReLU hidden neurons and 10 softmax outputs. It was trained on the 4,000 "
        f"training pictures of 'mnist5k', on {MNIST_COPIES} changed copies of each (moved, turned, "
        "stretched, slanted, bent, drawn with a thinner or thicker pen) and on "
        f"{10 * MNIST_STROKES:,} digits drawn with pen strokes in many styles (1s with a flag and a foot, "
        "closed 4s, 6s with a curled top, typefaces …), so that it knows digits drawn with the mouse. "
        f"It recognises {scores['test']:.1%} of the 1,000 test pictures it never saw and "
        f"{scores['drawn test']:.1%} of nnapp's 2,400 style-diverse drawn test digits; its "
        "probabilities are calibrated, so a reading shown at 90 % or more is right "
        f"{scores['right when sure']:.1%} of the time there. A drawing is cut to its ink, scaled so its "
        "longer side is 20 pixels and placed with its centre of mass in the middle of 28×28, as MNIST "
        "was made. Training it again here uses the pictures without the changed copies and the drawn "
        "digits."
    )
    nf = NetworkFile(network=net, training=settings, data={"dataset": "mnist5k", "options": {"split": "train"}},
                     title=f"MNIST digits ({784}-{hidden}-10)", description=description)
    return nf, scores


def main(which=("digits8", "mnist")) -> None:
    t = time.perf_counter()
    strokes = stroke_inputs(max(MNIST_STROKES, DIGITS8_STROKES))
    print(f"stroke drawings: {strokes['labels'].size:,} in {time.perf_counter() - t:.0f} s", flush=True)
    for name in which:
        nf, scores = {"digits8": digits8_model, "mnist": mnist_model}[name](strokes)
        path = EXAMPLES / f"{name}.nnapp"
        save(nf, path)
        print(f"{path.name}: {path.stat().st_size:,} bytes; " +
              ", ".join(f"{k} {v:.4g}" if k == "temperature" else f"{k} {v:.2%}" for k, v in scores.items()),
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ("digits8", "mnist"))
