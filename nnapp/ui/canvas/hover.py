"""Items that know whether the mouse is over them."""

from __future__ import annotations


class HoverMixin:
    """Keeps ``self.hovered`` up to date and repaints on enter and leave.
    Mix in before ``QGraphicsItem``; call ``setAcceptHoverEvents(True)``."""

    hovered = False

    def hoverEnterEvent(self, event) -> None:
        self.hovered = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self.hovered = False
        self.update()
        super().hoverLeaveEvent(event)
