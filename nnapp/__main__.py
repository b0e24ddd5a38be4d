"""``python -m nnapp``: the command line (see ``nnapp.cli.main``)."""

import sys

from nnapp.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
