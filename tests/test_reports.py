"""What a submission's process reports is checked field by field before the grader believes it."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from coursekit.running.engines import GradingError, Job, run_in_forks
from coursekit.running.readout import MAX_ROWS, dump, snapshot
from coursekit.running.reports import MAX_REPORT_BYTES, answers_from, parse, run_from

pytestmark = pytest.mark.pythons  # run under every declared Python (.ci/run)

#: A cell's start: ``fd``, the one pipe a child holds (its channel to the server).
OWN_PIPE = ("import os, stat\n"
            "def pipes():\n"
            "    for f in os.listdir('/proc/self/fd'):\n"
            "        try:\n"
            "            if stat.S_ISFIFO(os.fstat(int(f)).st_mode):\n"
            "                yield int(f)\n"
            "        except OSError:  # the folder's own descriptor, closed by now\n"
            "            pass\n"
            "fd, = pipes()\n")
JOB = Job(7, [(-1, "course"), (0, "a = 1"), (2, "b = 'x'")], ["a", "b"], 5, 30)


def honest_values() -> dict[str, object]:
    """One value of each kind the reader describes."""
    figure = Figure()
    axes = figure.subplots(1, 2)
    axes[0].bar(["a", "b"], [1, 2], label="bars")
    axes[0].legend()
    axes[1].plot([1, 2, float("nan")], [3, float("inf"), 5])
    axes[1].scatter([1], [2])
    figure.suptitle("both")
    frame = pd.DataFrame({"n": [1.5, None], "s": ["x", "y"], "when": pd.to_datetime(
        ["2020-01-01", "2020-01-02"])}, index=["r1", 2])
    values = {"number": 1.5, "nan": float("nan"), "int": np.int64(3), "bool": True,
              "text": "é" * 600, "none": None, "dots": ..., "frame": frame,
              "series": frame["n"], "long": pd.Series(range(MAX_ROWS + 5)),
              "array": np.zeros((2, 3)), "figure": figure, "axes": axes[1],
              "other": {"a": 1}, "unreadable": pd.DataFrame({"n": [1]}).style}
    return values


def test_every_kind_of_honest_answer_passes_unchanged():
    values = honest_values()
    names = [*values, "absent"]
    text = dump(names, values)
    answers = answers_from(parse(text), names)
    assert answers == json.loads(text)
    assert {answers[n]["type"] for n in names} >= {
        "number", "bool", "text", "none", "ellipsis", "dataframe", "series", "array", "chart",
        "other", "missing"}


def report(answers: dict | None = None, cell_errors: list | None = None, **extra) -> str:
    answers = {"a": snapshot(1), "b": snapshot("x")} if answers is None else answers
    return json.dumps({"answers": answers, "cell_errors": cell_errors or [], **extra})


def test_an_honest_report_becomes_the_run():
    run = run_from(report(cell_errors=[{"cell": 0, "error": "E"}, {"cell": 3, "error": "F"}]),
                   JOB)
    assert run.answers == {"a": {"type": "number", "value": 1.0},
                           "b": {"type": "text", "value": "x"}}
    assert run.cell_errors == [{"cell": 0, "error": "E"}, {"cell": 3, "error": "F"}]


@pytest.mark.parametrize(("text", "problem"), [
    (report(id=0), "fields it may not report: 'id'"),
    (report(score=11, status="graded"), "fields it may not report: 'score', 'status'"),
    (report(answers={"a": snapshot(1), "b": snapshot(2), "c": snapshot(3)}),
     "answers for names it may not report: 'c'"),
    (report(answers={"a": snapshot(1)}), "no answer for 'b'"),
    (report(answers=[1, 2]), "its answers are not a JSON object"),
    (json.dumps({"answers": {}}), "no answers or no failed cells"),
    (json.dumps([1]), "not a JSON object"),
    ("{", "not JSON"),
    ("[" * 100_000 + "]" * 100_000, "not JSON"),
    (report(answers={"a": {"type": "number", "value": True}, "b": snapshot(1)}),
     "the answer 'a'.value cannot be validated"),
    (report(answers={"a": {"type": "number", "value": "12"}, "b": snapshot(1)}),
     "the answer 'a'.value cannot be validated"),
    (report(answers={"a": {"type": "number", "value": 1, "points": 3}, "b": snapshot(1)}),
     "the answer 'a' must not contain {'points'}"),
    (report(answers={"a": {"type": "secret"}, "b": snapshot(1)}), "the answer 'a'.type must be"),
    (report(answers={"a": {"type": "text", "value": "x" * 501}, "b": snapshot(1)}),
     "the answer 'a'.value must be shorter than or equal to 500 characters"),
    (report(answers={"a": {"type": "series", "shape": [1], "columns": ["x"], "index": [0] * 1001,
                           "rows": [[1]]}, "b": snapshot(1)}),
     "the answer 'a'.index must contain less than or equal to 1000 items"),
    (report(cell_errors=[{"cell": 2, "error": "E"}]), "not the notebook's own"),
    (report(cell_errors=[{"cell": 1, "error": "E"}, {"cell": 1, "error": "E"}]), "one cell twice"),
    (report(cell_errors=[{"cell": "1", "error": "E"}]), "its failed cells[0].cell must be integer"),
    (report(cell_errors=[{"cell": 1, "error": "E" * 301}]), "300 characters"),
    (report().replace("1.0", "NaN"), "NaN is not a number a report may hold"),
    (report().replace("1.0", "1e999"), "a number out of range: 1e999"),
])
def test_a_report_the_reader_never_makes_is_refused(text, problem):
    with pytest.raises(GradingError) as refused:
        run_from(text, JOB)
    assert problem in str(refused.value)
    assert str(refused.value).startswith("the grader refused what this notebook's process "
                                         "reported (")


def test_a_report_too_long_is_refused_before_it_is_parsed():
    with pytest.raises(GradingError, match="more than 64 MiB"):
        parse(" " * (MAX_REPORT_BYTES + 1))


def test_a_child_holds_only_its_own_channel_and_only_to_write():
    """While another child runs, a child sees one pipe: its own, open to write only."""
    look = ("import json, os, stat\n"
            "modes = []\n"
            "for fd in os.listdir('/proc/self/fd'):\n"
            "    try:\n"
            "        if stat.S_ISFIFO(os.fstat(int(fd)).st_mode):\n"
            "            with open(f'/proc/self/fdinfo/{fd}') as info:\n"
            "                modes.append(int(info.read().split()[3], 8) & 3)\n"
            "    except OSError:  # the folder's own descriptor, closed by now\n"
            "        pass\n"
            "answer = json.dumps(modes)")
    jobs = [Job(0, [(0, "import time; time.sleep(4)")], ["answer"], 10, 10),
            Job(1, [(0, "import time; time.sleep(1)"), (1, look)], ["answer"], 10, 10)]
    outcomes = dict(run_in_forks(jobs, 2))
    assert json.loads(outcomes[1].answers["answer"]["value"]) == [1]  # O_WRONLY


def test_a_child_that_floods_its_channel_is_stopped():
    flood = (OWN_PIPE + "chunk = b'cell 1' + b' ' * 2**20 + b'\\n'\n"
             "for _ in range(80):\n"
             "    os.write(fd, chunk)")
    jobs = [Job(0, [(0, flood)], ["answer"], 20, 20), Job(1, [(0, "answer = 2")], ["answer"], 5, 5)]
    outcomes = dict(run_in_forks(jobs, 2))
    assert str(outcomes[0]) == "the notebook wrote more than 64 MiB to the grader and was stopped"
    assert outcomes[1].answers == {"answer": {"type": "number", "value": 2.0}}


def test_lines_a_child_never_writes_make_its_report_refused():
    stray = OWN_PIPE + "os.write(fd, b'hello\\n')"
    outcomes = dict(run_in_forks([Job(0, [(0, stray)], ["answer"], 5, 5)], 1))
    assert "neither progress nor a report" in str(outcomes[0])


@pytest.mark.parametrize("shown", ["[[1]]", "'a' + 'b'", "('x', [[[]]])", "{'answer': 1}",
                                   "'unterminated", None])
def test_the_kernel_engine_takes_nothing_but_the_reader_string(shown):
    """What the probe cell shows must be one string's repr: a replaced reader gets no further."""
    from coursekit.running.kernels import _string

    with pytest.raises(GradingError, match="not the reader's text"):
        _string({"text/plain": shown} if shown is not None else {})
    assert _string({"text/plain": repr('{"a": 1}')}) == '{"a": 1}'
