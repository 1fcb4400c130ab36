"""The results as a plain-text table per notebook (what ``coursekit grade`` prints)."""

from ..results import to_table
from . import text_exporter

__all__ = ["TABLE"]

TABLE = text_exporter("table", "a table per notebook: each exercise's status, points, feedback",
                      to_table)
