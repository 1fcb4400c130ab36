"""What the text of lessons 01-04 and the course's documents claims agrees with the data."""

from __future__ import annotations

import math
import os
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from coursekit.authoring.pacing import (
    MINUTES_PER_EXERCISE,
    MINUTES_PER_WORKED_CELL,
    RANGE_MINUTES,
    ROUND_TO,
    WORDS_PER_MINUTE,
    lesson_pacing,
)
from coursekit.judging.checking import check_answer
from coursekit.model.calc import years_between
from coursekit.model.data import QUALIFIERS, figure, figures
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import read
from reading_numbers.derived import grid_connection
from reading_numbers.lessons.energy import YUAN_PER_KWH_DECIMALS

from .conftest import ROOT, SOLUTIONS

FIRST_LESSONS = ("01_reading_numbers", "02_percentages", "03_growth", "04_energy_to_revenue")
#: Numbers written as words in the lessons' text, for precisions such as "three decimals".
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def markdown(lesson: str) -> list[str]:
    """The text cells of a solution notebook."""
    return [c.source for c in read(SOLUTIONS / f"{lesson}.ipynb").cells
            if c.cell_type == "markdown"]


def paragraph_with(lesson: str, phrase: str) -> str:
    """The one paragraph of a lesson's text that contains phrase (a bulleted list counts as one)."""
    found = [p for cell in markdown(lesson) for p in re.split(r"\n\s*\n", cell) if phrase in p]
    assert len(found) == 1, f"{lesson}: {len(found)} paragraphs say {phrase!r}"
    return found[0]


def cell_with(lesson: str, phrase: str) -> str:
    """The one text cell of a lesson that contains phrase."""
    found = [cell for cell in markdown(lesson) if phrase in cell]
    assert len(found) == 1, f"{lesson}: {len(found)} cells say {phrase!r}"
    return found[0]


def ticked(text: str) -> list[str]:
    """The `code` words of a text, in order: how the lessons name units, ids and sections."""
    return re.findall(r"`([^`]+)`", text)


def assert_names_the_top(named: list[str], counts: pd.Series) -> None:
    """The names are the most frequent values of a count, in order, with no tie at the cut."""
    counts = counts.sort_values(ascending=False, kind="stable")
    assert named, "the claim names nothing the data can be held to"
    assert named == list(counts.index[:len(named)]), counts.to_dict()
    assert counts.iloc[len(named) - 1] > counts.iloc[len(named)], "a tie makes the order arbitrary"


# Lesson 01 --------------------------------------------------------------------------------


def test_units_said_to_come_next_are_the_next_most_frequent():
    named = ticked(paragraph_with("01_reading_numbers", "come next"))
    assert_names_the_top(named, figures()["unit"].value_counts())


def test_figures_called_ceilings_are_exactly_the_up_to_rows():
    listed = cell_with("01_reading_numbers", "Each is a ceiling").split("### Exercise")[0]
    named = set(ticked(listed))
    table = figures()
    assert named == set(table.index[table["qualifier"] == "up_to"])


def test_sections_where_qualified_figures_cluster_are_the_ones_with_most():
    named = ticked(paragraph_with("01_reading_numbers", "cluster in"))
    table = figures()
    assert_names_the_top(named, table.loc[table["qualifier"] != "exact", "section"].value_counts())


def test_counting_exercises_neither_type_their_count_nor_call_every_qualifier_a_hedge():
    for exercise in get_lesson("01_reading_numbers").exercises:
        if exercise.unit == "figures":
            comments = re.findall(r"#.*", exercise.solution)
            assert not re.search(r"\d", " ".join(comments)), f"{exercise.id} types a count"
    title = get_lesson("01_reading_numbers").exercise("q3").title
    assert "hedge" not in title.lower(), "a range and a limit are qualifiers but not hedges"


def test_lesson_01_names_the_publisher_with_a_source_and_the_missing_date():
    text = "\n".join(markdown("01_reading_numbers"))
    assert "China International Communications Group" in text
    assert "state-run" in text
    assert re.search(r"<https?://[^>]+>", text), "say where the fact about the publisher comes from"
    assert "publication date is unknown" in text
    for question in ("Who published this?", "With what interests?",
                     "Is there an independent second source?"):
        assert question in text


# Lessons 02 and 03 ------------------------------------------------------------------------


def test_the_ethnic_minority_staff_have_one_label():
    label = "Uyghur and other ethnic minority staff"
    text = "\n".join(markdown("02_percentages"))
    lesson = get_lesson("02_percentages")
    assert label in text and label in lesson.exercise("q1").title
    assert "local ethnic" not in text + " ".join(e.title for e in lesson.exercises)


def test_the_gap_between_unlike_shares_comes_with_its_caveat():
    assert "measure different things" in cell_with("02_percentages", "### Exercise q7")
    assert "different things" in get_lesson("02_percentages").exercise("q7").solution


def test_the_bound_question_fixes_the_hedge_without_a_direction():
    question = paragraph_with("03_growth", "Taking the monthly pay as exactly")
    assert f"{figure('worker_income_monthly'):,.0f}" in question


# Lesson 04 --------------------------------------------------------------------------------


def test_a_later_date_of_writing_needs_less_than_the_ceiling():
    ceiling = figure("station_generation_annual")
    years = years_between(grid_connection(), pd.Timestamp("2024-12-31"))
    needed = figure("station_generation_cumulative") / years
    assert needed < ceiling
    assert needed == pytest.approx(30e6, rel=0.02)


@pytest.mark.parametrize("document", ["solutions/04_energy_to_revenue.ipynb", "docs/teaching.md"])
def test_running_at_the_ceiling_is_not_called_a_condition(document):
    path = ROOT / document
    text = ("\n".join(markdown(path.stem)) if path.suffix == ".ipynb"
            else path.read_text(encoding="utf-8"))
    for sentence in re.split(r"(?<=[.])\s", " ".join(text.split())):
        if "only if" in sentence:
            assert "ceiling" not in sentence and "every year" not in sentence, sentence


def stated_precision(text: str) -> int:
    """The number of decimals a text asks for ('keep at least three decimals')."""
    match = re.search(r"at least (\w+) decimals", text)
    assert match, f"no precision stated in {text!r}"
    return NUMBER_WORDS.get(match.group(1)) or int(match.group(1))


def test_yuan_per_kwh_precision_is_the_same_in_text_hints_and_tolerance():
    exercise = get_lesson("04_energy_to_revenue").exercise("q2")
    question = paragraph_with("04_energy_to_revenue", "get yuan per")
    assert stated_precision(question) == stated_precision(" ".join(exercise.hints))
    decimals = stated_precision(question)
    assert decimals == YUAN_PER_KWH_DECIMALS
    expected = exercise.expected()
    assert check_answer(exercise, round(expected, decimals)).status == "correct"
    assert check_answer(exercise, round(expected, decimals - 1)).status == "incorrect"


@pytest.mark.parametrize("lesson", FIRST_LESSONS)
def test_every_rounding_of_an_answer_the_lesson_shows_is_accepted(lesson):
    """A decimal in the text, hints or solution that rounds an answer passes that answer's check."""
    shown = "\n".join(markdown(lesson))
    for exercise in get_lesson(lesson).exercises:
        if exercise.kind != "number":
            continue
        expected = exercise.expected()
        text = " ".join((shown, exercise.solution, *exercise.hints))
        for literal in set(re.findall(r"(?<![\w.,])\d+\.\d+(?![\w.])", text)):
            decimals = len(literal.split(".")[1])
            if math.isclose(float(literal), round(expected, decimals)) and float(literal) != 0:
                assert check_answer(exercise, float(literal)).status == "correct", (
                    f"{exercise.id}: the lesson shows {literal} for {expected}, and its check "
                    "rejects it")


# data/README.md and links -----------------------------------------------------------------


def data_readme_section(title: str) -> str:
    """One ### section of data/README.md."""
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    return text.split(f"### {title}\n", 1)[1].split("\n#", 1)[0]


def table_rows(section: str) -> dict[str, str]:
    """The rows of a markdown table keyed by the `code` word of their first cell."""
    rows = {}
    for line in section.splitlines():
        cells = line.split("|")
        if len(cells) > 2 and ticked(cells[1]):
            rows[ticked(cells[1])[0]] = line
    return rows


def test_data_readme_units_are_the_data_units_and_percent_is_a_share():
    rows = table_rows(data_readme_section("Units"))
    assert set(rows) >= set(figures()["unit"])
    meaning = rows["percent"].split("|")[2]
    assert not meaning.strip().lower().startswith("percentage points")
    assert "share" in meaning


def test_data_readme_lists_every_qualifier_with_its_figures_and_wordings():
    rows = table_rows(data_readme_section("Qualifiers"))
    assert set(rows) == set(QUALIFIERS)
    table = figures()
    for qualifier in set(QUALIFIERS) - {"exact"}:
        carrying = table[table["qualifier"] == qualifier]
        assert set(ticked(rows[qualifier])[1:]) == set(carrying.index), qualifier
        for note in carrying["note"]:
            for wording in re.findall(r"'([^']+)'", note):
                assert f'"{wording}' in rows[qualifier] or f" {wording}\"" in rows[qualifier], (
                    f"{qualifier}: the wording {wording!r} is missing")


def documents() -> list[tuple[str, str]]:
    """Every markdown text of the project: its tracked .md files (not what a build or an
    install left in the tree) and the solutions' text cells."""
    tracked = subprocess.run(["git", "ls-files", "-z", "--", "*.md"], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split("\0")
    texts = [(name, (ROOT / name).read_text(encoding="utf-8")) for name in filter(None, tracked)]
    texts += [(f"solutions/{p.name}", "\n".join(markdown(p.stem)))
              for p in sorted(SOLUTIONS.glob("*.ipynb"))]
    return texts


@pytest.mark.parametrize(("name", "text"), documents(), ids=[n for n, _ in documents()])
def test_no_document_points_outside_the_repository(name, text):
    base = (ROOT / name).parent
    prose = re.sub(r"`[^`]*`", "", text)  # links shown as code are examples, not links
    links = re.findall(r"\]\(([^)#\s]+)", prose) + re.findall(r"`([^`\s]*\.\./[^`\s]*)`", text)
    for target in links:
        if re.match(r"[a-z]+:", target):
            continue  # a web address, cited as a source
        resolved = Path(os.path.normpath(base / target))  # .venv/bin/python is a symlink
        inside_venv = resolved.is_relative_to(ROOT / ".venv")  # made by the quickstart
        assert resolved.is_relative_to(ROOT), f"{name} points to {target}"
        assert inside_venv or resolved.exists(), f"{name} points to {target}"
    assert str(ROOT.parent) + "/" not in text, f"{name} names a folder of this machine"


# Pacing -----------------------------------------------------------------------------------

def stated_minutes(text: str, lesson: str) -> tuple[int, int]:
    """The time range a README-style table row gives a lesson, e.g. (45, 55)."""
    names = (lesson[:2], f"[{lesson}](lessons/{lesson}.ipynb)")  # teaching.md, README
    row = next(line for line in text.splitlines()
               if line.startswith("|") and line.split("|")[1].strip() in names)
    low, high = re.search(r"(\d+)\u2013(\d+) min", row).groups()
    return int(low), int(high)


@pytest.mark.parametrize("lesson", sorted(p.stem for p in SOLUTIONS.glob("*.ipynb")))
def test_stated_times_are_the_computed_ones(lesson):
    """README's table, teaching.md's table and the lesson's own line give the model's range."""
    pacing = lesson_pacing(SOLUTIONS / f"{lesson}.ipynb")
    computed = (pacing.low, pacing.high)
    assert pacing.low <= pacing.estimate <= pacing.high
    for document in ("README.md", "docs/teaching.md"):
        stated = stated_minutes((ROOT / document).read_text(encoding="utf-8"), lesson)
        assert stated == computed, f"{document} gives {lesson} {stated}, the model {computed}"
    notebook = " ".join("\n".join(markdown(lesson)).split())
    assert f"*Time*: {pacing.low} to {pacing.high} minutes" in notebook


def test_stated_course_length_is_the_computed_one():
    """The per-lesson span and the hours in all, in the README and teaching.md, are the model's."""
    ranges = [lesson_pacing(path) for path in sorted(SOLUTIONS.glob("*.ipynb"))]
    shortest, longest = min(r.low for r in ranges), max(r.high for r in ranges)
    hours = [f"{round(sum(minutes) / 60, 1):g}" for minutes in
             ([r.low for r in ranges], [r.high for r in ranges])]
    for document in ("README.md", "docs/teaching.md"):
        text = " ".join((ROOT / document).read_text(encoding="utf-8").split())
        assert f"about {shortest} to {longest} minutes" in text, document
        assert f"{hours[0]} to {hours[1]} hours in all" in text, document


def test_teaching_notes_state_the_model_with_written_exercises():
    """Each quantity of the pacing model, written answers included, is stated as in the code."""
    text = " ".join((ROOT / "docs" / "teaching.md").read_text(encoding="utf-8").split())
    method = text[text.index("**How the times are estimated.**"):]
    method = method[:method.index(" | ")]
    assert f"{WORDS_PER_MINUTE} words a minute" in method
    assert f"{MINUTES_PER_WORKED_CELL * 60:g} seconds to run and read each worked-example" in method
    for kind, minutes in MINUTES_PER_EXERCISE.items():
        stated = re.search(rf"(\d+) (?:minutes )?per {kind}\b", method)
        assert stated and int(stated.group(1)) == minutes, f"minutes per {kind} exercise"
    assert f"{RANGE_MINUTES}-minute range" in method
    assert f"rounded down to {ROUND_TO} minutes" in method


@pytest.mark.parametrize("lesson", sorted(p.stem for p in SOLUTIONS.glob("*.ipynb")))
def test_each_lesson_states_the_rule_for_graded_work(lesson):
    """Where a lesson is graded, it says answers must be computed from ck.figure, and why."""
    text = " ".join("\n".join(markdown(lesson)).split())
    assert "**In graded work**, compute every answer from the article's figures" in text
    assert "provenance" in text
