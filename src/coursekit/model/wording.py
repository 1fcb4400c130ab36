"""How a written answer is read: its sentences and clauses, word forms, denials, statements.

A text is cut into sentences (at ``. ! ? ;`` and line ends, never inside ``88.9``) and a
sentence into clauses (at commas, colons, brackets and words such as *but*, *so*,
*because*). Words are compared by their dictionary forms (lemmas, from ``lemminflect``'s
bundled tables), so *rounds*, *rounding* and *rounded* all match *round*, and *percentage
points* matches *percentage point*. A phrase is *denied* where a negation (*not*, *n't*,
*no*, *never*, *neither*, *nor*, *cannot*, *without*, *rather than*, *instead of*) comes
before it in the same clause, a few words away: "isn't the price", "neither the price nor
the profit", "does not mean the figure was invented".

    >>> [f.denied for f in find("It isn't the price, it is the return.", "the price")]
    [True]
    >>> [f.text for f in find("It rounds 88.9 up.", "rounded")]
    ['rounds']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["Found", "Token", "denied_at", "find", "has_statement", "lemmas", "sentence_at",
           "sentences", "tokens"]

#: A token: a number, a word (with ``n't`` and ``'s`` split off) or one sign.
_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*|n't|'s|[^\W\d_]+(?=n't)|[^\W\d_]+|[^\s\w-]",
                    re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<!\d)[.!?]+|[.!?]+(?!\d)|[;\n]")
_CLAUSE_SIGNS = frozenset(",:()[]\u2013\u2014")
_CLAUSE_WORDS = frozenset({"but", "so", "because", "although", "though", "while", "whereas",
                           "yet", "since", "hence", "therefore", "however"})
_NEGATIONS = frozenset({"not", "n't", "no", "never", "neither", "nor", "cannot", "without",
                        "none", "nothing", "hardly"})
_NEGATION_PAIRS = frozenset({("rather", "than"), ("instead", "of"), ("other", "than"),
                             ("far", "from")})
_NOT_NEGATING = frozenset({"only", "just", "merely", "least"})
#: How many words a negation reaches forward within its clause.
NEGATION_REACH = 6
_AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
                          "did", "has", "have", "had", "can", "could", "will", "would", "shall",
                          "should", "may", "might", "must", "cannot", "ca", "wo", "means",
                          "shows", "equals", "gives", "says", "makes", "comes", "needs"})


@dataclass(frozen=True)
class Token:
    """One token of a text: its characters, where it starts, and its sentence and clause."""

    text: str
    start: int
    sentence: int
    clause: int

    @property
    def lower(self) -> str:
        """The token in lower case, typographic apostrophes made plain."""
        return self.text.lower().replace("\u2019", "'")


@dataclass(frozen=True)
class Found:
    """One place a phrase occurs: its words as written, its tokens, and whether it is denied."""

    text: str
    first: int
    last: int
    denied: bool


def sentences(text: str) -> list[str]:
    """The text's sentences, stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def sentence_at(text: str, position: int) -> str:
    """The sentence of the text that holds the character at ``position``, stripped."""
    for start, end in _sentence_spans(text):
        if start <= position < end:
            return text[start:end].strip()
    return ""


def tokens(text: str) -> list[Token]:
    """The text's tokens, each with its sentence and clause number (hyphens are spaces)."""
    found: list[Token] = []
    clause = 0
    for number, sentence in enumerate(_sentence_spans(text)):
        start, end = sentence
        clause += 1
        for match in _TOKEN.finditer(text.replace("\u2019", "'"), start, end):
            word = match.group()
            if word in _CLAUSE_SIGNS or word.lower() in _CLAUSE_WORDS:
                clause += 1
            found.append(Token(word, match.start(), number, clause))
    return found


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        spans.append((start, end.start()))
        start = end.end()
    return [*spans, (start, len(text))]


@cache
def lemmas(word: str) -> frozenset[str]:
    """The dictionary forms a word may have (itself included), in lower case."""
    from lemminflect import getAllLemmas

    lower = word.lower()
    found = {lower}
    for forms in getAllLemmas(lower).values():
        found.update(form.lower() for form in forms)
    return frozenset(found)


def _phrase_words(phrase: str) -> list[str]:
    return [t.lower for t in tokens(phrase)]


def find(text: str | list[Token], phrase: str) -> list[Found]:
    """Where the phrase occurs in the text, word by word on word forms, case ignored."""
    words = _phrase_words(phrase)
    seen = tokens(text) if isinstance(text, str) else text
    found = []
    for first in range(len(seen) - len(words) + 1):
        span = seen[first:first + len(words)]
        if words and all(_same(token.lower, word) for token, word in zip(span, words, strict=True)):
            last = first + len(words) - 1
            found.append(Found(" ".join(t.text for t in span), first, last,
                               denied_at(seen, first)))
    return found


def _same(token: str, word: str) -> bool:
    if token == word:
        return True
    if not (token.isalpha() and word.isalpha()):
        return False
    return bool(lemmas(token) & lemmas(word))


def denied_at(seen: list[Token], index: int) -> bool:
    """Whether the token at ``index`` is in the reach of a negation earlier in its clause."""
    clause = seen[index].clause
    for back in range(index - 1, max(index - NEGATION_REACH, 0) - 1, -1):
        if seen[back].clause != clause:
            return False
        word = seen[back].lower
        if word == "not" and seen[back + 1].lower in _NOT_NEGATING:
            continue  # "not only rounded": a stress, not a denial
        if word in _NEGATIONS or (back > 0 and (seen[back - 1].lower, word) in _NEGATION_PAIRS):
            return True
    return False


def has_statement(text: str) -> bool:
    """Whether some sentence of the text says something: it holds a verb, not only numbers
    and keywords ("88.9 405 percent" says nothing; "the share is 88.9 percent" does)."""
    return any(_is_verb(t.lower) for t in tokens(text) if t.text.isalpha() or t.lower == "n't")


def _is_verb(word: str) -> bool:
    """A finite verb for sure: an auxiliary, or a past or -ing form of a verb."""
    if word in _AUXILIARIES or word == "n't":
        return True
    from lemminflect import getAllLemmas

    forms = getAllLemmas(word)
    verbs = forms.get("VERB", ())
    if not verbs:
        return False
    inflected = any(verb != word for verb in verbs)
    return inflected and (not word.endswith("s") or set(forms) == {"VERB"})
