"""The ``nnapp`` command: no command opens the window, a command runs the command line."""

import sys
import types

import pytest

from nnapp import launcher


@pytest.mark.parametrize("argv", [
    [],
    ["window"],
    ["window", "--example", "gender"],
    ["--example", "gender"],
    ["--example=gender", "--select", "h1"],
    ["--screenshot", "shot.png"],
    ["--train"],
    ["my network.nnapp"],
    ["Saved.JSON"],
])
def test_these_open_the_window(argv):
    assert launcher.opens_window(argv)


@pytest.mark.parametrize("argv", [
    ["examples"],
    ["trace", "gender", "--input", "-2,-1"],
    ["predict", "net.nnapp", "--input", "2,3"],
    ["--help"],
    ["-h"],
    ["--debug", "trace", "x.nnapp"],
    ["trce"],                 # a mistyped command: the command line says what the commands are
    ["data.csv"],
])
def test_these_run_the_command_line(argv):
    assert not launcher.opens_window(argv)


@pytest.fixture
def window_main(monkeypatch):
    """A stand-in for nnapp.ui.app: records what the window would be started with."""
    calls = []
    fake = types.ModuleType("nnapp.ui.app")
    fake.main = lambda argv: calls.append(argv) or 0
    monkeypatch.setitem(sys.modules, "nnapp.ui.app", fake)
    return calls


def test_nnapp_alone_starts_the_window_with_no_arguments(window_main):
    assert launcher.main([]) == 0
    assert window_main == [["nnapp"]]


def test_the_word_window_is_dropped_and_the_options_passed_on(window_main):
    assert launcher.main(["window", "--example", "xor", "--train"]) == 0
    assert launcher.main(["net.nnapp"]) == 0
    assert window_main == [["nnapp", "--example", "xor", "--train"], ["nnapp", "net.nnapp"]]


def test_a_command_goes_to_the_command_line(window_main, capsys):
    assert launcher.main(["predict", "neuron", "--input", "2,3"]) == 0
    assert "o1 = 0.9991" in capsys.readouterr().out
    assert launcher.main(["trce"]) == 2
    assert "invalid choice: 'trce'" in capsys.readouterr().err
    assert window_main == []


def test_the_window_options_are_those_of_the_window(monkeypatch):
    import argparse

    from nnapp.ui.app import parse_arguments

    parsers = []
    monkeypatch.setattr(argparse.ArgumentParser, "parse_args",
                        lambda self, args=None, namespace=None: parsers.append(self))
    parse_arguments([])
    options = {option for action in parsers[0]._actions for option in action.option_strings}
    assert options - {"-h", "--help"} == set(launcher.WINDOW_OPTIONS)
