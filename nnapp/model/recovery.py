"""Recovery files: copies of unsaved documents, kept so that a crash loses nothing.

A window that holds unsaved changes writes its document to one recovery file
in a recovery folder (the caller says which folder; this module knows no Qt
and no settings). The next start lists the files whose process is no longer
running and offers them back.

A recovery file is text in UTF-8:

- line 1 is a JSON object, the header: the kind of file (``"nnapp-recovery"``),
  its version, the process and window that wrote it, when, the document's own
  file (``"document_path"``, or null for an untitled document), its title,
  whether it differs from that file (``"modified"``), notes, and the length in
  bytes of the rest;
- the rest is the document, exactly as a network file holds it
  (:func:`nnapp.engine.serialize.dumps`), so it is read and checked by the same
  code as any file.

Files are named ``nnapp-<pid>-<window>.recovery`` and written atomically: the
text goes to a hidden temporary file in the same folder (``.nnapp-….tmp``),
which is synced and then renamed over the recovery file. A half-written file
therefore never has a recovery name, and a file whose length does not match
its header, or that cannot be read, is skipped with a note.

A file belongs to a running process when the process with that id is alive
and (on Linux) started at the time the header records, so a reused process
id does not hide a file, and two running instances never offer each other's
live files.

Longer than most modules: writing, reading, finding and removing recovery
files all follow the one format described above (the header, the names, the
atomic write, the owner check), which would otherwise be spread over modules
that must change together.
"""

from __future__ import annotations

import copy
import json
import os
import re
import secrets
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from nnapp.engine.serialize import FileFormatError, NetworkFile, dumps, loads
from nnapp.text import tr

from .document import Document
from .errors import EditError
from .files import DocumentContents, contents_of, to_network_file

KIND = "nnapp-recovery"
VERSION = 1
SUFFIX = ".recovery"
MAX_HEADER_BYTES = 256 * 1024
"""A header line longer than this is damage, not a header."""
MAX_TITLE = 200
"""Characters of the title kept in the header (the document keeps it whole)."""

_NAME = re.compile(r"^nnapp-(\d+)-([0-9A-Za-z_]+)\.recovery$")
_TEMP = re.compile(r"^\.nnapp-(\d+)-[0-9A-Za-z_]+\.recovery\.[0-9a-f]+\.tmp$")


class RecoveryDamaged(ValueError):
    """A recovery file cannot be read; the text says why."""


# --- who wrote a file ---------------------------------------------------------------


@dataclass(frozen=True)
class Owner:
    """The process that writes recovery files.

    Attributes
    ----------
    pid : int
    started : int or None
        When the process started, in the clock ticks Linux counts since boot
        (``/proc/<pid>/stat``); None where that is not known.
    host : str
    """

    pid: int
    started: int | None
    host: str

    @classmethod
    def current(cls) -> "Owner":
        pid = os.getpid()
        return cls(pid, process_start(pid), socket.gethostname())


def process_start(pid: int) -> int | None:
    """When process ``pid`` started (Linux clock ticks since boot), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read()
    except OSError:
        return None
    # the name, in parentheses, may hold spaces: count the fields after its end
    fields = raw[raw.rfind(b")") + 2:].split()
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def process_alive(pid: int, started: int | None = None) -> bool:
    """Whether the process ``pid`` still runs (and, when ``started`` is
    given and can be checked, is the one that started then)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name == "posix":
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        except OSError:
            return False
        if started is not None:
            now = process_start(pid)
            if now is not None and now != started:
                return False
        return True
    return _windows_process_alive(pid)


def _windows_process_alive(pid: int) -> bool:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel.CloseHandle(handle)


# --- what a file holds ----------------------------------------------------------------


@dataclass
class Recovered:
    """One recovery file, as its header describes it.

    Attributes
    ----------
    file : Path
        The recovery file.
    pid, started, host
        The process that wrote it (see :class:`Owner`).
    window : str
        The id of the window that wrote it, unique within its process.
    saved_at : float
        When it was written (seconds since the epoch).
    document_path : str or None
        The file the document was opened from or saved to; None if untitled.
    title : str
    modified : bool
        Whether the document differed from ``document_path`` (an untitled
        document with content always does).
    notes : list of str
        What the copy could not keep.
    length : int
        Bytes of document text after the header.
    """

    file: Path
    pid: int
    started: int | None
    host: str
    window: str
    saved_at: float
    document_path: str | None
    title: str
    modified: bool
    notes: list[str] = field(default_factory=list)
    length: int = 0

    def display_name(self) -> str:
        """The name a window would show: the file name, else the title, else Untitled."""
        if self.document_path:
            return Path(self.document_path).name
        return self.title or tr("Untitled")


@dataclass
class Found:
    """What :func:`find_recoveries` found in a folder.

    Attributes
    ----------
    offered : list of Recovered
        Files of processes that no longer run, newest first.
    damaged : list of Path
        Recovery files that cannot be read (their process is unknown).
    notes : list of str
        One sentence per damaged file.
    """

    offered: list[Recovered] = field(default_factory=list)
    damaged: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def recovery_file(folder: str | os.PathLike, window: str, pid: int | None = None) -> Path:
    """Where window ``window`` of process ``pid`` (this one by default) keeps its copy."""
    if not re.fullmatch(r"[0-9A-Za-z_]+", window):
        raise ValueError(tr("a window id is letters, digits and _, not {window!r}").format(window=window))
    return Path(folder) / f"nnapp-{os.getpid() if pid is None else pid}-{window}{SUFFIX}"


def new_window_id() -> str:
    """A fresh window id (random, so windows of one process never share one)."""
    return secrets.token_hex(4)


# --- the document's contents ------------------------------------------------------------


def snapshot(doc: Document) -> tuple[NetworkFile, list[str]] | None:
    """What a recovery copy of ``doc`` holds, with the arrays copied.

    Cheap enough for the GUI thread: the arrays are copied, nothing is
    formatted. Turning it into text (:func:`dumps`) can then run anywhere.

    Returns
    -------
    (NetworkFile, notes) or None
        None when the document has no network to keep yet (fewer than two
        layers). The notes say what could not be kept: a data choice that no
        longer fits the network is left out.
    """
    if doc.network() is None:
        return None
    notes: list[str] = []
    try:
        nf = to_network_file(doc)
    except EditError:
        # the chosen data no longer fits the network: keep the network, not the data
        data = doc.data_source
        try:
            doc.data_source = None
            nf = to_network_file(doc)
        finally:
            doc.data_source = data
        notes.append(tr("the chosen data no longer fitted the network and was not kept: choose the data again"))
    nf.data = copy.deepcopy(nf.data)
    nf.extra = copy.deepcopy(nf.extra)
    return nf, notes


# --- writing ------------------------------------------------------------------------------


def write_recovery(
    target: str | os.PathLike,
    text: str,
    *,
    document_path: str | None,
    title: str,
    modified: bool = True,
    notes: list[str] | tuple[str, ...] = (),
    owner: Owner | None = None,
    window: str = "",
) -> Path:
    """Write a recovery file atomically.

    Parameters
    ----------
    target : path
        The recovery file (see :func:`recovery_file`); its folder is created.
    text : str
        The document as a network file's text (:func:`dumps`).
    document_path, title, modified, notes
        What the header says of the document.
    owner : Owner, optional
        The writing process (this one by default).
    window : str
        The window's id (taken from the file name when empty).

    Raises
    ------
    OSError
        The folder or file cannot be written (a previous copy is unchanged).
    UnicodeEncodeError
        The text holds characters UTF-8 cannot encode.
    """
    target = Path(target)
    owner = owner or Owner.current()
    body = text.encode("utf-8")
    match = _NAME.match(target.name)
    header = {
        "kind": KIND,
        "version": VERSION,
        "pid": owner.pid,
        "started": owner.started,
        "host": owner.host,
        "window": window or (match.group(2) if match else ""),
        "saved_at": time.time(),
        "document_path": document_path,
        "title": title[:MAX_TITLE],
        "modified": bool(modified),
        "notes": list(notes),
        "length": len(body),
    }
    head = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(head)
            f.write(body)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def remove_recovery(path: str | os.PathLike) -> None:
    """Delete a recovery file; one that is not there is fine.

    Raises
    ------
    OSError
        The file exists and cannot be deleted.
    """
    try:
        os.unlink(path)
    except (FileNotFoundError, NotADirectoryError):
        pass        # gone, or its folder never was one


# --- reading ------------------------------------------------------------------------------


def read_header(path: str | os.PathLike) -> Recovered:
    """The header of the recovery file at ``path``.

    Raises
    ------
    RecoveryDamaged
        The file is not a complete recovery file.
    OSError
        It cannot be read.
    """
    path = Path(path)
    with open(path, "rb") as f:
        line = f.readline(MAX_HEADER_BYTES + 1)
        size = os.fstat(f.fileno()).st_size
    if not line.endswith(b"\n"):
        raise RecoveryDamaged(tr("its first line is not a recovery header"))
    try:
        h = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RecoveryDamaged(tr("its first line is not a recovery header")) from None
    if not isinstance(h, dict) or h.get("kind") != KIND:
        raise RecoveryDamaged(tr("it is not an nnapp recovery file"))
    if h.get("version") != VERSION:
        raise RecoveryDamaged(tr("it was written by another version of nnapp (recovery format {version!r})")
                              .format(version=h.get('version')))
    try:
        info = Recovered(
            file=path,
            pid=_int(h["pid"]),
            started=None if h.get("started") is None else _int(h["started"]),
            host=_str(h.get("host", "")),
            window=_str(h.get("window", "")),
            saved_at=float(h["saved_at"]),
            document_path=None if h.get("document_path") is None else _str(h["document_path"]),
            title=_str(h.get("title", "")),
            modified=bool(h.get("modified", True)),
            notes=[_str(n) for n in h.get("notes", [])],
            length=_int(h["length"]),
        )
    except (KeyError, TypeError, ValueError):
        raise RecoveryDamaged(tr("its header is incomplete")) from None
    if size - len(line) != info.length:
        raise RecoveryDamaged(tr("it holds {value:,} bytes of document, not the {length:,} it announces")
                              .format(value=size - len(line), length=info.length))
    return info


def read_recovery(info: Recovered) -> DocumentContents:
    """The document a recovery file holds, read and checked, ready for
    :func:`nnapp.model.files.install`.

    It keeps the path of the document's own file (so Save writes there) and
    its title; its notes say what the copy could not keep.

    Raises
    ------
    RecoveryDamaged
        The file changed since its header was read, or the document in it
        cannot be read (the message says why).
    OSError
        It cannot be read.
    """
    with open(info.file, "rb") as f:
        line = f.readline(MAX_HEADER_BYTES + 1)
        body = f.read(info.length + 1)
    if len(body) != info.length:
        raise RecoveryDamaged(tr("it is shorter or longer than its header says"))
    try:
        nf = loads(body.decode("utf-8"), info.display_name())
        contents = contents_of(nf, None, source=info.display_name())
    except UnicodeDecodeError:
        raise RecoveryDamaged(tr("its document is not UTF-8 text")) from None
    except FileFormatError as e:
        raise RecoveryDamaged(str(e)) from None
    contents.path = info.document_path
    contents.notes = list(info.notes) + contents.notes
    return contents


def find_recoveries(
    folder: str | os.PathLike,
    alive: Callable[[int, int | None], bool] = process_alive,
) -> Found:
    """The recovery files in ``folder`` that can be offered back.

    Files of running processes are left out (the process still has the
    document open); half-written temporary files are never recovery files.

    Parameters
    ----------
    folder : path
        A folder that does not exist holds none.
    alive : callable (pid, started) -> bool
        Whether a process still runs (tests pass their own).
    """
    found = Found()
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return found
    for name in names:
        match = _NAME.match(name)
        if not match:
            continue
        path = Path(folder) / name
        try:
            info = read_header(path)
        except (RecoveryDamaged, OSError) as e:
            if alive(int(match.group(1)), None):
                continue
            found.damaged.append(path)
            found.notes.append(tr("{name} was skipped: {reason}").format(name=name, reason=_reason(e)))
            continue
        if not alive(info.pid, info.started):
            found.offered.append(info)
    found.offered.sort(key=lambda r: r.saved_at, reverse=True)
    return found


def remove_stale_temp_files(
    folder: str | os.PathLike,
    alive: Callable[[int, int | None], bool] = process_alive,
) -> int:
    """Delete the temporary files that writers killed mid-write left behind
    (only those of processes that no longer run); returns how many."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        match = _TEMP.match(name)
        if match and not alive(int(match.group(1)), None):
            try:
                os.unlink(Path(folder) / name)
                removed += 1
            except OSError:
                pass
    return removed


def recovery_text(nf: NetworkFile) -> str:
    """The document part of a recovery file (slow for large networks: call
    it off the GUI thread)."""
    return dumps(nf)


def _reason(e: BaseException) -> str:
    if isinstance(e, OSError):
        return e.strerror or str(e)
    return str(e)


def _int(v) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("not an integer")
    return v


def _str(v) -> str:
    if not isinstance(v, str):
        raise TypeError("not a text")
    return v
