"""Lessons 05 and 07: their prose and exercises agree with what the data and the sun give."""

from __future__ import annotations

import re

import pytest

from coursekit.model.calc import share_percent
from coursekit.model.data import figure
from coursekit.model.exercises import get_lesson, lessons
from coursekit.running.notebooks import read
from reading_numbers import derived
from reading_numbers.lessons import fact_check, plausibility

from .conftest import ROOT, SOLUTIONS

PLAUSIBILITY = get_lesson("05_plausibility")
FACT_CHECK = get_lesson("07_fact_check")


def _exercise(lesson, exercise_id: str):
    return next(e for e in lesson.exercises if e.id == exercise_id)


def _text(name: str, outputs: bool = True) -> str:
    """A solution notebook's cell sources and, if asked, its text outputs, as one string."""
    parts = []
    for cell in read(SOLUTIONS / f"{name}.ipynb").cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []) if outputs else []:
            parts.append(output.get("text", "") or output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _markdown(name: str) -> list[str]:
    return [c.source for c in read(SOLUTIONS / f"{name}.ipynb").cells if c.cell_type == "markdown"]


def _teaching_section(title: str) -> str:
    text = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    start = text.index(f"### {title}")
    return text[start:text.index("\n### ", start + 1)]


def _stated() -> float:
    return figure("county_sunshine_hours")


def test_the_simple_formula_reproduces_the_figure_and_the_accurate_maximum_does_not():
    # The lesson's central inference: computed with the plain sine curve, not measured.
    assert abs(derived.simple_max_daylight() - _stated()) < 1
    assert derived.max_daylight() - _stated() > 10
    assert plausibility.closest_candidate() == "simple_sine"
    assert _exercise(PLAUSIBILITY, "q7").choices == tuple(plausibility.CANDIDATES)


def test_tolerances_are_no_finer_than_the_maximum_is_known():
    # The maximum is known to about an hour: a share finer than that is false precision.
    one_hour = (share_percent(_stated(), derived.max_daylight() - 1)
                - share_percent(_stated(), derived.max_daylight()))
    assert _exercise(PLAUSIBILITY, "q5").tolerance >= one_hour
    assert _exercise(PLAUSIBILITY, "q4").tolerance >= 0.5  # to the nearest hour is right


@pytest.mark.parametrize("name", ["05_plausibility", "07_fact_check"])
def test_no_false_precision_about_the_sunshine(name):
    text = _text(name)
    for phrase in ("99.99", "seconds a day", "0.48 h"):
        assert phrase not in text, phrase


def test_the_prose_quotes_the_computed_figures():
    share = f"{derived.sunshine_percent_of_max():.1f} percent"
    gap = f"about {round(derived.max_daylight() - _stated())} hours"
    notebook = "\n".join(_markdown("05_plausibility"))
    teaching = _teaching_section("Lesson 05")
    assert share in notebook and share in teaching
    assert gap in notebook and gap in teaching
    assert f"about {derived.max_daylight():,.0f} hours" in teaching
    assert "half an hour" in notebook and abs(derived.simple_max_daylight() - _stated()) < 0.75
    assert f"{derived.max_daylight():,.0f}" in _exercise(PLAUSIBILITY, "q4").solution
    for exercise_id in ("q5", "q6"):
        assert share in _exercise(PLAUSIBILITY, exercise_id).solution, exercise_id
    q7 = _exercise(PLAUSIBILITY, "q7").solution
    assert gap in q7 and "half an hour" in q7


def test_outside_facts_are_cited_not_from_an_atlas():
    text = _text("05_plausibility")
    assert "atlas" not in text.lower()
    assert derived.LATITUDE_SOURCE in text  # printed where the latitude is introduced
    assert derived.SUNSHINE_RECORDS_SOURCE in text
    assert f"{derived.SUNNIEST_SITES_PERCENT} percent" in derived.SUNSHINE_RECORDS_SOURCE
    assert "atlas" not in _teaching_section("Lesson 05").lower()


def test_no_graded_question_repeats_one_from_another_lesson():
    answers: dict[str, str] = {}
    computations: dict[object, str] = {}
    for lesson in lessons().values():
        for exercise in lesson.exercises:
            where = f"{lesson.id} {exercise.id}"
            assert answers.setdefault(exercise.answer, where) == where, exercise.answer
            if exercise.kind == "number":
                assert computations.setdefault(exercise.expected, where) == where, where


def test_the_capstone_reuses_earlier_verdicts_instead_of_asking_them_again():
    settled = {derived.sunshine_verdict, derived.generation_verdict,
               fact_check.construction_verdict}
    for exercise in FACT_CHECK.exercises:
        assert exercise.expected not in settled, exercise.id
    shown_before = _text("04_energy_to_revenue") + _text("05_plausibility")
    for exercise in FACT_CHECK.exercises:
        if exercise.kind == "number":
            assert f"{exercise.expected():.1f}" not in shown_before, exercise.id


def test_q2_text_agrees_with_its_grading():
    q2 = _exercise(FACT_CHECK, "q2")
    assert "unverifiable" in {m.wrong for m in q2.mistakes}  # graded wrong ...
    defended = [text for text in _markdown("07_fact_check")
                if re.search(r"`unverifiable`[^.]*defensible", text)]
    assert defended
    for text in defended:  # ... so wherever the text defends it, it says where and why not
        assert "q2" in text and "q6" in text and "marked wrong" in text


def test_the_sunshine_row_gives_its_unit():
    earlier = next(c.source for c in read(SOLUTIONS / "07_fact_check.ipynb").cells
                   if c.source.lstrip().startswith("from reading_numbers.derived")
                   and "earlier = [" in c.source)
    assert "{SUNNIEST_SITES_PERCENT} percent" in earlier
    assert not re.search(r"about \{SUNNIEST_SITES_PERCENT\}\"", earlier)


def test_the_checklist_starts_with_provenance():
    checklist = next(text for text in _markdown("07_fact_check") if "A checklist" in text)
    first = checklist[checklist.index("1. **"):checklist.index("2. **")]
    assert "who published" in first.lower()
    assert "independent second source" in first.lower()
    assert "interests" in first.lower()


def test_rounding_backwards_bounds_the_stated_share():
    fewest = fact_check.fewest_staff_for_stated_share()
    staff = figure("company_employees")
    assert round(share_percent(fewest, staff)) == figure("company_ethnic_share")
    assert round(share_percent(fewest - 1, staff)) < figure("company_ethnic_share")
    assert fewest > figure("company_employees_ethnic")  # the article's count rounds to 89


@pytest.mark.parametrize("lesson", [PLAUSIBILITY, FACT_CHECK], ids=lambda lesson: lesson.id)
def test_the_teaching_table_counts_the_kinds_of_exercise(lesson):
    text = (ROOT / "docs" / "teaching.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith(f"| {lesson.id[:2]} |"))
    kinds = [e.kind for e in lesson.exercises]
    counts = re.findall(r"(\d+) (\w+)", row.split("|")[-2])
    stated = {kind: int(count) for count, kind in counts}
    assert stated == {kind: kinds.count(kind) for kind in set(kinds)}


def test_a_share_stated_as_a_rounding_coarser_than_ten_is_inconsistent():
    assert derived.rounding_verdict(90, 88.89) == "rounded"
    assert derived.rounding_verdict(100, 88.89) == "inconsistent"
    assert derived.rounding_verdict(50, 38) == "inconsistent"


def test_the_sunshine_ceiling_is_scoped_and_its_prose_figures_are_the_stored_ones():
    """The US records are called US records; the world figure is the eastern Sahara's."""
    prose = "\n".join(_markdown("05_plausibility"))
    teaching = " ".join(_teaching_section("Lesson 05").split())
    us = f"about {derived.SUNNIEST_SITES_PERCENT} percent"
    sahara = f"about {derived.SAHARA_SUNSHINE_PERCENT} percent"
    for text in (" ".join(prose.split()), teaching):
        assert us in text and sahara in text and "eastern Sahara" in text
    assert "US stations" in prose and "US stations" in teaching
    assert derived.SUNNIEST_SITES_PERCENT < derived.SAHARA_SUNSHINE_PERCENT
    assert derived.sunshine_percent_of_max() > derived.SAHARA_SUNSHINE_PERCENT
    assert derived.sunshine_verdict() == "implausible"
    assert f"{derived.SAHARA_SUNSHINE_PERCENT} percent" in derived.SAHARA_SOURCE
    assert derived.SAHARA_SOURCE in _text("05_plausibility")  # printed where it is used
    for lesson in (PLAUSIBILITY, FACT_CHECK):
        for exercise in lesson.exercises:
            texts = (exercise.solution, *exercise.hints, *(m.message for m in exercise.mistakes))
            assert not any("stations on Earth" in text for text in texts), exercise.id


def test_six_in_the_evening_is_beijing_time_and_about_three_by_the_sun():
    # 18:00 at UTC+8 (meridian 120 E) is 18 - (120 - 75.2) / 15 hours of local solar time.
    assert derived.observation_solar_hour() == pytest.approx(
        figure("sunlight_observation_time") - (120 - derived.COUNTY_LONGITUDE) / 15)
    assert derived.hour_and_minute(derived.observation_solar_hour()) == "15:01"
    assert f"{derived.hour_and_minute(derived.observation_solar_hour())} local solar time" in \
        _text("05_plausibility")
    assert f"{derived.COUNTY_LONGITUDE}° E" in _teaching_section("Lesson 05")
    assert "75\u00b013\u2032 E" in derived.LATITUDE_SOURCE  # the longitude's source
    assert "Beijing time" in ROOT.joinpath("data", "figures.csv").read_text(encoding="utf-8")


def test_built_in_a_year_states_the_reading_its_verdict_rests_on():
    says, _ids = fact_check.CLAIMS["built_in_a_year"]
    assert "not dated" in says and "decision to build" in says
    assert "generation_total" not in fact_check.key_verdicts()  # asked in 04 and 07 q9, not here
    assert "start of building is not dated" in _text("07_fact_check")
