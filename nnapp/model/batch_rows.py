"""Which rows of the data make a mini-batch, as a student types them.

Rows are numbered from 1, as the data panel and ``nnapp trace --row`` number
them. A batch is typed as row numbers and ranges ("1-4", "1, 3, 5-8"), as
row names ("Alice, Bob"; names are separated by commas or semicolons only,
since they may hold spaces: XOR's rows are "0 0", "0 1" …), or "all".
:func:`format_rows` writes a batch back in the shortest such form.
"""

from __future__ import annotations

import re
from typing import Sequence
from nnapp.text import tr, tr_in

DEFAULT_BATCH = 32
"""A data set with at most this many rows is one batch by default; a larger
one starts with this many rows (or the training batch size) spread over it."""

_RANGE = re.compile(r"^(\d+)\s*[-–—]\s*(\d+)$")


def spread_rows(n_rows: int, count: int) -> list[int]:
    """``count`` (≥ 2) of ``n_rows`` rows, counted from 0, evenly spread from
    the first to the last (all of them if there are no more than ``count``):
    data sorted by class gives rows of every class."""
    if n_rows <= count:
        return list(range(n_rows))
    step = (n_rows - 1) / (count - 1)
    return sorted({round(i * step) for i in range(count)})


def default_rows(n_rows: int, batch_size: int = 0) -> list[int]:
    """The batch offered first: every row of a small data set; else
    ``batch_size`` rows (at most :data:`DEFAULT_BATCH`) evenly spread from
    the first to the last, so that data sorted by class gives a batch of
    several classes, as a shuffled batch would."""
    if n_rows <= DEFAULT_BATCH:
        return list(range(1, n_rows + 1))
    size = batch_size if 1 < batch_size <= DEFAULT_BATCH else DEFAULT_BATCH
    return [1 + r for r in spread_rows(n_rows, size)]


def parse_rows(text: str, labels: Sequence[str]) -> list[int]:
    """The rows (from 1, in order, without repeats) that ``text`` names.

    Parameters
    ----------
    text : str
        "all", "1-4", "2, 5-7", "Alice; Bob" …
    labels : sequence of str
        The name of each row that can be in a batch (row r is ``labels[r − 1]``).

    Raises
    ------
    ValueError
        With a sentence that says what is wrong and what is expected.
    """
    n = len(labels)
    if n == 0:
        raise ValueError(tr("the data has no rows with a target to make a batch of"))
    cleaned = text.strip()
    if cleaned.lower() in ("", "all", "*", _all().lower()):
        return list(range(1, n + 1))
    by_name = {label.strip().lower(): r for r, label in enumerate(labels, start=1)}
    rows: list[int] = []
    for token in re.split(r"[,;]", cleaned):
        token = token.strip()
        if not token:
            continue
        if token.lower() in by_name:
            rows.append(by_name[token.lower()])
            continue
        found = _RANGE.match(token)
        if found:
            first, last = int(found.group(1)), int(found.group(2))
            if first > last:
                first, last = last, first
            _check(first, n, token)
            _check(last, n, token)
            rows.extend(range(first, last + 1))
        elif all(part.isdigit() for part in token.split()):
            for part in token.split():
                _check(int(part), n, token)
                rows.append(int(part))
        else:
            raise ValueError(tr("{token!r} is not a row: type row numbers from 1 to {n} such as 1-4 or 1, 3, "
                                "row names such as {labels!r}, or all").format(token=token, n=n, labels=labels[0]))
    if not rows:
        raise ValueError(tr("name at least one row, from 1 to {n}").format(n=n))
    return sorted(set(rows))


def _check(r: int, n: int, token: str) -> None:
    if not 1 <= r <= n:
        raise ValueError(tr("there is no row {r} ({token!r}): the rows go from 1 to {n}")
                         .format(r=r, token=token, n=n))


def format_rows(rows: Sequence[int], n_rows: int | None = None) -> str:
    """A batch as text: "1–4", "1, 3, 5–8"; "all" when it is every one of
    ``n_rows`` rows."""
    rows = sorted(set(int(r) for r in rows))
    if n_rows is not None and rows == list(range(1, n_rows + 1)) and n_rows > 1:
        return _all()
    parts = []
    start = prev = None
    for r in rows + [None]:
        if start is None:
            start = prev = r
        elif r is not None and r == prev + 1:
            prev = r
        else:
            parts.append(str(start) if start == prev else f"{start}–{prev}" if prev > start + 1
                         else f"{start}, {prev}")
            start = prev = r
    return ", ".join(parts)


def _all() -> str:
    """The word for every row, as a batch is typed: "all" (in every language,
    English "all" is understood too)."""
    return tr_in("batch rows", "all")


__all__ = ["DEFAULT_BATCH", "default_rows", "format_rows", "parse_rows"]
