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
2. ``--large`` submissions graded on the cluster by a fresh teacher's process that writes
   each grade to a results stream as it arrives (``grade_stream``, as ``coursekit grade``
   does): its peak RSS (the goal is at most 400 MiB) and the throughput.
3. Scaling: the throughput with 1 and with 2 workers, Dask's own overhead per task (an
   empty task's round trip) and the teacher's CPU time per submission (it reads every
   notebook and judges every run), and from these a projection to 32 workers.

Exit code 1 when results differ.
"""

from __future__ import annotations

import argparse
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

#: The teacher's process of part 2: grades a folder on a cluster into a stream; prints its
#: peak RSS, wall time and CPU time as JSON.
TEACHER = """
import json, resource, sys, time
from pathlib import Path
from distributed import Client
from coursekit.grading.pipeline import GradeOptions, grade_stream
from coursekit.grading.stream import ResultsStream

address, folder, out = sys.argv[1:]
paths = sorted(Path(folder).glob("*.ipynb"))
start = time.perf_counter()
with Client(address, set_as_default=False) as client, ResultsStream(Path(out)) as stream:
    for index, grade in grade_stream(paths, GradeOptions(sandbox="off"), cluster=client):
        stream.add(index, grade)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - start, "peak": usage.ru_maxrss * 1024,
                  "cpu": usage.ru_utime + usage.ru_stime, "count": len(paths)}))
"""


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


def teacher(client: Client, folder: Path) -> dict[str, float]:
    """Part 2's teacher's process, run fresh on ``folder``."""
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run([sys.executable, "-c", TEACHER, client.scheduler.address,
                               str(folder), str(Path(scratch) / "results.jsonl")],
                              capture_output=True, text=True, check=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


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
            made = make_class(args.lesson, min(args.large, 1000), large)
            for number in range(args.large - len(made)):  # the rest: copies of the first 1000
                source = made[number % len(made)]
                (large / f"copy_{number:05d}.ipynb").write_bytes(source.read_bytes())
            figures = teacher(client, large)
            print(f"{args.large} submissions on 2 workers, from a fresh teacher's process")
            print(f"  wall       {figures['wall']:8.1f} s, "
                  f"{figures['count'] / figures['wall']:.1f} submissions/s")
            print(f"  peak RSS   {figures['peak'] / MiB:8.1f} MiB of the teacher's process "
                  f"(goal at most 400 MiB)")
            teacher_cpu = figures["cpu"] / figures["count"]
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
        print(f"  teacher    {teacher_cpu * 1000:8.1f} ms CPU per submission (reading, judging)")
        print(f"  32 workers {projected:8.1f} submissions/s projected: 32 x the per-worker "
              f"rate, capped by the teacher's {1 / teacher_cpu:.0f}/s")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
