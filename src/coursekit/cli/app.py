"""The ``coursekit`` command: one sub-command per module of ``coursekit.cli``."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import NoReturn

from coursekit.base.imports import decline_slow_optional_imports

__all__ = ["COMMANDS", "main", "run"]

#: The command modules of this package, in the order ``coursekit --help`` lists them.
COMMANDS = ("release", "execute", "grade", "export", "report", "review", "diff", "gradescope",
            "classroom", "link")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursekit", description=__doc__.split(":")[0] + ".")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"coursekit.cli.{name}").add_parser(commands)
    return parser


def _usage_errors() -> tuple[type[Exception], ...]:
    """The errors that mean 'this input is wrong' (exit 2 with the message), not a bug."""
    from coursekit.authoring.release import ReleaseError
    from coursekit.exporters import ExportError
    from coursekit.grading.config import ConfigError
    from coursekit.grading.deadlines import DeadlinesError
    from coursekit.grading.identity import RosterError
    from coursekit.grading.results import ResultsError
    from coursekit.grading.reviews import ReviewsError
    from coursekit.model.course import CourseError
    from coursekit.model.data import DataError, UnknownFigureError
    from coursekit.model.exercises import UnknownLessonError
    from coursekit.running.notebooks import NotebookError
    from coursekit.running.sandbox import SandboxUnavailable

    return (CourseError, DataError, DeadlinesError, UnknownFigureError, UnknownLessonError,
            ExportError, RosterError, NotebookError, ReleaseError, ResultsError, ReviewsError,
            SandboxUnavailable, ConfigError)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for usage errors)."""
    args = _parser().parse_args(argv)
    decline_slow_optional_imports()  # before any command imports nbformat
    try:
        return args.run(args)
    except Exception as error:
        if isinstance(error, _usage_errors()):
            print(f"coursekit {args.command}: {error}", file=sys.stderr)
            return 2
        raise


def run() -> NoReturn:
    """The ``coursekit`` program: :func:`main`, then exit with its code.

    Output piped into a program that stops reading (``coursekit grade ... | head``) ends it
    quietly, as the Python documentation recommends. What is alive at the end lives until
    the process ends; frozen, the interpreter's last garbage collection skips it rather
    than scan the libraries' objects (about 0.1 s).
    """
    try:
        try:
            code = main()
        finally:  # also after --help: a reader that went away is noticed here, not at exit
            sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        code = 1
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
