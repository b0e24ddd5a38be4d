"""The window keeps a core of its own while a training process uses the others."""

import os
import threading

import pytest

from nnapp.engine.cores import PinnedThreads, pin_threads, split_cores, usable_cores

can_pin = pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or len(usable_cores()) < 2,
                             reason="needs a system that pins threads to cores, and two cores")


def test_the_window_gets_the_lowest_core_and_training_the_rest():
    assert split_cores({0, 1}) == ({0}, {1})
    assert split_cores({5, 2, 7, 3}) == ({2}, {3, 5, 7})


def test_one_core_or_none_is_not_split():
    assert split_cores({3}) is None
    assert split_cores(set()) is None


def test_pinning_nothing_changes_nothing():
    before = usable_cores()
    assert pin_threads(set()) == {}
    assert usable_cores() == before


@can_pin
def test_pinned_threads_and_their_new_threads_get_all_cores_back():
    everywhere = usable_cores()
    window, _ = split_cores(everywhere)
    seen: dict[str, set[int]] = {}
    started = threading.Event()
    release = threading.Event()

    def born_while_pinned() -> None:
        seen["inside"] = set(os.sched_getaffinity(0))
        started.set()
        release.wait(10)
        seen["after"] = set(os.sched_getaffinity(0))

    pinned = PinnedThreads(window)
    try:
        assert pinned.pinned
        assert usable_cores() == window
        thread = threading.Thread(target=born_while_pinned)
        thread.start()
        assert started.wait(10)
    finally:
        pinned.release()
    release.set()
    thread.join(10)
    assert usable_cores() == everywhere
    assert seen == {"inside": window, "after": everywhere}
    pinned.release()            # a second release changes nothing
    assert usable_cores() == everywhere


@can_pin
def test_overlapping_holds_give_the_cores_back_after_the_last():
    everywhere = usable_cores()
    window, _ = split_cores(everywhere)
    first = PinnedThreads(window)
    second = PinnedThreads(window)
    try:
        first.release()
        assert usable_cores() == window
    finally:
        first.release()
        second.release()
    assert usable_cores() == everywhere
