"""``coursekit check``: the author's checks of a course, one line per problem (for authors)."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Check each course; print its problems; exit 1 if there are any, else 0."""
    from coursekit.authoring.checks import check_course, courses_of

    problems = 0
    for course in [args.course] if args.course else courses_of(args.solutions):
        found = check_course(course, args.solutions, grade=not args.no_grade)
        for problem in found:
            print(problem)
        print(f"{course}: {len(found) or 'no'} problem{'' if len(found) == 1 else 's'}")
        problems += len(found)
    return 1 if problems else 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``check`` to the command line."""
    check = commands.add_parser(
        "check", help="check a course as its author: data, declarations, solution notebooks "
                      "and their grades, one line per problem (for authors)")
    check.add_argument("course", nargs="?",
                       help="the course's id (default: the course of the notebooks in "
                            "--solutions)")
    check.add_argument("--solutions", type=Path, default=Path("solutions"),
                       help="the folder of the solution notebooks (default: solutions)")
    check.add_argument("--no-grade", action="store_true",
                       help="skip grading the solution notebooks (the slowest check)")
    check.set_defaults(run=run)
