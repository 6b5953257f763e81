"""Diagnostics: every problem found in a workspace, as plain sortable data.

A diagnostic names the file (relative to the workspace, with ``/`` separators), the 1-based line
and column, a severity, a stable code from :data:`CODES` and a message that says how to fix it.
Formatters (text, json, github) are separate functions over a list of diagnostics.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
        }


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str


_E, _W = Severity.ERROR, Severity.WARNING

#: The stable diagnostic codes. Codes are never reused for another meaning; docs/diagnostics.md
#: documents each one (a test keeps the two in step).
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        # workspace and file structure
        Code("SW001", "missing-file", _E, "a file the workspace needs is missing"),
        Code("SW002", "ignored-file", _W, "a file in a curricula folder is not a .yaml file and is ignored"),
        Code("SW100", "yaml-syntax", _E, "the file is not valid YAML"),
        Code("SW101", "duplicate-key", _E, "a key appears twice in the same mapping"),
        Code("SW102", "invalid-value", _E, "a value has the wrong type or is out of range"),
        Code("SW103", "unknown-key", _E, "a key that the format does not define (usually a typo)"),
        Code("SW104", "missing-key", _E, "a required key is missing"),
        Code("SW105", "invalid-id", _E, "an id does not match [a-z0-9][a-z0-9-]{0,63}"),
        Code("SW106", "file-name-mismatch", _E, "a file's name is not its id plus .yaml"),
        Code("SW107", "duplicate-id", _E, "two things of the same kind share an id"),
        Code("SW108", "unreadable-file", _E, "a file cannot be read as UTF-8 text"),
        Code("SW109", "rdf-syntax", _E, "a vocabulary file is not valid RDF or is refused as unsafe"),
        Code("SW110", "file-outside-workspace", _E, "a file is a link out of the workspace, or not a regular file"),
        Code("SW111", "control-character", _E, "a quoted text holds a control character that outputs cannot carry"),
        Code("SW112", "import-input", _E, "a file given to import loq-xml is not well-formed, unsafe or not LOQ XML"),
        # references
        Code("SW201", "unknown-partner", _E, "a partner id that the alliance does not list"),
        Code("SW202", "unknown-unit", _E, "a unit id with no unit file"),
        Code("SW203", "unknown-esco-reference", _E, "an ESCO URI or label that the vocabulary does not know"),
        Code("SW204", "ambiguous-esco-label", _E, "an ESCO label that names several concepts"),
        Code("SW205", "wrong-esco-kind", _E, "an occupation where a skill is expected, or the reverse"),
        Code("SW206", "unknown-language", _W, "text in a language that the alliance does not list"),
        Code("SW207", "approval-unknown-partner", _E, "an approval by a partner that is not in the alliance"),
        Code("SW208", "national-unit-owner", _E, "a national unit owned by another partner than its qualification's"),
        Code("SW209", "unknown-programme", _E, "a programme id with no programme file"),
        Code("SW210", "unknown-learner", _E, "a learner id that learners.csv does not list"),
        # curriculum rules
        Code("SW301", "prerequisite-cycle", _E, "units that require each other in a cycle"),
        Code("SW302", "unit-eqf-above-programme", _E, "a unit's EQF level is above its programme's"),
        Code("SW303", "prerequisite-eqf-higher", _W, "a prerequisite has a higher EQF level than the unit"),
        Code("SW304", "ecvet-sum-mismatch", _E, "the units' ECVET points do not add up to the programme's"),
        Code("SW305", "ecvet-duration-mismatch", _W, "programme points more than 10 % off 60 per 12 months"),
        Code("SW306", "unit-without-outcomes", _E, "a unit with no learning outcome"),
        Code("SW307", "unit-without-skill-outcome", _W, "a unit with no learning outcome of type skill"),
        Code("SW308", "approval-quorum", _E, "an approved unit lacks approvals from enough VET providers or employers"),
        Code("SW309", "missing-language", _W, "a text lacks one of the alliance's languages"),
        Code("SW310", "missing-default-language", _E, "a text lacks the alliance's default language"),
        Code("SW311", "outcome-without-esco", _W, "a learning outcome with no ESCO skill"),
        Code("SW312", "duplicate-entry", _W, "the same id listed twice in one list"),
        Code("SW313", "unit-in-no-programme", _W, "a joint unit that no programme uses"),
        Code("SW315", "approval-outdated", _W, "an approval bound to learning content that has changed since"),
        Code("SW316", "nqf-level-not-in-list", _W, "an NQF level that names no level of the QDR's list"),
        Code("SW317", "base-uri-not-absolute", _E, "the alliance's base_uri is not an absolute IRI"),
        # the vocabulary: ESCO files given to `skillweave vocab import`
        Code("SW401", "esco-missing-file", _E, "an ESCO CSV file the import needs is missing or cannot be read"),
        Code("SW402", "esco-csv-syntax", _E, "an ESCO CSV file is not valid CSV or not UTF-8"),
        Code("SW403", "esco-missing-column", _E, "an ESCO CSV file lacks a column of the official layout"),
        Code("SW404", "esco-row-length", _E, "a row has more or fewer fields than the header"),
        Code("SW405", "esco-invalid-uri", _E, "a concept URI is empty or not an absolute http(s) IRI"),
        Code("SW406", "esco-invalid-value", _E, "an empty preferred label, or an unknown relation type, skill type or reuse level"),
        Code("SW407", "esco-unknown-concept", _W, "a relation names an occupation or skill the files do not define; it is skipped"),
        Code("SW408", "esco-duplicate-concept", _W, "a concept URI appears twice in one file; the later row is ignored"),
        # learner records (learners/*.csv)
        Code("SW601", "csv-structure", _E, "a CSV row that cannot be read (quotes, number of fields)"),
        Code("SW602", "missing-column", _E, "a CSV header lacks a required column"),
        Code("SW603", "unknown-column", _E, "a CSV header has a column the format does not define"),
        Code("SW604", "impossible-dates", _E, "dates that contradict each other"),
        Code("SW605", "unit-outside-programme", _E, "a result or mobility for a unit outside the learner's programme"),
        Code("SW606", "unit-not-delivered", _E, "a mobility unit that the host partner may not deliver"),
        Code("SW607", "outcome-not-in-unit", _E, "a result names a learning outcome that is not the unit's"),
        Code("SW608", "mobility-partner-mismatch", _E, "a mobility's home or host partner does not fit the learner"),
        Code("SW609", "unknown-grading-scheme", _E, "a partner's grading names no scheme of grading_schemes"),
        Code("SW610", "no-pass-mark", _E, "a grading scheme with no pass mark"),
        Code("SW611", "invalid-grading-scheme", _E, "a grading scheme whose scale or labels contradict themselves"),
        Code("SW612", "grade-off-scale", _E, "a grade that is not on the assessing partner's scale"),
        Code("SW613", "grade-contradicts-result", _E, "a passing grade on a failed result, or the reverse"),
        Code("SW614", "grade-without-scheme", _E, "a grade from a partner that has no grading scheme"),
        # quality inputs (quality/providers.yaml, quality/tracking.csv)
        Code("SW701", "quality-not-vet-provider", _W, "quality data for a partner that is not a VET provider; it is ignored"),
        Code("SW702", "quality-data-missing", _W, "a VET provider declares no quality data, or leaves a part of it out"),
        Code("SW703", "impossible-staff-figures", _E, "more teachers and trainers in further training than there are"),
        Code("SW704", "tracking-not-completer", _E, "graduate tracking for a learner who has not completed"),
        Code("SW705", "tracking-inconsistent", _E, "a tracking answer that does not fit the learner's status"),
        # learning paths (check, and skillweave path with the plans)
        Code("SW501", "no-teaching-order", _E, "a programme's prerequisites form a cycle: no teaching order exists"),
        Code("SW502", "unmet-prerequisite", _E, "a programme's unit requires a unit the programme does not contain"),
        Code("SW503", "semester-overload", _W, "the best semester plan leaves a semester 25 % above its share"),
    ]
}

#: codes no longer emitted, with what replaced them; their numbers are never given to another meaning
RETIRED: dict[str, str] = {
    "SW314": "SW502 (prerequisite-outside-programme tested the same condition)",
}


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


#: what a message must not carry as it is: control characters (a newline forges a diagnostic line,
#: an escape sequence recolours or rewrites the terminal), line and paragraph separators, and the
#: bidirectional overrides that make text read other than it is
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def printable(text: str) -> str:
    """``text`` with every character that could forge or hide output shown as an escape (``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


class DiagnosticSink:
    """Collects diagnostics; rules call :meth:`emit` with a code from :data:`CODES`."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def emit(self, file: str, position: tuple[int, int], code: str, message: str,
             severity: Severity | None = None) -> None:
        line, column = position
        self.items.append(
            Diagnostic(printable(file), max(1, line), max(1, column), severity or CODES[code].severity, code,
                       printable(message))
        )

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


#: suggested ESCO skills (objects with uri, label and score) for some diagnostics, by diagnostic;
#: an empty list says that nothing could be suggested
Suggestions = Mapping[Diagnostic, Sequence[Any]]


def format_text(diagnostics: list[Diagnostic], summary: Mapping | None, display_path=lambda f: f,
                suggestions: Suggestions | None = None) -> str:
    """``path:line:col: severity code message`` lines, each followed by its suggestions if any,
    then a one-line summary (none when ``summary`` is None)."""
    lines = []
    for d in diagnostics:
        lines.append(f"{display_path(d.file)}:{d.line}:{d.column}: {d.severity.value} {d.code} {d.message}")
        hits = suggestions.get(d) if suggestions else None
        if hits:
            for h in hits:
                why = h.why() if hasattr(h, "why") else ""
                lines.append(f"    suggestion: {h.label} <{h.uri}> ({h.score:.2f})" + (f" {why}" if why else ""))
        elif hits is not None:
            lines.append("    suggestion: none (the statement matches no ESCO skill)")
    if summary is None:
        return "".join(line + "\n" for line in lines)
    errors, warnings = count(diagnostics)
    lines.append(
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
        f"({_plural(summary.get('programmes', 0), 'programme')}, {_plural(summary.get('units', 0), 'unit')}, "
        f"{_plural(summary.get('learning_outcomes', 0), 'learning outcome')}, "
        f"{_plural(sum(summary.get('partners', {}).values()), 'partner')})"
    )
    return "\n".join(lines) + "\n"


def format_json(diagnostics: list[Diagnostic], summary: Mapping, suggestions: Suggestions | None = None) -> str:
    """``{"diagnostics": [...], "summary": {...}}``; a diagnostic with suggestions gets a key
    ``suggestions``: ``[{"uri", "label", "score", "matched", "occupations"}, ...]``."""
    items = []
    for d in diagnostics:
        item = d.as_dict()
        if suggestions and d in suggestions:
            item["suggestions"] = [h.as_dict() if hasattr(h, "as_dict") else
                                   {"uri": h.uri, "label": h.label, "score": h.score} for h in suggestions[d]]
        items.append(item)
    return json.dumps({"diagnostics": items, "summary": summary}, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: list[Diagnostic], summary: Mapping, display_path=lambda f: f,
                  suggestions: Suggestions | None = None) -> str:
    """GitHub Actions workflow commands, so problems show as annotations on pull requests; the
    suggestions of a diagnostic are appended to its message."""
    out = []
    for d in diagnostics:
        message = d.message
        hits = suggestions.get(d) if suggestions else None
        if hits:
            message += "; suggested: " + ", ".join(f"{h.label} <{h.uri}>" for h in hits)
        out.append(
            f"::{d.severity.value} file={_gh_escape(display_path(d.file), True)},line={d.line},"
            f"col={d.column},title={d.code}::{_gh_escape(message)}"
        )
    return "\n".join(out) + ("\n" if out else "")
