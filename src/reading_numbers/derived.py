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

#: OUTSIDE FACT, NOT FROM THE ARTICLE: the sunniest weather stations with long records
#: measure about this percentage of the daylight their latitude allows, and no more. Yuma,
#: Arizona, often named the sunniest place on Earth, averages 90 percent of possible
#: sunshine over the year; Phoenix and Las Vegas 85 (source: SUNSHINE_RECORDS_SOURCE).
#: Measured sunshine above this share of the maximum is not believable.
SUNNIEST_SITES_PERCENT = 90
#: Where SUNNIEST_SITES_PERCENT comes from, to be quoted wherever it is used.
SUNSHINE_RECORDS_SOURCE = ("NOAA National Climatic Data Center, Comparative Climatic Data for "
                           "the United States, table 'Mean percent of possible sunshine' (Yuma, "
                           "Arizona: 90 percent a year); the station records behind it are in "
                           "Steurer and Karl, Historical Sunshine and Cloud Data in the United "
                           "States, NDP-021, CDIAC (doi:10.3334/CDIAC/cli.ndp021)")


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
    """'implausible' for sunshine that is more of the maximum than any station measures."""
    return "implausible" if percent_of_max > SUNNIEST_SITES_PERCENT else "unverifiable"


def sunshine_verdict() -> str:
    """The verdict on the stated sunshine (see :func:`verdict_on_sunshine`)."""
    return verdict_on_sunshine(sunshine_percent_of_max())


def generation_verdict() -> str:
    """'consistent' if the text's own dates allow the running total, else 'unverifiable'."""
    return "consistent" if years_elapsed() >= years_of_output() else "unverifiable"
