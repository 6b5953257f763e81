"""The skills coverage report as text, JSON, CSV and an HTML heat map (units × essential skills)."""

from __future__ import annotations

from skillweave.formats import jsontext

from typing import TYPE_CHECKING

from skillweave.analyses.coverage import CoverageReport, SkillSet
from skillweave.formats import numbers
from skillweave.formats.csvtable import table

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Project


def _types(s: SkillSet) -> str:
    names = {"skill": "skills", "knowledge": "knowledge", "unknown": "untyped"}
    return ", ".join(f"{names.get(t, t)} {c}/{n}" for t, (c, n) in sorted(s.by_type.items()))


OPTIONAL_SHOWN = 8


def report_text(report: CoverageReport) -> str:
    out: list[str] = []
    for p in report.programmes:
        out.append(f"programme {p.id}: {p.title}")
        for o in p.occupations:
            e, op = o.essential, o.optional
            out.append(f"  occupation {o.label} <{o.uri}>")
            out.append(f"    essential {e.covered}/{e.total} ({numbers.percent(e.ratio)}; {_types(e)})"
                       + (f", +{len(e.hierarchy)} via the ESCO hierarchy" if e.hierarchy else ""))
            out.append(f"    optional  {op.covered}/{op.total} ({numbers.percent(op.ratio)}; {_types(op)})"
                       + (f", +{len(op.hierarchy)} via the ESCO hierarchy" if op.hierarchy else ""))
            if e.missing or op.missing:
                out.append("    missing (essential first):")
                for ref in e.missing:
                    out.append(f"      essential {ref.type:9s} {ref.label}")
                for ref in op.missing[:OPTIONAL_SHOWN]:
                    out.append(f"      optional  {ref.type:9s} {ref.label}")
                if len(op.missing) > OPTIONAL_SHOWN:
                    out.append(f"      … and {len(op.missing) - OPTIONAL_SHOWN} more optional skills "
                               "(--format json or csv lists them all)")
            for h in e.hierarchy + op.hierarchy:
                out.append(f"    via hierarchy: {h.skill.label} ← {h.via.label} (taught skill is {h.relation})")
        out.append("  units (essential skills covered / skills linked):")
        width = max((len(u.id) for u in p.units), default=0)
        for u in p.units:
            out.append(f"    {u.id:{width}s} {u.essential_covered:3d} / {len(u.skills)}")
        if p.extra_skills:
            out.append("  taught but listed by no target occupation:")
            for ref in p.extra_skills:
                out.append(f"    {ref.label}")
    return "\n".join(out) + "\n"


def report_json(report: CoverageReport) -> str:
    return jsontext.dumps(report.as_dict())


CSV_COLUMNS = ["programme", "occupation", "occupation_label", "relation", "skill", "skill_label", "skill_type",
               "covered", "units"]


def report_csv(report: CoverageReport) -> str:
    """One row per (programme, occupation, essential/optional skill): covered yes/no/via-hierarchy."""
    out = []
    for p in report.programmes:
        units_of: dict[str, list[str]] = {}
        for u in p.units:
            for s in u.skills:
                units_of.setdefault(s, []).append(u.id)
        for o in p.occupations:
            for relation, s in (("essential", o.essential), ("optional", o.optional)):
                credited = {h.skill.uri for h in s.hierarchy}
                rows = [(r, "yes") for r in s.covered_skills]
                rows += [(r, "via-hierarchy" if r.uri in credited else "no") for r in s.missing]
                for ref, covered in rows:
                    out.append([p.id, o.uri, o.label, relation, ref.uri, ref.label, ref.type, covered,
                                ";".join(units_of.get(ref.uri, []))])
    return table(CSV_COLUMNS, out)


def report_html(report: CoverageReport, lang: str) -> str:
    from skillweave.templates import render

    return render("coverage.html.j2", report=report, lang=lang, heat_rows=_heat_rows)


def _heat_rows(p) -> list[tuple]:
    """The rows of a programme's heat map (essential skills × units): per skill, the skill, how
    many units teach it, the labels of the occupations that need it, and the row's cells (made
    here: a template loop over every cell of a thousand-unit register was most of the report)."""
    from markupsafe import Markup, escape

    needs = [(o.label, {s.uri for s in o.essential.covered_skills} | {s.uri for s in o.essential.missing})
             for o in p.occupations]
    # each unit's cell for a count, made once per count
    cells: list[dict[int, str]] = [{} for _ in p.units]
    ids = [str(escape(u.id)) for u in p.units]
    rows = []
    for s in p.essential_skills:
        out = []
        n = 0
        for i, u in enumerate(p.units):
            hits = u.essential_hits.get(s.uri, 0)
            if hits:
                n += 1
            cell = cells[i].get(hits)
            if cell is None:
                shown = f" c{min(hits, 3)}" if hits else ""
                cell = cells[i][hits] = (f'<td class="c{shown}" title="{ids[i]}: {hits} outcome(s)">'
                                         f'{hits if hits else ""}</td>')
            out.append(cell)
        rows.append((s, n, [label for label, uris in needs if s.uri in uris], Markup("".join(out))))
    return rows


# -- the formats of the registry: (project, options) -> text ------------------------------------

def as_text(project: "Project", options: "Options") -> str:
    return report_text(project.coverage)


def as_json(project: "Project", options: "Options") -> str:
    return report_json(project.coverage)


def as_csv(project: "Project", options: "Options") -> str:
    return report_csv(project.coverage)


def as_html(project: "Project", options: "Options") -> str:
    return report_html(project.coverage, project.default_language)
