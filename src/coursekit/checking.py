"""Judge an answer against an exercise: correct, incorrect (with a diagnosis) or unanswered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._snapshot import snapshot
from .display import Message
from .exercises import Exercise

__all__ = ["STATUSES", "Result", "check_answer", "check_snapshot"]

#: The outcomes of a check. ``error`` means the answer could not be judged at all.
STATUSES = ("correct", "incorrect", "unanswered", "error")
_CLOSE = 10  # an answer within this many tolerances is "close": probably rounded too early


@dataclass(frozen=True, repr=False)
class Result:
    """The outcome of checking one exercise, with the points earned and the feedback."""

    exercise: Exercise
    status: str
    feedback: str

    @property
    def points(self) -> float:
        """The exercise's points when correct, else 0."""
        return self.exercise.points if self.status == "correct" else 0

    @property
    def message(self) -> Message:
        """The feedback as a displayable message."""
        headings = {"correct": "Correct", "incorrect": "Not yet", "unanswered": "Not answered yet",
                    "error": "Could not check"}
        return Message(self.status, f"{self.exercise.id}: {headings[self.status]}", self.feedback)

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return str(self.message)

    def _repr_html_(self) -> str:
        return self.message._repr_html_()


def _fmt(value: float) -> str:
    """Six significant digits; thousands separators only from 10,000 on, so years read as years."""
    return f"{value:,.6g}" if abs(value) >= 10_000 else f"{value:.6g}"


def _matches(answer: float, wrong: float, expected: float, tolerance: float) -> bool:
    """Whether an answer is a mistake's wrong value, with the tolerance scaled like the value.

    A mistake that multiplies the answer by 1000 gets 1000 times the tolerance, so a
    rounded wrong answer is still recognised; one that shrinks it keeps the full tolerance.
    """
    scale = abs(wrong / expected) if expected else 1.0
    return abs(answer - wrong) <= tolerance * max(1.0, scale) + 1e-9 * abs(wrong)


def _wrong_type(exercise: Exercise, snap: dict[str, Any]) -> str | None:
    """Explain an answer of the wrong kind (text, a table, None), or None if the kind fits."""
    asked = {"number": "a number", "choice": f"one of {list(exercise.choices)}",
             "chart": "a chart (the matplotlib Axes or Figure it is drawn on)",
             "table": "a table (a pandas DataFrame)"}[exercise.kind]
    kind = snap["type"]
    if exercise.kind in ("chart", "table"):
        wanted = "dataframe" if exercise.kind == "table" else "chart"
        shown = snap.get("class", kind)
        return None if kind == wanted else (
            f"'{exercise.answer}' is a {shown}, but {asked} is asked.")
    if kind == "none":
        return (f"'{exercise.answer}' is None, but {asked} is asked. Did you print the answer "
                "instead of assigning it, or call a function that returns nothing?")
    if kind in ("series", "dataframe"):
        rows = snap["shape"][0]
        return (f"'{exercise.answer}' is a pandas {kind} with {rows} rows, but {asked} is asked. "
                "Pick the single value out of it, e.g. with .iloc[0] or .item().")
    if kind == "text" and exercise.kind == "number":
        return (f"'{exercise.answer}' is the text {snap['value']!r}, but a number is asked. Write "
                "the number itself, without quotes or a % sign: 12.5, not '12.5%'.")
    if kind == "array":
        return (f"'{exercise.answer}' is a numpy array of shape {tuple(snap['shape'])}, but "
                f"{asked} is asked. Pick the single value out of it.")
    if kind == "other":
        return f"'{exercise.answer}' is a {snap['class']}, but {asked} is asked."
    if kind == "bool" or (kind == "number" and exercise.kind == "choice"):
        return f"'{exercise.answer}' is {snap['value']!r}, but {asked} is asked."
    return None


def _check_number(exercise: Exercise, answer: Any, expected: float) -> tuple[str, str]:
    if isinstance(answer, str):  # a non-finite number travels as its repr
        return "incorrect", (f"'{exercise.answer}' is {answer}, not a number: a step produced "
                             "an undefined value. Check for 0/0 or missing data.")
    unit = f" {exercise.unit}" if exercise.unit else ""
    if abs(answer - expected) <= exercise.tolerance:
        return "correct", (f"{_fmt(answer)}{unit} matches the expected {_fmt(expected)}{unit} "
                           f"(tolerance \u00b1{exercise.tolerance:g}).")
    for mistake in exercise.mistakes:
        if _matches(answer, mistake.wrong_answer(expected), expected, exercise.tolerance):
            return "incorrect", f"{_fmt(answer)}{unit}: {mistake.message}"
    if expected != 0 and _matches(answer, -expected, expected, exercise.tolerance):
        return "incorrect", (f"{_fmt(answer)}{unit} has the wrong sign: check which value you "
                             "subtract from which.")
    if exercise.tolerance and abs(answer - expected) <= _CLOSE * exercise.tolerance:
        return "incorrect", (f"{_fmt(answer)}{unit} is close but outside the tolerance of "
                             f"\u00b1{exercise.tolerance:g}. Did you round too early? Round only "
                             "the final result.")
    return "incorrect", (f"{_fmt(answer)}{unit} is not what the data give. Call .hint() for a "
                         "nudge.")


def _check_choice(exercise: Exercise, answer: str, expected: str) -> tuple[str, str]:
    word = answer.strip().lower()
    if word not in exercise.choices:
        return "incorrect", (f"'{exercise.answer}' must be one of {list(exercise.choices)} "
                             f"(got {answer!r}).")
    if word == expected:
        return "correct", f"{word!r} is right."
    for mistake in exercise.mistakes:
        if mistake.wrong_answer(expected) == word:
            return "incorrect", f"{word!r}: {mistake.message}"
    return "incorrect", f"{word!r} is not the best verdict here. Call .hint() for a nudge."


def _check_rules(exercise: Exercise, snap: dict[str, Any]) -> tuple[str, str]:
    problems = [problem for rule in exercise.rules if (problem := rule.check(snap))]
    if not problems:
        met = "; ".join(rule.description for rule in exercise.rules)
        return "correct", f"It meets every requirement: {met}."
    return "incorrect", "\n".join(f"- {problem}" for problem in problems)


def check_snapshot(exercise: Exercise, snap: dict[str, Any]) -> Result:
    """Judge an answer already turned into JSON data (see ``coursekit._snapshot``)."""
    if snap["type"] == "ellipsis":
        return Result(exercise, "unanswered",
                      f"Replace the ... in '{exercise.answer} = ...' with your answer, then run "
                      "the cell and this check again.")
    if snap["type"] == "missing":
        return Result(exercise, "unanswered",
                      f"There is no variable '{exercise.answer}' yet: run the answer cell (and the "
                      "cells above it) without errors.")
    problem = _wrong_type(exercise, snap)
    if problem:
        return Result(exercise, "incorrect", problem)
    if exercise.rules:
        return Result(exercise, *_check_rules(exercise, snap))
    try:
        expected = exercise.expected()
    except Exception as error:  # a broken declaration must not crash a learner's notebook
        return Result(exercise, "error", f"the expected answer could not be computed: {error}")
    judge = _check_number if exercise.kind == "number" else _check_choice
    status, feedback = judge(exercise, snap["value"], expected)
    return Result(exercise, status, feedback)


def check_answer(exercise: Exercise, answer: Any) -> Result:
    """Judge a live Python value, exactly as the grader would judge it."""
    return check_snapshot(exercise, snapshot(answer))
