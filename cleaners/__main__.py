"""Run the command line as ``python -m cleaners``."""

from __future__ import annotations

import sys

from cleaners.cli import main

if __name__ == "__main__":
    sys.exit(main())
