"""The drawn test set: mouse-drawn digits prepared as the pad prepares them, scored like test rows.

The drawings are the twenty of ``tests/drawn_fixture.py``: eight rings labelled 0, eight bars
labelled 1, two rings labelled 6 and two bars labelled 7. Its ring-or-bar network answers 0 for
every ring and 1 for every bar, so it gets the 0s and 1s right and the 6s and 7s wrong.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from nnapp.engine.datasets import DATASETS_DIR
from nnapp.engine.preprocess import preprocess
from nnapp.model import drawn_set_file, drawn_tests
from nnapp.model.digits import input_vector
from nnapp.model.document import Document
from nnapp.model.drawn_set_file import DrawnSetReader, read_drawn_set
from nnapp.model.drawn_tests import (DRAWN_TEST_PATH, DrawnTestPreparer, drawn_rows_ready, drawn_test_rows,
                                     forget_prepared)
from nnapp.model.evaluation import EvaluationError, evaluate
from nnapp.model.files import open_example
from nnapp.model.prepared_drawings import DrawingPreparer, prepare_drawings

from ..drawn_fixture import (LABELS, STYLE_NAMES, drawn, drawn_arrays, fresh_caches,  # noqa: F401 (fixtures)
                             ring_or_bar_network, write_drawn_set)


def example(name):
    doc = Document()
    open_example(doc, name)
    return doc


def ring_or_bar_doc(data=None):
    doc = Document()
    doc.replace(ring_or_bar_network(), data=data)
    return doc


def test_the_ring_or_bar_network_reads_16_of_the_20_drawings(drawn):
    doc = ring_or_bar_doc()
    rows = drawn_test_rows(doc, drawn)
    assert rows.source == "20 drawn digits (style-diverse test set)"
    assert rows.class_names == [str(d) for d in range(10)] and rows.row_name == "drawing"
    assert list(rows.labels) == LABELS
    ev = evaluate(doc, rows)
    # every ring is read as 0, every bar as 1
    assert list(ev.predicted) == [0] * 8 + [1] * 8 + [0, 0, 1, 1]
    # 8 zeros + 8 ones right, 2 sixes + 2 sevens wrong: 16 / 20
    assert ev.accuracy == 0.8 and ev.n_correct == 16
    assert ev.confusion[0, 0] == 8 and ev.confusion[1, 1] == 8
    assert ev.confusion[6, 0] == 2 and ev.confusion[7, 1] == 2 and ev.confusion.sum() == 20
    # per digit: 0 and 1 all right (8 / 8), 6 and 7 none (0 / 2), the others have no drawings
    expected = np.array([1.0, 1.0, np.nan, np.nan, np.nan, np.nan, 0.0, 0.0, np.nan, np.nan])
    np.testing.assert_array_equal(ev.per_class_accuracy, expected)
    # the mistakes are the 6s and 7s, most confident first
    wrong = ev.mistakes()
    assert sorted(wrong) == [16, 17, 18, 19]
    assert np.all(np.diff(ev.confidence[wrong]) <= 0)


def test_per_class_accuracy_is_the_diagonal_over_the_row_sums():
    doc = example("digits8")
    ev = evaluate(doc)
    # the 359 test rows hold 35…37 of every digit: each class's share right
    for c in range(10):
        of_class = ev.labels == c
        assert ev.per_class_accuracy[c] == pytest.approx(np.mean(ev.predicted[of_class] == c))
    np.testing.assert_array_equal(ev.per_class_accuracy, np.diag(ev.confusion) / ev.confusion.sum(axis=1))
    assert ev.per_class_accuracy.min() < ev.accuracy < ev.per_class_accuracy.max() + 1e-12


@pytest.mark.parametrize("name, shape", [("mnist", (28, 28)), ("digits8", (8, 8))])
def test_the_pictures_are_prepared_as_the_pad_prepares_a_drawing(drawn, name, shape):
    doc = example(name)
    rows = drawn_test_rows(doc, drawn)
    pictures = drawn_arrays()["images"]
    assert rows.images.shape == (20, *shape) and rows.inputs.shape == (20, shape[0] * shape[1])
    for i, picture in enumerate(pictures):
        prepared = preprocess(picture, shape)                 # what the pad does with a drawing
        assert np.array_equal(rows.images[i], prepared.final)
        assert np.array_equal(rows.inputs[i], input_vector(doc, prepared))


def test_inputs_are_normalised_like_the_data(drawn):
    shift, scale = np.full(784, 0.25), np.full(784, 0.5)
    plain = ring_or_bar_doc()
    normalised = ring_or_bar_doc({"dataset": "mnist5k", "options": {"split": "train"},
                                  "normalise": {"method": "standardise", "shift": list(shift),
                                                "scale": list(scale)}})
    a, b = drawn_test_rows(plain, drawn), drawn_test_rows(normalised, drawn)
    # x' = (x − 0.25) / 0.5: paper (0) becomes −0.5, full ink (1) becomes 1.5
    assert np.allclose(b.inputs, (a.inputs - 0.25) / 0.5)
    assert b.inputs.min() == pytest.approx(-0.5)
    # the pictures are the same (prepared once)
    assert b.images is a.images


def test_rows_are_kept_per_file_input_picture_and_normalisation(drawn):
    mnist, digits8 = example("mnist"), example("digits8")
    assert not drawn_rows_ready(mnist, drawn)
    first = drawn_test_rows(mnist, drawn)
    assert drawn_rows_ready(mnist, drawn) and not drawn_rows_ready(digits8, drawn)
    assert drawn_test_rows(mnist, drawn) is first                     # asked again: no work
    eights = drawn_test_rows(digits8, drawn)
    assert eights.images.shape == (20, 8, 8)
    assert drawn_test_rows(mnist, drawn) is first                     # and back: still kept
    assert drawn_test_rows(example("mnist"), drawn) is first          # another document, same network shape
    # a file written again is read again
    write_drawn_set(drawn, labels=np.array([3] * 20, np.uint8))
    stat = drawn.stat()
    os.utime(drawn, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not drawn_rows_ready(mnist, drawn)
    assert list(drawn_test_rows(mnist, drawn).labels) == [3] * 20


def test_row_notes_name_every_drawings_style_and_brush(drawn):
    rows = drawn_test_rows(ring_or_bar_doc(), drawn)
    pen = drawn_arrays()["pen"]
    assert rows.row_notes.shape == (20,)
    # the brush as the pad's Brush box gives it: the pen's diameter
    assert rows.row_notes[0] == f"style: round 0, brush {2 * pen[0]:.0f} px"
    assert rows.row_notes[16] == f"style: 6 as a closed loop, brush {2 * pen[16]:.0f} px"
    assert rows.row_notes[19].startswith("style: 7 without its bar, brush ")


def test_the_default_is_the_shipped_test_set_never_the_validation_set(monkeypatch, drawn):
    assert DRAWN_TEST_PATH == DATASETS_DIR / "drawn_test.npz"
    # the path is looked up when asked, so a test (or a build script) can point it elsewhere
    monkeypatch.setattr(drawn_tests, "DRAWN_TEST_PATH", drawn)
    assert drawn_test_rows(ring_or_bar_doc()).n_rows == 20


def test_a_missing_file_says_so(tmp_path):
    missing = tmp_path / "nowhere" / "drawn_test.npz"
    with pytest.raises(EvaluationError) as err:
        drawn_test_rows(example("mnist"), missing)
    assert str(err.value) == f"the drawn test set is missing: there is no file {missing}"
    assert drawn_rows_ready(example("mnist"), missing)     # it answers at once (with that error)


def test_a_damaged_file_says_what_is_wrong(tmp_path):
    doc = ring_or_bar_doc()
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip file at all")
    with pytest.raises(EvaluationError, match=r"^the drawn test set garbage.npz cannot be read \(.*\): it is damaged$"):
        drawn_test_rows(doc, garbage)
    cases = {
        "no_styles.npz": ({"styles": None}, "it has no 'styles' array"),
        "short_labels.npz": ({"labels": np.zeros(19, np.uint8)}, "20 images but labels of shape (19,)"),
        "bad_label.npz": ({"labels": np.array([12] * 20, np.uint8)}, "a label is not a digit 0…9"),
        "bad_style.npz": ({"styles": np.full(20, 4, np.int16)}, "a style index is outside its 4 style names"),
        "float_images.npz": ({"images": np.zeros((20, 112, 112))}, "its images are float64, not 0…255 (uint8)"),
        "flat_images.npz": ({"images": np.zeros((20, 112), np.uint8)}, "its images have shape (20, 112)"),
    }
    for name, (changes, why) in cases.items():
        path = write_drawn_set(tmp_path / name, **changes)
        with pytest.raises(EvaluationError) as err:
            drawn_test_rows(doc, path)
        assert str(err.value).startswith(f"the drawn test set {name} is damaged: {why}"), str(err.value)
    # arrays of Python objects need pickle, which is never allowed
    pickled = tmp_path / "pickled.npz"
    arrays = drawn_arrays()
    arrays["style_names"] = np.array(STYLE_NAMES, dtype=object)
    np.savez(pickled, **arrays)
    with pytest.raises(EvaluationError, match="cannot be read .*pickle"):
        read_drawn_set(pickled)


def test_preparing_a_few_drawings_at_a_time_gives_exactly_what_preparing_at_once_gives(drawn):
    arrays = read_drawn_set(drawn)
    at_once = prepare_drawings(arrays, (28, 28))
    preparer = DrawingPreparer(arrays, (28, 28))
    progress = []
    while not preparer.step(max_drawings=7):
        assert preparer.result is None
        progress.append((preparer.done, preparer.total))
    # 20 drawings, 7 at a time: 7, 14, then the last 6
    assert progress == [(7, 20), (14, 20)] and preparer.done == 20 and preparer.finished
    assert np.array_equal(preparer.result.finals, at_once.finals)
    assert np.array_equal(preparer.result.labels, at_once.labels)
    assert list(preparer.result.notes) == list(at_once.notes)
    # one step with no limits does the rest, a step with a time limit at least one drawing
    assert DrawingPreparer(arrays, (8, 8)).step() is True
    eights = DrawingPreparer(arrays, (8, 8))
    eights.step(max_seconds=0.0)
    assert eights.done == 1


def test_the_pictures_are_read_a_block_at_a_time_exactly(monkeypatch, drawn):
    monkeypatch.setattr(drawn_set_file, "READ_BLOCK", 6)
    reader = DrawnSetReader(drawn)
    read = [reader.done]
    while not reader.step(max_pieces=1):
        read.append(reader.done)
    assert read == [0, 6, 12, 18] and reader.done == reader.total == 20
    with np.load(drawn, allow_pickle=False) as archive:
        assert np.array_equal(reader.result["images"], archive["images"])
    assert {k: a.dtype.kind for k, a in reader.result.items()} == {
        "images": "u", "labels": "i", "styles": "i", "style_names": "U", "pen": "f"}


def test_the_drawn_rows_prepared_in_pieces_are_kept_for_drawn_test_rows(monkeypatch, drawn):
    monkeypatch.setattr(drawn_set_file, "READ_BLOCK", 8)
    doc, digits8 = example("mnist"), example("digits8")
    assert not drawn_rows_ready(doc, drawn)
    preparer = DrawnTestPreparer(doc, drawn)
    assert preparer.shape == (28, 28) and (preparer.done, preparer.total) == (0, 20)
    assert preparer.serves(example("mnist"), drawn) and not preparer.serves(digits8, drawn)
    steps = []
    while not preparer.step(max_seconds=0.0):                # one piece a step
        steps.append(preparer.done)
        assert not drawn_rows_ready(doc, drawn)
    # three blocks of pictures read (nothing prepared yet), then a drawing a step
    assert steps == [0, 0, 0] + list(range(1, 20))
    expected = prepare_drawings(read_drawn_set(drawn), (28, 28))
    assert np.array_equal(preparer.result.finals, expected.finals)
    assert list(preparer.result.notes) == list(expected.notes)
    # kept: drawn_test_rows answers at once with the very pictures prepared
    assert drawn_rows_ready(doc, drawn) and not drawn_rows_ready(digits8, drawn)
    assert drawn_test_rows(doc, drawn).images is preparer.result.finals
    # asked again for the same network, there is nothing to do
    again = DrawnTestPreparer(example("mnist"), drawn)
    assert again.finished and again.result is preparer.result and again.done == 20


def test_preparing_in_pieces_says_what_is_wrong_as_drawn_test_rows_does(tmp_path, drawn):
    doc = example("mnist")
    missing = tmp_path / "nowhere.npz"
    with pytest.raises(EvaluationError) as err:
        DrawnTestPreparer(doc, missing)
    assert str(err.value) == f"the drawn test set is missing: there is no file {missing}"
    with pytest.raises(EvaluationError, match="2 inputs and 1 output"):
        DrawnTestPreparer(example("gender"), drawn)
    short = write_drawn_set(tmp_path / "short_labels.npz", labels=np.zeros(19, np.uint8))
    with pytest.raises(EvaluationError) as err:
        DrawnTestPreparer(doc, short)
    assert str(err.value) == "the drawn test set short_labels.npz is damaged: 20 images but labels of shape (19,)"
    # pictures that cannot be decompressed: said when they are read (or at once, if the harm is early)
    broken = tmp_path / "broken.npz"
    data = bytearray(drawn.read_bytes())
    for i in range(3000, 3400, 7):
        data[i] ^= 0x5A
    broken.write_bytes(bytes(data))
    with pytest.raises(EvaluationError, match=r"^the drawn test set broken.npz cannot be read \(.*\): it is damaged$"):
        DrawnTestPreparer(doc, broken).run()
    assert not drawn_rows_ready(doc, broken)


def test_a_network_that_reads_no_digits_is_told_why(drawn):
    with pytest.raises(EvaluationError, match="2 inputs and 1 output"):
        drawn_test_rows(example("gender"), drawn)


@pytest.mark.skipif(not DRAWN_TEST_PATH.is_file(), reason="the drawn test set is not built yet")
def test_the_shipped_drawn_test_set_reads():
    arrays = read_drawn_set(DRAWN_TEST_PATH)
    n = arrays["labels"].size
    assert arrays["images"].shape == (n, 112, 112)
    assert set(np.unique(arrays["labels"])) == set(range(10))
    rows = drawn_test_rows(example("mnist"), DRAWN_TEST_PATH)
    assert rows.source == f"{n:,} drawn digits (style-diverse test set)"
    assert rows.row_notes.shape == (n,) and rows.images.shape == (n, 28, 28)
