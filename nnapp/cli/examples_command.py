"""``nnapp examples``: the list of the built-in example networks.

Only this command; the examples themselves are ``nnapp.engine.examples``.
"""

from __future__ import annotations

from nnapp.text import tr, tr_known

from .errors import PROG, CliError
from .output import _write


def cmd_examples(args) -> int:
    from nnapp.engine.examples import EXAMPLES_DIR, example_names, load_example

    names = example_names()
    if not names:
        raise CliError(tr("no built-in examples were found (there are none in {examples_dir}); install nnapp again")
                       .format(examples_dir=EXAMPLES_DIR))
    width = max(len(n) for n in names)
    for name in names:
        _write(f"{name:<{width}}  {tr_known(load_example(name).title)}")
    _write()
    _write(tr("Use a name wherever a network file is expected, e.g. '{prog} trace gender --row Alice'.")
           .format(prog=PROG))
    return 0
