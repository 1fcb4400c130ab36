"""The grading child never holds the key: every route to it finds nothing and earns nothing.

Each route below is one a reviewer used to fill lesson 02's q1 from the answer key (the
declarations' expected values) without computing it. Before the key-free view
(coursekit.model.public) each got full marks, with ``--variants 2`` and ``--key-use zero`` as
well, since the key followed the variant's figures and the syntax check saw no key name. Now
the process that runs the notebook imports the courses from their key-free view, so each
route finds nothing: q1 scores 0 (the key-use flags stay, as a report of the attempt).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from coursekit.grading import provisions
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.grading.variants import run_figures
from coursekit.model.course import find_course
from coursekit.model.exercises import get_lesson, lessons
from coursekit.model.public import handout_leaks, key_modules
from coursekit.running.engines import ENGINES, Job, Run
from coursekit.running.notebooks import read, write
from coursekit.running.sandbox import choose

from .conftest import LESSONS, ROOT, clean_env, require_in_ci

REAL_SOURCE = ROOT / "src" / "reading_numbers" / "derived.py"
#: How each route reads the key's attributes, by names the syntax check cannot see.
NAMES = 'E, X, L, S = "exp" + "ected", "exer" + "cise", "LES" + "SON", "solu" + "tion"\n'

#: Route -> code that sets ``company_share`` (lesson 02, q1) from the key.
ROUTES = {
    "vars": NAMES + "company_share = getattr(vars(ex.q1)[X], E)()",
    "getattr": NAMES + "company_share = getattr(getattr(ex.q1, X), E)()",
    "importlib": (NAMES + "import importlib\n"
                  "m = importlib.import_module('reading_' + 'numbers.lessons.percentages')\n"
                  "company_share = getattr(getattr(getattr(m, L), X + 's')[0], E)()"),
    "__import__": ("company_share = getattr(__import__('reading_' + 'numbers.derived', "
                   "fromlist=['x']), 'company_' + 'share')()"),
    "exec": ('exec("from reading_numbers.der" + "ived import company_" + "share as f")\n'
             "company_share = f()"),
    "pickle": ("import pickle\n"
               "company_share = pickle.loads(b'creading_numbers.derived\\ncompany_share\\n.')()"),
    "gc": (NAMES + "import gc\n"
           "found = [o for o in gc.get_objects() if type(o).__name__ == 'Exercise'\n"
           "         and getattr(o, 'answer', '') == 'company_share' and getattr(o, E)]\n"
           "company_share = getattr(found[0], E)()"),
    "sys.modules": (NAMES + "import sys\n"
                    "m = sys.modules['reading_numbers.les' + 'sons.percentages']\n"
                    "company_share = getattr(getattr(getattr(m, L), X + 's')[0], E)()"),
    "frames": (NAMES + "import sys\n"
               "got = []\n"
               "class Probe:\n"
               "    def __repr__(self):\n"
               "        frame = sys._getframe(1)\n"
               "        while frame is not None:\n"
               "            for value in list(frame.f_locals.values()):\n"
               "                held = getattr(value, X, value)\n"
               "                if getattr(held, 'answer', '') == 'company_share' \\\n"
               "                        and callable(getattr(held, E, None)):\n"
               "                    got.append(getattr(held, E)())\n"
               "            frame = frame.f_back\n"
               "        return 'probe'\n"
               "ex.q1.check(Probe())\n"
               "company_share = got[0]"),
    "solution": (NAMES + "shown = getattr(getattr(ex.q1, S)(), 'body')\n"
                 "exec(shown.split('  #')[0])"),
    "hints": ("import re\n"
              "company_share = float(re.findall(r'([0-9]+[.][0-9]) rounded', "
              "str(ex.q3.hint(2)))[0])"),
    "source file": (f"found = {{}}\nexec(open({str(REAL_SOURCE)!r}).read(), found)\n"
                    "company_share = found['company_' + 'share']()"),
    "real package": ("import sys, importlib\n"
                     f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
                     "for name in [m for m in sys.modules if m.startswith('reading_numbers')]:\n"
                     "    del sys.modules[name]\n"
                     "m = importlib.import_module('reading_numbers.' + 'derived')\n"
                     "company_share = getattr(m, 'company_' + 'share')()"),
}
#: The route through the course's files on disk: the sandbox hides them; without it, open.
DISK_ROUTES = ("source file",)


def route_notebook(tmp_path: Path, name: str, code: str) -> Path:
    """Lesson 02's learner notebook with q1's answer cell taken from the key by ``code``."""
    notebook = read(LESSONS / "02_percentages.ipynb")
    cells = notebook.cells
    index = next(i for i, c in enumerate(cells) if c.source.strip() == "company_share = ...")
    cells[index].source = code
    path = tmp_path / f"{name.replace(' ', '_').replace('.', '_')}.ipynb"
    write(notebook, path)
    return path


def q1(grade) -> tuple[str, float]:
    result = next(e for e in grade.exercises if e.id == "q1")
    return result.status.value, result.points


def test_every_lesson_notebook_imports_only_what_its_lesson_hands_out():
    """A notebook's imports from its course are declared (Lesson.handouts), so a graded
    notebook finds them in the key-free view."""
    import ast

    course = find_course("reading_numbers")
    key = key_modules(course)
    for path in sorted(LESSONS.glob("*.ipynb")):
        lesson = get_lesson(path.stem)
        notebook = json.loads(path.read_text(encoding="utf-8"))
        imported = {f"{node.module}.{alias.name}"
                    for cell in notebook["cells"] if cell["cell_type"] == "code"
                    for node in ast.walk(ast.parse("".join(cell["source"])))
                    if isinstance(node, ast.ImportFrom) and node.module in key
                    for alias in node.names}
        assert imported <= set(lesson.handouts), (path.name, imported - set(lesson.handouts))


def test_the_key_free_view_has_no_key(tmp_path):
    """No expected value, solution, mistake, rule or rubric in any file of the view, and
    the answer-computing module (derived.py) is not in it at all."""
    root = Path(provisions.public_folder())
    files = sorted(p for p in root.rglob("*.py"))
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    assert "expected=" not in text and "mistakes=" not in text and "rules=" not in text
    assert "def company_share" not in text and "def station_share" not in text
    assert not (root / "reading_numbers" / "derived.py").exists()
    for lesson in lessons().values():
        for exercise in lesson.exercises:
            for line in exercise.solution.splitlines():
                if len(line) > 30:
                    assert line not in text, (lesson.id, exercise.id)


def test_only_lesson_05_hands_out_part_of_its_own_key():
    """What each lesson hands its notebook carries none of its own answers, but for one: the
    table of daylight candidates that lesson 05 shows after q4 includes q4's answer."""
    course = find_course("reading_numbers")
    leaks = {lesson.id: handout_leaks(lesson, course) for lesson in lessons().values()
             if lesson.course == course.id}
    assert {id: found for id, found in leaks.items() if found} == {"05_plausibility": [
        "reading_numbers.derived.max_daylight is q4's expected answer",
        "reading_numbers.lessons.plausibility.max_daylight is q4's expected answer"]}


def run_cells(*sources: str, engine: str = "fast", sandbox: str = "auto",
              lesson: str = "05_plausibility") -> dict[str, object]:
    """Run cells as a graded notebook of ``lesson`` runs them; the ``found`` variable read out."""
    found = get_lesson(lesson)
    first = provisions.course_cell(found, run_figures(found.course, 0, 0))
    job = Job(0, [(-1, first), *enumerate(sources)], ["found"], 30, 120)
    limits = choose(sandbox, None, provisions.readable())
    [(_, outcome)] = list(ENGINES[engine]([job], 1, limits, provisions.preload()))
    assert isinstance(outcome, Run), outcome
    return outcome.answers["found"]


SCAN = """
import gc, sys
keys = [o for o in gc.get_objects() if type(o).__name__ in ('Exercise', 'Mistake', 'Rule',
        'Criterion') and (getattr(o, 'expected', None) or getattr(o, 'solution', None)
        or getattr(o, 'mistakes', None) or getattr(o, 'rules', None)
        or type(o).__name__ != 'Exercise')]
course = sorted(m for m in sys.modules if m.startswith('reading_numbers'))
import coursekit as ck
ex = ck.questions('05_plausibility')
from reading_numbers.lessons.plausibility import CANDIDATES, possible_daylight_candidates
from reading_numbers.derived import years_of_output
found = (f"{len(keys)} {','.join(course)} {len(possible_daylight_candidates())} "
         f"{years_of_output() > 0}")
try:
    import reading_numbers.derived as d
    d.company_share
    found += ' company_share'
except AttributeError:
    pass
"""


@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_a_graded_process_holds_no_key_but_its_handouts(engine):
    found = run_cells(SCAN, engine=engine)
    assert found == {"type": "text", "value": "0 reading_numbers,reading_numbers.derived,"
                     "reading_numbers.lessons,reading_numbers.lessons.plausibility,"
                     "reading_numbers.vocabulary 4 True"}


@pytest.fixture(scope="module")
def route_grades(tmp_path_factory):
    """Every route graded in one batch, as a reviewer would: two variants, zero for key use."""
    folder = tmp_path_factory.mktemp("routes")
    paths = {name: route_notebook(folder, name, code) for name, code in ROUTES.items()}
    honest = route_notebook(folder, "honest", "company_share = ck.share_percent(ck.figure("
                            "'company_employees_ethnic'), ck.figure('company_employees'))")
    grades = grade_paths([*paths.values(), honest],
                         GradeOptions(variants=2, key_use="zero", jobs=2))
    return dict(zip([*paths, "honest"], grades, strict=True))


@pytest.mark.parametrize("route", [r for r in ROUTES if r not in DISK_ROUTES])
def test_each_route_to_the_key_earns_nothing(route_grades, route):
    status, points = q1(route_grades[route])
    assert (status, points) == ("incorrect", 0) or (status, points) == ("unanswered", 0)


def test_the_honest_answer_still_earns_its_point(route_grades):
    assert q1(route_grades["honest"]) == ("correct", 1)
    assert not [f for f in route_grades["honest"].flags if f["exercise"] == "q1"]


@pytest.mark.sandbox
@pytest.mark.parametrize("route", DISK_ROUTES)
def test_in_the_sandbox_the_key_on_disk_is_out_of_reach(route_grades, route):
    if not route_grades[route].sandboxed:
        require_in_ci("the sandbox cannot start here")
    assert q1(route_grades[route])[1] == 0


def test_without_the_sandbox_only_the_files_on_disk_reach_the_key(tmp_path):
    """What remains without the sandbox (README, "Graded work"): the learner's code runs with
    the teacher's rights and can read the course's files, key included; the other routes
    still find nothing (the import guard of coursekit.model.public stops the real modules)."""
    paths = [route_notebook(tmp_path, name, code) for name, code in ROUTES.items()]
    grades = grade_paths(paths, GradeOptions(sandbox="off", jobs=2))
    earned = {name: q1(grade)[1] for name, grade in zip(ROUTES, grades, strict=True)}
    assert {name for name, points in earned.items() if points} == set(DISK_ROUTES)


@pytest.mark.slow
def test_the_kernel_engine_gives_the_routes_nothing_either(tmp_path):
    paths = [route_notebook(tmp_path, name, code) for name, code in ROUTES.items()
             if name not in DISK_ROUTES]
    for grade in grade_paths(paths, GradeOptions(engine="kernel", jobs=2)):
        assert q1(grade)[1] == 0, grade.path


@pytest.mark.slow
@pytest.mark.sandbox
def test_an_installed_course_hides_its_package_from_the_sandbox(fresh_venv, tmp_path):
    """A grader installed from the wheel: the course's files lie among the installed packages,
    which the sandbox shows; its own package folder is hidden, its data stays readable."""
    from coursekit.running.sandbox import installed

    if not installed():
        require_in_ci("the sandbox cannot start here (no bwrap)")
    venv = fresh_venv()
    derived = venv.site_packages() / "reading_numbers" / "derived.py"
    assert "def company_share" in derived.read_text(encoding="utf-8")
    path = route_notebook(tmp_path, "installed", ROUTES["source file"].replace(
        repr(str(REAL_SOURCE)), repr(str(derived))))
    scores = {}
    for mode in ("--sandbox", "--no-sandbox"):
        out = subprocess.run([str(venv.bin("coursekit")), "grade", str(path), mode,
                              "--format", "json"], cwd=tmp_path, env=clean_env(),
                             capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        [submission] = json.loads(out.stdout)["submissions"]
        scores[mode] = (submission["exercises"][0]["points"],
                        [e["error"].split(":")[0] for e in submission["cell_errors"]])
    # only the route's cell and q1's check fail: the course and its data load as before
    assert scores["--sandbox"] == (0, ["FileNotFoundError", "NameError"])
    assert scores["--no-sandbox"] == (1, [])


def test_a_module_declared_public_is_checked_for_the_key():
    from dataclasses import replace

    from coursekit.model.course import CourseError

    course = find_course("reading_numbers")
    with pytest.raises(CourseError, match=r"derived is declared public but holds .*company_share"):
        key_modules(replace(course, public=("reading_numbers.derived",)))
    with pytest.raises(CourseError, match="names no module"):
        key_modules(replace(course, public=("reading_numbers.nothing",)))
