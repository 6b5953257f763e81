"""Time ``skillweave check`` on the synthetic workspace (issue: under 3 s on 2 cores).

    python benchmarks/check_speed.py [--workspace build/synthetic] [--runs 5]

Generates the workspace with make_workspace.py if it is not there, then times whole runs of the
command (interpreter start-up included) and, in-process, each stage of the pipeline.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", default=str(REPO / "build" / "synthetic"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ws = Path(args.workspace)
    if not (ws / "curricula").is_dir():
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_workspace.py"), str(ws)], check=True)

    walls = []
    for _ in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "skillweave.cli.main", "check", str(ws)],
                              capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(done.stderr)
    summary = done.stdout.strip().splitlines()[-1]

    from skillweave.diagnostics import DiagnosticSink
    from skillweave.load.curriculum import load_curriculum
    from skillweave.load.workspace import Workspace
    from skillweave.rules import registry
    from skillweave.vocab import open_vocabulary

    stages = {}
    t = time.perf_counter()
    workspace = Workspace.open(ws)
    sink = DiagnosticSink()
    cur = load_curriculum(workspace, sink)
    stages["load YAML + validate models"] = time.perf_counter() - t
    t = time.perf_counter()
    vocab = open_vocabulary(workspace, sink)
    stages["read vocabulary"] = time.perf_counter() - t
    t = time.perf_counter()
    registry.run(cur, vocab, sink)
    stages["rules"] = time.perf_counter() - t

    print(f"workspace: {ws}  ({summary})")
    print(f"skillweave check, {args.runs} runs: median {statistics.median(walls):.2f} s, "
          f"min {min(walls):.2f} s, max {max(walls):.2f} s")
    for name, seconds in stages.items():
        print(f"  {name:30s} {seconds:.2f} s")


if __name__ == "__main__":
    main()
