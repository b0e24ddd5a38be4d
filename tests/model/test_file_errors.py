"""file_problem: whatever file work raises, one plain line that says what to do."""

from __future__ import annotations

import errno
import os

import pytest

from nnapp.engine.csvdata import CsvError, read_csv
from nnapp.engine.datasets import DatasetError
from nnapp.engine.idx import IdxError, read_images
from nnapp.engine.regular_files import NotAFileError
from nnapp.engine.serialize import FileFormatError, FileNameError, UnwritableText, loads
from nnapp.engine.settings import SettingsError
from nnapp.model.errors import ShapeMismatch
from nnapp.model.file_errors import file_problem


@pytest.mark.parametrize("exc, words", [
    (FileFormatError("network.dtype must be \"float64\"", "/a/net.nnapp"), ["/a/net.nnapp: network.dtype"]),
    (CsvError("/a/d.csv: line 1 has 50,000 columns"), ["/a/d.csv: line 1 has 50,000 columns"]),
    (IdxError("/a/x: each picture has 10,000 × 10,000"), ["/a/x: each picture"]),
    (DatasetError("there is no built-in dataset named 'q'"), ["There is no built-in dataset"]),
    (NotAFileError("/a/pipe", "a FIFO (a named pipe)"), ["/a/pipe is a FIFO (a named pipe), not a file"]),
    (UnwritableText("the title", "holds the lone surrogate \\ud800 at character 2"),
     ["The title cannot be saved", "\\ud800"]),
    (FileNameError("a file name cannot hold the NUL character (\\0): choose another name"), ["NUL"]),
    (SettingsError("the seed must be ≤ 2,147,483,647"), ["The seed must be ≤ 2,147,483,647"]),
    (ShapeMismatch("the network has 2 inputs"), ["The network has 2 inputs"]),
])
def test_errors_that_say_what_is_wrong_keep_their_words(exc, words):
    text = file_problem(exc)
    for word in words:
        assert word in text
    assert "\n" not in text


def test_the_path_is_added_once():
    exc = CsvError("/a/d.csv: line 3 has 2 values")
    assert file_problem(exc, "/a/d.csv") == "/a/d.csv: line 3 has 2 values"
    assert file_problem(DatasetError("no rows"), "/a/d.csv") == "/a/d.csv: no rows"


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission denied"),
    (errno.ENOENT, "no such file"), (errno.ENAMETOOLONG, "too long"), (errno.EISDIR, "folder"),
])
def test_system_errors_name_the_target_not_the_temporary_file(code, words):
    exc = OSError(code, os.strerror(code), "/a/.net.nnapp.123.abcdef01.tmp")
    text = file_problem(exc, "/a/net.nnapp")
    assert text.startswith("/a/net.nnapp: ") and words in text and ".tmp" not in text


def test_a_system_error_without_a_target_names_its_own_file():
    exc = FileNotFoundError(errno.ENOENT, "No such file or directory", "/a/missing.csv")
    assert file_problem(exc) == "/a/missing.csv: there is no such file or folder."


@pytest.mark.parametrize("exc, words", [
    (MemoryError(), "not enough memory"),
    (RecursionError("maximum recursion depth exceeded"), "too deeply"),
    (UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"), "cannot be encoded"),
    (OverflowError("int too large to convert to float"), "unexpected OverflowError: int too large"),
    (ValueError("embedded null byte"), "NUL character"),
    (ValueError("Exceeds the limit (4300 digits) for integer string conversion"), "4,300 digits"),
    (KeyError("x"), "unexpected KeyError"),
])
def test_python_errors_are_worded(exc, words):
    text = file_problem(exc, "/a/net.nnapp")
    assert text.startswith("/a/net.nnapp: ") and words in text


def test_the_text_can_always_be_shown():
    # a path with a NUL and a lone surrogate: the line itself must print and encode
    text = file_problem(MemoryError(), "/a/b\0c\udc80.nnapp")
    text.encode("utf-8")
    assert "\\0" in text and "\\udc80" in text


def test_what_the_readers_raise_is_worded(tmp_path):
    with pytest.raises(Exception) as info:
        read_csv(tmp_path)
    assert file_problem(info.value) == f"{tmp_path} is a folder, not a CSV file"
    with pytest.raises(Exception) as info:
        read_images(b"\x00\x00\x08\x03" + b"\x00\x00\x00\x01" * 3)
    assert "truncated" in file_problem(info.value)
    with pytest.raises(Exception) as info:
        loads('{"format_version": 1, "network": ' + "[" * 5000 + "]" * 5000 + "}")
    assert "too deeply" in file_problem(info.value)
