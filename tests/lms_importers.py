"""Small replays of how Moodle's and Canvas's grade importers read a CSV file.

Each replay follows the importer's source, cited in its docstring, for what decides who
a grade goes to: the matching of rows to learners and of columns to grade items, and
what an empty cell does. Parsing, permissions and the database are left out. When the
platform changes its importer, compare the cited file with the replay.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field


class ImportAborted(Exception):
    """The importer stops the whole import (its message is Moodle's string id)."""


@dataclass(frozen=True)
class MoodleUser:
    id: int
    email: str
    idnumber: str = ""


def moodle_import(text: str, map_from: str, map_to: str, items: dict[str, str],
                  users: list[MoodleUser]) -> dict[int, dict[str, float | None]]:
    """The grades Moodle's CSV grade import would set, by user id and grade item.

    Follows moodle/moodle ``grade/import/csv/classes/load_data.php``,
    ``prepare_import_grade_data()``, ``map_user_data_with_value()`` and
    ``update_grade_item()``: the user found for a row is kept in ``$this->studentid``,
    set only when the row's identifier is not empty ("Skip invalid row with blank user
    field") and never reset between rows; an identifier no user has aborts the import
    (``usermappingerror``), and so does a first row with no user
    (``usermappingerrorusernotfound``); a grade of ``''`` or ``'-'`` is null, which clears
    the grade; a grade that is not a number aborts (``badgrade``). ``map_from`` is the
    column picked in "Map from", ``map_to`` the user field (``useremail`` or
    ``useridnumber``), ``items`` maps a column heading to a grade item (the "Grade item
    mappings"); other columns are ignored.
    """
    lines = list(csv.reader(io.StringIO(text)))
    header = [heading.strip() for heading in lines[0]]
    user_field = {"useremail": "email", "useridnumber": "idnumber"}[map_to]
    student: int | None = None
    imported: dict[int, dict[str, float | None]] = {}
    for line in lines[1:]:
        if len(line) <= 1:  # "There is no data on this line, move on."
            continue
        grades: dict[str, float | None] = {}
        for heading, value in zip(header, (cell.strip() for cell in line), strict=True):
            if heading == map_from:
                if value:
                    found = [u.id for u in users if getattr(u, user_field) == value]
                    if not found:
                        raise ImportAborted(f"usermappingerror: {value}")
                    student = found[0]
            elif heading in items:
                if value in ("", "-"):
                    grades[items[heading]] = None
                else:
                    try:
                        grades[items[heading]] = float(value)
                    except ValueError:
                        raise ImportAborted(f"badgrade: {value!r}") from None
        if student is None:
            raise ImportAborted("usermappingerrorusernotfound")
        imported.setdefault(student, {}).update(grades)
    return imported


@dataclass(frozen=True)
class CanvasStudent:
    id: int
    name: str
    sis_user_id: str = ""
    login_id: str = ""


@dataclass
class CanvasImport:
    """What Canvas's importer made of a file: grades by student and assignment id, and the
    students and assignments it would have to create (negative ids, as Canvas gives them)."""

    grades: dict[int, dict[int, str]] = field(default_factory=dict)
    new_students: list[str] = field(default_factory=list)
    new_assignments: list[str] = field(default_factory=list)


#: ``Assignment.title_and_id`` in instructure/canvas-lms ``app/models/assignment.rb``.
_TITLE_AND_ID = re.compile(r"\A(.*)\s\((\d+)\)\Z")


def canvas_import(text: str, students: list[CanvasStudent],
                  assignments: dict[int, str]) -> CanvasImport:
    """What Canvas's gradebook import would do with a CSV file.

    Follows instructure/canvas-lms ``app/models/gradebook_importer.rb``:
    ``row_has_student_headers?`` and ``update_column_count`` (``Student``, ``ID``, then
    ``SIS User ID`` and ``SIS Login ID``, the student columns ending with ``Section``),
    ``parse_assignments`` (a heading ``Title (ID)`` by ``Assignment.title_and_id``, else
    an assignment of exactly that title, else a new assignment), ``check_for_non_student_row``
    (a first cell holding ``Points Possible``) and ``process_student`` (``ID`` by
    ``to_i``, else ``SIS User ID``, else ``SIS Login ID``, else the name, else a new
    student). ``assignments`` maps the course's assignment ids to titles.
    """
    lines = list(csv.reader(io.StringIO(text)))
    header = lines[0]
    assert "Student" in header[0] and "ID" in header[1], "Invalid header row"
    columns = 3
    sis_user = sis_login = None
    if re.search(r"SIS\s+Login\s+ID", header[2]):
        sis_login, columns = 2, 4
    elif re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3]):
        sis_user, sis_login, columns = 2, 3, 5
    assert "Section" in header[columns - 1], "Invalid header row"
    result = CanvasImport()
    by_column: dict[int, int] = {}
    for index, heading in enumerate(header[columns:], start=columns):
        found = _TITLE_AND_ID.match(heading)
        title, id = (found[1], int(found[2])) if found else (heading, None)
        if id not in assignments:
            id = next((a for a, t in assignments.items() if t == heading), None)
        if id is None:
            result.new_assignments.append(title)
            id = -len(result.new_assignments)
        by_column[index] = id
    for line in lines[1:]:
        if "Points Possible" in line[0]:
            continue
        student = next((s for s in students if line[1].strip() and s.id == _to_i(line[1])), None)
        if student is None and sis_user is not None and line[sis_user]:
            student = next((s for s in students if s.sis_user_id == line[sis_user]), None)
        if student is None and sis_login is not None and line[sis_login]:
            student = next((s for s in students if s.login_id == line[sis_login]), None)
        student = student or next((s for s in students if s.name == line[0]), None)
        if student is None:
            result.new_students.append(line[0])
            continue
        for index, id in by_column.items():
            result.grades.setdefault(student.id, {})[id] = line[index].strip()
    return result


def _to_i(text: str) -> int:
    """Ruby's ``String#to_i``: the leading digits, else 0."""
    found = re.match(r"\s*[-+]?\d+", text)
    return int(found[0]) if found else 0
