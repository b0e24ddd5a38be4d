"""Which language nnapp speaks, and switching to it.

nnapp's own texts are translated through one gettext catalogue per
language, ``nnapp/resources/locale/<code>/LC_MESSAGES/nnapp.mo``, compiled
from the ``.po`` file beside it by ``resources/locale/build_catalogue.py``.
:func:`use_language` loads it and hands it to :func:`nnapp.text.use_catalogue`,
so the engine, the model, the command line and the window all read the same
catalogue. English is the language the program is written in and needs no
catalogue.

The language is chosen, first match wins, from

1. ``--lang CODE`` on the command line (:func:`take_language_option`);
2. the window's setting (View ▸ Language, kept by the window);
3. the environment, as gettext reads it: ``LANGUAGE``, ``LC_ALL``,
   ``LC_MESSAGES``, ``LANG`` (:func:`language_from_environment`);
4. English.

No Qt here: the window adds Qt's own translations of its standard dialogs
(``qtbase_<code>.qm``) itself.
"""

from __future__ import annotations

import gettext
import os
from importlib.resources import as_file, files
from typing import Mapping, Sequence

from . import text

DOMAIN = "nnapp"
ENGLISH = "en"
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
"""The languages nnapp speaks: code → the language's name in itself."""

DECIMAL_SIGNS: dict[str, str] = {"en": ".", "ru": ","}
"""The sign between a number's whole part and its fraction, per language."""

_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_current = ENGLISH


class LanguageError(ValueError):
    """A language nnapp does not speak, a ``--lang`` without one, or a
    language whose catalogue is missing. The message is made when it is
    shown, in the language of that moment.

    Attributes
    ----------
    given : str or None
        The code as given; None for a ``--lang`` without a code.
    missing : str or None
        Why the catalogue of a known language could not be read.
    """

    def __init__(self, given: str | None, missing: str | None = None) -> None:
        super().__init__(given)
        self.given, self.missing = given, missing

    def __str__(self) -> str:
        if self.missing is not None:
            return text.tr("the {language} texts are missing from this installation ({why})").format(
                language=LANGUAGES.get(str(known_language(self.given)), self.given), why=self.missing)
        if self.given is None:
            return text.tr("--lang needs a language: {choices}").format(choices=", ".join(LANGUAGES))
        return text.tr("nnapp does not speak {language!r}; choose one of: {choices}").format(
            language=self.given, choices=", ".join(LANGUAGES))


def known_language(code: str | None) -> str | None:
    """The code of the language ``code`` names ("ru", "ru_RU.UTF-8",
    "RU", "ru-RU" → "ru"), or None when nnapp does not speak it."""
    if not code:
        return None
    base = str(code).strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return base if base in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: the first
    of ``LANGUAGE`` (a colon-separated list), ``LC_ALL``, ``LC_MESSAGES`` and
    ``LANG`` that is set; English when that one is a language nnapp does not
    speak, is "C" or "POSIX", or nothing is set."""
    environ = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if not value:
            continue
        for code in value.split(":"):
            found = known_language(code)
            if found:
                return found
        if name != "LANGUAGE":
            return ENGLISH
    return ENGLISH


def take_language_option(argv: Sequence[str]) -> tuple[list[str], str | None]:
    """``argv`` without its ``--lang CODE`` / ``--lang=CODE`` (anywhere on the
    line, the last one counting), and that code as given (None if absent).

    Raises
    ------
    LanguageError
        ``--lang`` without a code, or with one nnapp does not speak.
    """
    rest: list[str] = []
    chosen: str | None = None
    items = list(argv)
    i = 0
    while i < len(items):
        item = items[i]
        if item == "--":
            rest.extend(items[i:])
            break
        if item == "--lang" or item.startswith("--lang="):
            if item == "--lang":
                if i + 1 >= len(items):
                    raise LanguageError(None)
                value = items[i + 1]
                i += 2
            else:
                value = item.split("=", 1)[1]
                i += 1
            if known_language(value) is None:
                raise LanguageError(value)
            chosen = known_language(value)
            continue
        rest.append(item)
        i += 1
    return rest, chosen


def catalogue(code: str) -> gettext.NullTranslations | None:
    """The compiled catalogue of language ``code`` (None for English).

    Raises
    ------
    LanguageError
        ``code`` is not a language nnapp speaks, or its catalogue is missing
        (an installation without its resources).
    """
    found = known_language(code)
    if found is None:
        raise LanguageError(code)
    if found == ENGLISH:
        return None
    resource = files("nnapp") / "resources" / "locale" / found / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with as_file(resource) as path, open(path, "rb") as f:
            return gettext.GNUTranslations(f)
    except OSError as e:
        raise LanguageError(found, missing=str(e.strerror or e)) from None


def use_language(code: str | None) -> str:
    """Speak language ``code`` from now on (None: the environment's); return
    the code used. Texts made before the call stay as they were made."""
    global _current
    found = known_language(code) if code else language_from_environment()
    if found is None:
        raise LanguageError(str(code))
    text.use_catalogue(catalogue(found), decimal_sign=DECIMAL_SIGNS[found])
    _current = found
    return found


def current_language() -> str:
    """The code of the language texts are made in now."""
    return _current


__all__ = [
    "DECIMAL_SIGNS",
    "ENGLISH",
    "LANGUAGES",
    "LanguageError",
    "catalogue",
    "current_language",
    "known_language",
    "language_from_environment",
    "take_language_option",
    "use_language",
]
