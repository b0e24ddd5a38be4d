"""Reading a drawn digit: the pad's path from a picture to the network's input gives the datasets' own pictures."""

import numpy as np
import pytest

from nnapp.engine.datasets import DATASETS_DIR, digits8, mnist5k
from nnapp.engine.preprocess import block_counts, deskew, ink_bbox, preprocess
from nnapp.model.digits import digit_image_shape, digit_problem, read_digit
from nnapp.model.document import Document
from nnapp.model.files import open_example


def example(name):
    doc = Document()
    open_example(doc, name)
    return doc


@pytest.fixture(scope="module")
def mnist_doc():
    return example("mnist")


@pytest.fixture(scope="module")
def digits8_doc():
    return example("digits8")


# --- which networks read digits ------------------------------------------------------------


def test_the_digit_examples_read_digits(mnist_doc, digits8_doc):
    assert digit_problem(mnist_doc) is None and digit_image_shape(mnist_doc) == (28, 28)
    assert digit_problem(digits8_doc) is None and digit_image_shape(digits8_doc) == (8, 8)


def test_other_networks_are_told_why_not():
    doc = example("gender")  # 2-2-1
    assert digit_image_shape(doc) is None
    problem = digit_problem(doc)
    assert "2 inputs and 1 output" in problem and "784" in problem and "64" in problem
    with pytest.raises(ValueError, match="2 inputs and 1 output"):
        read_digit(doc, np.zeros((10, 10)))
    assert "no network yet" in digit_problem(Document())


# --- the pad's path gives the datasets' representation -------------------------------------


def test_an_mnist_picture_drawn_ten_times_larger_comes_back(mnist_doc):
    """Test pictures of mnist5k (every fifth: 20 of each digit), enlarged ×10 to 280×280 (each
    pixel a 10×10 square, as large as the pad's 280×280 drawing), come back as the dataset's rows
    stood upright (the pad straightens a drawing; ``deskew``).

    MNIST pictures are already cut to a 20-pixel box and centred by their centre of mass, so
    cutting to the ink and shrinking 10 times gives back the same 20-pixel box, and the centring
    puts it at the same place. The one difference allowed is 1/255: the pad's path makes the
    darkest ink exactly 1, and a few pictures have their darkest pixel at 254/255 (a scale
    that does not change the slant).
    """
    test = mnist5k("test")
    worst = 0.0
    for row in test.X[::5]:
        picture = np.kron(row.reshape(28, 28), np.ones((10, 10)))
        reading = read_digit(mnist_doc, picture)
        upright = np.clip(deskew(row.reshape(28, 28)), 0.0, 1.0).ravel()
        worst = max(worst, float(np.abs(reading.vector - upright).max()))
    assert worst <= 1 / 255 + 1e-9


def bitmap_from_counts(counts):
    """A 32×32 bitmap whose 4×4 blocks hold ``counts`` ink pixels, drawn the optdigits way:
    the ink reaches the top and the bottom row, and is centred left to right (as the
    preprocessing centres it). None when the counts allow no such bitmap.

    Every block fills its pixels nearest to the edges the ink must reach first: a block of the
    top block row starts with its top pixel row, a block of the leftmost block column with the
    pixel column where the ink starts, and so on.
    """
    rows = np.flatnonzero(counts.sum(axis=1))
    cols = np.flatnonzero(counts.sum(axis=0))
    if rows[0] != 0 or rows[-1] != 7 or cols[0] == cols[-1]:
        return None
    c0, c1 = cols[0], cols[-1]
    for a in range(4):           # ink starts at pixel column a of block column c0 …
        for b in range(4):       # … and ends b pixels before the end of block column c1
            left, right = 4 * c0 + a, 4 * c1 + 4 - b
            if (32 - (right - left)) // 2 != left:
                continue
            bitmap = np.zeros((32, 32), dtype=bool)
            fits = True
            for r, c in zip(*np.nonzero(counts)):
                lo, hi = (a if c == c0 else 0), (3 - b if c == c1 else 3)
                want_row = {0: 0, 7: 3}.get(r)
                want_col = a if c == c0 else (3 - b if c == c1 else None)
                pixels = [(pr, pc) for pr in range(4) for pc in range(lo, hi + 1)]
                pixels.sort(key=lambda p: (0 if want_row is None else abs(p[0] - want_row))
                            + (0 if want_col is None else abs(p[1] - want_col)))
                n = counts[r, c]
                if n > len(pixels):
                    fits = False
                    break
                for pr, pc in pixels[:n]:
                    bitmap[4 * r + pr, 4 * c + pc] = True
            if fits:
                return bitmap
    return None


def test_an_8x8_row_drawn_back_as_its_bitmap_gives_its_counts_exactly(digits8_doc):
    """A digits8 test row (counts of ink in 4×4 blocks) is drawn back as a 32×32 bitmap with
    those counts, enlarged ×8 to 256×256 and read by the pad's path: the counts come back
    exactly, and the input is counts / 16, as in the dataset.

    Left out: rows whose ink (sum of counts) is outside the pen-normalisation range 257…382
    (the pad's path widens or narrows their pen on purpose), and rows whose blocks admit no
    bitmap centred left to right (79 of the test rows: in the dataset the ink of some digits
    is off centre, e.g. spans block columns 2…7, which the pad's centring cannot give back).
    """
    test = digits8("test")
    checked = 0
    for row in test.X:
        counts = np.rint(row * 16).astype(np.int64).reshape(8, 8)
        if not 257 <= counts.sum() <= 382:
            continue
        bitmap = bitmap_from_counts(counts)
        if bitmap is None:
            continue
        np.testing.assert_array_equal(block_counts(bitmap), counts)
        top, left, bottom, right = ink_bbox(bitmap)
        assert (top, bottom) == (0, 32) and left + right in (31, 32)

        reading = read_digit(digits8_doc, np.kron(bitmap, np.ones((8, 8))))
        np.testing.assert_array_equal(reading.preprocessed.counts, counts)
        np.testing.assert_array_equal(reading.preprocessed.bitmap, bitmap)
        np.testing.assert_array_equal(reading.vector, row)
        checked += 1
    assert checked == 266  # of the 359 test rows (345 with ink in range)


# --- reading ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn():
    with np.load(DATASETS_DIR / "drawn_validation.npz", allow_pickle=False) as f:
        return f["images"], f["labels"].astype(np.int64)


def test_the_mnist_example_reads_drawn_digits(mnist_doc, drawn):
    images, labels = drawn
    right = 0
    for image, label in zip(images[::48], labels[::48]):  # 5 of every digit
        reading = read_digit(mnist_doc, image)
        assert reading.is_probability and reading.scores.shape == (10,)
        assert reading.scores.sum() == pytest.approx(1.0)
        assert reading.confidence == reading.scores.max()
        np.testing.assert_array_equal(reading.vector, preprocess(image, (28, 28)).vector)
        right += reading.digit == label
    assert right >= 47  # of 50


def test_an_empty_drawing_reads_as_no_digit(mnist_doc):
    reading = read_digit(mnist_doc, np.zeros((280, 280)))
    assert reading.empty and reading.digit is None and reading.confidence == 0.0
    np.testing.assert_array_equal(reading.scores, np.zeros(10))
    np.testing.assert_array_equal(reading.vector, np.zeros(784))


def test_the_input_is_normalised_like_the_data():
    doc = example("digits8")
    picture = np.kron(digits8("test").X[0].reshape(8, 8) > 0.5, np.ones((8, 8)))
    plain = read_digit(doc, picture)
    shift, scale = np.full(64, 0.25), np.full(64, 0.5)
    doc.set_data(dict(doc.data, normalise={"method": "standardise", "shift": shift.tolist(),
                                           "scale": scale.tolist()}))
    normalised = read_digit(doc, picture)
    # x' = (x − 0.25) / 0.5: a full block (1) gives 1.5, an empty one (0) gives −0.5
    np.testing.assert_allclose(normalised.vector, (plain.vector - 0.25) / 0.5)
    assert not np.allclose(normalised.scores, plain.scores)


def test_a_sigmoid_output_layer_gives_outputs_not_probabilities():
    doc = example("digits8")
    doc.layers[-1].activation = "sigmoid"
    doc._structure_edited()
    picture = np.kron(digits8("test").X[0].reshape(8, 8) > 0.5, np.ones((8, 8)))
    reading = read_digit(doc, picture)
    assert not reading.is_probability
    assert np.all((reading.scores >= 0) & (reading.scores <= 1))
