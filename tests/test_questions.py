"""The learner's objects: check, progressive hints and the worked solution, never raising."""

from __future__ import annotations

import pytest

import coursekit as ck


@pytest.fixture
def ex():
    return ck.questions("02_percentages")


def test_check_uses_the_lesson_exercise(ex):
    assert ex.q1.check(ck.share_percent(360, 405)).status == "correct"
    assert ex.q1.check(...).status == "unanswered"
    assert ex.q1.check("a lot").status == "incorrect"


def test_hints_progress_and_stop_at_the_last(ex):
    count = len(ex.q1.exercise.hints)
    titles = [ex.q1.hint().title for _ in range(count + 1)]
    assert titles[0] == f"q1: hint 1 of {count}"
    assert titles[-1] == titles[-2] == f"q1: hint {count} of {count}"
    assert "again for more" in str(ex.q1.hint(1))
    assert ex.q1.hint(99).tone == "error"


def test_solution_and_repr(ex):
    assert "share_percent" in str(ex.q1.solution())
    assert "assign 'company_share'" in repr(ex.q1)
    assert f"Percentages and shares ({ex.lesson.max_score:g} points)" in repr(ex)
    assert "q1" in dir(ex)


def test_unknown_exercise_lists_the_known_ones(ex):
    with pytest.raises(AttributeError, match=r"has no exercise 'q99' .*q1, q2"):
        _ = ex.q99


def test_importing_coursekit_changes_no_global_settings():
    import subprocess
    import sys

    code = ("import matplotlib, numpy\n"
            "settings = lambda: (matplotlib.get_backend(), numpy.get_printoptions())\n"
            "before = settings()\nimport coursekit\nassert settings() == before")
    subprocess.run([sys.executable, "-c", code], check=True)
