"""The command line: main([...]) with captured output, one real subprocess."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnapp.cli.main import main, preprocess
from nnapp.engine.network import Layer, Link, Network
from nnapp.engine.serialize import NetworkFile, load, save
from nnapp.engine.settings import TrainingSettings

ROOT = Path(__file__).resolve().parents[2]


def all_ones_net():
    return Network(
        [Layer("input", 2), Layer("hidden", 2, "sigmoid", np.zeros(2)), Layer("output", 1, "sigmoid", np.zeros(1))],
        [Link("input", "hidden", np.ones((2, 2))), Link("hidden", "output", np.ones((2, 1)))],
    )


@pytest.fixture
def ones_file(tmp_path):
    """The tutorial's gender network with every weight 1 and every bias 0."""
    path = tmp_path / "ones.nnapp"
    save(NetworkFile(
        network=all_ones_net(),
        training=TrainingSettings(loss="mse", learning_rate=0.1, epochs=50, batch_size=1, shuffle=False),
        data={"dataset": "gender"},
        title="All ones",
    ), path)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- argv ----------------------------------------------------------------------


def test_negative_values_are_attached_to_their_option():
    argv, debug = preprocess(["trace", "x", "--input", "-2,-1", "--target", "-1", "--lr", "-0.5", "--debug"])
    assert argv == ["trace", "x", "--input=-2,-1", "--target=-1", "--lr=-0.5"]
    assert debug
    assert preprocess(["predict", "x", "--input", "2,3"]) == (["predict", "x", "--input=2,3"], False)
    assert preprocess(["predict", "x", "--input", "−2;−3"])[0] == ["predict", "x", "--input=−2;−3"]
    # numbers as separate words, then the next argument
    assert preprocess(["trace", "--input", "-2", "-1", "gender"])[0] == ["trace", "--input=-2 -1", "gender"]
    assert preprocess(["trace", "x", "--input", "a,b"])[0] == ["trace", "x", "--input", "a,b"]


# --- examples ----------------------------------------------------------------------


def test_examples_lists_names_and_titles(capsys):
    code, out, err = run(capsys, "examples")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split()[0] == "neuron"
    assert any(line.startswith("gender") and "Predict gender" in line for line in lines)
    assert any(line.startswith("xor") for line in lines)


def test_python_dash_m_nnapp_examples(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-m", "nnapp", "examples"], cwd=tmp_path, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "perceptron" in done.stdout and "XOR" in done.stdout


# --- trace ----------------------------------------------------------------------------


def test_trace_json_keys_and_numbers(capsys, ones_file):
    code, out, err = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--target", "1", "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert {"forward", "loss", "backward", "gradients", "update"} <= set(d)
    assert d["forward"]["o1"]["a"] == 0.5236951740839997
    assert d["forward"]["x1"]["a"] == -2.0 and d["forward"]["x2"]["a"] == -1.0
    assert d["forward"]["h1"]["z"] == -3.0
    assert d["loss"]["name"] == "mse"
    assert d["gradients"]["w1"] == pytest.approx(0.02146953526581111, abs=1e-12)
    assert d["update"]["w1"]["before"] == 1.0
    assert d["update"]["w1"]["after"] == pytest.approx(1 - 0.1 * 0.02146953526581111, abs=1e-12)
    assert set(d["backward"]) == {"o1", "h1", "h2"}


def test_trace_json_without_target_is_the_forward_pass(capsys, ones_file):
    code, out, _ = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert set(d) == {"forward"}
    assert d["forward"]["o1"]["a"] == 0.5236951740839997


def test_trace_takes_learning_rate_and_loss_options(capsys, ones_file):
    code, out, _ = run(capsys, "trace", str(ones_file), "--input", "-2", "-1", "--target", "1", "--lr", "0.5",
                       "--loss", "sse", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert d["learning_rate"] == 0.5 and d["loss"]["name"] == "sse"
    assert d["update"]["w1"]["after"] == 1 - 0.5 * d["gradients"]["w1"]


def test_trace_unicode_minus_and_spaces(capsys, ones_file):
    code, out, _ = run(capsys, "trace", str(ones_file), "--input", "−2 −1", "--format", "json")
    assert code == 0
    assert json.loads(out)["forward"]["x1"]["a"] == -2.0


def test_trace_text(capsys, ones_file):
    code, out, err = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--target", "1")
    assert code == 0 and err == ""
    assert "z_h1 = w1·x1 + w2·x2 + b1" in out
    assert "= 1·(−2) + 1·(−1) + 0 = −3" in out
    assert "δ_o1 = ∂L/∂o1 · σ′(z_o1)" in out
    assert "w1 ← w1 − η·∂L/∂w1" in out
    assert "= 1 − 0.1·0.0215 = 0.9979" in out
    code, out, _ = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--target", "1", "--decimals", "6")
    assert "= 1 − 0.1·0.02147 = 0.997853" in out


def test_trace_markdown_worksheet(capsys, ones_file):
    code, out, _ = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--target", "1", "--format", "markdown")
    assert code == 0
    assert out.startswith("# All ones")
    assert "## 1. Forward pass" in out and "## 4. Update" in out
    assert "| 3 | z_h1 | `z_h1 = w1·x1 + w2·x2 + b1` | `= 1·(−2) + 1·(−1) + 0` | −3 |  |" in out
    assert "| w1 | `w1 ← w1 − η·∂L/∂w1` | `= 1 − 0.1·0.0215` | 0.9979 |  |" in out
    code, out, _ = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--target", "1",
                       "--format", "markdown", "--hide-results")
    assert "| 3 | z_h1 | `z_h1 = w1·x1 + w2·x2 + b1` |  |  |  |" in out


def test_trace_latex(capsys, ones_file):
    code, out, _ = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--target", "1", "--format", "latex")
    assert code == 0
    assert "\\begin{tabular}" in out and "\\sigma" in out


def test_trace_a_row_of_the_data(capsys, ones_file):
    code, by_row, _ = run(capsys, "trace", str(ones_file), "--row", "alice", "--format", "json")
    assert code == 0
    code, by_input, _ = run(capsys, "trace", str(ones_file), "--input", "-2,-1", "--target", "1", "--format", "json")
    assert json.loads(by_row) == json.loads(by_input)


def test_trace_an_example_by_name(capsys):
    code, out, _ = run(capsys, "trace", "neuron", "--input", "2,3", "--format", "json", "--decimals", "2")
    assert code == 0
    assert json.loads(out)["forward"]["o1"]["a"] == pytest.approx(0.9990889488055994, abs=1e-12)


# --- train ---------------------------------------------------------------------------


def test_train_prints_progress_and_final_metrics(capsys, ones_file, tmp_path):
    out_file = tmp_path / "trained.nnapp"
    code, out, err = run(capsys, "train", str(ones_file), "--epochs", "40", "--every", "10",
                         "--lr", "0.5", "--out", str(out_file))
    assert code == 0, err
    epochs = [line for line in out.splitlines() if line.startswith("epoch")]
    assert [line.split()[1] for line in epochs] == ["1/40", "10/40", "20/40", "30/40", "40/40"]
    assert all("loss" in line and "accuracy" in line for line in epochs)
    assert "Final loss on the training rows:" in out
    assert "Accuracy on the training rows:" in out
    assert "Emily" in out and "Frank" in out and "Alice" in out
    saved = load(out_file)
    assert saved.training.epochs == 40 and saved.training.learning_rate == 0.5
    assert saved.data == {"dataset": "gender"}
    assert saved.title == "All ones"
    assert not np.array_equal(saved.network.links[0].W, np.ones((2, 2)))


def test_train_default_prints_about_twenty_lines(capsys):
    code, out, _ = run(capsys, "train", "gender")
    assert code == 0
    epochs = [line for line in out.splitlines() if line.startswith("epoch")]
    assert 20 <= len(epochs) <= 22
    assert epochs[-1].split()[1] == "1000/1000"


def test_train_on_another_dataset_with_options(capsys, tmp_path):
    path = tmp_path / "net.nnapp"
    save(NetworkFile(network=Network.dense([2, 3, 1], "tanh", rng=0)), path)
    code, out, err = run(capsys, "train", str(path), "--data", "or", "--epochs", "30", "--batch-size", "0",
                         "--optimizer", "adam", "--loss", "sse", "--seed", "3")
    assert code == 0, err
    assert "adam" in out and "full batch" in out
    assert out.count("→") == 4  # a prediction per row of the OR table


def test_train_on_a_csv_file(capsys, tmp_path):
    csv = tmp_path / "data" / "and.csv"
    csv.parent.mkdir()
    csv.write_text("a,b,out\n0,0,0\n0,1,0\n1,0,0\n1,1,1\n", encoding="utf-8")
    net = tmp_path / "net.nnapp"
    save(NetworkFile(network=Network.dense([2, 1], "sigmoid", rng=0)), net)
    out_file = tmp_path / "models" / "and.nnapp"
    out_file.parent.mkdir()
    code, out, err = run(capsys, "train", str(net), "--data", str(csv), "--epochs", "5", "--out", str(out_file))
    assert code == 0, err
    saved = load(out_file)
    assert saved.data == {"csv": os.path.join("..", "data", "and.csv"), "inputs": ["a", "b"], "targets": ["out"]}
    # the relative path is read from the saved file's folder, wherever we are
    code, out, err = run(capsys, "train", str(out_file), "--epochs", "2")
    assert code == 0, err


def test_train_on_class_labels_saves_them_as_one_hot(capsys, tmp_path):
    csv = tmp_path / "three.csv"
    csv.write_text("a,b,label\n0,0,0\n0,1,1\n1,0,2\n1,1,1\n", encoding="utf-8")
    net = tmp_path / "net.nnapp"
    save(NetworkFile(network=Network.dense([2, 3], "softmax", rng=0)), net)
    out_file = tmp_path / "trained.nnapp"
    code, out, err = run(capsys, "train", str(net), "--data", str(csv), "--epochs", "3", "--loss", "cce",
                         "--out", str(out_file))
    assert code == 0, err
    assert load(out_file).data == {"csv": "three.csv", "inputs": ["a", "b"], "targets": ["label"], "one_hot": True}
    code, out, err = run(capsys, "train", str(out_file), "--epochs", "2")
    assert code == 0, err


def test_train_csv_help_says_the_last_column_is_the_target(capsys):
    assert main(["train", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "last column is the target" in out


# --- predict ---------------------------------------------------------------------------


def test_predict(capsys):
    code, out, err = run(capsys, "predict", "neuron", "--input", "2,3;-1,-1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines == ["(2, 3) → o1 = 0.9991", "(−1, −1) → o1 = 0.9526"]
    code, out, _ = run(capsys, "predict", "feedforward", "--input", "2,3", "--decimals", "10")
    assert out.strip() == "(2, 3) → o1 = 0.721632561"


def test_predict_and_trace_normalise_typed_inputs_as_the_data_says(capsys, tmp_path):
    # minmax of the gender data: weight −15…25 → shift −15, scale 40; height −6…6 → shift −6, scale 12
    path = tmp_path / "normalised.nnapp"
    save(NetworkFile(
        network=all_ones_net(),
        data={"dataset": "gender", "normalise": {"method": "minmax", "shift": [-15, -6], "scale": [40, 12]}},
    ), path)
    code, out, err = run(capsys, "predict", str(path), "--input", "25,6")
    assert code == 0, err
    # (25, 6) → (1, 1); h = σ(1 + 1) = 0.8808 each; o = σ(2 · 0.8808) = σ(1.7616) = 0.8534
    assert out.splitlines() == [
        "(the inputs are normalised as the file's data says: x' = (x − shift) / scale)",
        "(25, 6) → o1 = 0.8534",
    ]
    code, out, err = run(capsys, "trace", str(path), "--input", "25,6", "--format", "json")
    assert code == 0, err
    forward = json.loads(out)["forward"]
    assert (forward["x1"]["a"], forward["x2"]["a"]) == (1.0, 1.0)


# --- errors -----------------------------------------------------------------------------


@pytest.fixture
def bad_files(tmp_path):
    broken = tmp_path / "broken.nnapp"
    broken.write_text('{"format_version": 1, "network": ', encoding="utf-8")
    step = tmp_path / "step.nnapp"
    save(NetworkFile(
        network=Network([Layer("input", 2), Layer("output", 1, "step", np.zeros(1))],
                        [Link("input", "output", np.ones((2, 1)))]),
        data={"dataset": "and"},
    ), step)
    ragged = tmp_path / "three.csv"
    ragged.write_text("a,b,c,d\n1,2,3,4\n5,6,7,8\n", encoding="utf-8")
    return {"broken": str(broken), "step": str(step), "csv": str(ragged), "missing": str(tmp_path / "nope.nnapp")}


BAD = [
    (["trace", "gendr", "--input", "1,2"], ["no network file or built-in example", "gendr", "gender"]),
    (["trace", "{missing}", "--input", "1,2"], ["nope.nnapp", "no such file"]),
    (["trace", "{broken}", "--input", "1,2"], ["broken.nnapp", "not valid JSON"]),
    (["trace", "gender", "--input", "1,2,3"], ["--input", "2 inputs", "3 numbers"]),
    (["predict", "gender", "--input", "1,x"], ["--input", "'x' is not a number"]),
    (["trace", "gender", "--input", "1,2", "--target", "1", "--lr", "0"], ["--lr", "positive number"]),
    (["train", "gender", "--lr", "-0.1"], ["--lr", "positive number", "-0.1"]),
    (["train", "gender", "--lr", "fast"], ["--lr", "positive number", "fast"]),
    (["train", "{step}"], ["step", "sigmoid"]),
    (["trace", "{step}", "--input", "1,2", "--target", "1"], ["step", "backpropagation"]),
    (["train", "gender", "--epochs", "0"], ["epochs", "≥ 1"]),
    (["train", "gender", "--loss", "hinge"], ["unknown loss", "hinge"]),
    (["train", "gender", "--data", "iris"], ["--data", "iris", "built-in dataset"]),
    (["train", "gender", "--data", "{csv}"], ["4 columns", "2 inputs"]),
    (["train", "neuron"], ["names no data", "--data"]),
    (["trace", "gender"], ["--input"]),
    (["trace", "gender", "--row", "Zoe"], ["--row", "Zoe", "Alice"]),
    (["trace", "gender", "--input", "1,2;3,4"], ["one sample"]),
    (["predict", "gender"], ["--input", "required"]),
    (["train", "gender", "--optimizer", "rmsprop"], ["--optimizer", "rmsprop"]),
    (["teach"], ["invalid choice", "teach"]),
    (["train", "gender", "--out", "{missing}/x.nnapp"], ["--out", "does not exist"]),
]


@pytest.mark.parametrize("argv, words", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_gives_one_error_line_and_status_2(capsys, bad_files, argv, words):
    argv = [a.format(**bad_files) for a in argv]
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnapp: error: "), err
    for word in words:
        assert word in lines[0], (word, lines[0])


def test_debug_shows_the_real_exception(capsys, bad_files):
    from nnapp.engine.serialize import FileFormatError

    with pytest.raises(FileFormatError):
        main(["--debug", "trace", bad_files["broken"], "--input", "1,2"])


def test_help_and_no_command(capsys):
    assert main(["--help"]) == 0
    assert "trace" in capsys.readouterr().out
    assert main([]) == 2
