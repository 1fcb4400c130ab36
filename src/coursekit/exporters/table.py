"""The results as a plain-text table per notebook (what ``coursekit grade`` prints)."""

from coursekit.exporters import text_exporter
from coursekit.grading.results import to_table

__all__ = ["TABLE"]

TABLE = text_exporter("table", "a table per notebook: each exercise's status, points, feedback",
                      to_table)
