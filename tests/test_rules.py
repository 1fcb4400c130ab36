"""Chart and table answers: read out of matplotlib and pandas objects, judged by rules."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import seaborn as sns

from coursekit import rules
from coursekit._snapshot import snapshot
from coursekit.checking import check_answer
from coursekit.exercises import Exercise

SHARES = [88.9, 22.2, 3.3]

CHART = Exercise(
    id="c1", title="a bar chart of shares", answer="ax", kind="chart", solution="", hints=("h",),
    rules=(rules.starts_at_zero("y"),
           rules.label_mentions("y", ["percent", "%"], "the unit"),
           rules.mentions(["source"], "the source"),
           rules.bar_values(lambda: SHARES, 0.05, "the three shares")),
)
TABLE = Exercise(
    id="t1", title="a fact-check table", answer="table", kind="table", solution="",
    hints=("h",),
    rules=(rules.has_columns("claim", "verdict"),
           rules.row_count(lambda: 2, "one row per claim"),
           rules.values_from("verdict", ("rounded", "consistent")),
           rules.column_values("claim", "verdict", lambda: {"share": "rounded"})),
)


@pytest.fixture
def bars():
    fig, ax = plt.subplots()
    sns.barplot(x=["company", "station", "faculty"], y=SHARES, hue=["a", "b", "c"],
                legend=False, ax=ax)
    ax.set_ylabel("percent of staff")
    fig.text(0, 0, "Source: the article")
    yield fig, ax
    plt.close(fig)


def test_snapshot_reads_a_chart(bars):
    fig, ax = bars
    snap = snapshot(ax)
    panel = snap["axes"][0]
    assert snap["type"] == "chart" and snap["texts"] == ["Source: the article"]
    assert panel["ylabel"] == "percent of staff" and panel["yscale"] == "linear"
    assert sorted(b[3] for b in panel["bars"]) == sorted(SHARES)
    assert panel["xticklabels"] == ["company", "station", "faculty"]
    assert snapshot(fig)["axes"] == snap["axes"]


def test_a_good_chart_meets_every_rule(bars):
    result = check_answer(CHART, bars[1])
    assert result.status == "correct", result.feedback


def test_a_truncated_axis_and_missing_label_are_both_explained(bars):
    _fig, ax = bars
    ax.set_ylim(20, 100)
    ax.set_ylabel("")
    result = check_answer(CHART, ax)
    assert result.status == "incorrect"
    assert "runs from 20 to 100, without 0" in result.feedback
    assert "does not say the unit" in result.feedback


def test_wrong_values_and_log_scale(bars):
    _fig, ax = bars
    ax.patches[0].set_height(50)
    assert "do not show the three shares" in check_answer(CHART, ax).feedback
    log = rules.scale("y", "log", "the values span six powers of ten")
    assert "is linear, not log" in log.check(snapshot(ax))
    ax.set_yscale("log")
    assert log.check(snapshot(ax)) is None


def test_a_number_is_not_a_chart():
    assert "but a chart (the matplotlib Axes" in check_answer(CHART, 3.0).feedback


def test_tables():
    good = pd.DataFrame({"claim": ["share", "hours"], "verdict": ["rounded", "consistent"]})
    assert check_answer(TABLE, good).status == "correct"
    bad = pd.DataFrame({"claim": ["share"], "verdict": ["implausible"]})
    feedback = check_answer(TABLE, bad).feedback
    assert "1 rows; 2 are asked for" in feedback
    assert "must use only ['rounded', 'consistent'] (found ['implausible'])" in feedback
    assert "verdict for 'share' ('implausible') is not right" in feedback
    assert "lacks the column(s) ['verdict']" in check_answer(TABLE, good[["claim"]]).feedback
    assert "but a table (a pandas DataFrame) is asked" in check_answer(TABLE, [1]).feedback


def test_rule_kinds_need_rules_and_no_expected_value():
    with pytest.raises(ValueError, match="needs 'rules' and no 'expected'"):
        Exercise(id="x", title="x", answer="x", kind="chart", solution="", hints=("h",))
    with pytest.raises(ValueError, match="needs 'expected' and no 'rules'"):
        Exercise(id="x", title="x", answer="x", solution="", hints=("h",),
                 rules=(rules.panel_count(1),))
