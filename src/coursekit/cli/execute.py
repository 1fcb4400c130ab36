"""``coursekit execute``: run notebooks in place and store their outputs (for authors)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

__all__ = ["add_parser"]

logger = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Execute each notebook; stop at the first cell that fails, writing nothing for it."""
    from nbclient.exceptions import CellExecutionError

    from coursekit.running.notebooks import execute, find_notebooks, read, write

    for path in find_notebooks(args.paths):
        try:
            notebook = execute(read(path), cwd=path.parent, timeout=args.timeout)
        except CellExecutionError as error:
            logger.error("%s: a cell failed, nothing written: %s: %s", path, error.ename,
                         error.evalue)
            return 1
        write(notebook, path)
        print(f"executed {path}")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``execute`` to the command line."""
    exe = commands.add_parser("execute", help="run notebooks in place and store their outputs "
                              "(for authors refreshing solutions/)")
    exe.add_argument("paths", nargs="+", type=Path)
    exe.add_argument("--timeout", type=float, default=120)
    exe.set_defaults(run=run)
