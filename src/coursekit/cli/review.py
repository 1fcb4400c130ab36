"""``coursekit review``: a page to score written answers, from saved results."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.cli.export import read_results
from coursekit.cli.options import with_class_config

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Write the review page (the same as ``coursekit export RESULTS --export review:FILE``
    without options), or one page per section or exercise into a folder."""
    from coursekit.base.errors import UsageError
    from coursekit.exporters import Batch
    from coursekit.exporters.review import ReviewOptions, render_review, review_pages
    from coursekit.grading.identity import Roster
    from coursekit.model.exercises import lessons

    args = with_class_config(args)
    roster = Roster.from_csv(args.roster) if args.roster else None
    if (args.split == "section" or args.section) and not (
            roster and any(row.get("section") for row in roster.learners)):
        raise UsageError("--section and --split section need a roster with a 'section' column "
                         "(--roster FILE, or the class config's roster)")
    batch = Batch(read_results(args.results), roster, frozenset(lessons()))
    options = ReviewOptions(args.blind, args.section, args.exercise, args.groups)
    if args.split:
        pages = review_pages(batch, args.split, options)
        args.html.mkdir(parents=True, exist_ok=True)
        for stem, page in pages.items():
            (args.html / f"review-{stem}.html").write_text(page, encoding="utf-8")
        written = f"{len(pages)} page(s) in {args.html}"
    else:
        args.html.parent.mkdir(parents=True, exist_ok=True)
        args.html.write_text(render_review(batch, options), encoding="utf-8")
        written = str(args.html)
    print(f"wrote {written}: score the answers there, download the scores, then run "
          f"'coursekit grade ... --reviews scores.csv' (repeat --reviews for each TA's file)")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``review`` to the command line."""
    rev = commands.add_parser("review", help="a page to score written answers in the browser")
    rev.add_argument("results", type=Path, help="the JSON of 'coursekit grade --format json'")
    rev.add_argument("--html", type=Path, required=True,
                     help="the page to write (with --split: the folder for the pages)")
    rev.add_argument("--blind", action="store_true",
                     help="show blind ids instead of names; names come back at the merge")
    rev.add_argument("--section", action="append", metavar="NAME",
                     help="only learners of this roster section (repeat for several)")
    rev.add_argument("--exercise", action="append", metavar="[LESSON/]ID",
                     help="only this exercise (repeat for several)")
    rev.add_argument("--groups", choices=("criteria", "text"), default="criteria",
                     help="criteria (default): answers with the same text, or that met the same "
                          "machine criteria with the same numbers, are a group; text: only "
                          "answers with the same text")
    rev.add_argument("--split", choices=("section", "exercise"),
                     help="write one page per roster section or per exercise, for TAs")
    rev.add_argument("--roster", type=Path, metavar="FILE",
                     help="the class list, whose 'section' column --section and --split read "
                          "(default: the class's config file's roster, if it has one)")
    rev.set_defaults(run=run)
