"""A Moodle competency framework (CSV for Moodle's "Import competency framework", tool_lpimportcsv).

Moodle's importer reads exactly one framework per file (a second row marked "Is framework"
would replace the first), so the whole alliance is one framework and its programmes are the
competencies at the top; beneath each programme come its units in teaching order, and beneath
each unit its learning outcomes. Rows refer to their parent by ID number and come after it.

* ID numbers: the programme id, ``<programme>/<unit>`` and ``<programme>/<unit>/<outcome>``. A unit
  that serves several programmes appears under each of them (a Moodle competency has one
  parent); its copies are cross-referenced as related competencies.
* The framework uses Moodle's default competence scale ("Not yet competent,Competent"), with
  "Competent" as the default rating and the proficient one. The importer matches the scale by its
  values and sets the real scale id itself.
* A unit is complete when all its learning outcomes are; a programme is recommended for
  completion when all its units are (awarding the qualification stays a decision of the awarding
  partners).
* Short names are the titles (statements for outcomes), at most 100 characters; descriptions are
  HTML in the alliance's default language: the full text, the ESCO skills as links, the
  assessment, and for units their ECVET points, EQF level and hours.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from skillweave.formats import numbers
from skillweave.formats.csvtable import table

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import LearningOutcome, Programme, Project, Unit

#: tool_lpimportcsv's columns, in the order its importer reads them (framework_importer.php)
COLUMNS = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]

FORMAT_HTML = "1"
#: Moodle's "Default competence scale" (id 2 on a standard site; the importer looks it up by values)
SCALE_VALUES = "Not yet competent,Competent"
SCALE_CONFIGURATION = ('[{"scaleid":"2"},{"id":1,"scaledefault":0,"proficient":0},'
                       '{"id":2,"scaledefault":1,"proficient":1}]')
#: taxonomy terms of the framework's levels: programme, unit, learning outcome
TAXONOMY = "domain,competency,outcome"
RULE_ALL = "core_competency\\competency_rule_all"
#: core_competency\competency::OUTCOME_COMPLETE and OUTCOME_RECOMMEND
OUTCOME_NONE, OUTCOME_COMPLETE, OUTCOME_RECOMMEND = "0", "2", "3"
#: Moodle cuts short names and ID numbers to 100 characters
MAX_LENGTH = 100


def _shorten(text: str, limit: int = MAX_LENGTH) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _id_number(*parts: str) -> str:
    """``a/b/c``; an over-long one keeps its start and gets a hash, so that it stays unique."""
    full = "/".join(parts)
    if len(full) <= MAX_LENGTH:
        return full
    digest = hashlib.sha256(full.encode("utf-8")).hexdigest()[:12]
    return f"{full[: MAX_LENGTH - 13]}~{digest}"


def _html(*blocks: str | Markup | None) -> str:
    """Paragraphs of HTML on one line (the CSV stays one row per line)."""
    return "".join(str(b) for b in blocks if b)


def _p(content: str | Markup) -> Markup:
    return Markup("<p>{}</p>").format(content)


class _Framework:
    def __init__(self, project: "Project"):
        self.project = project
        self.cur = project.curriculum
        self.lang = project.default_language

    def text(self, value) -> str:
        return value.get(self.lang) if value is not None else ""

    def skills(self, lo: "LearningOutcome") -> Markup | None:
        links = []
        for uri in self.project.resolved.outcome_skills.get(lo.id, []):
            label = self.project.vocabulary.label(uri, self.lang)
            if uri.lower().startswith(("http://", "https://")):
                links.append(Markup('<a href="{}">{}</a>').format(uri, label))
            else:
                links.append(escape(label))
        return _p(Markup("ESCO: ") + Markup(", ").join(links)) if links else None

    def unit_facts(self, unit: "Unit") -> Markup:
        facts = [f"{numbers.points(unit.ecvet_points)} ECVET points", f"EQF level {unit.eqf_level}"]
        if unit.hours:
            facts.append(f"{numbers.points(unit.hours.school)} hours at school, "
                         f"{numbers.points(unit.hours.workplace)} hours at the workplace")
        return _p("; ".join(facts))

    def programme_facts(self, prog: "Programme") -> Markup:
        return _p(f"EQF level {prog.eqf_level}; {numbers.points(prog.ecvet_points)} ECVET points; "
                  f"{prog.duration_months} months")

    def order(self, pid: str) -> list[str]:
        prog = self.cur.programmes[pid]
        units = [u for u in dict.fromkeys(prog.units) if u in self.cur.units]
        for path in self.project.paths.programmes:
            if path.id == pid and path.order is not None:
                return path.order
        return units

    def rows(self) -> list[list[str]]:
        alliance = self.cur.alliance
        name = self.text(alliance.name) if alliance else "skillweave"
        framework_id = alliance.id if alliance else "skillweave"
        sector = alliance.sector if alliance else None
        description = _html(
            _p(name), _p(self.text(alliance.description)) if alliance and alliance.description else None,
            _p(" ".join(x for x in (self.text(sector.label) if sector.label else "",
                                    f"(NACE {sector.nace})" if sector.nace else "") if x)) if sector else None)
        rows = [["", _id_number(framework_id), _shorten(name), description, FORMAT_HTML, SCALE_VALUES,
                 SCALE_CONFIGURATION, "", "", "", "", "", "1", TAXONOMY]]
        programmes = sorted(self.cur.programmes)
        orders = {pid: self.order(pid) for pid in programmes}
        # the copies of a unit (one per programme) and of its outcomes
        copies: dict[str, list[str]] = {}
        for pid in programmes:
            for uid in orders[pid]:
                copies.setdefault(uid, []).append(pid)

        def related(uid: str, pid: str, *rest: str) -> str:
            return ",".join(_id_number(other, uid, *rest) for other in copies[uid] if other != pid)

        for pid in programmes:
            prog = self.cur.programmes[pid]
            pid_number = _id_number(pid)
            rows.append(["", pid_number, _shorten(self.text(prog.title)),
                         _html(_p(self.text(prog.description)) if prog.description else None,
                               self.programme_facts(prog)),
                         FORMAT_HTML, "", "", RULE_ALL if orders[pid] else "",
                         OUTCOME_RECOMMEND if orders[pid] else OUTCOME_NONE, "null", "", "", "", ""])
            for uid in orders[pid]:
                unit = self.cur.units[uid]
                uid_number = _id_number(pid, uid)
                has_outcomes = bool(unit.learning_outcomes)
                rows.append([pid_number, uid_number, _shorten(self.text(unit.title)),
                             _html(_p(self.text(unit.description)) if unit.description else None,
                                   self.unit_facts(unit)),
                             FORMAT_HTML, "", "", RULE_ALL if has_outcomes else "",
                             OUTCOME_COMPLETE if has_outcomes else OUTCOME_NONE, "null", related(uid, pid), "", "",
                             ""])
                for lo in unit.learning_outcomes:
                    statement = self.text(lo.statement)
                    assessment = self.text(lo.assessment) if lo.assessment else ""
                    rows.append([uid_number, _id_number(pid, uid, lo.id), _shorten(statement),
                                 _html(_p(statement), self.skills(lo),
                                       _p(Markup("Assessment: ") + assessment) if assessment else None),
                                 FORMAT_HTML, "", "", "", OUTCOME_NONE, "null", related(uid, pid, lo.id), "", "",
                                 ""])
        return rows


def competency_framework(project: "Project", options: "Options | None" = None) -> str:
    """The framework as CSV (UTF-8, comma-separated, a header row, one row per line)."""
    # one line per row (Moodle's reader copes with quoted newlines, spreadsheets and diffs less so),
    # and no cell a spreadsheet would run as a formula (formats/csvtable.py)
    return table(COLUMNS, _Framework(project).rows())
