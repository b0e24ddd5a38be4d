"""Test set-up shared by all tests.

Qt is told to draw offscreen before any QApplication exists; engine and model
tests never import Qt at all.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
