"""The command line's argument parser: its sub-commands, options and help.

Each sub-command's work is in its own module (``nnapp.cli.examples_command``,
``nnapp.cli.trace_commands``, ``nnapp.cli.train_command``); running it and
reporting errors is ``nnapp.cli.main``.
"""

from __future__ import annotations

import argparse

from nnapp.text import tr

from .errors import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, EXIT_TRAINING_WENT_WRONG, PROG, CliError
from .examples_command import cmd_examples
from .export_command import FORMATS as EXPORT_FORMATS, cmd_export
from .trace_commands import cmd_predict, cmd_trace
from .train_command import cmd_train


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: one line, no usage block
        raise CliError(tr("{message} (see '{prog} --help')").format(message=message, prog=self.prog))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=tr("nnapp: see how a neural network computes and learns, one number at a time."),
        epilog=tr(
            "NETWORK is a .nnapp file or a built-in example name (see 'nnapp examples'). "
            "Negative numbers work as typed: --input -2,-1. Add --debug anywhere to see a "
            "traceback instead of a one-line error, and --lang en or --lang ru to choose the "
            "language. With no command, nnapp opens the window; "
            "'nnapp FILE.nnapp' opens a file in it, and 'nnapp window --help' lists the "
            "window's options (--example NAME, --screenshot PNG …)."
        ),
        allow_abbrev=False,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("examples", help=tr("list the built-in example networks"), allow_abbrev=False)
    p.set_defaults(func=cmd_examples)

    p = sub.add_parser(
        "trace", allow_abbrev=False,
        help=tr("every number of one sample (or a mini-batch): forward pass, loss, backpropagation, update"),
        description=(
            tr("Show every computation for one sample: the forward pass and, with a target, the "
               "loss, backpropagation (δ, ∂L/∂w, ∂L/∂b) and one gradient-descent update.")
        ),
    )
    p.add_argument("network", metavar="NETWORK", help=tr("a .nnapp file or a built-in example name"))
    p.add_argument("--input", metavar="X", help=tr("the inputs, e.g. 2,3 or -2,-1"))
    p.add_argument("--target", metavar="Y", help=tr("the target output(s), e.g. 1; without it only the forward pass"))
    p.add_argument("--row", metavar="NAME",
                   help=tr("take inputs and target from a row of the network's data (a name such as Alice, "
                           "or a number from 1)"))
    p.add_argument("--rows", metavar="ROWS",
                   help=tr("a mini-batch of rows of the network's data: all, 1-4, 1,3 or names such as Alice,Bob; "
                           "each sample's steps in turn, then the batch's loss and gradient (their average) and the "
                           "update. Several samples typed with --input and --target (separated by ';') also make one"))
    p.add_argument("--data", metavar="NAME|FILE.csv", help=tr("the data for --row or --rows (default: the file's data)"))
    p.add_argument("--lr", metavar="η", help=tr("learning rate of the update (default: the file's)"))
    p.add_argument("--loss", metavar="NAME", help=tr("mse, sse, bce or cce (default: the file's)"))
    p.add_argument("--format", choices=("text", "markdown", "latex", "json"), default="text",
                   help=tr("text (default), markdown (a printable worksheet), latex, or json (all numbers)"))
    p.add_argument("--decimals", type=int, default=4, metavar="N", help=tr("decimals shown (default 4)"))
    p.add_argument("--max-terms", type=int, default=8, metavar="N",
                   help=tr("longest sum written out in full (default 8)"))
    p.add_argument("--hide-results", action="store_true",
                   help=tr("markdown: leave the numbers and results empty (an exercise sheet)"))
    p.set_defaults(func=cmd_trace)

    p = sub.add_parser(
        "train", allow_abbrev=False,
        help=tr("train a network and show its progress and final metrics"),
        description=(
            tr("Train with the settings stored in the network file, changed by the options given. "
               "The data is the file's data section unless --data is given.")
        ),
        epilog=(
            tr("Exit status: {ok} when training finished; {went_wrong} when it went wrong "
               "(it diverged, ended with a higher loss than it started with, or got stuck with its "
               "outputs pinned at their limits; a message says which and suggests a smaller learning "
               "rate, and --out still saves the result); {bad_input} for a mistake in the options "
               "or a file that cannot be read or written (checked before training starts); "
               "{failure} for an unexpected failure.")
            .format(ok=EXIT_OK, went_wrong=EXIT_TRAINING_WENT_WRONG, bad_input=EXIT_BAD_INPUT, failure=EXIT_FAILURE)
        ),
    )
    p.add_argument("network", metavar="NETWORK", help=tr("a .nnapp file or a built-in example name"))
    p.add_argument("--data", metavar="NAME|FILE.csv",
                   help=tr("a built-in dataset (gender, xor, …) or a CSV file of numbers whose last "
                           "column is the target and all other columns are the inputs "
                           "(for several outputs: the last column holds class labels 0, 1, 2 …)"))
    p.add_argument("--epochs", type=int, metavar="N", help=tr("passes over the data"))
    p.add_argument("--batch-size", type=int, metavar="B", help=tr("samples per update; 0 = all of them"))
    p.add_argument("--lr", metavar="η", help=tr("learning rate"))
    p.add_argument("--optimizer", choices=("sgd", "momentum", "adam"))
    p.add_argument("--loss", metavar="NAME", help=tr("mse, sse, bce or cce"))
    p.add_argument("--seed", type=int, metavar="S", help=tr("seed of the shuffling, the validation split and --reinit"))
    p.add_argument("--reinit", action="store_true",
                   help=tr("start from new random weights (the file's initialiser and the seed) "
                           "instead of the file's weights"))
    p.add_argument("--every", type=int, metavar="K",
                   help=tr("print a progress line every K epochs (default: about 20 lines in all)"))
    p.add_argument("--decimals", type=int, default=4, metavar="N", help=tr("decimals of the predictions (default 4)"))
    p.add_argument("--out", metavar="FILE",
                   help=tr("save the trained network (with its settings and data) here; "
                           "checked for writing before training starts"))
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("predict", allow_abbrev=False, help=tr("the network's outputs for some inputs"))
    p.add_argument("network", metavar="NETWORK", help=tr("a .nnapp file or a built-in example name"))
    p.add_argument("--input", metavar="X", required=True,
                   help=tr("one or more samples: 1,2 or 1,2;3,4 (quote the ';' in a shell)"))
    p.add_argument("--decimals", type=int, default=4, metavar="N", help=tr("decimals shown (default 4)"))
    p.set_defaults(func=cmd_predict)

    p = sub.add_parser(
        "export", allow_abbrev=False,
        help=tr("write the network as a program that runs without nnapp"),
        description=tr("Write the network as one readable Python file that needs only numpy: the weights, "
                       "a predict(x) function computing the forward pass layer by layer, and a command line "
                       "(python FILE --input 2,3). A large network's weights go to a .npz file beside it."),
    )
    p.add_argument("network", metavar="NETWORK", help=tr("a .nnapp file or a built-in example name"))
    p.add_argument("--format", choices=EXPORT_FORMATS, default="numpy",
                   help=tr("numpy (default): a Python file needing only numpy"))
    p.add_argument("--out", metavar="FILE", required=True, help=tr("the file to write, e.g. model.py"))
    p.set_defaults(func=cmd_export)
    return parser
