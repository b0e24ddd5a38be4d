"""The data a document names: from its ``"data"`` section to a Dataset.

A file's data section names a built-in dataset (``{"dataset": "gender"}``),
a CSV file (``{"csv": path, "inputs": [...], "targets": [...]}``) or holds
the rows inline. :func:`dataset_for` turns any of them into an engine
:class:`~nnapp.engine.datasets.Dataset` and checks that its columns fit the
network.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnapp.engine.csvdata import read_csv
from nnapp.engine.datasets import Dataset, load_dataset
from nnapp.engine.metrics import is_classification
from nnapp.engine.network import Network

from .errors import ShapeMismatch


def dataset_for(section: dict, net: Network, base: Path | None = None) -> Dataset:
    """The Dataset a data section names; relative CSV paths start at ``base``.

    Raises
    ------
    ShapeMismatch
        The data has another number of input or target columns than the
        network has inputs or outputs.
    DatasetError, CsvError, OSError
        The dataset or the CSV file cannot be read.
    """
    if "dataset" in section:
        ds = load_dataset(section["dataset"], **dict(section.get("options") or {}))
        source = f"the dataset {section['dataset']!r}"
    elif "csv" in section:
        path = Path(section["csv"])
        if not path.is_absolute() and base is not None:
            path = base / path
        ds = read_csv(path).to_dataset(section["inputs"], section["targets"], name=path.stem)
        source = str(path)
    else:
        names = net.all_neuron_names()
        Y = np.asarray(section["targets"], dtype=np.float64)
        classification = is_classification(Y)
        ds = Dataset(
            name="data", title="the rows in the file", X=section["inputs"], Y=Y,
            input_names=names[0], target_names=names[-1], row_labels=section.get("row_labels"),
            task="classification" if classification else "regression",
            class_names=(["0", "1"] if Y.shape[1] == 1 else list(names[-1])) if classification else None,
        )
        source = "the data in the file"
    check_shape(ds, net, source)
    return ds


def check_shape(ds: Dataset, net: Network, source: str) -> None:
    """Raise :class:`ShapeMismatch` unless ``ds`` fits the inputs and outputs
    of ``net``; ``source`` names the data in the message."""
    if ds.n_inputs != net.n_inputs:
        raise ShapeMismatch(
            f"{source} has {_plural(ds.n_inputs, 'input column')}, but the network has "
            f"{_plural(net.n_inputs, 'input')}"
        )
    if ds.n_outputs != net.n_outputs:
        raise ShapeMismatch(
            f"{source} has {_plural(ds.n_outputs, 'target column')}, but the network has "
            f"{_plural(net.n_outputs, 'output')}"
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
