"""How a written answer is read: its sentences and clauses, word forms and denials.

A text is cut into sentences (at ``. ! ? ;`` and line ends, never inside ``88.9`` nor after
an abbreviation such as *i.e.*) and a sentence into clauses (at commas, colons, brackets
and words such as *but*, *so*, *because*). Words are compared by their dictionary forms
(lemmas, from ``lemminflect``'s bundled tables), so *rounds*, *rounding* and *rounded* all
match *round*, and *percentage points* matches *percentage point*; number words are read
as digits. A phrase is *denied* where a negation (*not*, *n't*, *no*, *never*, *neither*,
*nor*, *cannot*, *without*, *rather than*, *instead of*, *differs from*) comes before it in
the same clause, a few words away: "isn't the price", "neither the price nor the profit",
"does not mean the figure was invented"; "not only" denies nothing.

    >>> [f.denied for f in find("It isn't the price, it is the return.", "the price")]
    [True]
    >>> [f.text for f in find("It rounds 88.9 up.", "rounded")]
    ['rounds']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from coursekit.model.numerals import spelled_out

__all__ = ["BARE_DENIALS", "Found", "Token", "denied_at", "find", "lemmas", "sentence_at",
           "tokens"]

#: A token: a number, a word (with ``n't`` and ``'s`` split off) or one sign.
#: Markdown's emphasis, code and heading marks are no tokens ("**not** the price").
_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*|n't|'s|[^\W\d_]+(?=n't)|[^\W\d_]+"
                    r"|[^\s\w*`#>-]", re.IGNORECASE)
#: A sentence ends at a full stop, ! ? ; or a paragraph or list item of its own; a single
#: line break inside a Markdown paragraph is a space.
_SENTENCE_END = re.compile(r"(?<!\d)[.!?]+|[.!?]+(?!\d)|;|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")
_ABBREVIATIONS = frozenset({"e", "i", "g", "etc", "approx", "ca", "cf", "vs", "incl", "resp",
                            "no", "nr", "fig", "mr", "mrs", "ms", "dr", "st", "jr", "p", "pp"})
_CLAUSE_SIGNS = frozenset(",:()[]\u2013\u2014")
_CLAUSE_WORDS = frozenset({"but", "so", "because", "although", "though", "while", "whereas",
                           "yet", "since", "hence", "therefore", "however"})
#: Denials written without the apostrophe ("isnt"), which are verbs as well.
BARE_DENIALS = frozenset({"isnt", "arent", "wasnt", "werent", "doesnt", "dont", "didnt", "cant",
                           "couldnt", "wont", "wouldnt", "shouldnt", "hasnt", "havent"})
_NEGATIONS = frozenset({"not", "no", "never", "neither", "nor", "cannot", "without",
                        "none", "nothing", "nobody", "hardly", "unlike", *BARE_DENIALS})
_NEGATION_PAIRS = frozenset({("rather", "than"), ("instead", "of"), ("other", "than"),
                             ("far", "from"), ("differs", "from"), ("differ", "from"),
                             ("different", "from"), ("distinct", "from")})
_SAME_AS = {"%": "percent", "n't": "not"}
#: Words that open a clause of their own after 'and' or 'or'.
_NEW_SUBJECTS = frozenset({"it", "this", "that", "they", "he", "she", "we", "i", "you",
                           "there"})
_NOT_NEGATING = frozenset({"only", "just", "merely", "least"})
_POINTING_BACK = frozenset({"that", "this", "it", "which", "these", "those", "so", "thus"})
#: How many words a negation reaches forward within its clause.
NEGATION_REACH = 6


@dataclass(frozen=True)
class Token:
    """One token of a text (numbers as digits): its characters, its sentence and clause."""

    text: str
    sentence: int
    clause: int

    @property
    def lower(self) -> str:
        """The token in lower case; a percent sign is the word 'percent', and "n't" is 'not'."""
        return _SAME_AS.get(self.text.lower(), self.text.lower())


@dataclass(frozen=True)
class Found:
    """One place a phrase occurs: its words as written, and whether it is denied there."""

    text: str
    denied: bool


def sentence_at(text: str, position: int, *, back: bool = False,
                previous: bool = False, rest_from: int | None = None) -> str:
    """The sentence of the text that holds the character at ``position``, stripped; joined to
    the sentence before it with ``previous``, or with ``back`` when it opens by pointing back
    to it ("Now he earns 60,000. That is 3 times as much."); only its rest from ``rest_from``
    on if that is given."""
    spans = _sentence_spans(text)
    for number, (start, end) in enumerate(spans):
        if start <= position < end:
            if rest_from is not None:
                return text[rest_from:end]
            sentence = text[start:end].strip()
            opening = sentence.split(maxsplit=1)[0].lower() if sentence else ""
            if number and (previous or (back and opening in _POINTING_BACK)):
                return text[spans[number - 1][0]:end].strip()
            return sentence
    return ""


@lru_cache(maxsize=256)  # a rubric reads one answer once per criterion
def tokens(text: str) -> tuple[Token, ...]:
    """The text's tokens, each with its sentence and clause number: number words as digits,
    'per cent' as 'percent', hyphens as spaces ("eighty-nine per cent" -> 89, percent)."""
    plain = spelled_out(text.replace("\u2019", "'"))
    found: list[Token] = []
    clause = 0
    for number, (start, end) in enumerate(_sentence_spans(plain)):
        clause += 1
        for match in _TOKEN.finditer(plain, start, end):
            word = match.group()
            if word in _CLAUSE_SIGNS or word.lower() in _CLAUSE_WORDS:
                clause += 1
            found.append(Token(word, number, clause))
    return tuple(found)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        if not _abbreviation(text, end.start(), end.end()):
            spans.append((start, end.start()))
            start = end.end()
    return [*spans, (start, len(text))]


def _abbreviation(text: str, start: int, end: int) -> bool:
    """Whether the full stop at ``start`` ends an abbreviation, not a sentence: 'i.e.', 'e.g.',
    'approx.', or any stop the next word goes on from in lower case."""
    if text[start] != ".":
        return False
    word = re.search(r"[^\W\d_]*$", text[:start])
    return (bool(re.match(r"[^\W\d_]|\s+[a-z]", text[end:]))
            or (word is not None and word.group().lower() in _ABBREVIATIONS))


@lru_cache(maxsize=8192)  # bounded: the words come from learners
def lemmas(word: str) -> frozenset[str]:
    """The dictionary forms a word may have (itself included), in lower case."""
    from lemminflect import getAllLemmas

    lower = word.lower()
    found = {lower}
    for forms in getAllLemmas(lower).values():
        found.update(form.lower() for form in forms)
    return frozenset(found)


def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(t.lower for t in tokens(phrase))


def find(text: str | Sequence[Token], phrase: str) -> list[Found]:
    """Where the phrase occurs in the text, word by word on word forms, case ignored."""
    words = _phrase_words(phrase)
    seen = tokens(text) if isinstance(text, str) else text
    found = []
    for first in range(len(seen) - len(words) + 1):
        span = seen[first:first + len(words)]
        if words and all(_same(token.lower, word) for token, word in zip(span, words, strict=True)):
            found.append(Found(" ".join(t.text for t in span), denied_at(seen, first)))
    return found


def _same(token: str, word: str) -> bool:
    if token == word:
        return True
    if not (token.isalpha() and word.isalpha()):
        return False
    return bool(lemmas(token) & lemmas(word))


def denied_at(seen: Sequence[Token], index: int) -> bool:
    """Whether the token at ``index`` is in the reach of a negation earlier in its clause."""
    clause = seen[index].clause
    for back in range(index - 1, max(index - NEGATION_REACH, 0) - 1, -1):
        if seen[back].clause != clause:
            return False
        word = seen[back].lower
        if word in ("and", "or") and seen[back + 1].lower in _NEW_SUBJECTS:
            return False  # "not the profit, and it is the price": a clause of its own
        if word == "not" and seen[back + 1].lower in _NOT_NEGATING:
            continue  # "not only rounded": a stress, not a denial
        if word in _NEGATIONS or (back > 0 and (seen[back - 1].lower, word) in _NEGATION_PAIRS):
            return True
    return False
