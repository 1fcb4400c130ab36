"""Credit carried forward: an answer right from the learner's own wrong earlier answers.

An exercise declared with :func:`coursekit.model.carried.from_earlier` whose answer is judged
incorrect is judged again, on the same derivation applied to the learner's own earlier
answers. When it is right from those, and at least one of them is wrong, it earns the declared
share of its points and its feedback names the earlier slip ('right from your q1; q1 itself
is a fraction, not a percentage'). Its status stays ``incorrect`` (the answer is not what the
data give) and ``carried_from`` names the earlier exercises.

Whatever judges a whole lesson (the grader, ``ex.progress()``) passes its results through
:func:`carry_forward`; ``ex.qN.check()`` calls :func:`carried` with the earlier answers it
reads from the notebook. Both land on :func:`carried`, so every view gives the same credit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from coursekit.judging.checking import Result, check_snapshot
from coursekit.judging.judges import number_text
from coursekit.judging.status import Status
from coursekit.model.carried import FromEarlier
from coursekit.model.course import using
from coursekit.running.snapshots import Snapshot

__all__ = ["carried", "carry_forward"]

#: What an earlier answer must be for a later one to be judged from it.
_USABLE = (Status.CORRECT, Status.INCORRECT)


def _usable(result: Result, snap: Snapshot) -> bool:
    """Whether an earlier answer is a value a derivation can take: a finite number or a text."""
    if result.status not in _USABLE or snap["type"] not in ("number", "text"):
        return False
    return snap["type"] == "text" or not isinstance(snap["value"], str)


def _value(snap: Snapshot) -> Any:
    """The value of a number or text answer (None for any other)."""
    if snap["type"] == "number" or snap["type"] == "text":
        return snap["value"]
    return None


def _cause(result: Result) -> str:
    """What is wrong with an earlier answer, in a few words: its declared mistake's name."""
    exercise = result.exercise
    for mistake in exercise.mistakes:
        if mistake.message in result.feedback:
            return f"{exercise.id} itself is {mistake.name or _first_sentence(mistake.message)}"
    return f"{exercise.id} itself is {_first_sentence(result.feedback)}"


def _first_sentence(message: str) -> str:
    """A message as a cause: 'wrong: that is one month's pay'."""
    sentence = message.split(". ")[0].rstrip(".")
    if sentence[1:2].islower():  # 'That is', not 'RMB'
        sentence = sentence[0].lower() + sentence[1:]
    return f"wrong: {sentence}"


def _shown(result: Result, snap: Snapshot) -> str:
    """The learner's answer as the judges show it: '89.1 percentage points', ''rounded''."""
    value = _value(snap)
    if snap["type"] == "text":
        return repr(str(value).strip().lower())
    unit = f" {result.exercise.unit}" if result.exercise.unit else ""
    return f"{number_text(value) if isinstance(value, float) else value}{unit}"


def carried(result: Result, snap: Snapshot, earlier: Sequence[tuple[Result, Snapshot]]
            ) -> Result:
    """The result with credit carried forward, if the exercise follows from earlier ones and
    its answer is right from the learner's own earlier answers (``earlier``: their results
    and answers); else the result as it was."""
    exercise = result.exercise
    follows = exercise.expected
    if (not isinstance(follows, FromEarlier) or result.status is not Status.INCORRECT
            or not all(_usable(r, s) for r, s in earlier)
            or not any(r.status is Status.INCORRECT for r, _ in earlier)):
        return result
    try:
        with using(exercise.course):
            given = follows.given({r.exercise.id: _value(s) for r, s in earlier})
    except Exception:  # a learner's value the derivation cannot take: no credit to carry
        return result
    if check_snapshot(replace(exercise, expected=lambda: given), snap).status \
            is not Status.CORRECT:
        return result
    wrong = [r for r, _ in earlier if r.status is Status.INCORRECT]
    ids = " and ".join(r.exercise.id for r in wrong)
    points = max(round(follows.credit * exercise.points, 2), result.points)
    feedback = (f"{_shown(result, snap)}: right from your {ids}; "
                f"{'; '.join(_cause(r) for r in wrong)}. Fix {ids} and this answer follows "
                f"from {'them' if len(wrong) > 1 else 'it'}. Carried forward: {points:g} of "
                f"{exercise.points:g} point{'s' if exercise.points != 1 else ''}.")
    return Result(exercise, Status.INCORRECT, feedback, points,
                  tuple(r.exercise.id for r in wrong))


def carry_forward(results: Sequence[Result], answers: Mapping[str, Snapshot]) -> list[Result]:
    """A lesson's results (in order) with credit carried forward where it is due; ``answers``
    are the learner's, by variable name."""
    by_id = {result.exercise.id: result for result in results}

    def answer(result: Result) -> Snapshot:
        return answers.get(result.exercise.answer, {"type": "missing"})

    out = []
    for result in results:
        follows = result.exercise.expected
        if isinstance(follows, FromEarlier) and all(id in by_id for id in follows.ids):
            result = carried(result, answer(result),
                             [(by_id[id], answer(by_id[id])) for id in follows.ids])
        out.append(result)
    return out
