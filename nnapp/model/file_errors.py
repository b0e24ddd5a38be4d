"""One place that turns what reading, writing and importing files can raise
into words a person can act on.

The window shows the text in a dialog and the command line prints it on one
line; both leave the document as it was. The readers already say what is
wrong in their own errors (a damaged network file, a CSV cell that is not a
number, an IDX file shorter than its header, a FIFO named as data, a title
that cannot be saved); the rest — the system's errors, lack of memory,
nesting too deep, text that cannot be encoded — is worded here. A problem
nobody foresaw is still described (its kind and message), never shown as a
traceback.
"""

from __future__ import annotations

import errno
import os

from nnapp.engine.csvdata import CsvError
from nnapp.engine.datasets import DatasetError
from nnapp.engine.idx import IdxError
from nnapp.engine.regular_files import NotAFileError
from nnapp.engine.serialize import FileFormatError, FileNameError, UnwritableText
from nnapp.engine.settings import SettingsError
from nnapp.text import marked, sentence, tr

from .errors import EditError

_WORDED = (FileFormatError, EditError, CsvError, IdxError, DatasetError, NotAFileError, UnwritableText,
           FileNameError, SettingsError)
"""Errors whose own message already says what is wrong and where."""

_OS_WORDS = {
    errno.ENOENT: marked("there is no such file or folder."),
    errno.EACCES: marked("permission denied: choose a place you may write to, or ask for access."),
    errno.EPERM: marked("permission denied: choose a place you may write to, or ask for access."),
    errno.EISDIR: marked("this is a folder, not a file."),
    errno.ENOTDIR: marked("a part of the path is not a folder."),
    errno.ENOSPC: marked("the disk is full: free some space, or save somewhere else."),
    errno.EROFS: marked("the disk is read-only: save somewhere else."),
    errno.ENAMETOOLONG: marked("the file name is too long: choose a shorter one."),
    errno.EEXIST: marked("a file of that name is in the way."),
}
if hasattr(errno, "EDQUOT"):
    _OS_WORDS[errno.EDQUOT] = marked("the disk quota is used up: free some space, or save somewhere else.")


def file_problem(exc: BaseException, path: str | os.PathLike | None = None) -> str:
    """What went wrong with ``path``, in one or two plain sentences.

    Parameters
    ----------
    exc : BaseException
        What reading, writing or importing raised.
    path : str or path-like or None
        The file it was about, named in the text when given (and when the
        error's own message does not name it already).

    Returns
    -------
    str
        One line, starting with a capital letter.
    """
    name = _path_text(path)
    if isinstance(exc, _WORDED):
        text = str(exc)
        if name and name not in text and not isinstance(exc, FileFormatError):
            text = _at(name, text)
        return _sentence(_one_line(text), name)
    if isinstance(exc, MemoryError):
        return _sentence(_at(name, tr("there is not enough memory for this file; nothing was changed.")), name)
    if isinstance(exc, RecursionError):
        return _sentence(_at(name, tr("the file nests its contents too deeply to be read.")), name)
    if isinstance(exc, UnicodeError):
        return _sentence(_at(name, tr("the file holds text that cannot be encoded or decoded as UTF-8.")), name)
    if isinstance(exc, OSError):
        if exc.errno in _OS_WORDS:
            words = tr(_OS_WORDS[exc.errno])
        else:
            words = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".") + "."
        target = exc.filename if exc.filename is not None and not name else None
        where = name
        if target is not None and isinstance(target, (str, bytes, os.PathLike)):
            where = os.fsdecode(target)
        return _sentence(_at(where, words), where)
    if isinstance(exc, ValueError):
        message = str(exc)
        if "null" in message.lower() or "\\0" in message or "nul character" in message.lower():
            return _sentence(_at(name, tr("a file name cannot contain a NUL character; choose another name.")), name)
        if "digits" in message and "integer" in message:
            return _sentence(_at(name, tr("the file holds a whole number of more than 4,300 digits, "
                                          "which cannot be read.")), name)
    text = _one_line(str(exc)) or tr("no details")
    return _sentence(_at(name, tr("unexpected {kind}: {text}").format(kind=type(exc).__name__, text=text)), name)


def _at(name: str, text: str) -> str:
    """``text`` about the file ``name`` ("x.nnapp: the file is empty"); ``text``
    alone when there is no name."""
    return tr("{path}: {problem}").format(path=name, problem=text) if name else text


def _path_text(path: str | os.PathLike | None) -> str:
    if path is None:
        return ""
    try:
        return os.fsdecode(path)
    except (TypeError, ValueError):
        return repr(path)


def _one_line(text: str) -> str:
    """The text on one line, cut to a length a dialog or a terminal shows."""
    text = " ".join(text.split())
    return text if len(text) <= 1000 else text[:997] + "…"


def _sentence(text: str, name: str = "") -> str:
    """Capitalised (unless it starts with the file's name, which keeps its
    spelling), and printable anywhere: a NUL shown as \\0, a lone surrogate
    as its escape (so the text itself can always be shown)."""
    keep = bool(name) and text.startswith(name)
    text = text.replace("\0", "\\0").encode("utf-8", "backslashreplace").decode("utf-8")
    return text if keep or not text else sentence(text)
