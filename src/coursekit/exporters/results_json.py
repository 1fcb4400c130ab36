"""The results as JSON, in the documented shape (``coursekit grade --format json``)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..results import to_json
from . import Batch, Exporter

__all__ = ["JSON"]


def write_json(batch: Batch, path: Path | None) -> None:
    """Write the batch's JSON to ``path``, or to standard output."""
    text = to_json(batch.grades)
    if path is None:
        sys.stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")


JSON = Exporter("json", "every submission and exercise as JSON (the documented shape)",
                write_json, target="stream")
