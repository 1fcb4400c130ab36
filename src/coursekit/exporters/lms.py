"""What the LMS gradebook exporters share: one row per learner, and the learners to check.

A row holds the learner (the roster's, or the raw id), what the roster says about them
(name, email, ids, section), the LMS's own name and id from a bulk download's file names
(see :mod:`coursekit.grading.identity`), and their grade in each lesson of the batch. Learners
the roster does not know get a row too, and are named in a logged warning together with
the roster's learners who sent nothing, so that no one is dropped without a word.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from coursekit.exporters import Batch
from coursekit.grading.identity import Submitter, roster_key, submitter
from coursekit.grading.results import SubmissionGrade
from coursekit.model.exercises import Lesson, lessons

__all__ = ["LearnerRow", "learner_rows", "lesson_columns"]

logger = logging.getLogger(__name__)


@dataclass
class LearnerRow:
    """One learner's line in an LMS gradebook."""

    learner: str
    roster: dict[str, str]
    found: Submitter | None
    grades: dict[str, SubmissionGrade] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The learner's full name as the roster or the LMS download gives it."""
        return (self.roster.get("name") or (self.found.name if self.found else None)
                or self.learner)

    @property
    def canvas_id(self) -> str:
        """The learner's Canvas user id: the roster's ``id``, else a Canvas download's."""
        if self.roster.get("id"):
            return self.roster["id"]
        return self.found.raw if self.found and self.found.platform == "canvas" else ""


def lesson_columns(batch: Batch) -> list[Lesson]:
    """The lessons of the batch that have a column, in lesson order."""
    known = lessons()
    return [known[id] for id in sorted({g.lesson for g in batch.grades if g.lesson in known})]


def learner_rows(batch: Batch, exporter: str) -> list[LearnerRow]:
    """One row per learner (the best graded submission per lesson), roster learners included.

    Warns (logs) about the learners the roster does not know, the roster's learners
    with no submission, and learners who sent one lesson more than once.
    """
    rows: dict[str, LearnerRow] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for grade in batch.grades:
        learner = batch.learner(grade)
        lesson_ids = batch.lesson_ids | {grade.lesson}
        row = rows.get(learner)
        if row is None:
            known = batch.roster.row(learner) if batch.roster else {}
            row = rows[learner] = LearnerRow(learner, known, submitter(grade.path, lesson_ids))
            if batch.roster and not known:
                unknown.append(roster_key(grade.path, lesson_ids, batch.roster))
        previous = row.grades.get(grade.lesson)
        if previous is not None:
            repeated.append(f"{learner} ({grade.lesson})")
        if previous is None or grade.score > previous.score:
            row.grades[grade.lesson] = grade
    missing: list[str] = []
    if batch.roster:
        missing = [row["learner"] for row in batch.roster.learners if row["learner"] not in rows]
        for learner in missing:
            rows[learner] = LearnerRow(learner, batch.roster.row(learner), None)
    _say(exporter, "not in the roster (rows kept, with the ids the files give)", unknown)
    _say(exporter, "in the roster with no submission (rows with empty grades)", missing)
    _say(exporter, "sent a lesson more than once (the best score is exported)", repeated)
    return list(rows.values())


def _say(exporter: str, what: str, learners: list[str]) -> None:
    """Warn about the learners of one kind, if there are any."""
    if learners:
        logger.warning("%s: %d learner(s) %s: %s", exporter, len(learners), what,
                       ", ".join(learners))
