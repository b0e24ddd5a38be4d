"""Reading CSV files of numbers and turning them into datasets."""

import numpy as np
import pytest

from nnapp.engine.csvdata import CsvError, CsvTable, read_csv
from nnapp.engine.datasets import labels_from_one_hot


def write(tmp_path, text, name="data.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


# --- good files ---------------------------------------------------------------


def test_file_with_header(tmp_path):
    path = write(tmp_path, "weight,height,female\n-2,-1,1\n25,6,0\n17,4,0\n-15,-6,1\n")
    table = read_csv(path)
    assert isinstance(table, CsvTable)
    assert table.columns == ["weight", "height", "female"]
    assert table.values.dtype == np.float64
    np.testing.assert_array_equal(table.values, [[-2, -1, 1], [25, 6, 0], [17, 4, 0], [-15, -6, 1]])
    assert table.source == str(path)
    assert table.has_header and table.delimiter == ","
    ds = table.to_dataset(["weight", "height"], ["female"], name="people")
    assert ds.task == "classification" and ds.class_names == ["0", "1"]
    assert ds.input_names == ["weight", "height"] and ds.target_names == ["female"]
    np.testing.assert_array_equal(ds.Y[:, 0], [1, 0, 0, 1])
    assert ds.name == "people"


def test_file_without_header(tmp_path):
    table = read_csv(write(tmp_path, "1,2,3\n4,5,6\n"))
    assert table.columns == ["column 1", "column 2", "column 3"]
    assert not table.has_header
    np.testing.assert_array_equal(table.values, [[1, 2, 3], [4, 5, 6]])
    ds = table.to_dataset([0, 1], [2], name="n")
    assert ds.task == "regression" and ds.class_names is None
    np.testing.assert_array_equal(ds.Y, [[3], [6]])


def test_header_forced_either_way():
    table = read_csv("1,2\n3,4\n5,6\n", has_header=True)
    assert table.columns == ["1", "2"] and table.n_rows == 2
    with pytest.raises(CsvError, match="line 1, column 1: 'a' is not a number"):
        read_csv("a,b\n3,4\n", has_header=False)


def test_semicolon_and_tab_delimiters(tmp_path):
    table = read_csv(write(tmp_path, "a;b\n1.5;2\n3;4\n"))
    assert table.columns == ["a", "b"]
    np.testing.assert_array_equal(table.values, [[1.5, 2], [3, 4]])
    table = read_csv("a\tb\n1\t2\n3\t4\n")
    np.testing.assert_array_equal(table.values, [[1, 2], [3, 4]])
    assert table.delimiter == "\t"
    # an explicit delimiter wins over detection
    assert read_csv("a|b\n1|2\n3|4\n", delimiter="|").columns == ["a", "b"]


def test_utf8_bom_is_accepted(tmp_path):
    path = write(tmp_path, "\ufeffx,y\n1,2\n3,4\n")
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    table = read_csv(path)
    assert table.columns == ["x", "y"]


def test_number_forms_and_blank_lines_and_crlf(tmp_path):
    text = "a,b,c\r\n 3 ,1e-3,-2\r\n\r\n.5,+4.,1E2\r\n\r\n"
    table = read_csv(write(tmp_path, text))
    np.testing.assert_array_equal(table.values, [[3, 0.001, -2], [0.5, 4, 100]])


def test_quoted_header_name_with_comma():
    table = read_csv('"weight, lb",height\n1,2\n3,4\n')
    assert table.columns == ["weight, lb", "height"]


def test_single_data_row_reads_but_cannot_train():
    table = read_csv("a,b\n1,2\n")
    assert table.n_rows == 1
    with pytest.raises(CsvError, match="only 1 data row.*at least 2 rows"):
        table.to_dataset(["a"], ["b"], name="one")


def test_one_hot_target_from_labels():
    table = read_csv("x,kind\n0.1,3\n0.2,5\n0.3,3\n0.4,9\n")
    ds = table.to_dataset(["x"], "kind", name="k", one_hot_target=True)
    assert ds.Y.shape == (4, 3)
    assert ds.class_names == ["3", "5", "9"]
    assert ds.task == "classification"
    np.testing.assert_array_equal(labels_from_one_hot(ds.Y), [0, 1, 0, 2])
    assert ds.target_names == ["kind = 3", "kind = 5", "kind = 9"]


def test_one_hot_target_errors():
    table = read_csv("x,y,z\n1,0.5,1\n2,1,1\n")
    with pytest.raises(CsvError, match="0.5.*not a whole-number class label"):
        table.to_dataset(["x"], ["y"], name="t", one_hot_target=True)
    with pytest.raises(CsvError, match="one column of class labels"):
        table.to_dataset(["x"], ["y", "z"], name="t", one_hot_target=True)
    with pytest.raises(CsvError, match="single label"):
        table.to_dataset(["x"], ["z"], name="t", one_hot_target=True)


# --- broken files: each with its own message ----------------------------------------


def test_empty_file(tmp_path):
    with pytest.raises(CsvError, match="is empty"):
        read_csv(write(tmp_path, ""))
    with pytest.raises(CsvError, match="is empty"):
        read_csv(write(tmp_path, "\n \n\n", name="blank.csv"))


def test_only_a_header(tmp_path):
    with pytest.raises(CsvError, match="has a header .*but no data rows"):
        read_csv(write(tmp_path, "weight,height\n"))


def test_ragged_row(tmp_path):
    text = "a,b,c,d\n1,2,3,4\n5,6,7,8\n9,10,11\n"
    with pytest.raises(CsvError, match="line 4 has 3 values, the header has 4 columns"):
        read_csv(write(tmp_path, text))
    with pytest.raises(CsvError, match="line 3 has 3 values, line 1 has 2 columns"):
        read_csv("1,2\n3,4\n5,6,7\n")


def test_text_in_a_numeric_column(tmp_path):
    rows = "\n".join(f"{i},{60 + i}" for i in range(5))
    text = f"weight,height\n{rows}\n7,abc\n"
    with pytest.raises(CsvError, match="line 7, column 'height': 'abc' is not a number"):
        read_csv(write(tmp_path, text))


def test_decimal_comma_gets_a_hint():
    with pytest.raises(CsvError, match="'1,5' is not a number.*decimal point"):
        read_csv("a;b\n1,5;2\n3;4\n")


@pytest.mark.parametrize("cell, words", [("", "cell is empty"), ("nan", "'nan'"), ("inf", "'inf'"),
                                         ("-Infinity", "'-Infinity'"), ("1e999", "too large")])
def test_missing_or_not_finite(cell, words):
    text = f"1,2\n3,4\n5,{cell}\n"
    with pytest.raises(CsvError, match="line 3, column 2: missing or not finite") as info:
        read_csv(text)
    assert words in str(info.value)


def test_missing_cell_under_a_header_names_the_column():
    with pytest.raises(CsvError, match="line 2, column 'b': missing or not finite"):
        read_csv("a,b\n1, \n3,4\n")


def test_undecodable_bytes(tmp_path):
    path = write(tmp_path, "weight,height\n1,2\n3,4\n".encode("utf-8") + b"caf\xe9,5\n")
    with pytest.raises(CsvError, match="not UTF-8.*0xe9 on line 4"):
        read_csv(path)
    with pytest.raises(CsvError, match="not UTF-8"):
        read_csv(b"\xff\xfea,b\n")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(CsvError, match="does not exist"):
        read_csv(tmp_path / "nope.csv")
    with pytest.raises(CsvError, match="does not exist"):
        read_csv(str(tmp_path / "nope.csv"))
    with pytest.raises(CsvError, match="is a folder, not a CSV file"):
        read_csv(tmp_path)


def test_duplicate_header_names():
    with pytest.raises(CsvError, match="two columns are named 'a'"):
        read_csv("a,b,a\n1,2,3\n4,5,6\n")


def test_column_choice_errors():
    table = read_csv("a,b,c\n1,2,3\n4,5,6\n")
    with pytest.raises(CsvError, match="no column named 'z'; the columns are: 'a', 'b', 'c'"):
        table.to_dataset(["a", "z"], ["c"], name="t")
    with pytest.raises(CsvError, match="column index 5 is out of range"):
        table.to_dataset([5], ["c"], name="t")
    with pytest.raises(CsvError, match="column 'b' is used both as an input and as a target"):
        table.to_dataset(["a", "b"], [1], name="t")
    with pytest.raises(CsvError, match="chosen twice"):
        table.to_dataset(["a", 0], ["c"], name="t")
    with pytest.raises(CsvError, match="at least one input"):
        table.to_dataset([], ["c"], name="t")


def test_errors_are_value_errors():
    assert issubclass(CsvError, ValueError)
