"""UI fixtures: settings in a temporary file, never the user's own."""

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "nnapp.ini"), QSettings.Format.IniFormat)
