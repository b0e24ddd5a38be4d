"""Training data from a document, and trained weights as one undo step."""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.engine.settings import TrainingSettings
from nnapp.engine.training import fit
from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.errors import EditError, ShapeMismatch
from nnapp.model.files import open_example
from nnapp.model.history import History
from nnapp.model.training import ApplyParameters, parameter_arrays, training_data


@pytest.fixture
def xor():
    doc = Document()
    open_example(doc, "xor")
    return doc


def test_training_data_follows_the_split_and_the_seed(xor):
    data = training_data(xor)
    assert data.X.shape == (4, 2) and data.X_val is None
    xor.set_training(TrainingSettings(validation_split=0.25, seed=3))
    data = training_data(xor)
    assert len(data.X) + len(data.X_val) == 4 and len(data.X_val) >= 1   # split per class


def test_no_data_or_no_network_is_explained():
    doc = Document()
    with pytest.raises(EditError, match="no network to train"):
        training_data(doc)
    open_example(doc, "xor")
    doc.set_data(None)
    with pytest.raises(EditError, match="choose the data"):
        training_data(doc)


def test_data_that_does_not_fit_says_how(xor):
    C.PlaceNeuron(0, 300).do(xor)            # a third input neuron
    with pytest.raises(ShapeMismatch, match="2 input columns, but the network has 3 inputs"):
        training_data(xor)


def test_trained_weights_are_one_undo_step(xor):
    history = History(xor)
    before = [a.copy() for a in parameter_arrays(xor)]
    data = training_data(xor)
    net = xor.network().copy()
    fit(net, data.X, data.Y, TrainingSettings(epochs=50, learning_rate=0.5, batch_size=0))
    history.push(ApplyParameters(net.arrays(), "Train 50 epochs"))
    assert all(np.array_equal(a, b) for a, b in zip(parameter_arrays(xor), net.arrays()))
    history.undo()
    assert all(np.array_equal(a, b) for a, b in zip(parameter_arrays(xor), before))
    history.redo()
    assert all(np.array_equal(a, b) for a, b in zip(parameter_arrays(xor), net.arrays()))


def test_weights_of_another_shape_or_not_finite_are_refused(xor):
    arrays = [a.copy() for a in parameter_arrays(xor)]
    with pytest.raises(ShapeMismatch):
        ApplyParameters(arrays[:-1], "x").do(xor)
    arrays[0][0, 0] = np.nan
    before = xor.state()
    with pytest.raises(EditError, match="finite"):
        ApplyParameters(arrays, "x").do(xor)
    assert xor.state() == before


def test_training_data_is_read_once_until_something_it_depends_on_changes(xor):
    first = training_data(xor)
    assert training_data(xor) is first
    xor.set_training(TrainingSettings(validation_split=0.25, seed=3))
    second = training_data(xor)
    assert second is not first and second.X_val is not None
    xor.set_data(dict(xor.data))
    assert training_data(xor) is not second
