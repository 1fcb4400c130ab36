"""What an answer states: whether it makes a statement at all, and what a percentage is said of.

A statement holds a finite verb. Without a tagger, a word counts as one when it surely is:
an auxiliary or modal (*is*, *can*, *isn't*), a word only a verb can be (*earns*), an
irregular past (*grew*), or an -s, -ed or base form after a subject (*the article rounds*,
*it rounded*, *workers make up*); never an -ing form alone, nor a form after a number and
its measure (*88.9 percent rounded*), so that numbers and keywords make no statement.

A percentage is said of the whole its *of* names: "88.9 percent of all employees in
Xinjiang are Han" is said of all employees in Xinjiang, however many times the company's
405 staff come up elsewhere in the sentence.

    >>> has_statement("88.9 405 percent"), has_statement("The share is 88.9 percent.")
    (False, True)
    >>> whole_after("88.9 percent of all employees in Xinjiang are Han.", 4)
    'all employees in Xinjiang'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from coursekit.model.wording import BARE_DENIALS, Token, sentence_at, tokens

__all__ = ["has_statement", "whole_after"]

_OF_PHRASE = re.compile(r"\s*(?:%|percent\b)?\s*of\s+(.+)", re.IGNORECASE | re.DOTALL)
#: The most characters of a sentence read as the whole after 'of' (a whole is a few words).
_LONGEST_WHOLE = 160
_QUESTION_WORDS = frozenset({"what", "how", "whatever"})
_POINTING_BACK = frozenset({"them", "it", "its", "their", "these", "those", "this", "that",
                                  "which", "whom", "his", "her"})
#: Verbs that make a statement wherever they stand: auxiliaries, modals, and the verbs of
#: an explanation in their -s form ("it means", "the share equals").
_FINITE = frozenset({"is", "are", "was", "were", "am", "do", "does", "did", "has", "have",
                     "had", "can", "could", "will", "would", "shall", "should", "may", "might",
                     "must", "cannot", "ca", "wo", "means", "equals", "shows", "says",
                     "gives", "makes", "needs", "seems", *BARE_DENIALS})
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
        if depth == 0 and token.lower not in ("(", ")"):
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
    seen = tokens(found[1][:_LONGEST_WHOLE])
    words = [t.lower for t in seen]
    if not words or _POINTING_BACK & set(words):
        return sentence_at(text, end - 1, previous=True)
    if words[0] in _QUESTION_WORDS:
        return sentence_at(text, end - 1)
    verb = next((i for i in range(len(seen)) if _finite(seen, i)), len(seen))
    return re.sub(r" (?='s|n't)", "", " ".join(t.text for t in seen[:verb]))
