"""Where the files that come with nnapp are: example networks, digit data, the schema.

They are package data, in the folder ``resources`` inside the ``nnapp``
package::

    nnapp/resources/examples/<name>.nnapp        the built-in example networks
    nnapp/resources/datasets/<name>.npz          the digit sets (and LICENSES.md)
    nnapp/resources/schema/network.schema.json   the file format as JSON Schema

The folder is found through :func:`importlib.resources.files`, so the same
code finds it in a source checkout, in an editable install and in an
installed wheel, whatever the working directory. ``pyproject.toml`` lists
these files as package data; the scripts that make them are not part of the
package (they stay in the source tree's ``resources`` folder and write
here).

This module only names folders; it reads nothing.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _resources_dir() -> Path:
    """The ``resources`` folder of the installed ``nnapp`` package."""
    folder = files("nnapp") / "resources"
    if isinstance(folder, Path):
        return folder
    # a package imported from a zip archive has no folder on disk: name where
    # the files would be, so that a missing file is reported with that name
    return Path(__file__).resolve().parents[1] / "resources"


RESOURCES_DIR = _resources_dir()
"""The ``resources`` folder inside the ``nnapp`` package."""

EXAMPLES_DIR = RESOURCES_DIR / "examples"
"""The built-in example networks, ``<name>.nnapp``."""

DATASETS_DIR = RESOURCES_DIR / "datasets"
"""The digit sets, ``<name>.npz``, with their licences in ``LICENSES.md``."""

SCHEMA_PATH = RESOURCES_DIR / "schema" / "network.schema.json"
"""The network file format as JSON Schema, for other programs."""


__all__ = ["DATASETS_DIR", "EXAMPLES_DIR", "RESOURCES_DIR", "SCHEMA_PATH"]
