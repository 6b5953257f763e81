"""Personal transcripts: what they contain (exact, on the demo's records), the ELMO schema, golden
files, files only their owner can read, determinism, and nothing written for a broken workspace.

Regenerate the golden files after an intended change with
``SKILLWEAVE_REGENERATE_GOLDEN=1 python -m pytest tests/test_transcripts.py`` and review the diff.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from skillweave.analyses import transcripts as analysis
from skillweave.cli.main import cli
from skillweave.cohort import write_documents
from skillweave.emitters import get, outputs, transcript_elmo, transcript_html
from skillweave.formats import strings as labels
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO, copy_workspace

GOLDEN = Path(__file__).resolve().parent / "golden" / "transcripts"
REGENERATE = os.environ.get("SKILLWEAVE_REGENERATE_GOLDEN") == "1"
ELMO = "{https://github.com/emrex-eu/elmo-schemas/tree/v1}"
#: the units of a report: courses under the programme
UNITS = f"{ELMO}learningOpportunitySpecification/{ELMO}hasPart/{ELMO}learningOpportunitySpecification"
SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False)

TRANSCRIPT_FORMATS = outputs("transcripts")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def demo():
    project = check(REPO)
    assert not project.has_errors
    return {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}


def elmo_schema(shared: Path) -> etree.XMLSchema:
    """The ELMO schema with its imports read from the local copies that catalog.xml names (never
    from the network)."""
    folder = shared / "standards" / "elmo"
    catalog = etree.parse(str(folder / "catalog.xml"), etree.XMLParser(**SAFE))
    local = {(e.get("name") or e.get("systemId")): str(folder / e.get("uri"))
             for e in catalog.getroot() if isinstance(e.tag, str)}

    class Catalog(etree.Resolver):
        def resolve(self, url, pubid, context):
            return self.resolve_filename(local[url], context) if url in local else None

    parser = etree.XMLParser(**SAFE)
    parser.resolvers.add(Catalog())
    return etree.XMLSchema(etree.parse(str(folder / "schema.xsd"), parser))


# --- what a transcript holds ------------------------------------------------------------------

def test_points_per_learner(demo):
    # sums of the units' ECVET points over the passed units in learners/results.csv, by hand
    expected = {
        "roc-2024-01": 90,   # completed: all 12 units, one abroad (pv-design at BBS Hannover)
        "roc-2025-05": 72,   # 9 units passed; solar-thermal failed: 6+8+6+6+8+12+6+8+12
        "roc-2023-05": 20,   # left after 3 units: 6+8+6
        "CG_2023.0102": 14,  # left after 2 units (Campus Gent writes its ids as its SIS does)
        "bbs-2024-03": 34,   # left after 5 units: 6+8+6+6+8
        "bbs-2026-01": 6,    # electrical-safety passed, electrical-fundamentals failed
        "roc-2026-02": 14,
    }
    assert {lid: demo[lid].points for lid in expected} == expected
    assert len(demo) == 43  # 44 learners, one with no passed unit


def test_a_learner_with_no_passed_unit_gets_no_transcript(demo, demo_workspace, tmp_path):
    assert "roc-2026-01" not in demo
    for fmt in ("html", "elmo"):
        result = run("transcripts", str(demo_workspace), "--format", fmt, "-o", str(tmp_path / fmt))
        assert result.exit_code == 0, result.output
        names = sorted(p.name for p in (tmp_path / fmt).iterdir())
        assert len(names) == 43
        assert not [n for n in names if n.startswith("roc-2026-01")]
        assert "1 learner has no passed unit and no transcript" in result.output


def test_a_failed_unit_is_absent(demo, tmp_path):
    t = demo["roc-2025-05"]
    assert [u.unit.id for u in t.units] == [
        "electrical-safety", "electrical-fundamentals", "technical-drawings", "site-materials", "pv-design",
        "pv-installation", "pipework-brazing", "refrigeration-fundamentals", "heat-pump-installation"]
    xml = transcript_elmo.render(t)["roc-2025-05.xml"].decode()
    html = transcript_html.render(t)["roc-2025-05.html"]
    assert "solar-thermal" not in xml and "solar-thermal" not in html
    for title in ("Installing solar thermal systems", "Solarthermie"):
        assert title not in xml and title not in html
    assert "failed" not in xml


def test_a_unit_failed_then_passed_shows_the_passed_result_once(demo):
    t = demo["roc-2024-01"]
    units = [u for u in t.units if u.unit.id == "electrical-fundamentals"]
    assert len(units) == 1
    assert (units[0].result.grade, units[0].result.date.isoformat()) == ("6", "2024-12-12")
    root = transcript_elmo.build(t)
    los = [e for e in root.iter(ELMO + "learningOpportunitySpecification")
           if e.findtext(ELMO + "identifier") == "electrical-fundamentals"]
    assert len(los) == 1
    loi = los[0].find(f"{ELMO}specifies/{ELMO}learningOpportunityInstance")
    assert (loi.findtext(ELMO + "date"), loi.findtext(ELMO + "resultLabel")) == ("2024-12-12", "6")


def test_mobility_units_are_credited_to_the_host(demo):
    t = demo["roc-2024-01"]
    abroad = [u for u in t.units if u.abroad]
    assert [(u.unit.id, u.assessed_by.id, u.mobility.mobility_id) for u in abroad] == [
        ("pv-design", "bbs-hannover", "m-roc-2024-01")]
    root = transcript_elmo.build(t)
    reports = root.findall(ELMO + "report")
    summary = []
    for report in reports:
        issuer = report.find(ELMO + "issuer")
        units = [los.findtext(ELMO + "identifier") for los in report.iterfind(UNITS)]
        points = sum(float(v.text) for v in report.iter(ELMO + "value") if v.getparent().tag == ELMO + "credit")
        summary.append((issuer.findtext(f"{ELMO}identifier[@type='pic']"), issuer.findtext(ELMO + "country"),
                        len(units), points, "pv-design" in units))
    # the home partner (ROC Midden, PIC 948512376) first, listing pv-design as recognised (the
    # mobility has recognised_on), then the host (BBS Hannover, PIC 949023418) that assessed it
    assert summary == [("948512376", "NL", 12, 90.0, True), ("949023418", "DE", 1, 8.0, True)]
    host_loi = reports[1].find(f"{UNITS}/{ELMO}specifies/{ELMO}learningOpportunityInstance")
    assert host_loi.findtext(ELMO + "start") == "2025-03-03"  # the mobility's start
    assert host_loi.findtext(ELMO + "date") == "2025-04-25"
    assert (host_loi.findtext(ELMO + "gradingSchemeLocalId"), host_loi.findtext(ELMO + "resultLabel")) == ("de-1-6", "2")
    assert host_loi.findtext(f"{ELMO}credit/{ELMO}scheme") == "ecvet"
    mobility = host_loi.find(".//{urn:skillweave:elmo-extension:1}mobility")
    assert dict(mobility.attrib) == {"id": "m-roc-2024-01", "home": "roc-midden", "host": "bbs-hannover",
                                     "start": "2025-03-03", "end": "2025-04-25", "recognisedOn": "2025-05-09"}
    html = transcript_html.render(t)["roc-2024-01.html"]
    assert html.count("Assessed by BBS Technik Hannover during mobility m-roc-2024-01; recognised by "
                      "ROC Midden Techniek on 2025-05-09.") == 1
    assert ("Bewertet von BBS Technik Hannover während der Mobilität m-roc-2024-01; anerkannt von "
            "ROC Midden Techniek am 2025-05-09.") in html


def test_every_demo_mobility_unit_is_credited_to_its_host(demo):
    abroad = sorted((t.learner_id, u.unit.id, u.assessed_by.id) for t in demo.values() for u in t.units if u.abroad)
    assert abroad == [
        ("CG_2024.0101", "pv-installation", "roc-midden"),
        ("bbs-2023-01", "commissioning-maintenance", "roc-midden"),
        ("bbs-2024-02", "refrigeration-fundamentals", "campus-gent"),
        ("roc-2024-01", "pv-design", "bbs-hannover"),
        ("roc-2024-03", "pv-installation", "solarwerk"),
        ("roc-2025-02", "pipework-brazing", "waermetechnik-nord"),
    ]


def test_outcomes_named_by_the_result_or_all_of_the_unit(base_workspace):
    results = base_workspace / "learners/results.csv"
    results.write_text(results.read_text() + "l-001,wiring,vet-a,2025-02-20,passed,7,wiring-2\n")
    project = check(base_workspace)
    assert not project.has_errors, project.diagnostics
    t = {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}["l-001"]
    assert [(u.unit.id, [lo.id for lo in u.outcomes]) for u in t.units] == [
        ("safety", ["safety-1", "safety-2"]),  # the result names none: all of the unit's
        ("wiring", ["wiring-2"]),
    ]
    assert t.points == 10 + 25
    assert "wiring-1" not in transcript_elmo.render(t)["l-001.xml"].decode()


def test_the_latest_passed_result_counts_and_sets_the_records_date(base_workspace):
    results = base_workspace / "learners/results.csv"
    results.write_text(results.read_text() + "l-001,safety,vet-a,2025-03-01,passed,9,\n")
    project = check(base_workspace)
    t = {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}["l-001"]
    assert [(u.unit.id, u.result.grade) for u in t.units] == [("safety", "9")]
    assert t.issued.isoformat() == "2025-03-01"
    assert b"<generatedDate>2025-03-01T00:00:00Z</generatedDate>" in transcript_elmo.render(t)["l-001.xml"]


def test_languages_are_the_programmes_with_the_default_first(demo):
    t = demo["bbs-2023-01"]
    assert t.languages == ("en", "nl", "de")
    html = transcript_html.render(t)["bbs-2023-01.html"]
    for lang in t.languages:
        assert f'<article class="doc lang-{lang}" lang="{lang}">' in html
    assert html.count(' checked>') == 1 and 'id="lang-en" aria-label="English" checked' in html
    assert "Persoonlijk overzicht van behaalde eenheden (ECVET)" in html
    assert "Installateur/in für Solar- und Wärmepumpentechnik" in html


def test_documents_take_their_strings_from_the_one_table():
    # completeness of every translation: tests/test_handbook.py (the same table)
    assert labels.strings("fr")["transcript"] == labels.UI["en"]["transcript"]  # fallback
    assert labels.strings("de")["transcript"] == labels.UI["de"]["transcript"]
    # the language switch names every language in itself, also one without a translation
    assert [labels.strings(lang)["language_name"] for lang in ("en", "nl", "fr")] == ["English", "Nederlands",
                                                                                     "français"]
    # where the documents word a string otherwise than the handbook, it is a string of the table
    for lang, wording in labels.DOCUMENT_WORDING.items():
        assert set(wording) <= set(labels.UI[lang])
        assert all(labels.strings(lang)[key] == text for key, text in wording.items())
    assert labels.identifier_label("nl", "legal") == "Inschrijving" and labels.identifier_label("nl", "x") == "x"


def test_learner_text_is_escaped_in_html(base_workspace):
    learners = base_workspace / "learners/learners.csv"
    learners.write_text(learners.read_text().replace("Ada,Example", '"<script>x</script>",O\'Brien & Co'))
    project = check(base_workspace)
    assert not project.has_errors
    t = {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}["l-001"]
    html = transcript_html.render(t)["l-001.html"]
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; O&#39;Brien &amp; Co" in html


# --- grades on their scales, recognition as recorded ------------------------------------------

def test_every_demo_grade_is_tied_to_its_scale_in_every_format(demo):
    """The demo's results mix four schemes (NL 1-10, DE 1-6, Flemish percentages, workplace levels):
    every grade shown names its scheme, and every scheme named is described."""
    from skillweave.emitters import transcript_edc

    schemes_used = set()
    for lid, t in demo.items():
        graded = [u for u in t.units if u.result.grade]
        assert all(u.scheme_id for u in graded), lid
        schemes_used |= {u.scheme_id for u in graded}
        root = transcript_elmo.build(t)
        for report in root.iter(ELMO + "report"):
            described = {g.get("localId") for g in report.findall(ELMO + "gradingScheme")}
            for loi in report.iter(ELMO + "learningOpportunityInstance"):
                if loi.find(ELMO + "resultLabel") is not None:
                    assert loi.findtext(ELMO + "gradingSchemeLocalId") in described, lid
        html = transcript_html.render(t)[f"{lid}.html"]
        for partner, _sid, scheme in t.gradings():
            assert f"<strong>{scheme.title.get('en')}</strong>:" in html, (lid, partner.id)
        triples = transcript_edc.CredentialGraph(t).triples
        spec = {s: o for s, p, o in triples if p.endswith("/elm/specifiedBy") and s.endswith("/assessment")}
        scheme_of = {s: o for s, p, o in triples if p.endswith("/elm/gradingScheme")}
        assert {a.rsplit("/", 2)[-2] for a in spec} == {u.unit.id for u in graded}, lid
        assert all(scheme_of[spec[a]].endswith(f"grading-scheme/{u.scheme_id}")
                   for u in graded for a in spec if a.endswith(f"/achievement/{u.unit.id}/assessment")), lid
    assert schemes_used == {"nl-1-10", "de-1-6", "be-percentage", "workplace-levels"}


def test_the_grading_scales_of_a_transcript(demo):
    t = demo["bbs-2023-01"]  # BBS Hannover's learner, one unit assessed at ROC Midden during a mobility
    assert [(p.id, sid, scheme.pass_text()) for p, sid, scheme in t.gradings()] == [
        ("bbs-hannover", "de-1-6", "4"), ("roc-midden", "nl-1-10", "5.5")]
    commissioning = next(u for u in t.units if u.unit.id == "commissioning-maintenance")
    assert (commissioning.result.grade, commissioning.scheme_id) == ("6.5", "nl-1-10")
    html = transcript_html.render(t)["bbs-2023-01.html"]
    assert ("<tr><td>BBS Technik Hannover (DE)</td><td><strong>German grading scale 1-6</strong>: 6 (lowest) to 1 "
            "(highest): lower is better, up to 1 decimal(s)") in html
    assert ("<tr><td>ROC Midden Techniek (NL)</td><td><strong>Dutch grading scale 1-10</strong>: 1 (lowest) to 10 "
            "(highest), up to 1 decimal(s)</td><td>5.5</td></tr>") in html
    assert "6.5<br><span class=\"note\">Cijferschaal 1-10</span>" in html  # the grade names its scale
    root = transcript_elmo.build(t)
    descriptions = {g.get("localId"): g.findtext(ELMO + "description") for g in root.iter(ELMO + "gradingScheme")}
    assert descriptions == {
        "de-1-6": "German grading scale 1-6: 6 (lowest) to 1 (highest): lower is better, up to 1 decimal(s); 4 or "
                  "better passes. 1 very good, 2 good, 3 satisfactory, 4 sufficient, 5 poor, 6 insufficient.",
        "nl-1-10": "Dutch grading scale 1-10: 1 (lowest) to 10 (highest), up to 1 decimal(s); 5.5 or better passes.",
    }


def _without_recognition(ws: Path) -> None:
    path = ws / "learners/mobilities.csv"
    path.write_text(path.read_text().replace(",2025-03-20\n", ",\n"))


def _base_l002(ws: Path):
    project = check(ws)
    assert not project.has_errors, project.diagnostics
    return {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}["l-002"]


@pytest.mark.parametrize("recorded", [True, False], ids=["recognised", "awaiting"])
def test_recognition_only_where_recorded_html(base_workspace, recorded):
    if not recorded:
        _without_recognition(base_workspace)
    t = _base_l002(base_workspace)
    html = transcript_html.render(t)["l-002.html"]
    recognised = "Assessed by Employer B during mobility m-001; recognised by VET A on 2025-03-20."
    awaiting = "Assessed by Employer B during mobility m-001; awaiting recognition by VET A."
    assert (html.count(recognised), html.count(awaiting)) == ((1, 0) if recorded else (0, 1))
    assert ("Beoordeeld door Werkgever B tijdens mobiliteit m-001; "
            + ("erkend door MBO A op 2025-03-20." if recorded else "erkenning door MBO A volgt nog.")) in html
    assert "validated and recognised" not in html


@pytest.mark.parametrize("recorded", [True, False], ids=["recognised", "awaiting"])
def test_recognition_only_where_recorded_elmo(shared, base_workspace, recorded):
    """As the ELMO schema's example shows a recognised external result: under the home report's
    programme, naming the institution that assessed it; awaiting recognition, only the host's
    report lists the unit."""
    if not recorded:
        _without_recognition(base_workspace)
    t = _base_l002(base_workspace)
    root = transcript_elmo.build(t)
    assert elmo_schema(shared).validate(root), elmo_schema(shared).error_log
    home, host = root.findall(ELMO + "report")
    assert [e.findtext(ELMO + "identifier") for e in host.iterfind(UNITS)] == ["mounting"]
    home_units = list(home.iterfind(UNITS))
    if not recorded:
        assert home_units == [] and home.find(ELMO + "gradingScheme") is None
        assert "recognisedOn" not in host.find(".//{urn:skillweave:elmo-extension:1}mobility").attrib
        return
    (unit,) = home_units
    assert [e.text for e in unit.findall(ELMO + "title")] == ["Mounting (Employer B)", "Montage (Werkgever B)"]
    assert unit.findtext(ELMO + "description").endswith(
        "Assessed by Employer B during mobility m-001; recognised by VET A on 2025-03-20.")
    loi = unit.find(f"{ELMO}specifies/{ELMO}learningOpportunityInstance")
    assert [(e.tag.split("}")[1], e.text) for e in loi if e.text and e.text.strip()] == [
        ("start", "2025-02-01"), ("date", "2025-03-01"), ("status", "passed"), ("gradingSchemeLocalId", "levels"),
        ("resultLabel", "good")]
    assert [g.get("localId") for g in home.findall(ELMO + "gradingScheme")] == ["levels"]


@pytest.mark.parametrize("recorded", [True, False], ids=["recognised", "awaiting"])
def test_recognition_only_where_recorded_edc(base_workspace, recorded):
    """Recognition as data: the home partner awards the achievement on the recorded date, using the
    host's assessment; without a date the host's award is the only one."""
    from skillweave.emitters import transcript_edc

    if not recorded:
        _without_recognition(base_workspace)
    t = _base_l002(base_workspace)
    g = transcript_edc.CredentialGraph(t)
    values: dict[tuple[str, str], list[str]] = {}
    for s_, p_, o in g.triples:
        values.setdefault((s_, p_.rsplit("/", 1)[-1]), []).append(getattr(o, "value", o))
    achievement = f"{g.credential}/achievement/mounting"
    (process,) = values[(achievement, "awardedBy")]
    assessment = f"{achievement}/assessment"
    base = "urn:skillweave:test-alliance:"
    (body,) = values[(process, "awardingBody")]
    (day,) = values[(process, "awardingDate")]
    if recorded:
        assert (process, body, day) == (f"{achievement}/recognition", base + "organisation/vet-a",
                                        "2025-03-20T00:00:00Z")
        assert values[(process, "used")] == [assessment]
    else:
        assert (process, body, day) == (f"{achievement}/awarding", base + "organisation/emp-b", "2025-03-01T00:00:00Z")
        assert not [k for k in values if k[1] == "used"]
    # either way the host assessed and graded it, on its own scheme
    assert values[(assessment, "assessedBy")] == [base + "organisation/emp-b"]
    assert values[(assessment, "awardedBy")] == [f"{achievement}/awarding"]
    (spec,) = values[(assessment, "specifiedBy")]
    assert values[(spec, "gradingScheme")] == [base + "grading-scheme/levels"]
    assert not [k for k in values if k[1] == "additionalNote"]  # data, not a note


def test_elmo_completeness(demo):
    """Language of instruction, engagement hours, the issuer identifiers ELMO names, units nested
    under the programme."""
    t = demo["CG_2024.0101"]  # Campus Gent's learner, pv-installation assessed at ROC Midden
    root = transcript_elmo.build(t)
    home, host = root.findall(ELMO + "report")
    assert [(i.get("type"), i.text) for i in home.findall(f"{ELMO}issuer/{ELMO}identifier")] == [
        ("pic", "947661203"), ("erasmus", "B  GENT38"), ("schac", "campus-gent.example.org"),
        ("legal", "BE-KBO-0418533907")]
    programme = home.find(ELMO + "learningOpportunitySpecification")
    assert programme.findtext(ELMO + "type") == "Degree Programme"
    assert len(home.findall(ELMO + "learningOpportunitySpecification")) == 1  # no flat courses
    instance = programme.find(f"{ELMO}specifies/{ELMO}learningOpportunityInstance")
    assert [(lv.findtext(ELMO + "type"), lv.findtext(ELMO + "value")) for lv in instance.findall(ELMO + "level")] == [
        ("EQF", "4"), ("NQF", "NL 4"), ("NQF", "DE 4")]
    rows = {}
    for report in (home, host):
        for unit in report.iterfind(UNITS):
            loi = unit.find(f"{ELMO}specifies/{ELMO}learningOpportunityInstance")
            rows[(report.findtext(f"{ELMO}issuer/{ELMO}country"), unit.findtext(ELMO + "identifier"))] = (
                loi.findtext(ELMO + "languageOfInstruction"), loi.findtext(ELMO + "engagementHours"))
    # languages of instruction [nl, de]: Dutch in Flanders and in the Netherlands; [nl, de, en]
    # for pv-design; hours school + workplace
    assert rows[("BE", "electrical-safety")] == ("nl", "160")
    assert rows[("BE", "pv-design")] == ("nl", "215")
    assert rows[("NL", "pv-installation")] == ("nl", "325")
    assert rows[("BE", "pv-installation")] == ("nl", "325")  # recognised, listed at home as well
    assert len(rows) == 13  # 12 units at home (one of them recognised), one at the host


def test_sis_style_learner_ids(base_workspace, tmp_path):
    learners = base_workspace / "learners/learners.csv"
    results = base_workspace / "learners/results.csv"
    mobilities = base_workspace / "learners/mobilities.csv"
    learners.write_text(learners.read_text().replace("l-001,", "NL_ROC_88213,").replace("l-002,", "2024.0137,")
                        + "L001,Cy,Example,2006-05-01,vet-a,installer,2024-09-01,,,x,no,\n")
    results.write_text(results.read_text().replace("l-001,", "NL_ROC_88213,").replace("l-002,", "2024.0137,")
                       + "L001,safety,vet-a,2025-01-20,passed,6.5,\n")
    mobilities.write_text(mobilities.read_text().replace("m-001,l-002,", "MOB.2025_001,2024.0137,"))
    project = check(base_workspace)
    assert project.diagnostics == []
    found = {t.learner_id for t in analysis.analyse(project.curriculum, project.base_uri)}
    assert found == {"NL_ROC_88213", "2024.0137", "L001"}
    for fmt, suffix in (("html", "html"), ("elmo", "xml"), ("edc", "jsonld")):
        result = run("transcripts", str(base_workspace), "--format", fmt, "-o", str(tmp_path / fmt))
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == [
            f"2024.0137.{suffix}", f"L001.{suffix}", f"NL_ROC_88213.{suffix}"]
    result = run("mobility", str(base_workspace), "-o", str(tmp_path / "mobility"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mobility/agreements/MOB.2025_001.html").is_file()


# --- ELMO schema, golden files ------------------------------------------------------------------

def test_every_demo_elmo_transcript_is_valid(shared, demo_workspace, tmp_path):
    schema = elmo_schema(shared)
    result = run("transcripts", str(demo_workspace), "--format", "elmo", "-o", str(tmp_path / "elmo"))
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "elmo").glob("*.xml"))
    assert len(files) == 43
    errors = {}
    for f in files:
        if not schema.validate(etree.parse(str(f), etree.XMLParser(**SAFE))):
            errors[f.name] = [str(e) for e in schema.error_log]
    assert errors == {}


def test_the_elmo_schema_check_is_real(shared, demo):
    schema = elmo_schema(shared)
    root = transcript_elmo.build(demo["roc-2024-01"])
    assert schema.validate(root)
    root.find(f"{ELMO}report/{ELMO}issuer").remove(root.find(f"{ELMO}report/{ELMO}issuer/{ELMO}url"))
    assert not schema.validate(root)


def test_elmo_issuer_without_identifiers_or_url(shared, base_workspace):
    project = check(base_workspace)
    t = {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}["l-002"]
    root = transcript_elmo.build(t)
    assert elmo_schema(shared).validate(root)
    reports = [(r.findtext(f"{ELMO}issuer/{ELMO}identifier"), r.find(f"{ELMO}issuer/{ELMO}identifier").get("type"),
                r.findtext(f"{ELMO}issuer/{ELMO}url"), len(list(r.iterfind(UNITS))))
               for r in root.iter(ELMO + "report")]
    # the home partner's report comes first even when the only unit was assessed abroad (it lists
    # it as recognised: the mobility has recognised_on)
    assert reports == [("vet-a", "local", "urn:skillweave:test-alliance:organisation/vet-a", 1),
                       ("emp-b", "local", "urn:skillweave:test-alliance:organisation/emp-b", 1)]


# PDF is the HTML rendered with the fonts of the machine: tests/test_pdf.py reads it back instead
@pytest.mark.parametrize("fmt", [f.name for f in TRANSCRIPT_FORMATS if f.name != "pdf"])
def test_transcript_matches_golden_file(fmt):
    project = check(FIXTURES / "base")
    t = {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}["l-002"]
    for name, content in get("transcripts", fmt).load()(t).items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        golden = GOLDEN / name
        if REGENERATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_bytes(data)
        assert golden.is_file(), f"no golden file {golden}; regenerate with SKILLWEAVE_REGENERATE_GOLDEN=1"
        assert data == golden.read_bytes(), f"{fmt} differs from {golden}"


# --- the command: files, modes, determinism, errors --------------------------------------------

def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_files_are_readable_only_by_their_owner(demo_workspace, tmp_path):
    import gc

    out = tmp_path / "new" / "transcripts"
    assert run("transcripts", str(demo_workspace), "--format", "html", "-o", str(out)).exit_code == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0  # the command restores the collector
    for folder in (tmp_path / "new", out):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert modes == {0o600}
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


@pytest.mark.parametrize("fmt", ["html", "elmo"])
def test_two_runs_are_byte_identical(demo_workspace, tmp_path, fmt):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("transcripts", str(demo_workspace), "--format", fmt, "-o", str(a)).exit_code == 0
    assert run("transcripts", str(demo_workspace), "--format", fmt, "-o", str(b)).exit_code == 0
    assert tree(a) == tree(b)


def test_worker_processes_write_the_same_bytes_as_one_process(demo, tmp_path):
    transcripts = [demo[k] for k in sorted(demo)]
    for fmt in TRANSCRIPT_FORMATS:
        if fmt.name == "pdf":
            continue  # the HTML rendered again (slow for a cohort); tests/test_pdf.py covers it
        render = fmt.load()
        one = write_documents(transcripts, render, tmp_path / fmt.name / "one", jobs=1)
        two = write_documents(transcripts, render, tmp_path / fmt.name / "two", jobs=2, serial_below=0)
        assert one == two and len(one) == 43
        assert tree(tmp_path / fmt.name / "one") == tree(tmp_path / fmt.name / "two")


def refuse_one(t) -> dict[str, str]:
    """A render function that fails on one learner (module level: workers import it by name)."""
    from skillweave.errors import OutputError

    if t.learner_id.endswith("3"):
        raise OutputError(f"cannot write {t.learner_id}")
    return {f"{t.learner_id}.txt": t.learner_id}


def die_on_one(t) -> dict[str, str]:
    """A render function whose process dies on one learner, as if it were killed."""
    if t.learner_id.endswith("3"):
        os._exit(3)
    return {f"{t.learner_id}.txt": t.learner_id}


def test_an_error_in_a_worker_process_stops_the_cohort(demo, tmp_path):
    from skillweave.errors import OutputError

    transcripts = [demo[k] for k in sorted(demo)]
    with pytest.raises(OutputError, match=r"cannot write \S*3$"):
        write_documents(transcripts, refuse_one, tmp_path / "a", jobs=2, serial_below=0)
    with pytest.raises(OutputError, match="worker process ended unexpectedly .exit code 3"):
        write_documents(transcripts, die_on_one, tmp_path / "b", jobs=2, serial_below=0)


class Made:
    """A document made on demand, counted while it is alive in its process (``Made.alive``)."""

    alive = 0

    def __init__(self, n: int) -> None:
        self.n = n
        Made.alive += 1

    def __del__(self) -> None:
        Made.alive -= 1


class OnDemand:
    """A cohort of ``size`` documents that makes them only when a slice of it is asked for, as
    the transcripts cohort does."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index):
        return [Made(n) for n in range(*index.indices(self.size))]


def held_at_once(made: Made) -> dict[str, str]:
    """A render function that writes how many documents its process holds while rendering this one."""
    return {f"d{made.n:04d}.txt": str(Made.alive)}


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_writer_holds_at_most_a_batch_of_documents_at_once(tmp_path, jobs):
    """Each process makes, renders and writes one batch at a time; counted in every process that
    renders (the workers write the count into the files), on a cohort of many batches."""
    out = tmp_path / "out"
    names = write_documents(OnDemand(500), held_at_once, out, jobs=jobs, serial_below=0, batch=16)
    assert len(names) == 500
    held = [int((out / name).read_text()) for name in names]
    assert max(held) <= 16 and min(held) >= 1
    assert max(held) == 16  # full batches were made: the count is real
    assert Made.alive == 0


def test_the_transcripts_pipeline_makes_transcripts_a_batch_at_a_time(monkeypatch, tmp_path):
    """``pipeline.transcripts`` makes no transcript; writing them makes each once, at most a batch
    at a time (the demo's 43 transcripts in batches of 8)."""
    from skillweave import pipeline

    counts = {"made": 0, "alive": 0, "most": 0}

    class Counted(analysis.Transcript):
        def __init__(self, **fields) -> None:
            super().__init__(**fields)
            counts["made"] += 1
            counts["alive"] += 1
            counts["most"] = max(counts["most"], counts["alive"])

        def __del__(self) -> None:
            counts["alive"] -= 1

    monkeypatch.setattr(analysis, "Transcript", Counted)
    project = check(REPO)
    documents, _ = pipeline.transcripts(project, "html")
    assert len(documents.items) == 43 and counts["made"] == 0
    names = write_documents(documents.items, documents.output.load(), tmp_path / "t", jobs=1, batch=8)
    assert len(names) == 43 and counts["made"] == 43
    assert 1 < counts["most"] <= 8 and counts["alive"] == 0
    # and the same files as the transcripts made all at once
    monkeypatch.undo()
    whole = write_documents(analysis.analyse(project.curriculum, project.base_uri), transcript_html.render,
                            tmp_path / "whole", jobs=1)
    assert whole == names and tree(tmp_path / "t") == tree(tmp_path / "whole")


def test_the_pipeline_gathers_and_writes_the_documents(tmp_path):
    from skillweave import pipeline
    from skillweave.errors import OptionError

    project = check(REPO)
    documents, skipped = pipeline.transcripts(project, "elmo")
    assert documents.output.name == "elmo" and skipped == len(project.curriculum.records.learners) - 43
    [written] = pipeline.write_documents([documents], tmp_path / "t", jobs=1)
    assert written == sorted(f"{t.learner_id}.xml" for t in documents.items)
    with pytest.raises(OptionError, match="unknown learner id.*nobody"):
        pipeline.transcripts(project, "html", ["nobody"])
    mou, agreements = pipeline.mobility_documents(project)
    names = pipeline.write_documents([mou, agreements], tmp_path / "m", jobs=2)
    assert {p.parent.name for p in (tmp_path / "m").rglob("*.*")} == {"mou", "agreements"}
    assert names[1] == sorted(f"{a.id}.html" for a in agreements.items)


def test_a_workspace_with_errors_writes_nothing(demo_workspace, tmp_path):
    results = demo_workspace / "learners/results.csv"
    results.write_text(results.read_text() + "roc-2024-01,no-such-unit,roc-midden,2025-01-10,passed,7,\n")
    result = run("transcripts", str(demo_workspace), "--format", "elmo", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "SW202" in result.stderr
    assert not (tmp_path / "out").exists()


def test_one_learner_and_a_set_date(demo_workspace, tmp_path):
    out = tmp_path / "out"
    result = run("transcripts", str(demo_workspace), "--format", "elmo", "-o", str(out),
                 "--learner", "roc-2024-01", "--learner", "roc-2026-01", "--issued-on", "2026-07-01")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["roc-2024-01.xml"]
    assert b"<generatedDate>2026-07-01T00:00:00Z</generatedDate>" in (out / "roc-2024-01.xml").read_bytes()
    assert "1 learner has no passed unit" in result.output
    bad = run("transcripts", str(demo_workspace), "-o", str(out), "--learner", "nobody")
    assert bad.exit_code == 2 and "nobody" in bad.stderr
    date = run("transcripts", str(demo_workspace), "-o", str(out), "--issued-on", "1 July")
    assert date.exit_code == 2


def test_a_workspace_without_learner_records(tmp_path):
    ws = copy_workspace(FIXTURES / "analyses", tmp_path / "ws")
    result = run("transcripts", str(ws), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "no learner records" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_output_path_that_is_a_file(demo_workspace, tmp_path):
    (tmp_path / "file").write_text("x")
    result = run("transcripts", str(demo_workspace), "-o", str(tmp_path / "file"))
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_progress_shows_on_a_terminal_only(monkeypatch):
    import io
    import sys

    from skillweave.cli.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr(sys, "stderr", stream)
        with Progress("writing html transcripts", 4) as progress:
            progress.advance(3)
            progress.advance(1)
        assert ("writing html transcripts" in stream.getvalue()) is shown


def test_the_commands_are_listed_in_help():
    result = run("--help")
    assert "transcripts" in result.output and "mobility" in result.output
    help_text = run("transcripts", "--help").output
    for f in TRANSCRIPT_FORMATS:
        assert f.name in help_text


def test_a_file_that_cannot_be_written_is_an_error_not_a_traceback(demo_workspace, tmp_path, monkeypatch):
    from skillweave import cohort

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cohort, "write_atomic", refuse)
    result = run("transcripts", str(demo_workspace), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Permission denied" in result.stderr


def test_a_per_country_nqf_level_reads_as_text_in_the_html_transcript(demo):
    """The demo programme has an NQF level per awarding country; the transcript prints it as people
    write it, never as a Python mapping."""
    html = transcript_html.render(demo["roc-2025-05"])["roc-2025-05.html"]
    assert "EQF level 4, NL 4; DE 4;" in html
    assert "{" not in html.split("<body", 1)[1].split("</body>", 1)[0]
