"""``coursekit release``: write lessons/ from solutions/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Release every solution, or with ``--check`` name the lessons that are out of date."""
    from .. import release

    if args.check:
        stale = release.stale_lessons(args.solutions, args.lessons)
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        if stale:
            print("run 'coursekit release' and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for path in release.release(args.solutions, args.lessons):
        print(f"wrote {path}")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``release`` to the command line."""
    rel = commands.add_parser("release", help="write lessons/ from solutions/")
    rel.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 and name the lessons that are out of date")
    rel.add_argument("--solutions", type=Path, default=Path("solutions"))
    rel.add_argument("--lessons", type=Path, default=Path("lessons"))
    rel.set_defaults(run=run)
