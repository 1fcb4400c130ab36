"""The chart and table exercises of lessons 05-07 give no credit to misleading charts.

Each test draws the chart a learner might hand in, with matplotlib or seaborn, from the
lesson's own data: the honest one passes; each way of misleading a reader fails with a
message that names it.
"""

from __future__ import annotations

from collections import Counter

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import seaborn as sns

from coursekit.judging.checking import check_answer
from coursekit.model.exercises import get_lesson
from reading_numbers.lessons import charts, fact_check, plausibility
from reading_numbers.vocabulary import VERDICTS

SOURCE = "Source: 'Empowering Xinjiang', China Today (Gu Yetao)"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def problems(lesson: str, exercise: str, answer) -> list[str]:
    """The problem sentences an answer gets (none if it is correct)."""
    result = check_answer(get_lesson(lesson).exercise(exercise), answer)
    return [] if result.status == "correct" else result.feedback.split("\n")


def bar_chart(values: dict[str, float], unit: str, *, horizontal: bool = False):
    """Bars of values under their names, as the lesson's solution draws them, with a source."""
    table = pd.DataFrame({"name": list(values), "value": list(values.values())})
    fig, ax = plt.subplots()
    x, y = ("value", "name") if horizontal else ("name", "value")
    sns.barplot(data=table, x=x, y=y, hue="name", palette="colorblind", legend=False, ax=ax)
    (ax.set_xlabel if horizontal else ax.set_ylabel)(unit)
    fig.text(0.01, -0.06, SOURCE)
    return ax


def shares_chart(shares=None, **options):
    ax = bar_chart(shares or charts.shares(), "percent of the group's whole", **options)
    (ax.set_xlim if options.get("horizontal") else ax.set_ylim)(0, charts.WHOLE_PERCENT)
    return ax


def income_chart(incomes=None, **options):
    return bar_chart(incomes or charts.monthly_incomes(), "income per month (RMB)", **options)


def money_chart(amounts=None):
    ax = bar_chart(amounts or charts.yearly_money(), "RMB per year (log scale)")
    ax.set_yscale("log")
    return ax


def verdict_chart():
    verdicts = {claim: "unverifiable" for claim in fact_check.CLAIMS} | fact_check.key_verdicts()
    counts = Counter(verdicts.values())
    ax = bar_chart({v: counts[v] for v in VERDICTS if counts[v]}, "number of claims")
    ax.set_xlabel("verdict")
    return ax


def day_chart(hours=None):
    fig, ax = plt.subplots()
    hours = hours or plausibility.day_lengths()
    ax.plot(range(1, len(hours) + 1), hours)
    ax.axhline(12)
    ax.axhline(plausibility.stated_sunshine_per_day())
    ax.set_ylim(0, plausibility.HOURS_PER_DAY)
    ax.set_xlabel("day of the year")
    ax.set_ylabel("hours per day")
    fig.text(0.01, -0.06, SOURCE)
    return ax


def swapped(values: dict[str, float]) -> dict[str, float]:
    """The same names and values, each value moved to the next name."""
    names, numbers = list(values), list(values.values())
    return dict(zip(names, numbers[1:] + numbers[:1], strict=True))


CHARTS = [("06_charts", "q1", shares_chart), ("06_charts", "q4", income_chart),
          ("06_charts", "q6", money_chart), ("07_fact_check", "q7", verdict_chart),
          ("05_plausibility", "q3", day_chart)]
CHART_IDS = [f"{lesson}::{q}" for lesson, q, _draw in CHARTS]


@pytest.mark.parametrize(("lesson", "exercise", "draw"), CHARTS, ids=CHART_IDS)
def test_the_honest_chart_passes(lesson, exercise, draw):
    assert problems(lesson, exercise, draw()) == []


@pytest.mark.parametrize(("draw", "values", "exercise"), [
    (shares_chart, charts.shares, "q1"), (income_chart, charts.monthly_incomes, "q4"),
    (money_chart, charts.yearly_money, "q6"),
])
def test_values_under_the_wrong_labels_fail(draw, values, exercise):
    [problem] = problems("06_charts", exercise, draw(swapped(values())))
    assert "under their own labels" in problem and ", the value of '" in problem


@pytest.mark.parametrize(("lesson", "exercise", "draw"), CHARTS, ids=CHART_IDS)
def test_an_inverted_axis_fails(lesson, exercise, draw):
    ax = draw()
    ax.invert_yaxis()
    found = problems(lesson, exercise, ax)
    assert any("The y axis is reversed" in problem for problem in found), found


@pytest.mark.parametrize(("lesson", "exercise", "draw"), CHARTS[:2] + CHARTS[3:4],
                         ids=CHART_IDS[:2] + CHART_IDS[3:4])
def test_a_log_axis_fails_where_bars_are_asked(lesson, exercise, draw):
    ax = draw()
    ax.set_yscale("log")
    assert any("The y axis is log, not linear" in p for p in problems(lesson, exercise, ax))


def test_a_linear_axis_fails_where_a_log_axis_is_asked():
    ax = money_chart()
    ax.set_yscale("linear")
    assert any("The y axis is linear, not log" in p for p in problems("06_charts", "q6", ax))


@pytest.mark.parametrize(("lesson", "exercise", "draw", "top"), [
    ("06_charts", "q1", shares_chart, 400), ("06_charts", "q4", income_chart, 50_000),
    ("06_charts", "q6", money_chart, 1e12), ("07_fact_check", "q7", verdict_chart, 40),
    ("05_plausibility", "q3", day_chart, 100),
], ids=CHART_IDS)
def test_an_axis_far_past_the_whole_fails(lesson, exercise, draw, top):
    ax = draw()
    ax.set_ylim(ax.get_ylim()[0], top)
    [problem] = problems(lesson, exercise, ax)
    assert "far past" in problem and "Let it end between" in problem


@pytest.mark.parametrize(("lesson", "exercise", "draw"), CHARTS, ids=CHART_IDS)
def test_the_word_source_in_an_axis_label_is_not_a_source(lesson, exercise, draw):
    ax = draw()
    ax.figure.texts.clear()
    ax.set_xlabel(f"{ax.get_xlabel()} (source: see text)")
    [problem] = problems(lesson, exercise, ax)
    assert "names the article" in problem and "'Empowering Xinjiang'" in problem


@pytest.mark.parametrize(("lesson", "exercise", "draw"), CHARTS[:4], ids=CHART_IDS[:4])
def test_horizontal_bars_are_told_to_stand_up_and_nothing_else(lesson, exercise, draw):
    ax = draw()
    ax.figure.canvas.draw()  # categorical tick labels are filled in when drawn
    fig, sideways = plt.subplots()
    sideways.barh([tick.get_text() for tick in ax.get_xticklabels()],
                  [bar.get_height() for bar in ax.patches])
    sideways.set_xlabel(ax.get_ylabel())
    fig.text(0.01, -0.06, SOURCE)
    [problem] = problems(lesson, exercise, sideways)
    assert "draw vertical bars" in problem


def test_horizontal_shares_from_seaborn_get_one_message():
    [problem] = problems("06_charts", "q1", shares_chart(horizontal=True))
    assert "draw vertical bars" in problem


def test_a_log_axis_that_hides_a_bar_fails():
    ax = money_chart()
    ax.set_ylim(min(charts.yearly_money().values()) * 2, max(charts.yearly_money().values()) * 2)
    [problem] = problems("06_charts", "q6", ax)
    assert "end outside it and a reader cannot see them" in problem


def test_day_lengths_must_be_in_day_order():
    [problem] = problems("05_plausibility", "q3", day_chart(plausibility.day_lengths()[::-1]))
    assert "No line shows the day length in hours for each day of the year" in problem


def fact_check_table(**drop) -> pd.DataFrame:
    """A table with every claim and its computed verdict; ``drop`` removes columns."""
    verdicts = {claim: "unverifiable" for claim in fact_check.CLAIMS} | fact_check.key_verdicts()
    table = pd.DataFrame({"claim": list(verdicts), "computation": "worked out",
                          "verdict": list(verdicts.values()),
                          "what would settle it": "the records"})
    return table.drop(columns=[name for name, gone in drop.items() if gone])


def test_the_fact_check_table_needs_what_would_settle_it():
    assert problems("07_fact_check", "q6", fact_check_table()) == []
    table = fact_check_table().rename(columns={"what would settle it": "notes"})
    assert any("lacks the column(s) ['what would settle it']" in p
               for p in problems("07_fact_check", "q6", table))
    table = fact_check_table()
    table.loc[0, "what would settle it"] = " "
    assert any("1 row(s) have nothing in 'what would settle it'" in p
               for p in problems("07_fact_check", "q6", table))


def test_06_q2_percent_change_gets_this_exercise_s_message():
    exercise = get_lesson("06_charts").exercise("q2")
    change = 100 * (charts.visual_ratio() - 1)
    feedback = check_answer(exercise, change).feedback
    assert "percent change between the two visible heights" in feedback
    assert "three times" not in feedback


def test_06_q7_messages_are_accurate():
    exercise = get_lesson("06_charts").exercise("q7")
    hsv = check_answer(exercise, "hsv").feedback
    assert "red-green" in hsv and "cannot see" not in hsv
    assert "designed for colour-blind readers too" in check_answer(exercise, "viridis").feedback


def test_the_capstone_table_gives_points_per_requirement():
    """A table that meets some of 07 q6's requirements earns their share of the 2 points."""
    import pandas as pd

    from coursekit.judging.checking import check_answer
    from coursekit.model.exercises import get_lesson

    exercise = get_lesson("07_fact_check").exercise("q6")
    partial = pd.DataFrame({"claim": ["staff_share"], "computation": ["360 / 405"],
                            "verdict": ["rounded"]})
    result = check_answer(exercise, partial)
    assert 0 < result.points < exercise.points
    assert check_answer(exercise, pd.DataFrame({"x": [1]})).points < result.points
