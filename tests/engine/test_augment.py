"""Augmentation of digit pictures: the geometry by hand, pen widths, determinism."""

import numpy as np
import pytest

from nnapp.engine.augment import affine, augment, elastic, gaussian_matrix, sample_bilinear, thicken, thin
from nnapp.engine.preprocess import mnist_style


def dot(h=9, w=9, r=4, c=4):
    img = np.zeros((1, h, w))
    img[0, r, c] = 1.0
    return img


def no_change():
    return dict(max_shift=0.0, max_rotation=0.0, scale=(1.0, 1.0), aspect=(1.0, 1.0), max_shear=0.0)


def test_bilinear_sampling_by_hand():
    img = np.array([[[0.0, 1.0], [2.0, 3.0]]])
    # halfway between the four pixels: their mean; outside the picture: 0; half a pixel outside: half
    got = sample_bilinear(img, np.array([[[0.5, 0.0, -1.0, -0.5]]]), np.array([[[0.5, 1.0, 0.0, 1.0]]]))
    np.testing.assert_allclose(got, [[[1.5, 1.0, 0.0, 0.5]]])


def test_affine_without_change_is_the_identity():
    rng = np.random.default_rng(0)
    img = rng.random((3, 10, 12))
    np.testing.assert_allclose(affine(img, rng, **no_change()), img, atol=1e-12)


def blob(h=29, w=29, r=14.0, c=14.0, sigma=1.5):
    yy, xx = np.mgrid[0:h, 0:w]
    return np.exp(-((yy - r) ** 2 + (xx - c) ** 2) / (2 * sigma**2))[None]


def mass_centre(img):
    yy, xx = np.mgrid[0:img.shape[0], 0:img.shape[1]]
    return (img * yy).sum() / img.sum(), (img * xx).sum() / img.sum()


def draws(seed, n_before):
    """A generator that has made the ``n_before`` draws affine makes before the one under test."""
    g = np.random.default_rng(seed)
    for _ in range(n_before):
        g.uniform(size=1)
    return g


def test_affine_shift():
    # affine draws angle, scale, aspect, shear, then the shift (x, y)
    dx, dy = draws(5, 4).uniform(-3, 3, (1, 2))[0]
    out = affine(dot(), np.random.default_rng(5), **{**no_change(), "max_shift": 3.0})
    # bilinear resampling of a single dot keeps its ink and moves its centre of mass exactly
    assert out.sum() == pytest.approx(1.0)
    assert mass_centre(out[0]) == pytest.approx((4 + dy, 4 + dx), abs=1e-9)


def test_affine_rotation():
    angle = np.radians(draws(8, 0).uniform(-90, 90, 1)[0])
    out = affine(blob(c=20.0), np.random.default_rng(8), **{**no_change(), "max_rotation": 90.0})
    # a blob 6 pixels right of the centre turns by the angle; rows grow downwards, so a positive
    # angle turns it clockwise on the screen: to (14 + 6 sin a, 14 + 6 cos a)
    r, c = mass_centre(out[0])
    assert (r, c) == pytest.approx((14 + 6 * np.sin(angle), 14 + 6 * np.cos(angle)), abs=0.02)


def test_affine_scale_and_aspect():
    square = np.zeros((1, 21, 21))
    square[0, 8:13, 8:13] = 1.0
    big = affine(square, np.random.default_rng(0), **{**no_change(), "scale": (2.0, 2.0)})
    assert big.sum() == pytest.approx(100.0, rel=0.05)  # 5×5 → 10×10
    narrow = affine(np.pad(np.ones((1, 8, 8)), ((0, 0), (6, 6), (6, 6))), np.random.default_rng(0),
                    **{**no_change(), "aspect": (0.5, 0.5)})
    assert narrow.sum() == pytest.approx(32.0, rel=0.1)  # the width halves, the height stays
    assert np.flatnonzero(narrow[0].sum(axis=1) > 1e-9).size == 8


def test_shear_slants_to_the_right_above_the_centre():
    bar = np.zeros((1, 21, 21))
    bar[0, 2:19, 10] = 1.0  # a vertical bar through the centre
    slanted = affine(bar, np.random.default_rng(0), **{**no_change(), "max_shear": 0.0})
    np.testing.assert_allclose(slanted, bar, atol=1e-12)
    out = affine(bar, np.random.default_rng(1), **{**no_change(), "max_shear": 0.5})
    k = draws(1, 3).uniform(-0.5, 0.5, 1)[0]
    top_col = (out[0, 3] * np.arange(21)).sum() / out[0, 3].sum()
    bottom_col = (out[0, 17] * np.arange(21)).sum() / out[0, 17].sum()
    # row 3 is 7 rows above the centre row 10: x moves by 7k; row 17 by −7k
    assert top_col == pytest.approx(10 + 7 * k, abs=1e-9)
    assert bottom_col == pytest.approx(10 - 7 * k, abs=1e-9)


def test_pen_width():
    line = np.zeros((1, 9, 9))
    line[0, :, 4] = 1.0
    assert thicken(line, 0.0).sum() == line.sum()
    np.testing.assert_array_equal(thicken(line, 1.0)[0, 4], [0, 0, 0, 1, 1, 1, 0, 0, 0])
    np.testing.assert_allclose(thicken(line, 0.5)[0, 4], [0, 0, 0, 0.5, 1, 0.5, 0, 0, 0])
    np.testing.assert_array_equal(thicken(line, 2.0)[0, 4], [0, 0, 1, 1, 1, 1, 1, 0, 0])
    wide = thicken(line, 2.0)
    np.testing.assert_array_equal(thin(wide, 1.0)[0, 4], [0, 0, 0, 1, 1, 1, 0, 0, 0])
    np.testing.assert_allclose(thin(wide, 0.5)[0, 4], [0, 0, 0.5, 1, 1, 1, 0.5, 0, 0])
    # one amount per picture
    two = np.concatenate([line, line])
    out = thicken(two, np.array([0.0, 1.0]))
    assert out[0].sum() == 9 and out[1].sum() == 27
    with pytest.raises(ValueError, match="≥ 0"):
        thin(line, -1.0)


def test_gaussian_matrix_and_elastic():
    G = gaussian_matrix(7, 1.5)
    np.testing.assert_allclose(G.sum(axis=1), 1.0)
    np.testing.assert_allclose(G, G[::-1, ::-1])
    # on a ramp whose value is the column number, bilinear sampling is exact, so the change of
    # each pixel is its column displacement: root-mean-square alpha (here over the inner pixels,
    # whose samples stay inside the picture)
    ramp = np.tile(np.arange(28.0), (3, 28, 1))
    bent = elastic(ramp, np.random.default_rng(0), alpha=1.5, sigma=4.0)
    moved = (bent - ramp)[:, 6:-6, 6:-6]
    assert np.sqrt((moved**2).mean()) == pytest.approx(1.5, rel=0.3)
    # and it is smooth: neighbours move by much less than the displacement itself
    assert np.abs(np.diff(moved, axis=2)).mean() < 0.3 * np.abs(moved).mean()
    np.testing.assert_allclose(elastic(ramp, np.random.default_rng(0), alpha=0.0), ramp, atol=1e-12)


def test_augment_is_deterministic_and_prepares_like_a_drawing():
    rng = np.random.default_rng(0)
    img = np.zeros((4, 28, 28))
    img[:, 4:24, 12:16] = 1.0
    img[:, 4:8, 8:16] = 1.0
    a = augment(img, np.random.default_rng(3))
    b = augment(img, np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    assert a.shape == img.shape and a.min() >= 0 and a.max() <= 1
    assert not np.allclose(augment(img, np.random.default_rng(4)), a)
    prepared = augment(img, rng, prepare=lambda p: mnist_style(p, threshold=0.1).final)
    for p in prepared:  # back in the 20-pixel box, centred by mass
        rows = np.flatnonzero(p.max(axis=1) > 0.1)
        cols = np.flatnonzero(p.max(axis=0) > 0.1)
        assert max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 <= 21
        assert p.max() == pytest.approx(1.0)
