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
from functools import lru_cache

__all__ = ["Number", "numbers", "spelled_out"]

_NUMBER = re.compile(
    r"(?<![\w.,])(?P<sign>-)?(?:(?P<grouped>[1-9]\d{0,2}(?:(?P<sep>[,\u00a0\u202f\u2009 ])\d{3})"
    r"(?:(?P=sep)\d{3})*(?:\.\d+)?)|(?P<comma>\d+,\d{1,2}|0,\d+)|(?P<plain>\d+(?:\.\d+)?))"
    r"(?!\d|[.,]\d|[^\W\dx_]|x\w)")
_PERCENT = re.compile(r"\s*(?:%|percent\b|percentage\b)", re.IGNORECASE)
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
        """Whether this number is ``value`` rounded to a precision it states, no coarser than
        ``step``: 89 is 88.9 rounded to 1; 90 is not at a step of 1, but is at a step of 10
        (a whole number's trailing zeros may be rounding)."""
        precisions = [10.0 ** -self.decimals]
        if self.decimals == 0 and self.value:
            whole = str(int(abs(self.value)))
            precisions += [10.0 ** k for k in range(1, len(whole) - len(whole.rstrip("0")) + 1)]
        return any(abs(round(value / p) * p - self.value) < p / 1000
                   for p in precisions if p <= step * (1 + 1e-9))


@lru_cache(maxsize=256)  # a rubric reads one answer once per criterion
def numbers(text: str) -> tuple[Number, ...]:
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
    return tuple(n for n in found if n.written)


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


_WORD_FOLD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|hundred)[\s-]?fold\b",
                        re.IGNORECASE)
#: Multiples said in one word, and halves, which ``text2num`` leaves as words.
_MULTIPLES = [(re.compile(r"\btwice\b", re.IGNORECASE), "2 times"),
              (re.compile(r"\b(?:thrice|tripled?)\b", re.IGNORECASE), "3 times"),
              (re.compile(r"\bdoubled?\b", re.IGNORECASE), "2 times"),
              (re.compile(r"\b(\d+)[\s-]?fold\b", re.IGNORECASE), r"\1 times"),
              (re.compile(r"\bquadrupled?\b", re.IGNORECASE), "4 times"),
              (re.compile(r"\b(\d+) and a half\b", re.IGNORECASE), r"\1.5"),
              (re.compile(r"\bper[\s-]?cent\b|\bpct\b", re.IGNORECASE), "percent")]


@lru_cache(maxsize=256)
def spelled_out(text: str) -> str:
    """The text with number words as digits ('three times' -> '3 times', 'twice' -> '2
    times', 'one and a half' -> '1.5') and 'percent' in one spelling ('per cent', 'pct')."""
    from text_to_num import alpha2digit

    digits = alpha2digit(_WORD_FOLD.sub(r"\1 times", text), "en", threshold=0)
    for pattern, replacement in _MULTIPLES:
        digits = pattern.sub(replacement, digits)
    return digits
