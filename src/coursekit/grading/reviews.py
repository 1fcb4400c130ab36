"""A teacher's scores merged into the grades: written answers reviewed, any exercise overridden.

The scores are a CSV with the columns of :data:`COLUMNS`, one row per submission and
exercise: ``teacher_points`` scores the teacher's criteria of a written answer (added to
the machine's points), ``override`` replaces an exercise's points whatever its kind (a
regrade request), ``comment`` is shown to the learner. The review page
(``coursekit review``) writes this file; a spreadsheet with the same columns works too.
Because the file is applied on every ``coursekit grade --reviews``, a teacher's scores
survive regrading after a check is fixed. A row that names no graded submission or
exercise is reported, never silently dropped.

A row names its submission by ``path``, or, without one, by ``learner``: the learner's id,
or the blind id of the review page's blind mode (:func:`blind_id`, ``anon-`` and ten hex
digits of a hash of the path), so that names come back only when the scores are merged.
Several files (two TAs', one per section) may be merged at once: two rows that give one
submission's exercise different points, in one file or two, are a :class:`Conflict`;
neither is applied (the exercise keeps the machine's points and stays ``needs_review``)
and the conflict is reported with both files and both scores, for a person to settle.
Rows that agree are applied once, with their comments joined.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from coursekit.base.errors import UsageError
from coursekit.grading.csvfiles import read_rows
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.judging.status import Status

__all__ = ["COLUMNS", "Conflict", "Merged", "Review", "ReviewsError", "apply_reviews", "blind_id",
           "read_reviews"]

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
    #: The file the row was read from, for messages.
    source: str = ""

    def describe(self) -> str:
        """Who and what this row is about, for messages."""
        return f"{self.learner or self.path} {self.lesson} {self.exercise}".strip()

    @property
    def scores(self) -> tuple[float | None, float | None]:
        """What the row gives: its teacher points and its override."""
        return self.teacher_points, self.override

    def says(self) -> str:
        """The row's points in words, for a conflict's report."""
        parts = [f"teacher_points {self.teacher_points:g}" if self.teacher_points is not None
                 else "", f"override {self.override:g}" if self.override is not None else ""]
        return " and ".join(part for part in parts if part)


@dataclass(frozen=True)
class Conflict:
    """Rows that give one submission's exercise different points: none of them is applied."""

    learner: str
    lesson: str
    exercise: str
    rows: tuple[Review, ...]

    def describe(self) -> str:
        """The conflict in one line: who, which exercise, each file and what it gives."""
        given = "; ".join(f"{row.source or 'a row'} gives {row.says()}" for row in self.rows)
        return (f"{self.learner} {self.lesson} {self.exercise} is scored differently: {given} "
                "(neither is applied: make the files agree, or remove one row)")


@dataclass(frozen=True)
class Merged:
    """The grades with the teacher's scores in, the rows that matched nothing, the conflicts."""

    grades: list[SubmissionGrade]
    unmatched: list[Review]
    conflicts: list[Conflict]


def blind_id(path: str) -> str:
    """The id a submission has on a blind review page: no name, and the same on every page.

    It hides names from a reader's eye, not from someone set on guessing paths and hashing
    them."""
    return "anon-" + hashlib.sha256(f"coursekit-blind\0{path}".encode()).hexdigest()[:10]


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
                              (row["comment"] or "").strip(), str(path)))
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


def _agreed(rows: list[Review]) -> Review:
    """One row for rows that give the same points (or only comments): their comments joined."""
    scored = next((row for row in rows if row.scores != (None, None)), rows[0])
    comments = dict.fromkeys(row.comment for row in rows if row.comment)
    return replace(scored, comment=" ".join(comments))


def apply_reviews(grades: Sequence[SubmissionGrade], reviews: list[Review],
                  learner_of: Callable[[SubmissionGrade], str]) -> Merged:
    """The grades with the teacher's scores in, the rows that matched nothing, and the
    exercises that rows score differently (left as they were)."""
    used: set[int] = set()
    merged, conflicts = [], []
    for grade in grades:
        learner = learner_of(grade)
        names = (learner, blind_id(grade.path))
        mine: dict[str, list[int]] = {}
        for index, review in enumerate(reviews):
            if ((review.path == grade.path or (not review.path and review.learner in names))
                    and review.lesson in ("", grade.lesson)):
                mine.setdefault(review.exercise, []).append(index)
        exercises = []
        for exercise in grade.exercises:
            rows = [reviews[index] for index in mine.get(exercise.id, [])]
            if len({row.scores for row in rows} - {(None, None)}) > 1:
                conflicts.append(Conflict(learner, grade.lesson, exercise.id, tuple(rows)))
                used.update(mine[exercise.id])
                exercises.append(exercise)
                continue
            if not rows:
                exercises.append(exercise)
                continue
            agreed = _agreed(rows)
            changed = _reviewed(exercise, agreed)
            if changed is not exercise or agreed.scores == (None, None):
                used.update(mine[exercise.id])
            exercises.append(changed)
        merged.append(replace(grade, exercises=exercises,
                              score=sum(e.points for e in exercises)))
    return Merged(merged, [r for i, r in enumerate(reviews) if i not in used], conflicts)
