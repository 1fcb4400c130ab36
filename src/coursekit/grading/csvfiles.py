"""CSV files in and out: the small files a teacher hands in, and every CSV the project writes.

Every CSV that coursekit writes goes through :func:`write_rows`, so that none of them
can attack the spreadsheet that opens it. A spreadsheet runs a cell that starts with
``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab, a carriage return, a line
feed, a NUL or the full-width forms of those signs) as a formula; a learner's file or
folder name such as ``=HYPERLINK("http://...")`` would become a live link in the
teacher's gradebook. Following OWASP's advice on CSV injection, a *text* cell that
starts with one of those characters (after any spaces) is written with a single quote
before it, which spreadsheets read as "this is text" and do not show.

Numbers are cells of type ``int`` or ``float`` and are written as numbers, never
changed: a score of ``-2`` stays the number ``-2`` for a spreadsheet and for an LMS
importer. Only text is neutralised, so a value an importer matches on (a login, an
email, an id) must not start with one of those characters: the LMS exporters leave
such a row out of the import file rather than change the identifier (see
:mod:`coursekit.exporters.lms`). :func:`read_rows` removes the quote again when it
reads a file back (``--reviews``, ``--roster``), so a round trip keeps every value.

The ``defusedcsv`` package does the same job for ``=``, ``+``, ``-``, ``@``, ``|`` and
``%`` but not for tab and carriage return, and it rewrites ``|`` inside a cell, which
would change what an importer reads; hence this small module.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeAlias

__all__ = ["FORMULA_STARTS", "Cell", "neutralise", "read_rows", "safe_cell", "write_rows"]

#: A cell to write: text, a number (written as a number), or None (empty).
Cell: TypeAlias = str | int | float | None

#: The first characters that make a spreadsheet read a text cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d",
                  "\uff20")

#: What :func:`neutralise` puts before such a cell.
_QUOTE = "'"


def neutralise(text: str) -> str:
    """The text as a spreadsheet shows it without running it: a quote before a formula."""
    return _QUOTE + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def _restore(text: str) -> str:
    """The text :func:`neutralise` was given (a quote it added is taken off)."""
    return text[1:] if text.startswith(_QUOTE) and neutralise(text[1:]) != text[1:] else text


def safe_cell(value: Cell) -> str:
    """One cell as written: a number as a number (``8``, ``-2``, ``0.5``), text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):  # a bool is an int to Python, not a number to a gradebook
        return neutralise(str(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    return neutralise(value)


def write_rows(path: Path, rows: Iterable[Sequence[Cell]], *, bom: bool = False) -> None:
    """Write a UTF-8 CSV file of ``rows`` (the header first), every cell through :func:`safe_cell`.

    ``bom`` starts the file with a byte-order mark, for spreadsheet programs that need it
    to read UTF-8 (Excel).
    """
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerows([safe_cell(value) for value in row] for row in rows)


def read_rows(path: Path, error: type[Exception]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file (with or without a byte-order mark), by header.

    A cell that :func:`write_rows` neutralised is read as it was before. A file that
    cannot be read raises ``error`` with the file's name and the reason.
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            return [{_restore(k) if k else k: _restore(v) if isinstance(v, str) else v
                     for k, v in row.items()} for row in csv.DictReader(stream)]
    except OSError as error_:
        raise error(f"{path}: {error_.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as error_:
        raise error(f"{path}: not a UTF-8 CSV file ({error_})") from None
