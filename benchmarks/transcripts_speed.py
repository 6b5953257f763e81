"""Transcripts per second and peak memory: ELMO, HTML and EDC for cohorts of 10,000 and 50,000
synthetic learners with 8 results each.

    python benchmarks/transcripts_speed.py [--workspace build/transcripts] [--learners 10000,50000]
        [--results 8] [--formats elmo,html,edc] [--jobs N] [--runs 3] [--sample 5000]

For each cohort size, copies the demo's curriculum (curricula/, ontologies/) into WORKSPACE/SIZE
and writes synthetic, clearly fictitious learner records into its learners/: that many learners
of the three VET providers, each with ``--results`` results of the programme's first units (about
one in twelve failed, so that unit is left off), and a mobility for one learner in ten (one unit
assessed by a host that delivers it). Then it measures:

* ``check`` of the workspace and the transcript analysis (who achieved what), in this process;
* rendering alone, one process, on the first ``--sample`` learners: ELMO (element tree +
  serialisation), HTML and EDC (European Digital Credential: graph, JSON-LD tree,
  serialisation), per second; and lxml alone: the ELMO element trees built first, then only
  ``etree.tostring`` timed, the floor that any ELMO writer with lxml has to pay;
* the whole cohort as ``skillweave transcripts`` writes it (``write_documents``: one worker
  process per core or ``--jobs``, a batch of documents at a time, each file atomic with mode 0600,
  one flush at the end), median of ``--runs``; against its floor, writing the same bytes into as
  many files (plain ``open``/``write``, one process, one flush at the end; the files of the first
  run read beforehand, a batch at a time, untimed);
* the whole command, ``skillweave transcripts WORKSPACE --format F -o DIR`` as a subprocess
  (interpreter start-up, ``check`` and writing included), one run per format, with its memory:
  the peak resident set of the command's process (``VmHWM``, the kernel's own high-water mark)
  and of each worker process, and the peak of the whole process tree sampled every 20 ms from
  ``/proc/PID/smaps_rollup``: the sum of the processes' PSS (proportional set size: a page shared
  by n processes counts 1/n in each, so the sum is the memory the tree really takes) and the sum
  of their RSS (which counts every page the forked workers share with the parent once per
  process, so it overstates the total);
* the load average, since other processes on the machine share the cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GIVEN = ["Alex", "Sam", "Robin", "Kim", "Noa", "Jo", "Charlie", "Lou", "Mika", "Ries"]
FAMILY = ["Fictief", "Beispiel", "Exemple", "Synthetic"]
HOMES = ["roc-midden", "bbs-hannover", "campus-gent"]
#: a passing grade drawn on the Dutch 1-10 scale, on each assessing partner's own scale (alliance.yaml)
ON_SCALE = {
    "roc-midden": lambda g: f"{g:g}",
    "bbs-hannover": lambda g: str(max(1, min(4, round(6 - 5 * (g - 1) / 9)))),
    "campus-gent": lambda g: str(round(g * 10)),
    "solarwerk": lambda g: "excellent" if g >= 8.5 else "good" if g >= 7 else "sufficient",
}
FAILED = {"roc-midden": "4.5", "bbs-hannover": "5", "campus-gent": "45", "solarwerk": "insufficient"}


def make_workspace(ws: Path, learners: int, results: int, seed: int = 1) -> None:
    """The demo's curriculum plus synthetic learner records (deterministic for a seed)."""
    import yaml

    if ws.exists():
        shutil.rmtree(ws)
    ws.mkdir(parents=True)
    for name in ("curricula", "ontologies"):
        shutil.copytree(REPO / name, ws / name)
    programme = yaml.safe_load((REPO / "curricula/programmes/solar-heat-installer.yaml").read_text())
    units = programme["units"][:results]
    delivered = {}
    for uid in units:
        unit = yaml.safe_load((REPO / f"curricula/units/{uid}.yaml").read_text())
        delivered[uid] = [unit["owner"], *unit.get("contributors", [])]
    rng = random.Random(seed)
    learner_rows, result_rows, mobility_rows = [], [], []
    start = dt.date(2024, 9, 2)
    for n in range(learners):
        lid = f"syn-{n + 1:05d}"
        home = HOMES[n % len(HOMES)]
        born = dt.date(2006 + rng.randrange(3), rng.randrange(1, 13), rng.randrange(1, 28))
        learner_rows.append([lid, rng.choice(GIVEN), rng.choice(FAMILY), born.isoformat(), home,
                             "solar-heat-installer", start.isoformat(), "", "", rng.choice("fmx"), "no", ""])
        mobility = None
        if n % 10 == 0:
            options = [(u, h) for u in units for h in delivered[u] if h != home and h in HOMES + ["solarwerk"]]
            if options:
                mobility = rng.choice(options)
                mobility_rows.append([f"m-{lid}", lid, home, mobility[1], "2025-03-03", "2025-04-25", mobility[0]])
        for i, uid in enumerate(units):
            day = start + dt.timedelta(days=30 + 40 * i)
            assessor = home
            if mobility and uid == mobility[0]:
                assessor, day = mobility[1], dt.date(2025, 4, 25)
            passed = rng.random() >= 1 / 12
            result_rows.append([lid, uid, assessor, day.isoformat(), "passed" if passed else "failed",
                                ON_SCALE[assessor](rng.choice([6, 6.5, 7, 7.5, 8, 8.5, 9])) if passed
                                else FAILED[assessor], ""])
    import csv

    (ws / "learners").mkdir()
    files = {
        "learners.csv": (["learner_id", "given_names", "family_name", "date_of_birth", "home_partner", "programme",
                          "enrolled_on", "completed_on", "left_on", "gender", "disadvantaged", "email"], learner_rows),
        "results.csv": (["learner_id", "unit", "assessed_by", "date", "result", "grade", "learning_outcomes"],
                        result_rows),
        "mobilities.csv": (["mobility_id", "learner_id", "home_partner", "host_partner", "start", "end", "units"],
                           mobility_rows),
    }
    for name, (header, rows) in files.items():
        with open(ws / "learners" / name, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)


def per_second(count: int, seconds: float, cpu: float | None = None) -> str:
    text = f"{count / seconds:6.0f} /s  ({seconds:6.2f} s for {count}"
    return text + (f"; {cpu:6.2f} s of CPU)" if cpu is not None else ")")


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes (workers, the command)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --- memory of a process tree -----------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def _kib(path: str, keys: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    try:
        with open(path) as f:
            for line in f:
                key = line.split(":", 1)[0]
                if key in keys:
                    found[key] = int(line.split()[1])
    except OSError:
        pass
    return found


class TreeMemory:
    """Peaks of a process and its descendants, sampled on a thread every ``interval`` seconds."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        import threading

        self.pid, self.interval = pid, interval
        self.hwm: dict[int, int] = {}  # pid -> VmHWM (KiB), the kernel's peak RSS of that process
        self.pss = self.rss = 0  # peak sums over the tree (KiB)
        self.most = 0  # most processes at once
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            todo, tree = [self.pid], []
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo += _children(pid)
            pss = rss = 0
            for pid in tree:
                status = _kib(f"/proc/{pid}/status", ("VmHWM",))
                if "VmHWM" in status:
                    self.hwm[pid] = max(self.hwm.get(pid, 0), status["VmHWM"])
                rollup = _kib(f"/proc/{pid}/smaps_rollup", ("Pss", "Rss"))
                pss += rollup.get("Pss", 0)
                rss += rollup.get("Rss", 0)
            self.pss, self.rss, self.most = max(self.pss, pss), max(self.rss, rss), max(self.most, len(tree))
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def mib(kib: int) -> str:
    return f"{kib / 1024:5.0f} MiB"


def write_floor(written: Path, folder: Path, batch: int = 256) -> tuple[float, int]:
    """Seconds to write the bytes of every file of ``written`` into as many files of ``folder``
    (plain open and write, one process, then one flush of the file system as the writer does), the
    files read beforehand a batch at a time (not timed); and the bytes written."""
    from skillweave.files import flush_to_disk

    folder.mkdir(parents=True, exist_ok=True)
    names = sorted(os.listdir(written))
    seconds, size = 0.0, 0
    for a in range(0, len(names), batch):
        files = [(name, (written / name).read_bytes()) for name in names[a:a + batch]]
        t = time.perf_counter()
        for name, content in files:
            with open(folder / name, "wb") as f:
                f.write(content)
        seconds += time.perf_counter() - t
        size += sum(len(c) for _n, c in files)
    t = time.perf_counter()
    flush_to_disk(folder)
    return seconds + time.perf_counter() - t, size


def one_size(ws: Path, learners: int, args, formats: list[str]) -> None:
    from lxml import etree

    from skillweave.analyses import transcripts as analysis
    from skillweave.cohort import worker_count, write_documents
    from skillweave.emitters import get
    from skillweave.emitters import transcript_elmo
    from skillweave.pipeline import check

    t = time.perf_counter()
    make_workspace(ws, learners, args.results)
    print(f"\n== {learners} learners: workspace {ws}, {learners * args.results} results "
          f"({time.perf_counter() - t:.1f} s to write)")

    # as the command does (skillweave.cohort.collector_paused): no cyclic garbage
    # collection while loading, then the loaded objects frozen
    gc.disable()
    t = time.perf_counter()
    project = check(ws)
    t_check = time.perf_counter() - t
    errors = [d for d in project.diagnostics if d.severity.value == "error"]
    if errors:
        sys.exit(f"the synthetic workspace has {len(errors)} errors, e.g. {errors[0]}")
    t = time.perf_counter()
    cohort = analysis.cohort(project.curriculum, project.base_uri)
    t_plan = time.perf_counter() - t
    gc.freeze()
    gc.enable()
    t = time.perf_counter()
    units = abroad = 0
    for x in cohort:
        units += len(x.units)
        abroad += sum(u.abroad for u in x.units)
    t_analyse = time.perf_counter() - t
    print(f"check: {t_check:.2f} s; transcript analysis: {t_plan:.2f} s to find who gets one, {t_analyse:.2f} s to "
          f"make all {len(cohort)} ({units} units, {abroad} assessed abroad)")

    sample = cohort[:min(args.sample, len(cohort))]
    print(f"one process, rendering only (no files), {len(sample)} learners, best of 3:")

    def best(fn) -> tuple[float, float]:
        """The best of 3 runs: wall seconds and CPU seconds (the CPU figure is the one that means
        something on a loaded machine)."""
        times, cpus = [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            fn()
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        return min(times), min(cpus)

    gc.disable()  # the element trees held at once: keep the collector out of the lxml figure too
    trees = [transcript_elmo.build(x) for x in sample]

    def serialise_all() -> list[bytes]:
        return [etree.tostring(tree, encoding="UTF-8", pretty_print=True) for tree in trees]

    t_tostring, c_tostring = best(serialise_all)
    size = sum(map(len, serialise_all())) / len(trees)
    trees.clear()
    gc.enable()
    print(f"  lxml alone: etree.tostring of built trees  {per_second(len(sample), t_tostring, c_tostring)}  "
          f"{size / 1024:.1f} KiB per file")
    for name in formats:
        render = get("transcripts", name).load()
        seconds, cpu = best(lambda: [render(x) for x in sample])
        kib = sum(len(v) for v in render(sample[0]).values()) / 1024
        extra = (f"= {cpu / c_tostring:.1f} x lxml alone (CPU)" if name == "elmo" else f"{kib:.1f} KiB per file")
        print(f"  {name.upper():4s} render                               {per_second(len(sample), seconds, cpu)}  {extra}")
    del sample

    workers = worker_count(args.jobs)
    print(f"whole cohort written, {workers} worker processes, median of {args.runs} (files atomic, mode 0600), "
          f"against writing the same bytes (one process, plain files):")
    for name in formats:
        render = get("transcripts", name).load()
        times, cpus = [], []
        for run in range(args.runs):
            with tempfile.TemporaryDirectory(dir=ws) as out:
                cpu = time.process_time() + children_cpu()
                t = time.perf_counter()
                written = write_documents(cohort, render, Path(out) / name, jobs=args.jobs)
                times.append(time.perf_counter() - t)
                cpus.append(time.process_time() + children_cpu() - cpu)
                assert len(written) == len(cohort)
                if run == 0:
                    floor, total = write_floor(Path(out) / name, Path(out) / "floor")
        whole = statistics.median(times)
        print(f"  {name.upper():4s} cohort written                       "
              f"{per_second(len(cohort), whole, statistics.median(cpus))}")
        print(f"       writing the same bytes ({total / 2**20:5.0f} MiB)    {per_second(len(cohort), floor)}  "
              f"cohort = {whole / floor:.1f} x the floor")

    print("whole command, interpreter start-up and check included (one run), and its memory:")
    for name in formats:
        with tempfile.TemporaryDirectory(dir=ws) as out:
            cpu = children_cpu()
            t = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "skillweave.cli.main", "transcripts", str(ws), "--format",
                                     name, "-o", str(Path(out) / name)], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
            memory = TreeMemory(proc.pid)
            stdout, stderr = proc.communicate()
            memory.stop()
            seconds = time.perf_counter() - t
            if proc.returncode != 0:
                sys.exit(f"transcripts --format {name}: exit {proc.returncode}\n{stderr[-2000:]}")
        parent = memory.hwm.get(proc.pid, 0)
        workers_hwm = [v for pid, v in sorted(memory.hwm.items()) if pid != proc.pid]
        print(f"  skillweave transcripts --format {name:4s}   {per_second(len(cohort), seconds, children_cpu() - cpu)}")
        print(f"       peak memory: command {mib(parent)}; workers {', '.join(mib(v) for v in workers_hwm) or '-'} "
              f"(peak RSS each); whole tree: PSS {mib(memory.pss)}, RSS summed {mib(memory.rss)} "
              f"({memory.most} processes)")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other processes share the cores)")
    gc.unfreeze()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", default=str(REPO / "build" / "transcripts"))
    parser.add_argument("--learners", default="10000,50000", help="cohort sizes, comma-separated")
    parser.add_argument("--results", type=int, default=8)
    parser.add_argument("--formats", default="elmo,html,edc")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sample", type=int, default=5000, help="learners rendered in one process")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    for learners in (int(n) for n in args.learners.split(",")):
        one_size(Path(args.workspace) / str(learners), learners, args, formats)


if __name__ == "__main__":
    main()
