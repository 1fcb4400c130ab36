"""The results as a plain-text table per notebook (what ``coursekit grade`` prints)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..results import to_table
from . import Batch, Exporter

__all__ = ["TABLE"]


def write_table(batch: Batch, path: Path | None) -> None:
    """Write the table to ``path``, or to standard output."""
    text = to_table(batch.grades)
    if path is None:
        sys.stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")


TABLE = Exporter("table", "a table per notebook: each exercise's status, points, feedback",
                 write_table, target="stream")
