"""Data-variant grading: run a submission again on perturbed figures, and see if it follows.

Every expected answer is a function of the course's figures. ``coursekit grade
--variants N`` runs each notebook N more times, each time with every figure scaled by
its own factor between 2 and 5 percent up or down (small enough that a part
stays below its whole) (drawn from the seed, the variant's
number and the figure's id, so a run is reproducible), and judges each number answer
against the expected value computed on the same perturbed figures. The timeline's dates
are not changed.

An answer right on the article's figures is flagged ``hard_coded`` when, in a variant where
the data move it, either it stayed where it was (typed in, or copied from someone else's
output, rather than computed from ``ck.figure(...)``), or it is a number the notebook's code
types as that answer (see :mod:`coursekit.grading.typed`), whatever the variant's run gave.
The second rule is for a notebook that tries to tell the variant runs from the real one and
types its answers only in the real run: it is flagged by what the real run answered and the
code it answered with, not by how it told the runs apart. Only number exercises take part,
and only those whose expected value moves beyond the tolerance in a variant: verdicts and
other choices, charts, tables, and numbers that do not depend on the figures (dates, counts
of rows) are left out of the variant check. Grades come from the run on the real figures
only.

Every run of a notebook, the real one and each variant, starts with the same kind of first
cell, which gives that run's figures (see :func:`run_figures` and
:func:`coursekit.grading.provisions.course_cell`); the runs of one notebook are sent in a
random order under random job numbers. So the modules loaded, the cells run and the way
the figures arrive are the same in every run; what differs is the figures' values, which a
notebook can compare with the article's (and so the second rule above). The grader
computes the expected values under :func:`perturbed`, which gives a variant's figures in
its own process for the time of a ``with`` block (through
:func:`coursekit.model.data.replace_figures`).
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Iterator

import pandas as pd

from coursekit.grading.results import Flag
from coursekit.grading.typed import typed_numbers
from coursekit.judging.cellerrors import assigning_cell
from coursekit.judging.checking import Result
from coursekit.judging.judges import expected_answer, number_text
from coursekit.judging.status import Status
from coursekit.model import data
from coursekit.model.course import current_course, using
from coursekit.model.exercises import Exercise
from coursekit.running.snapshots import Snapshot

__all__ = ["SMALLEST_CHANGE", "hard_coded", "perturbed", "perturbed_figures", "run_figures"]

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


def run_figures(course: str, seed: int, number: int) -> dict[str, float]:
    """The figures' values, by id, that run ``number`` of a notebook of ``course`` gets: the
    course's own for 0, variant ``number``'s from 1."""
    with using(course):
        table = data.figures()
    if number:
        table = perturbed_figures(table, seed, number)
    return {str(id): float(value) for id, value in table["value"].items()}


@contextlib.contextmanager
def perturbed(seed: int, number: int) -> Iterator[None]:
    """Within the block, the active course's figures are variant ``number``'s."""
    course = current_course()
    before = data.replace_figures(perturbed_figures(data.figures(), seed, number), course)
    try:
        yield
    finally:
        data.replace_figures(before, course)


def _number(snap: Snapshot | None) -> float | None:
    """A number answer's value, or None for any other answer (or a number that is not finite)."""
    if snap is not None and snap["type"] == "number" and isinstance(snap["value"], float):
        return snap["value"]
    return None


def hard_coded(results: list[Result], answers: dict[str, Snapshot],
               variants: dict[int, dict[str, Snapshot]], cells: list[tuple[int, str]],
               seed: int) -> list[Flag]:
    """Flags for the answers right on the real figures that do not follow them in a variant:
    they stayed put, or they are numbers the code types (see this module's docstring).

    ``results`` and ``answers`` are the real run's; ``variants`` maps each variant's
    number to the answers read out of that run. Expected values come from the figures of
    the course that declares the exercises.
    """
    # the number exercises answered right, with the answer given
    candidates = {r.exercise.id: (r.exercise, answer) for r in results
                  if r.exercise.kind == "number" and r.status is Status.CORRECT
                  and (answer := _number(answers.get(r.exercise.answer))) is not None}
    typed = {id: typed_numbers(cells, exercise.answer)
             for id, (exercise, _) in candidates.items()}
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
                    found = _evidence(exercise, answer, expected[exercise.id],
                                      _number(variant.get(exercise.answer)), number,
                                      typed[exercise.id])
                    if found:
                        cell, detail = found
                        flags[exercise.id] = {
                            "cell": cell or assigning_cell(cells, exercise.answer),
                            "exercise": exercise.id, "reason": "hard_coded", "detail": detail}
    return [flags[id] for id in candidates if id in flags]


def _evidence(exercise: Exercise, answer: float, expected: float, moved: float | None,
              number: int, typed: list[tuple[float, int]]) -> tuple[int | None, str] | None:
    """Within variant ``number``'s figures: the cell (when known) and the reason to flag an
    answer whose expected value moves, when it stayed put or is a number the code types;
    None when the variant says nothing against it."""
    try:
        wanted = float(expected_answer(exercise))
    except Exception:
        return None
    tolerance = exercise.tolerance
    if abs(wanted - expected) <= tolerance:
        return None  # the data do not move this answer: nothing to learn from this variant
    if moved is not None and abs(moved - wanted) > tolerance and abs(moved - answer) <= tolerance:
        return None, (
            f"right on the article's figures, but with the figures changed (variant {number}) "
            f"it stayed at {number_text(moved)} where the data give {number_text(wanted)}: "
            "typed in or copied, or computed from an answer that was, not from ck.figure(...)")
    cell = next((c for value, c in typed if math.isclose(value, answer, rel_tol=1e-9,
                                                         abs_tol=1e-12)), None)
    if cell is None:
        return None
    return cell, (
        f"right on the article's figures, but it is the number {number_text(answer)} typed in "
        f"cell {cell}, while with the figures changed (variant {number}) the data give "
        f"{number_text(wanted)}: an answer must be computed from ck.figure(...), in every run")
