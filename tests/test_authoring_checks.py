"""``coursekit new`` and ``coursekit check`` in this process: the scaffold is clean, and each
authoring mistake planted into it is named on one line that says what to change.

The course is registered the way pip's metadata would register it (an entry point in a
``.dist-info`` folder on ``sys.path``); grading it needs a real install, which
``tests/test_new_course.py`` makes in a fresh virtual environment.
"""

from __future__ import annotations

import json
import sys

import pytest

from coursekit.authoring.checks import check_course
from coursekit.authoring.newcourse import new_course
from coursekit.cli.app import main
from coursekit.model import course, data, exercises

from .conftest import fake_distribution

COURSE = "planted_course"
LESSON = f"{COURSE}_01"


def _register(where, name):
    """Make ``name`` (a course made by ``coursekit new`` in ``where / name``) installed."""
    fake_distribution(where, name, f"{name} = {name}:COURSE")


def _forget():
    for cache in (course.courses, exercises.lessons, data._read_figures, data._read_timeline):
        cache.cache_clear()
    course.activate(None)
    for name in [m for m in sys.modules if m.startswith(("planted_course", "planted_twin"))]:
        del sys.modules[name]


@pytest.fixture
def planted(tmp_path, monkeypatch):
    """A new course, installed in this process; yields its folder."""
    folder = tmp_path / COURSE
    new_course(COURSE, folder)
    _register(tmp_path, COURSE)
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(folder / "src"))
    _forget()
    yield folder
    _forget()


def problems(folder) -> list[str]:
    """What ``coursekit check`` finds (without grading), as its lines."""
    _forget()
    return [str(p) for p in check_course(COURSE, folder / "solutions", grade=False)]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def lesson_module(folder):
    return folder / "src" / COURSE / "lessons" / "budget.py"


def solution(folder):
    return folder / "solutions" / f"{LESSON}.ipynb"


def test_a_new_course_uses_its_own_names_and_is_clean(planted, capsys):
    text = "\n".join(p.read_text(encoding="utf-8") for p in planted.rglob("*") if p.is_file())
    assert "reading_numbers" not in text and "Xinjiang" not in text
    assert main(["check", "--solutions", str(planted / "solutions"), "--no-grade"]) == 0
    assert capsys.readouterr().out == f"{COURSE}: no problems\n"


def test_a_course_is_not_written_over_an_existing_folder(planted, capsys):
    assert main(["new", COURSE, "--into", str(planted)]) == 2
    assert "exists and is not empty" in capsys.readouterr().err
    assert main(["new", "City-Budget", "--into", str(planted.parent / "other")]) == 2


def test_an_answer_the_learners_copy_never_assigns_is_named(planted):
    """The reviewer's case, turned round: the chart block no longer binds the answer."""
    edit(solution(planted), "fig, chart = plt.subplots()", "fig, ax = plt.subplots()")
    edit(solution(planted), 'chart.bar(', 'ax.bar(')
    edit(solution(planted), 'chart.set_ylabel(', 'ax.set_ylabel(')
    assert problems(planted) == [
        f"lesson {LESSON} q3: the learner's copy never assigns 'chart', which ex.q3.check "
        "reads: assign it inside the solution block (chart = ...)"]


def unmark_answer_cell(folder, metadata=None):
    """Take the ``answer:q5`` tag off the answer cell, giving it ``metadata`` instead."""
    notebook = json.loads(solution(folder).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["metadata"].pop("tags", None) and metadata:
            cell["metadata"].update(metadata)
    solution(folder).write_text(json.dumps(notebook), encoding="utf-8")


def test_an_unmarked_written_answer_names_the_tag_to_add(planted):
    unmark_answer_cell(planted)
    assert problems(planted) == [
        f"lesson {LESSON} q5: no answer cell for 'change_in_words': in JupyterLab, give its "
        "Markdown cell the tag answer:q5"]


def test_the_metadata_mark_is_still_accepted(planted):
    unmark_answer_cell(planted, {"coursekit": {"answer": "change_in_words"}})
    assert problems(planted) == []


def test_a_mistake_diagnosed_as_another_is_named(planted):
    edit(lesson_module(planted), "mistakes=(fraction_for_percent(), complement()),",
         "mistakes=(fraction_for_percent(), complement(),\n"
         "                      Mistake(lambda e: e / 100, 'You divided by 100.')),")
    [found] = problems(planted)
    assert found.startswith(f"lesson {LESSON} q1: mistake 'You divided by 100.' gives 0.3")
    assert "diagnosed as '0.3 percent: That looks like a fraction" in found and "drop one" in found


def test_a_mistake_inside_the_tolerance_is_named(planted):
    edit(lesson_module(planted), "mistakes=(fraction_for_percent(), complement()),",
         "mistakes=(Mistake(lambda e: e + 0.01, 'A rounding slip.'),),")
    [found] = problems(planted)
    assert "mistake 'A rounding slip.'" in found and "accepts as right" in found


def test_an_expected_choice_outside_the_choices_is_named(planted):
    edit(lesson_module(planted), "choices=tuple(LINES),", "choices=('roads', 'parks'),")
    assert problems(planted) == [
        f"lesson {LESSON} q2: expected() gives 'schools', which is not one of its choices "
        "['roads', 'parks']: add it to 'choices' or fix expected()"]


def test_a_criterion_with_the_wrong_arguments_is_named(planted):
    edit(lesson_module(planted), "states_number(spending_change, 0.05,",
         "states_number(5.0, 0.05,")
    [found] = problems(planted)
    assert found.startswith(f"lesson {LESSON} q5: rubric criterion 'states the change in "
                            "percent' fails on the model answer (TypeError:")
    assert "lambda: figure('id')" in found


def test_an_unknown_rule_names_the_module_and_what_was_meant(planted):
    edit(lesson_module(planted), "    starts_at_zero,\n", "    starts_at_zeros,\n")
    edit(lesson_module(planted), 'starts_at_zero("y"),', 'starts_at_zeros("y"),')
    [found] = problems(planted)
    assert found.startswith(f"{COURSE} lessons: course '{COURSE}': lesson module "
                            f"{COURSE}.lessons.budget cannot be loaded: ImportError")
    assert found.endswith("did you mean 'starts_at_zero'?")


def test_a_rule_given_uncalled_says_to_call_it(planted):
    edit(lesson_module(planted), "vertical_bars(),", "vertical_bars,")
    [found] = problems(planted)
    assert "q3: rules[0] is <function vertical_bars" in found
    assert "not a Rule: give a rule such as ck.starts_at_zero('y')" in found


def test_a_figure_with_a_qualifier_the_schema_does_not_allow_is_named(planted):
    edit(planted / "data" / "figures.csv", "126,million,about", "126,million,roughly")
    [found] = problems(planted)
    assert found.startswith(f"{COURSE} data: figures.csv: 'qualifier' must be one of")
    assert "(got ['roughly'])" in found


def test_a_solution_notebook_of_another_lesson_and_without_set_up_is_named(planted):
    edit(solution(planted), f'"lesson": "{LESSON}"', '"lesson": "elsewhere"')
    edit(solution(planted), f'ex = ck.questions(\\"{LESSON}\\")', 'ex = None')
    found = problems(planted)
    assert f"its metadata name lesson 'elsewhere': set {{\"coursekit\": {{\"lesson\": " \
           f"\"{LESSON}\"}}}}" in found[0]
    assert f"no set-up cell: add a code cell with ex = ck.questions(\"{LESSON}\")" in found[1]


def test_a_quoted_rounding_the_check_rejects_is_named(planted):
    edit(planted / "data" / "figures.csv", "252,million", "250,million")
    edit(lesson_module(planted), "tolerance=0.05,  # one decimal, as the lesson quotes it",
         "tolerance=0.001,")
    edit(solution(planted), "What percent of all spending goes to schools?",
         "What percent of all spending goes to schools (about 29.8)?")
    assert problems(planted) == [
        f"lesson {LESSON} q1: the lesson quotes 29.8 for 29.761904761904763, and the check "
        "rejects it: widen the tolerance or quote more decimals"]


def test_a_lesson_id_of_two_courses_says_what_to_change(planted, tmp_path):
    twin = tmp_path / "planted_twin"
    new_course("planted_twin", twin)
    edit(twin / "src" / "planted_twin" / "lessons" / "budget.py", 'id="planted_twin_01"',
         f'id="{LESSON}"')
    _register(tmp_path, "planted_twin")
    sys.path.insert(0, str(twin / "src"))
    try:
        [found] = problems(planted)
    finally:
        sys.path.remove(str(twin / "src"))
    assert f"lesson id '{LESSON}' is declared by two installed courses" in found
    assert "change LESSON.id in one of them" in found
