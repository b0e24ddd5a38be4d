"""Checks of a document's ``"data"`` section, as a file holds it.

The file format (``nnapp.engine.serialize``) keeps the ``"data"`` value as
plain JSON (parsed with the same limits as the rest of the file); this
module says whether it names data the model can use — its keys, their
types, the columns and rows, the IDX files and the normalisation — and
names the first problem with its location, e.g. ``data.normalise.scale[1]
is 0: …``. :mod:`nnapp.model.data_source` builds the typed source from a
checked section. Whether files exist and fit is checked when they are read.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from nnapp.engine.json_checks import (
    FileFormatError,
    check_nested,
    check_object,
    check_text,
    describe,
    float_array,
    number_problem,
    text_list,
)
from nnapp.engine.network import Network
from nnapp.text import counted, tr

DATASET_KEYS = ("dataset", "options", "normalise")
CSV_KEYS = ("csv", "inputs", "targets", "header", "one_hot", "normalise")
INLINE_KEYS = ("inputs", "targets", "row_labels", "normalise")
IDX_KEYS = ("idx", "options", "normalise")
IDX_FILE_KEYS = ("train_images", "train_labels", "test_images", "test_labels")
IDX_OPTION_KEYS = ("split",)
IDX_SPLITS = ("train", "test", "all")
NORMALISE_KEYS = ("method", "shift", "scale")

NORMALISE_METHODS = ("none", "standardise", "minmax")
"""How input columns may be rescaled before they reach the network: not at
all, to mean 0 and standard deviation 1, or to the range 0…1."""


def check_data(raw: Any, net: Network | None = None, where: str = "data", copied: bool = True) -> dict | None:
    """Check a data section as a file would hold it; return a copy (``raw``
    itself unless ``copied``; None for null).

    With ``net``, its numbers of columns must fit the network's inputs and
    outputs (the number of columns of a built-in data set is not known here);
    without, only the form is checked.

    Raises
    ------
    FileFormatError
        Naming the first problem, e.g. ``data.normalise.scale[1] is 0: …``.
    """
    return _data(raw, net, where, copied)


def _data(raw: Any, net: Network | None, where: str, copied: bool = True) -> dict | None:
    """Check the data section against ``net`` (None: its form only); return a
    copy (``raw`` itself unless ``copied``; None for null)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise FileFormatError(tr("{where} must be an object {{…}} or null, not {found}")
                              .format(where=where, found=describe(raw)))
    n_inputs = None if net is None else net.n_inputs
    n_outputs = None if net is None else net.n_outputs
    if "dataset" in raw:
        check_object(raw, where, DATASET_KEYS, ("dataset",), tr("a data set reference has"))
        check_text(raw["dataset"], f"{where}.dataset", allow_empty=False)
        if "options" in raw and not isinstance(raw["options"], dict):
            raise FileFormatError(tr("{where}.options must be an object {{…}}, not {found}")
                                  .format(where=where, found=describe(raw['options'])))
    elif "csv" in raw:
        check_object(raw, where, CSV_KEYS, ("csv", "inputs", "targets"), tr("a CSV reference has"))
        check_text(raw["csv"], f"{where}.csv", allow_empty=False)
        for key in ("header", "one_hot"):
            if key in raw and not isinstance(raw[key], bool):
                raise FileFormatError(tr("{where}.{key} must be true or false, not {found}")
                                      .format(where=where, key=key, found=describe(raw[key])))
        one_hot = raw.get("one_hot", False)
        seen: dict[Any, str] = {}
        for key, n in (("inputs", n_inputs), ("targets", n_outputs)):
            w = f"{where}.{key}"
            columns = raw[key]
            if not isinstance(columns, list):
                raise FileFormatError(tr("{w} must be a list of column names or numbers, not {found}")
                                      .format(w=w, found=describe(columns)))
            if key == "targets" and one_hot:
                if len(columns) != 1:
                    raise FileFormatError(
                        tr("{w} names {columns}: with one_hot, the targets are "
                           "one column of class labels")
                        .format(w=w, columns=counted(len(columns), 'column', 'columns', grouped=False))
                    )
            elif n is None and not columns:
                raise FileFormatError(tr("{w} names no column: choose at least one").format(w=w))
            elif n is not None and len(columns) != n:
                size = (counted(n, "input", "inputs", grouped=False) if key == "inputs"
                        else counted(n, "output", "outputs", grouped=False))
                raise FileFormatError(tr("{w} names {columns}, the network has {size}").format(
                    w=w, columns=counted(len(columns), "column", "columns", grouped=False), size=size))
            for i, col in enumerate(columns):
                ok = isinstance(col, str) and col or (
                    isinstance(col, int) and not isinstance(col, bool) and col >= 0
                )
                if not ok:
                    raise FileFormatError(
                        tr("{w}[{i}] must be a column name or a column number (0, 1, …), not {found}")
                        .format(w=w, i=i, found=describe(col))
                    )
                if col in seen:
                    raise FileFormatError(tr("{w}[{i}]: the column {col!r} is already used by {seen}")
                                          .format(w=w, i=i, col=col, seen=seen[col]))
                seen[col] = f"{w}[{i}]"
        if n_inputs is None:
            n_inputs = len(raw["inputs"])
    elif "idx" in raw:
        _idx(raw, where)
    elif "inputs" in raw or "targets" in raw:
        check_object(raw, where, INLINE_KEYS, ("inputs", "targets"), tr("data written in the file has"))
        rows, width = raw["inputs"], n_inputs
        if width is None and isinstance(rows, list) and rows and isinstance(rows[0], list) and rows[0]:
            width = len(rows[0])
        width_why = (tr("the network has {inputs}").format(inputs=counted(width, 'input', 'inputs', grouped=False))
                     if n_inputs is not None
                     else tr("{where}.inputs[0] has {values}").format(
                         where=where, values=counted(width or 0, 'value', 'values', grouped=False)))
        check_nested(rows, f"{where}.inputs", (None, width),
                (tr("there must be at least one row"), width_why), number_problem, "numbers")
        n_inputs = width
        n_rows = len(rows)
        targets = raw["targets"]
        n_targets = n_outputs
        if n_targets is None and isinstance(targets, list) and targets and isinstance(targets[0], list) and targets[0]:
            n_targets = len(targets[0])
        targets_why = (tr("the network has {outputs}").format(outputs=counted(n_targets, 'output', 'outputs', grouped=False))
                       if n_outputs is not None
                       else tr("{where}.targets[0] has {values}").format(
                           where=where, values=counted(n_targets or 0, 'value', 'values', grouped=False)))
        inputs_rows = tr("{where}.inputs has {rows}").format(
            where=where, rows=counted(n_rows, 'row', 'rows', grouped=False))
        check_nested(targets, f"{where}.targets", (n_rows, n_targets),
                (inputs_rows, targets_why),
                number_problem, "numbers")
        labels = raw.get("row_labels")
        if labels is not None:
            text_list(labels, f"{where}.row_labels", n_rows, lambda n: counted(n, "label", "labels", grouped=False),
                       inputs_rows)
    else:
        raise FileFormatError(
            tr('{where} must name a data set ("dataset"), a CSV file ("csv"), IDX files ("idx") '
               'or hold the rows ("inputs" and "targets")').format(where=where)
        )
    if "normalise" in raw:
        if net is not None:
            why = tr("the network has {inputs}").format(inputs=counted(net.n_inputs, 'input', 'inputs', grouped=False))
        elif n_inputs is not None:
            why = tr("the data has {input_columns}").format(
                input_columns=counted(n_inputs, 'input column', 'input columns', grouped=False))
        else:
            why = ""
        _normalise(raw["normalise"], f"{where}.normalise", n_inputs, why)
    return copy.deepcopy(raw) if copied else raw


def _idx(raw: dict, where: str) -> None:
    """Check ``{"idx": {"train_images": path, …}, "options": {"split": …}}``: the
    files of whole pairs, and a split whose files are named. Whether the files
    exist and fit is checked when they are read."""
    check_object(raw, where, IDX_KEYS, ("idx",), tr("IDX files have"))
    files = check_object(raw["idx"], f"{where}.idx", IDX_FILE_KEYS, (), tr("the IDX files are"))
    for key, value in files.items():
        check_text(value, f"{where}.idx.{key}", allow_empty=False)
    pairs = []
    for part, images, labels in (("train", "train_images", "train_labels"), ("test", "test_images", "test_labels")):
        if (images in files) != (labels in files):
            given, missing = (images, labels) if images in files else (labels, images)
            raise FileFormatError(
                tr("{where}.idx has {given!r} but no {missing!r}: the images and their labels go together")
                .format(where=where, given=given, missing=missing)
            )
        if images in files:
            pairs.append(part)
    if not pairs:
        raise FileFormatError(tr("{where}.idx names no files: it needs train_images and train_labels, "
                                 "or test_images and test_labels").format(where=where))
    options = check_object(raw.get("options", {}), f"{where}.options", IDX_OPTION_KEYS, (), tr("IDX files take"))
    split = options.get("split", "train")
    if split not in IDX_SPLITS:
        raise FileFormatError(tr("{where}.options.split must be one of {map}, "
                                 "not {found}")
                              .format(where=where, map=', '.join(map(repr, IDX_SPLITS)), found=describe(split)))
    if split != "all" and split not in pairs:
        raise FileFormatError(tr("{where}.options.split is {split!r}, but {where}.idx names no {split}_images "
                                 "and {split}_labels").format(where=where, split=split))


def _normalise(raw: Any, where: str, n_inputs: int | None, why: str) -> None:
    """Check ``{"method": …, "shift": [...], "scale": [...]}`` for ``n_inputs``
    columns (None: any number); ``why`` explains that number."""
    check_object(raw, where, NORMALISE_KEYS, ("method",), tr("a normalisation has"))
    method = raw["method"]
    if method not in NORMALISE_METHODS:
        raise FileFormatError(
            tr("{where}.method must be one of {value}, "
               "not {found}")
            .format(where=where, value=', '.join((repr(m) for m in NORMALISE_METHODS)), found=describe(method))
        )
    if method == "none":
        for key in ("shift", "scale"):
            if key in raw:
                raise FileFormatError(tr("{where} has the method 'none', which takes no {key!r}")
                                      .format(where=where, key=key))
        return
    for key in ("shift", "scale"):
        if key not in raw:
            raise FileFormatError(
                tr("{where} has no {key!r}: the method {method!r} needs one {key} per input column")
                .format(where=where, key=key, method=method)
            )
    if n_inputs is None:
        check_nested(raw["shift"], f"{where}.shift", (None,), (tr("one per input column"),), number_problem, "numbers")
        n_inputs = len(raw["shift"])
        why = tr("{where}.shift has {values}").format(
            where=where, values=counted(n_inputs, 'value', 'values', grouped=False))
    for key in ("shift", "scale"):
        float_array(raw[key], f"{where}.{key}", (n_inputs,), (why,), np.float64)
    for i, value in enumerate(raw["scale"]):
        if value == 0:
            raise FileFormatError(
                tr("{where}.scale[{i}] is 0: x' = (x − shift) / scale cannot divide by 0 "
                   "(a column whose values are all the same gets the scale 1)").format(where=where, i=i)
            )
        if value < 0:
            raise FileFormatError(
                tr("{where}.scale[{i}] is {found}: a scale is a standard deviation or a range, "
                   "so it must be positive").format(where=where, i=i, found=describe(value))
            )
