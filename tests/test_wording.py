"""How written answers are read: numbers as learners write them, word forms, denials,
what a number is said of, the statement gate, and messages that say what was found.

Each quoted answer is one a reviewer found misjudged (issue 21); the criteria here are
declared the way a rubric declares them, with a share of 360 of the company's 405 staff.
"""

from __future__ import annotations

import pytest

from coursekit.judging.checking import check_snapshot
from coursekit.judging.status import Status
from coursekit.model import statements, wording, written
from coursekit.model.exercises import Exercise
from coursekit.model.numerals import numbers

SHARE = 100 * 360 / 405  # 88.89 percent


def share(**options):
    return written.states_number(lambda: SHARE, 0.05, "the share", **options)


def met(criterion, text):
    return criterion.check(text) is None


# -- 1. numbers as people write them --------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("88,9 %", 88.9, "percent"),
    ("eighty-nine percent", 89, "percent"),
    ("88.9 per cent", 88.9, "percent"),
    ("three times as much", 3, "times"),
    ("a 3x rise", 3, "times"),
    ("five years of output", 5, ""),
    ("0,256 yuan", 0.256, ""),
    ("20\u202f000 yuan", 20000, ""),
    ("4,434.7 hours", 4434.7, ""),
])
def test_numbers_are_read_as_learners_write_them(text, value, unit):
    [number] = numbers(text)
    assert (number.value, number.unit) == (pytest.approx(value), unit)


def test_numbers_side_by_side_are_not_one_number():
    assert written.numbers_in("3 200 at least") == [3, 200]


def test_a_decimal_comma_and_a_rounding_at_the_stated_precision_pass():
    assert met(share(), "It is 88,9 % of the company's staff.")
    assert not met(share(), "about 89 percent"), "without rounded_to only the tolerance counts"
    assert met(share(rounded_to=1), "about 89 percent")
    assert met(share(rounded_to=1), "about eighty-nine percent")
    assert not met(share(rounded_to=1), "about 90 percent"), "90 is not 88.9 rounded to 1"
    assert not met(share(rounded_to=1), "about 88 percent")


def test_the_hint_has_the_criterions_precision():
    assert "(about 88.9)" in share().check("no idea")
    assert "(about 88.9, or rounded to 89)" in share(rounded_to=1).check("no idea")
    rate = written.states_number(lambda: 0.25612, 0.0005, "the rate")
    assert "(about 0.256)" in rate.check("no idea")


def test_a_unit_must_follow_the_number_when_one_is_named():
    assert not met(share(unit="percent"), "88.9 405 percent")
    assert "gives 88.9 without saying 'percent'" in share(unit="percent").check("88.9 405 percent")
    assert met(share(unit="percent"), "The share is 88.9 percent.")
    multiple = written.states_number(lambda: 3.0, 0.05, "the multiple", unit="times")
    assert met(multiple, "It grew to three times as much.")


@pytest.mark.parametrize("text", ["0.256 yuan per kWh", "0.256 yuan/kWh", "0.256 per kilowatt-hour",
                                  "0.256 yuan for every kilowatt hour", "0.256 yuan per kilowatt "
                                  "hours sold", "0.256 yuan each kWh"])
def test_a_unit_is_read_in_its_spellings(text):
    assert met(written.names_unit("kWh", "the unit (yuan per kWh)"), text)


def test_another_unit_is_not_the_unit():
    unit = written.names_unit("kWh", "the unit (yuan per kWh)")
    assert unit.check("0.256 yuan per MWh") == ("The answer gives a rate 'per MWh', not per kWh: "
                                                "the unit (yuan per kWh) is missing (for "
                                                "example 'per kWh').")
    assert unit.check("0.256 yuan") == ("The answer gives no rate per kWh: the unit (yuan per "
                                        "kWh) is missing (for example 'per kWh').")


# -- 2. what a number is said of -----------------------------------------------------------

OF_COMPANY = share(of=["company", "405", "its staff", "its employees"])


@pytest.mark.parametrize("text", [
    "88.9 percent of all employees in Xinjiang are Han.",
    "88.9 percent of the power station's staff are Han.",
    "I rounded my grocery bill of 88.9 yuan to 90 yuan; the company has 405 employees.",
])
def test_the_right_number_of_the_wrong_thing_earns_nothing(text):
    assert not met(OF_COMPANY, text)


def test_the_right_number_of_the_right_thing_passes():
    assert met(OF_COMPANY, "88.9 percent of the company's 405 employees are Han.")
    assert met(OF_COMPANY, "Of its employees, 88.9 percent are Han.")


def test_the_message_says_what_the_number_was_said_of():
    problem = OF_COMPANY.check("88.9 percent of all employees in Xinjiang are Han.")
    assert problem == ("The answer gives 88.9 percent of \u201call employees in Xinjiang\u201d, "
                       "which does not say it is the share of 'company' or '405' or 'its staff'.")
    problem = OF_COMPANY.check("It is 88.9, of all employees in Xinjiang.")
    assert problem == ("The answer gives 88.9 in \u201cIt is 88.9, of all employees in "
                       "Xinjiang\u201d, which does not say it is the share of 'company' or '405' "
                       "or 'its staff'.")


def test_a_percentage_is_said_of_the_whole_after_its_of():
    text = "88.9 percent of the region's people are not Han, and 360 of 405 is a ratio."
    assert not met(OF_COMPANY, text), "405 is in the sentence, but 88.9 is said of the region"
    assert met(OF_COMPANY, "88.9 percent of the company's 405 employees (360 people) belong "
                           "to minorities.")
    assert met(OF_COMPANY, "The company has 405 employees; 88.9 percent of them are Uyghur.")
    assert met(OF_COMPANY, "The company has 405 employees, and 88.9 percent of them are Uyghur.")
    assert not met(OF_COMPANY, "Xinjiang has 25 million people. 88.9 percent of them are not "
                               "Han; the company has 405.")


def test_part_and_whole_may_both_be_required():
    both = share(of=[("360", "405")])
    assert met(both, "360 of 405 employees: 88.9 percent.")
    assert not met(both, "88.9 percent of 405 employees.")


GATED = Exercise(
    id="q9", title="Say what the share means", answer="share_in_words", kind="written",
    solution="see the model answer", hints=("name the part and the whole",), points=2,
    rubric=(written.statement(("share", "staff", "employee", "company"), "the company's staff"),
            OF_COMPANY,
            written.teacher("explains", 1, "1: says it is this company only")))


@pytest.mark.parametrize(("text", "reason"), [
    ("88.9 405 percent", "makes no statement"),
    ("3 200 at least", "makes no statement"),
    ("0.256 per kWh not the price", "makes no statement"),
    ("5 unverifiable date", "makes no statement"),
    ("I rounded my grocery bill of 88.9 yuan to 90 yuan.", "says nothing about the company's"),
])
def test_text_without_a_statement_on_the_subject_earns_no_machine_points(text, reason):
    result = check_snapshot(GATED, {"type": "text", "value": text})
    assert result.points == 0
    assert result.status is Status.NEEDS_REVIEW
    assert reason in result.feedback and "your teacher will read this answer" in result.feedback


def test_a_statement_on_the_subject_passes_the_gate():
    result = check_snapshot(GATED, {"type": "text", "value": "88.9 percent of the company's "
                                    "405 employees are Han."})
    assert result.points == 1 and "\u2691" not in result.feedback


# -- 3. negation and word forms ------------------------------------------------------------

NOT_PRICE = written.denies(("the price", "a price", "the tariff"), "the price of electricity")


@pytest.mark.parametrize("text", [
    "0.256 yuan per kWh isn't the price.",
    "It is neither the price nor the profit.",
    "The figure is not equal to the price of the electricity.",
    "It is not the tariff, it is what the station pays to the state.",
    "It is the return rather than the price.",
])
def test_a_denial_is_read_in_its_forms(text):
    assert met(NOT_PRICE, text)


def test_the_targeted_misconception_is_not_a_denial():
    text = "This is the price of the station's electricity: 0.256 yuan per kWh."
    assert NOT_PRICE.check(text) == ("The answer says 'the price' without denying it; missing: "
                                     "that the figure is not the price of electricity.")


def test_a_forbidden_phrase_inside_a_denial_is_not_penalised():
    rise = written.avoids(("rise of 300", "300 percent more"), "a tripling is a rise of 200%")
    assert met(rise, "It isn't a rise of 300 percent but of 200 percent.")
    assert not met(rise, "It is a rise of 300 percent.")
    intent = written.avoids(("lie", "fake", "invented"), "say nothing about intent")
    assert met(intent, "This does not mean the figure was invented.")
    assert not met(intent, "The figure was invented.")


def test_forbidden_and_required_phrases_match_word_forms():
    points = written.avoids(("percentage point",), "a share is in percent")
    assert points.check("88.9 percentage points") == ("Avoid 'percentage points': a share is in "
                                                      "percent")
    rounded = written.names_any(("rounded",), "the verdict (rounded)")
    assert met(rounded, "The article rounds 88.9 up.")
    assert met(rounded, "It is a rounding of 88.9.")
    assert not met(rounded, "The share is 88.9.")


def test_a_required_phrase_inside_a_denial_does_not_count():
    rounded = written.names_any(("rounded",), "the verdict (rounded)")
    assert rounded.check("90 is not rounded from 88.9.") == (
        "The answer says 'rounded' only in a denial; the verdict (rounded) is missing.")
    assert met(written.names_any(("rounded",), "it", polarity="either"), "not rounded")


def test_not_only_is_a_stress_not_a_denial():
    assert met(written.names_any(("rounded",), "the verdict"), "It is not only rounded.")


@pytest.mark.parametrize(("text", "denied"), [
    ("isn't the price", True), ("doesn't equal the price", True), ("can't be the price", True),
    ("is not the price", True), ("it is the price", False),
    ("not true; it is the price", False), ("no doubt, it is the price", False),
    ("it is not the profit and it is the price", False),
    ("it is not the profit and not the price", True),
])
def test_denials_reach_within_their_clause(text, denied):
    [found] = wording.find(text, "the price")
    assert found.denied is denied


# -- 5. messages that say what was found ---------------------------------------------------


def test_a_wrong_verdict_is_named_rather_than_asked_for():
    verdict = written.names_any(lambda: ("unverifiable",), "the verdict", points=0.5,
                                others=("consistent", "inconsistent", "rounded"))
    assert verdict.check("Verdict: inconsistent") == (
        "The answer names 'inconsistent' as the verdict; the evidence points to another one.")
    assert verdict.check("I have no idea") == ("The answer does not say the verdict (for "
                                               "example 'unverifiable').")


def test_a_wrong_number_is_named():
    assert share().check("It is 90 percent of 405.") == (
        "The answer gives 90, 405, none of them the share: give the share as a number "
        "(about 88.9).")
    assert share().check("Most of them.") == ("The answer gives no number: give the share as a "
                                              "number (about 88.9).")


def test_an_advisory_check_gives_feedback_and_leaves_the_points_to_the_teacher():
    exercise = Exercise(
        id="q9", title="t", answer="a", kind="written", solution="s", hints=("h",), points=1,
        rubric=(written.advisory(share(), "1: the share, of the company's staff"),))
    result = check_snapshot(exercise, {"type": "text", "value": "It is 90 percent."})
    assert result.points == 0 and result.status is Status.NEEDS_REVIEW
    assert "your teacher will score this. The answer gives 90" in result.feedback
    assert exercise.rubric[0].by_teacher


@pytest.mark.parametrize("text", ["It is 90%.", "It is 90 per cent.", "It is ninety percent."])
def test_percent_and_number_words_match_in_phrases(text):
    assert met(written.names_any(("90 percent",), "the rounded share"), text)


@pytest.mark.parametrize(("text", "value"), [("twice as much", 2), ("it tripled", 3),
                                             ("one and a half times", 1.5)])
def test_multiples_said_in_words(text, value):
    [number] = numbers(text)
    assert (number.value, number.unit) == (value, "times")


def test_a_sentence_that_points_back_is_read_with_the_one_before():
    multiple = written.states_number(lambda: 3.0, 0.05, "the multiple", of=["earn", "income"])
    assert met(multiple, "Now he earns 60,000. That is three times as much.")
    assert not met(multiple, "Now he earns 60,000. Prices rose three times as much.")


@pytest.mark.parametrize(("text", "step", "passes"), [
    ("about 90 percent", 1, False), ("about 90 percent", 10, True), ("about 89", 1, True),
    ("about 89", 0.1, False), ("roughly 100 percent", 1, True)])
def test_a_rounding_counts_at_the_precision_stated_no_coarser_than_allowed(text, step, passes):
    value = 99.6 if "100" in text else SHARE
    criterion = written.states_number(lambda: value, 0.05, "it", rounded_to=step)
    assert met(criterion, text) is passes


@pytest.mark.parametrize("text", ["The figure isnt the price.", "Nobody should read it as the "
                                  "price.", "It is the return, unlike the price."])
def test_denials_without_apostrophes_and_in_other_words(text):
    assert met(NOT_PRICE, text)


@pytest.mark.parametrize(("text", "says"), [
    ("the article rounds 88.9 up", True), ("It rounded the share.", True),
    ("His income grew threefold.", True), ("88.9 percent rounded", False),
    ("88.9 percentage points 405 employees", False), ("rounding 88.9", False),
    ("Verdict: inconsistent", False),
    ("The stated 90 percent against 88.9 percent from 360 of 405: verdict consistent.", False)])
def test_a_statement_needs_a_finite_verb(text, says):
    assert statements.has_statement(text) is says


def test_threefold_is_a_multiple():
    assert [(n.value, n.unit) for n in numbers("a threefold rise")] == [(3, "times")]


@pytest.mark.parametrize("text", [
    "88,9 % of the company's 405 employees (360 people) belong to ethnic minorities.",
    "360 minority workers make up 88.9 percent.",
    "He now earns 3 times as much as before, an increase of 200 percent."])
def test_plural_subjects_base_forms_and_adverbs_make_statements(text):
    assert statements.has_statement(text)


def test_an_abbreviation_ends_no_sentence():
    text = "Minority workers are 360 of the company's 405 employees, i.e. 88.9 %. It rounds."
    assert wording.sentence_at(text, text.index("88.9")) == (
        "Minority workers are 360 of the company's 405 employees, i.e. 88.9 %")
    assert met(OF_COMPANY, text)


def test_differing_from_is_a_denial():
    assert met(NOT_PRICE, "This differs from the price of electricity, which is higher.")


def test_the_whole_after_of_keeps_its_apposition_and_reads_what_clauses():
    assert met(OF_COMPANY, "The minority workers are 88.9 percent of the workforce, 360 of the "
                           "company's 405 employees.")
    possible = written.states_number(lambda: 99.6, 0.1, "the percent", of=["possible", "maximum"])
    assert met(possible, "It is 99.6 percent of what is astronomically possible.")
    assert not met(possible, "It is 99.6 percent of the hours measured, not the maximum.")


@pytest.mark.parametrize(("text", "passes"), [
    ("The station makes 0.256 yuan of profits and taxes for every kilowatt-hour.", True),
    ("0,256 yuan/kWh of profits and taxes.", True),
    ("It makes 0.256 yuan of profits and taxes. That is per kWh.", False),
    ("It makes 0.256 yuan per MWh of profits and taxes.", False)])
def test_a_number_may_be_asked_for_as_a_rate_per_unit(text, passes):
    rate = written.states_number(lambda: 0.25612, 0.0005, "the profits and taxes per kWh",
                                 per="kWh")
    assert met(rate, text) is passes
    if not passes:
        assert rate.check(text) == ("The answer gives 0.256 but does not say, in the same "
                                    "sentence, that it is per kWh.")


def test_a_contraction_matches_the_phrase_it_contracts():
    assert met(written.names_any(("not the price",), "what it is not"), "It isn't the price.")


def test_markdown_line_breaks_and_emphasis_are_read_as_a_teacher_reads_them():
    wrapped = "Minority staff are 88.9 percent of the\ncompany's 405 employees."
    assert met(OF_COMPANY, wrapped), "a line break inside a paragraph is a space"
    assert not met(OF_COMPANY, "The company has 405 employees.\n\n88.9 percent of all employees "
                               "in Xinjiang are Han.")
    listed = "In Xinjiang:\n- 88.9 percent are Han\n- the company has 405 staff"
    assert not met(OF_COMPANY, listed), "a list item is a statement of its own"
    assert met(NOT_PRICE, "It is **not** the price.")
    assert met(written.names_any(("not the price",), "it"), "It is *not* the price.")
