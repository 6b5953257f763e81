"""ELM RDF: export (Turtle, JSON-LD, RDF/XML) against the official LOQ SHACL shapes, determinism,
import and round trip, the official credential samples, and hostile RDF/XML.

The golden files of the three exports are checked by tests/test_exports.py.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from skillweave.cli.main import cli
from skillweave.emitters import emit
from skillweave.errors import ImportFailure
from skillweave.formats import elm as elmvocab
from skillweave.formats import numbers
from skillweave.formats.workspace_yaml import write_workspace
from skillweave.importers.elm import read
from skillweave.pipeline import check

from .conftest import FIXTURES, REPO
from .strategies import workspaces

rdflib = pytest.importorskip("rdflib")
from rdflib.compare import isomorphic  # noqa: E402

FORMATS = {"elm-turtle": ("turtle", ".ttl"), "elm-jsonld": ("json-ld", ".jsonld"), "elm-rdfxml": ("xml", ".rdf")}
SH = "http://www.w3.org/ns/shacl#"


# --- helpers -----------------------------------------------------------------------------------

#: the QDR's URL patterns (of web resources, ``:URLRegexRestriction``, and two more) are Java syntax, which Python's
#: ``re`` (and so pyshacl) cannot compile: the case flag after ``^``, nested character classes and
#: ``\\p{...}`` classes. The same pattern in Python syntax: the flag first, the classes flattened
#: (``[%[\\p{L}\\p{Nl}\\p{Nd}]]``, percent or a letter or digit, as ``[%\\w]``, which adds only the
#: underscore, in bracketed IPv6 hosts).
JAVA_TO_PYTHON = (("^(?i)", "(?i)^"), ("[[A-Fa-f0-9]\\:\\.]", "[A-Fa-f0-9:.]"),
                  ("[%[\\p{L}\\p{Nl}\\p{Nd}]]", "[%\\w]"))


def _python_patterns(g) -> int:
    """Rewrite the shapes' Java-only patterns in Python syntax (see above); the number rewritten."""
    import re

    rewritten = 0
    for s, p, o in list(g.triples((None, rdflib.URIRef(SH + "pattern"), None))):
        text = str(o)
        for java, python in JAVA_TO_PYTHON:
            text = text.replace(java, python)
        re.compile(text)  # every pattern compiles now
        if text != str(o):
            g.remove((s, p, o))
            g.add((s, p, rdflib.Literal(text)))
            rewritten += 1
    return rewritten


def _shapes(shared: Path, active: bool = False):
    """The LOQ shapes, their URL pattern in Python syntax; ``active`` also switches on the shapes
    the profile ships deactivated (the learning achievement specification's), to hold units to
    them too."""
    g = rdflib.Graph().parse(shared / "standards/elm/shacl/LOQ-constraints.ttl", format="turtle")
    assert _python_patterns(g) == 3  # the URL patterns: web resources, contact e-mail addresses, URIs
    if active:
        g.remove((None, rdflib.URIRef(SH + "deactivated"), None))
    return g


def _violations(data, shapes) -> tuple[bool, int, str]:
    from pyshacl import validate

    conforms, report, text = validate(data, shacl_graph=shapes, inference="none", advanced=False)
    n = len(set(report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult"))))
    return conforms, n, text


def _project(path: Path):
    p = check(path)
    assert not p.has_errors, [str(d) for d in p.diagnostics if d.severity.value == "error"]
    p.analyse()
    return p


def _graph(text: str, fmt: str = "turtle"):
    return rdflib.Graph().parse(data=text, format=fmt)


def _write_generated(files: dict[str, str], root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    write_workspace(root, files)
    shutil.copytree(FIXTURES / "base" / "ontologies", root / "ontologies")
    return root


def _elm_view(cur):
    """What ELM carries of a curriculum, with the lists that RDF keeps as sets sorted.

    Not carried: units' contributors, status, approvals, delivering partners, teaching methods and
    languages of instruction, the alliance's sector, approval rule, grading schemes and memorandum
    terms, partners' grading and contacts (all for mobility documents, not for ELM); ESCO
    references written as labels come back as URIs."""
    programmes = {pid: p.model_dump() for pid, p in cur.programmes.items()}
    units = {}
    for uid, u in cur.units.items():
        data = u.model_dump(exclude={"contributors", "status", "approvals", "delivered_by", "teaching_methods",
                                     "languages_of_instruction"})
        for lo in data["learning_outcomes"]:
            lo["esco"] = sorted(lo["esco"])
        units[uid] = data
    a = cur.alliance
    alliance = a.model_dump(exclude={"sector", "approval", "grading_schemes", "mou"}) if a else None
    if alliance:
        alliance["languages"] = sorted(alliance["languages"])
        alliance["partners"] = sorted(({k: v for k, v in p.items() if k not in ("grading", "contact")}
                                       for p in alliance["partners"]), key=lambda p: p["id"])
    return alliance, programmes, units


def _resolved_view(project):
    """:func:`_elm_view` with ESCO references as the URIs they resolve to."""
    alliance, programmes, units = _elm_view(project.curriculum)
    for u in units.values():
        for lo in u["learning_outcomes"]:
            lo["esco"] = sorted(project.resolved.outcome_skills.get(lo["id"], []))
    for pid, p in programmes.items():
        p["occupations"] = project.resolved.programme_occupations.get(pid, p["occupations"])
    return alliance, programmes, units


@pytest.fixture(scope="module")
def demo_project():
    return _project(REPO)


@pytest.fixture(scope="module")
def loq_shapes():
    from .conftest import SHARED

    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"SKILLWEAVE_SHARED={SHARED} does not exist")
        pytest.skip(f"shared reference folder {SHARED} is not here")
    return _shapes(SHARED), _shapes(SHARED, active=True)


# --- export: conformance ---------------------------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_demo_export_conforms_to_the_loq_shapes(demo_project, loq_shapes, fmt):
    """pyshacl, no inference, zero violations: as published, and with the shapes that the profile
    ships deactivated switched on."""
    rdf_format, _ = FORMATS[fmt]
    data = _graph(emit(demo_project, fmt), rdf_format)
    assert len(data) > 1000
    for shapes in loq_shapes:
        conforms, n, text = _violations(data, shapes)
        assert conforms and n == 0, text


def test_the_three_syntaxes_hold_the_same_graph(demo_project):
    graphs = [_graph(emit(demo_project, fmt), FORMATS[fmt][0]) for fmt in sorted(FORMATS)]
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


def _as_rdflib(triples) -> "rdflib.Graph":
    """The triples an export was written from, as RDF 1.1 reads them (a string typed xsd:string is
    the plain string; language tags in lower case)."""
    from skillweave.formats.rdf import XSD, Iri, safe_iri

    g = rdflib.Graph()
    for s, p, o in triples:
        if isinstance(o, Iri):
            obj = rdflib.URIRef(safe_iri(o))
        else:
            datatype = None if o.datatype in ("", XSD + "string") else o.datatype
            obj = rdflib.Literal(o.value, lang=o.lang.lower() or None, datatype=datatype)
        g.add((rdflib.URIRef(safe_iri(s)), rdflib.URIRef(p), obj))
    return g


def _reads_back_as_built(project) -> None:
    from skillweave.emitters import elm

    expected = _as_rdflib(elm.triples(project))
    assert len(expected) > 100
    for fmt in sorted(FORMATS):
        assert isomorphic(_graph(emit(project, fmt), FORMATS[fmt][0]), expected), fmt


def test_every_syntax_reads_back_as_the_triples_built(demo_project):
    """Each file, read by rdflib (not by Oxigraph, which writes Turtle and RDF/XML), holds exactly
    the triples that the export was built from: no more, no fewer, none changed."""
    _reads_back_as_built(demo_project)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(files=workspaces())
def test_every_syntax_of_a_generated_workspace_reads_back_as_the_triples_built(tmp_path, files):
    _reads_back_as_built(_project(_write_generated(files, tmp_path / "ws")))


def _blocks_as_the_rule_says(project) -> None:
    """ElmGraph builds each unit's triples straight into the unit's block and every concept into
    the rest: the blocks are those of the rule (a subject is in the block of the unit whose URI,
    or whose outcome's URI, it is or is below; else in the rest), and hold the same triples."""
    from skillweave.emitters import elm
    from skillweave.formats import rdf

    graph = elm.ElmGraph(project)
    owner = elm._owner(project)
    assert graph.rest and graph.units
    assert all(owner(s) is None for s in graph.rest)
    assert all(owner(s) == uid for uid, block in graph.units.items() for s in block)
    assert set(graph.units) <= set(project.curriculum.units)

    class ByHelpers(elm.ElmGraph):  # every outcome through the helpers, triple by triple
        def _outcome(self, *args):
            self._outcome_by_helpers(*args)

    assert ByHelpers(project).triples() == graph.triples()
    seen: dict[str, set] = {}
    dropped = elm.ElmGraph(project, built=lambda uid, block: seen.__setitem__(uid, rdf.flat(block)), keep=False)
    assert not dropped.units  # each block let go once taken, and each taken complete
    assert seen == {uid: rdf.flat(block) for uid, block in graph.units.items()}
    everything: rdf.Index = {}
    for block in (graph.rest, *graph.units.values()):
        everything.update(block)
    assert rdf.flat(everything) == graph.triples()
    _written_as_the_index_would_be(project, graph)


def _written_as_the_index_would_be(project, graph) -> None:
    """For Turtle alone (``terms``), a unit's learning outcomes, notes and positions are written
    in N-Triples as they are made (ElmGraph._outcome_written): the block's text is what the
    block of triples gives, byte for byte."""
    from skillweave.emitters import elm
    from skillweave.formats import rdf

    terms = rdf.Terms()
    written = elm.ElmGraph(project, terms=terms)
    assert written.rest == graph.rest
    assert set(written.units) == set(graph.units)
    outcomes = sum(len(u.learning_outcomes) for u in project.curriculum.units.values())
    assert sum(isinstance(node, rdf.Written) for block in written.units.values() for node in block.values()) >= 2 * outcomes
    for uid, block in graph.units.items():
        assert terms.ntriples(written.units[uid], elmvocab.PREFIXES) == rdf.Terms().ntriples(block, elmvocab.PREFIXES), uid


def test_each_block_holds_the_triples_of_its_unit(demo_project):
    _blocks_as_the_rule_says(demo_project)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(files=workspaces())
def test_each_block_of_a_generated_workspace_holds_the_triples_of_its_unit(tmp_path, files):
    _blocks_as_the_rule_says(_project(_write_generated(files, tmp_path / "ws")))


def test_a_unit_that_lists_an_outcome_twice_is_written_from_its_triples(tmp_path):
    """An outcome id listed twice in a unit (an error that check reports, but ElmGraph may be
    given such a project) merges into one node: Turtle's written outcomes leave that unit to the
    triples (no text is written twice), and give its bytes."""
    project = _project(REPO)
    unit = next(u for u in project.curriculum.units.values() if len(u.learning_outcomes) > 1)
    unit.learning_outcomes.append(unit.learning_outcomes[0])
    _blocks_as_the_rule_says(project)  # (the rule and the text, on the changed project)
    from skillweave.emitters import elm
    from skillweave.formats import rdf

    written = elm.ElmGraph(project, terms=rdf.Terms())
    assert not any(isinstance(node, rdf.Written) for node in written.units[unit.id].values())
    assert all(any(isinstance(node, rdf.Written) for node in block.values())
               for uid, block in written.units.items() if uid != unit.id and project.curriculum.units[uid].learning_outcomes)


def test_an_outcome_whose_node_is_another_outcomes_is_written_from_the_triples():
    """Outcome ids hold no "/", but an ElmGraph given outcomes whose nodes meet (one outcome's id
    is another's position) leaves that unit to the triples, as the index would write it."""
    from skillweave.emitters import elm
    from skillweave.formats import rdf

    project = _project(REPO)
    unit = next(u for u in project.curriculum.units.values() if len(u.learning_outcomes) > 1)
    first, second = unit.learning_outcomes[:2]
    object.__setattr__(second, "id", f"{first.id}/position")
    graph = elm.ElmGraph(project)
    written = elm.ElmGraph(project, terms=rdf.Terms())
    assert not any(isinstance(node, rdf.Written) for node in written.units[unit.id].values())
    assert rdf.Terms().ntriples(written.units[unit.id], elmvocab.PREFIXES) == rdf.Terms().ntriples(
        graph.units[unit.id], elmvocab.PREFIXES)


def test_the_only_output_keeps_no_block_and_is_the_same():
    """``export`` renders one output: each unit's block is let go once written (no blocks are kept
    for another syntax), and the bytes are those of a render that keeps them."""
    from skillweave import parts

    for fmt in sorted(FORMATS):
        once = _project(REPO)
        parts.attach(once, parts.Parts(binary=True, once=True))
        written = bytes(emit(once, fmt))
        assert "elm-blocks" not in once.__dict__.get("_memo", {}), fmt
        assert written == emit(_project(REPO), fmt).encode("utf-8"), fmt


def test_after_an_export_the_project_keeps_shared_blocks_again(tmp_path):
    """``pipeline.export`` marks its render as the project's only one for that render alone: a
    later render of the same project builds the blocks once for all three syntaxes again."""
    from skillweave import parts
    from skillweave.pipeline import export

    project = _project(REPO)
    export(project, "elm-turtle", tmp_path / "elm.ttl")
    assert parts.of(project).once is False
    emit(project, "elm-jsonld")
    assert "elm-blocks" in project.__dict__.get("_memo", {})


def test_the_export_command_validates_with_pyshacl_cli(tmp_path, shared):
    """As a user runs it: ``pyshacl -s LOQ-constraints.ttl FILE.ttl`` (no ``-e``), with the shapes'
    URL pattern in Python syntax (pyshacl cannot compile the published Java one)."""
    out = tmp_path / "elm.ttl"
    result = CliRunner().invoke(cli, ["export", "elm-turtle", str(REPO), "-o", str(out)])
    assert result.exit_code == 0, result.output
    shapes = tmp_path / "LOQ-constraints-python.ttl"
    _shapes(shared).serialize(shapes, format="turtle")
    proc = subprocess.run([sys.executable, "-m", "pyshacl", "-s", str(shapes), str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Conforms: True" in proc.stdout, proc.stdout + proc.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(files=workspaces())
def test_every_generated_workspace_conforms(tmp_path, loq_shapes, files):
    project = _project(_write_generated(files, tmp_path / "ws"))
    data = _graph(emit(project, "elm-turtle"))
    for shapes in loq_shapes:
        conforms, n, text = _violations(data, shapes)
        assert conforms and n == 0, text


def test_edge_cases_conform(tmp_path, loq_shapes):
    """A programme without units (its one outcome is itself), a language and a country outside the
    EU lists, an ISCED-F code outside ISCED-F 2013, a web address that is not http(s)."""
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "base", ws)
    alliance = (ws / "curricula/alliance.yaml").read_text()
    alliance = alliance.replace("languages: [en", "languages: [en, xx")
    (ws / "curricula/alliance.yaml").write_text(alliance)
    (ws / "curricula/programmes/empty.yaml").write_text(
        "id: empty\ntitle: {en: Empty, xx: Leeg}\neqf_level: 3\nisced_f: '0777'\n"
        "occupations: [http://data.europa.eu/esco/occupation/installer]\nduration_months: 1\necvet_points: 0\n")
    project = check(ws)
    assert not project.has_errors, [str(d) for d in project.diagnostics if d.severity.value == "error"]
    text = emit(project, "elm-turtle")
    data = _graph(text)
    for shapes in loq_shapes:
        conforms, n, report = _violations(data, shapes)
        assert conforms and n == 0, report
    base = project.base_uri
    prog = rdflib.URIRef(base + "programme/empty")
    elm = rdflib.Namespace(elmvocab.ELM)
    outcomes = list(data.objects(prog, elm.learningOutcome))
    assert outcomes == [rdflib.URIRef(base + "programme/empty/learning-outcome")]
    assert (prog, elm.ISCEDFCode, rdflib.URIRef("http://data.europa.eu/snb/isced-f/99")) in data
    xx = rdflib.URIRef(base + "concept/language/xx")
    assert (prog, rdflib.DCTERMS.language, xx) in data
    assert (xx, rdflib.SKOS.notation, rdflib.Literal("xx")) in data


@pytest.mark.parametrize("nqf_line", ["", "nqf_level: XYZ 3\n"])
def test_a_programme_without_a_level_of_the_list_is_a_specification(tmp_path, loq_shapes, nqf_line):
    """No NQF level, or one the QDR's list lacks: no NQF level is written (never the EQF level, no
    concept of skillweave's), so the programme is a learning achievement specification; its units
    stay specifications too. A web address without http(s) stays a note, with no learning opportunity."""
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "base", ws)
    alliance = ws / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text().replace("country: NL\n", "country: NL\n    url: www.vet-a.example\n"))
    programme = ws / "curricula/programmes/installer.yaml"
    programme.write_text(programme.read_text().replace("eqf_level: 4\n", f"eqf_level: 4\n{nqf_line}"))
    project = check(ws)
    assert not project.has_errors
    text = emit(project, "elm-turtle")
    data = _graph(text)
    for shapes in loq_shapes:
        conforms, n, report = _violations(data, shapes)
        assert conforms and n == 0, report
    elm = rdflib.Namespace(elmvocab.ELM)
    prog = rdflib.URIRef(project.base_uri + "programme/installer")
    assert (prog, rdflib.RDF.type, elm.LearningAchievementSpecification) in data
    assert (None, rdflib.RDF.type, elm.Qualification) not in data
    assert (None, elm.NQFLevel, None) not in data and (None, elm.EQFLevel, None) not in data
    assert (prog, elm.educationLevel, rdflib.URIRef("http://data.europa.eu/snb/eqf/4")) in data
    assert (None, rdflib.RDF.type, elm.LearningOpportunity) not in data and "elm:duration" not in text
    org = rdflib.URIRef(project.base_uri + "organisation/vet-a")
    assert (org, rdflib.FOAF.homepage, None) not in data
    assert "www.vet-a.example" in {str(lit) for note in data.objects(org, elm.additionalNote)
                                   for lit in data.objects(note, elm.noteLiteral)}


def test_maximum_duration_only_when_declared(tmp_path, loq_shapes):
    """elm:maximumDuration is the longest a learner may take: absent unless the programme declares
    maximum_duration_months; the nominal duration goes to learning opportunities. Both import back."""
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "base", ws)
    alliance = ws / "curricula/alliance.yaml"
    alliance.write_text(alliance.read_text().replace("country: NL\n", "country: NL\n    url: https://vet-a.example.org\n"))
    programme = ws / "curricula/programmes/installer.yaml"
    original = programme.read_text()
    project = _project(ws)
    text = emit(project, "elm-turtle")
    assert "maximumDuration" not in text and 'elm:duration "P12M"^^xsd:duration' in text
    programme.write_text(original.replace("duration_months: 12\n", "duration_months: 12\nmaximum_duration_months: 24\n"))
    project = _project(ws)
    text = emit(project, "elm-turtle")
    assert text.count("elm:maximumDuration") == 1 and 'elm:maximumDuration "P24M"^^xsd:duration' in text
    assert 'elm:duration "P12M"^^xsd:duration' in text
    for shapes in loq_shapes:
        conforms, n, report = _violations(_graph(text), shapes)
        assert conforms and n == 0, report
    (tmp_path / "elm.ttl").write_text(text, encoding="utf-8")
    result = read(tmp_path / "elm.ttl")
    imported = yaml.safe_load(result.files["curricula/programmes/installer.yaml"])
    assert (imported["duration_months"], imported["maximum_duration_months"]) == (12, 24)


# --- export: content -------------------------------------------------------------------------

def test_demo_export_content(demo_project):
    g = _graph(emit(demo_project, "elm-turtle"))
    base = "https://curricula.example.org/green-install/"
    elm = rdflib.Namespace(elmvocab.ELM)
    dc = rdflib.DCTERMS
    prog = rdflib.URIRef(base + "programme/solar-heat-installer")
    unit = rdflib.URIRef(base + "unit/pv-installation")
    lo = rdflib.URIRef(base + "learning-outcome/pv-installation-1")
    org = rdflib.URIRef(base + "organisation/roc-midden")
    assert (prog, rdflib.RDF.type, elm.Qualification) in g
    assert (prog, elm.isPartialQualification, rdflib.Literal(False)) in g
    # NQF levels from the QDR's list ({NL: "4", DE: "4"}: NLQF 4, DQR 4), never minted, never the EQF level
    nqf = {rdflib.URIRef("http://data.europa.eu/snb/qdr/c_ff656b33"), rdflib.URIRef("http://data.europa.eu/snb/qdr/c_12a84182")}
    assert set(g.objects(prog, elm.NQFLevel)) == nqf
    assert {str(g.value(c, rdflib.SKOS.prefLabel)) for c in nqf} == {"NLQF Level 4", "DQR Level 4"}
    assert not any(str(c).startswith(base) for c in g.objects(None, elm.NQFLevel))
    # a unit at the programme's level is a partial qualification, one below it a specification
    assert (unit, rdflib.RDF.type, elm.Qualification) in g
    assert (unit, elm.isPartialQualification, rdflib.Literal(True)) in g and set(g.objects(unit, elm.NQFLevel)) == nqf
    assert (prog, elm.hasPart, unit) in g and (unit, elm.isPartOf, prog) in g
    lower = rdflib.URIRef(base + "unit/electrical-safety")
    assert (lower, rdflib.RDF.type, elm.LearningAchievementSpecification) in g
    assert (lower, elm.NQFLevel, None) not in g and (prog, elm.hasPart, lower) not in g
    assert (lower, elm.isPartOf, prog) in g
    assert (prog, elm.EQFLevel, rdflib.URIRef("http://data.europa.eu/snb/eqf/4")) in g
    # learning outcome summary, learning setting, modes from the teaching methods
    summary = {str(t.language): str(t) for t in g.objects(g.value(unit, elm.learningOutcomeSummary), elm.noteLiteral)}
    statements = [lo.statement for lo in demo_project.curriculum.units["pv-installation"].learning_outcomes]
    assert summary == {lang: "\n".join(s.get(lang) for s in statements) for lang in ("en", "nl", "de")}
    formal = rdflib.URIRef("http://data.europa.eu/snb/learning-setting/6fd4685715")
    assert (prog, elm.learningSetting, formal) in g and (unit, elm.learningSetting, formal) in g
    workbased = rdflib.URIRef("http://data.europa.eu/snb/learning-assessment/729f3bed4b")
    assert (unit, elm.mode, workbased) in g and (prog, elm.mode, workbased) in g
    method = rdflib.URIRef(base + "unit/pv-installation/teaching-method/3")
    assert (unit, elm.influencedBy, method) in g and (method, elm.mode, workbased) in g
    assert str(g.value(method, dc.title)) in {"work-based learning with an employer of the alliance",
                                              "werkplekleren bij een werkgever van de alliantie",
                                              "betriebliches Lernen bei einem Arbeitgeber der Allianz"}
    # homepages are web resources
    homepage = g.value(org, rdflib.FOAF.homepage)
    assert (homepage, rdflib.RDF.type, elm.WebResource) in g
    assert g.value(homepage, elm.contentUrl) == rdflib.Literal("https://roc-midden.example.org", datatype=rdflib.XSD.anyURI)
    assert (prog, elm.ISCEDFCode, rdflib.URIRef("http://data.europa.eu/snb/isced-f/0713")) in g
    assert (prog, dc.language, rdflib.URIRef("http://publications.europa.eu/resource/authority/language/NLD")) in g
    titles = {str(t.language): str(t) for t in g.objects(prog, dc.title)}
    assert titles == {"en": "Solar and heat pump installer", "nl": "Installateur zonne-energie en warmtepompen",
                      "de": "Installateur/in für Solar- und Wärmepumpentechnik"}
    assert {str(t.language) for t in g.objects(lo, dc.title)} == {"en", "nl", "de"}
    # 110 + 215 hours; 18 months; 12 ECVET points in the ECVET framework
    text = emit(demo_project, "elm-turtle")  # (rdflib normalises durations: compare the text)
    assert f'\n<{unit}> a elm:Qualification ;\n' in text and 'elm:volumeOfLearning "PT325H"^^xsd:duration' in text
    # the nominal duration is the learning opportunities' (one per awarding partner), not a maximum
    assert "elm:maximumDuration" not in text
    opportunities = set(g.subjects(elm.learningAchievementSpecification, prog)) - set(g.objects(prog, elm.awardingOpportunity))
    assert len(opportunities) == 2 and all((o, rdflib.RDF.type, elm.LearningOpportunity) in g for o in opportunities)
    assert f'<{prog}/learning-opportunity/1>' in text and 'elm:duration "P18M"^^xsd:duration' in text
    assert {g.value(o, elm.providedBy) for o in opportunities} == {org, rdflib.URIRef(base + "organisation/bbs-hannover")}
    assert numbers.duration_hours(str(g.value(unit, elm.volumeOfLearning))) == 325
    cp = g.value(unit, elm.creditPoint)
    assert str(g.value(cp, elm.point)) == "12" and g.value(cp, elm.framework) == rdflib.URIRef(elmvocab.ECVET)
    assert (lo, dc.type, rdflib.URIRef("http://data.europa.eu/snb/skill-type/skill")) in g
    # the label "mount photovoltaic panels" resolved to its URI
    assert (lo, elm.relatedESCOSkill,
            rdflib.URIRef("http://data.europa.eu/esco/skill/08a5f6dd-d3dd-4371-9919-6d730f34499c")) in g
    occupations = {o for e in g.objects(prog, elm.entitlesTo) for o in g.objects(e, elm.limitOccupation)}
    assert rdflib.URIRef("http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a") in occupations
    legal = g.value(org, rdflib.URIRef(elmvocab.ROV + "registration"))
    assert str(g.value(legal, rdflib.SKOS.notation)) == "NL-KVK-30212345"
    assert (legal, rdflib.RDF.type, elm.LegalIdentifier) in g
    assert (org, dc.publisher, None) not in g and (unit, dc.publisher, org) in g
    requirement = str(g.value(g.value(unit, elm.entryRequirement), elm.noteLiteral))
    assert f"<{base}unit/electrical-safety>" in requirement
    assert not any(isinstance(t, rdflib.BNode) for triple in g for t in triple)


def test_export_holds_no_learner_data(demo_project):
    texts = [emit(demo_project, fmt) for fmt in sorted(FORMATS)]
    rows = list(csv.DictReader((REPO / "learners/learners.csv").open(encoding="utf-8")))
    assert rows
    for row in rows:
        values = [row["learner_id"], row.get("email") or "", f"{row['given_names']} {row['family_name']}"]
        for value in filter(None, (x.strip() for x in values)):
            assert all(value not in text for text in texts), value


def test_jsonld_has_its_context_embedded_and_parses_offline(demo_project, tmp_path):
    from skillweave.load.rdf import _remote_context, parse_rdf

    text = emit(demo_project, "elm-jsonld")
    doc = json.loads(text)
    assert isinstance(doc["@context"], dict) and not _remote_context(doc)
    path = tmp_path / "elm.jsonld"
    path.write_text(text, encoding="utf-8")
    assert isomorphic(parse_rdf(path), _graph(emit(demo_project, "elm-turtle")))


def test_special_characters_survive_every_syntax(tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / "base", ws)
    tricky = 'A "quoted" <b>&amp;</b> back\\slash\ttab'
    unit = ws / "curricula/units/mounting.yaml"
    unit.write_text(unit.read_text().replace("title: {en: Mounting, nl: Montage}",
                                             f"title: {{en: {json.dumps(tricky)}, nl: Montage}}"))
    project = _project(ws)
    assert project.curriculum.units["mounting"].title.root["en"] == tricky
    graphs = [_graph(emit(project, fmt), FORMATS[fmt][0]) for fmt in sorted(FORMATS)]
    for g in graphs:
        assert rdflib.Literal(tricky, lang="en") in set(g.objects(None, rdflib.DCTERMS.title))
    assert isomorphic(graphs[0], graphs[1]) and isomorphic(graphs[0], graphs[2])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_is_byte_identical_across_runs_and_hash_seeds(tmp_path, fmt):
    outputs = []
    for seed in ("0", "1", "4242"):
        out = tmp_path / f"{seed}.out"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.run([sys.executable, "-m", "skillweave.cli.main", "export", fmt, str(REPO), "-o", str(out)],
                              env=env, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_language_and_country_tables_are_in_the_eu_lists(shared):
    import re

    cv = shared / "standards/elm/xsd/loq/cv"
    languages = set(re.findall(r'value="([^"]+)"', (cv / "language.xsd").read_text(encoding="utf-8")))
    countries = set(re.findall(r'value="([^"]+)"', (cv / "country.xsd").read_text(encoding="utf-8")))
    for code in ("en", "nl", "de", "fr", "el", "ga", "mt"):
        assert elmvocab.language_uri(code) in languages
        assert elmvocab.language_code(elmvocab.language_uri(code)) == code
    for code in ("NL", "DE", "BE", "GR", "EL", "IE"):
        assert elmvocab.country_uri(code) in countries
    assert elmvocab.country_code(elmvocab.country_uri("EL")) == "GR"


# --- import: round trips -----------------------------------------------------------------------

def _import_and_reexport(text: str, suffix: str, tmp_path: Path, ontologies: Path):
    src = tmp_path / f"export{suffix}"
    src.write_text(text, encoding="utf-8")
    result = read(src)
    ws = tmp_path / "imported"
    if ws.exists():
        shutil.rmtree(ws)
    write_workspace(ws, result.files)
    shutil.copytree(ontologies, ws / "ontologies")
    return result, _project(ws)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_demo_round_trip(demo_project, tmp_path, fmt):
    """export → import → export: the same graph, and the same curriculum as far as ELM carries it."""
    rdf_format, suffix = FORMATS[fmt]
    first = emit(demo_project, fmt)
    result, again = _import_and_reexport(first, suffix, tmp_path, REPO / "ontologies")
    assert result.unmapped == []
    assert isomorphic(_graph(first, rdf_format), _graph(emit(again, fmt), rdf_format))
    assert _resolved_view(again) == _resolved_view(demo_project)
    assert sorted(result.files) == sorted(
        ["curricula/alliance.yaml", "curricula/programmes/solar-heat-installer.yaml"]
        + [f"curricula/units/{uid}.yaml" for uid in demo_project.curriculum.units])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(files=workspaces())
def test_generated_workspaces_round_trip(tmp_path, files):
    original = _project(_write_generated(files, tmp_path / "ws"))
    first = emit(original, "elm-turtle")
    result, again = _import_and_reexport(first, ".ttl", tmp_path, FIXTURES / "base" / "ontologies")
    second = emit(again, "elm-turtle")
    assert isomorphic(_graph(first), _graph(second))
    assert _elm_view(again.curriculum) == _elm_view(original.curriculum)
    # and once more: the imported workspace is a fixed point
    again_dir = tmp_path / "again"
    again_dir.mkdir(exist_ok=True)
    result2, _ = _import_and_reexport(second, ".ttl", again_dir, FIXTURES / "base" / "ontologies")
    assert result2.files == result.files


# --- import: the official samples --------------------------------------------------------------

def _official_contexts(shared: Path) -> dict:
    edc = json.loads((shared / "standards/elm/ontology/edc-ap-context.jsonld").read_text(encoding="utf-8"))
    creds = json.loads((shared / "standards/w3c/credentials-v1.jsonld").read_text(encoding="utf-8"))
    return {elmvocab.EDC_AP_CONTEXT_URL: edc["@context"], elmvocab.CREDENTIALS_V1_URL: creds["@context"]}


@pytest.mark.parametrize("name", ["Sample-CertOfPart-unsigned.jsonld", "Sample-MC-Annex1-unsigned.jsonld"])
def test_built_in_contexts_read_the_samples_as_the_published_ones_do(shared, name):
    """The built-in ELM and credentials contexts give exactly the graph of the published files."""
    from skillweave.load.rdf import parse_rdf

    path = shared / "standards/elm/samples" / name
    built_in = parse_rdf(path, contexts=elmvocab.known_contexts())
    published = parse_rdf(path, contexts=_official_contexts(shared))
    assert len(built_in) > 100
    assert isomorphic(built_in, published)


def test_import_micro_credential_sample(shared, tmp_path):
    result = read(shared / "standards/elm/samples/Sample-MC-Annex1-unsigned.jsonld")
    files = result.files
    assert "curricula/programmes/digital-micro-credential-creation.yaml" in files
    unit = files["curricula/units/digital-micro-credential-creation.yaml"]
    assert "http://data.europa.eu/esco/skill/5fd5c985-eaaa-47aa-8314-62359c54505a" in unit
    assert "es: Contento digital" in unit and "eqf_level: 6" in unit
    report = "\n".join(result.unmapped)
    assert "built-in copy" in report
    assert "European Credit Transfer System" in report  # ECTS credits are not ECVET points
    assert "learner data, never imported" in report
    assert "add occupations" in report
    # the person's name is nowhere in the files
    assert not any("Person" in text or "dateOfBirth" in text for text in files.values())


@pytest.mark.parametrize("name", ["credential-sample-turtle.ttl", "Sample-CertOfPart-unsigned.jsonld",
                                  "Sample-MC-Annex1-unsigned.jsonld"])
def test_import_official_samples_with_the_command(shared, tmp_path, name):
    ws = tmp_path / "ws"
    result = CliRunner().invoke(cli, ["import", "elm", str(shared / "standards/elm/samples" / name), "-o", str(ws)])
    assert result.exit_code == 0, result.output
    assert "not mapped" in result.output
    assert (ws / "curricula/alliance.yaml").is_file()
    given_names = ["Maxi", "Max Power"]
    for path in ws.rglob("*.yaml"):
        assert not any(n in path.read_text() for n in given_names)


def test_import_keeps_an_existing_alliance(tmp_path, demo_project):
    src = tmp_path / "elm.ttl"
    src.write_text(emit(demo_project, "elm-turtle"), encoding="utf-8")
    ws = tmp_path / "ws"
    (ws / "curricula").mkdir(parents=True)
    (ws / "curricula/alliance.yaml").write_text("id: mine\n")
    result = CliRunner().invoke(cli, ["import", "elm", str(src), "-o", str(ws)])
    assert result.exit_code == 0, result.output
    assert (ws / "curricula/alliance.yaml").read_text() == "id: mine\n"
    assert "kept the existing" in result.output
    assert (ws / "curricula/units/pv-installation.yaml").is_file()


def test_unknown_remote_context_is_refused(tmp_path):
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps({"@context": "https://example.org/context.jsonld", "@id": "urn:x"}))
    with pytest.raises(ImportFailure, match="https://example.org/context.jsonld"):
        read(path)


def test_syntax_error_has_a_position(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix elm: <http://data.europa.eu/snb/model/elm/> .\n<urn:a> a elm:Qualification\n")
    with pytest.raises(ImportFailure) as info:
        read(path)
    assert "syntax error" in info.value.message


# --- security: hostile RDF/XML -----------------------------------------------------------------

_XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY secret SYSTEM "file://{secret}"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/terms/"
         xmlns:elm="http://data.europa.eu/snb/model/elm/">
  <elm:Qualification rdf:about="urn:x:programme/leak"><dc:title xml:lang="en">&secret;</dc:title></elm:Qualification>
</rdf:RDF>
"""
_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "lollollollollollollollollollol">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/terms/"
         xmlns:elm="http://data.europa.eu/snb/model/elm/">
  <elm:Qualification rdf:about="urn:x:programme/lol"><dc:title xml:lang="en">&g;</dc:title></elm:Qualification>
</rdf:RDF>
"""
_EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF SYSTEM "file://{secret}">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>
"""

_opened: list[str] = []
_watching: list[bool] = [False]


def _audit(event: str, args) -> None:
    if _watching[0] and event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        _opened.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.mark.parametrize("kind", ["xxe", "billion-laughs", "external-dtd", "xxe-utf16"])
def test_hostile_rdfxml_is_refused_and_reads_no_file(tmp_path, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    text = {"xxe": _XXE, "billion-laughs": _LAUGHS, "external-dtd": _EXTERNAL_DTD,
            "xxe-utf16": _XXE}[kind].format(secret=secret)
    src = tmp_path / "hostile.rdf"
    if kind == "xxe-utf16":
        src.write_bytes(text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
                        .encode("utf-16"))
    else:
        src.write_text(text)
    ws = tmp_path / "ws"
    (ws / "curricula").mkdir(parents=True)
    (ws / "curricula/alliance.yaml").write_text("id: untouched\n")
    before = sorted((p.relative_to(ws), p.read_bytes()) for p in ws.rglob("*") if p.is_file())
    _opened.clear()
    _watching[0] = True
    try:
        result = CliRunner().invoke(cli, ["import", "elm", str(src), "-o", str(ws)])
    finally:
        _watching[0] = False
    assert result.exit_code == 1
    assert "skillweave refuses DTDs and entities in XML" in result.output
    assert "TOP-SECRET-VALUE" not in result.output
    assert str(src) in _opened  # the hook sees the files that are opened ...
    assert str(secret) not in _opened  # ... and the entity's file is not among them
    after = sorted((p.relative_to(ws), p.read_bytes()) for p in ws.rglob("*") if p.is_file())
    assert after == before
    with pytest.raises(ImportFailure, match="refuses DTDs"):
        read(src)
