"""The window opens, names the app, and remembers its geometry."""

from PySide6.QtCore import QSettings

from nnapp.ui.main_window import MainWindow


def test_window_shows_the_app_name(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert "nnapp" in window.windowTitle()
    assert "nnapp" in window.findChild(type(window.centralWidget()), "welcome").text()


def test_geometry_is_kept_in_the_given_settings(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(700, 500)
    window.show()
    qtbot.waitExposed(window)
    window.close()
    assert settings.value("main_window/geometry") is not None
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.size().width() == 700
    assert QSettings().fileName() != settings.fileName()
