"""Lesson 04, from kilowatt hours to yuan: the exercises, their hints, solutions and mistakes."""

from __future__ import annotations

from coursekit import (
    HOURS_PER_YEAR,
    Exercise,
    Lesson,
    advisory,
    capacity_factor,
    convert_energy,
    denies,
    figure,
    fraction_for_percent,
    full_load_hours,
    inverted,
    per_unit,
    ratio,
    revenue_per_kwh,
    scaled,
    statement,
    states_number,
    teacher,
    used,
    years_between,
)
from reading_numbers.derived import (
    build_decision,
    grid_connection,
    latest_dated_event,
    years_elapsed,
    years_of_output,
)

#: ASSUMPTION, not in the article: the rated power of one module, in watts. The notebook
#: states the same value; modules of the station's era were typically rated 250 to 300 W.
ASSUMED_MODULE_WATTS = 275
#: ASSUMPTION, not in the article: the range of module ratings the lesson explores.
MODULE_WATTS_RANGE = (250, 300)
#: Hours in a leap year (366 x 24): a slip the capacity factor's feedback names.
LEAP_YEAR_HOURS = 8784
#: Square metres in one hectare (a unit definition, not an article figure).
M2_PER_HA = 10_000
#: Decimals the yuan-per-kWh answer (q2) must keep; any rounding to this many is accepted.
YUAN_PER_KWH_DECIMALS = 3


def annual_mwh() -> float:
    """The station's stated annual generation, in megawatt hours."""
    return convert_energy(figure("station_generation_annual"), "kWh", "MWh")


def yuan_per_kwh() -> float:
    """Annual profits and taxes divided by annual generation, in yuan per kWh."""
    return revenue_per_kwh(figure("station_profits_taxes_annual"),
                           figure("station_generation_annual"))


def policy_total_million() -> float:
    """Profits and taxes over the whole policy period, in millions of yuan."""
    return figure("station_profits_taxes_annual") * figure("policy_duration") / 1e6


def land_per_module_m2() -> float:
    """Site area per module, in square metres."""
    return per_unit(figure("station_area") * M2_PER_HA, figure("station_modules"))


def capacity_kw(watts: float = ASSUMED_MODULE_WATTS) -> float:
    """Estimated capacity in kW: modules times an ASSUMED rating in watts, over 1000."""
    return figure("station_modules") * watts / 1000


def station_capacity_factor(watts: float = ASSUMED_MODULE_WATTS) -> float:
    """Capacity factor in percent of the stated annual generation at an assumed module rating."""
    return capacity_factor(figure("station_generation_annual"), capacity_kw(watts))


def yuan_per_person() -> float:
    """Annual profits and taxes spread evenly over the people the article names, yuan a year."""
    return per_unit(figure("station_profits_taxes_annual"), figure("station_beneficiaries"))


LESSON = Lesson(
    id="04_energy_to_revenue",
    title="From kilowatt hours to yuan",
    exercises=(
        Exercise(
            id="q1",
            title="The annual generation in megawatt hours",
            answer="annual_mwh",
            expected=annual_mwh,
            tolerance=1,
            unit="MWh",
            hints=(
                "A megawatt hour is bigger than a kilowatt hour, so the number gets smaller.",
                "1 MWh = 1,000 kWh: divide the kWh by 1,000.",
                "Or let coursekit do it: ck.convert_energy(value, 'kWh', 'MWh').",
            ),
            solution="annual_mwh = ck.convert_energy(ck.figure('station_generation_annual'), "
                     "'kWh', 'MWh')  # 40,000,000 kWh / 1,000 = 40,000 MWh (= 40 GWh)",
            mistakes=(
                scaled(1000, "That is still the number of kilowatt hours. Divide by 1,000 to "
                       "get megawatt hours."),
                scaled(1 / 1000, "That is gigawatt hours (1 GWh = 1,000,000 kWh). Megawatt "
                       "hours are 1,000 kWh each: divide by 1,000 only once."),
                scaled(1e6, "You multiplied by 1,000 instead of dividing. A bigger unit needs "
                       "a smaller number."),
            ),
        ),
        Exercise(
            id="q2",
            title="Profits and taxes per kilowatt hour",
            answer="yuan_per_kwh",
            expected=yuan_per_kwh,
            tolerance=0.5 * 10**-YUAN_PER_KWH_DECIMALS,
            unit="yuan per kWh",
            hints=(
                "'Per kWh' means: money divided by kilowatt hours.",
                "Use the yearly money (station_profits_taxes_annual) and the yearly energy "
                "(station_generation_annual): both must cover the same year.",
                "ck.revenue_per_kwh(money, energy_kwh) does the division. Keep at least "
                f"{YUAN_PER_KWH_DECIMALS} decimals: a coarser rounding is outside the tolerance.",
            ),
            solution="yuan_per_kwh = ck.revenue_per_kwh(ck.figure('station_profits_taxes_annual'), "
                     "ck.figure('station_generation_annual'))  # 10,230,000 / 40,000,000 = "
                     "0.256 yuan per kWh",
            mistakes=(
                scaled(1000, "That is yuan per megawatt hour: one MWh is 1,000 kWh, so the "
                       "money per MWh is 1,000 times larger. Divide by the energy in kWh."),
                inverted("kilowatt hours per yuan"),
                used(lambda: revenue_per_kwh(figure("station_profits_taxes_annual"),
                                             figure("station_generation_cumulative")),
                     "You divided one year's money by the energy of several years (the running "
                     "total since 2018). Use the annual generation."),
            ),
        ),
        Exercise(
            id="q3",
            title="Twenty years of profits and taxes",
            answer="policy_total",
            expected=policy_total_million,
            tolerance=0.05,
            unit="million yuan",
            hints=(
                "The yearly amount repeats for every year the policy runs.",
                "Multiply station_profits_taxes_annual by policy_duration.",
                "The answer is asked in millions of yuan: divide the yuan by 1,000,000.",
            ),
            solution="policy_total = ck.figure('station_profits_taxes_annual') * "
                     "ck.figure('policy_duration') / 1e6  # 10.23 million x 20 = 204.6 million "
                     "yuan, if every year matches the average",
            mistakes=(
                scaled(1 / 20, "That is one year's amount. The policy runs for 20 years: "
                       "multiply by policy_duration."),
                scaled(1e6, "That is the total in yuan. The question asks for millions of "
                       "yuan: divide by 1,000,000."),
                used(lambda: figure("station_generation_annual") * figure("policy_duration") / 1e6,
                     "You multiplied the kilowatt hours, not the yuan. Use the profits and "
                     "taxes figure."),
            ),
        ),
        Exercise(
            id="q4",
            title="How many years' worth is the running total?",
            answer="years_of_output",
            expected=years_of_output,
            tolerance=0.01,
            unit="years",
            hints=(
                "How many times does one year's generation fit into the running total?",
                "Divide station_generation_cumulative by station_generation_annual. Both are "
                "in kWh, so the units cancel and leave 'years'.",
            ),
            solution="years_of_output = ck.ratio(ck.figure('station_generation_cumulative'), "
                     "ck.figure('station_generation_annual'))  # 200 million / 40 million = 5 "
                     "years; at least 5, since the total is 'more than' 200 million",
            mistakes=(
                inverted("the share of the running total that one year makes up"),
                scaled(1000, "One of your two figures was in MWh and the other in kWh. Put "
                       "both in the same unit before dividing."),
                scaled(1 / 1000, "One of your two figures was in MWh and the other in kWh. Put "
                       "both in the same unit before dividing."),
            ),
        ),
        Exercise(
            id="q5",
            title="Years from grid connection to the latest dated event",
            answer="years_elapsed",
            expected=years_elapsed,
            tolerance=0.01,
            unit="years",
            hints=(
                "The grid connection date and the latest dated event are both in ck.timeline(), "
                "in the 'start' column.",
                "Subtract the two timestamps: the result has a .days attribute.",
                "Divide the days by 365.25 (an average year, leap years included).",
            ),
            solution="tl = ck.timeline(); connected = tl.loc[tl['event'].str.contains('grid'), "
                     "'start'].iloc[0]; latest = tl['start'].max(); years_elapsed = "
                     "(latest - connected).days / 365.25  # 31 May 2018 to 1 February 2023: "
                     "1,707 days = 4.67 years",
            mistakes=(
                used(lambda: latest_dated_event().year - grid_connection().year,
                     "You subtracted the calendar years. From 31 May 2018 to February 2023 is "
                     "not yet five full years: count the days."),
                used(lambda: (latest_dated_event() - grid_connection()).days,
                     "That is the number of days. Divide by 365.25 to get years."),
                scaled(12, "That is the time in months. Divide by 12, or divide the days by "
                       "365.25."),
                used(lambda: years_between(build_decision(), latest_dated_event()),
                     "You started from the decision to build in June 2017. Generation starts at "
                     "grid connection, on 31 May 2018."),
            ),
        ),
        Exercise(
            id="q6",
            title="Land per module",
            answer="land_per_module",
            expected=land_per_module_m2,
            tolerance=0.01,
            unit="square metres per module",
            hints=(
                "Per module means: area divided by the number of modules.",
                "The area is in hectares, the answer is asked in square metres. "
                "1 hectare = 100 m x 100 m = 10,000 square metres.",
                "ck.per_unit(ck.figure('station_area') * 10_000, ck.figure('station_modules')).",
            ),
            solution="land_per_module = ck.per_unit(ck.figure('station_area') * 10_000, "
                     "ck.figure('station_modules'))  # 420,000 m2 / 77,760 = 5.40 m2 per module, "
                     "at least, since the site is 'more than' 42 ha",
            mistakes=(
                scaled(1 / M2_PER_HA, "That is in hectares per module. Multiply the hectares "
                       "by 10,000 to get square metres."),
                scaled(1 / 10, "A hectare is 10,000 square metres (100 m x 100 m), not 1,000."),
                inverted("modules per square metre"),
                used(lambda: ratio(figure("station_modules"), figure("station_area")),
                     "That is modules per hectare: the division is the other way round, and "
                     "the unit should be square metres."),
            ),
        ),
        Exercise(
            id="q7",
            title="Capacity factor at the assumed module rating",
            answer="capacity_factor",
            expected=station_capacity_factor,
            tolerance=0.05,
            unit="percent",
            hints=(
                "First the capacity in kW: modules x ASSUMED_MODULE_WATTS / 1000.",
                "Then ck.capacity_factor(energy_kwh, capacity_kw) compares the year's energy "
                "with what full power for all 8,760 hours of the year would give.",
                "The answer is a percentage: between 0 and 100.",
            ),
            solution="capacity_kw = ck.figure('station_modules') * ASSUMED_MODULE_WATTS / 1000; "
                     "capacity_factor = ck.capacity_factor(ck.figure('station_generation_annual'), "
                     "capacity_kw)  # 21,384 kW; 40,000,000 / 21,384 = 1,871 full-load hours; "
                     "1,871 / 8,760 = 21.4 percent",
            mistakes=(
                fraction_for_percent(),
                scaled(1 / 1000, "Your capacity was in watts, not kilowatts: divide modules x "
                       "watts by 1,000 before comparing it with kilowatt hours."),
                scaled(1000, "Your capacity was in megawatts, not kilowatts. Kilowatt hours "
                       "divided by kilowatts give hours; keep both in kilo-units."),
                used(lambda: full_load_hours(figure("station_generation_annual"), capacity_kw()),
                     "That is the number of full-load hours. The capacity factor divides them "
                     "by the 8,760 hours in a year, as a percentage."),
                used(lambda: capacity_factor(figure("station_generation_annual"), capacity_kw(),
                                             hours=figure("county_sunshine_hours")),
                     "You divided by the county's sunshine hours. The capacity factor compares "
                     f"with every hour of the year ({HOURS_PER_YEAR:,}), day and night."),
                used(lambda: capacity_factor(figure("station_generation_annual"), capacity_kw(),
                                             hours=LEAP_YEAR_HOURS),
                     f"You divided by the {LEAP_YEAR_HOURS:,} hours of a leap year. Yearly energy "
                     f"figures count an ordinary year: {HOURS_PER_YEAR:,} hours (365 x 24)."),
            ),
        ),
        Exercise(
            id="q8",
            title="Yuan per person, if split evenly",
            answer="yuan_per_person",
            expected=yuan_per_person,
            tolerance=0.5,
            unit="yuan per person per year",
            hints=(
                "Spread one year's money evenly over the people the article mentions.",
                "ck.per_unit(ck.figure('station_profits_taxes_annual'), "
                "ck.figure('station_beneficiaries')).",
            ),
            solution="yuan_per_person = ck.per_unit(ck.figure('station_profits_taxes_annual'), "
                     "ck.figure('station_beneficiaries'))  # 10,230,000 / 16,806 = 609 yuan per "
                     "person per year: an even split of the whole figure, not what anyone "
                     "is reported to receive",
            mistakes=(
                scaled(20, "That spreads all 20 years of the policy over the people. The "
                       "question asks for one year."),
                inverted("people per yuan"),
                used(lambda: per_unit(figure("station_profits_taxes_annual"),
                                      figure("station_employees")),
                     "You divided by the station's nine employees. The question is about the "
                     "16,806 people the article mentions."),
                used(lambda: per_unit(figure("station_generation_annual"),
                                      figure("station_beneficiaries")),
                     "You divided the kilowatt hours, not the yuan. Use the profits and taxes "
                     "figure."),
            ),
        ),
        Exercise(
            id="q9",
            title="In words: what the money per kilowatt hour is, and what it is not",
            answer="yuan_per_kwh_in_words",
            kind="written",
            points=3,
            hints=(
                "Start with the number, to two or three decimals, and its unit: yuan per "
                "kilowatt hour.",
                "Which two things were added up in the money figure? Is that what a buyer pays?",
            ),
            solution="See the model answer in the solution notebook: about 0.256 yuan of profits "
                     "and taxes per kWh, which is neither the price of the electricity nor the "
                     "station's profit.",
            rubric=(
                statement(("profit", "tax"), "the profits and taxes"),
                states_number(yuan_per_kwh, 0.0005, "the profits and taxes per kWh",
                              rounded_to=0.01, of=(("profit", "tax"),)),
                states_number(yuan_per_kwh, 0.0005, "the figure with its unit (yuan per "
                              "kilowatt hour)", points=0.5, rounded_to=0.01,
                              of=(("profit", "tax", "kWh"), ("profit", "tax", "kilowatt"))),
                # Learners say what the figure is not in open-ended ways ('differs from the
                # price', 'is something else'): the teacher scores it; a denial found is advice.
                advisory(denies(("the price", "a price", "the tariff", "a tariff",
                                 "the selling price", "price", "what customers pay",
                                 "what buyers pay", "what a buyer pays", "what consumers pay",
                                 "what people pay"), "the price of the electricity",
                                points=0.5),
                         "0.5: says the figure is not the price of the electricity (a denial, "
                         "'differs from', 'rather than'); 0: does not, or calls it the price"),
                teacher("explains why profits and taxes per kWh is neither the price of the "
                        "electricity nor the station's profit", 1,
                        "1: names both (taxes are not profit; the price also pays for costs); "
                        "0.5: one of them; 0: neither"),
            ),
        ),
    ),
)
