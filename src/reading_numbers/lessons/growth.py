"""Lesson 03, growth and change over time: the exercises, their hints, solutions and mistakes."""

from __future__ import annotations

import pandas as pd

from coursekit import (
    Exercise,
    Lesson,
    Mistake,
    annualise,
    avoids,
    cagr,
    change_for_multiple,
    event_start,
    figure,
    figures,
    fraction_for_percent,
    from_earlier,
    inverted,
    multiple,
    multiple_for_change,
    names_any,
    new_as_percent_of_old,
    per_unit,
    percent_change,
    scaled,
    statement,
    states_number,
    teacher,
    timeline,
    used,
)
from reading_numbers.derived import income_per_year
from reading_numbers.vocabulary import BOUNDS, QUALIFIER_BOUNDS, reversed_bound

#: q9: the ways learners say that a figure is a floor.
_AT_LEAST = ("at least", "more than", "or more", "if not more", "lower bound", "no less than",
             "a minimum of", "at minimum", "at the very least", "at the least", "or higher",
             "floor", "minimum")

#: HYPOTHETICAL, NOT FROM THE ARTICLE: invented company sales (RMB) for the year below, used
#: only to teach the compound annual growth rate. The article gives no earlier sales figure.
HYPOTHETICAL_SALES_2016 = 20_000_000
#: The year of the hypothetical sales figure above (also invented).
HYPOTHETICAL_SALES_YEAR = 2016

def article_year() -> int:
    """The year assumed for the article: the latest year of any dated event in the timeline."""
    return int(timeline()["start"].dt.year.max())


def period_year(id: str) -> int:
    """The year in a figure's period, e.g. 2005 for 'since_2005' or 2020 for '2020'."""
    period = str(figures().at[id, "period"])
    return int(period.removeprefix("since_"))


def calendar_years(first: int, last: int) -> int:
    """How many calendar years run from first to last, counting both end years."""
    return last - first + 1


def growth_bound_kind(old_id: str) -> str:
    """What a growth from this old figure is (one of BOUNDS): the old value divides, so it flips."""
    return reversed_bound(QUALIFIER_BOUNDS[str(figures().at[old_id, "qualifier"])])


def teachers_per_year() -> float:
    """Teachers sent from Hubei per calendar year, from 2005 to the article's year inclusive."""
    years = calendar_years(period_year("hubei_teachers_sent"), article_year())
    return per_unit(figure("hubei_teachers_sent"), years)


def xing_stay_end() -> pd.Timestamp:
    """The day after Xing Weiping's stay: its start plus the stated number of months."""
    return event_start("Xing Weiping") + pd.DateOffset(months=int(figure("xing_stay_length")))


def months_between(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Whole calendar months from start to end, e.g. 8 from March to November."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def xing_months_after_article_year() -> int:
    """Months of Xing Weiping's stay that fall after the end of the article's year."""
    return months_between(pd.Timestamp(year=article_year() + 1, month=1, day=1), xing_stay_end())


def sales_growth_years() -> int:
    """Years of growth from the hypothetical sales year to the year of the article's figure."""
    return period_year("company_sales_2020") - HYPOTHETICAL_SALES_YEAR


def hypothetical_cagr() -> float:
    """Compound annual growth of sales from the HYPOTHETICAL start to the article's figure."""
    return cagr(HYPOTHETICAL_SALES_2016, figure("company_sales_2020"), sales_growth_years())


LESSON = Lesson(
    id="03_growth",
    title="Growth and change over time",
    exercises=(
        Exercise(
            id="q1",
            title="The worker's income now, per year",
            answer="income_per_year",
            expected=income_per_year,
            tolerance=1,
            unit="RMB per year",
            hints=(
                "The income before is given per year, the income now per month. Put them on "
                "the same footing first.",
                "Use the usual monthly pay (worker_income_monthly), not the peak-season one.",
                "A year has 12 months: ck.annualise(monthly, 'month').",
            ),
            solution="income_per_year = ck.annualise(ck.figure('worker_income_monthly'), "
                     "'month')  # 5,000 x 12 = 60,000 RMB a year",
            mistakes=(
                used(lambda: figure("worker_income_monthly"),
                     "That is one month's pay. To compare it with a yearly income, scale it up "
                     "to a year."),
                used(lambda: annualise(figure("worker_income_peak_month"), "month"),
                     "You used the peak-season pay for all twelve months. Only the busiest "
                     "months reach it; use the usual monthly pay."),
                used(lambda: annualise(figure("worker_income_monthly"), "week"),
                     "You multiplied by 52, the number of weeks. The pay is per month: a year "
                     "has 12 of them."),
                scaled(1 / 1000, "That looks like thousands of RMB. Give the amount in RMB."),
            ),
        ),
        Exercise(
            id="q2",
            title="How many times the income before?",
            answer="income_multiple",
            expected=from_earlier(lambda q1: multiple(figure("worker_income_before"), q1),
                                  q1=income_per_year),
            tolerance=0.01,
            unit="times",
            hints=(
                "A multiple is new / old: how many times the old value fits into the new one.",
                "Old: worker_income_before (per year). New: your yearly income from q1.",
                "ck.multiple(old, new).",
            ),
            solution="income_multiple = ck.multiple(ck.figure('worker_income_before'), "
                     "income_per_year)  # 60,000 / 20,000 = 3: three times as much",
            mistakes=(
                change_for_multiple(),
                Mistake(lambda e: e - 1, "That is the increase measured in units of the old "
                        "income (new minus old, divided by old). The new income is the old one "
                        "plus that increase: add 1 to get the multiple."),
                inverted("the old income as a multiple of the new one"),
                used(lambda: multiple(figure("worker_income_before"),
                                      figure("worker_income_monthly")),
                     "You divided a monthly pay by a yearly income. Scale the monthly pay to a "
                     "year first (q1)."),
                used(lambda: multiple(figure("worker_income_before"),
                                      annualise(figure("worker_income_peak_month"), "month")),
                     "You used the peak-season pay for the whole year. Use the usual monthly "
                     "pay, scaled to a year."),
            ),
        ),
        Exercise(
            id="q3",
            title="The same change as a percentage",
            answer="income_change",
            expected=from_earlier(lambda q1: percent_change(figure("worker_income_before"), q1),
                                  q1=income_per_year),
            tolerance=0.5,
            unit="percent",
            hints=(
                "A percent change is (new - old) / old x 100. The old value is the denominator.",
                "Use the same two yearly incomes as in q2.",
                "ck.percent_change(old, new). Check: a multiple of 3 should be +200 percent.",
            ),
            solution="income_change = ck.percent_change(ck.figure('worker_income_before'), "
                     "income_per_year)  # (60,000 - 20,000) / 20,000 x 100 = +200 percent, "
                     "the same change as 'three times as much'",
            mistakes=(
                multiple_for_change(),
                new_as_percent_of_old(),
                fraction_for_percent(),
                used(lambda: 100 * (income_per_year() - figure("worker_income_before"))
                     / income_per_year(),
                     "You divided the increase by the NEW income. A percent change is measured "
                     "against the old value."),
                used(lambda: percent_change(figure("worker_income_before"),
                                            figure("worker_income_monthly")),
                     "You compared a monthly pay with a yearly income, so the income seems to "
                     "fall. Scale the monthly pay to a year first."),
            ),
        ),
        Exercise(
            id="q4",
            title="What 'less than' does to the growth",
            answer="growth_bound",
            kind="choice",
            choices=BOUNDS,
            expected=lambda: growth_bound_kind("worker_income_before"),
            hints=(
                "The income before was LESS than 20,000. Try a smaller value, say 15,000, and "
                "compute the multiple again, keeping the monthly pay at exactly 5,000.",
                "A smaller old value makes the same new value a bigger multiple of it. So is "
                "the real growth more or less than the one you computed?",
            ),
            solution="growth_bound = 'lower_bound': the old income was under 20,000, so with "
                     "the monthly pay taken as exactly 5,000 the real multiple is more than 3 "
                     "(60,000 / 15,000 would be 4). The +200 percent is a floor: the growth "
                     "was at least that large.",
            mistakes=(
                Mistake("upper_bound", "Other way round: a smaller old income makes the growth "
                        "bigger, not smaller. 60,000 / 15,000 = 4, more than 3."),
                Mistake("exact", "The old income is not exact: the article says 'less than'. "
                        "That hedge carries over to the growth."),
                Mistake("approximate", "'Less than' is not 'about': it has a direction. We "
                        "cannot say how large the growth was, but we can say which way it is "
                        "off: the hedge sets a floor."),
            ),
        ),
        Exercise(
            id="q5",
            title="Teachers sent per year",
            answer="teachers_per_year",
            expected=teachers_per_year,
            tolerance=0.05,
            unit="teachers per year",
            hints=(
                "Divide the running total (hubei_teachers_sent) by the number of years it covers.",
                "Count the calendar years from 2005 to the article's year with BOTH ends "
                "included: 2005, 2006, ..., 2023.",
                "Counting both ends is last - first + 1, not last - first.",
            ),
            solution="years = 2023 - 2005 + 1  # 19 calendar years, both ends included\n"
                     "teachers_per_year = ck.per_unit(ck.figure('hubei_teachers_sent'), years)"
                     "  # 335 / 19 = 17.6. This assumes the article is from 2023.",
            mistakes=(
                used(lambda: per_unit(figure("hubei_teachers_sent"),
                                      article_year() - period_year("hubei_teachers_sent")),
                     "Off by one: 2023 - 2005 = 18 counts the gaps between years, not the "
                     "years. Teachers came in 2005 and in 2023 too, so count both ends: "
                     "19 years."),
                used(lambda: figure("hubei_teachers_sent"),
                     "That is the running total. Divide it by the number of years."),
                inverted("years per teacher"),
            ),
        ),
        Exercise(
            id="q6",
            title="How much of the 18-month stay lies after the article's year?",
            answer="months_after_article_year",
            expected=xing_months_after_article_year,
            tolerance=0,
            unit="months",
            hints=(
                "First find the day after the stay: the start date of Xing Weiping's row in "
                "the timeline plus pd.DateOffset(months=...) with xing_stay_length.",
                "Adding 18 months to 1 February 2023 gives 1 August 2024, the first day AFTER "
                "the stay. The stay's last month is July.",
                "Count the months from 1 January of the year after article_year up to that "
                "day, as in the worked example: (end.year - start.year) * 12 + "
                "(end.month - start.month).",
            ),
            solution="after = (pd.Timestamp('2023-02') + pd.DateOffset(months=18))  "
                     "# 2024-08-01, the day after the stay\n"
                     "jan = pd.Timestamp(f'{article_year + 1}-01')  # 2024-01-01\n"
                     "months_after_article_year = (after.year - jan.year) * 12 + "
                     "(after.month - jan.month)  # January to July 2024: 7 months",
            mistakes=(
                used(lambda: figure("xing_stay_length") - 12,
                     "You took 12 months off for 2023, but the stay began in February, so "
                     "only 11 of its months fall in 2023."),
                Mistake(lambda e: e + 1, "You counted August too. Start + 18 months is the "
                        "first day after the stay; its last month is July."),
                Mistake(lambda e: figure("xing_stay_length") - e, "That is the part of the "
                        "stay inside the article's year (February to December 2023). The "
                        "question asks about the months after it."),
                used(lambda: figure("xing_stay_length"),
                     "That is the whole stay. How much of it comes after the end of 2023?"),
            ),
        ),
        Exercise(
            id="q7",
            title="Dividends per shareholder",
            answer="dividend_per_shareholder",
            expected=lambda: per_unit(figure("company_dividends_total"),
                                      figure("company_shareholder_farmers")),
            tolerance=1,
            unit="RMB per shareholder",
            hints=(
                "Spread the total dividends over the farmers who received them.",
                "ck.per_unit(total, units) with company_dividends_total and "
                "company_shareholder_farmers.",
            ),
            solution="dividend_per_shareholder = ck.per_unit(ck.figure('company_dividends_total'),"
                     " ck.figure('company_shareholder_farmers'))  # 1,400,000 / 146 = 9,589 RMB "
                     "on average, over a period the article does not give",
            mistakes=(
                used(lambda: per_unit(figure("company_dividends_total"),
                                      figure("company_farmers_income_increased")),
                     "You divided by the 50,000 farmers whose income rose. Only the shareholder "
                     "farmers receive dividends."),
                used(lambda: per_unit(figure("company_dividends_total"),
                                      figure("company_employees")),
                     "You divided by the company's employees. The dividends went to the farmers "
                     "who became shareholders."),
                scaled(1e-6, "It looks as if you used 1.4 for 'RMB 1.4 million'. Write the "
                       "amount in full: 1,400,000."),
            ),
        ),
        Exercise(
            id="q8",
            title="Compound annual growth (HYPOTHETICAL start)",
            answer="sales_cagr",
            expected=hypothetical_cagr,
            tolerance=0.05,
            unit="percent per year",
            hints=(
                "Start: the HYPOTHETICAL 2016 sales. End: company_sales_2020. How many yearly "
                "steps lie between 2016 and 2020?",
                "From one year's sales to the next is one step: 2020 - 2016 = 4 steps.",
                "ck.cagr(start, end, years) gives percent per year.",
            ),
            solution="sales_cagr = ck.cagr(HYPOTHETICAL_SALES_2016, "
                     "ck.figure('company_sales_2020'), 2020 - 2016)  # (100 / 20) ** (1 / 4) - 1 "
                     "= 49.5 percent a year. The start value is invented; with 'more than' on "
                     "the end value the rate is a floor.",
            mistakes=(
                used(lambda: percent_change(HYPOTHETICAL_SALES_2016, figure("company_sales_2020"))
                     / sales_growth_years(),
                     "You split the total change evenly over the years. Growth compounds: each "
                     "year grows from the previous year's larger amount. Use ck.cagr."),
                used(lambda: cagr(HYPOTHETICAL_SALES_2016, figure("company_sales_2020"),
                                  calendar_years(HYPOTHETICAL_SALES_YEAR,
                                                 period_year("company_sales_2020"))),
                     "Off by one: 2016 to 2020 is 5 calendar years but only 4 yearly steps of "
                     "growth. Use end year minus start year."),
                used(lambda: percent_change(HYPOTHETICAL_SALES_2016, figure("company_sales_2020")),
                     "That is the total change over all the years. The question asks for the "
                     "rate per year."),
                used(lambda: multiple(HYPOTHETICAL_SALES_2016, figure("company_sales_2020")),
                     "That is the multiple over the whole period, not a yearly rate."),
                fraction_for_percent(),
            ),
        ),
        Exercise(
            id="q9",
            title="In words: how much the worker's income grew",
            answer="growth_in_words",
            kind="written",
            points=3,
            hints=(
                "Give the change both ways: as a multiple and as a percent change.",
                "The multiple is new / old; the percent change is (new - old) / old x 100.",
                "The old income was 'less than' 20,000: what does that make your growth?",
            ),
            solution="See the model answer in the solution notebook: at least three times as "
                     "much, that is a rise of at least 200 percent, and why both say the same.",
            rubric=(
                statement(("income", "earn", "pay", "wage", "salary", "grow", "rise",
                           "increase", "triple"), "the worker's income"),
                states_number(lambda: multiple(figure("worker_income_before"), income_per_year()),
                              0.05, "the multiple", points=0.5),
                states_number(lambda: percent_change(figure("worker_income_before"),
                                                     income_per_year()),
                              0.5, "the percent change", points=0.5, unit="percent"),
                names_any(_AT_LEAST, "that the growth is a lower bound (the old income was "
                          "'less than' 20,000)"),
                avoids(("300 percent", "300%", "300 per cent", "three hundred percent"),
                       "three times as much is a rise of 200 percent: the change is the new "
                       "value minus the old one"),
                teacher("explains why 'three times as much' and 'a rise of 200 percent' describe "
                        "the same change", 1,
                        "1: the change is new minus old, i.e. 2 times the old on top of it; "
                        "0.5: states both without the reason; 0: neither"),
            ),
        ),
    ),
)
