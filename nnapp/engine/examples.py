"""The built-in example networks (``nnapp/resources/examples/<name>.nnapp``).

Each example is an ordinary network file, written by
``resources/examples/build_examples.py`` (in the source tree, not installed)
through ``serialize.save``, so it is exactly what the program itself would
write: the network with its starting weights, the training settings, the
data section, a title and a description for students.

The files are package data: :mod:`nnapp.engine.resources` says where they
are, so an installed nnapp finds them as a source checkout does.

Order of :func:`example_names`: the tutorial order (``neuron``,
``feedforward``, ``gender``, ``perceptron``, ``xor``), then any other file
in the folder, alphabetically.
"""

from __future__ import annotations

from pathlib import Path

from nnapp.text import tr

from .resources import EXAMPLES_DIR, RESOURCES_DIR
from .serialize import NetworkFile, load

SUFFIX = ".nnapp"

#: The examples in the order of the tutorials; others follow alphabetically.
TUTORIAL_ORDER = ("neuron", "feedforward", "gender", "perceptron", "xor", "and", "or")


class ExampleError(ValueError):
    """An example name that does not exist (the message lists the known ones)."""


def example_names() -> list[str]:
    """Names of the built-in examples, tutorial order first."""
    if not EXAMPLES_DIR.is_dir():
        return []
    found = {p.stem for p in EXAMPLES_DIR.glob(f"*{SUFFIX}") if p.is_file()}
    ordered = [n for n in TUTORIAL_ORDER if n in found]
    return ordered + sorted(found - set(ordered))


def example_path(name: str) -> Path:
    """The file of the example ``name``.

    Raises
    ------
    ExampleError
        If there is no such example.
    """
    names = example_names()
    if not isinstance(name, str) or name not in names:
        known = ", ".join(names) if names else f"none (no {SUFFIX} files in {EXAMPLES_DIR})"
        raise ExampleError(tr("there is no built-in example named {name!r}; the examples are: {known}")
                           .format(name=name, known=known))
    return EXAMPLES_DIR / f"{name}{SUFFIX}"


def load_example(name: str) -> NetworkFile:
    """Read the example ``name``.

    Raises
    ------
    ExampleError
        If there is no such example.
    FileFormatError
        If its file is damaged.
    """
    return load(example_path(name))


__all__ = ["EXAMPLES_DIR", "RESOURCES_DIR", "ExampleError", "example_names", "example_path", "load_example"]
