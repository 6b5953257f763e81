"""The whole of ESCO v1.2.0 (``$SKILLWEAVE_SHARED/esco/v1.2.0-en``): one import per test run (a
few seconds), then the counts, ``vocab show`` against the CSV files, ``check`` and ``extract``."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from skillweave.cli.main import cli

from .conftest import REPO, SHARED

WELDER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
DEMO_OCCUPATIONS = ["http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a",
                    "http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0"]


@pytest.fixture(scope="module")
def esco(tmp_path_factory) -> dict:
    """The ESCO CSV folder and a store imported from it, with the import's output."""
    if not (SHARED / "esco" / "v1.2.0-en").is_dir():
        import os

        if os.environ.get("CI"):
            pytest.fail(f"SKILLWEAVE_SHARED={SHARED} has no esco/v1.2.0-en")
        pytest.skip(f"shared reference folder {SHARED} is not here")
    folder = SHARED / "esco" / "v1.2.0-en"
    store = tmp_path_factory.mktemp("esco") / "store"
    # the skill embeddings (minutes for all of ESCO) are tested on small vocabularies in test_suggest.py
    result = CliRunner().invoke(cli, ["vocab", "import", str(folder), "--store", str(store), "--no-embeddings"])
    assert result.exit_code == 0, result.output
    return {"folder": folder, "store": str(store), "output": result.output}


def test_import_reports_the_counts(esco):
    assert "3,039 occupations, 13,917 skills and 128,952 occupation–skill relations" in esco["output"]
    info = json.loads((Path(esco["store"]) / "skillweave-store.json").read_text())
    assert info["counts"]["occupations"] == 3039 and info["languages"] == ["en"]
    from skillweave.vocab.store import VocabularyStore

    assert info["counts"]["triples"] == len(VocabularyStore(esco["store"]).oxigraph())


def test_show_welder_lists_the_essential_skills_of_the_csv(esco):
    with (esco["folder"] / "occupationSkillRelations_en.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["occupationUri"] == WELDER]
    expected = {(r["skillUri"], r["skillType"]) for r in rows if r["relationType"] == "essential"}
    assert len(expected) == 36
    # "welder" is the preferred label of one occupation and an alternative label of another
    result = CliRunner().invoke(cli, ["vocab", "show", "welder", "--store", esco["store"], "--format", "json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.output)
    assert view["uri"] == WELDER
    names = {"skill/competence": "skill/competence", "knowledge": "knowledge"}
    got = {(item["uri"], names[t]) for t, items in view["essential_skills"].items() for item in items}
    assert got == expected
    optional = {r["skillUri"] for r in rows if r["relationType"] == "optional"} - {u for u, _ in expected}
    assert {i["uri"] for items in view["optional_skills"].values() for i in items} == optional
    text = CliRunner().invoke(cli, ["vocab", "show", WELDER, "--store", esco["store"]]).output
    assert text.startswith("welder (occupation)\n") and "essential skills (36):" in text


def test_check_the_demo_against_all_of_esco(esco):
    with_store = CliRunner().invoke(cli, ["check", str(REPO), "--format", "json", "--vocabulary", esco["store"]])
    with_files = CliRunner().invoke(cli, ["check", str(REPO), "--format", "json"])
    assert with_store.exit_code == 0, with_store.output
    assert json.loads(with_store.output) == json.loads(with_files.output)


def test_extract_regenerates_the_demo_vocabulary(esco, tmp_path):
    out = tmp_path / "esco-subset.ttl"
    args = [a for o in DEMO_OCCUPATIONS for a in ("--occupation", o)]
    result = CliRunner().invoke(cli, ["vocab", "extract", *args, "-o", str(out), "--store", esco["store"]])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (REPO / "ontologies" / "esco-subset.ttl").read_bytes()


def test_search_all_of_esco(esco):
    result = CliRunner().invoke(cli, ["vocab", "search", "install heat pump", "--store", esco["store"],
                                      "--limit", "3", "--format", "json"])
    hits = json.loads(result.output)
    assert hits[0]["label"] == "install heat pump" and hits[0]["score"] == 100


def test_the_snapshot_holds_what_the_database_holds(esco):
    from skillweave.vocab.memory import InMemoryVocabulary
    from skillweave.vocab.store import VocabularyStore, _read_back

    from .test_vocab_import import assert_same_vocabulary

    store = VocabularyStore(esco["store"])
    assert_same_vocabulary(store.vocabulary(), InMemoryVocabulary.from_triples(_read_back(store.oxigraph())))
