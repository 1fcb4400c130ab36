"""Attacks on the grader: with the sandbox each one fails; without it, each safe one works.

Every attack is a fixture submission in tests/fixtures/attacks/ (see its README). The
attacks are graded in one batch with honest submissions, with both engines. With the
sandbox, each attack fails, the honest submissions get exactly the answers they get in
a batch of their own, and nothing outside the work folders changes. Without the
sandbox, the same attacks (those safe to let loose on the test machine) succeed, which
shows that the checks can fail.
"""

from __future__ import annotations

import ctypes
import json
import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

from coursekit.grading import provisions
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.model import course
from coursekit.model.exercises import get_lesson
from coursekit.running import engines, sandbox
from coursekit.running.engines import ENGINES, GradingError, Job
from coursekit.running.notebooks import find_notebooks, read, write
from coursekit.running.readout import snapshot
from coursekit.running.sandbox import MiB, SandboxOptions

from .conftest import FIXTURES, LESSONS, SOLUTIONS, require_in_ci
from .test_sandbox import sandbox_works  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.sandbox, pytest.mark.pythons]
#: The attacks, the one on the fast engine's memory first: it must follow an honest job.
ATTACKS = sorted((p.stem for p in (FIXTURES / "attacks").glob("*.ipynb")),
                 key=lambda name: (name != "other_submission_in_memory", name))
LESSON = get_lesson("02_percentages")
NAMES = [*(e.answer for e in LESSON.exercises), "evidence"]
LIMITS = SandboxOptions(memory=1536 * MiB, disk=64 * MiB, readable=provisions.readable())
CEILING = {"memory_ceiling": 2 * 2**30, "disk_ceiling": 256 * MiB}
SLEEP = 29.25  # how long the fork attack's children sleep: unique, to find leftovers
#: Attacks that would harm the test machine if they worked: never run without the sandbox.
UNSAFE = {"kill_grader"}
#: Fixed for both modes (the fast engine wipes each job from its memory before the next fork;
#: a report reaches the grader on a channel of its own job's, checked field by field).
FORGED = {"forged_result_for_another", "forged_result_with_bad_id", "forged_own_answers"}
BOTH = {"other_submission_in_memory", *FORGED}
#: What forged_own_answers reports: no more than the answers it could have typed.
TYPED = {**{name: snapshot(1.0) for name in NAMES}, "evidence": snapshot('"forged"')}


@pytest.fixture(scope="module")
def targets(tmp_path_factory):
    """What the attacks aim at: a secret file and variable, a submissions folder, a server."""
    root = tmp_path_factory.mktemp("attacks")
    secret, marker = f"secret-{uuid.uuid4()}", f"honest-{uuid.uuid4()}"
    (root / "home").mkdir()
    (root / "home" / "secret.txt").write_text(secret)
    honest = {"solution": read(SOLUTIONS / "02_percentages.ipynb"),
              "untouched": read(LESSONS / "02_percentages.ipynb")}
    for notebook in honest.values():
        notebook.cells.append(new_code_cell(f"# {marker}"))
    (root / "submissions").mkdir()
    for name, notebook in honest.items():
        write(notebook, root / "submissions" / f"{name}.ipynb")
    server = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=_greet, args=(server,), daemon=True).start()
    os.environ["COURSEKIT_TEST_SECRET"] = secret
    yield {"root": root, "honest": honest, "secret": secret, "TARGETS": {
        "secret_file": str(root / "home" / "secret.txt"), "submissions": str(root / "submissions"),
        "marker_head": marker[:20], "marker_tail": marker[20:],
        "secret_variable": "COURSEKIT_TEST_SECRET",
        "grader_mark": "pytest", "port": server.getsockname()[1],
        "marker_file": f"coursekit-attack-{uuid.uuid4()}", "sleep": SLEEP, **CEILING,
        "names": NAMES, "victim": 0,  # the first job of a batch: an honest one
        "write_into": [str(course.current_course().data_dir()), os.path.dirname(engines.__file__),
                       str(root / "submissions"), "/tmp"]}}
    del os.environ["COURSEKIT_TEST_SECRET"]
    server.close()


def _greet(server: socket.socket) -> None:
    """Answer every connection with 'hello' until the server is closed."""
    with server:
        while True:
            try:
                connection, _ = server.accept()
            except OSError:
                return
            with connection:
                connection.sendall(b"hello")


def attack(name: str, targets: dict) -> object:
    """The attack submission, with the targets it may reach in its first cell."""
    notebook = read(FIXTURES / "attacks" / f"{name}.ipynb")
    notebook.cells[0].source = f"TARGETS = {targets!r}"
    return notebook


def run(engine: str, notebooks: dict, limits: SandboxOptions | None) -> dict:
    """Run the notebooks in one batch: each one's answers, or its error message."""
    keys = list(notebooks)
    jobs = [Job.from_notebook(i, notebooks[k], NAMES, 20, 60) for i, k in enumerate(keys)]
    return {keys[i]: str(out) if isinstance(out, GradingError) else out.answers
            for i, out in ENGINES[engine](jobs, 2, limits, provisions.preload())}


def evidence(outcome: dict | str) -> object:
    """What an attack left in ``evidence`` (None if it left nothing)."""
    if isinstance(outcome, str) or outcome["evidence"]["type"] != "text":
        return None
    return json.loads(outcome["evidence"]["value"])


def host_state(targets: dict) -> dict:
    """The files the attacks could touch, with their sizes and times."""
    folders = [targets["root"], *targets["TARGETS"]["write_into"][:2]]
    state = {str(p): (p.stat().st_size, p.stat().st_mtime_ns)
             for folder in folders for p in Path(folder).rglob("*")
             if p.is_file() and "__pycache__" not in p.parts}
    state["tmp marker"] = os.path.exists(f"/tmp/{targets['TARGETS']['marker_file']}")
    return state


def host_sleepers() -> list[int]:
    """Host processes left by the fork attack."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as stream:
                if stream.read() == f"sleep\0{SLEEP}\0".encode():
                    found.append(int(pid))
        except OSError:
            pass
    return found


#: With the sandbox: what each attack got, when it failed.
FAILED = {
    "secret_in_home": lambda got, out: got is None,
    "other_submission": lambda got, out: got is False,
    "other_submission_in_memory": lambda got, out: got is False,
    "environment": lambda got, out: got is None,
    "proc": lambda got, out: got == {"grader": False, "secret": False},
    "network": lambda got, out: got is None,
    "write_outside": lambda got, out: got == ["/tmp"],  # its own /tmp, gone with it
    "kill_grader": lambda got, out: isinstance(got, int),  # and every other grade is right
    "memory": lambda got, out: "reached the sandbox's memory limit while running cell 1" in out,
    "disk": lambda got, out: "disk limit" in str(out) or got * MiB <= LIMITS.disk,
    "fork": lambda got, out: got <= LIMITS.processes,
    "forged_result_for_another": lambda got, out: "may not report: 'id'" in str(out),
    "forged_result_with_bad_id": lambda got, out: "may not report: 'id'" in str(out),
    "forged_own_answers": lambda got, out: out == TYPED,
}


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_every_attack_fails_in_the_sandbox_and_honest_grades_do_not_change(
        sandbox_works, targets, engine):  # noqa: F811 (the fixture)
    honest = run(engine, targets["honest"], LIMITS)
    before = host_state(targets)
    batch = {**targets["honest"], **{a: attack(a, targets["TARGETS"]) for a in ATTACKS}}
    outcomes = run(engine, batch, LIMITS)
    assert {k: outcomes[k] for k in honest} == honest
    assert all(not isinstance(v, str) for v in honest.values())
    worked = {a: evidence(outcomes[a]) for a in ATTACKS
              if not FAILED[a](evidence(outcomes[a]), outcomes[a])}
    assert worked == {}
    assert host_state(targets) == before
    assert host_sleepers() == []


@pytest.mark.slow
def test_the_attacks_work_without_the_sandbox(targets):
    goals = {**targets["TARGETS"], "write_into": targets["TARGETS"]["write_into"][2:]}
    safe = [a for a in ATTACKS if a not in UNSAFE | BOTH]
    try:
        outcomes = run("fast", {a: attack(a, goals) for a in safe}, None)
        got = {a: evidence(outcomes[a]) for a in safe}
        assert len(host_sleepers()) == got["fork"] == 1000  # they outlive their notebook
    finally:
        for pid in host_sleepers():
            os.kill(pid, 9)
        for folder in goals["write_into"]:
            Path(folder, goals["marker_file"]).unlink(missing_ok=True)
    assert got == {
        "secret_in_home": targets["secret"], "other_submission": True,
        "environment": targets["secret"], "proc": {"grader": True, "secret": True},
        "network": "hello", "write_outside": goals["write_into"],
        "memory": CEILING["memory_ceiling"] // MiB, "disk": CEILING["disk_ceiling"] // MiB,
        "fork": 1000}
    assert set(got) == set(FAILED) - UNSAFE - BOTH


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_a_forged_report_changes_no_other_result_and_no_more_than_typed_answers(targets,
                                                                                 engine):
    """Without the sandbox too: what a notebook reports is bound to its own job, checked."""
    honest = run(engine, targets["honest"], None)
    batch = {**targets["honest"], **{a: attack(a, targets["TARGETS"]) for a in sorted(FORGED)}}
    outcomes = run(engine, batch, None)
    assert {k: outcomes[k] for k in honest} == honest
    assert all(not isinstance(v, str) for v in honest.values())
    # the forged reports reached the grader, which refused them: their "id" is not theirs to say
    for name in ("forged_result_for_another", "forged_result_with_bad_id"):
        assert "may not report: 'id'" in outcomes[name], outcomes[name]
    # a report of made-up answers is the same as typing them into the notebook
    assert outcomes["forged_own_answers"] == TYPED


def mallory(targets: dict, tmp_path: Path) -> Path:
    """A class folder: alice (the solution) and mallory, whose report says ``"id": "x"``."""
    folder = tmp_path / "class"
    folder.mkdir()
    write(targets["honest"]["solution"], folder / "alice.ipynb")
    forged = attack("forged_result_with_bad_id", targets["TARGETS"])
    forged.metadata["coursekit"] = {"lesson": LESSON.id}
    write(forged, folder / "mallory.ipynb")
    return folder


def test_a_malformed_report_is_its_own_error_and_every_export_is_written(targets, tmp_path):
    folder = mallory(targets, tmp_path)
    options = GradeOptions(sandbox="off")
    alone = grade_paths([folder / "alice.ipynb"], options)[0]
    exports = {"json": "results.json", "csv": "grades.csv", "canvas": "canvas.csv",
               "moodle": "moodle.csv", "report": "report.html", "review": "review.html",
               "feedback": "feedback"}
    done = subprocess.run(
        [sys.executable, "-m", "coursekit", "grade", str(folder), "--no-sandbox",
         *(f"--export={name}:{tmp_path / 'out' / path}" for name, path in exports.items())],
        capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert all((tmp_path / "out" / path).exists() for path in exports.values())
    results = json.loads((tmp_path / "out" / "results.json").read_text())["submissions"]
    alice, forged = sorted(results, key=lambda s: s["path"])
    assert (alice["status"], alice["score"]) == ("graded", alone.score)
    assert forged["status"] == "error" and "may not report: 'id'" in forged["error"]
    batch = grade_paths([folder / "alice.ipynb", folder / "mallory.ipynb"], options)
    assert batch[0] == alone and batch[1].status == "error"


def test_pytest_grade_fails_only_the_items_of_the_notebook_at_fault(targets, tmp_path,
                                                                     pytester):
    folder = mallory(targets, tmp_path)
    for notebook in folder.iterdir():
        (pytester.path / notebook.name).write_bytes(notebook.read_bytes())
    result = pytester.runpytest_subprocess("--grade", "--grade-no-sandbox", "-p",
                                           "no:cacheprovider", "-rA")
    machine = [e for e in LESSON.exercises if e.kind != "written"]
    result.assert_outcomes(passed=len(machine), failed=len(LESSON.exercises),
                           skipped=len(LESSON.exercises) - len(machine))
    assert "PASSED alice.ipynb" in result.stdout.str()
    assert "PASSED mallory.ipynb" not in result.stdout.str()


def test_a_failure_while_judging_one_submission_is_its_error_only(targets, tmp_path,
                                                                  monkeypatch):
    from coursekit.grading import pipeline

    folder = mallory(targets, tmp_path)
    write(targets["honest"]["untouched"], folder / "mallory.ipynb")  # an honest one now
    judge = pipeline.check_snapshot

    def broken(exercise, snapshot):  # as if judging the untouched notebook's answers failed
        if snapshot == {"type": "ellipsis"}:
            raise ZeroDivisionError("a bug in a check")
        return judge(exercise, snapshot)

    monkeypatch.setattr(pipeline, "check_snapshot", broken)
    options = GradeOptions(sandbox="off")
    alone = grade_paths([folder / "alice.ipynb"], options)[0]
    alice, untouched = grade_paths([folder / "alice.ipynb", folder / "mallory.ipynb"], options)
    assert alice == alone and alice.status == "graded"
    assert untouched.status == "error"
    assert untouched.error == ("the grader could not judge this notebook's answers "
                               "(ZeroDivisionError: a bug in a check)")


def test_an_engine_that_stops_part_way_leaves_errors_not_a_dead_batch(targets, tmp_path,
                                                                      monkeypatch):
    from coursekit.grading import pipeline

    folder = mallory(targets, tmp_path)
    real = ENGINES["fast"]

    def stops(jobs, *args):  # alice's job (ids are drawn at random) runs, then the engine breaks
        marker = targets["TARGETS"]["marker_head"]
        yield from real([j for j in jobs if marker in j.cells[-1][1]], *args)
        yield "x", GradingError("a result under no job's id")
        raise RuntimeError("the engine broke")

    options = GradeOptions(sandbox="off")
    alone = grade_paths([folder / "alice.ipynb"], options)[0]
    monkeypatch.setitem(pipeline.ENGINES, "fast", stops)
    alice, forged = grade_paths([folder / "alice.ipynb", folder / "mallory.ipynb"], options)
    assert alice == alone and alice.status == "graded"
    assert forged.error == ("the grading engine stopped before this notebook was graded "
                            "(the engine broke)")


def test_linked_submissions_are_errors_and_never_followed(sandbox_works, targets, tmp_path):  # noqa: F811
    folder = tmp_path / "class"
    folder.mkdir()
    write(targets["honest"]["solution"], folder / "alice.ipynb")
    (folder / "bob.ipynb").symlink_to(targets["root"] / "submissions" / "solution.ipynb")
    (folder / "carol").mkdir()
    (folder / "carol" / "home").symlink_to(targets["root"] / "home")
    (folder / "dave").symlink_to(targets["root"] / "submissions")
    (folder / "alice_data.csv").symlink_to(folder / "alice.ipynb")  # inside: not an error
    paths = find_notebooks([folder])
    assert sorted(p.relative_to(folder).as_posix() for p in paths) == [
        "alice.ipynb", "bob.ipynb", "carol/home", "dave"]
    grades = grade_paths(paths, GradeOptions(sandbox="on", memory=LIMITS.memory))
    assert [g.status for g in grades] == ["graded", "error", "error", "error"]
    assert all("symbolic link" in g.error for g in grades[1:])


def test_huge_notebooks_are_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.ipynb"
    with open(path, "wb") as stream:
        stream.truncate(21 * 2**20)
    grade = grade_paths([path])[0]
    assert grade.status == "error" and "over the 20 MiB limit" in grade.error


# Channels between the notebooks of one batch: one leaves a token, the others look for it.

def channel_batch(targets: dict, *, hostname: bool) -> tuple[dict, dict]:
    """A sender, a receiver graded at the same time, an honest notebook, then a notebook that
    looks for what the sender left once it has ended; and what they aim at."""
    with socket.socket() as free:  # a port free on this machine, for the run without sandbox
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    goals = {"token": f"t{uuid.uuid4().hex[:16]}", "name": f"coursekit-{uuid.uuid4()}",
             "key": uuid.uuid4().int % 2**30 + 1, "port": port, "wait": 5, "hostname": hostname}
    batch = {"sender": attack("batch/sender", goals), "receiver": attack("batch/receiver", goals),
             "solution": targets["honest"]["solution"],
             "later": attack("batch/receiver", {**goals, "delay": 2, "wait": 1})}
    return batch, goals


def remove_leftovers(goals: dict) -> None:
    """Remove what the sender leaves on this machine when it runs without the sandbox."""
    Path("/dev/shm", goals["name"]).unlink(missing_ok=True)
    libc = ctypes.CDLL(None, use_errno=True)
    segment = libc.shmget(goals["key"], 0, 0)
    if segment >= 0:
        libc.shmctl(segment, 0, None)  # IPC_RMID


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_notebooks_of_one_batch_share_no_channel(sandbox_works, targets, engine):  # noqa: F811
    alone = run(engine, {"solution": targets["honest"]["solution"]}, LIMITS)
    batch, _ = channel_batch(targets, hostname=True)
    outcomes = run(engine, batch, LIMITS)
    assert outcomes["solution"] == alone["solution"]
    assert {k: evidence(outcomes[k]) for k in ("sender", "receiver", "later")} == {
        "sender": [], "receiver": {}, "later": {}}


@pytest.mark.slow
def test_the_channels_work_without_the_sandbox(targets):
    batch, goals = channel_batch(targets, hostname=False)
    try:
        outcomes = run("fast", batch, None)
    finally:
        remove_leftovers(goals)
    token = goals["token"]
    assert {k: evidence(outcomes[k]) for k in ("sender", "receiver", "later")} == {
        "sender": ["abstract", "tcp"],
        "receiver": {"shm_file": token, "sysv": token, "abstract": token, "tcp": token},
        "later": {"shm_file": token, "sysv": token}}  # they outlive the sender


# One memory limit for all of a notebook: its processes and its shared memory.

#: Four children of 500 MiB each (each under the limit of one process) and /dev/shm: past the
#: 1.5 GiB of LIMITS in all.
HOG = {"child_bytes": 500 * MiB, "shared_bytes": 256 * MiB, "hold": 3}


@pytest.fixture
def memory_cgroup() -> None:
    """Skip where the grader may not make a memory cgroup, but fail under CI (root there)."""
    if "memory" not in sandbox.cgroup_places():
        require_in_ci("no memory cgroup may be made here (grade as root, or in a cgroup v2 "
                      "tree delegated to this user)")


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_one_memory_limit_covers_every_process_and_the_shared_memory_of_a_notebook(
        sandbox_works, memory_cgroup, targets, engine):  # noqa: F811 (the fixture)
    honest = {"solution": targets["honest"]["solution"]}
    alone = run(engine, honest, LIMITS)
    outcomes = run(engine, {"hog": attack("batch/memory_children", HOG), **honest}, LIMITS)
    assert outcomes["solution"] == alone["solution"]
    assert isinstance(outcomes["hog"], str)
    assert outcomes["hog"].startswith("the notebook reached the sandbox's memory limit")


@pytest.mark.slow
def test_without_a_memory_cgroup_each_process_and_the_shared_memory_are_capped(
        sandbox_works, targets, monkeypatch):  # noqa: F811 (the fixture)
    """The fallback, where no memory cgroup may be made: the limit holds per process, and
    /dev/shm is small, so a notebook holds at most processes x memory + shared_memory."""
    places = sandbox.cgroup_places()
    monkeypatch.setattr(sandbox, "cgroup_places",
                        lambda: {k: v for k, v in places.items() if k != "memory"})
    outcomes = run("fast", {"hog": attack("batch/memory_children", HOG)}, LIMITS)
    assert evidence(outcomes["hog"]) == {"children_mib": 4 * 500,
                                         "shared_mib": LIMITS.shared_memory // MiB}
