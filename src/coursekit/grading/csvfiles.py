"""Reading the small CSV files a teacher hands in: rosters, scores, deadlines."""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["read_rows"]


def read_rows(path: Path, error: type[Exception]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file (with or without a byte-order mark), by header.

    A file that cannot be read raises ``error`` with the file's name and the reason.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            return list(csv.DictReader(stream))
    except OSError as error_:
        raise error(f"{path}: {error_.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as error_:
        raise error(f"{path}: not a UTF-8 CSV file ({error_})") from None
