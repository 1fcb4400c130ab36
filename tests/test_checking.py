"""Checking answers: the three outcomes, the diagnoses, and answers of the wrong type."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coursekit.judging.checking import check_answer
from coursekit.model import mistakes
from coursekit.model.exercises import Exercise, Mistake

PERCENT = Exercise(
    id="t1", title="a share", answer="share", expected=lambda: 100 * 360 / 405,
    solution="100 * 360 / 405", hints=("part / whole",), tolerance=0.05, unit="percent",
    mistakes=(mistakes.fraction_for_percent(), mistakes.complement(),
              mistakes.scaled(1000, "Check kWh vs MWh.")),
)
CHOICE = Exercise(
    id="t2", title="a verdict", answer="verdict", kind="choice", expected=lambda: "rounded",
    choices=("consistent", "rounded", "inconsistent"), solution="rounded", hints=("round",),
    mistakes=(Mistake("inconsistent", "It agrees after rounding."),),
)


def status(exercise, answer):
    return check_answer(exercise, answer).status


@pytest.mark.parametrize("answer", [88.89, 88.9, 88.85, np.float64(88.9), np.int64(89) - 0.1,
                                    pd.Series([88.9]).iloc[0]])
def test_correct_within_tolerance_in_any_numeric_type(answer):
    result = check_answer(PERCENT, answer)
    assert result.status == "correct"
    assert result.points == 1
    assert "tolerance \u00b10.05" in result.feedback


def test_outside_tolerance_is_incorrect():
    assert status(PERCENT, 88.83) == "incorrect"
    assert status(PERCENT, 50) == "incorrect"


@pytest.mark.parametrize(("answer", "diagnosis"), [
    (0.889, "looks like a fraction"),
    (11.1, "complement"),
    (88_888.9, "kWh vs MWh"),
    (89, "round too early"),
    (-88.9, "wrong sign"),
])
def test_known_mistakes_are_diagnosed(answer, diagnosis):
    result = check_answer(PERCENT, answer)
    assert result.status == "incorrect"
    assert result.points == 0
    assert diagnosis in result.feedback


def test_scaled_mistakes_tolerate_rounding_and_nearby_years_stay_apart():
    assert "kWh vs MWh" in check_answer(PERCENT, 88_900).feedback
    year = Exercise(id="t4", title="a year", answer="year", expected=lambda: 2023,
                    solution="", hints=("h",),
                    mistakes=(Mistake(lambda e: e - 1, "counted from joining"),))
    assert "counted from joining" in check_answer(year, 2022).feedback
    assert "counted from joining" not in check_answer(year, 2024).feedback
    assert "2024 is not" in check_answer(year, 2024).feedback


def test_unrelated_wrong_answer_gets_a_pointer_to_hints():
    assert ".hint()" in check_answer(PERCENT, 42).feedback


def test_placeholder_is_unanswered():
    result = check_answer(PERCENT, ...)
    assert result.status == "unanswered"
    assert "Replace the ... in 'share = ...'" in result.feedback


@pytest.mark.parametrize(("answer", "explanation"), [
    ("88.9%", "without quotes or a % sign"),
    (None, "is None"),
    (float("nan"), "not a number"),
    (pd.Series([88.9, 1.0]), "pandas series with 2 rows"),
    (pd.DataFrame({"a": [1]}), "pandas dataframe with 1 rows"),
    (True, "a number is asked"),
    ([88.9], "a list, but a number is asked"),
])
def test_wrong_types_are_explained_not_raised(answer, explanation):
    result = check_answer(PERCENT, answer)
    assert result.status == "incorrect"
    assert explanation in result.feedback


def test_choice_answers():
    assert status(CHOICE, "rounded") == "correct"
    assert status(CHOICE, "  Rounded ") == "correct"
    assert "agrees after rounding" in check_answer(CHOICE, "inconsistent").feedback
    assert "must be one of" in check_answer(CHOICE, "approximately").feedback
    assert status(CHOICE, "consistent") == "incorrect"
    assert "one of" in check_answer(CHOICE, 3).feedback
    assert status(CHOICE, ...) == "unanswered"


def test_broken_declaration_is_an_error_not_a_crash():
    broken = Exercise(id="t3", title="broken", answer="x", expected=lambda: 1 / 0,
                      solution="", hints=("h",))
    result = check_answer(broken, 1.0)
    assert result.status == "error"
    assert "could not be computed" in result.feedback


def test_result_displays_as_text_and_html():
    result = check_answer(PERCENT, 0.889)
    assert str(result).startswith("\u2718 t1: Not yet")
    assert repr(result) == str(result)
    assert "\u2718" in result._repr_html_()
    assert "\u2714" in check_answer(PERCENT, 88.9)._repr_html_()


@pytest.mark.parametrize("bad", [
    dict(kind="text"), dict(answer="not a name"), dict(hints=()), dict(points=0),
    dict(kind="choice"),
])
def test_invalid_declarations_are_rejected(bad):
    fields = dict(id="x", title="x", answer="x", expected=lambda: 1, solution="", hints=("h",))
    with pytest.raises(ValueError):
        Exercise(**{**fields, **bad})
