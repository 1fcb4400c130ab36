"""Lesson 01, reading numbers: the exercises, their hints, solutions and mistakes."""

import math

from coursekit import (
    Exercise,
    Lesson,
    Mistake,
    column_values,
    convert_energy,
    figure,
    figures,
    filled_in,
    has_columns,
    lists_each_once,
    row_count,
    scaled,
    used,
    values_from,
)
from reading_numbers.vocabulary import BOUNDS, QUALIFIER_BOUNDS

#: The kind of time a figure refers to, for each special ``period`` value in figures.csv.
PERIOD_KINDS = {
    "": "not_stated",
    "per_year": "rate",
    "per_month": "rate",
    "peak_month": "rate",
    "current": "at_present",
    "cumulative": "running_total",
}


def count_in_section(section: str) -> int:
    """Number of figures the article gives in one of its sections."""
    return int((figures()["section"] == section).sum())


def count_with_qualifier(qualifier: str) -> int:
    """Number of figures carrying one qualifier, such as 'exact' or 'more_than'."""
    return int((figures()["qualifier"] == qualifier).sum())


def count_not_exact() -> int:
    """Number of figures whose qualifier is other than 'exact' (a hedge, a limit or a range)."""
    return int((figures()["qualifier"] != "exact").sum())


def conclusion(figure_id: str) -> str:
    """What a figure's qualifier lets you conclude: one of the course's BOUNDS."""
    return QUALIFIER_BOUNDS[str(figures().at[figure_id, "qualifier"])]


def period_kind(figure_id: str) -> str:
    """The kind of time a figure refers to: a calendar year, a rate, a running total, ..."""
    period = str(figures().at[figure_id, "period"])
    if period.isdigit():
        return "calendar_year"
    if period.startswith("since_"):
        return "running_total"
    return PERIOD_KINDS[period]


def largest(unit: str) -> float:
    """The largest value among the figures in one unit, e.g. 'RMB' or 'kWh'."""
    table = figures()
    return float(table.loc[table["unit"] == unit, "value"].max())


def exponent(value: float) -> int:
    """The power of ten of a positive number in scientific notation: 8 for 2 x 10^8."""
    return math.floor(math.log10(value))


def n_digits(value: float) -> int:
    """How many digits a positive whole number has before the decimal point."""
    return len(str(int(value)))


def smallest(unit: str) -> float:
    """The smallest value among the figures in one unit."""
    table = figures()
    return float(table.loc[table["unit"] == unit, "value"].min())


SECTION = "illuminating_the_road"
ENERGY = "station_generation_cumulative"

#: The figures of q9, one per programme or place the article describes: could someone
#: without a stake in them check them, and with what access?
TO_CHECK = (
    "college_faculty_from_hubei",
    "hubei_teachers_sent",
    "company_employees_ethnic",
    "company_local_jobs",
    "station_generation_cumulative",
    "county_sunshine_hours",
)

#: The kinds of access an independent check of a figure may need (q9): id -> what it means.
ACCESS: dict[str, str] = {
    "public_data": "published statistics or tables anyone can read, with no travel",
    "organisation_records": "records the organisation keeps (staff lists, payroll, meter "
                            "readings), released to an outside checker",
    "free_interviews": "visits to the place and interviews with the people counted, free to "
                       "speak and without minders",
    "nothing_to_count_yet": "a plan or a potential: nothing has happened yet that could be "
                            "counted",
}


def values_to_check() -> dict[str, float]:
    """The value of each figure of q9, from figures.csv, by id."""
    return {figure_id: figure(figure_id) for figure_id in TO_CHECK}


def qualifiers_to_check() -> dict[str, str]:
    """The qualifier of each figure of q9, from figures.csv, by id."""
    table = figures()
    return {figure_id: str(table.at[figure_id, "qualifier"]) for figure_id in TO_CHECK}


LESSON = Lesson(
    id="01_reading_numbers",
    title="Reading numbers: from text to a table",
    # What the notebook imports from the course: a grading process gets these (and what
    # they need) and nothing else of the lessons' modules.
    handouts=(
        "reading_numbers.lessons.reading_numbers.ACCESS",
        "reading_numbers.lessons.reading_numbers.TO_CHECK",
    ),
    exercises=(
        Exercise(
            id="q1",
            title="How many figures are in the table?",
            answer="n_figures",
            expected=lambda: len(figures()),
            unit="figures",
            hints=(
                "Each row of the table is one figure. How many rows does ck.figures() have?",
                "len(table) gives the number of rows of a DataFrame; the header is not a row.",
            ),
            solution="n_figures = len(ck.figures())  # one row per figure; the header is no row",
            mistakes=(
                Mistake(lambda e: e + 1, "One too many: did you count the lines of the CSV file? "
                        "Its first line is the header with the column names, not a figure."),
                Mistake(lambda e: e - 1, "One too few: pandas numbers rows from 0, so the last "
                        "row's position is one less than the number of rows. Use len(table)."),
            ),
        ),
        Exercise(
            id="q2",
            title="Figures in the section on the power station",
            answer="n_station",
            expected=lambda: count_in_section(SECTION),
            unit="figures",
            hints=(
                "Keep only the rows whose section is 'illuminating_the_road', then count them.",
                "table[table['section'] == 'illuminating_the_road'] keeps those rows; len() "
                "counts them.",
                "Or count every section at once with table['section'].value_counts() and read "
                "the right line.",
            ),
            solution="table = ck.figures()\n"
                     "n_station = len(table[table['section'] == 'illuminating_the_road'])",
            mistakes=(
                used(lambda: len(figures()),
                     "That is every figure in the table. Filter the rows of the section first."),
                used(lambda: int(figures()["section"].value_counts().max()),
                     "That is the largest section, small_nuts_big_changes. value_counts() sorts "
                     "by count, so the first line is not necessarily the section you want."),
                used(lambda: count_in_section("intro"),
                     "That is the introduction, the first section in article order. Pick the "
                     "row labelled illuminating_the_road."),
            ),
        ),
        Exercise(
            id="q3",
            title="Figures with a qualifier other than exact",
            answer="n_not_exact",
            expected=count_not_exact,
            unit="figures",
            hints=(
                "Count the rows whose qualifier is anything but 'exact'.",
                "The comparison table['qualifier'] != 'exact' is True for each such row; "
                "filter with it and count.",
                "True counts as 1, so (table['qualifier'] != 'exact').sum() also works.",
            ),
            solution="table = ck.figures()\n"
                     "n_not_exact = len(table[table['qualifier'] != 'exact'])",
            mistakes=(
                used(lambda: count_with_qualifier("exact"),
                     "That is the number of exact figures, the rest of the table. Count the "
                     "rows whose qualifier is NOT 'exact' (use !=)."),
                used(lambda: count_with_qualifier("more_than"),
                     "That counts only 'more_than'. The other qualifiers (less_than, about, "
                     "nearly, up_to) count too."),
                used(lambda: len(figures()),
                     "That is every figure. Keep only the rows whose qualifier is not 'exact'."),
            ),
        ),
        Exercise(
            id="q4",
            title="What 'more than 42 hectares' lets you conclude",
            answer="site_area_is",
            kind="choice",
            choices=BOUNDS,
            expected=lambda: conclusion("station_area"),
            hints=(
                "Could the real site be 50 hectares? Could it be 40?",
                "'More than 42' allows anything above 42 and nothing below it. So is 42 a "
                "floor or a ceiling?",
            ),
            solution="site_area_is = 'lower_bound': the site covers at least 42 hectares and "
                     "possibly much more; the text gives no upper limit.",
            mistakes=(
                Mistake("upper_bound", "That is the other way round. 'More than 42' means the "
                        "area is above 42: 42 is the floor, not the ceiling."),
                Mistake("approximate", "'About 42' would allow 41 as well as 43. 'More than 42' "
                        "rules out anything below 42 and sets no limit above."),
                Mistake("exact", "42 is not the area itself: the text says the area is larger, "
                        "by an amount it does not give."),
            ),
        ),
        Exercise(
            id="q5",
            title="What time the 200 million kWh covers",
            answer="generation_period",
            kind="choice",
            choices=("calendar_year", "rate", "running_total", "at_present", "not_stated"),
            expected=lambda: period_kind(ENERGY),
            hints=(
                "Look at the row station_generation_cumulative: its period column, and its note.",
                "The counting starts at grid connection in 2018 and runs up to the time of "
                "writing. Is that one year, a yearly amount, or a sum over several years?",
            ),
            solution="generation_period = 'running_total': the period is since_2018, so the "
                     "200 million kWh add up everything generated from grid connection (31 May "
                     "2018) to the time of writing.",
            mistakes=(
                Mistake("rate", "A rate is an amount per year or per month, like the 40 million "
                        "kWh a year the station can reach. The 200 million is a total over "
                        "several years."),
                Mistake("calendar_year", "2018 is when the counting started, not the year the "
                        "electricity was produced in. The figure adds up several years."),
                Mistake("at_present", "'At present' is for something that exists at one moment, "
                        "like a headcount. Electricity is produced over time: this is a total "
                        "up to the time of writing."),
                Mistake("not_stated", "The table does give a period for this figure: look at "
                        "its period column."),
            ),
        ),
        Exercise(
            id="q6",
            title="The largest amount of money",
            answer="largest_rmb",
            expected=lambda: largest("RMB"),
            unit="RMB",
            hints=(
                "Keep only the rows whose unit is 'RMB', then find the largest value.",
                "table[table['unit'] == 'RMB'] keeps the money figures; sort them with "
                ".sort_values('value', ascending=False), or take ['value'].max().",
            ),
            solution="table = ck.figures()\n"
                     "money = table[table['unit'] == 'RMB']\n"
                     "largest_rmb = money['value'].max()  # RMB 100 million (1e8), the sales "
                     "in 2020, stated as 'more than'",
            mistakes=(
                used(lambda: float(figures()["value"].max()),
                     "That is the largest value in the whole table, 200 million kilowatt hours "
                     "of electricity. Keep only the rows whose unit is 'RMB' first."),
                scaled(1000, "That is a thousand times too large: a billion is a thousand "
                       "million. 100 million is 100 000 000 (1e8), which is 0.1 billion."),
                scaled(1e-6, "That is the number of millions. Write the amount in yuan: "
                       "100 million is 100 000 000."),
                used(lambda: smallest("RMB"),
                     "That is the smallest amount of money. Sort in descending order "
                     "(ascending=False) or use .max()."),
            ),
        ),
        Exercise(
            id="q7",
            title="200 million in scientific notation",
            answer="power_of_ten",
            expected=lambda: exponent(figure(ENERGY)),
            hints=(
                "Scientific notation writes a number as a x 10^n with a between 1 and 10.",
                "A million is 10^6, and 200 is 2 x 10^2. Multiply: 2 x 10^2 x 10^6.",
                "When you multiply powers of ten, add the exponents. In Python, "
                "f'{200_000_000:.0e}' shows '2e+08'.",
            ),
            solution="power_of_ten = 8  # 200 million = 2 x 10^2 x 10^6 = 2 x 10^8; "
                     "in code: math.floor(math.log10(ck.figure('station_generation_cumulative')))",
            mistakes=(
                used(lambda: n_digits(figure(ENERGY)),
                     "That is the number of digits of 200 000 000. The exponent is one less: "
                     "1 followed by 8 zeros is 10^8, and it has 9 digits."),
                Mistake(lambda e: e - 2, "10^6 is one million, but the number is 200 million: "
                        "200 = 2 x 10^2 adds 2 to the exponent."),
                Mistake(lambda e: e + 3, "That is 200 billion. A billion is a thousand million "
                        "(10^9); 200 million is 0.2 billion."),
            ),
        ),
        Exercise(
            id="q8",
            title="The same electricity in gigawatt hours",
            answer="generation_gwh",
            expected=lambda: convert_energy(figure(ENERGY), "kWh", "GWh"),
            tolerance=0.5,
            unit="GWh",
            hints=(
                "Each step kWh -> MWh -> GWh divides by 1000: a gigawatt hour is a million "
                "kilowatt hours.",
                "Use ck.convert_energy(value, 'kWh', 'GWh').",
            ),
            solution="generation_gwh = ck.convert_energy(ck.figure('station_generation_"
                     "cumulative'), 'kWh', 'GWh')  # 2e8 / 1e6 = 200 GWh",
            mistakes=(
                scaled(1000, "That is in megawatt hours (MWh). A gigawatt hour is a thousand "
                       "MWh: divide by 1000 again."),
                scaled(1 / 1000, "That is in terawatt hours (TWh), a thousand times too small. "
                       "A gigawatt hour is a million kWh."),
                scaled(1e6, "That is still in kilowatt hours. Divide by a million to get GWh."),
            ),
        ),
        Exercise(
            id="q9",
            title="Which figures could someone else check, and with what access?",
            answer="checkable",
            kind="table",
            points=2,
            partial_credit=True,  # each requirement met earns its share
            hints=(
                "Start from the table: table.loc[list(TO_CHECK), ['value', 'qualifier']]"
                ".reset_index() gives one row per figure, with its id as a column.",
                "Add the two columns as lists in the same order as TO_CHECK: "
                "rows['independent source'] = [...] and rows['access'] = [...].",
                "For each figure ask: who, other than the people quoted, counts or measures "
                "this for a reason of their own? What would they have to be allowed to see?",
            ),
            solution=("checkable = table.loc[list(TO_CHECK), ['value', 'qualifier']]"
                      ".reset_index()\n"
                      "checkable['independent source'] = ['staff lists of the college', "
                      "'the Hubei colleges: records of postings', 'the company payroll, and its "
                      "staff', 'the people placed, traced one by one', 'the grid company: "
                      "purchase records', 'national climate tables']\n"
                      "checkable['access'] = ['organisation_records', 'organisation_records', "
                      "'free_interviews', 'free_interviews', 'organisation_records', "
                      "'public_data']  # one defensible set; the access column is discussed, "
                      "not graded"),
            rules=(
                has_columns("id", "value", "qualifier", "independent source", "access"),
                row_count(lambda: len(TO_CHECK), "one row per figure in TO_CHECK"),
                lists_each_once("id", lambda: TO_CHECK, "figure id of TO_CHECK"),
                column_values("id", "value", values_to_check),
                column_values("id", "qualifier", qualifiers_to_check),
                filled_in("independent source", "the grid company's purchase records"),
                values_from("access", tuple(ACCESS)),
            ),
        ),
    ),
)
