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


def visible_tab(window, dock):
    """True when ``dock`` is the tab in front of its place (or has no tabs beside it)."""
    return not dock.visibleRegion().isEmpty()


def test_the_docks_that_suit_the_network_come_forward_when_its_kind_changes(window, qtbot):
    # a digit network: the pad on the right and its first-layer weights at the bottom right
    window.inspector_dock.raise_()
    window.files.open_example("digits8")
    qtbot.waitUntil(lambda: visible_tab(window, window.digit_dock))
    assert visible_tab(window, window.weight_images_dock) and not visible_tab(window, window.boundary_dock)
    # the student's own choice stays while the kind stays: another digit network moves nothing
    window.inspector_dock.raise_()
    window.files.open_example("mnist")
    qtbot.waitUntil(lambda: visible_tab(window, window.inspector_dock))
    assert not visible_tab(window, window.digit_dock)
    # a network with two inputs: the decision map
    window.files.open_example("xor")
    qtbot.waitUntil(lambda: visible_tab(window, window.boundary_dock))
    assert not visible_tab(window, window.weight_images_dock)


def test_the_right_side_tabs_are_not_cut(window):
    from PySide6.QtWidgets import QTabBar

    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            text = bar.tabText(i)
            assert bar.fontMetrics().horizontalAdvance(text) <= bar.tabRect(i).width(), text
