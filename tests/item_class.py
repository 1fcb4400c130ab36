"""A synthetic class of lesson 02 for the report's item analysis: 24 learners in two sections,
with exercises made to be about right, too easy, too hard, or blind to how strong a learner is.

Each learner has a strength from 0 to 1 (evenly spread, shuffled between the sections). An
exercise is right when the strength passes its bar, give or take a little noise; ``q2`` is
missed by the weakest learner alone (too easy), ``q3`` is got by the strongest alone (too hard),
``q4`` is right for half the learners, as many above as below each strength's middle (ranks
0, 3, 4, 7, 8, ... by strength: it tells nobody apart), and
the weakest learners leave ``q8`` unanswered. ``q9`` (3 points) gives partial credit by strength.
Two learners hand in late under a per-day rule. Deterministic: the same class every run.
"""

from __future__ import annotations

import numpy as np

from coursekit.grading.identity import Roster
from coursekit.grading.results import ExerciseGrade, Late, SubmissionGrade
from coursekit.judging.status import Status

LESSON = "02_percentages"
SIZE = 24
#: The strength an exercise needs (q2, q3 and q4 are made apart, see the module's docstring).
BARS = {"q1": 0.4, "q5": 0.3, "q6": 0.55, "q7": 0.7, "q8": 0.45}
MISTAKES = {"q1": ("0.889 percent", "That looks like a fraction, not a percentage"),
            "q5": ("41", "Check which total the share is of"),
            "q6": ("22.2", "That is the share of another group"),
            "q7": ("5", "A gap between two percentages is in points")}
RULE = "10% off per started day late, at most 30%"


def _late(days: int) -> Late:
    return {"late": True, "source": "deadlines", "due": "2026-03-06T23:59:00+00:00",
            "submitted": None, "submitted_from": "git",
            "note": f"late by {days} day{'s' if days > 1 else ''}",
            "penalty": 0.0, "rule": RULE, "percent_off": 10.0 * days}


def _exercise(id: str, right: bool, unanswered: bool = False) -> ExerciseGrade:
    if unanswered:
        return ExerciseGrade(id, Status.UNANSWERED, 0, 1, f"'{id}' is still ...")
    value, message = MISTAKES.get(id, ("1", "Not what the data give"))
    return (ExerciseGrade(id, Status.CORRECT, 1, 1, "Correct.") if right else
            ExerciseGrade(id, Status.INCORRECT, 0, 1, f"{value}: {message}"))


def item_class() -> tuple[list[SubmissionGrade], Roster]:
    """The graded submissions of the class, and its roster (sections A and B)."""
    rng = np.random.default_rng(22)
    strengths = rng.permutation(np.linspace(0, 1, SIZE))
    ranks = strengths.argsort().argsort()
    grades, learners = [], []
    for number, (strength, rank) in enumerate(zip(strengths, ranks, strict=True), start=1):
        name = f"learner{number:02d}"
        noisy = strength + rng.normal(0, 0.08)
        exercises = [_exercise("q1", noisy > BARS["q1"]),
                     _exercise("q2", strength > 0),
                     _exercise("q3", strength == 1),
                     _exercise("q4", rank % 4 in (0, 3)),
                     *(_exercise(id, noisy > BARS[id], unanswered=id == "q8" and strength < 0.15)
                       for id in ("q5", "q6", "q7", "q8"))]
        partial = float(round(3 * strength))
        exercises.append(ExerciseGrade("q9", Status.CORRECT if partial == 3 else Status.INCORRECT,
                                       partial, 3, "Written answer: scored by criteria."))
        score = sum(e.points for e in exercises)
        late = _late(number % 3 + 1) if number in (4, 17) else None
        if late:
            late["penalty"] = round(score * late["percent_off"] / 100, 2)
        grades.append(SubmissionGrade(f"class/{name}.ipynb", LESSON, "graded", None,
                                      score - (late["penalty"] if late else 0), 11, exercises,
                                      late=late))
        learners.append({"learner": name, "section": "A" if number <= SIZE // 2 else "B"})
    return grades, Roster(learners)
