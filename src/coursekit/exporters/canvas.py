"""A gradebook that Canvas's gradebook import (Grades > Import) takes as it is.

Canvas wants the leading columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``
and ``Section``, then one column per assignment, and identifies each row by ``ID`` (its
user id), ``SIS User ID`` or ``SIS Login ID``. This file has one assignment column per
lesson, headed with the lesson's title, and a ``Points Possible`` row as in Canvas's own
export. Ids come from the roster (``--roster``; a gradebook exported from Canvas can be
given as it is) or, for a Canvas bulk download, from the file names. To import into an
assignment that already exists, head its column as Canvas's export does
(``Percentages and shares (81234)``) or pick it in Canvas's import preview.
"""

from __future__ import annotations

import csv
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.lms import learner_rows, lesson_columns

__all__ = ["CANVAS", "LEADING_COLUMNS", "write_canvas"]

#: The columns Canvas's gradebook import reads before the assignments.
LEADING_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def write_canvas(batch: Batch, path: Path | None) -> None:
    """One row per learner with their score in each lesson, after Canvas's leading columns."""
    assert path is not None  # a file exporter always gets one
    columns = lesson_columns(batch)
    rows = learner_rows(batch, "canvas")
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow([*LEADING_COLUMNS, *(lesson.title for lesson in columns)])
        writer.writerow(["    Points Possible", "", "", "", "",
                         *(f"{lesson.max_score:g}" for lesson in columns)])
        for row in rows:
            scores = [f"{row.grades[lesson.id].score:g}" if lesson.id in row.grades else ""
                      for lesson in columns]
            writer.writerow([row.name, row.canvas_id, row.roster.get("sis_user_id", ""),
                             row.roster.get("sis_login_id") or row.roster.get("email", ""),
                             row.roster.get("section", ""), *scores])


CANVAS = Exporter("canvas", "a CSV for Canvas's gradebook import (Student, ID, SIS User ID, "
                  "SIS Login ID, Section, a column per lesson)", write_canvas)
