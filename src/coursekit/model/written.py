"""Written answers: a learner explains a number in words, judged by a rubric.

A ``written`` exercise's answer is a Markdown cell of the notebook, marked as that
exercise's answer cell in its metadata (``{"coursekit": {"answer": NAME}}``). Its
rubric is a list of :class:`Criterion`: each one worth some points and either checked
by machine or left to the teacher, with a scoring guide. This module declares rubrics;
:mod:`coursekit.judging.written` scores them. Answers are read as a careful teacher reads
them (:mod:`coursekit.model.numerals` for numbers, :mod:`coursekit.model.wording` for
sentences, word forms and denials, :mod:`coursekit.model.statements` for whether an answer
states anything and what a percentage is said of, :mod:`coursekit.model.units` for units).
The criteria:

- ``states_number(value, tolerance, what, points=1, *, of=(), unit="", rounded_to=None)``:
  a number within ``tolerance`` of ``value()``, in digits, words ("eighty-nine"), with a
  decimal comma or thousands separators; with ``rounded_to`` also the value rounded at the
  precision the learner states, no coarser than that step ("89" for 88.9 at ``rounded_to=1``);
  with ``unit`` ("percent" or "times") followed by that unit in any spelling; with ``of``
  stated of the right thing: some alternative of ``of`` (a phrase, or a tuple of phrases that
  must all occur), asserted, in the number's sentence (with the one before when it opens
  with "That", "It" ...), or for a percentage followed by "of ...", in that whole. So
  "88.9 percent of all employees in Xinjiang are Han; the company has 405" fails
  ``of=[("company",), ("405",)]``.
- ``names_any(words, what, points=1, *, others=(), polarity="asserted")``: one of the words
  or phrases, on word forms; by default only where it is not denied ("not rounded" does not
  name "rounded"); ``others`` are the wrong choices (the other verdicts), so that the message
  says which one the answer named.
- ``denies(phrases, what, points=1)``: one of the phrases inside a denial ("isn't the price",
  "neither the price nor the profit", "is not equal to the price").
- ``avoids(phrases, why, points=0.5)``: a penalty for a phrase asserted (word forms: "percentage
  points" for "percentage point"); inside a denial ("not a rise of 300 percent") it is fine.
  With ``per`` (a unit, e.g. 'kWh'), the number's sentence gives a rate per that unit in any
  spelling ("per kilowatt-hour", "/kWh", "for every kWh").
- ``names_unit(unit, what, points=1)``: a rate's unit in any spelling (``pint`` reads "per
  kilowatt-hour", "/kWh", "for every kWh", "each kilowatt hour" as ``per kWh``).
- ``statement(about, what)``: a gate worth no points. An answer with no statement (no verb:
  numbers and keywords only) or none of the ``about`` words earns no machine points; the
  judge marks it for the teacher with the reason.
- ``advisory(criterion, guide)``: a machine check whose points go to the teacher; its finding
  is shown to the learner as feedback (for a check that does not agree with its corpus).
- ``word_limit(limit, points=0.5)`` and ``teacher(description, points, guide)`` as before.

Every unmet check says what the answer did say (the number it saw and its sentence, the
verdict it named, the phrase it denied or asserted) and what is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from coursekit.model import statements, wording
from coursekit.model.numerals import Number, numbers, spelled_out

__all__ = [
    "MAX_WRITTEN",
    "PLACEHOLDER",
    "Criterion",
    "advisory",
    "avoids",
    "contains",
    "denies",
    "is_placeholder",
    "names_any",
    "names_unit",
    "numbers_in",
    "statement",
    "states_number",
    "teacher",
    "word_limit",
]

#: What the learner's copy of an answer cell holds until the learner writes.
PLACEHOLDER = "_Write your answer here._"
#: The longest written answer that is graded; the rest is cut off.
MAX_WRITTEN = 5000
#: Words (or a function computing them from the data when an answer is checked).
Words = Sequence[str] | Callable[[], Sequence[str]]
#: What a number is said of: alternatives, each a phrase or phrases that must all occur.
Of = Sequence[str | Sequence[str]]


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric: what it asks, its points, and a machine check or a teacher's guide.

    ``check`` takes the answer's text and returns None when the criterion is met, else
    what the answer said and what is missing. Without ``check`` the teacher scores the
    criterion, using ``guide``. A ``penalty`` criterion (a phrase to avoid, a word limit)
    earns nothing when met, so that an empty or off-topic answer gains no points from it;
    when it is not met its points are taken off the machine's total. A ``gate`` (worth no
    points) that is not met takes all machine points away and sends the answer to the
    teacher. An ``advisory`` check's points are the teacher's; what it finds is feedback.
    """

    description: str
    points: float
    check: Callable[[str], str | None] | None = None
    guide: str = ""
    penalty: bool = False
    gate: bool = False
    advisory: bool = False

    @property
    def by_teacher(self) -> bool:
        """Whether a teacher, not the machine, scores this criterion."""
        return self.check is None or self.advisory


def is_placeholder(text: str) -> bool:
    """Whether an answer cell still holds nothing but the placeholder (or nothing at all)."""
    return text.strip() in ("", PLACEHOLDER)


def contains(text: str, phrase: str) -> bool:
    """Whether the phrase is in the text as whole words, case ignored ('lie' not in 'earlier')."""
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.search(start + re.escape(phrase) + end, text, re.IGNORECASE) is not None


def numbers_in(text: str) -> list[float]:
    """The numbers written in a text, as learners write them: '4,434.7 h' -> 4434.7, '88,9' ->
    88.9, 'eighty-nine' -> 89."""
    return [n.value for n in numbers(text)]


def states_number(value: Callable[[], float], tolerance: float, what: str,
                  points: float = 1, *, of: Of = (),
                  unit: Literal["", "percent", "times"] = "",
                  rounded_to: float | None = None, per: str = "") -> Criterion:
    """The answer states ``value()`` (computed from the data) within ``tolerance``, or rounded
    at its own precision no coarser than ``rounded_to``; followed by ``unit`` if one is named;
    in a sentence that gives a rate per ``per`` (a unit pint knows: 'kWh' is also 'per
    kilowatt-hour', 'for every kWh'), if one is named; in a sentence that holds one
    alternative of ``of`` (or the sentence before, when the number's opens with 'That', 'It'
    ...; for a percentage followed by 'of ...', that whole), if any are named."""
    def check(text: str) -> str | None:
        wanted = value()
        found = numbers(text)
        right = [n for n in found if abs(n.value - wanted) <= tolerance
                 or (rounded_to is not None and n.rounds(wanted, rounded_to))]
        if not right:
            seen = ", ".join(n.written for n in found[:4])
            said = (f"The answer gives {seen}, none of them {what}" if seen
                    else "The answer gives no number")
            return f"{said}: give {what} as a number ({_about(wanted, tolerance, rounded_to)})."
        if unit and not any(n.unit == unit for n in right):
            return f"The answer gives {right[0].written} without saying '{unit}'."
        digits = spelled_out(text)
        if per:
            from coursekit.model.units import per_unit_in

            rates = [n for n in right if per_unit_in(wording.sentence_at(digits, n.start), per)]
            if not rates:
                return (f"The answer gives {right[0].written} but does not say, in the same "
                        f"sentence, that it is per {per}.")
            right = rates
        if of and not any(_said_of(_context(digits, n)[0], of) for n in right):
            return (f"The answer gives {right[0].written} {_context(digits, right[0])[1]}, "
                    f"which does not say it is {what} of {_alternatives(of)}.")
        return None
    return Criterion(f"states {what}", points, check)


def _about(wanted: float, tolerance: float, rounded_to: float | None) -> str:
    """The hint's value, at the criterion's precision (and its coarsest rounding)."""
    text = f"about {wanted:,.{_decimals(tolerance)}f}"
    if rounded_to is not None and _decimals(rounded_to) < _decimals(tolerance):
        text += f", or rounded to {wanted:,.{_decimals(rounded_to)}f}"
    return text


def _decimals(tolerance: float) -> int:
    return next((d for d, step in enumerate((0.5, 0.05, 0.005)) if tolerance >= step), 3)


def _context(digits: str, number: Number) -> tuple[str, str]:
    """What a number is said of, and how a message quotes it: the whole after a percentage's
    'of' ("88.9 percent of all employees in Xinjiang"), else its sentence (with the one
    before, if it points back)."""
    whole = statements.whole_after(digits, number.end) if number.unit == "percent" else None
    if whole is not None:
        return whole, f"percent of \u201c{_short(whole)}\u201d"
    sentence = wording.sentence_at(digits, number.start)
    return (wording.sentence_at(digits, number.start, back=True),
            f"in \u201c{_short(sentence)}\u201d")


def _said_of(sentence: str, of: Of) -> bool:
    seen = wording.tokens(sentence)
    return any(all(_asserted(seen, phrase) for phrase in _each(alternative))
               for alternative in of)


def _each(alternative: str | Sequence[str]) -> Sequence[str]:
    return (alternative,) if isinstance(alternative, str) else alternative


def _alternatives(of: Of) -> str:
    return " or ".join(" and ".join(repr(p) for p in _each(a)) for a in of[:3])


def _asserted(seen: Sequence[wording.Token], phrase: str) -> bool:
    return any(not f.denied for f in wording.find(seen, phrase))


def _short(sentence: str, most: int = 80) -> str:
    return sentence if len(sentence) <= most else sentence[:most - 1] + "\u2026"


def _words(words: Words) -> Sequence[str]:
    return words() if callable(words) else words


def _examples(words: Sequence[str]) -> str:
    return ", ".join(repr(w) for w in words[:3])


def names_any(words: Words, what: str, points: float = 1, *, others: Words = (),
              polarity: Literal["asserted", "either"] = "asserted") -> Criterion:
    """The answer names one of the words or phrases (word forms, case ignored), e.g. the unit;
    by default not inside a denial. ``others`` are wrong choices the message names if found.

    ``words`` and ``others`` may be functions, for words computed from the data (a verdict):
    they are called when an answer is checked, never when the lesson is declared.
    """
    def check(text: str) -> str | None:
        seen = wording.tokens(text)
        wanted = _words(words)
        hits = [f for word in wanted for f in wording.find(seen, word)]
        if any(polarity == "either" or not f.denied for f in hits):
            return None
        if hits:
            return f"The answer says '{hits[0].text}' only in a denial; {what} is missing."
        wrong = [f for word in _words(others) for f in wording.find(seen, word) if not f.denied]
        if wrong:
            return (f"The answer names '{wrong[0].text}' as {what}; the evidence points to "
                    "another one.")
        return f"The answer does not say {what} (for example {_examples(wanted)})."
    return Criterion(f"names {what}", points, check)


def denies(phrases: Words, what: str, points: float = 1) -> Criterion:
    """The answer denies one of the phrases: "isn't the price", "neither the price nor the
    profit", "is not equal to the price" all deny 'the price'."""
    def check(text: str) -> str | None:
        seen = wording.tokens(text)
        hits = [f for phrase in _words(phrases) for f in wording.find(seen, phrase)]
        if any(f.denied for f in hits):
            return None
        if hits:
            return (f"The answer says '{hits[0].text}' without denying it; missing: that the "
                    f"figure is not {what}.")
        return f"The answer does not say that the figure is not {what}."
    return Criterion(f"says it is not {what}", points, check)


def avoids(phrases: Sequence[str], why: str, points: float = 0.5) -> Criterion:
    """A penalty if the answer asserts one of the phrases (in any word form); ``why`` says what
    is wrong with them. A phrase inside a denial ("not a rise of 300 percent") is fine."""
    def check(text: str) -> str | None:
        seen = wording.tokens(text)
        used = [f for p in phrases for f in wording.find(seen, p) if not f.denied]
        return None if not used else f"Avoid {used[0].text!r}: {why}"
    return Criterion(f"avoids {', '.join(repr(p) for p in phrases)}", points, check,
                     penalty=True)


def names_unit(unit: str, what: str, points: float = 1) -> Criterion:
    """The answer gives a rate per ``unit`` (a unit ``pint`` knows, e.g. 'kWh'), in any spelling:
    'per kWh', '/kWh', 'per kilowatt-hour', 'for every kilowatt hour', 'each kWh'."""
    def check(text: str) -> str | None:
        from coursekit.model.units import per_unit_in, rates_in

        if per_unit_in(text, unit):
            return None
        seen = rates_in(text)
        said = (f"The answer gives a rate {', '.join(repr(s.strip()) for s in seen[:2])}, not "
                f"per {unit}" if seen else f"The answer gives no rate per {unit}")
        return f"{said}: {what} is missing (for example 'per {unit}')."
    return Criterion(f"names {what}", points, check)


def statement(about: Words, what: str) -> Criterion:
    """A gate: the answer makes a statement (it has a verb) about the exercise's subject (one of
    ``about``); else it earns no machine points and waits for the teacher."""
    def check(text: str) -> str | None:
        if not statements.has_statement(text):
            return ("The answer makes no statement (no verb: only numbers and keywords); "
                    "write a sentence that says what the number means.")
        seen = wording.tokens(text)
        if not any(wording.find(seen, word) for word in _words(about)):
            return f"The answer says nothing about {what} (none of {_examples(_words(about))})."
        return None
    return Criterion(f"makes a statement about {what}", 0, check, gate=True)


def advisory(criterion: Criterion, guide: str) -> Criterion:
    """The criterion's check as feedback only: its points go to the teacher, with ``guide``."""
    return replace(criterion, advisory=True, guide=guide)


def word_limit(limit: int, points: float = 0.5) -> Criterion:
    """A penalty if the answer has more than ``limit`` words."""
    def check(text: str) -> str | None:
        count = len(text.split())
        return None if count <= limit else (
            f"Keep it to {limit} words: this answer has {count}. Say less, more precisely.")
    return Criterion(f"at most {limit} words", points, check, penalty=True)


def teacher(description: str, points: float, guide: str) -> Criterion:
    """A criterion only a teacher can score; ``guide`` says how to score it."""
    return Criterion(description, points, guide=guide)
