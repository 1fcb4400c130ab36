"""Item analysis of a lesson: which exercises are too easy, too hard, or tell learners apart.

Classical test theory, as Moodle's quiz statistics and Canvas's item analysis compute it,
on the graded submissions of one lesson (a submission that could not be graded is left out):

- **facility**: an exercise's mean points over its maximum (0: nobody scored, 1: everyone
  scored full marks), with the band Moodle's documentation names for it;
- **discrimination**: the point-biserial correlation of the exercise's points with the rest
  of the lesson (the total without that exercise, so that an exercise is not correlated with
  itself: Canvas's and Moodle's figure is of this kind);
- **unanswered**: the share of submissions that left the exercise unanswered (and the share
  whose answer still waits for the teacher's review: those count with the points they have);
- **Cronbach's alpha** for the lesson: ``k / (k - 1) * (1 - sum of item variances / variance
  of the totals)``, for ``k`` exercises.

An exercise is flagged by thresholds that come from published sources, so a teacher can look
them up:

- *probably too easy*: facility of 90 % or more, Moodle's "very easy" and "extremely easy"
  bands; *probably too hard*: below 11 %, its "very difficult" and "extremely difficult"
  bands (Moodle Docs, "Quiz report statistics": the facility index);
- *does not tell stronger from weaker learners*: a rest-of-lesson correlation below 0.20, or
  none at all (everyone scored the same). Ebel and Frisbie (*Essentials of Educational
  Measurement*, 1991) call a discrimination below 0.20 poor (0.20 to 0.29 marginal, 0.30 to
  0.39 good, 0.40 and more very good): such an exercise should be revised or dropped.

Moodle's documentation also reads the lesson's alpha: above 0.75 satisfactory, below 0.64
unsatisfactory (:data:`ALPHA_GOOD`, :data:`ALPHA_POOR`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from coursekit.grading.results import SubmissionGrade
from coursekit.judging.status import Status

__all__ = ["ALPHA_GOOD", "ALPHA_POOR", "DISCRIMINATION_POOR", "FACILITY_BANDS",
           "NOT_DISCRIMINATING", "TOO_EASY", "TOO_EASY_FROM", "TOO_HARD", "TOO_HARD_BELOW",
           "ItemStats", "LessonAnalysis", "analyse", "cronbach_alpha", "facility_band",
           "point_table", "rest_correlations"]

#: Moodle's facility bands, by their lowest percentage (Moodle Docs, "Quiz report statistics").
FACILITY_BANDS: tuple[tuple[float, str], ...] = (
    (95, "extremely easy"), (90, "very easy"), (81, "easy"), (66, "fairly easy"),
    (35, "about right"), (21, "moderately difficult"), (11, "difficult"),
    (6, "very difficult"), (0, "extremely difficult"))
#: An exercise is probably too easy from this facility (Moodle's "very easy" band and
#: above), and probably too hard below this one (its "very difficult" band and below).
TOO_EASY_FROM = next(lowest for lowest, name in FACILITY_BANDS if name == "very easy") / 100
TOO_HARD_BELOW = next(lowest for lowest, name in FACILITY_BANDS if name == "difficult") / 100
#: Below this rest-of-lesson correlation an exercise does not tell learners apart (Ebel and
#: Frisbie's "poor").
DISCRIMINATION_POOR = 0.20
#: Cronbach's alpha above which a lesson is satisfactory, and below which it is not (Moodle).
ALPHA_GOOD = 0.75
ALPHA_POOR = 0.64

TOO_EASY, TOO_HARD, NOT_DISCRIMINATING = (
    "probably too easy", "probably too hard", "does not tell stronger from weaker learners")


@dataclass(frozen=True)
class ItemStats:
    """What a class's submissions say about one exercise."""

    id: str
    #: Mean points over the maximum, 0 to 1.
    facility: float
    #: Moodle's name for the facility's band ("about right", "very easy", ...).
    band: str
    #: The point-biserial correlation with the rest of the lesson; None when either never varies.
    discrimination: float | None
    #: The share of submissions that left it unanswered, 0 to 1.
    unanswered: float
    #: The share whose answer waits for the teacher's review (counted with its points so far).
    awaiting_review: float
    #: Why the exercise deserves a look (:data:`TOO_EASY`, :data:`TOO_HARD`,
    #: :data:`NOT_DISCRIMINATING`), empty when none.
    flags: tuple[str, ...]


@dataclass(frozen=True)
class LessonAnalysis:
    """The item analysis of one lesson's graded submissions."""

    #: How many graded submissions it was computed from.
    count: int
    items: list[ItemStats]
    #: Cronbach's alpha; None with fewer than two exercises or two submissions, or when
    #: every total is the same.
    alpha: float | None


def point_table(grades: list[SubmissionGrade]) -> tuple[pd.DataFrame, pd.Series]:
    """The points of each graded submission (rows) on each exercise worth points (columns, in
    the first submission's order), and each exercise's maximum."""
    graded = [g for g in grades if g.status == "graded"]
    maxima: dict[str, float] = {}
    for grade in graded:
        maxima.update({e.id: e.max_points for e in grade.exercises
                       if e.max_points > 0 and e.id not in maxima})
    rows = [{e.id: e.points for e in grade.exercises} for grade in graded]
    points = pd.DataFrame(rows, columns=list(maxima), dtype=float).fillna(0.0)
    return points, pd.Series(maxima, dtype=float)


def _correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    """Pearson's correlation of two columns, or None when either never varies."""
    if len(x) < 2 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def rest_correlations(points: pd.DataFrame) -> dict[str, float | None]:
    """Each exercise's point-biserial correlation with the total of the other exercises."""
    total = points.sum(axis=1).to_numpy()
    return {item: _correlation(points[item].to_numpy(), total - points[item].to_numpy())
            for item in points.columns}


def cronbach_alpha(points: pd.DataFrame) -> float | None:
    """Cronbach's alpha of the exercises (columns) over the submissions (rows), or None when it
    is not defined (fewer than two of either, or totals that never vary)."""
    items = points.shape[1]
    total_variance = points.sum(axis=1).var(ddof=1)
    if items < 2 or len(points) < 2 or not total_variance > 0:
        return None
    return float(items / (items - 1) * (1 - points.var(ddof=1).sum() / total_variance))


def facility_band(facility: float) -> str:
    """Moodle's name for a facility (0 to 1): 'about right', 'very easy', ..."""
    percent = 100 * facility
    return next(name for lowest, name in FACILITY_BANDS if percent >= lowest)


def _flags(facility: float, discrimination: float | None) -> tuple[str, ...]:
    flags = ([TOO_EASY] if facility >= TOO_EASY_FROM else
             [TOO_HARD] if facility < TOO_HARD_BELOW else [])
    if discrimination is None or discrimination < DISCRIMINATION_POOR:
        flags.append(NOT_DISCRIMINATING)
    return tuple(flags)


def analyse(grades: list[SubmissionGrade]) -> LessonAnalysis:
    """The item analysis of one lesson's submissions (those not graded are left out)."""
    points, maxima = point_table(grades)
    graded = [g for g in grades if g.status == "graded"]
    unanswered, awaiting = (
        pd.DataFrame([{e.id: e.status == status for e in g.exercises} for g in graded],
                     columns=points.columns, dtype=float).fillna(0.0).mean()
        for status in (Status.UNANSWERED, Status.NEEDS_REVIEW))
    correlations = rest_correlations(points)
    items = []
    for item in points.columns:
        facility = float(points[item].mean() / maxima[item])
        items.append(ItemStats(item, facility, facility_band(facility), correlations[item],
                               float(unanswered[item]), float(awaiting[item]),
                               _flags(facility, correlations[item])))
    return LessonAnalysis(len(points), items, cronbach_alpha(points))
