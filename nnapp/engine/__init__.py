"""The maths of nnapp: networks as numpy arrays, passes, traces, training.

numpy and the standard library only; nothing here knows of documents or Qt.
Import from the submodules (``nnapp.engine.network``, ``.propagation``,
``.trace``, ``.training`` …); each says in its docstring what it is.
"""
