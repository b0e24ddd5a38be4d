"""The task in hand stays in sight above the canvas while another tab hides
the Lessons dock, and leads back to the lesson."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .helpers import type_into


def test_the_banner_shows_the_task_while_the_lesson_is_behind_another_tab(window, qtbot):
    banner, panel = window.task_banner, window.lessons
    assert not banner.isVisible()  # no lesson open
    panel.open_lesson(panel.lessons[0])
    window.lessons_dock.raise_()
    qtbot.waitUntil(lambda: window.lessons_dock.isVisible())
    assert not banner.isVisible()  # the lesson itself is in sight
    window.inspector_dock.raise_()
    qtbot.waitUntil(banner.isVisible)
    assert banner.heading.text() == "<b>Lesson 1, task 1 of 4</b>"
    task = panel.session.current_task()
    assert banner.text.text() == task.text_in()
    qtbot.waitUntil(lambda: "needs to be below 0.5" in banner.status.text())
    # doing the task moves the banner on to the next one
    bias = window.findChild(object, "inspector_bias")
    type_into(qtbot, bias, "-4")
    qtbot.waitUntil(lambda: banner.heading.text() == "<b>Lesson 1, task 2 of 4</b>")
    qtbot.mouseClick(banner.back, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert window.lessons_dock.isVisible()
