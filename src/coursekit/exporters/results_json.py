"""The results as JSON, in the documented shape (``coursekit grade --format json``)."""

import sys
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.grading.results import to_json

__all__ = ["JSON"]


def write_json(batch: Batch, path: Path | None) -> None:
    """Write the grades, and the copy check's pairs when it ran, to ``path`` or stdout."""
    text = to_json(batch.grades, batch.copies)
    if path is None:
        sys.stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")


JSON = Exporter("json", "every submission and exercise as JSON (the documented shape)",
                write_json, target="stream")
