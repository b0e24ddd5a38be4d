"""Random changes to digit pictures, to train networks that recognise drawn digits.

A network trained on a few thousand scanned digits meets, on the digit pad,
digits drawn with a mouse: other slants, proportions and pen widths.
Showing it many slightly changed copies of its training pictures
(augmentation) teaches it that these changes do not change the digit.

All functions take a batch of pictures, an array of shape (n, rows, cols)
with ink high (0…1), and return a new array of the same shape; random
choices come from the ``numpy.random.Generator`` given, so the same seed
gives the same pictures.

* :func:`affine` — shift, rotate, scale (each axis), shear, by bilinear
  resampling about the picture's centre;
* :func:`thicken` and :func:`thin` — a wider or narrower pen, by a
  (fractional) grey dilation or erosion over the 3×3 neighbourhood;
* :func:`elastic` — a smooth random displacement of every pixel (Simard,
  Steinkraus and Platt, 2003);
* :func:`augment` — all of them with random strengths, then, if asked, each
  picture prepared again by a preprocessing function (for MNIST: back into
  the 20-pixel box, centred by its centre of mass), so the copies look like
  what the preprocessing makes of a drawing.

numpy only. This module does not train; see
``resources/models/build_digit_models.py``.
"""

from __future__ import annotations

from typing import Callable

import numpy as np
from nnapp.text import tr


def _batch(images) -> np.ndarray:
    arr = np.asarray(images, dtype=np.float64)
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim != 3:
        raise ValueError(tr("pictures must be an array (n, rows, cols), got shape {shape}").format(shape=arr.shape))
    return arr


def sample_bilinear(images: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Values of ``images`` at fractional positions, 0 outside the pictures.

    Parameters
    ----------
    images : ndarray, shape (n, h, w)
    rows, cols : ndarray, shape (n, H, W)
        Where to read, in pixel coordinates of the source (pixel centres at
        whole numbers).

    Returns
    -------
    ndarray, shape (n, H, W)
    """
    n, h, w = images.shape
    padded = np.zeros((n, h + 2, w + 2))
    padded[:, 1:-1, 1:-1] = images
    r = np.clip(rows + 1.0, 0.0, h + 1.0)
    c = np.clip(cols + 1.0, 0.0, w + 1.0)
    r0 = np.minimum(np.floor(r).astype(np.int64), h)
    c0 = np.minimum(np.floor(c).astype(np.int64), w)
    fr, fc = r - r0, c - c0
    k = np.arange(n)[:, None, None]
    top = padded[k, r0, c0] * (1 - fc) + padded[k, r0, c0 + 1] * fc
    bottom = padded[k, r0 + 1, c0] * (1 - fc) + padded[k, r0 + 1, c0 + 1] * fc
    return top * (1 - fr) + bottom * fr


def affine(images, rng: np.random.Generator, *, max_shift: float = 2.0, max_rotation: float = 12.0,
           scale: tuple[float, float] = (0.9, 1.1), aspect: tuple[float, float] = (0.85, 1.15),
           max_shear: float = 0.25) -> np.ndarray:
    """Every picture shifted, rotated, scaled and sheared at random.

    Parameters
    ----------
    images : array_like, shape (n, h, w)
    rng : numpy.random.Generator
    max_shift : float
        Shift in pixels, uniform in [−max_shift, max_shift] on each axis.
    max_rotation : float
        Rotation in degrees, uniform in [−max_rotation, max_rotation].
    scale : (float, float)
        Range of the overall scale factor.
    aspect : (float, float)
        Range of an extra factor on the width only (narrower or wider digits).
    max_shear : float
        Horizontal shear (slant): x moves by shear × (distance above the centre).

    Returns
    -------
    ndarray, shape (n, h, w)
    """
    X = _batch(images)
    n, h, w = X.shape
    angle = np.radians(rng.uniform(-max_rotation, max_rotation, n))
    s = rng.uniform(*scale, n)
    a = rng.uniform(*aspect, n)
    shear = rng.uniform(-max_shear, max_shear, n)
    shift = rng.uniform(-max_shift, max_shift, (n, 2))
    # forward map (x, y relative to the centre): p' = R · Shear · Scale · p + shift; we need its inverse
    cos, sin = np.cos(angle), np.sin(angle)
    A = np.empty((n, 2, 2))  # acts on (x, y)
    A[:, 0, 0] = s * a
    A[:, 0, 1] = -shear * s
    A[:, 1, 0] = 0.0
    A[:, 1, 1] = s
    R = np.empty((n, 2, 2))
    R[:, 0, 0], R[:, 0, 1], R[:, 1, 0], R[:, 1, 1] = cos, -sin, sin, cos
    inv = np.linalg.inv(R @ A)
    cy, cx = (h - 1) / 2, (w - 1) / 2
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    dx = xx[None] - cx - shift[:, 0, None, None]
    dy = yy[None] - cy - shift[:, 1, None, None]
    src_x = inv[:, 0, 0, None, None] * dx + inv[:, 0, 1, None, None] * dy + cx
    src_y = inv[:, 1, 0, None, None] * dx + inv[:, 1, 1, None, None] * dy + cy
    return sample_bilinear(X, src_y, src_x)


def _neighbours(X: np.ndarray, reduce) -> np.ndarray:
    """Max or min over each pixel's 3×3 neighbourhood (outside the picture counts as 0)."""
    n, h, w = X.shape
    padded = np.zeros((n, h + 2, w + 2))
    padded[:, 1:-1, 1:-1] = X
    out = X.copy()
    for dr in (0, 1, 2):
        for dc in (0, 1, 2):
            reduce(out, padded[:, dr:dr + h, dc:dc + w], out=out)
    return out


def _amounts(amount, n: int) -> np.ndarray:
    a = np.broadcast_to(np.asarray(amount, dtype=np.float64), (n,))
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ValueError(tr("pen changes must be finite numbers ≥ 0"))
    return a


def _morph(X: np.ndarray, amount, reduce) -> np.ndarray:
    """Whole passes of the 3×3 max/min, then a fractional one, per picture."""
    a = _amounts(amount, X.shape[0])
    out = X.copy()
    for step in range(int(np.ceil(a.max())) if a.size else 0):
        t = np.clip(a - step, 0.0, 1.0)[:, None, None]
        out = (1 - t) * out + t * _neighbours(out, reduce)
    return out


def thicken(images, amount=1.0) -> np.ndarray:
    """A wider pen: grey dilation over 3×3 by ``amount`` pixels on each side.

    ``amount`` ≥ 0, one number or one per picture (shape (n,)): 0 leaves the
    picture as it is, 1 is one full dilation, 1.5 one full and a half-way
    second one (a blend with the next dilation).
    """
    X = _batch(images)
    return _morph(X, amount, np.maximum)


def thin(images, amount=1.0) -> np.ndarray:
    """A narrower pen: grey erosion over 3×3 by ``amount`` pixels on each side (as :func:`thicken`)."""
    X = _batch(images)
    return _morph(X, amount, np.minimum)


def gaussian_matrix(n: int, sigma: float) -> np.ndarray:
    """(n, n) matrix that blurs a line of n values with a gaussian of σ pixels (rows sum to 1)."""
    d = np.arange(n)[:, None] - np.arange(n)[None, :]
    G = np.exp(-0.5 * (d / sigma) ** 2)
    return G / G.sum(axis=1, keepdims=True)


def elastic(images, rng: np.random.Generator, *, alpha: float = 1.5, sigma: float = 4.0) -> np.ndarray:
    """Every pixel moved by a smooth random field.

    Each of the two displacement fields (rows, cols) is uniform noise in
    [−1, 1] blurred with a gaussian of ``sigma`` pixels, then scaled so that
    its root-mean-square displacement is ``alpha`` pixels.
    """
    X = _batch(images)
    n, h, w = X.shape
    Gh, Gw = gaussian_matrix(h, sigma), gaussian_matrix(w, sigma)
    fields = []
    for _ in range(2):
        f = rng.uniform(-1.0, 1.0, (n, h, w))
        f = Gh @ f @ Gw.T
        f /= np.maximum(np.sqrt((f ** 2).mean(axis=(1, 2), keepdims=True)), 1e-12)
        fields.append(f * alpha)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    return sample_bilinear(X, yy[None] + fields[0], xx[None] + fields[1])


def augment(images, rng: np.random.Generator, *, pen: tuple[float, float] = (-0.6, 1.0),
            elastic_fraction: float = 0.5, prepare: Callable[[np.ndarray], np.ndarray] | None = None,
            **affine_options) -> np.ndarray:
    """Random copies of the pictures: :func:`affine`, then a pen width, then (for a part) :func:`elastic`.

    Parameters
    ----------
    images : array_like, shape (n, h, w)
    rng : numpy.random.Generator
    pen : (float, float)
        Range of the pen change per picture: negative values thin by that
        amount, positive ones thicken.
    elastic_fraction : float
        Share of the pictures that are also deformed elastically.
    prepare : callable or None
        Applied to each picture at the end, e.g. ``lambda p:
        mnist_style(p).final`` to put it back in the 20-pixel box and centre
        it as a drawing would be.
    **affine_options
        Passed to :func:`affine`.

    Returns
    -------
    ndarray, shape (n, h, w), values 0…1
    """
    X = affine(images, rng, **affine_options)
    n = X.shape[0]
    change = rng.uniform(*pen, n)
    X = thin(thicken(X, np.maximum(change, 0)), np.maximum(-change, 0))
    bent = rng.random(n) < elastic_fraction
    if bent.any():
        X[bent] = elastic(X[bent], rng)
    X = np.clip(X, 0.0, 1.0)
    if prepare is not None:
        X = np.stack([prepare(x) for x in X])
    return X


__all__ = ["affine", "augment", "elastic", "gaussian_matrix", "sample_bilinear", "thicken", "thin"]
