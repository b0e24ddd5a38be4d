"""The ``nnapp`` command: the window, or the command line.

::

    nnapp                          the window
    nnapp FILE.nnapp               the window with a network file open
    nnapp --example gender         the window, with the window's options
    nnapp window [OPTIONS]         the same (``nnapp window --help`` lists them)
    nnapp COMMAND ...              the command line: examples, trace, train,
                                   predict (``nnapp --help`` lists them)

``--lang en|ru`` may stand anywhere on the line, for either.
``python -m nnapp`` does the same. What follows ``nnapp`` decides: nothing,
the word ``window``, a network file (``.nnapp`` or ``.json``) or one of the
window's options opens the window (:func:`nnapp.ui.app.main`); anything else
goes to the command line (:func:`nnapp.cli.main.main`), which needs no
display and says what is wrong with a mistyped command.

Neither is imported before it is chosen: the command line starts without
Qt, and a training process started with "spawn" (which imports the program
it was started from again) loads nothing of the window.
"""

from __future__ import annotations

import sys
from typing import Sequence

PROG = "nnapp"

WINDOW_COMMAND = "window"
"""``nnapp window [OPTIONS]`` opens the window."""

#: The options of the window (:func:`nnapp.ui.app.parse_arguments`); any of
#: them first on the line opens the window.
WINDOW_OPTIONS = ("--example", "--screenshot", "--select", "--train", "--draw", "--restore", "--lang")

#: A first argument ending so is a network file to open in the window.
NETWORK_SUFFIXES = (".nnapp", ".json")


def opens_window(argv: Sequence[str]) -> bool:
    """True when ``nnapp ARGV...`` opens the window, False for the command line."""
    if not argv:
        return True
    first = argv[0]
    if first == WINDOW_COMMAND:
        return True
    if first.split("=", 1)[0] in WINDOW_OPTIONS:
        return True
    return not first.startswith("-") and first.lower().endswith(NETWORK_SUFFIXES)


def window_arguments(argv: Sequence[str]) -> list[str]:
    """The window's arguments: ``argv`` without a leading ``window``."""
    argv = list(argv)
    return argv[1:] if argv[:1] == [WINDOW_COMMAND] else argv


def _without_language(argv: list[str]) -> list[str]:
    """``argv`` without ``--lang CODE`` (both the window and the command line
    take it anywhere on the line, and check it themselves)."""
    from nnapp.language import LanguageError, take_language_option

    try:
        return take_language_option(argv)[0]
    except LanguageError:
        return [item for item in argv if not item.startswith("--lang")]


def main(argv: Sequence[str] | None = None) -> int:
    """Open the window or run the command line (see the module docstring);
    return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if opens_window(_without_language(argv)):
        from nnapp.ui.app import main as window_main

        return window_main([PROG, *window_arguments(argv)])
    from nnapp.cli.main import main as command_line_main

    return command_line_main(argv)


__all__ = ["NETWORK_SUFFIXES", "WINDOW_COMMAND", "WINDOW_OPTIONS", "main", "opens_window", "window_arguments"]
