"""Time ``skillweave build`` on the synthetic workspace: check, every analysis and every export.

    python benchmarks/build_speed.py [--workspace build/synthetic] [--runs 3]

Generates the workspace with make_workspace.py if it is not there. Reports the whole command
(interpreter start-up included; the first run writes every file, later runs find most files
unchanged and rewrite none of them), and, in-process, the time of each export format.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", default=str(REPO / "build" / "synthetic"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ws = Path(args.workspace)
    if not (ws / "curricula").is_dir():
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_workspace.py"), str(ws)], check=True)

    cold, warm = [], []
    for _ in range(args.runs):
        shutil.rmtree(ws / "exports", ignore_errors=True)
        for bucket in (cold, warm):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "skillweave.cli.main", "build", str(ws)],
                                  capture_output=True, text=True)
            bucket.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(done.stderr[-3000:])
    files = [p for p in (ws / "exports").rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)

    from skillweave import emitters
    from skillweave.pipeline import check

    t = time.perf_counter()
    project = check(ws)
    t_check = time.perf_counter() - t
    t = time.perf_counter()
    project.analyse()
    t_analyse = time.perf_counter() - t
    per_format = {}
    for e in emitters.EXPORTS:
        t = time.perf_counter()
        emitters.emit(project, e.name)
        per_format[e.name] = time.perf_counter() - t

    print(f"workspace: {ws}: {done.stdout.strip()}")
    print(f"exports/: {len(files)} files, {size / 1e6:.1f} MB")
    print(f"skillweave build, median of {args.runs}: {statistics.median(cold):.2f} s into an empty exports/, "
          f"{statistics.median(warm):.2f} s again (unchanged files are not rewritten)")
    print(f"  in-process: check {t_check:.2f} s, analyses {t_analyse:.2f} s, exports "
          f"{sum(per_format.values()):.2f} s")
    for fmt, seconds in sorted(per_format.items(), key=lambda kv: -kv[1]):
        print(f"    {fmt:16s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
