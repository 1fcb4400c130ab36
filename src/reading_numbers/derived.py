"""Quantities derived from the article's figures that several lessons build on.

Each lesson module imports what it shares with others from here, never from another
lesson, so a lesson can change without breaking the ones after it.
"""

from __future__ import annotations

import math

import pandas as pd

from coursekit import (
    PERCENT_STEP_LIMIT,
    annual_daylight_hours,
    annualise,
    day_length_at_declination,
    event_start,
    figure,
    ratio,
    rounding_step,
    share_percent,
    timeline,
    years_between,
)


def company_share() -> float:
    """Percent of the company's staff of Uyghur and other ethnic minority groups."""
    return share_percent(figure("company_employees_ethnic"), figure("company_employees"))


def rounding_verdict(stated: float, exact: float) -> str:
    """For a percentage: 'consistent' if stated is exact to two decimals, 'rounded' if a
    rounding of it to at most the nearest ten, else 'inconsistent'."""
    step = rounding_step(stated, exact, largest=PERCENT_STEP_LIMIT)
    if step is None:
        return "inconsistent"
    return "consistent" if step <= 0.01 else "rounded"


def income_per_year() -> float:
    """The worker's current income scaled from his usual month to a year, in RMB."""
    return annualise(figure("worker_income_monthly"), "month")


def grid_connection() -> pd.Timestamp:
    """The day the power station was connected to the grid, from the timeline."""
    return event_start("Futa photovoltaic power station", "grid")


def build_decision() -> pd.Timestamp:
    """The start of the month the delegation decided to build the station, from the timeline."""
    return event_start("Shenzhen government delegation", "decides")


def latest_dated_event() -> pd.Timestamp:
    """The start of the latest dated event in the article: the earliest it can have been written."""
    return timeline()["start"].max()


def years_of_output() -> float:
    """How many years of the stated annual generation the cumulative total amounts to."""
    return ratio(figure("station_generation_cumulative"), figure("station_generation_annual"))


def years_elapsed() -> float:
    """Years from grid connection to the latest dated event in the article."""
    return years_between(grid_connection(), latest_dated_event())


#: Latitude of Taxkorgan county, in degrees north. OUTSIDE FACT, NOT FROM THE ARTICLE (the
#: article gives no coordinates): the county seat, Tashkurgan town, is at 37 degrees 46
#: minutes north (37.77), rounded here to 37.8. Source: LATITUDE_SOURCE.
COUNTY_LATITUDE = 37.8
#: Where COUNTY_LATITUDE comes from, to be quoted wherever the latitude is used.
LATITUDE_SOURCE = ("Wikipedia, articles 'Tashkurgan Tajik Autonomous County' and 'Tashkurgan' "
                   "(coordinates of the county seat: 37\u00b046\u2032 N, 75\u00b013\u2032 E)")

#: OUTSIDE FACT, NOT FROM THE ARTICLE: the sunniest weather stations of the United States
#: with long records measure about this percentage of the daylight their latitude allows.
#: Yuma, Arizona, the sunniest of them, averages 90 percent of possible sunshine over the
#: year; Phoenix and Las Vegas 85 (source: SUNSHINE_RECORDS_SOURCE). These records cover
#: US stations only; for the world, see SAHARA_SUNSHINE_PERCENT.
SUNNIEST_SITES_PERCENT = 90
#: Where SUNNIEST_SITES_PERCENT comes from, to be quoted wherever it is used.
SUNSHINE_RECORDS_SOURCE = ("NOAA National Climatic Data Center, Comparative Climatic Data for "
                           "the United States, table 'Mean percent of possible sunshine' (Yuma, "
                           "Arizona: 90 percent a year); the station records behind it are in "
                           "Steurer and Karl, Historical Sunshine and Cloud Data in the United "
                           "States, NDP-021, CDIAC (doi:10.3334/CDIAC/cli.ndp021)")
#: OUTSIDE FACT, NOT FROM THE ARTICLE: the figure often quoted for the sunniest region on
#: Earth, the eastern Sahara: about 4,300 hours of sunshine a year, some 97 percent of the
#: possible total (source: SAHARA_SOURCE). It is a round figure for a region, not one
#: station's record, and the highest share of possible sunshine the course knows a source for.
SAHARA_SUNSHINE_PERCENT = 97
#: Where SAHARA_SUNSHINE_PERCENT comes from, to be quoted wherever it is used.
SAHARA_SOURCE = ("The Irish Times, weather column 'Summing up the sunshine' "
                 "(https://www.irishtimes.com/news/summing-up-the-sunshine-1.78378): the "
                 "eastern Sahara, about 4,300 hours a year, 97 percent of the possible total")

#: Longitude of Taxkorgan county seat, in degrees east. OUTSIDE FACT, NOT FROM THE ARTICLE:
#: 75 degrees 13 minutes east (75.22), rounded to 75.2, from the same source as the
#: latitude (LATITUDE_SOURCE).
COUNTY_LONGITUDE = 75.2
#: China keeps one clock, Beijing time (UTC+8), whose noon is solar noon on the meridian
#: 120 degrees east (8 hours x 15 degrees an hour).
BEIJING_TIME_MERIDIAN = 120.0
#: Degrees of longitude the sun crosses in one hour (360 degrees in 24 hours).
DEGREES_PER_HOUR = 15.0


def local_solar_hour(clock_hour: float, longitude: float = COUNTY_LONGITUDE,
                     zone_meridian: float = BEIJING_TIME_MERIDIAN) -> float:
    """The local mean solar time of a clock time, in hours: what a sundial would roughly show.

    Every 15 degrees west of the time zone's meridian puts the sun an hour behind the clock.
    (The equation of time moves a sundial up to about a quarter of an hour either way over
    the year; mean solar time leaves that out.)

    >>> round(local_solar_hour(18), 2)  # six in the evening, Beijing time, at 75.2 E
    15.01
    """
    return clock_hour - (zone_meridian - longitude) / DEGREES_PER_HOUR


def hours_behind_beijing(longitude: float = COUNTY_LONGITUDE) -> float:
    """How many hours the sun at a longitude runs behind Beijing time (negative if ahead)."""
    return (BEIJING_TIME_MERIDIAN - longitude) / DEGREES_PER_HOUR


def observation_solar_hour() -> float:
    """The local solar time of the article's 'six o'clock in the evening' (Beijing time)."""
    return local_solar_hour(figure("sunlight_observation_time"))


def hour_and_minute(hours: float) -> str:
    """A time of day in hours as a clock reading: 15.013 -> '15:01'."""
    minutes = round(hours * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def max_daylight() -> float:
    """Most hours of daylight the county's latitude allows in a year (365 day lengths summed)."""
    return annual_daylight_hours(COUNTY_LATITUDE)


def cooper_declination(day_of_year: int) -> float:
    """The sun's declination in degrees by Cooper's simple sine formula (a textbook shortcut).

    A pure sine curve between -23.44 and +23.44 degrees, as if the Earth went round the sun
    at an even speed on a circle. The real orbit is an ellipse: the northern summer half of
    the year is about a week longer than the winter half, which this formula makes equal,
    so it is off by up to about a degree.

    >>> round(cooper_declination(172), 2)  # 21 June
    23.44
    """
    return 23.44 * math.sin(2 * math.pi * (284 + day_of_year) / 365)


def simple_max_daylight(latitude: float = COUNTY_LATITUDE) -> float:
    """The yearly daylight at a latitude by the SIMPLE SINE FORMULA, to compare with the article.

    The same sunrise equation as ``ck.day_length``, but with Cooper's declination, so it
    falls short of the accurate maximum (``max_daylight``) north of the equator.
    """
    return sum(day_length_at_declination(latitude, cooper_declination(day))
               for day in range(1, 366))


def sunshine_percent_of(most_hours: float) -> float:
    """The article's yearly sunshine hours as a percentage of a year's most possible hours."""
    return share_percent(figure("county_sunshine_hours"), most_hours)


def sunshine_percent_of_max() -> float:
    """The article's yearly sunshine hours as a percentage of the astronomical maximum."""
    return sunshine_percent_of(max_daylight())


def verdict_on_sunshine(percent_of_max: float) -> str:
    """'implausible' for sunshine that is more of the maximum than even the eastern Sahara, the
    sunniest region on Earth by the often-quoted figure, gets; else 'unverifiable'."""
    return "implausible" if percent_of_max > SAHARA_SUNSHINE_PERCENT else "unverifiable"


def sunshine_verdict() -> str:
    """The verdict on the stated sunshine (see :func:`verdict_on_sunshine`)."""
    return verdict_on_sunshine(sunshine_percent_of_max())


def generation_verdict() -> str:
    """'consistent' if the text's own dates allow the running total, else 'unverifiable'."""
    return "consistent" if years_elapsed() >= years_of_output() else "unverifiable"
