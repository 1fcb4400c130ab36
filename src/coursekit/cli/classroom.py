"""``coursekit classroom``: write the GitHub Classroom autograding workflow for a lesson."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.platforms.classroom import workflow

__all__ = ["add_parser", "run"]


def run(args: argparse.Namespace) -> int:
    """Write the workflow file."""
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(workflow(args.lesson, args.install, args.notebook), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``classroom`` to the command line."""
    cl = commands.add_parser("classroom", help="write the GitHub Classroom autograding "
                             "workflow for a lesson's template repository")
    cl.add_argument("lesson", metavar="LESSON", help="the lesson id, e.g. 02_percentages")
    cl.add_argument("--install", required=True, metavar="REQUIREMENT",
                    help="what pip installs for grading: the course's git+URL or wheel URL")
    cl.add_argument("--notebook", help="the notebook's path in the template repository "
                    "(default LESSON.ipynb)")
    cl.add_argument("-o", "--output", type=Path,
                    default=Path(".github/workflows/classroom.yml"),
                    help="the workflow file to write (default %(default)s)")
    cl.set_defaults(run=run)
