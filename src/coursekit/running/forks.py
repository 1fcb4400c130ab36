"""The fast engine: one server imports the libraries once, then forks a fresh child per job.

The server (``coursekit.running._zygote``) spends about a second importing pandas, seaborn and
matplotlib before it can run anything. :func:`warm_up` starts it before the jobs are
known, so that this overlaps the caller's own start-up (importing the grader, reading
the notebooks); the next :func:`run_in_forks` with the same workers and limits then
uses it. This module imports only the standard library and ``coursekit.running.sandbox``, so a
caller can warm up first thing.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict

from coursekit.base.defaults import GRACE
from coursekit.running import sandbox
from coursekit.running.jobs import GradingError, Job, Outcome, Run

__all__ = ["ForkServer", "cool_down", "run_in_forks", "warm_up"]


class ForkServer:
    """A started fast-engine server in this process's care, sandboxed when there are limits.

    It waits for its jobs (:meth:`run`) while it imports; :meth:`close` ends it, and
    ends the sandbox it runs in.
    """

    def __init__(self, workers: int, limits: sandbox.SandboxOptions | None,
                 preload: tuple[str, ...] = ()) -> None:
        self.workers, self.limits, self.preload = workers, limits, preload
        env = {**os.environ,
               "COURSEKIT_GRADING": "1",  # ex.grade() does nothing in a graded notebook
               "MPLBACKEND": "module://matplotlib_inline.backend_inline",  # as in a kernel
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        command = [sys.executable, "-m", "coursekit.running._zygote", str(workers), str(GRACE),
                   json.dumps(list(preload))]
        self._sandbox = contextlib.ExitStack()
        if limits is not None:
            command = self._sandbox.enter_context(sandbox.sandboxed(
                [*command, limits.to_json()], limits, writable=[], slots=workers))
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)

    def run(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Send the jobs and yield each outcome as its child finishes; then the server ends.

        The jobs are written from a thread while results are read here, so that neither
        pipe can fill up and stall the other.
        """
        writer = threading.Thread(target=self._send, args=(jobs,), daemon=True)
        writer.start()
        seen = set()
        for line in self.process.stdout:
            result = json.loads(line)
            seen.add(result["id"])
            answers = result.get("answers")
            yield result["id"], (Run(answers, result["cell_errors"]) if answers is not None
                                 else GradingError(result["error"]))
        self.process.wait()
        writer.join()
        for job in jobs:
            if job.id not in seen:
                yield job.id, GradingError(f"the grading server stopped (exit code "
                                           f"{self.process.returncode}) before this notebook "
                                           "was graded")

    def _send(self, jobs: list[Job]) -> None:
        """Write each job as a header line and a body (see ``coursekit.running._zygote._Jobs``)."""
        # a server that stopped reads no more jobs: the rest are reported as not graded
        with contextlib.suppress(OSError), self.process.stdin as requests:
            for job in jobs:
                body = json.dumps(asdict(job)).encode()
                header = {"id": job.id, "notebook_timeout": job.notebook_timeout,
                          "size": len(body)}
                requests.write(json.dumps(header).encode() + b"\n" + body)

    def close(self) -> None:
        """End the server (at once if it is still running: it has run no job) and its sandbox."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        self._sandbox.close()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_warm: ForkServer | None = None


def warm_up(workers: int, limits: sandbox.SandboxOptions | None = None,
            preload: tuple[str, ...] = ()) -> None:
    """Start the server for this process's next batch now, while the caller gets ready.

    A server already warm for these workers, limits and preloaded modules is kept; one for
    others is ended, and so is one that no batch takes before this process ends.
    """
    global _warm
    wanted = (workers, limits, preload)
    if _warm is not None and (_warm.workers, _warm.limits, _warm.preload) == wanted:
        return
    cool_down()
    _warm = ForkServer(workers, limits, preload)


def cool_down() -> None:
    """End the server :func:`warm_up` started, if no batch took it."""
    global _warm
    if _warm is not None:
        _warm.close()
        _warm = None


atexit.register(cool_down)


def _take_server(workers: int, limits: sandbox.SandboxOptions | None,
                 preload: tuple[str, ...]) -> ForkServer:
    """The warm server if it was started for this batch, else a new one."""
    global _warm
    warm_up(workers, limits, preload)
    server, _warm = _warm, None
    return server


def run_in_forks(jobs: list[Job], workers: int, limits: sandbox.SandboxOptions | None = None,
                 preload: tuple[str, ...] = ()) -> Iterator[Outcome]:
    """Run each job in a fresh child forked from one process that imported ``preload`` once.

    With ``limits``, the server runs in one sandbox and confines each child (see
    ``coursekit.running.sandbox``).
    """
    if not jobs:
        return
    with _take_server(workers, limits, preload) as server:
        yield from server.run(jobs)
