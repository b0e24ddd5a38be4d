"""Preprocessing a drawing the way MNIST and optdigits pictures were made."""

import numpy as np
import pytest

from nnapp.engine.datasets import load_dataset, read_digit_archive
from nnapp.engine.preprocess import (
    PreprocessError,
    as_picture,
    block_counts,
    centre_of_mass,
    deskew,
    fit_shape,
    OPT_INK,
    ink_bbox,
    mnist_style,
    normalise_ink,
    optdigits_style,
    preprocess,
    resample_matrix,
    resize,
    style_for_shape,
)

# --- resampling -----------------------------------------------------------------------------


def test_area_average_by_hand():
    # 5 pixels to 2: each output covers 2.5 inputs; [1, 2, 3, 4, 5] → [(1+2+3/2)/2.5, (3/2+4+5)/2.5]
    M = resample_matrix(5, 2)
    np.testing.assert_allclose(M @ np.array([1.0, 2, 3, 4, 5]), [1.8, 4.2])
    np.testing.assert_allclose(M.sum(axis=1), 1.0)
    # an integer factor is the mean of each block
    img = np.arange(36.0).reshape(6, 6)
    np.testing.assert_allclose(resize(img, (2, 3)), img.reshape(2, 3, 3, 2).mean(axis=(1, 3)))
    # the same size is the identity, and enlarging keeps a flat grey flat
    np.testing.assert_array_equal(resize(img, (6, 6)), img)
    np.testing.assert_allclose(resize(np.full((3, 4), 0.25), (10, 7)), 0.25)


@pytest.mark.parametrize("n_in, n_out", [(280, 20), (97, 20), (21, 20), (7, 32), (1, 5), (40, 1)])
def test_resampling_keeps_the_amount_of_ink_when_shrinking(n_in, n_out):
    M = resample_matrix(n_in, n_out)
    np.testing.assert_allclose(M.sum(axis=1), 1.0)
    if n_out <= n_in:  # every input pixel is spread over the outputs with total weight n_out / n_in
        np.testing.assert_allclose(M.sum(axis=0), n_out / n_in)


def test_helpers():
    pic = np.zeros((10, 12))
    pic[2:5, 3:9] = 1
    assert ink_bbox(pic) == (2, 3, 5, 9)
    assert ink_bbox(np.zeros((4, 4))) is None
    assert centre_of_mass(pic) == (3.0, 5.5)
    assert fit_shape(200, 50, 20) == (20, 5) and fit_shape(30, 90, 32) == (11, 32) and fit_shape(1000, 1, 20) == (20, 1)
    np.testing.assert_array_equal(block_counts(np.ones((8, 4), bool)), [[16], [16]])
    np.testing.assert_array_equal(as_picture(np.array([[0, 255]], np.uint8)), [[0.0, 1.0]])
    np.testing.assert_array_equal(as_picture([[-1.0, 2.0]]), [[0.0, 1.0]])
    with pytest.raises(PreprocessError, match="2-D"):
        mnist_style(np.zeros(5))
    with pytest.raises(PreprocessError, match="finite"):
        optdigits_style([[np.nan]])
    assert style_for_shape((28, 28)) == "mnist" and style_for_shape([8, 8]) == "optdigits"
    with pytest.raises(PreprocessError, match="only 28×28 and 8×8"):
        preprocess(pic, (16, 16))


def test_empty_drawing_gives_zeros():
    for style, size in ((mnist_style, 784), (optdigits_style, 64)):
        p = style(np.zeros((50, 60)))
        assert p.empty and p.bbox is None
        assert p.vector.shape == (size,) and not p.vector.any()


# --- MNIST ------------------------------------------------------------------------------------


def test_mnist_steps_on_a_bar():
    # a 200×40 bar of ink anywhere on a 280×280 pad becomes a 20×4 bar, centred on pixel (14, 14)
    pad = np.zeros((280, 280))
    pad[30:230, 100:140] = 1.0
    p = mnist_style(pad)
    assert p.bbox == (30, 100, 230, 140)
    assert p.cropped.shape == (200, 40) and p.scaled.shape == (20, 4)
    np.testing.assert_allclose(p.scaled, 1.0)
    assert p.final.shape == (28, 28) and p.final.sum() == pytest.approx(80)
    # centre of mass (9.5, 1.5) in the bar: placed at row round(14 − 9.5) = 5 (half up), col round(12.5) = 13
    assert p.offset == (5, 13)
    np.testing.assert_allclose(p.final[5:25, 13:17], 1.0)


def mnist_rows():
    ds = load_dataset("mnist5k", split="test")
    return ds.X.reshape(-1, 28, 28)[::5], ds.labels()[::5]  # 200 images, 20 of every digit


def test_an_mnist_picture_enlarged_tenfold_comes_back():
    # An MNIST picture already is the result of the recipe: its ink fits 20×20 (the longer side is
    # 20 in 4,999 of the 5,000 pictures) and its centre of mass is on pixel (14, 14). Enlarged ×10
    # with square blocks, its ink box is exactly 10 times its own, shrinking by area-averaging ×1/10
    # gives every block's value back exactly, and the centring finds the same whole-pixel shift.
    # The one change is the normalisation to a peak of 1: a picture whose darkest pixel is 254/255
    # is multiplied by 255/254, which moves any value by at most 1/255. Hence the tolerance 1/255.
    images, _ = mnist_rows()
    for image in images:
        pad = np.zeros((300, 420))
        pad[7:287, 53:333] = np.kron(image, np.ones((10, 10)))  # anywhere on a larger pad
        p = mnist_style(pad, straighten=False)   # the recipe of the photos themselves
        assert p.scaled.shape[0] == 20 or p.scaled.shape[1] == 20
        np.testing.assert_allclose(p.final, image, rtol=0, atol=1 / 255 + 1e-12)


def test_an_mnist_picture_enlarged_smoothly_stays_close():
    # Enlarged ×10 by linear interpolation instead, the grey edges spread by about half a source
    # pixel on each side, so the ink box is ~5 % larger, the digit comes back ~5 % smaller and
    # slightly blurred, and the centring can round to the neighbouring pixel. Measured on these
    # pictures the mean absolute difference is 0.03 (median) and below 0.09 for all; 0.1 leaves
    # room, while two pictures of different digits differ by 0.17 (median; 0.11 for the closest 5 %).
    images, _ = mnist_rows()
    diffs = [np.abs(mnist_style(resize(image, (280, 280)), straighten=False).final - image).mean()
             for image in images[::2]]
    assert max(diffs) < 0.1
    assert np.median(diffs) < 0.05


def test_a_slanted_bar_is_stood_upright():
    # a bar leaning right by one pixel every two rows: slant μ11/μ02 = 0.5, undone row by row
    picture = np.zeros((28, 28))
    for r in range(4, 24):
        picture[r, 14 + (13 - r) // 2] = 1.0
    upright = deskew(picture)
    columns = upright.sum(axis=0)
    assert upright.sum() == pytest.approx(picture.sum(), rel=0.02)
    assert columns.max() > 0.8 * upright.sum() / 2  # nearly all the ink in two neighbouring columns
    assert np.count_nonzero(columns > 0.05) <= 3
    # already upright, blank: unchanged
    bar = np.zeros((28, 28))
    bar[4:24, 13] = 1.0
    np.testing.assert_allclose(deskew(bar), bar, atol=1e-12)
    assert not deskew(np.zeros((28, 28))).any()


def test_a_drawing_is_straightened_by_default():
    pad = np.zeros((200, 200))
    for r in range(20, 180):
        pad[r, 100 + (100 - r) // 3 - 4: 100 + (100 - r) // 3 + 4] = 1.0   # a 1 leaning right
    straight, kept = mnist_style(pad).final, mnist_style(pad, straighten=False).final
    width = lambda final: np.count_nonzero(final.sum(axis=0) > 0.5)  # noqa: E731
    assert width(straight) < width(kept) - 2


# --- optdigits ----------------------------------------------------------------------------------


ORDER = sorted(((r, c) for r in range(4) for c in range(4)), key=lambda rc: (rc[0] + rc[1], rc[0]))


def render_bitmap(counts: np.ndarray) -> np.ndarray:
    """A 32×32 bitmap whose 4×4 blocks hold ``counts`` ink pixels.

    Each block is filled starting from its corner that points away from the picture's centre,
    so the ink of the outer blocks reaches the block's outer edge.
    """
    bitmap = np.zeros((32, 32), dtype=bool)
    for i in range(8):
        for j in range(8):
            rows = np.arange(4) if i < 4 else np.arange(3, -1, -1)
            cols = np.arange(4) if j < 4 else np.arange(3, -1, -1)
            for r, c in ORDER[: counts[i, j]]:
                bitmap[4 * i + rows[r], 4 * j + cols[c]] = True
    return bitmap


def test_an_8x8_digit_rendered_as_its_bitmap_gives_the_same_counts():
    # optdigits scaled the digit so its longer side is 32 and centred it. A bitmap whose ink spans all
    # 32 rows and block columns l…7−l (symmetric about the middle) already is such a picture: the
    # scale is 1, the centring moves it by 0, and counting the blocks gives the 8×8 values back.
    # Its amount of ink is the dataset's own, so the pen normalisation leaves it alone too when it
    # is within the range OPT_INK (95 % of the pictures); those outside are checked without it.
    raw = read_digit_archive("digits8")
    checked = 0
    for row in raw["X"][raw["test"]]:
        counts = row.reshape(8, 8).astype(int)
        rows_used = np.flatnonzero(counts.sum(axis=1))
        cols_used = np.flatnonzero(counts.sum(axis=0))
        if rows_used[0] != 0 or rows_used[-1] != 7 or cols_used[0] + cols_used[-1] != 7:
            continue
        in_range = OPT_INK[0] <= counts.sum() <= OPT_INK[2]
        bitmap = render_bitmap(counts)
        np.testing.assert_array_equal(block_counts(bitmap), counts)
        p = optdigits_style(bitmap.astype(float), **({} if in_range else {"ink": None}))
        assert p.scaled.shape[0] == 32 and p.offset[0] == 0
        np.testing.assert_array_equal(p.bitmap, bitmap)
        np.testing.assert_array_equal(p.counts, counts)
        np.testing.assert_array_equal(p.vector, row / 16)
        checked += 1
    assert checked > 200  # most digits span columns 1…6 (277 of the 359 test rows)


def test_optdigits_scales_a_large_drawing_down_to_the_same_counts():
    # the same bitmap drawn ×9 larger on a pad (each pixel a 9×9 square) gives the same counts
    raw = read_digit_archive("digits8")
    counts = raw["X"][0].reshape(8, 8).astype(int)
    bitmap = render_bitmap(counts)
    pad = np.zeros((320, 300))
    pad[10:298, 5:293] = np.kron(bitmap, np.ones((9, 9)))
    p = optdigits_style(pad)
    assert p.cropped.shape[0] == 288
    np.testing.assert_array_equal(p.counts, block_counts(p.bitmap))
    # the ink box is 32 bitmap pixels high either way, and area-averaging a ×9 picture by 1/9 is exact
    np.testing.assert_array_equal(p.counts, optdigits_style(bitmap.astype(float)).counts)


def test_optdigits_steps_on_a_bar():
    pad = np.zeros((200, 200))
    pad[20:180, 90:130] = 0.8  # 160×40 of grey ink → 32×8 bitmap, centred at columns 12…19
    p = optdigits_style(pad, ink=None)
    assert p.scaled.shape == (32, 8) and p.offset == (0, 12)
    assert p.bitmap.sum() == 256 and p.bitmap[:, 12:20].all()
    np.testing.assert_array_equal(p.counts[:, 3:5], 16)
    assert p.counts.sum() == 256 and p.final.max() == 1.0


def test_pen_normalisation_by_hand():
    # a 1-pixel line of 20 pixels, target 60 within [50, 70]: distances 1 add the two side
    # columns and the two end pixels (20 + 40 + 2 = 62 ≥ 50), closest to 60
    b = np.zeros((32, 32), bool)
    b[6:26, 15] = True
    grown = normalise_ink(b, (50, 60, 70))
    assert grown.sum() == 62 and grown[6:26, 14:17].all() and grown[5, 15] and grown[26, 15]
    # a full 10×10 square (100 pixels), target 40 within [30, 50]: removing the ring at distance 1
    # (36 pixels) leaves 64, distance 2 leaves 36 → 36
    sq = np.zeros((32, 32), bool)
    sq[5:15, 5:15] = True
    shrunk = normalise_ink(sq, (30, 40, 50))
    assert shrunk.sum() == 36 and shrunk[7:13, 7:13].all()
    # within the range: unchanged
    np.testing.assert_array_equal(normalise_ink(sq, (50, 100, 150)), sq)
    # never all the ink away
    assert normalise_ink(b, (1, 1, 2)).sum() >= 1


def test_optdigits_pen_is_normalised_like_the_dataset():
    # a thin drawn "1" (a line of width ~2 at 32 pixels) gets as much ink as the dataset's digits
    pad = np.zeros((280, 280))
    pad[40:240, 136:144] = 1.0
    thin = optdigits_style(pad, ink=None)
    assert thin.counts.sum() < 100
    p = optdigits_style(pad)
    assert OPT_INK[0] <= p.counts.sum() <= OPT_INK[2]
    assert np.all(p.counts[:, 3:5] == 16)  # a bar two blocks wide and more


def test_the_distance_transform_equals_the_distances_pixel_by_pixel():
    from nnapp.engine.preprocess import distance_to

    rng = np.random.default_rng(5)
    for density in (0.01, 0.1, 0.5, 0.9):
        mask = rng.random((32, 32)) < density
        mask[rng.integers(32), rng.integers(32)] = True
        to = np.argwhere(mask).astype(np.float64)
        grid = np.argwhere(np.ones_like(mask)).astype(np.float64)
        brute = np.sqrt(((grid[:, None, :] - to[None, :, :]) ** 2).sum(axis=2).min(axis=1)).reshape(mask.shape)
        np.testing.assert_array_equal(distance_to(mask), brute)
    assert np.all(np.isinf(distance_to(np.zeros((4, 5), dtype=bool))))
