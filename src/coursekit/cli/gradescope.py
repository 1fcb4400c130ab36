"""``coursekit gradescope``: build a lesson's Gradescope autograder, or run it there."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from coursekit.cli.options import (
    CONFIG_NOTE,
    add_grading_options,
    add_late_options,
    late_rule,
    with_class_config,
)
from coursekit.platforms.gradescope import EMBEDDED, ROOT_VARIABLE, build_bundle, run_autograder

__all__ = ["add_parser", "run"]


def run(args: argparse.Namespace) -> int:
    """Build the autograder zip, or (``--run``) grade a submission as Gradescope does."""
    from coursekit.grading.options import GradeOptions

    args = with_class_config(args)
    options, late = GradeOptions.from_settings(vars(args)), late_rule(args)
    if args.grade_submission:
        root = args.root or Path(os.environ.get(ROOT_VARIABLE, "/autograder"))
        grade = run_autograder(root, args.lesson, options, late)
        print(f"{grade.lesson}: {grade.score:g} of {grade.max_score:g} points "
              f"({grade.error or 'graded'})")
        return 0
    output = build_bundle(args.lesson, args.output, args.wheel, options, late)
    print(f"wrote {output}: upload it as the assignment's autograder on Gradescope")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``gradescope`` to the command line."""
    gs = commands.add_parser("gradescope", help="build a Gradescope autograder (zip) for a "
                             "lesson", description="Build a Gradescope autograder (zip) for a "
                             "lesson; the grading flags are embedded in its run_autograder. "
                             + CONFIG_NOTE)
    gs.add_argument("lesson", metavar="LESSON", help="the lesson id, e.g. 02_percentages")
    gs.add_argument("-o", "--output", type=Path, default=Path("autograder.zip"),
                    help="the zip to write (default %(default)s)")
    gs.add_argument("--wheel", type=Path,
                    help="the course's wheel to bundle (default: built from this checkout)")
    add_grading_options(gs, EMBEDDED)
    add_late_options(gs)  # applied to the due date Gradescope records for each submission
    gs.add_argument("--run", action="store_true", dest="grade_submission",
                    help="grade the submission as Gradescope's run_autograder does (inside "
                         "the autograder)")
    gs.add_argument("--root", type=Path,
                    help=f"the autograder's root with --run (default ${ROOT_VARIABLE} or "
                         "/autograder)")
    gs.set_defaults(run=run)
