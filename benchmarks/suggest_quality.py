"""Quality and speed of ``skillweave suggest`` on a labelled set.

    python benchmarks/suggest_quality.py [--labelled FILE] [--esco DIR] [--ranking lexical|semantic|both]
        [--cache DIR] [--json]

Reads the labelled statements (``tests/data/suggest-labelled.yaml``: statements written for this
benchmark, each with the ESCO skills a designer would link) and ranks skills for each statement
against two vocabularies:

* **demo**: the demo workspace's ``ontologies/esco-subset.ttl`` (182 skills, English labels, no
  descriptions);
* **esco**: every skill of ESCO v1.2.0 read from the shared CSV folder (``skills_en.csv``:
  preferred and alternative labels and descriptions).

For each vocabulary and ranking it prints recall@1, @5 and @10 (per statement, the share of its
skills found among the first k suggestions, averaged over the statements; overall and per
language), the time to build the index (for the semantic ranking: to compute the embeddings,
or to read them from ``--cache``) and the query latency (median and 95th percentile over the
statements, after the index is built). The semantic ranking needs the ``semantic`` extra; it is
skipped with a note when that is missing.
"""

from __future__ import annotations

import argparse
import csv
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

from skillweave.suggest import (
    SentenceTransformerEncoder,
    SuggestError,
    lexical_index,
    semantic_index,
    suggest,
    text_language,
)
from skillweave.vocab.memory import InMemoryVocabulary  # noqa: E402

ESCO = "http://data.europa.eu/esco/model#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCT_DESCRIPTION = "http://purl.org/dc/terms/description"
SKILL_TYPES = {"skill/competence": "http://data.europa.eu/esco/skill-type/skill",
               "knowledge": "http://data.europa.eu/esco/skill-type/knowledge"}
KS = (1, 5, 10)


def default_esco_dir() -> Path:
    shared = Path(os.environ.get("SKILLWEAVE_SHARED", REPO / ".." / "shared"))
    return (shared / "esco" / "v1.2.0-en").resolve()


def load_labelled(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["statements"]


def demo_vocabulary() -> InMemoryVocabulary:
    from skillweave.load.rdf import iter_triples

    triples = []
    for path in sorted((REPO / "ontologies").glob("*.ttl")):
        triples += iter_triples(path)
    return InMemoryVocabulary.from_triples(triples)


def esco_vocabulary(esco_dir: Path) -> InMemoryVocabulary:
    """All skills of an ESCO CSV folder with labels and descriptions (occupations are not needed)."""
    def triples():
        with open(esco_dir / "skills_en.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                uri = row["conceptUri"]
                yield uri, RDF_TYPE, ESCO + "Skill", None
                yield uri, SKOS + "prefLabel", row["preferredLabel"], "en"
                # one value per line in the official files; " | " between values in the shared copy
                for line in row["altLabels"].splitlines():
                    for alt in line.split(" | "):
                        if alt.strip():
                            yield uri, SKOS + "altLabel", alt.strip(), "en"
                if row["skillType"] in SKILL_TYPES:
                    yield uri, ESCO + "skillType", SKILL_TYPES[row["skillType"]], None
                if row["description"].strip():
                    yield uri, DCT_DESCRIPTION, row["description"].strip(), "en"

    return InMemoryVocabulary.from_triples(triples())


def evaluate(rank, statements: list[dict]) -> dict:
    """recall@k and latency of ``rank(statement, lang, top)`` over the statements."""
    recalls: dict[str, dict[int, list[float]]] = {}
    latencies = []
    for s in statements:
        start = time.perf_counter()
        got = [hit.uri for hit in rank(s["statement"], s["lang"], max(KS))]
        latencies.append(time.perf_counter() - start)
        gold = set(s["skills"])
        for group in ("all", s["lang"]):
            per_k = recalls.setdefault(group, {k: [] for k in KS})
            for k in KS:
                per_k[k].append(len(gold & set(got[:k])) / len(gold))
    latencies.sort()
    return {
        "recall": {g: {f"@{k}": round(statistics.fmean(v), 3) for k, v in per_k.items()} | {"n": len(per_k[1])}
                   for g, per_k in recalls.items()},
        "latency_ms": {"median": round(1000 * statistics.median(latencies), 2),
                       "p95": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 2)},
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
    return {"cpus": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--labelled", type=Path, default=REPO / "tests" / "data" / "suggest-labelled.yaml")
    ap.add_argument("--esco", type=Path, default=None,
                    help="ESCO CSV folder (default: $SKILLWEAVE_SHARED/esco/v1.2.0-en)")
    ap.add_argument("--ranking", choices=["lexical", "semantic", "both"], default="both")
    ap.add_argument("--cache", type=Path, default=REPO / "build" / "suggest-cache",
                    help="where the semantic ranking keeps skill embeddings (default: build/suggest-cache)")
    ap.add_argument("--vocabulary", choices=["demo", "esco", "both"], default="both")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    statements = load_labelled(args.labelled)
    vocabularies = {}
    if args.vocabulary in ("demo", "both"):
        vocabularies["demo"] = demo_vocabulary
    if args.vocabulary in ("esco", "both"):
        esco_dir = args.esco or default_esco_dir()
        vocabularies["esco"] = lambda: esco_vocabulary(esco_dir)
    rankings = ["lexical", "semantic"] if args.ranking == "both" else [args.ranking]
    encoder = SentenceTransformerEncoder() if "semantic" in rankings else None
    results: dict = {"machine": machine(), "statements": len(statements), "runs": []}
    if encoder is not None:
        start = time.perf_counter()
        try:
            encoder.encode(["load the model"])
            results["model_load_s"] = round(time.perf_counter() - start, 2)
        except SuggestError as exc:
            print(f"skipping the semantic ranking: {exc}", file=sys.stderr)
            rankings.remove("semantic")
    for name, load in vocabularies.items():
        start = time.perf_counter()
        vocab = load()
        load_s = time.perf_counter() - start
        # statements in a language the vocabulary lacks are ranked against its English texts
        text_langs = sorted({text_language(vocab, s["lang"]) for s in statements})
        for ranking in rankings:
            start = time.perf_counter()
            encoded = 0
            for lang in text_langs:  # build every index before timing queries
                if ranking == "lexical":
                    index = lexical_index(vocab, lang)
                else:
                    progress = None if args.json else _progress(f"{name} {lang}")
                    index = semantic_index(vocab, lang, encoder, args.cache / name, progress)
                    encoded += index.encoded
            build_s = time.perf_counter() - start

            def rank(text: str, lang: str, top: int, ranking=ranking, vocab=vocab):
                return suggest(vocab, text, lang, top, ranking, encoder=encoder, cache_dir=args.cache / name)

            r = evaluate(rank, statements)
            run = {"vocabulary": name, "skills": len(index), "ranking": ranking, "text_languages": text_langs,
                   "load_s": round(load_s, 2), "index_s": round(build_s, 2), "encoded": encoded,
                   "recall": r["recall"], "latency_ms": r["latency_ms"]}
            results["runs"].append(run)
    if args.json:
        print(json.dumps(results, indent=2))
    elif "model_load_s" in results:
        print(_table(results) + f"\n\nloading the sentence-embedding model: {results['model_load_s']} s")
    else:
        print(_table(results))
    return 0


def _progress(label: str):
    def show(done: int, total: int) -> None:
        print(f"\r  embedding {label}: {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)
    return show


def _table(results: dict) -> str:
    m = results["machine"]
    out = [f"{results['statements']} statements; {m['cpus']} CPUs ({m['cpu']}), Python {m['python']}", "",
           "| vocabulary | skills | ranking | language (n) | recall@1 | recall@5 | recall@10 |",
           "| --- | ---: | --- | --- | ---: | ---: | ---: |"]
    for run in results["runs"]:
        for group, r in run["recall"].items():
            out.append(f"| {run['vocabulary']} | {run['skills']:,} | {run['ranking']} | {group} ({r['n']}) | "
                       f"{r['@1']:.3f} | {r['@5']:.3f} | {r['@10']:.3f} |")
    out += ["", "| vocabulary | ranking | vocabulary load (s) | index build, all languages (s) | texts encoded | "
                "query median (ms) | query p95 (ms) |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for run in results["runs"]:
        out.append(f"| {run['vocabulary']} | {run['ranking']} | {run['load_s']} | {run['index_s']} | "
                   f"{run['encoded']:,} | "
                   f"{run['latency_ms']['median']} | {run['latency_ms']['p95']} |")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
