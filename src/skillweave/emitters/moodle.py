"""A Moodle competency framework (CSV for Moodle's "Import competency framework", tool_lpimportcsv).

Moodle's importer reads exactly one framework per file (a second row marked "Is framework"
would replace the first), so the whole alliance is one framework and its programmes are the
competencies at the top; beneath each programme come its units in teaching order, and beneath
each unit its learning outcomes. Rows refer to their parent by ID number and come after it.
``docs/moodle.md`` says what was checked against Moodle's own importer, and how.

* ID numbers: the programme id, ``<programme>/<unit>`` and ``<programme>/<unit>/<outcome>``. A unit
  that serves several programmes appears under each of them (a Moodle competency has one
  parent); its copies are cross-referenced as related competencies. Every competency has an
  exported ID (its row number): the importer maps the ids that rules name through that column.
* The framework uses Moodle's default competence scale ("Not yet competent,Competent"), with
  "Competent" as the default rating and the proficient one. The importer matches the scale by its
  values and sets the real scale id itself.
* A unit is complete when all its learning outcomes are. A programme is recommended for
  completion by a points rule on its units' ECVET points: when the units a learner is proficient
  in reach the programme's points (awarding the qualification stays a decision of the awarding
  partners). Moodle counts whole points only, so fractional points are counted in tenths (or
  hundredths, or thousandths), as the description then says; a programme whose points cannot be
  counted so (no units, no points) is recommended when all its units are complete.
* Texts are in every language of the alliance, in the markup of Moodle's multi-language content
  filter (``filter_multilang``, part of Moodle): ``<span lang="en" class="multilang">…</span>``
  once per language, the default language first, so that the filter shows each user their
  language and falls back to the default one. ``--lang`` (``Options.lang``) writes one language
  without markup. Short names are always in one language (the default one, or ``--lang``):
  Moodle stores them in 100 characters, which the markup of two languages nearly fills.
* Descriptions are HTML: the title (for programmes and units), the full text, the ESCO skills as
  links, the assessment, and the ECVET points, EQF level and hours, in each language.
"""

from __future__ import annotations

from skillweave import parts

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from skillweave.errors import OptionError
from skillweave.formats import numbers, strings
from skillweave.formats.csvtable import table

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import LearningOutcome, Programme, Project, Text, Unit

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
RULE_POINTS = "core_competency\\competency_rule_points"
#: core_competency\competency::OUTCOME_COMPLETE and OUTCOME_RECOMMEND
OUTCOME_NONE, OUTCOME_COMPLETE, OUTCOME_RECOMMEND = "0", "2", "3"
#: Moodle cuts short names and ID numbers to 100 characters
MAX_LENGTH = 100
#: the units of a points rule: whole ECVET points, else tenths, hundredths, thousandths
POINT_SCALES = (1, 10, 100, 1000)


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


def multilang(texts: list[tuple[str, Markup]]) -> Markup:
    """Texts in several languages as filter_multilang reads them: one span per language, next to
    each other; a single text without markup (the filter replaces runs of two spans or more)."""
    if len(texts) == 1:
        return texts[0][1]
    return Markup("").join(Markup('<span lang="{}" class="multilang">{}</span>').format(lang, text)
                           for lang, text in texts)


def points_rule(points: float, units: list[tuple[str, float]]) -> tuple[int, str] | None:
    """The scale and config of a ``competency_rule_points`` over ``units`` (exported id, points):
    whole numbers of ECVET points (or tenths ...), the programme's points required (at most what
    the units give), none of the units required on its own. None when no such rule fits."""
    for scale in POINT_SCALES:
        scaled = [round(p * scale) for _, p in units]
        wanted = round(points * scale)
        if all(abs(p * scale - s) < 1e-9 for (_, p), s in zip(units, scaled)) and abs(points * scale - wanted) < 1e-9:
            break
    else:
        return None
    required = min(wanted, sum(scaled))
    if not units or required < 1:
        return None
    config = {"base": {"points": required},
              "competencies": [{"id": int(eid), "points": s, "required": 0} for (eid, _), s in zip(units, scaled)]}
    return scale, json.dumps(config, separators=(",", ":"))


class _Framework:
    def __init__(self, project: "Project", options: "Options | None"):
        self.project = project
        self.cur = project.curriculum
        self.default = project.default_language
        alliance = self.cur.alliance
        languages = list(dict.fromkeys([self.default, *(alliance.languages if alliance else [])]))
        lang = options.lang if options is not None else None
        if lang is not None and lang not in languages:
            raise OptionError(f"--lang {lang}: not a language of the alliance ({', '.join(languages)})")
        #: the languages written: every language of the alliance (default first), or the one chosen
        self.languages = [lang] if lang else languages
        #: the language of short names
        self.lang = lang or self.default

    # -- texts in the chosen languages ----------------------------------------------------------

    def plain(self, value: "Text | None") -> str:
        """Plain text in the short-name language (for short names)."""
        return value.get(self.lang, self.default) if value is not None else ""

    def each(self, value: "Text") -> list[tuple[str, Markup]]:
        """(language, escaped text) for every language written that the text has; the default
        language (or any) when it has none of them."""
        found = [(lang, escape(value.root[lang])) for lang in self.languages if lang in value.root]
        return found or [(self.lang, escape(value.get(self.lang, self.default)))]

    def ui(self, key: str, **values) -> list[tuple[str, str]]:
        """An interface string in every language written (English where a language lacks it)."""
        return [(lang, strings.ui(key, lang)[0].format(**values)) for lang in self.languages]

    def para(self, texts: list[tuple[str, Markup]]) -> Markup:
        return Markup("<p>{}</p>").format(multilang(texts))

    def title(self, value: "Text") -> Markup:
        return Markup("<p><strong>{}</strong></p>").format(multilang(self.each(value)))

    def facts(self, pairs: list[tuple[str, float]]) -> Markup:
        """``label: number; ...`` with the labels and numbers as each language writes them."""
        per_lang = []
        for lang in self.languages:
            per_lang.append((lang, escape("; ".join(f"{strings.ui(key, lang)[0]}: {numbers.points(value, lang)}"
                                                    for key, value in pairs))))
        return self.para(per_lang)

    def skills(self, lo: "LearningOutcome") -> Markup | None:
        uris = self.project.resolved.outcome_skills.get(lo.id, [])
        if not uris:
            return None
        texts = []
        for lang in self.languages:
            links = [self.skill_link(uri, lang) for uri in uris]
            heading = strings.ui("esco_skills", lang)[0]
            texts.append((lang, Markup("{}: ").format(heading) + Markup(", ").join(links)))
        return self.para(texts)

    def skill_link(self, uri: str, lang: str) -> Markup:
        """A skill's label in ``lang``, linked to its ESCO page (made once per skill and language)."""
        links = self.__dict__.setdefault("_links", {})
        if (uri, lang) not in links:
            label = self.project.vocabulary.label(uri, lang)
            if uri.lower().startswith(("http://", "https://")):
                links[(uri, lang)] = Markup('<a href="{}">{}</a>').format(uri, label)
            else:
                links[(uri, lang)] = escape(label)
        return links[(uri, lang)]

    def assessment(self, lo: "LearningOutcome") -> Markup | None:
        if lo.assessment is None:
            return None
        return self.para([(lang, Markup("{}: {}").format(strings.ui("assessment", lang)[0], text))
                          for lang, text in self.each(lo.assessment)])

    # -- rows -----------------------------------------------------------------------------------

    def unit_facts(self, unit: "Unit") -> Markup:
        pairs = [("ecvet_points", unit.ecvet_points), ("eqf_level", unit.eqf_level)]
        if unit.hours:
            pairs += [("hours_school", unit.hours.school), ("hours_workplace", unit.hours.workplace)]
        return self.facts(pairs)

    def programme_facts(self, prog: "Programme", scale: int) -> Markup:
        blocks = [self.facts([("eqf_level", prog.eqf_level), ("ecvet_points", prog.ecvet_points)]),
                  self.para([(lang, escape(f"{strings.ui('duration', lang)[0]}: {text}"))
                             for lang, text in self.ui("months", n=prog.duration_months)])]
        if scale != 1:
            blocks.append(Markup("<p>{}</p>").format(
                f"Completion rule: ECVET points counted in 1/{scale} points (Moodle counts whole points)."))
        return Markup("").join(blocks)

    def order(self, pid: str) -> list[str]:
        prog = self.cur.programmes[pid]
        units = [u for u in dict.fromkeys(prog.units) if u in self.cur.units]
        for path in self.project.paths.programmes:
            if path.id == pid and path.order is not None:
                return path.order
        return units

    def rows(self) -> list[list[str]]:
        alliance = self.cur.alliance
        framework_id = alliance.id if alliance else "skillweave"
        blocks = []
        if alliance is not None:
            blocks.append(self.para(self.each(alliance.name)))
            if alliance.description:
                blocks.append(self.para(self.each(alliance.description)))
            sector = alliance.sector
            if sector and (sector.label or sector.nace):
                nace = f"NACE {sector.nace}" if sector.nace else ""
                if sector.label:
                    blocks.append(self.para([(lang, text + (f" ({nace})" if nace else ""))
                                             for lang, text in self.each(sector.label)]))
                else:
                    blocks.append(self.para([(self.lang, escape(nace))]))
        else:
            blocks.append(Markup("<p>skillweave</p>"))
        rows = [["", _id_number(framework_id), _shorten(self.plain(alliance.name) if alliance else "skillweave"),
                 "".join(blocks), FORMAT_HTML, SCALE_VALUES, SCALE_CONFIGURATION, "", "", "", "", "", "1", TAXONOMY]]
        programmes = sorted(self.cur.programmes)
        orders = {pid: self.order(pid) for pid in programmes}
        # the copies of a unit (one per programme) and of its outcomes
        copies: dict[str, list[str]] = {}
        for pid in programmes:
            for uid in orders[pid]:
                copies.setdefault(uid, []).append(pid)

        def related(uid: str, pid: str, *rest: str) -> str:
            return ",".join(_id_number(other, uid, *rest) for other in copies[uid] if other != pid)

        def exported() -> str:
            return str(len(rows))  # the row's number among the competencies: unique in the file

        for pid in programmes:
            prog = self.cur.programmes[pid]
            pid_number = _id_number(pid)
            # the exported ids the units will get: the programme's row, then each unit's subtree
            unit_ids, next_id = [], len(rows) + 1
            for uid in orders[pid]:
                unit_ids.append((str(next_id), self.cur.units[uid].ecvet_points))
                next_id += 1 + len(self.cur.units[uid].learning_outcomes)
            rule = points_rule(prog.ecvet_points, unit_ids)
            if rule is not None:
                scale, config = rule
                rule_cells = [RULE_POINTS, OUTCOME_RECOMMEND, config]
            else:
                scale = 1
                rule_cells = [RULE_ALL, OUTCOME_RECOMMEND, "null"] if orders[pid] else ["", OUTCOME_NONE, "null"]
            description = [self.title(prog.title)]
            if prog.description:
                description.append(self.para(self.each(prog.description)))
            description.append(self.programme_facts(prog, scale))
            rows.append(["", pid_number, _shorten(self.plain(prog.title)), "".join(description), FORMAT_HTML, "", "",
                         *rule_cells, "", exported(), "", ""])
            for uid in orders[pid]:
                # a unit's rows are one of its parts; they also depend on where they start
                first = len(rows)
                rows.append(Part(uid, f"{uid}/{pid}", f"{pid}/{first}",
                                 lambda uid=uid, pid=pid, first=first: self.unit_rows(uid, pid, first, related)))
                rows.extend([] for _ in range(len(self.cur.units[uid].learning_outcomes)))  # numbered, not written
        return rows

    def unit_rows(self, uid: str, pid: str, first: int, related) -> list[list[str]]:
        """The rows of a unit in a programme and of its outcomes, numbered from ``first``."""
        unit = self.cur.units[uid]
        pid_number, uid_number = _id_number(pid), _id_number(pid, uid)
        has_outcomes = bool(unit.learning_outcomes)
        description = [self.title(unit.title)]
        if unit.description:
            description.append(self.para(self.each(unit.description)))
        description.append(self.unit_facts(unit))
        rows = [[pid_number, uid_number, _shorten(self.plain(unit.title)), "".join(description),
                 FORMAT_HTML, "", "", RULE_ALL if has_outcomes else "",
                 OUTCOME_COMPLETE if has_outcomes else OUTCOME_NONE, "null", related(uid, pid),
                 str(first), "", ""]]
        for n, lo in enumerate(unit.learning_outcomes, first + 1):
            blocks = [self.para(self.each(lo.statement)), self.skills(lo), self.assessment(lo)]
            rows.append([uid_number, _id_number(pid, uid, lo.id), _shorten(self.plain(lo.statement)),
                         "".join(str(b) for b in blocks if b), FORMAT_HTML, "", "", "", OUTCOME_NONE, "null",
                         related(uid, pid, lo.id), str(n), "", ""])
        return rows


@dataclass(frozen=True)
class Part:
    """A unit's rows in the framework, rendered on demand (:mod:`skillweave.parts`)."""

    uid: str
    name: str
    salt: str
    render: Callable[[], list[list[str]]]


def competency_framework(project: "Project", options: "Options | None" = None) -> str:
    """The framework as CSV (UTF-8, comma-separated, a header row, one row per line)."""
    # one line per row (Moodle's reader copes with quoted newlines, spreadsheets and diffs less so),
    # and no cell a spreadsheet would run as a formula (formats/csvtable.py)
    assembler = parts.of(project).assemble("moodle-csv") if options is None or options.lang is None else None
    rows = _Framework(project, options).rows()
    if assembler is None:
        return table(COLUMNS, [r for row in rows for r in (row.render() if isinstance(row, Part) else [row]) if r])
    pending: list[list[str]] = []
    assembler.add(table(COLUMNS, []))
    for row in rows:
        if isinstance(row, Part):
            assembler.add(table(None, pending))
            pending = []
            assembler.unit(row.uid, lambda row=row: table(None, row.render()), part=row.name, salt=row.salt)
        elif row:
            pending.append(row)
    assembler.add(table(None, pending))
    return assembler.text()
