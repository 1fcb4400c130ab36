"""A teacher's scores merged into the grades: written answers reviewed, any exercise overridden.

The scores are a CSV with the columns of :data:`COLUMNS`, one row per submission and
exercise: ``teacher_points`` scores the teacher's criteria of a written answer (added to
the machine's points), ``override`` replaces an exercise's points whatever its kind (a
regrade request), ``comment`` is shown to the learner. The review page
(``coursekit review``) writes this file; a spreadsheet with the same columns works too.
Because the file is applied on every ``coursekit grade --reviews``, a teacher's scores
survive regrading after a check is fixed. A row that names no graded submission or
exercise is reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from coursekit.base.errors import UsageError
from coursekit.grading.csvfiles import read_rows
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.judging.status import Status

__all__ = ["COLUMNS", "Review", "ReviewsError", "apply_reviews", "read_reviews"]

#: The columns of a scores file, in order.
COLUMNS = ("path", "learner", "lesson", "exercise", "teacher_points", "override", "comment")


class ReviewsError(UsageError, ValueError):
    """A scores file cannot be read; the message names the file, the row and the problem."""


@dataclass(frozen=True)
class Review:
    """One row of a scores file."""

    path: str
    learner: str
    lesson: str
    exercise: str
    teacher_points: float | None
    override: float | None
    comment: str

    def describe(self) -> str:
        """Who and what this row is about, for messages."""
        return f"{self.learner or self.path} {self.lesson} {self.exercise}".strip()


def _number(text: str, where: str) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise ReviewsError(f"{where}: not a number: {text!r}") from None
    if value < 0:
        raise ReviewsError(f"{where}: points cannot be negative (got {text})")
    return value


def read_reviews(path: Path) -> list[Review]:
    """Read a scores CSV (UTF-8, with or without a byte-order mark)."""
    rows = read_rows(path, ReviewsError)
    missing = [c for c in ("exercise", "teacher_points", "override", "comment")
               if rows and c not in rows[0]]
    if missing or (rows and not ({"path", "learner"} & set(rows[0]))):
        raise ReviewsError(f"{path}: the header must have the columns {list(COLUMNS)} "
                           f"(missing {missing or ['path or learner']})")
    reviews = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}, row {number}"
        reviews.append(Review(row.get("path", "").strip(), row.get("learner", "").strip(),
                              row.get("lesson", "").strip(), row["exercise"].strip(),
                              _number(row["teacher_points"], f"{where}, teacher_points"),
                              _number(row["override"], f"{where}, override"),
                              (row["comment"] or "").strip()))
    return reviews


def _reviewed(exercise: ExerciseGrade, review: Review) -> ExerciseGrade:
    note = f" {review.comment}" if review.comment else ""
    if review.override is not None:
        points = min(review.override, exercise.max_points)
        feedback = (f"{exercise.feedback}\nYour teacher set the points to {points:g}/"
                    f"{exercise.max_points:g}.{note}")
    elif review.teacher_points is not None and exercise.status is Status.NEEDS_REVIEW:
        points = min(exercise.points + review.teacher_points, exercise.max_points)
        feedback = (f"{exercise.feedback}\nYour teacher scored the rest: "
                    f"+{review.teacher_points:g}.{note}")
    else:
        return exercise
    status = Status.CORRECT if points == exercise.max_points else Status.INCORRECT
    return replace(exercise, status=status, points=points, feedback=feedback)


def apply_reviews(grades: list[SubmissionGrade], reviews: list[Review],
                  learner_of: Callable[[SubmissionGrade], str]
                  ) -> tuple[list[SubmissionGrade], list[Review]]:
    """The grades with the teacher's scores in, and the rows that matched nothing."""
    used: set[int] = set()
    merged = []
    for grade in grades:
        learner = learner_of(grade)
        mine = {r.exercise: (i, r) for i, r in enumerate(reviews)
                if (r.path == grade.path or (not r.path and r.learner == learner))
                and r.lesson in ("", grade.lesson)}
        exercises = []
        for exercise in grade.exercises:
            found = mine.get(exercise.id)
            if found is None:
                exercises.append(exercise)
                continue
            index, review = found
            changed = _reviewed(exercise, review)
            if changed is not exercise or (review.override is None
                                           and review.teacher_points is None):
                used.add(index)
            exercises.append(changed)
        merged.append(replace(grade, exercises=exercises,
                              score=sum(e.points for e in exercises)))
    return merged, [r for i, r in enumerate(reviews) if i not in used]
