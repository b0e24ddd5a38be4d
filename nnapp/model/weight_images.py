"""The first layer's weights as pictures.

When the inputs are the pixels of an image, the weights from the input
layer into one neuron of the next layer have the same shape as the image:
drawn as a picture, they show what the neuron looks for (positive weights
where it wants ink, negative where it wants none). :func:`weight_images`
reshapes every such weight column to the image, with masked (absent)
connections as 0, and gives the colour scale: per neuron (each picture uses
its own largest |w|, to see every neuron's pattern) or shared (one scale for
all, to compare neurons).

Both scales are robust to outliers: the shared scale is the largest |w| of a
typical neuron (the median over the neurons), so one strong neuron does not
wash out all the others, and stronger weights are drawn at full colour; a
neuron's own scale is never below a quarter of that, so a neuron that
learned nothing (weights near 0, e.g. a dead ReLU) stays pale instead of
showing its noise at full colour.

The input layer is an image when it says so (its ``image_shape``), when the
caller knows the data's image shape, or when it has 64 or 784 inputs (the
8×8 and 28×28 digit sets). This module draws nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnapp.text import tr

from .document import Document

KNOWN_IMAGE_SHAPES = {64: (8, 8), 784: (28, 28)}
"""Input counts read as images without being told: the digit sets' pictures."""


class WeightImagesError(ValueError):
    """Why the first layer's weights cannot be shown as pictures, in a sentence."""


@dataclass(eq=False)
class WeightImages:
    """The incoming weights of the first layer after the input, as images.

    Attributes
    ----------
    images : ndarray, shape (n_neurons, rows, cols), float64
        ``images[j]`` is the weight column ``W[:, j]`` of the link from the
        input layer, row by row; absent connections are 0.
    scales : ndarray, shape (n_neurons,)
        Largest |w| of every neuron.
    names : list of str, length n_neurons
        The neurons' display names (h1, h2 …).
    neuron_ids : list of str, length n_neurons
        The neurons' ids in the document.
    layer_title : str
        The layer's display title, e.g. "hidden".
    """

    images: np.ndarray
    scales: np.ndarray
    names: list[str]
    neuron_ids: list[str]
    layer_title: str

    @property
    def n_neurons(self) -> int:
        return int(self.images.shape[0])

    @property
    def image_shape(self) -> tuple[int, int]:
        return int(self.images.shape[1]), int(self.images.shape[2])

    @property
    def shared_scale(self) -> float:
        """The |w| drawn at full colour when all pictures share a scale: the
        median of the neurons' largest |w| (1 when every weight is 0)."""
        scale = float(np.median(self.scales)) if self.scales.size else 0.0
        return scale if scale > 0 and np.isfinite(scale) else 1.0

    @property
    def own_scales(self) -> np.ndarray:
        """The |w| drawn at full colour in each neuron's own picture, shape
        (n_neurons,): its largest |w|, but at least a quarter of :attr:`shared_scale`."""
        return np.maximum(np.nan_to_num(self.scales), 0.25 * self.shared_scale)

    def scale_of(self, j: int, shared: bool = False) -> float:
        """The |w| at the ends of the colour scale of picture ``j``."""
        return self.shared_scale if shared else float(self.own_scales[j])

    def scaled(self, shared: bool = False) -> np.ndarray:
        """The images divided by their colour scale and clipped to [−1, 1].

        Parameters
        ----------
        shared : bool
            False: every image by its own scale (:attr:`own_scales`: each
            uses the whole colour range). True: all by :attr:`shared_scale`.

        Returns
        -------
        ndarray, shape (n_neurons, rows, cols)
            0 is white in a diverging colour scale, −1 and 1 its two ends.
        """
        if shared:
            return np.clip(self.images / self.shared_scale, -1.0, 1.0)
        return np.clip(self.images / self.own_scales[:, None, None], -1.0, 1.0)


def input_image_shape(doc: Document, data_image_shape: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """(rows, cols) of the input layer read as an image, or None.

    The input layer's own ``image_shape`` comes first, then
    ``data_image_shape`` (the data's, if it fits), then
    :data:`KNOWN_IMAGE_SHAPES`.
    """
    if not doc.layers:
        return None
    layer = doc.layers[0]
    for shape in (layer.image_shape, data_image_shape, KNOWN_IMAGE_SHAPES.get(layer.size)):
        if shape is not None and int(shape[0]) * int(shape[1]) == layer.size:
            return int(shape[0]), int(shape[1])
    return None


def weight_images(doc: Document, data_image_shape: tuple[int, int] | None = None) -> WeightImages:
    """The weights from the input layer into layer 1, one image per neuron of layer 1.

    Parameters
    ----------
    doc : Document
    data_image_shape : (rows, cols) or None
        The data's image shape, used when the input layer has none.

    Returns
    -------
    WeightImages

    Raises
    ------
    WeightImagesError
        No network, inputs that are not an image, or no connections from
        the input layer to the next one.
    """
    net = doc.network()
    if net is None:
        raise WeightImagesError(tr("there is no network yet: it needs an input layer and at least one more layer"))
    shape = input_image_shape(doc, data_image_shape)
    if shape is None:
        raise WeightImagesError(
            tr("the {n_inputs} inputs are not the pixels of an image "
               "(8×8 digits have 64 inputs, 28×28 digits 784)").format(n_inputs=net.n_inputs)
        )
    li = doc.link_index(0, 1)
    if li is None:
        raise WeightImagesError(tr("the input layer has no connections to {layer_title}")
                                .format(layer_title=doc.layer_title(1)))
    link = doc.links[li]
    W = np.where(link.connected(), link.W, 0.0).astype(np.float64)    # (n_inputs, n_neurons)
    images = W.T.reshape(W.shape[1], *shape)
    scales = np.abs(W).max(axis=0)
    return WeightImages(images, scales, doc.neuron_names(1), list(doc.neuron_ids[1]), doc.layer_title(1))
