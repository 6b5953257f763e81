"""Measure the vocabulary store on the whole of ESCO (docs/performance.md, "The vocabulary store").

    python benchmarks/vocab_bench.py [--esco DIR] [--runs 5] [--rdflib-runs 1] [--keep DIR]

It measures, on one machine, each figure as the median of ``--runs`` runs (min and max too):

(a) the floor: Python's csv module only reading the three main files (occupations_en.csv,
    skills_en.csv, occupationSkillRelations_en.csv; ``csv.reader``, every row, nothing else);
    ``vocab import`` of the whole folder in-process (``import_vocabulary``) and as a command
    (``skillweave vocab import``, interpreter start-up included); the ratios to the floor
    (target: at most 8);
(b) one ``skillweave vocab show`` of welder on the built store, interpreter start-up included
    (target: under 0.5 s), by URI and by label;
(c) plain rdflib parsing the same content into memory: the store's triples are dumped once as
    N-Triples, then ``rdflib.Graph().parse(format="nt")`` is timed; the ratio to the import;
(d) ``skillweave check`` of the demo workspace (the repository root) with ``--vocabulary STORE``
    of all of ESCO, and with its own ``ontologies/`` for comparison;
and, for the record, loading the lookup snapshot in-process and the sizes of the store.

ESCO is read from ``$SKILLWEAVE_SHARED/esco/v1.2.0-en`` (``SKILLWEAVE_SHARED`` defaults to
``../shared`` next to the repository) unless ``--esco`` says otherwise. Output: a Markdown
table on standard output. Nothing here is part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WELDER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
MAIN_FILES = ("occupations_en.csv", "skills_en.csv", "occupationSkillRelations_en.csv")


#: decode the snapshot, converted to another format first: prints "size-in-MB seconds"
FORMAT_PROBE = """
import gc, json, marshal, pickle, sys, time
data = pickle.loads(open(sys.argv[2], "rb").read())
dump, load = {"pickle": (lambda d: pickle.dumps(d, protocol=5), pickle.loads),
              "JSON": (lambda d: json.dumps(d).encode(), json.loads),
              "marshal": (marshal.dumps, marshal.loads)}[sys.argv[1]]
blob = dump(data)
del data
gc.collect()
gc.disable()
start = time.perf_counter()
load(blob)
print(f"{len(blob) / 1e6:.1f} {time.perf_counter() - start:.4f}")
"""


#: load a store's snapshot, then build every concept: prints the two times
LOAD_PROBE = """
import sys, time
from skillweave.vocab.store import VocabularyStore
start = time.perf_counter()
vocab = VocabularyStore(sys.argv[1]).vocabulary()
loaded = time.perf_counter()
for uri in list(vocab.all_uris()):
    vocab.concept(uri)
print(f"{loaded - start:.4f} {time.perf_counter() - loaded:.4f}")
"""


def default_esco() -> Path:
    shared = Path(os.environ.get("SKILLWEAVE_SHARED", REPO / ".." / "shared"))
    return (shared / "esco" / "v1.2.0-en").resolve()


def skillweave() -> list[str]:
    """The command: the ``skillweave`` script next to this interpreter, else on the PATH."""
    beside = Path(sys.executable).parent / "skillweave"
    return [str(beside)] if beside.exists() else ["skillweave"]


def cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def summary(times: list[float]) -> str:
    if len(times) == 1:
        return f"{times[0]:.2f} s"
    return f"{statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, {len(times)} runs)"


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def csv_floor(esco: Path) -> None:
    for name in MAIN_FILES:
        with (esco / name).open(encoding="utf-8", newline="") as fh:
            for _row in csv.reader(fh):
                pass


def csv_dict_floor(esco: Path) -> None:
    for name in MAIN_FILES:
        with (esco / name).open(encoding="utf-8", newline="") as fh:
            for _row in csv.DictReader(fh):
                pass


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--esco", type=Path, default=None, help="ESCO CSV folder")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median reported)")
    parser.add_argument("--rdflib-runs", type=int, default=1, help="runs of the (slow) rdflib parse")
    parser.add_argument("--keep", type=Path, default=None, help="keep the store in this folder")
    args = parser.parse_args(argv)
    esco = args.esco or default_esco()
    if not (esco / "occupations_en.csv").is_file():
        print(f"vocab_bench: no ESCO CSV folder at {esco}", file=sys.stderr)
        return 2

    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab.store import VocabularyStore, import_vocabulary

    work = Path(tempfile.mkdtemp(prefix="vocab-bench-"))
    store = args.keep or work / "store"
    rows: list[tuple[str, str]] = []

    def import_in_process() -> None:
        sink = DiagnosticSink()
        assert import_vocabulary([esco], store, sink) is not None, sink.items

    try:
        # The floor and the import alternate, so that both see the same load on a shared machine.
        floor, imports, floor_cpu, imports_cpu = [], [], [], []
        for _ in range(args.runs):
            c = cpu()
            floor += timed(lambda: csv_floor(esco), 1)
            floor_cpu.append(cpu() - c)
            c = cpu()
            imports += timed(import_in_process, 1)
            imports_cpu.append(cpu() - c)
        rows.append(("(a) floor: csv.reader over the 3 main CSV files", summary(floor)))
        rows.append(("(a) for comparison: csv.DictReader over the same files",
                     summary(timed(lambda: csv_dict_floor(esco), args.runs))))
        rows.append(("(a) `vocab import`, in-process", summary(imports)))
        ratios = [i / f for f, i in zip(floor, imports)]
        rows.append(("(a) ratio in-process import / floor (target ≤ 8), median of the runs' ratios",
                     f"{statistics.median(ratios):.1f} (min {min(ratios):.1f}, max {max(ratios):.1f})"))
        rows.append(("(a) CPU time (user + system, all threads): floor / import",
                     f"{statistics.median(floor_cpu):.2f} s / {statistics.median(imports_cpu):.2f} s "
                     f"(ratio {statistics.median(imports_cpu) / statistics.median(floor_cpu):.1f})"))
        command = timed(lambda: run([*skillweave(), "vocab", "import", str(esco), "--store", str(store), "-q"]),
                        args.runs)
        rows.append(("(a) `skillweave vocab import` command, with start-up", summary(command)))
        rows.append(("(a) ratio command / floor",
                     f"{statistics.median(command) / statistics.median(floor):.1f}"))

        show = timed(lambda: run([*skillweave(), "vocab", "show", WELDER, "--store", str(store)]), args.runs * 2)
        rows.append(("(b) `skillweave vocab show <welder URI>`, with start-up (target < 0.5 s)", summary(show)))
        show_label = timed(lambda: run([*skillweave(), "vocab", "show", "welder", "--store", str(store)]),
                           args.runs * 2)
        rows.append(("(b) `skillweave vocab show welder` (by label)", summary(show_label)))
        startup = timed(lambda: run([*skillweave(), "--version"]), args.runs * 2)
        rows.append(("(b) for comparison: `skillweave --version`", summary(startup)))

        import pyoxigraph as ox

        nt = work / "esco.nt"
        VocabularyStore(store).oxigraph().dump(output=str(nt), format=ox.RdfFormat.N_TRIPLES,
                                               from_graph=ox.DefaultGraph())

        def rdflib_parse() -> None:
            from rdflib import Graph

            graph = Graph()
            graph.parse(str(nt), format="nt")
            assert len(graph) > 300_000

        parse = timed(rdflib_parse, args.rdflib_runs)
        rows.append((f"(c) rdflib `Graph().parse` of the same triples as N-Triples ({size(nt) / 1e6:.0f} MB)",
                     summary(parse)))
        rows.append(("(c) ratio rdflib parse / in-process import",
                     f"{statistics.median(parse) / statistics.median(imports):.1f}"))

        check_store = timed(lambda: subprocess.run([*skillweave(), "check", str(REPO), "--vocabulary", str(store)],
                                                   stdout=subprocess.DEVNULL), args.runs)
        rows.append(("(d) `skillweave check` of the demo with `--vocabulary STORE` (all of ESCO)",
                     summary(check_store)))
        check_files = timed(lambda: subprocess.run([*skillweave(), "check", str(REPO)], stdout=subprocess.DEVNULL),
                            args.runs)
        rows.append(("(d) for comparison: `skillweave check` of the demo with its ontologies/", summary(check_files)))

        # In a fresh interpreter each time, as a command would.
        probes = [subprocess.run([sys.executable, "-c", LOAD_PROBE, str(store)], check=True, capture_output=True,
                                 text=True).stdout.split() for _ in range(args.runs)]
        rows.append(("loading the lookup snapshot in a fresh interpreter (no concept built yet)",
                     summary([float(p[0]) for p in probes])))
        rows.append(("then building all 18,215 concepts", summary([float(p[1]) for p in probes])))
        vocab = VocabularyStore(store).vocabulary()
        # What the snapshot saves, and why pickle: the same data as JSON and marshal, and lookups
        # as one SPARQL query per concept on the Oxigraph database.
        # In a fresh interpreter each, as `check` and `vocab show` load it.
        for name in ("pickle", "JSON", "marshal"):
            times = [float(subprocess.run([sys.executable, "-c", FORMAT_PROBE, name, str(Path(store) / "lookup.pickle")],
                                          check=True, capture_output=True, text=True).stdout.split()[1])
                     for _ in range(args.runs)]
            size_mb = subprocess.run([sys.executable, "-c", FORMAT_PROBE, name, str(Path(store) / "lookup.pickle")],
                                     check=True, capture_output=True, text=True).stdout.split()[0]
            rows.append((f"snapshot as {name}: size, decoding it in a fresh interpreter", f"{size_mb} MB, {summary(times)}"))
        from skillweave.vocab.sparql import LocalSparql, SparqlVocabulary

        sample = [u for u in vocab.all_uris()][:1000]
        db = LocalSparql(VocabularyStore(store).oxigraph())

        def one_query_each() -> None:
            per_concept = SparqlVocabulary(db)
            for uri in sample:
                per_concept.concept(uri)

        def batched() -> None:
            SparqlVocabulary(db).prefetch(sample)

        rows.append(("1,000 concepts by SPARQL on the Oxigraph database, one query each",
                     summary(timed(one_query_each, 1))))
        rows.append(("the same 1,000 concepts in batches of 100 (`prefetch`)", summary(timed(batched, 1))))
        rows.append(("store size: Oxigraph database / lookup snapshot",
                     f"{size(Path(store) / 'oxigraph') / 1e6:.0f} MB / {size(Path(store) / 'lookup.pickle') / 1e6:.1f} MB"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"ESCO: {esco.name}; {os.cpu_count()} CPUs; Python {platform.python_version()}\n")
    print("| what | time |")
    print("| --- | --- |")
    for what, value in rows:
        print(f"| {what} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
