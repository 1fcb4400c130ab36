"""Chart and table answers: read out of matplotlib and pandas objects, judged by rules."""

from __future__ import annotations

import json
import math
import types
import typing

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import seaborn as sns

from coursekit.judging.checking import check_answer
from coursekit.model import rules
from coursekit.model.exercises import Exercise
from coursekit.running import snapshots
from coursekit.running.readout import dump, snapshot

GROUPS = ["company", "station", "faculty"]
SHARES = [88.9, 22.2, 3.3]
SOURCE = "Source: 'Some Article', Some Magazine"

CHART = Exercise(
    id="c1", title="a bar chart of shares", answer="ax", kind="chart", solution="", hints=("h",),
    rules=(*rules.after(rules.vertical_bars(),
                        rules.scale("y", "linear", "bar lengths must be proportional."),
                        rules.starts_at_zero("y"),
                        rules.axis_top("y", lambda: 100, 1.1, "the whole"),
                        rules.bar_values(lambda: dict(zip(GROUPS, SHARES, strict=True)), 0.05,
                                         "the three shares"),
                        rules.label_mentions("y", ["percent", "%"], "the unit")),
           rules.source_note(["Some Article"], "the article")),
)
TABLE = Exercise(
    id="t1", title="a fact-check table", answer="table", kind="table", solution="",
    hints=("h",),
    rules=(rules.has_columns("claim", "verdict"),
           rules.row_count(lambda: 2, "one row per claim"),
           rules.values_from("verdict", ("rounded", "consistent")),
           rules.filled_in("note", "what would settle it"),
           rules.column_values("claim", "verdict", lambda: {"share": "rounded"})),
)


def draw(labels=GROUPS, values=SHARES, *, horizontal=False, seaborn=True):
    """A bar chart of values under labels, with a unit, a 0-100 axis and a source note."""
    fig, ax = plt.subplots()
    if seaborn:
        x, y = (values, labels) if horizontal else (labels, values)
        sns.barplot(x=x, y=y, hue=labels, palette="colorblind", legend=False, ax=ax)
    else:
        (ax.barh if horizontal else ax.bar)(labels, values)
    (ax.set_xlim if horizontal else ax.set_ylim)(0, 100)
    (ax.set_xlabel if horizontal else ax.set_ylabel)("percent of staff")
    fig.text(0, 0, SOURCE)
    return ax


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def problems(exercise, answer):
    """The problem sentences the check gives for an answer (none if it is correct)."""
    result = check_answer(exercise, answer)
    return [] if result.status == "correct" else result.feedback.split("\n")


# -- the snapshot format ---------------------------------------------------------------------

def conforms(value, hint) -> bool:
    """Whether a JSON value has exactly the shape a type hint of running.snapshots declares."""
    if typing.is_typeddict(hint):
        fields = typing.get_type_hints(hint)
        return (isinstance(value, dict) and set(value) == set(fields)
                and all(conforms(value[k], t) for k, t in fields.items()))
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, arg) for arg in args)
    if origin is typing.Literal:
        return value in args
    if origin is list:
        return isinstance(value, list) and all(conforms(v, args[0]) for v in value)
    if hint is type(None):
        return value is None
    if hint is float:
        return isinstance(value, float)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


@pytest.mark.parametrize("make", [
    lambda: draw(),
    lambda: draw(horizontal=True),
    lambda: plt.subplots(1, 2)[0],
    lambda: sns.lineplot(x=[1, 2, 3], y=[1.0, math.nan, 3.0]),
    lambda: pd.DataFrame({"claim": ["a", "b"], "value": [1, None], "ok": [True, False]}),
    lambda: pd.Series([1.5, 2.5], name="x"),
    lambda: 3, lambda: math.inf, lambda: True, lambda: "text", lambda: None, lambda: ...,
    lambda: np.zeros((2, 3)), lambda: {1, 2},
], ids=["bars", "barh", "two-panels", "line", "table", "series", "int", "inf", "bool", "text",
        "none", "ellipsis", "array", "other"])
def test_snapshots_have_exactly_the_published_shape(make):
    snap = json.loads(dump(["answer", "absent"], {"answer": make()}))
    assert conforms(snap["answer"], snapshots.Snapshot), snap["answer"]
    assert conforms(snap["absent"], snapshots.Snapshot) and snap["absent"]["type"] == "missing"


def test_snapshot_reads_a_chart():
    ax = draw()
    snap = snapshot(ax)
    panel = rules.panel(snap)
    assert snap["type"] == "chart" and snap["texts"] == [SOURCE]
    assert panel["ylabel"] == "percent of staff" and panel["yscale"] == "linear"
    assert {bar["orientation"] for bar in panel["bars"]} == {"vertical"}
    assert [tick["label"] for tick in panel["xticks"]] == GROUPS
    assert snapshot(ax.figure)["axes"] == snap["axes"] == rules.panels(snap)
    assert rules.panel(snap, 1) is None and rules.panels(snapshot(3.0)) == []


@pytest.mark.parametrize("seaborn", [True, False])
@pytest.mark.parametrize("horizontal", [False, True])
def test_bars_pairs_each_bar_with_the_label_under_it(seaborn, horizontal):
    snap = snapshot(draw(["b", "a", "c"], [1.0, 2.0, 3.0], horizontal=horizontal,
                         seaborn=seaborn))
    assert rules.bars(snap) == [("b", 1.0), ("a", 2.0), ("c", 3.0)]
    assert rules.bars(snap, 1) == []


def test_lines_and_columns_are_read_in_order():
    _fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [5.0, math.nan, 7.0])
    ax.axhline(2)
    (xs, ys), (_flat_x, flat_y) = rules.lines(snapshot(ax))
    assert xs == [1.0, 2.0, 3.0] and ys[0] == 5.0 and math.isnan(ys[1]) and flat_y == [2.0, 2.0]
    table = snapshot(pd.DataFrame({"claim": ["a", "b"], "verdict": ["x", "y"]}))
    assert rules.column(table, "verdict") == ["x", "y"] and rules.column(table, "nope") is None


def test_lists_each_once_names_what_is_missing_unknown_or_repeated():
    rule = rules.lists_each_once("claim", lambda: ("a", "b", "c"), "claim id")
    assert rule.check(snapshot(pd.DataFrame({"claim": ["c", " a", "b"]}))) is None
    problem = rule.check(snapshot(pd.DataFrame({"claim": ["a", "a", "z"]})))
    assert problem == ("List each claim id once, and nothing else (missing ['b', 'c']; not in "
                       "the list ['z']; more than once ['a']).")
    assert rule.check(snapshot(pd.DataFrame({"id": ["a"]}))) == "The table has no column 'claim'."


# -- a chart that a reader reads rightly passes; each way of misleading is named -----------------

def test_a_good_chart_meets_every_rule():
    result = check_answer(CHART, draw())
    assert result.status == "correct", result.feedback
    assert "the y axis ends between the whole and 1.1 times it" in result.feedback


def test_names_are_matched_without_case_or_spaces():
    assert problems(CHART, draw([" Company", "STATION ", "fac ulty"])) == []


def test_values_under_the_wrong_labels_are_caught():
    swapped = draw(GROUPS, [22.2, 88.9, 3.3])
    [problem] = problems(CHART, swapped)
    assert "the bar 'company' shows 22.2, the value of 'station'" in problem
    assert "the bar 'station' shows 88.9, the value of 'company'" in problem
    wrong = problems(CHART, draw(GROUPS, [88.9, 22.2, 50.0]))
    assert wrong == ["- The bars do not show the three shares under their own labels: the bar "
                     "'faculty' shows 50, which is not what the data give. Check which value "
                     "you plotted for each label, and its unit."]
    assert "label one bar each 'company', 'station', 'faculty'" in problems(
        CHART, draw(["a", "b", "c"]))[0]
    assert "draws 2 bar(s); 3 are asked for" in problems(CHART, draw(GROUPS[:2], SHARES[:2]))[0]


def test_an_inverted_axis_is_caught():
    ax = draw()
    ax.set_ylim(100, 0)
    [problem] = problems(CHART, ax)
    assert "The y axis is reversed: it runs from 100 to 0" in problem
    ax.set_ylim(0, 100)
    ax.invert_yaxis()
    assert problems(CHART, ax) == [problem]


def test_a_log_axis_is_caught_where_bars_are_asked():
    ax = draw()
    ax.set_yscale("log")
    found = problems(CHART, ax)
    assert "- The y axis is log, not linear: bar lengths must be proportional." in found
    log = rules.scale("y", "log", "the values span six powers of ten")
    assert log.check(snapshot(ax)) is None


@pytest.mark.parametrize(("top", "message"), [
    (1000, "The y axis runs to 1,000, far past the whole (100)"),
    (150, "The y axis runs to 150, far past"),
    (80, "The y axis stops at 80, short of the whole (100)"),
])
def test_the_top_of_the_axis_must_show_the_whole_without_shrinking_it(top, message):
    ax = draw()
    ax.set_ylim(0, top)
    [problem] = problems(CHART, ax)
    assert message in problem and "Let it end between 100 and 110" in problem
    ax.set_ylim(0, 110)
    assert problems(CHART, ax) == []


def test_the_word_source_is_not_a_source():
    ax = draw()
    ax.figure.texts.clear()
    ax.set_ylabel("percent of staff (source: survey)")
    [problem] = problems(CHART, ax)
    assert "names the article ('Some Article') nowhere: the word 'source' alone" in problem
    ax.set_ylabel("percent of staff")
    assert "('Some Article') nowhere. Add a source line" in problems(CHART, ax)[0]
    ax.set_xlabel("groups in Some Article")
    [problem] = problems(CHART, ax)
    assert "only in an axis label, a tick or the legend" in problem
    ax.set_title("Three shares (Some Article)")
    assert problems(CHART, ax) == []


@pytest.mark.parametrize("seaborn", [True, False])
def test_horizontal_bars_get_one_message_draw_vertical_bars(seaborn):
    found = problems(CHART, draw(horizontal=True, seaborn=seaborn))
    assert len(found) == 1 and "draw vertical bars" in found[0], found


def test_a_chart_without_bars_is_told_to_draw_them():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    fig.text(0, 0, SOURCE)
    assert problems(CHART, ax) == [f"- {rules.vertical_bars().check(snapshot(ax))}"]


def test_after_judges_the_rules_only_once_the_gate_is_met():
    gate, rule = rules.after(rules.panel_count(2), rules.label_mentions("y", ["kg"], "kg"))
    one_panel = snapshot(draw())
    assert gate.check(one_panel) and rule.check(one_panel) is None
    two_panels = snapshot(plt.subplots(1, 2)[0])
    assert gate.check(two_panels) is None and "does not say kg" in rule.check(two_panels)
    assert rule.description == "the y axis label gives kg"


def test_axis_top_can_measure_against_the_tallest_bar():
    rule = rules.axis_top("y", None, 1.5, "the tallest bar")
    ax = draw(values=[10.0, 20.0, 30.0])
    assert "runs to 100, far past the tallest bar (30)" in rule.check(snapshot(ax))
    ax.set_ylim(0, 40)
    assert rule.check(snapshot(ax)) is None


def test_bars_in_view_finds_bars_hidden_below_a_log_axis():
    ax = draw(values=[1e8, 1e5, 2e4])
    ax.set_yscale("log")
    ax.set_ylim(5e4, 1e9)
    assert "so the bar(s) ['faculty'] end outside it" in rules.bars_in_view().check(snapshot(ax))
    ax.set_ylim(1e3, 1e9)
    assert rules.bars_in_view().check(snapshot(ax)) is None


def test_a_number_is_not_a_chart():
    assert "but a chart (the matplotlib Axes" in check_answer(CHART, 3.0).feedback


# -- tables -------------------------------------------------------------------------------------

def test_tables():
    good = pd.DataFrame({"claim": ["share", "hours"], "verdict": ["rounded", "consistent"],
                         "note": ["the counts", "the records"]})
    assert check_answer(TABLE, good).status == "correct"
    bad = pd.DataFrame({"claim": ["share"], "verdict": ["implausible"], "note": [" "]})
    feedback = check_answer(TABLE, bad).feedback
    assert "1 rows; 2 are asked for" in feedback
    assert "must use only ['rounded', 'consistent'] (found ['implausible'])" in feedback
    assert "1 row(s) have nothing in 'note'" in feedback
    assert "verdict for 'share' ('implausible') is not right" in feedback
    assert "lacks the column(s) ['verdict']" in check_answer(TABLE, good[["claim"]]).feedback
    assert "no column 'note'" in check_answer(TABLE, good[["claim", "verdict"]]).feedback
    assert "but a table (a pandas DataFrame) is asked" in check_answer(TABLE, [1]).feedback


def test_rule_kinds_need_rules_and_no_expected_value():
    with pytest.raises(ValueError, match="needs 'rules' and none of the others"):
        Exercise(id="x", title="x", answer="x", kind="chart", solution="", hints=("h",))
    with pytest.raises(ValueError, match="needs 'expected' and none of the others"):
        Exercise(id="x", title="x", answer="x", solution="", hints=("h",),
                 rules=(rules.panel_count(1),))
