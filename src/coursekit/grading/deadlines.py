"""Whether a submission came in late, and the penalty a teacher asked for (none by default).

Lateness is read from what the platform that took the submission recorded:

* **Canvas's marker**: a file of a Canvas bulk download with ``late`` after the learner's
  name was late by Canvas's own deadlines and extensions, one without it was on time;
  Canvas's marker is used even when a deadlines file is given;
* otherwise a **deadlines file** (``--deadlines FILE``), a CSV with the columns ``lesson``,
  ``learner`` and ``due``, against the time the platform recorded (see
  :mod:`coursekit.grading.submitted`: Gradescope's ``submission_metadata.json``, the last
  commit in a GitHub Classroom repository), or that a platform passes in. A row with an
  empty ``learner`` is the lesson's deadline; a row naming a learner (the roster's learner,
  or the raw id, name or LMS id of the submission, as in :mod:`coursekit.grading.identity`)
  is that learner's own deadline, for an extension. ``due`` is an ISO 8601 date and time
  (``2026-03-06T23:59+01:00``; without an offset it is the grading machine's local time).
  The file's modification time is used only with ``file_times`` (``--file-times``), since
  learners can set it; without a recorded time a submission's lateness is left unknown,
  and a warning says how many.

The result is a ``late`` record in the submission's JSON (only when one of these
applies): ``late`` (true or false), ``source`` (``deadlines`` or ``canvas``), ``due``
and ``submitted`` (ISO 8601, when known), ``submitted_from`` (what recorded the time:
``gradescope``, ``git``, ``file``, ``platform`` for a time passed in, or None),
``note`` (a line for people), ``penalty`` (the points taken off, 0 unless
``--late-penalty`` was given), ``rule`` (the late rule applied, in words, or None) and
``percent_off`` (the percentage of the score it took off). The rule is a
:class:`~coursekit.grading.laterule.LateRule`; a submission Canvas marked late, with no
time to count, is counted as late by one day or hour.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from coursekit.base.errors import UsageError
from coursekit.grading.csvfiles import read_rows
from coursekit.grading.identity import (
    Roster,
    Submitter,
    download_top,
    learner_id,
    submitter,
    top_of,
)
from coursekit.grading.laterule import LateRule
from coursekit.grading.results import Late, SubmissionGrade
from coursekit.grading.submitted import Submitted, file_time, platform_time

__all__ = ["Deadlines", "DeadlinesError", "apply_lateness", "late_grades", "lateness"]

logger = logging.getLogger(__name__)


class DeadlinesError(UsageError, ValueError):
    """A deadlines file cannot be read; the message names the file and the problem."""


def _when(text: str) -> datetime:
    """An ISO 8601 date and time, as an aware datetime (local time when no offset is given)."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.astimezone()


@dataclass(frozen=True)
class Deadlines:
    """Each lesson's deadline, and the learners' own deadlines (extensions)."""

    lessons: dict[str, datetime] = field(default_factory=dict)
    learners: dict[tuple[str, str], datetime] = field(default_factory=dict)

    @classmethod
    def from_csv(cls, path: Path) -> Deadlines:
        """Read a deadlines CSV (``lesson,learner,due``), or say what is wrong with it."""
        rows = read_rows(path, DeadlinesError)
        if not rows or not {"lesson", "learner", "due"} <= set(rows[0]):
            raise DeadlinesError(f"{path}: a deadlines file needs the columns lesson, learner, "
                                 f"due (found {list(rows[0]) if rows else 'no rows'})")
        lessons: dict[str, datetime] = {}
        learners: dict[tuple[str, str], datetime] = {}
        for line, row in enumerate(rows, start=2):
            try:
                due = _when(row["due"] or "")
            except ValueError:
                raise DeadlinesError(f"{path}, line {line}: 'due' must be an ISO 8601 date and "
                                     f"time such as 2026-03-06T23:59+01:00 (got {row['due']!r})"
                                     ) from None
            lesson, learner = row["lesson"].strip(), (row["learner"] or "").strip()
            if learner:
                learners[lesson, learner.casefold()] = due
            else:
                lessons[lesson] = due
        return cls(lessons, learners)

    def due(self, lesson: str, names: Collection[str]) -> datetime | None:
        """The deadline for a lesson: a learner's own if any of their names has one."""
        for name in names:
            own = self.learners.get((lesson, name.casefold()))
            if own:
                return own
        return self.lessons.get(lesson)


def _duration(delta: timedelta) -> str:
    """A lateness for people: ``2 days 3 h``, ``3 h 20 min``, ``12 min``."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days > 1 else ''} {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def lateness(grade: SubmissionGrade, found: Submitter, names: Collection[str],
             deadlines: Deadlines | None, submitted: Submitted | None) -> Late | None:
    """The ``late`` record of one submission from ``found`` (what its path says of its
    learner, read from the top of its download), or None when nothing says when it was
    due or when it came in."""
    if found.platform == "canvas":
        return {"late": found.late, "source": "canvas", "due": None, "submitted": None,
                "submitted_from": None,
                "note": "marked late by Canvas" if found.late else "on time", "penalty": 0,
                "rule": None, "percent_off": 0}
    due = deadlines.due(grade.lesson, names) if deadlines else None
    if due is not None and submitted is not None:
        late = submitted.when > due
        note = f"late by {_duration(submitted.when - due)}" if late else "on time"
        if submitted.source == "file":
            note += " (by the file's modification time, which learners can set)"
        return {"late": late, "source": "deadlines", "due": due.isoformat(),
                "submitted": submitted.when.isoformat(), "submitted_from": submitted.source,
                "note": note, "penalty": 0, "rule": None, "percent_off": 0}
    return None


def _penalised(grade: SubmissionGrade, record: Late, rule: LateRule) -> SubmissionGrade:
    """The grade with what ``rule`` takes off its score, the rule and points recorded."""
    late_by = (_when(record["submitted"]) - _when(record["due"])
               if record["submitted"] and record["due"] else None)
    percent = rule.percent_off(late_by)
    penalty = round(grade.score * percent / 100, 2)
    return dataclasses.replace(grade, score=round(grade.score - penalty, 2),
                               late={**record, "penalty": penalty, "rule": rule.describe(),
                                     "percent_off": percent})


def _time(path: str, given: dict[str, datetime], file_times: bool) -> Submitted | None:
    """A submission's time: the one given, else the platform's, else (when asked) the file's."""
    if path in given:
        return Submitted(given[path], "platform")
    return platform_time(path) or (file_time(path) if file_times else None)


def apply_lateness(grades: Sequence[SubmissionGrade], lesson_ids: Collection[str],
                   roster: Roster | None = None, deadlines: Deadlines | None = None,
                   late_penalty: float | LateRule = 0, submitted: dict[str, datetime] | None = None,
                   file_times: bool = False, roots: Collection[str] = ()
                   ) -> list[SubmissionGrade]:
    """:func:`late_grades` as a list."""
    return list(late_grades(grades, lesson_ids, roster, deadlines, late_penalty, submitted,
                            file_times, roots))


def late_grades(grades: Sequence[SubmissionGrade], lesson_ids: Collection[str],
                roster: Roster | None = None, deadlines: Deadlines | None = None,
                late_penalty: float | LateRule = 0, submitted: dict[str, datetime] | None = None,
                file_times: bool = False, roots: Collection[str] = ()
                ) -> Iterator[SubmissionGrade]:
    """The grades with their ``late`` records, and ``late_penalty`` off late ones: a
    :class:`~coursekit.grading.laterule.LateRule`, or a number for a flat percentage.

    Learners (and Canvas's late marker) are read from the top of each submission's
    download: the deepest of ``roots`` (what the teacher graded) holding it, else the
    folder holding every submission, as the exporters read them.

    A submission's time is ``submitted[path]`` when given (by a platform), else what its
    platform recorded (:func:`coursekit.grading.submitted.platform_time`), else, with
    ``file_times`` only, its file's modification time (a warning says learners can set it).
    The grades are made one at a time, as they are taken (``grades`` is read twice).
    """
    if deadlines is not None and file_times:
        logger.warning("lateness from the files' modification times: learners can set them "
                       "(touch -d), so use them only for files you collected yourself")
    rule = LateRule(late_penalty) if isinstance(late_penalty, int | float) else late_penalty
    timeless, unknown = 0, 0
    common = download_top(grade.path for grade in grades)
    for grade in grades:
        top = top_of(grade.path, roots, common)
        found = submitter(grade.path, lesson_ids, top)
        names = (learner_id(grade.path, lesson_ids, roster, top), found.raw, *found.keys)
        when = None
        if deadlines is not None and found.platform != "canvas":
            when = _time(grade.path, submitted or {}, file_times)
            unknown += when is None and deadlines.due(grade.lesson, names) is not None
        record = lateness(grade, found, names, deadlines, when)
        grade = dataclasses.replace(grade, late=record)
        if record and record["late"] and rule.percent:
            grade = _penalised(grade, record, rule)
        timeless += bool(record and record["late"] and record["source"] == "canvas")
        yield grade
    if timeless and rule.percent and rule.per != "flat":
        logger.warning("%d submission(s) marked late by Canvas, whose download records no time: "
                       "each is counted as one started %s late", timeless, rule.per)
    if unknown:
        logger.warning("%d submission(s) with a deadline but no time recorded by a platform "
                       "(Gradescope's metadata, a git history): their lateness is left unknown; "
                       "--file-times uses the files' modification times instead, which learners "
                       "can set", unknown)
