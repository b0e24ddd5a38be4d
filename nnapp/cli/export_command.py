"""``nnapp export``: write a network as a file that runs without nnapp.

Only ``--format numpy`` for now: one Python file needing only numpy
(``nnapp.engine.export_numpy``; a large network's arrays go to a ``.npz``
beside it). The writing itself is the engine's; this module opens the
network, checks ``--out`` and says what was written.
"""

from __future__ import annotations

import os
import shlex

from nnapp.text import tr

from .errors import CliError, file_work
from .inputs import open_network
from .output import _write
from .train_command import check_writable

FORMATS = ("numpy",)


def cmd_export(args) -> int:
    from nnapp.engine.export_numpy import write_numpy_export

    nf, _, _ = open_network(args.network)
    net = nf.network
    if os.path.isdir(args.out):
        raise CliError(tr("--out: {out} is a folder; give a file name such as model.py").format(out=args.out))
    check_writable(args.out)
    with file_work(args.out):
        paths = write_numpy_export(net, args.out)
    n = net.n_inputs
    example = ",".join(str(k + 2) for k in range(n)) if n <= 8 else f"x1,x2,…,x{n}"
    run = f"python {shlex.quote(args.out)} --input {example}"
    if len(paths) > 1:
        _write(tr("Wrote {out} and its weights {weights}; run it with: {command}")
               .format(out=args.out, weights=paths[1], command=run))
    else:
        _write(tr("Wrote {out}; run it with: {command}").format(out=args.out, command=run))
    return 0
