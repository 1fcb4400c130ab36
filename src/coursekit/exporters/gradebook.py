"""The gradebook: a CSV file with one row per submission and a column per exercise.

The file starts with a UTF-8 byte-order mark, so that spreadsheet programs (Excel in
particular) read non-ASCII names such as zoë, Łukasz or 李明 correctly; every CSV
reader that knows UTF-8 skips it (Python: ``encoding="utf-8-sig"``). Points are written
as numbers; text a learner chose (a path, a learner id from a file name, an error
message) is neutralised against formulas (see :mod:`coursekit.grading.csvfiles`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.grading.csvfiles import Cell, write_rows
from coursekit.grading.results import SubmissionGrade, describe_flag
from coursekit.model.exercises import lessons

__all__ = ["CSV", "exercise_columns", "write_csv"]


def exercise_columns(grades: Sequence[SubmissionGrade]) -> list[tuple[str, str, str]]:
    """(lesson, exercise id, column name) for every exercise, in lesson then exercise order."""
    known = lessons()
    ids = sorted({g.lesson for g in grades if g.lesson in known})
    prefix = len(ids) > 1
    return [(lesson, e.id, f"{lesson}:{e.id}" if prefix else e.id)
            for lesson in ids for e in known[lesson].exercises]


def _disputed(batch: Batch, grade: SubmissionGrade) -> list[str]:
    """A note when other submissions, from other sources, claim the same learner and lesson."""
    others = [g.path for g in batch.disputes.get((batch.learner(grade), grade.lesson), [])
              if g is not grade]
    return [f"the same learner as {', '.join(others)}: check who sent which"] if others else []


def _late_cells(grade: SubmissionGrade) -> list[Cell]:
    """A submission's ``late``, ``late_penalty`` and ``late_rule`` cells (a record written
    before late rules has no rule)."""
    if not grade.late:
        return ["", None, ""]
    return [grade.late["note"], grade.late["penalty"], grade.late.get("rule") or ""]


def write_csv(batch: Batch, path: Path | None) -> None:
    """One row per submission: learner, lesson, each exercise's points, total, status, path,
    the cells that failed, and the flags for the teacher (key use, hard-coded answers,
    submissions from different sources that name one learner).

    When lateness is known for some submission (see :mod:`coursekit.grading.deadlines`), three
    columns follow ``error``: ``late``, its note (``late by 2 h 5 min``, ``on time``);
    ``late_penalty``, the points the late rule took off ``total``; and ``late_rule``, that rule
    in words (``10% off per started day late, at most 30%``); each empty when not known.
    """
    assert path is not None  # a file exporter always gets one
    columns = exercise_columns(batch.grades)
    lateness = any(grade.late for grade in batch.grades)
    header: list[Cell] = ["learner", "lesson", *(name for _, _, name in columns), "total",
                          "max_score", "status", "error",
                          *(["late", "late_penalty", "late_rule"] if lateness else []),
                          "path", "cell_errors", "flags"]
    rows: list[list[Cell]] = [header]
    for grade in batch.grades:
        points = {(grade.lesson, e.id): e.points for e in grade.exercises}
        rows.append([batch.learner(grade), grade.lesson,
                     *(points.get((lesson, id)) for lesson, id, _ in columns),
                     grade.score, grade.max_score, grade.status, grade.error or "",
                     *(_late_cells(grade) if lateness else []),
                     grade.path,
                     "; ".join(f"cell {c['cell']}: {c['error']}" for c in grade.cell_errors),
                     "; ".join([*(describe_flag(f) for f in grade.flags),
                                *_disputed(batch, grade)])])
    write_rows(path, rows, bom=True)


CSV = Exporter("csv", "a gradebook: one row per submission, a column per exercise (UTF-8 "
               "with a byte-order mark, for spreadsheets)", write_csv)
