"""Documents in files: the engine's network format plus the layout and input.

A document file is an ordinary network file (``nnapp.engine.serialize``)
with two more top-level keys, which the engine keeps as ``extra``:

- ``"layout"``: columns, neuron heights, collapsed layers (``layout.py``);
  files without one get an automatic layout;
- ``"input"``: the values last fed to the input layer, one number per input
  neuron; without it the first row of the data is used (inline rows or a
  built-in dataset, normalised as the data section says), or zeros;
- ``"start"``: where the window begins when the file opens (:class:`Start`):
  the neuron selected, the sample the step-through panel follows and the
  input row's target; without it, nothing is selected and the input row is
  followed with the target of the data row of equal inputs (if any).

The ``"data"`` section, which the engine keeps as plain JSON, is checked
here (:func:`read_data`) and held by the document as a typed source
(``data_source.py``); :func:`load_file`, :func:`loads_file` and
:func:`save_file` are the engine's ``load``, ``loads`` and ``save`` with that
check, for every reader and writer of network files (the window, recovery,
the command line). A CSV or IDX file named by the data section is written
relative to the document's folder and held as an absolute path while the
document is open.

Opening reads and checks the whole file before the document is touched, so
a damaged file raises :class:`~nnapp.engine.serialize.FileFormatError` and
leaves the open document as it was. A damaged layout or input is not worth
refusing a network for: it is replaced and described in the returned notes.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nnapp.engine.examples import example_path
from nnapp.engine import serialize
from nnapp.engine.serialize import FileFormatError, NetworkFile, check_file_name, load, save
from nnapp.text import plural, tr, tr_known

from .data import dataset_for, normalise_rows
from .data_checks import check_data
from .data_source import DataSource, InlineData, source_from_dict
from .document import Document
from .errors import EditError
from .file_errors import file_problem
from .layout import Layout, layout_from_dict, layout_to_dict
from .limits import sizes_refusal, window_refusal

LAYOUT_KEY = "layout"
INPUT_KEY = "input"
START_KEY = "start"


@dataclass(frozen=True)
class Start:
    """Where the window begins when a file opens (the ``"start"`` key).

    Attributes
    ----------
    select : str or None
        The display name of a neuron to select ("o1").
    sample : str or None
        The label of a data row for the step-through panel to follow
        ("Alice"); None: the input row.
    target : tuple of float or None
        The input row's target; None: the target of the data row with the
        same inputs, or none at all (the forward pass only).
    """

    select: str | None = None
    sample: str | None = None
    target: tuple[float, ...] | None = None


def read_start(raw: Any) -> tuple[Start, list[str]]:
    """The :class:`Start` of a ``"start"`` value, and notes on parts that
    cannot be used (they are left out)."""
    if raw is None:
        return Start(), []
    if not isinstance(raw, dict):
        return Start(), [tr("start: expected an object such as {\"select\": \"o1\"}; the file opens as usual")]
    notes = []
    select, sample, target = raw.get("select"), raw.get("sample"), raw.get("target")
    if select is not None and not isinstance(select, str):
        notes.append(tr("start: \"select\" must be a neuron's name such as \"o1\""))
        select = None
    if sample is not None and not isinstance(sample, str):
        notes.append(tr("start: \"sample\" must be the name of a data row such as \"Alice\""))
        sample = None
    if target is not None:
        if (isinstance(target, list) and target
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in target)):
            target = tuple(float(v) for v in target)
        else:
            notes.append(tr("start: \"target\" must be a list of finite numbers or null"))
            target = None
    return Start(select, sample, target), notes


def start_of(doc: Document) -> Start:
    """The :class:`Start` the document's file gave (the default if none or
    if it cannot be used)."""
    return read_start(doc.extra.get(START_KEY))[0]


def start_neuron(doc: Document) -> str | None:
    """The id of the neuron the file says to select first (None if it names
    none, or none of that name)."""
    name = start_of(doc).select
    if name is None:
        return None
    for ids in doc.neuron_ids:
        for uid in ids:
            if doc.neuron_name(uid) == name:
                return uid
    return None


def open_document(doc: Document, path: str | os.PathLike, *, remember_path: bool = True) -> list[str]:
    """Replace ``doc`` by the file at ``path``.

    Returns
    -------
    list of str
        Notes on parts of the layout, input or start that could not be used.

    Raises
    ------
    FileFormatError
        The file cannot be read as a network; ``doc`` is unchanged.
    """
    return install(doc, read_document(path, remember_path=remember_path))


def open_example(doc: Document, name: str) -> list[str]:
    """Replace ``doc`` by a built-in example (the document gets no path, so
    Save asks where to write), its title and description in the program's
    language."""
    return install(doc, example_in_language(read_document(example_path(name), remember_path=False)))


def example_in_language(contents: DocumentContents) -> DocumentContents:
    """``contents`` of a built-in example with its title and description in
    the program's language (the catalogue holds them); the numbers as read."""
    nf = contents.file
    contents.file = replace(nf, title=tr_known(nf.title), description=tr_known(nf.description))
    return contents


@dataclass
class DocumentContents:
    """Everything a document is replaced by, read and checked, not yet installed.

    Built by :func:`read_document` (safe on any thread: it touches no
    document) and installed in one step by :func:`install`.
    """

    file: NetworkFile
    layout: Layout
    neuron_ids: list[list[str]]
    input_values: list[float] | None
    data: DataSource | None
    path: str | None
    notes: list[str] = field(default_factory=list)


def read_document(path: str | os.PathLike, *, remember_path: bool = True) -> DocumentContents:
    """Read and check the file at ``path`` without touching any document.

    The network must fit the window's limits (``limits.py``): layer sizes
    beyond them are refused before any array is built. Nothing here waits
    on a special file or reads data without a bound.

    Raises
    ------
    FileFormatError
        The file cannot be read as a network, or the network is larger than
        the window works with.
    """
    nf = load(path, refuse_sizes=sizes_refusal)
    problem = window_refusal(nf.network)
    if problem:
        raise FileFormatError(problem, os.fspath(path))
    return _contents(nf, read_data(nf, os.fspath(path)), str(path) if remember_path else None)


def contents_of(nf: NetworkFile, path: str | None = None, *, source: str | None = None) -> DocumentContents:
    """The document contents of an already read network file.

    Raises
    ------
    FileFormatError
        Its data section cannot be used (see :func:`read_data`); the message
        starts with ``source`` (by default ``path``).
    """
    return _contents(nf, read_data(nf, source if source is not None else path or ""), path)


def _contents(nf: NetworkFile, source: DataSource | None, path: str | None) -> DocumentContents:
    net = nf.network
    extra = dict(nf.extra)
    raw_layout = extra.pop(LAYOUT_KEY, None)
    raw_input = extra.pop(INPUT_KEY, None)
    neuron_ids = [[f"n{k}_{j}" for j in range(layer.size)] for k, layer in enumerate(net.layers)]
    layout, notes = layout_from_dict(raw_layout, [l.id for l in net.layers], neuron_ids)
    data = source
    if path is not None and data is not None:
        # in memory CSV and IDX paths are absolute, so they stay right when the document is saved elsewhere
        data = data.absolute(Path(path).resolve().parent)
    values, input_notes = _input_values(raw_input, nf, data)
    notes += input_notes
    start, start_notes = read_start(extra.get(START_KEY))
    notes += start_notes
    if start_notes:
        extra[START_KEY] = _start_dict(start)
    kept = NetworkFile(net, nf.training, nf.data, nf.title, nf.description, extra)
    return DocumentContents(kept, layout, neuron_ids, values, data, path, notes)


def install(doc: Document, contents: DocumentContents) -> list[str]:
    """Replace ``doc`` by ``contents`` in one step; returns the notes."""
    nf = contents.file
    doc.replace(
        nf.network, contents.layout, contents.neuron_ids, training=nf.training, data=contents.data,
        title=nf.title, description=nf.description, extra=nf.extra, input_values=contents.input_values,
        path=contents.path,
    )
    return list(contents.notes)


def load_into(doc: Document, nf: NetworkFile, path: str | None = None) -> list[str]:
    """Replace ``doc`` by the contents of ``nf``; see :func:`open_document`."""
    return install(doc, contents_of(nf, path))


def to_network_file(doc: Document) -> NetworkFile:
    """The file contents of ``doc`` (arrays are copied)."""
    net = doc.network()
    if net is None:
        raise EditError(tr("a network needs an input layer and at least one more layer before it can be saved"))
    data = None if doc.data_source is None else doc.data_source.to_dict()
    try:
        check_data(data, net, copied=False)
    except FileFormatError as e:
        raise EditError(
            tr("the chosen data no longer fits the network ({e}): choose the data again, "
               "or change the network back").format(e=e)
        ) from None
    extra = dict(doc.extra)
    extra[LAYOUT_KEY] = layout_to_dict(doc.layout, [l.id for l in doc.layers], doc.neuron_ids)
    extra[INPUT_KEY] = [_plain(v) for v in doc.input.tolist()]
    return NetworkFile(net.copy(), doc.training, data, doc.title, doc.description, extra)


def save_document(doc: Document, path: str | os.PathLike) -> None:
    """Write ``doc`` to ``path`` atomically and remember the path.

    Raises
    ------
    EditError
        The document has fewer than two layers.
    UnwritableText
        A text of the document (the title, a name …) cannot be written; the
        message names it.
    FileNameError
        The path holds the NUL character.
    OSError
        The file cannot be written (the old file is unchanged).
    """
    check_file_name(path)
    nf = to_network_file(doc)
    if doc.data_source is not None:
        # in the file, relative to its folder: data and network can be moved (or handed out) together
        nf.data = doc.data_source.relative(Path(path).resolve().parent).to_dict()
    save(nf, path)
    doc.set_path(str(path))


# --- network files with their data checked ---------------------------------------------------


def read_data(nf: NetworkFile, source: str = "") -> DataSource | None:
    """The data source of a network file's ``"data"`` section, checked against its network.

    Parameters
    ----------
    nf : NetworkFile
        As the engine read it (its ``data`` is plain JSON).
    source : str
        The file, put at the start of error messages.

    Raises
    ------
    FileFormatError
        Naming the first problem, e.g. ``data.inputs[1] has 3 values, …``.
    """
    try:
        return source_from_dict(nf.data, nf.network)
    except FileFormatError as e:
        raise e.with_source(source) from None


def load_file(path: str | os.PathLike, **options: Any) -> NetworkFile:
    """:func:`nnapp.engine.serialize.load` with the data section checked (:func:`read_data`)."""
    nf = serialize.load(path, **options)
    read_data(nf, os.fspath(path))
    return nf


def loads_file(text: str, source: str = "", **options: Any) -> NetworkFile:
    """:func:`nnapp.engine.serialize.loads` with the data section checked (:func:`read_data`)."""
    nf = serialize.loads(text, source, **options)
    read_data(nf, source)
    return nf


def dumps_file(nf: NetworkFile) -> str:
    """:func:`nnapp.engine.serialize.dumps` of a file whose data section is checked first.

    Raises
    ------
    FileFormatError
        The data section is malformed or does not fit the network.
    """
    read_data(nf)
    return serialize.dumps(nf)


def save_file(nf: NetworkFile, path: str | os.PathLike) -> None:
    """:func:`nnapp.engine.serialize.save` of a file whose data section is checked first
    (so that every file written can be read back).

    Raises
    ------
    FileFormatError
        The data section is malformed or does not fit the network.
    """
    read_data(nf)
    serialize.save(nf, path)


def _input_values(raw: Any, nf: NetworkFile, data: DataSource | None) -> tuple[list[float] | None, list[str]]:
    """The input layer's start values, and notes on what could not be used.

    Data that names a dataset, a CSV file or IDX files is read here (bounded,
    off the window's thread when the window opens a file), so a file whose
    data cannot be used says so when it opens, not later.
    """
    n = nf.network.n_inputs
    notes = []
    first = None
    if data is not None and not isinstance(data, InlineData):
        try:
            first = dataset_for(data, nf.network).X[0].tolist()
        except Exception as e:  # noqa: BLE001 - the network is still worth opening; the note says why the data is not
            notes.append(tr("its data cannot be used: {problem}").format(problem=file_problem(e)))
    if raw is not None:
        if (isinstance(raw, list) and len(raw) == n
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in raw)):
            return [float(v) for v in raw], notes
        notes.append(plural(n, "input: expected {n} finite number; the input starts at the first data row or zeros",
                            "input: expected {n} finite numbers; the input starts at the first data row or zeros")
                     .format(n=n))
    if isinstance(data, InlineData) and len(data.inputs[0]) == n:
        return normalise_rows(data.inputs[0], data.normalise).tolist(), notes
    return first, notes


def _start_dict(start: Start) -> dict:
    return {"select": start.select, "sample": start.sample,
            "target": None if start.target is None else list(start.target)}


def _plain(v: float) -> float | int:
    return int(v) if float(v).is_integer() and abs(v) < 2**53 else v
