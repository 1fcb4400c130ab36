"""``coursekit review``: a page to score written answers, from saved results."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.cli.export import read_results

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Write the review page (the same as ``coursekit export RESULTS --export review:FILE``)."""
    from coursekit.exporters import Batch, run_export
    from coursekit.exporters.review import REVIEW
    from coursekit.model.exercises import lessons

    run_export(REVIEW, Batch(read_results(args.results), lesson_ids=frozenset(lessons())),
               args.html)
    print(f"wrote {args.html}: score the answers there, download the scores, then run "
          f"'coursekit grade ... --reviews scores.csv'")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``review`` to the command line."""
    rev = commands.add_parser("review", help="a page to score written answers in the browser")
    rev.add_argument("results", type=Path, help="the JSON of 'coursekit grade --format json'")
    rev.add_argument("--html", type=Path, required=True, help="the page to write")
    rev.set_defaults(run=run)
