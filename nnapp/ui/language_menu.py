"""The window's language: chosen at start, switched from View ▸ Language.

At start :func:`start_language` picks the language (``--lang``, then the
setting this menu keeps, then the system's locale, see :mod:`nnapp.language`),
installs nnapp's catalogue and Qt's own translations of its standard dialogs
and buttons (``qtbase_<code>.qm``, shipped with PySide6).

Every text of the window is made in the language of the moment it is built,
so a new language shows from the next start: choosing one in the menu keeps
it in the settings and says so, in the language chosen as well as in the
present one, with a button that starts nnapp again at once (after the usual
question about unsaved work).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QProcess, QSettings, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from nnapp.language import LANGUAGES, catalogue, current_language, known_language, language_from_environment, use_language
from nnapp.text import marked, tr

SETTING = "language"
"""The settings key that keeps the language chosen in the menu."""

_qt_translators: list[QTranslator] = []


def window_language(settings: QSettings, requested: str | None = None) -> str:
    """The language the window starts in: ``requested`` (from ``--lang``) if
    given, else the one chosen in the menu before, else the environment's."""
    return (known_language(requested) or known_language(str(settings.value(SETTING, "") or ""))
            or language_from_environment())


def install_qt_translations(app: QApplication, code: str) -> bool:
    """Use Qt's own translations of its standard texts (dialog buttons, the
    file dialog, context menus of text fields) in language ``code``; return
    whether they were found. English removes them."""
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    if code == "en":
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{code}", folder):
        return False
    app.installTranslator(translator)
    _qt_translators.append(translator)
    return True


def start_language(app: QApplication, settings: QSettings, requested: str | None = None) -> str:
    """Choose the window's language (:func:`window_language`), speak it from
    now on and give Qt's dialogs the same; return its code."""
    code = use_language(window_language(settings, requested))
    install_qt_translations(app, code)
    return code


def _in_language(code: str, message: str) -> str:
    """``message`` (a marked text) in language ``code``, whatever the present one."""
    found = catalogue(code)
    return found.gettext(message) if found is not None else message


_NEXT_START = marked("nnapp will speak {language} from its next start. Start it again now?")


class LanguageMenu(QMenu):
    """View ▸ Language: one checkable entry per language, each in its own
    language ("English", "Русский"), the present one checked."""

    def __init__(self, settings: QSettings, window: QWidget) -> None:
        super().__init__(tr("&Language"), window)
        self.setObjectName("language_menu")
        self.settings = settings
        self.window_ = window
        self.note: QMessageBox | None = None
        """The last "from the next start" message (open, not blocking)."""
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.setChecked(code == current_language())
            action.setObjectName(f"action_language_{code}")
            action.setStatusTip(tr("Speak {language} from the next start").format(language=name))
            action.triggered.connect(lambda _checked=False, c=code: self.choose(c))
            self.group.addAction(action)
            self.addAction(action)
            self.language_actions[code] = action

    def choose(self, code: str) -> None:
        """Keep ``code`` as the window's language and say when it applies."""
        self.settings.setValue(SETTING, code)
        self.settings.sync()
        if code == current_language():
            return  # the language already spoken: nothing changes
        name = LANGUAGES[code]
        lines = [tr(_NEXT_START).format(language=name)]
        other = _in_language(code, _NEXT_START).format(language=name)
        if other not in lines:
            lines.append(other)
        box = QMessageBox(QMessageBox.Icon.Information, tr("Language"), "\n\n".join(lines),
                          QMessageBox.StandardButton.NoButton, self.window_)
        restart = box.addButton(tr("Start again now"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setObjectName("language_note")
        box.finished.connect(lambda _result: box.clickedButton() is restart and self.restart())
        self.note = box
        box.open()

    def restart(self) -> bool:
        """Close the window (asking about unsaved work as usual) and start
        nnapp again with the same file; False when the close was refused."""
        path = self.window_.doc.path
        if not self.window_.close():
            return False
        QProcess.startDetached(sys.executable, ["-m", "nnapp"] + ([str(path)] if path else []))
        QApplication.quit()
        return True


__all__ = ["LanguageMenu", "SETTING", "install_qt_translations", "start_language", "window_language"]
