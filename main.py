"""Start nnapp: python main.py"""

import sys

from nnapp.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
