"""A document whose targets its loss cannot use: stepping through says why."""

import numpy as np

from nnapp.engine.network import Network
from nnapp.engine.settings import TrainingSettings
from nnapp.model.document import Document
from nnapp.model.stepping import Stepper
from nnapp.model.training import training_data


def cce_document(targets):
    doc = Document()
    doc.replace(
        Network.dense([2, 2], "softmax", rng=0),
        training=TrainingSettings(loss="cce", learning_rate=0.1, epochs=1),
        data={"inputs": [[0, 0], [1, 1]], "targets": targets},
    )
    return doc


def test_stepping_through_rows_of_no_class_shows_the_forward_pass_and_why():
    doc = cce_document([[0, 0], [1, 1]])
    s = Stepper(doc)
    labels = [x.label for x in s.load_samples()]
    s.choose_sample(labels.index("row 2"))
    assert s.trace is not None and s.trace.y is None          # forward pass only
    assert s.problem.startswith("Forward pass only: categorical cross-entropy needs one class per sample")
    assert "(1, 1) sums to 2" in s.problem


def test_one_hot_rows_step_through_backpropagation():
    doc = cce_document([[1, 0], [0, 1]])
    s = Stepper(doc)
    labels = [x.label for x in s.load_samples()]
    s.choose_sample(labels.index("row 2"))
    assert s.problem == ""
    assert np.array_equal(s.trace.y, [0.0, 1.0])


def test_the_data_itself_still_reads():
    # the refusal belongs to the loss: the rows are read, and another loss may use them
    data = training_data(cce_document([[0, 0], [1, 1]]))
    assert data.Y.tolist() == [[0.0, 0.0], [1.0, 1.0]]
