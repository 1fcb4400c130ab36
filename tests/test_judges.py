"""One judge per kind, registered in one place; judging never raises; points per rule."""

from __future__ import annotations

import math

import pytest

from coursekit.judging import judges
from coursekit.judging.checking import check_answer, check_snapshot
from coursekit.judging.status import Status
from coursekit.model import exercises
from coursekit.model.exercises import Exercise, Mistake, lessons
from coursekit.model.rules import Rule


def number(**fields):
    base = dict(id="t", title="t", answer="x", expected=lambda: 50.0, solution="",
                hints=("h",), tolerance=0.05)
    return Exercise(**{**base, **fields})


def chart(rules, **fields):
    base = dict(id="c", title="c", answer="fig", kind="chart", solution="", hints=("h",),
                rules=rules)
    return Exercise(**{**base, **fields})


CHART_SNAPSHOT = {"type": "chart", "axes": [], "texts": []}
MET = Rule("met", lambda snap: None)
UNMET = Rule("unmet", lambda snap: "not met")


def test_every_built_in_kind_has_a_judge():
    assert set(judges.JUDGES) >= {"number", "choice", "chart", "table", "written"}
    assert set(exercises.KINDS) == set(judges.JUDGES), "a kind is declarable once it is judged"


def test_a_kind_without_a_judge_cannot_be_declared():
    with pytest.raises(ValueError, match="'kind' must be one of"):
        number(kind="even")


def test_a_new_kind_is_one_registered_judge(monkeypatch):
    monkeypatch.setattr(exercises, "KINDS", list(exercises.KINDS))
    monkeypatch.setitem(judges.JUDGES, "even", None)
    monkeypatch.setitem(judges.ASKS, "even", None)

    @judges.judge("even", asks="an even number")
    def judge_even(exercise, snap):
        even = snap["value"] % 2 == 0
        return judges.Judgement(Status.CORRECT if even else Status.INCORRECT, "checked")

    exercise = Exercise(id="e", title="e", answer="n", kind="even", expected=lambda: 0,
                        solution="", hints=("h",))
    assert check_answer(exercise, 4).status is Status.CORRECT
    assert check_answer(exercise, 3).status is Status.INCORRECT
    assert check_answer(exercise, ...).status is Status.UNANSWERED


@pytest.mark.parametrize("broken", [
    chart((MET, Rule("crashes", lambda snap: snap["nope"])),),
    number(mistakes=(Mistake(lambda e: e / 0, "never"),)),
])
def test_a_fault_in_a_rule_or_mistake_is_an_error_for_that_exercise(broken):
    snap = CHART_SNAPSHOT if broken.kind == "chart" else {"type": "number", "value": 1.0}
    result = check_snapshot(broken, snap)
    assert result.status is Status.ERROR
    assert result.points == 0
    assert "KeyError" in result.feedback or "ZeroDivisionError" in result.feedback


def test_points_per_rule_when_the_declaration_says_so():
    rules = (MET, MET, MET, UNMET)
    assert check_snapshot(chart(rules, points=2), CHART_SNAPSHOT).points == 0
    partial = check_snapshot(chart(rules, points=2, partial_credit=True), CHART_SNAPSHOT)
    assert partial.status is Status.INCORRECT and partial.points == 1.5
    assert check_snapshot(chart(rules[:3], partial_credit=True), CHART_SNAPSHOT).points == 1


def test_rules_silenced_by_an_unmet_gate_earn_no_partial_points():
    from coursekit.model.rules import after

    rules = after(UNMET, MET, MET, MET)
    result = check_snapshot(chart(rules, points=2, partial_credit=True), CHART_SNAPSHOT)
    assert result.feedback == "- not met", "one message for one slip"
    assert result.points == 0


def test_partial_credit_only_for_rule_kinds():
    with pytest.raises(ValueError, match="partial_credit"):
        number(partial_credit=True)


def test_a_mistake_may_carry_partial_points_capped_by_the_exercise():
    exercise = number(points=2, mistakes=(Mistake(lambda e: e / 100, "fraction", points=5),))
    result = check_answer(exercise, 0.5)
    assert result.status is Status.INCORRECT and result.points == 2
    assert check_answer(number(mistakes=(Mistake(lambda e: e / 100, "f"),)), 0.5).points == 0


def _number_mistakes():
    for lesson in lessons().values():
        for exercise in lesson.exercises:
            if exercise.kind != "number":
                continue
            expected = exercise.expected()
            for position, mistake in enumerate(exercise.mistakes):
                wrong = mistake.wrong_answer(expected)
                if math.isfinite(wrong) and wrong != 0:
                    yield pytest.param(exercise, position, wrong,
                                       id=f"{lesson.id}-{exercise.id}-m{position}")


def _as_a_learner_writes(wrong: float, expected: float, tolerance: float) -> float:
    """A value smaller than the answer to three significant figures; a larger one to the
    exercise's precision (the tolerance, scaled up with the value, covers that)."""
    if not tolerance:
        return wrong
    if abs(wrong) < abs(expected):
        return float(f"{wrong:.3g}")
    return round(wrong, -math.floor(math.log10(2 * tolerance)))


@pytest.mark.parametrize(("exercise", "position", "wrong"), list(_number_mistakes()))
def test_a_diagnosis_is_given_only_to_that_mistake(exercise, position, wrong):
    """Half or twice a mistake's value never gets its message; the value rounded still does."""
    message = exercise.mistakes[position].message
    expected = exercise.expected()
    for far in (wrong / 2, wrong * 2):
        if abs(far - expected) > exercise.tolerance:
            result = check_answer(exercise, far)
            assert message not in result.feedback, f"{far} got {message!r}"
    rounded = _as_a_learner_writes(wrong, expected, exercise.tolerance)
    earlier = exercise.mistakes[:position]
    shadowed = abs(rounded - expected) <= exercise.tolerance or any(
        judges.matches_mistake(rounded, m.wrong_answer(expected), expected, exercise.tolerance)
        for m in earlier)
    if not shadowed:
        assert message in check_answer(exercise, rounded).feedback


def test_wrong_types_are_described_in_plain_words():
    assert "'fig' is None, but a chart" in check_snapshot(
        chart((MET,)), {"type": "none"}).feedback
    choice = Exercise(id="v", title="v", answer="verdict", kind="choice", expected=lambda: "a",
                      choices=("a", "b"), solution="", hints=("h",))
    feedback = check_answer(choice, 3).feedback
    assert "'verdict' is the number 3, but one of ['a', 'b'] is asked" in feedback
    assert "3.0" not in feedback
    assert ".iloc" not in check_answer(chart((MET,)), [1]).feedback
