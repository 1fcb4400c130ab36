"""``coursekit grade``: grade notebooks or folders of notebooks, and export the results."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.base.errors import UsageError
from coursekit.cli.exporting import add_export_options, export_all
from coursekit.cli.options import (
    CONFIG_NOTE,
    add_grading_options,
    add_late_options,
    late_rule,
    with_class_config,
)

if TYPE_CHECKING:
    from coursekit.grading.deadlines import Deadlines
    from coursekit.grading.laterule import LateRule
    from coursekit.grading.options import GradeOptions
    from coursekit.grading.results import SubmissionGrade

__all__ = ["CSV_FORMATS", "add_parser", "export_specs"]

#: ``--csv-format`` choices and the exporter each one is.
CSV_FORMATS = {"plain": "csv", "canvas": "canvas", "moodle": "moodle"}


def export_specs(args: argparse.Namespace) -> list[str]:
    """The exports asked for, with the older flags read as aliases of ``--export``.

    ``--format F --output P`` is ``--export F:P``; ``--csv P`` is ``--export csv:P`` (with
    ``--csv-format canvas`` or ``moodle``, ``--export canvas:P`` or ``moodle:P``);
    ``--feedback D`` is ``--export feedback:D``. Without ``--export`` the table or JSON
    (``--format``) goes to ``--output`` or standard output, as it always has.
    """
    specs = list(args.export)
    if not specs or args.format or args.output:
        fmt = args.format or "table"
        specs.insert(0, f"{fmt}:{args.output}" if args.output else fmt)
    if args.csv:
        specs.append(f"{CSV_FORMATS[args.csv_format]}:{args.csv}")
    if args.feedback:
        specs.append(f"feedback:{args.feedback}")
    return specs


def _canvas_download(grade: SubmissionGrade) -> bool:
    """Whether a submission comes from a Canvas bulk download (which records lateness)."""
    from coursekit.grading.identity import submitter

    return submitter(grade.path).platform == "canvas"


def _with_lateness(args: argparse.Namespace, grades: Sequence[SubmissionGrade],
                   deadlines: Deadlines | None, rule: LateRule | None, store: Path
                   ) -> Sequence[SubmissionGrade]:
    """The grades with lateness from Canvas, or ``--deadlines`` and the times platforms
    recorded (the files' own with ``--file-times``), and the late ``rule`` applied; kept
    in the file ``store``, not in memory."""
    from coursekit.grading.deadlines import late_grades
    from coursekit.grading.identity import Roster
    from coursekit.model.exercises import lessons

    late = late_grades(grades, frozenset(lessons()),
                       Roster.from_csv(args.roster) if args.roster else None,
                       deadlines, rule or 0, file_times=args.file_times,
                       roots=tuple(str(path) for path in args.paths))
    return _kept(enumerate(late), store)


def _kept(grades: Iterable[tuple[int, SubmissionGrade]], path: Path,
          each: Callable[[], object] = lambda: None) -> Sequence[SubmissionGrade]:
    """Write each ``(index, grade)`` to a results stream at ``path`` as it comes (calling
    ``each`` after it), and give them back in the batch's order, read from there."""
    from coursekit.grading.stream import ResultsStream

    with ResultsStream(path) as out:
        for index, grade in grades:
            out.add(index, grade)
            each()
    return out.grades()


def _stream_path(args: argparse.Namespace, specs: list[str]) -> Path | None:
    """Where the results go as they arrive: ``--stream``, else beside the JSON export's file
    (``results.json`` -> ``results.jsonl``), else nowhere."""
    from coursekit.grading.stream import beside

    if args.stream:
        return Path(args.stream)
    files = [Path(path) for name, _, path in (spec.partition(":") for spec in specs)
             if name == "json" and path]
    return beside(files[0]) if files else None


def _grade(paths: list[Path], options: GradeOptions, cluster: str | None,
           stream: Path) -> Sequence[SubmissionGrade]:
    """Grade with a progress bar, writing each grade to ``stream`` as it arrives; the
    grades are read back from there as the exports need them, never all held here."""
    from tqdm import tqdm

    from coursekit.grading.pipeline import grade_stream

    if cluster is not None:  # Dask's own news of its scheduler and workers, only if wrong
        import distributed  # its import sets its loggers' levels: set after it

        logging.getLogger(distributed.__name__).setLevel(logging.WARNING)
    with tqdm(total=len(paths), unit="notebook", desc="grading", disable=None,
              file=sys.stderr) as bar:
        return _kept(grade_stream(paths, options, cluster), stream, bar.update)


def run(args: argparse.Namespace) -> int:
    """Grade the notebooks found under the paths, then write every export asked for.

    The grades go to a results stream as they come (``--stream``, beside the JSON export,
    else a temporary file), and every export reads them back from it one at a time, so the
    command's memory does not grow with the class.
    """
    from coursekit.grading.config import read_config
    from coursekit.grading.options import GradeOptions

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(map(str, missing))}")
    args = with_class_config(args)
    cluster = read_config().cluster(args.cluster)
    options = GradeOptions.from_settings(vars(args))
    # choose the sandbox, and start the engine so that it gets ready during the imports below;
    # on a cluster, each worker does both, and grades in the sandbox unless told not to
    options = (options.prepare() if cluster is None else
               replace(options, sandbox="off" if options.sandbox == "off" else "on"))
    from coursekit.grading.copies import class_copies
    from coursekit.grading.deadlines import Deadlines
    from coursekit.running.notebooks import find_notebooks

    paths = find_notebooks(args.paths)
    if not paths:
        raise UsageError(f"no notebooks (*.ipynb) found in {', '.join(map(str, args.paths))}")
    specs = export_specs(args)
    deadlines = Deadlines.from_csv(args.deadlines) if args.deadlines else None
    rule = late_rule(args)
    with tempfile.TemporaryDirectory(prefix="coursekit-grades-") as kept:
        grades = _grade(paths, options, cluster,
                        _stream_path(args, specs) or Path(kept) / "results.jsonl")
        if args.deadlines or rule or any(map(_canvas_download, grades)):
            grades = _with_lateness(args, grades, deadlines, rule, Path(kept) / "late.jsonl")
        copies = class_copies(grades)
        return export_all(args, grades, specs, options.context(), copies)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``grade`` to the command line."""
    grade = commands.add_parser("grade", help="grade notebooks or folders of notebooks",
                                description="Grade notebooks or folders of notebooks. "
                                            + CONFIG_NOTE)
    grade.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    add_export_options(grade)
    grade.add_argument("--format", choices=("table", "json"),
                       help="table (default) or json; the same as --export FORMAT[:OUTPUT]")
    grade.add_argument("--output", type=Path, help="write the table or JSON here, not to stdout")
    grade.add_argument("--csv", type=Path, help="also write a gradebook (--export csv:FILE)")
    grade.add_argument("--csv-format", choices=tuple(CSV_FORMATS), default="plain",
                       help="the gradebook --csv writes: plain (default), canvas (Canvas's "
                            "gradebook import) or moodle (Moodle's CSV grade import)")
    grade.add_argument("--deadlines", type=Path, metavar="FILE",
                       help="a CSV (lesson,learner,due) of deadlines and extensions; "
                            "lateness is shown in the JSON, gradebooks and report")
    grade.add_argument("--file-times", action="store_true",
                       help="with --deadlines, judge lateness by the files' modification "
                            "times where no platform recorded a time (Gradescope's metadata, "
                            "a GitHub Classroom repository's commits); learners can set them")
    add_late_options(grade)
    grade.add_argument("--feedback", type=Path, metavar="DIR",
                       help="also write an HTML feedback page per submission into DIR "
                            "(--export feedback:DIR)")
    grade.add_argument("--stream", type=Path, metavar="FILE",
                       help="write each result to FILE as JSON lines as soon as it is graded "
                            "(default: beside the JSON export's file, results.jsonl beside "
                            "results.json); 'coursekit export' and 'report' read it too")
    grade.add_argument("--cluster", metavar="ADDRESS",
                       help="grade on a Dask cluster: a scheduler's address (tcp://host:8786), "
                            "local:N (N worker processes on this machine), or the name of one "
                            "of the class config's [clusters]; workers grade in the sandbox "
                            "unless --no-sandbox (default: the config's 'cluster', else here)")
    add_grading_options(grade, ("timeout", "notebook_timeout", "lesson", "engine", "sandbox",
                                "memory", "jobs", "key_use", "variants", "variant_seed"))
    grade.set_defaults(run=run)
