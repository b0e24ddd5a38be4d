"""A text of a lesson in every language it was written in.

A lesson file holds each text once per language, as an object
``{"en": "…", "ru": "…"}``. A teacher may write only one language: a
reader of another language then reads that one (English first, when it is
there). The languages are those nnapp speaks (:data:`nnapp.language.LANGUAGES`).

This module opens no file; ``lesson_file.py`` reads the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from nnapp.language import ENGLISH, LANGUAGES, current_language
from nnapp.text import tr

from .reading import MAX_TEXT, fail, place, shown, text


@dataclass(frozen=True)
class LessonText:
    """One text in one or more languages.

    Attributes
    ----------
    texts : tuple of (str, str)
        (language code, text) pairs in the file's order; at least one.
    """

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> "LessonText":
        """From a mapping such as ``{"en": "Hello", "ru": "Привет"}``."""
        return cls(tuple(texts.items()))

    @property
    def languages(self) -> tuple[str, ...]:
        """The codes of the languages it is written in."""
        return tuple(code for code, _ in self.texts)

    def has(self, lang: str) -> bool:
        """Whether it is written in ``lang`` itself (not by falling back)."""
        return lang in self.languages

    def text_in(self, lang: str | None = None) -> str:
        """The text in ``lang`` (None: the program's language); when it is not
        written in it, in English, else in its first language."""
        found = dict(self.texts)
        lang = current_language() if lang is None else lang
        for code in (lang, ENGLISH):
            if code in found:
                return found[code]
        return self.texts[0][1]

    def __str__(self) -> str:
        return self.text_in()


def read_text(value: Any, where: str, *, longest: int = MAX_TEXT) -> LessonText:
    """The :class:`LessonText` of a file's ``{"en": …, "ru": …}`` object.

    Raises
    ------
    LessonFileError
        Not an object, an unknown language, no language at all, or a text
        that is empty or not a text.
    """
    if not isinstance(value, dict):
        raise fail(tr("{where} must be an object with one text per language, such as "
                      "{{\"en\": \"…\", \"ru\": \"…\"}}, not {found}").format(where=where, found=shown(value)))
    for code in value:
        if code not in LANGUAGES:
            raise fail(tr("{where} has the language {code!r}, which nnapp does not speak (languages: {known})")
                       .format(where=where, code=code, known=", ".join(LANGUAGES)))
    if not value:
        raise fail(tr("{where} has no text: give at least one language, such as {{\"en\": \"…\"}}")
                   .format(where=where))
    return LessonText(tuple((code, text(v, place(where, code), longest=longest)) for code, v in value.items()))


__all__ = ["LessonText", "read_text"]
