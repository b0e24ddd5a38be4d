"""The command line: training that went wrong says so (status 3), targets the
loss cannot use, ``--out`` checked before training, file errors in one line."""

import errno
import os
import stat
import tempfile

import numpy as np
import pytest

from nnapp.cli import main as cli
from nnapp.cli.main import EXIT_TRAINING_WENT_WRONG, main
from nnapp.engine import serialize
from nnapp.engine.network import Network
from nnapp.engine.serialize import NetworkFile, load, save


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnapp: error: "), err
    assert "Traceback" not in err and "unexpected" not in err
    return lines[0]


# --- training that got worse --------------------------------------------------------


@pytest.mark.parametrize("lr", ["1e3", "1e6"])
def test_xor_at_a_huge_learning_rate_warns_and_exits_3(capsys, lr):
    code, out, err = run(capsys, "train", "xor", "--lr", lr, "--epochs", "300")
    assert code == EXIT_TRAINING_WENT_WRONG == 3, err
    warning = [line for line in out.splitlines() if line.startswith("Warning:")]
    assert len(warning) == 1
    # xor starts at ½·Σ(ŷ − y)² = 0.7507 over 4 rows (0.1877 per sample), ends with every output 0: 0.25
    assert "the loss rose from 0.1877 to 0.25, and the sigmoid outputs sit at 0 or 1" in warning[0]
    assert "such as 0.1 or less" in warning[0]
    assert out.index("Done in") < out.index("Warning:") < out.index("Final loss")


def test_gender_at_a_huge_learning_rate_warns(capsys):
    code, out, _ = run(capsys, "train", "gender", "--lr", "1000", "--epochs", "50")
    assert code == 3
    assert "Final loss on the training rows: 0.5" in out
    assert "Warning: Training made the network worse: the loss rose from 0.2325 to 0.5" in out


def test_a_good_run_exits_0_without_a_warning(capsys):
    code, out, _ = run(capsys, "train", "gender", "--epochs", "200")
    assert code == 0
    assert "Warning" not in out


def test_divergence_exits_3_and_still_saves(capsys, tmp_path):
    net = tmp_path / "runaway.nnapp"
    save(NetworkFile(network=Network.dense([2, 1], "identity", init="constant", value=1.0),
                     data={"dataset": "gender"}), net)
    out_file = tmp_path / "kept.nnapp"
    code, out, _ = run(capsys, "train", str(net), "--lr", "50", "--epochs", "200", "--batch-size", "0",
                       "--out", str(out_file))
    assert code == 3
    assert "Training diverged" in out and "such as 0.1 or less" in out
    assert np.all(np.isfinite(load(out_file).network.links[0].W))


def test_the_help_documents_the_exit_status(capsys):
    assert main(["train", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 when training finished; 3 when it went wrong" in text
    assert "2 for a mistake in the options or a file that cannot be read or written" in text


# --- targets categorical cross-entropy cannot use -------------------------------------


def test_train_refuses_cce_targets_of_no_class(capsys, tmp_path):
    net = tmp_path / "two.nnapp"
    save(NetworkFile(network=Network.dense([2, 2], "softmax", rng=0),
                     data={"inputs": [[0, 0], [1, 1]], "targets": [[1, 0], [1, 1]]}), net)
    code, out, err = run(capsys, "train", str(net), "--loss", "cce", "--epochs", "2")
    assert code == 2 and "epoch" not in out
    line = one_error_line(err)
    assert "categorical cross-entropy needs one class per sample" in line
    assert "(1, 1) sums to 2" in line and "binary cross-entropy (bce)" in line


def test_trace_refuses_a_cce_target_of_no_class(capsys, tmp_path):
    net = tmp_path / "two.nnapp"
    save(NetworkFile(network=Network.dense([2, 2], "softmax", rng=0)), net)
    code, _, err = run(capsys, "trace", str(net), "--input", "1,0", "--target", "0,0", "--loss", "cce")
    assert code == 2
    assert "(0, 0) sums to 0" in one_error_line(err)


# --- --out is checked before training ----------------------------------------------------


def bad_out(capsys, out_path):
    code, out, err = run(capsys, "train", "gender", "--out", out_path)
    assert code == 2
    assert "epoch" not in out                 # refused before training started
    return one_error_line(err)


def test_out_in_a_missing_folder(capsys, tmp_path):
    target = str(tmp_path / "nowhere" / "x.nnapp")
    line = bad_out(capsys, target)
    assert f"--out: cannot write {target}: the folder" in line and "does not exist" in line


def test_out_that_is_a_folder(capsys, tmp_path):
    assert f"--out: {tmp_path} is a folder" in bad_out(capsys, str(tmp_path))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_out_that_is_a_fifo(capsys, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert f"--out: {fifo} is not an ordinary file (it is a FIFO" in bad_out(capsys, str(fifo))


def test_out_with_a_nul_in_its_name(capsys, tmp_path):
    line = bad_out(capsys, str(tmp_path / "a\0b.nnapp"))
    assert "--out: cannot write" in line and "a file name cannot contain a NUL character" in line
    assert "\0" not in line                  # shown as an escape, never sent to the terminal


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions are not enforced for root")
def test_out_in_a_read_only_folder(capsys, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        target = str(folder / "x.nnapp")
        line = bad_out(capsys, target)
        assert f"--out: cannot write {target}: permission denied" in line
        assert os.listdir(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_out_where_the_folder_refuses_a_new_file(capsys, tmp_path, monkeypatch):
    # what a read-only folder does for a user who is not root, whoever runs the test
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / ".probe"))

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    target = str(tmp_path / "x.nnapp")
    line = bad_out(capsys, target)
    assert f"--out: cannot write {target}: permission denied" in line
    assert ".probe" not in line


def test_a_failed_save_names_the_target_not_the_temporary_file(capsys, tmp_path, monkeypatch):
    target = tmp_path / "trained.nnapp"

    def full_disk(nf, path):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".trained.nnapp.1a2b3c4d.tmp"))

    monkeypatch.setattr(serialize, "save", full_disk)
    code, out, err = run(capsys, "train", "gender", "--epochs", "2", "--out", str(target))
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"nnapp: error: {target}: ") and "disk is full" in line
    assert ".tmp" not in line and not target.exists()


# --- what reading a file raises, in one line ---------------------------------------------


@pytest.mark.parametrize("raised, words", [
    (OverflowError("int too large to convert to float"), "too large"),
    (MemoryError(), "not enough memory"),
    (RecursionError("maximum recursion depth exceeded"), "nests its contents too deeply"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "UTF-8"),
])
@pytest.mark.parametrize("command", ["train", "predict"])
def test_what_loading_raises_is_one_line_that_names_the_file(capsys, tmp_path, monkeypatch,
                                                               raised, words, command):
    path = tmp_path / "odd.nnapp"
    path.write_text("{}", encoding="utf-8")

    def broken(p, *args, **kwargs):
        raise raised

    monkeypatch.setattr(serialize, "load", broken)
    argv = ["train", str(path)] if command == "train" else ["predict", str(path), "--input", "1,2"]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith(f"nnapp: error: {path}: ") and words in lines[0]


def test_debug_shows_what_was_raised(tmp_path, monkeypatch):
    path = tmp_path / "odd.nnapp"
    path.write_text("{}", encoding="utf-8")

    def broken(p, *args, **kwargs):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(serialize, "load", broken)
    with pytest.raises(OverflowError):
        main(["--debug", "train", str(path)])


def test_a_csv_that_cannot_be_decoded_names_the_file(capsys, tmp_path):
    csv = tmp_path / "latin.csv"
    csv.write_bytes(b"a,b,c\n1,2,\xff\n")
    code, _, err = run(capsys, "train", "gender", "--data", str(csv))
    assert code == 2
    line = err.splitlines()[0]
    assert len(err.splitlines()) == 1 and str(csv) in line and "Traceback" not in err


def test_the_exit_codes_are_named():
    assert (cli.EXIT_OK, cli.EXIT_FAILURE, cli.EXIT_BAD_INPUT, cli.EXIT_TRAINING_WENT_WRONG) == (0, 1, 2, 3)


def test_a_file_typed_without_a_folder_keeps_its_name(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "odd.nnapp").write_text("{}", encoding="utf-8")

    def broken(p, *args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(serialize, "load", broken)
    code, _, err = run(capsys, "train", "odd.nnapp")
    assert code == 2
    assert one_error_line(err).startswith("nnapp: error: odd.nnapp: there is not enough memory")
