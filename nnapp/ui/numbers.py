"""Numbers as a student types and reads them.

:func:`parse_number` accepts what people type — ``2``, ``-2.5``, ``−2,5``
(a Unicode minus, a decimal comma), ``1e-3``, surrounding spaces — and
refuses anything else with a sentence saying what is expected.
:func:`format_number` writes values short enough for a canvas and exact
enough for a lesson.
"""

from __future__ import annotations

import math
import re
from nnapp.text import decimal, tr, tr_in

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def parse_number(text: str, what: str | None = None) -> float:
    """The finite float written in ``text``; ``what`` names it in the
    messages, translated ("bias"; None: "value").

    Raises
    ------
    ValueError
        With a message such as "the bias must be a number such as 0.5 or
        -2 (not 'abc')".
    """
    if what is None:
        what = tr_in("number field", "value")
    cleaned = text.strip().replace("−", "-").replace("\u2212", "-").replace(" ", "")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not cleaned:
        raise ValueError(tr("the {what} needs a number, such as 0.5 or -2").format(what=what))
    if not _NUMBER.match(cleaned):
        raise ValueError(tr("the {what} must be a number such as 0.5 or -2 (not {strip!r})").format(what=what, strip=text.strip()))
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(tr("the {what} is too large: {strip!r}").format(what=what, strip=text.strip()))
    return value


def format_number(value: float | None, digits: int = 4) -> str:
    """``value`` with ``digits`` significant decimals: 0.7216, -1.25, 3,
    1.2e-05 (with the language's decimal sign: 0,7216 in Russian); "–" for
    None."""
    if value is None:
        return "–"
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e5:
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else decimal(text)
    return decimal(f"{value:.{max(digits - 2, 1)}e}")


def format_exact(value: float) -> str:
    """The shortest text that reads back as exactly ``value`` (``repr``: 3.0, -0.1)."""
    return repr(float(value))


def format_editable(value: float) -> str:
    """:func:`format_exact` as a person would type it: whole numbers without
    ".0" (3, -2, 1e+16), others exactly (0.1, 0.30000000000000004)."""
    text = format_exact(value)
    return text[:-2] if text.endswith(".0") else text
