"""What the training loop reports: :class:`Progress` after every epoch (or
batch) and the :class:`SettingChange` records it carries.

Plain records, filled by :class:`~.training.Trainer`; this module computes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SettingChange:
    """A setting that changed while training ran, where it took effect.

    Attributes
    ----------
    name : str
        "learning_rate", "loss", "optimizer", "l2" or "batch_size".
    old, new : float, int or str
        The value before and after (a batch size of 0 is the full set).
    step : int
        Parameter updates made before the change took effect.
    epoch : float
        Epochs trained before it took effect, a fraction within an epoch
        (2.5: half-way through the third epoch).
    """

    name: str
    old: object
    new: object
    step: int
    epoch: float


@dataclass
class Progress:
    """One report from the training loop.

    Attributes
    ----------
    epoch : int
        Current epoch, counted from 1.
    epochs : int
        Epochs asked for.
    batch, batches : int
        Batch within the epoch (from 1) and batches per epoch.
    step : int
        Parameter updates so far.
    loss : float
        Training loss, as the mean per sample (each sample's loss averaged
        over the rows): of the last batch for a batch report, of the whole
        epoch (batch losses combined) for an epoch report.
    epoch_finished : bool
        True when this report closes an epoch.
    val_loss, accuracy, val_accuracy : float or None
        Filled at the end of an epoch where they apply; ``val_loss`` is the
        mean per sample over the validation rows, on the scale of ``loss``.
    elapsed : float
        Seconds since training started.
    samples_per_second : float
    snapshot : list of ndarray or None
        Copies of the parameter arrays (``Network.arrays`` order) when asked.
    stopped : str or None
        None while running; "finished" or "diverged" on the last report.
    message : str
        A sentence for the status line (why training stopped, if it did),
        ending with ``warning`` when there is one.
    warning : str
        On the last report of a run that made the network worse or got
        stuck: what happened and the learning rate to try instead; else "".
    changes : tuple of SettingChange
        Settings that took effect since the last report.
    """

    epoch: int
    epochs: int
    batch: int
    batches: int
    step: int
    loss: float
    epoch_finished: bool
    val_loss: float | None = None
    accuracy: float | None = None
    val_accuracy: float | None = None
    elapsed: float = 0.0
    samples_per_second: float = 0.0
    snapshot: list[np.ndarray] | None = None
    stopped: str | None = None
    message: str = ""
    warning: str = ""
    changes: tuple[SettingChange, ...] = ()


__all__ = ["Progress", "SettingChange"]
