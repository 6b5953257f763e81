"""The formats of the ``vocab`` commands: a concept (``vocab show``), search hits (``vocab
search``) and the outcome of an import (``vocab import``), as text and JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from skillweave.diagnostics import count, format_github, format_text

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.vocab.concepts import ConceptView, SearchResult
    from skillweave.vocab.store import ImportOutcome


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- vocab show ------------------------------------------------------------------------------------

def concept_text(view: "ConceptView", options: "Options") -> str:
    kind = view["kind"] + (f", {view['skill_type']}" if "skill_type" in view else "")
    out = [f"{view['label']} ({kind})", f"  <{view['uri']}>"]
    if view["alt_labels"]:
        out.append("  also: " + "; ".join(view["alt_labels"]))
    if view["description"]:
        out.append("  " + " ".join(view["description"].split()))
    if view["broader"]:
        out.append("broader:")
        out += [f"  {b['label']}  <{b['uri']}>" for b in view["broader"]]
    for rel in ("essential", "optional"):
        groups = view.get(f"{rel}_skills")
        if groups is None:
            continue
        total = sum(len(v) for v in groups.values())
        out.append(f"{rel} skills ({total}):")
        for skill_type, items in groups.items():
            out.append(f"  {skill_type} ({len(items)}):")
            out += [f"    {i['label']}  <{i['uri']}>" for i in items]
    if "occupations" in view:
        for rel, items in view["occupations"].items():
            out.append(f"occupations for which it is {rel} ({len(items)}):")
            out += [f"  {i['label']}  <{i['uri']}>" for i in items]
    return "\n".join(out) + "\n"


def concept_json(view: "ConceptView", options: "Options") -> str:
    return _json(view)


# -- vocab search ----------------------------------------------------------------------------------

def search_text(found: "SearchResult", options: "Options") -> str:
    out = []
    for h, pref in zip(found.hits, found.preferred_labels):
        note = "" if h.preferred else f" (alternative label of '{pref}')"
        out.append(f"{h.score:3d}  {h.kind:<10}  {h.label}@{h.lang}{note}  <{h.uri}>\n")
    return "".join(out)


def search_json(found: "SearchResult", options: "Options") -> str:
    return _json([{"uri": h.uri, "kind": h.kind, "label": h.label, "lang": h.lang, "preferred": h.preferred,
                   "score": h.score, "preferred_label": pref}
                  for h, pref in zip(found.hits, found.preferred_labels)])


# -- vocab import ----------------------------------------------------------------------------------

def import_text(outcome: "ImportOutcome", options: "Options") -> str:
    errors, warnings = count(outcome.diagnostics)
    problems = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    result = outcome.result
    if result is None:
        summary = f"{problems}: nothing imported; {outcome.store} is unchanged"
    else:
        summary = (f"{outcome.store}: {result.occupations:,} occupations, {result.skills:,} skills and "
                   f"{result.relations:,} occupation–skill relations ({result.concepts:,} concepts, "
                   f"{result.triples:,} triples; languages: {', '.join(result.languages) or 'none'}) "
                   f"imported in {result.seconds:.1f} s" + (f"; {problems}" if outcome.diagnostics else ""))
    return format_text(outcome.diagnostics, None) + summary + "\n"


def import_json(outcome: "ImportOutcome", options: "Options") -> str:
    r = outcome.result
    counts = None if r is None else {"occupations": r.occupations, "skills": r.skills, "relations": r.relations,
                                     "concepts": r.concepts, "triples": r.triples, "languages": r.languages}
    return _json({"diagnostics": [d.as_dict() for d in outcome.diagnostics], "imported": counts,
                  "store": outcome.store})


def import_github(outcome: "ImportOutcome", options: "Options") -> str:
    return format_github(outcome.diagnostics, {})
