"""A CSV for Moodle's grade import (Grades > Import > CSV file).

Moodle maps each row to a user through one identifier column the teacher picks in the
import form ("Map from"): this file has ``Email address`` and ``ID number`` (Moodle's
user id number, from the roster's ``email`` and ``id``) and the learner's ``Full name``.
Each lesson gives a grade column headed with its title, mapped to the grade item in the
form ("Grade item mappings"), and a ``... - late`` column (yes or no, when known) to map
to "Ignore" or keep for the record. Learners the roster does not know keep their row,
with the name their download folder gives, and are named in a warning.
"""

from __future__ import annotations

import csv
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.lms import learner_rows, lesson_columns
from coursekit.grading.results import SubmissionGrade

__all__ = ["MOODLE", "write_moodle"]


def _late(grade: SubmissionGrade | None) -> str:
    """The lateness column: 'yes', 'no', or empty when unknown."""
    if grade is None or not grade.late:
        return ""
    return "yes" if grade.late["late"] else "no"


def write_moodle(batch: Batch, path: Path | None) -> None:
    """One row per learner: identifiers, then a grade and a lateness column per lesson."""
    assert path is not None  # a file exporter always gets one
    columns = lesson_columns(batch)
    rows = learner_rows(batch, "moodle")
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Full name", "Email address", "ID number",
                         *(h for lesson in columns for h in (lesson.title,
                                                              f"{lesson.title} - late"))])
        for row in rows:
            cells = []
            for lesson in columns:
                grade = row.grades.get(lesson.id)
                cells += [f"{grade.score:g}" if grade else "", _late(grade)]
            writer.writerow([row.name, row.roster.get("email", ""),
                             row.roster.get("id", ""), *cells])


MOODLE = Exporter("moodle", "a CSV for Moodle's grade import (Full name, Email address, "
                  "ID number, a grade column per lesson)", write_moodle)
