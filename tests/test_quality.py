"""EQAVET quality indicators (skillweave quality): figures known by construction, suppression at 4
and publication at 5, periods, the XML schema, the RDF Data Cube, the dashboard (also in headless
Chromium), privacy, and the JSON golden file.

``tests/fixtures/quality`` is built so that every figure can be worked out by hand (see the
comments in :data:`ALLIANCE`): two VET providers (vet-a with 10 learners, vet-d with 4), two
programmes (installer: 13 learners; maintainer: 1), 8 completers tracked at 6 and 12 months.
Regenerate the golden file after an intended change with ``SKILLWEAVE_REGENERATE_GOLDEN=1``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillweave.analyses import eqavet
from skillweave.cli.main import cli
from skillweave.emitters import emit
from skillweave.emitters import eqavet as emitter
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO, copy_workspace

FIXTURE = FIXTURES / "quality"
GOLDEN = Path(__file__).resolve().parent / "golden" / "quality"
REGENERATE = os.environ.get("SKILLWEAVE_REGENERATE_GOLDEN") == "1"
S = "suppressed"


def report_of(path, period: str = eqavet.ALL):
    project = check(path)
    assert not project.has_errors, project.diagnostics
    return project, (project.quality if period == eqavet.ALL else eqavet.analyse(project, period))


def scopes(data: dict) -> dict[tuple[str, str], dict]:
    return {(s["scope"], s["id"]): s["indicators"] for s in data["scopes"]}


@pytest.fixture(scope="module")
def fixture_json() -> dict:
    _, report = report_of(FIXTURE)
    return report.as_json()


# --- figures known by construction ---------------------------------------------------------------

TEXTS_A = {"9": [{"en": "Employer panel", "nl": "Werkgeverspanel"},
                 {"en": "Graduate survey", "nl": "Enquête onder gediplomeerden"}],
           "10": [{"en": "Bridging course", "nl": "Schakelcursus"}]}
TEXTS_D = {"9": [{"en": "Advisory board", "nl": "Adviesraad"}], "10": [{"en": "Evening classes", "nl": "Avondlessen"}]}
UNEMPLOYMENT = {"vet-a": {"value": 4.2, "unit": "percent", "year": 2025,
                          "source": {"en": "Statistics office", "nl": "Statistiekbureau"}},
                "vet-d": {"value": 7.5, "unit": "percent", "year": 2024,
                          "source": {"en": "Regional office", "nl": "Regionaal bureau"}}}

ALLIANCE = {
    "1a": 1.0,  # both providers have an internal QA system
    "1b": 0.5,  # vet-a is accredited, vet-d is not (2 providers: organisations are never suppressed)
    "2a": 0.5,  # (9 + 3) ÷ (20 + 4) teachers and trainers
    "2b": {"total_eur": 14000.0, "per_teacher_eur": 583.33, "teachers_and_trainers": 24},  # 14000 ÷ 24
    "3": {"total": 14, "by_provider": {"vet-a": 10, "vet-d": 4},
          "by_gender": {"f": 6, "m": 6, "x": 1, "unknown": 1},
          "by_disadvantaged": {"yes": 6, "no": 7, "unknown": 1}},
    # completed a-01..a-06, d-01, d-02; left a-07, a-08, d-03; still enrolled a-09, a-10, d-04
    "4": {"rate": 0.7273, "completed": 8, "left": 3, "still_enrolled": 3},  # 8 ÷ 11
    # 8 tracked at 6 months: employed a-01 a-02 d-01, one each of the other statuses
    "5a_6": {"employed": 0.375, "self-employed": 0.125, "education": 0.125, "unemployed": 0.125,
             "inactive": 0.125, "unknown": 0.125},
    # 8 tracked at 12 months: employed a-01 a-02 a-04 a-05 d-02, self-employed a-03, unknown a-06 d-01
    "5a_12": {"employed": 0.625, "self-employed": 0.125, "education": 0.0, "unemployed": 0.0, "inactive": 0.0,
              "unknown": 0.25},
    "5b_6": 0.5714,  # 4 in employment ÷ 7 with a known status
    "5b_12": 1.0,  # 6 ÷ 6 known
    "6a": 0.8,  # related: a-01 a-02 a-05 d-02 yes, a-03 no; a-04 did not answer (left out)
    "6b_learners": {"mean": 4.0, "answers": 8},  # (5+4+3+4+5+2 at 6 months, 4+5 at 12) ÷ 8
    "6b_employers": {"mean": 4.0, "answers": 6},  # (4+3+5, 5+4+3) ÷ 6
    "7": UNEMPLOYMENT,
    "8a": 0.4615,  # 6 disadvantaged ÷ 13 with a known status
    "8b": 0.8,  # disadvantaged: a-01 a-04 d-01 d-02 completed, a-07 left (a-10 still enrolled)
    # installer: 3 essential skills, 2 covered (wire is not linked); maintainer the same: 4 of 6.
    # Units: safety (approved by the employer emp-b), mounting, wiring: 1 of 3. Not suppressed.
    "9": {"mechanisms": {"vet-a": TEXTS_A["9"], "vet-d": TEXTS_D["9"]},
          "evidence": {"programmes": 2, "essential_skills": 6, "essential_skills_covered": 4,
                       "essential_coverage": 0.6667, "units": 3, "units_approved_by_employer": 1,
                       "employer_approval_share": 0.3333}},
    "10": {"schemes": {"vet-a": TEXTS_A["10"], "vet-d": TEXTS_D["10"]}},
}

VET_A = {
    "1a": 1.0, "1b": 1.0, "2a": 0.45,
    "2b": {"total_eur": 12000.0, "per_teacher_eur": 600.0, "teachers_and_trainers": 20},
    "3": {"total": 10, "by_provider": {"vet-a": 10}, "by_gender": {"f": 4, "m": 4, "x": 1, "unknown": 1},
          "by_disadvantaged": {"yes": 4, "no": 5, "unknown": 1}},
    "4": {"rate": 0.75, "completed": 6, "left": 2, "still_enrolled": 2},
    "5a_6": {"employed": 0.3333, "self-employed": 0.1667, "education": 0.1667, "unemployed": 0.1667,
             "inactive": 0.0, "unknown": 0.1667},
    "5a_12": {"employed": 0.6667, "self-employed": 0.1667, "education": 0.0, "unemployed": 0.0, "inactive": 0.0,
              "unknown": 0.1667},
    "5b_6": 0.6,  # 3 ÷ 5 known
    "5b_12": 1.0,  # 5 ÷ 5 known
    "6a": S,  # 3 of 4 answers: 4 is under 5
    "6b_learners": {"mean": 4.1667, "answers": 6},  # 25 ÷ 6
    "6b_employers": {"mean": S, "answers": 4},
    "7": {"vet-a": UNEMPLOYMENT["vet-a"]},
    "8a": 0.4444,  # 4 ÷ 9
    "8b": S,  # a-01 a-04 completed, a-07 left: 3
    "9": {"mechanisms": {"vet-a": TEXTS_A["9"]},
          "evidence": {"programmes": 2, "essential_skills": 6, "essential_skills_covered": 4,
                       "essential_coverage": 0.6667, "units": 3, "units_approved_by_employer": 1,
                       "employer_approval_share": 0.3333}},
    "10": {"schemes": {"vet-a": TEXTS_A["10"]}},
}

SIX_SUPPRESSED = dict.fromkeys(("employed", "self-employed", "education", "unemployed", "inactive", "unknown"), S)

VET_D = {
    "1a": 1.0, "1b": 0.0,
    "2a": S,  # 4 teachers and trainers
    "2b": {"total_eur": 2000.0, "per_teacher_eur": 500.0, "teachers_and_trainers": 4},
    "3": {"total": 4, "by_provider": {"vet-d": 4}, "by_gender": {"f": 2, "m": 2, "x": 0, "unknown": 0},
          "by_disadvantaged": {"yes": 2, "no": 2, "unknown": 0}},
    # 2 completed and 1 left: the rate and the counts that would give it away are suppressed
    "4": {"rate": S, "completed": S, "left": S, "still_enrolled": 1},
    "5a_6": SIX_SUPPRESSED, "5a_12": SIX_SUPPRESSED, "5b_6": S, "5b_12": S, "6a": S,
    "6b_learners": {"mean": S, "answers": 2}, "6b_employers": {"mean": S, "answers": 2},
    "7": {"vet-d": UNEMPLOYMENT["vet-d"]},
    "8a": S, "8b": S,
    "9": {"mechanisms": {"vet-d": TEXTS_D["9"]},  # vet-d delivers the installer programme only
          "evidence": {"programmes": 1, "essential_skills": 3, "essential_skills_covered": 2,
                       "essential_coverage": 0.6667, "units": 3, "units_approved_by_employer": 1,
                       "employer_approval_share": 0.3333}},
    "10": {"schemes": {"vet-d": TEXTS_D["10"]}},
}


def test_the_fixture_is_clean():
    assert check(FIXTURE).diagnostics == []


def test_every_indicator_of_the_alliance(fixture_json):
    assert fixture_json["period"] == "all"
    assert [(s["scope"], s["id"]) for s in fixture_json["scopes"]] == [
        ("alliance", "quality-fixture"), ("provider", "vet-a"), ("provider", "vet-d"),
        ("programme", "installer"), ("programme", "maintainer")]
    got = scopes(fixture_json)[("alliance", "quality-fixture")]
    assert list(got) == list(eqavet.INDICATORS)
    assert got == ALLIANCE


def test_every_indicator_of_each_provider(fixture_json):
    got = scopes(fixture_json)
    assert got[("provider", "vet-a")] == VET_A
    assert got[("provider", "vet-d")] == VET_D


def test_programmes_count_their_own_learners_and_providers(fixture_json):
    got = scopes(fixture_json)
    installer, maintainer = got[("programme", "installer")], got[("programme", "maintainer")]
    # installer: everyone but a-10; both providers deliver it (vet-a awards it, vet-d has learners)
    assert installer["3"]["total"] == 13 and installer["3"]["by_provider"] == {"vet-a": 9, "vet-d": 4}
    assert installer["4"] == {"rate": 0.7273, "completed": 8, "left": 3, "still_enrolled": 2}
    assert installer["8a"] == 0.4167  # 5 ÷ 12
    assert installer["2a"] == 0.5 and installer["1b"] == 0.5 and set(installer["7"]) == {"vet-a", "vet-d"}
    assert installer["9"]["evidence"] == {"programmes": 1, "essential_skills": 3, "essential_skills_covered": 2,
                                          "essential_coverage": 0.6667, "units": 3, "units_approved_by_employer": 1,
                                          "employer_approval_share": 0.3333}
    # maintainer: a-10 alone (still enrolled); only vet-a delivers it
    assert maintainer["3"]["total"] == 1
    assert maintainer["4"] == {"rate": S, "completed": S, "left": S, "still_enrolled": 1}
    assert maintainer["2a"] == 0.45 and set(maintainer["7"]) == {"vet-a"}
    assert maintainer["9"]["evidence"]["units"] == 2 and maintainer["9"]["evidence"]["employer_approval_share"] == 0.5


def _json_leaves(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _json_leaves(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _json_leaves(v, f"{path}[{i}]")
    else:
        yield path, node


def test_rates_are_fractions_rounded_to_4_decimals(fixture_json):
    rates = re.compile(r"/indicators/(1a|1b|2a|5b_\d+|6a|8a|8b|4/rate|5a_\d+/[a-z-]+|9/evidence/\w+_(share|coverage))$")
    seen = 0
    for path, value in _json_leaves(fixture_json):
        if rates.search(path):
            seen += 1
            assert value == S or (isinstance(value, float) and 0 <= value <= 1 and round(value, 4) == value), path
    assert seen == 5 * 23  # 1a 1b 2a, 4, 6 + 6 destinations, 5b twice, 6a, 8a 8b, two evidence shares


# --- suppression at 4, publication at 5 -----------------------------------------------------------

def _rows(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue()


def workspace_of(tmp_path: Path, n: int) -> Path:
    """vet-a with n learners and n teachers and trainers, so that every rate over people has the
    denominator n: all completed; at 6 months one unemployed and n-1 employed; at 12 months all
    employed, one job unrelated, each learner and employer answering (2 for the first, 5 for the
    others); all disadvantaged; n-1 teachers and trainers in further training."""
    ws = copy_workspace(FIXTURE, tmp_path / f"ws{n}")
    learners, tracking = [], []
    for k in range(1, n + 1):
        lid = f"a-{k:02d}"
        learners.append([lid, "Test", "Person", "2006-01-10", "vet-a", "installer", "2023-09-01", "2024-08-30",
                         "", "f", "yes", ""])
        first = k == 1
        tracking.append([lid, "6", "unemployed" if first else "employed", "" if first else "yes", "", ""])
        tracking.append([lid, "12", "employed", "no" if first else "yes", "2" if first else "5", "2" if first else "5"])
    (ws / "learners/learners.csv").write_text(_rows(
        ["learner_id", "given_names", "family_name", "date_of_birth", "home_partner", "programme", "enrolled_on",
         "completed_on", "left_on", "gender", "disadvantaged", "email"], learners))
    (ws / "quality/tracking.csv").write_text(_rows(
        ["learner_id", "months_after_completion", "status", "job_related", "learner_satisfaction",
         "employer_satisfaction"], tracking))
    providers = ws / "quality/providers.yaml"
    providers.write_text(providers.read_text().replace(
        "staff: {teachers_and_trainers: 20, in_further_training: 9,",
        f"staff: {{teachers_and_trainers: {n}, in_further_training: {n - 1},"))
    return ws


PUBLISHED_AT_5 = {
    "2a": 0.8, "4": {"rate": 1.0, "completed": 5, "left": 0, "still_enrolled": 0},
    "5a_6": {"employed": 0.8, "self-employed": 0.0, "education": 0.0, "unemployed": 0.2, "inactive": 0.0,
             "unknown": 0.0},
    "5a_12": {"employed": 1.0, "self-employed": 0.0, "education": 0.0, "unemployed": 0.0, "inactive": 0.0,
              "unknown": 0.0},
    "5b_6": 0.8, "5b_12": 1.0, "6a": 0.8,
    "6b_learners": {"mean": 4.4, "answers": 5}, "6b_employers": {"mean": 4.4, "answers": 5},
    "8a": 1.0, "8b": 1.0,
}
SUPPRESSED_AT_4 = {
    "2a": S, "4": {"rate": S, "completed": S, "left": S, "still_enrolled": 0},
    "5a_6": SIX_SUPPRESSED, "5a_12": SIX_SUPPRESSED, "5b_6": S, "5b_12": S, "6a": S,
    "6b_learners": {"mean": S, "answers": 4}, "6b_employers": {"mean": S, "answers": 4},
    "8a": S, "8b": S,
}


@pytest.mark.parametrize("n, expected", [(4, SUPPRESSED_AT_4), (5, PUBLISHED_AT_5)],
                         ids=["4-suppressed", "5-published"])
def test_suppression_at_4_and_publication_at_5(tmp_path, n, expected):
    project, report = report_of(workspace_of(tmp_path, n))
    got = scopes(report.as_json())[("provider", "vet-a")]
    assert {k: got[k] for k in expected} == expected
    assert got["1a"] == 1.0 and got["1b"] == 1.0  # one provider: organisations are not suppressed
    assert got["3"]["total"] == n  # counts are published


# --- periods --------------------------------------------------------------------------------------

def test_period_is_the_entry_cohort(tmp_path):
    runner = CliRunner()
    out = tmp_path / "q.json"
    result = runner.invoke(cli, ["quality", str(FIXTURE), "--format", "json", "--period", "2023", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["period"] == "2023-24"
    alliance = scopes(data)[("alliance", "quality-fixture")]
    assert alliance["3"]["total"] == 11  # everyone but a-09, a-10, d-04 (enrolled 2024-09-02)
    assert alliance["4"] == {"rate": 0.7273, "completed": 8, "left": 3, "still_enrolled": 0}
    assert alliance["5b_6"] == ALLIANCE["5b_6"] and alliance["1b"] == 0.5  # declarations do not change
    result = runner.invoke(cli, ["quality", str(FIXTURE), "--period", "2024/25"])
    data = json.loads(result.output)
    assert data["period"] == "2024-25" and scopes(data)[("alliance", "quality-fixture")]["3"]["total"] == 3
    assert scopes(data)[("alliance", "quality-fixture")]["5a_6"] == SIX_SUPPRESSED


@pytest.mark.parametrize("text, expected", [("all", "all"), ("ALL", "all"), ("2024", "2024-25"),
                                            ("2024-25", "2024-25"), ("2024/2025", "2024-25"), ("1999", "1999-00")])
def test_parse_period(text, expected):
    assert eqavet.parse_period(text) == expected


def test_a_bad_period_is_a_usage_error():
    result = CliRunner().invoke(cli, ["quality", str(FIXTURE), "--period", "2024-26"])
    assert result.exit_code == 2 and "not a period" in result.output


# --- formats --------------------------------------------------------------------------------------

def test_json_golden_file(fixture_json):
    project, report = report_of(FIXTURE)
    text = emitter.report_json(report)
    golden = GOLDEN / "quality.json"
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _schema():
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(emitter.xsd_path()), parser)), parser


def _valid(xml_text: str) -> None:
    from lxml import etree

    schema, parser = _schema()
    doc = etree.fromstring(xml_text.encode("utf-8"), parser)
    assert schema.validate(doc), schema.error_log


@pytest.mark.parametrize("workspace, period", [(FIXTURE, "all"), (FIXTURE, "2024-25"), (REPO, "all"),
                                               (REPO, "2026-27"), (FIXTURES / "analyses", "all")],
                         ids=["fixture", "fixture-2024", "demo", "demo-2026", "no-quality-inputs"])
def test_every_xml_report_validates_against_the_shipped_schema(workspace, period):
    _, report = report_of(workspace, period)
    _valid(emitter.report_xml(report))


def test_the_schema_is_in_the_package_and_rejects_a_broken_report():
    from lxml import etree

    assert emitter.xsd_path().is_file()
    assert "skillweave/data/quality-report.xsd" in emitter.xsd_path().as_posix()
    schema, parser = _schema()
    _, report = report_of(FIXTURE)
    text = emitter.report_xml(report)
    for broken in (text.replace('indicator="4" completed="8"', 'indicator="4" completed="eight"', 1),
                   text.replace(">0.7273</completion>", ">72.73</completion>", 1),
                   text.replace('<internalQa indicator="1a"', '<internalQa indicator="1b"', 1),
                   re.sub(r"<staffInTraining [^>]*>[^<]*</staffInTraining>", "", text, count=1)):
        assert broken != text
        assert not schema.validate(etree.fromstring(broken.encode("utf-8"), parser))


def test_xml_never_shows_a_numerator_for_a_suppressed_rate():
    from lxml import etree

    _, report = report_of(FIXTURE)
    doc = etree.fromstring(emitter.report_xml(report).encode("utf-8"))
    suppressed = [el for el in doc.iter() if (el.text or "").strip() == S]
    assert len(suppressed) > 20
    for el in suppressed:
        assert "numerator" not in el.attrib
    completion = doc.find(f"{{{emitter.XML_NS}}}scope[@id='vet-d']/{{{emitter.XML_NS}}}completion")
    assert completion.get("completed") == S and completion.get("left") == S and completion.get("denominator") == "3"


SW = "urn:skillweave:quality#"
QB = "http://purl.org/linked-data/cube#"
DIMENSIONS = ["indicator", "provider", "programme", "period", "measure", "breakdown"]


@pytest.fixture(scope="module")
def cube():
    import rdflib

    project, report = report_of(FIXTURE)
    g = rdflib.Graph()
    g.parse(data=emitter.report_turtle(report, project.base_uri, project.curriculum.alliance.name), format="turtle")
    return g


def test_turtle_is_a_data_cube_whose_observations_have_every_dimension(cube):
    import rdflib

    obs = list(cube.subjects(rdflib.RDF.type, rdflib.URIRef(QB + "Observation")))
    assert len(obs) > 200
    missing = cube.query(f"""
        PREFIX qb: <{QB}> PREFIX sw: <{SW}>
        SELECT ?o WHERE {{ ?o a qb:Observation .
          FILTER NOT EXISTS {{ ?o qb:dataSet ?ds ; sw:indicator ?i ; sw:provider ?p ; sw:programme ?g ;
                               sw:period ?t ; sw:measure ?m ; sw:breakdown ?b ; sw:value ?v ; sw:status ?s ;
                               sw:unit ?u }} }}""")
    assert list(missing) == []
    # the structure declares exactly these dimensions, with ranges (IC-4), one measure and attributes
    dsd = rdflib.URIRef(SW + "structure")
    dims = {str(d) for d in cube.objects(None, rdflib.URIRef(QB + "dimension"))}
    assert dims == {SW + d for d in DIMENSIONS}
    assert all((rdflib.URIRef(d), rdflib.RDFS.range, None) in cube for d in dims)
    assert {str(m) for m in cube.objects(None, rdflib.URIRef(QB + "measure"))} == {SW + "value"}
    assert (None, rdflib.URIRef(QB + "structure"), dsd) in cube
    for o in obs:
        # IC-1: one data set; IC-11: one value per dimension
        assert len(list(cube.objects(o, rdflib.URIRef(QB + "dataSet")))) == 1
        for d in DIMENSIONS:
            assert len(list(cube.objects(o, rdflib.URIRef(SW + d)))) == 1, (o, d)
    # IC-12: no two observations share all their dimension values
    keys = [tuple(cube.value(o, rdflib.URIRef(SW + d)) for d in DIMENSIONS) for o in obs]
    assert len(keys) == len(set(keys))


#: integrity constraints of the RDF Data Cube recommendation (section 11.1), as written there: each
#: ASK finds a violation. The output carries qb:componentProperty itself (the normalised form).
INTEGRITY = {
    "IC-1": """ASK { { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?dataset1 . } } UNION
                     { ?obs a qb:Observation ; qb:dataSet ?dataset1, ?dataset2 . FILTER (?dataset1 != ?dataset2) } }""",
    "IC-2": """ASK { { ?dataset a qb:DataSet .
                       FILTER NOT EXISTS { ?dataset qb:structure ?dsd . ?dsd a qb:DataStructureDefinition . } }
                     UNION { ?dataset a qb:DataSet ; qb:structure ?dsd1, ?dsd2 . FILTER (?dsd1 != ?dsd2) } }""",
    "IC-3": """ASK { ?dsd a qb:DataStructureDefinition .
                     FILTER NOT EXISTS { ?dsd qb:component [qb:componentProperty [a qb:MeasureProperty]] } }""",
    "IC-4": "ASK { ?dim a qb:DimensionProperty . FILTER NOT EXISTS { ?dim rdfs:range [] } }",
    "IC-5": "ASK { ?dim a qb:DimensionProperty ; rdfs:range skos:Concept . FILTER NOT EXISTS { ?dim qb:codeList [] } }",
    "IC-6": """ASK { ?dsd qb:component ?componentSpec . ?componentSpec qb:componentRequired "false"^^xsd:boolean ;
                     qb:componentProperty ?component . FILTER NOT EXISTS { ?component a qb:AttributeProperty } }""",
    "IC-11": """ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim . ?dim a qb:DimensionProperty;
                      FILTER NOT EXISTS { ?obs ?dim [] } }""",
    "IC-13": """ASK { ?obs qb:dataSet/qb:structure/qb:component ?component .
                      ?component qb:componentRequired "true"^^xsd:boolean ; qb:componentProperty ?attr .
                      FILTER NOT EXISTS { ?obs ?attr [] } }""",
    "IC-14": """ASK { ?obs qb:dataSet/qb:structure ?dsd .
                      FILTER NOT EXISTS { ?dsd qb:component/qb:componentProperty qb:measureType }
                      ?dsd qb:component/qb:componentProperty ?measure . ?measure a qb:MeasureProperty;
                      FILTER NOT EXISTS { ?obs ?measure [] } }""",
    "IC-19": """ASK { ?obs qb:dataSet/qb:structure/qb:component/qb:componentProperty ?dim .
                      ?dim a qb:DimensionProperty ; qb:codeList ?list . ?list a skos:ConceptScheme .
                      ?obs ?dim ?v . FILTER NOT EXISTS { ?v a skos:Concept ; skos:inScheme ?list } }""",
}


@pytest.mark.parametrize("name", sorted(INTEGRITY))
def test_turtle_meets_the_data_cube_integrity_constraints(cube, name):
    prefixes = (f"PREFIX qb: <{QB}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")
    assert not cube.query(prefixes + INTEGRITY[name]).askAnswer, name


def test_turtle_figures_match_the_json(cube):
    rows = cube.query(f"""
        PREFIX sw: <{SW}>
        SELECT ?provider ?value ?status ?den WHERE {{
          ?o sw:indicator sw:indicator-4 ; sw:measure sw:measure-share ; sw:programme sw:all-programmes ;
             sw:provider ?provider ; sw:value ?value ; sw:status ?status ; sw:denominator ?den }}""")
    got = {re.split("[/#]", str(r.provider))[-1]: (r.value.toPython(), str(r.status).rsplit("#", 1)[-1], int(r.den))
           for r in rows}
    from decimal import Decimal

    assert got == {"all-providers": (Decimal("0.7273"), "published", 11), "vet-a": (Decimal("0.75"), "published", 8),
                   "vet-d": ("suppressed", "suppressed", 3)}
    # no suppressed observation carries a number; every published number is typed
    for value, status in cube.query(f"PREFIX sw: <{SW}> SELECT ?v ?s WHERE {{ ?o sw:value ?v ; sw:status ?s }}"):
        if str(status).endswith("#suppressed"):
            assert str(value) == S and value.datatype is None
        else:
            assert str(value) != S
    texts = cube.query(f"""
        PREFIX sw: <{SW}>
        SELECT ?v WHERE {{ ?o sw:indicator sw:indicator-10 ; sw:provider ?p ; sw:value ?v .
                           FILTER (STRENDS(STR(?p), "/organisation/vet-d")) }}""")
    assert sorted((str(r.v), r.v.language) for r in texts) == [("Avondlessen", "nl"), ("Evening classes", "en")]


def test_demo_turtle_parses_and_every_export_is_deterministic():
    import rdflib

    project = check(REPO)
    project.analyse()
    for fmt in ("quality-json", "quality-xml", "quality-turtle", "quality-html"):
        assert emit(project, fmt) == emit(project, fmt)
    g = rdflib.Graph()
    g.parse(data=emit(project, "quality-turtle"), format="turtle")
    assert len(g) > 1000


def test_the_reports_hold_no_personal_data():
    project = check(REPO)
    project.analyse()
    learners = list(csv.DictReader((REPO / "learners/learners.csv").open(encoding="utf-8")))
    personal = set()
    for row in learners:
        personal |= {row["learner_id"], row["given_names"], row["family_name"], row["date_of_birth"]}
        if row["email"]:
            personal.add(row["email"])
    for fmt in ("quality-json", "quality-xml", "quality-turtle", "quality-html"):
        text = emit(project, fmt)
        leaked = sorted(p for p in personal if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text))
        assert leaked == [], fmt


def test_dashboard_is_self_contained_and_shows_suppression():
    from html.parser import HTMLParser

    _, report = report_of(FIXTURE)
    project = check(FIXTURE)
    page = emitter.report_html(report, project)
    assert "<script" not in page and "Content-Security-Policy" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert page.count("<svg") == 5

    class Table(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.in_table, self.cell = [], False, None

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("class", "indicators") in attrs:
                self.in_table = True
            elif self.in_table and tag == "tr":
                self.rows.append([])
            elif self.in_table and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "table":
                self.in_table = False
            elif self.in_table and tag in ("td", "th") and self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data + " ")

    t = Table()
    t.feed(page)
    header, body = t.rows[0], {r[0]: r for r in t.rows[1:]}
    assert header[2:] == ["Alliance (all providers)", "VET A", "VET D", "Installer", "Maintainer"]
    assert body["4"][2].startswith("72.7 %") and "8 completed, 3 left" in body["4"][2]
    assert body["4"][4].startswith("suppressed") and "completed," not in body["4"][4]  # vet-d
    assert body["6b employers"][3].startswith("suppressed")  # vet-a: 4 answers
    assert body["2a"][4].startswith("suppressed")  # vet-d: 4 teachers and trainers


def test_exports_without_learners_or_quality_inputs_say_so():
    project = check(FIXTURES / "analyses")
    project.analyse()
    page = emit(project, "quality-html")
    assert "no learner records" in page and "no <code>quality/</code> folder" in page
    data = json.loads(emit(project, "quality-json"))
    alliance = data["scopes"][0]["indicators"]
    assert alliance["1a"] is None and alliance["2a"] is None and alliance["3"]["total"] == 0


# --- the command line -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, start", [("json", "{"), ("xml", "<?xml"), ("turtle", "@prefix"),
                                        ("html", "<!DOCTYPE html>")])
def test_quality_command_writes_each_format(tmp_path, fmt, start):
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(cli, ["quality", str(FIXTURE), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(start)


def test_quality_command_stops_on_errors(tmp_path):
    ws = copy_workspace(FIXTURE, tmp_path / "ws")
    tracking = ws / "quality/tracking.csv"
    tracking.write_text(tracking.read_text() + "a-09,6,employed,,,\n")  # a-09 has not completed
    result = CliRunner().invoke(cli, ["quality", str(ws), "--format", "json"])
    assert result.exit_code == 1 and "SW704" in result.stderr


def test_quality_help():
    result = CliRunner().invoke(cli, ["quality", "--help"])
    assert result.exit_code == 0 and "EQAVET" in result.output and "--period" in result.output


def test_tracking_diagnostics_show_no_answers(tmp_path):
    ws = copy_workspace(FIXTURE, tmp_path / "ws")
    tracking = ws / "quality/tracking.csv"
    tracking.write_text(tracking.read_text().replace("a-02,6,employed,no,4,3", "a-02,6,emplyed,maybe,9,3"))
    diagnostics = check(ws).diagnostics
    assert sorted((d.file, d.line, d.column, d.code) for d in diagnostics) == [
        ("quality/tracking.csv", 3, 8, "SW102"), ("quality/tracking.csv", 3, 16, "SW102"),
        ("quality/tracking.csv", 3, 22, "SW102")]
    text = " ".join(d.message for d in diagnostics)
    assert "emplyed" not in text and "maybe" not in text and "'9'" not in text
    assert "status" in text and "job_related" in text and "learner_satisfaction" in text


# --- headless Chromium ----------------------------------------------------------------------------

PAGE_FACTS = """JSON.stringify({
  title: document.title,
  charts: document.querySelectorAll('figure.chart svg').length,
  bars: document.querySelectorAll('figure.chart svg rect').length,
  tiles: [...document.querySelectorAll('.tile .value')].map(e => e.textContent.trim()),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  labelsFit: [...document.querySelectorAll('figure.chart svg')].every(svg => {
    const w = svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].every(t => {
      const b = t.getBBox(); return b.x >= 0 && b.x + b.width <= w + 0.5; });
  }),
})"""


@pytest.mark.parametrize("lang", ["en", "nl", "de"])
def test_demo_dashboard_in_chromium_without_console_errors(browser, tmp_path, lang):
    page = tmp_path / "quality.html"
    result = CliRunner().invoke(cli, ["quality", str(REPO), "--format", "html", "--lang", lang, "-o", str(page)])
    assert result.exit_code == 0, result.output
    report = browser.open(page.as_uri(), PAGE_FACTS)
    assert report.problems == []
    assert [u for u in report.requests if u != page.as_uri()] == []
    facts = json.loads(report.value)
    assert facts["title"].startswith("Quality indicators (EQAVET)")
    assert facts["charts"] == 5 and facts["bars"] > 40
    assert facts["tiles"][:2] == ["44", "85.7 %"]  # 44 learners; 24 completed ÷ 28 completed or left
    assert facts["overflow"] <= 0, "the dashboard is wider than the window"
    assert facts["labelsFit"], "a chart label runs off its chart"


def test_the_dashboard_blocks_scripts(browser, tmp_path):
    """Its Content-Security-Policy refuses any script, and the browser check sees the refusal."""
    project = check(FIXTURE)
    page = tmp_path / "tampered.html"
    page.write_text(emitter.report_html(project.quality, project).replace(
        "</body>", '<script>document.title = "ran"; console.error("ran");</script></body>'), encoding="utf-8")
    report = browser.open(page.as_uri(), "document.title")
    assert report.value.startswith("Quality indicators")  # the script did not run
    assert any("Content Security Policy" in entry for entry in report.log)
