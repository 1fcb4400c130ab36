"""What a regrade changed: per learner and exercise, between two results files.

For fixing a check mid-term and telling the class: ``coursekit diff OLD.json NEW.json``
says which lessons were graded with other checks (see
:func:`coursekit.grading.versions.checks_hash`), then lists each learner's exercises whose
status, points or feedback changed, their totals, and submissions found in only one of the
files. Learners are matched by the rule of
:mod:`coursekit.grading.identity` and the lesson.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coursekit.grading.identity import download_top, learner_id
from coursekit.grading.results import ExerciseGrade, SubmissionGrade

__all__ = ["Change", "changes", "checks_changes"]


@dataclass(frozen=True)
class Change:
    """One difference for one learner: in an exercise, the total, or the whole submission."""

    learner: str
    lesson: str
    what: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.learner}  {self.lesson}  {self.what}: {self.before} -> {self.after}"


def _by_learner(grades: Sequence[SubmissionGrade], lesson_ids: frozenset[str]
                ) -> dict[tuple[str, str], SubmissionGrade]:
    top = download_top(g.path for g in grades)  # the download's top, as the exporters read it
    return {(learner_id(g.path, lesson_ids | {g.lesson}, top=top), g.lesson): g for g in grades}


def _shown(exercise: ExerciseGrade | None) -> str:
    if exercise is None:
        return "absent"
    return f"{exercise.status} {exercise.points:g}/{exercise.max_points:g}"


def _exercise_changes(key: tuple[str, str], old: SubmissionGrade, new: SubmissionGrade
                      ) -> list[Change]:
    before = {e.id: e for e in old.exercises}
    after = {e.id: e for e in new.exercises}
    found = []
    for id in [*before, *(i for i in after if i not in before)]:
        was, now = before.get(id), after.get(id)
        if _shown(was) != _shown(now):
            found.append(Change(*key, id, _shown(was), _shown(now)))
        elif was and now and was.feedback != now.feedback:
            found.append(Change(*key, f"{id} feedback", was.feedback.splitlines()[0],
                                now.feedback.splitlines()[0]))
    if (old.score, old.max_score) != (new.score, new.max_score):
        found.append(Change(*key, "total", f"{old.score:g}/{old.max_score:g}",
                            f"{new.score:g}/{new.max_score:g}"))
    return found


def changes(old: Sequence[SubmissionGrade], new: Sequence[SubmissionGrade],
            lesson_ids: frozenset[str] = frozenset()) -> list[Change]:
    """Every change from ``old`` to ``new``, learner by learner, in the order of ``new``."""
    before, after = _by_learner(old, lesson_ids), _by_learner(new, lesson_ids)
    found: list[Change] = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key), after.get(key)
        if was is None or now is None:
            found.append(Change(*key, "submission", "graded" if was else "absent",
                                "graded" if now else "absent"))
        elif was.status != now.status:
            found.append(Change(*key, "status", was.status, now.status))
        else:
            found += _exercise_changes(key, was, now)
    return found


def checks_changes(old: Sequence[SubmissionGrade], new: Sequence[SubmissionGrade]) -> list[str]:
    """A line per lesson whose checks' hash differs between the two results files."""
    def hashes(grades: Sequence[SubmissionGrade]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for grade in grades:
            if "checks" in grade.versions:
                found.setdefault(grade.lesson, set()).add(grade.versions["checks"])
        return found

    before, after = hashes(old), hashes(new)
    return [f"{lesson}: graded with other checks ({', '.join(sorted(before[lesson]))} -> "
            f"{', '.join(sorted(after[lesson]))}); what that did to each learner follows"
            for lesson in sorted(before.keys() & after.keys()) if before[lesson] != after[lesson]]
