"""The first layer's incoming weights as pictures of the input image."""

from __future__ import annotations

import numpy as np
import pytest

from nnapp.engine.network import Network
from nnapp.model import commands as C
from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.model.history import History
from nnapp.model.training import ApplyParameters, parameter_arrays
from nnapp.model.weight_images import WeightImagesError, input_image_shape, weight_images


def example(name):
    doc = Document()
    open_example(doc, name)
    return doc


def test_digits8_gives_30_pictures_of_8_by_8():
    doc = example("digits8")
    wi = weight_images(doc)
    assert wi.images.shape == (30, 8, 8) and wi.image_shape == (8, 8)
    assert wi.names == [f"h{j}" for j in range(1, 31)] and wi.neuron_ids == doc.neuron_ids[1]
    assert wi.layer_title == "hidden"
    W = doc.links[0].W                                   # (64, 30)
    # neuron h3's picture: pixel (row 2, column 5) is the weight from input 2·8 + 5
    assert wi.images[2, 2, 5] == W[2 * 8 + 5, 2]
    assert np.array_equal(wi.images.reshape(30, 64).T, W)


def test_mnist_gives_256_pictures_of_28_by_28():
    wi = weight_images(example("mnist"))
    assert wi.images.shape == (256, 28, 28) and len(wi.names) == 256


def test_the_two_colour_scales():
    doc = example("digits8")
    wi = weight_images(doc)
    W = doc.links[0].W
    assert np.allclose(wi.scales, np.abs(W).max(axis=0))
    # every neuron of this network learned something: each picture uses its own largest |w|
    assert np.allclose(wi.own_scales, wi.scales)
    own = wi.scaled(shared=False)
    assert np.allclose(np.abs(own).reshape(30, -1).max(axis=1), 1.0)
    # shared: the typical neuron's largest |w| is full colour; stronger weights are clipped
    assert wi.shared_scale == pytest.approx(np.median(wi.scales))
    shared = wi.scaled(shared=True)
    assert np.abs(shared).max() == 1.0
    inside = np.abs(wi.images) <= wi.shared_scale
    assert np.allclose(shared[inside] * wi.shared_scale, wi.images[inside])
    assert wi.scale_of(3, shared=True) == wi.shared_scale and wi.scale_of(3) == wi.scales[3]


def test_a_neuron_that_learned_nothing_stays_pale():
    doc = example("digits8")
    arrays = parameter_arrays(doc)
    rng = np.random.default_rng(0)
    arrays[0][:, 4] = rng.normal(0, 1e-9, 64)        # h5's weights decayed to ~0 (a dead neuron)
    History(doc).push(ApplyParameters(arrays, "h5 learned nothing"))
    wi = weight_images(doc)
    assert wi.own_scales[4] == pytest.approx(0.25 * wi.shared_scale)
    assert np.abs(wi.scaled()[4]).max() < 1e-6       # white, not its noise blown up to full colour
    assert np.allclose(np.delete(wi.own_scales, 4), np.delete(wi.scales, 4))


def test_absent_connections_are_zero_and_all_zero_pictures_do_not_divide_by_zero():
    net = Network.dense([4, 2, 1], "sigmoid", rng=0)
    doc = Document()
    doc.replace(net)
    doc.layers[0].image_shape = (2, 2)
    ids = doc.neuron_ids
    history = History(doc)
    for i in range(4):
        history.push(C.SetWeight(ids[0][i], ids[1][1], 0.0))
    history.push(C.RemoveItems(connections=[(ids[0][3], ids[1][0])]))
    wi = weight_images(doc)
    assert wi.images.shape == (2, 2, 2)
    assert wi.images[0, 1, 1] == 0.0                      # the removed connection x4 → h1
    assert np.all(wi.images[1] == 0) and wi.scales[1] == 0.0
    assert np.all(np.isfinite(wi.scaled())) and np.all(wi.scaled()[1] == 0)


def test_which_inputs_are_images():
    doc = example("gender")
    assert input_image_shape(doc) is None
    assert input_image_shape(doc, (1, 2)) == (1, 2)        # the data says so
    assert input_image_shape(doc, (3, 3)) is None          # it does not fit 2 inputs
    with pytest.raises(WeightImagesError, match="the 2 inputs are not the pixels of an image"):
        weight_images(doc)
    with pytest.raises(WeightImagesError, match="no network yet"):
        weight_images(Document())
    plain = Document()
    plain.replace(Network.dense([64, 10], "softmax", rng=0))
    assert input_image_shape(plain) == (8, 8)              # 64 inputs: the 8×8 digits
    assert weight_images(plain).layer_title == "output"
