"""Checks of parsed JSON values that name the place of a problem.

Every check raises :class:`FileFormatError` with the location in the JSON
first (``network.links[0].W[1] has 2 values, …``), in words a student can
act on. The file format (``serialize.py``) and the model's data sections
(``nnapp.model.data_checks``) share them, so a message is written once.

This module reads no files and knows no network.
"""

from __future__ import annotations

import json
import math
from typing import Any, Callable

import numpy as np

from nnapp.text import counted, marked, tr


class FileFormatError(ValueError):
    """A network file that cannot be read, with the first problem and where.

    Attributes
    ----------
    problem : str
        What is wrong, starting with the location in the JSON when there is
        one (``network.links[0].W has 3 rows, …``).
    source : str
        The file the text came from ("" when unknown). ``str(error)`` is
        ``"source: problem"``.
    """

    def __init__(self, problem: str, source: str = "") -> None:
        self.problem = problem
        self.source = source
        super().__init__(f"{source}: {problem}" if source else problem)

    def with_source(self, source: str) -> "FileFormatError":
        """The same error naming ``source``."""
        if not source or self.source:
            return self
        err = FileFormatError(self.problem, source)
        err.__cause__ = self.__cause__
        return err


class NonFinite:
    """Stands for a NaN/Infinity literal until its location is known."""

    __slots__ = ("literal",)

    def __init__(self, literal: str) -> None:
        self.literal = literal

    def __repr__(self) -> str:
        return self.literal


def not_finite(where: str, value: Any) -> None:
    """Raise :class:`FileFormatError`: the number at ``where`` is NaN or infinite."""
    if isinstance(value, float) and math.isinf(value):
        what = tr("a number too large to store (it reads as infinity)")
    else:
        what = repr(value)
    raise FileFormatError(
        tr("{where} is {what}: numbers in a network file must be finite (NaN and Infinity are not allowed)")
        .format(where=where, what=what)
    )


_LITERALS = {None: "null", True: "true", False: "false"}


def json_literal(v: Any) -> str | None:
    """"null", "true" or "false" for None, True and False; None for any other value."""
    return _LITERALS[v] if v is None or isinstance(v, bool) else None


def describe(v: Any) -> str:
    """A value as a student would recognise it in the file."""
    literal = json_literal(v)
    if literal is not None:
        return literal
    if isinstance(v, str):
        shown = v if len(v) <= 40 else v[:37] + "…"
        return tr("the text {dumps}").format(dumps=json.dumps(shown, ensure_ascii=False))
    if isinstance(v, dict):
        return tr("an object {…}")
    if isinstance(v, (list, tuple)):
        return tr("a list […]")
    return repr(v) if not isinstance(v, float) else float.__repr__(v)


def check_object(value: Any, where: str, keys: tuple[str, ...], required: tuple[str, ...], what: str = "") -> dict:
    """Check that ``value`` is an object with only ``keys`` and every ``required`` key."""
    if not isinstance(value, dict):
        raise FileFormatError(tr("{where} must be an object {{…}}, not {found}")
                              .format(where=where, found=describe(value)))
    for key in value:
        if key not in keys:
            raise FileFormatError(
                tr("{where} has an unknown key {key!r} ({value}: {keys})")
                .format(where=where, key=key, value=what or tr("known keys"), keys=', '.join(keys))
            )
    for key in required:
        if key not in value:
            raise FileFormatError(tr("{where} has no {key!r}").format(where=where, key=key))
    return value


def check_text(value: Any, where: str, allow_empty: bool = True) -> str:
    """``value`` if it is a text (not empty, unless ``allow_empty``); else raise."""
    if not isinstance(value, str):
        raise FileFormatError(tr("{where} must be a text in quotes, not {found}")
                              .format(where=where, found=describe(value)))
    if not allow_empty and not value:
        raise FileFormatError(tr("{where} must not be empty").format(where=where))
    return value


def positive_int(value: Any, where: str) -> int:
    """``value`` if it is a whole number ≥ 1 (not true/false); else raise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FileFormatError(tr("{where} must be a positive whole number, not {found}")
                              .format(where=where, found=describe(value)))
    return value


def number_problem(x: Any) -> str | None:
    """Why ``x`` is not a usable number, or None when it is."""
    if isinstance(x, bool):
        return tr("must be a number, not {found} (true and false are not numbers)").format(found=describe(x))
    if isinstance(x, float):
        return None if math.isfinite(x) else tr("is {x!r}: numbers must be finite").format(x=x)
    if isinstance(x, int):
        return None if abs(x) < 2**1023 else tr("is too large a number")
    if isinstance(x, NonFinite):
        return tr("is {x!r}: numbers must be finite (NaN and Infinity are not allowed)").format(x=x)
    return tr("must be a number, not {found}").format(found=describe(x))


def bool_problem(x: Any) -> str | None:
    """Why ``x`` is not true or false, or None when it is."""
    return None if isinstance(x, bool) else tr("must be true or false, not {found}").format(found=describe(x))


_LIST_OF = {"numbers": marked("a list of numbers"), "true/false values": marked("a list of true/false values")}
"""What :func:`check_nested` expects, by the name of the entries it is given."""


def check_nested(
    value: Any,
    where: str,
    shape: tuple[int | None, ...],
    why: tuple[str, ...],
    problem: Callable[[Any], str | None],
    elements: str,
) -> None:
    """Check a (nested) list of ``shape``; None in ``shape`` = any length ≥ 1.

    ``why[k]`` explains the expected length of axis k; ``elements`` names the
    entries ("numbers", "true/false values").
    """
    ndim = len(shape)

    def walk(v: Any, w: str, axis: int) -> None:
        last = axis == ndim - 1
        if not isinstance(v, list):
            if not last:
                what = tr("a list of rows (lists)")
            elif elements in _LIST_OF:
                what = tr(_LIST_OF[elements])
            else:
                what = tr("a list of {elements}").format(elements=elements)
            raise FileFormatError(tr("{w} must be {what}, not {found}").format(w=w, what=what, found=describe(v)))
        n = shape[axis]
        if (n is None and not v) or (n is not None and len(v) != n):
            raise FileFormatError(tr("{w} has {value}, {why}")
                                  .format(w=w, value=counted(len(v), 'value', 'values', grouped=False) if last else counted(len(v), 'row', 'rows', grouped=False), why=why[axis]))
        if last:
            if all(type(x) is float for x in v) and problem is number_problem:
                return  # fast path; finiteness is checked on the array
            for i, x in enumerate(v):
                p = problem(x)
                if p is not None:
                    raise FileFormatError(tr("{w}[{i}] {p}").format(w=w, i=i, p=p))
        else:
            for i, row in enumerate(v):
                walk(row, f"{w}[{i}]", axis + 1)

    walk(value, where, 0)


def index_text(idx: tuple[int, ...]) -> str:
    """``(1, 2)`` as ``[1][2]``."""
    return "".join(f"[{int(i)}]" for i in idx)


def float_array(value: Any, where: str, shape: tuple[int, ...], why: tuple[str, ...], dtype) -> np.ndarray:
    """A nested list of numbers as an array of ``shape`` and ``dtype``.

    Parameters
    ----------
    value : list
        As the file holds it.
    where : str
        Its place in messages, e.g. ``network.links[0].W``.
    shape : tuple of int
    why : tuple of str
        What explains each axis's length, for messages.
    dtype : numpy dtype

    Returns
    -------
    ndarray, shape ``shape``

    Raises
    ------
    FileFormatError
        A length, a value that is not a number, a NaN or infinity, or a
        number too large for ``dtype``, naming where.
    """
    check_nested(value, where, shape, why, number_problem, "numbers")
    if len(shape) == 2:
        # row by row: one large conversion would hold every other thread for its whole length
        arr = np.empty(shape, dtype=np.float64)
        for i, row in enumerate(value):
            arr[i] = row
    else:
        arr = np.array(value, dtype=np.float64).reshape(shape)
    bad = np.argwhere(~np.isfinite(arr))
    if len(bad):
        not_finite(where + index_text(tuple(bad[0])), float(arr[tuple(bad[0])]))
    with np.errstate(over="ignore"):
        out = arr.astype(dtype)
    bad = np.argwhere(~np.isfinite(out))
    if len(bad):
        idx = tuple(bad[0])
        raise FileFormatError(
            tr("{where}{index_text} is {arr!r}, too large for {name}")
            .format(where=where, index_text=index_text(idx), arr=float(arr[idx]), name=np.dtype(dtype).name)
        )
    return out


def bool_array(value: Any, where: str, shape: tuple[int, ...], why: tuple[str, ...]) -> np.ndarray | None:
    """A boolean array, or None for null and for all true."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise FileFormatError(
            tr("{where} must be null (all true) or a list of true/false values, not {found}")
            .format(where=where, found=describe(value))
        )
    check_nested(value, where, shape, why, bool_problem, "true/false values")
    arr = np.array(value, dtype=bool).reshape(shape)
    return None if arr.all() else arr


def text_list(value, where: str, length: int, items: Callable[[int], str], expected: str) -> None:
    """Check a list of ``length`` texts (neuron names, row labels); ``items(n)``
    says how many there are ("3 names")."""
    if not isinstance(value, list):
        raise FileFormatError(tr("{where} must be a list of texts or null, not {found}")
                              .format(where=where, found=describe(value)))
    if len(value) != length:
        raise FileFormatError(tr("{where} has {items}, {expected}")
                              .format(where=where, items=items(len(value)), expected=expected))
    for i, s in enumerate(value):
        check_text(s, f"{where}[{i}]")
