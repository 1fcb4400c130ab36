"""``coursekit release``: write lessons/ from solutions/."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from coursekit.base.defaults import FEEDBACK_LEVELS
from coursekit.base.errors import UsageError

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Release every solution, or with ``--check`` name the lessons that are out of date."""
    from coursekit.authoring import release

    if args.check:
        stale = release.stale_lessons(args.solutions, args.lessons)
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        if stale:
            print("run 'coursekit release' and commit the result", file=sys.stderr)
        return 1 if stale else 0
    assessment = None
    if args.assessment:
        from coursekit.learner.assessment import Assessment

        assessment = Assessment(args.solutions_after, args.feedback or "full")
    elif args.solutions_after or args.feedback:
        raise UsageError("--solutions-after and --feedback need --assessment")
    for path in release.release(args.solutions, args.lessons, assessment):
        print(f"wrote {path}")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``release`` to the command line."""
    rel = commands.add_parser("release", help="write lessons/ from solutions/")
    rel.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 and name the lessons that are out of date")
    rel.add_argument("--solutions", type=Path, default=Path("solutions"))
    rel.add_argument("--lessons", type=Path, default=Path("lessons"),
                     help="where to write (for an assessment, use a folder of its own)")
    rel.add_argument("--assessment", action="store_true",
                     help="write notebooks for graded work: .solution() locked, .check() "
                          "saying only what --feedback allows")
    rel.add_argument("--solutions-after", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="with --assessment: unlock .solution() on this day (UTC); "
                          "without it they stay locked")
    rel.add_argument("--feedback", choices=FEEDBACK_LEVELS,
                     help="with --assessment: what .check() says: full, form (only whether "
                          "the answer has the right kind and size) or none (default full)")
    rel.set_defaults(run=run)
