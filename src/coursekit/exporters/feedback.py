"""Feedback pages: one self-contained HTML page per submission, to hand back to learners.

Each page is named after its learner, made safe by :func:`~coursekit.exporters.filenames.safe_stem`
(a learner's own name for their file could otherwise start with ``-`` or hide a
right-to-left override); two pages whose names differ only in case get different files.
"""

from __future__ import annotations

import re
from pathlib import Path

from coursekit.exporters import Batch, Exporter
from coursekit.exporters.filenames import safe_stem
from coursekit.exporters.templating import TEMPLATES
from coursekit.grading.results import SubmissionGrade
from coursekit.model.exercises import lessons

__all__ = ["FEEDBACK", "render_feedback", "write_feedback"]

#: The reasons :func:`coursekit.running.notebooks.read` gives for a file it cannot open as
#: a notebook: damaged, cut short, not text, or saved by a very old Jupyter.
_UNREADABLE = re.compile(r": (?:not a valid notebook|not a text file|nbformat must be)")


def render_feedback(grade: SubmissionGrade, learner: str) -> str:
    """A self-contained HTML page with each exercise's status, points and feedback; for a
    notebook that could not be graded, what happened and what the learner can do."""
    lesson = lessons().get(grade.lesson)
    titles = {e.id: e.title for e in lesson.exercises} if lesson else {}
    return TEMPLATES.get_template("feedback.html.j2").render(
        grade=grade, learner=learner, titles=titles,
        lesson_title=lesson.title if lesson else "Your notebook",
        unreadable=bool(grade.error and _UNREADABLE.search(grade.error)))


def write_feedback(batch: Batch, folder: Path | None) -> list[Path]:
    """Write one feedback page per submission into ``folder``; return the files written."""
    assert folder is not None  # a folder exporter always gets one
    folder.mkdir(parents=True, exist_ok=True)
    several_lessons = len({g.lesson for g in batch.grades if g.lesson}) > 1
    written: list[Path] = []
    taken: set[str] = set()
    for grade in batch.grades:
        learner = batch.learner(grade)
        stem = safe_stem(learner + (f"-{grade.lesson}" if several_lessons and grade.lesson
                                    else ""))
        path, n = folder / f"{stem}.html", 2
        while path.name.casefold() in taken:  # one file per page, on any file system
            path, n = folder / f"{stem}-{n}.html", n + 1
        path.write_text(render_feedback(grade, learner), encoding="utf-8")
        written.append(path)
        taken.add(path.name.casefold())
    return written


FEEDBACK = Exporter("feedback", "a folder with one HTML feedback page per submission",
                    write_feedback, target="folder")
