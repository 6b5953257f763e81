"""Time the analyses (coverage, mapping, paths) on the synthetic workspace.

    python benchmarks/analyses_speed.py [--workspace build/synthetic] [--vocabulary SOURCE] [--runs 3]

With ``--vocabulary`` a store made by ``skillweave vocab import`` (the full ESCO), as the issue
asks; without it, the workspace's own ontologies/. Reports the whole ``skillweave coverage`` and
``skillweave map`` commands (interpreter start-up included) and each stage in-process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def wall(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "skillweave.cli.main", *args], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{args}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", default=str(REPO / "build" / "synthetic"))
    parser.add_argument("--vocabulary", default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ws = Path(args.workspace)
    if not (ws / "curricula").is_dir():
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_workspace.py"), str(ws)], check=True)
    vocab = ["--vocabulary", args.vocabulary] if args.vocabulary else []

    from skillweave.pipeline import check

    t = time.perf_counter()
    project = check(ws, args.vocabulary)
    t_check = time.perf_counter() - t
    errors = [d for d in project.diagnostics if d.severity.value == "error"]
    stages = {"load + check (incl. vocabulary)": t_check}
    for name in ("coverage", "mapping", "paths", "graph"):
        t = time.perf_counter()
        getattr(project, name)
        stages[name] = time.perf_counter() - t
    print(f"workspace: {ws}; vocabulary: {args.vocabulary or 'ontologies/'} "
          f"({len(project.vocabulary)} concepts); errors: {len(errors)}")
    for name, seconds in stages.items():
        print(f"  {name:34s} {seconds:6.2f} s")
    print(f"  {'coverage + mapping (in-process)':34s} {stages['coverage'] + stages['mapping']:6.2f} s")
    if not errors:
        print(f"skillweave coverage --format json, median of {args.runs}: "
              f"{wall(['coverage', str(ws), '--format', 'json', *vocab], args.runs):.2f} s")
        print(f"skillweave map --format json, median of {args.runs}: "
              f"{wall(['map', str(ws), '--format', 'json', *vocab], args.runs):.2f} s")


if __name__ == "__main__":
    main()
