"""Time ``skillweave build`` on synthetic workspaces: a full build, an unchanged rebuild, and a
rebuild after one unit's title changed (the edit loop), with their ratio.

    python benchmarks/build_speed.py [--units 1000 5000] [--runs 3] [--folder build]
        [--per-format]

First it compiles skillweave's modules (as ``pip install`` does), so that no run compiles them.
For each size N it uses (and makes with make_workspace.py, if missing) ``FOLDER/build-N``: N units,
N/40 programmes, 10 learning outcomes per unit. Then, RUNS times in turn, each a whole
``skillweave build`` command (interpreter start-up included):

1. *full*: ``exports/`` removed first, so everything is rendered;
2. *one unit*: the English title of one unit changed (a different unit each run, alternately
   given and taken back an ending), then ``build``: the exports take the parts of every unit
   whose neighbourhood did not change from the previous build;
3. *unchanged*: ``build`` again with nothing changed.

It prints the median wall and CPU seconds (the command's own and its children's, from the
operating system) of each, the peak memory, and the ratio one-unit / full of each pair, with the
load average before and after. Last, it checks that the exports of the last one-unit rebuild are
byte-identical to those of a full build of a copy of the same workspace (it exits 1 if not).

``--per-format`` adds, in-process, the time of check, the analyses and each export format of a
full render.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def command(ws: Path) -> list[str]:
    return [sys.executable, "-m", "skillweave.cli.main", "build", str(ws)]


def timed(ws: Path) -> tuple[float, float, float]:
    """One whole ``build``: (wall seconds, CPU seconds, peak memory in MB of the largest process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command(ws), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".skillweave")}


def retitle(ws: Path, run: int) -> str:
    """Change one unit's English title (a different unit each run); returns the unit's file name."""
    units = sorted((ws / "curricula" / "units").glob("*.yaml"))
    path = units[(run * 7919) % len(units)]
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^title:\n  en: (.*)$", text, flags=re.M)
    if match is None:
        sys.exit(f"{path}: no English title on the second line")
    title = match.group(1)
    new = title[: -len(" (revised)")] if title.endswith(" (revised)") else title + " (revised)"
    path.write_text(text[: match.start(1)] + new + text[match.end(1):], encoding="utf-8")
    return path.name


def per_format(ws: Path) -> None:
    from skillweave import emitters
    from skillweave.pipeline import check

    t = time.perf_counter()
    project = check(ws)
    print(f"    in-process: check {time.perf_counter() - t:.2f} s", end="")
    t = time.perf_counter()
    project.analyse()
    print(f", analyses {time.perf_counter() - t:.2f} s")
    seconds = {}
    for e in emitters.EXPORTS:
        t = time.perf_counter()
        emitters.emit(project, e.name)
        seconds[e.name] = time.perf_counter() - t
    for fmt, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
        print(f"      {fmt:16s} {s:6.2f} s")


def measure(ws: Path, runs: int, show_formats: bool) -> bool:
    print(f"{ws}: load average before {os.getloadavg()[0]:.2f}")
    full, one, same = [], [], []
    for run in range(runs):
        shutil.rmtree(ws / "exports", ignore_errors=True)
        full.append(timed(ws))
        retitle(ws, run)
        one.append(timed(ws))
        same.append(timed(ws))
    files = tree(ws / "exports")
    size = sum((ws / "exports" / rel).stat().st_size for rel in files)
    print(f"  exports/: {len(files)} files, {size / 1e6:.0f} MB")
    for name, figures in (("full build", full), ("one unit's title", one), ("unchanged", same)):
        walls, cpus, peaks = zip(*figures)
        print(f"  {name:18s} wall {statistics.median(walls):6.2f} s  cpu {statistics.median(cpus):6.2f} s  "
              f"peak {max(peaks):5.0f} MB   (wall min {min(walls):.2f}, max {max(walls):.2f})")
    ratios = [o[0] / f[0] for f, o in zip(full, one)]
    cpu_ratios = [o[1] / f[1] for f, o in zip(full, one)]
    print(f"  one unit / full, pair by pair: wall {statistics.median(ratios):.3f} "
          f"(min {min(ratios):.3f}, max {max(ratios):.3f}), cpu {statistics.median(cpu_ratios):.3f}")
    fresh = ws.parent / f"{ws.name}-fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(ws, fresh, ignore=shutil.ignore_patterns("exports"))
    timed(fresh)
    same_bytes = tree(fresh / "exports") == files
    shutil.rmtree(fresh, ignore_errors=True)
    print(f"  the one-unit rebuild's exports and a full build's: {'byte-identical' if same_bytes else 'DIFFERENT'}")
    print(f"  load average after {os.getloadavg()[0]:.2f}")
    if show_formats:
        per_format(ws)
    return same_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", default=str(REPO / "build"))
    parser.add_argument("--per-format", action="store_true")
    args = parser.parse_args()
    # as an installed skillweave runs: its modules compiled once (pip compiles them when it installs;
    # an environment with PYTHONDONTWRITEBYTECODE=1 would otherwise compile them in every command)
    import skillweave

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(skillweave.__file__).parent)], check=True)
    ok = True
    for n in args.units:
        ws = Path(args.folder) / f"build-{n}"
        if not (ws / "curricula").is_dir():
            subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_workspace.py"), str(ws),
                            "--units", str(n), "--outcomes", str(10 * n), "--programmes", str(max(1, n // 40))],
                           check=True)
        ok = measure(ws, args.runs, args.per_format) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
