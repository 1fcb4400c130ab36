"""LMS gradebooks: learners read from bulk-download names, Canvas and Moodle import files,
rosters that map learners (unmatched ones listed, never dropped), deadlines and lateness."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from dataclasses import replace
from datetime import datetime, timezone

import pytest

from coursekit.cli import app as cli
from coursekit.cli import grade
from coursekit.exporters import Batch, get_exporter
from coursekit.grading.deadlines import Deadlines, DeadlinesError, apply_lateness
from coursekit.grading.identity import Roster, learner_id, submitter
from coursekit.grading.results import ExerciseGrade, SubmissionGrade, from_json, to_json
from coursekit.model.exercises import get_lesson

from .conftest import LESSONS, SOLUTIONS, machine_points
from .lms_importers import CanvasStudent, MoodleUser, canvas_import, moodle_import

LESSON = get_lesson("02_percentages")
LESSON_IDS = frozenset({LESSON.id})
#: A Canvas gradebook export, as Canvas writes it (a Points Possible row, a test student).
CANVAS_EXPORT = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Percentages and shares (81234)\n"
    "    Points Possible,,,,,8.00\n"
    "\"Brown, Zoë\",4021,S-001,zoe.brown,Section A,\n"
    "\"Nowak, Łukasz\",4022,S-002,lukasz.nowak,Section A,\n"
    "\"李, 明\",4023,S-003,li.ming,Section B,\n"
)


def grade_of(path: str, score: float, late: dict | None = None) -> SubmissionGrade:
    """A graded submission of lesson 02 with the given score (the rest unanswered)."""
    exercises = [ExerciseGrade(e.id, "correct" if i < score else "unanswered",
                               e.points if i < score else 0, e.points, "")
                 for i, e in enumerate(LESSON.exercises)]
    return SubmissionGrade(path, LESSON.id, "graded", None, score, LESSON.max_score,
                           exercises, late=late)


@pytest.mark.parametrize(("path", "raw", "keys", "platform", "late"), [
    ("canvas/brownzoë_4021_99001_02_percentages.ipynb", "4021", ("brownzoë",), "canvas", False),
    ("canvas/nowakłukasz_late_4022_99002_02_percentages-1.ipynb", "4022", ("nowakłukasz",),
     "canvas", True),
    ("canvas/李明_LATE_4023_99003_my notebook.ipynb", "4023", ("李明",), "canvas", True),
    ("moodle/Zoë Brown_1234567_assignsubmission_file_/02_percentages.ipynb", "Zoë Brown",
     ("1234567",), "moodle", False),
    ("moodle/Łukasz Nowak_7654321_assignsubmission_file_lesson 2.ipynb", "Łukasz Nowak",
     ("7654321",), "moodle", False),
    # a learner's own subfolder inside their Moodle folder: still theirs
    ("moodle/李 明_1234568_assignsubmission_file_/sub/02_percentages.ipynb", "李 明",
     ("1234568",), "moodle", False),
    ("class/bob/02_percentages.ipynb", "bob", (), None, False),
    ("class/zoë.ipynb", "zoë", (), None, False),
    ("class/late_notes.ipynb", "late_notes", (), None, False),
])
def test_learners_are_read_from_lms_download_names(path, raw, keys, platform, late):
    found = submitter(path, LESSON_IDS)
    assert (found.raw, found.keys, found.platform, found.late) == (raw, keys, platform, late)


def test_a_canvas_gradebook_export_is_a_roster_and_matches_by_canvas_id(tmp_path):
    roster_file = tmp_path / "canvas_export.csv"
    roster_file.write_text(CANVAS_EXPORT, encoding="utf-8")
    roster = Roster.from_csv(roster_file)
    assert [row["learner"] for row in roster.learners] == ["Brown, Zoë", "Nowak, Łukasz", "李, 明"]
    assert learner_id("c/brownzoë_late_4021_99001_x.ipynb", LESSON_IDS, roster) == "Brown, Zoë"
    assert learner_id("c/li.ming.ipynb", LESSON_IDS, roster) == "李, 明"  # by SIS Login ID


def test_a_moodle_download_matches_the_roster_by_name(tmp_path):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("learner,name,email,id\ns001,Zoë Brown,zoe@example.org,A17\n",
                           encoding="utf-8")
    roster = Roster.from_csv(roster_file)
    path = "m/Zoë Brown_1234567_assignsubmission_file_/02_percentages.ipynb"
    assert learner_id(path, LESSON_IDS, roster) == "s001"


def canvas_rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_canvas_file_has_canvas_columns_and_holds_back_unknown_learners(tmp_path, caplog):
    roster_file = tmp_path / "canvas_export.csv"
    roster_file.write_text(CANVAS_EXPORT, encoding="utf-8")
    grades = [grade_of("dl/brownzoë_4021_99001_02_percentages.ipynb", 8),
              grade_of("dl/brownzoë_4021_99005_02_percentages-1.ipynb", 5),
              grade_of("dl/stranger_late_5000_99002_02_percentages.ipynb", 3),
              grade_of("dl/李明_4023_99003_02_percentages.ipynb", 6)]
    out = tmp_path / "canvas.csv"
    get_exporter("canvas").write(Batch(grades, Roster.from_csv(roster_file), LESSON_IDS), out)
    rows = canvas_rows(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       f"{LESSON.title} (81234)"]  # the id from Canvas's own export
    assert rows[1] == ["    Points Possible", "", "", "", "", f"{LESSON.max_score:g}"]
    assert rows[2:] == [
        ["Brown, Zoë", "4021", "S-001", "zoe.brown", "Section A", "8"],  # the best of two
        ["李, 明", "4023", "S-003", "li.ming", "Section B", "6"],
    ]  # Nowak sent nothing: no row, so an empty cell cannot clear a grade in Canvas
    held = list(csv.DictReader(io.StringIO(
        (tmp_path / "canvas-not-imported.csv").read_text(encoding="utf-8"))))
    assert [(r["learner"], r["score"], r["reason"]) for r in held] == [
        ("5000", "3", "not in the roster")]
    err = caplog.text  # logged warnings
    assert "held back (not in the roster)" in err and "5000" in err
    assert "sent nothing" in err and "Nowak, Łukasz" in err
    assert "more than once" in err and "Brown, Zoë (02_percentages)" in err


def test_the_moodle_file_has_one_identifier_and_the_grade(tmp_path, caplog):
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("learner,name,email,id\n"
                           "s001,Zoë Brown,zoe@example.org,A17\n"
                           "s002,Łukasz Nowak,lukasz@example.org,A18\n", encoding="utf-8")
    late = {"late": True, "source": "deadlines", "due": None, "submitted": None,
            "submitted_from": "git",
            "note": "late by 2 h 0 min", "penalty": 0}
    grades = [grade_of("m/Zoë Brown_1234567_assignsubmission_file_/02_percentages.ipynb", 7,
                       late),
              grade_of("m/Ann Other_1234569_assignsubmission_file_/02_percentages.ipynb", 2)]
    out = tmp_path / "moodle.csv"
    get_exporter("moodle").write(Batch(grades, Roster.from_csv(roster_file), LESSON_IDS), out)
    assert canvas_rows(out) == [
        ["Email address", "Full name", LESSON.title],  # no lateness column to map
        ["zoe@example.org", "Zoë Brown", "7"],
    ]
    held = (tmp_path / "moodle-not-imported.csv").read_text(encoding="utf-8")
    assert f"Ann Other,02_percentages,2,{LESSON.max_score:g},not in the roster" in held
    assert "held back (not in the roster)" in caplog.text and "Ann Other" in caplog.text


def test_csv_format_is_an_alias_of_the_lms_exporters():
    for fmt, name in (("plain", "csv"), ("canvas", "canvas"), ("moodle", "moodle")):
        args = cli._parser().parse_args(["grade", "x", "--csv", "g.csv", "--csv-format", fmt])
        assert grade.export_specs(args) == ["table", f"{name}:g.csv"]


def test_a_canvas_download_is_graded_into_a_canvas_gradebook(tmp_path, capsys):
    download = tmp_path / "submissions"
    download.mkdir()
    shutil.copy(SOLUTIONS / "02_percentages.ipynb",
                download / "brownzoë_4021_99001_02_percentages.ipynb")
    shutil.copy(LESSONS / "02_percentages.ipynb",
                download / "nowakłukasz_late_4022_99002_02_percentages.ipynb")
    roster_file = tmp_path / "canvas_export.csv"
    roster_file.write_text(CANVAS_EXPORT, encoding="utf-8")
    assert cli.main(["grade", str(download), "--format", "json", "--output",
                     str(tmp_path / "r.json"), "--csv", str(tmp_path / "canvas.csv"),
                     "--csv-format", "canvas", "--roster", str(roster_file), "--jobs", "1"]) == 0
    submissions = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["submissions"]
    assert [s["path"] for s in submissions] == [
        str(download / "brownzoë_4021_99001_02_percentages.ipynb"),
        str(download / "nowakłukasz_late_4022_99002_02_percentages.ipynb")]
    assert [(s["late"]["late"], s["late"]["source"]) for s in submissions] == [
        (False, "canvas"), (True, "canvas")]
    assert submissions[1]["late"]["penalty"] == 0  # no penalty unless asked for
    rows = canvas_rows(tmp_path / "canvas.csv")
    assert rows[2] == ["Brown, Zoë", "4021", "S-001", "zoe.brown", "Section A",
                       f"{machine_points(LESSON.id):g}"]  # the written q9 waits for review
    assert rows[3][:2] == ["Nowak, Łukasz", "4022"]
    assert float(rows[3][5]) == submissions[1]["score"] < machine_points(LESSON.id)


DEADLINES = ("lesson,learner,due\n"
             "02_percentages,,2026-03-06T23:59:00+00:00\n"
             "02_percentages,s002,2026-03-09T23:59:00+00:00\n")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_deadlines_with_an_extension_and_a_penalty_only_when_asked(tmp_path):
    (tmp_path / "deadlines.csv").write_text(DEADLINES, encoding="utf-8")
    deadlines = Deadlines.from_csv(tmp_path / "deadlines.csv")
    roster_file = tmp_path / "roster.csv"
    roster_file.write_text("learner,name\ns001,zoë\ns002,łukasz\n", encoding="utf-8")
    roster = Roster.from_csv(roster_file)
    grades = [grade_of("c/zoë.ipynb", 8), grade_of("c/łukasz.ipynb", 8),
              grade_of("c/ann.ipynb", 4)]
    times = {"c/zoë.ipynb": at("2026-03-07T02:14:00"),  # late
             "c/łukasz.ipynb": at("2026-03-08T12:00:00"),  # within the extension
             "c/ann.ipynb": at("2026-03-06T20:00:00")}  # on time
    plain = apply_lateness(grades, LESSON_IDS, roster, deadlines, submitted=times)
    assert [(g.late["late"], g.late["note"], g.score) for g in plain] == [
        (True, "late by 2 h 15 min", 8), (False, "on time", 8), (False, "on time", 4)]
    penalised = apply_lateness(grades, LESSON_IDS, roster, deadlines, late_penalty=25,
                               submitted=times)
    assert [(g.score, g.late["penalty"]) for g in penalised] == [(6, 2), (8, 0), (4, 0)]
    assert from_json(to_json(penalised)) == penalised
    assert apply_lateness(grades, LESSON_IDS)[0].late is None  # nothing says when it was due


def test_lateness_shows_in_json_gradebook_and_report(tmp_path):
    (tmp_path / "deadlines.csv").write_text(DEADLINES, encoding="utf-8")
    late_one = tmp_path / "class" / "zoë.ipynb"
    late_one.parent.mkdir()
    shutil.copy(LESSONS / "02_percentages.ipynb", late_one)
    stamp = at("2026-03-08T00:00:00").timestamp()
    os.utime(late_one, (stamp, stamp))
    assert cli.main(["grade", str(late_one.parent), "--deadlines",
                     str(tmp_path / "deadlines.csv"), "--file-times", "--late-penalty", "10",
                     "--jobs", "1",
                     "--export", f"json:{tmp_path / 'r.json'}",
                     "--export", f"csv:{tmp_path / 'g.csv'}",
                     "--export", f"report:{tmp_path / 'report.html'}"]) == 0
    late = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["submissions"][0]["late"]
    assert (late["late"], late["source"], late["submitted_from"]) == (True, "deadlines", "file")
    assert late["note"] == ("late by 1 day 0 h (by the file's modification time, which "
                            "learners can set)")
    gradebook = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text("utf-8-sig"))))
    assert gradebook[0]["late"].startswith("late by 1 day 0 h")
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Late submissions" in report and "late by 1 day 0 h" in report


@pytest.mark.parametrize(("text", "problem"), [
    ("lesson,due\n02_percentages,2026-03-06\n", "needs the columns lesson, learner, due"),
    ("lesson,learner,due\n02_percentages,,next friday\n", "line 2: 'due' must be"),
])
def test_a_bad_deadlines_file_is_a_usage_error(tmp_path, capsys, text, problem):
    (tmp_path / "deadlines.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DeadlinesError, match=problem):
        Deadlines.from_csv(tmp_path / "deadlines.csv")
    notebook = tmp_path / "alice.ipynb"
    shutil.copy(LESSONS / "02_percentages.ipynb", notebook)
    assert cli.main(["grade", str(notebook), "--deadlines", str(tmp_path / "deadlines.csv"),
                     "--jobs", "1"]) == 2
    assert problem in capsys.readouterr().err


# The imports replayed: tests/lms_importers.py follows Moodle's and Canvas's importers.

MOODLE_USERS = [MoodleUser(11, "zoe@example.org", "A17"), MoodleUser(12, "lukasz@example.org",
                                                                    "A18"),
                MoodleUser(13, "li@example.org", "")]
MOODLE_ROSTER = ("learner,name,email,id\n"
                 "s001,Zoë Brown,zoe@example.org,A17\n"
                 "s002,Łukasz Nowak,lukasz@example.org,A18\n"
                 "s003,Li Ming,li@example.org,\n")
ITEM = {LESSON.title: "grade item 7"}


def moodle_batch(tmp_path, grades, roster=MOODLE_ROSTER) -> Batch:
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    return Batch(grades, Roster.from_csv(tmp_path / "roster.csv"), LESSON_IDS)


def moodle_path(name: str, participant: int) -> str:
    return f"m/{name}_{participant}_assignsubmission_file_/02_percentages.ipynb"


def test_moodle_import_credits_each_grade_to_its_learner_only(tmp_path):
    """Moodle, grade/import/csv/classes/load_data.php (prepare_import_grade_data): a row
    with an empty identifier keeps the user of the row above, an empty grade clears a grade.
    The learner the roster does not know came first in the old file's rows after Zoë, so
    Moodle gave Zoë Ann's 2; Łukasz sent nothing and his grade would have been cleared."""
    grades = [grade_of(moodle_path("Zoë Brown", 1234567), 7),
              grade_of(moodle_path("Ann Other", 1234569), 2),
              grade_of(moodle_path("Li Ming", 1234570), 5)]
    get_exporter("moodle").write(moodle_batch(tmp_path, grades), tmp_path / "moodle.csv")
    text = (tmp_path / "moodle.csv").read_text(encoding="utf-8")
    imported = moodle_import(text, "Email address", "useremail", ITEM, MOODLE_USERS)
    assert imported == {11: {"grade item 7": 7.0}, 13: {"grade item 7": 5.0}}
    every_column = {heading: f"item {n}" for n, heading in enumerate(canvas_rows(
        tmp_path / "moodle.csv")[0]) if heading not in ("Email address", "Full name")}
    moodle_import(text, "Email address", "useremail", every_column, MOODLE_USERS)  # no abort


def test_moodle_maps_from_id_number_when_the_roster_has_more_of_them(tmp_path, caplog):
    """Moodle, grade/import/csv/classes/load_data.php (map_user_data_with_value): the
    identifier column is matched against one user field, picked in "Map from"."""
    roster = ("learner,name,email,id\n"
              "s001,Zoë Brown,,A17\n"
              "s002,Łukasz Nowak,lukasz@example.org,A18\n"
              "s003,Li Ming,,=A19\n")  # an id a spreadsheet would run: not written changed
    grades = [grade_of(moodle_path("Zoë Brown", 1), 7), grade_of(moodle_path("Li Ming", 3), 4)]
    get_exporter("moodle").write(moodle_batch(tmp_path, grades, roster), tmp_path / "m.csv")
    text = (tmp_path / "m.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"ID number,Full name,{LESSON.title}"
    users = [*MOODLE_USERS, MoodleUser(14, "x@example.org", "=A19")]
    assert moodle_import(text, "ID number", "useridnumber", ITEM, users) == {
        11: {"grade item 7": 7.0}}
    assert "Li Ming" in (tmp_path / "m-not-imported.csv").read_text(encoding="utf-8")
    assert "no ID number in the roster" in caplog.text


def test_moodle_without_a_roster_imports_nothing_and_says_why(tmp_path, caplog):
    grades = [grade_of(moodle_path("Zoë Brown", 1234567), 7)]
    get_exporter("moodle").write(Batch(grades, None, LESSON_IDS), tmp_path / "moodle.csv")
    assert canvas_rows(tmp_path / "moodle.csv") == [["Email address", "Full name",
                                                     LESSON.title]]
    assert "no Email address in the roster" in caplog.text
    assert (tmp_path / "moodle-not-imported.csv").is_file()


CANVAS_STUDENTS = [CanvasStudent(4021, "Zoë Brown", "S-001", "zoe.brown"),
                   CanvasStudent(4022, "Łukasz Nowak", "S-002", "lukasz.nowak"),
                   CanvasStudent(4023, "Li Ming", "S-003", "li.ming")]


def test_canvas_import_grades_the_existing_assignment_by_its_id(tmp_path):
    """Canvas, app/models/gradebook_importer.rb (parse_assignments, process_student): a
    column ``Title (ID)`` grades assignment ID whatever its title; a row is matched by ID,
    SIS User ID or SIS Login ID; an empty cell over an existing score is a change."""
    (tmp_path / "roster.csv").write_text(CANVAS_EXPORT, encoding="utf-8")
    grades = [grade_of("dl/brownzoë_4021_99001_02_percentages.ipynb", 8),
              grade_of("dl/stranger_late_5000_99002_02_percentages.ipynb", 3),
              grade_of("dl/李明_4023_99003_02_percentages.ipynb", 6)]
    batch = Batch(grades, Roster.from_csv(tmp_path / "roster.csv"), LESSON_IDS)
    get_exporter("canvas").write(batch, tmp_path / "canvas.csv")
    result = canvas_import((tmp_path / "canvas.csv").read_text(encoding="utf-8"),
                           CANVAS_STUDENTS, {81234: "Lesson 2 (renamed in Canvas)"})
    assert result.grades == {4021: {81234: "8"}, 4023: {81234: "6"}}
    assert result.new_assignments == [] and result.new_students == []


def test_canvas_without_the_assignment_id_matches_the_title_or_says_so(tmp_path, caplog):
    """Canvas, app/models/gradebook_importer.rb (parse_assignments): without an id, a
    column goes to the assignment of exactly its title, else a new assignment. SIS Login
    ID holds a login or nothing, never an email (process_student matches it to logins)."""
    (tmp_path / "roster.csv").write_text(
        "learner,name,email,id,sis_login_id\n"
        "s001,Zoë Brown,zoe@example.org,4021,\n"
        "s002,Łukasz Nowak,lukasz@example.org,,lukasz.nowak\n", encoding="utf-8")
    grades = [grade_of("c/s001.ipynb", 8), grade_of("c/s002.ipynb", 4)]
    batch = Batch(grades, Roster.from_csv(tmp_path / "roster.csv"), LESSON_IDS)
    get_exporter("canvas").write(batch, tmp_path / "canvas.csv")
    rows = canvas_rows(tmp_path / "canvas.csv")
    assert rows[0][-1] == LESSON.title and "no single assignment id" in caplog.text
    assert [row[:4] for row in rows[2:]] == [["Zoë Brown", "4021", "", ""],
                                             ["Łukasz Nowak", "", "", "lukasz.nowak"]]
    text = (tmp_path / "canvas.csv").read_text(encoding="utf-8")
    same_title = canvas_import(text, CANVAS_STUDENTS, {81234: LESSON.title})
    assert same_title.grades == {4021: {81234: "8"}, 4022: {81234: "4"}}
    other_title = canvas_import(text, CANVAS_STUDENTS, {81234: "Lesson 2"})
    assert other_title.new_assignments == [LESSON.title]  # what the warning tells


def test_each_lesson_gets_its_own_import_file_without_empty_grades(tmp_path):
    """Moodle (load_data.php, update_grade_item) and Canvas (gradebook_importer.rb,
    no_change_to_value?) both read an empty grade as "no grade", clearing one already
    there: a learner who sent one lesson of two must not have a cell for the other."""
    growth = get_lesson("03_growth")
    grades = [grade_of(moodle_path("Zoë Brown", 1), 7),
              replace(grade_of(moodle_path("Li Ming", 3), 5), lesson=growth.id,
                      path=f"m/Li Ming_3_assignsubmission_file_/{growth.id}.ipynb")]
    batch = moodle_batch(tmp_path, grades)
    get_exporter("moodle").write(batch, tmp_path / "moodle.csv")
    assert not (tmp_path / "moodle.csv").exists()
    items = {LESSON.title: "lesson 2", growth.title: "lesson 3"}
    assert moodle_import((tmp_path / "moodle-02_percentages.csv").read_text("utf-8"),
                         "Email address", "useremail", items, MOODLE_USERS) == {
        11: {"lesson 2": 7.0}}
    assert moodle_import((tmp_path / "moodle-03_growth.csv").read_text("utf-8"),
                         "Email address", "useremail", items, MOODLE_USERS) == {
        13: {"lesson 3": 5.0}}


def test_a_renamed_column_in_canvas_s_export_gives_the_assignment_id(tmp_path):
    """Canvas, app/models/assignment.rb (Assignment.title_and_id): ``Title (ID)``."""
    export = CANVAS_EXPORT.replace("Percentages and shares (81234)", "02_percentages (81234)")
    (tmp_path / "roster.csv").write_text(export, encoding="utf-8")
    batch = Batch([grade_of("dl/brownzoë_4021_99001_02_percentages.ipynb", 8)],
                  Roster.from_csv(tmp_path / "roster.csv"), LESSON_IDS)
    get_exporter("canvas").write(batch, tmp_path / "canvas.csv")
    result = canvas_import((tmp_path / "canvas.csv").read_text(encoding="utf-8"),
                           CANVAS_STUDENTS, {81234: "Lesson 2 on Canvas"})
    assert result.grades == {4021: {81234: "8"}} and not result.new_assignments


def test_a_canvas_download_without_a_roster_imports_by_canvas_s_own_ids(tmp_path, caplog):
    """Canvas, app/models/gradebook_importer.rb (process_student): ``ID`` is the user id."""
    grades = [grade_of("dl/brownzoë_4021_99001_02_percentages.ipynb", 8),
              grade_of("dl/notes/02_percentages.ipynb", 3)]  # a folder the teacher added
    get_exporter("canvas").write(Batch(grades, None, LESSON_IDS), tmp_path / "canvas.csv")
    result = canvas_import((tmp_path / "canvas.csv").read_text(encoding="utf-8"),
                           CANVAS_STUDENTS, {81234: LESSON.title})
    assert result.grades == {4021: {81234: "8"}} and not result.new_students
    assert "no ID, SIS User ID or SIS Login ID" in caplog.text and "notes" in caplog.text


def test_an_extension_goes_to_its_learner_not_to_a_file_named_after_them(tmp_path):
    """A learner's notebook named after a classmate (``c/mallory/łukasz.ipynb``) is
    Mallory's, read from the top of the download as the exporters read it: Łukasz's
    extension does not excuse it (the submitter was read from the file's own folder)."""
    (tmp_path / "deadlines.csv").write_text(DEADLINES, encoding="utf-8")
    deadlines = Deadlines.from_csv(tmp_path / "deadlines.csv")
    (tmp_path / "roster.csv").write_text("learner,name\ns002,łukasz\ns003,mallory\n",
                                         encoding="utf-8")
    roster = Roster.from_csv(tmp_path / "roster.csv")
    grades = [grade_of("c/mallory/łukasz.ipynb", 8), grade_of("c/łukasz/02_percentages.ipynb", 8)]
    late = at("2026-03-08T12:00:00")  # within Łukasz's extension, past the deadline
    times = {grade.path: late for grade in grades}
    for roots in [(), ("c",)]:
        records = [g.late for g in apply_lateness(grades, LESSON_IDS, roster, deadlines,
                                                  submitted=times, roots=roots)]
        assert [(r["late"], r["note"]) for r in records] == [
            (True, "late by 1 day 12 h"), (False, "on time")]
