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
    elif args.solutions_after or args.feedback or args.key_free:
        raise UsageError("--solutions-after, --feedback and --key-free need --assessment")
    for path in release.release(args.solutions, args.lessons, assessment, args.lesson):
        print(f"wrote {path}")
    if args.key_free:
        from coursekit.authoring.keyfree import key_free_wheel

        ids = args.lesson or sorted(p.stem for p in args.solutions.glob("*.ipynb"))
        wheel, leaks = key_free_wheel(ids, args.key_free)
        print(f"wrote {wheel} (install it where learners work: pip install {wheel.name})")
        for leak in leaks:
            print(f"coursekit release: warning: a handout gives an answer away: {leak}",
                  file=sys.stderr)
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
    rel.add_argument("--lesson", action="append", metavar="ID",
                     help="release only this lesson (repeat for several; default all)")
    rel.add_argument("--key-free", type=Path, metavar="DIR",
                     help="with --assessment: also build, into DIR, the wheel learners install "
                          "for it: coursekit and the course without the answer key")
    rel.set_defaults(run=run)
