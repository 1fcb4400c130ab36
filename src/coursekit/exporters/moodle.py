"""A CSV for Moodle's grade import (Grades > Import > CSV file).

Moodle's importer (``grade/import/csv/classes/load_data.php``) maps each row to a user
through the one column the teacher picks in the import form ("Map from"). It skips a
row whose identifier is empty *without* forgetting the row before, so that row's grades
go to the learner above it; an unknown identifier aborts the whole import; an empty or
``-`` grade clears the grade already there. So this file has exactly one identifier
column, filled in every row: ``Email address`` (map from "Email address"), or ``ID
number`` when the roster (``--roster``, with ``email`` and ``id`` columns) has more ID
numbers than emails. Then ``Full name`` (for reading; map it to "Ignore") and the
lesson's grade column, headed with its title, to map to the grade item. Learners
without a grade get no row, and lateness is not a column (it is in the results, the
gradebook and the report). Without a roster no row can be matched, and every grade is
held back: see :mod:`coursekit.exporters.lms`.
"""

from __future__ import annotations

from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.lms import Identity, LearnerRow, usable, write_import
from coursekit.grading.csvfiles import Cell
from coursekit.model.exercises import Lesson

__all__ = ["IDENTIFIERS", "MOODLE", "identifier_column", "write_moodle"]

#: Moodle's identifier columns, and the roster column each one comes from.
IDENTIFIERS = {"Email address": "email", "ID number": "id"}


def identifier_column(batch: Batch) -> str:
    """The identifier column: ``Email address``, unless the roster has more ID numbers."""
    learners = batch.roster.learners if batch.roster else []
    filled = {column: sum(1 for row in learners if usable(row.get(key, "")))
              for column, key in IDENTIFIERS.items()}
    return max(IDENTIFIERS, key=lambda column: filled[column])  # the first on a tie


def write_moodle(batch: Batch, path: Path | None) -> None:
    """One row per learner with a grade: the identifier, the full name and the grade."""
    assert path is not None  # a file exporter always gets one
    column = identifier_column(batch)

    def header(lesson: Lesson) -> list[list[Cell]]:
        return [[column, "Full name", lesson.title]]

    def identity(row: LearnerRow) -> Identity:
        key = usable(row.roster.get(IDENTIFIERS[column], ""))
        return Identity([key, row.name], key)

    write_import(batch, path, "moodle", header, identity,
                 f"no {column} in the roster, which Moodle matches rows on")


MOODLE = Exporter("moodle", "a CSV for Moodle's grade import (one identifier column, Full "
                  "name, the lesson's grade; one file per lesson)", write_moodle)
