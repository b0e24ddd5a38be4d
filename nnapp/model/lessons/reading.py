"""Reading the parsed JSON of a lesson file, one value at a time, with its place.

Every reader here takes a value and where it is in the file
(``tasks[2].check.all[0]``) and gives the value back checked, or raises
:class:`LessonFileError` with a one-line message that starts with that
place: "tasks[2].check.all[0] has an unknown key 'belov' (known keys:
value, above, below, near, tolerance)". The lesson file reader
(``lesson_file.py``) and the check kinds (``checks.py`` and the modules of
kinds) share them, so each message is written once.

This module opens no file and knows no lesson.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any, Iterable

from nnapp.engine.json_checks import FileFormatError
from nnapp.text import tr

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z")
"""A lesson's or a task's id: lower-case letters, digits, "-" and "_", at most 64."""

MAX_TEXT = 20_000
"""Longest text (characters) of one language in a lesson file."""


class LessonFileError(FileFormatError):
    """A lesson file that cannot be used, with the first problem and where.

    ``problem`` starts with the place in the file (``tasks[0].check``);
    ``source`` is the file ("" when unknown); ``str(error)`` is
    "source: problem".
    """

    def with_source(self, source: str) -> "LessonFileError":
        if not source or self.source:
            return self
        return LessonFileError(self.problem, source)


def place(where: str, key: str | int) -> str:
    """The place of ``key`` inside ``where``: "tasks[0]", "open.input"."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else key


def shown(value: Any) -> str:
    """A value as it looks in the file, shortened: "the text \\"abc\\"", "a list […]"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "…"
        return tr("the text {text}").format(text=json.dumps(text, ensure_ascii=False))
    if isinstance(value, dict):
        return tr("an object {…}")
    if isinstance(value, list):
        return tr("a list […]")
    if isinstance(value, (int, float)):
        return repr(value)
    return tr("the value {value}").format(value=str(value)[:40])


def fail(problem: str) -> LessonFileError:
    """The error for ``problem``, a whole sentence that starts with its place."""
    return LessonFileError(problem)


def obj(value: Any, where: str, keys: Iterable[str], required: Iterable[str] = ()) -> dict:
    """``value`` if it is an object with only ``keys`` and every ``required`` key."""
    keys = tuple(keys)
    where = where or tr("the file")
    if not isinstance(value, dict):
        raise fail(tr("{where} must be an object {{…}}, not {found}").format(where=where, found=shown(value)))
    for key in value:
        if key not in keys:
            raise fail(tr("{where} has an unknown key {key} (known keys: {keys})")
                       .format(where=where, key=json.dumps(key, ensure_ascii=False), keys=", ".join(keys)))
    for key in required:
        if key not in value:
            raise fail(tr("{where} has no {key!r}").format(where=where, key=key))
    return value


def text(value: Any, where: str, *, allow_empty: bool = False, longest: int = MAX_TEXT) -> str:
    """``value`` if it is a text (UTF-8 writable, not too long, not empty unless allowed)."""
    if not isinstance(value, str):
        raise fail(tr("{where} must be a text in quotes, not {found}").format(where=where, found=shown(value)))
    if not allow_empty and not value.strip():
        raise fail(tr("{where} must not be empty").format(where=where))
    if len(value) > longest:
        raise fail(tr("{where} is {n:,} characters long; at most {most:,} are allowed")
                   .format(where=where, n=len(value), most=longest))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise fail(tr("{where} holds half of a character (a lone surrogate): retype it").format(where=where)) from None
    return value


def identifier(value: Any, where: str) -> str:
    """``value`` if it is an id: lower-case letters, digits, "-" and "_"."""
    value = text(value, where, longest=64)
    if not ID_PATTERN.match(value):
        raise fail(tr("{where} must be an id of lower-case letters, digits, \"-\" and \"_\" "
                      "(such as \"one-neuron\"), not {found}").format(where=where, found=shown(value)))
    return value


def number(value: Any, where: str) -> float:
    """``value`` if it is a finite number (not true or false) as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(tr("{where} must be a number, not {found}").format(where=where, found=shown(value)))
    try:
        v = float(value)
    except OverflowError:
        raise fail(tr("{where} is too large a number").format(where=where)) from None
    if not math.isfinite(v):
        raise fail(tr("{where} must be a finite number").format(where=where))
    return v


def positive(value: Any, where: str) -> float:
    """``value`` if it is a number greater than 0."""
    v = number(value, where)
    if v <= 0:
        raise fail(tr("{where} must be greater than 0, not {found}").format(where=where, found=shown(value)))
    return v


def whole(value: Any, where: str, low: int = 0, high: int = 10**9) -> int:
    """``value`` if it is a whole number from ``low`` to ``high``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(tr("{where} must be a whole number from {low:,} to {high:,}, not {found}")
                   .format(where=where, low=low, high=high, found=shown(value)))
    return int(value)


def numbers(value: Any, where: str, *, longest: int = 10_000) -> tuple[float, ...]:
    """``value`` if it is a non-empty list of finite numbers."""
    if not isinstance(value, list) or not value:
        raise fail(tr("{where} must be a list of numbers such as [2, 3], not {found}")
                   .format(where=where, found=shown(value)))
    if len(value) > longest:
        raise fail(tr("{where} has {n:,} numbers; at most {most:,} are allowed")
                   .format(where=where, n=len(value), most=longest))
    return tuple(number(v, place(where, i)) for i, v in enumerate(value))


def names(value: Any, where: str) -> tuple[str, ...]:
    """``value`` if it is a list of names (texts; spaces at their ends dropped)."""
    if not isinstance(value, list):
        raise fail(tr("{where} must be a list of names such as [\"w1\", \"b1\"], not {found}")
                   .format(where=where, found=shown(value)))
    return tuple(text(v, place(where, i), longest=64).strip() for i, v in enumerate(value))


def one_of(value: Any, where: str, allowed: Iterable[str]) -> str:
    """``value`` if it is one of the texts ``allowed``."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise fail(tr("{where} must be one of {allowed}, not {found}")
                   .format(where=where, allowed=", ".join(json.dumps(a) for a in allowed), found=shown(value)))
    return value


__all__ = ["ID_PATTERN", "LessonFileError", "MAX_TEXT", "fail", "identifier", "names", "number", "numbers", "obj",
           "one_of", "place", "positive", "shown", "text", "whole"]
