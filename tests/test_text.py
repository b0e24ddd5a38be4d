"""The texts a person reads: one function for a marked string, one for a
text that depends on a number, and no plural made by adding "s".

A translation (Russian has three plural forms: 1 эпоха, 2 эпохи, 5 эпох)
can only work when both English forms are written out whole; these tests
keep the program that way. No Qt.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

import nnapp
from nnapp.model.words import counted as words_counted
from nnapp.text import counted, plural, sentence, tr, tr_in, use_catalogue

PACKAGE = Path(nnapp.__file__).resolve().parent
SUFFIXES = {"s", "es"}


# --- the functions ------------------------------------------------------------


def test_tr_returns_the_english_text_unchanged():
    assert tr("the file is empty") == "the file is empty"
    # places are filled after the translation, so the catalogue holds the sentence
    assert tr("cannot open {name}: {why}").format(name="x.nnapp", why="it is empty") == \
        "cannot open x.nnapp: it is empty"


def test_tr_in_keeps_a_short_text_apart_by_its_context():
    assert tr_in("step note", "input") == "input"


def test_plural_chooses_the_english_form_by_the_number():
    assert plural(1, "{n} epoch", "{n} epochs").format(n=1) == "1 epoch"
    for n in (0, 2, 5, 21, 1000):
        assert plural(n, "{n} epoch", "{n} epochs").format(n=n) == f"{n} epochs"
    # whole sentences, not only nouns
    assert plural(1, "delete it by hand", "delete them by hand") == "delete it by hand"
    assert plural(3, "delete it by hand", "delete them by hand") == "delete them by hand"


def test_plural_takes_a_numpy_integer():
    np = pytest.importorskip("numpy")
    assert plural(np.int64(1), "row", "rows") == "row"
    assert plural(np.int64(7), "row", "rows") == "rows"


def test_counted_writes_the_number_with_a_thousands_separator():
    assert counted(1, "drawing", "drawings") == "1 drawing"
    assert counted(0, "drawing", "drawings") == "0 drawings"
    assert counted(2400, "test row", "test rows") == "2,400 test rows"
    assert counted(1_000_000, "batch", "batches") == "1,000,000 batches"
    # the file and command-line messages write the digits alone
    assert counted(5000, "row", "rows", grouped=False) == "5000 rows"
    assert counted(1, "row", "rows", grouped=False) == "1 row"


def test_the_model_keeps_its_import_of_counted():
    assert words_counted is counted


def test_sentence_capitalises_the_first_letter_only():
    assert sentence("  the data has 3 columns ") == "The data has 3 columns"
    assert sentence("") == ""


class _Marked(gettext.NullTranslations):
    """A stand-in catalogue: every text marked, and a third form for 5 and more
    (as Russian's "5 эпох" beside "2 эпохи")."""

    def gettext(self, message):
        return f"«{message}»"

    def ngettext(self, singular, plural_form, n):
        return f"«{singular}»" if n == 1 else f"«{plural_form}: few»" if n < 5 else f"«{plural_form}: many»"


def test_a_catalogue_hooks_in_behind_every_function():
    use_catalogue(_Marked())
    try:
        assert tr("the file is empty") == "«the file is empty»"
        assert plural(2, "{n} epoch", "{n} epochs").format(n=2) == "«2 epochs: few»"
        assert counted(7, "epoch", "epochs") == "7 «epochs: many»"
        assert counted(1, "epoch", "epochs") == "1 «epoch»"
    finally:
        use_catalogue(None)
    assert counted(7, "epoch", "epochs") == "7 epochs"


# --- no plural made from fragments ----------------------------------------------


def _is_suffix(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in SUFFIXES


def _is_suffix_choice(node: ast.AST) -> bool:
    """``"s" if n != 1 else ""`` (either way round)."""
    if not isinstance(node, ast.IfExp):
        return False
    empty = lambda n: isinstance(n, ast.Constant) and n.value == ""  # noqa: E731
    return (_is_suffix(node.body) and empty(node.orelse)) or (_is_suffix(node.orelse) and empty(node.body))


def _made_plurals(source: str) -> list[tuple[int, str]]:
    """(line, what) of every plural the source makes by adding an ending."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and (
                _is_suffix(node.left) or _is_suffix(node.right)):
            found.append((node.lineno, '"s" * (n != 1)'))
        elif _is_suffix_choice(node):
            found.append((node.lineno, '"s" if n != 1 else ""'))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_suffix(node.right):
            found.append((node.lineno, 'word + "s"'))
        elif isinstance(node, ast.JoinedStr):
            # f"{word}s" / f"{word}es": a placed word with an ending glued on
            for a, b in zip(node.values, node.values[1:]):
                if (isinstance(a, ast.FormattedValue) and a.format_spec is None
                        and isinstance(b, ast.Constant) and re.match(r"e?s(\W|$)", b.value)):
                    found.append((node.lineno, 'f"{word}s"'))
    return found


@pytest.mark.parametrize("snippet", [
    "t = f\"{n} neuron{'s' * (n != 1)}\"",
    "t = f\"{n} batch{'es' * (batches != 1)}\"",
    "t = f\"{n} column{'s' if n != 1 else ''}\"",
    "t = f\"{n} {word}\" + (\"\" if n == 1 else \"s\")",
    "t = word + 's'",
    "t = f\"No {name}s in this cell\"",
])
def test_the_scan_finds_a_plural_made_by_adding_an_ending(snippet):
    assert _made_plurals(snippet)


def test_the_scan_leaves_plurals_written_out_alone():
    ok = """
t = counted(n, "neuron", "neurons")
u = plural(n, "Move neuron", "Move {n} neurons").format(n=n)
v = f"{seconds:.1f}s"
w = "utf-8-sig" if line == 1 else "utf-8"
"""
    assert _made_plurals(ok) == []


def test_no_plural_in_the_program_is_made_by_adding_an_ending():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {what}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for line, what in _made_plurals(path.read_text(encoding="utf-8"))]
    assert found == [], ("write both forms out with nnapp.text.counted or nnapp.text.plural:\n"
                         + "\n".join(found))


# --- the marked texts can be extracted ------------------------------------------

MARKERS = {"tr": (0,), "tr_in": (0, 1), "marked": (0,), "plural": (1, 2), "counted": (1, 2)}


def _marked_elsewhere(arg: ast.AST) -> bool:
    """A text written with marked() where it is kept: a constant (``FROZEN``),
    an entry of a constant table (``PHASE_TITLES[phase]``) or a field of a
    registry entry (``spec.title``)."""
    if isinstance(arg, ast.Name):
        return arg.id.isupper()
    while isinstance(arg, ast.Subscript):  # TABLE[key], TABLE[key][0]
        arg = arg.value
        if isinstance(arg, ast.Name):
            return arg.id.isupper()
    return isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name)


def _unextractable(source: str) -> list[tuple[int, str]]:
    """(line, call) of every marking call whose text is not a plain literal:
    an f-string inside tr() (the catalogue would hold the filled-in text), or a
    text built from pieces. tr(NAME) is allowed for a constant written with
    marked(); counted/plural with other arguments are checked where they are."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS):
            continue
        for k in MARKERS[node.func.id]:
            if k >= len(node.args):
                found.append((node.lineno, f"{node.func.id}() without its text"))
                continue
            arg = node.args[k]
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            constant = node.func.id == "tr" and _marked_elsewhere(arg)
            if not (literal or constant):
                found.append((node.lineno, f"{node.func.id}({ast.unparse(arg)[:60]} …)"))
    return found


def test_the_extraction_scan_finds_an_f_string_inside_tr():
    assert _unextractable('x = tr(f"cannot open {name}")')
    assert _unextractable('x = plural(n, "one " + word, "many")')
    assert _unextractable('x = counted(n, word, words)')
    assert not _unextractable('x = tr("cannot open {name}").format(name=name)')
    assert not _unextractable('x = tr(FROZEN_GRADIENT)')
    assert not _unextractable('x = tr(PHASE_TITLES[phase])')
    assert not _unextractable('x = tr(spec.title)')
    assert _unextractable('x = tr(name.lower())')
    assert _unextractable('x = tr(titles[phase])')


def test_every_marked_text_is_a_literal_an_extractor_can_read():
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {what}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.name != "text.py"
             for line, what in _unextractable(path.read_text(encoding="utf-8"))]
    assert found == [], ("mark a literal and fill its places afterwards: tr(\"… {name} …\").format(name=…)\n"
                         + "\n".join(found))
