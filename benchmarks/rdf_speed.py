"""The RDF exports against their floor: ``export elm-turtle`` beyond ``check``, and pyoxigraph's own
parse plus serialise of the same file.

    python benchmarks/rdf_speed.py [--units 1000 5000] [--runs 5] [--build build] [--esco DIR]

For each size it uses ``BUILD/w<units>`` (generated with make_workspace.py, ``--units N --outcomes
10N``, if it is not there) and measures:

* the whole commands ``skillweave check W`` and ``skillweave export elm-turtle W -o F``, interpreter
  start-up included (skillweave's modules compiled first, as ``pip install`` does), and the floor:
  pyoxigraph parsing the exported file into triples, then serialising those triples as Turtle
  (with the same prefixes), in this process; the three in turn (check, export, floor, check, ...)
  ``--runs`` times, so that a machine whose speed drifts slows all three alike: the median wall
  time and CPU time (user + system) of each, and the time of the export beyond ``check`` (median
  of the export minus median of the check);
* the ratio of the time beyond check to the floor (wall and CPU), and the range and the median of
  the ratios of the runs taken one by one (a run's check, export and floor follow each other, so
  the median of its ratios moves less with a machine whose speed drifts than the ratio of the
  medians does);
* in this process, after one ``check`` (what it read frozen, as the export command does), CPU
  time, median of ``--runs``: the ELM triples of the whole graph, their canonical order, the three
  writers (Turtle, JSON-LD, RDF/XML) on the whole ordered graph; each ELM export as ``export``
  renders it (in blocks: the triples of no unit, then one block per unit; the triples built each
  time); once, for comparison, the analyses (``export`` runs them only as an export uses them:
  ``elm-turtle`` uses none); the EQAVET Data Cube
  (``quality-turtle``, after its analysis).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _workspace(build: Path, units: int, esco: str | None) -> Path:
    ws = build / f"w{units}"
    if not (ws / "curricula").is_dir():
        command = [sys.executable, str(REPO / "benchmarks" / "make_workspace.py"), str(ws),
                   "--units", str(units), "--outcomes", str(10 * units)]
        if esco:
            command += ["--esco", esco]
        subprocess.run(command, check=True)
    return ws


def _run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one whole command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median_pair(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def _timed(function, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``function()`` in this process."""
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def floor(path: Path, runs: int = 1) -> tuple[tuple[float, float], tuple[float, float], int]:
    """pyoxigraph's parse of ``path`` into triples, and its Turtle serialisation of them."""
    import pyoxigraph as ox

    from skillweave.formats.elm import PREFIXES

    triples: list = []

    def parse() -> None:
        triples[:] = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)

    def serialise() -> None:
        ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES))

    parsed = _timed(parse, runs)
    return parsed, _timed(serialise, runs), len(triples)


def in_process(ws: Path, runs: int) -> list[tuple[str, float]]:
    """CPU seconds (median) of each RDF export, rendered in this process after one check."""
    from skillweave import emitters, parts
    from skillweave.emitters import elm
    from skillweave.formats import jsonld, rdf
    from skillweave.formats import elm as v
    from skillweave.pipeline import check

    project = check(ws)
    gc.freeze()  # what was read is never scanned again, as in the export command

    def fresh(key: str, function):
        def run():
            project.__dict__.get("_memo", {}).pop(key, None)
            return function(project)
        return run

    out = []
    _wall, cpu = _timed(fresh("elm-triples", elm.triples), runs)
    out.append(("ELM triples (ElmGraph, the whole graph, then as a set)", cpu))
    triples = elm.triples(project)
    _wall, cpu = _timed(lambda: rdf.group(triples, v.PREFIXES), runs)
    out.append((f"their canonical order, rdf.group ({len(triples):,} triples)", cpu))
    grouped = rdf.group(triples, v.PREFIXES)
    for name, function in (("Turtle", lambda: rdf.turtle(grouped, v.PREFIXES)),
                           ("JSON-LD", lambda: jsonld.dumps(jsonld.graph(grouped, v.PREFIXES))),
                           ("RDF/XML", lambda: rdf.rdfxml(grouped, v.PREFIXES))):
        _wall, cpu = _timed(function, runs)
        out.append((f"{name} of the whole ordered graph", cpu))
    def as_exported(project, name):
        # as the export command renders it: outputs assembled from unit parts as UTF-8 pieces, the
        # project's only output (each unit's block let go once written)
        project.__dict__.pop("_parts", None)
        parts.attach(project, parts.Parts(binary=True, once=True))
        return emitters.emit(project, name)

    for name in elm.SYNTAXES:
        _wall, cpu = _timed(fresh("elm-blocks", lambda project, name=name: as_exported(project, name)), runs)
        out.append((f"{name} as exported, its triples built again each time", cpu))
    project.quality  # the analysis, not the export
    done = project.__dict__.get("_analyses", {})
    rest = [name for name in ("graph", "coverage", "mapping", "paths") if name not in done]
    c = time.process_time()
    project.analyse()
    out.append((f"the analyses, for comparison ({', '.join(rest)}; quality done)", time.process_time() - c))
    _wall, cpu = _timed(lambda: emitters.emit(project, "quality-turtle"), runs)
    out.append(("quality-turtle (EQAVET Data Cube, after its analysis)", cpu))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", type=Path, default=REPO / "build")
    parser.add_argument("--esco", default=None, help="the ESCO CSV folder for make_workspace.py")
    args = parser.parse_args()

    print(f"{platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start")
    skillweave = [sys.executable, "-m", "skillweave.cli.main"]
    # as an installed skillweave runs: its modules compiled once (with PYTHONDONTWRITEBYTECODE=1 an
    # editable install would compile them in every command, and export imports more than check)
    import skillweave as package

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(package.__file__).parent)], check=True)
    for units in args.units:
        ws = _workspace(args.build, units, args.esco)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "elm.ttl"
            checks, exports, parses, serialisations = [], [], [], []
            for _ in range(args.runs):
                checks.append(_run([*skillweave, "check", str(ws)]))
                exports.append(_run([*skillweave, "export", "elm-turtle", str(ws), "-o", str(out)]))
                parsed, serialised, count = floor(out)
                parses.append(parsed)
                serialisations.append(serialised)
            check_wall, check_cpu = _median_pair(checks)
            export_wall, export_cpu = _median_pair(exports)
            (parse_wall, parse_cpu), (ser_wall, ser_cpu) = _median_pair(parses), _median_pair(serialisations)
            per_run = [(e[0] - c[0]) / (p[0] + z[0]) for c, e, p, z in zip(checks, exports, parses, serialisations)]
            per_run_cpu = [(e[1] - c[1]) / (p[1] + z[1]) for c, e, p, z in zip(checks, exports, parses, serialisations)]
            size = out.stat().st_size
        beyond_wall, beyond_cpu = export_wall - check_wall, export_cpu - check_cpu
        floor_wall, floor_cpu = parse_wall + ser_wall, parse_cpu + ser_cpu
        print(f"\n{ws}: {units:,} units, elm.ttl {size / 1e6:.1f} MB, {count:,} triples; "
              f"medians of {args.runs}, wall / CPU seconds")
        print(f"  skillweave check                  {check_wall:6.2f} / {check_cpu:6.2f}")
        print(f"  skillweave export elm-turtle      {export_wall:6.2f} / {export_cpu:6.2f}")
        print(f"  beyond check                      {beyond_wall:6.2f} / {beyond_cpu:6.2f}")
        print(f"  pyoxigraph parse + serialise      {floor_wall:6.2f} / {floor_cpu:6.2f}"
              f"   (parse {parse_wall:.2f} / {parse_cpu:.2f}, serialise {ser_wall:.2f} / {ser_cpu:.2f})")
        print(f"  ratio beyond check / floor        {beyond_wall / floor_wall:6.2f} / {beyond_cpu / floor_cpu:6.2f}"
              f"   (runs one by one, wall: {min(per_run):.2f} to {max(per_run):.2f})")
        print(f"  the runs' own ratios, median      {statistics.median(per_run):6.2f} / {statistics.median(per_run_cpu):6.2f}"
              f"   (each run's check, export and floor were taken in turn)")
        print(f"  in-process, CPU seconds (median of {args.runs}):")
        for name, cpu in in_process(ws, args.runs):
            print(f"    {name:56s} {cpu:6.2f}")
    print(f"\nload average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")


if __name__ == "__main__":
    main()
