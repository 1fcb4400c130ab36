"""Ready-made :class:`~coursekit.model.exercises.Mistake` s for the slips courses keep meeting."""

from __future__ import annotations

from collections.abc import Callable

from coursekit.model.exercises import Mistake

__all__ = [
    "change_for_multiple",
    "complement",
    "fraction_for_percent",
    "inverted",
    "multiple_for_change",
    "new_as_percent_of_old",
    "percent_for_fraction",
    "scaled",
    "used",
]


def fraction_for_percent() -> Mistake:
    """A fraction (0.889) given where a percentage (88.9) is asked."""
    return Mistake(lambda e: e / 100, "That looks like a fraction, not a percentage: "
                   "multiply by 100 (0.25 is 25 percent).",
                   name="a fraction, not a percentage")


def percent_for_fraction() -> Mistake:
    """A percentage (88.9) given where a fraction (0.889) is asked."""
    return Mistake(lambda e: e * 100, "That looks like a percentage, but a fraction between "
                   "0 and 1 is asked: divide by 100.",
                   name="a percentage, not a fraction")


def complement() -> Mistake:
    """The other part of the whole (11.1 instead of 88.9 percent)."""
    return Mistake(lambda e: 100 - e, "That is the complement: the share of the rest, not of "
                   "the group asked about. The two add up to 100 percent.",
                   name="the complement, the share of the rest")


def inverted(what: str) -> Mistake:
    """The ratio divided the wrong way round; ``what`` names the intended ratio."""
    return Mistake(lambda e: 1 / e, f"That is the ratio the other way round: {what}. "
                   "Swap numerator and denominator.",
                   name="the ratio the other way round")


def scaled(factor: float, message: str) -> Mistake:
    """The answer off by a fixed factor, such as 1000 for kWh vs MWh."""
    return Mistake(lambda e: e * factor, message)


def change_for_multiple() -> Mistake:
    """A percent change (+200) given where a multiple (x3) is asked."""
    return Mistake(lambda e: 100 * (e - 1), "That is the percent change, not the multiple: "
                   "+200 percent means three times as much, so the multiple is 3.",
                   name="a percent change, not a multiple")


def multiple_for_change() -> Mistake:
    """A multiple (3) given where a percent change (+200) is asked."""
    return Mistake(lambda e: e / 100 + 1, "That is the multiple, not the percent change: three "
                   "times as much is +200 percent, because the change is new minus old.",
                   name="a multiple, not a percent change")


def used(wrong: Callable[[], float], message: str) -> Mistake:
    """A specific wrong computation, e.g. the wrong denominator, worked out from the data."""
    return Mistake(lambda _e: wrong(), message)


def new_as_percent_of_old() -> Mistake:
    """The new value as a percentage of the old (300) given for a percent change (+200)."""
    return Mistake(lambda e: e + 100, "That is the new value as a percentage of the old one; the "
                   "change is that minus 100 (300 percent of the old value is +200 percent).",
                   name="the new value as a percentage of the old")
