"""Why the document cannot be edited just now, and an event when that changes.

While training runs, the network belongs to the trainer: edits of the
network are refused with the lock's reason (settings that training follows
as it runs stay open, see ``Command.while_training``). Views that must stop
or start with training (the step-through panel) follow :attr:`EditLock.changed`
instead of asking again and again.
"""

from __future__ import annotations

from .events import Event


class EditLock:
    """A reason the document is locked, or None.

    Attributes
    ----------
    reason : str or None
        In lower case, to be joined into a sentence ("training is running: …").
    changed : Event(reason: str or None)
        The lock was taken (the reason) or released (None).
    """

    def __init__(self) -> None:
        self.reason: str | None = None
        self.changed = Event("lock_changed")

    def set(self, reason: str | None) -> None:
        """Lock with ``reason``, or release with None; the event only when it changes."""
        reason = reason or None
        if reason != self.reason:
            self.reason = reason
            self.changed.emit(reason)

    def __bool__(self) -> bool:
        return self.reason is not None


__all__ = ["EditLock"]
