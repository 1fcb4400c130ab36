"""Error carried forward: an answer right from the learner's own wrong earlier answer earns the
declared credit, with the same points and words in check(), progress(), the grader and exports."""

from __future__ import annotations

import csv
import dis
import json
import math
import types

import nbformat
import pytest

from coursekit.cli.app import main
from coursekit.exporters.gradescope import results_json
from coursekit.grading.results import from_json, to_json
from coursekit.judging.checking import check_answer
from coursekit.learner import progress as progress_module
from coursekit.learner.progress import progress
from coursekit.learner.questions import questions
from coursekit.model.carried import FromEarlier, check_chains, from_earlier
from coursekit.model.exercises import Exercise, get_lesson, lessons

from .conftest import insert_after, lesson_notebook, machine_points

PERCENTAGES = get_lesson("02_percentages")
#: 02 q1 given as a fraction (a declared mistake), and q2, q3 and q7 worked from it.
FRACTION = 360 / 405
SLIPPED = {"company_share": FRACTION, "rounding_gap": 90 - FRACTION,
           "verdict_90": "inconsistent", "station_share": 200 / 9,
           "share_gap": FRACTION - 200 / 9}
CAUSE = "right from your q1; q1 itself is a fraction, not a percentage"

#: Every chain the lessons declare: (lesson, exercise) -> (earlier exercises, credit).
CHAINS = {
    ("02_percentages", "q2"): (("q1",), 1.0),
    ("02_percentages", "q3"): (("q1",), 0.5),
    ("02_percentages", "q7"): (("q1", "q6"), 1.0),
    ("03_growth", "q2"): (("q1",), 1.0),
    ("03_growth", "q3"): (("q1",), 1.0),
    ("05_plausibility", "q5"): (("q4",), 1.0),
    ("05_plausibility", "q6"): (("q5",), 0.5),
}

#: Answers whose computation reaches an earlier answer's, but which the learner works out
#: from something else: no chain to declare.
NOT_CHAINS = {
    ("05_plausibility", "q7"): "the candidates table, q4's maximum among them, is handed out",
}


def test_the_lessons_declare_these_chains():
    declared = {(lesson.id, e.id): (e.expected.ids, e.expected.credit)
                for lesson in lessons().values() for e in lesson.exercises
                if isinstance(e.expected, FromEarlier)}
    assert declared == CHAINS


def _reached(function: object, seen: set[int], stop: set[int]) -> set[int]:
    """The ids of every object the course's code reaches from a function by global name, not
    going past those in ``stop`` (earlier exercises' answers)."""
    if id(function) in seen:
        return seen
    seen.add(id(function))
    if id(function) in stop:
        return seen
    if isinstance(function, FromEarlier):
        for _, earlier in function.earlier:
            _reached(earlier, seen, stop)
        return _reached(function.derive, seen, stop)
    code = getattr(function, "__code__", None)
    if code is None or not getattr(function, "__module__", "").startswith("reading_numbers"):
        return seen
    codes = [code]
    while codes:
        current = codes.pop()
        codes += [c for c in current.co_consts if isinstance(c, types.CodeType)]
        for instruction in dis.get_instructions(current):
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                name = instruction.argval
                if name in function.__globals__:  # type: ignore[attr-defined]
                    _reached(function.__globals__[name], seen, stop)  # type: ignore[attr-defined]
    return seen


@pytest.mark.parametrize("lesson", sorted(lessons()))
def test_every_answer_computed_from_an_earlier_one_declares_it(lesson):
    """The chains are found from the declarations: an expected answer whose code reaches an
    earlier exercise's expected answer must say so with from_earlier."""
    before: list[Exercise] = []
    for exercise in lessons()[lesson].exercises:
        if exercise.expected is not None:
            answers = {id(e.expected) for e in before}
            reached = _reached(exercise.expected, set(), answers) - {id(exercise.expected)}
            uses = [e.id for e in before if id(e.expected) in reached]
            follows = exercise.expected.ids if isinstance(exercise.expected,
                                                          FromEarlier) else ()
            if (lesson, exercise.id) not in NOT_CHAINS:
                assert set(uses) <= set(follows), (lesson, exercise.id, uses)
            before.append(exercise)


def test_a_chain_must_name_an_earlier_exercise_and_its_own_function():
    def first():
        return 1.0

    one = Exercise(id="q1", title="t", answer="a", solution="", hints=("h",), expected=first)
    two = Exercise(id="q2", title="t", answer="b", solution="", hints=("h",),
                   expected=from_earlier(lambda q1: q1 * 2, q1=first))
    check_chains("x", (one, two))
    with pytest.raises(ValueError, match="x, q2: its answer follows from q1, which is not an "):
        check_chains("x", (two, one))
    other = Exercise(id="q1", title="t", answer="a", solution="", hints=("h",),
                     expected=lambda: 1.0)
    with pytest.raises(ValueError, match="names first for its answer, where q1 declares a lambda"):
        check_chains("x", (other, two))
    with pytest.raises(ValueError, match="'credit' is a share"):
        from_earlier(lambda q1: q1, credit=2, q1=first)


@pytest.fixture
def notebook(monkeypatch):
    """A notebook's variables, as ex.qN.check() and ex.progress() read them."""
    values: dict[str, object] = {}
    monkeypatch.setattr(progress_module, "notebook_namespace", lambda: values)
    return values


def test_today_a_fraction_in_q1_cost_q2_with_no_word_of_why():
    """The reviewer's case: the slip alone, judged without the chain, says only 'not what the
    data give'."""
    q2 = PERCENTAGES.exercise("q2")
    alone = check_answer(q2, SLIPPED["rounding_gap"])
    assert alone.points == 0 and "not what the data give" in alone.feedback


def test_check_carries_credit_from_the_learners_own_q1(notebook):
    notebook.update(SLIPPED)
    ex = questions("02_percentages")
    q1 = ex.q1.check(FRACTION)
    assert q1.points == 0 and "fraction" in q1.feedback
    q2 = ex.q2.check(SLIPPED["rounding_gap"])
    assert (q2.status, q2.points, q2.carried_from) == ("incorrect", 1, ("q1",))
    assert CAUSE in q2.feedback and "Carried forward: 1 of 1 point" in q2.feedback
    q3 = ex.q3.check("inconsistent")
    assert q3.points == 0.5 and CAUSE in q3.feedback
    q7 = ex.q7.check(SLIPPED["share_gap"])
    assert q7.points == 1 and q7.carried_from == ("q1",)


def test_no_credit_without_a_slip_or_for_a_wrong_derivation(notebook):
    ex = questions("02_percentages")
    notebook.update(SLIPPED, company_share=100 * FRACTION)
    assert ex.q2.check(90 - FRACTION).points == 0  # q1 is right: nothing to carry
    notebook.update(company_share=FRACTION)
    wrong = ex.q2.check(5.0)
    assert wrong.points == 0 and not wrong.carried_from
    assert "q1" not in wrong.feedback
    for broken in (math.nan, "88.9%", None):
        notebook.update(company_share=broken)
        assert ex.q2.check(90 - FRACTION).points == 0
    del notebook["company_share"]
    assert ex.q2.check(90 - FRACTION).points == 0


def test_progress_gives_the_same_credit_as_check(notebook):
    notebook.update(SLIPPED)
    table = progress(PERCENTAGES).set_index("exercise")
    ex = questions("02_percentages")
    for id in ("q1", "q2", "q3", "q6", "q7"):
        value = SLIPPED[PERCENTAGES.exercise(id).answer]
        assert table.at[id, "points"] == getattr(ex, id).check(value).points, id
    assert list(table.loc[["q1", "q2", "q3", "q6", "q7"], "points"]) == [0, 1, 0.5, 1, 1]


def test_a_chain_of_chains_judges_each_link_from_the_answer_before_it(notebook):
    plausibility = get_lesson("05_plausibility")
    most = plausibility.exercise("q4").expected() / 60  # a slip: hours taken as minutes
    share = 100 * 4434.7 / most
    notebook.update(max_daylight=most, sunshine_share_of_max=share,
                    verdict_sunshine="implausible")
    table = progress(plausibility).set_index("exercise")
    assert table.at["q4", "points"] == 0 and table.at["q5", "points"] == 1
    assert table.at["q6", "points"] == 1  # right from the data: q5 is not needed


@pytest.fixture(scope="module", params=["fast", pytest.param("kernel", marks=pytest.mark.slow)])
def graded_class(request, tmp_path_factory):
    """Lesson 02 handed in by three learners, graded by one engine with every export."""
    folder = tmp_path_factory.mktemp("class")
    slip = "company_share = company_share / 100  # a fraction, not a percentage"
    submissions = {
        "alice": lesson_notebook("02_percentages.ipynb"),
        "bob": insert_after(lesson_notebook("02_percentages.ipynb"), "company_share = ", slip),
        "carol": insert_after(lesson_notebook("02_percentages.ipynb"), "company_share = ", slip),
    }
    insert_after(submissions["carol"], "rounding_gap = ", "rounding_gap = 5.0")
    for name, notebook in submissions.items():
        nbformat.write(notebook, folder / f"{name}.ipynb")
    where = tmp_path_factory.mktemp(request.param)
    (where / "roster.csv").write_text("learner,name,email,id\n" + "".join(
        f"{name},{name.title()},{name}@example.org,{n}\n" for n, name in enumerate(submissions)),
        encoding="utf-8")
    assert main(["grade", str(folder), "--engine", request.param, "--no-sandbox", "--jobs", "2",
                 "--roster", str(where / "roster.csv"),
                 "--export", f"moodle:{where / 'moodle.csv'}",
                 "--export", f"json:{where / 'results.json'}",
                 "--export", f"csv:{where / 'grades.csv'}",
                 "--export", f"feedback:{where / 'pages'}",
                 "--export", f"report:{where / 'report.html'}"]) == 0
    return where


def test_a_graded_class_carries_credit_in_every_export(graded_class):
    where = graded_class
    with open(where / "grades.csv", newline="", encoding="utf-8-sig") as stream:
        rows = {row["learner"]: row for row in csv.DictReader(stream)}
    full = PERCENTAGES.max_score - PERCENTAGES.exercise("q9").points  # q9 waits for the teacher
    points = {name: [rows[name][f"q{i}"] for i in (1, 2, 7)] for name in rows}
    assert points == {"alice": ["1", "1", "1"], "bob": ["0", "1", "1"],
                      "carol": ["0", "0", "1"]}
    assert float(rows["bob"]["total"]) == float(rows["alice"]["total"]) - 1
    assert float(rows["alice"]["total"]) >= full - 1
    grades = {g.path.rsplit("/", 1)[-1]: g for g in
              from_json((where / "results.json").read_text(encoding="utf-8"))}
    bob = {e.id: e for e in grades["bob.ipynb"].exercises}
    assert bob["q2"].carried_from == ["q1"] and CAUSE in bob["q2"].feedback
    assert not bob["q1"].carried_from
    record = json.loads(to_json([grades["bob.ipynb"]]))["submissions"][0]["exercises"]
    assert [list(e) for e in record if e["id"] == "q1"] == [
        ["id", "status", "points", "max_points", "feedback"]]
    assert [e["carried_from"] for e in record if e["id"] == "q2"] == [["q1"]]
    assert not any(e.carried_from for e in grades["alice.ipynb"].exercises)
    with open(where / "moodle.csv", newline="", encoding="utf-8-sig") as stream:
        moodle = {row[0]: row[-1] for row in csv.reader(stream)}
    assert float(moodle["bob@example.org"]) == float(rows["bob"]["total"])
    assert "right from your q1" in (where / "pages" / "bob.html").read_text(encoding="utf-8")
    assert "right from your q1" in (where / "report.html").read_text(encoding="utf-8")
    tests = {t["name"].split(":")[0]: t for t in results_json(grades["bob.ipynb"])["tests"]}
    assert [(t["score"], t["status"]) for t in tests.values()][:3] == [
        (0, "failed"), (1, "passed"), (1, "passed")]  # q2 earns all its points from q1



def test_pytest_grade_passes_an_exercise_that_earns_all_its_points_carried(pytester):
    """On GitHub Classroom a step's pass is its points: full carried credit passes."""
    notebook = insert_after(lesson_notebook("02_percentages.ipynb"), "company_share = ",
                            "company_share = company_share / 100")
    nbformat.write(notebook, pytester.path / "bob.ipynb")
    result = pytester.runpytest_subprocess("--grade", "--grade-no-sandbox", "-p",
                                           "no:cacheprovider", "-v")
    result.stdout.fnmatch_lines(["*bob.ipynb::q1 FAILED*", "*bob.ipynb::q2 PASSED*",
                                 "*bob.ipynb::q7 PASSED*"])
    score = machine_points("02_percentages") - 1
    result.stdout.fnmatch_lines([f"bob.ipynb: {score:g}/*"])


def test_a_slip_with_no_short_name_is_quoted(notebook):
    notebook.update(income_per_year=5000.0)  # one month's pay, not a year's
    ex = questions("03_growth")
    q2 = ex.q2.check(5000 / 20000)
    assert q2.points == 1 and q2.carried_from == ("q1",)
    assert "right from your q1; q1 itself is wrong: that is one month's pay." in q2.feedback


def test_a_slip_no_mistake_explains_is_named_by_its_check(notebook):
    notebook.update(SLIPPED, company_share=88.8, station_share=22.0)  # rounded too early
    q7 = questions("02_percentages").q7.check(88.8 - 22.0)
    assert q7.carried_from == ("q1", "q6") and q7.points == 1
    assert ("right from your q1 and q6; q1 itself is wrong: 88.8 percent is close but outside "
            "the tolerance") in q7.feedback
    assert "Fix q1 and q6 and this answer follows from them." in q7.feedback
