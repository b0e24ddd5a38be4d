"""Extract nnapp's texts, bring each language's catalogue up to date, compile it.

Run from the project root (Babel is a test/dev dependency, never needed at
run time)::

    .venv/bin/python resources/locale/build_catalogue.py          # all three steps
    .venv/bin/python resources/locale/build_catalogue.py compile  # only .po -> .mo

1. **extract**: every text marked in ``nnapp/`` (see :mod:`nnapp.text` for
   the keywords), and the titles and descriptions of the built-in examples,
   into ``nnapp/resources/locale/nnapp.pot``;
2. **update**: each ``nnapp/resources/locale/<lang>/LC_MESSAGES/nnapp.po``
   gains the new texts (empty, to be translated) and loses the ones no longer
   in the program; a changed text is kept, marked fuzzy;
3. **compile**: each ``.po`` into the ``.mo`` the program reads with the
   standard library's :mod:`gettext`.

The translations themselves are written by hand in the ``.po`` files.
tests/test_catalogue.py checks that the template matches the source, that
every catalogue is complete and that each ``.mo`` is compiled from its ``.po``.
"""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "nnapp"
LOCALE = SOURCE / "resources" / "locale"
TEMPLATE = LOCALE / "nnapp.pot"
DOMAIN = "nnapp"
LANGUAGES = ("ru",)

KEYWORDS = {
    "tr": None,
    "marked": None,
    "tr_in": ((1, "c"), 2),
    "plural": (2, 3),
    "counted": (2, 3),
}
"""The functions of :mod:`nnapp.text` that mark a text, and which of their
arguments are the text (Babel's form of ``-k tr_in:1c,2 -k plural:2,3``)."""

RESOURCE_TEXTS = ("title", "description")
"""The texts of the built-in examples' files that are translated too (shown
through :func:`nnapp.text.tr_known`)."""


def extract() -> Catalog:
    """Every marked text of the program's source, in the order of its files."""
    catalog = Catalog(project="nnapp", domain=DOMAIN, charset="utf-8", fuzzy=False)
    found = extract_from_dir(
        str(SOURCE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(f"nnapp/{Path(filename).as_posix()}", lineno)],
                    auto_comments=comments, context=context)
    for path in sorted((SOURCE / "resources" / "examples").glob("*.nnapp")):
        document = json.loads(path.read_text(encoding="utf-8"))
        where = [(path.relative_to(ROOT).as_posix(), 1)]
        for key in RESOURCE_TEXTS:
            if document.get(key):
                message = catalog.add(document[key], None, where,
                                      auto_comments=[f"the {key} of a built-in example (text.tr_known)"])
                # shown as written, never %-formatted ("96.7% of" is no directive)
                message.flags.discard("python-format")
                message.flags.add("no-python-format")
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def template_bytes(catalog: Catalog) -> bytes:
    """The template as written to disk (no dates, so that it only changes
    when the texts do)."""
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, sort_output=False, width=100)
    return out.getvalue()


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as f:
        return read_po(f, locale=language, domain=DOMAIN)


HEADER = """# {language} texts of nnapp, the neural-network lab.
# Written by hand; the texts to translate come from resources/locale/build_catalogue.py."""


def update(template: Catalog, language: str) -> Catalog:
    path = po_path(language)
    if path.exists():
        catalog = read_catalogue(language)
        created = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=False)
        catalog.creation_date = created  # the file changes only when its texts do
    else:
        catalog = Catalog(locale=language, domain=DOMAIN, project="nnapp", charset="utf-8", fuzzy=False)
        catalog.update(template)
    catalog.header_comment = HEADER.format(language=catalog.locale.english_name)
    catalog.project, catalog.version = "nnapp", "0.1"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "the nnapp developers"
    catalog.language_team = "the nnapp developers"
    if not isinstance(catalog.revision_date, datetime):
        catalog.revision_date = datetime.now(timezone.utc)
    for message in catalog:
        source = template.get(message.id, message.context) if message.id else None
        if source is not None and "no-python-format" in source.flags:
            message.flags.discard("python-format")
            message.flags.add("no-python-format")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, ignore_obsolete=True, include_previous=False)
    return catalog


def compiled_bytes(catalog: Catalog) -> bytes:
    """The ``.mo`` of ``catalog`` (fuzzy entries left out, as gettext does)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_all() -> None:
    for language in LANGUAGES:
        catalog = read_catalogue(language)
        mo_path(language).write_bytes(compiled_bytes(catalog))
        missing = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy
                      or (isinstance(m.string, tuple) and not all(m.string))))
        print(f"{language}: {len(catalog)} texts, {missing} untranslated or fuzzy -> {mo_path(language).relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    if argv and argv[0] not in {"compile"}:
        print(__doc__)
        return 2
    if not argv:
        template = extract()
        TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
        TEMPLATE.write_bytes(template_bytes(template))
        print(f"{len(template)} texts -> {TEMPLATE.relative_to(ROOT)}")
        for language in LANGUAGES:
            update(template, language)
    compile_all()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
