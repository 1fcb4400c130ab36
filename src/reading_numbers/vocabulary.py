"""The fixed words of this course: the article's sections, the units of its figures, verdicts."""

__all__ = ["ARTICLE_TITLE", "BOUNDS", "QUALIFIER_BOUNDS", "SECTIONS", "UNITS", "VERDICTS",
           "reversed_bound"]

#: The four parts of the article, as the ``section`` column of the data names them.
SECTIONS = ("intro", "spreading_know_how", "small_nuts_big_changes", "illuminating_the_road")
#: The units a figure in ``figures.csv`` may have.
UNITS = (
    "person", "count", "RMB", "kWh", "ha", "m", "h", "percent", "t", "year", "month", "day",
    "time_of_day",
)
#: The verdicts on a claim that lessons 02, 05 and 07 use.
VERDICTS = ("consistent", "inconsistent", "rounded", "unverifiable", "implausible")
#: The article's title: what a chart's source note must name.
ARTICLE_TITLE = "Empowering Xinjiang"

#: What a stated number tells about the true value, in lessons 01 and 03: the number itself,
#: a floor (the truth is at least this), a ceiling (at most this), or a rough size either side.
BOUNDS = ("exact", "lower_bound", "upper_bound", "approximate")
#: The bound each qualifier of ``figures.csv`` makes of its figure.
QUALIFIER_BOUNDS = {
    "exact": "exact",
    "more_than": "lower_bound",
    "less_than": "upper_bound",
    "up_to": "upper_bound",
    "nearly": "upper_bound",
    "about": "approximate",
}


def reversed_bound(bound: str) -> str:
    """The bound of a result that falls as the bounded number rises: a floor becomes a ceiling."""
    return {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}.get(bound, bound)
