"""``python -m personas``: see :mod:`personas.cli`."""

import sys

from personas.cli import main

if __name__ == "__main__":
    sys.exit(main())
