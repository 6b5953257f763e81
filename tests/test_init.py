"""``skillweave init`` and ``skillweave schema``: a new workspace that check passes, wired to the
JSON Schemas for editors; nothing overwritten without --force; failures are one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from skillweave.cli.main import cli
from skillweave.formats import json_schema as js
from skillweave.formats import starter
from skillweave.load import yamlsource
from skillweave.pipeline import check

from .conftest import REPO


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def diagnostics(ws: Path) -> list[str]:
    return sorted(f"{d.file}:{d.line}:{d.column}: {d.code}" for d in check(ws).diagnostics)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


EXPECTED_FILES = {
    ".gitignore", ".vscode/extensions.json", ".vscode/settings.json", "curricula/alliance.yaml",
    "curricula/programmes/example-programme.yaml", "curricula/units/example-unit.yaml",
    "ontologies/esco-subset.ttl", "schemas/alliance.schema.json", "schemas/programme.schema.json",
    "schemas/unit.schema.json", "schemas/national-qualification.schema.json", "schemas/providers.schema.json",
}


def test_init_without_a_terminal_asks_nothing_and_check_passes(tmp_path: Path):
    ws = tmp_path / "alliance"
    result = run("init", str(ws))  # CliRunner's input is not a terminal
    assert result.exit_code == 0, result.output
    assert "?" not in result.output and "[" not in result.output  # no prompt
    assert set(tree(ws)) == EXPECTED_FILES
    assert diagnostics(ws) == []
    assert run("check", str(ws)).exit_code == 0


def test_init_from_options(tmp_path: Path):
    ws = tmp_path / "ws"
    result = run("init", str(ws), "--name", "GreenInstall: Sector Skills Alliance", "--languages", "nl,en,de",
                 "--partner", "vet-provider:NL:ROC Midden Nederland", "--partner", "employer:de:SolarWerk GmbH",
                 "--partner", "vet-provider:BE:Campus Gent", "--programme", "Solar installer", "--unit",
                 "Mounting PV panels", "--eqf-level", "3")
    assert result.exit_code == 0, result.output
    alliance = yaml.safe_load((ws / "curricula/alliance.yaml").read_text())
    assert alliance["id"] == "greeninstall-sector-skills-alliance"
    assert alliance["name"] == {lang: "GreenInstall: Sector Skills Alliance" for lang in ("nl", "en", "de")}
    assert alliance["default_language"] == "nl" and alliance["languages"] == ["nl", "en", "de"]
    assert [(p["id"], p["type"], p["country"]) for p in alliance["partners"]] == [
        ("roc-midden-nederland", "vet-provider", "NL"), ("solarwerk-gmbh", "employer", "DE"),
        ("campus-gent", "vet-provider", "BE")]
    unit = yaml.safe_load((ws / "curricula/units/mounting-pv-panels.yaml").read_text())
    assert unit["owner"] == "roc-midden-nederland" and unit["contributors"] == ["solarwerk-gmbh", "campus-gent"]
    assert unit["eqf_level"] == 3 and unit["title"] == {"nl": "Mounting PV panels"}
    # the example statement is translated; the titles the user typed are theirs to translate
    assert diagnostics(ws) == [
        "curricula/programmes/solar-installer.yaml:5:3: SW309",
        "curricula/units/mounting-pv-panels.yaml:5:3: SW309",
    ]
    assert "translate the titles you gave into en, de" in result.output


@pytest.mark.parametrize("lang", sorted(starter.EXAMPLES["statement"]))
def test_every_example_language_gives_a_clean_workspace(lang: str, tmp_path: Path):
    ws = tmp_path / lang
    other = "en" if lang != "en" else "fr"
    assert run("init", str(ws), "--languages", f"{lang},{other}").exit_code == 0
    assert diagnostics(ws) == []


def test_the_example_tables_cover_the_same_languages():
    assert set(starter.EXAMPLES["programme"]) == set(starter.EXAMPLES["unit"]) == set(starter.EXAMPLES["statement"])
    assert set(starter.COUNTRY_OF_LANGUAGE) >= set(starter.EXAMPLES["statement"])


def test_a_language_without_example_texts_is_left_to_translate(tmp_path: Path):
    ws = tmp_path / "ws"
    assert run("init", str(ws), "--languages", "en,lb").exit_code == 0
    assert diagnostics(ws) == ["curricula/programmes/example-programme.yaml:5:3: SW309",  # title
                               "curricula/units/example-unit.yaml:20:7: SW309",  # statement
                               "curricula/units/example-unit.yaml:5:3: SW309"]  # title


def test_init_asks_at_a_terminal(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("skillweave.cli.init._is_terminal", lambda: True)
    ws = tmp_path / "ws"
    answers = "\n".join([
        "Alliance of the North",        # name
        "EN",                           # not a language code: asked again
        "en,sv",                        # languages
        "Yrkesskolan",                  # partner 1 name
        "school",                       # not a type: asked again
        "vet-provider",
        "se",                           # country, upper-cased
        "",                             # partner 2: the suggested example employer
        "",
        "",
        "-",                            # no more partners
        "",                             # the shipped vocabulary
        "",                             # example programme title
        "Solar roofs",                  # unit title
    ]) + "\n"
    result = run("init", str(ws), input=answers)
    assert result.exit_code == 0, result.output
    assert "Error: 'EN' is not a two-letter" in result.output and "Error: 'school' is not a partner type" in result.output
    alliance = yaml.safe_load((ws / "curricula/alliance.yaml").read_text())
    assert alliance["languages"] == ["en", "sv"]
    assert [(p["id"], p["type"], p["country"]) for p in alliance["partners"]] == [
        ("yrkesskolan", "vet-provider", "SE"), ("example-employer", "employer", "SE")]
    assert (ws / "curricula/units/solar-roofs.yaml").is_file()
    assert diagnostics(ws) == ["curricula/units/solar-roofs.yaml:5:3: SW309"]


def test_no_input_asks_nothing_even_at_a_terminal(tmp_path: Path, monkeypatch):
    monkeypatch.setattr("skillweave.cli.init._is_terminal", lambda: True)
    result = run("init", str(tmp_path / "ws"), "--no-input")
    assert result.exit_code == 0 and "Alliance name" not in result.output


def test_init_with_a_vocabulary_and_occupations(tmp_path: Path):
    ws = tmp_path / "ws"
    result = run("init", str(ws), "--vocabulary", str(REPO / "ontologies" / "esco-subset.ttl"),
                 "--occupation", "refrigeration air condition and heat pump technician",
                 "--occupation", "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a")
    assert result.exit_code == 0, result.output
    programme = yaml.safe_load((ws / "curricula/programmes/example-programme.yaml").read_text())
    assert programme["occupations"] == [
        "http://data.europa.eu/esco/occupation/8234eee9-1647-460d-8d62-7fe02cb884b0",
        "http://data.europa.eu/esco/occupation/75b63949-1b93-4bf2-a777-ccf978dc3e8a"]
    text = (ws / "curricula/programmes/example-programme.yaml").read_text()
    assert "# refrigeration air condition and heat pump technician" in text
    assert diagnostics(ws) == []
    # the outcome links an essential skill (of skill type) of the first occupation
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab.sources import open_source

    vocab = open_source(str(ws / "ontologies" / "esco-subset.ttl"), DiagnosticSink()).vocabulary
    unit = yaml.safe_load((ws / "curricula/units/example-unit.yaml").read_text())
    (skill,) = unit["learning_outcomes"][0]["esco"]
    assert skill in vocab.essential_skills(programme["occupations"][0])
    assert vocab.concept(skill).skill_type == "skill"


def test_init_refuses_an_unknown_occupation(tmp_path: Path):
    ws = tmp_path / "ws"
    result = run("init", str(ws), "--vocabulary", str(REPO / "ontologies" / "esco-subset.ttl"),
                 "--occupation", "solar energy technican")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "did you mean 'solar energy technician'" in result.output
    assert not ws.exists()
    result = run("init", str(ws), "--vocabulary", str(REPO / "ontologies" / "esco-subset.ttl"))
    assert result.exit_code == 2 and "--occupation" in result.output


@pytest.mark.parametrize("args,message", [
    (["--languages", "en,EN"], "'EN' is not a two-letter"),
    (["--languages", "en", "--default-language", "nl"], "--default-language nl is not among --languages en"),
    (["--partner", "vet-provider:Netherlands:ROC"], "'NETHERLANDS' is not a two-letter ISO 3166-1"),
    (["--partner", "school:NL:ROC"], "'school' is not a partner type"),
    (["--partner", "ROC Midden"], "write TYPE:COUNTRY:NAME"),
    (["--name", "   "], "the alliance name is empty"),
    (["--name", "A\x07B"], "control characters"),
])
def test_bad_answers_are_one_line_and_write_nothing(args: list[str], message: str, tmp_path: Path):
    ws = tmp_path / "ws"
    result = run("init", str(ws), *args)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and message in result.output, result.output
    assert not ws.exists()


def test_init_never_overwrites_without_force(tmp_path: Path):
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    before = tree(ws)
    again = run("init", str(ws))  # the same answers: the same files, nothing to do
    assert again.exit_code == 0 and "nothing written" in again.output
    (ws / "curricula/units/example-unit.yaml").write_text("id: example-unit\n# my work\n")
    result = run("init", str(ws), "--languages", "en,nl")
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "alliance.yaml exists and 2 more; choose an empty folder or pass --force" in result.output
    assert (ws / "curricula/units/example-unit.yaml").read_text() == "id: example-unit\n# my work\n"
    assert tree(ws)["curricula/alliance.yaml"] == before["curricula/alliance.yaml"]
    forced = run("init", str(ws), "--languages", "en,nl", "--force")
    assert forced.exit_code == 0
    assert diagnostics(ws) == []


def test_init_failures_are_one_line(tmp_path: Path):
    afile = tmp_path / "file"
    afile.write_text("x")
    result = run("init", str(afile))
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "is a file" in result.output
    result = run("init", str(afile / "ws"))
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "cannot write the workspace" in result.output


def test_init_is_deterministic(tmp_path: Path):
    args = ["--languages", "de,fr", "--partner", "employer:FR:Société Générale d'Installation"]
    assert run("init", str(tmp_path / "a"), *args).exit_code == 0
    assert run("init", str(tmp_path / "b"), *args).exit_code == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_editors_find_the_schemas(tmp_path: Path):
    """Each YAML file names its schema on its first line (relative to the file) and the VS Code
    settings map the same schemas to the same files; every file is valid against its schema."""
    ws = tmp_path / "ws"
    assert run("init", str(ws), "--languages", "en,nl").exit_code == 0
    settings = json.loads((ws / ".vscode/settings.json").read_text())
    assert settings["yaml.yamlVersion"] == "1.2"
    mapped = {(ws / schema).resolve(): globs for schema, globs in settings["yaml.schemas"].items()}
    assert all(path.is_file() for path in mapped)
    yaml_files = sorted(ws.rglob("*.yaml"))
    assert len(yaml_files) == 3
    for path in yaml_files:
        rel = path.relative_to(ws).as_posix()
        first = path.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema_path = (path.parent / first.split("=", 1)[1]).resolve()
        spec = js.for_path(rel)
        assert schema_path == (ws / "schemas" / spec.file_name).resolve()
        assert any(Path(rel).match(g) for g in mapped[schema_path])
        schema = json.loads(schema_path.read_text())
        data, _smap, problems = yamlsource.load(path.read_text())
        assert not problems
        assert not list(Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER).iter_errors(data))
    assert json.loads((ws / ".vscode/extensions.json").read_text()) == {"recommendations": ["redhat.vscode-yaml"]}


def test_gitignore_keeps_exports_and_learner_records_out(tmp_path: Path):
    ws = tmp_path / "ws"
    assert run("init", str(ws)).exit_code == 0
    lines = [line for line in (ws / ".gitignore").read_text().splitlines() if not line.startswith("#")]
    assert lines == ["/exports/", "/learners/", "/quality/tracking.csv"]


def test_init_then_build(tmp_path: Path):
    ws = tmp_path / "ws"
    assert run("init", str(ws), "--languages", "en,de").exit_code == 0
    result = run("build", str(ws))
    assert result.exit_code == 0, result.output
    assert (ws / "exports").is_dir()


def test_the_shipped_vocabulary_is_the_extract_of_the_demo_vocabulary():
    """data/esco-starter.ttl is what `vocab extract` writes for its occupation from the demo's
    ontologies/esco-subset.ttl: regenerate it with that command when the demo's vocabulary changes."""
    from skillweave.diagnostics import DiagnosticSink
    from skillweave.vocab.extract import extract_subset
    from skillweave.vocab.sources import open_source

    opened = open_source(str(REPO / "ontologies" / "esco-subset.ttl"), DiagnosticSink())
    subset = extract_subset(opened.sparql(), [starter.STARTER_OCCUPATION])
    assert starter.starter_vocabulary().read_text(encoding="utf-8") == subset.turtle


@given(st.text(max_size=40))
def test_scalar_reads_back_as_the_same_text(text: str):
    """What init writes from an answer is read back, by skillweave and by a YAML 1.1 reader, as
    exactly the answer."""
    from skillweave.load.xmlsafe import NOT_IN_XML

    line = f"key: {starter.scalar(text)}\n"
    data, _smap, problems = yamlsource.load(line)
    assert data == {"key": text}
    # a control character reads back too, but is reported (SW111): no output could carry it
    assert [p.code for p in problems] == (["SW111"] if NOT_IN_XML.search(text) else [])
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert yaml.safe_load(line) == {"key": text}


def test_slug():
    assert starter.slug("GreenInstall: Sector Skills Alliance", "x") == "greeninstall-sector-skills-alliance"
    assert starter.slug("Société Générale d'Installation", "x") == "societe-generale-d-installation"
    assert starter.slug("Ελληνικά", "partner") == "partner"
    assert len(starter.slug("a " * 100, "x")) <= 64


# --- skillweave schema --------------------------------------------------------------------------

def test_schema_writes_every_schema(tmp_path: Path):
    out = tmp_path / "schemas"
    result = run("schema", "-o", str(out))
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(spec.file_name for spec in js.SCHEMAS)
    for spec in js.SCHEMAS:
        assert json.loads((out / spec.file_name).read_text()) == js.build(spec)
    again = run("schema", "-o", str(out))
    assert again.exit_code == 0 and "up to date" in again.output


def test_schema_never_overwrites_without_force(tmp_path: Path):
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "unit.schema.json").write_text("{}\n")
    result = run("schema", "-o", str(out))
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "pass --force" in result.output
    assert (out / "unit.schema.json").read_text() == "{}\n" and not (out / "alliance.schema.json").exists()
    assert run("schema", "-o", str(out), "--force").exit_code == 0
    assert json.loads((out / "unit.schema.json").read_text()) == js.build(js.by_name("unit"))


def test_schema_prints_one(tmp_path: Path):
    result = run("schema", "programme")
    assert result.exit_code == 0 and json.loads(result.output) == js.build(js.by_name("programme"))
    result = run("schema")
    assert result.exit_code == 2 and result.output.count("\n") == 1
    afile = tmp_path / "f"
    afile.write_text("")
    result = run("schema", "-o", str(afile))
    assert result.exit_code == 2 and result.output.count("\n") == 1


def test_both_commands_are_in_the_help_and_the_readme():
    help_text = run("--help").output
    assert "init" in help_text and "schema" in help_text
    readme = (REPO / "README.md").read_text()
    assert "skillweave init [DIR]" in readme and "skillweave schema -o DIR" in readme
