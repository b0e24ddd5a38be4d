"""Opening a path only when it is an ordinary file.

A file can name any path: a FIFO (named pipe) whose read waits for a writer
forever, a device such as ``/dev/zero`` that never ends, a socket, a
folder. Every reader of this program opens paths through
:func:`open_regular`, which refuses such a path at once by its kind:

1. ``os.stat`` looks at the path before it is opened;
2. it is opened without blocking (``O_NONBLOCK`` where the system has it),
   so a FIFO swapped in after the look cannot make ``open`` wait;
3. the open descriptor is looked at again (``os.fstat``), so what is read is
   what was checked.

This module reads nothing itself and knows no file format.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO
from nnapp.text import tr


class NotAFileError(ValueError):
    """A path that names something other than an ordinary file.

    Attributes
    ----------
    path : str
    kind : str
        What it is, in words for people, e.g. "a FIFO (a named pipe)" or "a
        character device".
    folder : bool
        Whether it is a folder (for messages that say so in their own words).
    """

    def __init__(self, path: str, kind: str, *, folder: bool = False) -> None:
        self.path = path
        self.kind = kind
        self.folder = folder
        super().__init__(tr("{path} is {kind}, not a file").format(path=path, kind=kind))

    @property
    def problem(self) -> str:
        """The message without the path: "is a FIFO (a named pipe), not a file"."""
        return tr("is {kind}, not a file").format(kind=self.kind)


def kind_of(mode: int) -> str:
    """What a ``st_mode`` names, in words: "a folder", "a FIFO (a named pipe)" …"""
    if stat.S_ISREG(mode):
        return tr("a file")
    if stat.S_ISDIR(mode):
        return tr("a folder")
    if stat.S_ISFIFO(mode):
        return tr("a FIFO (a named pipe)")
    if stat.S_ISCHR(mode):
        return tr("a device (a character device)")
    if stat.S_ISBLK(mode):
        return tr("a device (a block device)")
    if stat.S_ISSOCK(mode):
        return tr("a socket")
    return tr("a special file")


def check_regular(path: str | os.PathLike) -> os.stat_result:
    """``os.stat`` of ``path`` after checking it is an ordinary file (links followed).

    Raises
    ------
    NotAFileError
        It is a folder, a FIFO, a device, a socket …
    OSError
        It does not exist or cannot be looked at (FileNotFoundError …).
    """
    name = os.fspath(path)
    info = os.stat(name)
    if not stat.S_ISREG(info.st_mode):
        raise NotAFileError(str(name), kind_of(info.st_mode), folder=stat.S_ISDIR(info.st_mode))
    return info


_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
          | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))


def open_regular(path: str | os.PathLike) -> tuple[BinaryIO, os.stat_result]:
    """Open an ordinary file for reading in binary, never waiting on a special file.

    Returns
    -------
    (file object, os.stat_result)
        The open file (the caller closes it) and the result of ``fstat`` on
        it: ``st_size`` is the size of the file that is read.

    Raises
    ------
    NotAFileError
        The path names a folder, a FIFO, a device, a socket … (before or
        after it was opened).
    OSError
        It does not exist or cannot be opened.
    """
    name = os.fspath(path)
    check_regular(name)
    fd = os.open(name, _FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(str(name), kind_of(info.st_mode), folder=stat.S_ISDIR(info.st_mode))
        _blocking(fd)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return f, info


def _blocking(fd: int) -> None:
    """Clear ``O_NONBLOCK`` on an ordinary file (it has no effect there, but a
    plain descriptor is what readers expect)."""
    if not hasattr(os, "set_blocking"):
        return
    try:
        os.set_blocking(fd, True)
    except OSError:
        pass


__all__ = ["NotAFileError", "check_regular", "kind_of", "open_regular"]
