"""The message catalogues: the template holds every marked text of the
source, each language's catalogue translates all of them with the same
places, and the compiled ``.mo`` the program reads is its ``.po``.

No Qt here; Babel (a test dependency) reads and writes the catalogues.
"""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "resources" / "locale"))

import build_catalogue as build  # noqa: E402

_FORMATTER = string.Formatter()
_PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sdr]")


def _keys(catalog) -> set:
    return {(m.context, m.id) for m in catalog if m.id}


@pytest.fixture(scope="module")
def template():
    return build.extract()


def _brace_places(text: str) -> list[tuple]:
    return sorted((name, spec or "", conv or "") for _, name, spec, conv in _FORMATTER.parse(text) if name is not None)


def test_the_template_on_disk_is_what_the_source_marks(template):
    with build.TEMPLATE.open("rb") as f:
        on_disk = read_po(f)
    assert _keys(on_disk) == _keys(template), (
        "nnapp.pot is out of date: run resources/locale/build_catalogue.py")
    assert len(template) > 1000


@pytest.mark.parametrize("language", build.LANGUAGES)
def test_every_text_is_translated_with_the_same_places(template, language):
    catalog = build.read_catalogue(language)
    translated = {(m.context, m.id): m for m in catalog if m.id}
    missing = sorted(str(k[1]) for k in _keys(template) - set(translated))
    assert not missing, f"{len(missing)} texts not in {language}: {missing[:5]}"
    problems = []
    for key in _keys(template):
        m = translated[key]
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(forms):
            problems.append((ids[0], "untranslated or fuzzy"))
            continue
        if isinstance(m.id, tuple) and len(forms) != catalog.num_plurals:
            problems.append((ids[0], f"{len(forms)} plural forms"))
        allowed = set(_brace_places(ids[0])) | set(_brace_places(ids[-1]))
        percent = set(_PERCENT.findall(ids[0])) | set(_PERCENT.findall(ids[-1]))
        for form in forms:
            if set(_brace_places(form)) - allowed:
                problems.append((ids[0], f"places {_brace_places(form)}"))
            if not isinstance(m.id, tuple) and _brace_places(form) != _brace_places(ids[0]):
                problems.append((ids[0], "a place left out"))
            if "python-format" in m.flags and set(_PERCENT.findall(form)) != percent:
                problems.append((ids[0], "% places differ"))
            if "&&" not in ids[0] and form.count("&") != ids[0].count("&"):
                problems.append((ids[0], "accelerator"))
    assert not problems, problems[:10]


@pytest.mark.parametrize("language", build.LANGUAGES)
def test_the_compiled_catalogue_is_its_po_file(language):
    assert build.mo_path(language).read_bytes() == build.compiled_bytes(build.read_catalogue(language)), (
        "the .mo is out of date: run resources/locale/build_catalogue.py compile")


def test_russian_has_three_plural_forms():
    catalog = build.read_catalogue("ru")
    assert catalog.num_plurals == 3
    # 1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 25 → many
    forms = {n: plural_form_of(catalog.plural_expr, n) for n in (1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 111, 0)}
    assert forms == {1: 0, 21: 0, 2: 1, 4: 1, 22: 1, 5: 2, 11: 2, 12: 2, 14: 2, 25: 2, 111: 2, 0: 2}


def plural_form_of(expression: str, n: int) -> int:
    """Babel's C plural expression, read with the standard library's gettext."""
    import gettext

    return gettext.c2py(expression)(n)
