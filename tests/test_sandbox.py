"""The sandbox: one test per rule of its bwrap command line and per limit of a notebook.

Each test runs a few lines of Python inside a real sandbox. They are marked ``sandbox``;
where bubblewrap cannot start they are skipped, except under CI, where a skipped sandbox
test is a failure (``require_in_ci`` in conftest.py).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest

from coursekit.grading import provisions
from coursekit.running import _zygote, sandbox
from coursekit.running.sandbox import MiB, SandboxOptions, SandboxUnavailable

from .conftest import require_in_ci

pytestmark = [pytest.mark.sandbox, pytest.mark.pythons]
#: Small limits; the course's folders readable, as the grader passes them.
SMALL = SandboxOptions(memory=512 * MiB, disk=16 * MiB, file_size=4 * MiB, processes=32,
                       open_files=64, readable=provisions.readable())


@pytest.fixture(scope="session")
def sandbox_works() -> None:
    """Skip where the sandbox cannot start, but fail under CI: CI must run these tests."""
    try:
        sandbox.require()
    except SandboxUnavailable as error:
        require_in_ci(f"the sandbox cannot start: {error}")


def inside(code: str, *, confined: bool = False, writable: tuple[str, ...] = (),
           options: SandboxOptions = SMALL, timeout: float = 60) -> dict:
    """Run ``code`` in the sandbox (confined as a notebook if asked); its JSON ``out``."""
    command = [sys.executable, "-I", "-c", "import json\nout = {}\n" + textwrap.dedent(code)
               + "\nprint(json.dumps(out))"]
    if confined:
        command = sandbox.launcher([options.to_json(), "/tmp", "/tmp/work", "", "--",
                                    *command])
    with sandbox.sandboxed(command, options, writable=list(writable), slots=1) as args:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


# One test per flag of bwrap_args.

def test_unshare_all_leaves_no_network(sandbox_works):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        out = inside(f"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2)
                out["connected"] = True
            except OSError as error:
                out["connected"] = False
            out["interfaces"] = [name for _, name in socket.if_nameindex()]
            """)
    assert out == {"connected": False, "interfaces": ["lo"]}


def test_unshare_all_hides_every_process_of_the_host(sandbox_works):
    out = inside(f"""
        import os
        out["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        try:
            os.kill({os.getpid()}, 0)
            out["grader"] = "reachable"
        except ProcessLookupError:
            out["grader"] = "unknown"
        """)
    assert out["grader"] == "unknown" and max(out["pids"]) < 10


def test_uid_makes_a_plain_user_inside(sandbox_works):
    out = inside("import os\nout['ids'] = [os.getuid(), os.getgid()]")
    assert out["ids"] == [sandbox.LEARNER_ID, sandbox.LEARNER_ID]


def test_die_with_parent_ends_the_sandbox_with_the_grader(sandbox_works, tmp_path):
    marker = tmp_path / "pid"
    code = ("import os, sys, time\nopen(sys.argv[1], 'w').write(str(os.getpid()))\n"
            "time.sleep(60)")
    with sandbox.sandboxed([sys.executable, "-I", "-c", code, str(marker)], SMALL,
                           writable=[str(tmp_path)], slots=1) as args:
        grader = subprocess.Popen([sys.executable, "-c",
                                   "import subprocess, sys; subprocess.run(sys.argv[1:])", *args])
        for _ in range(200):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.05)
        sleeper = _host_pids_of(str(marker))
        assert sleeper
        grader.send_signal(signal.SIGKILL)
        grader.wait()
        for _ in range(100):
            if not _host_pids_of(str(marker)):
                break
            time.sleep(0.05)
        assert not _host_pids_of(str(marker))


def _host_pids_of(text: str) -> list[int]:
    """Host processes whose command line mentions ``text``, other than this one."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as stream:
                if text.encode() in stream.read() and int(pid) != os.getpid():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def test_new_session_leaves_the_grader_terminal_session(sandbox_works):
    out = inside("""
        import os
        out["session"] = os.getsid(0)  # 0: its leader is outside, in the grader's session
        try:
            open("/dev/tty")
            out["tty"] = True
        except OSError:
            out["tty"] = False
        """)
    assert out["session"] > 0 and out["tty"] is False


def test_cap_drop_leaves_the_server_two_capabilities_and_no_others(sandbox_works):
    out = inside("""
        for line in open("/proc/self/status"):
            if line.startswith(("CapEff", "CapPrm", "CapBnd", "CapAmb")):
                out[line.split(":")[0]] = int(line.split()[1], 16)
        """)
    admin = 1 << 21 | 1 << 12  # CAP_SYS_ADMIN, CAP_NET_ADMIN (confine drops them: see below)
    assert out == {"CapEff": admin, "CapPrm": admin, "CapBnd": admin, "CapAmb": admin}


def test_clearenv_passes_only_the_documented_environment(sandbox_works, monkeypatch):
    monkeypatch.setenv("TEACHER_TOKEN", "s3cret")
    monkeypatch.setenv("COURSEKIT_COURSE", "reading_numbers")
    out = inside("import os\nout.update(os.environ)", confined=True)
    assert out == {**sandbox.ENVIRONMENT, "HOME": "/tmp/work", "PWD": "/tmp",
                   "COURSEKIT_COURSE": "reading_numbers"}


def test_system_and_packages_are_read_only(sandbox_works):
    package = os.path.dirname(sandbox.__file__)
    out = inside(f"""
        import os
        out["written"] = []
        for folder in ("/usr/lib", {package!r}, {sys.prefix!r}):
            try:
                open(os.path.join(folder, "coursekit-test"), "w")
                out["written"].append(folder)
            except OSError:
                pass
        import sys
        sys.path.insert(0, {provisions.public_folder()!r})  # as a graded notebook's process
        import coursekit.model.data
        out["figures"] = len(coursekit.model.data.figures())
        """)
    assert out["written"] == [] and out["figures"] > 0


def test_a_hidden_folder_is_empty_but_for_what_is_readable_inside_it(sandbox_works, tmp_path):
    """An installed course's package (its answer key) among the readable packages is hidden;
    its data folder inside stays readable."""
    from dataclasses import replace

    course = tmp_path / "site-packages" / "course"
    (course / "data").mkdir(parents=True)
    (course / "derived.py").write_text("answer = 42\n")
    (course / "data" / "figures.csv").write_text("id,value\n")
    options = replace(SMALL, readable=(*SMALL.readable, str(course.parent), str(course / "data")),
                      hidden=(str(course),))
    out = inside(f"""
        import os
        out["listed"] = sorted(os.listdir({str(course)!r}))
        out["data"] = open({str(course / "data" / "figures.csv")!r}).read()
        try:
            open({str(course / "new.py")!r}, "w")
            out["wrote"] = True
        except OSError:
            out["wrote"] = False
        """, options=options)
    assert out == {"listed": ["data"], "data": "id,value\n", "wrote": False}
    assert inside(f"import os\nout['listed'] = sorted(os.listdir({str(course)!r}))",
                  options=replace(options, hidden=()))["listed"] == ["data", "derived.py"]


def test_nothing_else_of_the_host_is_visible(sandbox_works, tmp_path):
    (tmp_path / "secret").write_text("teacher's")
    home = os.path.expanduser("~")
    # a home holding Python or the course shows only those
    needed = sandbox.readable_paths(SMALL.readable)
    private = [os.path.join(home, name) for name in os.listdir(home)
               if not any(p.startswith(os.path.join(home, name)) for p in needed)]
    out = inside(f"""
        import os
        out["visible"] = [p for p in {[str(tmp_path), *private]!r} + ["/etc/passwd", "/var",
                                                                      "/home", "/srv"]
                          if os.path.exists(p)]
        """)
    assert out["visible"] == []


def test_proc_and_dev_are_the_sandbox_own(sandbox_works):
    out = inside("""
        import os
        out["dev"] = sorted(os.listdir("/dev"))
        out["self"] = os.readlink("/proc/self") == str(os.getpid())
        """)
    assert out["self"] and "sda" not in out["dev"] and "null" in out["dev"]


def shown_in_tmp() -> list[str]:
    """What the sandbox must show read-only in /tmp: the top folder of Python, its packages or
    the course where they are installed under /tmp (a CI checkout, a venv there)."""
    return sorted({p.split("/")[2] for p in sandbox.readable_paths(SMALL.readable)
                   if p.startswith("/tmp/")})


def test_tmp_is_empty_and_capped(sandbox_works, tmp_path):
    shown = [p for p in sandbox.readable_paths(SMALL.readable) if p.startswith("/tmp/")]
    out = inside(f"""
        import os
        out["listing"] = sorted(os.listdir("/tmp"))
        out["writable"] = [p for p in {shown!r} if os.access(p, os.W_OK)]
        out["size"] = os.statvfs("/tmp").f_blocks * os.statvfs("/tmp").f_frsize
        """)
    assert set(out["listing"]) - {"matplotlib"} == set(shown_in_tmp())
    assert out["writable"] == [], "what the sandbox shows of /tmp is read-only"
    assert out["size"] <= 2 * SMALL.disk


def test_the_font_list_is_read_only_and_nothing_else_of_the_cache_is_there(sandbox_works):
    out = inside("""
        import os
        folder = os.environ["MPLCONFIGDIR"]
        out["files"] = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        out["writable"] = [name for name in out["files"]
                           if os.access(os.path.join(folder, name), os.W_OK)]
        """)
    assert out["files"] == [os.path.basename(p) for p in sandbox.font_lists()]
    assert out["writable"] == []


def test_bind_gives_write_access_to_the_given_folder_only(sandbox_works, tmp_path):
    out = inside(f"""
        open({str(tmp_path / "note")!r}, "w").write("from the sandbox")
        """, writable=(str(tmp_path),))
    assert out == {} and (tmp_path / "note").read_text() == "from the sandbox"


# One test per limit that confine() sets for a notebook.

def test_a_confined_notebook_is_pid_1_of_its_own_namespace(sandbox_works):
    out = inside("import os\nout['pid'] = os.getpid()", confined=True)
    assert out == {"pid": 1}


def test_memory_is_capped(sandbox_works):
    out = inside("""
        chunks = []
        try:
            for _ in range(16):
                chunks.append(bytearray(64 * 2**20))
        except MemoryError:
            pass
        out["mib"] = 64 * len(chunks)
        """, confined=True)
    assert out["mib"] < SMALL.memory / MiB


def test_total_size_of_the_work_folder_is_capped(sandbox_works):
    out = inside("""
        written = 0
        try:
            for n in range(64):
                with open(f"part{n}", "wb") as stream:
                    stream.write(bytes(2**20))
                written += 1
        except OSError:
            pass
        out["mib"] = written
        """, confined=True)
    assert out["mib"] <= SMALL.disk / MiB


def test_one_file_is_capped(sandbox_works):
    out = inside("""
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        try:
            with open("big", "wb") as stream:
                stream.write(bytes(8 * 2**20))
        except OSError as error:
            out["error"] = error.errno
        """, confined=True)
    assert out["error"] == 27  # EFBIG


def test_processes_are_capped(sandbox_works):
    out = inside("""
        import subprocess
        children = []
        try:
            for _ in range(100):
                children.append(subprocess.Popen(["sleep", "30"]))
        except OSError:
            pass
        out["started"] = len(children)
        """, confined=True)
    assert out["started"] <= SMALL.processes


def test_open_files_are_capped(sandbox_works):
    out = inside("""
        files = []
        try:
            for _ in range(200):
                files.append(open("/dev/null"))
        except OSError:
            pass
        out["opened"] = len(files)
        """, confined=True)
    assert out["opened"] < SMALL.open_files


def test_a_confined_notebook_has_no_capabilities_left(sandbox_works):
    out = inside("""
        for line in open("/proc/self/status"):
            if line.startswith(("CapEff", "CapPrm", "CapInh", "CapAmb", "NoNewPrivs")):
                out[line.split(":")[0]] = int(line.split()[1], 16)
        """, confined=True)
    assert out == {"CapEff": 0, "CapPrm": 0, "CapInh": 0, "CapAmb": 0, "NoNewPrivs": 1}


def test_a_confined_notebook_sees_only_its_own_processes(sandbox_works):
    out = inside("""
        import os, subprocess
        child = subprocess.Popen(["sleep", "5"])
        out["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        out["child"] = child.pid
        child.kill()
        """, confined=True)
    assert out["pids"] == [1, out["child"]]


def test_its_own_proc_keeps_the_system_settings_read_only(sandbox_works):
    out = inside("""
        import os
        out["read_only"] = []
        for name in ["sys/kernel/hostname", "sys/kernel/core_pattern", "sys/vm/drop_caches"]:
            try:
                open("/proc/" + name, "w").close()
            except OSError as error:
                out["read_only"].append(error.errno == 30)  # EROFS
        """, confined=True)
    assert out["read_only"] == [True, True, True]


def test_a_confined_notebook_has_a_loopback_of_its_own(sandbox_works):
    out = inside("""
        import os, socket
        with socket.create_server(("127.0.0.1", 0)) as server:
            with socket.create_connection(server.getsockname(), timeout=2) as client:
                connection, _ = server.accept()
                connection.sendall(b"own")
                out["got"] = client.recv(3).decode()
                connection.close()
        out["interfaces"] = [name for _, name in socket.if_nameindex()]
        out["net"] = os.readlink("/proc/self/ns/net")
        """, confined=True)
    outer = inside("import os\nout['net'] = os.readlink('/proc/self/ns/net')")
    assert out["got"] == "own" and out["interfaces"] == ["lo"] and out["net"] != outer["net"]


def test_its_shared_memory_is_small_and_its_own(sandbox_works):
    out = inside("""
        import os
        out["shm"] = sorted(os.listdir("/dev/shm"))
        out["size"] = os.statvfs("/dev/shm").f_blocks * os.statvfs("/dev/shm").f_frsize
        out["shmmax"] = int(open("/proc/sys/kernel/shmmax").read())
        out["ipc"] = os.readlink("/proc/self/ns/ipc")
        """, confined=True)
    outer = inside("import os\nout['ipc'] = os.readlink('/proc/self/ns/ipc')")
    assert out["shm"] == [] and out["size"] == SMALL.shared_memory
    assert out["ipc"] != outer["ipc"]
    if os.geteuid() == 0:  # System V's cap: only root's user may set it (else the cgroup's)
        assert out["shmmax"] == SMALL.shared_memory


@pytest.mark.parametrize(("own", "enabled", "places"), [
    # cgroup v1 beside v2 without memory (this project's CI): each controller's own group
    ("8:pids:/\n4:memory:/api/7\n0::/\n", "", {"pids": "pids", "memory": "memory/api/7"}),
    # cgroup v2 alone: beside its own group, where the controllers are enabled
    ("0::/user.slice/grader\n", "memory pids", {"pids": "user.slice", "memory": "user.slice"}),
    ("0::/\n", "pids", {"pids": ""}),  # in the root; memory not offered
])
def test_cgroups_are_made_beside_the_grader_where_it_may(tmp_path, own, enabled, places):
    for folder in ("pids", "memory/api/7", "user.slice/grader"):
        (tmp_path / folder).mkdir(parents=True)
    for folder in ("", "user.slice") if enabled else ():
        (tmp_path / folder / "cgroup.subtree_control").write_text(enabled)
    (tmp_path / "self").write_text(own)
    found = sandbox.cgroup_places(str(tmp_path), str(tmp_path / "self"))
    assert found == {c: str(tmp_path / p).rstrip("/") for c, p in places.items()}


def test_the_memory_exit_code_is_the_fast_engine_one():
    assert sandbox.MEMORY_EXIT == _zygote.MEMORY_EXIT


def test_a_notebook_killed_for_memory_after_it_reported_gets_the_memory_error():
    """The waiter ends a notebook whose cgroup killed any of its processes with MEMORY_EXIT,
    perhaps after its main process had reported: the limit wins over that report."""
    channel = _zygote._Channel()
    os.write(channel.write_end, b'cell 3\nresult {"answers": {}}\n')
    channel.in_server()
    channel.drain(2**20)
    killed = _zygote.MEMORY_EXIT << 8  # the wait status of exit(MEMORY_EXIT)
    line = _zygote._finish({"id": 7}, killed, channel, None)  # type: ignore[typeddict-item]
    assert line == {"id": 7, "error": "the notebook reached the sandbox's memory limit "
                                      "while running cell 3"}
    assert _zygote._finish({"id": 7}, 0, channel, None)["report"]  # type: ignore[typeddict-item]
    os.close(channel.read_end)


def test_its_own_tmp_hides_the_sandbox_tmp(sandbox_works):
    out = inside("""
        import os
        out["cwd"], out["tmp"] = os.getcwd(), sorted(os.listdir("/tmp"))
        shown = [os.path.join("/tmp/matplotlib", n) for n in os.listdir("/tmp/matplotlib")]
        out["shown"] = sorted(os.path.basename(p) for p in shown)
        out["writable"] = [p for p in shown if os.access(p, os.W_OK)]
        """, confined=True)
    # Only its work folder, and what the sandbox shows read-only there (the grader's
    # matplotlib font list, so that it is not built again for each notebook).
    assert out["cwd"] == "/tmp/work"
    assert out["tmp"] == sorted(["matplotlib", "work", *shown_in_tmp()])
    assert all(n.startswith("fontlist-") for n in out["shown"]) and out["writable"] == []


# Availability: never silently unsafe.

def test_missing_bubblewrap_fails_at_once_with_how_to_install(monkeypatch, tmp_path):
    from coursekit.grading.pipeline import GradeOptions, grade_paths

    monkeypatch.setenv("PATH", str(tmp_path))
    sandbox.require.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
            grade_paths([tmp_path / "never_read.ipynb"], GradeOptions(sandbox="on"))
    finally:
        sandbox.require.cache_clear()


def test_a_sandbox_that_cannot_start_is_not_used_for_the_batch(monkeypatch, tmp_path, caplog):
    """The engine starts in the sandbox while the probe runs; when the probe fails, the
    default grades without it (and says why, in a logged warning), --sandbox stops."""
    from coursekit.running import engines, forks
    from coursekit.running.engines import Job

    fake = tmp_path / "bin" / "bwrap"  # installed, but namespaces are not allowed here
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\n"
                    "exit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    sandbox.require.cache_clear()
    probing_while = []
    choose = sandbox.choose
    monkeypatch.setattr(sandbox, "choose", lambda *args, **kwargs: (
        probing_while.append(forks._warm.limits), choose(*args, **kwargs))[1])
    try:
        with caplog.at_level(logging.WARNING, logger="coursekit"):
            assert engines.prepare("fast", 1, "auto") is None
        assert probing_while == [SandboxOptions()], "the sandboxed engine started first"
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert "could not start (bwrap: No permissions to create new namespace)" in warnings[0]
        assert forks._warm.limits is None, "the engine started again, without the sandbox"
        job = Job(0, [(0, "answer = 6 * 7")], ["answer"], cell_timeout=5, notebook_timeout=30)
        outcomes = dict(forks.run_in_forks([job], 1, None))
        assert outcomes[0].answers == {"answer": {"type": "number", "value": 42.0}}
        with pytest.raises(SandboxUnavailable, match="could not start"):
            engines.prepare("fast", 1, "on")
    finally:
        forks.cool_down()
        sandbox.require.cache_clear()


def test_the_sandbox_starts_from_a_relative_interpreter_path(sandbox_works):
    """`../.venv/bin/python -m coursekit grade ...` from lessons/, as the README says."""
    from .conftest import LESSONS

    python = os.path.relpath(sys.executable, LESSONS)
    assert python.startswith("..")
    for engine in ("fast", "kernel"):
        done = subprocess.run([python, "-m", "coursekit", "grade", "02_percentages.ipynb",
                               "--sandbox", "--engine", engine, "--format", "json"],
                              cwd=LESSONS, capture_output=True, text=True, timeout=120,
                              check=False)
        assert done.returncode == 0, done.stderr
        graded = json.loads(done.stdout)["submissions"][0]
        assert (graded["status"], graded["sandboxed"]) == ("graded", True), engine


def test_relative_course_paths_are_made_absolute_before_the_sandbox_starts(monkeypatch,
                                                                           tmp_path):
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSEKIT_DATA", "data")
    assert sandbox.environment("/tmp")["COURSEKIT_DATA"] == str(tmp_path.resolve() / "data")
    assert str(tmp_path.resolve() / "data") in sandbox.readable_paths(["data"])
    assert all(os.path.isabs(p) for p in sandbox.readable_paths(["data", "../" + tmp_path.name]))


def test_a_missing_file_is_not_blamed_on_user_namespaces(sandbox_works, monkeypatch, tmp_path):
    missing = str(tmp_path / "gone" / "python3")
    monkeypatch.setattr(sys, "executable", missing)
    sandbox.require.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable) as raised:
            sandbox.require()
    finally:
        sandbox.require.cache_clear()
    assert missing in str(raised.value) and "No such file" in str(raised.value)
    assert "namespace" not in str(raised.value).replace("not a problem of user namespaces", "")
    assert "sysctl" not in str(raised.value)


def test_other_systems_are_told_the_sandbox_needs_linux(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    sandbox.require.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable, match="needs Linux"):
            sandbox.require()
    finally:
        sandbox.require.cache_clear()


@pytest.mark.parametrize(("text", "size"), [("2G", 2 * 2**30), ("512M", 512 * MiB),
                                            ("1.5GiB", 3 * 2**29), ("134217728", 128 * MiB)])
def test_memory_sizes_are_read_with_units(text, size):
    assert sandbox.parse_size(text) == size


def test_a_tiny_memory_limit_is_refused():
    with pytest.raises(ValueError, match="at least 64M"):
        sandbox.parse_size("1M")
