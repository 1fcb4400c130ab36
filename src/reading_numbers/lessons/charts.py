"""Lesson 06, honest charts: the exercises, their hints, solutions, mistakes and chart rules."""

from __future__ import annotations

import math

from coursekit import (
    Exercise,
    Lesson,
    Mistake,
    after,
    annualise,
    axis_top,
    bar_values,
    bars_in_view,
    figure,
    inverted,
    label_mentions,
    mentions,
    multiple,
    percent_change,
    runs_upwards,
    scale,
    share_percent,
    source_note,
    starts_at_zero,
    used,
    vertical_bars,
)
from reading_numbers.vocabulary import ARTICLE_TITLE

#: Where the y axis of the lesson's MISLEADING example chart starts, in RMB. A design choice
#: of the bad example (just below the smaller bar), not a figure from the article.
TRUNCATED_AXIS_START = 4_500

#: The top of the axis for shares of a whole: 100 percent.
WHOLE_PERCENT = 100

#: How far past the whole (or the largest value) a value axis may run, as a multiple of it:
#: room for value labels on top of the bars, not so much that the bars shrink.
SHARES_AXIS_MOST = 1.1
INCOME_AXIS_MOST = 1.25
#: On a log axis, one power of ten above the largest amount.
LOG_AXIS_MOST = 10

#: The three groups of q1, as the chart's bars are labelled: (the part's figure, the whole's).
SHARE_GROUPS = {
    "company: Uyghur and other ethnic minority staff": ("company_employees_ethnic",
                                                       "company_employees"),
    "station: local staff": ("station_local_employees", "station_employees"),
    "polytechnic: Hubei faculty": ("college_faculty_from_hubei", "college_faculty"),
}

#: Words that count as saying a scale is logarithmic ("log" alone would match "technology").
LOG_WORDS = ("log scale", "log-scale", "logarithmic", "log axis", "(log)", "log10")

#: The palettes offered in the colour exercise, as seaborn names them (lower case).
PALETTES = ("colorblind", "hsv", "set1", "viridis")


def shares() -> dict[str, float]:
    """The three shares of lesson 2, in percent, by group: company, power station, polytechnic."""
    return {group: share_percent(figure(part), figure(whole))
            for group, (part, whole) in SHARE_GROUPS.items()}


def monthly_incomes() -> dict[str, float]:
    """The worker's pay in a usual month and in a peak-season month, in RMB, by bar label."""
    return {"usual month": figure("worker_income_monthly"),
            "peak month": figure("worker_income_peak_month")}


def visible_heights(start: float = TRUNCATED_AXIS_START) -> list[float]:
    """How tall the income bars look when the y axis starts at ``start`` (RMB above it)."""
    return [value - start for value in monthly_incomes().values()]


def visual_ratio() -> float:
    """How many times taller the peak-month bar looks than the usual one on the truncated chart."""
    usual, peak = visible_heights()
    return multiple(usual, peak)


def data_ratio() -> float:
    """How many times the usual monthly pay the peak-month pay really is."""
    usual, peak = monthly_incomes().values()
    return multiple(usual, peak)


def lie_factor() -> float:
    """Tufte's lie factor of the truncated chart: change shown over change in the data."""
    usual, peak = monthly_incomes().values()
    shown_usual, shown_peak = visible_heights()
    return percent_change(shown_usual, shown_peak) / percent_change(usual, peak)


def yearly_money() -> dict[str, float]:
    """Four yearly amounts of money from the article, in RMB, by label."""
    return {
        "company sales (2020)": figure("company_sales_2020"),
        "station profits and taxes": figure("station_profits_taxes_annual"),
        "worker's pay now": annualise(figure("worker_income_monthly"), "month"),
        "worker's pay before": figure("worker_income_before"),
    }


def orders_of_magnitude() -> float:
    """The base-10 logarithm of the largest yearly amount of money over the smallest."""
    amounts = yearly_money().values()
    return math.log10(max(amounts) / min(amounts))


def alt_text_options() -> dict[str, str]:
    """Four candidate alt texts for the corrected income chart, labelled 'a' to 'd'."""
    usual, peak = monthly_incomes().values()
    return {
        "a": "Bar chart of income.",
        "b": "A seaborn figure with two bars, one blue and one orange, on a white background, "
             "with a title at the top and grey tick labels.",
        "c": f"Bar chart of one worker's monthly income in yuan (RMB), axis from zero: about "
             f"{usual:,.0f} in a usual month and up to {peak:,.0f} in the peak season, "
             f"{multiple(usual, peak):.1f} times as much. Source: 'Empowering Xinjiang', "
             "China Today.",
        "d": "Chart showing that pay soars in the peak season, to several times a usual month.",
    }


def best_alt_text() -> str:
    """The option that names the chart type, the measure and unit, the values and the source."""
    usual, peak = monthly_incomes().values()
    needed = ("bar chart", "rmb", f"{usual:,.0f}", f"{peak:,.0f}", "source")
    return next(key for key, text in alt_text_options().items()
                if all(word in text.lower() for word in needed))


_LOG_WHY = ("the amounts span almost four powers of ten, so on a linear axis the two incomes "
            "are thinner than a line. Use ax.set_yscale('log').")
_LINEAR_WHY = ("only on a linear axis are bar lengths in proportion to the values. Remove "
               "ax.set_yscale(...), or set it back with ax.set_yscale('linear').")
_SOURCE = source_note([ARTICLE_TITLE], "the article")

LESSON = Lesson(
    id="06_charts",
    title="Honest charts",
    # What the notebook imports from the course: a grading process gets these (and what
    # they need) and nothing else of the lessons' modules.
    handouts=(
        "reading_numbers.lessons.charts.SHARE_GROUPS",
        "reading_numbers.lessons.charts.TRUNCATED_AXIS_START",
        "reading_numbers.lessons.charts.alt_text_options",
    ),
    exercises=(
        Exercise(
            id="q1",
            title="A bar chart of three shares, from zero to 100",
            answer="shares_chart",
            kind="chart",
            hints=(
                "Make the Axes first: fig, ax = plt.subplots(figsize=(7, 4)). Then "
                "sns.barplot(data=shares_table, x='group', y='percent', hue='group', "
                "palette='colorblind', legend=False, ax=ax).",
                "ax.set_ylim(0, 100) shows the whole; ax.set_ylabel('percent of the group') names "
                "the unit.",
                "Add a source line naming the article under the chart, fig.text(0.01, -0.08, "
                "SOURCE), then assign shares_chart = ax.",
            ),
            solution="fig, ax = plt.subplots(figsize=(7, 4)); sns.barplot(data=shares_table, "
                     "x='group', y='percent', hue='group', palette='colorblind', legend=False, "
                     "ax=ax); ax.set_ylim(0, 100); ax.set_ylabel('percent of the group'); "
                     "ax.set_xlabel(''); fig.text(0.01, -0.08, \"Source: 'Empowering Xinjiang', "
                     "China Today\"); shares_chart = ax  # bars of 88.9, 22.2 and 3.3 percent",
            rules=(
                *after(
                    vertical_bars(),
                    scale("y", "linear", _LINEAR_WHY),
                    starts_at_zero("y"),
                    axis_top("y", lambda: WHOLE_PERCENT, SHARES_AXIS_MOST,
                             "the whole"),
                    bar_values(shares, 0.05, "the three shares, in percent"),
                    label_mentions("y", ["percent", "%"], "the unit, percent"),
                ),
                _SOURCE,
            ),
        ),
        Exercise(
            id="q2",
            title="How many times taller the peak bar looks",
            answer="looks_taller",
            expected=visual_ratio,
            tolerance=0.05,
            unit="times",
            hints=(
                "On this chart each bar is drawn from TRUNCATED_AXIS_START, not from zero. How "
                "tall does each bar look, in yuan above the bottom of the axis?",
                "The visible heights are value - TRUNCATED_AXIS_START for each bar.",
                "Divide the peak bar's visible height by the usual bar's: "
                "ck.multiple(usual - TRUNCATED_AXIS_START, peak - TRUNCATED_AXIS_START).",
            ),
            solution="looks_taller = ck.multiple(usual - TRUNCATED_AXIS_START, "
                     "peak - TRUNCATED_AXIS_START)  # (8,000 - 4,500) / (5,000 - 4,500) = "
                     "3,500 / 500 = 7 times",
            mistakes=(
                used(data_ratio,
                     "That is how many times the usual pay the peak pay really is, measured from "
                     "zero. The question is how it looks on this chart, whose bars start at "
                     "TRUNCATED_AXIS_START."),
                inverted("the usual bar as a fraction of the peak bar"),
                Mistake(lambda e: 100 * (e - 1),
                        "That is the percent change between the two visible heights, not how "
                        "many times taller the peak bar looks. A bar k times as tall is "
                        "(k - 1) x 100 percent taller: divide by 100 and add 1, or divide the "
                        "heights directly with ck.multiple."),
                used(lambda: visible_heights()[1] - visible_heights()[0],
                     "That is the difference between the bars in yuan. The question asks how many "
                     "times taller one bar looks: divide, do not subtract."),
            ),
        ),
        Exercise(
            id="q3",
            title="The lie factor of the truncated chart",
            answer="lie_factor",
            expected=lie_factor,
            tolerance=0.05,
            unit="",
            hints=(
                "The lie factor is the change the chart shows divided by the change in the data, "
                "each as a percent change.",
                "The change shown is ck.percent_change(usual bar's visible height, peak bar's "
                "visible height); the change in the data is ck.percent_change(usual, peak).",
                "Divide the first by the second. An honest chart gives 1.",
            ),
            solution="lie_factor = ck.percent_change(usual - TRUNCATED_AXIS_START, peak - "
                     "TRUNCATED_AXIS_START) / ck.percent_change(usual, peak)  # +600 percent "
                     "shown / +60 percent in the data = 10",
            mistakes=(
                used(lambda: visual_ratio() / data_ratio(),
                     "You divided the two ratios (7 / 1.6). The lie factor compares the changes: "
                     "+600 percent shown against +60 percent in the data, each computed with "
                     "ck.percent_change."),
                inverted("the change in the data divided by the change shown"),
                used(visual_ratio,
                     "That is how many times taller the bar looks (q2). The lie factor divides the "
                     "change shown by the change in the data."),
                used(lambda: percent_change(*visible_heights()),
                     "That is only the change the chart shows, in percent. Divide it by the "
                     "change in the data, ck.percent_change(usual, peak)."),
            ),
        ),
        Exercise(
            id="q4",
            title="The income chart, fixed",
            answer="fixed_chart",
            kind="chart",
            hints=(
                "Start from the code of the misleading chart. Which line makes the bars start "
                "at TRUNCATED_AXIS_START?",
                "Let the y axis start at zero and end a little above the peak income: "
                "ax.set_ylim(0, peak * 1.1), or leave the limits to matplotlib, which starts "
                "bars at zero.",
                "Keep the bar labels 'usual month' and 'peak month'. Label the y axis with the "
                "unit and the period, e.g. 'income per month (RMB)', add a source line naming "
                "the article, fig.text(0.01, -0.06, SOURCE), then assign fixed_chart = ax.",
            ),
            solution="fig, ax = plt.subplots(figsize=(5, 3.5)); ax.bar(['usual month', 'peak "
                     "month'], [usual, peak], color=sns.color_palette('colorblind')[:2]); "
                     "ax.set_ylim(0, 9000); ax.set_ylabel('income per month (RMB)'); "
                     "fig.text(0.01, -0.06, \"Source: 'Empowering Xinjiang', China Today\"); "
                     "fixed_chart = ax  # the peak bar is now 1.6 times the usual one, as in the "
                     "data",
            rules=(
                *after(
                    vertical_bars(),
                    scale("y", "linear", _LINEAR_WHY),
                    starts_at_zero("y"),
                    axis_top("y", lambda: max(monthly_incomes().values()), INCOME_AXIS_MOST,
                             "the larger income"),
                    bar_values(monthly_incomes, 0.5, "the two monthly incomes, in RMB"),
                    label_mentions("y", ["RMB", "yuan"], "the unit, RMB"),
                    label_mentions("y", ["month"], "the period, per month"),
                ),
                _SOURCE,
            ),
        ),
        Exercise(
            id="q5",
            title="The base-10 logarithm of largest over smallest amount",
            answer="powers_of_ten",
            expected=orders_of_magnitude,
            tolerance=0.01,
            unit="",
            hints=(
                "First find how many times the smallest amount the largest one is: divide the "
                "largest by the smallest.",
                "The base-10 logarithm of that ratio says how many powers of ten it spans, "
                "fractions included: np.log10(1000) is 3, np.log10(300) is 2.48.",
                "powers_of_ten = np.log10(money['RMB'].max() / money['RMB'].min()). Keep two "
                "decimals; do not round to a whole number.",
            ),
            solution="powers_of_ten = np.log10(money['RMB'].max() / money['RMB'].min())  "
                     "# 100,000,000 / 20,000 = 5,000, and log10(5,000) = 3.70. The income "
                     "before is a ceiling ('less than'), so the real spread is at least this.",
            mistakes=(
                used(lambda: multiple(min(yearly_money().values()), max(yearly_money().values())),
                     "That is the ratio itself, how many times larger. The number of powers of "
                     "ten in it is its base-10 logarithm: np.log10(ratio)."),
                used(lambda: math.log(max(yearly_money().values())
                                      / min(yearly_money().values())),
                     "That is the natural logarithm (np.log, base e). Powers of ten need "
                     "np.log10."),
                used(lambda: math.log10(max(yearly_money().values())),
                     "That is the logarithm of the largest amount alone. Divide it by the "
                     "smallest first, then take np.log10."),
                used(lambda: math.log10(max(yearly_money().values())
                                        / yearly_money()["worker's pay now"]),
                     "You divided by the worker's pay now. The smallest amount in the table is "
                     "his income before he joined."),
                used(lambda: float(round(orders_of_magnitude())),
                     "That is the logarithm rounded to a whole number. Keep two decimals: a "
                     "whole number would stand for a ratio that is an exact power of ten."),
            ),
        ),
        Exercise(
            id="q6",
            title="Yearly amounts of money on a log scale",
            answer="money_chart",
            kind="chart",
            hints=(
                "Draw vertical bars as before: sns.barplot(data=money, x='amount', y='RMB', "
                "hue='amount', palette='colorblind', legend=False, ax=ax).",
                "Then switch the value axis to a logarithmic scale: ax.set_yscale('log').",
                "Say so in the y label, with the unit, e.g. 'RMB per year (log scale)', add a "
                "source line naming the article, fig.text(0.01, -0.1, SOURCE), then assign "
                "money_chart = ax.",
            ),
            solution="fig, ax = plt.subplots(figsize=(9, 4)); sns.barplot(data=money, "
                     "x='amount', y='RMB', hue='amount', palette='colorblind', legend=False, "
                     "ax=ax); ax.set_yscale('log'); ax.set_ylabel('RMB per year (log scale)'); "
                     "fig.text(0.01, -0.1, \"Source: 'Empowering Xinjiang', China Today\"); "
                     "money_chart = ax",
            rules=(
                *after(
                    vertical_bars(),
                    scale("y", "log", _LOG_WHY),
                    runs_upwards("y"),
                    bars_in_view(),
                    axis_top("y", lambda: max(yearly_money().values()), LOG_AXIS_MOST,
                             "the largest amount"),
                    bar_values(yearly_money, 0.5, "the four yearly amounts, in RMB"),
                    label_mentions("y", ["RMB", "yuan"], "the unit, RMB"),
                ),
                mentions(LOG_WORDS, "the log scale"),
                _SOURCE,
            ),
        ),
        Exercise(
            id="q7",
            title="A qualitative palette that colour-blind readers can tell apart",
            answer="safe_palette",
            kind="choice",
            choices=PALETTES,
            expected=lambda: "colorblind",
            hints=(
                "Three groups with no order need a qualitative palette: distinct colours, none "
                "of them 'more' than another. Which of the four runs from dark to light instead?",
                "The most common colour-vision deficiencies make some reds and greens (and "
                "the oranges and yellows between them) hard to tell apart. Which qualitative "
                "palette was designed to avoid such pairs?",
            ),
            solution="safe_palette = 'colorblind': it is qualitative, and seaborn chose its "
                     "colours so that they stay apart for the common red-green deficiencies. "
                     "'hsv' and 'set1' are qualitative too, but put reds and greens of similar "
                     "lightness side by side, which those readers confuse. 'viridis' was also "
                     "designed for colour-blind readers, but it is sequential: it runs from dark "
                     "to light and suggests an order the three groups do not have.",
            mistakes=(
                Mistake("hsv", "'hsv' walks around the colour wheel at full brightness, so it "
                        "puts reds, yellows and greens of similar lightness next to each other. "
                        "Readers with the common red-green deficiencies confuse some of those "
                        "pairs; they still see differences in lightness and between blue and "
                        "yellow."),
                Mistake("set1", "'set1' is qualitative, but it starts with a strong red and also "
                        "has a green; the most common colour-vision deficiencies pull those two "
                        "close together."),
                Mistake("viridis", "'viridis' was designed for colour-blind readers too, but it "
                        "is a sequential palette: it runs from dark to light and suggests that "
                        "the groups are ordered. Three unordered groups need a qualitative one."),
            ),
        ),
        Exercise(
            id="q8",
            title="The most useful alt text",
            answer="best_alt",
            kind="choice",
            choices=("a", "b", "c", "d"),
            expected=best_alt_text,
            hints=(
                "Alt text stands in for the picture for someone who cannot see it. What would "
                "they need to know to take away what a sighted reader takes away?",
                "Good alt text names the kind of chart, what is measured and in which unit, the "
                "key values or the pattern, and the source. It does not describe styling, and "
                "does not claim more than the data show.",
            ),
            solution="best_alt = 'c': it says it is a bar chart, what is measured (one worker's "
                     "monthly income, in RMB), gives both values and how they compare (1.6 "
                     "times), and names the source.",
            mistakes=(
                Mistake("a", "'Bar chart of income' tells a reader what kind of picture it is, "
                        "but not whose income, in which unit, or what the bars show."),
                Mistake("b", "That describes how the chart looks (software, colours, layout), "
                        "not what it says. A reader who cannot see it learns nothing about the "
                        "incomes."),
                Mistake("d", "That repeats the misleading chart's impression. The data say the "
                        "peak month pays 1.6 times a usual month, not several times, and 'soars' "
                        "is a judgement, not a description."),
            ),
        ),
    ),
)
