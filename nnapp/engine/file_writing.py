"""Writing a network file: its text and the atomic save.

:func:`dumps` gives the file's text (indented JSON, one matrix row per
line, floats with ``repr`` precision so save → load gives the same arrays
bit for bit); a text that cannot be written as UTF-8 is named by
:class:`UnwritableText`. :func:`save` writes it to a temporary file beside
the target, named with the process id, and moves it over the target;
temporary files that killed saves left behind are removed
(:func:`remove_stale_temps`); :func:`check_file_name` refuses names no
file can have.

It does not build the dict that is written (``nnapp.engine.network_file``)
nor read files (``nnapp.engine.serialize``).
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import stat
import time
from typing import Any

from nnapp.text import marked, tr

from .file_parsing import _at, unwritable
from .json_checks import json_literal
from .network_file import NetworkFile, to_json_dict


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
            raise UnwritableText(tr("a text"), tr("cannot be written as UTF-8")) from None
    return text


class UnwritableText(ValueError):
    """A text of the network that cannot be written to a file (it holds a
    lone surrogate). ``what`` names it: "the title", "the name of layer 2"."""

    def __init__(self, what: str, problem: str) -> None:
        self.what = what
        self.problem = problem
        super().__init__(tr("{what} cannot be saved: it {problem}; retype it, then save again")
                         .format(what=what, problem=problem))


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
    (re.compile(r"^title$"), marked("the title")),
    (re.compile(r"^description$"), marked("the description")),
    (re.compile(r"^network\.layers\[(\d+)\]\.id$"), marked("the id of layer {layer}")),
    (re.compile(r"^network\.layers\[(\d+)\]\.name$"), marked("the name of layer {layer}")),
    (re.compile(r"^network\.layers\[(\d+)\]\.neuron_names\[(\d+)\]$"),
     marked("the name of neuron {neuron} of layer {layer}")),
)


def _friendly(where: str) -> str:
    """A location in the file as a person names it: "the name of layer 1"."""
    for k, (pattern, _) in enumerate(_FRIENDLY):
        m = pattern.match(where)
        if m:
            groups = [int(g) for g in m.groups()]
            return tr(_FRIENDLY[k][1]).format(layer=groups[0] if groups else None,
                                              neuron=groups[1] + 1 if len(groups) > 1 else None)
    return tr("the text at {where}").format(where=where) if where else tr("the file")


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
    raise FileExistsError(tr("could not create a temporary file in {folder}").format(folder=folder))


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
