"""The results as JSON, in the documented shape (``coursekit grade --format json``)."""

from coursekit.exporters import text_exporter
from coursekit.grading.results import to_json

__all__ = ["JSON"]

JSON = text_exporter("json", "every submission and exercise as JSON (the documented shape)",
                     to_json)
