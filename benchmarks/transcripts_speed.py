"""Transcripts per second: ELMO, HTML and EDC for 10,000 synthetic learners with 8 results each.

    python benchmarks/transcripts_speed.py [--workspace build/transcripts] [--learners 10000]
        [--results 8] [--jobs N] [--runs 3]

Copies the demo's curriculum (curricula/, ontologies/) into WORKSPACE and writes synthetic,
clearly fictitious learner records into its learners/: ``--learners`` learners of the three VET
providers, each with ``--results`` results of the programme's first units (about one in twelve
failed, so that unit is left off), and a mobility for one learner in ten (one unit assessed by a
host that delivers it). Then it measures, in this process:

* ``check`` of the workspace and the transcript analysis (who achieved what);
* rendering alone, one process: ELMO (element tree + serialisation), HTML and EDC (European
  Digital Credential: graph, JSON-LD tree, serialisation), per second;
* lxml alone: the ELMO element trees of all learners are built first, then only
  ``etree.tostring`` is timed, the floor that any ELMO writer with lxml has to pay;
* the whole cohort as ``skillweave transcripts`` writes it: one worker process per core (or
  ``--jobs``), each file written atomically with mode 0600 (median of ``--runs``);
* the whole command, ``skillweave transcripts WORKSPACE --format elmo|html|edc -o DIR``, interpreter
  start-up and ``check`` included (one run each).
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
    text = f"{count / seconds:6.0f} /s  ({seconds:5.2f} s for {count}"
    return text + (f"; {cpu:5.2f} s of CPU)" if cpu is not None else ")")


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes (workers, the command)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", default=str(REPO / "build" / "transcripts"))
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--results", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ws = Path(args.workspace)

    from lxml import etree

    from skillweave.analyses import transcripts as analysis
    from skillweave.cohort import worker_count, write_documents
    from skillweave.emitters import transcript_edc, transcript_elmo, transcript_html
    from skillweave.pipeline import check

    t = time.perf_counter()
    make_workspace(ws, args.learners, args.results)
    print(f"workspace {ws}: {args.learners} learners, {args.learners * args.results} results "
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
    found = analysis.analyse(project.curriculum, project.base_uri)
    t_analyse = time.perf_counter() - t
    gc.freeze()
    gc.enable()
    units = sum(len(x.units) for x in found)
    abroad = sum(u.abroad for x in found for u in x.units)
    print(f"check: {t_check:.2f} s; transcript analysis: {t_analyse:.2f} s "
          f"({len(found)} transcripts, {units} units, {abroad} assessed abroad)")

    print("one process, rendering only (no files), best of 3:")

    def best(fn) -> float:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    gc.disable()  # 10,000 element trees held at once: keep the collector out of the lxml figure too
    trees = [transcript_elmo.build(x) for x in found]

    def serialise_all() -> list[bytes]:
        return [etree.tostring(tree, encoding="UTF-8", pretty_print=True) for tree in trees]

    t_tostring = best(serialise_all)
    size = sum(map(len, serialise_all())) / len(trees)
    trees.clear()
    gc.enable()
    t_elmo = best(lambda: [transcript_elmo.render(x) for x in found])
    t_html = best(lambda: [transcript_html.render(x) for x in found])
    html_size = sum(len(v) for v in transcript_html.render(found[0]).values())
    t_edc = best(lambda: [transcript_edc.render(x) for x in found])
    edc_size = sum(len(v) for v in transcript_edc.render(found[0]).values())
    print(f"  lxml alone: etree.tostring of built trees {per_second(len(found), t_tostring)}  "
          f"{size / 1024:.1f} KiB per file")
    print(f"  ELMO render (build + serialise)           {per_second(len(found), t_elmo)}  "
          f"= {t_elmo / t_tostring:.1f} x lxml alone")
    print(f"  HTML render                               {per_second(len(found), t_html)}  "
          f"{html_size / 1024:.1f} KiB per file")
    print(f"  EDC render (graph + JSON-LD)              {per_second(len(found), t_edc)}  "
          f"{edc_size / 1024:.1f} KiB per file")

    workers = worker_count(args.jobs)
    print(f"whole cohort written, {workers} worker processes, median of {args.runs} "
          f"(files atomic, mode 0600):")
    cohort = {}
    for name, render in (("elmo", transcript_elmo.render), ("html", transcript_html.render),
                         ("edc", transcript_edc.render)):
        times, cpus = [], []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(dir=ws) as out:
                cpu = time.process_time() + children_cpu()
                t = time.perf_counter()
                written = write_documents(found, render, Path(out) / name, jobs=args.jobs)
                times.append(time.perf_counter() - t)
                cpus.append(time.process_time() + children_cpu() - cpu)
                assert len(written) == len(found)
        cohort[name] = statistics.median(times)
        print(f"  {name.upper():4s}                                      "
              f"{per_second(len(found), cohort[name], statistics.median(cpus))}")
    print(f"  ELMO cohort on {workers} cores = {cohort['elmo'] / t_tostring:.1f} x the time lxml alone needs "
          f"to serialise the same documents on one core")

    print("whole command, interpreter start-up and check included (one run):")
    for name in ("elmo", "html", "edc"):
        with tempfile.TemporaryDirectory(dir=ws) as out:
            cpu = children_cpu()
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "skillweave.cli.main", "transcripts", str(ws), "--format",
                                   name, "-o", str(Path(out) / name)], capture_output=True, text=True)
            seconds = time.perf_counter() - t
            if done.returncode != 0:
                sys.exit(f"transcripts --format {name}: exit {done.returncode}\n{done.stderr[-2000:]}")
        print(f"  skillweave transcripts --format {name:4s}     "
              f"{per_second(len(found), seconds, children_cpu() - cpu)}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other processes share the cores)")

if __name__ == "__main__":
    main()
