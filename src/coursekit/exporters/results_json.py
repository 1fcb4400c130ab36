"""The results as JSON, in the documented shape (``coursekit grade --format json``)."""

import sys
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.grading.results import write_results

__all__ = ["JSON"]


def write_json(batch: Batch, path: Path | None) -> None:
    """Write the grades, and the copy check's pairs when it ran, to ``path`` or stdout, one
    submission at a time (see :func:`~coursekit.grading.results.write_results`)."""
    if path is None:
        write_results(batch.grades, sys.stdout, batch.copies)
    else:
        with path.open("w", encoding="utf-8") as out:
            write_results(batch.grades, out, batch.copies)


JSON = Exporter("json", "every submission and exercise as JSON (the documented shape)",
                write_json, target="stream")
