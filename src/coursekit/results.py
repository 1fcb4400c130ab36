"""Grades as data: one record per submission, written as JSON or as a plain-text table."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from .exercises import Lesson
from .status import Status

if TYPE_CHECKING:
    from .checking import Result

__all__ = ["ExerciseGrade", "ResultsError", "SubmissionGrade", "from_json", "to_json", "to_table"]


class ResultsError(ValueError):
    """A results file is not the JSON that ``coursekit grade --format json`` writes."""


@dataclass(frozen=True)
class ExerciseGrade:
    """One exercise of one submission: its status, points and feedback text."""

    id: str
    status: Status
    points: float
    max_points: float
    feedback: str

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "status", Status(self.status))
        except ValueError:
            raise ValueError(f"exercise {self.id}: 'status' must be one of "
                             f"{[s.value for s in Status]} (got {self.status!r})") from None

    @classmethod
    def from_result(cls, result: Result) -> ExerciseGrade:
        """The grade of a checked answer."""
        return cls(result.exercise.id, result.status, result.points, result.exercise.points,
                   result.feedback)


@dataclass(frozen=True)
class SubmissionGrade:
    """One graded notebook; ``status`` is ``error`` when it could not be read or run."""

    path: str
    lesson: str
    status: str
    error: str | None
    score: float
    max_score: float
    exercises: list[ExerciseGrade] = field(default_factory=list)
    #: The cells that raised or hit a time limit: ``{"cell": position from 1, "error": text}``.
    cell_errors: list[dict] = field(default_factory=list)
    #: The text of each written answer, by exercise id (for the teacher's review).
    written_answers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def graded(cls, path: str, lesson: Lesson, results: list[Result],
               cell_errors: list[dict] | None = None,
               written_answers: dict[str, str] | None = None) -> SubmissionGrade:
        """A submission whose answers were all checked."""
        exercises = [ExerciseGrade.from_result(r) for r in results]
        return cls(path, lesson.id, "graded", None, sum(e.points for e in exercises),
                   lesson.max_score, exercises, list(cell_errors or []),
                   dict(written_answers or {}))

    @classmethod
    def failed(cls, path: str, lesson: Lesson | None, error: str) -> SubmissionGrade:
        """A submission that could not be graded, scored 0 with the reason."""
        exercises = [ExerciseGrade(e.id, Status.ERROR, 0, e.points, error)
                     for e in (lesson.exercises if lesson else ())]
        return cls(path, lesson.id if lesson else "", "error", error, 0,
                   lesson.max_score if lesson else 0, exercises)


def to_json(grades: list[SubmissionGrade]) -> str:
    """The documented JSON shape: ``{"submissions": [...]}``, indented, stable key order."""
    return json.dumps({"submissions": [asdict(g) for g in grades]}, indent=2,
                      ensure_ascii=False) + "\n"


def from_json(text: str, source: str = "results") -> list[SubmissionGrade]:
    """Read grades back from the JSON of :func:`to_json`, or say what is wrong with it."""
    try:
        document = json.loads(text)
        return [SubmissionGrade(**{**s, "exercises": [ExerciseGrade(**e) for e in s["exercises"]],
                                   "cell_errors": s.get("cell_errors", []),
                                   "written_answers": s.get("written_answers", {})})
                for s in document["submissions"]]
    except json.JSONDecodeError as error:
        raise ResultsError(f"{source}: not JSON ({error.msg}, line {error.lineno})") from None
    except (KeyError, TypeError, ValueError) as error:
        raise ResultsError(f"{source}: not the JSON of 'coursekit grade --format json' "
                           f"(problem with {error})") from None


def to_table(grades: list[SubmissionGrade]) -> str:
    """A per-exercise table for each notebook, then its total."""
    blocks = []
    for grade in grades:
        lines = [f"{grade.path} ({grade.lesson or 'unknown lesson'})"]
        if grade.error:
            lines.append(f"  error: {grade.error}")
        lines += [f"  cell {c['cell']}: {c['error']}" for c in grade.cell_errors]
        width = max((len(e.id) for e in grade.exercises), default=2)
        for e in grade.exercises:
            feedback = e.feedback.splitlines()[0] if e.feedback else ""
            lines.append(f"  {e.id:<{width}}  {e.status:<10}  {e.points:g}/{e.max_points:g}  "
                         f"{feedback}")
        lines.append(f"  total: {grade.score:g}/{grade.max_score:g}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
