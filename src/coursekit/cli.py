"""The ``coursekit`` command: ``release``, ``execute``, ``grade`` and ``report``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nbclient.exceptions import CellExecutionError
from tqdm import tqdm

from . import gradebook, grading, release, results
from .engines import DEFAULT_ENGINE, ENGINES
from .notebooks import NotebookError, execute, find_notebooks, read, write

__all__ = ["main"]


def _release(args: argparse.Namespace) -> int:
    if args.check:
        stale = release.stale_lessons(args.solutions, args.lessons)
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        if stale:
            print("run 'coursekit release' and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for path in release.release(args.solutions, args.lessons):
        print(f"wrote {path}")
    return 0


def _execute(args: argparse.Namespace) -> int:
    for path in find_notebooks(args.paths):
        try:
            notebook = execute(read(path), cwd=path.parent, timeout=args.timeout)
        except CellExecutionError as error:
            print(f"coursekit execute: {path}: a cell failed, nothing written: "
                  f"{error.ename}: {error.evalue}", file=sys.stderr)
            return 1
        write(notebook, path)
        print(f"executed {path}")
    return 0


def _grade(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"coursekit grade: no such file or folder: {', '.join(map(str, missing))}",
              file=sys.stderr)
        return 2
    paths = find_notebooks(args.paths)
    if not paths:
        print("coursekit grade: no notebooks (*.ipynb) found in "
              f"{', '.join(map(str, args.paths))}", file=sys.stderr)
        return 2
    with tqdm(total=len(paths), unit="notebook", desc="grading", disable=None,
              file=sys.stderr) as bar:
        grades = grading.grade_paths(paths, timeout=args.timeout,
                                     notebook_timeout=args.notebook_timeout, lesson=args.lesson,
                                     engine=args.engine, jobs=args.jobs,
                                     on_graded=lambda _grade: bar.update())
    text = results.to_json(grades) if args.format == "json" else results.to_table(grades)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if args.csv:
        gradebook.write_csv(grades, args.csv)
    if args.feedback:
        gradebook.write_feedback(grades, args.feedback)
    return 0


def _report(args: argparse.Namespace) -> int:
    try:
        text = args.results.read_text(encoding="utf-8")
    except OSError as error:
        print(f"coursekit report: {args.results}: {error.strerror}", file=sys.stderr)
        return 2
    from .report import render_report  # seaborn and matplotlib: only this command needs them

    grades = results.from_json(text, source=str(args.results))
    args.html.write_text(render_report(grades), encoding="utf-8")
    print(f"wrote {args.html}")
    return 0


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds (got {text})")
    return value


def _workers(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {text})")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    rel = commands.add_parser("release", help="write lessons/ from solutions/")
    rel.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 and name the lessons that are out of date")
    rel.add_argument("--solutions", type=Path, default=Path("solutions"))
    rel.add_argument("--lessons", type=Path, default=Path("lessons"))
    rel.set_defaults(run=_release)

    exe = commands.add_parser("execute", help="run notebooks in place and store their outputs "
                              "(for authors refreshing solutions/)")
    exe.add_argument("paths", nargs="+", type=Path)
    exe.add_argument("--timeout", type=float, default=120)
    exe.set_defaults(run=_execute)

    grade = commands.add_parser("grade", help="grade notebooks or folders of notebooks")
    grade.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    grade.add_argument("--format", choices=("table", "json"), default="table")
    grade.add_argument("--output", type=Path, help="write the results here instead of stdout")
    grade.add_argument("--timeout", type=_positive, default=grading.DEFAULT_TIMEOUT,
                       help="seconds one cell may run (default %(default)s)")
    grade.add_argument("--notebook-timeout", type=_positive,
                       default=grading.DEFAULT_NOTEBOOK_TIMEOUT,
                       help="seconds a whole notebook may run; later cells are skipped "
                            "(default %(default)s)")
    grade.add_argument("--lesson", help="grade every notebook as this lesson id")
    grade.add_argument("--engine", choices=sorted(ENGINES), default=DEFAULT_ENGINE,
                       help="fast: fork a fresh process per notebook from one that imported "
                            "the libraries once; kernel: a fresh Jupyter kernel per notebook "
                            "(default %(default)s)")
    grade.add_argument("--jobs", type=_workers, default=None,
                       help="notebooks graded at once (default: the number of CPUs)")
    grade.add_argument("--csv", type=Path, help="also write a gradebook: a row per submission")
    grade.add_argument("--feedback", type=Path, metavar="DIR",
                       help="also write an HTML feedback page per submission into DIR")
    grade.set_defaults(run=_grade)

    rep = commands.add_parser("report", help="an HTML class report from grading results")
    rep.add_argument("results", type=Path, help="the JSON of 'coursekit grade --format json'")
    rep.add_argument("--html", type=Path, required=True, help="the report file to write")
    rep.set_defaults(run=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for usage errors)."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (NotebookError, release.ReleaseError, results.ResultsError, KeyError) as error:
        print(f"coursekit {args.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
