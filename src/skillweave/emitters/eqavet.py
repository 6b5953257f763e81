"""The EQAVET quality report (analyses/eqavet.py) as JSON, XML, RDF Data Cube (Turtle) and an
HTML dashboard.

Every format holds the same figures for one period and applies the same disclosure control
(:mod:`skillweave.analyses.disclosure`): a count of fewer than 5 people, a figure about a group of
fewer than 5, and any figure that would reveal one is ``suppressed``, never a number. No personal
data: counts, rates and the providers' declared texts only.

* JSON: ``{"period", "reference_date", "ended_cohorts", "scopes": [{"scope", "id", "indicators": {"1a" ...
  "10b"}}], "cohorts"}``;
* XML: namespace :data:`XML_NS`, schema ``skillweave/data/quality-report.xsd`` (:func:`xsd_path`);
* Turtle: a ``qb:DataSet`` with its ``qb:DataStructureDefinition``; each figure is a
  ``qb:Observation`` with the dimensions indicator, provider, programme, period, measure and
  breakdown, the measure ``sw:value`` and the attributes status, unit and denominator;
* HTML: a printable dashboard with inline SVG charts and no scripts.
"""

from __future__ import annotations

from skillweave.formats import jsontext

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from skillweave.analyses.eqavet import (
    ALL,
    GROUPS,
    INDICATOR_TITLES,
    MIN_DENOMINATOR,
    SUPPRESSED,
    Count,
    QualityReport,
    Rate,
    Scope,
)
from skillweave.formats import numbers, rdf
from skillweave.formats.rdf import RDF, RDFS, XSD
from skillweave.model import TRACKING_POINTS, Declared, Text

if TYPE_CHECKING:  # pragma: no cover
    from skillweave.emitters import Options
    from skillweave.model import Project

XML_NS = "urn:skillweave:quality:1"
#: skillweave's vocabulary for the quality cube (dimensions, measure, attributes, code lists)
SW = "urn:skillweave:quality#"
QB = "http://purl.org/linked-data/cube#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"


def xsd_path() -> Path:
    """The XML schema that every XML quality report validates against (shipped in the package)."""
    return Path(str(resources.files("skillweave") / "data" / "quality-report.xsd"))


# --- JSON ---------------------------------------------------------------------------------------

def report_json(report: QualityReport) -> str:
    return jsontext.dumps(report.as_json())


# --- XML ----------------------------------------------------------------------------------------

def report_xml(report: QualityReport) -> str:
    from skillweave.formats.xml import LXML_DECLARATION, Namespace, serialise

    x = Namespace(XML_NS)

    def rate(parent, tag: str, r: Rate, **attrs: str):
        el = x.el(parent, tag)
        for k, v in attrs.items():
            el.set(k, v)
        if r.suppressed:
            el.text = SUPPRESSED
        elif r.value is None:
            el.text = "not-available"
        else:
            el.set("numerator", str(r.numerator))
            el.set("denominator", str(r.denominator))
            el.text = numbers.decimal(r.value)
        return el

    def count(c: Count) -> str:
        return SUPPRESSED if c.suppressed else str(c.value)

    def texts(parent, tag: str, t: Text) -> None:
        for lang, value in sorted(t.root.items()):
            el = x.el(parent, tag, lang=lang)
            el.text = value

    def declared(parent, tag: str, pid: str, d: Declared) -> None:
        el = x.el(parent, tag, provider=pid)
        texts(el, "text", d.text)
        ev = d.evidence
        if ev is not None:
            e = x.el(el, "evidence")
            if ev.value is not None:
                e.set("value", numbers.decimal(ev.value))
                texts(e, "description", ev.description)  # type: ignore[arg-type]
            else:
                texts(e, "text", ev.text)  # type: ignore[arg-type]

    def breakdown(el, tag: str, b, code: str) -> None:
        for g, r in b.by_gender.items():
            rate(el, tag, r, indicator=code, gender=g)
        for band, r in b.by_age.items():
            rate(el, tag, r, indicator=code, ageBand=band)

    root = x.root("qualityReport")
    root.set("alliance", report.alliance)
    root.set("minDenominator", str(MIN_DENOMINATOR))
    if report.reference_date is not None:
        root.set("referenceDate", report.reference_date.isoformat())
    period = x.el(root, "period", id=report.period.id, label=report.period.label)
    for c in report.period.cohorts:
        x.el(period, "cohort").text = c
    for c in report.ended_cohorts:
        x.el(period, "endedCohort").text = c
    for pr in report.periods:
        for s in pr.scopes:
            i = s.indicators
            el = x.el(root, "scope", kind=s.kind, id=s.id, period=pr.period.id)
            if s.title is not None:
                texts(el, "name", s.title)
            rate(el, "internalQa", i.qa_internal, indicator="1a")
            rate(el, "accreditedQa", i.qa_accredited, indicator="1b")
            rate(el, "staffInTraining", i.staff_in_training, indicator="2a")
            inv = x.el(el, "trainingInvestment", indicator="2b")
            if i.investment.total_eur is not None:
                inv.set("teachersAndTrainers", count(i.investment.teachers))
                x.el(inv, "totalEur").text = numbers.decimal(i.investment.total_eur)
                per = i.investment.per_teacher_eur
                x.el(inv, "perTeacherEur").text = SUPPRESSED if per is None else numbers.decimal(per)
            p = i.participants
            part = x.el(el, "participants", indicator="3", total=count(p.total))
            for pid, n in p.by_provider.items():
                x.el(part, "byProvider", count=count(n), provider=pid)
            for g, n in p.by_gender.items():
                x.el(part, "byGender", count=count(n), gender=g)
            for d, n in p.by_disadvantaged.items():
                x.el(part, "byDisadvantaged", count=count(n), disadvantaged=d)
            for band, n in p.by_age.items():
                x.el(part, "byAge", count=count(n), ageBand=band)
            c = i.completion
            comp = rate(el, "completion", c.rate if c.cohorts else Rate(0, 0, declared=False), indicator="4")
            if c.cohorts:
                for attr, n in (("entrants", c.entrants), ("completed", c.completed), ("left", c.left),
                                ("stillEnrolled", c.still_enrolled)):
                    comp.set(attr, count(n))
            for m in TRACKING_POINTS:
                for group in GROUPS:
                    dest = i.destinations[(group, m)]
                    d_el = x.el(el, "destinations", indicator=f"5a_{m}", months=str(m), group=group,
                                            tracked=count(dest.tracked))
                    for status, r in dest.shares.items():
                        rate(d_el, "share", r, status=status)
            for m in TRACKING_POINTS:
                rate(el, "employment", i.employment[m], indicator=f"5b_{m}", months=str(m))
            for m in TRACKING_POINTS:
                rate(el, "relatedJob", i.job_related[m], indicator=f"6a_{m}", months=str(m))
            for code, by_months in (("6b1", i.learner_satisfaction), ("6b2", i.employer_satisfaction)):
                for m in TRACKING_POINTS:
                    sat = by_months[m]
                    rate(el, "satisfied", sat.rate, indicator=f"{code}_{m}", months=str(m),
                         answers=count(sat.answers))
            un = x.el(el, "unemployment", indicator="7")
            for pid, u in i.unemployment.items():
                region = x.el(un, "region", provider=pid, percent=numbers.decimal(u.value), year=f"{u.year:04d}")
                texts(region, "source", u.source)
            rate(el, "disadvantagedShare", i.disadvantaged_share.total, indicator="8a")
            breakdown(el, "disadvantagedShare", i.disadvantaged_share, "8a")
            dc = rate(el, "disadvantagedCompletion", i.disadvantaged_completion.total if c.cohorts
                      else Rate(0, 0, declared=False), indicator="8b")
            if c.cohorts:
                dc.set("entrants", count(i.disadvantaged_entrants))
                dc.set("completed", count(i.disadvantaged_completers))
                breakdown(el, "disadvantagedCompletion", i.disadvantaged_completion, "8b")
            needs = x.el(el, "needsMechanisms", indicator="9a")
            for pid, items in i.needs_mechanisms.items():
                for d in items:
                    declared(needs, "mechanism", pid, d)
            ev = x.el(el, "curriculumEvidence", indicator="9b", programmes=str(i.evidence.programmes))
            rate(ev, "essentialCoverage", i.evidence.essential_coverage)
            rate(ev, "employerApproval", i.evidence.employer_approval)
            access = x.el(el, "accessSchemes", indicator="10a")
            for pid, items in i.access_schemes.items():
                for d in items:
                    declared(access, "scheme", pid, d)
    return serialise(root, LXML_DECLARATION).decode("utf-8")


# --- RDF Data Cube (Turtle) ---------------------------------------------------------------------

class _Cube:
    """The triples of the Data Cube, written by the one Turtle writer (:mod:`skillweave.formats.rdf`)."""

    PREFIXES = (("dct", DCT), ("qb", QB), ("rdf", RDF), ("rdfs", RDFS), ("skos", SKOS), ("sw", SW), ("xsd", XSD))

    def __init__(self) -> None:
        self.triples: set[rdf.Triple] = set()

    def add(self, s: str, p: str, o: "rdf.Iri | rdf.Lit") -> None:
        self.triples.add((s, rdf.RDF_TYPE if p == "a" else p, o))

    @staticmethod
    def iri(iri: str) -> rdf.Iri:
        return rdf.Iri(iri)

    @staticmethod
    def text(value: str, lang: str | None = None) -> rdf.Lit:
        return rdf.Lit(value, lang=lang or "")

    @staticmethod
    def typed(value: str, datatype: str) -> rdf.Lit:
        return rdf.Lit(value, datatype=XSD + datatype)

    def serialise(self) -> str:
        return rdf.turtle(rdf.group(self.triples, self.PREFIXES), self.PREFIXES)


#: dimension property (local name) -> label, in the DSD's order
DIMENSIONS = (("indicator", "EQAVET indicator"), ("provider", "VET provider (or all providers)"),
              ("programme", "programme (or all programmes)"), ("period", "period (entry cohort or all)"),
              ("measure", "what the value measures"), ("breakdown", "part of the scope the value describes"))
ATTRIBUTES = (("status", "published or suppressed (disclosure control)", True),
              ("unit", "unit of the value", True),
              ("denominator", "the number a share is taken of", False),
              ("referenceYear", "year the declared figure refers to", False),
              ("source", "where the declared figure comes from", False))
MEASURES = {
    "share": ("share (0 to 1)", "fraction"),
    "count": ("count", None),
    "amount-eur": ("amount", "EUR"),
    "amount-eur-per-teacher": ("amount per teacher or trainer", "EUR per teacher or trainer"),
    "percent": ("percentage", "percent"),
    "figure": ("declared figure", "as described"),
    "statement": ("declared text", "text"),
}


_BREAKDOWNS = {
    "total": "the whole scope",
    "teachers-and-trainers": "teachers and trainers",
    "entrants": "entrants of the entry cohorts whose nominal duration has ended",
    "completed": "learners who completed",
    "left": "learners who left",
    "still-enrolled": "learners still enrolled",
    "completers-tracked": "completers tracked",
    "leavers-tracked": "early leavers tracked",
    "answers": "answers",
    "evidence": "declared evidence of effectiveness",
    "essential-skills": "essential skills of the target occupations",
    "essential-skills-covered": "essential skills of the target occupations that the learning outcomes cover",
    "programme-units": "units of the programmes",
    "units-approved-by-employer": "units of the programmes approved by an employer",
}


def _breakdown_label(part: str) -> str:
    if part in _BREAKDOWNS:
        return _BREAKDOWNS[part]
    kind, _, value = part.partition("-")
    if kind == "gender":
        return f"participants of gender {value}"
    if kind == "disadvantaged":
        return f"participants whose disadvantaged status is {value}"
    if kind == "age":
        return f"participants aged {value.replace('-', ' ')} on entry"
    if kind == "completers" or kind == "leavers":
        return f"{'completers' if kind == 'completers' else 'early leavers'} whose status is {value}"
    if kind == "item":
        return f"declared item {value}"
    if kind == "evidence":
        return f"evidence of declared item {value}"
    raise KeyError(part)


def report_turtle(report: QualityReport, base: str, alliance_name: Text | None = None) -> str:
    t = _Cube()
    sw = SW
    qb = QB
    a = "a"
    # the vocabulary: structure, components and code lists (the same in every report)
    dsd = sw + "structure"
    t.add(dsd, a, t.iri(qb + "DataStructureDefinition"))
    t.add(dsd, RDFS + "label", t.text("EQAVET quality indicators (skillweave)", "en"))
    order = 0
    for name, label in DIMENSIONS:
        order += 1
        prop, comp = sw + name, sw + f"component-{name}"
        t.add(prop, a, t.iri(qb + "DimensionProperty"))
        t.add(prop, a, t.iri(RDF + "Property"))
        t.add(prop, RDFS + "label", t.text(label, "en"))
        if name in ("indicator", "measure", "breakdown"):
            t.add(prop, RDFS + "range", t.iri(SKOS + "Concept"))
            t.add(prop, qb + "codeList", t.iri(sw + f"{name}s"))
        else:  # organisations, programmes and periods of the workspace (URIs under its base URI)
            t.add(prop, RDFS + "range", t.iri(RDFS + "Resource"))
        t.add(dsd, qb + "component", t.iri(comp))
        t.add(comp, a, t.iri(qb + "ComponentSpecification"))
        t.add(comp, qb + "dimension", t.iri(prop))
        t.add(comp, qb + "componentProperty", t.iri(prop))  # the normalised form, for validators
        t.add(comp, qb + "order", t.typed(str(order), "integer"))
    t.add(sw + "value", a, t.iri(qb + "MeasureProperty"))
    t.add(sw + "value", a, t.iri(RDF + "Property"))
    t.add(sw + "value", RDFS + "label", t.text("value (a number, a declared text, or \"suppressed\")", "en"))
    t.add(dsd, qb + "component", t.iri(sw + "component-value"))
    t.add(sw + "component-value", a, t.iri(qb + "ComponentSpecification"))
    t.add(sw + "component-value", qb + "measure", t.iri(sw + "value"))
    t.add(sw + "component-value", qb + "componentProperty", t.iri(sw + "value"))
    for name, label, required in ATTRIBUTES:
        prop, comp = sw + name, sw + f"component-{name}"
        t.add(prop, a, t.iri(qb + "AttributeProperty"))
        t.add(prop, a, t.iri(RDF + "Property"))
        t.add(prop, RDFS + "label", t.text(label, "en"))
        t.add(dsd, qb + "component", t.iri(comp))
        t.add(comp, a, t.iri(qb + "ComponentSpecification"))
        t.add(comp, qb + "attribute", t.iri(prop))
        t.add(comp, qb + "componentProperty", t.iri(prop))
        t.add(comp, qb + "componentRequired", t.typed("true" if required else "false", "boolean"))
        t.add(comp, qb + "componentAttachment", t.iri(qb + "Observation"))

    def concept(scheme: str, local: str, label: str, notation: str | None = None) -> str:
        uri = sw + local
        t.add(uri, a, t.iri(SKOS + "Concept"))
        t.add(uri, SKOS + "inScheme", t.iri(sw + scheme))
        t.add(uri, SKOS + "prefLabel", t.text(label, "en"))
        if notation is not None:
            t.add(uri, SKOS + "notation", t.text(notation))
        t.add(sw + scheme, a, t.iri(SKOS + "ConceptScheme"))
        return uri

    for code, title in INDICATOR_TITLES.items():
        concept("indicators", f"indicator-{code.replace('_', '-')}", title, code)
    for code, (label, _unit) in MEASURES.items():
        concept("measures", f"measure-{code}", label)
    for local in ("published", "suppressed"):
        concept("statuses", local, {
            "published": "published",
            "suppressed": f"suppressed: about fewer than {MIN_DENOMINATOR} people, or would reveal such a figure",
        }[local])
    all_providers = concept("providers", "all-providers", "all VET providers of the scope")
    all_programmes = concept("programmes", "all-programmes", "all programmes of the scope")

    # the dataset and the period
    dataset = f"{base}quality/dataset"
    t.add(dataset, a, t.iri(qb + "DataSet"))
    t.add(dataset, qb + "structure", t.iri(dsd))
    t.add(dataset, DCT + "title", t.text(f"EQAVET quality indicators of {report.alliance}", "en"))
    if alliance_name is not None:
        for lang, name in sorted(alliance_name.root.items()):
            t.add(dataset, DCT + "publisher", t.text(name, lang))
    if report.reference_date is not None:
        t.add(dataset, DCT + "temporal", t.typed(report.reference_date.isoformat(), "date"))
    period_id = report.period.id

    def observe(scope: Scope, code: str, measure: str, part: str, value: rdf.Lit | None, suppressed: bool = False,
                denominator: int | None = None, provider: str | None = None, unit: str | None = None,
                extra: list[tuple[str, rdf.Lit]] = ()) -> None:
        prov = provider or (scope.id if scope.kind == "provider" else None)
        prog = scope.id if scope.kind == "programme" else None
        prov_uri = f"{base}organisation/{prov}" if prov else all_providers
        prog_uri = f"{base}programme/{prog}" if prog else all_programmes
        ind = code.replace("_", "-")
        obs = f"{base}quality/observation/{period_id}/{prov or 'all'}/{prog or 'all'}/{ind}/{measure}/{part}"
        concept("breakdowns", part, _breakdown_label(part))
        t.add(obs, a, t.iri(qb + "Observation"))
        t.add(obs, qb + "dataSet", t.iri(dataset))
        t.add(obs, sw + "indicator", t.iri(sw + f"indicator-{ind}"))
        t.add(obs, sw + "provider", t.iri(prov_uri))
        t.add(obs, sw + "programme", t.iri(prog_uri))
        t.add(obs, sw + "period", t.iri(f"{base}quality/period/{period_id}"))
        t.add(obs, sw + "measure", t.iri(sw + f"measure-{measure}"))
        t.add(obs, sw + "breakdown", t.iri(sw + part))
        t.add(obs, sw + "value", t.text(SUPPRESSED) if suppressed else value)
        t.add(obs, sw + "status", t.iri(sw + ("suppressed" if suppressed else "published")))
        t.add(obs, sw + "unit", t.text(unit or MEASURES[measure][1] or "count"))
        if denominator is not None:
            t.add(obs, sw + "denominator", t.typed(str(denominator), "integer"))
        for p, o in extra:
            t.add(obs, p, o)

    def share(scope: Scope, code: str, r: Rate, part: str = "total") -> None:
        if r.value is None and not r.suppressed:
            return  # nothing to compute it from
        observe(scope, code, "share", part, None if r.suppressed else t.typed(numbers.decimal(r.value), "decimal"),
                r.suppressed, None if r.suppressed else r.denominator)

    def count(scope: Scope, code: str, n: Count, part: str, unit: str, provider: str | None = None) -> None:
        observe(scope, code, "count", part, None if n.suppressed else t.typed(str(n.value), "integer"), n.suppressed,
                provider=provider, unit=unit)

    def texts(scope: Scope, code: str, items: list[Text], part: str = "item") -> None:
        for n, item in enumerate(items, 1):
            for lang, value in sorted(item.root.items()):
                observe(scope, code, "statement", f"{part}-{n}", t.text(value, lang))

    for pr in report.periods:
        period_id = pr.period.id
        period = f"{base}quality/period/{period_id}"
        t.add(period, RDFS + "label", t.text(pr.period.label, "en"))
        t.add(period, SKOS + "notation", t.text(period_id))
        for s in pr.scopes:
            i = s.indicators
            share(s, "1a", i.qa_internal)
            share(s, "1b", i.qa_accredited)
            share(s, "2a", i.staff_in_training)
            if i.investment.total_eur is not None:
                count(s, "2b", i.investment.teachers, "teachers-and-trainers", "teachers and trainers")
                observe(s, "2b", "amount-eur", "total", t.typed(numbers.decimal(i.investment.total_eur), "decimal"))
                per = i.investment.per_teacher_eur
                observe(s, "2b", "amount-eur-per-teacher", "total",
                        None if per is None else t.typed(numbers.decimal(per), "decimal"),
                        per is None)
            p = i.participants
            count(s, "3", p.total, "total", "participants")
            for g, n in p.by_gender.items():
                count(s, "3", n, f"gender-{g}", "participants")
            for d, n in p.by_disadvantaged.items():
                count(s, "3", n, f"disadvantaged-{d}", "participants")
            for b, n in p.by_age.items():
                count(s, "3", n, f"age-{b}", "participants")
            if s.kind == "programme":  # per provider within the programme (alliance-wide: the provider scopes)
                for pid, n in p.by_provider.items():
                    count(s, "3", n, "total", "participants", provider=pid)
            c = i.completion
            if c.cohorts:
                share(s, "4", c.rate)
                for part, n in (("entrants", c.entrants), ("completed", c.completed), ("left", c.left),
                                ("still-enrolled", c.still_enrolled)):
                    count(s, "4", n, part, "learners")
            for m in TRACKING_POINTS:
                for group in GROUPS:
                    dest = i.destinations[(group, m)]
                    count(s, f"5a_{m}", dest.tracked, f"{group}-tracked", group)
                    for status, r in dest.shares.items():
                        share(s, f"5a_{m}", r, f"{group}-{status}")
                share(s, f"5b_{m}", i.employment[m])
                share(s, f"6a_{m}", i.job_related[m])
            for code, by_months in (("6b1", i.learner_satisfaction), ("6b2", i.employer_satisfaction)):
                for m in TRACKING_POINTS:
                    share(s, f"{code}_{m}", by_months[m].rate)
                    count(s, f"{code}_{m}", by_months[m].answers, "answers", "answers")
            for code, b in (("8a", i.disadvantaged_share), ("8b", i.disadvantaged_completion)):
                if code == "8b" and not c.cohorts:
                    continue
                share(s, code, b.total)
                for g, r in b.by_gender.items():
                    share(s, code, r, f"gender-{g}")
                for band, r in b.by_age.items():
                    share(s, code, r, f"age-{band}")
            if c.cohorts:
                count(s, "8b", i.disadvantaged_entrants, "entrants", "learners")
                count(s, "8b", i.disadvantaged_completers, "completed", "learners")
            ev = i.evidence
            share(s, "9b", ev.essential_coverage, "essential-skills-covered")
            share(s, "9b", ev.employer_approval, "units-approved-by-employer")
            observe(s, "9b", "count", "essential-skills", t.typed(str(ev.essential_skills), "integer"), unit="skills")
            observe(s, "9b", "count", "programme-units", t.typed(str(ev.units), "integer"), unit="units")
            # declared figures and texts belong to one provider: observations of the provider scope
            if s.kind == "provider" and pr.period.id == report.period.id:
                u = i.unemployment.get(s.id)
                if u is not None:
                    extra = [(sw + "referenceYear", t.typed(f"{u.year:04d}", "gYear"))]
                    extra += [(sw + "source", t.text(v, lang)) for lang, v in sorted(u.source.root.items())]
                    observe(s, "7", "percent", "total", t.typed(numbers.decimal(u.value), "decimal"), extra=extra)
                for code, ev_code, items in (("9a", "9b", i.needs_mechanisms.get(s.id, [])),
                                             ("10a", "10b", i.access_schemes.get(s.id, []))):
                    texts(s, code, [d.text for d in items])
                    for n, d in enumerate(items, 1):
                        e = d.evidence
                        if e is None:
                            continue
                        if e.value is not None:
                            extra = [(sw + "source", t.text(v, lang)) for lang, v in sorted(e.description.root.items())]
                            observe(s, ev_code, "figure", f"evidence-{n}", t.typed(numbers.decimal(e.value), "decimal"),
                                    extra=extra)
                        else:
                            for lang, v in sorted(e.text.root.items()):  # type: ignore[union-attr]
                                observe(s, ev_code, "statement", f"evidence-{n}", t.text(v, lang))
    return t.serialise()


# --- HTML ---------------------------------------------------------------------------------------

def report_html(report: QualityReport, project: "Project", lang: str | None = None) -> str:
    from skillweave.emitters import eqavet_html as quality_html
    from skillweave.errors import OptionError

    alliance = project.curriculum.alliance
    languages = list(alliance.languages) if alliance is not None else [project.default_language]
    if lang is not None and lang not in languages:
        raise OptionError(f"--lang {lang}: not a language of the alliance ({', '.join(languages)})")
    return quality_html.render(report, project, lang or project.default_language)


# -- the formats of the registry: (project, options) -> text ------------------------------------

def _report(project: "Project", options: "Options") -> QualityReport:
    """The indicators of ``options.period`` (every learner: the project's own report)."""
    from skillweave.analyses import eqavet

    return project.quality if options.period == ALL else eqavet.analyse(project, options.period)


def as_json(project: "Project", options: "Options") -> str:
    return report_json(_report(project, options))


def as_xml(project: "Project", options: "Options") -> str:
    return report_xml(_report(project, options))


def as_turtle(project: "Project", options: "Options") -> str:
    alliance = project.curriculum.alliance
    return report_turtle(_report(project, options), project.base_uri, alliance.name if alliance else None)


def as_html(project: "Project", options: "Options") -> str:
    return report_html(_report(project, options), project, options.lang)
