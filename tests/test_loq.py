"""LOQ XML (the QDR upload format): the export is valid against the official ``loq.xsd``, says
what the workspace says, and imports back to the same workspace; foreign files import as far as
they map; hostile XML is refused before it can read a file."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from lxml import etree

from skillweave.cli.main import cli
from skillweave.emitters import emit
from skillweave.errors import ImportFailure
from skillweave.formats.loq import LOQ
from skillweave.formats import authority
from skillweave.formats import workspace_yaml as writer
from skillweave.importers import loq as loq_import
from skillweave.model import ApprovalRule
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO
from .strategies import workspaces

NS = {"l": LOQ, "skos": "http://www.w3.org/2004/02/skos/core#", "dc": "http://purl.org/dc/terms/"}
BASE = "https://curricula.example.org/green-install/"
SAFE = dict(resolve_entities=False, no_network=True, load_dtd=False)


@functools.lru_cache(maxsize=None)
def _schema(xsd: Path) -> etree.XMLSchema:
    # the schema imports cv/ and external/ by relative path: all local, and the network stays off
    return etree.XMLSchema(etree.parse(str(xsd), etree.XMLParser(**SAFE)))


@pytest.fixture
def schema(shared: Path) -> etree.XMLSchema:
    return _schema(shared / "standards/elm/xsd/loq/loq.xsd")


def errors_of(schema: etree.XMLSchema, text: str) -> list[str]:
    doc = etree.fromstring(text.encode("utf-8"), etree.XMLParser(**SAFE))
    schema.validate(doc)
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def export(ws: Path) -> str:
    project = check(ws)
    assert [d for d in project.diagnostics if d.severity.value == "error"] == []
    project.analyse()
    return emit(project, "loq-xml")


def import_into(tmp: Path, xml_text: str, name: str = "in.xml") -> tuple[Path, list[str]]:
    """Import LOQ XML into a new workspace with the vocabulary of the source (the base fixture's or
    the demo's)."""
    source = tmp / name
    source.write_text(xml_text, encoding="utf-8")
    result = loq_import.read(source)
    ws = tmp / "imported"
    writer.write_workspace(ws, result.files)
    return ws, result.unmapped


def comparable(ws: Path) -> dict:
    """The models of a workspace, less what LOQ does not carry, with ESCO references resolved."""
    project = check(ws)
    cur = project.curriculum
    skills = project.resolved.outcome_skills
    units = {}
    for uid, unit in cur.units.items():
        outcomes = [lo.model_copy(update={"esco": skills.get(lo.id, [])}) for lo in unit.learning_outcomes]
        units[uid] = unit.model_copy(update={"contributors": [], "status": "draft", "approvals": [],
                                             "learning_outcomes": outcomes, "delivered_by": [],
                                             "languages_of_instruction": []})
    programmes = {pid: p.model_copy(update={"occupations": project.resolved.programme_occupations[pid]})
                  for pid, p in cur.programmes.items()}
    # nor grading, contacts and memorandum terms (for mobility documents)
    partners = [p.model_copy(update={"grading": None, "contact": None}) for p in cur.alliance.partners]
    alliance = cur.alliance.model_copy(update={"sector": None, "approval": ApprovalRule(), "partners": partners,
                                               "grading_schemes": {}, "mou": None})
    return {"alliance": alliance, "programmes": programmes, "units": units}


# --- the export ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_xml() -> str:
    return export(REPO)


@pytest.fixture(scope="module")
def demo_doc(demo_xml):
    return etree.fromstring(demo_xml.encode("utf-8"))


def test_demo_export_is_valid_against_loq_xsd(schema, demo_xml):
    assert errors_of(schema, demo_xml) == []


def test_demo_export_passes_xmllint_too(shared, demo_xml, tmp_path):
    """The reference command of CI, where xmllint is installed (Debian: libxml2-utils)."""
    if shutil.which("xmllint") is None:
        if os.environ.get("CI"):
            pytest.fail("xmllint is not installed; scripts/test.sh installs libxml2-utils")
        pytest.skip("xmllint is not installed")
    path = tmp_path / "loq.xml"
    path.write_text(demo_xml, encoding="utf-8")
    done = subprocess.run(["xmllint", "--nonet", "--noout", "--schema",
                           str(shared / "standards/elm/xsd/loq/loq.xsd"), str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "validates" in done.stderr


NQF = {"NLQF 4": "http://data.europa.eu/snb/qdr/c_ff656b33", "DQR 4": "http://data.europa.eu/snb/qdr/c_12a84182"}
FORMAL = "http://data.europa.eu/snb/learning-setting/6fd4685715"
MODES = {"work-based": "http://data.europa.eu/snb/learning-assessment/729f3bed4b",
         "project": "http://data.europa.eu/snb/learning-assessment/7813801c77",
         "presential": "http://data.europa.eu/snb/learning-assessment/9191af2ed9",
         "blended": "http://data.europa.eu/snb/learning-assessment/e92d221e4d"}


def spec(doc, kind: str, uri: str):
    return doc.find(f"l:learningAchievementSpecificationReferences/l:{kind}[@id='{uri}']", NS)


def test_demo_programme_as_a_qualification_with_its_parts(demo_doc):
    prog = spec(demo_doc, "qualification", f"{BASE}programme/solar-heat-installer")
    assert [t.get("language") for t in prog.findall("l:title", NS)] == ["en", "nl", "de"]
    assert prog.findtext("l:title[@language='nl']", namespaces=NS) == "Installateur zonne-energie en warmtepompen"
    # EQF and NQF levels from the official lists ({NL: "4", DE: "4"}: NLQF 4 and DQR 4), a full qualification
    assert prog.findtext("l:isPartialQualification", namespaces=NS) == "false"
    assert prog.find("l:EQFLevel", NS).get("uri") == "http://data.europa.eu/snb/eqf/4"
    assert [e.get("uri") for e in prog.findall("l:NQFLevel", NS)] == [NQF["NLQF 4"], NQF["DQR 4"]]
    assert prog.find("l:educationLevel", NS) is None  # no minted level concepts
    note = prog.find("l:additionalNote", NS)  # the levels as written, for the round trip
    assert (note.find("dc:subject", NS).get("uri"), note.findtext("l:noteLiteral", namespaces=NS)) == (
        f"{BASE}concept/note-subject/nqf-level", "NL 4; DE 4")
    # the units: partial qualifications (at the programme's EQF level) are its parts, the others say
    # that they are part of it
    parts = [p.get("idref").rpartition("/")[2] for p in prog.findall("l:hasPart", NS)]
    cur = check(REPO).curriculum
    order = cur.programmes["solar-heat-installer"].units
    assert parts == [u for u in order if cur.units[u].eqf_level == 4]
    for uid in order:
        kind = "qualification" if cur.units[uid].eqf_level == 4 else "learningAchievementSpecification"
        part = spec(demo_doc, kind, f"{BASE}unit/{uid}")
        assert part.find("l:isPartOf", NS).get("idref") == f"{BASE}programme/solar-heat-installer"
    assert prog.find("l:creditPoint/l:framework", NS).get("uri") == "http://data.europa.eu/snb/education-credit/60b314e826"
    assert prog.findtext("l:creditPoint/l:point", namespaces=NS) == "90"
    assert prog.find("l:ISCEDFCode", NS).get("uri") == "http://data.europa.eu/snb/isced-f/0713"
    assert [e.get("uri").rpartition("/")[2] for e in prog.findall("l:language", NS)] == ["ENG", "NLD", "DEU"]
    assert prog.find("l:learningSetting", NS).get("uri") == FORMAL
    assert [m.get("uri") for m in prog.findall("l:mode", NS)] == [
        MODES["work-based"], MODES["project"], MODES["presential"], MODES["blended"]]
    summary = prog.findtext("l:learningOutcomeSummary/l:noteLiteral", namespaces=NS)
    assert summary.startswith("Electrical safety and working at heights:\nExplains the health and safety rules")
    assert summary.count(":\n") == 12
    # the nominal duration is the duration of learning opportunities, not a maximum duration
    assert prog.find("l:maximumDuration", NS) is None
    opportunities = demo_doc.findall("l:learningOpportunityReferences/l:learningOpportunity", NS)
    assert [(o.findtext("l:duration", namespaces=NS), o.find("l:providedBy", NS).get("idref"),
             o.findtext("l:homepage/l:contentUrl", namespaces=NS)) for o in opportunities] == [
        ("P18M", f"{BASE}organisation/roc-midden", "https://roc-midden.example.org"),
        ("P18M", f"{BASE}organisation/bbs-hannover", "https://bbs-technik-hannover.example.org")]
    assert {o.find("l:learningAchievementSpecification", NS).get("idref") for o in opportunities} == {
        f"{BASE}programme/solar-heat-installer"}
    assert [b.get("idref") for b in prog.findall("l:awardingOpportunity/l:awardingBody", NS)] == [
        f"{BASE}organisation/roc-midden", f"{BASE}organisation/bbs-hannover"]
    assert prog.find("l:awardingOpportunity/l:location", NS).get("idref") == f"{BASE}organisation/roc-midden/location"
    entitlements = [demo_doc.find(f".//l:learningEntitlementSpecification[@id='{e.get('idref')}']", NS)
                    for e in prog.findall("l:entitlesTo", NS)]
    assert [e.find("l:limitOccupation", NS).get("uri") for e in entitlements] == [
        "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a",
        "http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0"]
    assert entitlements[0].find("l:type", NS).get("uri") == "http://data.europa.eu/snb/entitlement/52f62180c2"


def test_demo_unit_outcomes_skills_hours_and_prerequisites(demo_doc):
    unit = spec(demo_doc, "qualification", f"{BASE}unit/pv-installation")
    assert unit.findtext("l:isPartialQualification", namespaces=NS) == "true"
    assert unit.find("l:EQFLevel", NS).get("uri") == "http://data.europa.eu/snb/eqf/4"
    assert [e.get("uri") for e in unit.findall("l:NQFLevel", NS)] == [NQF["NLQF 4"], NQF["DQR 4"]]
    lower = spec(demo_doc, "learningAchievementSpecification", f"{BASE}unit/electrical-safety")
    assert lower.find("l:educationLevel", NS).get("uri") == "http://data.europa.eu/snb/eqf/3"
    assert lower.find("l:NQFLevel", NS) is None  # its level in the national frameworks is not known
    assert unit.findtext("l:creditPoint/l:point", namespaces=NS) == "12"
    assert unit.find("l:publisher", NS).get("idref") == f"{BASE}organisation/roc-midden"
    assert unit.findtext("l:volumeOfLearning", namespaces=NS) == "PT325H"
    assert unit.findtext("l:entryRequirement/l:noteLiteral", namespaces=NS) == (
        f"Electrical safety and working at heights <{BASE}unit/electrical-safety>; "
        f"Materials and site logistics <{BASE}unit/site-materials>; Designing photovoltaic systems <{BASE}unit/pv-design>")
    activities = {a.get("id").rpartition("/")[2]: a for a in demo_doc.iterfind(
        f".//l:learningActivitySpecification/l:influences[@idref='{BASE}unit/pv-installation']/..", NS)}
    assert activities["school"].findtext("l:volumeOfLearning", namespaces=NS) == "PT110H"
    assert activities["workplace"].findtext("l:volumeOfLearning", namespaces=NS) == "PT215H"
    assert activities["workplace"].find("l:mode", NS).get("uri") == "http://data.europa.eu/snb/learning-assessment/729f3bed4b"
    # teaching methods: activities of their own, with the mode they name where the list has it
    project = check(REPO)
    methods = project.curriculum.units["pv-installation"].teaching_methods
    taught = [activities[str(n)] for n in range(1, len(methods) + 1)]
    assert [a.findtext("l:title[@language='en']", namespaces=NS) for a in taught] == [m.get("en") for m in methods]
    assert {m.get("uri") for a in taught for m in a.findall("l:mode", NS)} == {
        m.get("uri") for m in unit.findall("l:mode", NS)}
    assert unit.find("l:learningSetting", NS).get("uri") == FORMAL
    assert unit.findtext("l:learningOutcomeSummary/l:noteLiteral", namespaces=NS).split("\n") == [
        lo.statement.get("en") for lo in project.curriculum.units["pv-installation"].learning_outcomes]
    methods = [demo_doc.find(f".//l:learningAssessmentSpecification[@id='{r.get('idref')}']/l:title", NS).text
               for r in unit.findall("l:provenBy", NS)]
    assert methods == ["practical demonstration", "workplace observation", "professional interview"]
    first = demo_doc.find(f".//l:learningOutcome[@id='{BASE}learning-outcome/pv-installation-1']", NS)
    assert first.find("l:type", NS).get("uri") == "http://data.europa.eu/snb/skill-type/skill"
    # "mount photovoltaic panels" is written as a label in the unit file: the export has its URI
    skills = [s.get("uri") for s in first.findall("l:relatedESCOSkill", NS)]
    assert skills == ["http://data.europa.eu/esco/skill/08a5f6dd-d3dd-4371-9919-6d730f34499c",
                      "http://data.europa.eu/esco/skill/9f719da2-5ba8-46b8-b20b-3d5f59208f49"]
    assert first.findtext("l:relatedESCOSkill/skos:prefLabel[@language='en']", namespaces=NS) == "mount photovoltaic panels"
    assessment = {n.find("l:noteLiteral", NS).get("language"): n.findtext("l:noteLiteral", namespaces=NS)
                  for n in first.findall("l:additionalNote", NS)}
    assert assessment["en"] == "Observed on a training roof; all fixings torqued to specification."
    competence = demo_doc.find(f".//l:learningOutcome[@id='{BASE}learning-outcome/pv-installation-5']", NS)
    assert competence.find("l:type", NS) is None  # the controlled list has knowledge and skill only


def test_demo_partners_as_organisations_with_legal_identifiers(demo_doc):
    org = demo_doc.find(f".//l:organisation[@id='{BASE}organisation/solarwerk']", NS)
    assert org.findtext("l:legalName[@language='en']", namespaces=NS) == "SolarWerk Installaties B.V."
    assert org.findtext("l:registration/skos:notation", namespaces=NS) == "NL-KVK-61234578"
    assert org.find("l:registration/l:spatial", NS).get("uri") == "http://publications.europa.eu/resource/authority/country/NLD"
    assert org.findtext("l:vatIdentifier/skos:notation", namespaces=NS) == "NL861234578B01"
    assert {i.findtext("l:schemeName", namespaces=NS): i.findtext("skos:notation", namespaces=NS)
            for i in org.findall("l:identifier", NS)} == {"pic": "898231457"}
    assert org.find("l:type", NS).get("uri") == f"{BASE}concept/organisation-type/employer"
    location = demo_doc.find(f".//l:location[@id='{org.find('l:location', NS).get('idref')}']", NS)
    assert location.find("l:address/l:countryCode", NS).get("uri").endswith("/country/NLD")
    group = demo_doc.find(f"l:groupReferences/l:group[@id='{BASE}alliance/green-install']", NS)
    assert len(group.findall("l:member", NS)) == 8


def test_export_is_deterministic_and_holds_no_learner_data(demo_workspace, tmp_path):
    import csv

    learners = demo_workspace / "learners" / "learners.csv"
    learners.parent.mkdir(exist_ok=True)
    header = ("learner_id,given_names,family_name,date_of_birth,home_partner,programme,enrolled_on,completed_on,"
              "left_on,gender,disadvantaged,email\n")
    existing = learners.read_text(encoding="utf-8") if learners.is_file() else header
    learners.write_text(existing + "zz-1,Quintessa,Zwartkruis,2004-05-06,roc-midden,solar-heat-installer,"
                        "2025-09-01,,,f,no,qz@example.org\n", encoding="utf-8")
    outputs = []
    for name in ("a.xml", "b.xml"):
        result = CliRunner().invoke(cli, ["export", "loq-xml", str(demo_workspace), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name).read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    with learners.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 1
    for row in rows:
        for private in (row["learner_id"], f"{row['given_names']} {row['family_name']}", row["email"]):
            assert not private or private not in outputs[0]


def test_edge_cases_stay_valid(schema, base_workspace):
    """A programme without units, an unknown country and language, an unknown ISCED-F code,
    fractional hours and two partners sharing an identifier: the file still validates."""
    ws = base_workspace
    alliance = ws / "curricula/alliance.yaml"
    text = alliance.read_text()
    text = text.replace("languages: [en, nl]", "languages: [en, nl, xx]")
    text = text.replace("country: BE", "country: ZZ\n    identifiers: {pic: '1', legal: L1}")
    text = text.replace("country: DE", "country: DE\n    identifiers: {pic: '1', vat: V1}")
    alliance.write_text(text)
    (ws / "curricula/programmes/empty.yaml").write_text(
        "id: empty\ntitle: {en: Empty, nl: Leeg}\neqf_level: 3\nisced_f: '0717'\n"
        "occupations: [http://data.europa.eu/esco/occupation/installer]\nduration_months: 1\necvet_points: 0\n")
    unit = ws / "curricula/units/wiring.yaml"
    unit.write_text(unit.read_text().replace("status: draft", "status: draft\nhours: {school: 7.5, workplace: 0.25}"))
    xml = export(ws)
    assert errors_of(schema, xml) == []
    doc = etree.fromstring(xml.encode("utf-8"))
    empty = doc.find(".//l:learningAchievementSpecification[@id='urn:skillweave:test-alliance:programme/empty']", NS)
    assert empty.find("l:ISCEDFCode", NS).get("uri") == "http://data.europa.eu/snb/isced-f/99"
    assert doc.findtext(".//l:learningAchievementSpecification[@id='urn:skillweave:test-alliance:unit/wiring']"
                        "/l:volumeOfLearning", namespaces=NS) == "PT7H45M"
    assert [i.findtext("skos:notation", namespaces=NS) for i in doc.iterfind(".//l:identifier", NS)] == ["1"]
    assert loq_import.months_of("P1Y6M") == 18 and loq_import.months_of("P1Y6M2D") is None


def test_every_demo_programme_is_a_qualification_with_levels_of_the_lists(shared, demo_doc):
    def enumeration(name: str) -> set[str]:
        return set(re.findall(r'enumeration value="([^"]+)"', (shared / "standards/elm/xsd/loq/cv" / name).read_text()))

    eqf, nqf = enumeration("eqf.xsd"), enumeration("nqf.xsd")
    programmes = check(REPO).curriculum.programmes
    for pid in programmes:
        prog = spec(demo_doc, "qualification", f"{BASE}programme/{pid}")
        assert prog is not None, pid
        assert prog.find("l:EQFLevel", NS).get("uri") in eqf
        levels = [e.get("uri") for e in prog.findall("l:NQFLevel", NS)]
        assert levels and set(levels) <= nqf


@pytest.mark.parametrize("nqf_line, kind", [("", "learningAchievementSpecification"),
                                            ("nqf_level: XYZ 3\n", "learningAchievementSpecification"),
                                            ("nqf_level: NLQF 4 / VKS 4\n", "qualification")])
def test_programme_kind_maximum_duration_and_import(schema, base_workspace, tmp_path, nqf_line, kind):
    """No level of the list: a learning achievement specification with its EQF level as education
    level; a level of the list: a qualification. maximumDuration only when declared. Both import back."""
    ws = base_workspace
    alliance = ws / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text().replace("country: NL\n", "country: NL\n    url: https://vet-a.example.org\n"))
    programme = ws / "curricula/programmes/installer.yaml"
    text = programme.read_text().replace("eqf_level: 4\n", f"eqf_level: 4\n{nqf_line}")
    programme.write_text(text)
    xml = export(ws)
    assert errors_of(schema, xml) == [] and "maximumDuration" not in xml
    programme.write_text(text.replace("duration_months: 12\n", "duration_months: 12\nmaximum_duration_months: 24\n"))
    xml = export(ws)
    assert errors_of(schema, xml) == []
    doc = etree.fromstring(xml.encode("utf-8"))
    prog = spec(doc, kind, "urn:skillweave:test-alliance:programme/installer")
    assert prog.findtext("l:maximumDuration", namespaces=NS) == "P24M"
    if kind == "qualification":
        assert [e.get("uri") for e in prog.findall("l:NQFLevel", NS)] == [
            "http://data.europa.eu/snb/qdr/c_ff656b33", "http://data.europa.eu/snb/qdr/c_615c4895"]
    else:
        assert prog.find("l:NQFLevel", NS) is None and prog.find("l:EQFLevel", NS) is None
        assert prog.find("l:educationLevel", NS).get("uri") == "http://data.europa.eu/snb/eqf/4"
    assert doc.findtext("l:learningOpportunityReferences/l:learningOpportunity/l:duration", namespaces=NS) == "P12M"
    imported, unmapped = import_into(tmp_path, xml)
    assert unmapped == []
    back = yaml.safe_load((imported / "curricula/programmes/installer.yaml").read_text())
    assert (back["duration_months"], back["maximum_duration_months"], back.get("nqf_level")) == (
        12, 24, nqf_line.partition(": ")[2].strip() or None)


def test_authority_tables_are_in_the_schemas_lists(shared):
    cv = shared / "standards/elm/xsd/loq/cv"

    def enumeration(name: str) -> set[str]:
        tree = etree.parse(str(cv / name), etree.XMLParser(**SAFE))
        return {e.get("value") for e in tree.iter("{http://www.w3.org/2001/XMLSchema}enumeration")}

    countries, languages, isced = enumeration("country.xsd"), enumeration("language.xsd"), enumeration("isced-f.xsd")
    assert {authority.country_uri(c) for c in authority.COUNTRIES} <= countries
    assert {authority.country_uri(c) for c in authority.COUNTRY_ALIASES} <= countries
    assert {authority.language_uri(c) for c in authority.LANGUAGES} <= languages
    assert {authority.isced_f_uri(c) for c in authority.ISCED_F_CODES} == isced
    assert {authority.eqf_uri(n) for n in range(1, 9)} == enumeration("eqf.xsd")


# --- export, import, export ---------------------------------------------------------------------

def test_demo_round_trip(demo_workspace, demo_xml, tmp_path):
    ws, unmapped = import_into(tmp_path, demo_xml)
    shutil.copytree(REPO / "ontologies", ws / "ontologies")
    assert unmapped == []
    assert export(ws) == demo_xml
    assert comparable(ws) == comparable(demo_workspace)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=workspaces())
def test_generated_workspaces_round_trip(shared, tmp_path_factory, files):
    tmp = tmp_path_factory.mktemp("loq")
    ws = tmp / "ws"
    shutil.copytree(FIXTURES / "base" / "ontologies", ws / "ontologies")
    writer.write_workspace(ws, files)
    xml = export(ws)
    assert errors_of(_schema(shared / "standards/elm/xsd/loq/loq.xsd"), xml) == []
    imported, unmapped = import_into(tmp, xml)
    shutil.copytree(FIXTURES / "base" / "ontologies", imported / "ontologies")
    assert unmapped == []
    assert export(imported) == xml
    assert comparable(imported) == comparable(ws)


def test_import_command_writes_the_workspace(demo_xml, tmp_path):
    source = tmp_path / "loq.xml"
    source.write_text(demo_xml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "loq-xml", str(source), "-o", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert "not mapped" not in result.output
    assert (tmp_path / "ws/curricula/units/pv-installation.yaml").is_file()
    assert "base_uri: https://curricula.example.org/green-install/" in (tmp_path / "ws/curricula/alliance.yaml").read_text()


@pytest.mark.parametrize("name", ["loq.xml", "loq_withLearningAchievementSpecification.xml"])
def test_official_samples_import_with_a_report(shared, tmp_path, name):
    result = loq_import.read(shared / "standards/elm/xsd/loq" / name)
    programmes = [f for f in result.files if f.startswith("curricula/programmes/")]
    units = [f for f in result.files if f.startswith("curricula/units/")]
    assert len(programmes) == 1 and len(units) == 1 and "curricula/alliance.yaml" in result.files
    unmapped = "\n".join(result.unmapped)
    # the learning opportunities of the programme are read for its nominal duration
    assert re.search(r"programme [a-z0-9-]+: duration P7Y3M8DT1H10M0S is not in whole months", unmapped)
    assert "learning opportunity http://LOP-01: additionalNote, admissionProcedure" in unmapped
    if name == "loq.xml":  # its qualifications name a framework (not a level) beside a level
        assert ("programme q-01: NQF level http://data.europa.eu/snb/qdr/c_01169e3f is the framework IE NQF, not "
                "one of its levels, and is not kept") in unmapped
        assert "nqf_level: IE NQF 2\n" in result.files["curricula/programmes/q-01.yaml"]
    assert "credit points in http://data.europa.eu/snb/education-credit/6fcec5c5af (only ECVET points are kept)" in unmapped
    assert "learning outcome lo-01: identifier, relatedSkill, reusabilityLevel not mapped" in unmapped
    # the workspace is written and checked: what the samples lack is reported there, nothing crashes
    ws = tmp_path / "ws"
    writer.write_workspace(ws, result.files)
    project = check(ws)
    codes = {d.code for d in project.diagnostics if d.severity.value == "error"}
    assert codes <= {"SW104", "SW203"}, project.diagnostics
    unit = (ws / units[0]).read_text()
    assert "lo-01" in unit and "type: skill" in unit  # the samples' outcomes are kept


# --- hostile input -------------------------------------------------------------------------------

XXE = """<?xml version="1.0"?>
<!DOCTYPE Courses [
  <!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<Courses xmlns="http://data.europa.eu/snb/model/ap/loq-constraints/">&secret;</Courses>
"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Courses xmlns="http://data.europa.eu/snb/model/ap/loq-constraints/"><group id="x">&lol9;</group></Courses>
"""


def test_external_entity_is_refused_with_its_position(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text(XXE)
    with pytest.raises(ImportFailure) as exc:
        loq_import.read(path)
    assert (exc.value.line, exc.value.column) == (3, 3)
    assert "entity declaration" in exc.value.message and "XXE" in exc.value.message
    assert "root:" not in exc.value.message


def test_entity_expansion_is_refused(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(LAUGHS)
    started = time.monotonic()
    with pytest.raises(ImportFailure) as exc:
        loq_import.read(path)
    assert time.monotonic() - started < 2
    assert (exc.value.line, exc.value.column) == (3, 2)


def test_doctype_in_utf16_is_refused(tmp_path):
    path = tmp_path / "utf16.xml"
    path.write_bytes(XXE.replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"))
    with pytest.raises(ImportFailure) as exc:
        loq_import.read(path)
    assert exc.value.line == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_refused_input_opens_no_file(tmp_path):
    """The entity names a pipe: a parser that tried to read it would open it, which the writer
    end notices (opening it without blocking succeeds only while a reader has it open)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    path = tmp_path / "pipe.xml"
    path.write_text(XXE.replace("file:///etc/passwd", fifo.as_uri()))
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            loq_import.read(path)
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    opened = False
    deadline = time.monotonic() + 2
    while worker.is_alive() and time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.01)
            continue
        opened = True
        os.close(fd)
        break
    worker.join(timeout=2)
    assert not opened, "the importer opened the file that the entity names"
    assert len(outcome) == 1 and isinstance(outcome[0], ImportFailure)


def test_refused_input_leaves_the_workspace_untouched(tmp_path):
    ws = tmp_path / "ws"
    (ws / "curricula").mkdir(parents=True)
    (ws / "curricula/alliance.yaml").write_text("id: kept\n")
    before = sorted(p.relative_to(ws) for p in ws.rglob("*"))
    for name, text in (("xxe.xml", XXE), ("laughs.xml", LAUGHS)):
        path = tmp_path / name
        path.write_text(text)
        result = CliRunner().invoke(cli, ["import", "loq-xml", str(path), "-o", str(ws)])
        assert result.exit_code == 1
        assert f"{path}:3:" in result.output and "entity declaration" in result.output
    assert sorted(p.relative_to(ws) for p in ws.rglob("*")) == before
    assert (ws / "curricula/alliance.yaml").read_text() == "id: kept\n"


def test_malformed_and_foreign_xml_fail_with_a_position(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text('<?xml version="1.0"?>\n<Courses xmlns="%s">\n  <title>\n</Courses>\n' % LOQ)
    with pytest.raises(ImportFailure) as exc:
        loq_import.read(path)
    assert exc.value.line == 4 and "not well-formed" in exc.value.message
    path.write_text('<?xml version="1.0"?>\n<html/>\n')
    with pytest.raises(ImportFailure) as exc:
        loq_import.read(path)
    assert exc.value.line == 2 and "not LOQ XML" in exc.value.message
