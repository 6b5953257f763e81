"""The fingerprint of a unit's learning content, which binds an approval to what was approved.

``skillweave approve`` writes it into the approval (``fingerprint: v1-…``); ``check`` computes it
again and warns (SW315) when it no longer matches: the unit's content changed since the partner
approved it. Only learning content counts, in a canonical form, so that formatting, comments,
quoting, YAML style, the order of keys and of lists, and organisational fields do not:

* in: the title and description (every language), EQF level, ECVET points, hours at school and
  at the workplace, prerequisites, assessment methods, and every learning outcome: its id, type,
  statement and assessment (every language) and its ESCO skills;
* out: the unit's id (a renamed file keeps its approvals), owner, contributors, status, the
  approvals themselves, and how and by whom the unit is delivered (teaching methods, languages
  of instruction, delivering partners), which each provider may adapt.

Texts are compared after Unicode NFC normalisation with runs of white space made one space (a
folded ``>-`` block and a one-line string are the same text). ESCO links count by the concept they
name (a label and the concept's URI are the same link); a reference the vocabulary does not know
counts as written. Lists whose order means nothing (prerequisites, assessment methods, ESCO
links, learning outcomes by id) are sorted; ``12`` and ``12.0`` points are the same.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.model import Text, Unit

#: the version of the canonical form; a later version gets a new prefix, so old fingerprints are
#: recognised as such rather than silently mismatched
VERSION = "v1"
_SPACE = re.compile(r"\s+")


def _text(value: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _texts(value: "Text | None") -> dict[str, str] | None:
    if value is None:
        return None
    return {lang: _text(text) for lang, text in sorted(value.root.items())}


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def learning_content(unit: "Unit", resolve: Callable[[str], str | None] = lambda ref: None) -> dict[str, Any]:
    """The canonical learning content of ``unit`` (see the module documentation).

    ``resolve`` maps an ESCO reference as written to the concept URI it names (or None)."""

    def esco(refs: list[str]) -> list[str]:
        return sorted({resolve(ref) or _text(ref) for ref in refs})

    hours = unit.hours
    return {
        "title": _texts(unit.title),
        "description": _texts(unit.description),
        "eqf_level": unit.eqf_level,
        "ecvet_points": _number(unit.ecvet_points),
        "hours": None if hours is None else {"school": _number(hours.school),
                                              "workplace": _number(hours.workplace)},
        "prerequisites": sorted(set(unit.prerequisites)),
        "assessment_methods": sorted((_texts(m) for m in unit.assessment_methods), key=canonical),
        "learning_outcomes": [
            {"id": lo.id, "type": lo.type, "statement": _texts(lo.statement),
             "assessment": _texts(lo.assessment), "esco": esco(lo.esco)}
            for lo in sorted(unit.learning_outcomes, key=lambda lo: lo.id)
        ],
    }


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def fingerprint(unit: "Unit", resolve: Callable[[str], str | None] = lambda ref: None) -> str:
    """``v1-`` and the first 20 hex digits (80 bits) of the SHA-256 of the canonical content."""
    digest = hashlib.sha256(canonical(learning_content(unit, resolve)).encode("utf-8")).hexdigest()
    return f"{VERSION}-{digest[:20]}"
