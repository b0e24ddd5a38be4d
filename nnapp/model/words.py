"""Counting things in a sentence: "1 drawing", "2,400 drawings".

The function lives in :mod:`nnapp.text` (every layer uses it, and the
translation hooks in there); this module keeps the model's and the
window's older import working. Both forms of the noun are written out:
``counted(n, "drawing", "drawings")``.
"""

from __future__ import annotations

from nnapp.text import counted

__all__ = ["counted"]
