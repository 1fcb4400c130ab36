"""Run learners' code inside a bubblewrap sandbox, with limits per notebook.

bubblewrap (``bwrap``, the tool Flatpak builds on) makes the sandbox: namespaces of its
own for the network, processes, users, IPC and host name, a read-only view of only what
the lesson needs, and a small environment. Inside it, each notebook then gets
(:func:`confine`) its own mount, PID, network, IPC and host-name namespaces, with a /proc
and a small /dev/shm of its own, an empty size-capped work folder that no other notebook
can see, a memory cgroup where the grader may make one, and resource limits. Linux only.

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
import select
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from importlib.util import find_spec

if __name__ != "__main__":
    from coursekit.base.errors import UsageError
else:  # the launcher (see launcher()): the standard library only

    # The type checker keeps coursekit's UsageError, which the module is checked against.
    class UsageError(Exception):  # type: ignore[no-redef]
        """Stands in for coursekit's: the launcher raises no SandboxUnavailable."""

if sys.platform != "win32":  # Windows: coursekit still grades there, without the sandbox
    import fcntl  # POSIX only; the sandbox itself needs Linux (see require())
    import resource

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
#: Where the sandbox finds the batch's cgroups, as JSON: controller to folder (see
#: :func:`sandboxed`).
CGROUPS = "COURSEKIT_CGROUPS"
#: The capabilities that the sandbox's own processes (the fork server, the launcher) keep, in
#: the sandbox's user namespace only: to give each notebook namespaces and mounts of its own,
#: and bring its loopback up. :func:`confine` drops them before any learner code runs.
SERVER_CAPABILITIES = ("CAP_SYS_ADMIN", "CAP_NET_ADMIN")
#: How a notebook ends when its memory cgroup had to kill one of its processes (the fast
#: engine's code for a notebook past its memory limit).
MEMORY_EXIT = 75
#: Seconds between checks, while a notebook runs, that its memory cgroup killed nothing.
MEMORY_POLL = 0.05
#: What of a notebook's own /proc stays read-only: the system's settings and devices (these
#: are bwrap's and Docker's lists; grading as root, the learner's user is root's outside).
PROC_READ_ONLY = ("sys", "sysrq-trigger", "irq", "bus", "fs")
#: How long a notebook waits for a process slot taken by another notebook's processes.
FORK_PATIENCE = 10.0

_CLONE_NEWNS, _CLONE_NEWPID, _CLONE_NEWNET = 0x00020000, 0x20000000, 0x40000000
_CLONE_NEWIPC, _CLONE_NEWUTS = 0x08000000, 0x04000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_REMOUNT = 0x1, 0x2, 0x4, 0x8, 0x20
_MS_BIND, _MS_REC, _MS_PRIVATE = 0x1000, 0x4000, 0x40000
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE, _PR_SET_NO_NEW_PRIVS = 1, 4, 38
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1


class SandboxUnavailable(UsageError, RuntimeError):
    """The sandbox cannot start here; the message says what is missing and how to fix it."""


@dataclass(frozen=True)
class SandboxOptions:
    """The limits of one notebook in the sandbox (bytes, counts)."""

    #: all its processes' memory and its shared memory, where the grader may make cgroups
    #: (see :func:`sandboxed`); else each process's address space (RLIMIT_AS)
    memory: int = 2 * GiB
    disk: int = 256 * MiB  #: total size of what it writes: its work folder is a tmpfs this big
    file_size: int = 64 * MiB  #: size of any one file it writes (RLIMIT_FSIZE)
    processes: int = 64  #: processes and threads (RLIMIT_NPROC; a pids cgroup under root)
    open_files: int = 256  #: open files (RLIMIT_NOFILE)
    shared_memory: int = 64 * MiB  #: its own /dev/shm, and its System V shared memory
    #: Folders the learner's code may read besides Python, its packages and coursekit: the
    #: courses' packages and data, given by whoever starts the engine.
    readable: tuple[str, ...] = ()
    #: Folders inside those it must not see (an installed course's package, which holds its
    #: answer key), given by whoever starts the engine; a readable folder inside one stays.
    hidden: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The options as JSON, to hand to a process inside the sandbox."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> SandboxOptions:
        """The options that :meth:`to_json` wrote."""
        options = json.loads(text)
        return cls(**{**options, "readable": tuple(options.get("readable", ())),
                          "hidden": tuple(options.get("hidden", ()))})


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
               env: dict[str, str], tmp_size: int, fonts: Iterable[str] = (),
               hidden: Iterable[str] = ()) -> list[str]:
    """The bwrap command line that runs ``command`` in the sandbox; each flag, one rule."""
    args = ["bwrap",
            "--unshare-all",  # own network (none at all), PID, IPC, UTS, cgroup and user namespaces
            "--uid", str(LEARNER_ID), "--gid", str(LEARNER_ID),  # a plain user inside
            "--die-with-parent",  # ends when the grader ends
            "--new-session",  # no controlling terminal: nothing typed into the teacher's
            "--cap-drop", "ALL",  # no capabilities, even when the grader runs as root,
            # except two that only the sandbox's own processes keep, over its own namespaces,
            # to give each notebook namespaces of its own; confine() drops them before any
            # learner code runs
            *itertools.chain.from_iterable(("--cap-add", c) for c in SERVER_CAPABILITIES),
            "--clearenv", *itertools.chain.from_iterable(("--setenv", k, v)
                                                          for k, v in env.items()),
            "--ro-bind", "/usr", "/usr",  # the system's programs and libraries, read-only
            *_top_level_links(),  # /bin, /lib... as the host has them (links into /usr)
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",  # fast library look-up
            "--proc", "/proc",  # the processes of the sandbox only
            *_devices(),  # null, zero, random, tty: no disks, no devices of the host
            "--size", str(tmp_size), "--tmpfs", "/tmp",  # an empty, capped /tmp of its own
            "--chdir", "/tmp"]  # where it starts (bwrap sets PWD)
    for path in readable:  # Python, the installed packages and the course's data
        args += ["--ro-bind", path, path]
    outermost = [p for p in hidden if not _within_any([p], hidden)]
    for path in _within_any(outermost, readable):  # an empty, read-only folder in its place
        args += ["--tmpfs", path,
                 *itertools.chain.from_iterable(("--ro-bind", inner, inner) for inner in
                                                _within_any(readable, [path])),
                 "--remount-ro", path]
    for path in writable:  # the folders a notebook may write, all of them the grader's own
        args += ["--bind", path, path]
    for path in fonts:  # matplotlib's font list, read-only, so that it is not built again
        args += ["--ro-bind", path, os.path.join(ENVIRONMENT["MPLCONFIGDIR"],
                                                 os.path.basename(path))]
    return [*args, "--", *command]


def _within_any(paths: Iterable[str], folders: Iterable[str]) -> list[str]:
    """The paths that lie strictly inside one of the folders."""
    return [p for p in paths if any(p.startswith(f.rstrip("/") + "/") for f in folders)]


def font_lists() -> list[str]:
    """The grader's own matplotlib font lists (found without importing matplotlib)."""
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "matplotlib")
    with contextlib.suppress(OSError), os.scandir(cache) as entries:
        return sorted(e.path for e in entries
                      if e.name.startswith("fontlist-") and e.name.endswith(".json"))
    return []


def _devices() -> list[str]:
    """A /dev of a few harmless devices. (Not bwrap's ``--dev``: its pseudo-terminals make
    bwrap nest a second user namespace, which would lock /proc so that a notebook could not
    mount a /proc of its own.)"""
    args = ["--tmpfs", "/dev", "--dir", "/dev/shm", "--symlink", "/proc/self/fd", "/dev/fd"]
    for name in ("null", "zero", "full", "random", "urandom", "tty"):
        args += ["--dev-bind", f"/dev/{name}", f"/dev/{name}"]
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        args += ["--symlink", f"/proc/self/fd/{fd}", f"/dev/{name}"]
    return args


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


def limits_with(memory: int | None = None, readable: Iterable[str] = (),
                hidden: Iterable[str] = ()) -> SandboxOptions:
    """A batch's limits: the defaults, with each notebook's ``memory`` if given, and the
    ``readable`` and ``hidden`` folders."""
    limits = SandboxOptions(readable=tuple(readable), hidden=tuple(hidden))
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


def choose(mode: str, memory: int | None = None, readable: Iterable[str] = (),
           hidden: Iterable[str] = ()) -> SandboxOptions | None:
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
    return limits_with(memory, readable, hidden)


@contextlib.contextmanager
def sandboxed(command: list[str], options: SandboxOptions, writable: list[str],
              slots: int) -> Iterator[list[str]]:
    """The command line that runs ``command`` in the sandbox, for up to ``slots`` notebooks.

    Where the grader may make cgroups (as root, or in a tree delegated to its user), the
    whole sandbox goes into cgroups of its own, for as long as this context lasts, and
    :func:`confine` gives each notebook one inside them: a memory limit on all its
    processes and its shared memory, and a cap on its processes. Grading as root, the pids
    cgroup is required: the kernel ignores RLIMIT_NPROC for root.
    """
    size = (slots + 1) * options.disk
    groups, entries = _batch_cgroups(slots * (options.processes + 2) + 2)  # + bwrap's, waiters
    env = {**environment("/tmp"), **({CGROUPS: json.dumps(groups)} if groups else {})}
    args = bwrap_args(command, readable_paths(options.readable),
                      [*writable, *sorted(set(groups.values()))], env, size, font_lists(),
                      options.hidden)
    try:
        yield ["/bin/sh", "-c", _JOIN, "sh", *entries, "--", *args] if entries else args
    finally:
        for group in set(groups.values()):
            _remove_cgroup(group)


#: The shell line that moves itself into each cgroup given before ``--``, then runs the rest.
_JOIN = 'while [ "$1" != -- ]; do echo $$ > "$1/cgroup.procs" || exit 70; shift; done; ' \
        'shift; exec "$@"'


def _batch_cgroups(processes: int) -> tuple[dict[str, str], list[str]]:
    """Make the batch's cgroups: the folder of each controller's, and the folders that the
    sandbox's own processes join (on cgroup v2, a leaf: its notebooks' are siblings)."""
    places = cgroup_places()
    if os.geteuid() == 0 and "pids" not in places:
        raise SandboxUnavailable(
            "grading as root, the sandbox needs a writable pids cgroup to cap the number of "
            "processes (the kernel does not limit root's); grade as a normal user, or pass "
            "--no-sandbox")
    groups: dict[str, str] = {}
    entries = []
    for base in sorted(set(places.values())):
        group = os.path.join(base, f"coursekit-{os.getpid()}-{next(_GROUPS)}")
        os.mkdir(group)
        controllers = [c for c, place in places.items() if place == base]
        groups.update(dict.fromkeys(controllers, group))
        if _is_v2(group):  # processes only in leaves, controllers enabled above them
            _write(group, "cgroup.subtree_control", " ".join(f"+{c}" for c in controllers))
            os.mkdir(os.path.join(group, "server"))
            entries.append(os.path.join(group, "server"))
        else:
            entries.append(group)
    if "pids" in groups:
        _write(groups["pids"], "pids.max", str(processes))
    return groups, entries


def cgroup_places(mount: str = "/sys/fs/cgroup",
                  own: str = "/proc/self/cgroup") -> dict[str, str]:
    """Where this process may make cgroups, by controller (``pids``, ``memory``), from the
    cgroups mounted at ``mount`` and its ``own`` list of groups.

    cgroup v1 (a hierarchy per controller): its own group of that hierarchy, if writable.
    cgroup v2 (one hierarchy): beside its own group (or in the root, if that is its own),
    where that folder is writable and has the controller enabled for its children.
    """
    places: dict[str, str] = {}
    with contextlib.suppress(OSError), open(own, encoding="utf-8") as lines:
        for line in lines:
            _, names, path = line.rstrip("\n").split(":", 2)
            for controller in ("pids", "memory"):
                if controller in names.split(","):
                    folder = f"{mount}/{controller}{path}".rstrip("/")
                    if os.access(folder, os.W_OK):
                        places[controller] = folder
                elif not names and controller not in places:
                    root = next((r for r in (f"{mount}/unified", mount)
                                 if os.path.exists(f"{r}/cgroup.subtree_control")), None)
                    folder = f"{root}{os.path.dirname(path)}".rstrip("/")
                    if root and os.access(folder, os.W_OK) and controller in _read(
                            folder, "cgroup.subtree_control").split():
                        places[controller] = folder
    return places


def _remove_cgroup(group: str) -> None:
    """Remove a batch's cgroup and its notebooks' (its last processes may take a moment)."""
    for _ in range(50):
        with contextlib.suppress(OSError):
            for notebook in os.scandir(group):
                if notebook.is_dir():
                    os.rmdir(notebook.path)
            os.rmdir(group)
            return
        time.sleep(0.02)


def _is_v2(group: str) -> bool:
    """Whether a cgroup's folder is on cgroup v2."""
    return os.path.exists(os.path.join(group, "cgroup.subtree_control"))


def _read(folder: str, name: str) -> str:
    """The text of a cgroup's file ('' if it has none)."""
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        return ""


def _write(folder: str, name: str, text: str) -> None:
    """Write one setting of a cgroup."""
    with open(os.path.join(folder, name), "w", encoding="utf-8") as stream:
        stream.write(text)


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


def confine(options: SandboxOptions, private: str, workdir: str,
            keep: str | None = None) -> None:
    """Inside the sandbox: give this process namespaces and limits of its own, then return.

    After this, the caller is PID 1 of a new PID namespace (it cannot see or signal any
    other notebook, nor the grader; everything it starts dies with it) with a /proc of its
    own, and it has network (a loopback only), IPC and host-name namespaces of its own and
    a /dev/shm of ``options.shared_memory`` bytes, all gone when it ends. ``private`` is an
    empty tmpfs of ``options.disk`` bytes that hides what was there (except the folder
    ``keep``, bound through), ``workdir`` inside it is the current folder and HOME, the
    limits of ``options`` hold (its memory on all its processes, where the sandbox has a
    memory cgroup), and it has no capabilities. The process that called it stays behind
    only to wait; then it exits as its confined child did, or with :data:`MEMORY_EXIT` if
    its memory cgroup killed any of its processes.
    """
    groups = _notebook_cgroups(json.loads(os.environ.pop(CGROUPS, "{}")), options)
    # What the sandbox shows read-only under ``private`` (Python, a venv or the course in a
    # checkout under /tmp) stays readable; the rest of ``private`` is hidden.
    shown = _read_only_mounts_under(private)
    _libc_call("unshare", _CLONE_NEWNS | _CLONE_NEWPID | _CLONE_NEWNET | _CLONE_NEWIPC
               | _CLONE_NEWUTS)
    kept = [(keep, os.open(keep, os.O_PATH))] if keep else []  # bound through, later
    shown_fds = [(path, os.open(path, os.O_PATH)) for path in shown]
    child = fork_patiently()
    if child:
        _wait_and_exit_as(child, groups.get("memory"))
    _libc_call("prctl", _PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # dies with its waiter
    for group in set(groups.values()):
        _write(group, "cgroup.procs", "0")  # this process, and so all it starts
    _libc_call("mount", None, b"/", None, _MS_REC | _MS_PRIVATE, None)
    _libc_call("mount", b"tmpfs", private.encode(), b"tmpfs", _MS_NOSUID | _MS_NODEV,
               f"size={options.disk},mode=0700".encode())
    for path, fd in kept:
        os.makedirs(path, exist_ok=True)
        _libc_call("mount", f"/proc/self/fd/{fd}".encode(), path.encode(), None, _MS_BIND, None)
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
    # The rest in a mount namespace of its own: its waiter keeps the sandbox's /proc and
    # cgroups.
    _libc_call("unshare", _CLONE_NEWNS)
    _own_proc_and_shared_memory(options.shared_memory)
    for group in set(groups.values()):  # what was there, the cgroups' files, is out of reach
        _libc_call("mount", b"tmpfs", os.path.dirname(group).encode(), b"tmpfs",
                   _MS_NOSUID | _MS_NODEV, b"size=4096,mode=0700")
    _loopback_up()
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


def _notebook_cgroups(batch: dict[str, str], options: SandboxOptions) -> dict[str, str]:
    """Make this notebook's cgroups inside the batch's (by controller), with its limits."""
    made: dict[str, str] = {}
    for controller, group in sorted(batch.items()):
        if group not in made.values():
            os.mkdir(os.path.join(group, f"notebook-{os.getpid()}"))
        made[controller] = os.path.join(group, f"notebook-{os.getpid()}")
    if "pids" in made:
        _write(made["pids"], "pids.max", str(options.processes))
    if "memory" in made:  # all it uses, swap included, on cgroup v2 or v1
        group, v2 = made["memory"], _is_v2(made["memory"])
        _write(group, "memory.max" if v2 else "memory.limit_in_bytes", str(options.memory))
        swap = "memory.swap.max" if v2 else "memory.memsw.limit_in_bytes"
        if os.path.exists(os.path.join(group, swap)):
            _write(group, swap, "0" if v2 else str(options.memory))
    return made


def _own_proc_and_shared_memory(size: int) -> None:
    """Mount a /proc of this PID namespace (the system's settings read-only) and a /dev/shm
    of ``size`` bytes, and cap System V shared memory to the same."""
    _libc_call("mount", b"proc", b"/proc", b"proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC, None)
    # This IPC namespace's own settings; only root's user may change them (grading as
    # another user, System V shared memory is capped by the memory cgroup alone).
    for name, value in (("shmmax", size), ("shmall", size // os.sysconf("SC_PAGE_SIZE"))):
        with contextlib.suppress(PermissionError), \
                open(f"/proc/sys/kernel/{name}", "w", encoding="ascii") as setting:
            setting.write(str(value))
    for name in PROC_READ_ONLY:
        path = f"/proc/{name}".encode()
        if os.path.exists(path):
            _libc_call("mount", path, path, None, _MS_BIND | _MS_REC, None)
            _libc_call("mount", None, path, None,
                       _MS_BIND | _MS_REMOUNT | _MS_RDONLY | _MS_NOSUID | _MS_NODEV | _MS_NOEXEC,
                       None)
    _libc_call("mount", b"tmpfs", b"/dev/shm", b"tmpfs", _MS_NOSUID | _MS_NODEV,
               f"size={size},mode=1777".encode())


def _loopback_up() -> None:
    """Bring up the loopback of this network namespace (a new one starts with it down)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH22x", b"lo", 0)  # a struct ifreq: name, flags
        flags = struct.unpack("16sH22x", fcntl.ioctl(probe, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, _SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | _IFF_UP))


def _wait_and_exit_as(child: int, memory: str | None) -> None:
    """Wait for the confined child and end the way it ended."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts are for the child
    status = _wait_within_memory(child, memory)
    if status is None:  # past its memory limit
        os._exit(MEMORY_EXIT)
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 70)


def _wait_within_memory(child: int, memory: str | None) -> int | None:
    """The child's wait status, or None if its memory cgroup (if any) killed one of its
    processes: then the child is killed, and all it started with it."""
    if memory is None:
        return os.waitpid(child, 0)[1]
    ended = os.pidfd_open(child)  # readable once it has ended (the waiter exits soon after)
    while True:
        done, status = os.waitpid(child, os.WNOHANG)
        if _memory_kills(memory):
            if not done:
                os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
            return None
        if done:
            return status
        select.select([ended], [], [], MEMORY_POLL)


def _memory_kills(group: str) -> int:
    """How many processes a memory cgroup killed for its limit (v2's count, or v1's)."""
    for name in ("memory.events", "memory.oom_control"):
        for line in _read(group, name).splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
    return 0


def _drop_capabilities() -> None:
    """Clear every capability (capset with empty sets), for good: nothing it runs can gain one."""
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()
    _libc_call("capset", header, data)
    _libc_call("prctl", _PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def launcher(args: list[str]) -> list[str]:
    """The command that confines itself and runs a command (see :func:`_main`).

    It runs this file as a script: importing the package would import pandas, whose
    threads would keep the process from entering namespaces of its own (unshare needs
    a process of one thread).
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
