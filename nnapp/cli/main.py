"""``nnapp``: compute, trace and train networks from the command line.

``nnapp`` with no command opens the window, and so do ``nnapp FILE.nnapp``
and ``nnapp window [OPTIONS]`` (:mod:`nnapp.launcher` chooses; this module
never opens it). Sub-commands::

    nnapp examples
    nnapp trace NETWORK --input 2,3 [--target 1] [--lr 0.1] [--loss NAME]
                        [--format text|markdown|latex|json] [--decimals N]
    nnapp trace NETWORK --row Alice            (a row of the network's data)
    nnapp trace NETWORK --rows all             (a mini-batch: all, 1-4, Alice,Bob …)
    nnapp train NETWORK [--data NAME|FILE.csv] [--epochs N] [--batch-size B]
                        [--lr η] [--optimizer sgd|momentum|adam] [--loss NAME]
                        [--seed S] [--every K] [--out FILE]
    nnapp predict NETWORK --input 1,2[;3,4…]
    nnapp export NETWORK --format numpy --out FILE.py
                                               (a self-contained numpy file)

``--lang en|ru`` anywhere on the line chooses the language of the output
(otherwise ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` does, as
:mod:`nnapp.language` says).

NETWORK is a ``.nnapp`` file or the name of a built-in example
(``nnapp examples`` lists them). Numbers are typed as a student types them:
``--input -2,-1`` works as written (the command line is pre-processed so
that a value starting with a minus sign after ``--input``, ``--target`` or
``--lr`` is not taken for an option), commas or spaces separate the values
of one sample (``--input -2 -1`` works too), semicolons separate samples, and "−" (U+2212, as printed by
nnapp) is read as a minus sign.

Errors in what was typed or in a file give one line on stderr,
``nnapp: error: …``, and exit status 2: whatever reading or writing a file
raises is worded by :func:`nnapp.model.file_errors.file_problem` and names
the file. ``--debug`` (anywhere on the line) shows the traceback instead. An
unexpected failure gives status 1. ``train`` exits with status 3 when
training went wrong: it diverged, ended worse than it started, or got stuck
with its outputs pinned at their limits (the message says which, and what
learning rate to try; ``--out`` still saves the result). ``train --out``
checks that the file can be written before training starts.

This module imports the engine only: no Qt, no display needed.

This module runs the command line (:func:`main`, the entry point of the
``nnapp`` script) and prints its errors. The parts are modules of their
own, their public names importable from here as well:
``nnapp.cli.errors`` (exit statuses, :class:`CliError`),
``nnapp.cli.inputs`` (typed numbers, networks and data),
``nnapp.cli.parser`` (the options), ``nnapp.cli.examples_command``,
``nnapp.cli.trace_commands`` (trace, predict) and
``nnapp.cli.train_command`` (train).
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from nnapp.language import LanguageError, take_language_option, use_language
from nnapp.model.file_errors import file_problem
from nnapp.text import tr

from nnapp.argparse_texts import translate_argparse
from .errors import (  # noqa: F401 - for importers
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_TRAINING_WENT_WRONG,
    PROG,
    CliError,
    FileProblem,
    file_work,
)
from .examples_command import cmd_examples  # noqa: F401 - for importers
from .inputs import (  # noqa: F401 - for importers
    LIST_OPTIONS,
    VALUE_OPTIONS,
    data_from_option,
    file_source,
    network_data,
    open_network,
    parse_learning_rate,
    parse_numbers,
    parse_samples,
    preprocess,
)
from .parser import build_parser
from .trace_commands import cmd_predict, cmd_trace  # noqa: F401 - for importers
from .train_command import check_writable, cmd_train  # noqa: F401 - for importers


def _error(message: str) -> None:
    message = " ".join(str(message).split())
    # a control character in a file name (NUL, ESC …) is shown as an escape, never sent to the terminal
    message = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
    print(tr("{prog}: error: {message}").format(prog=PROG, message=message), file=sys.stderr, flush=True)


def _reconfigure_streams() -> None:
    """Never fail on a console that cannot show "σ" or "−": replace what it cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status: 0 ok, 2 bad input or a
    file that cannot be read or written, 3 training went wrong, 1 an
    unexpected failure."""
    from nnapp.engine.examples import ExampleError

    _reconfigure_streams()
    try:
        argv, language = take_language_option(sys.argv[1:] if argv is None else argv)
        use_language(language)
    except LanguageError as e:
        use_language(None)  # the environment's language says what was wrong
        _error(str(e))
        return EXIT_BAD_INPUT
    translate_argparse()
    argv, debug = preprocess(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_BAD_INPUT
        return args.func(args)
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except CliError as e:
        if debug and isinstance(e, FileProblem):
            raise e.original
        _error(str(e))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(tr("{prog}: interrupted").format(prog=PROG), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 1
    except (ValueError, ExampleError) as e:
        if debug:
            raise
        _error(str(e))
        return EXIT_BAD_INPUT
    except OSError as e:
        if debug:
            raise
        _error(file_problem(e))
        return EXIT_BAD_INPUT
    except Exception as e:  # a bug, not a mistake of the user
        if debug:
            raise
        _error(tr("unexpected {kind}: {why} (run again with --debug to see where it happened)").format(
            kind=type(e).__name__, why=e))
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
