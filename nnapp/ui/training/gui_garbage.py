"""Python's cyclic garbage collected on the GUI thread only, while a worker thread runs.

Python collects reference cycles in whichever thread happens to allocate
when a threshold is reached. If that is the training thread and the
garbage holds Qt objects (a closed dialog, an old window's widgets), their
C++ destructors run there while the GUI thread may be deleting other Qt
objects: the two threads can then wait on each other (Qt's object mutex on
one side, the GIL on the other) and the window freezes for good. While a
worker thread runs, :class:`GuiThreadGarbage` turns automatic collection
off and collects from a timer on the GUI thread instead (the way
pyqtgraph's own ``GarbageCollector`` does for a whole application).

What already exists when training starts is frozen (``gc.freeze``) until
it ends: the collections in between only look at what training made, not
at every object of a large data set (4000 rows of 784 numbers typed into
the document took a full collection 70 ms).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadGarbage(QObject):
    """Between :meth:`start` and :meth:`stop`, garbage is collected only here, on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled: bool | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)

    def start(self) -> None:
        if self._was_enabled is not None:
            return
        self._was_enabled = gc.isenabled()
        gc.disable()
        gc.freeze()
        self._timer.start()

    def stop(self) -> None:
        if self._was_enabled is None:
            return
        self._timer.stop()
        self.collect()
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()
        self._was_enabled = None

    def collect(self) -> None:
        """Collect the generations whose thresholds were passed, youngest first (as Python would)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return
