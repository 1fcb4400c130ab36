"""Assessment releases: what ``.solution()`` and ``.check()`` may show in graded work.

``coursekit release --assessment`` writes learner notebooks whose ``coursekit`` metadata
holds ``"assessment": {"solutions_after": "YYYY-MM-DD" or null, "feedback": level}``.
In such a notebook ``.solution()`` is locked until that date (for good without one),
and ``.check()`` says as much as the level allows: ``full`` (as in a lesson), ``form``
(only whether the answer is of the right kind and order of magnitude, not whether it is
right) or ``none`` (only that an answer is there).

A kernel does not know which notebook it runs, so the notebook is found by the path
Jupyter gives the kernel (``JPY_SESSION_NAME``), else among the notebooks of the working
folder released for the same lesson. The lock is a convenience, not a protection: the
course is open, and a learner who wants the key can read it in the course's source.
That is why the grader flags key use and checks that answers follow the data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit.base.defaults import FEEDBACK_LEVELS
from coursekit.judging.checking import Result, check_snapshot
from coursekit.judging.display import Message
from coursekit.judging.judges import wrong_type
from coursekit.judging.status import Status
from coursekit.model.exercises import Exercise
from coursekit.running.readout import snapshot

__all__ = ["FEEDBACK_LEVELS", "Assessment", "assessment_for"]

#: The snapshot types each exercise kind accepts as an answer of the right kind.
_KINDS = {"number": ("number",), "choice": ("text",), "chart": ("chart",),
          "table": ("dataframe",), "written": ("text",)}


@dataclass(frozen=True)
class Assessment:
    """The rules of an assessment release: when solutions open, and how much checks say."""

    solutions_after: dt.date | None = None
    feedback: str = "full"

    def __post_init__(self) -> None:
        if self.feedback not in FEEDBACK_LEVELS:
            raise ValueError(f"'feedback' must be one of {list(FEEDBACK_LEVELS)} "
                             f"(got {self.feedback!r})")

    def to_metadata(self) -> dict[str, Any]:
        """The notebook metadata that records these rules."""
        after = self.solutions_after.isoformat() if self.solutions_after else None
        return {"solutions_after": after, "feedback": self.feedback}

    @classmethod
    def from_metadata(cls, data: dict[str, Any]) -> Assessment:
        """The rules recorded in a notebook's metadata."""
        after = data.get("solutions_after")
        return cls(dt.date.fromisoformat(after) if after else None, data.get("feedback", "full"))

    def solution_locked(self, today: dt.date | None = None) -> bool:
        """Whether worked solutions are still locked (today in UTC by default)."""
        today = today or dt.datetime.now(dt.timezone.utc).date()
        return self.solutions_after is None or today < self.solutions_after

    def locked_solution(self, exercise: Exercise) -> Message:
        """What ``.solution()`` shows while locked."""
        when = (f"opens on {self.solutions_after.isoformat()}" if self.solutions_after
                else "is not shown in this assessment")
        return Message("hint", f"{exercise.id}: worked solution locked",
                       f"This notebook is an assessment: its worked solution {when}. "
                       "Use .hint() and your own working.")

    def withheld(self, lesson_id: str, what: str) -> Message | None:
        """What a whole-lesson view (progress, self-grading) shows instead, below full feedback."""
        if self.feedback == "full":
            return None
        return Message("hint", f"{lesson_id}: {what} is not shown in this assessment",
                       f"This notebook is an assessment with '{self.feedback}' feedback: "
                       "each .check() says what it may, and your grade comes when your "
                       "teacher grades the work.")

    def check(self, exercise: Exercise, answer: Any) -> Result:
        """Check an answer at this assessment's feedback level."""
        snap = snapshot(answer)
        if self.feedback == "full" or snap["type"] in ("ellipsis", "missing"):
            return check_snapshot(exercise, snap)
        recorded = "Your answer is recorded; it is marked when the work is graded."
        if self.feedback == "none":
            return Result(exercise, Status.NEEDS_REVIEW, recorded)
        problem = wrong_type(exercise, snap, accepts=_KINDS.get(exercise.kind, ()))
        if problem is None and exercise.kind == "choice" and snap["type"] == "text" \
                and snap["value"].strip().lower() not in exercise.choices:
            problem = f"'{exercise.answer}' must be one of {list(exercise.choices)}."
        if problem is None and exercise.kind == "number" and snap["type"] == "number":
            problem = _magnitude(exercise, snap["value"])
        if problem:
            return Result(exercise, Status.INCORRECT, problem)
        checked = "kind and order of magnitude" if exercise.kind == "number" else "kind"
        return Result(exercise, Status.NEEDS_REVIEW, f"The answer has the right {checked} (this "
                      f"assessment checks only that). {recorded}")


def _magnitude(exercise: Exercise, value: float | str) -> str | None:
    """Why a number's order of magnitude is off from the expected one's, or None."""
    if isinstance(value, str):
        return f"'{exercise.answer}' is {value}, not a number."
    if exercise.expected is None:  # a number exercise always declares one
        return None
    try:
        expected = float(exercise.expected())
    except Exception:  # the full check reports a broken declaration; the form check is silent
        return None
    if value == 0 or expected == 0:
        return None
    if math.floor(math.log10(abs(value))) != math.floor(math.log10(abs(expected))) or (
            (value > 0) != (expected > 0)):
        return (f"'{exercise.answer}' is a number, but not of the size asked for: check its "
                "unit (percent or fraction, kWh or MWh) and its sign.")
    return None


def _notebooks(lesson_id: str) -> list[Path]:
    """The notebooks that may be the one running: Jupyter's session path, else the folder's."""
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".ipynb") and Path(session).is_file():
        return [Path(session)]
    return sorted(Path.cwd().glob("*.ipynb"))


def assessment_for(lesson_id: str) -> Assessment | None:
    """The assessment rules of the running notebook of a lesson, or None in a lesson release.

    Among several notebooks of the lesson in the working folder, an assessment wins.
    """
    for path in _notebooks(lesson_id):
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]["coursekit"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if meta.get("lesson") == lesson_id and isinstance(meta.get("assessment"), dict):
            try:
                return Assessment.from_metadata(meta["assessment"])
            except (ValueError, TypeError):
                return Assessment()  # unreadable rules: lock the solutions, check in full
    return None
