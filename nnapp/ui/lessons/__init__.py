"""The Lessons dock: lessons that lead a student through the tutorials, with
tasks the window checks as the student works.

The lessons themselves (files, checks, the state the checks read, the
progress) are :mod:`nnapp.model.lessons`; this package shows them and ties
them to the window. One job per module:

- ``panel.py``: :class:`LessonsPanel`, the dock's widget (the two pages, a
  teacher's file, pointing at a place), and Help ▸ Lessons;
- ``session.py``: :class:`LessonSession`, the open lesson, its current task
  and the :class:`~nnapp.model.lessons.LessonState` it is checked on, kept
  up to date from the window;
- ``start_page.py``: the list of lessons with their progress;
- ``lesson_page.py``: a lesson's title, text, descent controls and tasks;
- ``task_card.py``: one task: its state, its check's status, hint, answers;
- ``descent_panel.py``: gradient descent on a function of one variable;
- ``highlight.py``: the frame over the part of the window a task is about;
- ``markdown_view.py``: a lesson's Markdown text at the height it needs;
- ``rich_button.py``: a button whose lines of text wrap;
- ``window_parts.py``: the docks, places and items a lesson names;
- ``progress_store.py``: the progress and the closed dock in the settings.
"""

from .panel import LessonsPanel, lessons_action
from .session import LessonSession

__all__ = ["LessonSession", "LessonsPanel", "lessons_action"]
