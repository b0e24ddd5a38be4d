"""A network file is written only when its data section can be read back."""

from __future__ import annotations

import pytest

from nnapp.engine.network import Network
from nnapp.engine.serialize import FileFormatError, NetworkFile, dumps
from nnapp.model.files import dumps_file, save_file


def test_writing_refuses_a_data_section_that_could_not_be_read_back(tmp_path):
    net = Network.dense([2, 2, 1])
    nf = NetworkFile(net, data={"inputs": [[1, 2, 3]], "targets": [[1]]}, title="First tutorial")
    with pytest.raises(FileFormatError, match="data.inputs"):
        dumps_file(nf)
    with pytest.raises(FileFormatError, match="data.inputs"):
        save_file(nf, tmp_path / "net.nnapp")
    assert not (tmp_path / "net.nnapp").exists()
    nf.data = {"dataset": "gender"}
    assert dumps_file(nf) == dumps(nf)
