"""``vocab show``, ``vocab search`` and ``vocab extract`` through the command line (CliRunner)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.diagnostics import DiagnosticSink
from skillweave.vocab.store import import_vocabulary

from .conftest import FIXTURES, REPO

O = "http://data.europa.eu/esco/occupation/10000000-0000-4000-8000-00000000000"
S = "http://data.europa.eu/esco/skill/20000000-0000-4000-8000-00000000000"
DEMO_VOCABULARY = REPO / "ontologies" / "esco-subset.ttl"
DEMO_OCCUPATIONS = ["http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a",
                    "http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    assert import_vocabulary([FIXTURES / "esco-mini"], path, DiagnosticSink()) is not None
    return str(path)


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli, ["vocab", *args], env=env or {"SKILLWEAVE_STORE": ""})


# -- show ------------------------------------------------------------------------------------------


def test_show_occupation(store):
    result = run("show", "solar installer", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.output == f"""\
solar installer (occupation)
  <{O}1>
  also: PV installer; solar panel fitter
  Solar installers mount photovoltaic panels, connect them to the grid and check the "yield".
broader:
  Building and related electricians  <http://data.europa.eu/esco/isco/C7411>
essential skills (2):
  skill/competence (1):
    install photovoltaic systems  <{S}1>
  knowledge (1):
    electrical safety regulations  <{S}2>
optional skills (1):
  skill/competence (1):
    work safely  <{S}6>
"""


def test_show_skill_json_in_another_language(store):
    result = run("show", S + "1", "--store", store, "--lang", "nl", "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    assert view["label"] == "fotovoltaïsche systemen installeren"
    assert view["skill_type"] == "skill/competence"
    assert view["alt_labels"] == ["zonnepanelen monteren"]
    assert view["broader"] == [{"uri": "http://data.europa.eu/esco/skill/S8.1",
                                "label": "installing and repairing equipment"}]
    assert view["occupations"] == {"essential": [{"uri": O + "1", "label": "zonnepaneelmonteur"}],
                                   "optional": [{"uri": O + "3", "label": "welder"}]}


def test_show_label_in_any_case_and_language(store):
    assert run("show", "VEILIG WERKEN", "--store", store).output.startswith("work safely (skill, skill/competence)")


def test_show_ambiguous_label_lists_the_candidates(store):
    result = run("show", "PV installer", "--store", store)
    assert result.exit_code == 1
    assert "'PV installer' names 2 concepts" in result.output
    assert f"solar installer  <{O}1>" in result.output and f"welder  <{O}3>" in result.output


def test_show_unknown(store):
    result = run("show", "solar instaler", "--store", store)
    assert result.exit_code == 1 and "did you mean 'solar installer'" in result.output
    assert run("show", O + "9", "--store", store).exit_code == 1


def test_show_needs_a_vocabulary(store):
    result = run("show", "welder")
    assert result.exit_code == 2 and "--store DIR" in result.output
    assert run("show", "welder", env={"SKILLWEAVE_STORE": store}).exit_code == 0
    missing = run("show", "welder", "--store", store + "-missing")
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_show_from_rdf_files():
    result = run("show", "install heat pump", "--vocabulary", str(DEMO_VOCABULARY), "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    assert {o["label"] for o in view["occupations"]["essential"]} == {
        "refrigeration air condition and heat pump technician"}


# -- search ----------------------------------------------------------------------------------------


def test_search_ranks_labels(store):
    result = run("search", "install", "--store", store, "--format", "json")
    assert result.exit_code == 0
    hits = [(h["score"], h["label"]) for h in json.loads(result.output)]
    assert hits == [(80, "install heat pump"), (80, "install photovoltaic systems"),
                    (80, "installing and repairing equipment"), (30, "solar installer"),
                    (25, "PV installer"), (25, "heat pump installer")]


def test_search_filters(store):
    result = run("search", "install", "--store", store, "--kind", "occupation", "--limit", "1")
    assert result.output == f" 30  occupation  solar installer@en  <{O}1>\n"
    result = run("search", "monteren", "--store", store, "--lang", "nl")
    assert result.output == (f" 65  skill       zonnepanelen monteren@nl (alternative label of "
                             f"'fotovoltaïsche systemen installeren')  <{S}1>\n")
    assert run("search", "monteren", "--store", store, "--lang", "en").exit_code == 1


def test_search_word_order(store):
    hits = json.loads(run("search", "safety electrical", "--store", store, "--format", "json").output)
    assert [(h["score"], h["uri"]) for h in hits] == [(50, S + "2")]


# -- extract ---------------------------------------------------------------------------------------


def test_extract_is_deterministic(store, tmp_path):
    out = tmp_path / "subset.ttl"
    result = run("extract", "--occupation", "solar installer", "-o", str(out), "--store", store)
    assert result.exit_code == 0, result.output
    assert "1 occupations, 3 skills (2 essential, 1 optional relations)" in result.output
    first = out.read_bytes()
    run("extract", "--occupation", O + "1", "-o", str(out), "--store", store)
    assert out.read_bytes() == first
    text = first.decode()
    assert '"zonnepaneelmonteur"@nl' in text and "description" not in text
    assert "<http://data.europa.eu/esco/skill/S8.1>\n    a skos:Concept ;" in text


def test_extract_languages(store, tmp_path):
    import pyoxigraph as ox

    out = tmp_path / "subset.ttl"
    run("extract", "--occupation", "welder", "--occupation", "heat pump fitter", "--lang", "en", "-o", str(out),
        "--store", store)
    quads = list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))
    langs = {q.object.language for q in quads if isinstance(q.object, ox.Literal)}
    assert langs == {"en", None}  # None: the ISCO codes
    occupations = {q.subject.value for q in quads if q.object.value == "http://data.europa.eu/esco/model#Occupation"}
    assert occupations == {O + "2", O + "3"}


def test_extract_refuses_what_is_not_an_occupation(store, tmp_path):
    result = run("extract", "--occupation", "work safely", "-o", str(tmp_path / "x.ttl"), "--store", store)
    assert result.exit_code == 1 and "is an ESCO skill, not an occupation" in result.output
    result = run("extract", "--occupation", "PV installer", "-o", str(tmp_path / "x.ttl"), "--store", store)
    assert result.exit_code == 1 and "names 2 concepts" in result.output
    assert not (tmp_path / "x.ttl").exists()


def test_extract_regenerates_the_demo_vocabulary(tmp_path):
    """From the demo's own RDF, the subset of its two occupations is the same file, byte for byte."""
    out = tmp_path / "esco-subset.ttl"
    args = [a for o in DEMO_OCCUPATIONS for a in ("--occupation", o)]
    result = run("extract", *args, "-o", str(out), "--vocabulary", str(DEMO_VOCABULARY))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == DEMO_VOCABULARY.read_bytes()


# -- help ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["import", "search", "show", "extract"])
def test_every_vocab_command_has_help(command):
    result = CliRunner().invoke(cli, ["vocab", command, "--help"])
    assert result.exit_code == 0 and len(result.output) > 300
    assert "--store" in result.output


def test_vocab_group_help_names_the_store():
    result = CliRunner().invoke(cli, ["vocab", "--help"])
    assert "SKILLWEAVE_STORE" in result.output


def test_store_listing_is_documented():
    doc = (REPO / "docs" / "vocabulary.md").read_text()
    for word in ("SKILLWEAVE_STORE", "lookup.pickle", "oxigraph serve-read-only", "vocab extract"):
        assert word in doc


def test_a_vocabulary_that_cannot_be_read_stops_the_command(tmp_path):
    bad = tmp_path / "notes.ttl"
    bad.write_text("these are my notes, not Turtle\n")
    for args in (["show", "electrician", "--vocabulary", str(bad)], ["search", "electrician", "--store", str(bad)],
                 ["extract", "--occupation", "electrician", "--vocabulary", str(bad), "-o", str(tmp_path / "x.ttl")]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert "notes.ttl:1:1: error SW109 " in result.output
        assert result.output.rstrip().splitlines()[-1] == (f"skillweave: error: {bad} cannot be read as a vocabulary (1 "
                                                           "error above); fix it, or name a store or RDF file with "
                                                           "--store or --vocabulary")
    assert not (tmp_path / "x.ttl").exists()
