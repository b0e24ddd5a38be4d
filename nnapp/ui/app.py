"""Start the Qt application.

``python main.py [FILE] [--example NAME] [--train] [--draw DIGIT] [--screenshot PNG]``
opens a network file or a built-in example at start, and may start
training it; ``--draw`` draws a digit (or a shape between two digits, such
as ``1or7``) on the digit pad (and brings the pad to the front);
``--screenshot`` saves a picture of the window once it is shown (or once
training ends), then quits (the README's pictures are made this way).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from .digits.strokes import AMBIGUOUS_STROKES, draw_digit
from .main_window import MainWindow
from .selection import Selection


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nnapp", description="A lab for seeing how a neural network computes and learns.")
    parser.add_argument("file", nargs="?", help="a network file (.nnapp) to open")
    parser.add_argument("--example", metavar="NAME", help="open a built-in example, e.g. gender")
    parser.add_argument("--screenshot", metavar="PNG", help="save a picture of the window, then quit")
    parser.add_argument("--select", metavar="NEURON", help="select a neuron by name (e.g. h1) for the screenshot")
    parser.add_argument("--train", action="store_true", help="start training at once (a screenshot waits for the end)")
    parser.add_argument("--draw", metavar="DIGIT", type=_drawable,
                        help="draw this digit (0…9) on the digit pad, e.g. with --example mnist; or a shape "
                             f"between two digits: {', '.join(AMBIGUOUS_STROKES)}")
    return parser.parse_args(argv)


def _drawable(text: str) -> int | str:
    """``--draw``'s value: a digit 0…9 as an int, or the name of a shape of ``AMBIGUOUS_STROKES``."""
    if text in AMBIGUOUS_STROKES:
        return text
    if text.isdigit() and int(text) < 10:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is neither a digit 0…9 nor one of: {', '.join(AMBIGUOUS_STROKES)}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv if argv is None else argv
    args = parse_arguments(argv[1:])
    app = QApplication.instance() or QApplication(argv[:1])
    app.setOrganizationName("nnapp")
    app.setApplicationName("nnapp")
    if args.screenshot:
        # a picture for the docs: the default layout, and the user's own
        # settings (geometry, docks, recent files) neither used nor changed
        folder = tempfile.mkdtemp(prefix="nnapp-shot-")
        window = MainWindow(QSettings(os.path.join(folder, "nnapp.ini"), QSettings.Format.IniFormat))
        window.resize(1280, 900)
    else:
        window = MainWindow()
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
    return app.exec()
