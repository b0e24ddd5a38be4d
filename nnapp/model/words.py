"""Counting things in a sentence: "1 drawing", "2,400 drawings".

The one home of the plural that the model's and the window's messages use
for a number of things (the number with a thousands separator, an "s" when
it is not one). Words with another plural are written out where they are
used.
"""

from __future__ import annotations


def counted(n: int, word: str) -> str:
    """``n`` and ``word``, plural unless ``n`` is 1.

    Examples
    --------
    >>> counted(1, "drawing"), counted(2400, "test row")
    ('1 drawing', '2,400 test rows')
    """
    return f"{n:,} {word}" + ("" if n == 1 else "s")


__all__ = ["counted"]
