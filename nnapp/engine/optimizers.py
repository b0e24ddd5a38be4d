"""Optimizers: SGD, momentum and Adam, with L2 weight decay.

An optimizer updates a list of parameter arrays in place from a list of
gradient arrays of the same shapes. ``masks[k]`` (0/1 array or None) says
which entries of array k may change: frozen parameters and absent
connections stay exactly as they are. ``decay[k]`` says whether L2 decay
applies to array k (weights yes, biases no).

The learning rate is a plain attribute, so it can be changed between steps
while training runs.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


class Optimizer:
    """Base class: subclasses implement :meth:`direction`.

    Parameters
    ----------
    learning_rate : float
        η.
    l2 : float
        λ: ``λ·w`` is added to the gradient of every decayed array.
    """

    name = "base"

    def __init__(self, learning_rate: float, l2: float = 0.0) -> None:
        self.learning_rate = float(learning_rate)
        self.l2 = float(l2)
        self.t = 0

    def step(
        self,
        params: Sequence[np.ndarray],
        grads: Sequence[np.ndarray],
        masks: Sequence[np.ndarray | None],
        decay: Sequence[bool],
    ) -> None:
        """Update ``params`` in place. ``grads`` may be overwritten."""
        self.t += 1
        for k, (p, g) in enumerate(zip(params, grads)):
            if self.l2 and decay[k]:
                g = g + self.l2 * p
            d = self.direction(k, g)
            if masks[k] is not None:
                d = d * masks[k]
            p -= d

    def direction(self, k: int, g: np.ndarray) -> np.ndarray:
        """The amount to subtract from array ``k`` given its gradient ``g``."""
        raise NotImplementedError


class SGD(Optimizer):
    """Plain gradient descent: ``p ← p − η·g``."""

    name = "sgd"

    def direction(self, k: int, g: np.ndarray) -> np.ndarray:
        g *= self.learning_rate
        return g


class Momentum(Optimizer):
    """Heavy-ball momentum: ``v ← β·v + g``, ``p ← p − η·v`` (as PyTorch)."""

    name = "momentum"

    def __init__(self, learning_rate: float, l2: float = 0.0, momentum: float = 0.9) -> None:
        super().__init__(learning_rate, l2)
        self.momentum = float(momentum)
        self.velocity: dict[int, np.ndarray] = {}

    def direction(self, k: int, g: np.ndarray) -> np.ndarray:
        v = self.velocity.get(k)
        if v is None:
            v = self.velocity[k] = g.copy()
        else:
            v *= self.momentum
            v += g
        return self.learning_rate * v


class Adam(Optimizer):
    """Adam with bias correction.

    ``m ← β1·m + (1−β1)·g``, ``v ← β2·v + (1−β2)·g²``,
    ``p ← p − η·m̂ / (√v̂ + ε)`` with ``m̂ = m/(1−β1^t)``, ``v̂ = v/(1−β2^t)``.
    """

    name = "adam"

    def __init__(
        self,
        learning_rate: float,
        l2: float = 0.0,
        beta1: float = 0.9,
        beta2: float = 0.999,
        epsilon: float = 1e-8,
    ) -> None:
        super().__init__(learning_rate, l2)
        self.beta1, self.beta2, self.epsilon = float(beta1), float(beta2), float(epsilon)
        self.m: dict[int, np.ndarray] = {}
        self.v: dict[int, np.ndarray] = {}

    def direction(self, k: int, g: np.ndarray) -> np.ndarray:
        if k not in self.m:
            self.m[k] = np.zeros_like(g)
            self.v[k] = np.zeros_like(g)
        m, v = self.m[k], self.v[k]
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        v *= self.beta2
        v += (1.0 - self.beta2) * (g * g)
        m_hat_scale = self.learning_rate / (1.0 - self.beta1 ** self.t)
        v_hat_scale = 1.0 / (1.0 - self.beta2 ** self.t)
        return m_hat_scale * m / (np.sqrt(v * v_hat_scale) + self.epsilon)


def make_optimizer(settings) -> Optimizer:
    """The optimizer named in a :class:`TrainingSettings`."""
    if settings.optimizer == "sgd":
        return SGD(settings.learning_rate, settings.l2)
    if settings.optimizer == "momentum":
        return Momentum(settings.learning_rate, settings.l2, settings.momentum)
    if settings.optimizer == "adam":
        return Adam(settings.learning_rate, settings.l2, settings.beta1, settings.beta2, settings.epsilon)
    raise ValueError(f"unknown optimizer {settings.optimizer!r}")
