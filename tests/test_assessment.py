"""Assessment releases: the metadata they write, the solution lock and the feedback levels."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

import coursekit as ck
from coursekit.cli.app import main
from coursekit.judging.status import Status
from coursekit.learner.assessment import Assessment, assessment_for
from coursekit.model.exercises import get_lesson

from .conftest import SOLUTIONS

# ck.questions, not coursekit.learner.questions.questions: importing the module by name first would
# shadow the function of the same name on the package.
LESSON = get_lesson("02_percentages")
RIGHT = LESSON.exercise("q1").expected()


@pytest.fixture
def released(tmp_path, monkeypatch):
    """Release lesson 02 with the given options into a folder and work in it, as a learner."""
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    (tmp_path / "solutions").mkdir()
    shutil.copy(SOLUTIONS / "02_percentages.ipynb", tmp_path / "solutions")
    monkeypatch.chdir(tmp_path)

    def release(*options: str):
        assert main(["release", "--lessons", "exam", *options]) == 0
        monkeypatch.chdir(tmp_path / "exam")
        path = tmp_path / "exam" / "02_percentages.ipynb"
        return json.loads(path.read_text(encoding="utf-8"))["metadata"]["coursekit"]
    return release


def test_assessment_metadata_records_the_rules(released):
    meta = released("--assessment", "--solutions-after", "2031-01-15", "--feedback", "form")
    assert meta["lesson"] == "02_percentages"
    assert meta["assessment"] == {"solutions_after": "2031-01-15", "feedback": "form"}
    assert assessment_for("02_percentages") == Assessment(dt.date(2031, 1, 15), "form")
    assert assessment_for("03_growth") is None  # another lesson's notebook is not this one


def test_a_lesson_release_is_no_assessment(released):
    assert "assessment" not in released()
    ex = ck.questions("02_percentages")
    assert "worked solution" in str(ex.q1.solution()) and "locked" not in str(ex.q1.solution())
    assert ex.q1.check(RIGHT).status is Status.CORRECT


def test_solutions_are_locked_for_good_without_a_date(released):
    released("--assessment")
    text = str(ck.questions("02_percentages").q1.solution())
    assert "locked" in text and "not shown" in text
    assert LESSON.exercise("q1").solution not in text


def test_solutions_open_on_their_date():
    rules = Assessment(dt.date(2031, 1, 15))
    assert rules.solution_locked(dt.date(2031, 1, 14))
    assert not rules.solution_locked(dt.date(2031, 1, 15))


def test_a_past_date_unlocks_the_solution(released):
    released("--assessment", "--solutions-after", "2001-01-01")
    assert LESSON.exercise("q1").solution in str(ck.questions("02_percentages").q1.solution())


def test_form_feedback_tells_kind_and_size_but_not_rightness(released):
    released("--assessment", "--feedback", "form")
    q1 = ck.questions("02_percentages").q1
    right, near_miss = q1.check(RIGHT), q1.check(RIGHT * 0.9)
    assert right.status is near_miss.status is Status.NEEDS_REVIEW
    assert right.feedback == near_miss.feedback  # nothing tells the right answer from a near one
    assert q1.check(RIGHT / 100).status is Status.INCORRECT  # a fraction: the wrong size
    assert "size" in q1.check(RIGHT / 100).feedback
    assert q1.check("88.9%").status is Status.INCORRECT  # the wrong kind
    assert q1.check(...).status is Status.UNANSWERED
    q3 = ck.questions("02_percentages").q3
    assert q3.check("maybe").status is Status.INCORRECT
    assert {q3.check(c).status for c in LESSON.exercise("q3").choices} == {Status.NEEDS_REVIEW}


def test_no_feedback_only_records(released):
    released("--assessment", "--feedback", "none")
    q1 = ck.questions("02_percentages").q1
    assert q1.check(RIGHT).status is q1.check(-5).status is Status.NEEDS_REVIEW
    assert q1.check(RIGHT).feedback == q1.check("nonsense").feedback


def test_rules_need_assessment_and_valid_values(released, capsys):
    assert main(["release", "--feedback", "form"]) == 2
    assert "--assessment" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["release", "--assessment", "--solutions-after", "next week"])
    with pytest.raises(ValueError, match="feedback"):
        Assessment(feedback="some")


def test_the_grader_ignores_the_lock(released, tmp_path):
    from coursekit.grading.pipeline import GradeOptions, grade_paths

    released("--assessment", "--feedback", "none")
    solution = json.loads((SOLUTIONS / "02_percentages.ipynb").read_text(encoding="utf-8"))
    solution["metadata"]["coursekit"] = json.loads(
        (tmp_path / "exam" / "02_percentages.ipynb").read_text(encoding="utf-8"))["metadata"][
        "coursekit"]
    (tmp_path / "exam" / "alice.ipynb").write_text(json.dumps(solution), encoding="utf-8")
    locked, worked = grade_paths([tmp_path / "exam" / "alice.ipynb",
                                  SOLUTIONS / "02_percentages.ipynb"], GradeOptions(jobs=2))
    assert locked.exercises == worked.exercises and locked.score == worked.score > 0
    assert locked.flags == []


def test_progress_and_self_grading_follow_the_feedback_level(released):
    released("--assessment", "--feedback", "form")
    ex = ck.questions("02_percentages")
    assert "not shown in this assessment" in str(ex.progress())
    assert "not shown in this assessment" in str(ex.grade())


def test_full_feedback_keeps_progress(released):
    released("--assessment")
    assert "not shown" not in str(ck.questions("02_percentages").progress())
