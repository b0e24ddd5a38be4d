"""Reading a network file's text safely: the limits, the checks before and
after parsing, and the parser for long texts.

Before the text is parsed, its bytes are counted (lists and objects,
values, nesting: :func:`text_problem`, read a chunk at a time by
``_read_counted``), so a file that would take gigabytes as Python objects
is refused at once. Long texts are parsed in pieces (``_parse_in_pieces``)
so other threads keep running. After parsing, ``_scan`` walks the tree
once for NaN/Infinity, repeated keys, deep nesting and texts that cannot
be written as UTF-8 (:func:`unwritable`), naming where each is.

It does not know what a network file holds (``nnapp.engine.network_file``)
nor open or write files (``nnapp.engine.serialize``,
``nnapp.engine.file_writing``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import numpy as np

from nnapp.text import plural, tr

from .json_checks import (
    FileFormatError,
    NonFinite as _NonFinite,
    not_finite as _not_finite,
)


MAX_FILE_BYTES = 200 * 1024 * 1024
"""Files larger than this (200 MB) are refused before being read."""


MAX_CONTAINERS = 1_000_000
"""Most lists and objects ``[…]``, ``{…}`` a file may hold, counted in its bytes
before it is parsed (a 784-256-10 network has about 1,100; a 2-50,000-1
network 50,000). Each costs Python some 60 bytes and a few microseconds to
check, so a file of tens of millions of empty lists would take many GB."""

MAX_VALUES = 12_000_000
"""Most values (counted by the commas between them) a file may hold: a
784-256-10 network has about 204,000, and a file of ``MAX_FILE_BYTES``
written by nnapp at most about 10 million weights."""

MAX_NESTING = 64
"""Deepest nesting of lists and objects in a file (a network file nests about 6
deep): deeper trees cannot be walked safely."""

MAX_TEXT_SCAN = 2_000_000
"""Files up to this size are checked for nesting in their bytes before they
are parsed; larger ones after (the parser's own limit then guards it)."""


READ_CHUNK = 8 * 1024 * 1024
"""Bytes of a network file read (and counted) at a time."""


def _read_counted(f, source: str) -> bytes:
    """All bytes of ``f``, read a chunk at a time; the lists, objects and
    values are counted as they come, so a file of millions of them is
    refused after its first chunks, not after all of it is in memory."""
    chunks: list[bytes] = []
    size = containers = values = 0
    while True:
        chunk = f.read(READ_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise FileFormatError(_too_large(size), source)
        containers += chunk.count(b"[") + chunk.count(b"{")
        values += chunk.count(b",")
        if containers > MAX_CONTAINERS:
            raise FileFormatError(_too_many_containers(size=size), source)
        if values > MAX_VALUES:
            raise FileFormatError(_too_many_values(size=size), source)
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _bytes_text(n: int) -> str:
    """"8 MB", "60 KB": a size for a message."""
    if n >= 1e6:
        return tr("{size:.0f} MB").format(size=n / 1e6)
    return tr("{size} KB").format(size=max(1, round(n / 1e3)))


def _too_many_containers(count: int = 0, size: int | None = None) -> str:
    """The message for ``count`` lists and objects, or (``size`` given) for
    more than the limit in the first ``size`` bytes."""
    if size is not None:
        return (tr("holds more than {limit:,} lists and objects […] {{…}} in its first {size}; nnapp reads "
                   "files of up to {limit:,} (a 784-256-10 network has about 1,100): this is not a network "
                   "file, or one far larger than nnapp handles")
                .format(limit=MAX_CONTAINERS, size=_bytes_text(size)))
    return (plural(count,
                   "holds {count:,} list and object […] {{…}}; nnapp reads files of up to {limit:,} (a 784-256-10 "
                   "network has about 1,100): this is not a network file, or one far larger than nnapp handles",
                   "holds {count:,} lists and objects […] {{…}}; nnapp reads files of up to {limit:,} (a 784-256-10 "
                   "network has about 1,100): this is not a network file, or one far larger than nnapp handles")
            .format(count=count, limit=MAX_CONTAINERS))


def _too_many_values(count: int = 0, size: int | None = None) -> str:
    """The message for about ``count`` values, or (``size`` given) for more
    than the limit in the first ``size`` bytes."""
    if size is not None:
        return (tr("holds more than {limit:,} values in its first {size}; nnapp reads files of up to {limit:,} "
                   "(a 784-256-10 network has about 204,000)")
                .format(limit=MAX_VALUES, size=_bytes_text(size)))
    return (plural(count,
                   "holds about {count:,} value; nnapp reads files of up to {limit:,} "
                   "(a 784-256-10 network has about 204,000)",
                   "holds about {count:,} values; nnapp reads files of up to {limit:,} "
                   "(a 784-256-10 network has about 204,000)")
            .format(count=count, limit=MAX_VALUES))


def text_problem(text: str | bytes) -> str | None:
    """Why the file's text must not be parsed, or None.

    Counts the lists and objects (``[`` and ``{``) and the values (``,``)
    in the raw text — characters inside quoted texts count too, so the
    limits are far above any real file — and, for files up to
    ``MAX_TEXT_SCAN``, measures the nesting. All of it runs in C on the
    bytes, so a file of millions of containers is refused without building
    one Python object.
    """
    marks = ("[", "{", ",") if isinstance(text, str) else (b"[", b"{", b",")
    containers = text.count(marks[0]) + text.count(marks[1])
    if containers > MAX_CONTAINERS:
        return _too_many_containers(containers)
    values = text.count(marks[2])
    if values > MAX_VALUES:
        return _too_many_values(values)
    if len(text) <= MAX_TEXT_SCAN:
        raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        if _nesting(raw) > MAX_NESTING:
            return _too_deep()
    return None


_OPEN = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSE = np.frombuffer(b"]}", dtype=np.uint8)


def _nesting(raw: bytes) -> int:
    """The deepest nesting of brackets in ``raw``, brackets inside quoted texts
    left out (escaped quotes are honoured)."""
    b = np.frombuffer(raw, dtype=np.uint8)
    brackets = np.isin(b, _OPEN) | np.isin(b, _CLOSE)
    if not brackets.any():
        return 0
    quote = b == ord('"')
    if quote.any():
        # a quote preceded by an odd number of backslashes is escaped
        slash = (b == ord("\\")).astype(np.int64)
        run = np.cumsum(slash)
        start = np.maximum.accumulate(np.where(slash == 0, run, 0))
        slashes_before = np.concatenate(([0], (run - start)[:-1]))
        quote &= (slashes_before % 2) == 0
        inside = (np.cumsum(quote) % 2) == 1
        brackets &= ~inside
    steps = np.where(np.isin(b, _OPEN), 1, -1)[brackets]
    return int(np.cumsum(steps).max(initial=0))


def _too_deep(where: str = "") -> str:
    """The message for nesting deeper than ``MAX_NESTING``, about the file or about ``where``."""
    if where:
        return (tr("{where} nests its lists and objects too deeply (more than {limit} levels; "
                   "a network file nests about 6 deep)").format(where=where, limit=MAX_NESTING))
    return (tr("is not a network file: its lists and objects are nested too deeply (more than {limit} levels; "
               "a network file nests about 6 deep)").format(limit=MAX_NESTING))


class _RepeatedKey(dict):
    """A JSON object in which one key appears twice (``repeated``)."""

    repeated: str = ""


PIECEWISE_ABOVE = 1024 * 1024
"""Texts longer than this (characters) are parsed in pieces by :func:`_parse_in_pieces`."""

_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _parse_in_pieces(text: str) -> Any:
    """``json.loads`` of a long text, in pieces.

    Objects and arrays of containers are walked here; strings, numbers and
    arrays of plain values (a row of weights) are decoded by the C decoder.
    Between pieces other threads run, so reading a large file on a worker
    thread never holds the window's thread for long. Gives what
    ``json.loads`` with this module's hooks gives, and raises the same
    ``JSONDecodeError`` for the same faults.
    """
    decoder = json.JSONDecoder(parse_constant=_NonFinite, object_pairs_hook=_object_from_pairs)
    skip = _WHITESPACE.match

    def value(i: int) -> tuple[Any, int]:
        first = text[i:i + 1]
        if first == "[":
            j = skip(text, i + 1).end()
            if text[j:j + 1] not in ("[", "{"):
                return decoder.raw_decode(text, i)
            items = []
            while True:
                item, j = value(j)
                items.append(item)
                j = skip(text, j).end()
                sep = text[j:j + 1]
                if sep == "]":
                    return items, j + 1
                if sep != ",":
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, j)
                j = skip(text, j + 1).end()
        if first == "{":
            j = skip(text, i + 1).end()
            pairs: list[tuple[str, Any]] = []
            if text[j:j + 1] == "}":
                return _object_from_pairs(pairs), j + 1
            while True:
                if text[j:j + 1] != '"':
                    raise json.JSONDecodeError("Expecting property name enclosed in double quotes", text, j)
                key, j = decoder.raw_decode(text, j)
                j = skip(text, j).end()
                if text[j:j + 1] != ":":
                    raise json.JSONDecodeError("Expecting ':' delimiter", text, j)
                item, j = value(skip(text, j + 1).end())
                pairs.append((key, item))
                j = skip(text, j).end()
                sep = text[j:j + 1]
                if sep == "}":
                    return _object_from_pairs(pairs), j + 1
                if sep != ",":
                    raise json.JSONDecodeError("Expecting ',' delimiter", text, j)
                j = skip(text, j + 1).end()
        return decoder.raw_decode(text, i)

    result, end = value(skip(text, 0).end())
    end = skip(text, end).end()
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return result


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                d = _RepeatedKey(d)
                d.repeated = key
                break
            seen.add(key)
    return d


def _scan(value: Any, where: str = "") -> None:
    """Refuse NaN/Infinity, non-finite floats, repeated keys, nesting deeper
    than ``MAX_NESTING`` and texts that cannot be written as UTF-8 anywhere.

    The walk is depth first in file order (so the first problem in the file
    is named) and uses no recursion (so deep nesting cannot overflow).
    """
    stack: list[tuple[Any, str, Any, int]] = [(value, where, None, 0)]
    while stack:
        v, parent, key, depth = stack.pop()
        if isinstance(v, dict):
            here = _at(parent, key)
            if depth >= MAX_NESTING:
                raise FileFormatError(_too_deep(_top(here)))
            if isinstance(v, _RepeatedKey):
                raise FileFormatError(tr("{value} has the key {repeated!r} twice")
                                      .format(value=here or tr("the top level"), repeated=v.repeated))
            for k in v:
                if isinstance(k, str) and not k.isascii():
                    _check_text(k, here or tr("the top level"), key=True)
            stack.extend((item, here, k, depth + 1) for k, item in reversed(list(v.items())))
        elif isinstance(v, list):
            if _plain_list(v):
                continue
            here = _at(parent, key)
            if depth >= MAX_NESTING:
                raise FileFormatError(_too_deep(_top(here)))
            children = []
            deeper = depth + 1
            for i, item in enumerate(v):
                kind = type(item)
                if kind is float:
                    if item - item == 0.0:
                        continue
                elif kind in _PLAIN_KINDS:
                    if kind is not str or item.isascii():
                        continue
                elif kind is list and deeper < MAX_NESTING and _plain_list(item):
                    continue  # rows of numbers: nothing inside to walk
                children.append((item, here, i, deeper))
            stack.extend(reversed(children))
        elif isinstance(v, str):
            if not v.isascii():
                _check_text(v, _at(parent, key))
        elif isinstance(v, _NonFinite) or (isinstance(v, float) and not math.isfinite(v)):
            _not_finite(_at(parent, key), v)


def _top(where: str) -> str:
    """The top-level key a location is in ("network" for network.links[0].W)."""
    return where.split("[")[0].split(".")[0] or tr("the top level")


def _check_text(text: str, where: str, key: bool = False) -> None:
    """Refuse a text that cannot be written as UTF-8 (it holds a lone surrogate,
    which a JSON escape such as ``\\ud800`` can make); ``key``: the text is
    a key of the object at ``where``."""
    problem = unwritable(text)
    if problem and key:
        raise FileFormatError(tr("{where} has a key that {problem}: retype it in the file, or remove it")
                              .format(where=where, problem=problem))
    if problem:
        raise FileFormatError(tr("{where} {problem}: retype it in the file, or remove it")
                              .format(where=where, problem=problem))


def unwritable(text: str) -> str | None:
    """Why ``text`` cannot be written as UTF-8, e.g. "holds the lone surrogate
    \\ud800 at character 2 (half of a character, not text)"; None when it can."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return (tr("holds the lone surrogate \\u{code:04x} at character {position} (half of a character, not text)")
                .format(code=ord(text[e.start]), position=e.start + 1))
    return None


_PLAIN = (int, str, bool, type(None))
_NUMBERS = frozenset((int, float, bool))
_PLAIN_KINDS = frozenset(_PLAIN)


def _plain_list(v: list) -> bool:
    """True when the list ``v`` needs no walk: no containers, only finite
    numbers, and only ASCII texts (a quick test that runs mostly in C; when
    it is not sure it says False and the walk looks at every item)."""
    kinds = set(map(type, v))
    if kinds <= _NUMBERS:
        if float not in kinds:
            return True
        try:
            total = math.fsum(v)
        except (OverflowError, ValueError):  # an int beyond floats, or inf − inf
            return False
        return total - total == 0.0
    if kinds <= _PLAIN_KINDS:
        return str not in kinds or all(x.isascii() for x in v if type(x) is str)
    return False


def _at(parent: str, key: Any) -> str:
    if key is None:
        return parent
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _too_large(n_bytes: int) -> str:
    return (
        tr("is {size:.1f} MB: nnapp refuses network files larger than {limit} MB")
        .format(size=n_bytes / 1e6, limit=MAX_FILE_BYTES // (1024 * 1024))
    )
