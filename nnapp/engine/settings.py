"""Training settings: one plain record, checked in one place.

The record travels in network files (the ``"training"`` section), in the
command line and, later, in the training panel.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from nnapp.text import marked, plural, tr

from .initializers import INITIALIZERS
from .losses import LOSS_ALIASES, LOSSES
from .optimizers import OPTIMIZERS as _OPTIMIZER_CLASSES

OPTIMIZERS = tuple(_OPTIMIZER_CLASSES)
"""The optimizers' names, from the registry (``optimizers.OPTIMIZERS``)."""

# The ranges the training fields of the window accept; files and the command
# line are held to the same, so a value read anywhere can be shown and edited.
MAX_EPOCHS = 10_000_000
"""Largest number of epochs."""
MAX_BATCH_SIZE = 1_000_000
"""Largest batch size (0 means the full set)."""
MAX_SEED = 2**31 - 1
"""Largest seed (seeds run from 0)."""
MAX_LEARNING_RATE = 1e6
"""Largest learning rate η."""
MAX_L2 = 1e6
"""Largest L2 decay λ."""
MAX_VALIDATION_SPLIT = 0.9
"""Largest fraction of the data held out for validation."""


_NAMED_SETTINGS = {"loss": marked("the loss"), "optimizer": marked("the optimizer"),
                   "init": marked("the initialiser"), "dtype": marked("the dtype")}
"""What a message calls the settings that hold a name."""


class SettingsError(ValueError):
    """A training setting that cannot be used, with the reason."""


@dataclass
class TrainingSettings:
    """How to train.

    Attributes
    ----------
    loss : str
        Key of ``LOSSES``: "mse", "sse", "bce" or "cce".
    optimizer : str
        "sgd", "momentum" or "adam".
    learning_rate : float
        η, > 0.
    epochs : int
        Passes over the training data, ≥ 1.
    batch_size : int
        Samples per update; 0 means the full set (full-batch descent).
    shuffle : bool
        Shuffle the samples each epoch (the tutorials iterate in order).
    l2 : float
        L2 weight decay λ ≥ 0: λ·w is added to each weight's gradient.
    momentum : float
        β for momentum, in [0, 1).
    beta1, beta2, epsilon : float
        Adam's constants.
    seed : int
        Seed of every random choice (initial weights, shuffling, splits).
    init : str
        Initialiser used by "re-initialise" (key of ``INITIALIZERS``).
    dtype : str
        "float64" (exact teaching numbers) or "float32" (faster).
    validation_split : float
        Fraction of the data held out for validation, in [0, 1).
    """

    loss: str = "mse"
    optimizer: str = "sgd"
    learning_rate: float = 0.1
    epochs: int = 100
    batch_size: int = 1
    shuffle: bool = True
    l2: float = 0.0
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    seed: int = 0
    init: str = "xavier"
    dtype: str = "float64"
    validation_split: float = 0.0

    def validate(self) -> "TrainingSettings":
        """Return self, or raise :class:`SettingsError` naming the first problem."""
        for name, choices in (("loss", tuple(LOSSES) + tuple(LOSS_ALIASES)),
                              ("optimizer", OPTIMIZERS),
                              ("init", tuple(INITIALIZERS)),
                              ("dtype", ("float64", "float32"))):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise SettingsError(tr("{what} must be a name in quotes ({choices}), "
                                       "not {shown}")
                                    .format(what=tr(_NAMED_SETTINGS[name]), choices=', '.join(choices),
                                            shown=_shown(value)))
        self.loss = LOSS_ALIASES.get(self.loss, self.loss)
        if self.loss not in LOSSES:
            raise SettingsError(tr("unknown loss {loss!r} (choose {losses})")
                                .format(loss=self.loss, losses=', '.join(LOSSES)))
        if self.optimizer not in OPTIMIZERS:
            raise SettingsError(tr("unknown optimizer {optimizer!r} (choose {optimizers})")
                                .format(optimizer=self.optimizer, optimizers=', '.join(OPTIMIZERS)))
        if self.init not in INITIALIZERS:
            raise SettingsError(tr("unknown initialiser {init!r} (choose {initializers})")
                                .format(init=self.init, initializers=', '.join(INITIALIZERS)))
        if self.dtype not in ("float64", "float32"):
            raise SettingsError(tr("dtype must be float64 or float32, not {dtype!r}").format(dtype=self.dtype))
        _number(self.learning_rate, tr("the learning rate"), low=0.0, low_open=True, high=MAX_LEARNING_RATE,
                high_closed=True)
        _number(self.l2, tr("L2 decay"), low=0.0, high=MAX_L2, high_closed=True)
        _number(self.momentum, tr("momentum"), low=0.0, high=1.0)
        _number(self.beta1, tr("Adam's β1"), low=0.0, high=1.0)
        _number(self.beta2, tr("Adam's β2"), low=0.0, high=1.0)
        _number(self.epsilon, tr("Adam's ε"), low=0.0, low_open=True, high=1.0)
        _number(self.validation_split, tr("the validation fraction"), low=0.0, high=MAX_VALIDATION_SPLIT,
                high_closed=True)
        _integer(self.epochs, tr("the number of epochs"), 1, MAX_EPOCHS)
        _integer(self.batch_size, tr("the batch size"), 0, MAX_BATCH_SIZE)
        _integer(self.seed, tr("the seed"), 0, MAX_SEED)
        if not isinstance(self.shuffle, bool):
            raise SettingsError(tr("shuffle must be true or false, not {shown}").format(shown=_shown(self.shuffle)))
        return self

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "TrainingSettings":
        """Build from a mapping; unknown keys are refused by name."""
        if not isinstance(data, dict):
            raise SettingsError(tr("the training settings must be an object of name: value pairs"))
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names)
        if unknown:
            raise SettingsError(tr("unknown training setting {unknown!r}").format(unknown=unknown[0]))
        return cls(**data).validate()


def _shown(value) -> str:
    """A value for a message, short even when it is a huge number or a long text."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        digits = len(str(abs(value)))
        return plural(digits, "a number of {n} digit", "a number of {n} digits").format(n=digits)
    if isinstance(value, (dict, list)):
        return tr("an object {…}") if isinstance(value, dict) else tr("a list […]")
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _number(value, what: str, low=None, high=None, low_open=False, high_closed=False) -> None:
    """Check ``low`` ≤ value < ``high`` (``low_open``: > low; ``high_closed``: ≤ high)."""
    finite = False
    if not isinstance(value, bool) and isinstance(value, (int, float)):
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an int beyond the range of floats
            finite = False
    if not finite:
        raise SettingsError(tr("{what} must be a finite number, not {shown}").format(what=what, shown=_shown(value)))
    if low is not None and (value < low or (low_open and value == low)):
        raise SettingsError(tr("{what} must be {sign} {low:g}, not {shown}")
                            .format(what=what, sign='>' if low_open else '≥', low=low, shown=_shown(value)))
    if high is not None and (value > high or (not high_closed and value == high)):
        raise SettingsError(tr("{what} must be {sign} {high:g}, not {shown}")
                            .format(what=what, sign='≤' if high_closed else '<', high=high, shown=_shown(value)))


def _integer(value, what: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(tr("{what} must be a whole number, not {shown}").format(what=what, shown=_shown(value)))
    if value < low:
        raise SettingsError(tr("{what} must be ≥ {low} (from {low} to {high:,}), not {shown}")
                            .format(what=what, low=low, high=high, shown=_shown(value)))
    if value > high:
        raise SettingsError(tr("{what} must be ≤ {high:,} (from {low} to {high:,}), not {shown}")
                            .format(what=what, high=high, low=low, shown=_shown(value)))
