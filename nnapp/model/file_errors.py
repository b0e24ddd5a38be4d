"""One place that turns what reading, writing and importing files can raise
into words a person can act on.

The window shows the text in a dialog and the command line prints it on one
line; both leave the document as it was. A problem nobody foresaw is still
described (its kind and message), never shown as a traceback.
"""

from __future__ import annotations

import errno
import os

from nnapp.engine.serialize import FileFormatError

from .errors import EditError


def file_problem(exc: BaseException, path: str | os.PathLike | None = None) -> str:
    """What went wrong with ``path``, in one or two plain sentences.

    Parameters
    ----------
    exc : BaseException
        What reading, writing or importing raised.
    path : str or path-like or None
        The file it was about, named in the text when given.
    """
    where = f"{os.fspath(path)}: " if path is not None and not isinstance(exc, FileFormatError) else ""
    if isinstance(exc, (FileFormatError, EditError)):
        return _sentence(str(exc))
    if isinstance(exc, MemoryError):
        return where + "there is not enough memory for this file; nothing was changed."
    if isinstance(exc, RecursionError):
        return where + "the file nests its contents too deeply to be read."
    if isinstance(exc, UnicodeError):
        return where + "the file holds text that cannot be encoded or decoded as UTF-8."
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOENT:
            return where + "there is no such file."
        if exc.errno in (errno.EACCES, errno.EPERM):
            return where + "permission denied."
        if exc.errno == errno.EISDIR:
            return where + "this is a folder, not a file."
        return where + (exc.strerror or str(exc) or type(exc).__name__)
    if isinstance(exc, ValueError) and "null" in str(exc).lower():
        return where + "a file name cannot contain a NUL character."
    text = str(exc) or "no details"
    return where + f"unexpected {type(exc).__name__}: {text}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
