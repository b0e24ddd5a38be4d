"""What a person reads, on its way out of the program.

Every layer (engine, model, command line, window) builds its messages in
lower case, so they can be joined into longer sentences ("cannot open
x.nnapp: the file is empty"); where one is shown on its own it passes
through :func:`sentence`. A translation of the program's texts will hook
in here.
"""

from __future__ import annotations


def sentence(text: str) -> str:
    """``text`` without spaces at its ends and with its first letter in
    upper case ("" stays "").

    Examples
    --------
    >>> sentence(" the data has 3 columns")
    'The data has 3 columns'
    """
    text = text.strip()
    return text[:1].upper() + text[1:]


__all__ = ["sentence"]
