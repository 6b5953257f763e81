"""The handbook of the joint training content: a static, multilingual site that works offline.

``export html -o DIR`` writes one copy of the site per alliance language (``en/index.html``,
``nl/index.html`` ...) and a root ``index.html`` that leads to the default language:

* ``<lang>/index.html``: the alliance, its programmes, all joint units and the partners by type
  and by country;
* ``<lang>/programme-<id>.html``: the units in teaching order with ECVET points, EQF level and
  hours at school and at the workplace, the semester plan, a prerequisite diagram (inline SVG)
  and the skills coverage of the target occupations;
* ``<lang>/unit-<id>.html``: the learning outcomes by type with their ESCO skills and
  assessment, the assessment methods, owner, contributors, approvals and status.

Every page links to the same page in the other languages. Text missing in a language falls back
to the default language (then to any other) and carries a ``lang`` attribute that says so; the
interface strings come from :mod:`skillweave.formats.strings`. Pages hold their own stylesheet (with a print
section) and a Content-Security-Policy that forbids scripts and every load from elsewhere; the only
links out are the ESCO concepts and the partners' websites. Learner records are never read.
"""

from __future__ import annotations

from skillweave import parts

import base64
import hashlib
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from skillweave.emitters.diagram import Drawing, layered_drawing
from skillweave.formats import numbers
from skillweave.formats import strings as i18n

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Partner, Programme, Project, Text, Unit

from skillweave.terms import PARTNER_TYPES  # noqa: E402  (the order of the partners page)
OUTCOME_TYPES = ("knowledge", "skill", "competence")
#: identifiers with a meaning first (docs/formats.md), then local ones alphabetically
IDENTIFIER_ORDER = {"pic": 0, "erasmus": 1, "legal": 2, "vat": 3}
#: a prerequisite diagram for more units than this would not be readable; the table remains
DIAGRAM_MAX_UNITS = 150
DIAGRAM_TITLE_CHARS = 26
DIAGRAM_TITLE_LINES = 3
#: wider than this (in CSS pixels), a top-to-bottom diagram is drawn left to right if that is narrower
DIAGRAM_MAX_WIDTH = 1000


# --- text in a language, and which language it really is in ----------------------------------

@dataclass(frozen=True)
class Loc:
    """Text for a page in ``page_lang``; ``lang`` is set when the text is in another language.

    In a template, ``{{ loc }}`` gives the escaped text, wrapped in a ``<span lang>`` when it fell
    back (with class ``fallback`` for curriculum text, so that readers see it is untranslated);
    ``{{ loc.text }}`` gives the plain text, for attributes and titles.
    """

    text: str
    lang: str | None = None
    content: bool = True

    def __html__(self) -> Markup:
        body = escape(self.text)
        if not self.lang:
            return body
        cls = Markup(' class="fallback"') if self.content else Markup("")
        return Markup('<span lang="{}"{}>{}</span>').format(self.lang, cls, body)

    def __str__(self) -> str:
        return self.text


class Localiser:
    """Chooses the text of one page language, with the alliance's default language as fallback."""

    def __init__(self, lang: str, default: str):
        self.lang = lang
        self.default = default

    def text(self, value: "Text | None") -> Loc | None:
        if value is None or not value.root:
            return None
        if self.lang in value.root:
            return Loc(value.root[self.lang])
        used = self.default if self.default in value.root else min(value.root)
        return Loc(value.root[used], used)

    def ui(self, key: str, **args: Any) -> Markup:
        """An interface string; ``args`` are escaped (or kept, if they are markup such as a Loc)."""
        template, used = i18n.ui(key, self.lang)
        html = Markup(escape(template)).format(**args) if args else Markup(escape(template))
        return html if used == self.lang else Markup(f'<span lang="{used}">') + html + Markup("</span>")

    def ui_text(self, key: str, **args: Any) -> str:
        template, _ = i18n.ui(key, self.lang)
        return template.format(**args) if args else template

    def number(self, value: float) -> str:
        return numbers.points(value, self.lang)

    def percent(self, ratio: float | None) -> str:
        return numbers.percent(ratio, 0, missing="–")

    def country(self, code: str) -> Loc:
        name, used = i18n.country_name(code, self.lang)
        return Loc(name, None if used == self.lang else used, content=False)


def _web(url: str | None) -> str | None:
    """Only http(s) addresses become links (a ``javascript:`` URL in a workspace must not)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


# --- the view model ----------------------------------------------------------------------------

@dataclass
class PartnerView:
    id: str
    name: Loc
    type: str
    type_label: Markup
    kind_label: Markup
    country: str
    country_name: Loc
    identifiers: list[tuple[Markup | str, str]]
    url: str | None
    href: str | None


@dataclass
class SkillView:
    uri: str
    label: Loc
    href: str | None


@dataclass
class OutcomeView:
    id: str
    statement: Loc
    skills: list[SkillView]
    assessment: Loc | None


@dataclass
class OutcomeGroup:
    type: str
    heading: Markup
    outcomes: list[OutcomeView]


@dataclass
class PageLink:
    id: str
    href: str
    title: Loc


@dataclass
class UnitRow:
    position: int
    unit: PageLink
    ecvet_points: str
    eqf_level: int
    school: str
    workplace: str
    semester: int | None
    prerequisites: list[PageLink]
    status: str
    status_label: Markup


@dataclass
class SemesterView:
    number: int
    units: list[PageLink]
    ecvet_points: str


@dataclass
class DiagramBox:
    id: str
    href: str
    x: float
    y: float
    width: float
    height: float
    lines: list[str]
    meta: str
    title: str
    pending: bool


@dataclass
class DiagramView:
    id: str
    width: float
    height: float
    boxes: list[DiagramBox]
    arrows: list[str]
    direction: str = "down"


@dataclass
class OccupationCoverageView:
    label: Loc
    href: str | None
    essential_covered: int
    essential_total: int
    ratio: str
    bar: float
    optional_covered: int
    optional_total: int
    missing: list[SkillView]
    hierarchy: dict[str, Loc]


@dataclass
class ProgrammeView:
    id: str
    href: str
    title: Loc
    description: Loc | None
    eqf_level: int
    nqf_level: str | None
    isced_f: str | None
    duration: Markup
    ecvet_points: str
    awarding: list[PartnerView]
    occupations: list[SkillView]
    rows: list[UnitRow] = field(default_factory=list)
    has_order: bool = True
    totals: dict[str, str] = field(default_factory=dict)
    workplace_share: str = ""
    semesters: list[SemesterView] = field(default_factory=list)
    semester_target: str = ""
    diagram: DiagramView | None = None
    coverage: list[OccupationCoverageView] = field(default_factory=list)


@dataclass
class ProgrammeSummary:
    """A programme as the index lists it (``rows``: as many as the programme page has)."""

    id: str
    href: str
    title: Loc
    eqf_level: int
    ecvet_points: str
    duration: Markup
    rows: range


@dataclass
class Membership:
    programme: PageLink
    position: int
    total: int
    semester: int | None
    previous: PageLink | None
    next: PageLink | None


@dataclass
class ApprovalView:
    partner: PartnerView | None
    partner_id: str
    date: str
    note: Loc | None
    #: bound to content that has changed since (SW315): it no longer counts
    outdated: bool = False


@dataclass
class UnitView:
    id: str
    href: str
    title: Loc
    description: Loc | None
    eqf_level: int
    ecvet_points: str
    school: str
    workplace: str
    owner: PartnerView | None
    owner_id: str
    contributors: list[PartnerView]
    prerequisites: list[PageLink]
    required_by: list[PageLink]
    memberships: list[Membership]
    status: str
    status_label: Markup
    groups: list[OutcomeGroup]
    assessment_methods: list[Loc]
    approvals: list[ApprovalView]


class _Builder:
    """Builds the view of every page in one language; ``book``: for the printed handbook, where
    programmes and units are parts of one document (links are anchors)."""

    def __init__(self, project: "Project", lang: str, default: str, book: bool = False):
        self.book = book
        self.project = project
        self.cur = project.curriculum
        self.vocab = project.vocabulary
        self.loc = Localiser(lang, default)
        self.lang = lang
        alliance = self.cur.alliance
        self.partners = {p.id: self._partner(p) for p in (alliance.partners if alliance else [])}
        self.unit_links = {uid: PageLink(uid, self.unit_href(uid), self.loc.text(u.title) or Loc(uid))
                           for uid, u in self.cur.units.items()}
        self.programme_links = {pid: PageLink(pid, self.programme_href(pid), self.loc.text(p.title) or Loc(pid))
                                for pid, p in self.cur.programmes.items()}
        self.paths = {p.id: p for p in project.paths.programmes}
        self.coverage = {p.id: p for p in project.coverage.programmes}

    # small pieces

    def unit_href(self, uid: str) -> str:
        return f"#unit-{uid}" if self.book else unit_href(uid)

    def programme_href(self, pid: str) -> str:
        return f"#programme-{pid}" if self.book else programme_href(pid)

    def partner_href(self, pid: str) -> str:
        return f"#partner-{pid}" if self.book else f"index.html#partner-{pid}"

    def site(self) -> dict[str, Any]:
        alliance = self.cur.alliance
        return {"name": (self.loc.text(alliance.name) if alliance else None) or Loc(self.loc.ui_text("handbook")),
                "id": alliance.id if alliance else ""}

    def partner_groups(self) -> tuple[list[PartnerView], list[tuple[str, Markup, list[PartnerView]]]]:
        """The partners (by country, then name) and the same grouped by type (types in use only)."""
        partners = sorted(self.partners.values(),
                          key=lambda p: (p.country_name.text.casefold(), p.name.text.casefold(), p.id))
        by_type = [(t, self.loc.ui(f"partner_type_{t}"), [p for p in partners if p.type == t]) for t in PARTNER_TYPES]
        return partners, [g for g in by_type if g[2]]

    def _partner(self, p: "Partner") -> PartnerView:
        idents = []
        for key, value in sorted(p.identifiers.items(), key=lambda kv: (IDENTIFIER_ORDER.get(kv[0], 99), kv[0])):
            label = self.loc.ui(f"identifier_{key}") if f"identifier_{key}" in i18n.UI[i18n.FALLBACK] else key
            idents.append((label, value))
        return PartnerView(p.id, self.loc.text(p.name) or Loc(p.id), p.type, self.loc.ui(f"partner_type_{p.type}"),
                           self.loc.ui(f"partner_kind_{p.type}"), p.country, self.loc.country(p.country), idents,
                           p.url, _web(p.url))

    def skill(self, uri: str) -> SkillView:
        c = self.vocab.concept(uri)
        if c is None:
            return SkillView(uri, Loc(uri), _web(uri))
        # the same fallback as Concept.label: this language, then English, then any
        used = next((lang for lang in (self.lang, "en", *sorted(c.pref_labels)) if lang in c.pref_labels), None)
        label = c.pref_labels[used] if used else uri
        return SkillView(uri, Loc(label, None if used in (self.lang, None) else used), _web(uri))

    def status(self, status: str) -> Markup:
        return self.loc.ui(f"status_{status}")

    def hours(self, unit: "Unit", which: str) -> str:
        return self.loc.number(getattr(unit.hours, which)) if unit.hours else "–"

    def units_of(self, programme: "Programme") -> list[str]:
        return [u for u in dict.fromkeys(programme.units) if u in self.cur.units]

    # pages

    def summary(self, pid: str) -> "ProgrammeSummary":
        """What the index says of a programme."""
        prog = self.cur.programmes[pid]
        path = self.paths.get(pid)
        order = path.order if path and path.order is not None else self.units_of(prog)
        return ProgrammeSummary(pid, self.programme_href(pid), self.programme_links[pid].title, prog.eqf_level,
                                self.loc.number(prog.ecvet_points), self.loc.ui("months", n=prog.duration_months),
                                range(len(order)))

    def programme(self, pid: str) -> ProgrammeView:
        prog = self.cur.programmes[pid]
        loc = self.loc
        view = ProgrammeView(
            pid, self.programme_href(pid), self.programme_links[pid].title, loc.text(prog.description), prog.eqf_level,
            prog.nqf_text, prog.isced_f, loc.ui("months", n=prog.duration_months), loc.number(prog.ecvet_points),
            [self.partners[a] for a in prog.awarding_partners if a in self.partners],
            [self.skill(o) for o in self.project.resolved.programme_occupations.get(pid, [])])
        units = self.units_of(prog)
        path = self.paths.get(pid)
        order = path.order if path and path.order is not None else None
        view.has_order = order is not None
        semester_of = {u: s.number for s in (path.semesters if path else []) for u in s.units}
        for i, uid in enumerate(order if order is not None else units):
            unit = self.cur.units[uid]
            view.rows.append(UnitRow(
                i + 1, self.unit_links[uid], loc.number(unit.ecvet_points), unit.eqf_level,
                self.hours(unit, "school"), self.hours(unit, "workplace"), semester_of.get(uid),
                [self.unit_links[p] for p in unit.prerequisites if p in self.unit_links],
                unit.status, self.status(unit.status)))
        school = sum(self.cur.units[u].hours.school for u in units if self.cur.units[u].hours)
        workplace = sum(self.cur.units[u].hours.workplace for u in units if self.cur.units[u].hours)
        view.totals = {"ecvet_points": loc.number(sum(self.cur.units[u].ecvet_points for u in units)),
                       "school": loc.number(school), "workplace": loc.number(workplace)}
        view.workplace_share = loc.percent(workplace / (school + workplace) if school + workplace else None)
        if path:
            view.semesters = [SemesterView(s.number, [self.unit_links[u] for u in s.units],
                                           loc.number(s.ecvet_points)) for s in path.semesters]
            view.semester_target = loc.number(round(path.target_points, 1))
        if order is not None and 0 < len(order) <= DIAGRAM_MAX_UNITS:
            view.diagram = self.diagram(pid, order, semester_of)
        cov = self.coverage.get(pid)
        for occ in cov.occupations if cov else []:
            e, o = occ.essential, occ.optional
            view.coverage.append(OccupationCoverageView(
                self.skill(occ.uri).label, _web(occ.uri), e.covered, e.total, loc.percent(e.ratio),
                round((e.ratio or 0) * 100, 1), o.covered, o.total, [self.skill(s.uri) for s in e.missing],
                {h.skill.uri: self.skill(h.via.uri).label for h in e.hierarchy}))
        return view

    def diagram(self, pid: str, order: list[str], semester_of: dict[str, int]) -> DiagramView:
        edges = [(pre, uid) for uid in order for pre in self.cur.units[uid].prerequisites]
        titled = {}
        for uid in order:
            lines = textwrap.wrap(self.unit_links[uid].title.text, DIAGRAM_TITLE_CHARS) or [uid]
            if len(lines) > DIAGRAM_TITLE_LINES:
                rest = " ".join(lines[DIAGRAM_TITLE_LINES - 1:])
                lines = lines[:DIAGRAM_TITLE_LINES - 1] + [
                    textwrap.shorten(rest, DIAGRAM_TITLE_CHARS - 1, placeholder=" …")]
            titled[uid] = lines
        # every box as tall as the longest title needs: title lines, then the points line
        box_height = 30 + 16 * max(len(lines) for lines in titled.values())
        # top to bottom reads best; a wide, shallow graph reads better left to right than shrunk
        drawing: Drawing = layered_drawing(order, edges, box_height=box_height)
        if drawing.width > DIAGRAM_MAX_WIDTH:
            sideways = layered_drawing(order, edges, direction="right", box_height=box_height, gap_within=16,
                                       gap_between=64)
            if sideways.width < drawing.width:
                drawing = sideways
        boxes = []
        for b in drawing.boxes:
            unit = self.cur.units[b.id]
            title = self.unit_links[b.id].title.text
            lines = titled[b.id]
            meta = f"{self.loc.number(unit.ecvet_points)} ECVET"
            if b.id in semester_of:
                meta += f" · {self.loc.ui_text('semester')} {semester_of[b.id]}"
            boxes.append(DiagramBox(b.id, self.unit_href(b.id), b.x, b.y, b.width, b.height, lines, meta, title,
                                    unit.status != "approved"))
        return DiagramView(pid, drawing.width, drawing.height, boxes, [a.path for a in drawing.arrows],
                           drawing.direction)

    def unit(self, uid: str, required_by: list[str]) -> UnitView:
        from skillweave.fingerprint import fingerprint

        unit = self.cur.units[uid]
        loc = self.loc
        current = fingerprint(unit, self.project.resolved.skill_uri) if unit.approvals else None
        memberships = []
        for pid in sorted(self.cur.programmes):
            prog = self.cur.programmes[pid]
            if uid not in prog.units:
                continue
            path = self.paths.get(pid)
            order = path.order if path and path.order is not None else self.units_of(prog)
            i = order.index(uid)
            semester = next((s.number for s in (path.semesters if path else []) if uid in s.units), None)
            memberships.append(Membership(
                self.programme_links[pid], i + 1, len(order), semester,
                self.unit_links[order[i - 1]] if i > 0 else None,
                self.unit_links[order[i + 1]] if i + 1 < len(order) else None))
        groups = []
        for t in OUTCOME_TYPES:
            outcomes = [OutcomeView(lo.id, loc.text(lo.statement) or Loc(lo.id),
                                    [self.skill(s) for s in self.project.resolved.outcome_skills.get(lo.id, [])],
                                    loc.text(lo.assessment))
                        for lo in unit.learning_outcomes if lo.type == t]
            if outcomes:
                groups.append(OutcomeGroup(t, loc.ui(f"outcome_type_{t}"), outcomes))
        return UnitView(
            uid, self.unit_href(uid), self.unit_links[uid].title, loc.text(unit.description), unit.eqf_level,
            loc.number(unit.ecvet_points), self.hours(unit, "school"), self.hours(unit, "workplace"),
            self.partners.get(unit.owner), unit.owner,
            [self.partners[c] for c in unit.contributors if c in self.partners],
            [self.unit_links[p] for p in unit.prerequisites if p in self.unit_links],
            [self.unit_links[u] for u in required_by],
            memberships, unit.status, self.status(unit.status), groups,
            [loc.text(m) for m in unit.assessment_methods],
            [ApprovalView(self.partners.get(a.partner), a.partner, a.date.isoformat(), loc.text(a.note),
                          a.fingerprint is not None and a.fingerprint != current)
             for a in sorted(unit.approvals, key=lambda a: (a.date, a.partner))])


def programme_href(pid: str) -> str:
    return f"programme-{pid}.html"


def unit_href(uid: str) -> str:
    return f"unit-{uid}.html"


def _languages(project: "Project") -> tuple[list[str], str]:
    alliance = project.curriculum.alliance
    default = project.default_language
    languages = list(dict.fromkeys(alliance.languages if alliance else [default]))
    if default not in languages:
        languages.insert(0, default)
    return languages, default


def requirers(cur) -> dict[str, list[str]]:
    """unit id -> the units that require it, by id."""
    required_by: dict[str, list[str]] = {u: [] for u in cur.units}
    for uid in sorted(cur.units):
        for pre in cur.units[uid].prerequisites:
            if pre in required_by and uid not in required_by[pre]:
                required_by[pre].append(uid)
    return required_by


def stylesheet() -> str:
    from skillweave.templates import render

    return render("handbook/handbook.css.j2")


def handbook(project: "Project", options: "Options | None" = None) -> dict[str, str]:
    """The handbook as ``{relative path: HTML}``."""
    from skillweave.templates import render

    languages, default = _languages(project)
    cur = project.curriculum
    css = stylesheet()
    csp_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    required_by = requirers(cur)
    files: dict[str, str] = {}
    for lang in languages:
        b = _Builder(project, lang, default)
        loc = b.loc
        alliance = cur.alliance
        site = b.site()

        def page(template: str, filename: str, title: str, crumbs: list[tuple[Any, str | None]], **context):
            switch = [{"code": other, "name": i18n.language_name(other), "href": f"../{other}/{filename}",
                       "current": other == lang} for other in languages]
            files[f"{lang}/{filename}"] = render(
                f"handbook/{template}", lang=lang, t=loc.ui, t_text=loc.ui_text, site=site, title=title,
                crumbs=crumbs, languages=switch, css=Markup(css), csp_hash=csp_hash, default_lang=default,
                number=loc.number, partner_names={p.id: p.name for p in b.partners.values()},
                partner_href=b.partner_href, **context)

        # the index lists the programmes (summary); each page is one part of the programme
        programmes = [b.summary(pid) for pid in sorted(cur.programmes)]
        partners, by_type = b.partner_groups()
        countries = sorted({p.country for p in partners}, key=lambda c: (loc.country(c).text.casefold(), c))
        counts = Counter((p.country, p.type) for p in partners)
        units = sorted((b.unit_links[u] for u in cur.units), key=lambda u: (u.title.text.casefold(), u.id))
        home = loc.ui_text("handbook")
        page("index.html.j2", "index.html", home, [],
             alliance=alliance, sector=alliance.sector if alliance else None,
             sector_label=loc.text(alliance.sector.label) if alliance and alliance.sector else None,
             description=loc.text(alliance.description) if alliance else None,
             language_names=[(code, i18n.language_name(code)) for code in languages],
             programmes=programmes, units=[(u, cur.units[u.id], b.status(cur.units[u.id].status)) for u in units],
             partner_groups=by_type, countries=[(c, loc.country(c)) for c in countries],
             country_types=[t for t, _, _ in by_type], counts=counts)
        for summary in programmes:
            def programme_page(pid: str = summary.id) -> str:
                view = b.programme(pid)
                page("programme.html.j2", view.href, view.title.text, [(site["name"], "index.html")], programme=view)
                return files[f"{lang}/{view.href}"]

            files[f"{lang}/{summary.href}"] = parts.of(project).page("html", f"{lang}/{summary.href}",
                                                                     f"programme/{summary.id}", programme_page)
        for uid in sorted(cur.units):
            def unit_page(uid: str = uid) -> str:
                view = b.unit(uid, required_by[uid])
                crumbs: list[tuple[Any, str | None]] = [(site["name"], "index.html")]
                if len(view.memberships) == 1:
                    crumbs.append((view.memberships[0].programme.title, view.memberships[0].programme.href))
                page("unit.html.j2", view.href, view.title.text, crumbs, unit=view,
                     approval_rule=alliance.approval if alliance else None)
                return files[f"{lang}/{view.href}"]

            # a unit's page is one of its parts: an unchanged neighbourhood keeps last build's page
            rel = f"{lang}/{b.unit_href(uid)}"
            files[rel] = parts.of(project).page("html", rel, uid, unit_page)
    files["index.html"] = render("handbook/redirect.html.j2", lang=default, default=default,
                                 languages=[(code, i18n.language_name(code)) for code in languages],
                                 title=Localiser(default, default).ui_text("handbook"),
                                 site_name=Localiser(default, default).text(cur.alliance.name) if cur.alliance else "",
                                 css=Markup(css), csp_hash=csp_hash)
    return dict(sorted(files.items()))
