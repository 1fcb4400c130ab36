"""``coursekit new``: write a new course package that works as it is (for authors)."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Write the course into its folder and say what to do next."""
    from coursekit.authoring.newcourse import new_course

    where = args.into or Path(args.course)
    for path in new_course(args.course, where):
        print(f"wrote {path}")
    print(f"next: pip install -e {where}, then in {where}: coursekit check, coursekit release, "
          "coursekit grade samples/")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``new`` to the command line."""
    new = commands.add_parser(
        "new", help="write a new course package, with one lesson showing each kind of "
                    "exercise, that installs and grades as it is (for authors)")
    new.add_argument("course", help="the course's name: a lower-case Python name such as "
                                    "city_budget (its package, id and folder)")
    new.add_argument("--into", type=Path, metavar="DIR",
                     help="the folder to write (default: ./COURSE); it must not exist or be "
                          "empty")
    new.set_defaults(run=run)
