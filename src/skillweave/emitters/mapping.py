"""The national-to-joint unit mapping and the credit-transfer table as text, JSON, CSV and HTML."""

from __future__ import annotations

from skillweave.formats import jsontext

from typing import TYPE_CHECKING

from skillweave.analyses.mapping import MappingReport
from skillweave.formats import numbers
from skillweave.formats.csvtable import table

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Project


def _pts(v: float | None) -> str:
    return "-" if v is None else numbers.points(v)


def report_text(report: MappingReport) -> str:
    out = []
    for q in report.qualifications:
        out.append(f"qualification {q.qualification} of {q.partner}: {q.title}")
        for u in q.units:
            if not u.matches:
                out.append(f"  {u.unit}: no match")
                continue
            best = u.matches[0]
            others = ", ".join(f"{m.joint_unit} ({m.relation} {m.score:.2f})" for m in u.matches[1:4])
            out.append(f"  {u.unit} → {best.joint_unit} ({best.relation}, score {best.score:.2f})"
                       + (f"; also {others}" if others else ""))
        for c in q.credit_transfer:
            out.append(f"  credit transfer into programme {c.programme}: {_pts(c.recognised_points)} ECVET points "
                       f"recognised, {_pts(c.remaining_points)} to learn")
            for item in c.recognised:
                out.append(f"    recognised  {item.unit} ({_pts(item.ecvet_points)} points, "
                           f"{item.coverage:.0%} of its skills, via {', '.join(item.via) or '-'})")
            for item in c.partial:
                missing = ", ".join(label for _, label in item.missing[:5])
                out.append(f"    partly      {item.unit} ({_pts(item.ecvet_points)} points, {item.coverage:.0%}; "
                           f"still to learn: {missing}{'…' if len(item.missing) > 5 else ''})")
            for item in c.to_learn:
                out.append(f"    to learn    {item.unit} ({_pts(item.ecvet_points)} points)")
    if not report.qualifications:
        out.append("no national qualification in curricula/national/")
    return "\n".join(out) + "\n"


def report_json(report: MappingReport) -> str:
    return jsontext.dumps(report.as_dict())


CSV_COLUMNS = ["partner", "qualification", "national_unit", "joint_unit", "relation", "score", "rank"]


def report_csv(report: MappingReport) -> str:
    return table(CSV_COLUMNS, ([q.partner, q.qualification, u.unit, m.joint_unit, m.relation, f"{m.score:.4f}", rank]
                               for q in report.qualifications for u in q.units
                               for rank, m in enumerate(u.matches, 1)))


def report_html(report: MappingReport, lang: str) -> str:
    from skillweave.templates import render

    return render("mapping.html.j2", report=report, lang=lang)


# -- the formats of the registry: (project, options) -> text ------------------------------------

def _report(project: "Project", options: "Options") -> MappingReport:
    """The mapping, or only the national qualification of ``options.partner``."""
    if options.partner is None:
        return project.mapping
    if options.partner not in project.curriculum.national:
        from skillweave.errors import OptionError

        known = ", ".join(sorted(project.curriculum.national)) or "none"
        raise OptionError(f"partner '{options.partner}' has no national qualification (those with one: {known})")
    return project.mapping.only(options.partner)


def as_text(project: "Project", options: "Options") -> str:
    return report_text(_report(project, options))


def as_json(project: "Project", options: "Options") -> str:
    return report_json(_report(project, options))


def as_csv(project: "Project", options: "Options") -> str:
    return report_csv(_report(project, options))


def as_html(project: "Project", options: "Options") -> str:
    return report_html(_report(project, options), project.default_language)
