"""Run learners' code inside a bubblewrap sandbox, with limits per notebook.

bubblewrap (``bwrap``, the tool Flatpak builds on) makes the sandbox: namespaces of its
own for the network, processes, users, IPC and host name, a read-only view of only what
the lesson needs, and a small environment. Inside it, each notebook then gets
(:func:`confine`) its own user, mount and PID namespaces, an empty size-capped work
folder that no other notebook can see, and resource limits. Linux only.

Used by both engines (``coursekit.running.engines``): the fast engine runs its server in one
sandbox per batch and confines each forked child; the kernel engine runs each kernel
in a sandbox of its own, confined by ``python -m coursekit.running.sandbox``.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import itertools
import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from importlib.util import find_spec
from pathlib import Path

if __name__ != "__main__":
    from coursekit.base.errors import UsageError
else:  # the launcher (see launcher()): the standard library only

    # The type checker keeps coursekit's UsageError, which the module is checked against.
    class UsageError(Exception):  # type: ignore[no-redef]
        """Stands in for coursekit's: the launcher raises no SandboxUnavailable."""

if sys.platform != "win32":  # Windows: coursekit still grades there, without the sandbox
    import resource  # POSIX only; the sandbox itself needs Linux (see require())

__all__ = ["ENVIRONMENT", "LEARNER_ID", "MODES", "SandboxOptions", "SandboxUnavailable",
           "bwrap_args", "choose", "confine", "installed", "interpreter", "launcher", "limits_with",
           "parse_size", "require", "sandboxed"]

logger = logging.getLogger(__name__)

MiB, GiB = 2**20, 2**30
#: The user and group id the learner's code has inside the sandbox.
LEARNER_ID = 1000
#: The whole environment the learner's code sees, plus HOME (its work folder) and PWD. Nothing
#: of the teacher's is passed in except the course settings in :data:`PASSED`.
ENVIRONMENT = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",  # as in a kernel
    "MPLCONFIGDIR": "/tmp/matplotlib",
    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "COURSEKIT_GRADING": "1",  # the notebook is being graded: ex.grade() does nothing
}
#: Teacher settings that choose the course and its data, passed in when set.
PASSED = ("COURSEKIT_COURSE", "COURSEKIT_DATA")
#: Where, under root, the sandbox finds its pids cgroup (see :func:`sandboxed`).
PIDS_CGROUP = "COURSEKIT_PIDS_CGROUP"
#: How long a notebook waits for a process slot taken by another notebook's processes.
FORK_PATIENCE = 10.0

_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWPID = 0x00020000, 0x10000000, 0x20000000
_MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 0x2, 0x4, 0x1000, 0x4000, 0x40000
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE = 1, 4


class SandboxUnavailable(UsageError, RuntimeError):
    """The sandbox cannot start here; the message says what is missing and how to fix it."""


@dataclass(frozen=True)
class SandboxOptions:
    """The limits of one notebook in the sandbox (bytes, counts)."""

    memory: int = 2 * GiB  #: address space of each of its processes (RLIMIT_AS)
    disk: int = 256 * MiB  #: total size of what it writes: its work folder is a tmpfs this big
    file_size: int = 64 * MiB  #: size of any one file it writes (RLIMIT_FSIZE)
    processes: int = 64  #: processes and threads (RLIMIT_NPROC; a pids cgroup under root)
    open_files: int = 256  #: open files (RLIMIT_NOFILE)
    #: Folders the learner's code may read besides Python, its packages and coursekit: the
    #: courses' packages and data, given by whoever starts the engine.
    readable: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The options as JSON, to hand to a process inside the sandbox."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> SandboxOptions:
        """The options that :meth:`to_json` wrote."""
        options = json.loads(text)
        return cls(**{**options, "readable": tuple(options.get("readable", ()))})


def parse_size(text: str) -> int:
    """Bytes from a size such as ``2G``, ``512M`` or ``1048576`` (for ``--memory``)."""
    units = {"K": 2**10, "M": MiB, "G": GiB, "T": 2**40}
    text = text.strip().upper().removesuffix("IB").removesuffix("B")
    factor = units.get(text[-1:], 1)
    value = float(text[:-1] if text[-1:] in units else text) * factor
    if value < 64 * MiB:
        raise ValueError(f"a memory limit must be at least 64M (got {text})")
    return int(value)


def bwrap_args(command: list[str], readable: list[str], writable: list[str],
               env: dict[str, str], tmp_size: int, fonts: Iterable[str] = ()) -> list[str]:
    """The bwrap command line that runs ``command`` in the sandbox; each flag, one rule."""
    args = ["bwrap",
            "--unshare-all",  # own network (none at all), PID, IPC, UTS, cgroup and user namespaces
            "--uid", str(LEARNER_ID), "--gid", str(LEARNER_ID),  # a plain user inside
            "--die-with-parent",  # ends when the grader ends
            "--new-session",  # no controlling terminal: nothing typed into the teacher's
            "--cap-drop", "ALL",  # no capabilities, even when the grader runs as root
            "--clearenv", *itertools.chain.from_iterable(("--setenv", k, v)
                                                          for k, v in env.items()),
            "--ro-bind", "/usr", "/usr",  # the system's programs and libraries, read-only
            *_top_level_links(),  # /bin, /lib... as the host has them (links into /usr)
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",  # fast library look-up
            "--proc", "/proc",  # the processes of the sandbox only
            "--dev", "/dev",  # null, zero, random, tty: no disks, no devices of the host
            "--size", str(tmp_size), "--tmpfs", "/tmp",  # an empty, capped /tmp of its own
            "--chdir", "/tmp"]  # where it starts (bwrap sets PWD)
    for path in readable:  # Python, the installed packages and the course's data
        args += ["--ro-bind", path, path]
    for path in writable:  # the folders a notebook may write, all of them the grader's own
        args += ["--bind", path, path]
    for path in fonts:  # matplotlib's font list, read-only, so that it is not built again
        args += ["--ro-bind", path, os.path.join(ENVIRONMENT["MPLCONFIGDIR"],
                                                 os.path.basename(path))]
    return [*args, "--", *command]


def font_lists() -> list[str]:
    """The grader's own matplotlib font lists (found without importing matplotlib)."""
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")
    with contextlib.suppress(OSError), os.scandir(cache) as entries:
        return sorted(e.path for e in entries
                      if e.name.startswith("fontlist-") and e.name.endswith(".json"))
    return []


def _top_level_links() -> list[str]:
    args = []
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    return args


def readable_paths(extra: Iterable[str] = ()) -> list[str]:
    """What the learner's code may read: Python, its packages, coursekit, and ``extra``.

    All absolute: a relative folder would mean another place inside the sandbox.
    """
    paths = {sys.base_prefix, sys.prefix, *extra}
    spec = find_spec("coursekit")
    paths.update(spec.submodule_search_locations or [] if spec else [])
    paths = {os.path.abspath(p) for p in paths if p}
    found = {os.path.realpath(p) for p in paths if p and os.path.isdir(p)}
    found |= {p for p in paths if p and os.path.isdir(p) and not os.path.islink(p)}
    return sorted(p for p in found if p != "/" and not p.startswith(("/proc", "/dev")))


def environment(workdir: str) -> dict[str, str]:
    """The learner's whole environment: :data:`ENVIRONMENT`, HOME and the course settings.

    A relative data folder is passed as an absolute path: the sandbox starts elsewhere.
    """
    passed = {name: os.environ[name] for name in PASSED if name in os.environ}
    if passed.get("COURSEKIT_DATA"):
        passed["COURSEKIT_DATA"] = os.path.realpath(passed["COURSEKIT_DATA"])
    return {**ENVIRONMENT, **passed, "HOME": workdir}


def installed() -> bool:
    """Whether this system has the sandbox's parts (Linux, bwrap); :func:`require` tells
    whether it also starts."""
    return sys.platform.startswith("linux") and shutil.which("bwrap") is not None


def limits_with(memory: int | None = None, readable: Iterable[str] = ()) -> SandboxOptions:
    """A batch's limits: the defaults, with each notebook's ``memory`` if given, and the
    ``readable`` folders."""
    limits = SandboxOptions(readable=tuple(readable))
    return replace(limits, memory=memory) if memory else limits


@functools.cache
def require() -> None:
    """Fail with :class:`SandboxUnavailable` unless the sandbox works on this machine."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(
            f"the sandbox needs Linux (this is {sys.platform}); grade on a Linux machine, "
            "or pass --no-sandbox to run learners' code with your own rights")
    if shutil.which("bwrap") is None:
        raise SandboxUnavailable(
            "the sandbox needs bubblewrap ('bwrap'), which is not installed: install it with "
            "'sudo apt-get install bubblewrap' (Debian, Ubuntu) or 'sudo dnf install "
            "bubblewrap' (Fedora), or pass --no-sandbox")
    probe = launcher(["--probe"])
    with sandboxed(probe, SandboxOptions(), writable=[], slots=1) as command:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise SandboxUnavailable(f"the sandbox could not start ({reason}). " + _advice(reason))


#: What bubblewrap and the launcher say when user namespaces are not allowed.
_NAMESPACE_SIGNS = ("namespace", "uid map", "uid_map", "setgroups", "Operation not permitted")


def _advice(reason: str) -> str:
    """How to fix what stopped the sandbox: user namespaces only when they were the cause."""
    if any(sign in reason for sign in _NAMESPACE_SIGNS):
        return ("It needs user namespaces: enable them with 'sudo sysctl "
                "kernel.unprivileged_userns_clone=1' (older Debian), 'sudo sysctl "
                "user.max_user_namespaces=15000', or on Ubuntu 24.04 and later allow them for "
                "bwrap in AppArmor; or pass --no-sandbox")
    if "No such file" in reason:
        return ("A file it runs is missing inside the sandbox, which shows only Python, its "
                "packages and the course (it is not a problem of user namespaces); or pass "
                "--no-sandbox")
    return "Pass --no-sandbox to grade without it"


def interpreter() -> str:
    """This Python as the sandbox must start it: an absolute path without ``..``.

    Started as ``../.venv/bin/python`` from ``lessons/``, Python's own path goes through
    ``lessons/..``, a folder the sandbox does not show. The folders are resolved; the file
    name is kept, since a venv's ``python`` is a link that must stay one to find its venv.
    """
    folder, name = os.path.split(os.path.abspath(sys.executable))
    return os.path.join(os.path.realpath(folder), name)


#: How a batch may be isolated: ``auto`` (the sandbox where it can start), ``on`` (the
#: sandbox or an error), ``off`` (no sandbox).
MODES = ("auto", "on", "off")


def choose(mode: str, memory: int | None = None,
           readable: Iterable[str] = ()) -> SandboxOptions | None:
    """The sandbox's limits for a batch in this mode, or None to grade without it.

    ``on`` raises :class:`SandboxUnavailable` where the sandbox cannot start; ``auto``
    then logs a warning with the reason and grades without it; ``off`` never tries.
    """
    if mode not in MODES:
        raise ValueError(f"'mode' must be one of {list(MODES)} (got {mode!r})")
    if mode == "off":
        return None
    try:
        require()
    except SandboxUnavailable as error:
        if mode == "on":
            raise
        logger.warning("grading WITHOUT the sandbox: %s", error)
        return None
    return limits_with(memory, readable)


@contextlib.contextmanager
def sandboxed(command: list[str], options: SandboxOptions, writable: list[str],
              slots: int) -> Iterator[list[str]]:
    """The command line that runs ``command`` in the sandbox, for up to ``slots`` notebooks.

    The kernel ignores RLIMIT_NPROC for root, so when the grader runs as root the whole
    sandbox also goes into a pids cgroup of its own, for as long as this context lasts,
    and :func:`confine` gives each notebook a cgroup inside it.
    """
    size = (slots + 1) * options.disk
    if os.geteuid() != 0:
        yield bwrap_args(command, readable_paths(options.readable), writable,
                         environment("/tmp"), size, font_lists())
        return
    group = _pids_cgroup(slots * (options.processes + 2) + 2)  # + bwrap's, server, waiters
    args = bwrap_args(command, readable_paths(options.readable), [*writable, group],
                      {**environment("/tmp"), PIDS_CGROUP: group}, size, font_lists())
    try:
        yield ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', group, *args]
    finally:
        for _ in range(50):  # its last processes may take a moment to go
            with contextlib.suppress(OSError):
                for notebook in os.scandir(group):
                    if notebook.is_dir():
                        os.rmdir(notebook.path)
                os.rmdir(group)
                break
            time.sleep(0.02)


def _pids_cgroup(limit: int) -> str:
    for base in ("/sys/fs/cgroup/pids", "/sys/fs/cgroup"):
        controls = Path(base, "cgroup.subtree_control")
        v2 = controls.exists()
        if not os.access(base, os.W_OK) or (v2 and "pids" not in controls.read_text()):
            continue
        group = Path(base, f"coursekit-{os.getpid()}-{next(_GROUPS)}")
        group.mkdir()
        (group / "pids.max").write_text(str(limit))
        return str(group)
    raise SandboxUnavailable(
        "grading as root, the sandbox needs a writable pids cgroup to cap the number of "
        "processes (the kernel does not limit root's); grade as a normal user, or pass "
        "--no-sandbox")


_GROUPS = itertools.count()


def _libc_call(name: str, *args: object) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(*args) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{name}: {os.strerror(error)}")


def hide_memory() -> None:
    """Make this process's memory, environment and files unreadable to its children's code.

    Its forked children inherit the setting, so notebooks cannot read each other's either.
    """
    _libc_call("prctl", _PR_SET_DUMPABLE, 0, 0, 0, 0)


def fork_patiently() -> int:
    """fork, waiting a while when another notebook's processes fill the sandbox."""
    deadline = time.monotonic() + FORK_PATIENCE
    while True:
        try:
            return os.fork()
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _read_only_mounts_under(folder: str) -> list[str]:
    """The read-only mount points below ``folder`` (from /proc/self/mountinfo), outermost first."""
    inside = folder.rstrip("/") + "/"
    found = []
    with contextlib.suppress(OSError), open("/proc/self/mountinfo", encoding="utf-8") as info:
        for line in info:
            fields = line.split()
            point = fields[4].encode().decode("unicode_escape")  # spaces come as \040
            if point.startswith(inside) and "ro" in fields[5].split(","):
                found.append(point)
    return sorted(set(found), key=len)


def confine(options: SandboxOptions, private: str, workdir: str, keep: str | None = None,
            outputs: str | None = None) -> None:
    """Inside the sandbox: give this process a namespace and limits of its own, then return.

    After this, the caller is PID 1 of a new PID namespace (it cannot see or signal any
    other notebook, nor the grader; everything it starts dies with it), ``private`` is
    an empty tmpfs of ``options.disk`` bytes that hides what was there (except the
    folder ``keep``, bound through), ``workdir`` inside it is the current folder and
    HOME, the limits of ``options`` hold, and it has no capabilities. The process that
    called it stays behind only to wait; then it copies the files the confined process
    left in ``outputs`` (a folder, empty inside ``private``) out to the real ``outputs``,
    and exits as its confined child did.
    """
    uid, gid = os.getuid(), os.getgid()
    group = os.environ.pop(PIDS_CGROUP, None)
    if group:  # grading as root: a pids cgroup of its own (RLIMIT_NPROC does not bind root)
        group = os.path.join(group, f"notebook-{os.getpid()}")
        os.mkdir(group)
        with open(os.path.join(group, "pids.max"), "w") as stream:
            stream.write(str(options.processes + 1))
        with open(os.path.join(group, "cgroup.procs"), "w") as stream:
            stream.write("0")  # this process, and so all it starts
    # What the sandbox shows read-only under ``private`` (Python, a venv or the course in a
    # checkout under /tmp) stays readable; the rest of ``private`` is hidden.
    shown = _read_only_mounts_under(private)
    _libc_call("unshare", _CLONE_NEWUSER | _CLONE_NEWNS | _CLONE_NEWPID)
    kept = [(path, os.open(path, os.O_PATH)) for path in (keep, outputs) if path]  # for later
    shown_fds = [(path, os.open(path, os.O_PATH)) for path in shown]
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as stream:
            stream.write(text)
    child = fork_patiently()
    if child:
        _wait_and_exit_as(child, outputs, kept[-1][1] if outputs else None)
    _libc_call("prctl", _PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with its waiter
    _libc_call("mount", None, b"/", None, _MS_REC | _MS_PRIVATE, None)
    for path, size in ((private, options.disk), (os.path.dirname(group or ""), 0)):
        if path:  # what was there, including the cgroup's files, is out of reach
            _libc_call("mount", b"tmpfs", path.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV,
                       f"size={size or 4096},mode=0700".encode())
    for path, fd in kept:
        os.makedirs(path, exist_ok=True)
        if path == keep:
            _libc_call("mount", f"/proc/self/fd/{fd}".encode(), path.encode(), None, _MS_BIND,
                       None)
        os.close(fd)
    for path, fd in shown_fds:  # bound back; read-only, as the sandbox made it (locked so)
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            os.makedirs(path, exist_ok=True)
        else:  # a file, such as matplotlib's font list
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "a").close()  # an empty file to mount on
        _libc_call("mount", f"/proc/self/fd/{fd}".encode(), path.encode(), None,
                   _MS_BIND | _MS_REC, None)
        os.close(fd)
    os.makedirs(workdir, exist_ok=True)
    os.chdir(workdir)
    os.environ["HOME"] = workdir
    for limit, value in ((resource.RLIMIT_AS, options.memory),
                         (resource.RLIMIT_FSIZE, options.file_size),
                         (resource.RLIMIT_NPROC, options.processes),
                         (resource.RLIMIT_NOFILE, options.open_files),
                         (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(limit, (value, value))
    _drop_capabilities()


def _wait_and_exit_as(child: int, outputs: str | None, real: int | None) -> None:
    """Wait for the confined child, copy its outputs out, and end the way it ended."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are for the child
    _, status = os.waitpid(child, 0)
    if outputs and real is not None:
        with contextlib.suppress(OSError), os.scandir(outputs) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False):
                    _copy_out(entry.path, entry.name, real)
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 70)


def _copy_out(path: str, name: str, folder: int) -> None:
    """Copy one file into the folder open as ``folder`` (a path descriptor)."""
    source = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    target = os.open(f"/proc/self/fd/{folder}/{name}",
                     os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        while chunk := os.read(source, MiB):
            os.write(target, chunk)
    finally:
        os.close(source)
        os.close(target)


def _drop_capabilities() -> None:
    """Clear every capability the new user namespace gave (capset with empty sets)."""
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()
    _libc_call("capset", header, data)


def launcher(args: list[str]) -> list[str]:
    """The command that confines itself and runs a command (see :func:`_main`).

    It runs this file as a script: importing the package would import pandas, whose
    threads would keep the process from entering a new user namespace.
    """
    return [interpreter(), "-I", os.path.realpath(__file__), *args]


def _main(argv: list[str]) -> None:
    """``sandbox.py --probe``, or ``sandbox.py OPTIONS PRIVATE WORKDIR KEEP -- COMMAND...``.

    KEEP is a folder inside PRIVATE to keep, or an empty string for none.
    """
    if argv == ["--probe"]:
        confine(SandboxOptions(), "/tmp", "/tmp/work")
        return
    options, private, workdir, keep, _, *command = argv
    confine(SandboxOptions.from_json(options), private, workdir, keep=keep or None)
    os.execv(command[0], command)


if __name__ == "__main__":
    _main(sys.argv[1:])
