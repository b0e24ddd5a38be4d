"""``python -m nnapp``: the same as the ``nnapp`` command (see ``nnapp.launcher``).

With nothing after it, or with a network file or the window's options, it
opens the window; ``python -m nnapp examples`` (trace, train, predict) runs
the command line.
"""

import sys

from nnapp.launcher import main

if __name__ == "__main__":
    sys.exit(main())
