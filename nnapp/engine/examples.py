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

import json
import re
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
        known = (", ".join(names) if names else
                 tr("none (no {suffix} files in {folder})").format(suffix=SUFFIX, folder=EXAMPLES_DIR))
        raise ExampleError(tr("there is no built-in example named {name!r}; the examples are: {known}")
                           .format(name=name, known=known))
    return EXAMPLES_DIR / f"{name}{SUFFIX}"


_TITLE = re.compile(r'"title"\s*:\s*("(?:[^"\\]|\\.)*")')
_HEAD = 4096
"""The examples are written with their title near the top (after the format
version and the app): this many characters hold it."""


def example_title(name: str) -> str:
    """The title of example ``name`` as its file has it (in English; show it
    through :func:`nnapp.text.tr_known`), read from the file's first
    characters without parsing its weights; "" when it has none.

    Raises
    ------
    ExampleError
        If there is no such example.
    """
    path = example_path(name)
    try:
        with path.open(encoding="utf-8") as f:
            head = f.read(_HEAD)
    except (OSError, UnicodeDecodeError):
        return ""
    found = _TITLE.search(head)
    if found is None:
        return ""
    try:
        title = json.loads(found.group(1))
    except ValueError:
        return ""
    return title if isinstance(title, str) else ""


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


__all__ = ["EXAMPLES_DIR", "RESOURCES_DIR", "ExampleError", "example_names", "example_path", "example_title",
           "load_example"]
