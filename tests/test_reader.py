"""The reader of answers keeps its own json, builtins and snapshot code: tampering fakes nothing."""

from __future__ import annotations

import json

import pytest

from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.judging.status import Status
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import write
from coursekit.running.readout import to_json

from .conftest import insert_after, lesson_notebook

RIGHT = get_lesson("02_percentages").exercise("q1").expected()
FAKE = json.dumps({"company_share": {"type": "number", "value": RIGHT}})
#: Each tamper sets a wrong answer (1.5), then tries to make the reader report the right one.
TAMPERS = {
    "json.dumps": (
        "import json\n"
        "_real_dumps = json.dumps\n"
        "def _fake(obj, *args, **kwargs):\n"
        f"    return {FAKE!r} if isinstance(obj, dict) and 'company_share' in obj "
        "else _real_dumps(obj, *args, **kwargs)\n"
        "json.dumps = _fake"),
    "builtins": (
        "import builtins\n"
        "_real_float = float\n"
        "class _Float(_real_float):\n"
        "    def __new__(cls, x=0.0):\n"
        f"        return _real_float.__new__(cls, {RIGHT!r} if x == 1.5 else x)\n"
        "builtins.float = _Float"),
    "coursekit module": (
        "import sys, types\n"
        "import coursekit, coursekit.running.readout\n"
        "_fake = types.ModuleType('coursekit.running.readout')\n"
        f"_fake.dump = lambda names, namespace: {FAKE!r}\n"
        f"_fake.snapshot = lambda value: {{'type': 'number', 'value': {RIGHT!r}}}\n"
        "coursekit.running.readout.dump = _fake.dump\n"
        "sys.modules['coursekit.running.readout'] = coursekit.running.readout = _fake"),
}


@pytest.fixture(scope="module")
def tampered(tmp_path_factory):
    """A lesson 02 submission per tamper, each with q1 answered wrong before tampering, and
    first the same wrong answer without tampering."""
    folder = tmp_path_factory.mktemp("tampered")
    paths = []
    for name, source in {"none": "", **TAMPERS}.items():
        notebook = insert_after(lesson_notebook("02_percentages.ipynb"),
                                "company_share = ck.share", "company_share = 1.5", source)
        paths.append(folder / f"{name.replace(' ', '_').replace('.', '_')}.ipynb")
        write(notebook, paths[-1])
    return paths


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_tampering_does_not_change_what_is_read_out(tampered, engine):
    honest, *grades = grade_paths(tampered, GradeOptions(engine=engine, jobs=2, sandbox="off"))
    q1 = honest.exercises[0]
    assert q1.status is Status.INCORRECT and q1.feedback.startswith("1.5")
    for name, grade in zip(TAMPERS, grades, strict=True):
        assert grade.status == "graded", (name, grade.error)
        assert grade.exercises == honest.exercises, name


@pytest.mark.parametrize("value", [
    {"b": [1, 2.5, -0.0, 1e300, True, False, None], "a": "plain"},
    {"text": 'quote " back \\ newline \n tab \t nul \x00 é 名 😀 \ud800'},
    {"x": float("nan"), "y": float("inf"), "z": float("-inf"), "w": (1, "two")},
    [],
])
def test_own_json_writer_reads_back_as_json_would(value):
    parsed = json.loads(to_json(value))
    expected = json.loads(json.dumps(value, allow_nan=True, sort_keys=True))
    assert json.dumps(parsed, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert list(parsed) == sorted(parsed) if isinstance(parsed, dict) else True
