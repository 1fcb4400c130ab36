"""Judge an answer against an exercise: its status, the points earned and the feedback.

The judge for the exercise's kind (see :mod:`coursekit.judging.judges`) decides; this module
handles what every kind shares: an answer left as ``...`` or never assigned, and a
judge, rule or mistake that raises, which becomes status ``error`` for that exercise
only, with the exception named. An exercise is judged on the figures of the course that
declares it, whichever course is active.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coursekit.judging.display import Message
from coursekit.judging.judges import JUDGES, JudgeError
from coursekit.judging.status import Status
from coursekit.judging.written import judge_written as _registers_written  # noqa: F401
from coursekit.model.course import using
from coursekit.model.exercises import Exercise
from coursekit.running.readout import snapshot
from coursekit.running.snapshots import Snapshot

__all__ = ["Result", "check_answer", "check_snapshot"]


@dataclass(frozen=True, repr=False)
class Result:
    """The outcome of checking one exercise, with the points earned and the feedback."""

    exercise: Exercise
    status: Status
    feedback: str
    points: float = 0
    #: The earlier exercises whose wrong answers this one was judged from, when it earned
    #: credit carried forward (see :mod:`coursekit.judging.carried`); else empty.
    carried_from: tuple[str, ...] = ()

    @property
    def message(self) -> Message:
        """The feedback as a displayable message."""
        return Message(self.status.value, f"{self.exercise.id}: {self.status.heading}",
                       self.feedback)

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return str(self.message)

    def _repr_html_(self) -> str:
        return self.message._repr_html_()


def _unanswered(exercise: Exercise, snap: Snapshot) -> str | None:
    if snap["type"] == "ellipsis":
        return (f"Replace the ... in '{exercise.answer} = ...' with your answer, then run the "
                "cell and this check again.")
    if snap["type"] == "missing":
        return (f"There is no variable '{exercise.answer}' yet: run the answer cell (and the "
                "cells above it) without errors.")
    return None


def check_snapshot(exercise: Exercise, snap: Snapshot) -> Result:
    """Judge an answer already turned into JSON data (see ``coursekit.running.readout``)."""
    waiting = _unanswered(exercise, snap)
    if waiting:
        return Result(exercise, Status.UNANSWERED, waiting)
    try:
        with using(exercise.course):
            judgement = JUDGES[exercise.kind](exercise, snap)
    except JudgeError as error:
        return Result(exercise, Status.ERROR, str(error))
    except Exception as error:  # a broken declaration must not stop a notebook or a batch
        return Result(exercise, Status.ERROR, "this exercise could not be checked: "
                      f"{type(error).__name__}: {error} (a fault in the course, not in your "
                      "answer; tell your teacher)")
    if judgement.status is Status.CORRECT:
        points = exercise.points
    else:
        points = min(max(judgement.points or 0, 0), exercise.points)
    return Result(exercise, judgement.status, judgement.feedback, points)


def check_answer(exercise: Exercise, answer: Any) -> Result:
    """Judge a live Python value, exactly as the grader would judge it."""
    return check_snapshot(exercise, snapshot(answer))
