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
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import secrets
import stat
import time
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from nnapp.text import counted, tr

from .activations import ACTIVATIONS
from .json_checks import (
    FileFormatError,
    NonFinite as _NonFinite,
    bool_array as _bool_array,
    check_nested as _nested,
    check_object as _object,
    check_text as _text,
    describe as _describe,
    float_array as _float_array,
    json_literal,
    not_finite as _not_finite,
    positive_int as _positive_int,
    text_list as _text_list,
)
from .network import DTYPES, Layer, Link, Network, NetworkError
from .regular_files import NotAFileError, open_regular
from .settings import SettingsError, TrainingSettings

FORMAT_VERSION = 1
"""The format version this program writes (and the newest it reads)."""

APP = "nnapp"

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Files larger than this (200 MB) are refused before being read."""

MAX_LAYER_SIZE = 10_000_000
"""Largest number of neurons in one layer, so a typo cannot fill the memory."""

MAX_CONTAINERS = 1_000_000
"""Most lists and objects ``[…]``, ``{…}`` a file may hold, counted in its bytes
before it is parsed (a 784-256-10 network has about 1,100; a 2-50,000-1
network 50,000). Each costs Python some 60 bytes and a few microseconds to
check, so a file of tens of millions of empty lists would take many GB."""

MAX_VALUES = 12_000_000
"""Most values (counted by the commas between them) a file may hold: a
784-256-10 network has about 204,000, and a file of ``MAX_FILE_BYTES``
written by nnapp at most about 10 million weights."""

MAX_NESTING = 64
"""Deepest nesting of lists and objects in a file (a network file nests about 6
deep): deeper trees cannot be walked safely."""

MAX_TEXT_SCAN = 2_000_000
"""Files up to this size are checked for nesting in their bytes before they
are parsed; larger ones after (the parser's own limit then guards it)."""

TOP_LEVEL_KEYS = ("format_version", "app", "title", "description", "network", "training", "data")
"""Top-level keys of this module; any other key goes to ``NetworkFile.extra``."""

NETWORK_KEYS = ("dtype", "layers", "links")
INPUT_LAYER_KEYS = ("id", "size", "name", "neuron_names", "image_shape")
LAYER_KEYS = ("id", "size", "activation", "bias", "bias_trainable", "name", "neuron_names", "image_shape")
LINK_KEYS = ("src", "dst", "W", "mask", "trainable")
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}
"""``MIGRATIONS[n]`` turns a version-n file (a dict) into a version-(n+1) one.

Empty while version 1 is the only format. When version 2 comes, add
``MIGRATIONS[1] = _v1_to_v2`` and raise ``FORMAT_VERSION``; :func:`migrate`
then upgrades old files on load. A migration may change its argument.
"""


@dataclass
class NetworkFile:
    """Everything one network file holds.

    Attributes
    ----------
    network : Network
    training : TrainingSettings
        Defaults when the file has no ``"training"`` section.
    data : dict or None
        Reference to the data, exactly as in the file's ``"data"`` section:
        ``{"dataset": name, "options": {...}}``, ``{"csv": path, "inputs":
        [...], "targets": [...]}``, ``{"idx": {"train_images": path, …},
        "options": {"split": "train"}}`` or ``{"inputs": rows, "targets":
        rows, "row_labels": [...]}``; None when the file names no data.
        Kept as the JSON it is: the model checks it and reads it as a typed
        source (``nnapp.model.data_source``).
    title, description : str
    extra : dict
        Top-level keys this module does not know, kept and written back
        unchanged (JSON values: dict, list, str, int, float, bool, None).
    """

    network: Network
    training: TrainingSettings = field(default_factory=TrainingSettings)
    data: dict | None = None
    title: str = ""
    description: str = ""
    extra: dict = field(default_factory=dict)


# --- writing ----------------------------------------------------------------


def network_to_dict(net: Network) -> dict:
    """The ``"network"`` section of a file: plain lists, floats and bools.

    Weights of absent connections are written as 0; masks that are all true
    are written as None (null).

    Raises
    ------
    NetworkError
        If the network breaks one of its rules (it is validated first).
    ValueError
        If its dtype is neither float64 nor float32.
    """
    net.validate()
    dtype = np.dtype(net.dtype).name
    if dtype not in DTYPES:
        raise ValueError(tr("networks are saved as float64 or float32, not {dtype}").format(dtype=dtype))
    layers = []
    for k, layer in enumerate(net.layers):
        entry: dict[str, Any] = {"id": layer.id, "size": int(layer.size)}
        if k > 0:
            entry["activation"] = layer.activation
            entry["bias"] = np.asarray(layer.bias).tolist()
            entry["bias_trainable"] = _bool_list(layer.bias_trainable)
        entry["name"] = layer.name
        entry["neuron_names"] = None if layer.neuron_names is None else [str(s) for s in layer.neuron_names]
        entry["image_shape"] = None if layer.image_shape is None else [int(n) for n in layer.image_shape]
        layers.append(entry)
    links = []
    for link in net.links:
        W = link.W if link.mask is None else np.where(link.mask, link.W, 0).astype(link.W.dtype)
        links.append({
            "src": link.src,
            "dst": link.dst,
            "W": W.tolist(),
            "mask": _bool_list(link.mask),
            "trainable": _bool_list(link.trainable),
        })
    return {"dtype": dtype, "layers": layers, "links": links}


def to_json_dict(nf: NetworkFile) -> dict:
    """The whole file as a dict of JSON values (known keys first, then extra).

    The training settings are checked so that a file that was written can
    always be read back; the data section is written as it is (the model
    checks it before it saves).

    Raises
    ------
    NetworkError, SettingsError
        If a part would make a file that cannot be read.
    ValueError
        If an ``extra`` key is one of the format's own keys.
    """
    for key in nf.extra:
        if not isinstance(key, str):
            raise ValueError(tr("extra keys must be strings, not {key!r}").format(key=key))
        if key in TOP_LEVEL_KEYS:
            raise ValueError(tr("the extra key {key!r} is one of the format's own keys").format(key=key))
    net = network_to_dict(nf.network)
    training = TrainingSettings.from_dict(nf.training.to_dict()).to_dict()
    data = copy.deepcopy(nf.data)
    out = {
        "format_version": FORMAT_VERSION,
        "app": APP,
        "title": str(nf.title),
        "description": str(nf.description),
        "network": net,
        "training": training,
        "data": data,
    }
    out.update(copy.deepcopy(nf.extra))
    return out


def dumps(nf: NetworkFile) -> str:
    """The file's text: indented JSON, one matrix row per line, ending in a newline.

    Raises
    ------
    UnwritableText
        A text (the title, a name, an id …) cannot be written as UTF-8; the
        message says which.
    ValueError
        As :func:`to_json_dict`, or for a non-finite number in ``extra``.
    TypeError
        For a value in ``extra`` that is not a JSON value.
    """
    d = to_json_dict(nf)
    text = _format(d, 0) + "\n"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            _find_unwritable(d)
            raise UnwritableText(tr("a text"), "cannot be written as UTF-8") from None
    return text


class UnwritableText(ValueError):
    """A text of the network that cannot be written to a file (it holds a
    lone surrogate). ``what`` names it: "the title", "the name of layer 2"."""

    def __init__(self, what: str, problem: str) -> None:
        self.what = what
        self.problem = problem
        super().__init__(f"{what} cannot be saved: it {problem}; retype it, then save again")


def _find_unwritable(d: dict) -> None:
    """Raise :class:`UnwritableText` for the first text or key of ``d`` that
    cannot be encoded (in file order)."""
    stack: list[tuple[Any, str]] = [(d, "")]
    while stack:
        v, where = stack.pop()
        if isinstance(v, dict):
            for key in v:
                problem = unwritable(key) if isinstance(key, str) else None
                if problem:
                    raise UnwritableText(tr("a key in {friendly}").format(friendly=_friendly(where)), problem)
            stack.extend((item, _at(where, k)) for k, item in reversed(list(v.items())))
        elif isinstance(v, (list, tuple)):
            stack.extend((item, _at(where, i)) for i, item in reversed(list(enumerate(v)))
                         if isinstance(item, (str, dict, list, tuple)))
        elif isinstance(v, str):
            problem = unwritable(v)
            if problem:
                raise UnwritableText(_friendly(where), problem)


_FRIENDLY = (
    (re.compile(r"^title$"), "the title"),
    (re.compile(r"^description$"), "the description"),
    (re.compile(r"^network\.layers\[(\d+)\]\.id$"), "the id of layer {0}"),
    (re.compile(r"^network\.layers\[(\d+)\]\.name$"), "the name of layer {0}"),
    (re.compile(r"^network\.layers\[(\d+)\]\.neuron_names\[(\d+)\]$"), "the name of neuron {1+} of layer {0}"),
)


def _friendly(where: str) -> str:
    """A location in the file as a person names it: "the name of layer 1"."""
    for pattern, words in _FRIENDLY:
        m = pattern.match(where)
        if m:
            groups = [int(g) for g in m.groups()]
            return words.replace("{1+}", str(groups[1] + 1) if len(groups) > 1 else "").format(*groups)
    return f"the text at {where}" if where else "the file"


def save(nf: NetworkFile, path: str | os.PathLike) -> None:
    """Write ``nf`` to ``path`` atomically.

    The text is written to a temporary file in the same folder, flushed and
    synced to disk, then moved over ``path`` in one step (``os.replace``).
    If anything fails, the old file is left untouched and the temporary file
    is removed. An existing file keeps its permissions; a symbolic link is
    followed (the file it points to is replaced).

    Raises
    ------
    UnwritableText, ValueError, TypeError
        As :func:`dumps` (nothing is written then); ValueError also for a
        file name that holds the NUL character.
    OSError
        If the file cannot be written.
    """
    name = check_file_name(path)
    text = dumps(nf).encode("utf-8")
    target = os.path.realpath(name)
    folder = os.path.dirname(target) or "."
    remove_stale_temps(folder, os.path.basename(target))
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    try:
        tmp, fd = _create_temp(folder, os.path.basename(target))
    except OSError as e:
        raise _about(e, name) from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise _about(e, name) from e
        raise
    _sync_folder(folder)


def _about(error: OSError, path: str) -> OSError:
    """The same system error naming ``path`` (the file being saved), not the
    temporary file beside it; of the same class (PermissionError …)."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror or os.strerror(error.errno), os.fsdecode(path))


class FileNameError(ValueError):
    """A file name no file can have (it holds the NUL character, or is empty)."""


def check_file_name(path: str | os.PathLike) -> str:
    """``os.fspath(path)`` after checking a file can have that name.

    Raises
    ------
    FileNameError
        The name is empty or holds the NUL character.
    """
    name = os.fspath(path)
    text = name if isinstance(name, str) else name.decode("utf-8", "replace")
    if not text:
        raise FileNameError(tr("no file name was given: choose a name"))
    if "\0" in text:
        raise FileNameError(tr("a file name cannot hold the NUL character (\\0): choose another name"))
    return name


TEMP_MAX_AGE = 24 * 60 * 60
"""Seconds after which a temporary file of a save is stale even when the
process that wrote it may still run (a day)."""


def _create_temp(folder: str, name: str) -> tuple[str, int]:
    """A new file ``.name.PID.XXXXXXXX.tmp`` in ``folder`` (PID: this process),
    created with the umask applied."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"could not create a temporary file in {folder}")


def remove_stale_temps(folder: str, name: str, *, now: float | None = None) -> list[str]:
    """Remove the temporary files earlier saves of ``name`` left in ``folder``.

    A save that was killed leaves its ``.name.PID.XXXXXXXX.tmp`` behind. Such a
    file is removed when the process PID is gone, or when it is older than
    ``TEMP_MAX_AGE``; temporary files of the old form without a PID
    (``.name.XXXXXXXX.tmp``) only by age. Files of running saves are kept.
    Problems (a file removed meanwhile, no permission) are ignored.

    Returns
    -------
    list of str
        The paths removed.
    """
    pattern = re.compile(r"\." + re.escape(name) + r"\.(?:(\d+)\.)?[0-9a-f]{8}\.tmp")
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            pid = int(m.group(1)) if m.group(1) else None
            old = now - info.st_mtime > TEMP_MAX_AGE
            if old or (pid is not None and pid != os.getpid() and not _process_runs(pid)):
                os.unlink(entry.path)
                removed.append(entry.path)
        except (OSError, ValueError):
            continue
    return removed


def _process_runs(pid: int) -> bool:
    """Whether process ``pid`` runs (True when that cannot be known)."""
    if os.name != "posix" or pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def _sync_folder(folder: str) -> None:
    """Sync the folder entry so the rename survives a crash (POSIX only)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _bool_list(arr: np.ndarray | None) -> list | None:
    if arr is None or bool(np.all(arr)):
        return None
    return np.asarray(arr, dtype=bool).tolist()


def _format(value: Any, depth: int) -> str:
    """JSON text: objects one key per line, lists of plain values on one line."""
    pad, end = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"keys of JSON objects must be strings, not {key!r}")
            items.append(f"{pad}{json.dumps(key, ensure_ascii=False)}: {_format(item, depth + 1)}")
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, (list, tuple)):
        if all(type(v) is float for v in value) and all(map(math.isfinite, value)):
            return "[" + ", ".join(map(float.__repr__, value)) + "]"  # fast path for weights
        if not any(isinstance(v, (dict, list, tuple)) for v in value):
            return "[" + ", ".join(_scalar(v) for v in value) + "]"
        return "[\n" + ",\n".join(pad + _format(v, depth + 1) for v in value) + "\n" + end + "]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    literal = json_literal(value)
    if literal is not None:
        return literal
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(tr("{value!r} cannot be written: JSON numbers must be finite").format(value=value))
        return float.__repr__(value)  # shortest text that reads back bit for bit
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"{type(value).__name__} {value!r} is not a JSON value")


# --- reading ----------------------------------------------------------------


SizeCheck = Callable[[list[int]], "str | None"]
"""Given the sizes of the layers before any array is built: why the network
is refused (e.g. too large for the window), or None."""


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
        if e.kind == "a folder":
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
        raise FileFormatError(message.format(msg=e.msg, lineno=e.lineno, colno=e.colno), source) from None
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


def from_json_dict(d: Any, *, refuse_sizes: SizeCheck | None = None, owned: bool = False) -> NetworkFile:
    """Check a parsed file and build the :class:`NetworkFile`.

    ``d`` is upgraded by :func:`migrate` first. Nothing in ``d`` is shared
    with the result, unless ``owned``: then ``d`` belongs to the caller no
    more (it was just parsed) and its data and extra parts are kept as they
    are instead of copied — copying millions of small lists takes seconds.

    Raises
    ------
    FileFormatError
        Naming the first problem and where it is.
    """
    if not isinstance(d, dict):
        raise FileFormatError(
            tr("the file must hold one JSON object {{...}} at the top level, not {found}")
            .format(found=_describe(d))
        )
    d = migrate(d)
    if "app" in d and d["app"] != APP:
        raise FileFormatError(tr("app is {found}: this is not an {app} network file")
                              .format(found=_describe(d['app']), app=APP))
    _scan(d)
    title = _text(d.get("title", ""), "title")
    description = _text(d.get("description", ""), "description")
    if "network" not in d:
        raise FileFormatError(tr("the file has no 'network'"))
    net = _network(d["network"], "network", refuse_sizes)
    training = _training(d.get("training"), "training")
    keep = (lambda v: v) if owned else copy.deepcopy
    data = keep(d.get("data"))
    extra = {k: keep(v) for k, v in d.items() if k not in TOP_LEVEL_KEYS}
    return NetworkFile(net, training, data, title, description, extra)


def network_from_dict(d: Any) -> Network:
    """Build a :class:`Network` from the ``"network"`` section of a file.

    Raises
    ------
    FileFormatError
        Naming the first problem with its location (``network.layers[1]…``).
    """
    _scan(d, "network")
    return _network(d, "network")


def migrate(d: dict) -> dict:
    """Upgrade a parsed file to ``FORMAT_VERSION``, one version at a time.

    Parameters
    ----------
    d : dict
        The top-level object of a file.

    Returns
    -------
    dict
        A file of the current version (``d`` itself when it already is).

    Raises
    ------
    FileFormatError
        If ``format_version`` is missing, not a whole number, below 1 (no
        nnapp ever wrote such files) or newer than this program reads.
    """
    if "format_version" not in d:
        raise FileFormatError(
            tr("the file has no 'format_version': it is not an nnapp network file, "
               'or was written by hand without it (add "format_version": {format_version})')
            .format(format_version=FORMAT_VERSION)
        )
    version = d["format_version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise FileFormatError(tr("format_version must be a whole number like {format_version}, not {found}")
                              .format(format_version=FORMAT_VERSION, found=_describe(version)))
    if version > FORMAT_VERSION:
        raise FileFormatError(
            tr("the file was made by a newer nnapp (format {version}); "
               "this version reads up to {format_version}. Update nnapp to open it")
            .format(version=version, format_version=FORMAT_VERSION)
        )
    if version < 1:
        raise FileFormatError(
            tr("format_version {version} does not exist: nnapp formats are numbered from 1").format(version=version)
        )
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise FileFormatError(tr("this nnapp cannot upgrade files of format {version} to {value}")
                                  .format(version=version, value=version + 1))
        d = step(d)
        version += 1
        d["format_version"] = version
    return d


# --- checks before parsing ---------------------------------------------------


READ_CHUNK = 8 * 1024 * 1024
"""Bytes of a network file read (and counted) at a time."""


def _read_counted(f, source: str) -> bytes:
    """All bytes of ``f``, read a chunk at a time; the lists, objects and
    values are counted as they come, so a file of millions of them is
    refused after its first chunks, not after all of it is in memory."""
    chunks: list[bytes] = []
    size = containers = values = 0
    while True:
        chunk = f.read(READ_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise FileFormatError(_too_large(size), source)
        containers += chunk.count(b"[") + chunk.count(b"{")
        values += chunk.count(b",")
        if containers > MAX_CONTAINERS:
            raise FileFormatError(_too_many_containers(f"more than {MAX_CONTAINERS:,}",
                                                       f" in its first {_bytes_text(size)}"), source)
        if values > MAX_VALUES:
            raise FileFormatError(_too_many_values(f"more than {MAX_VALUES:,}",
                                                   f" in its first {_bytes_text(size)}"), source)
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _bytes_text(n: int) -> str:
    """"8 MB", "60 KB": a size for a message."""
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{max(1, round(n / 1e3))} KB"


def _too_many_containers(count: str, where: str = "") -> str:
    return (f"holds {count} lists and objects […] {{…}}{where}; nnapp reads files of up to "
            f"{MAX_CONTAINERS:,} (a 784-256-10 network has about 1,100): this is not a network file, "
            "or one far larger than nnapp handles")


def _too_many_values(count: str, where: str = "") -> str:
    return (f"holds {count} values{where}; nnapp reads files of up to {MAX_VALUES:,} "
            "(a 784-256-10 network has about 204,000)")


def text_problem(text: str | bytes) -> str | None:
    """Why the file's text must not be parsed, or None.

    Counts the lists and objects (``[`` and ``{``) and the values (``,``)
    in the raw text — characters inside quoted texts count too, so the
    limits are far above any real file — and, for files up to
    ``MAX_TEXT_SCAN``, measures the nesting. All of it runs in C on the
    bytes, so a file of millions of containers is refused without building
    one Python object.
    """
    marks = ("[", "{", ",") if isinstance(text, str) else (b"[", b"{", b",")
    containers = text.count(marks[0]) + text.count(marks[1])
    if containers > MAX_CONTAINERS:
        return _too_many_containers(f"{containers:,}")
    values = text.count(marks[2])
    if values > MAX_VALUES:
        return _too_many_values(f"about {values:,}")
    if len(text) <= MAX_TEXT_SCAN:
        raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        if _nesting(raw) > MAX_NESTING:
            return _too_deep()
    return None


_OPEN = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSE = np.frombuffer(b"]}", dtype=np.uint8)


def _nesting(raw: bytes) -> int:
    """The deepest nesting of brackets in ``raw``, brackets inside quoted texts
    left out (escaped quotes are honoured)."""
    b = np.frombuffer(raw, dtype=np.uint8)
    brackets = np.isin(b, _OPEN) | np.isin(b, _CLOSE)
    if not brackets.any():
        return 0
    quote = b == ord('"')
    if quote.any():
        # a quote preceded by an odd number of backslashes is escaped
        slash = (b == ord("\\")).astype(np.int64)
        run = np.cumsum(slash)
        start = np.maximum.accumulate(np.where(slash == 0, run, 0))
        slashes_before = np.concatenate(([0], (run - start)[:-1]))
        quote &= (slashes_before % 2) == 0
        inside = (np.cumsum(quote) % 2) == 1
        brackets &= ~inside
    steps = np.where(np.isin(b, _OPEN), 1, -1)[brackets]
    return int(np.cumsum(steps).max(initial=0))


def _too_deep(where: str = "") -> str:
    """The message for nesting deeper than ``MAX_NESTING``, about the file or about ``where``."""
    what = f"{where} nests its lists and objects" if where else \
        "is not a network file: its lists and objects are nested"
    return f"{what} too deeply (more than {MAX_NESTING} levels; a network file nests about 6 deep)"


# --- checks with locations --------------------------------------------------


class _RepeatedKey(dict):
    """A JSON object in which one key appears twice (``repeated``)."""

    repeated: str = ""


PIECEWISE_ABOVE = 1024 * 1024
"""Texts longer than this (characters) are parsed in pieces by :func:`_parse_in_pieces`."""

_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _parse_in_pieces(text: str) -> Any:
    """``json.loads`` of a long text, in pieces.

    Objects and arrays of containers are walked here; strings, numbers and
    arrays of plain values (a row of weights) are decoded by the C decoder.
    Between pieces other threads run, so reading a large file on a worker
    thread never holds the window's thread for long. Gives what
    ``json.loads`` with this module's hooks gives, and raises the same
    ``JSONDecodeError`` for the same faults.
    """
    decoder = json.JSONDecoder(parse_constant=_NonFinite, object_pairs_hook=_object_from_pairs)
    skip = _WHITESPACE.match

    def value(i: int) -> tuple[Any, int]:
        first = text[i:i + 1]
        if first == "[":
            j = skip(text, i + 1).end()
            if text[j:j + 1] not in ("[", "{"):
                return decoder.raw_decode(text, i)
            items = []
            while True:
                item, j = value(j)
                items.append(item)
                j = skip(text, j).end()
                sep = text[j:j + 1]
                if sep == "]":
                    return items, j + 1
                if sep != ",":
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, j)
                j = skip(text, j + 1).end()
        if first == "{":
            j = skip(text, i + 1).end()
            pairs: list[tuple[str, Any]] = []
            if text[j:j + 1] == "}":
                return _object_from_pairs(pairs), j + 1
            while True:
                if text[j:j + 1] != '"':
                    raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, j)
                key, j = decoder.raw_decode(text, j)
                j = skip(text, j).end()
                if text[j:j + 1] != ":":
                    raise json.JSONDecodeError("Expecting ':' delimiter", text, j)
                item, j = value(skip(text, j + 1).end())
                pairs.append((key, item))
                j = skip(text, j).end()
                sep = text[j:j + 1]
                if sep == "}":
                    return _object_from_pairs(pairs), j + 1
                if sep != ",":
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, j)
                j = skip(text, j + 1).end()
        return decoder.raw_decode(text, i)

    result, end = value(skip(text, 0).end())
    end = skip(text, end).end()
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return result


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                d = _RepeatedKey(d)
                d.repeated = key
                break
            seen.add(key)
    return d


def _scan(value: Any, where: str = "") -> None:
    """Refuse NaN/Infinity, non-finite floats, repeated keys, nesting deeper
    than ``MAX_NESTING`` and texts that cannot be written as UTF-8 anywhere.

    The walk is depth first in file order (so the first problem in the file
    is named) and uses no recursion (so deep nesting cannot overflow).
    """
    stack: list[tuple[Any, str, Any, int]] = [(value, where, None, 0)]
    while stack:
        v, parent, key, depth = stack.pop()
        if isinstance(v, dict):
            here = _at(parent, key)
            if depth >= MAX_NESTING:
                raise FileFormatError(_too_deep(_top(here)))
            if isinstance(v, _RepeatedKey):
                raise FileFormatError(tr("{value} has the key {repeated!r} twice")
                                      .format(value=here or 'the top level', repeated=v.repeated))
            for k in v:
                if isinstance(k, str) and not k.isascii():
                    _check_text(k, f"{here or 'the top level'} has a key that")
            stack.extend((item, here, k, depth + 1) for k, item in reversed(list(v.items())))
        elif isinstance(v, list):
            if _plain_list(v):
                continue
            here = _at(parent, key)
            if depth >= MAX_NESTING:
                raise FileFormatError(_too_deep(_top(here)))
            children = []
            deeper = depth + 1
            for i, item in enumerate(v):
                kind = type(item)
                if kind is float:
                    if item - item == 0.0:
                        continue
                elif kind in _PLAIN_KINDS:
                    if kind is not str or item.isascii():
                        continue
                elif kind is list and deeper < MAX_NESTING and _plain_list(item):
                    continue  # rows of numbers: nothing inside to walk
                children.append((item, here, i, deeper))
            stack.extend(reversed(children))
        elif isinstance(v, str):
            if not v.isascii():
                _check_text(v, _at(parent, key))
        elif isinstance(v, _NonFinite) or (isinstance(v, float) and not math.isfinite(v)):
            _not_finite(_at(parent, key), v)


def _top(where: str) -> str:
    """The top-level key a location is in ("network" for network.links[0].W)."""
    return where.split("[")[0].split(".")[0] or "the top level"


def _check_text(text: str, where: str) -> None:
    """Refuse a text that cannot be written as UTF-8 (it holds a lone surrogate,
    which a JSON escape such as ``\\ud800`` can make)."""
    problem = unwritable(text)
    if problem:
        raise FileFormatError(tr("{where} {problem}: retype it in the file, or remove it")
                              .format(where=where, problem=problem))


def unwritable(text: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8, e.g. "holds the lone surrogate
    \\ud800 at character 2 (half of a character, not text)"; None when it can."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return (f"holds the lone surrogate \\u{ord(text[e.start]):04x} at character {e.start + 1} "
                "(half of a character, not text)")
    return None


_PLAIN = (int, str, bool, type(None))
_NUMBERS = frozenset((int, float, bool))
_PLAIN_KINDS = frozenset(_PLAIN)


def _plain_list(v: list) -> bool:
    """True when the list ``v`` needs no walk: no containers, only finite
    numbers, and only ASCII texts (a quick test that runs mostly in C; when
    it is not sure it says False and the walk looks at every item)."""
    kinds = set(map(type, v))
    if kinds <= _NUMBERS:
        if float not in kinds:
            return True
        try:
            total = math.fsum(v)
        except (OverflowError, ValueError):  # an int beyond floats, or inf − inf
            return False
        return total - total == 0.0
    if kinds <= _PLAIN_KINDS:
        return str not in kinds or all(x.isascii() for x in v if type(x) is str)
    return False


def _at(parent: str, key: Any) -> str:
    if key is None:
        return parent
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _network(d: Any, where: str, refuse_sizes: SizeCheck | None = None) -> Network:
    _object(d, where, NETWORK_KEYS, ("layers", "links"))
    dtype_name = d.get("dtype", "float64")
    if not isinstance(dtype_name, str) or dtype_name not in DTYPES:
        raise FileFormatError(tr('{where}.dtype must be "float64" or "float32", not {found}')
                              .format(where=where, found=_describe(dtype_name)))
    dtype = DTYPES[dtype_name]

    raw_layers = d["layers"]
    if not isinstance(raw_layers, list):
        raise FileFormatError(tr("{where}.layers must be a list of layers, not {found}")
                              .format(where=where, found=_describe(raw_layers)))
    if len(raw_layers) < 2:
        raise FileFormatError(
            tr("{where}.layers has {layers}: a network needs an input layer "
               "and at least one more")
            .format(where=where, layers=counted(len(raw_layers), 'layer', 'layers', grouped=False))
        )
    if refuse_sizes is not None:
        sizes = [raw.get("size") if isinstance(raw, dict) else None for raw in raw_layers]
        if all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in sizes):
            problem = refuse_sizes(sizes)
            if problem:
                raise FileFormatError(problem)
    layers: list[Layer] = []
    index: dict[str, int] = {}
    for k, raw in enumerate(raw_layers):
        layer = _layer(raw, f"{where}.layers[{k}]", k, dtype)
        if layer.id in index:
            raise FileFormatError(
                tr("{where}.layers[{k}].id {id!r} is already the id of {where}.layers[{index}]: "
                   "layer ids must be unique").format(where=where, k=k, id=layer.id, index=index[layer.id])
            )
        index[layer.id] = k
        layers.append(layer)

    raw_links = d["links"]
    if not isinstance(raw_links, list):
        raise FileFormatError(tr("{where}.links must be a list of links, not {found}")
                              .format(where=where, found=_describe(raw_links)))
    links: list[Link] = []
    pairs: dict[tuple[int, int], int] = {}
    for n, raw in enumerate(raw_links):
        w = f"{where}.links[{n}]"
        link, s, t = _link(raw, w, layers, index, dtype)
        if (s, t) in pairs:
            raise FileFormatError(
                tr("{w} joins {id!r} to {id2!r} again ({where}.links[{pairs}] "
                   "already does): one link per pair of layers")
                .format(w=w, id=layers[s].id, id2=layers[t].id, where=where, pairs=pairs[s, t])
            )
        pairs[s, t] = n
        links.append(link)
    try:
        return Network(layers, links)
    except (NetworkError, ValueError) as e:  # a rule not checked above
        raise FileFormatError(tr("{where}: {e}").format(where=where, e=e)) from None


def _layer(raw: Any, where: str, k: int, dtype) -> Layer:
    if k == 0:
        if isinstance(raw, dict):
            for key in ("activation", "bias", "bias_trainable"):
                if key in raw:
                    raise FileFormatError(
                        tr("{where} is the input layer, which has no {key!r}: inputs are passed on unchanged")
                        .format(where=where, key=key)
                    )
        _object(raw, where, INPUT_LAYER_KEYS, ("id", "size"))
    else:
        _object(raw, where, LAYER_KEYS, ("id", "size", "activation"))
    layer_id = _text(raw["id"], f"{where}.id", allow_empty=False)
    size = _positive_int(raw["size"], f"{where}.size")
    if size > MAX_LAYER_SIZE:
        raise FileFormatError(
            tr("{where}.size is {size}: nnapp handles layers of up to {max_layer_size:,} neurons")
            .format(where=where, size=size, max_layer_size=MAX_LAYER_SIZE)
        )
    name = _text(raw.get("name", ""), f"{where}.name")
    names = raw.get("neuron_names")
    if names is not None:
        _text_list(names, f"{where}.neuron_names", size, lambda n: counted(n, "name", "names", grouped=False),
                   f"the layer has {counted(size, 'neuron', 'neurons', grouped=False)}")
        names = list(names)
    image_shape = raw.get("image_shape")
    if image_shape is not None:
        if not isinstance(image_shape, list) or len(image_shape) != 2:
            raise FileFormatError(
                tr("{where}.image_shape must be [rows, columns] or null, not {found}")
                .format(where=where, found=_describe(image_shape))
            )
        r = _positive_int(image_shape[0], f"{where}.image_shape[0]")
        c = _positive_int(image_shape[1], f"{where}.image_shape[1]")
        if r * c != size:
            raise FileFormatError(
                tr("{where}.image_shape is {r}×{c} = {value} pixels, the layer has {neurons}")
                .format(where=where, r=r, c=c, value=r * c, neurons=counted(size, 'neuron', 'neurons', grouped=False))
            )
        image_shape = (r, c)
    if k == 0:
        return Layer(layer_id, size, "identity", np.zeros(size, dtype=dtype), None, name, names, image_shape)

    activation = raw["activation"]
    if not isinstance(activation, str):
        raise FileFormatError(
            tr("{where}.activation must be the name of an activation in quotes, not {found} "
               "(known: {activations})")
            .format(where=where, found=_describe(activation), activations=', '.join(ACTIVATIONS))
        )
    if activation not in ACTIVATIONS:
        raise FileFormatError(
            tr("{where}.activation: unknown activation {activation!r} (known: {activations})")
            .format(where=where, activation=activation, activations=', '.join(ACTIVATIONS))
        )
    why = (f"the layer has {counted(size, 'neuron', 'neurons', grouped=False)}",)
    if "bias" in raw:
        bias = _float_array(raw["bias"], f"{where}.bias", (size,), why, dtype)
    else:
        bias = np.zeros(size, dtype=dtype)
    bias_trainable = _bool_array(raw.get("bias_trainable"), f"{where}.bias_trainable", (size,), why)
    return Layer(layer_id, size, activation, bias, bias_trainable, name, names, image_shape)


def _link(raw: Any, where: str, layers: list[Layer], index: dict[str, int], dtype) -> tuple[Link, int, int]:
    _object(raw, where, LINK_KEYS, ("src", "dst", "W"))
    ends = []
    for key in ("src", "dst"):
        layer_id = raw[key]
        if not isinstance(layer_id, str):
            raise FileFormatError(tr("{where}.{key} must be a layer id in quotes, not {found}")
                                  .format(where=where, key=key, found=_describe(layer_id)))
        if layer_id not in index:
            raise FileFormatError(
                tr("{where}.{key} is {layer_id!r}, which is not the id of any layer "
                   "(ids: {value})")
                .format(where=where, key=key, layer_id=layer_id, value=', '.join((l.id for l in layers)))
            )
        ends.append(index[layer_id])
    s, t = ends
    src, dst = layers[s], layers[t]
    if s == t:
        raise FileFormatError(
            tr("{where} joins layer {id!r} to itself: connections run left to right, "
               "from a layer to a later one").format(where=where, id=src.id)
        )
    if s > t:
        raise FileFormatError(
            tr("{where} goes backwards, from {id!r} (layer {s}) to {id2!r} (layer {t}): "
               "connections run left to right, from a layer to a later one")
            .format(where=where, id=src.id, s=s, id2=dst.id, t=t)
        )
    shape = (src.size, dst.size)
    why = (f"layer {src.id!r} has {counted(src.size, 'neuron', 'neurons', grouped=False)}", f"layer {dst.id!r} has {counted(dst.size, 'neuron', 'neurons', grouped=False)}")
    W = _float_array(raw["W"], f"{where}.W", shape, why, dtype)
    mask = _bool_array(raw.get("mask"), f"{where}.mask", shape, why)
    trainable = _bool_array(raw.get("trainable"), f"{where}.trainable", shape, why)
    if mask is not None:
        stray = np.argwhere(~mask & (W != 0))
        if len(stray):
            i, j = (int(x) for x in stray[0])
            raise FileFormatError(
                tr("{where}.W[{i}][{j}] is {w!r}, but {where}.mask[{i}][{j}] is false "
                   "(no connection): the weight of a connection that does not exist must be 0")
                .format(where=where, i=i, j=j, w=float(W[i, j]))
            )
    return Link(src.id, dst.id, W, mask, trainable), s, t


def _training(raw: Any, where: str) -> TrainingSettings:
    if raw is None:
        return TrainingSettings()
    if not isinstance(raw, dict):
        raise FileFormatError(tr("{where} must be an object {{…}} of settings, not {found}")
                              .format(where=where, found=_describe(raw)))
    try:
        return TrainingSettings.from_dict(dict(raw))
    except (SettingsError, TypeError) as e:
        error = e
    # name the setting at fault: every other setting is valid on its own
    for key, value in raw.items():
        try:
            TrainingSettings.from_dict({key: value})
        except (SettingsError, TypeError) as e:
            raise FileFormatError(tr("{where}.{key}: {e}").format(where=where, key=key, e=e)) from None
    raise FileFormatError(tr("{where}: {error}").format(where=where, error=error)) from None


def _too_large(n_bytes: int) -> str:
    return (
        f"is {n_bytes / 1e6:.1f} MB: nnapp refuses network files larger than "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
    )


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
