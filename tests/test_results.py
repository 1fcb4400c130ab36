"""Grades as data: the JSON contract, statuses as words, and the plain-text table."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest

from coursekit.grading.results import (
    ExerciseGrade,
    SubmissionGrade,
    copies_from_json,
    from_json,
    record,
    to_json,
    to_table,
    write_results,
)
from coursekit.judging.status import Status

GRADE = SubmissionGrade("alice.ipynb", "02_percentages", "graded", None, 1, 2, [
    ExerciseGrade("q1", Status.CORRECT, 1, 1, "fine"),
    ExerciseGrade("q2", "unanswered", 0, 1, "Replace the ..."),
])


def test_json_has_exactly_the_documented_keys_and_words():
    document = json.loads(to_json([GRADE]))
    submission = document["submissions"][0]
    assert list(document) == ["submissions"]
    assert set(submission) == {"path", "lesson", "status", "error", "score", "max_score",
                               "exercises", "cell_errors", "written_answers", "flags",
                               "versions", "sandboxed", "wrong_answers"}
    assert submission["exercises"][0] == {"id": "q1", "status": "correct", "points": 1,
                                          "max_points": 1, "feedback": "fine"}
    assert from_json(to_json([GRADE])) == [GRADE]


def test_the_copy_check_adds_a_top_level_list_only_when_it_ran():
    pair = {"lesson": "02_percentages", "first": "a.ipynb", "second": "b.ipynb",
            "code_alike": 1.0, "shared_code": 30, "shared_cells": 2, "wrong_answers": [],
            "evidence": "..."}
    assert list(json.loads(to_json([GRADE], [pair]))) == ["submissions", "copies"]
    assert copies_from_json(to_json([GRADE], [pair])) == [pair]
    assert copies_from_json(to_json([GRADE], [])) == []
    assert copies_from_json(to_json([GRADE])) is None


def test_the_json_is_written_a_submission_at_a_time_exactly_as_one_document_dumps():
    rich = replace(GRADE, path="ünï/çode.ipynb", exercises=[
        *GRADE.exercises,
        ExerciseGrade("q3", Status.CORRECT, 1, 1, "right from q1's «answer»\n", ["q1"])],
        cell_errors=[{"cell": 3, "error": "ZeroDivisionError: division by zero"}],
        written_answers={"q4": "Line one\nline two"}, versions={"grader": "1.0"},
        flags=[{"cell": None, "exercise": "q2", "reason": "hard_coded", "detail": "{}[]"}],
        late={"late": True, "source": "deadlines", "due": "2026-01-01T00:00:00",
              "submitted": None, "submitted_from": "git", "note": "late by 2 h",
              "penalty": 0.5, "rule": None, "percent_off": 25.0},
        wrong_answers={"q2": "0.5"}, sandboxed=True)
    pair = {"lesson": "02_percentages", "first": "a.ipynb", "second": "b.ipynb",
            "code_alike": 0.97, "shared_code": 30, "shared_cells": 2, "wrong_answers": ["q2"],
            "evidence": "«same»"}
    for grades in ([], [GRADE], [GRADE, rich, GRADE]):
        for copies in (None, [], [pair, pair]):
            document: dict = {"submissions": [record(g) for g in grades]}
            if copies is not None:
                document["copies"] = copies
            expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
            assert to_json(grades, copies) == expected
            out = io.StringIO()
            write_results(iter(grades), out, copies)
            assert out.getvalue() == expected


def test_statuses_are_the_enum_and_compare_as_words():
    assert GRADE.exercises[1].status is Status.UNANSWERED
    assert GRADE.exercises[1].status == "unanswered"
    with pytest.raises(ValueError, match="'status' must be one of"):
        ExerciseGrade("q3", "wrong", 0, 1, "")


def test_table_lists_each_exercise_and_the_total():
    table = to_table([GRADE])
    assert "alice.ipynb (02_percentages)" in table
    assert "q2  unanswered  0/1  Replace the ..." in table
    assert "total: 1/2" in table


def test_table_says_an_unreadable_notebook_was_not_graded_rather_than_scoring_it_0_of_0():
    broken = SubmissionGrade("bob.ipynb", "", "error", "bob.ipynb is not a notebook", 0, 0)
    table = to_table([broken])
    assert "bob.ipynb (unknown lesson)" in table and "error: bob.ipynb is not a notebook" in table
    assert "total: not graded (the error above says why)" in table and "0/0" not in table
