"""The review report of ``skillweave diff`` as text, Markdown (for a pull request), HTML or JSON.

The three human formats are rendered from one outline (sections of indented lines made of
styled pieces: plain text, ids, deleted and inserted words), so that they always say the same.
Text marks deleted words ``[-so-]`` and inserted ones ``{+so+}`` (as ``git diff --word-diff``);
Markdown and HTML use ``<del>`` and ``<ins>``. HTML is one
self-contained page (its own style sheet, no script, no external resource); every text from the
workspace is escaped in Markdown and HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from skillweave.analyses.diff import Change, CurriculumDiff, OutcomeChange, ProgrammeChange, UnitChange
from skillweave.emitters import DEFAULT, Options

FIELD_NAMES = {
    "title": "title",
    "description": "description",
    "eqf_level": "EQF level",
    "ecvet_points": "ECVET points",
    "hours_school": "hours at school",
    "hours_workplace": "hours at the workplace",
    "prerequisites": "prerequisites",
    "assessment_methods": "assessment methods",
    "owner": "owner",
    "contributors": "contributors",
    "status": "status",
    "approvals": "approvals",
    "type": "type",
    "statement": "statement",
    "assessment": "assessment",
    "esco": "ESCO skills",
    "duration_months": "duration (months)",
    "occupations": "target occupations",
    "awarding_partners": "awarding partners",
    "units": "units",
    "units_ecvet_points": "ECVET points of its units",
}

MARKERS = {"added": "+", "removed": "-", "changed": "~", "renamed": "→", "moved-in": "→", "moved-out": "←"}


# --- the outline -------------------------------------------------------------------------------

Piece = tuple[str, str]  # (style, text): style is text, id, del, ins or muted


@dataclass
class Line:
    level: int
    marker: str
    pieces: list[Piece]


@dataclass
class Section:
    title: str
    lines: list[Line] = field(default_factory=list)


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "–" if value is None else str(value)


def _item(value: Any) -> list[Piece]:
    if isinstance(value, dict) and "uri" in value:
        return [("text", value["label"]), ("muted", f" <{value['uri']}>")] if value["label"] != value["uri"] else [
            ("muted", value["uri"])]
    if isinstance(value, dict) and "partner" in value:
        return [("id", value["partner"]), ("muted", f" ({value['date']})")]
    return [("id", str(value))]


def _change(c: Change) -> list[Piece]:
    name = FIELD_NAMES.get(c.field, c.field)
    if c.added is not None or c.removed is not None:
        pieces: list[Piece] = [("text", f"{name}:")]
        for style, word, values in (("ins", "added", c.added or []), ("del", "removed", c.removed or [])):
            if not values:
                continue
            if len(pieces) > 1:
                pieces.append(("text", ";"))
            pieces.append(("text", f" {word} "))
            for i, v in enumerate(values):
                if i:
                    pieces.append(("text", ", "))
                pieces += [(style if s in ("text", "id") else s, t) for s, t in _item(v)]
        return pieces
    if c.language is not None:
        label = f"{name} ({c.language})"
        if c.old is None:
            return [("text", f"{label} added: "), ("ins", c.new)]
        if c.new is None:
            return [("text", f"{label} removed: "), ("del", c.old)]
        return [("text", f"{label}: ")] + [({"=": "text", "-": "del", "+": "ins"}[op], words)
                                           for op, words in c.words or []]
    return [("text", f"{name}: "), ("del", _num(c.old)), ("text", " → "), ("ins", _num(c.new))]


def _outcome(o: OutcomeChange) -> list[Line]:
    head: list[Piece] = [("id", o.id), ("muted", f" ({o.type})")]
    if o.change == "renamed":
        head = [("id", o.old_id or ""), ("text", " renamed to "), ("id", o.id), ("muted", f" ({o.type})")]
    elif o.change == "moved-in":
        head = [("id", o.id), ("muted", f" ({o.type})"), ("text", " moved here from unit "), ("id", o.unit or "")]
        if o.old_id:
            head += [("text", " (was "), ("id", o.old_id), ("text", ")")]
    elif o.change == "moved-out":
        head = [("id", o.id), ("muted", f" ({o.type})"), ("text", " moved to unit "), ("id", o.unit or "")]
    if o.change in ("added", "removed"):
        head += [("text", ": "), ("ins" if o.change == "added" else "del", o.statement)]
    lines = [Line(2, MARKERS[o.change], head)]
    lines += [Line(3, "", _change(c)) for c in o.changes]
    return lines


def _unit(u: UnitChange) -> list[Line]:
    points = f" ({_num(float(u.ecvet_points))} ECVET points)"
    if u.change == "renamed":
        head: list[Piece] = [("id", u.old_id or ""), ("text", " renamed to "), ("id", u.id), ("text", f" {u.title}"),
                             ("muted", points)]
    else:
        head = [("id", u.id), ("text", f" {u.title}"), ("muted", points)]
    lines = [Line(0, MARKERS[u.change], head)]
    lines += [Line(1, "", _change(c)) for c in u.changes]
    if u.outcomes:
        lines.append(Line(1, "", [("text", "learning outcomes:")]))
        for o in u.outcomes:
            lines += _outcome(o)
    return lines


def _programme(p: ProgrammeChange) -> list[Line]:
    lines = [Line(0, MARKERS[p.change], [("id", p.id), ("text", f" {p.title}")])]
    lines += [Line(1, "", _change(c)) for c in p.changes]
    lines += [Line(1, "", _change(c)) for c in p.totals]
    for cov in p.coverage:
        def side(v):
            return "–" if v is None else f"{v[0]} of {v[1]}"

        lines.append(Line(1, "", [("text", f"essential skills of {cov.label} covered: "), ("del", side(cov.old)),
                                  ("text", " → "), ("ins", side(cov.new))]))
    return lines


def outline(report: CurriculumDiff) -> tuple[str, list[Line], list[Section]]:
    """(title, summary lines, sections) of the report."""
    title = f"Curriculum changes from {report.old} to {report.new}"

    def checked(name: str, counts: tuple[int, int]) -> Line:
        e, w = counts
        return Line(0, "", [("text", f"{name} ({getattr(report, name)}): "),
                            ("text", f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}")])

    summary = [checked("old", report.old_check), checked("new", report.new_check)]
    sections = []
    if report.programmes:
        sections.append(Section("Programmes", [line for p in report.programmes for line in _programme(p)]))
    if report.units:
        sections.append(Section("Units", [line for u in report.units for line in _unit(u)]))
    if report.approvals:
        lines = []
        for a in report.approvals:
            why = ("approved the old content: no longer counts" if a.reason == "invalidated"
                   else "not bound to content, and the content changed: worth a review")
            lines.append(Line(0, "!", [("id", a.unit), ("text", ": "), ("id", a.partner), ("muted", f" ({a.date})"),
                                       ("text", f" {why}")]))
        sections.append(Section("Approvals", lines))
    if report.not_compared:
        sections.append(Section("Not compared (the file has errors in that version)", [
            Line(0, "?", [("text", f"{n.kind} "), ("id", n.id), ("muted", f" (in {n.version})")])
            for n in report.not_compared]))
    return title, summary, sections


# --- the formats -------------------------------------------------------------------------------

def _split(value: str) -> tuple[str, str, str]:
    """(leading spaces, the rest, trailing spaces): marks go around the rest only."""
    core = value.strip()
    lead = value[: len(value) - len(value.lstrip())]
    return lead, core, value[len(lead) + len(core):]


def as_text(report: CurriculumDiff, options: Options = DEFAULT) -> str:
    title, summary, sections = outline(report)
    marks = {"del": ("[-", "-]"), "ins": ("{+", "+}")}

    def piece(style: str, value: str) -> str:
        if style not in marks or not value.strip():
            return value
        lead, core, trail = _split(value)
        return f"{lead}{marks[style][0]}{core}{marks[style][1]}{trail}"

    def render(line: Line) -> str:
        body = "".join(piece(s, t) for s, t in line.pieces)
        return " " * (2 + 4 * line.level) + (f"{line.marker} " if line.marker else "  ") + body

    out = [title, *(render(line).strip() for line in summary)]
    for section in sections:
        out += ["", section.title, *(render(line) for line in section.lines)]
    if not sections:
        out += ["", "No changes in the curriculum."]
    return "\n".join(out) + "\n"


#: characters that could start inline markup inside a list item (line starts are never user text)
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|~&"})
_MD_MARKER = str.maketrans({c: f"\\{c}" for c in "+-~!?"})


def as_markdown(report: CurriculumDiff, options: Options = DEFAULT) -> str:
    title, summary, sections = outline(report)

    def piece(style: str, value: str) -> str:
        if style == "id":
            return f"`{value.replace('`', '')}`"
        value = value.translate(_MD_SPECIAL)
        # <del> and <ins> (which GitHub keeps) rather than ~~ and **, which do not work inside
        # a word ("pitched**, flat**")
        wrap = {"del": ("<del>", "</del>"), "ins": ("<ins>", "</ins>"), "muted": ("*", "*")}.get(style)
        if not wrap or not value.strip():
            return value
        lead, core, trail = _split(value)  # emphasis must not begin or end with a space
        return f"{lead}{wrap[0]}{core}{wrap[1]}{trail}"

    def render(line: Line) -> str:
        marker = f"{line.marker.translate(_MD_MARKER)} " if line.marker else ""
        return "  " * line.level + "- " + marker + "".join(piece(s, t) for s, t in line.pieces)

    out = [f"## {title.translate(_MD_SPECIAL)}", "", *(render(line) for line in summary)]
    for section in sections:
        out += ["", f"### {section.title}", "", *(render(line) for line in section.lines)]
    if not sections:
        out += ["", "No changes in the curriculum."]
    return "\n".join(out) + "\n"


_CSS = """body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433;
  max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #d9dee8; }
ul { list-style: none; padding-left: 1.4rem; margin: .15rem 0; } body > ul { padding-left: 0; }
li { margin: .15rem 0; }
.marker { display: inline-block; width: 1.2rem; font-weight: 700; color: #5b6475; }
code { font-size: .9em; background: #eef1f5; padding: 0 .25rem; border-radius: .2rem; }
del { background: #fbe9e7; color: #8c1d18; } ins { background: #dff3e8; color: #14513f; text-decoration: none; }
.muted { color: #5b6475; }
@page { size: A4; margin: 16mm 14mm; }"""


def as_html(report: CurriculumDiff, options: Options = DEFAULT) -> str:
    title, summary, sections = outline(report)

    def piece(style: str, value: str) -> Markup:
        tags = {"id": "code", "del": "del", "ins": "ins"}
        if style in tags and value.strip():
            lead, core, trail = _split(value)
            return escape(lead) + Markup("<{0}>{1}</{0}>").format(tags[style], core) + escape(trail)
        if style == "muted":
            return Markup('<span class="muted">{}</span>').format(value)
        return escape(value)

    def render(lines: list[Line]) -> Markup:
        out = [Markup("<ul>")]
        level = 0
        for i, line in enumerate(lines):
            while level < line.level:
                out.append(Markup("<ul>"))
                level += 1
            while level > line.level:
                out.append(Markup("</ul></li>"))
                level -= 1
            marker = Markup('<span class="marker">{}</span>').format(line.marker) if line.marker else Markup("")
            body = Markup("").join(piece(s, t) for s, t in line.pieces)
            out.append(Markup("<li>") + marker + body)
            nxt = lines[i + 1].level if i + 1 < len(lines) else 0
            if nxt <= line.level:
                out.append(Markup("</li>"))
        while level > 0:
            out.append(Markup("</ul></li>"))
            level -= 1
        out.append(Markup("</ul>"))
        return Markup("\n").join(out)

    body = [Markup("<h1>{}</h1>").format(title), render(summary)]
    for section in sections:
        body += [Markup("<h2>{}</h2>").format(section.title), render(section.lines)]
    if not sections:
        body.append(Markup("<p>No changes in the curriculum.</p>"))
    import base64
    import hashlib

    csp = base64.b64encode(hashlib.sha256(_CSS.encode("utf-8")).digest()).decode("ascii")
    head = Markup(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{}'\">\n"
        "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n").format(csp, title, Markup(_CSS))
    return str(head + Markup("\n").join(body) + Markup("\n</body>\n</html>\n"))


def as_json(report: CurriculumDiff, options: Options = DEFAULT) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n"
