"""``coursekit classroom``: write the GitHub Classroom autograding workflow for a lesson."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.base.defaults import LEARNER_BRANCH
from coursekit.platforms.classroom import template, workflow

__all__ = ["add_parser", "run"]


def run(args: argparse.Namespace) -> int:
    """Write the workflow file, or with ``--template`` the whole template repository."""
    if args.template:
        for path in template(args.lesson, args.install, args.template, args.root,
                             args.from_branch):
            print(f"wrote {path}")
        return 0
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
    cl.add_argument("--template", type=Path, metavar="DIR",
                    help="write the whole template repository into DIR: the lesson's notebook "
                         "from the learners' publication and the workflow")
    cl.add_argument("--from-branch", default=LEARNER_BRANCH, metavar="BRANCH",
                    help="with --template: the branch 'coursekit publish' wrote (default "
                         "%(default)s)")
    cl.add_argument("--root", type=Path, default=Path("."),
                    help="with --template: the course's git repository (default: here)")
    cl.set_defaults(run=run)
