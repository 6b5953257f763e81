"""European Digital Credentials (``skillweave transcripts --format edc``): every demo credential
against both official EDC shapes files (pyshacl, no inference), the JSON-LD and its embedded
context (parsed offline it gives exactly the intended graph, and the same graph as with the
published contexts), what the credentials say (exact, on the demo's records), the defaults for
what the workspace lacks, privacy, determinism and file modes.

The golden file ``tests/golden/transcripts/l-002.jsonld`` is compared byte for byte by
``tests/test_transcripts.py::test_transcript_matches_golden_file[edc]`` (with the other formats);
here it is held to the shapes.

Validating all 43 demo credentials takes about 12 s (about 0.25 s per credential for the
no-cv shapes, 0.04 s for the full shapes, 0.03 s to parse): all of them are validated, on every
run.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillweave.analyses import transcripts as analysis
from skillweave.cli.main import cli
from skillweave.emitters import transcript_edc
from skillweave.formats.rdf import Iri
from skillweave.formats import elm as elmvocab
from skillweave.load.rdf import parse_rdf, remote_contexts
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO

rdflib = pytest.importorskip("rdflib")
pytest.importorskip("pyshacl")
from rdflib import RDF, Literal, Namespace, URIRef  # noqa: E402
from rdflib.compare import isomorphic  # noqa: E402

ELM = Namespace(elmvocab.ELM)
CRED = Namespace(elmvocab.CRED)
DC = Namespace(elmvocab.DC)
SKOS = Namespace(elmvocab.SKOS)
SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = ("EDC-generic-full.ttl", "EDC-generic-no-cv.ttl")
GOLDEN = Path(__file__).resolve().parent / "golden" / "transcripts"
BASE = "https://curricula.example.org/green-install/"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@lru_cache(maxsize=None)
def _shapes(path: Path):
    return rdflib.Graph().parse(path, format="turtle")


def shapes(shared: Path) -> dict[str, object]:
    return {name: _shapes(shared / "standards/elm/shacl" / name) for name in SHAPES}


def violations(graph, shapes_graph) -> list[str]:
    """The results of a pyshacl validation without inference (as ``pyshacl -s SHAPES FILE``)."""
    from pyshacl import validate

    conforms, report, _text = validate(graph, shacl_graph=shapes_graph, inference="none", advanced=False)
    found = [f"{report.value(r, SH.focusNode)} {report.value(r, SH.resultPath)}: {report.value(r, SH.resultMessage)}"
             for r in report.subjects(RDF.type, SH.ValidationResult)]
    assert conforms == (not found)
    return sorted(found)


def analyse(path: Path) -> dict:
    project = check(path)
    assert not project.has_errors, [str(d) for d in project.diagnostics if d.severity.value == "error"]
    return {t.learner_id: t for t in analysis.analyse(project.curriculum, project.base_uri)}


@pytest.fixture(scope="module")
def demo():
    return analyse(REPO)


def parsed(t, tmp_path: Path):
    """A credential as written and then read back offline (rdfio refuses remote contexts)."""
    path = tmp_path / f"{t.learner_id}.jsonld"
    path.write_bytes(transcript_edc.render(t)[path.name])
    return parse_rdf(path)


def intended(t):
    """The triples the module means to write, as an rdflib graph."""
    g = rdflib.Graph()
    for s, p, o in transcript_edc.CredentialGraph(t).triples:
        obj = URIRef(o) if isinstance(o, Iri) else Literal(o.value, lang=o.lang or None, datatype=o.datatype or None)
        g.add((URIRef(s), URIRef(p), obj))
    return g


def day(literal) -> str:
    """The date of an xsd:dateTime literal at midnight UTC (rdflib normalises ``Z`` to ``+00:00``)."""
    assert literal.datatype == rdflib.XSD.dateTime and str(literal).endswith("T00:00:00+00:00"), literal
    return str(literal)[:10]


def credential_of(g):
    return next(g.subjects(RDF.type, ELM.EuropeanDigitalCredential))


def claims(g) -> dict[str, dict]:
    """unit id -> what the credential says about the learner's achievement of it."""
    person = g.value(credential_of(g), CRED.credentialSubject)
    out = {}
    for a in g.objects(person, ELM.hasClaim):
        spec = g.value(a, ELM.specifiedBy)
        process = g.value(a, ELM.awardedBy)
        assessment = g.value(a, ELM.provenBy)
        out[str(spec).rsplit("/", 1)[-1]] = {
            "spec": str(spec),
            "points": float(g.value(g.value(a, ELM.creditReceived), ELM.point)),
            "awarded_by": str(g.value(process, ELM.awardingBody)).rsplit("/", 1)[-1],
            "assessed_by": str(g.value(assessment, ELM.assessedBy)).rsplit("/", 1)[-1],
            "date": day(g.value(process, ELM.awardingDate)),
            "grade": {lit.language: str(lit) for lit in g.objects(g.value(assessment, ELM.grade), ELM.noteLiteral)},
            "mobility": g.value(a, ELM.influencedBy),
            "description": {lit.language: str(lit) for lit in g.objects(a, DC.description)},
        }
    return out


# --- conformance ------------------------------------------------------------------------------------

def test_every_demo_credential_conforms_to_both_shapes(shared, demo_workspace, tmp_path):
    out = tmp_path / "edc"
    result = run("transcripts", str(demo_workspace), "--format", "edc", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 learner has no passed unit and no transcript" in result.output
    assert "note:" not in result.stderr  # every demo issuer has a legal identifier
    files = sorted(out.iterdir())
    assert len(files) == 43 and all(f.suffix == ".jsonld" for f in files)
    assert not (out / "roc-2026-01.jsonld").exists()  # no passed unit: no credential
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    found = {}
    for f in files:
        doc = json.loads(f.read_bytes())
        assert isinstance(doc["@context"], dict) and remote_contexts(doc) == [], f.name
        graph = parse_rdf(f)  # refuses a remote context: parsing needs no network
        for name, shapes_graph in shapes(shared).items():
            if problems := violations(graph, shapes_graph):
                found[f"{f.name} {name}"] = problems
    assert found == {}


def test_the_golden_credential_conforms(shared):
    graph = parse_rdf(GOLDEN / "l-002.jsonld")
    assert {name: violations(graph, s) for name, s in shapes(shared).items()} == {name: [] for name in SHAPES}


def test_the_shape_check_is_real(shared, demo):
    """Each shapes file finds what it is about: no-cv the structure, full the controlled lists."""
    g = intended(demo["roc-2024-01"])
    c = credential_of(g)
    assert all(not violations(g, s) for s in shapes(shared).values())
    issuer = g.value(c, CRED.issuer)
    g.remove((issuer, ELM.eidasLegalIdentifier, None))
    g.remove((c, ELM.displayParameter, None))
    no_cv = violations(g, shapes(shared)["EDC-generic-no-cv.ttl"])
    assert any("eidasLegalIdentifier" in v for v in no_cv) and any("displayParameter" in v for v in no_cv)
    g = intended(demo["roc-2024-01"])
    profile = g.value(c, ELM.credentialProfiles)
    g.remove((profile, SKOS.inScheme, None))
    assert not violations(g, shapes(shared)["EDC-generic-no-cv.ttl"])
    assert any("credentialProfiles" in v for v in violations(g, shapes(shared)["EDC-generic-full.ttl"]))


def test_pyshacl_command_line_as_ci_runs_it(shared, demo, tmp_path):
    """``pyshacl -s SHAPES -df json-ld FILE`` (no ``-e``; pyshacl does not guess JSON-LD from the
    suffix)."""
    path = tmp_path / "roc-2024-01.jsonld"
    path.write_bytes(transcript_edc.render(demo["roc-2024-01"])[path.name])
    for name in SHAPES:
        proc = subprocess.run([sys.executable, "-m", "pyshacl", "-s", str(shared / "standards/elm/shacl" / name),
                               "-df", "json-ld", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0 and "Conforms: True" in proc.stdout, name + proc.stdout + proc.stderr


# --- the JSON-LD and its context ----------------------------------------------------------------------

@pytest.mark.parametrize("workspace,learner", [(REPO, "roc-2024-01"), (FIXTURES / "base", "l-002")])
def test_the_file_gives_exactly_the_intended_graph(tmp_path, workspace, learner):
    t = analyse(workspace)[learner]
    graph = parsed(t, tmp_path)
    assert len(graph) > 100
    assert set(graph) == set(intended(t))


def _published_contexts(shared: Path) -> dict:
    edc = json.loads((shared / "standards/elm/ontology/edc-ap-context.jsonld").read_text(encoding="utf-8"))
    creds = json.loads((shared / "standards/w3c/credentials-v1.jsonld").read_text(encoding="utf-8"))
    return {elmvocab.EDC_AP_CONTEXT_URL: edc["@context"], elmvocab.CREDENTIALS_V1_URL: creds["@context"]}


@pytest.mark.parametrize("workspace,learner", [(REPO, "roc-2024-01"), (FIXTURES / "base", "l-002")])
def test_the_published_contexts_give_the_same_graph(shared, tmp_path, workspace, learner):
    """The file uses the terms of the two contexts that EDCs name, as those define them: with the
    context URLs in place of the embedded context (read from the published files, offline), the
    graph is the same."""
    t = analyse(workspace)[learner]
    doc = json.loads(transcript_edc.render(t)[f"{learner}.jsonld"])
    doc["@context"] = [elmvocab.CREDENTIALS_V1_URL, elmvocab.EDC_AP_CONTEXT_URL]
    path = tmp_path / "with-urls.jsonld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert isomorphic(parse_rdf(path, contexts=_published_contexts(shared)), parsed(t, tmp_path))


def test_the_context_holds_only_the_terms_used(demo):
    doc = json.loads(transcript_edc.render(demo["roc-2024-01"])["roc-2024-01.jsonld"])
    context = doc.pop("@context")
    prefixes = {k for k, d in context.items() if isinstance(d, str) and d.startswith("http")}
    used: set[str] = set()

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                used.add(key)
                if key in ("type", "@type"):  # class names, datatypes of value objects
                    used.update(value if isinstance(value, list) else [value])
                elif not (isinstance(context.get(key), dict) and context[key].get("@container") == "@language"):
                    walk(value)  # (the keys of a language map are languages)

    walk(doc)
    names = used - {"id", "type", "@value", "@type"}
    assert set(context) - prefixes - {"id", "type"} == {n for n in names if ":" not in n}
    assert {n for n in names if ":" in n} == {"cred:issued", "cred:validFrom", "xsd:dateTime"}
    needed = {str(x).partition(":")[0] for d in context.values() for x in (d.values() if isinstance(d, dict) else [d])}
    assert prefixes == (needed | {"cred", "xsd"}) & prefixes  # no prefix that nothing uses


# --- what the credentials say --------------------------------------------------------------------------

def test_points_per_learner(demo, tmp_path):
    expected = {"roc-2024-01": 90, "roc-2025-05": 72, "roc-2023-05": 20, "CG_2023.0102": 14, "bbs-2024-03": 34,
                "bbs-2026-01": 6, "roc-2026-02": 14}
    found = {lid: sum(c["points"] for c in claims(parsed(demo[lid], tmp_path)).values()) for lid in expected}
    assert found == expected
    assert "solar-thermal" not in claims(parsed(demo["roc-2025-05"], tmp_path))  # failed: absent


def test_the_credential_of_roc_2024_01(demo, tmp_path):
    g = parsed(demo["roc-2024-01"], tmp_path)
    c = credential_of(g)
    assert str(c) == BASE + "credential/roc-2024-01/2026-02-08"
    assert set(g.objects(c, RDF.type)) == {CRED.VerifiableCredential, ELM.EuropeanDigitalCredential}
    issuer = g.value(c, CRED.issuer)
    assert issuer == URIRef(BASE + "organisation/roc-midden")
    legal = g.value(issuer, ELM.eidasLegalIdentifier)
    assert str(g.value(legal, SKOS.notation)) == "NL-KVK-30212345"
    assert g.value(legal, DC.spatial) == URIRef("http://publications.europa.eu/resource/authority/country/NLD")
    assert [day(g.value(c, p)) for p in (CRED.issuanceDate, CRED.issued, CRED.validFrom)] == ["2026-02-08"] * 3
    assert g.value(c, ELM.credentialProfiles) == URIRef(elmvocab.CREDENTIAL_GENERIC)
    assert g.value(c, CRED.credentialSchema) == URIRef(elmvocab.EDC_SHAPES)
    person = g.value(c, CRED.credentialSubject)
    assert (str(g.value(person, URIRef(elmvocab.FOAF + "givenName"))),
            str(g.value(person, URIRef(elmvocab.FOAF + "familyName"))),
            day(g.value(person, ELM.dateOfBirth))) == ("Fleur", "Fictief", "2006-03-17")
    units = claims(g)
    assert len(units) == 12
    # the mobility unit was assessed by the host, BBS Hannover, and recognised (awarded) by ROC Midden
    assert {u: (c["awarded_by"], c["assessed_by"]) for u, c in units.items() if c["assessed_by"] != "roc-midden"} == {
        "pv-design": ("roc-midden", "bbs-hannover")}
    pv = units["pv-design"]
    assert pv["spec"] == BASE + "unit/pv-design" and pv["points"] == 8
    # awarded on the day ROC Midden recognised it; graded 2 on BBS Hannover's 1-6 scale on 2025-04-25
    assert (pv["date"], pv["grade"]) == ("2025-05-09", {"en": "2"})
    assert day(g.value(g.value(URIRef(c + "/achievement/pv-design"), ELM.provenBy), DC.issued)) == "2025-04-25"
    period = g.value(pv["mobility"], DC.temporal)
    assert (day(g.value(period, ELM.startDate)), day(g.value(period, ELM.endDate))) == ("2025-03-03", "2025-04-25")
    assert g.value(pv["mobility"], ELM.directedBy) == URIRef(BASE + "organisation/bbs-hannover")
    # recognised by ROC Midden on 2025-05-09 (recognised_on), as data: the home partner awards the
    # achievement on that date using BBS Hannover's assessment
    process = g.value(URIRef(c + "/achievement/pv-design"), ELM.awardedBy)
    assert g.value(process, ELM.awardingBody) == URIRef(BASE + "organisation/roc-midden")
    assert day(g.value(process, ELM.awardingDate)) == "2025-05-09"
    assessment = g.value(URIRef(c + "/achievement/pv-design"), ELM.provenBy)
    assert g.value(process, ELM.used) == assessment
    scheme = g.value(g.value(assessment, ELM.specifiedBy), ELM.gradingScheme)
    assert scheme == URIRef(BASE + "grading-scheme/de-1-6")
    assert {lit.language: str(lit) for lit in g.objects(scheme, DC.title)} == {
        "en": "German grading scale 1-6", "nl": "Duitse cijferschaal 1-6", "de": "Notenskala 1-6"}
    assert str(next(lit for lit in g.objects(scheme, DC.description) if lit.language == "en")).startswith(
        "German grading scale 1-6: 6 (lowest) to 1 (highest): lower is better, up to 1 decimal(s); 4 or better passes.")
    # the specification is the curriculum export's unit: same URI, points, outcomes
    spec = URIRef(pv["spec"])
    assert str(g.value(g.value(spec, ELM.creditPoint), ELM.point)) == "8"
    assert {str(o) for o in g.objects(spec, ELM.learningOutcome)} == {
        BASE + f"learning-outcome/pv-design-{n}" for n in (1, 2, 3, 4)}
    assert all(not c["description"] for c in units.values())  # every outcome achieved: no list


def test_every_demo_mobility_unit_is_assessed_by_its_host_and_awarded_as_recorded(demo, tmp_path):
    """A mobility unit is assessed by the host; the home partner awards it only where the records
    say it recognised it (recognised_on), else the host's award stands alone."""
    abroad = []
    for lid, t in sorted(demo.items()):
        g = parsed(t, tmp_path)
        home = str(g.value(credential_of(g), CRED.issuer)).rsplit("/", 1)[-1]
        assert home == t.home.id
        abroad += [(lid, u, c["assessed_by"], c["awarded_by"], c["date"])
                   for u, c in sorted(claims(g).items()) if c["mobility"] is not None]
        assert all(c["awarded_by"] == c["assessed_by"] == home for c in claims(g).values() if c["mobility"] is None)
    assert abroad == [
        ("CG_2024.0101", "pv-installation", "roc-midden", "campus-gent", "2025-07-11"),
        ("bbs-2023-01", "commissioning-maintenance", "roc-midden", "bbs-hannover", "2024-12-13"),
        ("bbs-2024-02", "refrigeration-fundamentals", "campus-gent", "campus-gent", "2025-07-25"),  # awaiting
        ("roc-2024-01", "pv-design", "bbs-hannover", "roc-midden", "2025-05-09"),
        ("roc-2024-03", "pv-installation", "solarwerk", "roc-midden", "2025-07-11"),
        ("roc-2025-02", "pipework-brazing", "waermetechnik-nord", "waermetechnik-nord", "2026-06-19"),  # awaiting
    ]


def test_a_partial_achievement_names_its_outcomes_and_a_missing_grade_reads_passed(base_workspace, tmp_path):
    results = base_workspace / "learners/results.csv"
    results.write_text(results.read_text() + "l-001,wiring,vet-a,2025-02-20,passed,,wiring-2\n")
    t = analyse(base_workspace)["l-001"]
    units = claims(parsed(t, tmp_path))
    assert sorted(units) == ["safety", "wiring"]
    assert units["safety"]["description"] == {}  # all of the unit's outcomes
    wiring = units["wiring"]
    assert wiring["grade"] == {"en": "passed", "nl": "behaald"}
    statements = {lo.id: lo.statement for lo in t.units[1].unit.learning_outcomes}
    for lang, text in wiring["description"].items():
        assert statements["wiring-2"].get(lang, "en") in text and statements["wiring-1"].get(lang, "en") not in text


def test_an_issuer_without_legal_identifier(shared, base_workspace, tmp_path):
    """The shapes require an eIDAS legal identifier of the issuer: the VAT number stands in, else
    the partner id; the command says so."""
    t = analyse(base_workspace)["l-002"]
    g = parsed(t, tmp_path)
    legal = g.value(g.value(credential_of(g), CRED.issuer), ELM.eidasLegalIdentifier)
    assert (str(g.value(legal, SKOS.notation)), str(g.value(legal, ELM.schemeName))) == (
        "vet-a", "skillweave partner id")
    result = run("transcripts", str(base_workspace), "--format", "edc", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert ("note: partner vet-a has no legal identifier (identifiers.legal in alliance.yaml): its credentials "
            "name its partner id") in result.stderr
    assert "note:" not in run("transcripts", str(base_workspace), "--format", "elmo", "-o",
                              str(tmp_path / "elmo")).stderr
    alliance = base_workspace / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text().replace("    country: NL\n", '    country: NL\n    identifiers: {vat: "NL001"}\n', 1))
    g = parsed(analyse(base_workspace)["l-002"], tmp_path)
    legal = g.value(g.value(credential_of(g), CRED.issuer), ELM.eidasLegalIdentifier)
    assert str(legal).endswith("organisation/vet-a/identifier/vat") and str(g.value(legal, SKOS.notation)) == "NL001"
    assert all(not violations(g, s) for s in shapes(shared).values())


def test_the_display_page_is_an_svg_summary_per_language(demo, tmp_path):
    import base64

    from lxml import etree

    g = parsed(demo["bbs-2023-01"], tmp_path)
    display = g.value(credential_of(g), ELM.displayParameter)
    assert g.value(display, ELM.primaryLanguage) == URIRef("http://publications.europa.eu/resource/authority/language/ENG")
    pages = {}
    for shown in g.objects(display, ELM.individualDisplay):
        lang = str(g.value(shown, DC.language)).rsplit("/", 1)[-1]
        image = g.value(g.value(shown, ELM.displayDetail), ELM.image)
        assert g.value(image, ELM.contentType) == URIRef(elmvocab.FILE_TYPE_SVG)
        svg = etree.fromstring(base64.b64decode(str(g.value(image, ELM.content))))  # well-formed XML
        pages[lang] = " ".join(svg.itertext())
    assert sorted(pages) == ["DEU", "ENG", "NLD"]
    assert "Personal transcript (ECVET)" in pages["ENG"] and "Persönlicher Nachweis" in pages["DEU"]
    assert all("bbs-2023-01" in text and "m-bbs-2023-01" in text for text in pages.values())


# --- privacy, determinism ------------------------------------------------------------------------------

def test_a_credential_holds_no_other_learner(demo):
    names = {lid: f"{t.learner.given_names} {t.learner.family_name}" for lid, t in demo.items()}
    ids = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, demo)) + r")(?![\w-])")
    for lid, t in demo.items():
        text = transcript_edc.render(t)[f"{lid}.jsonld"].decode()
        assert set(ids.findall(text)) == {lid}
        assert not [n for other, n in names.items() if n != names[lid] and n in text], lid
        assert (t.learner.email or "\0") not in text and '"gender"' not in text  # no e-mail, no gender


def test_two_runs_with_other_hash_seeds_are_byte_identical(demo_workspace, tmp_path):
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / seed
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "skillweave.cli.main", "transcripts", str(demo_workspace),
                               "--format", "edc", "-o", str(out)], env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outputs[0]) == 43 and outputs[0] == outputs[1]
