"""``coursekit publish``: write what learners get to a folder and a branch of its own."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.base.defaults import LEARNER_BRANCH

__all__ = ["add_parser", "run"]


def run(args: argparse.Namespace) -> int:
    """Write the publication, then commit it as the branch's tip (unless ``--no-branch``)."""
    from coursekit.authoring.publish import commit_folder, publish
    from coursekit.model.course import current_course

    root = args.root.resolve()
    folder = (args.to or root / "build" / "publish").resolve()
    files = publish(root, folder, args.notebooks or [root / "lessons"], args.install,
                    args.wheel, current_course().title)
    print(f"wrote {len(files)} files to {folder}")
    if args.branch:
        commit = commit_folder(root, folder, args.branch, "Learners' copy, by coursekit publish")
        print(f"branch {args.branch}: " + (f"now at {commit[:12]}" if commit else "unchanged"))
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``publish`` to the command line."""
    pub = commands.add_parser("publish", help="write what learners get (lessons, data, install "
                              "files; no solutions, no key) to a branch of its own")
    pub.add_argument("notebooks", nargs="*", type=Path, metavar="FOLDER",
                     help="folders of learner notebooks to publish (default lessons/; add an "
                          "assessment's folder)")
    pub.add_argument("--install", action="append", default=[], metavar="REQUIREMENT",
                     help="what learners install with pip, e.g. \"coursekit @ git+URL\" "
                          "(repeat for several)")
    pub.add_argument("--wheel", action="append", default=[], type=Path, metavar="FILE",
                     help="a key-free wheel (coursekit release --assessment --key-free) to ship "
                          "and install instead of the course")
    pub.add_argument("--to", type=Path, metavar="FOLDER",
                     help="where to write it (default build/publish)")
    pub.add_argument("--branch", default=LEARNER_BRANCH,
                     help="the branch to commit it to (default %(default)s)")
    pub.add_argument("--no-branch", dest="branch", action="store_const", const="",
                     help="only write the folder")
    pub.add_argument("--root", type=Path, default=Path("."),
                     help="the course's repository (default: here)")
    pub.set_defaults(run=run)
