"""Written answers: rubric criteria by machine and by teacher, the placeholder, the review merge."""

from __future__ import annotations

import csv

import nbformat
import pytest

from coursekit.authoring.release import blank_written_answers
from coursekit.exporters import Batch
from coursekit.exporters.review import render_review
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.grading.reviews import COLUMNS, ReviewsError, apply_reviews, read_reviews
from coursekit.judging.checking import check_snapshot
from coursekit.judging.status import Status
from coursekit.judging.written import answer_cells
from coursekit.model import written
from coursekit.model.exercises import Exercise

EXPLAIN = Exercise(
    id="q9", title="Say what the share means", answer="share_in_words", kind="written",
    solution="see the model answer", hints=("name the part, the whole and the unit",), points=3,
    rubric=(written.states_number(lambda: 100 * 360 / 405, 0.05, "the share"),
            written.names_any(("405", "all employees", "whole staff"), "the whole"),
            written.avoids(("percentage points",), "a share is in percent; points are "
                           "differences of percentages"),
            written.teacher("explains what the share does and does not say", 1,
                            "1: says it is a share of this company's staff only")),
)


def judge(text):
    return check_snapshot(EXPLAIN, {"type": "text", "value": text})


def test_machine_criteria_score_at_once_and_the_rest_waits_for_the_teacher():
    result = judge("88.9 percent of the company's 405 employees.")
    assert result.status is Status.NEEDS_REVIEW
    assert result.points == 2
    assert "\u2714 states the share" in result.feedback
    assert "your teacher will score this" in result.feedback


def test_each_unmet_criterion_says_what_is_missing():
    result = judge("About 90 percentage points of them.")
    assert result.points == 0
    assert "(-0.5)" in result.feedback
    assert ("The answer gives 90, none of them the share: give the share as a number "
            "(about 88.9)") in result.feedback
    assert "Avoid 'percentage points'" in result.feedback


@pytest.mark.parametrize("text", ["", "  ", written.PLACEHOLDER])
def test_the_placeholder_is_unanswered(text):
    assert judge(text).status is Status.UNANSWERED


def test_numbers_with_separators_are_read():
    assert written.numbers_in("4,434.7 h, not 4,451 h; -3 and 0.5") == [4434.7, 4451, -3, 0.5]


def test_phrases_to_avoid_and_word_limits_only_take_points_off():
    off_topic = judge("nonsense")
    assert off_topic.points == 0, "an off-topic answer earns nothing from what it avoids"
    assert "\u2714 avoids 'percentage points'" in off_topic.feedback
    careful = judge("88.9 percent of all 405 employees")
    assert judge("88.9 percentage points of all 405 employees").points == careful.points - 0.5


def test_a_rubric_must_add_up_to_the_points():
    with pytest.raises(ValueError, match="add up"):
        Exercise(id="w", title="w", answer="w", kind="written", solution="", hints=("h",),
                 points=2, rubric=(written.word_limit(50),))


def test_release_replaces_model_answers_with_the_placeholder():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Explain the share."),
        nbformat.v4.new_markdown_cell("A model answer.",
                                      metadata={"coursekit": {"answer": "share_in_words"}})])
    released = blank_written_answers(notebook)
    assert [c.source for c in released.cells] == ["Explain the share.", written.PLACEHOLDER]
    assert answer_cells(released) == {"share_in_words": written.PLACEHOLDER}


def waiting(path, text):
    result = judge(text)
    exercise = ExerciseGrade("q9", result.status, result.points, 3, result.feedback)
    other = ExerciseGrade("q1", Status.INCORRECT, 0, 1, "0.889 percent: a fraction")
    return SubmissionGrade(path, "", "graded", None, result.points, 5, [other, exercise],
                           written_answers={"q9": text})


CLASS = [waiting("c/zoë.ipynb", "88.9 percent of all 405 employees <b>bold</b>"),
         waiting("c/ben.ipynb", "89 percent")]


def write_scores(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def test_teacher_scores_and_overrides_are_merged_and_strangers_reported(tmp_path):
    scores = tmp_path / "scores.csv"
    write_scores(scores, [
        ["c/zoë.ipynb", "zoë", "", "q9", "1", "", "Clear and careful."],
        ["", "ben", "", "q1", "", "0.5", "Regrade: right idea, wrong unit."],
        ["", "nobody", "", "q9", "1", "", ""],
    ])
    done = apply_reviews(CLASS, read_reviews(scores), lambda g: g.path.split("/")[-1][:-6])
    merged, unmatched = done.grades, done.unmatched
    zoe_q9, ben_q1 = merged[0].exercises[1], merged[1].exercises[0]
    assert zoe_q9.status is Status.CORRECT and zoe_q9.points == 3
    assert "Clear and careful." in zoe_q9.feedback and merged[0].score == 3
    assert ben_q1.points == 0.5 and "set the points to 0.5/1" in ben_q1.feedback
    assert merged[1].exercises[1].status is Status.NEEDS_REVIEW, "ben's q9 is not scored yet"
    assert [r.learner for r in unmatched] == ["nobody"] and done.conflicts == []


def test_a_bad_scores_file_names_the_row(tmp_path):
    scores = tmp_path / "scores.csv"
    write_scores(scores, [["c/zoë.ipynb", "zoë", "", "q9", "lots", "", ""]])
    with pytest.raises(ReviewsError, match=r"row 2, teacher_points: not a number"):
        read_reviews(scores)


def test_review_page_lists_waiting_answers_escaped_with_the_teachers_criteria():
    page = render_review(Batch(CLASS))
    assert page.count("<article") == 2
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    assert "2 answer(s) in 2 group(s) wait for your scores" in page
    assert "\u2714 states the share" in page and "your teacher will score" not in page


def test_phrases_are_matched_as_whole_words():
    assert written.contains("It is a lie.", "lie")
    assert not written.contains("as shown earlier", "lie")
    assert written.contains("0.256 yuan/kWh", "/kwh")
    assert written.contains("about 90%", "90%")


def _written_exercises():
    from coursekit.model.exercises import lessons

    for lesson in lessons().values():
        for exercise in lesson.exercises:
            if exercise.kind == "written":
                yield pytest.param(lesson.id, exercise, id=f"{lesson.id}-{exercise.id}")


@pytest.mark.parametrize(("lesson", "exercise"), list(_written_exercises()))
def test_every_model_answer_meets_its_machine_criteria(lesson, exercise):
    """The model answers quote the data correctly: their numbers are checked against it."""
    from coursekit.running.notebooks import read

    from .conftest import LESSONS, SOLUTIONS

    model = answer_cells(read(SOLUTIONS / f"{lesson}.ipynb"))[exercise.answer]
    result = check_snapshot(exercise, {"type": "text", "value": model})
    machine = sum(c.points for c in exercise.rubric if not (c.by_teacher or c.penalty))
    assert result.points == machine, result.feedback
    assert result.status is Status.NEEDS_REVIEW
    released = answer_cells(read(LESSONS / f"{lesson}.ipynb"))[exercise.answer]
    assert released == written.PLACEHOLDER


def test_the_teaching_notes_count_exercises_and_points_from_the_lessons():
    import re

    from coursekit.model.exercises import lessons

    from .conftest import ROOT

    text = " ".join((ROOT / "docs" / "teaching.md").read_text(encoding="utf-8").split())
    found = re.search(r"In total (\d+) exercises and (\d+) points", text)
    every = [e for lesson in lessons().values() for e in lesson.exercises]
    assert found and (int(found[1]), int(found[2])) == (len(every), sum(e.points for e in every))


def test_an_answer_cell_may_be_marked_by_a_tag_naming_the_exercise_or_the_answer():
    from nbformat.v4 import new_markdown_cell, new_notebook

    notebook = new_notebook(cells=[new_markdown_cell("by id"), new_markdown_cell("by name"),
                                   new_markdown_cell("by metadata"), new_markdown_cell("none")])
    notebook.cells[0].metadata["tags"] = ["answer:q9"]
    notebook.cells[1].metadata["tags"] = ["other", "answer:second"]
    notebook.cells[2].metadata["coursekit"] = {"answer": "third"}
    notebook.cells[3].metadata["tags"] = ["answer:"]
    assert answer_cells(notebook, {"q9": "first"}) == {
        "first": "by id", "second": "by name", "third": "by metadata"}
