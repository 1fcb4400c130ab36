"""What a teacher takes away from grading a class: a CSV gradebook and feedback pages."""

from __future__ import annotations

import csv
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .exercises import lessons
from .results import SubmissionGrade

__all__ = ["learner_id", "render_feedback", "write_csv", "write_feedback"]

_SYMBOLS = {"correct": "\u2714", "incorrect": "\u2718", "unanswered": "\u2026", "error": "!"}
TEMPLATES = Environment(loader=PackageLoader("coursekit"),
                        autoescape=select_autoescape(["html.j2"]))


def learner_id(grade: SubmissionGrade) -> str:
    """Who a submission is from: its file name, or its folder's when the file is named after
    the lesson (``alice/02_percentages.ipynb`` is alice's)."""
    path = Path(grade.path)
    return path.parent.name if path.stem in lessons() or path.stem == grade.lesson else path.stem


def _exercise_columns(grades: list[SubmissionGrade]) -> list[tuple[str, str, str]]:
    """(lesson, exercise id, column name) for every exercise, in lesson then exercise order."""
    known = lessons()
    ids = sorted({g.lesson for g in grades if g.lesson in known})
    prefix = len(ids) > 1
    return [(lesson, e.id, f"{lesson}:{e.id}" if prefix else e.id)
            for lesson in ids for e in known[lesson].exercises]


def write_csv(grades: list[SubmissionGrade], path: Path) -> None:
    """One row per submission, a column per exercise's points, then the total."""
    columns = _exercise_columns(grades)
    header = ["learner", "lesson", *(name for _, _, name in columns), "total", "max_score",
              "status", "error", "path"]
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for grade in grades:
            points = {(grade.lesson, e.id): f"{e.points:g}" for e in grade.exercises}
            writer.writerow([learner_id(grade), grade.lesson,
                             *(points.get((lesson, id), "") for lesson, id, _ in columns),
                             f"{grade.score:g}", f"{grade.max_score:g}", grade.status,
                             grade.error or "", grade.path])


def render_feedback(grade: SubmissionGrade) -> str:
    """A self-contained HTML page with each exercise's status, points and feedback."""
    lesson = lessons().get(grade.lesson)
    titles = {e.id: e.title for e in lesson.exercises} if lesson else {}
    return TEMPLATES.get_template("feedback.html.j2").render(
        grade=grade, learner=learner_id(grade), symbols=_SYMBOLS, titles=titles,
        lesson_title=lesson.title if lesson else "Unknown lesson")


def write_feedback(grades: list[SubmissionGrade], folder: Path) -> list[Path]:
    """Write one feedback page per submission into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    several_lessons = len({g.lesson for g in grades if g.lesson}) > 1
    written: list[Path] = []
    for grade in grades:
        stem = learner_id(grade) + (f"-{grade.lesson}" if several_lessons and grade.lesson else "")
        path, n = folder / f"{stem}.html", 2
        while path in written:
            path, n = folder / f"{stem}-{n}.html", n + 1
        path.write_text(render_feedback(grade), encoding="utf-8")
        written.append(path)
    return written
