"""Start the Qt application.

``python main.py [FILE] [--example NAME] [--train] [--draw DIGIT] [--screenshot PNG]``
opens a network file or a built-in example at start, and may start
training it; ``--draw`` draws a digit (or a shape between two digits, such
as ``1or7``) on the digit pad (and brings the pad to the front);
``--screenshot`` saves a picture of the window once it is shown (or once
training ends), then quits (the README's pictures are made this way).

Unsaved work is copied to recovery files (:mod:`nnapp.ui.autosave`); at
start, copies left by an nnapp that stopped without closing its windows are
offered back (``--restore`` answers the question in advance: restore,
discard or later). A ``--screenshot`` run keeps no copies and asks nothing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from nnapp.model.recovery import Found, find_recoveries, remove_recovery, remove_stale_temp_files
from nnapp.argparse_texts import translate_argparse
from nnapp.language import LANGUAGES, LanguageError, take_language_option, use_language
from nnapp.text import plural, tr

from .digits.strokes import AMBIGUOUS_STROKES, draw_digit
from .autosave import default_folder
from .language_menu import start_language
from .main_window import MainWindow
from .recovery_dialog import RecoveryDialog
from .selection import Selection


RESTORE_ANSWERS = ("ask", "restore", "discard", "later")

_windows: list[MainWindow] = []
"""Windows opened besides the first (restored documents), kept alive here."""


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nnapp", description=tr("A lab for seeing how a neural network computes and learns."))
    parser.add_argument("file", nargs="?", help=tr("a network file (.nnapp) to open"))
    parser.add_argument("--example", metavar="NAME", help=tr("open a built-in example, e.g. gender"))
    parser.add_argument("--screenshot", metavar="PNG", help=tr("save a picture of the window, then quit"))
    parser.add_argument("--select", metavar="NEURON", help=tr("select a neuron by name (e.g. h1) for the screenshot"))
    parser.add_argument("--train", action="store_true", help=tr("start training at once (a screenshot waits for the end)"))
    parser.add_argument("--draw", metavar="DIGIT", type=_drawable,
                        help=tr("draw this digit (0…9) on the digit pad, e.g. with --example mnist; or a shape between two digits: {join}").format(join=', '.join(AMBIGUOUS_STROKES)))
    parser.add_argument("--lang", choices=list(LANGUAGES), default=None,
                        help=tr("the window's language (otherwise the one chosen in View ▸ Language, "
                                "or the system's)"))
    parser.add_argument("--restore", choices=RESTORE_ANSWERS, default="ask",
                        help=tr("unsaved work left by an nnapp that stopped: ask (the default), restore it, "
                             "discard it, or keep it for later"))
    return parser.parse_args(argv)


def _drawable(text: str) -> int | str:
    """``--draw``'s value: a digit 0…9 as an int, or the name of a shape of ``AMBIGUOUS_STROKES``."""
    if text in AMBIGUOUS_STROKES:
        return text
    if text.isdigit() and int(text) < 10:
        return int(text)
    raise argparse.ArgumentTypeError(tr("{text!r} is neither a digit 0…9 nor one of: {join}").format(text=text, join=', '.join(AMBIGUOUS_STROKES)))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    translate_argparse()
    try:
        _rest, requested = take_language_option(argv[1:])
        use_language(requested)  # for the options' help and errors
    except LanguageError:
        requested = None  # argparse names the bad --lang below
    args = parse_arguments(argv[1:])
    app = QApplication.instance() or QApplication(argv[:1])
    app.setOrganizationName("nnapp")
    app.setApplicationName("nnapp")
    if args.screenshot:
        # a picture for the docs: the default layout, and the user's own
        # settings (geometry, docks, recent files) neither used nor changed
        folder = tempfile.mkdtemp(prefix="nnapp-shot-")
        settings = QSettings(os.path.join(folder, "nnapp.ini"), QSettings.Format.IniFormat)
        start_language(app, settings, args.lang)
        window = MainWindow(settings)
        window.resize(1280, 800)
    else:
        start_language(app, QSettings(), args.lang)
        window = MainWindow(recovery_folder=default_folder())
    window.show()
    if args.file:
        window.files.open_path(args.file, ask=False)
    elif args.example:
        window.files.open_example(args.example)
    if args.select:
        doc = window.doc
        found = [u for ids in doc.neuron_ids for u in ids if doc.neuron_name(u) == args.select]
        window.scene.select(Selection(neurons=tuple(found)))
    if args.draw is not None:
        window.digit_dock.raise_()
        draw_digit(window.digit_panel.pad, args.draw)
    if args.screenshot:
        def shoot(*_args) -> None:
            window.loss_plot.refresh()
            window.boundary.refresh()
            QTimer.singleShot(300, save_and_quit)

        def save_and_quit() -> None:
            window.grab().save(args.screenshot)
            window.files.ask_to_save = lambda: "discard"
            window.close()
            app.quit()

        if args.train:
            window.training.finished.connect(shoot)
        else:
            QTimer.singleShot(300, shoot)
    if args.train:
        window.training_dock.raise_()
        window.training.start()
    if not args.screenshot:
        QTimer.singleShot(0, lambda: offer_recovery(window, args.restore))
    return app.exec()


def offer_recovery(window: MainWindow, answer: str = "ask") -> RecoveryDialog | None:
    """Offer the unsaved work other nnapp processes left in ``window``'s
    recovery folder: ask (returns the dialog, not blocking), or act on
    ``answer`` at once. Nothing is offered when there is nothing to offer."""
    folder = window.autosave.folder
    if folder is None:
        return None
    remove_stale_temp_files(folder)
    found = find_recoveries(folder)
    if not found.offered and not found.damaged:
        return None
    if answer != "ask":
        act_on_recovery(window, found, answer)
        return None
    dialog = RecoveryDialog(found, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(lambda _result: act_on_recovery(window, found, dialog.answer))
    dialog.open()
    return dialog


def act_on_recovery(window: MainWindow, found: Found, answer: str) -> list[MainWindow]:
    """Restore each offered document in a window (``window`` itself for the
    first, when it holds nothing yet), discard them all with the damaged
    copies, or leave them for later; returns the windows restored into."""
    if answer == "discard":
        kept = []
        for path in [info.file for info in found.offered] + found.damaged:
            try:
                remove_recovery(path)
            except OSError:
                kept.append(str(path))
        if kept:
            window.show_message(plural(len(kept), "Could not delete {files}: delete it by hand",
                                       "Could not delete {files}: delete them by hand").format(files=", ".join(kept)))
        else:
            window.show_message(tr("Discarded the unsaved work left by the last session"))
        return []
    if answer != "restore":
        return []
    restored = []
    for info in reversed(found.offered):        # oldest first, so the newest ends up in front
        contents = window.read_recovered(info)  # a problem is shown in the first window
        if contents is None:
            continue
        blank = (not restored and window.doc.is_empty() and window.doc.path is None
                 and not window.editor.is_modified())
        target = window if blank else new_window(window)
        if target.install_recovered(info, contents):
            restored.append(target)
    return restored


def new_window(beside: MainWindow) -> MainWindow:
    """Another main window with the same settings and recovery folder, shown
    a little below and to the right of ``beside``."""
    window = MainWindow(beside.settings, beside.autosave.folder)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _windows.append(window)
    window.destroyed.connect(lambda *_: _windows.remove(window) if window in _windows else None)
    window.resize(beside.size())
    window.move(beside.pos() + QPoint(30 * len(_windows), 30 * len(_windows)))
    window.show()
    return window
