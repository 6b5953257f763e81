"""Teaching orders and semester plans as text and JSON."""

from __future__ import annotations

from skillweave.formats import jsontext

from typing import TYPE_CHECKING

from skillweave.analyses.paths import PathReport
from skillweave.formats import numbers

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Project


def report_text(report: PathReport) -> str:
    out = []
    for p in report.programmes:
        out.append(f"programme {p.id}")
        if p.order is None:
            out.append("  no teaching order (prerequisites form a cycle)")
            continue
        out.append("  teaching order: " + " → ".join(p.order))
        for s in p.semesters:
            out.append(f"  semester {s.number} ({numbers.points(s.ecvet_points)} ECVET points): {', '.join(s.units)}")
        out.append(f"  longest prerequisite chain ({len(p.longest_chain)} units): " + " → ".join(p.longest_chain))
    return "\n".join(out) + "\n"


def report_json(report: PathReport) -> str:
    return jsontext.dumps(report.as_dict())


# -- the formats of the registry: (project, options) -> text ------------------------------------

def as_text(project: "Project", options: "Options") -> str:
    return report_text(project.paths)


def as_json(project: "Project", options: "Options") -> str:
    return report_json(project.paths)
