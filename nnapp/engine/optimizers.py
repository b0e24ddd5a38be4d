"""Optimizers: SGD, momentum and Adam, with L2 weight decay.

An optimizer updates parameter arrays in place from gradient arrays of the
same shapes. Each one's rule is written once, in place, in
:meth:`Optimizer.update` (one array: its gradient, its mask, whether it
decays, and scratch arrays like it); :meth:`Optimizer.step` applies it to a
list of arrays (the general training loop, the trace's update) and the fast
plan (``compiled.py``) calls it on its preallocated arrays. ``mask`` (0/1
array or None) says which entries may change: frozen parameters and absent
connections stay exactly as they are. ``decay`` says whether L2 decay applies
(weights yes, biases no).

Plain SGD has a second arrangement for the fast plan, :meth:`SGD.folded_ops`,
where η is already inside the gradient (it was folded into the output δ) and
the update is one subtraction.

The learning rate is a plain attribute, so it can be changed between steps
while training runs. ``OPTIMIZERS`` maps names to classes; each class has a
``formula`` for the step panel.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from nnapp.text import tr


class Optimizer:
    """Base class: subclasses implement :meth:`update`.

    Parameters
    ----------
    learning_rate : float
        η.
    l2 : float
        λ: ``λ·w`` is added to the gradient of every decayed array.
    """

    name = "base"
    formula = ""
    scratch_arrays = 1
    """How many scratch arrays like the parameter :meth:`update` needs."""
    settings: tuple[str, ...] = ()
    """The fields of a ``TrainingSettings`` its constructor takes after η and λ (by name)."""

    def __init__(self, learning_rate: float, l2: float = 0.0) -> None:
        self.learning_rate = float(learning_rate)
        self.l2 = float(l2)
        self.t = 0

    def begin_step(self) -> None:
        """Count one more step (Adam's bias correction reads ``t``)."""
        self.t += 1

    def step(
        self,
        params: Sequence[np.ndarray],
        grads: Sequence[np.ndarray],
        masks: Sequence[np.ndarray | None],
        decay: Sequence[bool],
    ) -> None:
        """Update ``params`` in place. ``grads`` may be overwritten."""
        self.begin_step()
        for k, (p, g) in enumerate(zip(params, grads)):
            scratch = [np.empty_like(p) for _ in range(self.scratch_arrays)]
            self.update(k, p, g, masks[k], decay[k], *scratch)

    def update(self, k: int, p: np.ndarray, g: np.ndarray, mask: np.ndarray | None, decay: bool,
               t: np.ndarray, t2: np.ndarray | None = None) -> None:
        """Update parameter array ``k`` in place.

        Parameters
        ----------
        k : int
            The array's key for the optimizer's state.
        p : ndarray
            The parameters, updated in place.
        g : ndarray, shape like ``p``
            dL/dp; overwritten.
        mask : ndarray, shape like ``p``, or None
            0/1: which entries may change (None: all).
        decay : bool
            Whether L2 decay applies.
        t, t2 : ndarray, shape like ``p``
            Scratch (``t2`` only for optimizers with ``scratch_arrays`` = 2).
        """
        raise NotImplementedError

    def _add_decay(self, p, g, decay, t) -> None:
        # g ← g + λ·p
        if self.l2 and decay:
            np.multiply(p, self.l2, out=t)
            np.add(g, t, out=g)


class SGD(Optimizer):
    """Plain gradient descent: ``p ← p − η·g``."""

    name = "sgd"
    formula = "θ ← θ − η·∂L/∂θ"

    def update(self, k, p, g, mask, decay, t, t2=None) -> None:
        self._add_decay(p, g, decay, t)
        np.multiply(g, self.learning_rate, out=g)
        if mask is not None:
            np.multiply(g, mask, out=g)
        np.subtract(p, g, out=p)

    @staticmethod
    def folded_ops(p: np.ndarray, g: np.ndarray, mask: np.ndarray | None, l2_scaled: np.ndarray | None,
                   t: np.ndarray | None) -> list:
        """The update as bound numpy calls when ``g`` already holds η·dL/dp:
        ``p ← p − (g + (η·λ)·p)⊙mask``.

        Parameters
        ----------
        p, g : ndarray
            The parameters and η times their gradient.
        mask : ndarray or None
        l2_scaled : 0-d ndarray or None
            η·λ, read when the calls run (None: no decay for this array).
        t : ndarray or None
            Scratch like ``p`` (needed with ``l2_scaled``).

        Returns
        -------
        list of (function, args)
            Run as ``for f, args in ops: f(*args)``.
        """
        ops = []
        if l2_scaled is not None:
            ops += [(np.multiply, (p, l2_scaled, t)), (np.add, (g, t, g))]
        if mask is not None:
            ops.append((np.multiply, (g, mask, g)))
        ops.append((np.subtract, (p, g, p)))
        return ops


class Momentum(Optimizer):
    """Heavy-ball momentum: ``v ← β·v + g``, ``p ← p − η·v`` (as PyTorch)."""

    name = "momentum"
    formula = "v ← β·v + ∂L/∂θ,  θ ← θ − η·v"
    settings = ("momentum",)

    def __init__(self, learning_rate: float, l2: float = 0.0, momentum: float = 0.9) -> None:
        super().__init__(learning_rate, l2)
        self.momentum = float(momentum)
        self.velocity: dict[int, np.ndarray] = {}

    def update(self, k, p, g, mask, decay, t, t2=None) -> None:
        self._add_decay(p, g, decay, t)
        v = self.velocity.get(k)
        if v is None:
            v = self.velocity[k] = g.copy()
        else:
            v *= self.momentum
            v += g
        np.multiply(v, self.learning_rate, out=t)
        if mask is not None:
            np.multiply(t, mask, out=t)
        np.subtract(p, t, out=p)


class Adam(Optimizer):
    """Adam with bias correction.

    ``m ← β1·m + (1−β1)·g``, ``v ← β2·v + (1−β2)·g²``,
    ``p ← p − η·m̂ / (√v̂ + ε)`` with ``m̂ = m/(1−β1^t)``, ``v̂ = v/(1−β2^t)``.
    """

    name = "adam"
    formula = "m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  θ ← θ − η·m̂ / (√v̂ + ε)"
    scratch_arrays = 2
    settings = ("beta1", "beta2", "epsilon")

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

    def update(self, k, p, g, mask, decay, t, t2=None) -> None:
        self._add_decay(p, g, decay, t)
        if k not in self.m:
            self.m[k] = np.zeros_like(g)
            self.v[k] = np.zeros_like(g)
        m, v = self.m[k], self.v[k]
        b1, b2 = self.beta1, self.beta2
        m *= b1
        np.multiply(g, 1.0 - b1, out=t)
        m += t                                       # m ← β1·m + (1−β1)·g
        v *= b2
        np.multiply(g, g, out=t)
        np.multiply(t, 1.0 - b2, out=t)
        v += t                                       # v ← β2·v + (1−β2)·g²
        np.multiply(v, 1.0 / (1.0 - b2 ** self.t), out=t)
        np.sqrt(t, out=t)
        np.add(t, self.epsilon, out=t)               # √v̂ + ε
        np.multiply(m, self.learning_rate / (1.0 - b1 ** self.t), out=t2)
        np.divide(t2, t, out=t2)                     # η·m̂ / (√v̂ + ε)
        if mask is not None:
            np.multiply(t2, mask, out=t2)
        np.subtract(p, t2, out=p)


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (SGD, Momentum, Adam)}
"""The optimizers by name."""


def make_optimizer(settings) -> Optimizer:
    """The optimizer named in a :class:`TrainingSettings`, with η, λ and its
    own settings (``Optimizer.settings``) from there."""
    cls = OPTIMIZERS.get(settings.optimizer)
    if cls is None:
        raise ValueError(tr("unknown optimizer {optimizer!r}").format(optimizer=settings.optimizer))
    return cls(settings.learning_rate, settings.l2, **{name: getattr(settings, name) for name in cls.settings})
