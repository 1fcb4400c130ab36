"""What the LMS gradebook exporters share: rows an importer can only credit to the right learner.

An LMS import file holds one row per learner with a grade, and every row carries an
identifier the LMS's importer matches on (each exporter says which). A grade is held
back from the import file, into ``NAME-not-imported.csv`` beside it, when

- the roster does not know the learner (or, for Moodle, there is no roster);
- the learner has no identifier the importer matches on, or one that starts with a
  character a spreadsheet would run (see :mod:`coursekit.grading.csvfiles`; writing it
  changed would make the importer miss it), or shares it with another learner;
- submissions from different sources claim the learner for the lesson (see
  :attr:`coursekit.exporters.Batch.disputes`): the teacher decides, not the exporter.

Each reason is logged as a warning that names the learners, and so are the roster's
learners who sent nothing (they get no row: an empty grade would clear a grade already
in the LMS) and learners who sent one lesson more than once from one source (the best
score is exported). A batch of several lessons gives one import file per lesson
(``grades-02_percentages.csv``), since a learner who sent one lesson and not another
would otherwise need an empty cell. Lateness is never a column of an import file: it is
in the results, the gradebook (``csv``) and the report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coursekit.exporters import Batch
from coursekit.grading.csvfiles import Cell, neutralise, write_rows
from coursekit.grading.identity import Submitter
from coursekit.grading.results import SubmissionGrade
from coursekit.model.exercises import Lesson, lessons

__all__ = ["HELD_COLUMNS", "Identity", "LearnerRow", "held_path", "learner_rows",
           "lesson_columns", "usable", "write_import"]

logger = logging.getLogger(__name__)

#: The columns of the file of grades held back from an import.
HELD_COLUMNS = ("learner", "lesson", "score", "max_score", "reason", "path")


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


@dataclass(frozen=True)
class Identity:
    """How a learner's row starts in an import file, and what the importer matches it on."""

    #: The leading cells of the row (names, identifiers, section).
    cells: list[Cell]
    #: The identifier the importer matches the row on; empty when there is none.
    key: str


def usable(identifier: str) -> str:
    """The identifier if an importer can match it as written, else empty (a formula start)."""
    identifier = identifier.strip()
    return identifier if neutralise(identifier) == identifier else ""


def lesson_columns(batch: Batch) -> list[Lesson]:
    """The lessons of the batch that have a column, in lesson order."""
    known = lessons()
    return [known[id] for id in sorted({g.lesson for g in batch.grades if g.lesson in known})]


def learner_rows(batch: Batch, exporter: str) -> list[LearnerRow]:
    """One row per learner who sent something (the best graded submission per lesson).

    Warns (logs) about the roster's learners with no submission, and learners who sent
    one lesson more than once from one source.
    """
    rows: dict[str, LearnerRow] = {}
    repeated: list[str] = []
    for grade in batch.grades:
        learner = batch.learner(grade)
        row = rows.get(learner)
        if row is None:
            known = batch.roster.row(learner) if batch.roster else {}
            row = rows[learner] = LearnerRow(learner, known, batch.submitter(grade))
        previous = row.grades.get(grade.lesson)
        if previous is not None and (learner, grade.lesson) not in batch.disputes:
            repeated.append(f"{learner} ({grade.lesson})")
        if previous is None or grade.score > previous.score:
            row.grades[grade.lesson] = grade
    if batch.roster:
        _say(exporter, "in the roster sent nothing (no row, so no grade is cleared)",
             [row["learner"] for row in batch.roster.learners if row["learner"] not in rows])
    _say(exporter, "sent a lesson more than once (the best score is exported)", repeated)
    return list(rows.values())


def held_path(path: Path) -> Path:
    """Where the grades held back from the import file ``path`` go."""
    return path.with_name(f"{path.stem}-not-imported{path.suffix or '.csv'}")


def _lesson_files(path: Path, columns: list[Lesson]) -> list[tuple[Path, Lesson]]:
    """One import file per lesson: ``path`` itself for one lesson, else ``path-LESSON``."""
    if len(columns) == 1:
        return [(path, columns[0])]
    return [(path.with_name(f"{path.stem}-{lesson.id}{path.suffix}"), lesson)
            for lesson in columns]


def write_import(batch: Batch, path: Path, exporter: str,
                 header: Callable[[Lesson], Sequence[Sequence[Cell]]],
                 identify: Callable[[LearnerRow], Identity], no_key: str) -> None:
    """Write the import file(s) of an LMS, and the grades held back from them.

    ``header(lesson)`` gives the rows before the learners' (the header, and any row such
    as Canvas's points possible); ``identify(row)`` gives a learner's leading cells and
    key; ``no_key`` says what a learner without a key lacks. Each learner row is the
    leading cells and the score.
    """
    rows = learner_rows(batch, exporter)
    held: list[list[Cell]] = []
    reasons: dict[str, list[str]] = {}

    def hold(row: LearnerRow, grades: list[SubmissionGrade], reason: str) -> None:
        reasons.setdefault(reason, []).append(f"{row.learner} ({grades[0].lesson})")
        held.extend([row.learner, g.lesson, g.score, g.max_score, reason, g.path]
                    for g in grades)

    identified = {row.learner: identify(row) for row in rows}
    first_of: dict[str, str] = {}
    shared = set()
    for learner, identity in identified.items():
        if identity.key and first_of.setdefault(identity.key, learner) != learner:
            shared |= {learner, first_of[identity.key]}
    for file, lesson in _lesson_files(path, lesson_columns(batch)):
        lines: list[Sequence[Cell]] = list(header(lesson))
        for row in rows:
            grade = row.grades.get(lesson.id)
            if grade is None:
                continue
            identity = identified[row.learner]
            disputed = batch.disputes.get((row.learner, lesson.id))
            if disputed:
                hold(row, disputed, f"{len(disputed)} submissions from different sources "
                                    "claim this learner")
            elif batch.roster and not row.roster:
                hold(row, [grade], "not in the roster")
            elif not identity.key:
                hold(row, [grade], no_key)
            elif row.learner in shared:
                hold(row, [grade], "shares its identifier with another learner")
            else:
                lines.append([*identity.cells, grade.score])
        write_rows(file, lines)
    for reason, learners in reasons.items():
        _say(exporter, f"held back ({reason}) in {held_path(path)}", learners)
    if held:
        write_rows(held_path(path), [HELD_COLUMNS, *held])
    else:
        held_path(path).unlink(missing_ok=True)  # an earlier run's list would mislead


def _say(exporter: str, what: str, learners: list[str]) -> None:
    """Warn about the learners of one kind, if there are any."""
    if learners:
        logger.warning("%s: %d learner(s) %s: %s", exporter, len(learners), what,
                       ", ".join(learners))
