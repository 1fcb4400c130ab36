"""Numbers as learners write them: digits, separators, decimal commas, words, percent, multiples.

Number words become digits with ``text2num`` ("eighty-nine percent" -> "89 percent", "three
times" -> "3 times"); then each number is read with its precision (how many decimals it
states) and what follows it: a percent sign in any spelling, or a multiple (*times*, *fold*,
*x*). Thousands are grouped with commas, thin or non-breaking spaces ("4,434.7", "20 000");
a comma followed by one or two digits, or by three after a leading zero, is a decimal comma
("88,9 %", "0,256").

    >>> [(n.value, n.decimals, n.unit) for n in numbers("about eighty-nine percent, 0,256 yuan")]
    [(89.0, 0, 'percent'), (0.256, 3, '')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Number", "numbers"]

_NUMBER = re.compile(
    r"(?<![\w.,])(?P<sign>-)?(?:(?P<grouped>[1-9]\d{0,2}(?:(?P<sep>[,\u00a0\u202f\u2009 ])\d{3})"
    r"(?:(?P=sep)\d{3})*(?:\.\d+)?)|(?P<comma>\d+,\d{1,2}|0,\d+)|(?P<plain>\d+(?:\.\d+)?))"
    r"(?!\d|[.,]\d|[^\W\dx_]|x\w)")
_PERCENT = re.compile(r"\s*(?:%|per\s*-?\s*cent\b|pct\b|percentage\b)", re.IGNORECASE)
_MULTIPLE = re.compile(r"\s*(?:times\b|-?fold\b|x\b|\u00d7)", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A number found in a text: its value, the decimals it states, its unit, where it is."""

    value: float
    decimals: int
    unit: str  # "percent", "times" or ""
    start: int
    end: int
    written: str

    def rounds(self, value: float, step: float) -> bool:
        """Whether this number is ``value`` rounded to its own stated precision, no coarser
        than ``step`` (89 is 88.9 rounded to 1; 90 is not, at a step of 1)."""
        precision = 10.0 ** -self.decimals
        if precision > step + 1e-12:
            return False
        return abs(round(value / precision) * precision - self.value) < precision / 1000


def numbers(text: str) -> list[Number]:
    """The numbers in a text (number words read as digits), in order, with unit and precision.

    Positions refer to the text with its number words turned into digits."""
    digits = spelled_out(text)
    found = []
    for match in _NUMBER.finditer(digits):
        written = match.group()
        if match["grouped"] and match["sep"] == " " and not _plainly_grouped(written):
            found += _each_of(written, match.start())
            continue
        cleaned = written.lstrip("-")
        if match["grouped"]:
            cleaned = re.sub(r"[,\u00a0\u202f\u2009 ]", "", written)
        elif match["comma"]:
            cleaned = written.replace(",", ".")
        decimals = len(cleaned.partition(".")[2])
        rest = digits[match.end():]
        unit = "percent" if _PERCENT.match(rest) else "times" if _MULTIPLE.match(rest) else ""
        sign = -1 if match["sign"] else 1
        found.append(Number(sign * float(cleaned), decimals, unit, match.start(), match.end(),
                            written))
    return [n for n in found if n.written]


def _plainly_grouped(written: str) -> bool:
    """A space groups thousands only in numbers of five digits or more ('20 000', not '3 200')."""
    return len(written.replace(" ", "").partition(".")[0]) >= 5


def _each_of(written: str, start: int) -> list[Number]:
    """Numbers written side by side with spaces ('3 200'): each read on its own."""
    found, offset = [], start
    for part in written.split(" "):
        decimals = len(part.partition(".")[2])
        found.append(Number(float(part), decimals, "", offset, offset + len(part), part))
        offset += len(part) + 1
    return found


def spelled_out(text: str) -> str:
    """The text with number words as digits ('three times' -> '3 times')."""
    from text_to_num import alpha2digit

    return alpha2digit(text, "en", threshold=0)
