"""The fixed words of this course: the article's sections, the units of its figures, verdicts."""

__all__ = ["ARTICLE_TITLE", "SECTIONS", "UNITS", "VERDICTS"]

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
