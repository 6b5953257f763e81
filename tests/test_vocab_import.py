"""``skillweave vocab import``: ESCO CSV folders and RDF files into a store; malformed files.

The exact behaviour is tested on ``tests/fixtures/esco-mini`` (a handful of rows in the official
column layout, English and Dutch); each SW4xx code has a broken variant in
``tests/fixtures/esco-broken/<CODE>-<name>/`` (``files/`` laid over esco-mini, ``delete.txt``,
``expected.txt`` with every diagnostic as ``file:line:column: CODE``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.diagnostics import CODES, DiagnosticSink
from skillweave.pipeline import check
from skillweave.vocab.memory import InMemoryVocabulary
from skillweave.vocab.store import StoreError, VocabularyStore, import_vocabulary

from .conftest import FIXTURES, REPO

MINI = FIXTURES / "esco-mini"
BROKEN = sorted(p for p in (FIXTURES / "esco-broken").iterdir() if p.is_dir())
O = "http://data.europa.eu/esco/occupation/10000000-0000-4000-8000-00000000000"
S = "http://data.europa.eu/esco/skill/20000000-0000-4000-8000-00000000000"


def _import(sources, store, **kw):
    sink = DiagnosticSink()
    result = import_vocabulary([str(s) for s in sources], store, sink, **kw)
    return result, sorted(sink.items)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def mini_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("mini") / "store"
    result, diagnostics = _import([MINI], store)
    assert diagnostics == [] and result is not None
    return store


# -- the mini download -----------------------------------------------------------------------------


def test_mini_counts(tmp_path):
    result, diagnostics = _import([MINI], tmp_path / "store")
    assert diagnostics == []
    assert (result.occupations, result.skills, result.relations) == (3, 6, 9)  # a repeated row counts once
    assert result.languages == ["en", "nl"]
    assert result.concepts == 13  # + 3 ISCO groups and 1 skill group
    info = json.loads((tmp_path / "store" / "skillweave-store.json").read_text())
    assert info["counts"]["relations"] == 9 and info["languages"] == ["en", "nl"]
    assert info["counts"]["triples"] == len(VocabularyStore(tmp_path / "store").oxigraph()) == 112
    assert _leftovers(tmp_path) == []


def test_languages_merge_into_one_concept(mini_store):
    vocab = VocabularyStore(mini_store).vocabulary()
    solar = vocab.concept(O + "1")
    assert solar.kind == "occupation"
    assert solar.pref_labels == {"en": "solar installer", "nl": "zonnepaneelmonteur"}
    # one value per line in the cell
    assert solar.alt_labels == {"en": ("PV installer", "solar panel fitter"), "nl": ("PV-installateur",)}
    assert solar.broader == ("http://data.europa.eu/esco/isco/C7411",)
    assert solar.descriptions["en"].endswith('check the "yield".')
    assert vocab.by_label("ZONNEPANEELMONTEUR") == [O + "1"]
    assert vocab.cache_dir == mini_store / "cache"  # for skillweave suggest's indexes


def test_pipe_separated_alt_labels_and_skill_types(mini_store):
    vocab = VocabularyStore(mini_store).vocabulary()
    pv = vocab.concept(S + "1")
    assert pv.alt_labels["en"] == ("install PV systems", "mount solar panels")  # " | " separated
    assert vocab.concept(S + "2").alt_labels["en"] == ("electrical codes", "rules for electrical safety")
    assert pv.skill_type == "skill" and vocab.concept(S + "2").skill_type == "knowledge"
    # the skills file leaves it empty; the relations file says knowledge
    assert vocab.concept(S + "4").skill_type == "knowledge"
    assert vocab.concept(S + "5").broader == (S + "6",)
    assert vocab.concept(S + "1").broader == ("http://data.europa.eu/esco/skill/S8.1",)
    assert vocab.concept("http://data.europa.eu/esco/skill/S8.1").kind == "other"


def test_relations(mini_store):
    vocab = VocabularyStore(mini_store).vocabulary()
    assert vocab.essential_skills(O + "1") == [S + "1", S + "2"]
    assert vocab.optional_skills(O + "1") == [S + "6"]
    assert vocab.occupations_needing(S + "6") == [(O + "1", "optional"), (O + "3", "essential")]
    assert vocab.occupations_needing(S + "1") == [(O + "1", "essential"), (O + "3", "optional")]


def assert_same_vocabulary(a, b) -> None:
    """Two vocabularies answer every lookup alike."""
    assert sorted(a.all_uris()) == sorted(b.all_uris())
    for uri in b.all_uris():
        x, y = a.concept(uri), b.concept(uri)
        assert (x.kind, x.pref_labels, x.alt_labels, x.skill_type, x.broader, x.descriptions) == \
               (y.kind, y.pref_labels, y.alt_labels, y.skill_type, y.broader, y.descriptions), uri
        assert a.essential_skills(uri) == b.essential_skills(uri)
        assert a.optional_skills(uri) == b.optional_skills(uri)
        assert a.occupations_needing(uri) == b.occupations_needing(uri)
    assert sorted(a.all_labels()) == sorted(b.all_labels())
    for label, _uri in b.all_labels():
        assert a.by_label(label) == b.by_label(label)


def test_snapshot_equals_the_triples(mini_store):
    """The snapshot that commands load holds what the Oxigraph database holds."""
    from skillweave.vocab.store import _read_back

    store = VocabularyStore(mini_store)
    assert_same_vocabulary(store.vocabulary(), InMemoryVocabulary.from_triples(_read_back(store.oxigraph())))


def test_snapshot_skill_texts_are_the_interfaces(mini_store):
    """The snapshot reads skill texts without making concepts (for suggest); the result is the same."""
    from skillweave.vocab.base import Vocabulary

    vocab = VocabularyStore(mini_store).vocabulary()
    for lang in ("en", "nl", "de"):
        fast = list(vocab.skill_texts(lang))
        assert fast == list(Vocabulary.skill_texts(vocab, lang)) and len(fast) == 6


def test_snapshot_builder_is_from_triples():
    """build_snapshot (fast, for imports) gives what from_triples gives, odd cases included."""
    from skillweave.vocab.store import build_snapshot

    T = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    E, K = "http://data.europa.eu/esco/model#", "http://www.w3.org/2004/02/skos/core#"
    triples = [
        ("urn:o", T, E + "Occupation", None), ("urn:o", K + "prefLabel", "b", "en"),
        ("urn:o", K + "prefLabel", "a", "en"), ("urn:o", K + "prefLabel", "plain", ""),
        ("urn:o", K + "altLabel", "Z  z", "nl"), ("urn:o", K + "altLabel", "y", "nl"),
        ("urn:o", E + "relatedEssentialSkill", "urn:s", None), ("urn:o", E + "relatedOptionalSkill", "urn:s", None),
        ("urn:t", E + "isOptionalSkillFor", "urn:o", None), ("urn:u", E + "isEssentialSkillFor", "urn:elsewhere", None),
        ("urn:s", E + "skillType", "http://data.europa.eu/esco/skill-type/knowledge", None),
        ("urn:s", K + "broader", "urn:g", None), ("urn:s", K + "broader", "urn:nowhere", None),
        ("urn:g", K + "prefLabel", "group", "en"), ("urn:x", K + "broader", "urn:g", None),
        ("urn:s", K + "definition", "a definition", "en"),
        ("urn:s", "http://purl.org/dc/terms/description", "urn:node", None),
        ("urn:node", E + "nodeLiteral", "a description", ""), ("urn:node", E + "language", "en", ""),
        ("urn:node", T, E + "NodeLiteral", None), ("urn:t", K + "definition", "only a definition", "de"),
        ("urn:t", T, E + "Skill", None), ("urn:t", K + "altLabel", "a", "en"),
    ]
    snapshot = InMemoryVocabulary.from_snapshot(build_snapshot(triples))
    assert_same_vocabulary(snapshot, InMemoryVocabulary.from_triples(triples))
    assert snapshot.by_label("a") == ["urn:o", "urn:t"]
    assert snapshot.concept("urn:s").descriptions == {"en": "a description"}
    assert snapshot.essential_skills("urn:elsewhere") == ["urn:u"]


def test_database_answers_sparql(mini_store):
    """Integrators get the triples with descriptions in the ESCO model."""
    db = VocabularyStore(mini_store).oxigraph()
    rows = list(db.query("""
        PREFIX esco: <http://data.europa.eu/esco/model#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?label ?text WHERE {
          ?o a esco:Occupation ; skos:prefLabel ?label ; esco:relatedEssentialSkill ?s ; dct:description ?text .
          ?s skos:prefLabel "weld metal"@en
        }"""))
    assert [(r["label"].value, r["text"].value) for r in rows] == [("welder", "Welders join metal workpieces.")]


def test_languages_from_several_folders(tmp_path):
    en, nl = tmp_path / "en", tmp_path / "nl"
    en.mkdir()
    nl.mkdir()
    for f in MINI.iterdir():
        shutil.copyfile(f, (nl if f.stem.endswith("_nl") else en) / f.name)
    result, diagnostics = _import([en, nl], tmp_path / "store")
    assert diagnostics == [] and result.languages == ["en", "nl"]
    vocab = VocabularyStore(tmp_path / "store").vocabulary()
    assert vocab.concept(S + "6").pref_labels == {"en": "work safely", "nl": "veilig werken"}


# -- malformed files -------------------------------------------------------------------------------


def _broken_copy(case: Path, folder: Path) -> Path:
    esco = folder / "esco"
    shutil.copytree(MINI, esco)
    if (case / "files").is_dir():
        for f in (case / "files").iterdir():
            shutil.copyfile(f, esco / f.name)
    if (case / "delete.txt").is_file():
        for name in (case / "delete.txt").read_text().split():
            (esco / name).unlink()
    return esco


@pytest.mark.parametrize("case", BROKEN, ids=[c.name for c in BROKEN])
def test_broken_fixture(case: Path, tmp_path, monkeypatch):
    _broken_copy(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result, diagnostics = _import(["esco"], "store")
    got = sorted(f"{d.file}:{d.line}:{d.column}: {d.code}" for d in diagnostics)
    expected = sorted(case.joinpath("expected.txt").read_text().split("\n")[:-1])
    assert got == expected, "\n".join(f"{d.file}:{d.line}:{d.column}: {d.code} {d.message}" for d in diagnostics)
    for d in diagnostics:
        assert d.severity == CODES[d.code].severity
        assert len(d.message) > 20, d.message
    if any(d.severity.value == "error" for d in diagnostics):
        assert result is None and not (tmp_path / "store").exists()
    else:
        assert result is not None and VocabularyStore(tmp_path / "store").counts["occupations"] == 3
    assert _leftovers(tmp_path) == []


def test_lines_of_spaces_or_tabs_are_skipped_like_empty_lines(tmp_path):
    esco = tmp_path / "esco"
    shutil.copytree(MINI, esco)
    for name in ("skills_en.csv", "occupationSkillRelations_en.csv"):
        lines = (esco / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (esco / name).write_text("".join([lines[0], "   \n", *lines[1:2], "\t\r\n", *lines[2:], " \t "]),
                                 encoding="utf-8")
    result, diagnostics = _import([esco], tmp_path / "store")
    assert diagnostics == []
    assert (result.occupations, result.skills, result.relations) == (3, 6, 9)


def test_every_vocabulary_code_has_a_fixture():
    covered = {c.name.split("-", 1)[0] for c in BROKEN}
    assert covered == {code for code in CODES if code.startswith("SW4")}


def test_failed_import_leaves_the_store_usable(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first, _ = _import([MINI], "store")
    before = (tmp_path / "store" / "lookup.pickle").read_bytes()
    _broken_copy(FIXTURES / "esco-broken" / "SW402-unclosed-quote", tmp_path)
    result, diagnostics = _import(["esco"], "store")
    assert result is None and [d.code for d in diagnostics] == ["SW402"]
    assert (tmp_path / "store" / "lookup.pickle").read_bytes() == before
    assert VocabularyStore("store").counts == VocabularyStore("store").info["counts"]
    run = CliRunner().invoke(cli, ["vocab", "show", "solar installer", "--store", "store"])
    assert run.exit_code == 0 and "install photovoltaic systems" in run.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["esco", "store"]


def test_a_new_import_replaces_the_store(tmp_path):
    _import([REPO / "ontologies" / "esco-subset.ttl"], tmp_path / "store")
    result, _ = _import([MINI], tmp_path / "store")
    assert VocabularyStore(tmp_path / "store").counts["occupations"] == 3 == result.occupations
    assert _leftovers(tmp_path) == []


def test_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a vocabulary store"):
        _import([MINI], tmp_path / "notes")
    assert (tmp_path / "notes" / "keep.txt").read_text() == "mine"
    with pytest.raises(StoreError, match="not a vocabulary store"):
        VocabularyStore(tmp_path / "notes")


# -- RDF -------------------------------------------------------------------------------------------


def test_rdf_import_gives_the_same_check(tmp_path, demo_workspace):
    result, diagnostics = _import([REPO / "ontologies" / "esco-subset.ttl"], tmp_path / "store")
    assert diagnostics == []
    assert (result.occupations, result.skills, result.relations) == (2, 182, 154)
    with_files = check(demo_workspace)
    with_store = check(demo_workspace, str(tmp_path / "store"))
    assert with_store.diagnostics == with_files.diagnostics == []
    assert with_store.resolved == with_files.resolved


@pytest.mark.parametrize("fmt,suffix", [("N_TRIPLES", ".nt"), ("RDF_XML", ".rdf")])
def test_rdf_import_other_syntaxes(tmp_path, fmt, suffix):
    import pyoxigraph as ox

    source = tmp_path / f"esco{suffix}"
    quads = ox.parse(path=str(REPO / "ontologies" / "esco-subset.ttl"), format=ox.RdfFormat.TURTLE)
    ox.serialize((q.triple for q in quads), output=str(source), format=getattr(ox.RdfFormat, fmt))
    result, diagnostics = _import([source], tmp_path / "store")
    assert diagnostics == [] and (result.occupations, result.skills, result.relations) == (2, 182, 154)


def test_rdf_xml_with_entities_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("evil.rdf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    result, diagnostics = _import(["evil.rdf"], "store")
    assert result is None and not Path("store").exists()
    assert [(d.file, d.line, d.code) for d in diagnostics] == [("evil.rdf", 2, "SW109")]


def test_rdf_syntax_error_has_a_position(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.ttl").write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n\n'
                               '<http://x/a> skos:prefLabel "a"@en ;\n    skos:altLabel "b" "c" .\n')
    result, diagnostics = _import(["bad.ttl"], "store")
    assert result is None
    assert [(d.file, d.line, d.code) for d in diagnostics] == [("bad.ttl", 4, "SW109")]


def test_esco_description_nodes(tmp_path):
    """ESCO's RDF keeps descriptions in node literals (named or blank nodes)."""
    ttl = tmp_path / "esco.ttl"
    ttl.write_text("""
@prefix esco: <http://data.europa.eu/esco/model#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
<http://x/s1> a esco:Skill ; skos:prefLabel "weld metal"@en ;
    dct:description [ a esco:NodeLiteral ; esco:language "en" ; esco:nodeLiteral "Join metal parts." ] .
<http://x/s2> a esco:Skill ; skos:prefLabel "cut metal"@en ; dct:description <http://x/n2> .
<http://x/n2> a esco:NodeLiteral ; esco:language "nl" ; esco:nodeLiteral "Metaal snijden." .
<http://x/o> a esco:Occupation ; skos:prefLabel "welder"@en ; esco:relatedEssentialSkill <http://x/s1> .
<http://x/s2> esco:isOptionalSkillFor <http://x/o> .
""")
    result, diagnostics = _import([ttl], tmp_path / "store")
    assert diagnostics == [] and (result.occupations, result.skills, result.relations) == (1, 2, 2)
    vocab = VocabularyStore(tmp_path / "store").vocabulary()
    assert vocab.concept("http://x/s1").descriptions == {"en": "Join metal parts."}
    assert vocab.concept("http://x/s2").descriptions == {"nl": "Metaal snijden."}
    assert vocab.optional_skills("http://x/o") == ["http://x/s2"]
    assert sorted(vocab.all_uris()) == ["http://x/o", "http://x/s1", "http://x/s2"]


# -- the command -----------------------------------------------------------------------------------


def test_import_command_reports_counts(tmp_path):
    run = CliRunner().invoke(cli, ["vocab", "import", str(MINI), "--store", str(tmp_path / "s")])
    assert run.exit_code == 0, run.output
    assert "3 occupations, 6 skills and 9 occupation–skill relations" in run.output
    assert "languages: en, nl" in run.output
    run = CliRunner().invoke(cli, ["vocab", "import", str(MINI), "--store", str(tmp_path / "s"), "--format", "json"])
    doc = json.loads(run.stdout)  # standard output is one JSON document; the embeddings' line is on standard error
    assert "skill embeddings ready (0 skill texts encoded)" in run.stderr  # carried over from the first import
    assert doc["diagnostics"] == []
    assert doc["imported"] == {"occupations": 3, "skills": 6, "relations": 9, "concepts": 13, "triples": 112,
                               "languages": ["en", "nl"]}


def test_import_command_prints_diagnostics_like_check(tmp_path, monkeypatch):
    _broken_copy(FIXTURES / "esco-broken" / "SW406-invalid-value", tmp_path)
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(cli, ["vocab", "import", "esco", "--store", "store"])
    assert run.exit_code == 1
    lines = run.output.splitlines()
    assert lines[0].startswith("esco/occupationSkillRelations_en.csv:6:76: error SW406 relationType 'mandatory'")
    assert lines[-1] == "3 errors, 0 warnings: nothing imported; store is unchanged"


def test_import_command_cannot_run(tmp_path):
    run = CliRunner().invoke(cli, ["vocab", "import", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s")])
    assert run.exit_code == 2 and "does not exist" in run.output
    run = CliRunner().invoke(cli, ["vocab", "import", str(MINI)], env={"SKILLWEAVE_STORE": ""})
    assert run.exit_code == 2  # --store is required
    empty = tmp_path / "empty"
    empty.mkdir()
    run = CliRunner().invoke(cli, ["vocab", "import", str(empty), "--store", str(tmp_path / "s")])
    assert run.exit_code == 2 and "neither ESCO CSV files" in run.output


def test_store_from_the_environment(tmp_path):
    run = CliRunner().invoke(cli, ["vocab", "import", str(MINI)], env={"SKILLWEAVE_STORE": str(tmp_path / "s")})
    assert run.exit_code == 0 and VocabularyStore(tmp_path / "s").counts["skills"] == 6
