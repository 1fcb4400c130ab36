"""``python -m coursekit``: the ``coursekit`` command through any interpreter, without PATH."""

import sys

from coursekit.cli import main

if __name__ == "__main__":
    sys.exit(main())
