"""The command line of nnapp (``nnapp …`` or ``python -m nnapp …``).

``main.py`` holds the sub-commands ``examples``, ``trace``, ``train`` and
``predict``. It uses the engine only: no Qt, no display needed.
"""
