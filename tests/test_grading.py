"""The grader: full marks for solutions, zero for fresh lessons, and faults that stay contained."""

from __future__ import annotations

import json

import pytest

from coursekit.cli.app import main
from coursekit.grading.pipeline import grade_notebook, lesson_of
from coursekit.grading.results import ExerciseGrade, SubmissionGrade, to_json, to_table
from coursekit.judging.status import Status
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import find_notebooks, read, write

from .conftest import LESSONS, SOLUTIONS

pytestmark = pytest.mark.pythons  # run under every declared Python (.ci/run)


def test_solutions_get_full_marks(graded_solutions):
    """Every answer is correct; a written one has all the machine's points and waits for the
    teacher's (see test_written.py for the model answers)."""
    assert len(graded_solutions) == len(find_notebooks([SOLUTIONS])) > 0
    for grade in graded_solutions:
        lesson = get_lesson(grade.lesson)
        waiting = {e.id for e in lesson.exercises if e.kind == "written"}
        wrong = [(e.id, e.status, e.feedback) for e in grade.exercises
                 if e.status != ("needs_review" if e.id in waiting else "correct")]
        assert grade.status == "graded" and not wrong, f"{grade.path}: {wrong}"
        teachers = sum(c.points for e in lesson.exercises for c in e.rubric if c.by_teacher)
        assert grade.score == grade.max_score - teachers
        assert grade.max_score == lesson.max_score


def test_released_lessons_score_zero_with_everything_unanswered(graded_lessons):
    assert len(graded_lessons) == len(find_notebooks([LESSONS])) > 0
    for grade in graded_lessons:
        assert grade.status == "graded" and grade.score == 0
        assert {e.status for e in grade.exercises} == {"unanswered"}, grade.path


def test_json_has_exactly_the_documented_shape(graded_lessons):
    document = json.loads(to_json(graded_lessons))
    assert list(document) == ["submissions"]
    for submission in document["submissions"]:
        assert list(submission) == ["path", "lesson", "status", "error", "score", "max_score",
                                    "exercises", "cell_errors", "written_answers", "flags",
                                    "versions", "sandboxed", "wrong_answers"]
        assert submission["cell_errors"] == [] and submission["flags"] == []
        for exercise in submission["exercises"]:
            assert list(exercise) == ["id", "status", "points", "max_points", "feedback"]
            assert exercise["status"] in ("correct", "incorrect", "unanswered", "error")


def test_table_lists_exercises_and_total(graded_solutions):
    table = to_table(graded_solutions[:1])
    assert " q1 " in table and "correct" in table
    assert f"total: {graded_solutions[0].max_score:g}/{graded_solutions[0].max_score:g}" in table


def test_table_shows_a_written_answer_s_whole_feedback_wrapped_under_its_column():
    """A teacher's first run: the table showed only a written answer's first line."""
    feedback = ("\u2714 Names the figure (1/1)\n"
                "\u2718 Gives the percentage with one decimal (0/1): no percentage found "
                + "in the answer, " * 8 + "\n"
                "\u270e Explains the gap (2 point(s)): your teacher will score this.")
    written = SubmissionGrade("class/ann.ipynb", "02_percentages", "graded", None, 1, 4,
                              [ExerciseGrade("q8", Status.NEEDS_REVIEW, 1, 4, feedback)])
    rows = to_table([written]).splitlines()[3:-1]
    lead = rows[0].index("\u2714")
    assert rows[0].endswith("\u2714 Names the figure (1/1)")
    assert all(row[:lead].isspace() and len(row) <= 100 for row in rows[1:])
    words = " ".join(row.strip() for row in rows[1:])
    assert "no percentage found" in words and words.endswith("your teacher will score this.")
    assert len(rows) > 3, "the long line is wrapped"


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "not a valid notebook"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a"),
    (b'{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}',
     "nbformat must be 4"),
    (b'{"cells": "nope", "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "not a valid"),
])
def test_unreadable_files_become_error_submissions(tmp_path, content, message):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    grade = grade_notebook(path)
    assert grade.status == "error" and grade.score == 0
    assert message in grade.error and str(path) in grade.error
    assert path.read_bytes() == content


def test_lesson_comes_from_metadata_then_file_name(tmp_path):
    notebook = read(LESSONS / "02_percentages.ipynb")
    assert lesson_of(notebook, tmp_path / "alice.ipynb").id == "02_percentages"
    del notebook.metadata["coursekit"]
    assert lesson_of(notebook, tmp_path / "02_percentages.ipynb").id == "02_percentages"
    assert lesson_of(notebook, tmp_path / "x.ipynb", "02_percentages").id == "02_percentages"
    with pytest.raises(KeyError, match=r"alice\.ipynb: cannot tell which lesson.*--lesson"):
        lesson_of(notebook, tmp_path / "alice.ipynb")


def test_unknown_lesson_is_an_error_submission(tmp_path):
    notebook = read(LESSONS / "02_percentages.ipynb")
    notebook.metadata["coursekit"]["lesson"] = "99_nothing"
    write(notebook, tmp_path / "alice.ipynb")
    grade = grade_notebook(tmp_path / "alice.ipynb")
    assert grade.status == "error" and "no lesson '99_nothing'" in grade.error


#: What a zip made on macOS, a JupyterLab session and an editor leave beside a learner's
#: notebook: none of it is a submission.
LITTER = ["__MACOSX/alice/._02_percentages.ipynb", "alice/._02_percentages.ipynb",
          "alice/.ipynb_checkpoints/02_percentages-checkpoint.ipynb",
          "alice/.~02_percentages.ipynb", "alice/.DS_Store", ".git/x.ipynb"]


def test_platform_litter_is_not_a_notebook(tmp_path, capsys):
    (tmp_path / "alice").mkdir()
    write(read(LESSONS / "02_percentages.ipynb"), tmp_path / "alice" / "02_percentages.ipynb")
    for name in LITTER:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"\x00\x05\x16\x07 AppleDouble, not JSON")
    assert find_notebooks([tmp_path]) == [tmp_path / "alice" / "02_percentages.ipynb"]
    assert find_notebooks([tmp_path / n for n in LITTER]) == []
    assert main(["grade", str(tmp_path), "--format", "json"]) == 0
    submissions = json.loads(capsys.readouterr().out)["submissions"]
    assert [(s["path"], s["status"]) for s in submissions] == [
        (str(tmp_path / "alice" / "02_percentages.ipynb"), "graded")]


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("{}")
    assert main(["grade", str(tmp_path)]) == 2
    assert "no notebooks" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", str(tmp_path), "--format", "xml"])
    assert exit_info.value.code == 2
