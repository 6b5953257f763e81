"""The formats of ``skillweave suggest``: the skills suggested for a statement, best first."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.suggest import Suggestions


def _rows(found: "Suggestions") -> list[dict]:
    return [{"rank": i, "score": hit.score, "label": hit.label, "uri": hit.uri, "skill_type": skill_type}
            for i, (hit, skill_type) in enumerate(zip(found.hits, found.skill_types), 1)]


def as_text(found: "Suggestions", options: "Options") -> str:
    rows = _rows(found)
    if not rows:
        return "no ESCO skill shares a word with the statement; rephrase it or try --ranking semantic\n"
    width = max(len(r["label"]) for r in rows)
    return "".join(f"{r['rank']:>3}  {r['score']:.2f}  {r['label']:<{width}}  {r['skill_type']:<9}  {r['uri']}\n"
                   for r in rows)


def as_json(found: "Suggestions", options: "Options") -> str:
    return json.dumps({"statement": found.statement, "lang": found.lang, "ranking": found.ranking,
                       "suggestions": _rows(found)}, ensure_ascii=False, indent=2) + "\n"
