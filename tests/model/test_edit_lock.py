"""The edit lock: a reason, and one event each time it is taken or released."""

from nnapp.model.edit_lock import EditLock


def test_the_lock_tells_when_it_is_taken_and_released_once_each():
    lock = EditLock()
    seen = []
    lock.changed.connect(seen.append)
    assert not lock and lock.reason is None
    lock.set("training is running")
    lock.set("training is running")      # the same reason: no second event
    assert lock and lock.reason == "training is running"
    lock.set("")                         # an empty reason releases it
    lock.set(None)
    assert seen == ["training is running", None] and not lock
