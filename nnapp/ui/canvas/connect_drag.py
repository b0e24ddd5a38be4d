"""Dragging a new connection from one neuron to another.

While the mouse moves, a dashed line follows it from the source neuron's ⊕
port; the neuron under the mouse turns green when the connection can be
made and red when not, and a line of text next to the mouse says which
("connect x1 → h1", or why not). Dropping on a neuron pushes a ``Connect``
command; a refusal goes to the status bar.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPen

from nnapp.model import commands as C
from nnapp.text import sentence, tr

from . import colors
from .neuron_item import NeuronItem

FONT = QFont("DejaVu Sans", 9)
FONT.setBold(True)


class ConnectionDrag:
    """The connection being dragged on ``scene`` (at most one at a time)."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.src: NeuronItem | None = None
        self.target: NeuronItem | None = None
        self.line = None
        self.text = None

    def active(self) -> bool:
        return self.src is not None

    def begin(self, item: NeuronItem, pos: QPointF) -> None:
        self.src = item
        start = item.right_anchor()
        pen = QPen(colors.OUTLINE, 1.6, Qt.PenStyle.DashLine)
        self.line = self.scene.addLine(start.x(), start.y(), pos.x(), pos.y(), pen)
        self.line.setZValue(20)
        self.text = self.scene.addSimpleText("")
        self.text.setFont(FONT)
        self.text.setZValue(21)
        self.update(pos)

    def _neuron_at(self, pos: QPointF) -> NeuronItem | None:
        for item in self.scene.items(pos):
            if isinstance(item, NeuronItem) and item is not self.src:
                return item
        return None

    def update(self, pos: QPointF) -> None:
        start = self.src.right_anchor()
        self.line.setLine(start.x(), start.y(), pos.x(), pos.y())
        target = self._neuron_at(pos)
        if self.target is not None and self.target is not target:
            self.target.feedback = None
            self.target.update()
        self.target = target
        if target is None:
            text, color = tr("drop on a neuron to connect"), colors.MUTED
        else:
            problem = self.scene.doc.connect_problem(self.src.uid, target.uid)
            if problem is None:
                text, color = tr("connect {source} → {target}").format(source=self.src.name, target=target.name), colors.ACCEPT
            else:
                text, color = problem, colors.REFUSE
            target.feedback = "accept" if problem is None else "refuse"
            target.update()
        self.text.setText(text)
        self.text.setBrush(color)
        self.text.setPos(pos + QPointF(14, 10))

    def finish(self, pos: QPointF) -> None:
        src, target = self.src, self._neuron_at(pos)
        self.cancel()
        scene = self.scene
        if target is None:
            scene.message.emit(tr("Drop the connection on a neuron to connect them"))
            return
        problem = scene.doc.connect_problem(src.uid, target.uid)
        if problem is not None:
            scene.message.emit(sentence(problem))
            return
        scene.editor.push(C.Connect(src.uid, target.uid))

    def cancel(self) -> None:
        if self.target is not None:
            self.target.feedback = None
            self.target.update()
        for item in (self.line, self.text):
            if item is not None and item.scene() is self.scene:
                self.scene.removeItem(item)
        self.src = self.target = self.line = self.text = None
