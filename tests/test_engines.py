"""Both engines run a job the same way, and leave no learner files behind."""

from __future__ import annotations

import signal
import threading

import pytest

from coursekit.running import forks
from coursekit.running.engines import ENGINES, GradingError, Job, Run
from coursekit.running.jobs import AHEAD

pytestmark = pytest.mark.pythons  # run under every declared Python (.ci/run)


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


@pytest.mark.parametrize(("engine", "count", "workers"), [("fast", 10, 2), ("kernel", 4, 1)])
def test_an_engine_takes_jobs_as_they_are_due_on_the_thread_reading_outcomes(engine, count,
                                                                              workers):
    """A lazy batch is made one job at a time where its outcomes are read, a few per worker
    ahead: making a job parses code (ast), which must not run on two threads at once, and
    a batch of any size is never all read."""
    taken: list[int] = []

    def lazy(count: int):
        for number in range(count):
            taken.append(threading.get_ident())
            yield job(number, f"answer = {number}")

    outcomes = ENGINES[engine](lazy(count), workers)
    first = next(outcomes)
    assert len(taken) == AHEAD * workers, "the window, not the whole batch, is taken"
    rest = dict([first, *outcomes])
    assert rest == {n: Run({"answer": {"type": "number", "value": float(n)}}, [])
                    for n in range(count)}
    assert set(taken) == {threading.get_ident()} and len(taken) == count


def test_a_server_that_stops_fails_every_job_of_a_lazy_batch_once():
    taken: list[int] = []

    def lazy(count: int):
        for number in range(count):
            taken.append(number)
            yield job(number, f"answer = {number}")

    server = forks.ForkServer(1, None)  # a server that stops: every job says so, one by one
    server.process.kill()
    server.process.wait()
    failed = dict(server.run(lazy(AHEAD * 3)))
    server.close()
    assert sorted(failed) == list(range(AHEAD * 3)) == taken
    assert all(isinstance(o, GradingError) and "stopped (exit code -9)" in str(o)
               for o in failed.values())


def test_a_server_that_cannot_import_its_preload_says_why_for_each_job(caplog):
    """Its standard error is kept: the error names the import that failed, not only the
    exit code, and the whole traceback is logged."""
    jobs = [job(0, "answer = 1"), job(1, "answer = 2")]
    outcomes = dict(forks.run_in_forks(jobs, 1, preload=("coursekit_no_such_module",)))
    assert sorted(outcomes) == [0, 1]
    for outcome in outcomes.values():
        assert isinstance(outcome, GradingError)
        assert str(outcome) == ("the grading server stopped (exit code 1) before this notebook "
                                "was graded: ModuleNotFoundError: No module named "
                                "'coursekit_no_such_module'")
    assert "Traceback (most recent call last)" in caplog.text
    assert "coursekit_no_such_module" in caplog.text


def jobs_stream(*jobs: Job) -> bytes:
    """Jobs as the grader writes them to the server's standard input."""
    import json
    from dataclasses import asdict

    stream = b""
    for one in jobs:
        body = json.dumps(asdict(one)).encode()
        header = {"id": one.id, "notebook_timeout": one.notebook_timeout, "size": len(body)}
        stream += json.dumps(header).encode() + b"\n" + body
    return stream


@pytest.mark.parametrize(("where", "problem"), [
    ("header", "ended inside a header (5 bytes)"),
    ("body", "ended inside job 7 (40 of its"),
    ("body start", "ended inside job 7 (0 of its")])
def test_a_job_cut_short_is_an_error_not_a_job(where, problem):
    """The server reads jobs until the input ends; one that ends part-way is not run."""
    import os

    from coursekit.running._zygote import _Jobs

    second = jobs_stream(job(7, "answer = 2"))
    header = second.index(b"\n") + 1
    cut = {"header": 5, "body": header + 40, "body start": header}[where]
    read, write = os.pipe()
    os.write(write, jobs_stream(job(0, "answer = 1")) + second[:cut])
    os.close(write)
    try:
        jobs = _Jobs(read)
        first = jobs.next()
        assert first["id"] == 0 and jobs.body(first)["cells"] == [[0, "answer = 1"]]
        with pytest.raises(EOFError) as cut_short:
            jobs.next()
        assert problem in str(cut_short.value)
    finally:
        os.close(read)


def test_the_server_runs_no_truncated_job_and_says_so():
    """A stream that ends inside a job: the whole jobs before it run, that one does not,
    and the server exits 1 with the reason on standard error (which the grader quotes)."""
    import json
    import subprocess
    import sys

    stream = jobs_stream(job(0, "answer = 6 * 7"), job(1, "answer = 1"))
    server = subprocess.run([sys.executable, "-m", "coursekit.running._zygote", "1", "1", "[]"],
                            input=stream[:-10], capture_output=True, timeout=120, check=False)
    assert server.returncode == 1
    results = [json.loads(line) for line in server.stdout.splitlines()]
    assert [(r["id"], json.loads(r["report"])) for r in results] == [
        (0, {"answers": {"answer": {"type": "number", "value": 42.0}}, "cell_errors": []})]
    assert "the jobs ended inside job 1" in server.stderr.decode()
    assert "that job was not run" in server.stderr.decode()


def test_the_kernel_engine_reads_answers_on_the_thread_iterating_it(monkeypatch):
    """Reading a kernel's answers parses text (ast.literal_eval), which must not run on the
    kernels' threads while this thread parses a notebook or judges (CPython 3.11)."""
    from coursekit.running import kernels

    readers: list[int] = []
    real = kernels._answers_from

    def recorded(*args):
        readers.append(threading.get_ident())
        return real(*args)

    monkeypatch.setattr(kernels, "_answers_from", recorded)
    outcomes = dict(ENGINES["kernel"]([job(0, "answer = 1"), job(1, "answer = 2")], 2))
    assert outcomes[1] == Run({"answer": {"type": "number", "value": 2.0}}, [])
    assert readers == [threading.get_ident()] * 2
