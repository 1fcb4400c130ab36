"""Item analysis on synthetic classes whose statistics are worked out by hand.

The main class has 8 learners: 4 strong (s) and 4 weak (w), and in each group 2 who get the
exercise ``x`` right and 2 who do not, so that ``x`` is independent of strength. Exercises:
``c1``, ``c2``, ``c3`` right exactly for the strong; ``x`` as said; ``easy`` right for all;
``hard`` right for none (the weak leave it unanswered). With ``a`` (1 strong, 0 weak) and
``X`` (1 if ``x`` right), each of variance 1/4 (population) and uncorrelated:

- facility: c 4/8 = 0.5, x 0.5, easy 1, hard 0;
- c1's rest is ``2a + X + 1``: corr(a, 2a + X) = (2/4) / (1/2 * sqrt(4/4 + 1/4)) = 2/sqrt(5);
- x's rest is ``3a + 1``: cov(X, a) = 0, so the correlation is 0 exactly;
- easy and hard never vary: no correlation;
- totals ``3a + X + 1``: variance 9/4 + 1/4 = 10/4; item variances 4 * 1/4 = 1;
  alpha = 6/5 * (1 - 1 / (10/4)) = 0.72 (the ddof of the variances cancels out).
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from coursekit.grading.itemanalysis import (
    NOT_DISCRIMINATING,
    TOO_EASY,
    TOO_HARD,
    analyse,
    cronbach_alpha,
    facility_band,
    point_table,
)
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.judging.status import Status


def submission(name: str, answers: dict[str, float | None], max_points: float = 1
               ) -> SubmissionGrade:
    """A graded submission; an answer of None is unanswered, else its points."""
    exercises = [ExerciseGrade(id, Status.UNANSWERED if points is None else
                               Status.CORRECT if points == max_points else Status.INCORRECT,
                               points or 0, max_points, "")
                 for id, points in answers.items()]
    return SubmissionGrade(f"class/{name}.ipynb", "02_percentages", "graded", None,
                           sum(e.points for e in exercises), max_points * len(exercises),
                           exercises)


def learner(name: str, strong: bool, x: bool) -> SubmissionGrade:
    core = 1 if strong else 0
    return submission(name, {"c1": core, "c2": core, "c3": core, "x": int(x), "easy": 1,
                             "hard": 0 if strong else None})


CLASS = [learner(f"{group}{i}", group == "s", x)
         for group in "sw" for i, x in enumerate([True, True, False, False])]


def test_the_designed_class_gives_the_statistics_worked_out_by_hand():
    analysis = analyse([*CLASS, SubmissionGrade("class/z.ipynb", "02_percentages", "error",
                                                "not a notebook", 0, 6)])
    assert analysis.count == 8  # the submission that could not be graded is left out
    items = {item.id: item for item in analysis.items}
    assert list(items) == ["c1", "c2", "c3", "x", "easy", "hard"]
    assert [items[i].facility for i in ("c1", "x", "easy", "hard")] == [0.5, 0.5, 1.0, 0.0]
    assert items["c1"].discrimination == pytest.approx(2 / math.sqrt(5), abs=1e-12)
    assert items["x"].discrimination == pytest.approx(0, abs=1e-12)
    assert items["easy"].discrimination is None and items["hard"].discrimination is None
    assert analysis.alpha == pytest.approx(0.72, abs=1e-12)
    assert [items[i].unanswered for i in ("c1", "hard")] == [0, 0.5]
    assert {item.awaiting_review for item in items.values()} == {0}


def test_answers_awaiting_review_count_with_their_points_so_far():
    waiting = [*CLASS[:7], submission("w9", {"c1": 0, "c2": 0, "c3": 0, "x": 0, "easy": 1,
                                              "hard": None})]
    waiting[0] = replace(waiting[0], exercises=[
        ExerciseGrade("c1", Status.NEEDS_REVIEW, 0.5, 1, ""), *waiting[0].exercises[1:]])
    c1 = analyse(waiting).items[0]
    assert (c1.awaiting_review, c1.facility) == (1 / 8, 3.5 / 8)  # 3 strong right, one at 0.5


def test_flags_fire_on_the_designed_exercises_only():
    items = {item.id: item for item in analyse(CLASS).items}
    assert {id: item.flags for id, item in items.items()} == {
        "c1": (), "c2": (), "c3": (),
        "x": (NOT_DISCRIMINATING,),
        "easy": (TOO_EASY, NOT_DISCRIMINATING),
        "hard": (TOO_HARD, NOT_DISCRIMINATING),
    }
    assert items["c1"].band == "about right" and items["easy"].band == "extremely easy"


def test_an_exercise_that_favours_weaker_learners_correlates_negatively():
    """``inv`` is right exactly for the weak: its rest is 3a + X, so its correlation is
    -cov(a, 3a) / (sd(a) * sd(3a + X)) = -(3/4) / (1/2 * sqrt(10/4)) = -3/sqrt(10)."""
    inverted = [submission(g.path.split("/")[1][:2], {
        **{e.id: e.points for e in g.exercises if e.id in ("c1", "c2", "c3", "x")},
        "inv": 1 - g.exercises[0].points}) for g in CLASS]
    items = {item.id: item for item in analyse(inverted).items}
    assert items["inv"].discrimination == pytest.approx(-3 / math.sqrt(10), abs=1e-12)
    assert NOT_DISCRIMINATING in items["inv"].flags


def test_facility_is_mean_points_over_the_maximum_with_partial_credit():
    grades = [submission("a", {"q1": 2, "q2": 1}, max_points=2),
              submission("b", {"q1": 1, "q2": 0}, max_points=2)]
    points, maxima = point_table(grades)
    assert maxima.to_dict() == {"q1": 2, "q2": 2}
    assert [item.facility for item in analyse(grades).items] == [0.75, 0.25]
    # two items moving together in two submissions: alpha = 2 * (1 - (0.5 + 0.5) / 2) = 1
    assert cronbach_alpha(points) == pytest.approx(1.0)


@pytest.mark.parametrize(("facility", "band"), [
    (1.0, "extremely easy"), (0.95, "extremely easy"), (0.9499, "very easy"), (0.90, "very easy"),
    (0.8999, "easy"), (0.5, "about right"), (0.35, "about right"), (0.11, "difficult"),
    (0.1099, "very difficult"), (0.06, "very difficult"), (0.05, "extremely difficult"),
    (0.0, "extremely difficult")])
def test_moodle_s_facility_bands_at_their_edges(facility, band):
    assert facility_band(facility) == band


def test_alpha_is_not_defined_for_one_exercise_or_totals_that_never_vary():
    assert cronbach_alpha(point_table([submission("a", {"q1": 1})] * 3)[0]) is None
    assert cronbach_alpha(point_table([submission("a", {"q1": 1, "q2": 0})] * 3)[0]) is None
    assert analyse([]).items == [] and analyse([]).alpha is None
