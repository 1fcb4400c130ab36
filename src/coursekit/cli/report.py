"""``coursekit report``: the HTML class report from saved results."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursekit.cli.export import read_results
from coursekit.cli.options import with_class_config

__all__ = ["add_parser"]


def run(args: argparse.Namespace) -> int:
    """Write the class report (the same as ``coursekit export RESULTS --export report:FILE``),
    split by the roster's sections when it has them."""
    from coursekit.exporters import Batch, run_export
    from coursekit.exporters.report import REPORT
    from coursekit.grading.identity import Roster
    from coursekit.model.exercises import lessons

    args = with_class_config(args)
    roster = Roster.from_csv(args.roster) if args.roster else None
    run_export(REPORT, Batch(read_results(args.results), roster, frozenset(lessons())),
               args.html)
    print(f"wrote {args.html}")
    return 0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` to the command line."""
    rep = commands.add_parser("report", help="an HTML class report from grading results")
    rep.add_argument("results", type=Path,
                     help="the JSON of 'coursekit grade --format json', or the stream of "
                          "results beside it (.jsonl)")
    rep.add_argument("--html", type=Path, required=True, help="the report file to write")
    rep.add_argument("--roster", type=Path, metavar="FILE",
                     help="the class list: its 'section' column splits the report by section "
                          "(default: the class's config file's roster, if it has one)")
    rep.set_defaults(run=run)
