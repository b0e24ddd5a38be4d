"""Start nnapp: python main.py"""

import sys

if __name__ == "__main__":
    # imported here, not above: a training process started with "spawn" imports
    # this file again and must not load the window (nor Qt) to do so
    from nnapp.ui.app import main

    sys.exit(main())
