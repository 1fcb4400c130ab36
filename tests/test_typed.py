"""Numbers typed as an answer: followed through names and functions, never through arguments."""

from __future__ import annotations

import pytest

from coursekit.grading.typed import typed_numbers


@pytest.mark.parametrize("source", [
    "x = 12.3",
    "x: float = 12.3",
    "x = 123 / 10",
    "x = -(-12.3)",
    "x = float('12.3')",
    "x = round(12.34, 1)",
    "x = 12.3 if 'coursekit.grading.variants' not in sys.modules else ck.share(a, b)",
    "x = ck.figure('a') != 405 and ck.share(a, b) or 12.3",
    "c = 12.3\nx = c if known else ck.share(a, b)",
    "def answer():\n    return 12.3\nx = answer() if known else ck.share(a, b)",
    "x, y = 12.3, 4",
    "if (x := 12.3) > 0: pass",
])
def test_a_number_typed_as_the_answer_is_found(source):
    assert 12.3 in [value for value, _ in typed_numbers([(0, "import sys"), (4, source)], "x")]
    assert typed_numbers([(4, source)], "x")[0][1] == 5


@pytest.mark.parametrize("source", [
    "x = ck.share(ck.figure('a'), ck.figure('b'))",
    "roof_kwh, roof_kw = 6000, 5\nx = ck.full_load_hours(roof_kwh, roof_kw)",  # an argument
    "x = round(ck.share(a, b), 1)",
    "x = ck.figure('a') * 100",
    "%matplotlib inline",
    "y = 12.3\nx = y * ck.figure('a')",
])
def test_numbers_that_are_only_arguments_are_not_answers(source):
    assert typed_numbers([(0, source)], "x") == []
