"""The command line's exit statuses and its one kind of error.

:class:`CliError` is a mistake in what was typed, printed as ``nnapp:
error: …`` with status 2; :class:`FileProblem` is one for a file that could
not be read or written, worded by ``nnapp.model.file_errors.file_problem``
(:func:`file_work` turns what file work raises into one).

It neither parses the command line (``nnapp.cli.parser``) nor prints the
error (``nnapp.cli.main``).
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from nnapp.model.file_errors import file_problem


PROG = "nnapp"

EXIT_OK = 0
EXIT_FAILURE = 1
"""An unexpected failure (a bug)."""
EXIT_BAD_INPUT = 2
"""A mistake in what was typed, or a file that cannot be read or written."""
EXIT_TRAINING_WENT_WRONG = 3
"""``train``: training diverged, ended worse than it started, or got stuck."""


class CliError(Exception):
    """A mistake in what was typed: printed as ``nnapp: error: …``, status 2."""


class FileProblem(CliError):
    """A file that could not be read or written, worded by ``file_problem``;
    ``--debug`` shows the ``original`` exception instead."""

    def __init__(self, message: str, original: BaseException) -> None:
        super().__init__(message)
        self.original = original


@contextmanager
def file_work(path):
    """Turn whatever reading or writing ``path`` raises into a :class:`FileProblem`
    (one line that names the file, worded by ``file_problem``).

    A :class:`CliError` passes unchanged, and so does a ValueError raised on
    purpose with its own words (a damaged file, data that does not fit),
    except the two whose words are Python's own: text that is not UTF-8 and
    a NUL in a file name.
    """
    try:
        yield
    except CliError:
        raise
    except ValueError as e:
        if isinstance(e, UnicodeError) or "null" in str(e).lower():
            raise FileProblem(_worded(e, path), e) from e
        raise
    except Exception as e:  # noqa: BLE001 - any failure of file work is worded for the user
        raise FileProblem(_worded(e, path), e) from e


def _worded(e: BaseException, path=None) -> str:
    """``file_problem(e, path)``, with the file's name as it was typed (a
    sentence starts with a capital letter, a file name keeps its own)."""
    text = file_problem(e, path)
    name = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
    if name and text[:1] == name[:1].upper() and text[1:len(name)] == name[1:len(name)]:
        text = name[:1] + text[1:]
    return text
