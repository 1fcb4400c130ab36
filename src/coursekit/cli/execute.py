"""``coursekit execute``: run notebooks in place and store their outputs (for authors)."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["add_parser"]

logger = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    """Execute each notebook; stop at the first cell that fails, writing nothing for it."""
    from nbclient.exceptions import CellExecutionError

    from coursekit.running.notebooks import execute, find_notebooks, read, write

    for path in find_notebooks(args.paths):
        notebook = read(path)
        try:
            notebook = execute(notebook, cwd=path.parent, timeout=args.timeout)
        except CellExecutionError as error:
            logger.error("%s: %s failed, nothing written: %s: %s", path,
                         _failed_cell(notebook), error.ename, error.evalue)
            return 1
        write(notebook, path)
        print(f"executed {path}")
    return 0


def _failed_cell(notebook: NotebookNode) -> str:
    """The cell whose run stopped the notebook (it holds the error), as "cell N (`line`)":
    its position from 1, markdown cells included, and its first line."""
    for number, cell in enumerate(notebook.cells, start=1):
        if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            return f"cell {number} ({first[:60]!r})"
    return "a cell"


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``execute`` to the command line."""
    exe = commands.add_parser("execute", help="run notebooks in place and store their outputs "
                              "(for authors refreshing solutions/)")
    exe.add_argument("paths", nargs="+", type=Path)
    exe.add_argument("--timeout", type=float, default=120)
    exe.set_defaults(run=run)
