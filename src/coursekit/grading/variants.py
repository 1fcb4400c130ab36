"""Data-variant grading: run a submission again on perturbed figures, and see if it follows.

Every expected answer is a function of the course's figures. ``coursekit grade
--variants N`` runs each notebook N more times, each time with every figure scaled by
its own factor between 2 and 5 percent up or down (small enough that a part
stays below its whole) (drawn from the seed, the variant's
number and the figure's id, so a run is reproducible), and judges each number answer
against the expected value computed on the same perturbed figures. The timeline's dates
are not changed.

An answer right on the article's figures that stays where it was when the figures move
is flagged ``hard_coded``: typed in, or copied from someone else's output, rather than
computed from ``ck.figure(...)``. Only number exercises take part, and only those whose
expected value moves beyond the tolerance in that variant: verdicts and other choices,
charts, tables, and numbers that do not depend on the figures (dates, counts of rows)
are left out of the variant check. Grades come from the run on the real figures only.

The learner's process gets the perturbed figures from a first cell that calls
:func:`use`; the grader computes the expected values under :func:`perturbed`, which
does the same in its own process for the time of a ``with`` block. Both perturb the
active course's figures (through :func:`coursekit.model.data.replace_figures`).
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

import pandas as pd

from coursekit.grading.results import Flag
from coursekit.judging.cellerrors import assigning_cell
from coursekit.judging.checking import Result
from coursekit.judging.judges import expected_answer, number_text
from coursekit.judging.status import Status
from coursekit.model import data
from coursekit.model.course import current_course, using
from coursekit.model.exercises import Exercise
from coursekit.running.snapshots import Snapshot

__all__ = ["SMALLEST_CHANGE", "hard_coded", "perturbed", "perturbed_figures", "setup_cell",
           "use"]

#: Each figure is scaled by 1 +/- a factor between these two fractions.
SMALLEST_CHANGE, LARGEST_CHANGE = 0.02, 0.05


def _factor(seed: int, number: int, figure_id: str) -> float:
    rng = random.Random(f"coursekit-variant/{seed}/{number}/{figure_id}")
    return 1 + rng.choice((-1, 1)) * rng.uniform(SMALLEST_CHANGE, LARGEST_CHANGE)


def perturbed_figures(table: pd.DataFrame, seed: int, number: int) -> pd.DataFrame:
    """The figures table of variant ``number`` (from 1): every value scaled by its own factor."""
    table = table.copy()
    table["value"] = [value * _factor(seed, number, id)
                      for id, value in zip(table.index, table["value"], strict=True)]
    return table


def use(seed: int, number: int) -> None:
    """Give this process variant ``number``'s figures from now on (the learner's first cell)."""
    data.replace_figures(perturbed_figures(data.figures(), seed, number))


@contextlib.contextmanager
def perturbed(seed: int, number: int) -> Iterator[None]:
    """Within the block, the active course's figures are variant ``number``'s."""
    course = current_course()
    before = data.replace_figures(perturbed_figures(data.figures(), seed, number), course)
    try:
        yield
    finally:
        data.replace_figures(before, course)


def setup_cell(seed: int, number: int) -> str:
    """The code that puts a learner's process on variant ``number``, binding no name."""
    return f"__import__('coursekit.grading.variants', fromlist=['use']).use({seed!r}, {number!r})"


def _number(snap: Snapshot | None) -> float | None:
    """A number answer's value, or None for any other answer (or a number that is not finite)."""
    if snap is not None and snap["type"] == "number" and isinstance(snap["value"], float):
        return snap["value"]
    return None


def hard_coded(results: list[Result], answers: dict[str, Snapshot],
               variants: dict[int, dict[str, Snapshot]], cells: list[tuple[int, str]],
               seed: int) -> list[Flag]:
    """Flags for the answers right on the real figures that did not follow them in a variant.

    ``results`` and ``answers`` are the real run's; ``variants`` maps each variant's
    number to the answers read out of that run. Expected values come from the figures of
    the course that declares the exercises.
    """
    # the number exercises answered right, with the answer given
    candidates = {r.exercise.id: (r.exercise, answer) for r in results
                  if r.exercise.kind == "number" and r.status is Status.CORRECT
                  and (answer := _number(answers.get(r.exercise.answer))) is not None}
    flags: dict[str, Flag] = {}
    with using(next((e.course for e, _ in candidates.values()), "")):
        expected = {}
        for exercise, _ in candidates.values():
            with contextlib.suppress(Exception):  # judged correct, so it computes; else no evidence
                expected[exercise.id] = float(expected_answer(exercise))
        for number, variant in sorted(variants.items()):
            with perturbed(seed, number):
                for exercise, answer in candidates.values():
                    if exercise.id in flags or exercise.id not in expected:
                        continue
                    detail = _stayed(exercise, answer, expected[exercise.id],
                                     _number(variant.get(exercise.answer)), number)
                    if detail:
                        flags[exercise.id] = {"cell": assigning_cell(cells, exercise.answer),
                                              "exercise": exercise.id, "reason": "hard_coded",
                                              "detail": detail}
    return [flags[id] for id in candidates if id in flags]


def _stayed(exercise: Exercise, answer: float, expected: float, moved: float | None,
            number: int) -> str | None:
    """Why an answer is flagged when it stayed put while the expected value moved, computed
    within the variant's figures; None when the variant says nothing against it."""
    try:
        wanted = float(expected_answer(exercise))
    except Exception:
        return None
    tolerance = exercise.tolerance
    if (moved is None or abs(wanted - expected) <= tolerance or abs(moved - wanted) <= tolerance
            or abs(moved - answer) > tolerance):
        return None
    return (f"right on the article's figures, but with the figures changed (variant {number}) "
            f"it stayed at {number_text(moved)} where the data give {number_text(wanted)}: "
            "typed in or copied, or computed from an answer that was, not from ck.figure(...)")
