"""A gradebook that Canvas's gradebook import (Grades > Import) takes as it is.

Canvas wants the leading columns ``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``
and ``Section``, then one column per assignment. Its importer
(``app/models/gradebook_importer.rb``) finds each row's learner by ``ID`` (the Canvas
user id), else ``SIS User ID``, else ``SIS Login ID`` (a login, never an email), else by
name; this file writes a row only for a learner with one of the three ids (a name may be
shared), from the roster (``--roster``; a gradebook exported from Canvas can be given as
it is) or, for a Canvas bulk download, from the file names Canvas made.

The assignment column is headed ``Title (ID)`` whenever the roster knows the assignment's
id: a gradebook exported from Canvas heads its columns so (``Percentages and shares
(81234)``), and its column with the lesson's title (or id) gives the id. Canvas then
grades that assignment whatever its title. Without the id, the column is headed with the
lesson's title, which Canvas matches only to an assignment of exactly that title, else
it makes a new assignment, and a warning says so. To give the id otherwise: in Canvas's
export given as the roster, head the assignment's column with the lesson's title or id,
keeping Canvas's ``(81234)`` (``02_percentages (81234)``); or pick the assignment in
Canvas's import preview. A ``Points Possible`` row follows the header, as in Canvas's
own export. See :mod:`coursekit.exporters.lms` for the rows that are held back.
"""

from __future__ import annotations

import logging
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.lms import Identity, LearnerRow, usable, write_import
from coursekit.grading.csvfiles import Cell
from coursekit.model.exercises import Lesson

__all__ = ["CANVAS", "LEADING_COLUMNS", "assignment_column", "write_canvas"]

logger = logging.getLogger(__name__)

#: The columns Canvas's gradebook import reads before the assignments.
LEADING_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


def assignment_column(batch: Batch, lesson: Lesson) -> str:
    """The lesson's column heading: ``Title (ID)`` when the roster knows the id, else the title."""
    known = batch.roster.assignments if batch.roster else {}
    wanted = {lesson.title.casefold(), lesson.id.casefold()}
    ids = [id for title, id in known.items() if title.strip().casefold() in wanted]
    if len(ids) == 1:
        return f"{lesson.title} ({ids[0]})"
    logger.warning("canvas: no single assignment id for %r in the roster: the column is headed "
                   "with the title alone, and Canvas makes a new assignment unless one has "
                   "exactly that title (give Canvas's gradebook export as --roster, or pick the "
                   "assignment in Canvas's import preview)", lesson.title)
    return lesson.title


def _identity(row: LearnerRow) -> Identity:
    """A learner's leading cells; the key is the first id Canvas matches on."""
    ids = [usable(row.canvas_id), usable(row.roster.get("sis_user_id", "")),
           usable(row.roster.get("sis_login_id", ""))]
    kinds = LEADING_COLUMNS[1:4]
    key = next((f"{kind}:{id}" for kind, id in zip(kinds, ids, strict=True) if id), "")
    return Identity([row.name, *ids, row.roster.get("section", "")], key)


def write_canvas(batch: Batch, path: Path | None) -> None:
    """One row per learner with their score in the lesson, after Canvas's leading columns."""
    assert path is not None  # a file exporter always gets one

    def header(lesson: Lesson) -> list[list[Cell]]:
        return [[*LEADING_COLUMNS, assignment_column(batch, lesson)],
                ["    Points Possible", "", "", "", "", lesson.max_score]]

    write_import(batch, path, "canvas", header, _identity,
                 "no ID, SIS User ID or SIS Login ID that Canvas matches on")


CANVAS = Exporter("canvas", "a CSV for Canvas's gradebook import (Student, ID, SIS User ID, "
                  "SIS Login ID, Section, the lesson's assignment; one file per lesson)",
                  write_canvas)
