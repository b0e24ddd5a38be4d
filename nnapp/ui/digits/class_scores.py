"""The accuracy per class in the "Test results" panel: which classes a network gets right.

:func:`per_class_text` writes the share of right answers of every class as
rich text (a table "0 99%" for short names such as digits, a wrapped line
for long ones) with a plain-text tooltip; :func:`weakest_classes` picks the
clearly weak classes it shows in red.

Pure functions of an :class:`~nnapp.model.evaluation.Evaluation`: no widget
here, and nothing that evaluates; the label that shows the text belongs to
:class:`~nnapp.ui.digits.evaluation_panel.EvaluationPanel`.
"""

from __future__ import annotations

import numpy as np

from nnapp.model.evaluation import Evaluation

from ..canvas.colors import MUTED, REFUSE
from nnapp.text import tr

WEAKEST = 3
"""At most this many classes are shown in red: the weakest of those that are clearly weak."""
WEAK_ERRORS = 1.5
"""A class is clearly weak when it gets at least this many times the overall share of its rows wrong."""
TABLE_COLUMNS = 5
"""Classes per line of the per-class table."""
MAX_CLASSES_LISTED = 20
"""More classes than this: only the weakest are listed."""


def _percent(right: int, total: int) -> str:
    """Whole per cent, rounded down: "100" only when all are right, "0" only when none is."""
    if right == total:
        return "100"
    return str(max(1, 100 * right // total)) if right else "0"


def weakest_classes(ev: Evaluation, at_most: int = WEAKEST) -> list[int]:
    """The classes to point out, weakest first: at most ``at_most`` of those whose error
    rate is at least :data:`WEAK_ERRORS` times the overall one (none when all are right)."""
    acc = ev.per_class_accuracy
    overall_errors = 1.0 - ev.accuracy
    weak = [c for c in np.argsort(np.nan_to_num(acc, nan=np.inf), kind="stable")
            if not np.isnan(acc[c]) and acc[c] < ev.accuracy and 1.0 - acc[c] >= WEAK_ERRORS * overall_errors]
    return [int(c) for c in weak[:at_most]]


def per_class_text(ev: Evaluation) -> tuple[str, str]:
    """The accuracy per class as (rich text for the panel, plain text for its tooltip).

    Short class names (digits) make a table of :data:`TABLE_COLUMNS` classes a
    line, "0 99%"; long ones a wrapped line, "male 50% · female 100%". Classes
    without rows show "–"; the weakest (:func:`weakest_classes`) are red and bold.
    """
    totals = ev.confusion.sum(axis=1)
    right = np.diag(ev.confusion)
    weak = set(weakest_classes(ev))
    classes = list(range(ev.n_classes))
    heading = tr("Right per class (the share of its test rows the network gets right):")
    if len(classes) > MAX_CLASSES_LISTED:
        acc = np.nan_to_num(ev.per_class_accuracy, nan=np.inf)
        classes = sorted(int(c) for c in np.argsort(acc, kind="stable")[:10])
        heading = tr("The weakest classes (the share of its test rows the network gets right):")
    muted, red = MUTED.name(), REFUSE.name()
    cells, plain = [], []
    for c in classes:
        name = ev.class_names[c]
        if totals[c] == 0:
            value = f"<span style='color:{muted}'>–</span>"
            plain.append(tr("{name}: no rows").format(name=name))
        else:
            pct = _percent(int(right[c]), int(totals[c]))
            value = f"<b style='color:{red}'>{pct}%</b>" if c in weak else f"{pct}%"
            plain.append(tr("{name}: {right:,} of {rows:,} right ({pct} %)").format(name=name, right=int(right[c]), rows=int(totals[c]), pct=pct))
        cells.append(f"<span style='color:{muted}'>{name}</span>&nbsp;{value}")
    tip = heading + "\n" + "\n".join(plain)
    if weak:
        tip += tr("\nIn red: the weakest, with clearly more mistakes than overall")
    if all(len(ev.class_names[c]) <= 3 for c in classes):
        lines = ["<tr>" + "".join(f"<td style='padding-right:6px'>{cell}</td>"
                                  for cell in cells[i:i + TABLE_COLUMNS]) + "</tr>"
                 for i in range(0, len(cells), TABLE_COLUMNS)]
        return "<table cellspacing='0' cellpadding='0'>" + "".join(lines) + "</table>", tip
    return " · ".join(cells), tip
