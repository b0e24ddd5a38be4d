"""From a drawn picture to a digit network's input, the way the training data was made.

A drawing pad gives a greyscale picture of any size: ink is high (1 = full
ink), background 0. A network trained on a digit dataset expects its input
prepared exactly as that dataset's pictures were, so this module repeats the
two recipes:

MNIST (28×28, :func:`mnist_style`)
    The digit's bounding box is cut out and scaled, keeping its proportions,
    so that the longer side is 20 pixels; the scaling averages the covered
    area (anti-aliasing), which gives grey edges. The 20-pixel picture is
    placed in a 28×28 field so that its centre of mass falls on the pixel
    (14, 14) (counting from 0; the shift is a whole number of pixels), as
    LeCun, Cortes and Burges describe for MNIST. Values 0…1.

    A drawing is then stood upright (:func:`deskew`): each row is shifted
    sideways so that the ink's slant, measured by its second moments, is
    zero. A slanted 1 becomes an upright bar, whatever way the hand leans.
    (The MNIST photos themselves are used as they are.)

UCI optdigits (8×8, :func:`optdigits_style`)
    The digit's bounding box is scaled, keeping its proportions, so that the
    longer side is 32 pixels, made black and white (grey ≥ 0.5 is ink) and
    centred in a 32×32 bitmap; then the ink pixels of every 4×4 block are
    counted, giving 8×8 whole numbers 0…16 (scikit-learn's ``load_digits``
    describes these counts). The network sees counts / 16.

    The optdigits bitmaps also have a normalised pen: every digit, a 1 as
    much as an 8, has about 313 ink pixels of 1,024 (median of the 1,797
    pictures; 95 % of them have 257…382), so a thin "1" was thickened to a
    bar 2–3 blocks wide. :func:`normalise_ink` does the same to a drawing
    whose bitmap has less ink than 257 pixels or more than 382: it grows the
    strokes by whole distance steps (or shrinks them) to come as close as
    possible to 313. A bitmap within the range is left as it is.

Each function returns a :class:`Preprocessed` with the pictures of the
steps (cut out, scaled, final), so a pad can show how the drawing became the
input. The resampling is done here with numpy (:func:`resize`); no imaging
library is needed.

This module neither draws nor classifies.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from nnapp.text import tr

MNIST_SIZE = 28
MNIST_BOX = 20
MNIST_CENTRE = 14.0
OPT_BITMAP = 32
OPT_BLOCK = 4
#: Ink pixels of an optdigits bitmap: (fewest, target, most) — the 2.5 %, 50 % and
#: 97.5 % points of the 1,797 pictures of scikit-learn's digits (sum of the 8×8 counts).
OPT_INK = (257, 313, 382)


class PreprocessError(ValueError):
    """A picture that cannot be prepared (wrong shape, not numbers)."""


@dataclass
class Preprocessed:
    """A drawing prepared for a network, with the pictures of every step.

    Attributes
    ----------
    style : str
        "mnist" or "optdigits".
    cropped : ndarray, shape (h, w), float64
        The drawing cut to the bounding box of its ink, values 0…1 (the
        whole drawing when there is no ink).
    scaled : ndarray, float64
        ``cropped`` scaled so that its longer side is 20 (MNIST) or 32
        (optdigits) pixels, greyscale 0…1.
    final : ndarray, shape (28, 28) or (8, 8), float64
        What the network sees, as a picture, values 0…1.
    bbox : tuple of int or None
        (top, left, bottom, right) of the ink in the drawing, bottom and right
        excluded; None when there is no ink.
    offset : tuple of int
        (row, col) where ``scaled`` (or the bitmap's ink) was placed.
    bitmap : ndarray of bool, shape (32, 32), or None
        optdigits: the black-and-white picture whose blocks are counted.
    counts : ndarray of int64, shape (8, 8), or None
        optdigits: ink pixels per 4×4 block, 0…16.
    """

    style: str
    cropped: np.ndarray
    scaled: np.ndarray
    final: np.ndarray
    bbox: tuple[int, int, int, int] | None
    offset: tuple[int, int] = (0, 0)
    bitmap: np.ndarray | None = None
    counts: np.ndarray | None = None

    @property
    def empty(self) -> bool:
        """True when the drawing has no ink (the input is all zeros)."""
        return self.bbox is None

    @property
    def vector(self) -> np.ndarray:
        """The network input: ``final`` row by row, shape (28·28,) or (64,)."""
        return self.final.reshape(-1).copy()


# --- small helpers -------------------------------------------------------------------------


def as_picture(image) -> np.ndarray:
    """A drawing as a 2-D float64 array of values 0…1.

    Integer arrays are taken as 0…255 and divided by 255; float values are
    clipped to [0, 1].

    Raises
    ------
    PreprocessError
        For anything that is not a non-empty 2-D array of finite numbers.
    """
    arr = np.asarray(image)
    if arr.ndim != 2 or arr.size == 0:
        raise PreprocessError(tr("a drawing must be a 2-D picture (rows, cols), got shape {shape}")
                              .format(shape=arr.shape))
    if arr.dtype == bool:
        return arr.astype(np.float64)
    if np.issubdtype(arr.dtype, np.integer):
        return np.clip(arr.astype(np.float64) / 255.0, 0.0, 1.0)
    try:
        out = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise PreprocessError(tr("a drawing must hold numbers")) from None
    if not np.all(np.isfinite(out)):
        raise PreprocessError(tr("a drawing holds a value that is not a finite number"))
    return np.clip(out, 0.0, 1.0)


def ink_bbox(picture: np.ndarray, threshold: float = 0.0) -> tuple[int, int, int, int] | None:
    """(top, left, bottom, right) of the pixels > ``threshold``; bottom/right excluded; None if none."""
    ink = picture > threshold
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero(ink.any(axis=0))
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def resample_matrix(n_in: int, n_out: int) -> np.ndarray:
    """Weights that resample a line of ``n_in`` pixels to ``n_out`` pixels.

    Shrinking (n_out ≤ n_in) averages areas: output pixel i covers the input
    interval [i·s, (i+1)·s) with s = n_in / n_out, and each input pixel
    counts with the length of its overlap, divided by s. Every row sums to 1,
    so flat grey stays the same grey and ink is neither made nor lost.
    Enlarging interpolates linearly between the pixel centres.

    Returns
    -------
    ndarray, shape (n_out, n_in)
    """
    if n_in < 1 or n_out < 1:
        raise PreprocessError(tr("cannot resample {n_in} pixels to {n_out}").format(n_in=n_in, n_out=n_out))
    M = np.zeros((n_out, n_in))
    if n_out <= n_in:
        s = n_in / n_out
        edges = np.arange(n_out + 1) * s
        for i in range(n_out):
            a, b = edges[i], edges[i + 1]
            j0, j1 = int(np.floor(a)), min(int(np.ceil(b)), n_in)
            j = np.arange(j0, j1)
            overlap = np.minimum(j + 1, b) - np.maximum(j, a)
            M[i, j] = np.clip(overlap, 0.0, None) / s
    else:
        s = n_in / n_out
        x = np.clip((np.arange(n_out) + 0.5) * s - 0.5, 0.0, n_in - 1)
        j0 = np.floor(x).astype(int)
        j1 = np.minimum(j0 + 1, n_in - 1)
        t = x - j0
        M[np.arange(n_out), j0] += 1.0 - t
        M[np.arange(n_out), j1] += t
    return M


def resize(picture: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """``picture`` resampled to ``shape`` (rows, cols), each axis by :func:`resample_matrix`."""
    h, w = picture.shape
    rows = resample_matrix(h, int(shape[0]))
    cols = resample_matrix(w, int(shape[1]))
    return rows @ picture @ cols.T


def fit_shape(h: int, w: int, box: int) -> tuple[int, int]:
    """(rows, cols) of an h×w picture scaled so that its longer side is ``box``, proportions kept."""
    s = box / max(h, w)
    return max(1, min(box, int(round(h * s)))), max(1, min(box, int(round(w * s))))


def centre_of_mass(picture: np.ndarray) -> tuple[float, float]:
    """(row, col) of the centre of mass of the values (pixel centres at whole numbers)."""
    total = picture.sum()
    if total <= 0:
        return (picture.shape[0] - 1) / 2, (picture.shape[1] - 1) / 2
    rows = (picture.sum(axis=1) * np.arange(picture.shape[0])).sum() / total
    cols = (picture.sum(axis=0) * np.arange(picture.shape[1])).sum() / total
    return float(rows), float(cols)


def place(picture: np.ndarray, size: tuple[int, int], offset: tuple[int, int]) -> np.ndarray:
    """``picture`` pasted with its top-left corner at ``offset`` in a zero field of ``size``; what falls outside is cut."""
    out = np.zeros(size, dtype=picture.dtype)
    top, left = offset
    h, w = picture.shape
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + h, size[0]), min(left + w, size[1])
    if r1 > r0 and c1 > c0:
        out[r0:r1, c0:c1] = picture[r0 - top:r1 - top, c0 - left:c1 - left]
    return out


def block_counts(bitmap: np.ndarray, block: int = OPT_BLOCK) -> np.ndarray:
    """Ink pixels in every ``block``×``block`` square of a bitmap, shape (rows/block, cols/block), int64."""
    b = np.asarray(bitmap).astype(np.int64)
    h, w = b.shape
    if h % block or w % block:
        raise PreprocessError(tr("a {h}×{w} bitmap does not divide into {block}×{block} blocks")
                              .format(h=h, w=w, block=block))
    return b.reshape(h // block, block, w // block, block).sum(axis=(1, 3))


def distance_to(mask: np.ndarray) -> np.ndarray:
    """Euclidean distance from every pixel to the nearest True pixel of ``mask`` (inf if there is none).

    Exact, in two passes over the axes: first the distance along each row to
    the nearest True pixel in that row, then for every pixel the smallest
    ``row_distance[k, col]² + (row − k)²`` over the rows k.

    Parameters
    ----------
    mask : ndarray of bool, shape (h, w)

    Returns
    -------
    ndarray, shape (h, w), float64
    """
    m = np.asarray(mask, dtype=bool)
    h, w = m.shape
    cols = np.arange(w, dtype=np.float64)
    along = np.abs(cols[:, None] - cols[None, :])                          # (w, w): |j − k|
    in_row = np.where(m[:, None, :], along[None, :, :], np.inf).min(axis=2)  # (h, w)
    rows = np.arange(h, dtype=np.float64)
    across = (rows[:, None] - rows[None, :]) ** 2                          # (h, h): (i − k)²
    squared = (in_row[None, :, :] ** 2 + across[:, :, None]).min(axis=1)   # (h, w)
    return np.sqrt(squared)


def normalise_ink(bitmap: np.ndarray, ink=OPT_INK) -> np.ndarray:
    """A bitmap whose pen is made wider or narrower so its ink count falls near the target.

    Parameters
    ----------
    bitmap : ndarray of bool, shape (h, w)
    ink : (int, int, int)
        (fewest, target, most). A bitmap with fewest ≤ ink ≤ most pixels is
        returned unchanged. With fewer, every background pixel within
        distance r of the ink becomes ink; with more, every ink pixel within
        distance r of the background (outside the bitmap counts as
        background) becomes background; r is the distance (one of those
        that occur) whose result is closest to the target. Erosion never
        removes all the ink.

    Returns
    -------
    ndarray of bool, shape (h, w)
    """
    low, target, high = ink
    b = np.asarray(bitmap, dtype=bool)
    count = int(b.sum())
    if count == 0 or low <= count <= high:
        return b.copy()
    if count < low:
        d = distance_to(b)
        levels = np.unique(d[~b])
        counts = count + np.searchsorted(np.sort(d[~b]), levels, side="right")
        r = levels[int(np.argmin(np.abs(counts - target)))]
        return b | (d <= r)
    padded = np.pad(b, 1, constant_values=False)
    d = distance_to(~padded)[1:-1, 1:-1]
    levels = np.unique(d[b])
    counts = count - np.searchsorted(np.sort(d[b]), levels, side="right")
    ok = counts > 0
    levels, counts = levels[ok], counts[ok]
    if levels.size == 0:
        return b.copy()
    r = levels[int(np.argmin(np.abs(counts - target)))]
    return b & ~(d <= r)


# --- the two recipes -----------------------------------------------------------------------


MAX_SLANT = 1.0
"""The largest slant :func:`deskew` straightens: one pixel sideways per pixel down (45°)."""


def deskew(picture: np.ndarray) -> np.ndarray:
    """``picture`` with its ink stood upright.

    The slant is the ink's second moment μ₁₁ / μ₀₂ (how far x moves per unit
    of y about the centre of mass), clipped to ±``MAX_SLANT``; row ``r`` is
    shifted by slant · (r − (h − 1)/2) pixels, with linear interpolation, so
    the picture's middle row stays in place.

    Parameters
    ----------
    picture : ndarray, shape (h, w)
        Ink high, 0…1.

    Returns
    -------
    ndarray, shape (h, w), float64
    """
    picture = np.asarray(picture, dtype=np.float64)
    h, w = picture.shape
    mass = picture.sum()
    if mass <= 0:
        return picture.copy()
    ys = np.arange(h, dtype=np.float64)
    xs = np.arange(w, dtype=np.float64)
    by_row = picture.sum(axis=1)
    dy = ys - by_row @ ys / mass
    dx = xs - picture.sum(axis=0) @ xs / mass
    mu11 = dy @ picture @ dx / mass
    mu02 = (dy * dy) @ by_row / mass
    if mu02 <= 1e-3:
        return picture.copy()
    slant = float(np.clip(mu11 / mu02, -MAX_SLANT, MAX_SLANT))
    source = xs[None, :] + slant * (ys[:, None] - (h - 1) / 2)
    left = np.floor(source).astype(np.intp)
    frac = source - left
    rows = np.arange(h)[:, None]

    def ink_at(cols: np.ndarray) -> np.ndarray:
        inside = (cols >= 0) & (cols < w)
        return np.where(inside, picture[rows, np.clip(cols, 0, w - 1)], 0.0)

    return ink_at(left) * (1.0 - frac) + ink_at(left + 1) * frac


def mnist_style(image, *, threshold: float = 0.0, normalise: bool = True, straighten: bool = True) -> Preprocessed:
    """A drawing as a 28×28 MNIST picture (see the module docstring).

    Parameters
    ----------
    image : array_like, shape (h, w)
        Greyscale drawing, ink high (floats 0…1, or integers 0…255).
    threshold : float
        Pixels above it count as ink for the bounding box.
    normalise : bool
        Divide the scaled picture by its largest value, so the darkest ink is
        1 as in MNIST (whose pictures nearly all reach 255), whatever the pen.
    straighten : bool
        Stand the placed picture upright (:func:`deskew`); False keeps its
        slant (as the MNIST photos are kept).

    Returns
    -------
    Preprocessed
        ``final`` shape (28, 28); ``vector`` is the network's 784 inputs.
    """
    picture = as_picture(image)
    bbox = ink_bbox(picture, threshold)
    if bbox is None:
        blank = np.zeros((MNIST_SIZE, MNIST_SIZE))
        return Preprocessed("mnist", picture, np.zeros((MNIST_BOX, MNIST_BOX)), blank, None)
    top, left, bottom, right = bbox
    cropped = picture[top:bottom, left:right]
    scaled = resize(cropped, fit_shape(*cropped.shape, MNIST_BOX))
    peak = scaled.max()
    if normalise and peak > 0:
        scaled = scaled / peak
    scaled = np.clip(scaled, 0.0, 1.0)
    cy, cx = centre_of_mass(scaled)
    h, w = scaled.shape
    row = min(max(int(np.floor(MNIST_CENTRE - cy + 0.5)), 0), MNIST_SIZE - h)
    col = min(max(int(np.floor(MNIST_CENTRE - cx + 0.5)), 0), MNIST_SIZE - w)
    final = place(scaled, (MNIST_SIZE, MNIST_SIZE), (row, col))
    if straighten:
        final = np.clip(deskew(final), 0.0, 1.0)
    return Preprocessed("mnist", cropped, scaled, final, bbox, (row, col))


def optdigits_style(image, *, threshold: float = 0.0, ink_level: float = 0.5,
                    ink: tuple[int, int, int] | None = OPT_INK) -> Preprocessed:
    """A drawing as an 8×8 optdigits picture (see the module docstring).

    Parameters
    ----------
    image : array_like, shape (h, w)
        Greyscale drawing, ink high.
    threshold : float
        Pixels above it count as ink for the bounding box.
    ink_level : float
        Grey at or above which a pixel of the scaled picture is ink in the
        32×32 bitmap.
    ink : (int, int, int) or None
        The pen normalisation of :func:`normalise_ink` (fewest, target, most
        ink pixels); None leaves the bitmap as the scaling made it.

    Returns
    -------
    Preprocessed
        ``bitmap`` (32, 32) bool, ``counts`` (8, 8) 0…16, ``final`` =
        counts / 16; ``vector`` is the network's 64 inputs.
    """
    picture = as_picture(image)
    n = OPT_BITMAP // OPT_BLOCK
    bbox = ink_bbox(picture, threshold)
    if bbox is None:
        bitmap = np.zeros((OPT_BITMAP, OPT_BITMAP), dtype=bool)
        counts = np.zeros((n, n), dtype=np.int64)
        return Preprocessed("optdigits", picture, np.zeros((OPT_BITMAP, OPT_BITMAP)), np.zeros((n, n)), None,
                            bitmap=bitmap, counts=counts)
    top, left, bottom, right = bbox
    cropped = picture[top:bottom, left:right]
    scaled = np.clip(resize(cropped, fit_shape(*cropped.shape, OPT_BITMAP)), 0.0, 1.0)
    ink_pixels = scaled >= ink_level
    if not ink_pixels.any():  # a faint drawing: its darkest pixels are the ink
        ink_pixels = scaled >= scaled.max()
    h, w = ink_pixels.shape
    offset = ((OPT_BITMAP - h) // 2, (OPT_BITMAP - w) // 2)
    bitmap = place(ink_pixels, (OPT_BITMAP, OPT_BITMAP), offset)
    if ink is not None:
        bitmap = normalise_ink(bitmap, ink)
    counts = block_counts(bitmap)
    return Preprocessed("optdigits", cropped, scaled, counts / float(OPT_BLOCK * OPT_BLOCK), bbox, offset,
                        bitmap=bitmap, counts=counts)


#: Style name → function, and the input image shape each gives.
STYLES = {"mnist": mnist_style, "optdigits": optdigits_style}
STYLE_SHAPES = {"mnist": (MNIST_SIZE, MNIST_SIZE), "optdigits": (OPT_BITMAP // OPT_BLOCK,) * 2}


def style_for_shape(image_shape) -> str:
    """The style whose final picture has ``image_shape``: (28, 28) → "mnist", (8, 8) → "optdigits".

    Raises
    ------
    PreprocessError
        For any other shape.
    """
    shape = tuple(int(n) for n in image_shape) if image_shape is not None else None
    for name, s in STYLE_SHAPES.items():
        if shape == s:
            return name
    raise PreprocessError(tr("no digit preprocessing makes {image_shape} pictures (only 28×28 and 8×8)")
                          .format(image_shape=image_shape))


def preprocess(image, image_shape) -> Preprocessed:
    """The drawing prepared for a network whose input layer is an ``image_shape`` picture."""
    return STYLES[style_for_shape(image_shape)](image)


__all__ = [
    "Preprocessed", "PreprocessError", "STYLES", "as_picture", "block_counts", "centre_of_mass", "deskew",
    "fit_shape", "ink_bbox", "mnist_style", "normalise_ink", "optdigits_style", "place", "preprocess", "resample_matrix", "resize",
    "style_for_shape",
]
