"""Choosing nnapp's language and speaking it: catalogue, plurals, numbers,
the command line. No Qt."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nnapp.cli.main import main as cli_main
from nnapp.engine.steps.record import fmt
from nnapp.language import (
    LanguageError,
    current_language,
    known_language,
    language_from_environment,
    take_language_option,
    use_language,
)
from nnapp.text import counted, decimal, grouped_number, list_separator, plural, tr, tr_known
from nnapp.ui.numbers import parse_number

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("given, code", [
    ("ru", "ru"), ("ru_RU.UTF-8", "ru"), ("RU", "ru"), ("ru-RU", "ru"), ("en_GB.UTF-8", "en"),
    ("de_DE", None), ("", None), (None, None), ("C", None),
])
def test_language_codes(given, code):
    assert known_language(given) == code


@pytest.mark.parametrize("environ, code", [
    ({}, "en"),
    ({"LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
    ({"LANGUAGE": "de:ru", "LANG": "en_US.UTF-8"}, "ru"),   # the first of the list nnapp speaks
    ({"LANGUAGE": "de", "LANG": "ru_RU.UTF-8"}, "ru"),      # none of the list: on to LANG
    ({"LANGUAGE": "", "LANG": "ru_RU.UTF-8"}, "ru"),
])
def test_the_environment_chooses_as_gettext_does(environ, code):
    assert language_from_environment(environ) == code


def test_the_lang_option_is_taken_anywhere_on_the_line():
    assert take_language_option(["trace", "gender", "--lang", "ru", "--input=1,2"]) == (
        ["trace", "gender", "--input=1,2"], "ru")
    assert take_language_option(["--lang=en", "examples"]) == (["examples"], "en")
    assert take_language_option(["examples"]) == (["examples"], None)
    assert take_language_option(["--lang", "ru", "--lang", "en"]) == ([], "en")
    assert take_language_option(["--", "--lang", "ru"]) == (["--", "--lang", "ru"], None)
    with pytest.raises(LanguageError, match="--lang needs a language: en, ru"):
        take_language_option(["trace", "--lang"])
    with pytest.raises(LanguageError, match="does not speak 'fr'"):
        take_language_option(["--lang", "fr"])


def test_russian_texts_plurals_and_numbers():
    assert use_language("ru") == "ru" and current_language() == "ru"
    assert tr("Forward pass") == "Прямой проход"
    assert [counted(n, "epoch", "epochs") for n in (1, 2, 5, 11, 21, 22, 25, 111)] == [
        "1 эпоха", "2 эпохи", "5 эпох", "11 эпох", "21 эпоха", "22 эпохи", "25 эпох", "111 эпох"]
    assert plural(3, "row", "rows") == "строки"
    assert fmt(0.5) == "0,5" and fmt(-0.7216) == "−0,7216" and fmt(2.0) == "2"
    assert fmt(3.21e-7) == "3,21×10⁻⁷"
    assert decimal("0.25") == "0,25" and list_separator() == "; "
    assert grouped_number(60000) == "60\u202f000"
    # numbers filled into a translated text's places, but not a typed text shown back (!r)
    assert tr("Done in {elapsed:.2f} s.").format(elapsed=1.5) == "Готово за 1,50 с."
    assert tr("Accuracy on the training rows: {acc:.1%} ({right} of {n_samples} right)").format(
        acc=0.5, right=2, n_samples=4) == "Точность на обучающей выборке: 50,0% (верно 2 из 4)"
    assert "'0.5'" in tr("the L2 decay must be a number from 0 to {max_l2:g}, not {value!r}").format(
        max_l2=0.5, value="0.5") and "0,5" in tr(
        "the L2 decay must be a number from 0 to {max_l2:g}, not {value!r}").format(max_l2=0.5, value="0.5")
    # what a student types is read either way
    assert parse_number("0,5") == parse_number("0.5") == 0.5
    # a built-in example's title is translated; a student's own is left alone
    assert tr_known("One neuron") != "One neuron"
    assert tr_known("My network") == "My network"
    use_language("en")
    assert tr("Forward pass") == "Forward pass" and fmt(0.5) == "0.5" and counted(2, "epoch", "epochs") == "2 epochs"
    assert list_separator() == ", " and grouped_number(60000) == "60,000"


def test_an_unknown_language_changes_nothing():
    use_language("en")
    with pytest.raises(LanguageError):
        use_language("xx")
    assert current_language() == "en" and tr("Forward pass") == "Forward pass"


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "nnapp", *args], capture_output=True, text=True,
                          encoding="utf-8", env=environ, cwd=ROOT, timeout=120)


def test_the_worksheet_in_russian_from_lang_and_english_with_the_option():
    done = _run("trace", "gender", "--input=-2,-1", "--target", "1", LANG="ru_RU.UTF-8")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Прямой проход" in out and "Скорость обучения: η = 0,1" in out
    assert "= σ(0,4121) = 0,6016" in out  # the tutorial's numbers, with a decimal comma
    assert "Forward pass" not in out
    english = _run("trace", "gender", "--input=-2,-1", "--target", "1", "--lang", "en", LANG="ru_RU.UTF-8")
    assert english.returncode == 0 and "Forward pass" in english.stdout and "= σ(0.4121) = 0.6016" in english.stdout
    assert "Прямой" not in english.stdout


def test_command_line_errors_and_help_in_russian(capsys):
    assert cli_main(["--lang", "ru", "trace", "no-such-network", "--input", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nnapp: ") and "no-such-network" in err and "there is no" not in err
    assert cli_main(["--lang", "ru", "--help"]) == 0
    out = capsys.readouterr().out
    assert "использование:" in out or "Использование:" in out
    assert "show this help message" not in out
    assert cli_main(["--lang", "fr", "examples"]) == 2
    assert "choose one of: en, ru" in capsys.readouterr().err
