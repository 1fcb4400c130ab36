"""One judge per exercise kind: each turns an answer's snapshot into a status, points, feedback.

A judge is a function ``judge(exercise, snap) -> Judgement``, registered for its kind
with :func:`judge`. Adding a kind of exercise means adding one judge here (or in a
course's own module); :func:`coursekit.judging.checking.check_snapshot` finds it by the
exercise's ``kind`` and never changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coursekit.base.errors import CoursekitError
from coursekit.judging.status import Status
from coursekit.model.exercises import register_kind
from coursekit.running.snapshots import Snapshot

if TYPE_CHECKING:
    from coursekit.model.exercises import Exercise

__all__ = ["ASKS", "JUDGES", "JudgeError", "Judgement", "judge", "matches_mistake",
           "number_text", "wrong_type"]

_CLOSE = 10  # an answer within this many tolerances is "close": probably rounded too early
#: A mistake is never matched further than this fraction of its own value away, so an answer
#: half or twice a mistake's value is never given that mistake's message.
_MISTAKE_REACH = 0.25


class JudgeError(CoursekitError, RuntimeError):
    """An exercise's declaration failed while judging (its expected answer, a rule, a mistake)."""


def expected_answer(exercise: Exercise) -> Any:
    """The exercise's expected answer, or a :class:`JudgeError` that says why there is none."""
    if exercise.expected is None:  # a number or choice exercise always declares one
        raise JudgeError("the expected answer could not be computed: the exercise declares "
                         "no 'expected'")
    try:
        return exercise.expected()
    except Exception as error:
        raise JudgeError(f"the expected answer could not be computed: {error}") from error


@dataclass(frozen=True)
class Judgement:
    """A judge's decision: the status, the feedback, and the points (None: all or nothing)."""

    status: Status
    feedback: str
    points: float | None = None


Judge = Callable[["Exercise", Snapshot], Judgement]
#: The judges by exercise kind.
JUDGES: dict[str, Judge] = {}
#: What each kind of exercise asks for, in words, for feedback on answers of the wrong type.
ASKS: dict[str, str] = {}


def judge(kind: str, asks: str) -> Callable[[Judge], Judge]:
    """Register a function as the judge of one exercise kind; ``asks`` says what it wants."""
    def register(function: Judge) -> Judge:
        register_kind(kind)
        JUDGES[kind] = function
        ASKS[kind] = asks
        return function
    return register


def number_text(value: float) -> str:
    """Six significant digits; thousands separators only from 10,000 on, so years read as years."""
    return f"{value:,.6g}" if abs(value) >= 10_000 else f"{value:.6g}"


def matches_mistake(answer: float, wrong: float, expected: float, tolerance: float) -> bool:
    """Whether an answer is a mistake's wrong value, within a reach that scales with that value.

    The exercise's tolerance is scaled by wrong / expected: a mistake 1000 times the answer
    gets 1000 times the tolerance, one 100 times smaller a 100 times smaller one. For such a
    smaller value, the value rounded to three significant figures (as a learner writes it)
    still matches. The reach never exceeds a quarter of the wrong value itself, so half or
    twice a mistake's value never gets its message.
    """
    if not math.isfinite(wrong):
        return False
    size = abs(wrong)
    reach = tolerance * size / abs(expected) if expected else tolerance
    if tolerance and 0 < size < abs(expected):
        reach = max(reach, 0.5 * 10 ** (math.floor(math.log10(size)) - 2))
    reach = min(reach, _MISTAKE_REACH * size)
    return abs(answer - wrong) <= reach + 1e-9 * size


def _described(snap: Snapshot) -> str:
    """What an answer is, in words: 'the number 3', 'the text '12%'', 'a pandas DataFrame'."""
    if snap["type"] == "number":
        value = snap["value"]
        return f"the number {number_text(value) if isinstance(value, float) else value}"
    if snap["type"] == "text":
        return f"the text {snap['value']!r}"
    if snap["type"] == "bool":
        return f"{snap['value']!r}"
    if snap["type"] == "other":
        return f"a {snap['class']}"
    return {"chart": "a chart", "dataframe": "a pandas DataFrame", "series": "a pandas Series",
            "array": "a numpy array"}.get(snap["type"], f"a {snap['type']}")


def wrong_type(exercise: Exercise, snap: Snapshot, accepts: tuple[str, ...]) -> str | None:
    """Explain an answer whose type the exercise's kind cannot judge, or None if it fits."""
    return None if snap["type"] in accepts else _mismatch(exercise, snap)


def _mismatch(exercise: Exercise, snap: Snapshot) -> str:
    """Explain why an answer of this type is not what the exercise's kind judges."""
    name = exercise.answer
    asked = ASKS[exercise.kind]
    if exercise.kind == "choice":
        asked = f"one of {list(exercise.choices)}"
    if snap["type"] == "none":
        return (f"'{name}' is None, but {asked} is asked. Did you print the answer "
                "instead of assigning it, or call a function that returns nothing?")
    single = exercise.kind in ("number", "choice")
    if (snap["type"] == "series" or snap["type"] == "dataframe") and single:
        return (f"'{name}' is a pandas {snap['type']} with {snap['shape'][0]} rows, but {asked} is "
                "asked. Pick the single value out of it, e.g. with .iloc[0] or .item().")
    if snap["type"] == "array" and single:
        return (f"'{name}' is a numpy array of shape {tuple(snap['shape'])}, but {asked} is "
                "asked. Pick the single value out of it.")
    if snap["type"] == "text" and exercise.kind == "number":
        return (f"'{name}' is the text {snap['value']!r}, but a number is asked. Write "
                "the number itself, without quotes or a % sign: 12.5, not '12.5%'.")
    return f"'{name}' is {_described(snap)}, but {asked} is asked."


@judge("number", asks="a number")
def judge_number(exercise: Exercise, snap: Snapshot) -> Judgement:
    """Within the tolerance of the expected value; else the diagnosed mistake, if any."""
    if snap["type"] != "number":
        return Judgement(Status.INCORRECT, _mismatch(exercise, snap))
    answer, expected = snap["value"], expected_answer(exercise)
    if isinstance(answer, str):  # a non-finite number travels as its repr
        return Judgement(Status.INCORRECT, f"'{exercise.answer}' is {answer}, not a number: a "
                         "step produced an undefined value. Check for 0/0 or missing data.")
    unit = f" {exercise.unit}" if exercise.unit else ""
    shown = f"{number_text(answer)}{unit}"
    if abs(answer - expected) <= exercise.tolerance:
        return Judgement(Status.CORRECT, f"{shown} matches the expected "
                         f"{number_text(expected)}{unit} (tolerance \u00b1{exercise.tolerance:g}).")
    for mistake in exercise.mistakes:
        if matches_mistake(answer, mistake.wrong_answer(expected), expected, exercise.tolerance):
            return Judgement(Status.INCORRECT, f"{shown}: {mistake.message}", mistake.points)
    if expected != 0 and matches_mistake(answer, -expected, expected, exercise.tolerance):
        return Judgement(Status.INCORRECT, f"{shown} has the wrong sign: check which value you "
                         "subtract from which.")
    if exercise.tolerance and abs(answer - expected) <= _CLOSE * exercise.tolerance:
        return Judgement(Status.INCORRECT, f"{shown} is close but outside the tolerance of "
                         f"\u00b1{exercise.tolerance:g}. Did you round too early? Round only the "
                         "final result.")
    return Judgement(Status.INCORRECT, f"{shown} is not what the data give. Call .hint() for a "
                     "nudge.")


@judge("choice", asks="one of the choices")
def judge_choice(exercise: Exercise, snap: Snapshot) -> Judgement:
    """The expected word (case and surrounding spaces ignored); else the diagnosed mistake."""
    if snap["type"] != "text":
        return Judgement(Status.INCORRECT, _mismatch(exercise, snap))
    answer, expected = snap["value"], expected_answer(exercise)
    word = answer.strip().lower()
    if word not in exercise.choices:
        return Judgement(Status.INCORRECT, f"'{exercise.answer}' must be one of "
                         f"{list(exercise.choices)} (got {answer!r}).")
    if word == expected:
        return Judgement(Status.CORRECT, f"{word!r} is right.")
    for mistake in exercise.mistakes:
        if mistake.wrong_answer(expected) == word:
            return Judgement(Status.INCORRECT, f"{word!r}: {mistake.message}", mistake.points)
    return Judgement(Status.INCORRECT, f"{word!r} is not the best verdict here. Call .hint() for "
                     "a nudge.")


def _judge_by_rules(wanted: str) -> Judge:
    """A judge for answers checked by the exercise's rules (charts and tables).

    With ``partial_credit`` on the exercise, each rule met earns its share of the points.
    """
    def judge_rules(exercise: Exercise, snap: Snapshot) -> Judgement:
        problem = wrong_type(exercise, snap, accepts=(wanted,))
        if problem:
            return Judgement(Status.INCORRECT, problem)
        problems = [problem for rule in exercise.rules if (problem := rule.check(snap))]
        if not problems:
            met = "; ".join(rule.description for rule in exercise.rules)
            return Judgement(Status.CORRECT, f"It meets every requirement: {met}.")
        points = None
        if exercise.partial_credit:  # a rule silenced by an unmet gate is not met either
            met_share = sum(rule.met(snap) for rule in exercise.rules) / len(exercise.rules)
            points = round(exercise.points * met_share, 2)
        return Judgement(Status.INCORRECT, "\n".join(f"- {p}" for p in problems), points)
    return judge_rules


judge("chart", asks="a chart (the matplotlib Axes or Figure it is drawn on)")(
    _judge_by_rules("chart"))
judge("table", asks="a table (a pandas DataFrame)")(_judge_by_rules("dataframe"))
