"""The review page: a teacher scores a whole class's written answers, one exercise at a time.

One self-contained HTML file that works offline. For each written exercise it shows every
learner's answer, the criteria the machine already decided, a field per teacher criterion
(with its scoring guide) and a comment box. Scores are kept in the browser as they are
typed (so closing the page loses nothing) and saved with a button as the scores CSV that
``coursekit grade --reviews`` merges. The page writes that CSV as
:mod:`coursekit.grading.csvfiles` does: a text cell that a spreadsheet would run gets a
quote before it, and a cell with a quote, comma, carriage return or line feed is quoted.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TypedDict

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.templating import TEMPLATES
from coursekit.grading.csvfiles import FORMULA_STARTS
from coursekit.grading.results import SubmissionGrade
from coursekit.grading.reviews import COLUMNS
from coursekit.judging.status import Status
from coursekit.model.exercises import lessons

__all__ = ["REVIEW", "render_review", "write_review"]


class _Criterion(TypedDict):
    """A criterion the teacher scores, with its guide."""

    description: str
    points: float
    guide: str


class _Submission(TypedDict):
    """One learner's written answer to score, with what the machine already decided."""

    path: str
    learner: str
    answer: str
    decided: list[str]
    points: float
    max_points: float


class _Item(TypedDict):
    """A written exercise waiting for review, with the submissions to score."""

    lesson: str
    exercise: str
    title: str
    criteria: list[_Criterion]
    submissions: list[_Submission]


def _criteria(lesson: str, exercise_id: str, open_points: float
              ) -> tuple[str, list[_Criterion]]:
    """The exercise's title and teacher criteria, from its declaration where it is installed."""
    known = lessons()
    if lesson in known and any(e.id == exercise_id for e in known[lesson].exercises):
        exercise = known[lesson].exercise(exercise_id)
        return exercise.title, [{"description": c.description, "points": c.points,
                                 "guide": c.guide} for c in exercise.rubric if c.by_teacher]
    return exercise_id, [{"description": "the teacher's part", "points": open_points,
                          "guide": "(the lesson's declaration is not installed here)"}]


def _items(batch: Batch) -> list[_Item]:
    """The exercises waiting for review, each with the submissions to score."""
    items: dict[tuple[str, str], _Item] = {}
    for grade in batch.grades:
        for result in grade.exercises:
            if result.status is not Status.NEEDS_REVIEW:
                continue
            key = (grade.lesson, result.id)
            if key not in items:
                title, criteria = _criteria(grade.lesson, result.id,
                                            result.max_points - result.points)
                items[key] = {"lesson": grade.lesson, "exercise": result.id, "title": title,
                              "criteria": criteria, "submissions": []}
            items[key]["submissions"].append(_submission(grade, result.id,
                                                         batch.learner(grade)))
    return list(items.values())


def _submission(grade: SubmissionGrade, exercise: str, learner: str) -> _Submission:
    result = next(e for e in grade.exercises if e.id == exercise)
    decided = [line for line in result.feedback.splitlines() if not line.startswith("\u270e")]
    return {"path": grade.path, "learner": learner, "answer": grade.written_answers.get(
        exercise, ""), "decided": decided, "points": result.points,
        "max_points": result.max_points}


def render_review(batch: Batch) -> str:
    """The review page as one HTML document."""
    items = _items(batch)
    data = json.dumps(items, ensure_ascii=False, sort_keys=True)
    key = hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]
    return TEMPLATES.get_template("review.html.j2").render(
        items=items, columns=list(COLUMNS), formula_starts=FORMULA_STARTS,
        storage_key=f"coursekit-review-{key}",
        waiting=sum(len(i["submissions"]) for i in items))


def write_review(batch: Batch, path: Path | None) -> None:
    """Write the review page to ``path``."""
    assert path is not None  # a file exporter always gets one
    path.write_text(render_review(batch), encoding="utf-8")


REVIEW = Exporter("review", "a page to score written answers in the browser and save the scores "
                  "as a CSV for --reviews", write_review)
