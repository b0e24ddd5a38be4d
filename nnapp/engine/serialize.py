"""The JSON file format of networks (``.nnapp`` files), version 1.

A file holds one :class:`NetworkFile`: the network (layers, links, weights,
biases, masks, frozen parameters), the training settings, an optional
reference to the data, a title and a description. Top-level keys this module
does not know (for instance ``"layout"``, written by the document layer) are
kept in :attr:`NetworkFile.extra` and written back unchanged, so later layers
can extend the format without touching this module.

Reading checks everything and raises :class:`FileFormatError` naming the
first problem and where it is, e.g. ``network.links[1].W[0][2]``. Before
the text is parsed, its bytes are counted (lists and objects, values,
nesting), so a file that would take gigabytes as Python objects is refused
at once; a FIFO or a device is refused by its kind without waiting on it.
Texts must be writable: a lone surrogate (``"\\ud800"``) is refused when a
file is opened, naming the field, so every open network can be saved again.

Writing is atomic: the text is checked first (:class:`UnwritableText` names
a text that cannot be written), then written to a temporary file beside the
target, named with the process id, and moved over the target; temporary
files that killed saves left behind are removed. The old file stays as it
was if anything fails. Floats are written with ``repr`` precision, so save
→ load gives the same arrays bit for bit.

The format is described for people in ``docs/file-format.md`` and for
programs in ``nnapp/resources/schema/network.schema.json``. Older format versions
are upgraded step by step by :func:`migrate`.

This module neither opens data sets nor CSV files: the ``"data"`` section is
kept as the JSON it is, parsed with the same limits as the rest of the file,
and checked by the model (``nnapp.model.data_checks``). Nor does it know of
documents, layouts or Qt.

The parts live in modules of their own, re-exported here so that this
module stays the one to import: ``nnapp.engine.network_file`` (the
:class:`NetworkFile`, its dict form, the checks of each section and
:func:`migrate`), ``nnapp.engine.file_parsing`` (the limits and the checks
before and after parsing) and ``nnapp.engine.file_writing`` (:func:`dumps`,
the atomic :func:`save`, temporary files). This module reads: :func:`load`
and :func:`loads` join those steps.
"""

from __future__ import annotations

import json
import os

from nnapp.text import marked, tr

from .file_parsing import (  # noqa: F401 - the limits are part of this module's interface
    MAX_CONTAINERS,
    MAX_FILE_BYTES,
    MAX_NESTING,
    MAX_TEXT_SCAN,
    MAX_VALUES,
    PIECEWISE_ABOVE,
    READ_CHUNK,
    _object_from_pairs,
    _parse_in_pieces,
    _read_counted,
    _too_deep,
    _too_large,
    text_problem,
    unwritable,
)
from .file_writing import (  # noqa: F401 - for importers
    TEMP_MAX_AGE,
    FileNameError,
    UnwritableText,
    check_file_name,
    dumps,
    remove_stale_temps,
    save,
)
from .json_checks import FileFormatError, NonFinite as _NonFinite
from .network_file import (  # noqa: F401 - for importers
    APP,
    FORMAT_VERSION,
    INPUT_LAYER_KEYS,
    LAYER_KEYS,
    LINK_KEYS,
    MAX_LAYER_SIZE,
    MIGRATIONS,
    NETWORK_KEYS,
    TOP_LEVEL_KEYS,
    NetworkFile,
    SizeCheck,
    from_json_dict,
    migrate,
    network_from_dict,
    network_to_dict,
    to_json_dict,
)
from .regular_files import NotAFileError, open_regular


#: Python's words for a JSON fault (``JSONDecodeError.msg``), marked so a message shows them translated.
_JSON_FAULTS = {message: message for message in (
    marked("Expecting value"),
    marked("Expecting ',' delimiter"),
    marked("Expecting ':' delimiter"),
    marked("Expecting property name enclosed in double quotes"),
    marked("Extra data"),
    marked("Unterminated string starting at"),
    marked("Invalid control character at"),
    marked("Invalid \\escape"),
    marked("Invalid \\uXXXX escape"),
    marked("Illegal trailing comma before end of object"),
    marked("Illegal trailing comma before end of array"),
)}


def load(path: str | os.PathLike, *, refuse_sizes: SizeCheck | None = None) -> NetworkFile:
    """Read a network file.

    A UTF-8 byte-order mark at the start is allowed. Special files (FIFOs,
    devices) are refused by their kind without waiting on them, and so is
    text that would take far more memory than the file's size (millions of
    lists, deep nesting) before it is parsed. ``refuse_sizes`` may refuse
    the layer sizes before any array is built.

    Raises
    ------
    FileFormatError
        If the file does not exist, is a folder, is larger than
        ``MAX_FILE_BYTES``, is empty, is not UTF-8 text, is not JSON or does
        not follow the format. The message starts with the path.
    """
    source = os.fspath(path)
    try:
        f, info = open_regular(source)
    except FileNotFoundError:
        raise FileFormatError(tr("there is no such file"), source) from None
    except NotAFileError as e:
        if e.folder:
            raise FileFormatError(tr("is a folder, not a network file"), source) from None
        raise FileFormatError(tr("{problem}: a network file is an ordinary file").format(problem=e.problem), source) from None
    except OSError as e:
        raise FileFormatError(tr("cannot be read ({value})").format(value=e.strerror or e), source) from None
    except ValueError as e:  # a NUL in the path
        raise FileFormatError(tr("cannot be read ({e})").format(e=e), source) from None
    with f:
        if info.st_size > MAX_FILE_BYTES:
            raise FileFormatError(_too_large(info.st_size), source)
        try:
            raw = _read_counted(f, source)
        except OSError as e:
            raise FileFormatError(tr("cannot be read ({value})").format(value=e.strerror or e), source) from None
    problem = text_problem(raw)
    if problem:
        raise FileFormatError(problem, source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise FileFormatError(
            tr("is not UTF-8 text (byte 0x{raw:02x} on line {line}); "
               "save it with the UTF-8 encoding").format(raw=raw[e.start], line=line),
            source,
        ) from None
    return loads(text, source, refuse_sizes=refuse_sizes, counted=True)


def loads(text: str, source: str = "", *, refuse_sizes: SizeCheck | None = None,
          counted: bool = False) -> NetworkFile:
    """Read a network file from its text.

    Parameters
    ----------
    text : str
    source : str
        Where the text came from, put at the start of error messages.
    refuse_sizes : callable or None
        See :func:`load`.
    counted : bool
        The text already passed :func:`text_problem` (as :func:`load` does).

    Raises
    ------
    FileFormatError
    """
    if not isinstance(text, str):
        raise TypeError(f"loads reads text (str), not {type(text).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FileFormatError(tr("the file is empty"), source)
    if len(text) > MAX_FILE_BYTES:
        raise FileFormatError(_too_large(len(text)), source)
    problem = None if counted else text_problem(text)
    if problem:
        raise FileFormatError(problem, source)
    try:
        if len(text) > PIECEWISE_ABOVE:
            d = _parse_in_pieces(text)
        else:
            d = json.loads(text, parse_constant=_NonFinite, object_pairs_hook=_object_from_pairs)
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()):
            message = tr("is not valid JSON: {msg} at line {lineno}, column {colno} "
                         "(the file ends too early: is it complete?)")
        else:
            message = tr("is not valid JSON: {msg} at line {lineno}, column {colno}")
        fault = tr(_JSON_FAULTS[e.msg]) if e.msg in _JSON_FAULTS else e.msg
        raise FileFormatError(message.format(msg=fault, lineno=e.lineno, colno=e.colno), source) from None
    except RecursionError:
        raise FileFormatError(_too_deep(), source) from None
    except ValueError as e:  # a whole number of more digits than Python converts (Python's own words)
        if "digits" in str(e):
            raise FileFormatError(
                tr("holds a whole number of more than 4,300 digits, which cannot be read: "
                   "numbers in a network file are weights and settings of ordinary size"), source) from None
        raise FileFormatError(tr("is not valid JSON ({e})").format(e=e), source) from None
    try:
        return from_json_dict(d, refuse_sizes=refuse_sizes, owned=True)
    except FileFormatError as e:
        raise e.with_source(source) from None


__all__ = [
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "MAX_LAYER_SIZE",
    "MIGRATIONS",
    "FileFormatError",
    "FileNameError",
    "NetworkFile",
    "UnwritableText",
    "check_file_name",
    "dumps",
    "from_json_dict",
    "load",
    "loads",
    "migrate",
    "remove_stale_temps",
    "text_problem",
    "unwritable",
    "network_from_dict",
    "network_to_dict",
    "save",
    "to_json_dict",
]
