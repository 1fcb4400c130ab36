"""The ``--export`` and ``--roster`` options that ``grade`` and ``export`` share."""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from coursekit.grading.results import Copy, SubmissionGrade

__all__ = ["add_export_options", "export_all"]

logger = logging.getLogger(__name__)


def add_export_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--export NAME[:PATH]`` (repeatable) and ``--roster FILE``."""
    parser.add_argument("--export", action="append", default=[], metavar="NAME[:PATH]",
                        help="write one output of the results; repeat for several. Built in: "
                             "table, json (to PATH, or standard output without one), csv:FILE, "
                             "feedback:DIR, report:FILE; more come from installed packages "
                             "('coursekit export --list')")
    parser.add_argument("--reviews", type=Path, action="append", metavar="SCORES.csv",
                        help="merge a teacher's scores (from the review page or a spreadsheet "
                             "with its columns): written answers, overrides, comments; repeat "
                             "for several files (one per TA): rows that score one answer "
                             "differently are reported and not applied")
    parser.add_argument("--roster", type=Path, metavar="FILE",
                        help="a CSV with a 'learner' column (and optionally name, email, id) "
                             "that maps submissions to the class list (default: the class's "
                             "config file's roster, if it has one)")


def export_all(args: argparse.Namespace, grades: Sequence[SubmissionGrade], specs: list[str],
               context: dict[str, str] | None = None, copies: list[Copy] | None = None
               ) -> int:
    """Run every export in ``specs`` on the grades (and the copy check's pairs, when it
    ran), with the roster and reviews of ``args``; 1 when score files disagree, else 0."""
    from coursekit.exporters import Batch, parse_export, run_export
    from coursekit.grading.identity import Roster
    from coursekit.grading.reviews import apply_reviews, read_reviews
    from coursekit.model.exercises import lessons

    planned = [parse_export(spec) for spec in specs]  # every spec checked before writing any
    roster = Roster.from_csv(args.roster) if args.roster else None
    # the folders graded are the tops of their downloads (a results file has none)
    roots = tuple(str(path) for path in getattr(args, "paths", ()))
    batch = Batch(grades, roster, frozenset(lessons()), context or {}, roots,
                  copies)
    conflicts = []
    if args.reviews:
        reviews = [review for path in args.reviews for review in read_reviews(path)]
        merged = apply_reviews(grades, reviews, batch.learner)
        for review in merged.unmatched:
            logger.warning("%s: no graded exercise for the scores of %s (check the learner, "
                           "lesson and exercise)", review.source, review.describe())
        conflicts = merged.conflicts
        for conflict in conflicts:
            logger.error("conflict: %s", conflict.describe())
        batch = replace(batch, grades=merged.grades)
    for exporter, path in planned:
        done = run_export(exporter, batch, path)
        if path is not None:  # what goes to standard output is the data alone
            print(f"coursekit {getattr(args, 'command', 'grade')}: wrote {done}", file=sys.stderr)
    if conflicts:
        print(f"coursekit: {len(conflicts)} answer(s) scored differently in the score files "
              "(listed above) were left unscored", file=sys.stderr)
    return 1 if conflicts else 0
