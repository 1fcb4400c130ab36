"""Lesson 07, capstone: a fact-check table of the article's claims and a one-chart summary."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd

from coursekit import (
    Exercise,
    Lesson,
    Mistake,
    Rule,
    Snapshot,
    after,
    axis_top,
    bars,
    column_values,
    figure,
    figures,
    filled_in,
    has_columns,
    inverted,
    label_mentions,
    lists_each_once,
    names_any,
    per_unit,
    row_count,
    scale,
    source_note,
    starts_at_zero,
    statement,
    states_number,
    teacher,
    timeline,
    used,
    values_from,
    vertical_bars,
    word_limit,
)
from reading_numbers.derived import (
    build_decision,
    company_share,
    generation_verdict,
    grid_connection,
    income_per_year,
    rounding_verdict,
    sunshine_verdict,
    years_between,
    years_of_output,
)
from reading_numbers.vocabulary import ARTICLE_TITLE, VERDICTS

#: The claims the lesson checks, in article order: id -> (what the article says, in our own
#: words and without its numbers, and the ids of the figures the claim rests on).
CLAIMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "hubei_majority": ("most teachers at the polytechnic come from Hubei (a word, no number), "
                       "while a later paragraph counts the faculty members from Hubei",
                       ("college_faculty_from_hubei", "college_faculty")),
    "dividends": ("the farmers who became shareholders have received this much in dividends, "
                  "in total",
                  ("company_shareholder_farmers", "company_dividends_total")),
    "staff_share": ("this percentage of the company's staff are Uyghur and other ethnic "
                    "minority staff",
                    ("company_ethnic_share", "company_employees_ethnic", "company_employees")),
    "sunshine": ("the county has this many hours of sunshine a year",
                 ("county_sunshine_hours",)),
    "built_in_a_year": ("building the station took this many years; the start of building is "
                        "not dated, so the course counts from the decision to build, the "
                        "earliest it can have begun, to the grid connection (both dated in "
                        "the timeline)",
                        ("construction_duration",)),
    "generation_total": ("the station has generated more than this running total since grid "
                         "connection, and can reach this much a year",
                         ("station_generation_cumulative", "station_generation_annual")),
    "profits_taxes": ("the station yields about this much in profits and taxes a year, under a "
                      "policy that runs this many years",
                      ("station_profits_taxes_annual", "policy_duration")),
    "jobs": ("the station's proceeds can bring jobs for this many local people",
             ("station_beneficiaries",)),
}

#: Months in a year, for turning a duration in years into months.
MONTHS_PER_YEAR = 12
#: How many months a date written at each precision may be off (a day counts as none).
PRECISION_MONTHS = {"day": 0, "month": 1, "half_year": 6, "year": 12}


def _plain(value: float) -> str:
    """A figure as a reader would write it: 1,400,000 and 4,434.7, never 1.4e+06."""
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def claims_table() -> pd.DataFrame:
    """The claims to check, one row each: id, what the article says, and its figures' values."""
    table = figures()
    rows = []
    for claim, (says, ids) in CLAIMS.items():
        values = "; ".join(f"{i} = {_plain(table.at[i, 'value'])} {table.at[i, 'unit']}"
                           for i in ids)
        rows.append((claim, says, values))
    return pd.DataFrame(rows, columns=["claim", "what the article says", "figures"])


def majority_threshold(whole: float) -> int:
    """The smallest count that is more than half of whole: 'most' needs at least this many."""
    return int(whole) // 2 + 1


def hubei_majority_gap() -> float:
    """How many more of today's faculty would have to be from Hubei for 'most' to hold."""
    return majority_threshold(figure("college_faculty")) - figure("college_faculty_from_hubei")


def majority_verdict(part: float, whole: float) -> str:
    """'consistent' if part is more than half of whole (so 'most' holds), else 'inconsistent'."""
    return "consistent" if part >= majority_threshold(whole) else "inconsistent"


def hubei_verdict() -> str:
    """The verdict on 'most teachers are from Hubei' if both statements describe today's faculty."""
    return majority_verdict(figure("college_faculty_from_hubei"), figure("college_faculty"))


def months_to_grid() -> float:
    """Months from the start of the month of the decision to build to the grid connection."""
    return years_between(build_decision(), grid_connection()) * MONTHS_PER_YEAR


def decision_precision_months() -> int:
    """How many months the date of the decision to build may be off, from its precision."""
    events = timeline()
    precision = events.loc[events["start"] == build_decision(), "precision"].iloc[0]
    return PRECISION_MONTHS[str(precision)]


def construction_verdict() -> str:
    """Compare the stated construction time with the time the two dates leave for it.

    Too little time between the dates is 'inconsistent'; a match within the precision of
    the dates is 'consistent'; more time than stated is 'unverifiable', because building
    may have started after the decision and the text does not say when.
    """
    gap = figure("construction_duration") * MONTHS_PER_YEAR - months_to_grid()
    slack = decision_precision_months()
    if gap > slack:
        return "inconsistent"
    return "consistent" if gap >= -slack else "unverifiable"


def fewest_for_rounded_share(percent: float, whole: float, step: float = 1) -> int:
    """The smallest whole count out of whole whose share, rounded to step percent, is percent.

    Rounding to a whole percent turns any share from 89.5 up to 90: 363 of 405 is the
    fewest that gives it.

    >>> fewest_for_rounded_share(90, 405)
    363
    """
    return math.ceil((percent - step / 2) / 100 * whole)


def fewest_staff_for_stated_share() -> int:
    """The fewest of the company's staff for whom its stated share is a whole-percent rounding."""
    return fewest_for_rounded_share(figure("company_ethnic_share"), figure("company_employees"))


#: Possible second sources for the station's output figures (q4): id -> what it is.
SECOND_SOURCES: dict[str, str] = {
    "press_release": "a press release from the company that runs the station, with the same "
                     "totals",
    "news_copy": "another news report that gives the same totals",
    "grid_records": "the grid company's records of the electricity it bought from the station "
                    "each year",
}


def independent_source() -> str:
    """The second source in SECOND_SOURCES with no stake in the figures and not repeating them."""
    return "grid_records"


def jobs_paid() -> float:
    """Full-year jobs at the worker's usual pay that one year's profits and taxes would pay."""
    return per_unit(figure("station_profits_taxes_annual"), income_per_year())


#: How learners say a verdict in other words (q8, q9); a verdict is also said by its own word,
#: in any form ('rounds', 'rounding').
_VERDICT_WORDS: dict[str, tuple[str, ...]] = {
    "unverifiable": ("cannot be verified", "can't be verified", "cannot verify", "can't verify",
                     "cannot be checked", "can't be checked", "impossible to verify",
                     "not possible to verify", "not possible to confirm", "cannot be confirmed",
                     "cannot settle", "cannot be settled", "cannot decide", "cannot tell"),
}
#: q9: what would settle the claim: the date the article was written, or the output records
#: (named as needed or as missing: 'without the date of writing' names it too).
_SETTLES = ("date of writing", "date of publication", "publication date", "writing date",
            "the article's date", "date the article was written", "dated copy", "record",
            "generation data", "production data", "production figures", "output data",
            "metered output", "output for each year", "output of each year",
            "when the article was written", "when it was written", "when the article was "
            "published", "when it was published")


def _said(verdict: str) -> tuple[str, ...]:
    """The ways to say a verdict: its word and, for some, other words for it."""
    return (verdict, *_VERDICT_WORDS.get(verdict, ()))


def _others(verdict: str) -> tuple[str, ...]:
    """The other verdict words, which a message names when an answer gives one of them."""
    return tuple(v for v in VERDICTS if v != verdict)


def staff_share_verdict() -> str:
    """The verdict on the stated staff share against the share its own counts give."""
    return rounding_verdict(figure("company_ethnic_share"), company_share())


def key_verdicts() -> dict[str, str]:
    """The verdicts the table exercise grades, each computed from the data by a lesson's function.

    The generation total is not among them: lesson 4 computes it and q9 asks for it in words,
    so the table only carries its row over from ``earlier``.
    """
    return {
        "staff_share": staff_share_verdict(),
        "sunshine": sunshine_verdict(),
        "built_in_a_year": construction_verdict(),
    }


#: How far past the tallest bar the verdict chart's y axis may run, as a multiple of it:
#: room for the counts written on top of the bars.
COUNT_AXIS_MOST = 1.5


def _verdict_bars(snap: Snapshot) -> list[tuple[str, float]]:
    """Each bar as (the verdict named under it, in lower case, its height)."""
    return [(label.lower(), height) for label, height in bars(snap)]


def _bars_are_verdicts(snap: Snapshot) -> str | None:
    """None if there is one bar per verdict, each labelled with its verdict on the x axis."""
    labels = [label for label, _height in _verdict_bars(snap)]
    strange = sorted({label for label in labels if label not in VERDICTS})
    if strange:
        return (f"The bars are labelled {strange}; each bar should stand for one verdict "
                f"from {list(VERDICTS)}, named on the x axis.")
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        return f"Some verdicts have more than one bar ({repeated}); draw one bar per verdict."
    return None


def _counts_add_up(snap: Snapshot) -> str | None:
    """None if the bars are whole numbers that add up to the number of claims, else why not."""
    heights = [height for _label, height in _verdict_bars(snap)]
    if any(abs(h - round(h)) > 1e-9 for h in heights):
        return ("Some bars are not whole numbers. Each bar should be a count of claims, not a "
                "share or a percentage.")
    total, wanted = round(sum(heights)), len(CLAIMS)
    if total != wanted:
        return (f"The bars add up to {total} claims, but the table has {wanted}: every claim "
                "should be counted once, under its verdict.")
    return None


def _key_verdicts_shown(snap: Snapshot) -> str | None:
    """None if each key claim's verdict has a bar at least as tall as its count among them."""
    drawn = dict(_verdict_bars(snap))
    short = [verdict for verdict, count in sorted(Counter(key_verdicts().values()).items())
             if drawn.get(verdict, 0) < count]
    if not short:
        return None
    return (f"The bars for {short} are missing or too short: the key claims alone give each of "
            "them at least one claim. Count the verdicts of your finished table.")


_COUNTS_LINEAR = ("counts are read from bar lengths, which are in proportion to the counts "
                  "only on a linear axis. Remove ax.set_yscale(...).")

LESSON = Lesson(
    id="07_fact_check",
    title="Capstone: fact-checking the article",
    # What the notebook imports from the course: a grading process gets these (and what
    # they need) and nothing else of the lessons' modules.
    handouts=(
        "reading_numbers.derived.SAHARA_SUNSHINE_PERCENT",
        "reading_numbers.derived.SUNNIEST_SITES_PERCENT",
        "reading_numbers.derived.company_share",
        "reading_numbers.derived.generation_verdict",
        "reading_numbers.derived.rounding_verdict",
        "reading_numbers.derived.simple_max_daylight",
        "reading_numbers.derived.sunshine_percent_of_max",
        "reading_numbers.derived.sunshine_verdict",
        "reading_numbers.derived.years_elapsed",
        "reading_numbers.derived.years_of_output",
        "reading_numbers.lessons.energy.policy_total_million",
        "reading_numbers.lessons.energy.yuan_per_kwh",
        "reading_numbers.lessons.energy.yuan_per_person",
        "reading_numbers.lessons.fact_check.SECOND_SOURCES",
        "reading_numbers.lessons.fact_check.VERDICTS",
        "reading_numbers.lessons.fact_check.claims_table",
        "reading_numbers.lessons.fact_check.construction_verdict",
        "reading_numbers.lessons.fact_check.months_to_grid",
    ),
    exercises=(
        Exercise(
            id="q1",
            title="How far 21 teachers are from 'most'",
            answer="majority_gap",
            expected=hubei_majority_gap,
            tolerance=0,
            unit="faculty members",
            hints=(
                "'Most' means more than half. What is the smallest whole number of people that "
                "is more than half of the faculty?",
                "Half of the faculty is not a whole number. The smallest count above it is "
                "faculty // 2 + 1.",
                "Subtract the faculty members from Hubei that the article counts "
                "(college_faculty_from_hubei).",
            ),
            solution="faculty = ck.figure('college_faculty'); needed = int(faculty) // 2 + 1"
                     "  # 320, more than half of 639\n"
                     "majority_gap = needed - ck.figure('college_faculty_from_hubei')"
                     "  # 320 - 21 = 299 more faculty members from Hubei",
            mistakes=(
                used(lambda: majority_threshold(figure("college_faculty")),
                     "That is how many faculty members from Hubei a majority needs. The "
                     "question asks how many MORE than the 21 already counted: subtract them."),
                used(lambda: figure("college_faculty") / 2 - figure("college_faculty_from_hubei"),
                     "Half of the faculty is not a whole number of people, and 'most' means "
                     "MORE than half: the smallest majority is the next whole number up."),
                used(lambda: majority_threshold(figure("college_faculty")) - 1
                     - figure("college_faculty_from_hubei"),
                     "Exactly half, rounded down, is not a majority: 'most' means more than "
                     "half. Use faculty // 2 + 1."),
                used(lambda: figure("college_faculty") - figure("college_faculty_from_hubei"),
                     "That is the number of faculty members who are not from Hubei. The "
                     "question asks how many more from Hubei a bare majority would need."),
            ),
        ),
        Exercise(
            id="q2",
            title="A verdict on 'most teachers come from Hubei', read as today's faculty",
            answer="verdict_hubei",
            kind="choice",
            choices=VERDICTS,
            expected=hubei_verdict,
            hints=(
                "Under this reading both statements describe the same people at the same time: "
                "the teachers on the staff now.",
                "Can 21 out of 639 be 'most'? If not, which verdict is for two statements in the "
                "same text that cannot both be true?",
            ),
            solution="verdict_hubei = 'inconsistent': read as today's staff, 21 of 639 is 3.3 "
                     "percent, and a majority would need 299 more. Two present-tense statements "
                     "about the same college cannot both be true. Other readings are discussed "
                     "below the exercise.",
            mistakes=(
                Mistake("unverifiable", "Under the reading given, the text holds all you need: "
                        "both statements and the two counts. Whether this reading is the right "
                        "one is a fair question, discussed after the exercise, but this "
                        "exercise fixes it."),
                Mistake("rounded", "No rounding turns 3.3 percent into a majority. Rounded is "
                        "for a figure that agrees with its data once rounding is allowed for."),
                Mistake("consistent", "21 of 639 is far from more than half: a majority would "
                        "need 299 more faculty members from Hubei (q1)."),
                Mistake("implausible", "Nothing here breaks a physical limit. The two statements "
                        "contradict each other, and the vocabulary has its own word for that."),
            ),
        ),
        Exercise(
            id="q3",
            title="The smallest minority count out of 405 that rounds to '90 percent'",
            answer="fewest_for_90",
            expected=fewest_staff_for_stated_share,
            tolerance=0,
            unit="people",
            hints=(
                "Rounded to a whole percent, which shares become 90? Every share from 89.5 "
                "percent up to (not including) 90.5.",
                "89.5 percent of the 405 staff is not a whole number of people. The fewest "
                "people is the next whole number up: math.ceil(...).",
                "fewest_for_90 = math.ceil(89.5 / 100 * ck.figure('company_employees')).",
            ),
            solution="fewest_for_90 = math.ceil(89.5 / 100 * ck.figure('company_employees'))"
                     "  # 362.475 rounded up: 363 people, and 363 / 405 = 89.6 percent",
            mistakes=(
                used(lambda: figure("company_ethnic_share") / 100 * figure("company_employees"),
                     "That is exactly 90 percent of the staff, which is not a whole number of "
                     "people. And rounding to a whole percent lets a share from 89.5 count as "
                     "90: start from there."),
                used(lambda: math.ceil(figure("company_ethnic_share") / 100
                                       * figure("company_employees")),
                     "That is the fewest people for 90 percent or more. Rounded to a whole "
                     "percent, 89.5 percent already counts as 90: start from there."),
                used(lambda: figure("company_employees_ethnic"),
                     "That is the count the article gives. The question asks how many people "
                     "would make '90 percent' a whole-percent rounding."),
                used(lambda: fewest_for_rounded_share(figure("company_ethnic_share"),
                                                      figure("company_employees"), step=10),
                     "That is the fewest for rounding to the nearest ten percent (from 85 "
                     "percent). The question asks for rounding to a whole percent."),
                Mistake(lambda e: e - 1,
                        "That count is just under 89.5 percent, so it rounds to 89. Round the "
                        "number of people up, not down."),
            ),
        ),
        Exercise(
            id="q4",
            title="An independent second source for the station's output",
            answer="second_source",
            kind="choice",
            choices=tuple(SECOND_SOURCES),
            expected=independent_source,
            hints=(
                "A second source confirms a figure only if it did not get the figure from the "
                "first, and has no stake in it being high.",
                "Who wrote each candidate, and where would its numbers come from? Which one "
                "was recorded by someone who had to measure the electricity for another reason?",
            ),
            solution="second_source = 'grid_records': the grid company measures what it buys "
                     "from the station in order to pay for it. The operator's press release has "
                     "an interest in the figures, and another news report may simply repeat "
                     "them.",
            mistakes=(
                Mistake("press_release", "A press release is a second document, but not an "
                        "independent source: the station's operator has an interest in its "
                        "output figures, and may well be where the article got them."),
                Mistake("news_copy", "A report that gives the same figures may have copied them "
                        "from this article, or from the same origin. Repetition is not "
                        "confirmation."),
            ),
        ),
        Exercise(
            id="q5",
            title="Full-year jobs that one year's profits and taxes could pay",
            answer="jobs_paid",
            expected=jobs_paid,
            tolerance=0.5,
            unit="jobs",
            hints=(
                "Use one worker's pay as a yardstick, not as a typical wage: the article gives "
                "the usual monthly income of one warehouse team leader (worker_income_monthly). "
                "First turn it into a yearly pay.",
                "ck.annualise(ck.figure('worker_income_monthly'), 'month') gives the pay for a "
                "year.",
                "Divide one year's profits and taxes (station_profits_taxes_annual) by that "
                "yearly pay: ck.per_unit(money, pay).",
            ),
            solution="yearly_pay = ck.annualise(ck.figure('worker_income_monthly'), 'month')"
                     "  # 60,000 yuan\n"
                     "jobs_paid = ck.per_unit(ck.figure('station_profits_taxes_annual'), "
                     "yearly_pay)  # 10,230,000 / 60,000 = 170.5 full-year jobs, if all of it "
                     "went on pay",
            mistakes=(
                used(lambda: per_unit(figure("station_profits_taxes_annual"),
                                      figure("worker_income_monthly")),
                     "You divided a year's money by one month's pay. Turn the monthly pay into "
                     "a yearly one first (x 12)."),
                used(lambda: per_unit(figure("station_profits_taxes_annual"),
                                      figure("worker_income_peak_month") * MONTHS_PER_YEAR),
                     "You used the peak-season pay for all twelve months. Use the usual monthly "
                     "pay, worker_income_monthly."),
                Mistake(lambda e: e * figure("policy_duration"),
                        "That spreads all 20 years of the policy's money. The question asks "
                        "what ONE year's profits and taxes could pay."),
                used(lambda: per_unit(figure("station_profits_taxes_annual"),
                                      figure("station_beneficiaries")),
                     "That is the money per person for the 16,806 people (lesson 4). Here the "
                     "money is divided by one person's yearly pay."),
                inverted("one yearly pay as a fraction of the money"),
            ),
        ),
        Exercise(
            id="q6",
            title="The fact-check table",
            answer="fact_check",
            kind="table",
            points=2,
            partial_credit=True,  # each requirement met earns its share
            hints=(
                "pd.DataFrame(rows, columns=['claim', 'computation', 'verdict', 'what would "
                "settle it']) with one tuple per claim: (claim id, the working as text, the "
                "verdict, the data that would settle it).",
                "Start from the rows in `earlier` and add one row for each of the other claims "
                "in the list, using the ids exactly as listed.",
                "The graded claims (staff_share, sunshine, built_in_a_year) are rows in "
                "`earlier`, with the verdicts the earlier lessons computed; for the others, "
                "pick the word from the vocabulary you can best defend.",
            ),
            solution="fact_check = pd.DataFrame(earlier + [\n"
                     "    ('hubei_majority', '21 of 639 faculty = 3.3 percent; most needs 299 "
                     "more', verdict_hubei, 'the origin of each faculty member'),\n"
                     "    ('dividends', '1,400,000 / 146 = 9,589 yuan each, over an unstated "
                     "period', 'unverifiable', 'the years the dividends cover'),\n"
                     "    ('profits_taxes', '0.256 yuan per kWh; no price or costs given', "
                     "'unverifiable', 'the tariff, output and accounts'),\n"
                     "    ('jobs', '170 full-year jobs at 60,000 yuan; jobs not defined', "
                     "'unverifiable', 'the list of jobs, hours and pay'),\n"
                     "], columns=['claim', 'computation', 'verdict', 'what would settle it'])",
            rules=(
                has_columns("claim", "computation", "verdict", "what would settle it"),
                row_count(lambda: len(CLAIMS), "one row per claim in the list"),
                lists_each_once("claim", lambda: tuple(CLAIMS), "claim id from the list"),
                values_from("verdict", VERDICTS),
                filled_in("computation", "360 / 405 = 88.9 percent, stated 90"),
                filled_in("what would settle it", "the county weather station's records"),
                column_values("claim", "verdict", key_verdicts),
            ),
        ),
        Exercise(
            id="q7",
            title="A one-chart summary of the verdicts",
            answer="verdict_chart",
            kind="chart",
            points=2,
            partial_credit=True,  # each requirement met earns its share
            hints=(
                "Count the verdicts: counts = fact_check['verdict'].value_counts().reset_index()"
                " gives the columns 'verdict' and 'count'.",
                "fig, ax = plt.subplots(); sns.barplot(data=counts, x='verdict', y='count', "
                "hue='verdict', palette='colorblind', legend=False, ax=ax).",
                "Label the y axis with what is counted (e.g. 'number of claims'), add a source "
                "line naming the article with fig.text(...), then verdict_chart = ax.",
            ),
            solution="counts = fact_check['verdict'].value_counts().reset_index(); fig, ax = "
                     "plt.subplots(figsize=(7, 3.5)); sns.barplot(data=counts, x='verdict', "
                     "y='count', hue='verdict', palette='colorblind', legend=False, ax=ax); "
                     "ax.set_ylabel('number of claims'); ax.set_xlabel('verdict'); "
                     "fig.text(0.01, -0.08, \"Source: claims from 'Empowering Xinjiang', China "
                     "Today\"); verdict_chart = ax",
            rules=(
                *after(
                    vertical_bars(),
                    *after(
                        Rule("one bar per verdict, named on the x axis", _bars_are_verdicts),
                        Rule("whole-number bars that count every claim once", _counts_add_up),
                        Rule("a bar for each key claim's verdict", _key_verdicts_shown),
                    ),
                    scale("y", "linear", _COUNTS_LINEAR),
                    starts_at_zero("y"),
                    axis_top("y", None, COUNT_AXIS_MOST, "the tallest bar"),
                    label_mentions("y", ["claim"], "what the bars count (claims)"),
                ),
                source_note([ARTICLE_TITLE], "the article that was checked"),
            ),
        ),
        Exercise(
            id="q8",
            title="A fact-check paragraph: the company's staff share",
            answer="staff_share_paragraph",
            kind="written",
            points=3,
            hints=(
                "Four parts: what the article states, what you computed from its own figures, "
                "how coarse its rounding is, and the verdict in one of the course's words.",
                "Quote your computed share with the counts it comes from, and name the verdict "
                "word.",
                "What would your share be, rounded to a whole percent? q3 found how many of the "
                "405 a whole-percent '90 percent' needs.",
            ),
            solution="See the model answer in the solution notebook: the stated 90 percent, 360 "
                     "of 405 is 88.9 percent, a rounding coarser than a whole percent, and the "
                     "verdict 'rounded'.",
            rubric=(
                statement(("article", "text", "claim", "state", "405", "360", "company"),
                          "the article's claim and your check of it"),
                states_number(company_share, 0.05, "the computed share in percent",
                              of=(("360",), ("405",), ("count",), ("company",))),
                names_any(lambda: _said(staff_share_verdict()), "the verdict",
                          others=lambda: _others(staff_share_verdict())),
                word_limit(80),
                teacher("states the claim, the check and how coarse the rounding is, in neutral "
                        "words", 1,
                        "1: the stated 90 percent, and that it is coarser than a whole-percent "
                        "rounding (that would be 89; 90 needs at least 363 of 405), without "
                        "judging the article's subject; 0.5: a part missing or loaded words; "
                        "0: no check"),
            ),
        ),
        Exercise(
            id="q9",
            title="A fact-check paragraph: total versus yearly generation",
            answer="generation_paragraph",
            kind="written",
            points=3,
            hints=(
                "How many years of the stated yearly output is the running total?",
                "Can the text's own dates tell whether that many years had passed?",
                "Name the verdict in one of the course's words, and name the data that would "
                "settle the question (which record, or which date), not only 'more data'.",
            ),
            solution="See the model answer in the solution notebook: 5.0 years of output, the "
                     "text's dates cannot tell, the verdict 'unverifiable', and the date of "
                     "writing or the yearly output records would settle it.",
            rubric=(
                statement(("output", "total", "generation", "generate", "kWh", "station",
                           "claim", "article", "electricity"), "the station's output"),
                states_number(years_of_output, 0.05, "how many years of output the running "
                              "total amounts to", of=(("output",), ("total",), ("yearly",),
                                                      ("annual",), ("kWh",), ("generation",))),
                names_any(lambda: _said(generation_verdict()), "the verdict", points=0.5,
                          others=lambda: _others(generation_verdict())),
                names_any(_SETTLES, "what would settle it (the date of writing, or the "
                          "station's yearly output records)", points=0.5, polarity="either"),
                teacher("explains why the text alone cannot decide the claim, in neutral words",
                        1, "1: the missing date (or records) and why it matters; 0.5: only "
                        "'it cannot be checked'; 0: none"),
            ),
        ),
    ),
)
