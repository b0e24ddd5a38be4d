"""The registry of check kinds, the combinators, and reading a check from a lesson file.

:data:`CHECKS` maps every kind's key to its class: ``value``,
``only_changed``, ``input``, ``predicts``, ``step`` (``network_checks.py``),
``answer``, ``trained``, ``diverged``, ``descent``, ``recognised``,
``taught`` (``record_checks.py``), and the combinators ``all`` (every check
in the list passes) and ``any`` (one of them does).

:func:`parse_check` reads one check of a file; :func:`run_check` runs it on
a :class:`~.state.LessonState`; :func:`name_problems` says which names a
check uses that the document does not have (a teacher's typo, or a lesson
opened on the wrong network).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from nnapp.text import tr

from ..document import Document
from . import network_checks, record_checks
from .check_base import Check, CheckResult, Reference
from .network_checks import DATA_LOSS, LOSS, neuron_id, parameter_value
from .reading import fail, place, shown
from .record_checks import AnswerCheck
from .state import LessonState, parameter_values

MAX_DEPTH = 8
"""Deepest nesting of ``all`` and ``any``."""

MAX_CHILDREN = 32
"""Most checks in one ``all`` or ``any``."""


@dataclass(frozen=True)
class AllCheck(Check):
    """Every check of the list passes."""

    kind = "all"
    items: tuple[Check, ...]

    def run(self, state):
        results = [c.run(state) for c in self.items]
        failed = [r for r in results if not r.passed]
        if failed:
            return CheckResult(False, failed[0].status)
        return CheckResult(True, "; ".join(r.status for r in results))

    def children(self):
        return self.items


@dataclass(frozen=True)
class AnyCheck(Check):
    """At least one check of the list passes."""

    kind = "any"
    items: tuple[Check, ...]

    def run(self, state):
        results = [c.run(state) for c in self.items]
        for r in results:
            if r.passed:
                return r
        return CheckResult(False, tr(" or ").join(r.status for r in results))

    def children(self):
        return self.items


COMBINATORS = {"all": AllCheck, "any": AnyCheck}

CHECKS: dict[str, type[Check]] = {cls.kind: cls for cls in network_checks.KINDS + record_checks.KINDS}
"""Every kind of check but the combinators, by its key in the file."""

EXAMPLE = '{"value": "o1", "below": 0.5}'


def parse_check(raw, where: str, task: str = "", depth: int = 0) -> Check:
    """The check written as the object ``raw`` at ``where`` in a lesson file.

    Parameters
    ----------
    raw : object
        As parsed from JSON.
    where : str
        Its place in the file ("tasks[0].check"), for messages.
    task : str
        The id of the task it belongs to (a question's answers are kept by it).

    Raises
    ------
    LessonFileError
        Not an object, no kind or two kinds, an unknown kind or key, or an
        argument that cannot be used.
    """
    if not isinstance(raw, dict):
        raise fail(tr("{where} must be a check, an object such as {example}, not {found}")
                   .format(where=where, example=EXAMPLE, found=shown(raw)))
    kinds = [k for k in raw if k in CHECKS or k in COMBINATORS]
    if not kinds:
        first = next(iter(raw), None)
        known = ", ".join(list(CHECKS) + list(COMBINATORS))
        if first is None:
            raise fail(tr("{where} is empty: a check names its kind, such as {example}")
                       .format(where=where, example=EXAMPLE))
        raise fail(tr("{where} has the unknown kind of check {kind} (known kinds: {known})")
                   .format(where=where, kind=json.dumps(first, ensure_ascii=False), known=known))
    if len(kinds) > 1:
        raise fail(tr("{where} names two kinds of check, {a} and {b}: put them in {{\"all\": […]}}")
                   .format(where=where, a=kinds[0], b=kinds[1]))
    kind = kinds[0]
    if kind in COMBINATORS:
        return _parse_combinator(raw, where, kind, task, depth)
    cls = CHECKS[kind]
    for key in raw:
        if key != kind and key not in cls.options:
            allowed = ", ".join(cls.options) if cls.options else tr("none")
            raise fail(tr("{where} has the unknown key {key} for a {kind!r} check (its other keys: {allowed})")
                       .format(where=where, key=json.dumps(key, ensure_ascii=False), kind=kind, allowed=allowed))
    return cls.parse(raw, where, task)


def _parse_combinator(raw: dict, where: str, kind: str, task: str, depth: int) -> Check:
    if len(raw) > 1:
        extra = next(k for k in raw if k != kind)
        raise fail(tr("{where} has the unknown key {key} beside {kind!r}")
                   .format(where=where, key=json.dumps(extra, ensure_ascii=False), kind=kind))
    if depth >= MAX_DEPTH:
        raise fail(tr("{where} nests \"all\" and \"any\" more than {most} deep").format(where=where, most=MAX_DEPTH))
    items = raw[kind]
    here = place(where, kind)
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_CHILDREN:
        raise fail(tr("{where} must be a list of 1 to {most} checks, not {found}")
                   .format(where=here, most=MAX_CHILDREN, found=shown(items)))
    return COMBINATORS[kind](tuple(parse_check(c, place(here, i), task, depth + 1) for i, c in enumerate(items)))


def run_check(check: Check, state: LessonState) -> CheckResult:
    """Whether ``check`` passes in ``state``, and its status for the dock."""
    return check.run(state)


def question_of(check: Check) -> AnswerCheck | None:
    """The first question inside ``check`` (None when it asks none)."""
    return next((c for c in check.walk() if isinstance(c, AnswerCheck)), None)


def name_problems(check: Check, doc: Document) -> list[str]:
    """Names ``check`` uses that the document does not have, each in a sentence."""
    problems = []
    for ref in (r for c in check.walk() for r in c.references()):
        if not _known(ref, doc):
            problems.append(tr("{name} is not in this network or its data").format(name=ref.name))
    return problems


def _known(ref: Reference, doc: Document) -> bool:
    name = ref.name
    if ref.what == "quantity" and name in (LOSS, DATA_LOSS):
        return True
    if ref.what == "row":
        try:
            ds = network_checks.dataset_of(doc)
        except Exception:  # noqa: BLE001 - no data: no rows
            return False
        return name in (ds.row_labels or ()) or name in ds.extra
    if ref.what == "output":
        return bool(doc.layers) and name in doc.neuron_names(len(doc.layers) - 1)
    is_neuron = neuron_id(doc, name) is not None
    if ref.what == "neuron":
        return is_neuron
    if ref.what == "parameter":
        return name in parameter_values(doc)
    return is_neuron or parameter_value(doc, name) is not None


__all__ = ["AllCheck", "AnyCheck", "CHECKS", "COMBINATORS", "Check", "CheckResult", "MAX_CHILDREN", "MAX_DEPTH",
           "name_problems", "parse_check", "question_of", "run_check"]
