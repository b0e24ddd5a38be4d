"""Preparing the drawn test set on the GUI thread in slices, so the window keeps answering.

Reading and preparing the 2,400 drawings of the drawn test set takes one to
three seconds the first time a network of an input picture asks for them.
:class:`DrawnPreparing` does that work from a timer, at most
:data:`SLICE_SECONDS` of it a tick (a
:class:`~nnapp.model.drawn_tests.DrawnTestPreparer` does the work), so the
event loop serves input and paints between the slices. What it prepares is
kept in the model, where :func:`~nnapp.model.drawn_tests.drawn_test_rows`
then finds it at once. It shows nothing itself: it reports.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from nnapp.model.document import Document
from nnapp.model.drawn_tests import DrawnTestPreparer
from nnapp.model.evaluation import EvaluationError

SLICE_SECONDS = 0.03
"""Work done per timer tick: short enough that a click or a paint never waits long."""


class DrawnPreparing(QObject):
    """Reads and prepares the drawn test set for a document's network, a slice per timer tick.

    Signals
    -------
    progressed(int, int)
        (drawings prepared, drawings in all), after every slice.
    prepared(int, float)
        All are prepared and kept: (drawings, seconds since :meth:`start`).
    failed(str)
        The pictures turned out damaged while read: the sentence saying so.
    """

    progressed = Signal(int, int)
    prepared = Signal(int, float)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._preparer: DrawnTestPreparer | None = None
        self._started = 0.0
        # Single shot, started again after every slice: what fell due during a slice
        # (a click, a paint, another timer) comes first, then the next slice.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._slice)

    @property
    def running(self) -> bool:
        """True from :meth:`start` until it has prepared, failed or been cancelled."""
        return self._preparer is not None

    @property
    def paused(self) -> bool:
        return self.running and not self._timer.isActive()

    @property
    def done(self) -> int:
        return 0 if self._preparer is None else self._preparer.done

    @property
    def total(self) -> int:
        return 0 if self._preparer is None else self._preparer.total

    def serves(self, doc: Document, path: str | Path | None = None) -> bool:
        """True while it prepares what ``doc``'s network needs from ``path`` (None: the shipped set)."""
        return self._preparer is not None and self._preparer.serves(doc, path)

    def start(self, doc: Document, path: str | Path | None = None) -> bool:
        """Prepare the drawings ``doc``'s network needs, unless that is under way already.

        Returns
        -------
        bool
            True when it started anew, False when it goes on with what it was preparing.

        Raises
        ------
        EvaluationError
            The network reads no digits, or the file is missing or damaged.
        """
        if self.serves(doc, path):
            self.resume()
            return False
        self.cancel()
        self._preparer = DrawnTestPreparer(doc, path)
        self._started = time.perf_counter()
        self._timer.start()
        return True

    def cancel(self) -> None:
        """Stop and forget the work (what it prepared so far is dropped)."""
        self._timer.stop()
        self._preparer = None

    def pause(self) -> None:
        """Stop working for now; :meth:`resume` goes on where it stopped."""
        self._timer.stop()

    def resume(self) -> None:
        if self._preparer is not None and not self._timer.isActive():
            self._timer.start()

    def _slice(self) -> None:
        preparer = self._preparer
        if preparer is None:
            return
        if preparer.finished:                    # the tick after the last slice: hand it over
            self._preparer = None
            self.prepared.emit(preparer.total, time.perf_counter() - self._started)
            return
        try:
            preparer.step(SLICE_SECONDS)
        except EvaluationError as e:
            self.cancel()
            self.failed.emit(str(e))
            return
        self._timer.start()
        self.progressed.emit(preparer.done, preparer.total)


__all__ = ["SLICE_SECONDS", "DrawnPreparing"]
