"""Write the built-in example networks of nnapp into ``nnapp/resources/examples``.

Run from the project root:

    python resources/examples/build_examples.py

Each example is built here in code and written with
``nnapp.engine.serialize.save``, so the files are exactly what the program
writes. The generated ``.nnapp`` files are committed; run this again only
after changing an example (or the file format) and commit the result.

The starting weights that the tutorials draw at random are drawn here from a
fixed seed, so every file is the same on every run.

Every example also says where the window starts (see ``docs/file-format.md``):
``"input"`` is the tutorial's first input and ``"start"`` the neuron to
select, the sample the step-through panel follows and its target (none for
the two examples whose tutorial computes only the forward pass). The
``description`` is what the "About this example" view shows first: the
tutorial's formula and number, and where to click next.

The starting weights:

* ``gender``: weights and biases from N(0, 1) (the tutorial's
  ``np.random.normal()``), with nnapp's own "normal" initialiser and seed
  :data:`GENDER_SEED`; the seed was chosen so that training with the file's
  settings ends with a loss < 0.01, Emily ≥ 0.9 and Frank ≤ 0.1.
* ``perceptron``: ``2·U[0,1) − 1`` from numpy's legacy generator with seed 1,
  ``2 * np.random.RandomState(1).random_sample((3, 1)) - 1``, as the
  tutorial does.
* ``xor``: weights and biases from U[0, 1) (the tutorial's
  ``np.random.uniform``) with ``numpy.random.default_rng(XOR_SEED)``, a seed
  with which training with the file's settings solves XOR.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from nnapp.engine.network import Layer, Link, Network  # noqa: E402
from nnapp.engine.resources import EXAMPLES_DIR  # noqa: E402
from nnapp.engine.serialize import NetworkFile, save  # noqa: E402
from nnapp.engine.settings import TrainingSettings  # noqa: E402
from nnapp.model.files import INPUT_KEY, START_KEY  # noqa: E402

GENDER_SEED = 0
XOR_SEED = 0
GATE_SEED = 0


def start(input_values: list[float], select: str | None = None, sample: str | None = None,
          target: list[float] | None = None) -> dict:
    """The extra keys that say where the window starts."""
    return {INPUT_KEY: input_values, START_KEY: {"select": select, "sample": sample, "target": target}}


def neuron() -> NetworkFile:
    net = Network(
        [Layer("input", 2), Layer("output", 1, "sigmoid", np.array([4.0]))],
        [Link("input", "output", np.array([[0.0], [1.0]]))],
    )
    return NetworkFile(
        network=net,
        training=TrainingSettings(loss="mse", learning_rate=0.1, epochs=100, batch_size=1, shuffle=False),
        data=None,
        title="One neuron",
        description=(
            "A single neuron with two inputs, the weights w = [0, 1] and the bias b = 4, followed by "
            "the sigmoid σ(z) = 1 / (1 + e^(−z)).\n\n"
            "For the input x = [2, 3] it computes z = w1·x1 + w2·x2 + b = 0·2 + 1·3 + 4 = 7 and "
            "outputs o1 = σ(7) = 0.9990889488055994.\n\n"
            "Next: in the Step through tab press Next to see z and then σ(z) worked out. There is no "
            "target and no training here, only the forward pass. Then change an input above the "
            "canvas, or a weight in the Inspector, and watch o1 move."
        ),
        extra=start([2.0, 3.0], select="o1"),
    )


def feedforward() -> NetworkFile:
    net = Network(
        [
            Layer("input", 2),
            Layer("hidden", 2, "sigmoid", np.zeros(2)),
            Layer("output", 1, "sigmoid", np.zeros(1)),
        ],
        [
            # W[i, j] is the weight from source neuron i to destination neuron j:
            # every neuron has w = [0, 1] (w1 = 0, w2 = 1, w3 = 0, w4 = 1, w5 = 0, w6 = 1)
            Link("input", "hidden", np.array([[0.0, 0.0], [1.0, 1.0]])),
            Link("hidden", "output", np.array([[0.0], [1.0]])),
        ],
    )
    return NetworkFile(
        network=net,
        training=TrainingSettings(loss="mse", learning_rate=0.1, epochs=100, batch_size=1, shuffle=False),
        data=None,
        title="A 2-2-1 network",
        description=(
            "Two inputs, a hidden layer of two sigmoid neurons h1 and h2, and one sigmoid output o1. "
            "Every neuron has the weights [0, 1] and the bias 0.\n\n"
            "For x = [2, 3]: h1 = h2 = σ(0·2 + 1·3 + 0) = σ(3) = 0.9526, then "
            "o1 = σ(0·h1 + 1·h2 + 0) = σ(0.9526) = 0.7216.\n\n"
            "Feeding forward means exactly this: each layer's outputs are the next layer's inputs.\n\n"
            "Next: in the Step through tab press Next to compute h1, h2 and o1 one at a time. There is "
            "no target here, only the forward pass."
        ),
        extra=start([2.0, 3.0], select="o1"),
    )


def gender() -> NetworkFile:
    net = Network.dense([2, 2, 1], "sigmoid", init="normal", rng=GENDER_SEED, bias=None)
    training = TrainingSettings(
        loss="mse", optimizer="sgd", learning_rate=0.1, epochs=1000, batch_size=1,
        shuffle=False, init="normal", seed=GENDER_SEED,
    )
    return NetworkFile(
        network=net,
        training=training,
        data={"dataset": "gender"},
        title="Predict gender from weight and height",
        description=(
            "A 2-2-1 sigmoid network learns to tell female (1) from male (0) from weight − 135 lb and "
            "height − 66 in, trained on Alice, Bob, Charlie and Diana with the mean squared error and "
            "stochastic gradient descent (one person at a time, η = 0.1, 1000 epochs). The starting "
            f"weights and biases were drawn from a normal distribution N(0, 1) (seed {GENDER_SEED}). "
            "After training, ask it about Emily (−7, −3) and Frank (20, 2), who were not in the "
            "training data: Emily should come out near 1, Frank near 0.\n\n"
            "The loss for one person is L = (y − ŷ)², and backpropagation gives ∂L/∂w for every "
            "weight, e.g. ∂L/∂w1 = ∂L/∂ŷ · ∂ŷ/∂h1 · ∂h1/∂w1.\n\n"
            "Next: the Step through tab follows Alice (−2, −1; y = 1). Press Next to go through the "
            "forward pass, the loss, the backward pass and the update, then Apply update. To train on "
            "all four people, press Start in the Training tab and watch the loss fall."
        ),
        extra=start([-2.0, -1.0], sample="Alice"),
    )


def perceptron() -> NetworkFile:
    W = 2 * np.random.RandomState(1).random_sample((3, 1)) - 1
    net = Network(
        [
            Layer("input", 3),
            Layer("output", 1, "sigmoid", np.zeros(1), bias_trainable=np.array([False])),
        ],
        [Link("input", "output", W)],
    )
    training = TrainingSettings(
        loss="sse", optimizer="sgd", learning_rate=1.0, epochs=20000, batch_size=0,
        shuffle=False, init="uniform", seed=1,
    )
    return NetworkFile(
        network=net,
        training=training,
        data={"dataset": "perceptron"},
        title="A perceptron with three inputs",
        description=(
            "One sigmoid neuron with three inputs and no bias (the bias is 0 and frozen). In the four "
            "training cases the answer is the first input. The tutorial's rule "
            "w += Xᵀ·(error·σ′(output)) over all four cases at once is gradient descent on "
            "L = ½ Σ (ŷ − y)² with the whole set as one batch and η = 1, so that is how this file "
            "trains (20000 epochs). The starting weights are 2·U[0, 1) − 1 from numpy's "
            "RandomState(1), about [−0.166, 0.441, −1.0], as in the tutorial. After training the "
            "new case [1, 0, 0] should give an answer above 0.99.\n\n"
            "Next: press Start in the Training tab, then type 1, 0, 0 above the canvas and read o1. "
            "The Step through tab follows the first case, the inputs [0, 0, 1] with the target 0."
        ),
        extra=start([0.0, 0.0, 1.0], sample="0 0 1"),
    )


def xor() -> NetworkFile:
    gen = np.random.default_rng(XOR_SEED)
    net = Network.dense([2, 2, 1], "sigmoid", init="uniform", rng=gen, low=0.0, high=1.0)
    for layer in net.layers[1:]:
        layer.bias = gen.uniform(0.0, 1.0, size=layer.size)
    training = TrainingSettings(
        loss="sse", optimizer="sgd", learning_rate=0.5, epochs=10000, batch_size=0,
        shuffle=False, init="uniform", seed=XOR_SEED,
    )
    return NetworkFile(
        network=net,
        training=training,
        data={"dataset": "xor"},
        title="XOR needs a hidden layer",
        description=(
            "XOR is 1 when exactly one input is 1. No single straight line separates its two "
            "classes, so one neuron cannot learn it, but a hidden layer of two sigmoid neurons can. "
            "The tutorial's update is gradient descent on L = ½ Σ (ŷ − y)² over all four rows at "
            "once, here with η = 0.5 and 10000 epochs. The starting weights and biases were drawn "
            f"from U[0, 1) (seed {XOR_SEED}); with some other starting points training gets stuck "
            "with two outputs near 0.5 — try re-initialising and see.\n\n"
            "Next: press Start in the Training tab and watch the loss and the decision map; then "
            "type the four inputs above the canvas and read o1."
        ),
        extra=start([0.0, 0.0], sample="0 0"),
    )


def gate(name: str, word: str, rule: str) -> NetworkFile:
    net = Network.dense([2, 1], "sigmoid", init="uniform", rng=GATE_SEED)
    training = TrainingSettings(
        loss="bce", optimizer="sgd", learning_rate=0.5, epochs=2000, batch_size=1,
        shuffle=False, init="uniform", seed=GATE_SEED,
    )
    return NetworkFile(
        network=net,
        training=training,
        data={"dataset": name},
        title=f"The {word} gate with one neuron",
        description=(
            f"One sigmoid neuron learns {word}: {rule}. A single straight line separates the 1s "
            "from the 0s, so one neuron is enough. It trains with binary cross-entropy, for which "
            "the output's δ is simply ŷ − y, one row at a time (η = 0.5, 2000 epochs).\n\n"
            "Next: press Start in the Training tab and watch the line of the decision map settle "
            "between the 1s and the 0s."
        ),
        extra=start([0.0, 0.0], sample="0 0"),
    )


EXAMPLES = {
    "neuron": neuron,
    "feedforward": feedforward,
    "gender": gender,
    "perceptron": perceptron,
    "xor": xor,
    "and": lambda: gate("and", "AND", "the output is 1 only when both inputs are 1"),
    "or": lambda: gate("or", "OR", "the output is 1 when at least one input is 1"),
}


def main() -> None:
    for name, build in EXAMPLES.items():
        path = EXAMPLES_DIR / f"{name}.nnapp"
        save(build(), path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
