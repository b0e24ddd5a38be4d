"""The window opens, names the app and the file, and remembers its geometry."""

from PySide6.QtCore import QSettings

from nnapp.ui.main_window import MainWindow


def test_window_shows_the_app_name_and_the_canvas(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Untitled[*] — nnapp"
    assert window.centralWidget().findChild(type(window.view), "canvas") is window.view
    for name in ("inspector_dock", "history_dock", "steps_dock", "loss_dock", "main_toolbar"):
        assert window.findChild(object, name) is not None, name


def test_every_action_has_a_name_a_tip_and_most_a_shortcut(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    for name, action in window.actions.items():
        assert action.objectName() == f"action_{name}"
        assert action.statusTip()
    without = [n for n, a in window.actions.items() if a.shortcut().isEmpty()]
    assert set(without) <= {"export_png", "export_svg", "legend", "about"}


def test_geometry_is_kept_in_the_given_settings(qtbot, settings):
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.resize(780, 560)
    window.show()
    qtbot.waitExposed(window)
    window.close()
    assert settings.value("main_window/geometry") is not None
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.size().width() == 780
    assert QSettings().fileName() != settings.fileName()
