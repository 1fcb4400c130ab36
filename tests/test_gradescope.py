"""Gradescope: the autograder zip in Gradescope's layout, installed from the course's wheel
by its own setup.sh, and run_autograder's results.json for good and bad submissions."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import zipfile

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from coursekit.exporters.gradescope import results_json
from coursekit.grading.options import GradeOptions
from coursekit.grading.results import ExerciseGrade, SubmissionGrade
from coursekit.model.exercises import get_lesson
from coursekit.platforms.gradescope import ROOT_VARIABLE, build_bundle, run_autograder

from .conftest import SOLUTIONS, clean_env, lesson_notebook, machine_points

LESSON = get_lesson("02_percentages")
TEST_KEYS = {"name", "number", "score", "max_score", "status", "output", "visibility"}


def test_results_follow_gradescopes_format():
    grade = SubmissionGrade("s.ipynb", LESSON.id, "graded", None, 1, 2, [
        ExerciseGrade("q1", "correct", 1, 1, "Well read."),
        ExerciseGrade("q2", "incorrect", 0, 1, "That is the share of the wrong total."),
    ], [{"cell": 7, "error": "NameError: name 'shares' is not defined"}])
    results = results_json(grade)
    assert results["score"] == sum(t["score"] for t in results["tests"]) == 1
    assert all(set(t) == TEST_KEYS for t in results["tests"])
    assert [(t["name"], t["status"], t["max_score"]) for t in results["tests"]] == [
        ("q1", "passed", 1), ("q2", "failed", 1)]
    assert results["tests"][1]["output"] == "Not yet. That is the share of the wrong total."
    assert "Cell 7: NameError" in results["output"]


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
    results = json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))
    assert results["score"] == 0
    assert says in results["output"] and says in results["tests"][0]["output"]
    assert [t["name"] for t in results["tests"]] == [e.id for e in LESSON.exercises]
    assert all(t["status"] == "failed" and t["score"] == 0 for t in results["tests"])


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    """An /autograder root as Gradescope builds it: the zip in source/, setup.sh run there."""
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
    env = {**clean_env(), ROOT_VARIABLE: str(root)}
    subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=root, env=env, check=True)
    return root, env


def run_bundle(root, env) -> dict:
    subprocess.run([str(root / "run_autograder")], cwd=root, env=env, check=True,
                   capture_output=True)
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_the_bundle_installs_the_wheel_and_grades_a_submission(autograder):
    root, env = autograder
    coursekit = subprocess.run([str(root / "venv" / "bin" / "python"), "-c",
                                "import coursekit; print(coursekit.__file__)"],
                               env=env, capture_output=True, text=True, check=True).stdout
    assert coursekit.startswith(str(root / "venv"))  # installed from the wheel, not editable
    layout(root, {"my lesson.ipynb": (SOLUTIONS / "02_percentages.ipynb").read_bytes()})
    (root / "submission_metadata.json").write_text(json.dumps({
        "created_at": "2026-03-07T10:00:00.000000+00:00",
        "assignment": {"due_date": "2026-03-06T23:59:00.000000+00:00"},
        "users": [{"name": "Zoë Brown", "assignment": {"due_date": None}}]}), encoding="utf-8")
    results = run_bundle(root, env)
    assert results["score"] == machine_points(LESSON.id)
    assert [t["name"] for t in results["tests"] if t["status"] != "passed"] == [
        e.id for e in LESSON.exercises if e.kind == "written"], "a written answer waits"
    assert "Submitted late by 10 h 1 min." in results["output"]


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
