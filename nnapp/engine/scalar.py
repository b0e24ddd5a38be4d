"""One-sample SGD on tiny networks in plain Python floats.

The tutorials train networks of a handful of neurons one sample at a time
(4 samples × 1000 epochs for the gender network). For such networks numpy's
per-call overhead dwarfs the arithmetic, so this module compiles the network
into flat lists — one entry per neuron and per connection — and runs forward,
backward and the update with Python floats. The results equal the numpy
passes up to rounding (tests compare them).

Only what the tutorials need is covered: elementwise activations with a
scalar form and a derivative in the registry (``Activation.scalar_f`` and
``scalar_derivative``: every one but step and softmax), the losses with a
scalar form in theirs (``Loss.scalar_term`` and ``scalar_grad``: mse, sse
and bce), float64, batch size 1, plain SGD with L2.
:meth:`ScalarNetwork.supports` says whether a network qualifies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .activations import ACTIVATIONS
from .losses import LOSSES

MAX_PARAMETERS = 96


def _has_scalar_form(name: str) -> bool:
    act = ACTIVATIONS.get(name)
    return act is not None and act.scalar_f is not None and act.scalar_derivative is not None


@dataclass
class _Neuron:
    kind: str                       # activation
    bias: int                       # index of its bias in the parameter list
    inputs: list[tuple[int, int]]   # (source neuron, weight index)
    is_output: bool

    def __post_init__(self) -> None:
        act = ACTIVATIONS[self.kind]
        self.f = act.scalar_f            # a = f(z)
        self.df = act.scalar_derivative  # f′(z) from z and a


class ScalarNetwork:
    """A network flattened into Python lists for one-sample SGD."""

    def __init__(self, n_inputs: int, neurons: list[_Neuron], slots: list, loss: str,
                 trainable: list[bool], decayed: list[bool]):
        self.n_inputs = n_inputs
        self.neurons = neurons
        self.slots = slots          # per parameter: ("w", link, i, j) or ("b", layer, j)
        self.loss = loss
        self.trainable = trainable
        self.decayed = decayed
        self.n_outputs = sum(1 for nu in neurons if nu.is_output)

    @staticmethod
    def supports(net, loss: str) -> bool:
        entry = LOSSES.get(loss)
        if entry is None or entry.scalar_term is None or net.n_parameters() > MAX_PARAMETERS:
            return False
        return all(_has_scalar_form(layer.activation) for layer in net.layers[1:])

    @classmethod
    def compile(cls, net, loss: str) -> "ScalarNetwork":
        offsets = np.cumsum([0] + net.sizes)
        slots: list = []
        trainable: list[bool] = []
        decayed: list[bool] = []
        neurons: list[_Neuron] = []
        last = len(net.layers) - 1
        for d in range(1, len(net.layers)):
            layer = net.layers[d]
            for j in range(layer.size):
                inputs = []
                for li, s in net.incoming(d):
                    link = net.links[li]
                    for i in np.flatnonzero(link.connected()[:, j]):
                        inputs.append((int(offsets[s] + i), len(slots)))
                        slots.append(("w", li, int(i), j))
                        trainable.append(link.trainable is None or bool(link.trainable[i, j]))
                        decayed.append(True)
                neurons.append(_Neuron(layer.activation, -1, inputs, d == last))
        for d in range(1, len(net.layers)):
            layer = net.layers[d]
            for j in range(layer.size):
                neurons[int(offsets[d] - offsets[1] + j)].bias = len(slots)
                slots.append(("b", d, j))
                trainable.append(layer.bias_trainable is None or bool(layer.bias_trainable[j]))
                decayed.append(False)
        return cls(net.n_inputs, neurons, slots, loss, trainable, decayed)

    def read(self, net) -> list[float]:
        out = []
        for slot in self.slots:
            if slot[0] == "w":
                out.append(float(net.links[slot[1]].W[slot[2], slot[3]]))
            else:
                out.append(float(net.layers[slot[1]].bias[slot[2]]))
        return out

    def write(self, net, p: list[float]) -> None:
        for value, slot in zip(p, self.slots):
            if slot[0] == "w":
                net.links[slot[1]].W[slot[2], slot[3]] = value
            else:
                net.layers[slot[1]].bias[slot[2]] = value

    def sgd_epoch(self, net, rows: list, targets: list, order, lr: float, l2: float):
        """One epoch of one-sample SGD over ``rows`` in ``order`` (None = as given).

        Parameters
        ----------
        net : Network
            Read before and written after the epoch.
        rows, targets : list of list of float
            ``X.tolist()`` and ``Y.tolist()``, converted once by the caller.
        order : list of int or None
        lr, l2 : float

        Returns
        -------
        (loss, correct, diverged) : (float, int, bool)
            The epoch's loss (reduced like the loss), how many samples the
            network classified right before their update (0/1 targets), and
            whether a non-finite number appeared (then nothing is written).
        """
        p = self.read(net)
        neurons = self.neurons
        n_in = self.n_inputs
        n_out = self.n_outputs
        first_out = len(neurons) - n_out
        loss = LOSSES[self.loss]
        term, grad_of = loss.scalar_term, loss.scalar_grad
        per = n_out if loss.reduction == "mean" else 1     # a "mean" loss averages over the outputs
        fused = [loss.is_fused(nu.kind) for nu in neurons[first_out:]]
        trainable, decayed = self.trainable, self.decayed
        total = 0.0
        correct = 0
        m = len(neurons)
        grad = [0.0] * len(p)
        a = [0.0] * (n_in + m)
        z = [0.0] * m
        delta = [0.0] * m
        for r in (range(len(rows)) if order is None else order):
            y = targets[r]
            a[:n_in] = rows[r]
            for k, nu in enumerate(neurons):
                s = p[nu.bias]
                for src, w in nu.inputs:
                    s += p[w] * a[src]
                z[k] = s
                a[n_in + k] = nu.f(s)
            # loss and δ of the outputs (the last n_out neurons)
            sample_loss = 0.0
            best = -1
            for o in range(n_out):
                k = first_out + o
                yhat, t = a[n_in + k], y[o]
                if fused[o]:      # δ = ŷ − y from the logit (bce after sigmoid)
                    sample_loss += term(yhat, t, z[k]) / per
                    delta[k] = (yhat - t) / per
                else:
                    sample_loss += term(yhat, t) / per
                    delta[k] = grad_of(yhat, t) / per * neurons[k].df(z[k], yhat)
                if n_out == 1:
                    correct += (yhat > 0.5) == (t > 0.5)
                elif best < 0 or yhat > a[n_in + first_out + best]:
                    best = o
            if n_out > 1:
                correct += y[best] == max(y)
            if not math.isfinite(sample_loss):
                return float("nan"), correct, True
            total += sample_loss
            # hidden δ in reverse order: δ_src += w·δ_dst, then × f′
            for k in range(first_out):
                delta[k] = 0.0
            for k in range(m - 1, -1, -1):
                nu = neurons[k]
                if k < first_out:
                    delta[k] *= nu.df(z[k], a[n_in + k])
                dk = delta[k]
                grad[nu.bias] = dk
                for src, w in nu.inputs:
                    grad[w] = a[src] * dk
                    if src >= n_in:
                        delta[src - n_in] += p[w] * dk
            for q in range(len(p)):
                if trainable[q]:
                    p[q] -= lr * (grad[q] + l2 * p[q] if decayed[q] and l2 else grad[q])
        if not all(math.isfinite(v) for v in p):
            return float("nan"), correct, True
        self.write(net, p)
        if loss.reduction == "sum":
            return total, correct, False
        return total / max(len(rows), 1), correct, False
