"""Teaching a digit network with labelled drawings: one step, a few epochs, both undoable."""

import numpy as np
import pytest

from nnapp.engine.datasets import DATASETS_DIR
from nnapp.model.digit_lessons import PersonalSet, one_step, practice
from nnapp.model.digits import read_digit
from nnapp.model.document import Document
from nnapp.model.errors import EditError
from nnapp.model.files import open_example
from nnapp.model.training import parameter_arrays


@pytest.fixture(scope="module")
def drawn():
    with np.load(DATASETS_DIR / "drawn_validation.npz", allow_pickle=False) as f:
        return f["images"], f["labels"].astype(np.int64)


def example(name):
    doc = Document()
    open_example(doc, name)
    return doc


def misread(doc, drawn, count):
    """Indices of the first ``count`` drawings the network reads wrong."""
    images, labels = drawn
    found = []
    for i in range(len(images)):
        if read_digit(doc, images[i]).digit != labels[i]:
            found.append(i)
            if len(found) == count:
                return found
    raise AssertionError(f"the network reads all but {len(found)} of the drawings")


@pytest.mark.parametrize("name", ["mnist", "digits8"])
def test_one_step_makes_the_label_more_likely_and_undo_takes_it_back(name, drawn):
    doc = example(name)
    images, labels = drawn
    before_weights = [a.copy() for a in parameter_arrays(doc)]
    for i in misread(doc, drawn, 3):
        reading = read_digit(doc, images[i])
        label = int(labels[i])
        command = one_step(doc, reading.vector, label)
        assert command.text == f"One step on a drawn {label}"
        command.do(doc)
        after = read_digit(doc, images[i]).scores
        assert after[label] > reading.scores[label]
        assert after.sum() == pytest.approx(1.0)
        command.undo(doc)
        for a, b in zip(parameter_arrays(doc), before_weights):
            np.testing.assert_array_equal(a, b)


def test_one_step_is_the_documents_optimizer_on_one_row():
    """One step is what the engine's Trainer does with the document's training settings (the
    example's own loss, optimizer and learning rate) on that one row, in a batch of one."""
    from dataclasses import replace

    from nnapp.engine.datasets import one_hot
    from nnapp.engine.training import Trainer

    doc = example("digits8")
    x = np.linspace(0, 1, 64)
    command = one_step(doc, x, 3)
    trainer = Trainer(doc.network().copy(), x[None, :], one_hot([3], 10),
                      replace(doc.training, epochs=1, batch_size=1, validation_split=0.0))
    for _ in trainer.run():
        pass
    for got, want in zip(command.after, trainer.network.arrays()):
        np.testing.assert_array_equal(got, want)


def test_practice_mixes_copies_and_training_rows_and_helps_the_set(drawn):
    doc = example("mnist")
    images, labels = drawn
    personal = PersonalSet()
    chosen = misread(doc, drawn, 4)
    for i in chosen:
        reading = read_digit(doc, images[i])
        personal.add(reading.vector, labels[i], reading.preprocessed.final)
    X, Y = personal.arrays()
    assert X.shape == (4, 784) and Y.shape == (4, 10) and Y.sum() == 4
    before = [a.copy() for a in parameter_arrays(doc)]
    command = practice(doc, personal)
    # 4 drawings and 8 changed copies of each: 36 rows, and 16 × 36 training rows
    assert command.text == "Practise 5 epochs on 4 drawings and 576 training rows"
    # the same set gives the same lesson
    np.testing.assert_array_equal(practice(doc, personal).after[0], command.after[0])
    command.do(doc)
    right_after = sum(read_digit(doc, images[i]).digit == labels[i] for i in chosen)
    assert right_after >= 3  # of the 4 it read wrong before
    command.undo(doc)
    for a, b in zip(parameter_arrays(doc), before):
        np.testing.assert_array_equal(a, b)


def test_practice_without_training_data_uses_the_set_alone():
    doc = example("digits8")
    doc.set_data(None)
    personal = PersonalSet()
    personal.add(np.full(64, 0.5), 8, np.zeros((8, 8)))
    assert practice(doc, personal, epochs=2).text == "Practise 2 epochs on 1 drawing"


def test_lessons_are_refused_plainly():
    doc = example("digits8")
    with pytest.raises(EditError, match="label some drawings first"):
        practice(doc, PersonalSet())
    doc.layers[1].activation = "step"
    doc._structure_edited()
    with pytest.raises(EditError, match="step activation"):
        one_step(doc, np.zeros(64), 1)


def test_a_personal_set_keeps_one_input_size():
    personal = PersonalSet()
    personal.add(np.zeros(64), 1, np.zeros((8, 8)))
    personal.add(np.ones(64), 2, np.zeros((8, 8)))
    assert len(personal) == 2
    personal.add(np.zeros(784), 3, np.zeros((28, 28)))  # another network: the 8×8 drawings go
    assert [e.label for e in personal.examples] == [3]
    with pytest.raises(ValueError):
        personal.add(np.zeros(784), 10, np.zeros((28, 28)))
    personal.clear()
    assert len(personal) == 0 and personal.arrays()[0].shape == (0, 0)


def test_practice_copies_are_the_drawing_moved_a_little_with_its_label():
    from nnapp.model.digit_lessons import PRACTICE_COPIES, changed_copies

    doc = example("mnist")
    picture = np.zeros((28, 28))
    picture[6:22, 12:16] = 1.0                   # a bar: a 1
    personal = PersonalSet()
    personal.add(picture.ravel(), 1, picture)
    X, Y = changed_copies(doc, personal, np.random.default_rng(0))
    assert X.shape == (PRACTICE_COPIES, 784) and Y.shape == (PRACTICE_COPIES, 10)
    assert np.all(Y.argmax(axis=1) == 1)
    rows, cols = np.mgrid[0:28, 0:28]
    for x in X:
        copy = x.reshape(28, 28)
        assert abs(copy.sum() - picture.sum()) < 0.3 * picture.sum()      # scaled by at most 8 %, narrowed by 10 %
        centre = np.array([(copy * rows).sum(), (copy * cols).sum()]) / copy.sum()
        assert np.all(np.abs(centre - [13.5, 13.5]) <= 1.5)               # moved by at most a pixel
    assert not np.array_equal(X[0], X[1])


def test_one_drawing_and_one_training_row_are_counted_as_one():
    doc = example("digits8")
    doc.data = {"inputs": [[0.0] * 64], "targets": [[1] + [0] * 9]}
    doc.data_revision += 1
    personal = PersonalSet()
    picture = np.zeros((8, 8))
    picture[1:7, 3:5] = 1.0
    personal.add(picture.ravel(), 1, picture)
    assert practice(doc, personal, epochs=2).text == "Practise 2 epochs on 1 drawing and 1 training row"
