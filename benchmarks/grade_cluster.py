"""Benchmark grading on a Dask cluster against grading on this machine.

    python benchmarks/grade_cluster.py [--students 1000] [--rounds 3] [--large 10000]
                                       [--lesson 02_percentages]

Builds a class of realistic submissions (the mix of benchmarks/grade_class.py) and prints:

1. the class graded with ``--jobs 2`` here and on a ``LocalCluster`` of 2 worker processes
   (one thread each) on this same machine, alternating, ``--rounds`` of each: the median wall
   times and their ratio, cluster over local (the goal is at most 1.15). The cluster is
   started once, before the rounds, and its workers' fork servers warmed by a small batch,
   as a cluster a department runs would be; the local runs start their fork server each
   time, as ``coursekit grade`` does. Fails unless the results are identical.
2. ``--large`` submissions (folders of 1000, each made as in part 1 with its own seed: no
   file is a copy of another, so the copy check sees a class, not 1000 rings of copies)
   graded on that cluster by the teacher's real command, run as a child of a small fresh
   wrapper process::

       python -m coursekit grade FOLDER --cluster tcp://ADDRESS --no-sandbox
           --export json:OUT/results.json --export csv:OUT/grades.csv
           --export report:OUT/report.html

   its peak RSS (the wrapper's largest child's, ``RUSAGE_CHILDREN``: the command's, which
   starts no process of its own on a cluster; the goal is at most 400 MiB), wall time and
   throughput; and the statuses in ``results.json``: every submission there, and in error
   exactly the ones made to fail (unreadable, or ending their own process).
3. Scaling, on the class of part 1 (``--students``): the throughput with 1 and with 2
   workers, Dask's own overhead per task (an empty task's round trip) and the teacher's CPU
   time per submission (part 2's command: it reads every notebook, judges every run and
   writes the exports), and from these a projection to 32 workers.

The learner's code runs without the sandbox throughout (as with ``--no-sandbox``), so that
the figures are Dask's and the grader's, not bubblewrap's. Exit code 1 when results differ
between part 1's local and cluster runs, or when part 2's results miss or fail a submission.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_class import make_class

from coursekit.grading.distributed import local_cluster
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.grading.results import to_json

MiB = 2**20

#: Part 2's wrapper: runs the command it is given (its only child) and prints, as JSON, the
#: wall time and the peak RSS and CPU time of its children (the command and any process the
#: command waited for).
WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": time.perf_counter() - start, "peak": usage.ru_maxrss * 1024,
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""
#: What ``make_class`` writes for a submission that cannot be read (cut-off JSON).
UNREADABLE = b'{"cells": ['
#: The cell of a submission that ends its own process (``grade_class.broken``), in its JSON.
EXITS = b'os._exit(1)'


def start_cluster(workers: int) -> tuple[LocalCluster, Client]:
    """A LocalCluster of worker processes on 127.0.0.1 (as ``--cluster local:N`` makes),
    and its client."""
    cluster = local_cluster(workers)
    return cluster, Client(cluster, set_as_default=False)


def timed(paths: list[Path], options: GradeOptions, client: Client | None) -> tuple[str, float]:
    """The results JSON and the wall seconds of one batch."""
    start = time.perf_counter()
    grades = grade_paths(paths, options, cluster=client)
    return to_json(grades), time.perf_counter() - start


def differences(local_json: str, cluster_json: str) -> None:
    """Print each submission whose result differs between the two batches, and how."""
    pairs = zip(json.loads(local_json)["submissions"], json.loads(cluster_json)["submissions"],
                strict=True)
    for here, there in pairs:
        for field in (name for name in here if here[name] != there.get(name)):
            print(f"  differs: {here['path']} {field}: {str(here[field])[:200]!r} here, "
                  f"{str(there.get(field))[:200]!r} on the cluster", flush=True)


def teacher(client: Client, folder: Path, out: Path) -> dict[str, float]:
    """Part 2: ``coursekit grade`` on ``folder`` with the cluster, exporting into ``out``,
    in a fresh wrapper process; its wall time, peak RSS and CPU time."""
    command = [sys.executable, "-m", "coursekit", "grade", str(folder),
               "--cluster", client.scheduler.address, "--no-sandbox",
               "--export", f"json:{out / 'results.json'}", "--export", f"csv:{out / 'grades.csv'}",
               "--export", f"report:{out / 'report.html'}"]
    done = subprocess.run([sys.executable, "-c", WRAPPER, *command], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        sys.exit(f"the teacher's command failed:\n  {' '.join(command)}\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def all_graded(folder: Path, results: Path) -> bool:
    """Print the statuses in part 2's ``results.json``; whether it holds every notebook of
    ``folder`` once, in error exactly those made to fail (unreadable, or ending their
    process: see ``grade_class.broken``)."""
    submissions = json.loads(results.read_text(encoding="utf-8"))["submissions"]
    statuses = collections.Counter(s["status"] for s in submissions)
    print(f"  statuses   {', '.join(f'{n} {status}' for status, n in sorted(statuses.items()))}"
          f" in results.json")
    paths = sorted(str(p) for p in folder.rglob("*.ipynb"))
    made = {p: Path(p).read_bytes() for p in paths}
    unreadable = {p for p, data in made.items() if data == UNREADABLE}
    exiting = {p for p, data in made.items() if EXITS in data}
    failed = {s["path"] for s in submissions if s["status"] != "graded"}
    ok = sorted(s["path"] for s in submissions) == paths and failed == unreadable | exiting
    print(f"  all graded {'yes' if ok else 'NO'} ({len(paths)} notebooks; in error as made: "
          f"{len(unreadable)} unreadable, {len(exiting)} ending their own process)")
    return ok


def task_overhead(client: Client, tasks: int = 200) -> float:
    """Seconds of Dask's own per task: an empty task's round trip, one at a time."""
    start = time.perf_counter()
    for number in range(tasks):
        client.submit(int, number, pure=False).result()
    return (time.perf_counter() - start) / tasks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--lesson", default="02_percentages")
    args = parser.parse_args()
    options = GradeOptions(jobs=2, sandbox="off")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "class"
        folder.mkdir()
        paths = make_class(args.lesson, args.students, folder)
        cluster, client = start_cluster(2)
        with cluster, client:
            grade_paths(paths[:8], options, cluster=client)  # the workers' servers warm
            local_times, cluster_times, same = [], [], True
            for _ in range(args.rounds):
                local_json, local_wall = timed(paths, options, None)
                cluster_json, cluster_wall = timed(paths, options, client)
                local_times.append(local_wall)
                cluster_times.append(cluster_wall)
                same = same and local_json == cluster_json
                differences(local_json, cluster_json)
                print(f"  round {len(local_times)}: local {local_wall:.1f} s, "
                      f"cluster {cluster_wall:.1f} s", flush=True)
            local, remote = statistics.median(local_times), statistics.median(cluster_times)
            print(f"class of {args.students}, --jobs 2 here against 2 workers, "
                  f"median of {args.rounds}")
            print(f"  local      {local:8.1f} s  ({', '.join(f'{t:.1f}' for t in local_times)})")
            print(f"  cluster    {remote:8.1f} s  ({', '.join(f'{t:.1f}' for t in cluster_times)})")
            print(f"  ratio      {remote / local:8.2f}x cluster/local (goal at most 1.15x)")
            print(f"  identical  {'yes' if same else 'NO'}")
            two_per_second = args.students / remote
            overhead = task_overhead(client)

            large = Path(scratch) / "large"
            large.mkdir()
            for block in range(0, args.large, 1000):  # classes of 1000, each its own mix
                (large / f"block{block // 1000:02d}").mkdir()
                make_class(args.lesson, min(1000, args.large - block),
                           large / f"block{block // 1000:02d}", seed=7 + block // 1000)
            out = Path(scratch) / "out"
            out.mkdir()
            figures = teacher(client, large, out)
            print(f"{args.large} submissions on 2 workers, by 'coursekit grade --cluster' "
                  "with three exports")
            print(f"  wall       {figures['wall']:8.1f} s, "
                  f"{args.large / figures['wall']:.1f} submissions/s")
            print(f"  peak RSS   {figures['peak'] / MiB:8.1f} MiB of the teacher's command "
                  f"(goal at most 400 MiB)")
            graded = all_graded(large, out / "results.json")
            teacher_cpu = figures["cpu"] / args.large
        one_cluster, one_client = start_cluster(1)
        with one_cluster, one_client:
            grade_paths(paths[:8], options, cluster=one_client)
            _, one_wall = timed(paths, options, one_client)
        one_per_second = args.students / one_wall
        per_worker = two_per_second / 2
        projected = min(32 * per_worker, 1 / teacher_cpu)
        print("scaling")
        print(f"  1 worker   {one_per_second:8.1f} submissions/s")
        print(f"  2 workers  {two_per_second:8.1f} submissions/s "
              f"({two_per_second / one_per_second:.2f}x one worker)")
        print(f"  overhead   {overhead * 1000:8.1f} ms per task (Dask's round trip), "
              f"chunks of up to 16 runs")
        print(f"  teacher    {teacher_cpu * 1000:8.1f} ms CPU per submission (reading, "
              "judging, exports)")
        print(f"  32 workers {projected:8.1f} submissions/s projected: 32 x the per-worker "
              f"rate, capped by the teacher's {1 / teacher_cpu:.0f}/s")
    return 0 if same and graded else 1


if __name__ == "__main__":
    sys.exit(main())
