"""Both engines run a job the same way, and leave no learner files behind."""

from __future__ import annotations

import signal

import pytest

from coursekit.running import forks
from coursekit.running.engines import ENGINES, GradingError, Job, Run


def job(id: int, *cells: str) -> Job:
    return Job(id, list(enumerate(cells)), ["answer"], cell_timeout=5, notebook_timeout=30)


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_engines_agree_and_clean_up(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    jobs = [job(0, "answer = 6 * 7", "open('left.txt', 'w').write('x')"),
            job(1, "answer = ...", "1 / 0")]
    outcomes = dict(ENGINES[engine](jobs, 2))
    assert outcomes[0] == Run({"answer": {"type": "number", "value": 42.0}}, [])
    assert outcomes[1] == Run({"answer": {"type": "ellipsis"}},
                              [{"cell": 2, "error": "ZeroDivisionError: division by zero"}])
    assert not list(tmp_path.rglob("left.txt")), "work folders are deleted"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("coursekit-")]


def test_job_keeps_code_cells_with_their_position():
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("m"),
                                               nbformat.v4.new_code_cell("x = 1")])
    assert Job.from_notebook(3, notebook, ["x"], 1, 2).cells == [(1, "x = 1")]


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_learner_code_runs_with_garbage_collection_on(engine):
    """The fast server freezes its own objects and collects nothing; a child collects, as a
    kernel does."""
    outcomes = dict(ENGINES[engine]([job(0, "import gc\nanswer = gc.isenabled()")], 1))
    assert outcomes[0] == Run({"answer": {"type": "bool", "value": True}}, [])


def test_a_warm_server_runs_the_next_batch():
    forks.warm_up(1)
    warm = forks._warm
    outcomes = dict(forks.run_in_forks([job(0, "answer = 6 * 7")], 1))
    assert outcomes[0].answers == {"answer": {"type": "number", "value": 42.0}}
    assert forks._warm is None and warm.process.returncode == 0, "it ran the batch, then ended"


def test_a_warm_server_for_other_workers_or_limits_is_ended_unused():
    forks.warm_up(2)
    warm = forks._warm
    forks.warm_up(2)
    assert forks._warm is warm, "the same warm-up twice starts one server"
    outcomes = dict(forks.run_in_forks([job(0, "answer = 1")], 1))  # 1 worker, not 2
    assert outcomes[0].answers == {"answer": {"type": "number", "value": 1.0}}
    assert warm.process.returncode == -signal.SIGKILL, "ended before it ran anything"
    forks.warm_up(1)
    unused = forks._warm
    forks.cool_down()
    assert forks._warm is None and unused.process.returncode == -signal.SIGKILL


def test_a_server_that_stops_early_fails_each_job_clearly():
    server = forks.ForkServer(1, None)
    server.process.kill()
    server.process.wait()
    outcomes = dict(server.run([job(0, "answer = 1"), job(1, "answer = 2")]))
    server.close()
    assert all(isinstance(o, GradingError) and "stopped (exit code -9)" in str(o)
               for o in outcomes.values())
    assert sorted(outcomes) == [0, 1]
