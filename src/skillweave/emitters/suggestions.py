"""The formats of ``skillweave suggest``: the skills suggested for a statement, best first."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.suggest import Suggestions


def _rows(found: "Suggestions") -> list[dict]:
    return [{"rank": i, "score": hit.score, "label": hit.label, "uri": hit.uri, "skill_type": skill_type,
             "matched": list(hit.matched),
             "occupations": [{"uri": u, "label": label, "relation": rel} for u, label, rel in hit.occupations]}
            for i, (hit, skill_type) in enumerate(zip(found.hits, found.skill_types), 1)]


def as_text(found: "Suggestions", options: "Options") -> str:
    rows = _rows(found)
    if not rows:
        return "no ESCO skill matches the statement; rephrase it or try the other ranking (--ranking)\n"
    width = max(len(r["label"]) for r in rows)
    out = []
    for r, hit in zip(rows, found.hits):
        out.append(f"{r['rank']:>3}  {r['score']:.2f}  {r['label']:<{width}}  {r['skill_type']:<9}  {r['uri']}\n")
        why = hit.why()
        if why:  # why it is proposed, under the skill
            out.append(f"{'':>5}  {why}\n")
    return "".join(out)


def as_json(found: "Suggestions", options: "Options") -> str:
    return json.dumps({"statement": found.statement, "lang": found.lang, "ranking": found.ranking,
                       "occupations": found.occupations, "suggestions": _rows(found)},
                      ensure_ascii=False, indent=2) + "\n"
