"""Gradescope: the autograder zip in Gradescope's layout, installed from the course's wheel
by its own setup.sh, and run_autograder's results.json for good and bad submissions.

The contract is Gradescope's "Autograder Specifications" page
(gradescope-autograders.readthedocs.io/en/latest/specs/; source
github.com/gradescope/autograder_samples, docs/specs.md): "File hierarchy" (the zip's root
holds setup.sh and run_autograder; /autograder/source, submission/, results/results.json),
"Output format", "Test case status" and "Output String Formatting". Every results.json
here is checked against fixtures/gradescope_results.schema.json, written from that page.
Its "Base Images" page (docs/base_images.md) names Ubuntu 22.04 as the default image, whose
python3 is 3.10: the bundle's setup.sh makes its venv with the ``python3`` it finds, here
the interpreter of the tests, and .ci/run runs this file under the oldest and the newest
Python the project declares (3.10 and 3.13) besides the default one.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from coursekit.exporters.gradescope import results_json
from coursekit.grading.options import GradeOptions
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.model.exercises import get_lesson
from coursekit.platforms.gradescope import ROOT_VARIABLE, build_bundle, run_autograder

from .conftest import FIXTURES, SOLUTIONS, clean_env, lesson_notebook, machine_points

pytestmark = pytest.mark.pythons  # run under every declared Python (.ci/run)
LESSON = get_lesson("02_percentages")
TEST_KEYS = {"name", "number", "score", "max_score", "status", "output", "visibility"}
SCHEMA = json.loads((FIXTURES / "gradescope_results.schema.json").read_text(encoding="utf-8"))
#: The teacher's points in each written exercise of the lesson (a rubric line with no check).
TEACHERS = {e.id: sum(c.points for c in e.rubric if c.by_teacher)
            for e in LESSON.exercises if e.kind == "written"}


def checked(results: dict) -> dict:
    """The results, once they are valid against the schema written from Gradescope's spec."""
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(results, SCHEMA, cls=jsonschema.Draft202012Validator)
    return results


def read_results(root) -> dict:
    """The results.json run_autograder wrote under root, checked against the schema."""
    return checked(json.loads((root / "results" / "results.json").read_text(encoding="utf-8")))


def test_the_schema_refuses_what_the_spec_does_not_allow():
    import jsonschema

    good = {"score": 1, "tests": [{"score": 1, "max_score": 1, "status": "passed"}]}
    checked(good)
    for bad in ({"tests": [{"max_score": 1}]},  # no score anywhere
                {**good, "output_format": "pre"}, {**good, "stdout_visibility": "always"},
                {**good, "tests": [{"score": 1, "status": "pending"}]},
                {**good, "tests": [{"score": 1, "number": 1}]}, {**good, "scores": 1}):
        with pytest.raises(jsonschema.ValidationError):
            checked(bad)


def test_results_follow_gradescopes_format():
    grade = SubmissionGrade("s.ipynb", LESSON.id, "graded", None, 1, 2, [
        ExerciseGrade("q1", "correct", 1, 1, "Well read."),
        ExerciseGrade("q2", "incorrect", 0, 1, "That is the share of the wrong total."),
    ], [{"cell": 7, "error": "TypeError: unsupported operand type(s) for +: <class 'int'>"}])
    results = checked(results_json(grade))
    assert results["score"] == sum(t["score"] for t in results["tests"]) == 1
    assert all(set(t) == TEST_KEYS for t in results["tests"])
    assert [(t["name"], t["status"], t["max_score"]) for t in results["tests"]] == [
        ("q1", "passed", 1), ("q2", "failed", 1)]
    assert results["tests"][1]["output"] == "Not yet. That is the share of the wrong total."
    # Shown as written: Gradescope's default for the top-level output is sanitised HTML.
    assert "Cell 7: TypeError: unsupported operand type(s) for +: <class 'int'>" in results[
        "output"]
    assert results["output_format"] == results["test_output_format"] == "text"
    assert results["test_name_format"] == "text"


def test_a_written_answer_waiting_for_the_teacher_is_not_a_failed_test():
    """The teacher's part of a written answer is outside the autograder's score and tests
    (a manually graded question on Gradescope); the machine's part is a test like any other."""
    (written, teachers), = TEACHERS.items()
    exercise = LESSON.exercise(written)
    machine = exercise.points - teachers
    for points, status in ((machine, "passed"), (machine - 1, "failed")):
        grade = SubmissionGrade("s.ipynb", LESSON.id, "graded", None, points, exercise.points,
                                [ExerciseGrade(written, "needs_review", points,
                                               exercise.points, "Your answer is saved.")])
        results = checked(results_json(grade))
        (test,) = results["tests"]
        assert (test["score"], test["max_score"], test["status"]) == (points, machine, status)
        assert test["output"].startswith("Waiting for the teacher. Your answer is saved.")
        assert f"Your teacher scores the rest of this answer ({teachers:g} of its" in test[
            "output"]
        assert f"{written} ({teachers:g})" in results["output"]
        assert results["output"].startswith(f"{LESSON.id}: {points:g} of {machine:g} points.")


def layout(root, files: dict[str, bytes]):
    """A fresh Gradescope submission: submission/ with these files, an empty results/."""
    (root / "submission_metadata.json").unlink(missing_ok=True)
    for folder in ("submission", "results"):
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir(parents=True)
    for name, content in files.items():
        (root / "submission" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "submission" / name).write_bytes(content)


@pytest.mark.parametrize(("files", "says"), [
    ({}, "no notebook (.ipynb file) in your submission"),
    ({"a.ipynb": b"{}", "drafts/b.ipynb": b"{}"}, "2 notebooks in your submission (a.ipynb, "
                                                  "drafts/b.ipynb)"),
    ({"02_percentages.ipynb": b"{\"cells\": [tru"}, "not a valid notebook"),
])
def test_a_submission_without_one_readable_notebook_gets_a_clear_result(tmp_path, files, says):
    layout(tmp_path, files)
    run_autograder(tmp_path, LESSON.id)
    results = read_results(tmp_path)
    assert results["score"] == 0
    assert says in results["output"] and says in results["tests"][0]["output"]
    assert [t["name"] for t in results["tests"]] == [e.id for e in LESSON.exercises]
    assert all(t["status"] == "failed" and t["score"] == 0 for t in results["tests"])


def test_a_zip_made_on_macos_is_graded_as_its_one_notebook(tmp_path):
    """A zip made on macOS carries ``__MACOSX/._NAME`` and ``._NAME`` (AppleDouble) files,
    JupyterLab leaves ``.ipynb_checkpoints``: none of them is a second notebook."""
    solution = (SOLUTIONS / "02_percentages.ipynb").read_bytes()
    layout(tmp_path, {"02_percentages.ipynb": solution,
                      "__MACOSX/._02_percentages.ipynb": b"\x00\x05\x16\x07Mac OS X",
                      "._02_percentages.ipynb": b"\x00\x05\x16\x07Mac OS X",
                      ".ipynb_checkpoints/02_percentages-checkpoint.ipynb": solution})
    run_autograder(tmp_path, LESSON.id)
    results = read_results(tmp_path)
    assert results["score"] == machine_points(LESSON.id) == sum(
        t["max_score"] for t in results["tests"])
    assert all(t["status"] == "passed" for t in results["tests"]), "a perfect learner"
    assert "notebooks in your submission" not in results["output"]


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    """An /autograder root as Gradescope builds it: the zip in source/, setup.sh run there
    with the tests' interpreter as ``python3`` (as Ubuntu 22.04's 3.10 is Gradescope's)."""
    root = tmp_path_factory.mktemp("autograder")
    bundle = build_bundle(LESSON.id, root / "autograder.zip",
                          options=GradeOptions(timeout=20, notebook_timeout=120))
    with zipfile.ZipFile(bundle) as archive:
        assert {"setup.sh", "run_autograder"} <= set(archive.namelist())  # at the zip's root
        assert any(n.startswith("coursekit-") and n.endswith(".whl") for n in archive.namelist())
        archive.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):
        path = root / "source" / script
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    bin_dir = root / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(sys._base_executable)
    env = {**clean_env(), ROOT_VARIABLE: str(root)}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root, env=env, check=True)
    return root, env


def run_bundle(root, env) -> dict:
    subprocess.run([str(root / "run_autograder")], cwd=root, env=env, check=True,
                   capture_output=True)
    return read_results(root)


@pytest.mark.slow
def test_the_bundle_installs_the_wheel_and_grades_a_submission(autograder):
    root, env = autograder
    coursekit, python = subprocess.run(
        [str(root / "venv" / "bin" / "python"), "-c",
         "import coursekit, sys; print(coursekit.__file__); print(sys.version_info[:2])"],
        env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert coursekit.startswith(str(root / "venv"))  # installed from the wheel, not editable
    assert python == str(sys.version_info[:2])  # the python3 setup.sh found
    layout(root, {"my lesson.ipynb": (SOLUTIONS / "02_percentages.ipynb").read_bytes()})
    (root / "submission_metadata.json").write_text(json.dumps({
        "created_at": "2026-03-07T10:00:00.000000+00:00",
        "assignment": {"due_date": "2026-03-06T23:59:00.000000+00:00"},
        "users": [{"name": "Zoë Brown", "assignment": {"due_date": None}}]}), encoding="utf-8")
    results = run_bundle(root, env)
    assert results["score"] == machine_points(LESSON.id) == sum(
        t["max_score"] for t in results["tests"])
    assert all(t["status"] == "passed" for t in results["tests"]), "a perfect learner"
    assert "Submitted late by 10 h 1 min." in results["output"]
    assert "Your teacher scores part of the written answers" in results["output"]


@pytest.mark.slow
def test_cell_errors_and_broken_notebooks_reach_the_learner(autograder):
    root, env = autograder
    notebook = lesson_notebook("02_percentages.ipynb")
    notebook.cells.append(new_code_cell("raise ValueError('a slip of the learner')"))
    layout(root, {"02_percentages.ipynb": nbformat.writes(notebook).encode()})
    results = run_bundle(root, env)
    assert results["score"] == machine_points(LESSON.id)
    assert "ValueError: a slip of the learner" in results["output"]
    layout(root, {"02_percentages.ipynb": b"not json at all"})
    results = run_bundle(root, env)
    assert results["score"] == 0 and "could not be graded" in results["output"]
    layout(root, {})
    assert "no notebook" in run_bundle(root, env)["output"]


def test_a_given_wheel_is_bundled_and_outside_a_checkout_one_is_required(tmp_path, monkeypatch,
                                                                         capsys):
    from coursekit.cli.app import main
    from coursekit.platforms import gradescope

    wheel = tmp_path / "coursekit-9.9-py3-none-any.whl"
    wheel.write_bytes(b"a wheel")
    bundle = build_bundle(LESSON.id, tmp_path / "ag.zip", wheel=wheel,
                          options=GradeOptions(timeout=7))
    with zipfile.ZipFile(bundle) as archive:
        assert archive.read(wheel.name) == b"a wheel"
        assert f"source/{wheel.name}" in archive.read("setup.sh").decode()
        assert f"gradescope {LESSON.id} --run --timeout 7" in archive.read(
            "run_autograder").decode()
    monkeypatch.setattr(gradescope, "_project_root", lambda: None)
    assert main(["gradescope", LESSON.id, "-o", str(tmp_path / "x.zip")]) == 2
    assert "pass it with --wheel" in capsys.readouterr().err


def test_the_late_rule_travels_in_the_bundle_and_is_taken_off_after_gradescopes_due_date(
        tmp_path, capsys):
    """Gradescope records the due date and the submission time but takes nothing off for
    lateness in an autograder's score: the bundle carries the class's late rule."""
    from coursekit.cli.app import main
    from coursekit.grading.laterule import LateRule

    wheel = tmp_path / "coursekit-9.9-py3-none-any.whl"
    wheel.write_bytes(b"a wheel")
    assert main(["gradescope", LESSON.id, "-o", str(tmp_path / "ag.zip"), "--wheel", str(wheel),
                 "--late-penalty", "10", "--late-per", "hour", "--late-cap", "50"]) == 0
    with zipfile.ZipFile(tmp_path / "ag.zip") as archive:
        script = archive.read("run_autograder").decode()
    assert ("--late-penalty 10 --late-per hour --late-cap 50 --late-grace 0" in script)

    layout(tmp_path, {"02_percentages.ipynb": (SOLUTIONS / "02_percentages.ipynb").read_bytes()})
    (tmp_path / "submission_metadata.json").write_text(json.dumps({
        "created_at": "2026-03-07T10:00:00.000000+00:00",  # 10 h 1 min late: 11 started hours
        "assignment": {"due_date": "2026-03-06T23:59:00.000000+00:00"}}), encoding="utf-8")
    run_autograder(tmp_path, LESSON.id, late=LateRule(10, per="hour", cap=50))
    results = read_results(tmp_path)
    machine = machine_points(LESSON.id)
    assert results["score"] == pytest.approx(machine / 2)  # 110 % capped at 50 %
    assert (f"{machine / 2:g} points taken off (10% off per started hour late, at most 50%)."
            in results["output"])
