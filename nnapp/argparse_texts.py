"""The texts argparse itself writes (usage, option headings, its errors), in
nnapp's catalogue.

argparse looks its texts up with the module-level ``_`` and ``ngettext`` it
imports from :mod:`gettext`, in gettext's global domain, which nnapp does not
use. :func:`translate_argparse` points those two names at nnapp's catalogue,
so that ``nnapp --help`` and argparse's errors speak the language the rest of
the command line speaks. The texts are listed here with :func:`marked` so
that the extractor puts them in the catalogue; they must stay exactly as
argparse writes them (Python 3.11–3.13).
"""

from __future__ import annotations

import argparse

from .text import marked, plural, tr

ARGPARSE_TEXTS = (
    marked("usage: "),
    marked("positional arguments"),
    marked("options"),
    marked("show this help message and exit"),
    marked("argument %(argument_name)s: %(message)s"),
    marked("unrecognized arguments: %s"),
    marked("the following arguments are required: %s"),
    marked("one of the arguments %s is required"),
    marked("not allowed with argument %s"),
    marked("ignored explicit argument %r"),
    marked("expected one argument"),
    marked("expected at most one argument"),
    marked("expected at least one argument"),
    marked("ambiguous option: %(option)s could match %(matches)s"),
    marked("invalid %(type)s value: %(value)r"),
    marked("invalid choice: %(value)r (choose from %(choices)s)"),
    marked("unknown parser %(parser_name)r (choices: %(choices)s)"),
    marked("%(prog)s: error: %(message)s\n"),
)
"""argparse's texts a person can meet (its messages to programmers, such as
"conflicting subparser", are left in English)."""


def _argparse_plural(singular: str, plural_form: str, n: int) -> str:
    if singular == "expected %s argument":
        return plural(n, "expected %s argument", "expected %s arguments")
    return singular if n == 1 else plural_form


def translate_argparse() -> None:
    """Make argparse read its texts from nnapp's catalogue (idempotent)."""
    argparse._ = tr
    argparse.ngettext = _argparse_plural


__all__ = ["ARGPARSE_TEXTS", "translate_argparse"]
