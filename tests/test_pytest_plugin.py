"""``pytest --grade``: one test item per exercise, feedback-only failures, scores at the end."""

from __future__ import annotations

from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import write

from .conftest import insert_after, lesson_notebook, machine_points


def test_grade_collects_exercises_and_reports_scores(pytester, tmp_path):
    runs = tmp_path / "runs.log"
    notebook = lesson_notebook("02_percentages.ipynb")
    insert_after(notebook, 'ex = ck.questions("02_percentages")',
                 f"with open({str(runs)!r}, 'a') as log:\n    log.write('run\\n')")
    insert_after(notebook, "hubei_share = ck.share_percent", "hubei_share = hubei_share / 100")
    write(notebook, pytester.path / "bob.ipynb")
    (pytester.path / "broken.ipynb").write_text("{oops", encoding="utf-8")

    # Without the sandbox: the notebook writes its run count to a file outside its own folder.
    result = pytester.runpytest_subprocess("--grade", "--grade-no-sandbox", "-p",
                                           "no:cacheprovider", "-v")

    result.assert_outcomes(passed=7, failed=2, skipped=1)  # q9 waits for the teacher
    score, top = machine_points("02_percentages") - 1, get_lesson("02_percentages").max_score
    result.stdout.fnmatch_lines([
        "*bob.ipynb::q1 PASSED*",
        "*bob.ipynb::q4 FAILED*",
        "*broken.ipynb::notebook FAILED*",
        "*coursekit scores*",
        f"bob.ipynb: {score:g}/{top:g}",
        f"total: {score:g}/{top:g}",
    ])
    result.stdout.fnmatch_lines(["*_ bob: q4 _*"])  # the failure header names who and what
    # a teacher's first run: the written answer was "skipped" with no reason shown
    result.stdout.fnmatch_lines([
        "*coursekit: skipped, waiting for the teacher*",
        "bob.ipynb::q9: a written answer: waits for your teacher's review (* so far); "
        "the machine found:",
        "    \u2714 *",
        "    \u270e *your teacher will score this.",
    ])
    output = result.stdout.str()
    assert "incorrect: 0.0328638 percent: That looks like a fraction" in output
    assert "Traceback" not in output and "def runtest" not in output
    assert runs.read_text().count("run") == 1, "the notebook must run once, not per exercise"


def test_without_grade_notebooks_are_not_collected(pytester):
    write(lesson_notebook("02_percentages.ipynb"), pytester.path / "bob.ipynb")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == 5  # no tests collected: plain pytest does not grade


def test_plugin_is_light_and_matches_the_grader(pytester):
    import subprocess
    import sys

    from coursekit.grading.options import GradeOptions
    from coursekit.pytest_plugin import ENGINE_NAMES, class_settings
    from coursekit.running.engines import ENGINES

    assert sorted(ENGINE_NAMES) == sorted(ENGINES)
    config = pytester.parseconfig()
    assert class_settings(config) == (GradeOptions(), None)  # the grader's own defaults
    code = "import sys, coursekit.pytest_plugin; assert 'nbformat' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
