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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from coursekit.model.numerals import spelled_out

__all__ = ["Found", "Token", "denied_at", "find", "has_statement", "lemmas", "sentence_at",
           "sentences", "tokens", "whole_after"]

#: A token: a number, a word (with ``n't`` and ``'s`` split off) or one sign.
_TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*|n't|'s|[^\W\d_]+(?=n't)|[^\W\d_]+|[^\s\w-]",
                    re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<!\d)[.!?]+|[.!?]+(?!\d)|[;\n]")
_ABBREVIATIONS = frozenset({"e", "i", "g", "etc", "approx", "ca", "cf", "vs", "incl", "resp",
                            "no", "nr", "fig", "mr", "mrs", "ms", "dr", "st", "jr", "p", "pp"})
_CLAUSE_SIGNS = frozenset(",:()[]\u2013\u2014")
_CLAUSE_WORDS = frozenset({"but", "so", "because", "although", "though", "while", "whereas",
                           "yet", "since", "hence", "therefore", "however"})
#: Denials written without the apostrophe ("isnt"), which are verbs as well.
_BARE_DENIALS = frozenset({"isnt", "arent", "wasnt", "werent", "doesnt", "dont", "didnt", "cant",
                           "couldnt", "wont", "wouldnt", "shouldnt", "hasnt", "havent"})
_NEGATIONS = frozenset({"not", "n't", "no", "never", "neither", "nor", "cannot", "without",
                        "none", "nothing", "nobody", "hardly", "unlike", *_BARE_DENIALS})
_NEGATION_PAIRS = frozenset({("rather", "than"), ("instead", "of"), ("other", "than"),
                             ("far", "from"), ("differs", "from"), ("differ", "from"),
                             ("different", "from"), ("distinct", "from")})
_NOT_NEGATING = frozenset({"only", "just", "merely", "least"})
_POINTING_BACK = frozenset({"that", "this", "it", "which", "these", "those", "so", "thus"})
_OF_PHRASE = re.compile(r"\s*(?:%|percent\b)?\s*of\s+(.+)", re.IGNORECASE | re.DOTALL)
_QUESTION_WORDS = frozenset({"what", "how", "whatever"})
_POINTING_BACK_WORDS = frozenset({"them", "it", "its", "their", "these", "those", "this", "that",
                                  "which", "whom", "his", "her"})
#: How many words a negation reaches forward within its clause.
NEGATION_REACH = 6
#: Verbs that make a statement wherever they stand: auxiliaries, modals, and the verbs of
#: an explanation in their -s form ("it means", "the share equals").
_FINITE = frozenset({"is", "are", "was", "were", "am", "do", "does", "did", "has", "have",
                     "had", "can", "could", "will", "would", "shall", "should", "may", "might",
                     "must", "cannot", "ca", "wo", "n't", "means", "equals", "shows", "says",
                     "gives", "makes", "needs", "seems", *_BARE_DENIALS})
#: A subject before an -s or -ed form makes it a verb ("the article rounds", "it rounded"):
#: a pronoun, or a determiner one or two words before.
_PRONOUNS = frozenset({"it", "this", "that", "which", "who", "he", "she", "they", "we", "i",
                       "you", "one", "there"})
_PLURAL_PRONOUNS = frozenset({"they", "we", "you", "i", "who", "which", "that"})
#: Measures, which follow a number and are no subject ("88.9 percent rounded").
_MEASURES = frozenset({"percent", "percentage", "point", "points", "times", "kwh", "mwh", "yuan",
                       "rmb", "hour", "hours"})
_DETERMINERS = frozenset({"the", "this", "that", "a", "an", "its", "their", "each", "every",
                          "our", "his", "her", "my", "your"})


@dataclass(frozen=True)
class Token:
    """One token of a text (numbers as digits): its characters, its sentence and clause."""

    text: str
    sentence: int
    clause: int

    @property
    def lower(self) -> str:
        """The token in lower case; a percent sign is the word 'percent'."""
        return "percent" if self.text == "%" else self.text.lower()


@dataclass(frozen=True)
class Found:
    """One place a phrase occurs: its words as written, its tokens, and whether it is denied."""

    text: str
    first: int
    last: int
    denied: bool


def sentences(text: str) -> list[str]:
    """The text's sentences, stripped, empty ones dropped ('i.e.' ends none)."""
    return [s for start, end in _sentence_spans(text) if (s := text[start:end].strip())]


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
def whole_after(text: str, end: int) -> str | None:
    """The whole a percentage ending at ``end`` is said of, when an 'of' phrase follows it: the
    rest of its sentence up to the next verb, so "88.9 percent of all employees in Xinjiang
    are Han" -> "all employees in Xinjiang", and "88.9 percent of the workforce, 360 of the
    405 employees" keeps its apposition. When the phrase points back ("of them", "of its
    staff"), its sentence and the one before; when it opens with 'what' ("of what is
    possible"), its sentence. None when no 'of' phrase follows."""
    found = _OF_PHRASE.match(sentence_at(text, end - 1, rest_from=end))
    if not found:
        return None
    seen = tokens(found[1])
    words = [t.lower for t in seen]
    if not words or _POINTING_BACK_WORDS & set(words):
        return sentence_at(text, end - 1, previous=True)
    if words[0] in _QUESTION_WORDS:
        return sentence_at(text, end - 1)
    verb = next((i for i in range(len(seen)) if _finite(seen, i)), len(seen))
    return re.sub(r" (?='s|n't)", "", " ".join(t.text for t in seen[:verb]))


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


@cache
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


def denied_at(seen: Sequence[Token], index: int) -> bool:
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
    """Whether some sentence of the text says something: it holds a finite verb, not only
    numbers and keywords ("88.9 405 percent" and "88.9 percent rounded" say nothing; "the
    share is 88.9 percent" and "the article rounds it" do)."""
    seen = tokens(text)
    return any(_finite(seen, index) for index in range(len(seen)))


def _finite(seen: Sequence[Token], index: int) -> bool:
    """Whether the token is a finite verb: one of ``_FINITE``; an -ed form after a subject
    ("it rounded", not "the stated share"); a word that can only be a verb ("earns",
    "belong"); an irregular past ("grew"); an -s form after a subject ("the article rounds");
    a base form after a plural subject ("workers make up"). An -ing form alone is not, nor a
    form after a number and its measure ("88.9 percent rounded")."""
    word = seen[index].lower
    if word in _FINITE:
        return True
    if not word.isalpha() or word.endswith("ing"):
        return False
    from lemminflect import getAllLemmas  # its tables load on first use, not with coursekit

    forms = getAllLemmas(word)
    verbs = forms.get("VERB", ())
    before = _words_before(seen, index)
    if not verbs or (before and before[-1] == "to"):
        return False
    if word.endswith("ed"):  # "it rounded", not "the stated share" nor "88.9 percent rounded"
        return bool(before) and before[-1] not in _DETERMINERS and _after_subject(before)
    if set(forms) == {"VERB"}:
        return True
    if all(verb == word for verb in verbs):  # a base form that is also a noun: "make", "date"
        return bool(before) and _plural(before[-1])
    return not word.endswith("s") or _after_subject(before)


def _words_before(seen: Sequence[Token], index: int) -> list[str]:
    """The three words before a token in its sentence, a part in brackets left out."""
    words: list[str] = []
    depth = 0
    for token in reversed(seen[:index]):
        if token.sentence != seen[index].sentence or len(words) == 3:
            break
        depth += (token.lower == ")") - (token.lower == "(")
        if depth == 0 and token.lower not in "()":
            words.insert(0, token.lower)
    return words


def _after_subject(before: list[str]) -> bool:
    """Whether the words before a verb end in its subject: a pronoun, a determiner and a word
    or two, or a noun that is not a measure ("percent", "kWh")."""
    return bool(before) and (any(word in _PRONOUNS for word in before[-2:])
                             or any(word in _DETERMINERS for word in before[-3:-1])
                             or _noun(before[-1]))


def _noun(word: str) -> bool:
    from lemminflect import getAllLemmas

    return word.isalpha() and word not in _MEASURES and "NOUN" in getAllLemmas(word)


def _plural(word: str) -> bool:
    """Whether a word is a plural subject: 'they', 'workers', 'people'."""
    from lemminflect import getAllLemmas

    if word in _PLURAL_PRONOUNS or word == "people":
        return True
    return _noun(word) and any(lemma != word for lemma in getAllLemmas(word)["NOUN"])
