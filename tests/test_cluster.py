"""Grading on a Dask cluster: a real ``LocalCluster`` of worker processes on 127.0.0.1,
started and closed here. The same results as a local batch; a worker killed mid-batch; a
submission that kills every worker it lands on; the teacher's memory over 2,000 submissions,
and over a class graded on this machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from distributed import Client
from nbformat.v4 import new_code_cell, new_notebook

from coursekit.grading.distributed import local_cluster
from coursekit.grading.pipeline import GradeOptions, grade_paths, grade_stream
from coursekit.grading.results import to_json
from coursekit.grading.stream import read_stream
from coursekit.grading.versions import installed_versions
from coursekit.running import sandbox
from coursekit.running.cluster import WorkerMismatch, mismatch
from coursekit.running.notebooks import write

from .conftest import LESSONS, insert_after, lesson_notebook, require_in_ci

pytestmark = [pytest.mark.slow]

LESSON = "02_percentages"
#: Tries a run gets before the scheduler gives up on it (Dask's default is 3): small, so
#: that the poisonous submission is found in seconds.
ALLOWED_FAILURES = 2


@pytest.fixture(scope="module")
def client():
    """Two worker processes with one thread each, on 127.0.0.1, closed after the module."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        cluster = local_cluster(2)
    with cluster, Client(cluster, set_as_default=False) as made:
        yield made


def with_cell(source: str):
    """The worked lesson with one more code cell after its set-up."""
    return insert_after(lesson_notebook(f"{LESSON}.ipynb"), "import coursekit", source)


def a_class(folder: Path, *extra: tuple[str, object]) -> list[Path]:
    """A small class of one lesson: worked, untouched, slow, broken; and ``extra`` (name,
    notebook) submissions."""
    (folder / "untouched.ipynb").write_bytes((LESSONS / f"{LESSON}.ipynb").read_bytes())
    notebooks = [("worked", lesson_notebook(f"{LESSON}.ipynb")),
                 ("slow", with_cell("import time\ntime.sleep(0.2)")),
                 ("broken", with_cell("raise SystemExit(3)")), *extra]
    for name, notebook in notebooks:
        write(notebook, folder / f"{name}.ipynb")
    return [folder / "untouched.ipynb", *(folder / f"{name}.ipynb" for name, _ in notebooks)]


def results(grades) -> dict:
    return json.loads(to_json(grades))


def test_a_cluster_batch_gives_the_local_results_in_the_sandbox(client, tmp_path):
    try:
        sandbox.require()
    except sandbox.SandboxUnavailable as error:
        require_in_ci(f"the sandbox cannot start: {error}")
    paths = a_class(tmp_path) * 3  # twelve runs and more: several chunks
    options = GradeOptions(jobs=2, sandbox="on", variants=1)
    local = grade_paths(paths, options)
    remote = grade_paths(paths, options, cluster=client)
    assert results(remote) == results(local)
    assert len({grade.score for grade in remote}) > 1 and any(g.cell_errors for g in remote)
    assert all(grade.sandboxed for grade in remote)


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(client, tmp_path):
    paths = a_class(tmp_path) * 6
    options = GradeOptions(jobs=2, sandbox="off")
    expected = results(grade_paths(paths, options))
    victim = next(iter(client.run(os.getpid).values()))
    seen: list[str] = []

    def kill_once(grade) -> None:
        seen.append(grade.path)
        if len(seen) == 3:  # the batch is under way
            os.kill(victim, 9)

    remote = grade_paths(paths, options, on_graded=kill_once, cluster=client)
    assert len(seen) == len(paths)  # each submission reported once
    assert results(remote) == expected
    client.wait_for_workers(2, timeout=60)  # the nanny started it again


def test_a_submission_that_kills_every_worker_is_its_own_error(client, tmp_path):
    # Without the sandbox a notebook can reach its worker (the fork server's parent):
    # this one kills it wherever it runs.
    poison = with_cell(textwrap.dedent("""
        import os, signal
        with open(f"/proc/{os.getppid()}/stat") as stat:
            worker = int(stat.read().rsplit(")", 1)[1].split()[1])
        os.kill(worker, signal.SIGKILL)
        """))
    write(poison, tmp_path / "poison.ipynb")
    paths = a_class(tmp_path) * 2 + [tmp_path / "poison.ipynb"] + a_class(tmp_path) * 2
    # 17 runs on two workers go in chunks of two (chunk_size): the poison has a chunk-mate
    options = GradeOptions(jobs=2, sandbox="off")
    remote = grade_paths(paths, options, cluster=client)
    poisoned = [grade for path, grade in zip(paths, remote, strict=True) if path.stem == "poison"]
    assert all("each cluster worker that ran it died" in str(g.error) for g in poisoned)
    others = [grade for path, grade in zip(paths, remote, strict=True) if path.stem != "poison"]
    assert results(others) == results(grade_paths([p for p in paths if p.stem != "poison"],
                                                  options))
    client.wait_for_workers(2, timeout=60)


def test_interrupting_the_batch_leaves_no_task_running(client, tmp_path):
    paths = a_class(tmp_path, ("sleeper", with_cell("import time\ntime.sleep(5)"))) * 4
    stream = grade_stream(paths, GradeOptions(sandbox="off"), cluster=client)
    next(stream)
    stream.close()  # what Ctrl-C does to the loop reading it: the generator is closed
    deadline = time.monotonic() + 20
    while any(client.processing().values()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(client.processing().values()), client.processing()


MEMORY_SCRIPT = """
import contextlib, gc, json, resource, sys
from pathlib import Path

import psutil
from distributed import Client

from coursekit.grading.pipeline import GradeOptions, grade_stream
from coursekit.grading.stream import ResultsStream

address, folder, out = sys.argv[1:]
paths = sorted(Path(folder).glob("*.ipynb"))
me = psutil.Process()
held = []
with contextlib.ExitStack() as stack:
    cluster = None if address == "here" else stack.enter_context(
        Client(address, set_as_default=False))
    stream = stack.enter_context(ResultsStream(Path(out)))
    for count, (index, grade) in enumerate(
            grade_stream(paths, GradeOptions(jobs=2, sandbox="off"), cluster=cluster),
            start=1):
        stream.add(index, grade)
        if count % (len(paths) // 4) == 0:  # what it holds after each quarter of the class
            gc.collect()
            held.append(me.memory_info().rss)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"held": held, "peak": peak}))
"""


def grade_a_class(folder: Path, size: int, where: str, code: str = "x = 1") -> dict:
    """Grade ``size`` small submissions (each ``code``) in a fresh teacher's process, on the
    cluster at ``where`` or (``here``) on this machine, streaming each grade to a file; what
    that process held after each quarter of the class, and its peak."""
    small = new_notebook(cells=[new_code_cell(code)], metadata={"coursekit": {"lesson": LESSON}})
    (folder / "class").mkdir()
    for number in range(size):
        write(small, folder / "class" / f"learner{number:04d}.ipynb")
    out = folder / "results.jsonl"
    done = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, where, str(folder / "class"),
                           str(out)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    grades = read_stream(out)
    assert len(grades) == size and all(g.status == "graded" for g in grades)
    memory: dict = json.loads(done.stdout.strip().splitlines()[-1])
    return memory


def test_the_teachers_memory_stays_flat_over_2000_submissions(client, tmp_path):
    """The teacher's process (a fresh one) grades 2,000 small submissions on the cluster,
    writing each grade to the stream: what it holds after the last 1,500 is within 20 MiB of
    what it held after the first 500 (about 14 KiB a submission at most), and its peak stays
    under the benchmark's goal of 400 MiB."""
    memory = grade_a_class(tmp_path, 2000, client.scheduler.address)
    first, *_, last = memory["held"]
    assert last - first < 20 * 2**20, memory
    assert memory["peak"] < 400 * 2**20, memory


#: A submission's code in the local memory test: 40 KB of comment after one line, so that
#: a batch that held every notebook's code would hold 24 MB more for 600 than for 150.
BULKY = "x = 1\n" + ("# " + "a" * 78 + "\n") * 500


def test_grading_here_reads_the_notebooks_as_they_are_due(tmp_path):
    """Locally too, the teacher's process holds only a few notebooks at once: its peak
    memory grading 600 submissions of 40 KB of code each is within 8 MiB of its peak
    grading 150 of them (reading all 600 first would hold at least 18 MB more)."""
    (tmp_path / "few").mkdir()
    (tmp_path / "many").mkdir()
    few = grade_a_class(tmp_path / "few", 150, "here", BULKY)
    many = grade_a_class(tmp_path / "many", 600, "here", BULKY)
    assert many["peak"] - few["peak"] < 8 * 2**20, (few, many)


def test_a_worker_that_cannot_start_the_sandbox_refuses_unless_told_no_sandbox(monkeypatch):
    from types import SimpleNamespace

    from coursekit.grading.provisions import everything
    from coursekit.running.cluster import WarmForkServer

    def missing() -> None:
        raise sandbox.SandboxUnavailable("bubblewrap (bwrap) is not installed")

    monkeypatch.setattr(sandbox, "require", missing)
    worker = SimpleNamespace(address="tcp://127.0.0.1:1", state=SimpleNamespace(nthreads=1))
    for mode in ("auto", "on"):  # 'auto' does not fall back to no sandbox on a worker
        refusing = WarmForkServer(mode, None, everything, installed_versions)
        refusing.setup(worker)
        with pytest.raises(sandbox.SandboxUnavailable, match="install bubblewrap on the workers"):
            refusing.run([])
    trusted = WarmForkServer("off", None, everything, installed_versions)
    trusted.setup(worker)
    try:
        assert trusted.run([]) == []
    finally:
        trusted.teardown(worker)


def test_a_local_cluster_says_nothing_of_port_8787_when_it_is_taken(tmp_path):
    """``--cluster local:2`` starts no dashboard, and with port 8787 taken the command
    prints no warning that it is (its scheduler's HTTP server takes any free port)."""
    (tmp_path / "worked.ipynb").write_bytes((LESSONS / f"{LESSON}.ipynb").read_bytes())
    with socket.socket() as taken:
        with contextlib.suppress(OSError):  # else something else holds it: taken all the same
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        done = subprocess.run([sys.executable, "-m", "coursekit", "grade", str(tmp_path),
                               "--cluster", "local:2", "--no-sandbox"],
                              capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    said = [line for line in done.stderr.splitlines()
            if "8787" in line or "dashboard" in line.lower()]
    assert not said, done.stderr


def test_a_worker_compares_every_version_both_ways():
    teacher = {"coursekit": "1.0.0", "Python": "3.11", "course a": "2", "figures of a": "f1"}
    assert mismatch(dict(teacher), teacher) == []
    assert mismatch({**teacher, "coursekit": "0.9.0"}, teacher) == [
        "coursekit 0.9.0 here, 1.0.0 on the teacher's machine"]
    assert mismatch({**teacher, "figures of a": "f2", "Python": "3.12"}, teacher) == [
        "Python 3.12 here, 3.11 on the teacher's machine",
        "figures of a f2 here, f1 on the teacher's machine"]
    assert mismatch({**teacher, "course b": "1"}, teacher) == [
        "course b 1 here, missing on the teacher's machine"]
    assert mismatch({"coursekit": "1.0.0", "Python": "3.11"}, teacher) == [
        "course a missing here, 2 on the teacher's machine",
        "figures of a missing here, f1 on the teacher's machine"]


def test_workers_with_another_coursekit_refuse_every_task(client, tmp_path, monkeypatch):
    """The teacher's machine says coursekit 9.9.9, the workers have the installed one: the
    batch stops with a usage error naming a worker and both versions, and no notebook ran
    (each would have left a file)."""
    from coursekit.base import version

    ran = tmp_path / "ran"
    ran.mkdir()
    notebook = with_cell(f"import pathlib, uuid\n(pathlib.Path({str(ran)!r}) / "
                         "uuid.uuid4().hex).touch()")
    write(notebook, tmp_path / "marking.ipynb")
    options = GradeOptions(sandbox="off")
    grade_paths([tmp_path / "marking.ipynb"], options)  # the notebook leaves a file when run
    assert len(list(ran.iterdir())) == 1
    installed = re.escape(version.__version__)
    monkeypatch.setattr(version, "__version__", "9.9.9")
    with pytest.raises(WorkerMismatch, match=(
            rf"^worker tcp://127\.0\.0\.1:\d+: coursekit {installed} here, 9\.9\.9 on the "
            r"teacher's machine; install the same coursekit and course wheel on the workers")):
        grade_paths([tmp_path / "marking.ipynb"] * 6, options, cluster=client)
    assert len(list(ran.iterdir())) == 1
