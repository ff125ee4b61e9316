"""Entry script of the frozen program: the same as the ``zmdhelp`` console script.

Without a subcommand it starts the desktop window; ``--self-test`` runs the window's self-check.
"""

import sys

from zmdhelp.cli import main

if __name__ == "__main__":
    sys.exit(main())
