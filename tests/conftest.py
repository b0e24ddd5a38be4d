"""Test set-up shared by all tests.

Qt is told to draw offscreen before any QApplication exists; engine and model
tests never import Qt at all.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The suite reads nnapp in English whatever this machine's locale; a test
# that needs another language asks for it (and is put back afterwards).
os.environ["LANGUAGE"] = "en"

import pytest  # noqa: E402

from nnapp.language import current_language, use_language  # noqa: E402

from hypothesis import settings as hypothesis_settings  # noqa: E402

# The same examples on every run, so the suite is deterministic; set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples.
hypothesis_settings.register_profile("deterministic", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("explore", max_examples=500)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture(autouse=True)
def _english_again():
    """Every test starts in English, whatever the one before switched to."""
    if current_language() != "en":
        use_language("en")
    yield
    if current_language() != "en":
        use_language("en")
