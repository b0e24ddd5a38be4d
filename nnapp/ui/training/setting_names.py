"""The training settings' names as a person reads them: in the undo history
("Set learning rate") and on the loss plot's marks of a change."""

from __future__ import annotations

from nnapp.text import tr_in


def setting_name(field: str) -> str:
    """The name of the field ``field`` of
    :class:`~nnapp.engine.settings.TrainingSettings` ("learning_rate" →
    "learning rate"), in the program's language; an unknown field with its
    underscores as spaces."""
    names = {
        "loss": tr_in("training setting", "loss"),
        "optimizer": tr_in("training setting", "optimizer"),
        "learning_rate": tr_in("training setting", "learning rate"),
        "epochs": tr_in("training setting", "epochs"),
        "batch_size": tr_in("training setting", "batch size"),
        "shuffle": tr_in("training setting", "shuffle"),
        "l2": tr_in("training setting", "l2"),
        "momentum": tr_in("training setting", "momentum"),
        "beta1": tr_in("training setting", "beta1"),
        "beta2": tr_in("training setting", "beta2"),
        "epsilon": tr_in("training setting", "epsilon"),
        "seed": tr_in("training setting", "seed"),
        "init": tr_in("training setting", "init"),
        "dtype": tr_in("training setting", "dtype"),
        "validation_split": tr_in("training setting", "validation split"),
    }
    return names.get(field, field.replace("_", " "))


__all__ = ["setting_name"]
