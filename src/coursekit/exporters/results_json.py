"""The results as JSON, in the documented shape (``coursekit grade --format json``)."""

from ..results import to_json
from . import text_exporter

__all__ = ["JSON"]

JSON = text_exporter("json", "every submission and exercise as JSON (the documented shape)",
                     to_json)
