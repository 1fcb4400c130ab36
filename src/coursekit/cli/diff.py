"""``coursekit diff``: what a regrade changed, per learner and exercise."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.cli.export import read_results

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Print which lessons' checks changed, then each change from OLD to NEW; exit 1 when
    something changed, 0 when nothing did."""
    from coursekit.grading.regrade import changes, checks_changes
    from coursekit.model.exercises import lessons

    old, new = read_results(args.old), read_results(args.new)
    for line in checks_changes(old, new):
        print(line)
    found = changes(old, new, frozenset(lessons()))
    for change in found:
        print(change)
    if not found:
        print("no changes")
    return 1 if found else 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``diff`` to the command line."""
    diff = commands.add_parser("diff", help="list, per learner and exercise, what changed "
                               "between two results files (after a regrade)")
    diff.add_argument("old", type=Path, help="the earlier JSON of 'coursekit grade'")
    diff.add_argument("new", type=Path, help="the later JSON")
    diff.set_defaults(run=run)
