"""Lesson 05, plausibility: checking a claim against physical limits and the text itself."""

from collections.abc import Callable

from coursekit import (
    HOURS_PER_YEAR,
    Criterion,
    Exercise,
    Lesson,
    Mistake,
    Rule,
    Snapshot,
    advisory,
    annual_daylight_hours,
    avoids,
    axis_top,
    complement,
    day_length,
    figure,
    fraction_for_percent,
    from_earlier,
    label_mentions,
    lines,
    names_any,
    scaled,
    share_percent,
    source_note,
    starts_at_zero,
    statement,
    states_number,
    used,
)
from reading_numbers.derived import (
    COUNTY_LATITUDE,
    SAHARA_SUNSHINE_PERCENT,
    SUNNIEST_SITES_PERCENT,
    hours_behind_beijing,
    local_solar_hour,
    max_daylight,
    observation_solar_hour,
    simple_max_daylight,
    sunshine_percent_of,
    sunshine_percent_of_max,
    verdict_on_sunshine,
)
from reading_numbers.vocabulary import ARTICLE_TITLE, VERDICTS

#: q9: ways of saying that the sunshine figure cannot be measured sunshine.
_NOT_MEASURED = ("implausible", "impossible", "unlikely", "cannot", "can't", "could not",
                 "couldn't", "not plausible", "not possible", "not realistic", "unrealistic",
                 "too high", "too close", "too much", "not a measurement", "not measured",
                 "not real", "not credible", "no station", "far above", "exceed", "formula",
                 "theoretical")

#: The days of the year of the June (21 June) and December (21 December) solstices in a
#: non-leap year.
JUNE_SOLSTICE_DAY = 172
DECEMBER_SOLSTICE_DAY = 355

#: Hours in a day: the top of a day-length chart's y axis.
HOURS_PER_DAY = 24

#: q5's answer follows from q4's: the stated sunshine as a percentage of the most daylight.
SHARE_OF_MAX = from_earlier(sunshine_percent_of, q4=max_daylight)

#: How far (in hours) a drawn day length or reference line may be from the computed one.
CHART_TOLERANCE = 0.05
#: How far past 24 hours the day-length chart's y axis may run, as a multiple of 24.
DAY_AXIS_MOST = 1.1


def day_lengths() -> list[float]:
    """The day length at the county's latitude on each day of an ordinary year, in hours."""
    return [day_length(COUNTY_LATITUDE, day) for day in range(1, 366)]


#: Ways of computing a year's possible daylight that could lie behind the article's figure
#: (q7): id -> how the hours are computed. ``possible_daylight_candidates`` gives the hours.
CANDIDATES: dict[str, str] = {
    "twelve_hours": "12 hours on each of 365 days (the rough estimate)",
    "no_refraction": "ck.day_length with horizon=0: sun's centre up, no bending by the air",
    "simple_sine": "the simple sine formula for the sun's declination",
    "accurate": "ck.day_length: the accurate maximum of q4",
}


def possible_daylight_candidates() -> dict[str, float]:
    """The yearly hours each way of computing possible daylight gives at the county's latitude."""
    no_refraction = sum(day_length(COUNTY_LATITUDE, day, horizon=0) for day in range(1, 366))
    hours = {"twelve_hours": 365 * 12.0, "no_refraction": no_refraction,
             "simple_sine": simple_max_daylight(), "accurate": max_daylight()}
    return {name: hours[name] for name in CANDIDATES}


def closest_candidate() -> str:
    """The way of computing possible daylight that comes closest to the article's figure."""
    stated = figure("county_sunshine_hours")
    candidates = possible_daylight_candidates()
    return min(candidates, key=lambda name: abs(candidates[name] - stated))


def stated_sunshine_per_day() -> float:
    """The article's yearly sunshine hours spread evenly over the 365 days of a year."""
    return figure("county_sunshine_hours") / 365


def _draws_day_lengths(snap: Snapshot) -> str | None:
    """None if a line on the chart has the day length of each day of the year, in day order."""
    wanted = day_lengths()
    for _days, hours in lines(snap):
        if len(hours) == len(wanted) and all(abs(drawn - right) <= CHART_TOLERANCE
                                             for drawn, right in zip(hours, wanted, strict=True)):
            return None
    return (f"No line shows the day length in hours for each day of the year, 1 to "
            f"{len(wanted)}, at {COUNTY_LATITUDE} degrees north (from {min(wanted):.2f} to "
            f"{max(wanted):.2f} h). Plot the 'hours' column of daylight against its 'day' "
            "column.")


def _horizontal_line(level: Callable[[], float], what: str) -> Rule:
    """The chart has a flat line at ``level()`` hours, such as a reference line."""
    def check(snap: Snapshot) -> str | None:
        value = level()
        for _xs, hours in lines(snap):
            if hours and all(abs(y - value) <= CHART_TOLERANCE / 5 for y in hours):
                return None
        return (f"There is no horizontal line at {value:.2f} hours ({what}). Draw one with "
                f"ax.axhline({value:.2f}).")
    return Rule(f"a horizontal line for {what}", check)


def _hours_minutes_as_decimal(hours: float) -> float:
    """14 h 47 min written as 14.47: minutes put after the decimal point."""
    whole = int(hours)
    return whole + round((hours - whole) * 60) / 100


LESSON = Lesson(
    id="05_plausibility",
    title="Plausibility: checking a claim against the limits",
    # What the notebook imports from the course: a grading process gets these (and what
    # they need) and nothing else of the lessons' modules.
    handouts=(
        "reading_numbers.derived.COUNTY_LATITUDE",
        "reading_numbers.derived.LATITUDE_SOURCE",
        "reading_numbers.derived.COUNTY_LONGITUDE",
        "reading_numbers.derived.SAHARA_SOURCE",
        "reading_numbers.derived.SAHARA_SUNSHINE_PERCENT",
        "reading_numbers.derived.SUNNIEST_SITES_PERCENT",
        "reading_numbers.derived.SUNSHINE_RECORDS_SOURCE",
        "reading_numbers.derived.hour_and_minute",
        "reading_numbers.derived.local_solar_hour",
        "reading_numbers.derived.latest_dated_event",
        "reading_numbers.derived.simple_max_daylight",
        "reading_numbers.derived.years_elapsed",
        "reading_numbers.derived.years_of_output",
        "reading_numbers.lessons.plausibility.CANDIDATES",
        "reading_numbers.lessons.plausibility.possible_daylight_candidates",
    ),
    exercises=(
        Exercise(
            id="q1",
            title="Stated sunshine as a share of the whole year",
            answer="sunshine_share_of_year",
            expected=lambda: share_percent(figure("county_sunshine_hours"), HOURS_PER_YEAR),
            tolerance=0.05,
            unit="percent",
            hints=(
                "The part is the stated sunshine hours; the whole is every hour of the year.",
                "Use ck.share_percent(part, whole) with part = ck.figure('county_sunshine_hours') "
                "and whole = hours_in_year from the cell above.",
            ),
            solution="sunshine_share_of_year = ck.share_percent(ck.figure('county_sunshine_hours'),"
                     " hours_in_year)  # 4,434.7 / 8,760 x 100 = 50.6 percent",
            mistakes=(
                fraction_for_percent(),
                used(lambda: share_percent(figure("county_sunshine_hours"), 366 * 24),
                     "You divided by the hours of a leap year. Use 365 days x 24 hours."),
                used(lambda: share_percent(figure("county_sunshine_hours"), 365 * 12),
                     "You divided by 12 hours a day, so the result is over 100 percent. The whole "
                     "is every hour of the year, 24 a day."),
                complement(),
            ),
        ),
        Exercise(
            id="q2",
            title="The longest day at the county's latitude",
            answer="longest_day",
            expected=lambda: day_length(COUNTY_LATITUDE, JUNE_SOLSTICE_DAY),
            tolerance=0.01,
            unit="h",
            hints=(
                "ck.day_length(latitude, day_of_year) gives the hours from sunrise to sunset.",
                "The June solstice, 21 June, is day 172 of an ordinary year; the latitude is "
                "COUNTY_LATITUDE.",
                "longest_day = ck.day_length(COUNTY_LATITUDE, 172). Keep it in decimal hours.",
            ),
            solution="longest_day = ck.day_length(COUNTY_LATITUDE, 172)  # 14.78 hours, "
                     "about 14 h 47 min",
            mistakes=(
                scaled(60, "That is the day length in minutes. The question asks for hours "
                           "(a decimal number such as 14.5)."),
                Mistake(_hours_minutes_as_decimal,
                        "That looks like hours and minutes written as a decimal (14 h 47 min is "
                        "not 14.47 h). Give decimal hours: 47 minutes is 47/60 = 0.78 h."),
                used(lambda: day_length(COUNTY_LATITUDE, DECEMBER_SOLSTICE_DAY),
                     "That is the shortest day, the December solstice (or the June solstice at "
                     "37.8 degrees south). Use day 172 and a positive latitude for the north."),
                Mistake(lambda e: 24 - e,
                        "That is the length of the night: 24 hours minus the day."),
            ),
        ),
        Exercise(
            id="q3",
            title="A chart of day length through the year",
            answer="day_chart",
            kind="chart",
            hints=(
                "Start with fig, ax = plt.subplots(figsize=(8, 4)), then sns.lineplot(data="
                "daylight, x='day', y='hours', hue='series', palette='colorblind', ax=ax).",
                "ax.set_ylim(0, 24) shows the whole day. ax.axhline(12, ...) and "
                "ax.axhline(stated_per_day, ...) draw the two flat lines; give each a label=... "
                "for the legend.",
                "Name both axes with ax.set_xlabel and ax.set_ylabel (the y unit is hours), add "
                "fig.text(0.01, -0.06, 'Source: ...'), then assign day_chart = ax.",
            ),
            solution="fig, ax = plt.subplots(figsize=(8, 4)); sns.lineplot(data=daylight, "
                     "x='day', y='hours', hue='series', palette='colorblind', ax=ax); "
                     "ax.axhline(stated_per_day, linestyle='--', label='stated sunshine, "
                     "averaged per day'); ax.axhline(12, color='grey', linestyle=':', "
                     "label='12 hours'); ax.set_ylim(0, 24); ax.set_xlabel('day of the year'); "
                     "ax.set_ylabel('hours per day'); ax.legend(); fig.text(0.01, -0.06, "
                     "\"Source: ck.day_length; stated sunshine from 'Empowering Xinjiang'\"); "
                     "day_chart = ax",
            rules=(
                Rule("a line of the day lengths through the year", _draws_day_lengths),
                starts_at_zero("y"),
                axis_top("y", lambda: HOURS_PER_DAY, DAY_AXIS_MOST, "the whole day"),
                label_mentions("y", ["hour", "(h)"], "the unit, hours"),
                label_mentions("x", ["day", "date", "month"], "what the x axis counts"),
                _horizontal_line(lambda: 12, "12 hours, half a day"),
                _horizontal_line(stated_sunshine_per_day,
                                 "the stated sunshine averaged per day"),
                source_note([ARTICLE_TITLE], "the article the stated sunshine comes from"),
            ),
        ),
        Exercise(
            id="q4",
            title="The most daylight the latitude allows in a year",
            answer="max_daylight",
            expected=max_daylight,
            tolerance=1,
            unit="h",
            hints=(
                "If the sun shone every minute it is above the horizon, the yearly sunshine would "
                "be the sum of all 365 day lengths.",
                "ck.annual_daylight_hours(latitude) adds the day lengths up for you.",
            ),
            solution="max_daylight = ck.annual_daylight_hours(COUNTY_LATITUDE)  # about 4,451 "
                     "hours",
            mistakes=(
                used(lambda: 365 * 12,
                     "You assumed 12 hours of daylight every day. At this latitude days run from "
                     "under 10 to nearly 15 hours; add the real day lengths with "
                     "ck.annual_daylight_hours."),
                used(lambda: figure("county_sunshine_hours"),
                     "That is the article's figure. Compute the maximum from the day lengths "
                     "instead; comparing the two is the next step."),
                used(lambda: annual_daylight_hours(COUNTY_LATITUDE, 366),
                     "You added up 366 days. Use an ordinary year of 365."),
                scaled(1 / 365, "That is the average length of one day. The question asks for "
                                "the total over the year."),
                scaled(60, "That is the total in minutes. The question asks for hours."),
            ),
        ),
        Exercise(
            id="q5",
            title="Stated sunshine as a share of the maximum",
            answer="sunshine_share_of_max",
            expected=SHARE_OF_MAX,
            tolerance=0.05,
            unit="percent",
            hints=(
                "The part is the stated sunshine; the whole is now the most daylight possible "
                "(q4), not all the hours of the year.",
                "Use ck.share_percent(ck.figure('county_sunshine_hours'), max_daylight). One "
                "decimal is enough: the maximum itself is known to within an hour or so.",
            ),
            solution="sunshine_share_of_max = ck.share_percent(ck.figure('county_sunshine_hours'),"
                     " max_daylight)  # 4,434.7 / 4,451 x 100 = 99.6 percent",
            mistakes=(
                fraction_for_percent(),
                used(lambda: share_percent(figure("county_sunshine_hours"), HOURS_PER_YEAR),
                     "You divided by all the hours of the year: that was q1. Divide by the most "
                     "daylight possible, max_daylight from q4."),
                used(lambda: share_percent(figure("county_sunshine_hours"), 365 * 12),
                     "You divided by 12 hours a day. Divide by the real maximum, max_daylight "
                     "from q4."),
                used(lambda: share_percent(max_daylight(), figure("county_sunshine_hours")),
                     "That is just above 100: you divided the maximum by the stated figure, the "
                     "wrong way round. Divide the stated hours by the maximum."),
                used(lambda: 100,
                     "Rounded to a whole percent the answer looks like all of the maximum, which "
                     "hides the gap that matters here. Keep one decimal."),
                complement(),
            ),
        ),
        Exercise(
            id="q6",
            title="A verdict on 4,434.7 hours of sunshine",
            answer="verdict_sunshine",
            kind="choice",
            choices=VERDICTS,
            expected=from_earlier(verdict_on_sunshine, credit=0.5, q5=SHARE_OF_MAX),
            hints=(
                "Measured sunshine counts only the minutes when the sun is strong enough to "
                "register. Could it come close to every minute the sun is above the horizon?",
                f"The sunniest US stations record about {SUNNIEST_SITES_PERCENT} percent of "
                "the possible daylight at best, and the figure often quoted for the sunniest "
                f"region on Earth, the eastern Sahara, is about {SAHARA_SUNSHINE_PERCENT} "
                "percent (section 4 gives the sources). What share of the maximum does the "
                "article state (q5)?",
            ),
            solution="verdict_sunshine = 'implausible': as measured sunshine, 4,434.7 hours is "
                     "99.6 percent of the daylight the latitude allows, above the "
                     f"{SUNNIEST_SITES_PERCENT} percent the sunniest US stations record and "
                     f"above even the {SAHARA_SUNSHINE_PERCENT} percent often quoted for the "
                     "eastern Sahara. It would need a cloudless sky and a full-strength sun from "
                     "sunrise to sunset on almost every day of the year, with no mountain ever "
                     "shading the recorder.",
            mistakes=(
                Mistake("consistent", "It is close to the astronomical maximum. That is the "
                        "trouble: measured sunshine always falls well short of the maximum, so as "
                        "a record of sunshine it does not check out."),
                Mistake("rounded", "The figure is given to a tenth of an hour and is not a "
                        "rounding of anything else in the text. Rounding is not the issue."),
                Mistake("inconsistent", "No other figure in the article contradicts it. The "
                        "problem is a limit of the physical world, which the vocabulary calls "
                        "implausible."),
                Mistake("unverifiable", "True, the exact sunshine needs the weather station's "
                        "records. But you can already say this figure is too high to be measured "
                        "sunshine: it is nearly all of the possible daylight, more than even the "
                        "eastern Sahara is said to get."),
            ),
        ),
        Exercise(
            id="q7",
            title="Which computation reproduces the article's figure?",
            answer="closest_computation",
            kind="choice",
            choices=tuple(CANDIDATES),
            expected=closest_candidate,
            hints=(
                "Subtract the stated hours from each row of candidates['hours'] and look at the "
                "size of the difference, whatever its sign.",
                "(candidates['hours'] - ck.figure('county_sunshine_hours')).abs().idxmin() gives "
                "the id of the closest row.",
            ),
            solution="closest_computation = (candidates['hours'] - "
                     "ck.figure('county_sunshine_hours')).abs().idxmin()  # 'simple_sine': "
                     "about half an hour from the stated figure, the accurate sum about 16 hours",
            mistakes=(
                Mistake("accurate", "The accurate maximum is the right ceiling for the verdict, "
                        "but it is further from the stated figure than another row. Compare the "
                        "size of every difference, not only the sign."),
                Mistake("twelve_hours", "12 hours a day is only the rough estimate, and it is "
                        "far below the stated figure. Compare the size of every difference."),
                Mistake("no_refraction", "Without the bending by the air the days are shorter, "
                        "and this row falls well below the stated figure. Compare the size of "
                        "every difference."),
            ),
        ),
        Exercise(
            id="q8",
            title="Six in the evening, Beijing time, as local solar time",
            answer="solar_hour",
            expected=observation_solar_hour,
            tolerance=0.02,
            unit="hours (local solar time)",
            hints=(
                "The clock hour is sunlight_observation_time. Beijing time is solar time on the "
                "meridian 120 degrees east; the county lies at COUNTY_LONGITUDE.",
                "The sun crosses 15 degrees of longitude an hour. How many hours does it need "
                "from 120 degrees east to the county?",
                "solar_hour = ck.figure('sunlight_observation_time') - (120 - COUNTY_LONGITUDE) "
                "/ 15",
            ),
            solution="solar_hour = ck.figure('sunlight_observation_time') - (120 - "
                     "COUNTY_LONGITUDE) / 15  # 18 - 44.8 / 15 = 18 - 2.99 = 15.01: about three "
                     "in the afternoon by the sun",
            mistakes=(
                used(lambda: figure("sunlight_observation_time"),
                     "That is the clock time itself. China keeps Beijing time everywhere, and "
                     "the county lies far to the west of Beijing's meridian: the sun there is "
                     "hours behind the clock."),
                used(lambda: figure("sunlight_observation_time") + hours_behind_beijing(),
                     "The sun is behind the clock in the west, not ahead of it: subtract the "
                     "hours, do not add them."),
                used(lambda: local_solar_hour(figure("sunlight_observation_time"), longitude=0),
                     "That is the time in UTC, on the meridian of Greenwich. The county is at "
                     "75 degrees east: count the hours from 120 degrees east to the county."),
            ),
        ),
        Exercise(
            id="q9",
            title="In words: why the sunshine figure cannot be measured sunshine",
            answer="sunshine_in_words",
            kind="written",
            points=3,
            hints=(
                "Compare the stated hours with the most daylight the latitude allows, in percent.",
                "Then compare that percent with what the sunniest weather stations measure.",
                "Say what the numbers show, not what anyone intended.",
            ),
            solution="See the model answer in the solution notebook: the figure is 99.6 percent "
                     "of the astronomical maximum, far above the share any station measures, so "
                     "it is implausible as measured sunshine (and matches a simple formula).",
            rubric=(
                # What the numbers show is said in many ways; an answer that says it in none of
                # these waits for the teacher (a false alarm costs the teacher a look, never the
                # learner a point), and one that calls the figure believable loses every point.
                statement(_NOT_MEASURED, "what the numbers show (that the figure cannot be "
                          "measured sunshine)"),
                states_number(sunshine_percent_of_max, 0.1, "the article's hours as a percent of "
                              "the astronomical maximum (one decimal)",
                              of=(("maximum",), ("possible",), ("daylight",), ("astronomical",),
                                  ("latitude",))),
                names_any(("sunniest", "station"), "the comparison with what the sunniest "
                          "stations measure", polarity="either"),
                # The targeted misconception: concluding that the figure is believable. Said
                # (not denied), it takes every machine point.
                avoids(("plausible", "realistic", "believable", "credible", "normal", "fine"),
                       "99.6 percent of the daylight maximum is far above what any station "
                       "measures: the figure is implausible as measured sunshine", points=2),
                # Tone is the teacher's: a word list cannot judge it (it misses loaded words and
                # would mark down a denial). What the list finds is advice to the learner.
                advisory(Criterion(
                    "explains why measured sunshine stays well below the daylight maximum "
                    "(clouds, haze, the sun too low near sunrise and sunset), in neutral words",
                    1, avoids(("lie", "lying", "fake", "fabricated", "invented", "made up",
                               "propaganda", "cheat", "deceive"),
                              "the numbers show the figure is implausible as measured "
                              "sunshine; they say nothing about anyone's intent").check),
                    "1: a physical reason, keeping to what the numbers show; 0.5: only 'it is "
                    "too close to the maximum', or words about anyone's intent ('fake', 'lie', "
                    "'propaganda'); 0: none"),
            ),
        ),
    ),
)
