"""How long a lesson takes, estimated from its solution notebook: the one pacing model.

The README, ``docs/teaching.md`` and each lesson state the times this module computes
(``tests/test_prose.py`` compares them). The model counts what a learner does, not a class
timed with a stopwatch: the text read, each worked-example cell run and read, and each
exercise by its kind, written answers included.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import read

__all__ = ["MINUTES_PER_EXERCISE", "MINUTES_PER_WORKED_CELL", "RANGE_MINUTES", "ROUND_TO",
           "WORDS_PER_MINUTE", "Pacing", "lesson_pacing"]

#: Reading speed for the lesson's text (its markdown cells).
WORDS_PER_MINUTE = 150
#: Running and reading one worked-example cell (a code cell that is no exercise's).
MINUTES_PER_WORKED_CELL = 0.75
#: Doing one exercise, by kind.
MINUTES_PER_EXERCISE = {"number": 3, "choice": 3, "chart": 6, "table": 10, "written": 6}
#: The stated range starts at the estimate rounded down to this many minutes ...
ROUND_TO = 5
#: ... and is this many minutes wide.
RANGE_MINUTES = 10
#: Code cells an exercise adds to a notebook: the learner's answer and its check.
_CELLS_PER_EXERCISE = 2


@dataclass(frozen=True)
class Pacing:
    """A lesson's estimated minutes and the range the course states for it."""

    estimate: float
    low: int
    high: int


def lesson_pacing(solution: Path) -> Pacing:
    """The pacing of the lesson whose solution notebook is ``solution`` (named by lesson id)."""
    notebook = read(solution)
    words = sum(len(re.findall(r"\w+", cell.source)) for cell in notebook.cells
                if cell.cell_type == "markdown")
    exercises = get_lesson(solution.stem).exercises
    worked = (sum(cell.cell_type == "code" for cell in notebook.cells)
              - _CELLS_PER_EXERCISE * len(exercises))
    estimate = (words / WORDS_PER_MINUTE + worked * MINUTES_PER_WORKED_CELL
                + sum(MINUTES_PER_EXERCISE[exercise.kind] for exercise in exercises))
    low = ROUND_TO * math.floor(estimate / ROUND_TO)
    return Pacing(estimate, low, low + RANGE_MINUTES)
