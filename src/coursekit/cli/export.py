"""``coursekit export``: write outputs from saved results, without grading again."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.cli.exporting import add_export_options, export_all
from coursekit.cli.options import with_class_config

if TYPE_CHECKING:
    from collections.abc import Sequence

    from coursekit.grading.results import Copy, SubmissionGrade

__all__ = ["add_parser", "read_results"]


def _read_text(path: Path) -> str:
    """A results file's text, or a clear error naming it."""
    from coursekit.grading.results import ResultsError

    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResultsError(f"{path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ResultsError(f"{path}: not a UTF-8 text file") from None


def read_results(path: Path) -> Sequence[SubmissionGrade]:
    """The grades saved in a results JSON file, or in the stream of results written as they
    came (``.jsonl``, see :mod:`coursekit.grading.stream`), or a clear error naming it."""
    from coursekit.grading.results import from_json
    from coursekit.grading.stream import SUFFIX, read_stream

    if path.suffix == SUFFIX:
        return read_stream(path)
    return from_json(_read_text(path), source=str(path))


def _read_copies(path: Path) -> list[Copy] | None:
    """The copy check's pairs saved in a results file (read by :func:`read_results` first);
    a stream has none (the copy check runs once the batch is whole)."""
    from coursekit.grading.results import copies_from_json
    from coursekit.grading.stream import SUFFIX

    return None if path.suffix == SUFFIX else copies_from_json(_read_text(path))


def run(args: argparse.Namespace) -> int:
    """List the installed exporters, or run the exports asked for on saved results."""
    from coursekit.exporters import exporters

    if args.list or not args.export:
        for name, exporter in exporters().items():
            print(f"{name:<12} ({exporter.target}) {exporter.help}")
        return 0 if args.list else 2
    return export_all(with_class_config(args), read_results(args.results), args.export,
                      copies=_read_copies(args.results))


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` to the command line."""
    exp = commands.add_parser("export", help="write outputs (gradebook, feedback, report, ...) "
                              "from the JSON of 'coursekit grade'")
    exp.add_argument("results", type=Path, nargs="?", default=Path("results.json"),
                     help="the JSON of 'coursekit grade --format json', or the stream of results "
                          "beside it (.jsonl) (default %(default)s)")
    exp.add_argument("--list", action="store_true", help="list the installed exporters")
    add_export_options(exp)
    exp.set_defaults(run=run)
