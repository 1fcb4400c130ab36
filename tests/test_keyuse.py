"""Answer-key use: found in the code's syntax, flagged per exercise, shown, zeroed on request."""

from __future__ import annotations

import csv
import json
import re

import pytest

from coursekit.cli.app import main
from coursekit.exporters import Batch
from coursekit.exporters.feedback import render_feedback
from coursekit.exporters.gradebook import write_csv
from coursekit.exporters.report import render_report
from coursekit.grading.keyuse import find_key_use
from coursekit.grading.pipeline import GradeOptions, grade_paths, lesson_of
from coursekit.grading.results import from_json, to_json
from coursekit.judging.status import Status
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import find_notebooks, read, write

from .conftest import LESSONS, SOLUTIONS, insert_after, lesson_notebook, machine_points

LESSON = get_lesson("02_percentages")


def flags(*sources: str, lesson=LESSON) -> list[tuple[str | None, str]]:
    """(exercise, reason) of each flag for code cells with these sources, sorted."""
    found = find_key_use(list(enumerate(sources)), lesson)
    return sorted(((f["exercise"], f["reason"]) for f in found), key=str)


@pytest.mark.parametrize(("source", "expected"), [
    ("company_share = ex.q1.exercise.expected()", [("q1", "exercise"), ("q1", "expected")]),
    ("ex.q3.solution()", [("q3", "solution")]),
    ("getattr(ex.q2, 'solution')()", [("q2", "solution")]),
    ("%matplotlib inline\nprint(ex.q5.solution())", [("q5", "solution")]),
    ("from reading_numbers.derived import company_share as cs\ncompany_share = cs()",
     [("q1", "expected")]),
    ("import reading_numbers.lessons.percentages as p", [(None, "declarations")]),
    ("import reading_numbers.lessons", [(None, "declarations")]),
    ("from reading_numbers import lessons", [(None, "declarations")]),
    ("from reading_numbers.lessons import percentages", [(None, "declarations")]),
    ("from reading_numbers.lessons.percentages import LESSON", [(None, "declarations")]),
    ("from coursekit.lessons import anything", [(None, "declarations")]),
    ("import importlib\nm = importlib.import_module('reading_numbers.lessons.percentages')",
     [(None, "declarations")]),
    ("from coursekit.model.exercises import get_lesson\nhubei_share = get_lesson('x')",
     [("q4", "declarations")]),
    ("station_share = ex.lesson.exercises[5].expected()",
     [("q6", "declarations"), ("q6", "expected")]),
    ("text = open('../solutions/02_percentages.ipynb').read()", [(None, "solutions_folder")]),
    ("from pathlib import Path\nnb = Path('solutions') / '02_percentages.ipynb'",
     [(None, "solutions_folder")]),
])
def test_code_reading_the_key_is_flagged_with_its_exercise(source, expected):
    assert flags(source) == expected


def test_the_worked_solution_pasted_with_its_comment_is_flagged():
    pasted = LESSON.exercise("q1").solution
    assert "#" in pasted  # the comment is what gives a paste away
    assert flags(pasted) == [("q1", "pasted_solution")]
    code_only = pasted.partition("#")[0]
    assert flags(code_only) == []  # the same code, written by the learner, is honest work


@pytest.mark.parametrize("source", [
    "company_share = ck.share_percent(ck.figure('company_employees_ethnic'), "
    "ck.figure('company_employees'))",
    "ex.q1.check(company_share)\nex.q1.hint()\nex",
    "expected_value = 3  # a learner's own name that merely contains a key word",
    "from reading_numbers.derived import COUNTY_LATITUDE",  # a constant the lesson hands out
    "from reading_numbers.lessons.charts import TRUNCATED_AXIS_START",
    "import reading_numbers.vocabulary",
    "def broken(:\n    pass",  # not Python: skipped, not a crash
    "solutions_count = 2\nprint('the solutions are in the notebook')",
])
def test_honest_code_is_not_flagged(source):
    assert flags(source) == []


@pytest.mark.parametrize("path", find_notebooks([SOLUTIONS, LESSONS]), ids=lambda p: p.name)
def test_worked_and_released_notebooks_are_not_flagged(path):
    notebook = read(path)
    cells = [(i, c.source) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    assert find_key_use(cells, lesson_of(notebook, path)) == []


@pytest.fixture(scope="module")
def key_users(tmp_path_factory):
    """An honest submission and one that reads the key, graded with --key-use zero."""
    folder = tmp_path_factory.mktemp("keyuse")
    write(lesson_notebook("02_percentages.ipynb"), folder / "honest.ipynb")
    notebook = insert_after(lesson_notebook("02_percentages.ipynb"), "company_share = ck.share",
                            "company_share = ex.q1.exercise.expected()", "ex.q3.solution()")
    write(notebook, folder / "cheat.ipynb")
    paths = [folder / "honest.ipynb", folder / "cheat.ipynb"]
    return (grade_paths(paths, GradeOptions(jobs=2)),
            grade_paths(paths, GradeOptions(jobs=2, key_use="zero")))


@pytest.mark.slow
def test_flags_reach_the_json_and_only_zero_changes_points(key_users):
    flagged, zeroed = key_users
    honest, cheat = flagged
    assert honest.flags == [] and honest.score == cheat.score == machine_points(LESSON.id)
    assert sorted((f["exercise"], f["reason"]) for f in cheat.flags) == [
        ("q1", "exercise"), ("q1", "expected"), ("q3", "solution")]
    assert all(f["cell"] and f["detail"] for f in cheat.flags)
    document = json.loads(to_json(flagged))["submissions"][1]
    assert document["flags"] == cheat.flags and from_json(to_json(flagged)) == flagged
    assert zeroed[0] == honest
    q1, q3 = zeroed[1].exercises[0], zeroed[1].exercises[2]
    assert (q1.status, q1.points, q3.points) == (Status.INCORRECT, 0, 0)
    assert q1.feedback.startswith("Scored 0 because") and ".expected" in q1.feedback
    assert zeroed[1].score == machine_points(LESSON.id) - 2 and zeroed[1].flags == cheat.flags


@pytest.mark.slow
def test_flags_appear_in_gradebook_feedback_and_report(key_users, tmp_path):
    grades = key_users[0]
    write_csv(Batch(grades), tmp_path / "grades.csv")
    with open(tmp_path / "grades.csv", newline="", encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][-1] == "flags" and rows[1][-1] == ""
    assert rows[2][-1].startswith("q1, cell ") and "q3, cell " in rows[2][-1]
    page = render_feedback(grades[1], "cheat")
    assert "For your teacher to look at" in page and "shows the worked solution" in page
    assert "For your teacher to look at" not in render_feedback(grades[0], "honest")
    report = render_report(grades)
    assert "<td>solution</td>" in report and "cheat.ipynb" in report


def test_key_use_policy_is_checked(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["grade", "x.ipynb", "--key-use", "ignore"])
    assert stopped.value.code == 2 and "--key-use" in capsys.readouterr().err
    with pytest.raises(ValueError, match=re.escape(
            "'key_use' must be one of ['flag', 'zero'] (got 'ignore')")):
        GradeOptions(key_use="ignore")
