"""The gradebook: a CSV file with one row per submission and a column per exercise.

The file starts with a UTF-8 byte-order mark, so that spreadsheet programs (Excel in
particular) read non-ASCII names such as zoë, Łukasz or 李明 correctly; every CSV
reader that knows UTF-8 skips it (Python: ``encoding="utf-8-sig"``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.grading.results import SubmissionGrade, describe_flag
from coursekit.model.exercises import lessons

__all__ = ["CSV", "exercise_columns", "write_csv"]


def exercise_columns(grades: list[SubmissionGrade]) -> list[tuple[str, str, str]]:
    """(lesson, exercise id, column name) for every exercise, in lesson then exercise order."""
    known = lessons()
    ids = sorted({g.lesson for g in grades if g.lesson in known})
    prefix = len(ids) > 1
    return [(lesson, e.id, f"{lesson}:{e.id}" if prefix else e.id)
            for lesson in ids for e in known[lesson].exercises]


def write_csv(batch: Batch, path: Path | None) -> None:
    """One row per submission: learner, lesson, each exercise's points, total, status, path,
    the cells that failed, and the flags for the teacher (key use, hard-coded answers).

    When lateness is known for some submission (see :mod:`coursekit.grading.deadlines`), a ``late``
    column follows ``error``: its note (``late by 2 h 5 min``, ``on time``), or empty.
    """
    assert path is not None  # a file exporter always gets one
    columns = exercise_columns(batch.grades)
    lateness = any(grade.late for grade in batch.grades)
    header = ["learner", "lesson", *(name for _, _, name in columns), "total", "max_score",
              "status", "error", *(["late"] if lateness else []), "path", "cell_errors", "flags"]
    with open(path, "w", newline="", encoding="utf-8-sig") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        for grade in batch.grades:
            points = {(grade.lesson, e.id): f"{e.points:g}" for e in grade.exercises}
            writer.writerow([batch.learner(grade), grade.lesson,
                             *(points.get((lesson, id), "") for lesson, id, _ in columns),
                             f"{grade.score:g}", f"{grade.max_score:g}", grade.status,
                             grade.error or "",
                             *([grade.late["note"] if grade.late else ""] if lateness else []),
                             grade.path,
                             "; ".join(f"cell {c['cell']}: {c['error']}"
                                       for c in grade.cell_errors),
                             "; ".join(describe_flag(f) for f in grade.flags)])


CSV = Exporter("csv", "a gradebook: one row per submission, a column per exercise (UTF-8 "
               "with a byte-order mark, for spreadsheets)", write_csv)
