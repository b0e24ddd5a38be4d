"""``nnapp trace`` for a mini-batch: --rows of the data, or several samples typed with their targets."""

import json

import numpy as np
import pytest

from nnapp.cli.main import main
from nnapp.engine.batch_trace import batch_trace
from nnapp.engine.steps import fmt
from nnapp.model.data import dataset_for
from nnapp.model.document import Document
from nnapp.model.files import open_example


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def gender():
    doc = Document()
    open_example(doc, "gender")
    net = doc.network()
    return net, dataset_for(doc.data, net, None), doc.training


def test_rows_all_is_the_batch_of_every_row(capsys):
    code, out, _ = run(capsys, "trace", "gender", "--rows", "all", "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert [s["label"] for s in d["samples"]] == ["Alice", "Bob", "Charlie", "Diana"]
    net, ds, settings = gender()
    bt = batch_trace(net, ds.X, ds.Y, loss=settings.loss, learning_rate=settings.learning_rate)
    assert d["gradients"]["w1"] == bt.grad_W[0][0, 0]
    assert d["loss"]["total"] == bt.loss_total
    assert d["update"]["b3"]["after"] == bt.after.layers[2].bias[0]


def test_the_text_worksheet_of_two_rows(capsys):
    code, out, _ = run(capsys, "trace", "gender", "--rows", "Alice, Diana")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].endswith("one training step on a mini-batch by hand (2 samples: Alice, Diana)")
    assert "  Sample 2 (Diana): x1 = −15, x2 = −6; y = 1" in lines
    assert "Sample 1 of 2: Alice:" in lines and "Sample 2 of 2: Diana:" in lines
    assert any(line.endswith("∂L/∂w1 = (1/2)·(x1⁽¹⁾·δ_h1⁽¹⁾ + x1⁽²⁾·δ_h1⁽²⁾)") for line in lines)


def test_samples_typed_with_their_targets(capsys):
    code, out, _ = run(capsys, "trace", "gender", "--input", "-2,-1;25,6", "--target", "1;0", "--format", "markdown")
    assert code == 0
    assert "### Sample 2 of 2: sample 2" in out
    assert "- **Sample 1 (sample 1):** x1 = −2, x2 = −1; y = 1" in out
    code, out, _ = run(capsys, "trace", "xor", "--rows", "1-4", "--format", "latex")
    assert code == 0 and "\\subsubsection*{The batch: each gradient is the sum of the samples' gradients}" in out


@pytest.mark.parametrize("argv, words", [
    (["--rows", "all", "--row", "Alice"], ["one of --input, --row or --rows"]),
    (["--rows", "all", "--target", "1"], ["--rows", "--target"]),
    (["--rows", "Zed"], ["--rows", "Zed", "not a row"]),
    (["--rows", "7"], ["--rows", "no row 7", "from 1 to 4"]),
    (["--input", "1,2;3,4", "--target", "1"], ["--target", "2 samples but 1 targets"]),
])
def test_mistakes_are_one_line(capsys, argv, words):
    code, out, err = run(capsys, "trace", "gender", *argv)
    assert code == 2 and len(err.splitlines()) == 1
    for word in words:
        assert word in err, (word, err)


def test_the_worksheet_numbers_are_the_batch_trace(capsys):
    code, out, _ = run(capsys, "trace", "gender", "--rows", "all", "--decimals", "10")
    net, ds, settings = gender()
    bt = batch_trace(net, ds.X, ds.Y, loss=settings.loss, learning_rate=settings.learning_rate)
    assert code == 0
    assert f"= {fmt(bt.loss_total, 10)}" in out
    assert np.isfinite(bt.loss_total)
