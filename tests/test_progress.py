"""ex.progress(): every exercise judged from the notebook's variables, as the grader judges."""

from __future__ import annotations

import pandas as pd

import coursekit as ck
from coursekit.learner.progress import COLUMNS, Progress, notebook_namespace, progress, status_word
from coursekit.model.exercises import get_lesson

LESSON = get_lesson("02_percentages")


def answers(**values):
    """A namespace holding the expected answer of the given exercises, keyed by variable."""
    return {LESSON.exercise(id).answer: value(LESSON.exercise(id)) if callable(value) else value
            for id, value in values.items()}


def test_an_empty_notebook_is_all_unanswered():
    table = progress(LESSON, {})
    assert list(table.columns) == COLUMNS
    assert list(table["exercise"]) == [e.id for e in LESSON.exercises]
    assert set(table["status"]) == {"unanswered"}
    assert table["points"].sum() == 0
    assert table["max_points"].sum() == LESSON.max_score


def test_statuses_and_points_follow_the_answers():
    namespace = answers(q1=lambda e: e.expected(), q2=...)
    namespace[LESSON.exercise("q4").answer] = LESSON.exercise("q4").expected() / 100
    table = progress(LESSON, namespace).set_index("exercise")
    assert table.loc["q1", "status"] == "correct"
    assert table.loc["q1", "points"] == LESSON.exercise("q1").points
    assert table.loc["q2", "status"] == "unanswered"  # still the placeholder ...
    assert table.loc["q4", "status"] == "incorrect"  # a fraction where a percentage is asked
    assert table.loc["q4", "points"] == 0


def test_a_value_of_the_wrong_kind_is_judged_not_raised():
    table = progress(LESSON, {LESSON.exercise("q1").answer: object()})
    assert table["status"].iloc[0] == "incorrect"


def test_statuses_are_the_checks_own():
    namespace = answers(q1=lambda e: e.expected() + 5, q3="exact")
    table = progress(LESSON, namespace).set_index("exercise")
    ex = ck.questions(LESSON.id)
    for id in ("q1", "q3"):
        result = getattr(ex, id).check(namespace[LESSON.exercise(id).answer])
        assert table.loc[id, "status"] == status_word(result) == "incorrect"


def test_the_table_shows_a_total_and_status_words():
    table = progress(LESSON, answers(q1=lambda e: e.expected()))
    assert isinstance(table, pd.DataFrame) and isinstance(table, Progress)
    text = repr(table)
    points, count = f"{LESSON.max_score:g}", len(LESSON.exercises)
    assert text.splitlines()[-1] == f"total: 1 of {points} points; 1 of {count} exercises correct"
    page = table._repr_html_()
    assert "<tfoot>" in page and f"total: 1 of {points} points" in page
    assert "\u2714 correct" in page and "\u2026 unanswered" in page  # not colour alone
    assert type(table[table["status"] == "correct"]) is pd.DataFrame


def test_ex_progress_reads_the_running_script(monkeypatch):
    import __main__

    monkeypatch.setattr(__main__, LESSON.exercise("q1").answer,
                        LESSON.exercise("q1").expected(), raising=False)
    assert notebook_namespace() is vars(__main__)
    table = ck.questions(LESSON.id).progress()
    assert table["status"].iloc[0] == "correct"
