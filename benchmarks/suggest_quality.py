"""Quality and speed of ``skillweave suggest`` on the labelled set, per language, with and without context.

    python benchmarks/suggest_quality.py [--labelled FILE] [--store DIR | --esco DIR] [--cache DIR]
        [--ranking semantic|lexical|both] [--json]

Reads the labelled statements (``tests/data/suggest-labelled.yaml``: statements written for this
benchmark in five languages, each with the ESCO skills a designer would link and the programme it
belongs to) and ranks all of ESCO's skills for each statement, through the same functions that
``skillweave suggest`` uses:

* **no context**: the statement alone;
* **context**: the statement with its programme's target occupations (``--programme``, and what
  ``check --suggest`` does): the skills those occupations need rank higher.

The vocabulary is a store made by ``skillweave vocab import`` (``--store``; its skill embeddings
are used as they are) or, by default, the ESCO CSV folder read into memory (``--esco``; default
``$SKILLWEAVE_SHARED/esco/v1.2.0-en``), whose skill embeddings are computed once into ``--cache``.

For each ranking it prints hit@1, hit@5 and hit@10 (the share of statements for which at least one
of the designer's skills is among the first k suggestions) and recall@10 (the share of the
designer's skills among the first 10, averaged over statements), per language and overall, and the
time per statement (median and 95th percentile, the vocabulary and model already loaded).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from skillweave import suggest as sw  # noqa: E402

KS = (1, 5, 10)
LANGUAGES = ("en", "nl", "de", "fi", "pt")


def default_esco_dir() -> Path:
    shared = Path(os.environ.get("SKILLWEAVE_SHARED", REPO / ".." / "shared"))
    return (shared / "esco" / "v1.2.0-en").resolve()


def load_labelled(path: Path) -> tuple[dict[str, list[str]], list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data["programmes"], data["statements"]


def esco_vocabulary(esco_dir: Path):
    """All of an ESCO CSV folder in memory (what a store holds), through the importer's reader."""
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab.esco_csv import read_esco_csv
    from skillweave.vocab.memory import InMemoryVocabulary

    return InMemoryVocabulary.from_triples(read_esco_csv([esco_dir], DiagnosticSink()).triples)


def evaluate(vocab, statements: list[dict], programmes: dict[str, list[str]], ranking: str,
             context: bool, cache: Path | None) -> dict:
    """hit@k and recall@10 per language (and "all") of ``ranking``, with or without context."""
    hits: dict[str, list[list[bool]]] = {}
    recall: dict[str, list[float]] = {}
    seconds = []
    for s in statements:
        occupations = programmes[s["programme"]] if context else ()
        start = time.perf_counter()
        got = [h.uri for h in sw.suggest(vocab, s["statement"], s["lang"], max(KS), ranking,
                                         occupations=occupations, cache_dir=cache)]
        seconds.append(time.perf_counter() - start)
        gold = set(s["skills"])
        for group in ("all", s["lang"]):
            hits.setdefault(group, []).append([bool(gold & set(got[:k])) for k in KS])
            recall.setdefault(group, []).append(len(gold & set(got[:10])) / len(gold))
    seconds.sort()
    groups = [g for g in ("all", *LANGUAGES) if g in hits] + sorted(set(hits) - {"all", *LANGUAGES})
    return {
        "by_language": {g: {"n": len(hits[g]),
                            **{f"hit@{k}": round(statistics.fmean(h[i] for h in hits[g]), 3) for i, k in enumerate(KS)},
                            "recall@10": round(statistics.fmean(recall[g]), 3)} for g in groups},
        "ms_per_statement": {"median": round(1000 * statistics.median(seconds), 1),
                             "p95": round(1000 * seconds[int(0.95 * (len(seconds) - 1))], 1)},
    }


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version(), "load_average": load}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labelled", type=Path, default=REPO / "tests" / "data" / "suggest-labelled.yaml")
    ap.add_argument("--store", type=Path, default=None, help="a store made by skillweave vocab import")
    ap.add_argument("--esco", type=Path, default=None,
                    help="ESCO CSV folder (default: $SKILLWEAVE_SHARED/esco/v1.2.0-en); ignored with --store")
    ap.add_argument("--cache", type=Path, default=REPO / "build" / "suggest-cache",
                    help="where the skill embeddings of --esco are kept (default: build/suggest-cache)")
    ap.add_argument("--ranking", choices=["semantic", "lexical", "both"], default="both")
    ap.add_argument("--boosts", metavar="ESSENTIAL,OPTIONAL", default=None,
                    help="context boosts to try instead of the defaults (for tuning)")
    ap.add_argument("--cli-runs", type=int, default=0, metavar="N",
                    help="with --store: also time the whole command 'skillweave suggest' (start-up included) N times "
                         "for an English and a Dutch statement with a programme's occupations")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    if args.boosts:  # the same for both rankings
        pair = tuple(float(x) for x in args.boosts.split(","))
        sw.BOOSTS.update(semantic=pair, lexical=pair)
    programmes, statements = load_labelled(args.labelled)
    start = time.perf_counter()
    if args.store:
        from skillweave.vocab.store import VocabularyStore

        vocab = VocabularyStore(args.store).vocabulary()
        cache = None  # the store's own
    else:
        vocab = esco_vocabulary(args.esco or default_esco_dir())
        cache = args.cache
    results: dict = {"machine": machine(), "statements": len(statements), "skills": sum(1 for _ in vocab.skill_texts("en")),
                     "vocabulary_load_s": round(time.perf_counter() - start, 2),
                     "boosts": dict(sw.BOOSTS), "runs": []}
    rankings = ["semantic", "lexical"] if args.ranking == "both" else [args.ranking]
    for ranking in rankings:
        start = time.perf_counter()
        # build (or read) the indexes before timing statements
        progress = None if args.json else _progress()
        try:
            sw.suggest(vocab, "warm up", "en", 1, ranking, cache_dir=cache, progress=progress)
        except sw.SuggestError as exc:
            print(f"skipping the {ranking} ranking: {exc}", file=sys.stderr)
            continue
        ready = round(time.perf_counter() - start, 2)
        for context in (False, True):
            r = evaluate(vocab, statements, programmes, ranking, context, cache)
            results["runs"].append({"ranking": ranking, "context": context, "index_s": ready, **r})
    if args.store and args.cli_runs:
        results["cli"] = time_cli(args.store, programmes, args.cli_runs)
    print(json.dumps(results, indent=2) if args.json else table(results))
    return 0


def time_cli(store: Path, programmes: dict[str, list[str]], runs: int) -> list[dict]:
    """Wall and CPU time of whole ``skillweave suggest`` commands against a store (median of ``runs``)."""
    import resource
    import subprocess

    occupations = [arg for uri in programmes["care"] for arg in ("--occupation", uri)]
    cases = {"en, no context": ["Helps residents to wash and get dressed in the morning"],
             "nl, care programme's occupations": ["Helpt cliënten bij het wassen en aankleden", "--lang", "nl",
                                                   *occupations]}
    out = []
    for name, args in cases.items():
        wall, cpu = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "skillweave.cli.main", "suggest", *args, "--vocabulary", str(store),
                            "--top", "10"], check=True, stdout=subprocess.DEVNULL, cwd=REPO)
            wall.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        out.append({"case": name, "wall_s": round(statistics.median(wall), 2), "cpu_s": round(statistics.median(cpu), 2)})
    return out


def _progress():
    def show(done: int, total: int) -> None:
        print(f"\r  skill embeddings: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    return show


def table(results: dict) -> str:
    m = results["machine"]
    out = [f"{results['statements']} statements, {results['skills']:,} skills; {m['cpus']} CPUs ({m['cpu']}), "
           f"Python {m['python']}, load average {m['load_average']}", "",
           "| ranking | context | language (n) | hit@1 | hit@5 | hit@10 | recall@10 |",
           "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
    for run in results["runs"]:
        for group, r in run["by_language"].items():
            out.append(f"| {run['ranking']} | {'programme' if run['context'] else 'none'} | {group} ({r['n']}) | "
                       f"{r['hit@1']:.2f} | {r['hit@5']:.2f} | {r['hit@10']:.2f} | {r['recall@10']:.2f} |")
    out += ["", "| ranking | context | index ready (s) | per statement, median (ms) | p95 (ms) |",
            "| --- | --- | ---: | ---: | ---: |"]
    for run in results["runs"]:
        out.append(f"| {run['ranking']} | {'programme' if run['context'] else 'none'} | {run['index_s']} | "
                   f"{run['ms_per_statement']['median']} | {run['ms_per_statement']['p95']} |")
    if results.get("cli"):
        out += ["", "| whole command `skillweave suggest` against the store | wall (s) | CPU (s) |", "| --- | ---: | ---: |"]
        out += [f"| {c['case']} | {c['wall_s']} | {c['cpu_s']} |" for c in results["cli"]]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
